"""The event vocabulary of DESIGN.md: one pydantic model per type, parsed at the edge."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field, TypeAdapter, ValidationError

from jcg_ledger.events.base import Event
from jcg_ledger.events.budget import BudgetAppropriate
from jcg_ledger.events.fund import (
    FundCall,
    FundCommit,
    FundContribute,
    FundDistribute,
    FundExit,
    FundFee,
    FundInvest,
    FundMark,
    FundReward,
    FundWriteoff,
)
from jcg_ledger.events.project import (
    BuybackAgree,
    BuybackDue,
    BuybackSettle,
    DebtAccrue,
    DebtRepay,
    EquityExit,
    EquityMark,
    InvestmentWriteoff,
    ProceedsRemit,
    ProjectApprove,
    ProjectConvert,
    ProjectDisburse,
    ProjectFund,
)
from jcg_ledger.events.registry import EntityRegister, PersonRegister
from jcg_ledger.events.subsidy import (
    SubsidyApprove,
    SubsidyClawback,
    SubsidyPay,
    SubsidyRefund,
)
from jcg_ledger.identifiers import unsafe_character
from jcg_ledger.violation import CarriesViolation, Violation

MODELS: tuple[type[Event], ...] = (
    EntityRegister,
    PersonRegister,
    BudgetAppropriate,
    SubsidyApprove,
    SubsidyPay,
    SubsidyClawback,
    SubsidyRefund,
    ProjectApprove,
    ProjectFund,
    ProjectDisburse,
    ProjectConvert,
    BuybackAgree,
    BuybackSettle,
    BuybackDue,
    EquityMark,
    EquityExit,
    DebtAccrue,
    DebtRepay,
    InvestmentWriteoff,
    ProceedsRemit,
    FundCommit,
    FundCall,
    FundContribute,
    FundInvest,
    FundMark,
    FundExit,
    FundWriteoff,
    FundDistribute,
    FundFee,
    FundReward,
)


def type_name(model: type[Event]) -> str:
    """The event type a model parses (`entity.register`)."""
    annotation = model.model_fields["type"].annotation
    return str(annotation.__args__[0])  # type: ignore[union-attr]


BY_TYPE: dict[str, type[Event]] = {type_name(m): m for m in MODELS}

AnyEvent = Annotated[
    EntityRegister
    | PersonRegister
    | BudgetAppropriate
    | SubsidyApprove
    | SubsidyPay
    | SubsidyClawback
    | SubsidyRefund
    | ProjectApprove
    | ProjectFund
    | ProjectDisburse
    | ProjectConvert
    | BuybackAgree
    | BuybackSettle
    | BuybackDue
    | EquityMark
    | EquityExit
    | DebtAccrue
    | DebtRepay
    | InvestmentWriteoff
    | ProceedsRemit
    | FundCommit
    | FundCall
    | FundContribute
    | FundInvest
    | FundMark
    | FundExit
    | FundWriteoff
    | FundDistribute
    | FundFee
    | FundReward,
    Field(discriminator="type"),
]

_ADAPTER: TypeAdapter[Event] = TypeAdapter(AnyEvent)


class EventError(CarriesViolation, ValueError):
    """An event that is not well formed: names the event id, the field and the rule."""

    def __init__(self, event_id: str, field: str, rule: str, message: str) -> None:
        super().__init__(f"[{event_id}] {field}: {message} ({rule})")
        self.event_id = event_id
        self.violation = Violation(rule, message, field)


class EventErrors(EventError):
    """Every malformed event of an input (`errors`, in order); the first is this error's own."""

    def __init__(self, errors: list[EventError]) -> None:
        first = errors[0]
        super().__init__(first.event_id, first.field, first.rule, first.message)
        self.errors = errors


def parse_events(raws: list[Any], source: str = "?") -> list[Event]:
    """Validate every raw event; raise `EventErrors` naming every malformed one."""
    events: list[Event] = []
    errors: list[EventError] = []
    for index, raw in enumerate(raws, start=1):
        try:
            events.append(parse_event(raw, f"{source}#{index}"))
        except EventError as error:
            errors.append(error)
    if errors:
        raise errors[0] if len(errors) == 1 else EventErrors(errors)
    return events


def parse_event(raw: Any, position: str = "?") -> Event:
    """Validate one raw event (a dict from JSON or CSV) into its typed model."""
    if not isinstance(raw, dict):
        raise EventError(position, "-", "format", "事件须为 JSON 对象 an event must be an object")
    raw_id = raw.get("id", position)
    # The id is echoed in messages before it is validated: never print control characters
    # (terminal escapes) or an arbitrary object back to the operator.
    event_id = raw_id[:64] if isinstance(raw_id, str) else position
    if unsafe_character(event_id):
        event_id = repr(event_id)[:66]
    etype = raw.get("type")
    if not isinstance(etype, str) or etype not in BY_TYPE:
        raise EventError(
            event_id, "type", "unknown-type", f"未知事件类型 unknown event type {etype!r:.80}"
        )
    try:
        return BY_TYPE[etype].model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"]) or "-"
        kind = first["type"]
        msg = first["msg"].removeprefix("Value error, ")
        if kind == "extra_forbidden":
            msg = "未知字段 unknown field"
        elif kind == "missing":
            msg = "缺少必填字段 missing required field"
        raise EventError(event_id, field, kind, msg) from None


def json_schema(etype: str | None = None) -> dict[str, Any]:
    """The JSON Schema of one event type, or of the whole vocabulary."""
    if etype is not None:
        return BY_TYPE[etype].model_json_schema(by_alias=True)
    return _ADAPTER.json_schema(by_alias=True)

"""An import from start to end: read the list, map its rows to events, check, post.

    plan = plan_import(ledger, Path("拟支持名单.xlsx"))   # read, match, parse: no books written
    preview(plan)                                        # the rows with computed entitlements
    import_list(ledger, plan, dry_run=False)             # all rows through post(), or none

Every problem of every row is collected before anything is posted: cells that do not read,
entities not in the books, events the schema refuses and events the policy refuses
(`post()` names every refused event of a batch).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from jcg_ledger.books.layout import Ledger
from jcg_ledger.events import EventError, parse_event
from jcg_ledger.events.base import Event
from jcg_ledger.events.subsidy import SubsidyApprove, SubsidyPay
from jcg_ledger.identifiers import IdentifierError, normalise_uscc, validate_uscc
from jcg_ledger.importer.match import Miss, Registry, find_approval
from jcg_ledger.importer.read import Sheet, read_sheet
from jcg_ledger.importer.rows import Layout, ListRow, Problem, derive_id, find_layout, read_row
from jcg_ledger.importer.templates import load_templates
from jcg_ledger.money import format_yuan
from jcg_ledger.post import PostError, PostErrors, PostResult, load_state, post, render_events
from jcg_ledger.state import State

_APPROVE_FIELDS = set(SubsidyApprove.model_fields) - {"id", "type", "entity"}
_PAY_FIELDS = {"date", "amount", "doc_no", "memo"}


@dataclass
class PlannedRow:
    number: int
    event: Event | None
    labels: dict[str, str]
    entity: str = ""  # as the list names it
    list_amount: Decimal | None = None
    problems: list[Problem] = field(default_factory=list)  # why it is not an event


@dataclass
class ImportPlan:
    sheet: Sheet
    layout: Layout
    rows: list[PlannedRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    state: State | None = None  # the books as read for matching (folded by `preview`)
    ids: dict[str, int] = field(default_factory=dict)  # ids derived so far (repeated rows)

    def fail(self, row: PlannedRow, problem: Problem) -> None:
        """A row that does not become an event: the problem is listed, the row shown."""
        self.problems.append(problem)
        if not any(r is row for r in self.rows):
            self.rows.append(row)
        row.problems.append(problem)

    @property
    def events(self) -> list[Event]:
        return [r.event for r in self.rows if r.event is not None]

    def row_of(self, event_id: str) -> PlannedRow | None:
        return next((r for r in self.rows if r.event is not None and r.event.id == event_id), None)

    def problem(self, error: PostError | EventError, row: PlannedRow | None = None) -> Problem:
        """A refusal of the write path as a problem of the row (and column) it came from."""
        row = row or self.row_of(error.event_id)
        label = "-"
        if row is not None:
            field_name = error.field.split(".")[0]
            label = row.labels.get(field_name) or self.layout.label(field_name)
            if label == "-" and field_name == "entity":
                label = row.labels.get("uscc") or row.labels.get("entity_name") or "-"
            if label == "-" and field_name != "-":
                label = f"- (无此列 no column for {field_name})"
        return Problem(row.number if row else None, label, error.rule, error.message)


class ImportErrors(Exception):
    """Every problem of a list; nothing was written."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problems")
        self.problems = problems


def _raw_event(template_event: str, values: dict[str, Any], entity: str | None) -> dict[str, Any]:
    if template_event == "subsidy.approve":
        raw = {k: v for k, v in values.items() if k in _APPROVE_FIELDS}
        raw["entity"] = entity
        return raw
    if template_event == "subsidy.pay":
        return {k: v for k, v in values.items() if k in _PAY_FIELDS}
    raw = {k: v for k, v in values.items() if k != "entity_name"}
    if "date" not in raw and "admitted" in raw:
        raw["date"] = raw["admitted"]
    if "entity" not in raw and isinstance(values.get("uscc"), str):
        # No 主体代码 column: E- and the USCC's last ten symbols (checked by the caller).
        raw["entity"] = f"E-{normalise_uscc(values['uscc'])[-10:]}"
    return raw


def _plan_row(plan: ImportPlan, registry: Registry, state: State, row: ListRow) -> None:
    template = plan.layout.template
    values = {**template.defaults, **row.values}
    planned = PlannedRow(row.number, None, row.labels)
    planned.entity = str(values.get("entity_name") or values.get("uscc") or values.get("name", ""))
    if template.event == "subsidy.approve" and values.get("measure") and "subject" not in values:
        values["subject"] = state.policy.measure(values["measure"]).name_zh
    entity: str | None = None
    if template.event in ("subsidy.approve", "subsidy.pay"):
        found = registry.find(values.get("uscc"), values.get("entity_name"))
        if isinstance(found, Miss):
            plan.fail(planned, _miss(plan, row, found))
            return
        entity = found.code
    if template.event == "entity.register" and "entity" not in values and values.get("uscc"):
        try:
            validate_uscc(values["uscc"])
        except IdentifierError as exc:
            plan.fail(planned, _miss(plan, row, Miss("uscc", "uscc", str(exc))))
            return
    if template.event == "subsidy.pay":
        assert entity is not None
        approval = find_approval(
            state.subsidies.awards,
            entity,
            values.get("measure"),
            values.get("subject"),
            values.get("approval"),
        )
        if isinstance(approval, Miss):
            plan.fail(planned, _miss(plan, row, approval))
            return
        values["approval"] = approval
    raw = _raw_event(template.event, values, entity)
    if template.event == "subsidy.pay":
        raw["approval"] = values["approval"]
    amount = raw.get("amount") if template.event != "entity.register" else None
    planned.list_amount = Decimal(amount) if isinstance(amount, str) else None
    raw = {"type": template.event, **raw}
    raw["id"] = derive_id(template.id_prefix, raw, plan.ids)
    try:
        planned.event = parse_event(raw, raw["id"])
    except EventError as error:
        plan.fail(planned, plan.problem(error, planned))
        return
    plan.rows.append(planned)


def _miss(plan: ImportPlan, row: ListRow, miss: Miss) -> Problem:
    label = row.labels.get(miss.field) or plan.layout.label(miss.field)
    if label == "-":
        label = row.labels.get("uscc") or row.labels.get("entity_name") or "-"
    return Problem(row.number, label, miss.rule, miss.message)


def plan_import(
    ledger: Ledger, path: Path, *, template: str | None = None, sheet: str | None = None
) -> ImportPlan:
    """Read the list and map every row to an event; problems are collected, not raised."""
    data = read_sheet(path, sheet)
    layout = find_layout(data, load_templates(ledger), template)
    plan = ImportPlan(data, layout, problems=list(layout.problems))
    state, _ = load_state(ledger)
    plan.state = state
    registry = Registry(state.core.entities.values())
    for row in data.rows[layout.position + 1 :]:
        read = read_row(row, layout, state.policy)
        if read is None:
            continue
        if isinstance(read, list):
            failed = PlannedRow(row.number, None, {})
            failed.entity = next((c for c in row.cells if isinstance(c, str) and c.strip()), "")
            for problem in read:
                plan.fail(failed, problem)
            continue
        _plan_row(plan, registry, state, read)
    if not plan.rows and not plan.problems:
        plan.problems.append(
            Problem(None, "-", "empty", f"{data.source}: 表头下没有数据行 no rows below the header")
        )
    return plan


@dataclass(frozen=True)
class RowPreview:
    """One row as `--dry-run` shows it: the list's amount beside what the policy computes."""

    row: int
    entity: str
    measure: str
    list_amount: Decimal | None
    entitlement: Decimal | None  # what the policy computes (approvals) / outstanding (payments)
    limit: Decimal | None  # the most that may be awarded now (caps, top-up)
    status: str  # ok / differs / refused / already
    note: str = ""


def preview(plan: ImportPlan) -> list[RowPreview]:
    """Each row checked in order against the books and the rows above it (nothing written)."""
    from jcg_ledger.render.subsidy import _fact
    from jcg_ledger.rules.award import Assessment, assess

    assert plan.state is not None
    state = plan.state
    out: list[RowPreview] = []
    for row in plan.rows:
        event = row.event
        if event is None:
            first = row.problems[0] if row.problems else None
            note = f"{first.column} · {first.rule}: {first.message}" if first else ""
            out.append(RowPreview(row.number, row.entity, "", None, None, None, "refused", note))
            continue
        entitlement = limit = None
        measure = ""
        if isinstance(event, SubsidyApprove):
            measure = event.measure
            fact = _fact(event.model_copy(update={"amount": None}))
            outcome = assess(state.policy, state.core, state.subsidies.relevant(fact), fact)
            if isinstance(outcome, Assessment):
                entitlement, limit = outcome.entitlement, outcome.limit
        elif isinstance(event, SubsidyPay):
            award = state.subsidies.awards.get(event.approval)
            if award is not None:
                measure = award.fact.measure
                entitlement = limit = award.outstanding
        result = PostResult(dry_run=True)
        status, note = "ok", ""
        try:
            render_events(state, [event], result)
        except PostError as error:
            status, note = "refused", f"{error.rule}: {error.message}"
        if result.already:
            status, note = "already", "已导入 already in the books"
        amount = row.list_amount
        if status == "ok" and amount is not None and entitlement not in (None, amount):
            status = "differs"
            note = (
                f"部分拨付 part of the outstanding {format_yuan(entitlement)}"
                if isinstance(event, SubsidyPay)
                else f"名单 list {format_yuan(amount)} ≠ 计算 computed {format_yuan(entitlement)}"
            )
        if status == "ok" and amount is None and limit is not None:
            note = f"按计算额核定 the computed {format_yuan(limit)}"
        out.append(
            RowPreview(row.number, row.entity, measure, amount, entitlement, limit, status, note)
        )
    return out


def import_list(
    ledger: Ledger, plan: ImportPlan, *, dry_run: bool = False, by: str | None = None
) -> PostResult:
    """Post every row's event through the write path, all or none; `ImportErrors` otherwise."""
    problems = list(plan.problems)
    events = plan.events
    result = PostResult(dry_run=dry_run)
    if events:
        try:
            result = post(ledger, events, dry_run=dry_run or bool(problems), by=by)
        except PostErrors as errors:
            problems.extend(plan.problem(e) for e in errors.errors)
        except PostError as error:
            problems.append(plan.problem(error))
    if problems:
        problems.sort(key=lambda p: (p.row is not None, p.row or 0))
        raise ImportErrors(problems)
    return result

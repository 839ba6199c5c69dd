"""The facts of a subsidy award, and the assessment that runs every subsidy rule in order.

Not a rule itself: the one place where the write path (`render/subsidy.py`) and the plugin
(`state/subsidies.py`) meet. Both build an `AwardFact` — from the event, or from the
metadata of a transaction (hand-written ones included) — and call `assess`, which calls the
rule modules (window, eligibility, conditions, exclusive, monthly, entitlement,
highest_not_cumulative, caps) with the state *before* the award. So a cap broken by a hand
edit fails bean-check with the same rule code and message as the refused ``jcg post``::

    2025-03-01 * "补贴核定 platform-provincial"
      event: "a1"
      entity: "JC-LAB"
      measure: "platform-provincial"
      subject: "省重点实验室-光电"
      newly_approved: TRUE
      Expenses:Subsidy:PlatformProvincial   500000.00 CNY
      Liabilities:Payable:Subsidy          -500000.00 CNY
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field, fields, replace
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from jcg_ledger.policy import Policy, SubsidyMeasure
from jcg_ledger.policy.model import FUND_REWARD_CODE
from jcg_ledger.violation import Violation

if TYPE_CHECKING:  # the state imports the rules: a type only, or the import cycles
    from jcg_ledger.state.core import CoreState

# The basis fields an approval carries in its metadata so the plugin can recompute it.
BASIS_FIELDS: tuple[str, ...] = (
    "base",
    "base_kind",
    "level",
    "person",
    "months",
    "other_policy_amount",
    "other_cap",
    "newly_approved",
    "programme",
    "principal",
)

ZERO = Decimal(0)


@dataclass(frozen=True)
class AwardFact:
    """What an approval says: who gets support under which measure, for what, on which basis."""

    event: str
    date: date
    entity: str
    measure: str
    subject: str
    amount: Decimal | None = None  # asked for; None = the computed entitlement (or less)
    base: Decimal | None = None
    base_kind: str | None = None
    level: str | None = None
    person: str | None = None
    months: int | None = None
    other_policy_amount: Decimal | None = None
    other_cap: Decimal | None = None
    newly_approved: bool | None = None
    programme: str | None = None
    principal: Decimal | None = None

    @property
    def year(self) -> int:
        return self.date.year

    def basis(self) -> dict[str, Any]:
        """The basis fields that are given, for metadata."""
        return {k: getattr(self, k) for k in BASIS_FIELDS if getattr(self, k) is not None}

    def with_amount(self, amount: Decimal) -> AwardFact:
        return replace(self, amount=amount)

    @classmethod
    def from_meta(
        cls, meta: dict[str, Any], on: datetime.date, measure: str, amount: Decimal
    ) -> AwardFact | Violation:
        """Read the fact back from an entry's metadata; a violation names what is missing."""
        missing = [k for k in ("entity", "subject") if meta.get(k) in (None, "")]
        if missing:
            return Violation(
                "award-facts",
                f"[{measure}] 补贴分录缺少元数据 {', '.join(missing)} / a subsidy transaction "
                f"must carry metadata {', '.join(missing)}",
            )
        kwargs: dict[str, Any] = {}
        for f in fields(cls):
            if f.name not in BASIS_FIELDS or meta.get(f.name) is None:
                continue
            value = meta[f.name]
            if f.name == "months":
                value = int(value)
            elif f.name in ("base", "other_policy_amount", "other_cap", "principal"):
                value = Decimal(value)
            elif f.name == "newly_approved":
                value = bool(value) if isinstance(value, bool) else str(value).upper() == "TRUE"
            else:
                value = str(value)
            kwargs[f.name] = value
        return cls(
            # A hand-written entry may have no event id: its place in the file names it.
            event=str(meta.get("event") or f"{meta.get('filename')}:{meta.get('lineno')}"),
            date=on,
            entity=str(meta["entity"]),
            measure=measure,
            subject=str(meta["subject"]),
            amount=amount,
            **kwargs,
        )


@dataclass
class Award:
    """An approved award as the books hold it, with what was paid and recovered since."""

    fact: AwardFact
    amount: Decimal
    entitlement: Decimal
    department: str
    paid: Decimal = ZERO
    cancelled: Decimal = ZERO  # clawed back before it was paid (payable cancelled)
    recovered_paid: Decimal = ZERO  # clawed back after it was paid (receivable)
    clawbacks: list[str] = field(default_factory=list)

    @property
    def recovered(self) -> Decimal:
        """Everything clawed back from this award."""
        return self.cancelled + self.recovered_paid

    @property
    def net(self) -> Decimal:
        """Support that stands: approved less clawed back (what caps count)."""
        return self.amount - self.recovered

    @property
    def outstanding(self) -> Decimal:
        """Approved, not yet paid and not cancelled."""
        return self.amount - self.paid - self.cancelled


@dataclass(frozen=True)
class Refused:
    """A violation and the event field it is about."""

    field: str
    violation: Violation


@dataclass(frozen=True)
class Assessment:
    """The outcome of the rules for one fact: the entitlement and the most that may be awarded."""

    measure: SubsidyMeasure
    entitlement: Decimal
    limit: Decimal  # min(entitlement, top-up left, every cap left)
    bounds: tuple[tuple[Decimal, Refused], ...]  # (amount left, the violation above it)

    def check_amount(self, amount: Decimal) -> Refused | None:
        """The first bound ``amount`` breaks, or None."""
        for left, refused in self.bounds:
            if amount > left:
                return refused
        return None


def label(measure: SubsidyMeasure) -> str:
    """How messages name a measure: code and Chinese name."""
    return f"{measure.code} {measure.name_zh}"


def assess(
    policy: Policy, core: CoreState, awards: Sequence[Award], fact: AwardFact
) -> Assessment | Refused:
    """Run every subsidy rule on ``fact`` against the awards before it.

    Returns the first refusal that does not depend on the amount, or the assessment with the
    entitlement and each amount bound (entitlement, top-up, caps) in that order.
    """
    # Imported here: the rule modules import this one for `AwardFact` and `Award`.
    from jcg_ledger.rules import (
        caps,
        conditions,
        eligibility,
        entitlement,
        exclusive,
        highest_not_cumulative,
        monthly,
        window,
    )

    try:
        measure = policy.subsidy(fact.measure)
    except KeyError:
        return Refused(
            "measure",
            Violation(
                "unknown-measure",
                f"未知补贴措施 {fact.measure!r} / unknown subsidy measure {fact.measure!r}",
            ),
        )
    if measure.code == FUND_REWARD_CODE:
        # One path for the fund reward: `fund.reward` computes it from the fund's books and
        # applies its caps; a second path through subsidy.approve would bypass them.
        return Refused(
            "measure",
            Violation(
                "fund-reward-path",
                "社会资本投资奖励须以 fund.reward 事件核定 / post the fund reward as fund.reward",
            ),
        )
    checks: list[tuple[str, Violation | None]] = [
        ("date", window.check_window(policy, fact.date, f"[{label(measure)}] 补贴核定")),
        ("entity", eligibility.check_admitted(core, fact.entity, fact.date)),
    ]
    for where, found in checks:
        if found is not None:
            return Refused(where, found)
    person = core.persons.get(fact.person) if fact.person else None
    for refused in (
        conditions.check_conditions(policy, measure, core, fact),
        exclusive.check_exclusive(policy, measure, awards, fact),
        monthly.check_period(measure, person, awards, fact),
    ):
        if refused is not None:
            return refused
    computed = entitlement.entitlement(policy, measure, person, fact)
    if isinstance(computed, Refused):
        return computed
    bounds: list[tuple[Decimal, Refused]] = [
        (computed, entitlement.above_entitlement(measure, computed)),
        *highest_not_cumulative.headroom(policy, measure, awards, fact, computed),
        *caps.headroom(measure, awards, fact),
    ]
    limit = min(left for left, _ in bounds)
    for left, refused in bounds:
        if left == limit and left <= ZERO:
            # Nothing is left under this bound: refuse outright, whatever the amount asked.
            return refused
    return Assessment(measure, computed, limit, tuple(bounds))

"""Rules ``months`` and ``within-start`` — support counted from the person's start date.

人才专项生活补贴 / 租房补贴: at most ``max_months`` months per person (months already awarded
count), and (``within_months_of_start``, 5年内) an award dated within that many months of the
person's start::

    2025-02-03 custom "jcg-person" "P-0001"
      start: 2025-02-01
    2025-03-01 * "补贴核定"   ; living-allowance, months 48
    2026-03-01 * "补贴核定"   ; living-allowance, months 24 → refused: months (48 + 24 > 60)
    2030-02-01 * "补贴核定"   ; housing → refused: within-start (start + 60 months)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from dateutil.relativedelta import relativedelta

from jcg_ledger.policy import Monthly, SubsidyMeasure
from jcg_ledger.rules.award import Award, AwardFact, Refused, label
from jcg_ledger.violation import Violation

if TYPE_CHECKING:  # the state imports the rules: a type only, or the import cycles
    from jcg_ledger.state.core import PersonRecord

MONTHS = "months"
WITHIN_START = "within-start"


def months_awarded(awards: Sequence[Award], measure: str, person: str) -> int:
    """Months already awarded to ``person`` under ``measure`` (clawed-back awards included:
    the months were approved; a new period is a new approval, not a refill)."""
    return sum(
        a.fact.months or 0 for a in awards if a.fact.measure == measure and a.fact.person == person
    )


def check_period(
    measure: SubsidyMeasure,
    person: PersonRecord | None,
    awards: Sequence[Award],
    fact: AwardFact,
) -> Refused | None:
    if person is None:
        return None
    limit = measure.within_months_of_start
    if limit is not None:
        end = person.start + relativedelta(months=limit)
        if fact.date >= end:
            return Refused(
                "date",
                Violation(
                    WITHIN_START,
                    f"[{label(measure)}] 超过到岗后 {limit} 个月({person.start} 起,至 {end} 前)"
                    f" / more than {limit} months after the person's start {person.start}",
                ),
            )
    formula = measure.formula
    if isinstance(formula, Monthly) and formula.max_months is not None and fact.months:
        done = months_awarded(awards, measure.code, person.code)
        if done + fact.months > formula.max_months:
            return Refused(
                "months",
                Violation(
                    MONTHS,
                    f"[{label(measure)}] 已核定 {done} 个月,再加 {fact.months} 个月超过 "
                    f"{formula.max_months} 个月 / {done} months already awarded; "
                    f"{fact.months} more exceed {formula.max_months}",
                ),
            )
    return None

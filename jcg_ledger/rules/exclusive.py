"""Rule ``exclusive`` — measures that exclude each other (``exclusive_with``) for one person.

购(租)房补贴: the rent subsidy is instead of the purchase subsidy, never both for one person
(the subject when the award names no person)::

    2025-03-01 * "补贴核定"   ; rent for P-0001, 12 months
      measure: "rent"
      person: "P-0001"
    2025-06-01 * "补贴核定"   ; refused: exclusive, naming the rent award
      measure: "housing"
      person: "P-0001"
"""

from __future__ import annotations

from collections.abc import Sequence

from jcg_ledger.policy import Policy, SubsidyMeasure
from jcg_ledger.rules.award import ZERO, Award, AwardFact, Refused, label
from jcg_ledger.violation import Violation

RULE = "exclusive"


def _who(fact: AwardFact) -> str:
    return fact.person or fact.subject


def check_exclusive(
    policy: Policy, measure: SubsidyMeasure, awards: Sequence[Award], fact: AwardFact
) -> Refused | None:
    if not measure.exclusive_with:
        return None
    who = _who(fact)
    earlier = [
        a
        for a in awards
        if a.fact.measure in measure.exclusive_with and _who(a.fact) == who and a.net > ZERO
    ]
    if not earlier:
        return None
    other = policy.subsidy(earlier[0].fact.measure)
    ids = ", ".join(a.fact.event for a in earlier)
    return Refused(
        "measure",
        Violation(
            RULE,
            f"[{label(measure)}] {who} 已获 {label(other)}(核定 {ids}),两者不可兼得 / "
            f"{who} already has {other.code} (approval {ids}); the two cannot both be given",
        ),
    )

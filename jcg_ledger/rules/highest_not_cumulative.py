"""Rules ``highest-not-cumulative`` (就高不重复) and ``once``.

For one subject, support under this policy plus support recorded from other policies
(``other_policy_amount``) never exceeds the highest single entitlement among them. A later
award for the same subject is only the top-up to that highest amount; asking above it is
refused, naming the earlier award. Measures of the same kind (subject-scoped measures with
the same ``subject_kind``: a platform first provincial, then national) count together::

    2025-03-01 * "补贴核定"   ; platform-provincial, subject "光电实验室", other_policy_amount
      ...                      ; 300,000 → entitlement 500,000, top-up 200,000
      Expenses:Subsidy:PlatformProvincial   200000.00 CNY
    2026-03-01 * "补贴核定"   ; platform-national, same subject: 1,000,000 − 500,000 = 500,000
      Expenses:Subsidy:PlatformNational     500000.00 CNY

``once`` measures (one award per cap scope: per entity, per person) follow the same top-up
logic over that scope: graduate-startup 10,000 then key support tops up to 500,000.
Recurring measures (monthly, interest) pay a new period each time, so within this policy
each award stands alone; only the other policies' support is deducted.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from jcg_ledger.policy import InterestFormula, Monthly, Policy, SubsidyMeasure
from jcg_ledger.rules.award import ZERO, Award, AwardFact, Refused, label
from jcg_ledger.rules.caps import scope_key
from jcg_ledger.violation import Violation

RULE = "highest-not-cumulative"
ONCE = "once"


def recurring(measure: SubsidyMeasure) -> bool:
    """Measures whose awards each pay a new period (months worked, interest paid)."""
    return isinstance(measure.formula, Monthly | InterestFormula)


def group(measure: SubsidyMeasure) -> str:
    """Which measures count together for one subject (同类政策)."""
    if measure.cap_scope == "subject":
        return f"kind:{measure.subject_kind_en}"
    return f"measure:{measure.code}"


def _same_subject(policy: Policy, measure: SubsidyMeasure, award: Award, fact: AwardFact) -> bool:
    if award.fact.subject != fact.subject:
        return False
    return group(policy.subsidy(award.fact.measure)) == group(measure)


def _refusal(
    rule: str,
    measure: SubsidyMeasure,
    what: str,
    highest: Decimal,
    used: Decimal,
    earlier: Sequence[Award],
    other: Decimal,
) -> Refused:
    ids = ", ".join(a.fact.event for a in earlier) or "—"
    left = max(highest - used, ZERO)
    return Refused(
        "amount",
        Violation(
            rule,
            f"[{label(measure)}] {what} 就高不重复:最高应得 {highest} 元,已获 {used} 元"
            f"(本政策核定 {ids};其他政策 {other} 元),尚可补足 {left} 元 / highest single "
            f"entitlement {highest}, already {used} (earlier approvals: {ids}; other policies "
            f"{other}); top-up left {left}",
        ),
    )


def headroom(
    policy: Policy,
    measure: SubsidyMeasure,
    awards: Sequence[Award],
    fact: AwardFact,
    entitlement: Decimal,
) -> list[tuple[Decimal, Refused]]:
    """The top-up left for the subject (and for the ``once`` scope), each with its refusal."""
    bounds: list[tuple[Decimal, Refused]] = []
    own_other = fact.other_policy_amount or ZERO
    if recurring(measure):
        earlier: list[Award] = []
    else:
        earlier = [a for a in awards if _same_subject(policy, measure, a, fact)]
    other = max([own_other, *(a.fact.other_policy_amount or ZERO for a in earlier)])
    highest = max([entitlement, other, *(a.entitlement for a in earlier)])
    used = sum((a.net for a in earlier), ZERO) + other
    bounds.append(
        (
            highest - used,
            _refusal(RULE, measure, f"支持对象 {fact.subject}", highest, used, earlier, other),
        )
    )
    if measure.once and measure.cap_scope != "subject":
        key = scope_key(measure.cap_scope, fact)
        same = [
            a
            for a in awards
            if a.fact.measure == measure.code and scope_key(measure.cap_scope, a.fact) == key
        ]
        if same:
            top = max([entitlement, *(a.entitlement for a in same)])
            done = sum((a.net for a in same), ZERO)
            bounds.append(
                (
                    top - done,
                    _refusal(ONCE, measure, f"每{measure.cap_scope}一次", top, done, same, ZERO),
                )
            )
    return bounds

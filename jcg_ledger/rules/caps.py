"""Rule ``cap`` — the sum of awards within each cap scope stays under the measure's caps.

Scopes (``cap_scope`` and ``further_caps`` in ``policy.toml``): ``subject``, ``entity``,
``person``, ``entity-year`` (calendar year of the award), ``entity-life`` (the policy's life),
``basis`` (one provincial subsidy, one assessment, one loan: the award's subject). Awards
count net of what was clawed back. An award asking for more than is left is refused; with no
amount given it is cut to what is left::

    2025-04-01 * "补贴核定"   ; tech-transaction, transaction 2,000,000 → 400,000
      Expenses:Subsidy:TechTransaction   400000.00 CNY
    2025-09-01 * "补贴核定"   ; same entity, 2025: cap 500,000 → at most 100,000 left
      Expenses:Subsidy:TechTransaction   300000.00 CNY   ; refused: cap
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from jcg_ledger.policy import CapScope, SubsidyMeasure
from jcg_ledger.rules.award import ZERO, Award, AwardFact, Refused, label
from jcg_ledger.violation import Violation

RULE = "cap"


def scope_key(scope: str, fact: AwardFact) -> tuple[str, ...]:
    """The unit a cap is counted over, for one award."""
    if scope == CapScope.subject or scope == CapScope.basis:
        return (fact.subject,)
    if scope == CapScope.person:
        return (fact.person or fact.subject,)
    if scope == CapScope.entity_year:
        return (fact.entity, str(fact.year))
    return (fact.entity,)  # entity, entity-life: the policy's life is the whole window


def used(awards: Sequence[Award], measure: str, scope: str, fact: AwardFact) -> Decimal:
    """Net support already awarded under ``measure`` in ``fact``'s unit of ``scope``."""
    key = scope_key(scope, fact)
    return sum(
        (a.net for a in awards if a.fact.measure == measure and scope_key(scope, a.fact) == key),
        ZERO,
    )


def headroom(
    measure: SubsidyMeasure, awards: Sequence[Award], fact: AwardFact
) -> list[tuple[Decimal, Refused]]:
    """What each cap leaves, with the refusal of an amount above it."""
    bounds: list[tuple[Decimal, Refused]] = []
    for cap in measure.caps:
        done = used(awards, measure.code, cap.scope, fact)
        left = cap.amount - done
        unit = "/".join(scope_key(cap.scope, fact))
        message = (
            f"[{label(measure)}] 超过上限:{cap.scope.name_zh}最高 {cap.amount} 元,"
            f"{unit} 已核定 {done} 元,尚余 {max(left, ZERO)} 元 / cap {cap.amount} per "
            f"{cap.scope} ({unit}): {done} already awarded, {max(left, ZERO)} left"
        )
        bounds.append((left, Refused("amount", Violation(RULE, message))))
    return bounds

"""Rule ``entitlement`` — what the policy file says an award is worth; no award above it.

The entitlement is read from the measure's formula in ``policy.toml`` and the award's basis
(``base``, ``base_kind``, ``level``, the person's tier, ``months``, ``other_cap``,
``programme``, ``principal``), rounded with ``[rounding]``. Examples with the default file::

    tech-transaction, base_kind "transaction", base 2,000,000 → 20% × 2,000,000 = 400,000
    first-unit, base 50,000,000, other_cap 3,000,000 → min(10% × 50,000,000, 3,000,000)
    talent-flexible, person tier senior-title → 50% × 100,000 = 50,000

A transaction asking more than that is refused (``entitlement``)::

    2025-03-01 * "补贴核定"
      measure: "rdi-performance"
      subject: "省补助-2025"
      base: 1000000          ; 20% → 200,000
      Expenses:Subsidy:RdiPerformance   250000.00 CNY   ; refused: above 200,000
      Liabilities:Payable:Subsidy
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from jcg_ledger.policy import (
    ByLevel,
    ByTier,
    Fixed,
    InterestFormula,
    Monthly,
    MultiBasePercent,
    Percent,
    PercentCappedByProvincial,
    Policy,
    RangeFormula,
    Reference,
    SubsidyMeasure,
)
from jcg_ledger.rules.award import AwardFact, Refused, label
from jcg_ledger.violation import Violation

if TYPE_CHECKING:  # the state imports the rules: a type only, or the import cycles
    from jcg_ledger.state.core import PersonRecord

RULE = "entitlement"
BASIS = "basis"
RANGE = "range"


def _missing(measure: SubsidyMeasure, field: str, what_zh: str, what_en: str) -> Refused:
    return Refused(
        field,
        Violation(
            BASIS,
            f"[{label(measure)}] 缺少计算依据:{what_zh} / missing basis: {what_en}",
        ),
    )


def _tier(
    measure: SubsidyMeasure, person: PersonRecord | None, tiers: dict[str, Decimal]
) -> Decimal | Refused:
    if person is None:
        return _missing(measure, "person", "人员(按人才层次)", "the person (amount by tier)")
    if person.tier not in tiers:
        return Refused(
            "person",
            Violation(
                BASIS,
                f"[{label(measure)}] 人才层次 {person.tier} 无标准 / no standard for tier "
                f"{person.tier!r} (tiers: {', '.join(tiers)})",
            ),
        )
    return tiers[person.tier]


def _base(measure: SubsidyMeasure, fact: AwardFact, what_zh: str) -> Decimal | Refused:
    if fact.base is None:
        return _missing(measure, "base", what_zh, "base")
    return fact.base


def raw_entitlement(
    policy: Policy, measure: SubsidyMeasure, person: PersonRecord | None, fact: AwardFact
) -> Decimal | Refused:
    """The entitlement before rounding, or what basis is missing."""
    formula = measure.formula
    if isinstance(formula, Fixed):
        return formula.amount
    if isinstance(formula, Percent):
        base = _base(measure, fact, formula.base_label_zh)
        return base if isinstance(base, Refused) else formula.rate * base
    if isinstance(formula, MultiBasePercent):
        kind = fact.base_kind
        if kind not in formula.bases:
            return Refused(
                "base_kind",
                Violation(
                    BASIS,
                    f"[{label(measure)}] 基数类型须为 {'/'.join(formula.bases)} / base_kind "
                    f"must be one of {', '.join(formula.bases)}, not {kind!r}",
                ),
            )
        rate = formula.bases[kind]
        base = _base(measure, fact, rate.label_zh)
        return base if isinstance(base, Refused) else rate.rate * base
    if isinstance(formula, PercentCappedByProvincial):
        base = _base(measure, fact, formula.base_label_zh)
        if isinstance(base, Refused):
            return base
        if fact.other_cap is None:
            return _missing(measure, "other_cap", formula.other_cap_label_zh, "other_cap")
        return min(formula.rate * base, fact.other_cap)
    if isinstance(formula, ByLevel):
        if fact.level not in formula.levels:
            return Refused(
                "level",
                Violation(
                    BASIS,
                    f"[{label(measure)}] 等级须为 {'/'.join(formula.levels)} / level must be "
                    f"one of {', '.join(formula.levels)}, not {fact.level!r}",
                ),
            )
        return formula.levels[fact.level].amount
    if isinstance(formula, ByTier):
        return _tier(measure, person, {k: g.amount for k, g in formula.tiers.items()})
    if isinstance(formula, Reference):
        target = policy.subsidy(formula.measure).formula
        assert isinstance(target, ByTier)  # the policy model checks this
        amount = _tier(measure, person, {k: g.amount for k, g in target.tiers.items()})
        return amount if isinstance(amount, Refused) else formula.rate * amount
    if isinstance(formula, RangeFormula):
        return _range(measure, formula, fact)
    if isinstance(formula, Monthly):
        return _monthly(measure, formula, person, fact)
    assert isinstance(formula, InterestFormula)
    return _interest(measure, formula, fact)


def _range(measure: SubsidyMeasure, formula: RangeFormula, fact: AwardFact) -> Decimal | Refused:
    # A case-by-case amount: the approval must state it, and it must lie in the range.
    if fact.amount is None or not formula.contains(fact.amount):
        return Refused(
            "amount",
            Violation(
                RANGE,
                f"[{label(measure)}] 金额须在 {formula.min}–{formula.max} 元之间 / the amount "
                f"must be stated and lie in {formula.min}–{formula.max} (got {fact.amount})",
            ),
        )
    return formula.max


def _monthly(
    measure: SubsidyMeasure, formula: Monthly, person: PersonRecord | None, fact: AwardFact
) -> Decimal | Refused:
    if fact.months is None:
        return _missing(measure, "months", "月数", "months")
    if formula.tiers is not None:
        per_month = _tier(measure, person, {k: g.amount for k, g in formula.tiers.items()})
        if isinstance(per_month, Refused):
            return per_month
    else:
        assert formula.monthly_max is not None  # the policy model requires one of the two
        per_month = formula.monthly_max
    return per_month * fact.months


def _interest(
    measure: SubsidyMeasure, formula: InterestFormula, fact: AwardFact
) -> Decimal | Refused:
    if fact.programme not in formula.programmes:
        return Refused(
            "programme",
            Violation(
                BASIS,
                f"[{label(measure)}] 贷款项目类别须为 {'/'.join(formula.programmes)} / "
                f"programme must be one of {', '.join(formula.programmes)}",
            ),
        )
    interest = _base(measure, fact, "实付利息")
    if isinstance(interest, Refused):
        return interest
    if fact.principal is None:
        return _missing(measure, "principal", "贷款本金", "principal")
    limit = formula.programmes[fact.programme].principal_limit
    # Only the interest on the principal up to the programme's limit is covered.
    share = min(Decimal(1), limit / fact.principal)
    return interest * share


def entitlement(
    policy: Policy, measure: SubsidyMeasure, person: PersonRecord | None, fact: AwardFact
) -> Decimal | Refused:
    """The entitlement, rounded with the policy's rounding; or what basis is missing."""
    raw = raw_entitlement(policy, measure, person, fact)
    return raw if isinstance(raw, Refused) else policy.quantize(raw)


def above_entitlement(measure: SubsidyMeasure, amount: Decimal) -> Refused:
    """The refusal of an award above its entitlement."""
    return Refused(
        "amount",
        Violation(
            RULE,
            f"[{label(measure)}] 金额超过按政策计算的应得额 {amount} 元 / the amount exceeds "
            f"the entitlement computed from the policy: {amount}",
        ),
    )

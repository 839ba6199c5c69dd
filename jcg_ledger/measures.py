"""`jcg measures`: the catalogue of measures, read from the policy file, as people read it.

Each subsidy measure shows how its entitlement is computed (Chinese, with English), its caps
and what they are counted over, the conditions an approval must meet, and the other rules
(once, not with another measure, within N months of the person's start). Nothing here is a
policy number: every figure comes from ``policy.toml``.
"""

from __future__ import annotations

from decimal import Decimal

from rich.console import Console

from jcg_ledger.money import format_yuan
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
from jcg_ledger.tables import Col, print_fitted


def _rate(rate: Decimal) -> str:
    """0.20 → 20%; 1 → 1:1."""
    if rate == 1:
        return "1:1"
    return f"{(rate * 100).normalize():f}%"


def describe_formula(measure: SubsidyMeasure, policy: Policy | None = None) -> str:
    """How the entitlement is computed, in words (Chinese / English)."""
    f = measure.formula
    if isinstance(f, Fixed):
        return f"一次性 {format_yuan(f.amount)} 元 / fixed"
    if isinstance(f, Percent):
        return f"{_rate(f.rate)} × {f.base_label_zh} / {f.base_label_en}"
    if isinstance(f, MultiBasePercent):
        return "; ".join(f"{_rate(b.rate)} × {b.label_zh} ({k})" for k, b in f.bases.items())
    if isinstance(f, PercentCappedByProvincial):
        return (
            f"{_rate(f.rate)} × {f.base_label_zh},不超过{f.other_cap_label_zh} / "
            f"{f.base_label_en}, not above the {f.other_cap_label_en}"
        )
    if isinstance(f, ByLevel):
        grades = " / ".join(f"{g.name_zh} {format_yuan(g.amount)}" for g in f.levels.values())
        top_up = " (就高补差 top-up)" if f.top_up else ""
        return f"按等级 by level ({', '.join(f.levels)}): {grades}{top_up}"
    if isinstance(f, ByTier):
        grades = " / ".join(f"{g.name_zh} {format_yuan(g.amount)}" for g in f.tiers.values())
        return f"按人才层次 by tier: {grades}"
    if isinstance(f, Reference):
        target = policy.subsidy(f.measure).name_zh if policy else f.measure
        return f"{_rate(f.rate)} × {target}标准 ({f.measure}, same tier)"
    if isinstance(f, RangeFormula):
        return f"逐项核定 decided per case: {format_yuan(f.min)} – {format_yuan(f.max)}"
    if isinstance(f, Monthly):
        if f.tiers is not None:
            per = " / ".join(f"{g.name_zh} {format_yuan(g.amount)}" for g in f.tiers.values())
        else:
            assert f.monthly_max is not None  # the policy model requires one of the two
            per = f"最高 up to {format_yuan(f.monthly_max)}"
        months = f",最多 {f.max_months} 个月 max months" if f.max_months else ""
        return f"每月 per month: {per} × 月数 months{months}"
    assert isinstance(f, InterestFormula)
    limits = "; ".join(
        f"{p.name_zh} 本金≤{format_yuan(p.principal_limit)}" for p in f.programmes.values()
    )
    return f"实付利息(限额内本金部分) interest paid on the covered principal: {limits}"


def describe_rules(measure: SubsidyMeasure, policy: Policy) -> str:
    """Conditions and the other rules of a measure."""
    parts = [policy.condition(c).name_zh for c in measure.conditions]
    if measure.once:
        parts.append(f"限一次({measure.cap_scope.name_zh}) once")
    if measure.exclusive_with:
        parts.append(f"不与 {', '.join(measure.exclusive_with)} 兼得 not with")
    if measure.within_months_of_start:
        parts.append(f"到岗 {measure.within_months_of_start} 个月内 within months of start")
    return "; ".join(parts) or "—"


# Below this width the catalogue is printed one measure per block (seven wide columns do not
# fit 80 columns readably).
VERTICAL_BELOW = 140


def print_measures(policy: Policy, console: Console | None = None) -> None:
    console = console or Console()
    title = (
        f"{policy.policy.name_zh} 补贴措施 subsidy measures — 有效期 valid "
        f"{policy.policy.effective_date} 至 {policy.policy.window_end}(止日不含 end date excluded)"
    )
    columns = [
        Col("代码\ncode"),
        Col("措施\nmeasure"),
        Col("牵头部门\nlead dept"),
        Col("标准\nentitlement"),
        Col("上限\ncaps"),
        Col("条件与规则\nconditions & rules"),
        Col("科目\naccount"),
    ]
    rows = []
    for measure in policy.subsidy_measures:
        caps = (
            "\n".join(
                f"{format_yuan(c.amount)} {c.scope.name_zh} {c.scope.name_en}" for c in measure.caps
            )
            or f"— ({measure.cap_scope.name_zh} {measure.cap_scope.name_en})"
        )
        rows.append(
            [
                measure.code,
                f"{measure.name_zh}\n{measure.name_en}",
                policy.department(measure.department).name_zh,
                describe_formula(measure, policy),
                caps,
                describe_rules(measure, policy),
                f"Expenses:Subsidy:{measure.account}",
            ]
        )
    print_fitted(console, title, columns, rows, lines=True, vertical_below=VERTICAL_BELOW)
    console.print(
        "所有措施按“就高不重复”:同一支持对象的本政策与其他政策支持合计不超过最高单项应得额。 "
        "Highest, not cumulative: for one subject, support under this and other policies "
        "never exceeds the highest single entitlement."
    )

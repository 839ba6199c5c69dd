"""`jcg measures`: the catalogue of measures with amounts, rates and caps, from the policy file."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from jcg_ledger.money import format_yuan
from jcg_ledger.policy import Policy, SubsidyMeasure


def describe_formula(measure: SubsidyMeasure) -> str:
    formula = measure.formula
    data = formula.model_dump(exclude={"kind"}, mode="json")
    parts = []
    for key, value in data.items():
        if isinstance(value, dict):
            inner = ", ".join(
                f"{k}={v.get('amount') or v.get('rate') or v.get('principal_limit') or v}"
                if isinstance(v, dict)
                else f"{k}={v}"
                for k, v in value.items()
            )
            parts.append(f"{key}: {inner}")
        elif value is not None and not key.endswith(("_zh", "_en")):
            parts.append(f"{key}={value}")
    return f"{formula.kind}: " + "; ".join(parts)


def print_measures(policy: Policy, console: Console | None = None) -> None:
    console = console or Console()
    table = Table(
        title=f"{policy.policy.name_zh} 政策措施 measures — 有效期 {policy.policy.effective_date} 至 {policy.policy.window_end}"
    )
    for title in (
        "代码 code",
        "措施 measure",
        "牵头部门 dept",
        "标准 rule",
        "上限 cap",
        "口径 scope",
    ):
        table.add_column(title)
    for measure in policy.subsidy_measures:
        caps = "; ".join(f"{format_yuan(c.amount)} / {c.scope}" for c in measure.caps) or "—"
        table.add_row(
            measure.code,
            measure.name_zh,
            policy.department(measure.department).name_zh,
            describe_formula(measure),
            caps,
            str(measure.cap_scope),
        )
    console.print(table)

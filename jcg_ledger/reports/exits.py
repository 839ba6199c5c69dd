"""`jcg report exits`: per project what went in, what came back, gains, MOIC and XIRR.

Invested is what was disbursed; proceeds are the cash back (buybacks, exits, debt principal
and interest); the realised gain is the cash received for units sold less their cost (the
city's disposal income plus the fair-value changes those units had carried);
the unrealised value is the stake at the latest mark on or before the report date (at cost
without a mark) with any buyback price booked as receivable, or the debt outstanding with its
interest receivable. MOIC is (proceeds +
unrealised) / invested and XIRR discounts −disbursements, +proceeds and the unrealised value
on the report date (`jcg_ledger.finance`, ACT/365).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from jcg_ledger.finance import moic, xirr
from jcg_ledger.policy import Policy
from jcg_ledger.reports.base import BooksView, Column, Report, Table
from jcg_ledger.reports.buybacks import projects_as_of
from jcg_ledger.state.projects import Project


def unrealised(project: Project, as_of: date, quantize: Callable[[Decimal], Decimal]) -> Decimal:
    """The value still held: the stake at the latest mark (or cost), or the debt owed."""
    if project.written_off_on is not None:
        return Decimal(0)
    if project.converted == "equity":
        # Buyback prices booked as receivable (a tranche fallen due unpaid) are still owed.
        mark = project.mark_on(as_of)
        if project.units_held == 0:
            return project.receivables
        value: Decimal = project.units_held * mark if mark is not None else project.cost_held
        return quantize(value) + project.receivables
    if project.converted == "debt":
        return project.principal + project.interest_receivable
    return project.pre_balance


def flows(project: Project, as_of: date, value: Decimal) -> list[tuple[date, Decimal]]:
    """The investor's dated cash flows: out negative, back positive, the rest at ``as_of``."""
    out = [(d, -a) for d, a in project.disbursements]
    out += [(d, a) for d, a, _ in project.proceeds]
    if value > 0:
        out.append((as_of, value))
    return out


def project_row(project: Project, as_of: date, policy: Policy) -> dict[str, Any]:
    quantize = policy.quantize
    deadline = project.deadline(policy)
    late = project.converted is None and project.written_off_on is None
    flag = ""
    if late and deadline is not None and deadline < as_of:
        flag = f"逾期未转股 not converted by {deadline}"
    value = unrealised(project, as_of, quantize)
    proceeds = sum((a for _, a, _ in project.proceeds), Decimal(0))
    first = project.first_disbursed
    end = as_of
    if project.closed and project.proceeds:
        end = max(d for d, _, _ in project.proceeds)
    elif project.written_off_on is not None:
        end = project.written_off_on
    invested = project.disbursed
    multiple = moic(invested, proceeds, value)
    rate = xirr(flows(project, as_of, value))
    converted = project.cost_converted if project.converted == "equity" else project.debt_principal
    return {
        "project": project.code,
        "entity": project.entity,
        "status": project.status,
        "invested": invested,
        "converted": converted,
        "converted_to": project.converted or "",
        "proceeds": proceeds,
        "realised_gain": project.realised_gain,
        "interest": project.interest_income,
        "written_off": project.written_off,
        "units_held": project.units_held,
        "mark": project.mark_on(as_of),
        "unrealised": value,
        "deadline": deadline if project.converted is None else None,
        "flag": flag,
        "holding_days": (end - first).days if first else 0,
        "moic": multiple.quantize(Decimal("0.0001")) if multiple is not None else None,
        # + 0 turns a rounded −0.0000 into 0.0000.
        "xirr": rate.quantize(Decimal("0.0001")) + 0 if rate is not None else None,
    }


def build(view: BooksView, as_of: date) -> Report:
    state = projects_as_of(view, as_of)
    quantize = view.policy.quantize
    table = Table(
        "projects",
        "先投后股项目投资与退出",
        "Project investments and exits",
        [
            Column("project", "项目", "Project"),
            Column("entity", "被投企业", "Investee"),
            Column("status", "状态", "Status"),
            Column("invested", "投入", "Invested", "money"),
            Column("converted", "转换金额", "Converted", "money"),
            Column("converted_to", "转换方式", "Converted to"),
            Column("proceeds", "收回", "Proceeds", "money"),
            Column("realised_gain", "已实现收益", "Realised gain", "money"),
            Column("interest", "利息收入", "Interest income", "money"),
            Column("written_off", "核销", "Written off", "money"),
            Column("units_held", "持有股数", "Units held", "units"),
            Column("mark", "最新估值单价", "Latest mark", "money"),
            Column("unrealised", "未实现价值", "Unrealised value", "money"),
            Column("deadline", "转股截止日", "Conversion deadline", "date"),
            Column("flag", "提示", "Flag"),
            Column("holding_days", "持有天数", "Holding days", "int"),
            Column("moic", "投资倍数", "MOIC", "ratio"),
            Column("xirr", "内部收益率", "XIRR", "percent"),
        ],
    )
    for project in sorted(state.projects.values(), key=lambda p: p.code):
        table.rows.append(project_row(project, as_of, view.policy))
    money = ("invested", "converted", "proceeds", "realised_gain", "interest", "written_off")
    table.total(*money, "unrealised")
    totals = table.totals or {}
    invested = totals.get("invested", Decimal(0))
    all_flows = [
        f for p in state.projects.values() for f in flows(p, as_of, unrealised(p, as_of, quantize))
    ]
    multiple = moic(
        invested, totals.get("proceeds", Decimal(0)), totals.get("unrealised", Decimal(0))
    )
    rate = xirr(all_flows)
    if table.totals is not None:
        table.totals["moic"] = multiple.quantize(Decimal("0.0001")) if multiple else None
        table.totals["xirr"] = rate.quantize(Decimal("0.0001")) if rate is not None else None
    summary: dict[str, Any] = {
        "项目数 projects": len(table.rows),
        "投入 invested": invested,
        "收回 proceeds": totals.get("proceeds", Decimal(0)),
        "已实现收益 realised gain": totals.get("realised_gain", Decimal(0)),
        "组合投资倍数 portfolio MOIC": table.totals.get("moic") if table.totals else None,
        "组合内部收益率 portfolio XIRR": table.totals.get("xirr") if table.totals else None,
    }
    return Report("exits", "项目退出与收益", "Project exits and returns", as_of, [table], summary)

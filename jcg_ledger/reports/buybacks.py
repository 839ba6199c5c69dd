"""`jcg report buybacks --as-of DATE`: every buyback tranche, what is due, received and overdue.

Per tranche: obligor, due date, units, the price due by its method at the due date and as of
the report date, what was received, the status (scheduled, due, overdue N days, partly
settled, settled) and the amount outstanding in its ageing bucket (1–30, 31–90, 91–180 and
over 180 days past due). The projects are folded afresh from the platform book's entries up to
the report date, so a report as of an earlier date shows the books as they stood then.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from jcg_ledger.reports.base import BooksView, Column, Report, Table
from jcg_ledger.rules.buyback_price import price_due
from jcg_ledger.state.projects import Project, ProjectState, Tranche

# Ageing buckets: (key, first day, last day or None, Chinese, English). Reporting bands, not
# policy numbers: the ones management asked for.
BUCKETS: tuple[tuple[str, int, int | None, str, str], ...] = (
    ("age_1_30", 1, 30, "逾期1-30天", "1–30 days"),
    ("age_31_90", 31, 90, "逾期31-90天", "31–90 days"),
    ("age_91_180", 91, 180, "逾期91-180天", "91–180 days"),
    ("age_over_180", 181, None, "逾期180天以上", "over 180 days"),
)


def projects_as_of(view: BooksView, as_of: date) -> ProjectState:
    """The projects as the platform book stood at the end of ``as_of``.

    Folded once per view and date: the buyback and exit reports (one Fava page) read it both.
    """

    def fold() -> ProjectState:
        state = ProjectState(view.policy)
        for entry in view.entries("platform"):
            if entry.date > as_of:
                break
            state.fold("platform", entry)
        return state

    return view.memo(("projects", as_of), fold)


def bucket_of(days_overdue: int) -> str | None:
    for key, first, last, _, _ in BUCKETS:
        if days_overdue >= first and (last is None or days_overdue <= last):
            return key
    return None


def tranche_status(tranche: Tranche, as_of: date) -> tuple[str, int]:
    """(status, days overdue) of a tranche on ``as_of``."""
    overdue = max((as_of - tranche.due).days, 0)
    if tranche.settled:
        last = tranche.last_settled
        late = max((last - tranche.due).days, 0) if last else 0
        text = "已结清 settled" + (f"(逾期{late}天结清 settled {late} days late)" if late else "")
        return text, 0
    if tranche.settled_units > 0:
        text = "部分结算 partly settled"
        if overdue:
            text += f",逾期{overdue}天 overdue {overdue} days"
        return text, overdue
    if as_of < tranche.due:
        return "未到期 scheduled", 0
    if as_of == tranche.due:
        return "今日到期 due", 0
    return f"逾期{overdue}天 overdue {overdue} days", overdue


def tranche_row(view: BooksView, project: Project, tranche: Tranche, as_of: date) -> dict[str, Any]:
    policy = view.policy
    status, overdue = tranche_status(tranche, as_of)
    at_due = price_due(policy, project, tranche, tranche.due)
    # A settled tranche is priced on the day it was settled, not after.
    priced_on = tranche.last_settled if tranche.settled and tranche.last_settled else as_of
    at_date = price_due(policy, project, tranche, priced_on)
    outstanding = Decimal(0)
    if not tranche.settled:
        outstanding = price_due(policy, project, tranche, as_of, tranche.remaining_units)
    row: dict[str, Any] = {
        "project": project.code,
        "entity": project.entity,
        "obligor": project.obligor or "",
        "tranche": tranche.number,
        "due": tranche.due,
        "method": tranche.method,
        "units": tranche.units,
        "settled_units": tranche.settled_units,
        "price_at_due": at_due,
        "price_as_of": at_date,
        "received": tranche.received,
        "outstanding": outstanding,
        "status": status,
        "days_overdue": overdue,
    }
    key = bucket_of(overdue) if overdue else None
    for bucket, *_ in BUCKETS:
        row[bucket] = outstanding if bucket == key else Decimal(0)
    return row


def build(view: BooksView, as_of: date) -> Report:
    state = projects_as_of(view, as_of)
    table = Table(
        "tranches",
        "回购分期明细",
        "Buyback tranches",
        [
            Column("project", "项目", "Project"),
            Column("entity", "被投企业", "Investee"),
            Column("obligor", "回购义务人", "Obligor"),
            Column("tranche", "期次", "Tranche", "int"),
            Column("due", "到期日", "Due", "date"),
            Column("method", "定价方法", "Price method"),
            Column("units", "股数", "Units", "units"),
            Column("settled_units", "已结算股数", "Units settled", "units"),
            Column("price_at_due", "到期日应收价款", "Price at due date", "money"),
            Column("price_as_of", "报告日应收价款", "Price as of report date", "money"),
            Column("received", "已收款", "Received", "money"),
            Column("outstanding", "未收款", "Outstanding", "money"),
            Column("status", "状态", "Status"),
            Column("days_overdue", "逾期天数", "Days overdue", "int"),
            *(Column(key, zh, en, "money") for key, _, _, zh, en in BUCKETS),
        ],
    )
    for project in sorted(state.projects.values(), key=lambda p: p.code):
        for tranche in sorted(project.tranches, key=lambda t: t.number):
            table.rows.append(tranche_row(view, project, tranche, as_of))
    money = ("price_at_due", "price_as_of", "received", "outstanding", *(b[0] for b in BUCKETS))
    table.total(*money)
    totals = table.totals or {}
    summary: dict[str, Any] = {
        "回购分期数 tranches": len(table.rows),
        "已收款 received": totals.get("received", Decimal(0)),
        "未收款 outstanding": totals.get("outstanding", Decimal(0)),
        "逾期笔数 overdue": sum(1 for r in table.rows if r["days_overdue"] > 0),
    }
    for key, _, _, zh, en in BUCKETS:
        summary[f"{zh} {en}"] = totals.get(key, Decimal(0))
    return Report("buybacks", "回购台账", "Buyback schedule", as_of, [table], summary)

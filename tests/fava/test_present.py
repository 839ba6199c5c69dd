"""Highlighting follows the report's own figures: settled late is not overdue."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from jcg_ledger.fava_ext.present import present_table
from jcg_ledger.reports.base import Column, Table


def _table() -> Table:
    return Table(
        "tranches",
        "回购分期明细",
        "Buyback tranches",
        [
            Column("project", "项目", "Project"),
            Column("due", "到期日", "Due", "date"),
            Column("outstanding", "未收款", "Outstanding", "money"),
            Column("status", "状态", "Status"),
            Column("days_overdue", "逾期天数", "Days overdue", "int"),
        ],
        [
            {
                "project": "P-A",
                "due": date(2027, 3, 1),
                "outstanding": Decimal("1600000"),
                "status": "逾期305天 overdue 305 days",
                "days_overdue": 305,
            },
            {
                "project": "P-B",
                "due": date(2026, 4, 15),
                "outstanding": Decimal(0),
                "status": "已结清 settled(逾期35天结清 settled 35 days late)",
                "days_overdue": 0,
            },
            {
                "project": "P-C",
                "due": date(2028, 3, 1),
                "outstanding": Decimal("1500000"),
                "status": "未到期 scheduled",
                "days_overdue": 0,
            },
        ],
    )


def test_overdue_rows_carry_the_reports_day_count() -> None:
    view = present_table(
        _table(),
        book="platform",
        default_filter=None,
        as_of=date(2027, 12, 31),
        linker=lambda book, flt, account: None,
    )
    overdue, settled_late, scheduled = view.rows
    assert overdue.css == "overdue"
    badges = [c.badge for c in overdue.cells if c.badge]
    assert badges == ["逾期 305 天 overdue 305 d"]  # 2027-03-01 → 2027-12-31 = 305 days
    assert settled_late.css != "overdue"
    assert scheduled.css == ""

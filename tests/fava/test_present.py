"""Highlighting follows the report's own figures: settled late is not overdue."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from jcg_ledger.fava_ext.present import ROWS_PER_PAGE, present_table
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


def _long_table(rows: int) -> Table:
    """`rows` awards of 1.00 … rows yuan; the totals row is the report's, of every row."""
    return Table(
        "awards",
        "补贴",
        "Awards",
        [Column("event", "事件", "Event"), Column("approved", "核定", "Approved", "money")],
        [{"event": f"a-{n}", "approved": Decimal(n)} for n in range(1, rows + 1)],
        {"event": "合计 total", "approved": Decimal(rows * (rows + 1) // 2)},
    )


def _page(table: Table, page: int) -> Any:
    return present_table(
        table,
        book="city",
        default_filter=None,
        as_of=date(2029, 12, 31),
        linker=lambda book, flt, account: None,
        page=page,
    )


def test_a_long_table_shows_one_page_of_rows_and_the_totals_of_all() -> None:
    assert ROWS_PER_PAGE == 200
    table = _long_table(450)  # 450 rows: pages of rows 1–200, 201–400, 401–450
    first = _page(table, 1)
    assert (first.page, first.pages, first.count, first.first, first.last) == (1, 3, 450, 1, 200)
    assert [r.cells[0].text for r in first.rows[:2]] == ["a-1", "a-2"]
    assert first.rows[-1].cells[0].text == "a-200"
    last = _page(table, 3)
    assert (last.first, last.last, len(last.rows)) == (401, 450, 50)
    assert last.rows[0].cells[1].text == "401.00"
    # The totals row is the report's, of all 450 rows: 450 × 451 / 2 = 101,475.00 on every page.
    for view in (first, last):
        assert view.totals is not None and view.totals.cells[1].text == "101,475.00"
    # A page past the last shows the last; none before the first.
    assert _page(table, 99).first == 401
    assert _page(table, 0).first == 1 and _page(table, -5).first == 1


def test_a_short_or_empty_table_is_one_page() -> None:
    short = _page(_long_table(200), 2)  # exactly one page: a second is the first
    assert (short.page, short.pages, short.first, short.last) == (1, 1, 1, 200)
    empty = _page(_long_table(0), 1)
    assert (empty.pages, empty.count, empty.first, empty.last, empty.rows) == (1, 0, 0, 0, [])
    assert empty.empty

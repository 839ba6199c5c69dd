"""`jcg report subsidies`: the Excel sheet's totals are the books' totals (BQL)."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from beanquery import query as bql
from click.testing import CliRunner
from openpyxl import load_workbook

from jcg_ledger.books.layout import Ledger
from jcg_ledger.books.load import load_book
from jcg_ledger.cli import main


def _bql_total(books: Ledger, where: str) -> Decimal:
    loaded = load_book(books.main("city"), "city")
    _, rows = bql.run_query(loaded.entries, loaded.options, f"SELECT sum(position) WHERE {where}")
    inventory = rows[0][0]
    return sum((p.units.number for p in inventory), Decimal(0))


def _totals_row(sheet: object) -> dict[str, object]:
    """The totals row, its ``=SUM(C2:Cn)`` formulas summed over the cells they name."""
    rows = list(sheet.iter_rows(values_only=True))  # type: ignore[attr-defined]
    header = [str(h).split("\n")[1] for h in rows[0]]
    totals = []
    for index, value in enumerate(rows[-1]):
        if isinstance(value, str) and value.startswith("=SUM("):
            assert value == f"=SUM({value[5]}2:{value[5]}{len(rows) - 1})"
            value = sum(Decimal(str(r[index])) for r in rows[1:-1] if r[index] is not None)
        totals.append(value)
    return dict(zip(header, totals, strict=True))


def test_xlsx_totals_equal_the_books(books: Ledger, tmp_path: Path) -> None:
    target = tmp_path / "subsidies.xlsx"
    run = CliRunner().invoke(
        main,
        [
            "--ledger",
            str(books.root),
            "report",
            "subsidies",
            "--as-of",
            "2030-12-31",
            "--format",
            "xlsx",
            "--output",
            str(target),
        ],
        catch_exceptions=False,
    )
    assert run.exit_code == 0, run.output
    workbook = load_workbook(target)
    by_measure = _totals_row(workbook["按措施"])
    approved = _bql_total(
        books, "account ~ '^Expenses:Subsidy:' AND entry_meta('type') = 'subsidy.approve'"
    )
    paid = -_bql_total(
        books, "account = 'Assets:Bank:SpecialFund' AND entry_meta('type') = 'subsidy.pay'"
    )
    # A clawback credits the expense (award of the same year) or 以前年度盈余调整 (earlier).
    clawed = -_bql_total(
        books,
        "account ~ '^(Expenses:Subsidy:|Equity:PriorYear)' "
        "AND entry_meta('type') = 'subsidy.clawback'",
    )
    outstanding = -_bql_total(books, "account = 'Liabilities:Payable:Subsidy'")
    # By hand: the scenario's awards sum to 18,443,000; all paid but la-1's 30,000;
    # clawed back 40,000 (la-1) + 400,000 (sc-1).
    assert approved == Decimal("18443000")
    assert (paid, clawed, outstanding) == (Decimal("18413000"), Decimal("440000"), Decimal(0))
    assert Decimal(str(by_measure["Approved"])) == approved
    assert Decimal(str(by_measure["Paid"])) == paid
    assert Decimal(str(by_measure["Clawed back"])) == clawed
    assert Decimal(str(by_measure["Outstanding"])) == outstanding
    for sheet in ("按牵头部门", "按主体", "按年度"):
        assert Decimal(str(_totals_row(workbook[sheet])["Approved"])) == approved


def test_json_report_has_every_table(books: Ledger) -> None:
    run = CliRunner().invoke(
        main,
        [
            "--ledger",
            str(books.root),
            "report",
            "subsidies",
            "--as-of",
            "2030-12-31",
            "--format",
            "json",
        ],
        catch_exceptions=False,
    )
    payload = json.loads(run.output)
    assert set(payload["tables"]) == {
        "by_measure",
        "by_department",
        "by_entity",
        "by_year",
        "caps",
        "budget",
        "execution",
    }
    caps = {(r["entity"], r["measure"], r["unit"]): r for r in payload["tables"]["caps"]["rows"]}
    # first-unit: 8,000,000 + 2,000,000 of 10,000,000 → nothing left.
    assert Decimal(caps[("JC-C", "first-unit", "JC-C")]["left"]) == 0
    budget = {(r["year"], r["measure"]): r for r in payload["tables"]["budget"]["rows"]}
    # tech-transaction 2025: budget 1,000,000; approved 500,000 (tt-1) + 400,000 (tt-2).
    assert Decimal(budget[(2025, "tech-transaction")]["approved"]) == Decimal("900000")
    assert Decimal(budget[(2025, "tech-transaction")]["available"]) == Decimal("100000")

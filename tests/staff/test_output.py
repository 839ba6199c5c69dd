"""Tables and files: `--output` for every format, tables that fit the terminal, CSV with a
BOM, Excel sized to its content with totals as formulas and numbers as numbers."""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from openpyxl import load_workbook
from rich.console import Console

from jcg_ledger.books.layout import Ledger
from jcg_ledger.cli import main
from jcg_ledger.measures import print_measures
from jcg_ledger.policy import default_policy
from jcg_ledger.tables import Col, print_fitted
from tests.conftest import post_raw
from tests.staff.lists import registry


@pytest.fixture
def books(ledger: Ledger) -> Ledger:
    """Two awards: 500,000 (platform-provincial) and 20% × 1,000,000 = 200,000 (transaction)."""
    post_raw(
        ledger,
        [
            *registry(),
            {
                "id": "a1",
                "type": "subsidy.approve",
                "date": "2025-03-01",
                "entity": "JC-LAB",
                "measure": "platform-provincial",
                "subject": "光电实验室",
                "newly_approved": True,
            },
            {
                "id": "a2",
                "type": "subsidy.approve",
                "date": "2025-03-01",
                "entity": "JC-PHOTON",
                "measure": "tech-transaction",
                "subject": "合同",
                "base_kind": "transaction",
                "base": "100万",
            },
        ],
    )
    return ledger


def _report(cli: Callable[..., Result], *args: str) -> Result:
    run = cli("report", "subsidies", "--as-of", "2025-12-31", *args)
    assert run.exit_code == 0, run.output
    return run


def test_csv_starts_with_a_bom(books: Ledger, cli: Callable[..., Result], tmp_path: Path) -> None:
    target = tmp_path / "r.csv"
    _report(cli, "--format", "csv", "--output", str(target))
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert "700000" in data.decode("utf-8-sig")  # 500,000 + 200,000


@pytest.mark.parametrize("fmt", ["table", "json", "csv", "xlsx"])
def test_output_works_for_every_format(
    books: Ledger, cli: Callable[..., Result], tmp_path: Path, fmt: str
) -> None:
    target = tmp_path / f"r.{fmt}"
    run = _report(cli, "--format", fmt, "--output", str(target))
    assert target.is_file() and target.stat().st_size > 0
    if fmt == "table":
        text = target.read_text("utf-8")
        assert "700,000.00" in text and "\x1b[" not in text  # no terminal colour codes
        assert "700,000.00" not in run.stdout


def test_xlsx_totals_are_formulas_and_columns_fit(
    books: Ledger, cli: Callable[..., Result], tmp_path: Path
) -> None:
    target = tmp_path / "r.xlsx"
    _report(cli, "--format", "xlsx", "--output", str(target))
    workbook = load_workbook(target)
    sheet = workbook["按措施"]
    rows = list(sheet.iter_rows())
    header = [str(c.value).split("\n")[1] for c in rows[0]]
    totals = rows[-1]
    approved = totals[header.index("Approved")]
    letter = approved.column_letter
    assert approved.value == f"=SUM({letter}2:{letter}{len(rows) - 1})"
    # The cells the formula sums are numbers: 500,000 + 200,000 by hand.
    summed = [r[header.index("Approved")].value for r in rows[1:-1]]
    assert all(isinstance(v, int | float) for v in summed)
    assert Decimal(str(sum(summed))) == Decimal(700000)
    # Each column is as wide as its longest cell (CJK counts double), within bounds.
    for index, column in enumerate(header):
        width = sheet.column_dimensions[rows[0][index].column_letter].width
        assert 3 < width <= 60, column
    measure_column = rows[0][header.index("Measure")].column_letter
    assert sheet.column_dimensions[measure_column].width >= len("platform-provincial")
    # Numbers are numbers on every sheet, the About sheet included.
    for ws in workbook.worksheets:
        for row in ws.iter_rows(values_only=True):
            for value in row:
                if isinstance(value, str) and not value.startswith("="):
                    assert not re.fullmatch(r"-?[0-9][0-9,]*(\.[0-9]+)?", value), (ws.title, value)


def test_measures_is_readable_at_80_columns() -> None:
    console = Console(width=80, record=True, color_system=None)
    print_measures(default_policy(), console)
    text = console.export_text()
    assert "…" not in text
    assert max(len(line) for line in text.splitlines()) <= 80
    for measure in default_policy().subsidy_measures:
        assert measure.code in text
        assert measure.name_zh in text  # never cut


def test_measures_command_at_80_columns() -> None:
    run = CliRunner().invoke(main, ["measures"], env={"COLUMNS": "80"})
    assert run.exit_code == 0
    assert "…" not in run.stdout and "省级科技创新平台" in run.stdout


def test_a_wide_table_turns_vertical_instead_of_cutting() -> None:
    columns = [Col(f"列{i}\ncolumn {i}", "right" if i % 2 else "left") for i in range(8)]
    rows = [[f"晋城先进材料实验室{i}" if i % 2 == 0 else "1,234,567.89" for i in range(8)]]
    narrow = Console(width=60, record=True, color_system=None)
    print_fitted(narrow, "t", columns, rows)
    text = narrow.export_text()
    assert "…" not in text and "1,234,567.89" in text and "晋城先进材料实验室6" in text
    wide = Console(width=250, record=True, color_system=None)
    print_fitted(wide, "t", columns, rows)
    assert "┃" in wide.export_text()  # a table when it fits


def test_report_table_fits_a_narrow_terminal(books: Ledger, cli: Callable[..., Result]) -> None:
    run = CliRunner().invoke(
        main,
        ["--ledger", str(books.root), "report", "subsidies", "--as-of", "2025-12-31"],
        env={"COLUMNS": "80"},
    )
    assert run.exit_code == 0, run.output
    assert "…" not in run.stdout
    assert "500,000.00" in run.stdout and "200,000.00" in run.stdout

"""Report rendering: rich table, JSON, CSV and Excel (openpyxl).

Excel sheets have Chinese headers (English beneath), the 元 number format, a frozen header
row and a totals row computed by formulas (``=SUM(C2:C9)``), columns as wide as their content,
and numbers written as numbers on every sheet, as management reads them. CSV starts with a
UTF-8 byte-order mark, so Excel on Chinese Windows opens it as UTF-8, not as GBK. Tables fit
the terminal (`jcg_ledger.tables`).

No text cell of a CSV or Excel report can run as a formula. Events refuse free text starting
with ``= + - @``, a tab or a carriage return (`events.base.FORMULA_START`), but a report also
prints what a hand edit of the books put there; so the writers neutralise any such text again
(`neutralise`): in CSV it gets a leading apostrophe, in Excel it is stored as a string cell with
the quote prefix set, which shows the text as typed and never evaluates it. The only formulas
are the ones the writer makes itself: the totals' ``=SUM`` over the column above.
"""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from rich.cells import cell_len
from rich.console import Console

from jcg_ledger.money import quantize
from jcg_ledger.reports.base import Column, Report
from jcg_ledger.tables import Col, print_fitted

YUAN_FORMAT = '#,##0.00"元"'
FORMATS = {
    "money": YUAN_FORMAT,
    "ratio": "0.0000",
    "percent": "0.00%",
    "int": "0",
    "units": "#,##0.####",
    "date": "yyyy-mm-dd",
}


# What a spreadsheet reads as the start of a formula (OWASP, CSV injection); kept in step with
# the events' refusal (`jcg_ledger.events.base.FORMULA_START`).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# A plain signed number ("-1200.50") is data, not a formula: left as it is.
_PLAIN_NUMBER = re.compile(r"[+-]?[0-9][0-9,]*(\.[0-9]+)?%?")


def is_formula_like(value: object) -> bool:
    """Text a spreadsheet would evaluate: starts with a formula character, not a plain number."""
    return (
        isinstance(value, str)
        and value.startswith(FORMULA_START)
        and not _PLAIN_NUMBER.fullmatch(value)
    )


def neutralise(value: Any) -> Any:
    """A CSV cell's value, with formula-like text prefixed by an apostrophe (shown as text)."""
    return "'" + value if is_formula_like(value) else value


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def to_json(report: Report) -> str:
    payload = {
        "report": report.name,
        "title": report.title_zh,
        "as_of": report.as_of.isoformat(),
        "summary": _plain(report.summary),
        "tables": {
            t.name: {"title": t.title_zh, "rows": _plain(t.rows), "totals": _plain(t.totals)}
            for t in report.tables
        },
    }
    return json.dumps(payload, ensure_ascii=False, indent=2)


def _cell(column: Column, value: Any) -> str:
    if value is None:
        return ""
    if column.kind == "money" and isinstance(value, Decimal):
        return f"{quantize(value):,.2f}"
    if column.kind == "percent" and isinstance(value, Decimal):
        return f"{value * 100:.2f}%"
    if column.kind == "ratio" and isinstance(value, Decimal):
        return f"{value:.4f}"
    return str(value)


BOM = "\ufeff"


def to_csv(report: Report) -> str:
    """The report as CSV text, beginning with a byte-order mark (Excel reads it as UTF-8)."""
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out)
    for table in report.tables:
        writer.writerow([neutralise(f"# {table.title_zh} {table.title_en}")])
        writer.writerow([neutralise(f"{c.title_zh} {c.title_en}") for c in table.columns])
        for row in [*table.rows, *([table.totals] if table.totals else [])]:
            writer.writerow(
                [
                    neutralise(_plain(row.get(c.key))) if row.get(c.key) is not None else ""
                    for c in table.columns
                ]
            )
        writer.writerow([])
    return out.getvalue()


def print_table(report: Report, console: Console | None = None) -> None:
    console = console or Console(emoji=False)  # ":Bank:" in an account is not an emoji
    console.print(f"[bold]{report.title_zh}[/bold] {report.title_en} — 截至 as of {report.as_of}")
    for key, value in report.summary.items():
        console.print(f"  {key}: {_plain(value)}")
    for table in report.tables:
        columns = [
            Col(
                f"{c.title_zh}\n{c.title_en}",
                "right" if c.kind in ("money", "int", "ratio", "percent", "units") else "left",
            )
            for c in table.columns
        ]
        rows = [[_cell(c, row.get(c.key)) for c in table.columns] for row in table.rows]
        if table.totals:
            rows.append([_cell(c, table.totals.get(c.key)) for c in table.columns])
        print_fitted(
            console,
            f"{table.title_zh} {table.title_en}",
            columns,
            rows,
            bold_last=bool(table.totals),
        )


def _excel_value(column: Column, value: Any) -> Any:
    if isinstance(value, Decimal):
        # openpyxl stores numbers as floats; the books stay Decimal, the sheet is a view.
        return float(quantize(value)) if column.kind == "money" else float(value)
    return value


NUMERIC = ("money", "int", "ratio", "percent", "units")
MAX_WIDTH = 60


def _shown(column: Column, value: Any) -> str:
    """The text a cell shows, for sizing its column."""
    if column.kind == "money" and isinstance(value, Decimal):
        return f"{quantize(value):,.2f}元"
    return _cell(column, value)


def _sum_formula(column: Column, rows: list[dict[str, Any]], total: Any, letter: str) -> str | None:
    """``=SUM(C2:Cn)`` when the totals row holds the column's sum; None otherwise."""
    if column.kind not in NUMERIC or not isinstance(total, Decimal) or not rows:
        return None
    values = [r.get(column.key) for r in rows]
    numbers = [v for v in values if isinstance(v, Decimal | int) and not isinstance(v, bool)]
    if total != sum(numbers, Decimal(0)):
        return None
    return f"=SUM({letter}2:{letter}{len(rows) + 1})"


def _number(value: Any) -> Any:
    """A summary value for a cell: numbers stay numbers, the rest is text."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral() else float(value)
    if isinstance(value, int | float | date):
        return value
    return str(_plain(value))


def _set_text(cell: Any, value: Any) -> None:
    """Store `value`; formula-like text as a plain string (openpyxl would store ``=…`` as a
    formula), quote-prefixed so that editing the cell in Excel keeps it text."""
    cell.value = value
    if is_formula_like(value):
        cell.data_type = "s"
        cell.quotePrefix = True


def to_xlsx(report: Report, path: Path) -> None:
    workbook = Workbook()
    workbook.remove(workbook.active)
    header_fill = PatternFill("solid", fgColor="DDEBF7")
    for table in report.tables:
        sheet = workbook.create_sheet(title=table.title_zh[:31])
        for index, column in enumerate(table.columns, start=1):
            cell = sheet.cell(row=1, column=index, value=f"{column.title_zh}\n{column.title_en}")
            cell.font = Font(bold=True)
            cell.fill = header_fill
            cell.alignment = Alignment(wrap_text=True, vertical="center")
        for r, row in enumerate(table.rows, start=2):
            for index, column in enumerate(table.columns, start=1):
                cell = sheet.cell(row=r, column=index)
                _set_text(cell, _excel_value(column, row.get(column.key)))
                if column.kind in FORMATS:
                    cell.number_format = FORMATS[column.kind]
        if table.totals is not None:
            r = len(table.rows) + 2
            for index, column in enumerate(table.columns, start=1):
                letter = get_column_letter(index)
                total = table.totals.get(column.key)
                formula = _sum_formula(column, table.rows, total, letter)
                cell = sheet.cell(row=r, column=index)
                if formula is not None:
                    cell.value = formula  # the writer's own formula, never report text
                else:
                    _set_text(cell, _excel_value(column, total))
                if column.kind in FORMATS:
                    cell.number_format = FORMATS[column.kind]
                cell.font = Font(bold=True)
        rows = [*table.rows, *([table.totals] if table.totals else [])]
        for index, column in enumerate(table.columns, start=1):
            widths = [cell_len(t) for t in (column.title_zh, column.title_en)]
            widths += [cell_len(_shown(column, row.get(column.key))) for row in rows]
            sheet.column_dimensions[get_column_letter(index)].width = min(
                MAX_WIDTH, max(widths) + 3
            )
        sheet.freeze_panes = "A2"
    info = workbook.create_sheet(title="说明 About", index=0)
    about: list[tuple[str, Any]] = [
        ("报表 Report", f"{report.title_zh} {report.title_en}"),
        ("截至 As of", report.as_of),
        *((str(key), _number(value)) for key, value in report.summary.items()),
    ]
    for r, pair in enumerate(about, start=1):
        for c, value in enumerate(pair, start=1):
            cell = info.cell(row=r, column=c)
            _set_text(cell, value)
            if isinstance(value, date):
                cell.number_format = FORMATS["date"]
            elif isinstance(value, float | int):
                cell.number_format = "#,##0.00" if isinstance(value, float) else "#,##0"
    width_a = max(cell_len(str(c.value or "")) for c in info["A"])
    width_b = max(cell_len(str(_plain(c.value) or "")) for c in info["B"])
    info.column_dimensions["A"].width = min(MAX_WIDTH, width_a + 3)
    info.column_dimensions["B"].width = min(MAX_WIDTH, max(width_b, 12) + 3)
    workbook.save(path)

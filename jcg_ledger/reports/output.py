"""Report rendering: rich table, JSON, CSV and Excel (openpyxl).

Excel sheets have Chinese headers (English beneath), the 元 number format, a frozen header
row and a totals row, as management reads them.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from rich.console import Console
from rich.table import Table as RichTable

from jcg_ledger.money import quantize
from jcg_ledger.reports.base import Column, Report

YUAN_FORMAT = '#,##0.00"元"'
FORMATS = {
    "money": YUAN_FORMAT,
    "ratio": "0.0000",
    "percent": "0.00%",
    "int": "0",
    "units": "#,##0.####",
    "date": "yyyy-mm-dd",
}


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


def to_csv(report: Report) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    for table in report.tables:
        writer.writerow([f"# {table.title_zh} {table.title_en}"])
        writer.writerow([f"{c.title_zh} {c.title_en}" for c in table.columns])
        for row in [*table.rows, *([table.totals] if table.totals else [])]:
            writer.writerow(
                [
                    _plain(row.get(c.key)) if row.get(c.key) is not None else ""
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
        rich = RichTable(title=f"{table.title_zh} {table.title_en}", show_lines=False)
        for column in table.columns:
            numeric = column.kind in ("money", "int", "ratio", "percent", "units")
            justify: Literal["right", "left"] = "right" if numeric else "left"
            rich.add_column(f"{column.title_zh}\n{column.title_en}", justify=justify)
        for row in table.rows:
            rich.add_row(*[_cell(c, row.get(c.key)) for c in table.columns])
        if table.totals:
            rich.add_row(*[_cell(c, table.totals.get(c.key)) for c in table.columns], style="bold")
        console.print(rich)


def _excel_value(column: Column, value: Any) -> Any:
    if isinstance(value, Decimal):
        # openpyxl stores numbers as floats; the books stay Decimal, the sheet is a view.
        return float(quantize(value)) if column.kind == "money" else float(value)
    return value


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
            sheet.column_dimensions[get_column_letter(index)].width = max(
                14, len(column.title_en) + 4
            )
        rows = [*table.rows, *([table.totals] if table.totals else [])]
        for r, row in enumerate(rows, start=2):
            for index, column in enumerate(table.columns, start=1):
                cell = sheet.cell(
                    row=r, column=index, value=_excel_value(column, row.get(column.key))
                )
                if column.kind in FORMATS:
                    cell.number_format = FORMATS[column.kind]
                if table.totals is not None and row is table.totals:
                    cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
    info = workbook.create_sheet(title="说明 About", index=0)
    info.append(["报表 Report", f"{report.title_zh} {report.title_en}"])
    info.append(["截至 As of", report.as_of.isoformat()])
    for key, value in report.summary.items():
        info.append([str(key), str(_plain(value))])
    info.column_dimensions["A"].width = 28
    info.column_dimensions["B"].width = 40
    workbook.save(path)

"""Reading a department's list: an Excel workbook (xlsx) or a CSV file, as rows of cells.

Rows keep the number the sheet shows (Excel's row number, the CSV line), so a message can
point finance staff at the cell. Merged cells carry their value into every cell they cover
(a 文号 merged down a block of rows belongs to each of them). CSV files come in UTF-8, UTF-8
with a BOM (Excel's "CSV UTF-8"), or GBK/GB18030 (Excel's "CSV" on Chinese Windows)::

    >>> decode("企业名称".encode("gbk"))
    ('企业名称', 'gb18030')
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

MAX_BYTES = 32 * 1024 * 1024
MAX_ROWS = 100_000

Cell = str | Decimal | date | None


class ReadError(ValueError):
    """A file that cannot be read as a list at all."""


@dataclass(frozen=True)
class Row:
    number: int  # as the sheet shows it (1-based)
    cells: tuple[Cell, ...]

    def blank(self) -> bool:
        return all(c is None or (isinstance(c, str) and not c.strip()) for c in self.cells)


@dataclass(frozen=True)
class Sheet:
    source: str
    name: str
    rows: tuple[Row, ...]
    encoding: str | None = None  # CSV only


def decode(data: bytes) -> tuple[str, str]:
    """The text of a CSV file and the encoding it was in."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        # GB18030 is a superset of GBK (and of GB2312): one decoder reads all three.
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError as exc:
        raise ReadError(
            f"无法识别编码(应为 UTF-8 或 GBK) encoding not UTF-8 nor GBK/GB18030: {exc}"
        ) from None


def _cell(value: Any) -> Cell:
    """A spreadsheet value as the importer reads it: text, an exact number or a date."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        # Excel stores numbers as binary doubles; the shortest repr is what the cell shows.
        return Decimal(repr(value))
    if isinstance(value, Decimal):
        return value
    return str(value)


def read_csv(data: bytes, source: str) -> Sheet:
    text, encoding = decode(data)
    reader = csv.reader(io.StringIO(text, newline=""))
    rows: list[Row] = []
    start = 1
    try:
        for record in reader:
            rows.append(Row(start, tuple(_cell(c) for c in record)))
            start = reader.line_num + 1
            if len(rows) > MAX_ROWS:
                raise ReadError(f"{source}: 行数过多 more than {MAX_ROWS} rows")
    except csv.Error as exc:
        raise ReadError(f"{source}:{start}: CSV 格式错误 malformed CSV: {exc}") from None
    return Sheet(source, Path(source).stem, tuple(rows), encoding)


def read_xlsx(path: Path, sheet: str | None) -> Sheet:
    from openpyxl import load_workbook

    try:
        # Not read_only: merged ranges are only known to a fully loaded sheet.
        book = load_workbook(path, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise ReadError(f"{path.name}: 不是 xlsx 工作簿 not an xlsx workbook: {exc}") from None
    if sheet is not None and sheet not in book.sheetnames:
        raise ReadError(
            f"{path.name}: 无工作表 no sheet {sheet!r} (sheets: {', '.join(book.sheetnames)})"
        )
    ws = book[sheet] if sheet is not None else book.worksheets[0]
    if ws.max_row > MAX_ROWS:
        raise ReadError(f"{path.name}: 行数过多 more than {MAX_ROWS} rows")
    grid: dict[tuple[int, int], Any] = {}
    for merged in ws.merged_cells.ranges:
        value = ws.cell(merged.min_row, merged.min_col).value
        for r in range(merged.min_row, merged.max_row + 1):
            for c in range(merged.min_col, merged.max_col + 1):
                grid[(r, c)] = value
    rows = []
    for r, values in enumerate(ws.iter_rows(values_only=True), start=1):
        cells = tuple(_cell(grid.get((r, c), v)) for c, v in enumerate(values, start=1))
        rows.append(Row(r, cells))
    return Sheet(path.name, ws.title, tuple(rows))


def read_sheet(path: Path, sheet: str | None = None) -> Sheet:
    """Read an xlsx workbook's sheet (the first unless named) or a CSV file."""
    if not path.is_file():
        raise ReadError(f"文件不存在 no such file: {path}")
    if path.stat().st_size > MAX_BYTES:
        raise ReadError(f"{path.name}: 文件过大 larger than {MAX_BYTES} bytes")
    data = path.read_bytes()
    if data.startswith(b"PK\x03\x04"):
        return read_xlsx(path, sheet)
    if path.suffix.lower() in (".xls", ".et"):
        raise ReadError(
            f"{path.name}: 请另存为 xlsx 或 CSV save the old .xls workbook as xlsx or CSV first"
        )
    if sheet is not None:
        raise ReadError(f"{path.name}: CSV 文件没有工作表 a CSV file has no sheets (--sheet)")
    return read_csv(data, path.name)

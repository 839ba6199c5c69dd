"""Departments' lists made in the tests: xlsx workbooks and CSV files as staff receive them."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from jcg_ledger.demo.registry import uscc_for
from tests.conftest import entity

# The entities of the lists: code, registered name, USCC index (uscc_for).
ENTITIES = (
    ("JC-LAB", "晋城先进材料实验室", 1, "institution"),
    ("JC-PHOTON", "晋城光子科技有限公司", 2, "company"),
    ("JC-HYDRO", "晋城氢能装备有限公司", 3, "company"),
    ("JC-TEAM", "光电创新创业团队", 4, "team"),
)


def registry() -> list[dict[str, Any]]:
    return [
        {**entity(code, kind=kind, index=index), "name": name}
        for code, name, index, kind in ENTITIES
    ]


def uscc(code: str) -> str:
    return uscc_for(next(i for c, _, i, _ in ENTITIES if c == code))


def xlsx(
    path: Path,
    title: str,
    header: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    merges: Sequence[str] = (),
    sheet: str = "名单",
) -> Path:
    """A workbook as a department sends it: a title row merged across, the header, rows."""
    book = Workbook()
    ws = book.active
    ws.title = sheet
    ws.append([title])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    ws.append(list(header))
    for row in rows:
        ws.append(list(row))
    for cells in merges:
        ws.merge_cells(cells)
    book.save(path)
    return path


def csv_bytes(lines: Sequence[Sequence[Any]], encoding: str) -> bytes:
    """CSV as Excel writes it on Chinese Windows (GBK) or as "CSV UTF-8" (utf-8-sig)."""
    text = "\r\n".join(",".join("" if c is None else str(c) for c in line) for line in lines)
    return (text + "\r\n").encode(encoding)

"""How a list's cells read: units from the header, dates, encodings (figures by hand)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from jcg_ledger.importer.read import decode
from jcg_ledger.importer.rows import CellError, _date, _money
from jcg_ledger.importer.templates import normalise_header, split_unit


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("核定金额(万元)", ("核定金额", "万元")),
        ("核定金额（万元）", ("核定金额", "万元")),  # full-width brackets
        ("核定金额 \n(万元)", ("核定金额", "万元")),  # a line break in the header cell
        ("核定金额/万元", ("核定金额", "万元")),
        ("核定金额(元)", ("核定金额", "元")),
        ("核定金额", ("核定金额", None)),
    ],
)
def test_the_unit_is_read_from_the_header(header: str, expected: tuple[str, str | None]) -> None:
    assert split_unit(header) == expected


@pytest.mark.parametrize(
    ("cell", "unit", "yuan"),
    [
        (Decimal("50"), "万元", "500000.00"),
        (Decimal("12.345678"), "万元", "123456.78"),  # 12.345678 × 10,000
        ("1,234.5", "万元", "12345000.00"),
        ("50万", None, "500000.00"),
        ("500000元", None, "500000.00"),
        (Decimal("0.5"), None, "0.50"),
    ],
)
def test_money_cells(cell: object, unit: str | None, yuan: str) -> None:
    assert _money(cell, unit) == yuan  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("cell", "unit", "rule"),
    [
        (Decimal("1.2345678"), "万元", "money"),  # 12,345.678 元: below 分
        ("３", "万元", "money"),  # full-width digit
        ("50万", "元", "unit"),
        ("500元", "万元", "unit"),
        ("约50", "万元", "money"),
    ],
)
def test_money_cells_refused(cell: object, unit: str | None, rule: str) -> None:
    with pytest.raises(CellError) as refused:
        _money(cell, unit)  # type: ignore[arg-type]
    assert refused.value.rule == rule


def test_dates() -> None:
    assert _date(date(2025, 3, 1)) == "2025-03-01"
    assert _date("2025/3/1") == _date("2025年3月1日") == _date("2025.03.01") == "2025-03-01"
    for bad in ("20250301", "2025-02-30", "3/1/2025"):
        with pytest.raises(CellError, match="YYYY-MM-DD"):
            _date(bad)


def test_encodings_are_detected() -> None:
    text = "企业名称,核定金额(万元)\r\n"
    assert decode(text.encode("gbk")) == (text, "gb18030")
    assert decode(text.encode("gb18030")) == (text, "gb18030")
    assert decode(text.encode("utf-8")) == (text, "utf-8")
    assert decode(text.encode("utf-8-sig")) == (text, "utf-8-sig")


def test_headers_normalise() -> None:
    assert normalise_header(" 企业（单位）名称 ") == "企业(单位)名称"

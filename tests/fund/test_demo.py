"""The fund chapter of the demo: checks clean, FIFO exit and tolerance figures by hand."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from jcg_ledger.check import check
from jcg_ledger.demo import build_demo
from jcg_ledger.reports import BooksView
from jcg_ledger.reports.fund import build


def test_the_fund_demo(tmp_path: Path) -> None:
    ledger, _ = build_demo(tmp_path / "demo")
    result = check(ledger)
    assert result.ok, result.as_dict()
    assert result.warnings["fund"] == []
    report = build(BooksView.load(ledger), date(2028, 12, 31))
    hydro = next(r for r in report.table("portfolio").rows if r["entity"] == "JC-HYDRO")
    # 1,000,000 units at 3.00 then 600,000 at 5.00; 1,200,000 sold for 9,000,000 (FIFO):
    # cost 3,000,000 + 200,000 × 5.00 = 4,000,000, gain 5,000,000; 400,000 units left at 5.00.
    assert hydro["realised"] == Decimal("5000000.00")
    assert hydro["cost"] == Decimal("2000000.00")
    # Seed: written off 1,000,000 + 1,500,000, JC-SENSOR marked 0.80 on 1,000,000 units
    # costing 1,500,000 (mark-down 700,000): 3,200,000 / 9,500,000.
    seed = next(r for r in report.table("tolerance").rows if r["subject"] == "seed")
    assert seed["loss"] == Decimal("3200000.00") and seed["cost"] == Decimal("9500000.00")
    # Paid in 45,000,000; distributed 12,000,000: DPI 0.2667.
    assert report.summary["DPI"] == Decimal("0.2667")

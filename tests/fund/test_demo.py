"""The fund chapter of the demo: checks clean, FIFO exit and tolerance figures by hand."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from jcg_ledger.books.layout import Ledger
from jcg_ledger.check import check
from jcg_ledger.demo import build_demo
from jcg_ledger.reports import BooksView
from jcg_ledger.reports.capital_accounts import build as capital_accounts
from jcg_ledger.reports.fund import build


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Ledger:
    ledger, _ = build_demo(tmp_path_factory.mktemp("fund-demo") / "demo")
    return ledger


def test_the_fund_demo(demo: Ledger) -> None:
    ledger = demo
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
    # NAV: cash 45,000,000 − 34,000,000 invested − 2,000,000 fees + 9,000,000 exit −
    # 12,000,000 distributed = 6,000,000; portfolio at fair value 30,100,000 (docs/fund.md).
    assert report.summary["基金净值 NAV"] == Decimal("36100000.00")
    investors = {r["investor"]: r for r in report.table("investors").rows}
    # Gross MOIC (9,000,000 + 30,100,000) / 34,000,000 = 1.15; net TVPI of the government
    # (4,800,000 + 15,240,000 − 40% of the 2,000,000 not yet allocated) / 18,000,000 = 1.0689.
    assert investors["GOV-JCIG"]["gross_moic"] == Decimal("1.1500")
    assert investors["GOV-JCIG"]["net_tvpi"] == Decimal("1.0689")


def test_the_demo_capital_accounts(demo: Ledger) -> None:
    view = BooksView.load(demo)
    report = capital_accounts(view, date(2028, 12, 31))
    rows = {r["partner"]: r for r in report.table("capital").rows}
    # Results allocated at the year ends closed (docs/fund.md): 2025 −500,000; 2026 −300,000;
    # 2027 +5,900,000: +5,100,000, 40% / 36% / 24% by paid-in. 2028's −2,000,000 awaits its
    # close: a row of its own.
    expected = {
        # committed, paid in, distributed, allocated, ending
        "GOV-JCIG": ("20000000", "18000000", "4800000", "2040000", "15240000"),
        "SOC-TAIHANG": ("18000000", "16200000", "4320000", "1836000", "13716000"),
        "SOC-FENHE": ("12000000", "10800000", "2880000", "1224000", "9144000"),
        "": ("0", "0", "0", "-2000000", "-2000000"),
    }
    for partner, figures in expected.items():
        row = rows[partner]
        got = tuple(
            row.get(k) or Decimal(0)
            for k in ("committed", "paid_in", "distributed", "allocated", "ending")
        )
        assert got == tuple(Decimal(f) for f in figures), partner
    table = report.table("capital")
    assert table.totals is not None and table.totals["ending"] == Decimal("36100000")
    assert report.summary["基金净资产 net assets"] == Decimal("36100000.00")
    assert report.summary["差额 difference"] == 0
    # The city's stake by the equity method: 18,000,000 − 4,800,000 + 2,040,000.
    city = view.entries("city")
    stake = sum(
        (p.units.number for e in city for p in getattr(e, "postings", ())
         if p.account == "Assets:Investment:Fund"),
        Decimal(0),
    )  # fmt: skip
    assert stake == Decimal("15240000.00")

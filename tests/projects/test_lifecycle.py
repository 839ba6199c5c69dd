"""先投后股 end to end through `post`: the REFERENCE.md worked example and a full lifecycle.

Every figure is computed by hand below, with the arithmetic shown.
"""

from __future__ import annotations

import math
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from jcg_ledger.books.layout import Ledger
from jcg_ledger.check import check
from jcg_ledger.reports import REPORTS, BooksView
from tests.conftest import entity, funding, post_raw


def ev(id_: str, type_: str, on: str, **fields: Any) -> dict[str, Any]:
    return {"id": id_, "type": type_, "date": on, **fields}


def test_reference_worked_example(ledger: Ledger) -> None:
    # REFERENCE.md: cost 5,000,000, first disbursed 2025-06-01 (LPR in force: 3.00% from
    # 2025-05-20), settled 2028-06-01: 2025-06-01 → 2028-06-01 = 365 + 365 + 366 (the third
    # year holds 2028-02-29) = 1,096 days.
    # 5,000,000 × (1 + 0.03 × 1096/365) = 5,000,000 + 450,410.958904… = 5,450,410.96.
    post_raw(
        ledger,
        [
            *funding(),
            entity("ACME", index=1),
            entity("FOUNDER", index=2, kind="team"),
            ev("f1", "project.fund", "2025-03-01", amount="500万"),
            ev("a1", "project.approve", "2025-05-01", project="P1", entity="ACME", amount="500万"),
            ev("d1", "project.disburse", "2025-06-01", project="P1", amount="500万"),
            ev(
                "c1",
                "project.convert",
                "2025-12-01",
                project="P1",
                to="equity",
                units=500000,
                total_units=2_000_000,
            ),
            ev(
                "b1",
                "buyback.agree",
                "2025-12-01",
                project="P1",
                obligor="FOUNDER",
                tranches=[{"due": "2028-06-01", "fraction": 1, "method": "lpr-simple"}],
            ),
            ev("s1", "buyback.settle", "2028-06-01", project="P1", tranche=1, amount="5450410.96"),
        ],
    )
    view = BooksView.load(ledger)
    report = REPORTS["buybacks"](view, date(2028, 6, 1))
    (row,) = report.table("tranches").rows
    assert row["price_at_due"] == Decimal("5450410.96")
    assert row["price_as_of"] == Decimal("5450410.96")
    assert row["received"] == Decimal("5450410.96")
    assert row["status"].startswith("已结清 settled")
    # Realised gain: 5,450,410.96 − 5,000,000 = 450,410.96.
    exits = REPORTS["exits"](view, date(2028, 6, 1)).table("projects").rows[0]
    assert exits["realised_gain"] == Decimal("450410.96")
    # As of the day before, the price due at the report date is one day shorter:
    # 5,000,000 × 0.03 × 1095/365 = 450,000.00 → 5,450,000.00; due date price unchanged.
    before = REPORTS["buybacks"](view, date(2028, 5, 31)).table("tranches").rows[0]
    assert before["price_as_of"] == Decimal("5450000.00")
    assert before["price_at_due"] == Decimal("5450410.96")
    assert before["status"] == "未到期 scheduled"
    assert check(ledger).ok


LIFECYCLE = [
    *funding(),
    entity("ACME", index=1),
    entity("FOUNDER", index=2, kind="team"),
    ev("f1", "project.fund", "2025-03-01", amount="1000万"),
    ev("a1", "project.approve", "2025-05-01", project="P1", entity="ACME", amount="500万"),
    ev("d1", "project.disburse", "2025-06-01", project="P1", amount="300万"),
    ev("d2", "project.disburse", "2025-09-01", project="P1", amount="200万"),
    # Round price 12.50 less 20% → 10.00 a unit; 5,000,000 / 10 = 500,000 units.
    ev(
        "c1",
        "project.convert",
        "2026-01-10",
        project="P1",
        to="equity",
        round_price="12.50",
        discount="20%",
        total_units=2_000_000,
    ),
    ev(
        "b1",
        "buyback.agree",
        "2026-01-10",
        project="P1",
        obligor="FOUNDER",
        tranches=[
            {"due": "2027-01-10", "fraction": "0.2", "method": "lpr-simple"},
            {"due": "2027-07-10", "fraction": "0.2", "method": "principal"},
            {"due": "2028-01-10", "fraction": "0.2", "method": "fixed-rate-simple", "rate": "5%"},
        ],
    ),
    ev("s1", "buyback.settle", "2027-01-10", project="P1", tranche=1, amount="1048328.77"),
    # T2 at principal, 1,000,000, settled 30 days late with 10,000 of late interest agreed.
    ev(
        "s2",
        "buyback.settle",
        "2027-08-09",
        project="P1",
        tranche=2,
        amount="1010000",
        late_interest="10000",
    ),
    ev("m1", "equity.mark", "2027-12-31", project="P1", price="13"),
    ev("s3", "buyback.settle", "2028-01-10", project="P1", tranche=3, amount="1130547.95"),
    ev(
        "x1",
        "equity.exit",
        "2028-06-30",
        project="P1",
        units=200000,
        amount="260万",
        method="transfer",
    ),
]


@pytest.fixture
def lifecycle(ledger: Ledger) -> Ledger:
    post_raw(ledger, LIFECYCLE)
    return ledger


def test_lifecycle_books_pass_check(lifecycle: Ledger) -> None:
    result = check(lifecycle)
    assert result.ok, result.as_dict()
    assert not any(result.warnings.values()), result.warnings


def test_lifecycle_prices_gains_moic_xirr(lifecycle: Ledger) -> None:
    view = BooksView.load(lifecycle)
    rows = REPORTS["buybacks"](view, date(2028, 6, 30)).table("tranches").rows
    # Each tranche is 0.2 × 500,000 = 100,000 units at 10.00 = cost 1,000,000.
    # T1 lpr-simple, LPR 3.00% on 2025-06-01; 2025-06-01 → 2027-01-10 = 365 + 214 + 9 = 588 days:
    #   1,000,000 × 0.03 × 588/365 = 48,328.767… → 1,048,328.77.
    # T2 principal: 1,000,000.00 (settled 2027-08-09, 30 days late, for 1,010,000).
    # T3 fixed 5%; 2025-06-01 → 2028-01-10 = 588 + 365 = 953 days:
    #   1,000,000 × 0.05 × 953/365 = 130,547.945… → 1,130,547.95.
    assert [r["price_at_due"] for r in rows] == [
        Decimal("1048328.77"),
        Decimal("1000000.00"),
        Decimal("1130547.95"),
    ]
    assert [r["units"] for r in rows] == [Decimal(100000)] * 3
    assert "30" in rows[1]["status"] and rows[1]["status"].startswith("已结清")
    exits = REPORTS["exits"](view, date(2028, 6, 30)).table("projects").rows[0]
    # Realised gains: 48,328.77 + 10,000 + 130,547.95 + (2,600,000 − 200,000 × 10 = 600,000)
    #   = 788,876.72.
    assert exits["realised_gain"] == Decimal("788876.72")
    assert exits["invested"] == Decimal("5000000.00")
    # Proceeds 1,048,328.77 + 1,010,000 + 1,130,547.95 + 2,600,000 = 5,788,876.72.
    assert exits["proceeds"] == Decimal("5788876.72")
    assert exits["units_held"] == 0 and exits["unrealised"] == 0
    assert exits["status"] == "exited"
    # MOIC = 5,788,876.72 / 5,000,000 = 1.157775344 → 1.1578.
    assert exits["moic"] == Decimal("1.1578")
    # Holding days: 2025-06-01 → 2028-06-01 = 1,096 (see the worked example), + 29 = 1,125.
    assert exits["holding_days"] == (date(2028, 6, 30) - date(2025, 6, 1)).days == 1125
    # XIRR: the rate r at which the flows' present value is zero, checked by hand with
    # Σ cf / (1 + r)^(days/365) — and the rate just below/above gives opposite signs.
    flows = [
        (date(2025, 6, 1), -3_000_000.0),
        (date(2025, 9, 1), -2_000_000.0),
        (date(2027, 1, 10), 1_048_328.77),
        (date(2027, 8, 9), 1_010_000.0),
        (date(2028, 1, 10), 1_130_547.95),
        (date(2028, 6, 30), 2_600_000.0),
    ]

    def npv(r: float) -> float:
        return sum(cf / (1 + r) ** ((d - flows[0][0]).days / 365) for d, cf in flows)

    rate = float(exits["xirr"])
    assert 0.06 < rate < 0.07
    assert npv(rate - 0.0001) > 0 > npv(rate + 0.0001)
    assert math.isclose(npv(rate), 0, abs_tol=1000)


def test_overdue_tranche_in_its_ageing_bucket(lifecycle: Ledger) -> None:
    view = BooksView.load(lifecycle)
    # As of 2027-08-01 tranche 2 (due 2027-07-10, principal 1,000,000) is unpaid:
    # 2027-07-10 → 2027-08-01 = 22 days overdue → bucket 1–30 days.
    rows = REPORTS["buybacks"](view, date(2027, 8, 1)).table("tranches").rows
    t2 = rows[1]
    assert t2["days_overdue"] == 22
    assert t2["status"] == "逾期22天 overdue 22 days"
    assert t2["age_1_30"] == Decimal("1000000.00")
    assert t2["age_31_90"] == t2["age_91_180"] == t2["age_over_180"] == 0
    # Tranche 1 settled on time, tranche 3 not yet due.
    assert rows[0]["status"] == "已结清 settled" and rows[2]["status"] == "未到期 scheduled"
    # As of 2027-11-01 tranche 2 is settled (2027-08-09): nothing left in a bucket.
    later = REPORTS["buybacks"](view, date(2027, 11, 1)).table("tranches").rows
    assert later[1]["age_1_30"] == 0 and later[1]["received"] == Decimal("1010000.00")
    # The totals row adds the buckets up.
    totals = REPORTS["buybacks"](view, date(2027, 8, 1)).table("tranches").totals
    assert totals is not None and totals["age_1_30"] == Decimal("1000000.00")

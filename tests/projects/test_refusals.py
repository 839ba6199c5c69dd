"""Bad project events are refused, naming the rule, and leave the books byte-identical."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from jcg_ledger.books.layout import Ledger
from jcg_ledger.check import check
from jcg_ledger.post import PostError
from jcg_ledger.reports import REPORTS, BooksView
from tests.conftest import entity, funding, post_raw, snapshot


def ev(id_: str, type_: str, on: str, **fields: Any) -> dict[str, Any]:
    return {"id": id_, "type": type_, "date": on, **fields}


SETUP = [
    *funding(),
    entity("ACME", index=1),
    entity("BETA", index=2),
    entity("GAMMA", index=3),
    entity("FOUNDER", index=4, kind="team"),
    ev("f1", "project.fund", "2025-03-01", amount="300万"),
    # P1: equity, 100,000 units at 10.00; tranche 1 = 0.5 → 50,000 units.
    ev("a1", "project.approve", "2025-05-01", project="P1", entity="ACME", amount="100万"),
    ev("d1", "project.disburse", "2025-06-01", project="P1", amount="100万"),
    ev(
        "c1",
        "project.convert",
        "2026-01-10",
        project="P1",
        to="equity",
        units=100000,
        total_units=400000,
    ),
    ev(
        "b1",
        "buyback.agree",
        "2026-01-10",
        project="P1",
        obligor="FOUNDER",
        tranches=[{"due": "2027-01-10", "fraction": "0.5", "method": "principal"}],
    ),
    # P2: debt, 1,000,000 at 4%, bullet, maturity 2028-01-10.
    ev("a2", "project.approve", "2025-05-01", project="P2", entity="BETA", amount="100万"),
    ev("d2", "project.disburse", "2025-06-01", project="P2", amount="100万"),
    ev(
        "c2",
        "project.convert",
        "2026-01-10",
        project="P2",
        to="debt",
        rate="4%",
        maturity="2028-01-10",
        method="bullet",
    ),
    # 2026-01-10 → 2026-07-10 = 181 days: 1,000,000 × 0.04 × 181/365 = 19,835.616… → 19,835.62.
    ev("i2", "debt.accrue", "2026-07-10", project="P2", through="2026-07-10"),
    # P3: approved 500,000, 300,000 disbursed, not converted.
    ev("a3", "project.approve", "2025-05-01", project="P3", entity="GAMMA", amount="50万"),
    ev("d3", "project.disburse", "2025-06-01", project="P3", amount="30万"),
]


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Ledger:
    from jcg_ledger.books.init import init_ledger

    ledger = init_ledger(tmp_path_factory.mktemp("refusals") / "ledger")
    post_raw(ledger, SETUP)
    return ledger


def test_setup_books_are_clean(base: Ledger) -> None:
    result = check(base)
    assert result.ok, result.as_dict()
    view = BooksView.load(base)
    p2 = view.state.projects.projects["P2"]
    assert p2.interest_receivable == Decimal("19835.62")
    assert view.state.projects.projects["P3"].status == "funded"
    rows = REPORTS["exits"](view, view.state.projects.projects["P3"].approved).table("projects")
    assert {r["project"] for r in rows.rows} == {"P1", "P2", "P3"}


BAD = [
    pytest.param(
        ev(
            "s9",
            "buyback.settle",
            "2027-01-10",
            project="P1",
            tranche=1,
            units=60000,
            amount="60万",
        ),
        "holdings",
        id="settle-more-than-tranche",
    ),
    pytest.param(
        [
            ev(
                "x9",
                "equity.exit",
                "2026-06-01",
                project="P1",
                units=80000,
                amount="80万",
                method="transfer",
            ),
            ev("s9", "buyback.settle", "2027-01-10", project="P1", tranche=1, amount="50万"),
        ],
        "holdings",
        id="settle-more-than-holding",
    ),
    pytest.param(
        ev(
            "x9",
            "equity.exit",
            "2026-06-01",
            project="P1",
            units=100001,
            amount="80万",
            method="ipo",
        ),
        "holdings",
        id="exit-more-than-holding",
    ),
    pytest.param(
        ev(
            "c9",
            "project.convert",
            "2026-02-01",
            project="P1",
            to="equity",
            units=5,
            total_units=400000,
        ),
        "conversion",
        id="convert-twice",
    ),
    pytest.param(
        ev(
            "b9",
            "buyback.agree",
            "2026-02-01",
            project="P3",
            obligor="FOUNDER",
            tranches=[{"due": "2027-01-10", "fraction": "0.5"}],
        ),
        "buyback-schedule",
        id="buyback-without-equity",
    ),
    pytest.param(
        ev(
            "b9",
            "buyback.agree",
            "2026-02-01",
            project="P1",
            obligor="FOUNDER",
            tranches=[{"due": "2027-06-10", "fraction": "0.6"}],
        ),
        "buyback-schedule",
        id="fractions-above-one",
    ),
    pytest.param(
        ev(
            "b9",
            "buyback.agree",
            "2026-02-01",
            project="P1",
            obligor="FOUNDER",
            tranches=[{"due": f"2027-0{m}-10", "fraction": "0.1"} for m in (2, 3, 4)],
        ),
        "buyback-schedule",
        id="too-many-tranches",
    ),
    pytest.param(
        # Approved 500,000, disbursed 300,000: 200,000.01 more would be 500,000.01.
        ev("d9", "project.disburse", "2025-07-01", project="P3", amount="200000.01"),
        "conversion",
        id="disburse-above-approved",
    ),
    pytest.param(
        # Entrusted 3,000,000, out in projects 1,000,000 + 1,000,000 + 300,000: 700,000 left.
        [
            ev(
                "a9",
                "project.approve",
                "2025-07-01",
                project="P9",
                entity="FOUNDER",
                amount="100万",
            ),
            ev("d9", "project.disburse", "2025-07-02", project="P9", amount="700000.01"),
        ],
        "conversion",
        id="disburse-above-entrusted-cash",
    ),
    pytest.param(
        ev(
            "c9",
            "project.convert",
            "2026-01-10",
            project="P3",
            to="equity",
            round_price="10",
            discount="25%",
            total_units=120000,
        ),
        "conversion",
        id="discount-above-max",
    ),
    pytest.param(
        ev("r9", "debt.repay", "2026-08-01", project="P2", principal="1000000.01"),
        "holdings",
        id="repay-principal-above-owed",
    ),
    pytest.param(
        # Accrued 19,835.62 through 2026-07-10; the repayment accrues the 22 days to 2026-08-01
        # first: 1,000,000 × 0.04 × 22/365 = 2,410.958… → 2,410.96; owed 22,246.58.
        ev("r9", "debt.repay", "2026-08-01", project="P2", interest="22246.59"),
        "holdings",
        id="repay-interest-above-accrued",
    ),
    pytest.param(
        ev("r9", "proceeds.remit", "2026-08-01", amount="200万"),
        "holdings",
        id="remit-above-cash",
    ),
]


@pytest.mark.parametrize(("raw", "rule"), BAD)
def test_refused_and_books_unchanged(
    base: Ledger, raw: dict[str, Any] | list[dict[str, Any]], rule: str
) -> None:
    before = snapshot(base)
    with pytest.raises(PostError) as info:
        post_raw(base, raw)
    assert info.value.rule == rule, info.value
    assert snapshot(base) == before

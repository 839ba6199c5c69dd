"""The demo books approve and pay under every subsidy measure, and pass bean-check."""

from __future__ import annotations

import random
from decimal import Decimal
from pathlib import Path

from jcg_ledger.demo import build_demo
from jcg_ledger.demo.subsidies import events
from jcg_ledger.policy import SUBSIDY_MEASURE_CODES
from jcg_ledger.policy.model import FUND_REWARD_CODE
from jcg_ledger.post import load_state


def test_demo_chapter_covers_every_measure() -> None:
    raw = events(random.Random(1))
    approved = {e["id"]: e["measure"] for e in raw if e["type"] == "subsidy.approve"}
    paid = {approved[e["approval"]] for e in raw if e["type"] == "subsidy.pay"}
    # fund-reward is approved and paid by fund.reward (the fund chapter), never subsidy.approve.
    assert set(approved.values()) == set(SUBSIDY_MEASURE_CODES) - {FUND_REWARD_CODE} == paid


def test_demo_books_pay_every_measure(tmp_path: Path) -> None:
    ledger, _ = build_demo(tmp_path / "demo")
    state, loaded = load_state(ledger)
    assert all(not loaded[b].errors for b in loaded)
    awards = state.subsidies.awards.values()
    assert {a.fact.measure for a in awards if a.paid > 0} == set(SUBSIDY_MEASURE_CODES) - {
        FUND_REWARD_CODE
    }
    rewards = [
        p
        for e in loaded["city"].entries
        if getattr(e, "meta", {}).get("type") == "fund.reward"
        for p in getattr(e, "postings", [])
        if p.account == "Expenses:FundReward"
    ]
    assert rewards, "the fund chapter pays the fund-reward measure through fund.reward"
    by_id = state.subsidies.awards
    # 50% × paid-in 2,000,000 = 1,000,000 → cap 500,000.
    assert by_id["sub-sc-photon"].amount == Decimal("500000")
    # Incubator: provincial 200,000, then national 500,000 − 200,000 = 300,000 top-up.
    assert by_id["sub-in-incub"].amount == Decimal("300000")
    # P-0002 left: 36,000 approved, 18,000 paid, 21,000 clawed back (18,000 cancelled).
    left = by_id["sub-la-p2"]
    assert (left.paid, left.cancelled, left.recovered_paid) == (
        Decimal("18000"),
        Decimal("18000"),
        Decimal("3000"),
    )

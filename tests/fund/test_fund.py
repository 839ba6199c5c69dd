"""The fund computed by hand: capital, portfolio, rewards, tolerance, report, reconciliation.

The scenario (tests/fund/scenario.py), every figure by hand:
- commitments: GOV-JCIG 20,000,000 (government), SOC-TAIHANG 18,000,000 + SOC-FENHE
  12,000,000 (social, 30,000,000); fund total 50,000,000 = the policy's size.
- call C1 40%: 8,000,000 + 7,200,000 + 4,800,000 = 20,000,000 called and paid.
- four seed investments of 3,000,000: cost 12,000,000; cash 20,000,000 − 12,000,000 = 8,000,000.
- rewards on SEED-A (rate 5%): SOC-TAIHANG 3,000,000 × 7,200,000 / 20,000,000 = 1,080,000
  × 5% = 54,000; SOC-FENHE 3,000,000 × 4,800,000 / 20,000,000 = 720,000 × 5% = 36,000.
- SEED-D written off: loss 3,000,000; seed ratio 3,000,000 / 12,000,000 = 25% ≤ 80%.
- SEED-A exited for 9,000,000: realised 9,000,000 − 3,000,000 = 6,000,000; cash 17,000,000.
- distribution 10,000,000 pro rata to paid-in (8 : 7.2 : 4.8 of 20): 4,000,000 / 3,600,000 /
  2,400,000, all return of capital (each ≤ its paid-in); cash 7,000,000.
- capital accounts (before any close): government contributed 8,000,000, distributed 4,000,000:
  −4,000,000 in the books (city Assets:Investment:Fund +4,000,000); SOC-TAIHANG −3,600,000;
  SOC-FENHE −2,400,000.
- NAV = 7,000,000 cash + SEED-B, SEED-C at cost 6,000,000 = 13,000,000.
- DPI = 10,000,000 / 20,000,000 = 0.50; RVPI = 13,000,000 / 20,000,000 = 0.65; TVPI = 1.15.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Callable
from decimal import Decimal

import pytest
from beancount.core import convert
from click.testing import Result

from jcg_ledger.books.layout import Ledger
from jcg_ledger.books.load import load_books
from jcg_ledger.post import PostError
from tests.conftest import post_raw, snapshot
from tests.fund import scenario as s

D = Decimal


def balances(ledger: Ledger, book: str) -> dict[str, Decimal]:
    """Balances in CNY (units held at cost count at cost) of every account and parent."""
    out: dict[str, Decimal] = defaultdict(Decimal)
    for entry in load_books(ledger)[book].entries:
        for posting in getattr(entry, "postings", ()):
            weight = convert.get_weight(posting)
            if weight.currency == "CNY":
                parts = posting.account.split(":")
                for n in range(1, len(parts) + 1):
                    out[":".join(parts[:n])] += weight.number
    return out


@pytest.fixture
def invested(ledger: Ledger) -> Ledger:
    """Capital called and paid, four seed investments made."""
    post_raw(ledger, s.registry() + s.capital() + s.portfolio())
    return ledger


def test_the_hand_computed_fund(invested: Ledger, cli: Callable[..., Result]) -> None:
    post_raw(invested, s.rewards() + s.outcomes())
    fund, city = balances(invested, "fund"), balances(invested, "city")
    assert fund["Equity:Capital:Government:GOV-JCIG"] == D("-4000000.00")
    assert fund["Equity:Capital:Government:GOV-JCIG:Contributed"] == D("-8000000.00")
    assert fund["Equity:Capital:Government:GOV-JCIG:Distributed"] == D("4000000.00")
    assert fund["Equity:Capital:Social:SOC-TAIHANG"] == D("-3600000.00")
    assert fund["Equity:Capital:Social:SOC-FENHE"] == D("-2400000.00")
    assert fund["Assets:Receivable:Call:GOV-JCIG"] == 0
    assert fund["Equity:Called:SOC-TAIHANG"] == 0
    assert fund["Assets:Bank:Fund"] == D("7000000.00")
    assert fund["Income:Investment:Disposal"] == D("-6000000.00")
    assert fund["Expenses:WriteOff"] == D("3000000.00")
    assert city["Assets:Investment:Fund"] == D("4000000.00")
    assert city["Expenses:FundReward"] == D("90000.00")  # 54,000 + 36,000
    assert city["Liabilities:Payable:FundReward"] == 0

    result = cli("report", "fund", "--as-of", "2027-12-31", "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    summary = report["summary"]
    assert summary["DPI"] == "0.5000"
    assert summary["RVPI"] == "0.6500"
    assert summary["TVPI"] == "1.1500"
    assert D(summary["基金净值 NAV"]) == D("13000000")
    assert D(summary["已付社会资本奖励 rewards paid"]) == D("90000")
    # IRR by hand: −20,000,000 on 2025-03-20, +10,000,000 on 2027-04-30 (771 days),
    # NAV 13,000,000 on 2027-12-31 (1,016 days). At r = 5.5% the NPV is +130,700, at 6%
    # −104,500; interpolating and one Newton step give r ≈ 5.777%.
    assert abs(D(summary["IRR"]) - D("0.0578")) <= D("0.0001")
    rewards = {
        (r["investor"], r["entity"]): D(r["amount"]) for r in report["tables"]["rewards"]["rows"]
    }
    assert rewards == {(s.TAI, "SEED-A"): D("54000.00"), (s.FEN, "SEED-A"): D("36000.00")}
    seed = next(r for r in report["tables"]["tolerance"]["rows"] if r["subject"] == "seed")
    assert D(seed["ratio"]) == D("0.25") and D(seed["limit"]) == D("0.80")
    assert seed["status"].startswith("容错内")
    investors = {r["investor"]: r for r in report["tables"]["investors"]["rows"]}
    assert D(investors[s.GOV]["nav_share"]) == D("5200000.00")  # 13,000,000 × 8 / 20
    assert D(investors[s.TAI]["unfunded"]) == D("10800000.00")  # 18,000,000 − 7,200,000

    check = cli("check")
    assert check.exit_code == 0, check.output


@pytest.mark.parametrize(
    ("event", "rule"),
    [
        # 40% called: a further 70% would take the call above the commitments.
        ({"type": "fund.call", "call": "C2", "percent": 70, "due": "2025-07-31"}, "fund-call"),
        (
            {"type": "fund.contribute", "investor": "SOC-NOBODY", "call": "C1", "amount": "1万"},
            "fund-investor",
        ),
        (
            {"type": "fund.contribute", "investor": s.TAI, "call": "C1", "amount": "0.01"},
            "fund-contribution",
        ),
        # 8,000,000 cash left.
        (
            {
                "type": "fund.invest",
                "entity": "SEED-A",
                "amount": "800.01万",
                "units": 1,
                "stage": "seed",
            },
            "fund-cash",
        ),
        (
            {"type": "fund.exit", "entity": "SEED-B", "units": 1000001, "amount": "100万"},
            "fund-units",
        ),
        ({"type": "fund.reward", "investor": s.GOV, "entity": "SEED-A"}, "fund-reward-government"),
        ({"type": "fund.distribute", "amount": "800.01万"}, "fund-cash"),
    ],
)
def test_bad_input_is_refused_and_the_books_are_unchanged(
    invested: Ledger, event: dict[str, object], rule: str
) -> None:
    before = snapshot(invested)
    with pytest.raises(PostError) as refused:
        post_raw(invested, {"id": "bad-1", "date": "2025-06-15", **event})
    assert refused.value.rule == rule
    assert snapshot(invested) == before


def test_a_second_reward_and_a_contribution_above_a_new_call(invested: Ledger) -> None:
    post_raw(
        invested,
        [
            *s.rewards(),
            {
                "id": "call-2",
                "type": "fund.call",
                "date": "2025-07-01",
                "call": "C2",
                "percent": 10,
                "due": "2025-07-31",
            },
        ],
    )
    before = snapshot(invested)
    with pytest.raises(PostError) as again:
        post_raw(invested, {**s.rewards()[0], "id": "rw-again", "date": "2025-08-01"})
    assert again.value.rule == "fund-reward-once"
    # C2 calls 10% of 18,000,000 = 1,800,000 from SOC-TAIHANG.
    with pytest.raises(PostError) as above:
        post_raw(
            invested,
            {
                "id": "pay-c2",
                "type": "fund.contribute",
                "date": "2025-07-10",
                "investor": s.TAI,
                "call": "C2",
                "amount": "180.01万",
            },
        )
    assert above.value.rule == "fund-contribution"
    assert snapshot(invested) == before


def test_a_hand_edited_government_flow_fails_the_reconciliation(
    invested: Ledger, cli: Callable[..., Result]
) -> None:
    assert cli("check").exit_code == 0
    journal = invested.journal("city", 2025)
    text = journal.read_text("utf-8")
    edited = re.sub(r"(Assets:Investment:Fund +)8000000.00 CNY", r"\g<1>7000000.00 CNY", text)
    edited = re.sub(r"(Assets:Bank:SpecialFund +)-8000000.00 CNY", r"\g<1>-7000000.00 CNY", edited)
    assert edited != text
    journal.write_text(edited, "utf-8")
    result = cli("check")
    assert result.exit_code == 1
    assert "对账不符" in result.output and "pay-GOV-JCIG" in result.output


def test_losses_beyond_tolerance_are_booked_and_flagged(
    invested: Ledger, cli: Callable[..., Result]
) -> None:
    # All four seed investments written off: seed 12,000,000 / 12,000,000 = 100% > 80%, booked
    # (a warning, not a refusal) and flagged on the fourth. The whole fund counts the realised
    # net loss over paid-in capital: 12,000,000 / 20,000,000 = 60%, not above 60%.
    post_raw(
        invested,
        [
            {"id": f"wo-{code}", "type": "fund.writeoff", "date": "2026-06-30", "entity": code,
             "reason": "破产清算 liquidated"}
            for code in ("SEED-B", "SEED-C", "SEED-D", "SEED-A")
        ],
    )  # fmt: skip
    result = cli("check", "--json")
    assert result.exit_code == 0, result.output
    warnings = json.loads(result.output)["warnings"]["fund"]
    assert len(warnings) == 1 and "[fund-tolerance-seed] 提示 warning" in warnings[0]
    text = invested.journal("fund", 2026).read_text("utf-8")
    assert 'tolerance: "fund-tolerance-seed"' in text
    assert text.count('tolerance: "within"') == 3
    report = json.loads(cli("report", "fund", "--as-of", "2026-12-31", "--format", "json").output)
    assert report["summary"]["容错状态 tolerance"].startswith("超出容错")
    levels = {r["subject"]: r for r in report["tables"]["tolerance"]["rows"]}
    assert D(levels["seed"]["ratio"]) == D("1") and levels["seed"]["status"].startswith("超出")
    assert D(levels["fund"]["ratio"]) == D("0.6") and levels["fund"]["status"].startswith("容错内")
    assert D(levels["fund"]["cost"]) == D("20000000") and D(levels["fund"]["loss"]) == D("12000000")

"""Rule ``fund-allocation`` — the pro rata split, its rounding remainder, and the refusals
naming each partner's booked and due share (figures by hand, to the fen)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from jcg_ledger.policy import default_policy
from jcg_ledger.rules.fund_allocation import check_mark, check_net_assets, check_shares, pro_rata
from jcg_ledger.state.base import Violation

Q = default_policy().quantize
D = Decimal


def test_the_remainder_goes_to_the_largest_share() -> None:
    # 1.00 split 4:1:1 → 0.6667, 0.1667, 0.1667 → 0.67 + 0.17 + 0.17 = 1.01: the largest (A)
    # gives back the fen → 0.66.
    assert pro_rata(D("1.00"), {"C": D(1), "A": D(4), "B": D(1)}, Q) == {
        "A": D("0.66"),
        "B": D("0.17"),
        "C": D("0.17"),
    }
    # Equal weights: 0.33 each, 0.01 short, to the last code among the largest (C).
    assert pro_rata(D("1.00"), {"A": D(1), "B": D(1), "C": D(1)}, Q) == {
        "A": D("0.33"),
        "B": D("0.33"),
        "C": D("0.34"),
    }


def test_weights_below_one_and_without_weight() -> None:
    # Weights 0.4 and 0.6 (adding up to 1): 1,000,000 → 400,000.00 and 600,000.00.
    assert pro_rata(D(1_000_000), {"A": D("0.4"), "B": D("0.6")}, Q) == {
        "A": D("400000.00"),
        "B": D("600000.00"),
    }
    # A partner without weight (or a negative one) gets nothing; all without: no split.
    assert pro_rata(D(100), {"A": D(0), "B": D(-1), "C": D("0.5")}, Q) == {"C": D("100.00")}
    assert pro_rata(D(100), {"A": D(0), "B": D(0)}, Q) == {}


def test_shares_booked_against_shares_due() -> None:
    due = {"A": D(100), "B": D(0)}
    # A partner missing on one side counts as 0 there.
    assert check_shares("2025 年损益", due, {"A": D(100)}) is None
    assert check_shares("2025 年损益", {"A": D(100)}, {"A": D(100), "B": D(0)}) is None
    found = check_shares("2025 年损益", {"A": D(100), "B": D(50)}, {"A": D(90), "C": D(5)})
    assert found == Violation(
        "fund-allocation",
        "2025 年损益未按比例分配 not pro rata to the partners' basis: A 90 ≠ 100, B 0 ≠ 50, C 5 ≠ 0",
    )
    only_booked = check_shares("x", {}, {"C": D(5)})
    assert only_booked is not None and only_booked.message.endswith("C 5 ≠ 0")


def test_capital_equals_net_assets_and_marks_as_booked() -> None:
    assert check_net_assets(date(2025, 12, 31), D(20_000_000), D(20_000_000)) is None
    assert check_net_assets(date(2025, 12, 31), D(20_000_000), D(21_000_000)) == Violation(
        "fund-net-assets",
        "2025-12-31 结账时合伙人资本合计 20000000 ≠ 基金净资产 21000000(损益未分配或分录被改动)"
        "partners' capital 20000000 differs from the fund's net assets 21000000 at the "
        "close (profit and loss not allocated, or an entry edited)",
    )
    assert check_mark("ACME", D(500), D(500)) is None
    assert check_mark("ACME", D(400), D(500)) == Violation(
        "fund-nav",
        "ACME 公允价值变动 400 应为 500(份额 × 最新估值 − 成本)"
        "ACME: fair-value adjustment 400 should be 500 (units × mark − cost)",
    )

"""Rule ``fund-reward`` — the amount: 5% of the investor's share of the cost, within the caps
(policy: 500,000 per investee, 2,000,000 per investor and year)."""

from __future__ import annotations

from decimal import Decimal

from jcg_ledger.policy import default_policy
from jcg_ledger.rules.fund_reward import (
    RewardAmount,
    RewardBasis,
    check_amount,
    check_not_government,
    check_once,
    reward_amount,
)
from jcg_ledger.state.base import Violation

POLICY = default_policy()


def basis(cost: int, investor: int, fund: int) -> RewardBasis:
    return RewardBasis("INV1", "ACME", Decimal(cost), Decimal(investor), Decimal(fund))


def test_share_rate_and_caps() -> None:
    # 8,000,000 invested; the investor paid 2,000,000 of 10,000,000: share 1,600,000,
    # 5% = 80,000.00, within both caps.
    assert reward_amount(POLICY, basis(8_000_000, 2_000_000, 10_000_000), Decimal(0)) == (
        RewardAmount(Decimal("1600000.00"), Decimal("80000.00"), Decimal("80000.00"))
    )
    # 1,950,000 already this year: 50,000 of room left.
    got = reward_amount(POLICY, basis(8_000_000, 2_000_000, 10_000_000), Decimal(1_950_000))
    assert got.amount == Decimal("50000") and got.computed == Decimal("80000.00")
    # Above the yearly cap already: no room.
    assert (
        reward_amount(POLICY, basis(8_000_000, 2_000_000, 10_000_000), Decimal(2_100_000)).amount
        == 0
    )
    # 5% of 20,000,000 = 1,000,000 > 500,000 per investee.
    assert reward_amount(POLICY, basis(20_000_000, 1, 1), Decimal(0)).amount == Decimal(500_000)


def test_small_and_empty_funds() -> None:
    # 1 元 paid in by the only investor: the whole 100 元 cost is its share, 5% = 5.00.
    assert reward_amount(POLICY, basis(100, 1, 1), Decimal(0)) == RewardAmount(
        Decimal("100.00"), Decimal("5.00"), Decimal("5.00")
    )
    # Nothing paid in: no share, no reward.
    empty = reward_amount(POLICY, basis(100, 0, 0), Decimal(0))
    assert empty == RewardAmount(Decimal(0), Decimal("0.00"), Decimal("0.00"))


def test_the_refusals_whole() -> None:
    assert check_not_government("SOC-A", "social") is None
    assert check_not_government("GOV-JCIG", "government") == Violation(
        "fund-reward-government",
        "GOV-JCIG 为政府出资人,不得给予社会资本投资奖励 "
        "GOV-JCIG is a government investor: no social-capital reward",
    )
    assert check_once("INV1", "ACME", False) is None
    assert check_once("INV1", "ACME", True) == Violation(
        "fund-reward-once", "INV1 已就 ACME 获得投资奖励 INV1 was already rewarded for ACME"
    )


def test_a_reward_of_one_yuan_and_none_left() -> None:
    # 20 元 invested by the only investor: 5% = 1.00, a reward of one yuan.
    assert check_amount(POLICY, basis(20, 1, 1), Decimal(0), Decimal("1.00")) is None
    # The yearly 2,000,000 used up: refused whatever the amount.
    assert check_amount(POLICY, basis(20, 1, 1), Decimal(2_000_000), Decimal(0)) == Violation(
        "fund-reward-cap", "INV1 ACME 奖励已达年度上限 2000000 the investor's yearly cap is used up"
    )

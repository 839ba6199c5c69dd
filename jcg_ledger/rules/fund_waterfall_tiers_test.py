"""Rule ``fund-waterfall`` — each tier by hand, on the position the fund carries between
distributions (``Position``, ``split``, ``apply``), and the refusal asserted whole.

Terms of the module docstring unless said otherwise: 8% preferred (simple, ACT/365), 100%
catch-up, 20% carry.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from jcg_ledger.policy import default_policy
from jcg_ledger.policy.model import FundTerms
from jcg_ledger.rules.fund_waterfall import Position, Split, apply, check_split, split
from jcg_ledger.state.base import Violation

Q = default_policy().quantize
D = Decimal
TERMS = FundTerms(preferred_return=D("0.08"), catch_up=D(1), carry=D("0.20"), manager="MGR")


def paid_in(on: date = date(2025, 1, 1), amount: str = "10000000") -> Position:
    position = Position()
    position.contribute(on, D(amount), TERMS, 365)
    return position


def test_the_docstring_example() -> None:
    position = paid_in()
    parts = split(position, D(15_000_000), date(2026, 1, 1), TERMS, 365, Q)
    # Capital 10,000,000; preferred 10,000,000 × 8% × 365/365 = 800,000; catch-up 200,000
    # (20% of 1,000,000 profit); the remaining 4,000,000: 800,000 / 3,200,000.
    assert parts == Split(
        D(10_000_000), D("800000.00"), D("200000.00"), D("0.00"), D("3200000.00"), D("800000.00")
    )
    apply(position, parts)
    assert position == Position(D(0), D(0), date(2026, 1, 1), D("4000000.00"), D("1000000.00"))


def test_preferred_return_accrues_over_each_period_of_capital() -> None:
    # 10,000,000 from 2025-01-01, 10,000,000 more on 2025-07-02 (182 days later):
    # 10,000,000 × 8% × 182/365 = 398,904.1096; then 20,000,000 × 8% × 183/365 to 2026-01-01
    # = 802,191.7808; together 1,201,095.89.
    position = paid_in()
    position.contribute(date(2025, 7, 2), D(10_000_000), TERMS, 365)
    assert position.accrued_to == date(2025, 7, 2)
    assert position.capital_outstanding == D(20_000_000)
    parts = split(position, D("21201095.89"), date(2026, 1, 1), TERMS, 365, Q)
    assert (parts.capital, parts.preferred) == (D(20_000_000), D("1201095.89"))
    # A second accrual to the same day adds nothing.
    position.accrue(date(2026, 1, 1), TERMS, 365)
    assert Q(position.preferred_due) == D("1201095.89")


def test_a_copy_is_the_same_position() -> None:
    position = paid_in()
    apply(position, split(position, D(15_000_000), date(2026, 1, 1), TERMS, 365, Q))
    copy = position.copy()
    assert copy == position and copy is not position


def test_catch_up_after_an_earlier_catch_up() -> None:
    position = paid_in()
    # 10,900,000: capital 10,000,000, preferred 800,000, catch-up 100,000 of the 200,000.
    first = split(position, D(10_900_000), date(2026, 1, 1), TERMS, 365, Q)
    assert first == Split(D(10_000_000), D("800000.00"), D("100000.00"), D(0), D(0), D(0))
    apply(position, first)
    assert (position.investors_profit, position.manager) == (D(800_000), D(100_000))
    # 1,000,000 more: catch-up (20% × (800,000 + 100,000) − 100,000) / 80% = 100,000, then
    # 900,000: 180,000 / 720,000. The manager holds 380,000 = 20% of 1,900,000 profit.
    second = split(position, D(1_000_000), date(2026, 1, 1), TERMS, 365, Q)
    assert second == Split(D(0), D(0), D("100000.00"), D(0), D("720000.00"), D("180000.00"))
    apply(position, second)
    assert (position.investors_profit, position.manager) == (D(1_520_000), D(380_000))


def test_a_catch_up_of_half_each_yuan() -> None:
    terms = FundTerms(preferred_return=D("0.08"), catch_up=D("0.5"), carry=D("0.20"), manager="M")
    position = Position()
    position.contribute(date(2025, 1, 1), D(10_000_000), terms, 365)
    # Catch-up tier x = 20% × 800,000 / (50% − 20%) = 533,333.33, half of it (266,666.67) to
    # the manager; the remaining 3,666,666.67: 733,333.33 / 2,933,333.34. Manager 1,000,000.00.
    parts = split(position, D(15_000_000), date(2026, 1, 1), terms, 365, Q)
    assert parts == Split(
        D(10_000_000),
        D("800000.00"),
        D("266666.67"),
        D("266666.66"),
        D("2933333.34"),
        D("733333.33"),
    )
    apply(position, parts)
    assert position.investors_profit == D("4000000.00")
    assert position.manager == D("1000000.00")


def test_fen_left_after_the_capital() -> None:
    # 0.50 beyond the capital: all of it preferred (0.50 of 800,000 due).
    position = paid_in()
    parts = split(position, D("10000000.50"), date(2026, 1, 1), TERMS, 365, Q)
    assert (parts.capital, parts.preferred, parts.carry) == (D(10_000_000), D("0.50"), D(0))
    apply(position, parts)
    assert Q(position.preferred_due) == D("799999.50")
    # No preferred return and 0.50 into the catch-up: 100% of it to the manager.
    plain = FundTerms(catch_up=D(1), carry=D("0.20"), manager="MGR")
    position = Position()
    position.contribute(date(2025, 1, 1), D(100), plain, 365)
    position.investors_profit = D(10)
    # Catch-up needed (20% × 10 − 0) / 80% = 2.50: the 0.50 goes to the manager.
    parts = split(position, D("100.50"), date(2026, 1, 1), plain, 365, Q)
    assert (parts.catch_up_manager, parts.residual_manager) == (D("0.50"), D(0))


def test_carry_without_catch_up_rounds_each_distribution() -> None:
    terms = FundTerms(carry=D("0.20"), manager="MGR")
    position = Position()
    position.contribute(date(2025, 1, 1), D(100), terms, 365)
    # 0.03 profit: 20% = 0.006 → 0.01 to the manager, 0.02 to the investors.
    first = split(position, D("100.03"), date(2026, 1, 1), terms, 365, Q)
    assert (first.residual_manager, first.residual_investors) == (D("0.01"), D("0.02"))
    apply(position, first)
    # Again 0.03: again 0.01 / 0.02 (no catch-up tier claws the rounding back).
    second = split(position, D("0.03"), date(2026, 1, 2), terms, 365, Q)
    assert second == Split(D(0), D(0), D(0), D(0), D("0.02"), D("0.01"))


def test_both_parts_booked_as_the_waterfall_says() -> None:
    expected = Split(D(10_000_000), D(800_000), D(200_000), D(0), D(3_200_000), D(800_000))
    assert check_split(expected, D(14_000_000), D(1_000_000)) is None
    wrong = Violation(
        "fund-waterfall",
        "分配不符合分配顺序:出资人 14000000 应为 14000000,管理人 900000 应为 1000000(返还出资 "
        "10000000,优先回报 800000,追补 200000,超额分成 800000)distribution does not follow "
        "the waterfall: investors 14000000 should be 14000000, manager 900000 should be 1000000",
    )
    assert check_split(expected, D(14_000_000), D(900_000)) == wrong
    assert check_split(expected, D(14_100_000), D(1_000_000)) is not None

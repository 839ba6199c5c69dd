"""XIRR, MOIC and simple interest against values computed by hand."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from jcg_ledger.finance import moic, npv, simple_interest, xirr
from jcg_ledger.policy import default_policy

CLOSE = Decimal("1e-9")


def test_xirr_one_year() -> None:
    # −1,000,000 then +1,100,000 exactly 365 days later: (1 + r)^1 = 1.1 → r = 10%.
    r = xirr([(date(2025, 1, 1), Decimal(-1_000_000)), (date(2026, 1, 1), Decimal(1_100_000))])
    assert r is not None and abs(r - Decimal("0.10")) < CLOSE


def test_xirr_two_years_compounds() -> None:
    # −100 then +121 after 730 days (2 × 365): (1 + r)^2 = 1.21 → r = 10%.
    r = xirr([(date(2025, 1, 1), Decimal(-100)), (date(2027, 1, 1), Decimal(121))])
    assert r is not None and abs(r - Decimal("0.10")) < CLOSE


def test_xirr_several_flows() -> None:
    # −1000, +550 after 1 year, +605 after 2 years: at 10% → −1000 + 500 + 500 = 0.
    flows = [
        (date(2025, 1, 1), Decimal(-1000)),
        (date(2026, 1, 1), Decimal(550)),
        (date(2027, 1, 1), Decimal(605)),
    ]
    r = xirr(flows)
    assert r is not None and abs(r - Decimal("0.10")) < CLOSE
    assert abs(npv(Decimal("0.10"), flows)) < CLOSE


def test_xirr_loss_and_order_independent() -> None:
    # Returned 810 of 1000 after 2 years: (1 + r)^2 = 0.81 → r = −10%. Order does not matter.
    r = xirr([(date(2027, 1, 1), Decimal(810)), (date(2025, 1, 1), Decimal(-1000))])
    assert r is not None and abs(r - Decimal("-0.10")) < CLOSE


def test_xirr_none_without_sign_change() -> None:
    assert xirr([(date(2025, 1, 1), Decimal(-1)), (date(2026, 1, 1), Decimal(-1))]) is None
    assert xirr([(date(2025, 1, 1), Decimal(5))]) is None
    assert xirr([]) is None


def test_xirr_large_gain_falls_back_to_bisection() -> None:
    # ×50 in one year: r = 49 (4900%); Newton from 10% overshoots, bisection finds it.
    r = xirr([(date(2025, 1, 1), Decimal(-1)), (date(2026, 1, 1), Decimal(50))])
    assert r is not None and abs(r - Decimal(49)) < Decimal("1e-6")


def test_simple_interest_reference_example() -> None:
    # REFERENCE.md: 5,000,000 × 3.00% × 1096/365 = 450,410.958904… → 450,410.96.
    policy = default_policy()
    interest = simple_interest(
        Decimal(5_000_000),
        policy.lpr_on(date(2025, 6, 1)),
        date(2025, 6, 1),
        date(2028, 6, 1),
        policy.interest.year_days,
    )
    assert policy.quantize(interest) == Decimal("450410.96")
    assert policy.quantize(Decimal(5_000_000) + interest) == Decimal("5450410.96")


def test_simple_interest_act_360() -> None:
    # 1,000,000 × 3.6% × 360/360 = 36,000 (2025-01-01 → 2025-12-27 is 360 days).
    assert simple_interest(
        Decimal(1_000_000), Decimal("0.036"), date(2025, 1, 1), date(2025, 12, 27), 360
    ) == Decimal(36_000)


def test_moic() -> None:
    # 5,450,410.96 back on 5,000,000 → 1.090082192.
    assert moic(Decimal(5_000_000), Decimal("5450410.96")) == Decimal("1.090082192")
    # Half sold for 3,000,000, the rest marked at 2,500,000 → (3.0 + 2.5) / 5.0 = 1.1.
    assert moic(Decimal(5_000_000), Decimal(3_000_000), Decimal(2_500_000)) == Decimal("1.1")
    assert moic(Decimal(0), Decimal(1)) is None

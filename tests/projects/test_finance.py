"""XIRR, MOIC and simple interest against values computed by hand."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

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


def test_xirr_of_two_flows_is_exact() -> None:
    # −100 then +121 after 730 days: (1 + r)^2 = 1.21, so r = 1.21^(1/2) − 1 = 0.1 exactly in
    # closed form (Newton's method stops within 1e-12 of it, not on it).
    assert xirr([(date(2025, 1, 1), Decimal(-100)), (date(2027, 1, 1), Decimal(121))]) == Decimal(
        "0.1"
    )
    # ×50 in a year: (1 + r) = 50, r = 49 exactly (Newton's method stops at 48.99…97).
    assert xirr([(date(2025, 1, 1), Decimal(-1)), (date(2026, 1, 1), Decimal(50))]) == 49
    # Received first, paid back later (a loan's view): +1000, then −1100 a year on: 10% again.
    assert xirr([(date(2025, 1, 1), Decimal(1000)), (date(2026, 1, 1), Decimal(-1100))]) == Decimal(
        "0.1"
    )


def test_xirr_when_a_days_flows_sum_to_nothing_or_to_one_sign() -> None:
    on, later, last = date(2025, 1, 1), date(2025, 4, 11), date(2026, 1, 1)
    # In and out on the first day (−5 + 5 = 0), +100 later: the flows change sign, but what
    # is discounted is 0 and +100: no rate makes it 0.
    assert xirr([(on, Decimal(-5)), (on, Decimal(5)), (last, Decimal(100))]) is None
    # −1 first, +5 and −5 later: −1 and 0 are discounted, no root (and no division by 0).
    assert xirr([(on, Decimal(-1)), (last, Decimal(5)), (last, Decimal(-5))]) is None
    # −0.5 first; +0.5 and −1 on one later day (100 days on, sum −0.5): two days both
    # negative, no root (and no power of a negative number is taken).
    assert xirr([(on, Decimal("-0.5")), (later, Decimal("0.5")), (later, Decimal(-1))]) is None


def test_npv_by_hand() -> None:
    # At 0% the NPV is the sum: −1000 + 550 + 605 = 155; at 10% of −1000 and +1100 a year on,
    # 1100 / 1.1 − 1000 = 0.
    flows = [
        (date(2025, 1, 1), Decimal(-1000)),
        (date(2026, 1, 1), Decimal(550)),
        (date(2027, 1, 1), Decimal(605)),
    ]
    assert npv(Decimal(0), flows) == 155
    assert npv(Decimal("0.1"), [flows[0], (date(2026, 1, 1), Decimal(1100))]) == 0


def test_xirr_flows_of_one_day_count_together() -> None:
    # −1,000,000 paid in three parts on 2025-01-01 (−400,000, −350,000, −250,000) and
    # +1,100,000 in two on 2026-01-01 (+1,000,000 and +100,000): the flows of the one-year
    # example, so r = 10% again; a same-day pair that cancels (−5 and +5) changes nothing.
    flows = [
        (date(2025, 1, 1), Decimal(-400_000)),
        (date(2026, 1, 1), Decimal(1_000_000)),
        (date(2025, 1, 1), Decimal(-350_000)),
        (date(2025, 7, 2), Decimal(-5)),
        (date(2025, 1, 1), Decimal(-250_000)),
        (date(2025, 7, 2), Decimal(5)),
        (date(2026, 1, 1), Decimal(100_000)),
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


def test_xirr_large_gain() -> None:
    # ×50 in one year: r = 49 (4900%), in closed form for two flows; with a third (nil) flow
    # mid-year, Newton's method from 10% reaches it too.
    r = xirr([(date(2025, 1, 1), Decimal(-1)), (date(2026, 1, 1), Decimal(50))])
    assert r is not None and abs(r - Decimal(49)) < Decimal("1e-6")
    r = xirr([(date(2025, 1, 1), Decimal(-1)), (date(2025, 6, 1), Decimal(0)),
              (date(2026, 1, 1), Decimal(50))])  # fmt: skip
    assert r is not None and abs(r - Decimal(49)) < Decimal("1e-6")


def test_xirr_heavy_loss_falls_back_to_bisection() -> None:
    # 0.1 back of 1 after a year: (1 + r)^1 = 0.1 → r = −90%. With a nil flow mid-year (three
    # terms, so not the closed form) Newton from 10% leaves the bracket; bisection finds it.
    flows = [(date(2025, 1, 1), Decimal(-1)), (date(2025, 6, 1), Decimal(0)),
             (date(2026, 1, 1), Decimal("0.1"))]  # fmt: skip
    r = xirr(flows)
    assert r is not None and abs(r - Decimal("-0.90")) < Decimal("1e-9")
    # Two flows: the closed form, (0.1 / 1)^(1/1) − 1.
    r = xirr([flows[0], flows[2]])
    assert r is not None and abs(r - Decimal("-0.90")) < CLOSE


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


@given(
    paid=st.integers(min_value=1, max_value=10**10),
    back=st.integers(min_value=1, max_value=10**12),
    days=st.integers(min_value=1, max_value=3650),
)
def test_two_flows_closed_form_agrees_with_the_iteration(paid: int, back: int, days: int) -> None:
    """One flow out and one back (in cents): the closed form (−a₁/a₀)^(1/t) − 1 gives what
    Newton and bisection give with a nil third flow (no root, or the same within 1e-9)."""
    on = date(2025, 1, 1)
    out, later = (
        (on, Decimal(-paid) / 100),
        (date.fromordinal(on.toordinal() + days), Decimal(back) / 100),
    )
    closed = xirr([out, later])
    iterated = xirr([out, (date.fromordinal(on.toordinal() + days + 1), Decimal(0)), later])
    assert (closed is None) == (iterated is None)
    if closed is not None and iterated is not None:
        assert abs(closed - iterated) < Decimal("1e-9")

"""Rule ``debt`` — a second accrual counts from the first one's ``through``, not the conversion.

The docstring's example: 1,000,000 converted to debt at 4% on 2026-01-10, interest accrued
through 2026-07-10 (181 days: 19,835.62), then through 2027-01-10.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from jcg_ledger.policy import default_policy
from jcg_ledger.rules.debt import accrual, check_accrue, check_interest, payment_dates, schedule
from jcg_ledger.state.projects import Project

POLICY = default_policy()


def debt_project() -> Project:
    p = Project("P2", "ACME", Decimal(1_000_000), date(2025, 5, 1))
    p.converted, p.converted_on = "debt", date(2026, 1, 10)
    p.principal = p.debt_principal = Decimal(1_000_000)
    p.debt_rate = Decimal("0.04")
    return p


def test_first_accrual_counts_from_the_conversion() -> None:
    # 2026-01-10 → 2026-07-10 = 21 + 28 + 31 + 30 + 31 + 30 + 10 = 181 days:
    # 1,000,000 × 4% × 181/365 = 19,835.616… → 19,835.62.
    assert accrual(POLICY, debt_project(), date(2026, 7, 10)) == Decimal("19835.62")


def test_second_accrual_counts_from_the_last_one() -> None:
    p = debt_project()
    p.accrued_through = date(2026, 7, 10)
    # 2026-07-10 → 2027-01-10 = 21 + 31 + 30 + 31 + 30 + 31 + 10 = 184 days:
    # 1,000,000 × 4% × 184/365 = 20,164.383… → 20,164.38 (from the conversion, 365 days,
    # it would be 40,000.00).
    assert accrual(POLICY, p, date(2027, 1, 10)) == Decimal("20164.38")
    # Interest runs on the principal outstanding: after 400,000 repaid, 600,000 × 4% × 184/365
    # = 12,098.630… → 12,098.63.
    p.principal = Decimal(600_000)
    assert accrual(POLICY, p, date(2027, 1, 10)) == Decimal("12098.63")


def test_accruing_again_through_the_same_day_is_refused() -> None:
    p = debt_project()
    p.accrued_through = date(2026, 7, 10)
    refused = check_accrue(p, date(2026, 7, 10))
    assert refused is not None and refused.rule == "debt" and "2026-07-10" in refused.message
    assert check_accrue(p, date(2026, 7, 11)) is None
    equity = debt_project()
    equity.converted = "equity"
    held = check_accrue(equity, date(2026, 7, 11))
    assert held is not None and "no debt" in held.message


def test_no_rate_no_interest() -> None:
    p = debt_project()
    p.debt_rate = None
    assert accrual(POLICY, p, date(2026, 7, 10)) == Decimal("0.00")


def test_an_accrual_books_some_interest() -> None:
    p = debt_project()
    assert check_interest(p, Decimal("0.01")) is None
    assert check_interest(p, Decimal("0.50")) is None
    nothing = check_interest(p, Decimal("0.00"))
    assert nothing is not None and nothing.rule == "debt" and nothing.field == "through"
    assert nothing.message == "项目 P2 无应计利息 / no interest to accrue"


def test_dates_off_the_grid_end_at_maturity() -> None:
    # Semiannual from 2026-01-01 to 2026-12-15: 2026-07-01, then the maturity itself.
    assert payment_dates(date(2026, 1, 1), date(2026, 12, 15), "semiannual") == [
        date(2026, 7, 1),
        date(2026, 12, 15),
    ]
    # Quarterly, maturity before the first quarter: the maturity only.
    assert payment_dates(date(2026, 1, 1), date(2026, 3, 1), "quarterly") == [date(2026, 3, 1)]


def test_bullet_with_interest_every_half_year() -> None:
    q, p, r = POLICY.quantize, Decimal(1_200_000), Decimal("0.05")
    start, maturity = date(2026, 1, 1), date(2027, 1, 1)
    # 1,200,000 × 5% × 181/365 = 29,753.42, no principal; then × 184/365 = 30,246.58 and all
    # the principal.
    assert schedule(p, r, start, maturity, "bullet", "semiannual", 365, q) == [
        (date(2026, 7, 1), Decimal("0"), Decimal("29753.42")),
        (maturity, p, Decimal("30246.58")),
    ]


def test_annuity_at_zero_interest_is_equal_principal() -> None:
    q, p = POLICY.quantize, Decimal(1_200_000)
    start, maturity = date(2026, 1, 1), date(2027, 1, 1)
    # Rate 0: the level payment is 1,200,000 / 2 = 600,000, all of it principal.
    assert schedule(p, Decimal(0), start, maturity, "annuity", "semiannual", 365, q) == [
        (date(2026, 7, 1), Decimal("600000.00"), Decimal("0.00")),
        (maturity, Decimal("600000.00"), Decimal("0.00")),
    ]

"""Rule ``debt`` — a second accrual counts from the first one's ``through``, not the conversion.

The docstring's example: 1,000,000 converted to debt at 4% on 2026-01-10, interest accrued
through 2026-07-10 (181 days: 19,835.62), then through 2027-01-10.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from jcg_ledger.policy import default_policy
from jcg_ledger.rules.debt import accrual, check_accrue
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

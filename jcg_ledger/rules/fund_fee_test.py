"""Tests of rule ``fund-fee`` on fund books loaded with the policy plugin (hand-written fees).

Default terms: 2% a year of the committed capital, 50,000,000 in the test books: 1,000,000 a
year, 250,000 a quarter, 83,333.33 a month.
"""

from __future__ import annotations

from decimal import Decimal

from jcg_ledger.rules.fund_fee import check_fee, period_fraction
from jcg_ledger.rules.fund_ledger import fund_errors


def fee(on: str, period: str | None, amount: str) -> str:
    line = f'  period: "{period}"\n' if period else ""
    return f"""
{on} * "管理费"
{line}  Expenses:ManagementFee   {amount} CNY
  Assets:Bank:Fund        -{amount} CNY
"""


def test_the_period_fractions() -> None:
    fractions = [period_fraction(p) for p in ("2025", "2025-H2", "2025-Q3", "2025-07")]
    assert fractions == [Decimal(1), Decimal("0.5"), Decimal("0.25"), Decimal(1) / 12]
    assert period_fraction("2025年度") is None and period_fraction(None) is None


def test_fees_within_the_cap_are_accepted() -> None:
    text = fee("2025-06-30", "2025-H1", "500000.00") + fee("2025-12-31", "2025-H2", "500000.00")
    assert fund_errors(text) == []


def test_a_hand_written_fee_above_the_cap() -> None:
    # 2025's year: 600,000 + 400,000.01 > 1,000,000; a month's 83,333.34 > 83,333.33.
    text = (
        fee("2025-06-30", "2025", "600000.00")
        + fee("2025-12-31", "2025", "400000.01")
        + fee("2026-01-31", "2026-01", "83333.34")
    )
    errors = fund_errors(text)
    assert [e.split("]")[0] for e in errors] == ["[fund-fee", "[fund-fee"]
    assert "1000000.00" in errors[0] and "83333.33" in errors[1]


def test_a_fee_without_a_period() -> None:
    errors = fund_errors(fee("2025-06-30", None, "1000.00"))
    assert len(errors) == 1 and errors[0].startswith("[fund-fee]")


def test_the_fee_refusals_name_period_rate_basis_and_cap() -> None:
    # 2% of 50,000,000 committed for a quarter: 50,000,000 × 0.02 × 1/4 = 250,000.00.
    cap = Decimal("250000.00")
    args = (Decimal("0.02"), "committed", Decimal(50_000_000), cap)
    assert check_fee("2025-Q1", Decimal(50_000), Decimal(200_000), *args) is None
    over = check_fee("2025-Q1", Decimal("50000.01"), Decimal(200_000), *args)
    assert over is not None and over.rule == "fund-fee"
    assert over.message == (
        "2025-Q1 管理费 250000.01 超过上限 250000.00(费率 0.02 × committed 50000000 × 0.25 年)"
        "fee for 2025-Q1 of 250000.01 exceeds 0.02 × committed 50000000 for the period = "
        "250000.00"
    )
    bad = check_fee(
        "2025-Q5", Decimal(1), Decimal(0), Decimal("0.02"), "committed", Decimal(1), None
    )
    assert bad is not None and bad.message == (
        "管理费期间 '2025-Q5' 无效,应为 YYYY、YYYY-H1、YYYY-Q1 或 YYYY-MM "
        "fee period '2025-Q5' must be YYYY, YYYY-Hn, YYYY-Qn or YYYY-MM"
    )

"""Rule ``debt`` — schedules, accrual, and repaying more than is owed refused."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from jcg_ledger.policy import default_policy
from jcg_ledger.rules.debt import schedule
from jcg_ledger.rules.project_ledger import all_errors, platform_errors

POLICY = default_policy()

DEBT = """
2026-01-10 * "转债"
  type: "project.convert"
  project: "P2"
  rate: 0.04
  maturity: 2026-12-31
  method: "bullet"
  Assets:Debt:BETA            300000.00 CNY
  Assets:PreConversion:BETA  -300000.00 CNY
2026-07-10 * "计提利息"
  type: "debt.accrue"
  project: "P2"
  through: 2026-07-10
  Assets:Receivable:Interest:BETA   5950.68 CNY
  Liabilities:Entrusted:City       -5950.68 CNY
"""

# The interest from 2026-07-10 to the repayment on 2026-08-01 (22 days), accrued first:
# 300,000 × 4% × 22/365 = 723.287… → 723.29.
TO_REPAYMENT = """
2026-08-01 * "计提利息"
  type: "debt.accrue"
  project: "P2"
  through: 2026-08-01
  Assets:Receivable:Interest:BETA    723.29 CNY
  Liabilities:Entrusted:City        -723.29 CNY
"""


def repay(principal: str, interest: str) -> str:
    return f"""
2026-08-01 * "债权回收"
  type: "debt.repay"
  project: "P2"
  Assets:Bank:Platform              {Decimal(principal) + Decimal(interest)} CNY
  Assets:Debt:BETA                 -{principal} CNY
  Assets:Receivable:Interest:BETA  -{interest} CNY
"""


def test_repaying_what_is_owed() -> None:
    # 300,000 × 4% × 181/365 = 5,950.684… → 5,950.68 accrued; + 723.29 = 6,673.97.
    assert all_errors(DEBT + TO_REPAYMENT + repay("300000.00", "6673.97")) == []


def test_repaying_more_than_is_owed() -> None:
    errors = platform_errors(DEBT + TO_REPAYMENT + repay("300000.01", "0.00"))
    assert len(errors) == 1 and errors[0].startswith("[holdings]") and "P2" in errors[0]
    errors = platform_errors(DEBT + TO_REPAYMENT + repay("0.00", "6673.98"))
    assert len(errors) == 1 and "interest" in errors[0]


def test_principal_repaid_without_the_interest_to_its_date() -> None:
    # Interest accrued only through 2026-07-10: the 22 days to 2026-08-01 would be lost.
    errors = platform_errors(DEBT + repay("100000.00", "0.00"))
    assert len(errors) == 1 and errors[0].startswith("[debt-interest]")
    assert "2026-07-10" in errors[0] and "2026-08-01" in errors[0]
    # Interest alone may be collected between accruals: the principal does not change.
    assert platform_errors(DEBT + repay("0.00", "5950.68")) == []


def test_an_accrual_counts_from_the_last_one() -> None:
    # From accrued_through 2026-07-10 to 2026-12-31 = 174 days: 300,000 × 4% × 174/365 =
    # 5,720.547… → 5,720.55. From the conversion instead (355 days) it would be 11,671.23.
    accrual = TO_REPAYMENT.replace("2026-08-01", "2026-12-31")
    assert all_errors(DEBT + accrual.replace("723.29", "5720.55")) == []
    errors = platform_errors(DEBT + accrual.replace("723.29", "11671.23"))
    assert len(errors) == 1 and errors[0].startswith("[debt]") and "5720.55" in errors[0]


def test_overdue_principal_is_a_warning() -> None:
    # Bullet, maturity 2026-12-31, unpaid: on 2027-01-15 it is 15 days overdue.
    errors = platform_errors(DEBT, today="2027-01-15")
    assert len(errors) == 1 and errors[0].startswith("[debt-overdue] 提示 warning")
    assert "300000.00" in errors[0] and "15 days" in errors[0]
    assert platform_errors(DEBT, today="2026-12-31") == []


def test_schedules() -> None:
    start, maturity = date(2026, 1, 1), date(2027, 1, 1)
    q, p, r = POLICY.quantize, Decimal(1_200_000), Decimal("0.05")
    # Bullet, no frequency: one instalment; 1,200,000 × 5% × 365/365 = 60,000.
    assert schedule(p, r, start, maturity, "bullet", None, 365, q) == [
        (maturity, p, Decimal("60000.00"))
    ]
    # Equal principal, semiannual: 600,000 each; 2026-01-01 → 07-01 = 181 days:
    # 1,200,000 × 5% × 181/365 = 29,753.42; then 600,000 × 5% × 184/365 = 15,123.29.
    assert schedule(p, r, start, maturity, "equal-principal", "semiannual", 365, q) == [
        (date(2026, 7, 1), Decimal("600000.00"), Decimal("29753.42")),
        (maturity, Decimal("600000.00"), Decimal("15123.29")),
    ]
    # Annuity, semiannual: periodic rate 2.5%; level payment 1,200,000 × 0.025 / (1 − 1.025^−2)
    # = 30,000 / (1 − 0.951814396…) = 30,000 / 0.048185603… = 622,592.59; first principal
    # 622,592.59 − 29,753.42 = 592,839.17; the rest, 607,160.83, at maturity.
    plan = schedule(p, r, start, maturity, "annuity", "semiannual", 365, q)
    assert plan[0] == (date(2026, 7, 1), Decimal("592839.17"), Decimal("29753.42"))
    assert plan[1][1] == Decimal("607160.83")

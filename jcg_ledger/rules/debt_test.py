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
  Assets:Debt:BETA            300000.00 CNY
  Assets:PreConversion:BETA  -300000.00 CNY
2026-07-10 * "计提利息"
  type: "debt.accrue"
  project: "P2"
  through: 2026-07-10
  Assets:Receivable:Interest:BETA   5950.68 CNY
  Income:Investment:Interest       -5950.68 CNY
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
    # 300,000 × 4% × 181/365 = 5,950.684… → 5,950.68 accrued.
    assert all_errors(DEBT + repay("300000.00", "5950.68")) == []


def test_repaying_more_than_is_owed() -> None:
    errors = platform_errors(DEBT + repay("300000.01", "0.00"))
    assert len(errors) == 1 and errors[0].startswith("[holdings]") and "P2" in errors[0]
    errors = platform_errors(DEBT + repay("0.00", "5950.69"))
    assert len(errors) == 1 and "interest" in errors[0]


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

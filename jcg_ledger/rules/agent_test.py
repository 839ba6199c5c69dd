"""Rule ``platform-agent`` on small platform ledgers."""

from __future__ import annotations

from jcg_ledger.rules.project_ledger import all_errors, platform_errors

MARK_AS_LIABILITY = """
2026-06-30 * "股权估值"
  type: "equity.mark"
  project: "P1"
  price: 12
  Assets:Equity:ACME:FairValue   200000.00 CNY
  Liabilities:Entrusted:City    -200000.00 CNY
"""

# The same change booked as the platform's own income: its net assets would be 200,000.
MARK_AS_INCOME = MARK_AS_LIABILITY.replace("Liabilities:Entrusted:City  ", "Income:FairValueChange")


def test_a_change_in_value_moves_the_liability() -> None:
    # 100,000 units from 10.00 to 12.00: 100,000 × 12 − 1,000,000 = 200,000.
    assert all_errors(MARK_AS_LIABILITY) == []


def test_the_platforms_own_income_is_refused() -> None:
    errors = platform_errors(MARK_AS_INCOME)
    assert len(errors) == 1
    assert errors[0].startswith("[platform-agent]") and "200000.00" in errors[0]


def test_income_and_expense_that_cancel_are_not_net_assets() -> None:
    text = """
2026-07-01 * "更正"
  type: "correction"
  Income:Investment:Disposal   -100.00 CNY
  Expenses:WriteOff             100.00 CNY
"""
    assert platform_errors(text) == []

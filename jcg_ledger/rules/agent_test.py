"""Rule ``platform-agent`` on small platform ledgers."""

from __future__ import annotations

from decimal import Decimal

from beancount import loader
from beancount.core import data

from jcg_ledger.rules.agent import check_net_assets, net_assets_moved
from jcg_ledger.rules.project_ledger import all_errors, platform_errors
from jcg_ledger.state.base import Violation

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


def test_the_refusal_names_every_account_and_the_net() -> None:
    text = "".join(
        f"2026-01-01 open {a} CNY\n"
        for a in ("Assets:Bank:Platform", "Income:FairValueChange", "Expenses:Bank:Fee")
    )
    text += """
2026-07-01 * "自营"
  Assets:Bank:Platform     150000.00 CNY
  Income:FairValueChange  -200000.00 CNY
  Expenses:Bank:Fee         50000.00 CNY
"""
    entries, errors, _ = loader.load_string(text)
    assert not errors
    [entry] = [e for e in entries if isinstance(e, data.Transaction)]
    # Income −200,000 + expenses 50,000: the platform's net assets up by 150,000.
    assert net_assets_moved(entry) == Decimal("-150000.00")
    assert check_net_assets(entry) == Violation(
        "platform-agent",
        "平台为受托代持,不得确认自身损益或净资产:Expenses:Bank:Fee, Income:FairValueChange 净额 "
        "150000.00 应计入 Liabilities:Entrusted:City(由市级账套确认)/ the platform is the city's "
        "agent: Expenses:Bank:Fee, Income:FairValueChange move its net assets by 150000.00; post "
        "it to Liabilities:Entrusted:City and let the city book recognise it",
    )

"""Rule ``remit`` — remittances within what was realised and not yet remitted."""

from __future__ import annotations

from decimal import Decimal

from jcg_ledger.policy import default_policy
from jcg_ledger.rules.project_ledger import all_errors, platform_errors
from jcg_ledger.rules.remit import check_remit
from jcg_ledger.state.base import Violation
from jcg_ledger.state.projects import ProjectState

# P1: 50,000 of its 100,000 units (cost 500,000) sold for 600,000: 500,000 of principal
# recovered and 100,000 of gain realised.
SOLD = """
2026-06-01 * "股权退出"
  type: "equity.exit"
  project: "P1"
  Assets:Bank:Platform          600000.00 CNY
  Assets:Equity:ACME            -50000 EQ-ACME {}
  Liabilities:Entrusted:City   -100000.00 CNY
"""


def remit(on: str, principal: str, income: str) -> str:
    amount = f"{float(principal) + float(income):.2f}"
    return f"""
{on} * "收益上缴"
  type: "proceeds.remit"
  principal: {principal}
  income: {income}
  Liabilities:Entrusted:City    {amount} CNY
  Assets:Bank:Platform         -{amount} CNY
"""


def test_remitting_what_was_realised() -> None:
    assert all_errors(SOLD + remit("2026-09-01", "500000.00", "100000.00")) == []
    # In two steps: 60,000 of income, then the other 40,000.
    two = remit("2026-09-01", "0.00", "60000.00") + remit("2026-10-01", "0.00", "40000.00")
    assert all_errors(SOLD + two) == []


def test_income_above_what_was_realised() -> None:
    errors = platform_errors(SOLD + remit("2026-09-01", "0.00", "100000.01"))
    assert len(errors) == 1 and errors[0].startswith("[remit]") and "100000.00" in errors[0]
    # 60,000 remitted already: 40,000.01 more is too much.
    two = remit("2026-09-01", "0.00", "60000.00") + remit("2026-10-01", "0.00", "40000.01")
    errors = platform_errors(SOLD + two)
    assert len(errors) == 1 and "40000.00" in errors[0]


def test_principal_above_what_was_recovered() -> None:
    # The money still in projects (P1's other half, P2) is not principal recovered.
    errors = platform_errors(SOLD + remit("2026-09-01", "500000.01", "0.00"))
    assert len(errors) == 1 and errors[0].startswith("[remit]") and "500000.00" in errors[0]


def test_negative_amounts_are_refused_whole() -> None:
    state = ProjectState(default_policy())
    state.principal_recovered, state.income_realised = Decimal(500_000), Decimal(100_000)
    assert check_remit(state, Decimal(500_000), Decimal(100_000)) is None
    assert check_remit(state, Decimal(-1), Decimal(0)) == Violation(
        "remit", "上缴本金 -1、收益 0 不得为负 / principal -1 and income 0 may not be negative"
    )
    assert check_remit(state, Decimal(0), Decimal("-0.01")) == Violation(
        "remit",
        "上缴本金 0、收益 -0.01 不得为负 / principal 0 and income -0.01 may not be negative",
    )

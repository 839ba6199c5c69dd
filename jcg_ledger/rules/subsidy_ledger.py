"""Small city ledgers as text, for the subsidy rule tests beside each rule module.

`ledger(*entries)` prefixes the plugin line, the chart of the city book (from the packaged
default policy), a registry of two entities and three persons and the appropriations of
`FUNDING` (so payments have cash and a line); `award`, `pay` and `clawback` write
transactions as ``jcg post`` would (or as a clerk would type them);
`policy_errors` loads the text through Beancount with the policy plugin and returns the
plugin's messages.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from beancount import loader

from jcg_ledger.policy import default_policy

REGISTRY = """
2025-01-06 custom "jcg-entity" "JC-A"
  kind: "company"
  admitted: 2025-01-06
2025-01-06 custom "jcg-entity" "JC-B"
  kind: "institution"
  admitted: 2025-01-06
2025-01-06 custom "jcg-entity" "JC-LATE"
  kind: "company"
  admitted: 2025-06-01
2025-02-03 custom "jcg-person" "P-0001"
  employer: "JC-A"
  tier: "doctorate"
  mode: "fulltime"
  start: 2025-02-01
  contract_years: 5
  social_insurance_months: 6
2025-02-03 custom "jcg-person" "P-0002"
  employer: "JC-A"
  tier: "master"
  mode: "fulltime"
  start: 2025-02-01
  contract_years: 2
  social_insurance_months: 6
2025-02-03 custom "jcg-person" "P-0004"
  employer: "JC-A"
  tier: "doctorate"
  mode: "fulltime"
  start: 2024-01-01
  contract_years: 5
  social_insurance_months: 12
2025-02-03 custom "jcg-person" "P-0003"
  employer: "JC-A"
  tier: "senior-title"
  mode: "flexible"
  start: 2025-02-01
  contract_years: 1
  social_insurance_months: 0
"""


def chart() -> str:
    from jcg_ledger.books.chart import chart as book_chart

    accounts = [a.account for a in book_chart("city", default_policy())]
    return "".join(f"2025-01-01 open {a} CNY\n" for a in accounts)


def appropriate(on: str, year: int, department: str, account: str, amount: str) -> str:
    """A department's appropriation with its budgetary twin (render/budget.py)."""
    return (
        f'{on} * "预算拨款"\n  year: {year}\n  department: "{department}"\n'
        f"  Assets:Bank:SpecialFund  {amount} CNY\n"
        f"  Income:Appropriation:{account}  -{amount} CNY\n"
        f"  Equity:Budget:FundBalance  {amount} CNY\n"
        f"  Equity:Budget:Income:Appropriation:{account}  -{amount} CNY\n"
    )


# 10,000,000 to each department for 2025 and 2026, all received on 2025-01-02 (no entry after
# a test's today): room for every rule test's payments.
FUNDING = "".join(
    appropriate("2025-01-02", year, dept, account, "10000000")
    for year in (2025, 2026)
    for dept, account in (("sci-tech", "SciTech"), ("hrss", "HRSS"))
)


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | Decimal):
        return str(value)
    return f'"{value}"'


def award(on: str, event: str, measure: str, amount: str, **meta: Any) -> str:
    """An approval transaction for ``measure`` (the code); ``meta`` adds entity, subject…"""
    account = default_policy().subsidy(measure).account
    lines = [f'{on} * "补贴核定 {measure}" ^{event}', f'  event: "{event}"']
    lines += [f'  measure: "{measure}"', f'  approval: "{event}"']
    lines += [f"  {k}: {_value(v)}" for k, v in meta.items()]
    lines += [
        f"  Expenses:Subsidy:{account}  {amount} CNY",
        f"  Liabilities:Payable:Subsidy  -{amount} CNY",
    ]
    return "\n".join(lines) + "\n"


def pay(
    on: str, event: str, approval: str, amount: str, measure: str = "platform-municipal"
) -> str:
    """A payment with its budgetary twin (行政支出 of ``measure`` / 资金结存)."""
    account = default_policy().subsidy(measure).account
    return (
        f'{on} * "补贴拨付" ^{approval}\n  event: "{event}"\n  approval: "{approval}"\n'
        f"  Liabilities:Payable:Subsidy  {amount} CNY\n  Assets:Bank:SpecialFund  -{amount} CNY\n"
        f"  Equity:Budget:Expenditure:Administrative:{account}  {amount} CNY\n"
        f"  Equity:Budget:FundBalance  -{amount} CNY\n"
    )


def clawback(
    on: str, event: str, approval: str, amount: str, measure: str = "platform-municipal"
) -> str:
    """A clawback of an award of the same year: the paid part receivable, the expense reduced."""
    account = default_policy().subsidy(measure).account
    return (
        f'{on} * "补贴追回" ^{approval}\n  event: "{event}"\n  approval: "{approval}"\n'
        f"  Assets:Receivable:Clawback  {amount} CNY\n  Expenses:Subsidy:{account}  -{amount} CNY\n"
    )


def ledger(*entries: str) -> str:
    return (
        'plugin "jcg_ledger.plugins.policy" "city"\n'
        + chart()
        + REGISTRY
        + FUNDING
        + "".join(entries)
    )


def policy_errors(*entries: str) -> list[str]:
    """The messages of every error the load reports (the plugin's carry ``[rule]``)."""
    _, errors, _ = loader.load_string(ledger(*entries))
    return [str(e.message) for e in errors]

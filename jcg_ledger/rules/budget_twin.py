"""Rules ``budget-unbalanced`` and ``budget-twin`` — 平行记账 in every city transaction.

The city book keeps the budgetary basis (预算会计) as postings under ``Equity:Budget:`` in the
same transaction as the financial entry. Two things hold in every transaction:

1. the ``Equity:Budget:`` postings sum to zero on their own (the budgetary entry balances, so
   net assets and Fava's income statement are untouched by it);
2. what the transaction moves through ``Assets:Bank:SpecialFund`` (1002) it also moves through
   ``Equity:Budget:FundBalance`` (8001 资金结存), same sign, same amount::

    2025-04-01 * "补贴拨付"
      Liabilities:Payable:Subsidy                                 100000.00 CNY
      Assets:Bank:SpecialFund                                    -100000.00 CNY
      Equity:Budget:Expenditure:Administrative:PlatformMunicipal  100000.00 CNY
      Equity:Budget:FundBalance                                  -100000.00 CNY   ; twin: ok

A payment typed without its last two lines fails with ``budget-twin``; one with only the first
of them fails with ``budget-unbalanced`` (and Beancount's own balance check).
"""

from __future__ import annotations

from decimal import Decimal

from beancount.core import data

from jcg_ledger.violation import Violation

UNBALANCED = "budget-unbalanced"
TWIN = "budget-twin"
ZERO = Decimal(0)
BANK = "Assets:Bank:SpecialFund"
BUDGET = "Equity:Budget:"
FUND_BALANCE = "Equity:Budget:FundBalance"


def _sum(entry: data.Transaction, match: str, prefix: bool) -> Decimal:
    total = ZERO
    for posting in entry.postings:
        hit = posting.account.startswith(match) if prefix else posting.account == match
        if hit and posting.units is not None and posting.units.number is not None:
            total += posting.units.number
    return total


def check(entry: data.Transaction) -> list[Violation]:
    """The budgetary postings of a city transaction: balanced, and the twin of its cash."""
    found: list[Violation] = []
    budget = _sum(entry, BUDGET, True)
    if budget != ZERO:
        found.append(
            Violation(
                UNBALANCED,
                f"预算会计分录不平衡:Equity:Budget 合计 {budget} / the Equity:Budget postings "
                f"sum to {budget}, not zero",
            )
        )
    cash, balance = _sum(entry, BANK, False), _sum(entry, FUND_BALANCE, False)
    if cash != balance:
        found.append(
            Violation(
                TWIN,
                f"专项资金专户变动 {cash} 元,资金结存变动 {balance} 元,平行记账不一致 / "
                f"{BANK} moves {cash} but {FUND_BALANCE} moves {balance}: the budgetary twin "
                "must move the same amount",
            )
        )
    return found

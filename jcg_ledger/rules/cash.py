"""Rule ``cash-insufficient`` — no city outflow takes the special-fund account below zero.

The special fund pays only from what was appropriated into it and what came back: a subsidy
payment, an entrustment to the platform, a fund contribution or a fund reward that would leave
``Assets:Bank:SpecialFund`` negative is refused, naming what is left::

    2025-01-15 * "预算拨款"                       ; 100,000 in
      Assets:Bank:SpecialFund                  100000.00 CNY
      Income:Appropriation:SciTech            -100000.00 CNY
      Equity:Budget:FundBalance                100000.00 CNY
      Equity:Budget:Income:Appropriation:SciTech -100000.00 CNY
    2025-04-01 * "补贴拨付"                       ; 150,000 out → refused:
      Liabilities:Payable:Subsidy              150000.00 CNY   ;  cash-insufficient
      Assets:Bank:SpecialFund                 -150000.00 CNY   ;  (100,000 left)
      ...

The balance is the one before the transaction, in the books' date order (`BudgetState.cash`).
"""

from __future__ import annotations

from decimal import Decimal

from jcg_ledger.violation import Violation

RULE = "cash-insufficient"
ACCOUNT = "Assets:Bank:SpecialFund"


def check_cash(balance: Decimal, outflow: Decimal, what: str) -> Violation | None:
    """Refuse an outflow larger than the special fund's balance."""
    if outflow > balance:
        return Violation(
            RULE,
            f"{what}:支出 {outflow} 元超过专项资金专户余额 {balance} 元(缺 {outflow - balance} 元)"
            f" / outflow {outflow} exceeds the balance of {ACCOUNT}: {balance} left",
        )
    return None

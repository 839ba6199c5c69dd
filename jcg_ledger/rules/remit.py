"""Rule ``remit`` — the platform remits only what was realised and not yet remitted.

A remittance (`proceeds.remit`) returns to the city, in cash, part of what the platform holds
for it. Its income part is at most the gains and interest received in cash and not yet
remitted; its principal part at most the cost recovered (buybacks, exits, debt principal) and
not yet remitted. Money still out in projects, and marks not yet sold, cannot be remitted::

    2026-06-01 * "债权回收"   ; principal 1,000,000 and interest 192,602.74 received
    2026-09-01 * "收益上缴"
      type: "proceeds.remit"
      principal: 0
      income: 8000000.00       ; refused: 192,602.74 of income realised, not 8,000,000
      Liabilities:Entrusted:City   8000000.00 CNY
      Assets:Bank:Platform        -8000000.00 CNY
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from jcg_ledger.violation import Violation

if TYPE_CHECKING:
    from jcg_ledger.state.projects import ProjectState

RULE = "remit"


def check_remit(state: ProjectState, principal: Decimal, income: Decimal) -> Violation | None:
    """Principal within the cost recovered, income within the gains and interest received."""
    if principal < 0 or income < 0:
        return Violation(
            RULE,
            f"上缴本金 {principal}、收益 {income} 不得为负 / principal {principal} and income "
            f"{income} may not be negative",
        )
    if income > state.income_to_remit:
        return Violation(
            RULE,
            f"上缴收益 {income} 超过已实现未上缴的收益和利息 {state.income_to_remit}"
            f"(已实现 {state.income_realised},已上缴 {state.income_remitted})/ income remitted "
            f"{income} above the gains and interest received and not yet remitted "
            f"{state.income_to_remit}",
        )
    if principal > state.principal_to_remit:
        return Violation(
            RULE,
            f"上缴本金 {principal} 超过已收回未上缴的本金 {state.principal_to_remit}"
            f"(已收回 {state.principal_recovered},已上缴 {state.principal_remitted})/ principal "
            f"remitted {principal} above the principal recovered and not yet remitted "
            f"{state.principal_to_remit}",
        )
    return None

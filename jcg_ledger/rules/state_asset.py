"""Rule ``state-asset-price`` — state-held equity is not sold below its value without approval.

The stake is state-owned (国有资产): selling units for less than their carrying value (the
latest fair value booked, or cost before any mark) needs an approval, recorded as the event's
``override`` (reason, ``doc_no``; metadata ``override_doc_no``). A buyback settled below the
price due needs a ``concession`` instead (`jcg_ledger.rules.buyback_price`)::

    2026-06-30 * "股权估值"   ; 100,000 units marked at 12.00: carrying 1,200,000
    2026-08-01 * "股权退出"
      type: "equity.exit"
      Assets:Bank:Platform        500000.00 CNY    ; 50,000 units worth 600,000: refused
      Assets:Equity:ACME          -50000 EQ-ACME {}
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from jcg_ledger.policy import Policy
from jcg_ledger.violation import Violation

if TYPE_CHECKING:
    from jcg_ledger.state.projects import Project

RULE = "state-asset-price"


def carrying_of(policy: Policy, project: Project, units: Decimal) -> Decimal:
    """The carrying value of ``units``: their cost and their share of the fair-value changes."""
    return project.cost_of(units, policy) + project.fair_value_release(units, policy)


def check_sale_price(
    policy: Policy, project: Project, units: Decimal, amount: Decimal, doc_no: str | None
) -> Violation | None:
    value = carrying_of(policy, project, units)
    if amount >= value or doc_no:
        return None
    return Violation(
        RULE,
        f"项目 {project.code} 以 {amount} 出售 {units} 股,低于账面价值 {value},须有批准文号"
        f"(override.doc_no)/ project {project.code}: {units} units sold for {amount}, below "
        f"their carrying value {value}; state-held equity sold below its value needs an approval "
        "(override with doc_no)",
    )

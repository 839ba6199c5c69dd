"""Rule ``buyback-price`` — what a buyback tranche costs the obligor on a given day.

The price methods of REFERENCE.md; ``days`` run from the project's first disbursement to the
settlement date, the day count is the policy's (ACT/365), and the result is rounded once with
``policy.quantize``:

| method | price of ``units`` of a tranche settled on ``d`` |
|---|---|
| ``principal`` | cost of the units |
| ``lpr-simple`` | cost × (1 + LPR × days/365), LPR in force on the first disbursement |
| ``fixed-rate-simple`` | cost × (1 + rate × days/365) |
| ``fixed-price`` | the agreed amount (pro rata to the units settled) |
| ``fair-value-floor`` | max(fair value × (1 − concession), cost), fair value at the last mark |

Worked example: cost 5,000,000, disbursed 2025-06-01 (LPR 3.00%), settled 2028-06-01
(1,096 days) → 5,000,000 × (1 + 0.03 × 1096/365) = 5,450,410.96. A settlement that receives
less than the price due is booked (the loss shows in ``Income:Investment:Disposal``) and
flagged by the plugin::

    2028-06-01 * "回购结算"
      type: "buyback.settle"
      project: "P1"
      tranche: 1
      price_due: 5450410.96
      Assets:Bank:Platform   5000000.00 CNY   ; flagged (warning): buyback-price
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from jcg_ledger.finance import simple_interest
from jcg_ledger.policy import Policy
from jcg_ledger.state.base import Violation
from jcg_ledger.violation import warning

if TYPE_CHECKING:
    from jcg_ledger.state.projects import Project, Tranche

RULE = "buyback-price"


def price_due(
    policy: Policy, project: Project, tranche: Tranche, on: date, units: Decimal | None = None
) -> Decimal:
    """The price of ``units`` (default: the whole tranche) settled on ``on``, rounded."""
    units = tranche.units if units is None else units
    # Price by the conversion lot's cost per unit, so a tranche's price does not depend on
    # the order the tranches are settled in.
    cost = (
        policy.quantize(units * project.cost_converted / project.units_converted)
        if project.units_converted
        else Decimal(0)
    )
    start = project.first_disbursed or project.converted_on or on
    end = max(on, start)
    year_days = policy.interest.year_days
    method = tranche.method
    if method == "principal":
        value = cost
    elif method == "lpr-simple":
        value = cost + simple_interest(cost, policy.lpr_on(start), start, end, year_days)
    elif method == "fixed-rate-simple":
        rate = tranche.rate or Decimal(0)
        value = cost + simple_interest(cost, rate, start, end, year_days)
    elif method == "fixed-price":
        agreed = tranche.price or Decimal(0)
        value = agreed * units / tranche.units if tranche.units else agreed
    elif method == "fair-value-floor":
        per_unit = project.mark_on(on)
        concession = tranche.concession or Decimal(0)
        fair = units * per_unit * (1 - concession) if per_unit is not None else cost
        value = max(fair, cost)
    else:
        raise ValueError(f"未知的定价方法 unknown price method {method!r}")
    return policy.quantize(value)


def check_received(
    project: Project, tranche: Tranche, received: Decimal, due: Decimal
) -> Violation | None:
    """Less received than the price due: booked, but flagged."""
    if received >= due:
        return None
    return warning(
        RULE,
        f"项目 {project.code} 第 {tranche.number} 期回购收款 {received} 低于应收价款 {due} "
        f"({tranche.method}) / project {project.code} tranche {tranche.number}: received "
        f"{received} below the price due {due}",
    )

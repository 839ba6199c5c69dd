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
(1,096 days) → 5,000,000 × (1 + 0.03 × 1096/365) = 5,450,410.96.

A settlement must receive the price due to the cent (rule ``buyback-price``): less only with
an approved ``concession`` (amount, reason, ``doc_no``; the city's loss, 让利), more only with
the excess declared as ``late_interest`` agreed in the buyback::

    2028-06-01 * "回购结算"
      type: "buyback.settle"
      project: "P1"
      tranche: 1
      Assets:Bank:Platform   5000000.00 CNY   ; refused: 450,410.96 short, no concession

A tranche that falls due unpaid becomes a receivable by the close of its month (``buyback.due``,
rule ``buyback-due``: its price at the due date, ``Assets:Receivable:Buyback:<obligor>``); one
still unpaid today is a warning with its days overdue (``buyback-overdue``).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from jcg_ledger.finance import simple_interest
from jcg_ledger.policy import Policy
from jcg_ledger.violation import Violation, warning

if TYPE_CHECKING:
    from jcg_ledger.state.projects import Project, Tranche

RULE = "buyback-price"
RULE_DUE = "buyback-due"
RULE_OVERDUE = "buyback-overdue"


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
    project: Project,
    tranche: Tranche,
    received: Decimal,
    due: Decimal,
    concession: Decimal | None = None,
    concession_doc_no: str | None = None,
    late_interest: Decimal | None = None,
) -> Violation | None:
    """Received = price due − an approved concession + declared late interest, to the cent."""
    where = f"项目 {project.code} 第 {tranche.number} 期 / project {project.code} tranche {tranche.number}"
    conceded = concession or Decimal(0)
    late = late_interest or Decimal(0)
    if conceded and not concession_doc_no:
        return Violation(
            RULE, f"{where}: 让利须有批准文号 concession.doc_no / a concession needs its doc_no"
        )
    if conceded < 0 or late < 0 or conceded > due:
        return Violation(
            RULE,
            f"{where}: 让利 {conceded} 或逾期利息 {late} 无效 / concession {conceded} or late "
            f"interest {late} out of range",
        )
    expected = due - conceded + late
    if received == expected:
        return None
    if received < expected:
        return Violation(
            RULE,
            f"{where}: 收款 {received} 低于应收价款 {expected}({tranche.method},价款 {due}),"
            f"差额 {expected - received} 须经批准让利(concession:金额、理由、批准文号)/ received "
            f"{received} below the price due {expected} by {expected - received}; less is "
            "refused unless an approved concession (amount, reason, doc_no) is recorded",
        )
    return Violation(
        RULE,
        f"{where}: 收款 {received} 高于应收价款 {expected}({tranche.method},价款 {due}),"
        f"多收 {received - expected} 须声明为约定的逾期利息(late_interest)/ received {received} "
        f"above the price due {expected} by {received - expected}; declare the excess as the "
        "late interest agreed (late_interest)",
    )


def check_due(
    policy: Policy, project: Project, tranche: Tranche, on: date, booked: Decimal
) -> Violation | None:
    """A tranche booked as receivable: fallen due, unpaid, not booked yet, at its due price."""
    where = f"项目 {project.code} 第 {tranche.number} 期 / project {project.code} tranche {tranche.number}"
    if on < tranche.due:
        return Violation(
            RULE_DUE, f"{where}: 到期日 {tranche.due} 前不得确认应收 / not due before {tranche.due}"
        )
    if tranche.receivable_units > 0 or tranche.remaining_units <= 0:
        return Violation(
            RULE_DUE,
            f"{where}: 已确认应收或已结清 / already receivable or settled",
        )
    price = price_due(policy, project, tranche, tranche.due, tranche.remaining_units)
    if booked != price:
        return Violation(
            RULE_DUE,
            f"{where}: 应收回购款须为到期日价款 {price},账上 {booked} / the receivable must be the "
            f"price at the due date, {price}; booked {booked}",
        )
    return None


def overdue(policy: Policy, project: Project, tranche: Tranche, today: date) -> Violation | None:
    """A tranche unpaid after its due date, as of ``today`` (a warning, with its days)."""
    days = (today - tranche.due).days
    if days <= 0 or tranche.remaining_units <= 0:
        return None
    price = price_due(policy, project, tranche, today, tranche.remaining_units)
    return warning(
        RULE_OVERDUE,
        f"项目 {project.code} 第 {tranche.number} 期回购(义务人 {project.obligor})于 {tranche.due} "
        f"到期,逾期 {days} 天未付,应收 {price} / project {project.code} tranche {tranche.number} "
        f"due {tranche.due} is {days} days overdue; {price} owed as of {today}",
    )

"""Rule ``fair-value`` — equity stakes follow their marks (CAS 22, 以公允价值计量).

A stake converted from project funds is carried at fair value: its units sit at cost in
``Assets:Equity:<E>`` (lots ``EQ-<E>``, so sales match cost) and the change in fair value in
``Assets:Equity:<E>:FairValue`` (交易性金融资产—公允价值变动). Each change moves the platform's
liability to the city, which recognises it (``Income:Investment:FairValue``):

* at conversion, the day-one difference between the round price and the conversion price:
  units × round price − cost;
* at each mark, units held × the new price − the stake's carrying value (cost + changes).

A sale (buyback, exit, a tranche falling due, a write-off) takes out its share of the changes
(all of them with the last units). A price directive whose change is not booked, or a booked
change that differs from the mark or the share by a cent, is refused::

    2026-01-10 * "转股"   ; 100,000 units for 1,000,000; round price 12.50
      type: "project.convert"
      round_price: 12.50
      Assets:Equity:ACME              100000 EQ-ACME {# 1000000.00 CNY}
      Assets:PreConversion:ACME     -1000000.00 CNY
      Assets:Equity:ACME:FairValue    250000.00 CNY   ; 100,000 × 12.50 − 1,000,000
      Liabilities:Entrusted:City     -250000.00 CNY
    2026-06-30 * "股权估值"   ; price 11: 1,100,000 − 1,250,000 = −150,000
      type: "equity.mark"
      price: 11
      Assets:Equity:ACME:FairValue   -150000.00 CNY
      Liabilities:Entrusted:City      150000.00 CNY
    2026-06-30 price EQ-ACME 11 CNY
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from jcg_ledger.policy import Policy
from jcg_ledger.violation import Violation

if TYPE_CHECKING:
    from jcg_ledger.state.projects import Project

RULE = "fair-value"


def day_one(policy: Policy, units: Decimal, cost: Decimal, round_price: Decimal | None) -> Decimal:
    """The day-one difference at conversion: units × round price − cost (0 without a price)."""
    if round_price is None:
        return Decimal(0)
    return policy.quantize(units * round_price) - cost


def change(policy: Policy, project: Project, price: Decimal) -> Decimal:
    """The change a mark at ``price`` books: units held × price − the carrying value."""
    return policy.quantize(project.units_held * price) - project.carrying_stake


def _differs(project: Project, what: str, due: Decimal, booked: Decimal) -> Violation:
    return Violation(
        RULE,
        f"项目 {project.code} {what}应记公允价值变动 {due},账上 {booked} / project "
        f"{project.code}: the change in fair value {what.strip()} must be {due}, booked {booked}",
    )


def check_day_one(
    policy: Policy,
    project: Project,
    units: Decimal,
    cost: Decimal,
    round_price: Decimal | None,
    booked: Decimal,
) -> Violation | None:
    due = day_one(policy, units, cost, round_price)
    return None if booked == due else _differs(project, "转股日 at conversion ", due, booked)


def check_mark(
    policy: Policy, project: Project, price: Decimal, booked: Decimal
) -> Violation | None:
    due = change(policy, project, price)
    return None if booked == due else _differs(project, f"估值 {price} at the mark ", due, booked)


def check_price(policy: Policy, project: Project, price: Decimal) -> Violation | None:
    """A price directive of a stake: its change must already be booked (the mark's entry)."""
    due = change(policy, project, price)
    if due == 0:
        return None
    return Violation(
        RULE,
        f"项目 {project.code} 估值 {price} 未记公允价值变动 {due} / project {project.code}: the "
        f"mark at {price} changes the stake by {due}, which no entry books",
    )


def check_release(
    policy: Policy, project: Project, units: Decimal, booked: Decimal
) -> Violation | None:
    """Units leaving the stake take their share of the fair-value changes with them."""
    due = -project.fair_value_release(units, policy)
    return None if booked == due else _differs(project, f"出售 {units} 股 on a sale ", due, booked)

"""Rule ``buyback-schedule`` — a buyback agreement that the stake can honour.

A schedule belongs to a project converted into equity; its tranches fall due after the
conversion, their fractions add up to at most 1 (their units to at most the units converted),
each names a known price method with the parameters it needs, and there are at most the
policy's ``conversion.max_buyback_tranches`` of them::

    2026-01-10 custom "jcg-buyback" "P1" 1
      obligor: "FOUNDER"
      due: 2027-01-10
      fraction: 0.60
      units: 600000
      method: "lpr-simple"
    2026-01-10 custom "jcg-buyback" "P1" 2
      fraction: 0.50          ; refused: 0.60 + 0.50 > 1
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from jcg_ledger.policy import Policy
from jcg_ledger.violation import Violation

if TYPE_CHECKING:
    from jcg_ledger.state.projects import Project, Tranche

RULE = "buyback-schedule"
METHODS = ("principal", "lpr-simple", "fixed-rate-simple", "fixed-price", "fair-value-floor")


def check_tranche(
    policy: Policy, project: Project, earlier: Sequence[Tranche], tranche: Tranche
) -> Violation | None:
    """Check one tranche given the tranches already agreed for the project."""
    code, n = project.code, tranche.number
    where = f"项目 {code} 第 {n} 期 / project {code} tranche {n}"
    if project.converted != "equity":
        return Violation(
            RULE,
            f"{where}: 项目未转股,不能约定回购 / the project holds no equity to buy back",
        )
    if any(t.number == n for t in earlier):
        return Violation(RULE, f"{where}: 期次重复 / tranche number repeated")
    limit = policy.conversion.max_buyback_tranches
    if len(earlier) + 1 > limit:
        return Violation(
            RULE, f"{where}: 回购期数超过政策上限 {limit} / more than {limit} tranches"
        )
    if tranche.method not in METHODS:
        return Violation(RULE, f"{where}: 未知的定价方法 {tranche.method} / unknown price method")
    if tranche.method == "fixed-rate-simple" and tranche.rate is None:
        return Violation(RULE, f"{where}: fixed-rate-simple 须给出 rate / needs a rate")
    if tranche.method == "fixed-price" and tranche.price is None:
        return Violation(RULE, f"{where}: fixed-price 须给出 price / needs a price")
    converted_on = project.converted_on
    if converted_on is None or tranche.due <= converted_on:
        return Violation(
            RULE,
            f"{where}: 到期日 {tranche.due} 须晚于转股日 {converted_on} / due date must follow "
            "the conversion",
        )
    fractions = sum((t.fraction or Decimal(0) for t in earlier), Decimal(0))
    fractions += tranche.fraction or Decimal(0)
    if fractions > 1:
        return Violation(
            RULE,
            f"{where}: 各期回购比例合计 {fractions} 超过 1 / tranche fractions add up to "
            f"{fractions} > 1",
        )
    units = sum((t.units for t in earlier), Decimal(0)) + tranche.units
    if tranche.units <= 0 or units > project.units_converted:
        return Violation(
            RULE,
            f"{where}: 回购股数合计 {units} 超过转股股数 {project.units_converted} / tranche "
            f"units add up to {units}, above the {project.units_converted} units converted",
        )
    return None

"""Rule ``buyback-schedule`` — the tranches' fractions and units add up within the conversion.

The project converted 500,000 units on 2025-06-01.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from jcg_ledger.policy import default_policy
from jcg_ledger.rules.buyback_schedule import check_tranche
from jcg_ledger.state.base import Violation
from jcg_ledger.state.projects import Project, Tranche

POLICY = default_policy()


def project() -> Project:
    p = Project("P1", "ACME", Decimal(5_000_000), date(2025, 5, 1))
    p.converted, p.converted_on = "equity", date(2025, 6, 1)
    p.units_converted = p.units_held = Decimal(500_000)
    p.cost_converted = p.cost_held = Decimal(5_000_000)
    return p


def tranche(n: int, units: str, fraction: str | None = None) -> Tranche:
    f = None if fraction is None else Decimal(fraction)
    return Tranche(n, date(2027 + n, 6, 1), Decimal(units), "principal", fraction=f)


def test_fractions_left_out_count_as_nothing() -> None:
    p = project()
    # An earlier tranche without a fraction, this one at 1/2 (and the other way round): 0.5.
    assert check_tranche(POLICY, p, [tranche(1, "100000")], tranche(2, "250000", "0.5")) is None
    assert check_tranche(POLICY, p, [tranche(1, "250000", "0.5")], tranche(2, "100000")) is None
    # 0.6 + 0.5 = 1.1 > 1.
    over = check_tranche(POLICY, p, [tranche(1, "300000", "0.6")], tranche(2, "100000", "0.5"))
    assert over == Violation(
        "buyback-schedule",
        "项目 P1 第 2 期 / project P1 tranche 2: 各期回购比例合计 1.1 超过 1 / tranche fractions "
        "add up to 1.1 > 1",
    )


def units_above(total: str) -> Violation:
    return Violation(
        "buyback-schedule",
        f"项目 P1 第 2 期 / project P1 tranche 2: 回购股数合计 {total} 超过转股股数 500000 / "
        f"tranche units add up to {total}, above the 500000 units converted",
    )


def test_the_units_add_up_within_the_conversion() -> None:
    p = project()
    # 300,000 + 200,000 = all 500,000: fine; one unit more is refused.
    assert check_tranche(POLICY, p, [tranche(1, "300000")], tranche(2, "200000")) is None
    assert check_tranche(POLICY, p, [tranche(1, "300000")], tranche(2, "200001")) == units_above(
        "500001"
    )
    assert check_tranche(POLICY, p, [tranche(1, "300000")], tranche(2, "300000")) == units_above(
        "600000"
    )
    # A tranche of one unit is a tranche; of none (or fewer) it is refused.
    assert check_tranche(POLICY, p, [tranche(1, "300000")], tranche(2, "1")) is None
    assert check_tranche(POLICY, p, [tranche(1, "300000")], tranche(2, "0")) == units_above(
        "300000"
    )
    assert check_tranche(POLICY, p, [], tranche(2, "-1")) == units_above("-1")

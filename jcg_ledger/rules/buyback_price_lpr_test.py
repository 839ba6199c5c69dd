"""Rule ``buyback-price`` — the LPR is the one in force on the first disbursement.

Every other test disburses after the 2025-05-20 change (3.00% ever since), so looking the
rate up on the settlement date would go unnoticed there. Here the money goes out on
2025-01-10, when the LPR was 3.10% (from 2024-10-21, REFERENCE.md), and the tranche settles on
2028-01-10, when it is 3.00%.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from jcg_ledger.policy import default_policy
from jcg_ledger.rules.buyback_price import check_received, price_due
from jcg_ledger.state.projects import Project, Tranche

POLICY = default_policy()


def test_lpr_in_force_on_the_first_disbursement() -> None:
    p = Project("P1", "ACME", Decimal(5_000_000), date(2024, 12, 1))
    p.disbursements.append((date(2025, 1, 10), Decimal(5_000_000)))
    p.converted, p.converted_on = "equity", date(2025, 12, 1)
    p.units_converted = p.units_held = Decimal(500_000)
    p.cost_converted = p.cost_held = Decimal(5_000_000)
    whole = Tranche(1, date(2028, 1, 10), Decimal(500_000), "lpr-simple")
    # 2025-01-10 → 2028-01-10 = 365 + 365 + 365 = 1,095 days (no 29 February in between):
    # 5,000,000 × (1 + 3.10% × 1095/365) = 5,000,000 × 1.093 = 5,465,000.00
    # (at the settlement day's 3.00% it would be 5,450,000.00).
    assert price_due(POLICY, p, whole, date(2028, 1, 10)) == Decimal("5465000.00")
    # Half the units: cost 2,500,000 × 1.093 = 2,732,500.00.
    assert price_due(POLICY, p, whole, date(2028, 1, 10), Decimal(250_000)) == Decimal("2732500.00")


def converted(disbursed: bool = True) -> Project:
    p = Project("P1", "ACME", Decimal(5_000_000), date(2025, 5, 1))
    if disbursed:
        p.disbursements.append((date(2025, 6, 1), Decimal(5_000_000)))
    p.converted, p.converted_on = "equity", date(2025, 6, 1)
    p.units_converted = p.units_held = Decimal(500_000)
    p.cost_converted = p.cost_held = Decimal(5_000_000)
    return p


def tranche(method: str, units: int = 500_000, **kw: Decimal) -> Tranche:
    return Tranche(1, date(2028, 6, 1), Decimal(units), method, **kw)  # type: ignore[arg-type]


ON = date(2028, 6, 1)  # 1,096 days after 2025-06-01


def test_terms_left_out_count_as_nothing() -> None:
    p = converted()
    # No rate: no interest; no concession: the fair value itself; no agreed price: nothing.
    assert price_due(POLICY, p, tranche("fixed-rate-simple"), ON) == Decimal("5000000.00")
    p.marks.append((date(2028, 1, 1), Decimal(12)))
    assert price_due(POLICY, p, tranche("fair-value-floor"), ON) == Decimal("6000000.00")
    assert price_due(POLICY, p, tranche("fixed-price"), ON) == Decimal("0.00")


def test_fair_value_floor_without_a_mark_is_the_cost() -> None:
    floor = tranche("fair-value-floor", concession=Decimal("0.10"))
    assert price_due(POLICY, converted(), floor, ON) == Decimal("5000000.00")


def test_fixed_price_of_a_tranche_without_units_is_the_agreed_amount() -> None:
    fixed = tranche("fixed-price", units=0, price=Decimal(6_000_000))
    assert price_due(POLICY, converted(), fixed, ON, Decimal(0)) == Decimal("6000000.00")


def test_interest_runs_from_the_conversion_when_nothing_was_disbursed() -> None:
    # Converted 2025-06-01, no disbursement on record: 5,000,000 × 4% × 1096/365
    # = 600,547.945… → 5,600,547.95.
    p = converted(disbursed=False)
    fixed = tranche("fixed-rate-simple", rate=Decimal("0.04"))
    assert price_due(POLICY, p, fixed, ON) == Decimal("5600547.95")


def test_a_project_not_converted_costs_nothing() -> None:
    p = Project("P3", "GAMMA", Decimal(1_000_000), date(2025, 5, 1))
    assert price_due(POLICY, p, tranche("principal"), ON) == Decimal("0.00")


def test_an_unknown_method_and_a_receipt_at_the_price() -> None:
    with pytest.raises(ValueError, match="unknown price method 'barter'"):
        price_due(POLICY, converted(), tranche("barter"), ON)
    p, t = converted(), tranche("principal")
    assert check_received(p, t, Decimal("5000000.00"), Decimal("5000000.00")) is None
    short = check_received(p, t, Decimal("4999999.99"), Decimal("5000000.00"))
    assert short is not None and short.rule == "buyback-price"
    assert short.message.startswith(
        "项目 P1 第 1 期 / project P1 tranche 1: 收款 4999999.99 低于应收价款 5000000.00"
    )
    assert "below the price due 5000000.00 by 0.01" in short.message

"""Rule ``buyback-price`` — the price methods, and a settlement below the price due flagged."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from jcg_ledger.policy import default_policy
from jcg_ledger.rules.buyback_price import price_due
from jcg_ledger.rules.project_ledger import platform_errors
from jcg_ledger.state.projects import Project, Tranche

POLICY = default_policy()


def project() -> Project:
    # REFERENCE.md example: 5,000,000 disbursed 2025-06-01 into 500,000 units (10.00 each).
    p = Project("P1", "ACME", Decimal(5_000_000), date(2025, 5, 1))
    p.disbursements.append((date(2025, 6, 1), Decimal(5_000_000)))
    p.converted, p.converted_on = "equity", date(2025, 12, 1)
    p.units_converted = p.units_held = Decimal(500_000)
    p.cost_converted = p.cost_held = Decimal(5_000_000)
    return p


def tranche(method: str, **kw: Decimal) -> Tranche:
    return Tranche(1, date(2028, 6, 1), Decimal(500_000), method, **kw)  # type: ignore[arg-type]


def test_price_methods() -> None:
    on = date(2028, 6, 1)  # 1,096 days after 2025-06-01
    p = project()
    # lpr-simple: 5,000,000 × (1 + 0.03 × 1096/365) = 5,450,410.96.
    assert price_due(POLICY, p, tranche("lpr-simple"), on) == Decimal("5450410.96")
    # principal: the cost.
    assert price_due(POLICY, p, tranche("principal"), on) == Decimal("5000000.00")
    # fixed-rate-simple 4%: 5,000,000 × 0.04 × 1096/365 = 600,547.945… → 5,600,547.95.
    assert price_due(POLICY, p, tranche("fixed-rate-simple", rate=Decimal("0.04")), on) == Decimal(
        "5600547.95"
    )
    # fixed-price: the amount agreed; half the units, half the amount.
    fixed = tranche("fixed-price", price=Decimal(6_000_000))
    assert price_due(POLICY, p, fixed, on, Decimal(250_000)) == Decimal("3000000.00")
    # fair-value-floor, mark 12.00, concession 10%: 500,000 × 12 × 0.9 = 5,400,000 > cost.
    p.marks.append((date(2028, 1, 1), Decimal(12)))
    floor = tranche("fair-value-floor", concession=Decimal("0.10"))
    assert price_due(POLICY, p, floor, on) == Decimal("5400000.00")
    # A mark of 9.00: 500,000 × 9 × 0.9 = 4,050,000 < cost → the floor, 5,000,000.
    p.marks.append((date(2028, 2, 1), Decimal(9)))
    assert price_due(POLICY, p, floor, on) == Decimal("5000000.00")


def test_received_below_the_price_due_is_flagged() -> None:
    errors = platform_errors(
        """
2026-01-10 custom "jcg-buyback" "P1" 1
  obligor: "FOUNDER"
  due: 2027-01-10
  fraction: 1
  units: 100000
  method: "lpr-simple"
2027-01-10 * "回购结算"
  type: "buyback.settle"
  project: "P1"
  tranche: 1
  price_due: 1048328.77
  Assets:Bank:Platform        1000000.00 CNY
  Assets:Equity:ACME          -100000 EQ-ACME {}
"""
    )
    assert len(errors) == 1 and errors[0].startswith("[buyback-price] 提示 warning")

"""Rule ``buyback-price`` — the LPR is the one in force on the first disbursement.

Every other test disburses after the 2025-05-20 change (3.00% ever since), so looking the
rate up on the settlement date would go unnoticed there. Here the money goes out on
2025-01-10, when the LPR was 3.10% (from 2024-10-21, REFERENCE.md), and the tranche settles on
2028-01-10, when it is 3.00%.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from jcg_ledger.policy import default_policy
from jcg_ledger.rules.buyback_price import price_due
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

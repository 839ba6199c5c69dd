"""Rules ``fair-value``, ``state-asset-price`` and ``holdings`` on a stake, figures by hand.

The fair-value docstring's stake: ACME, 100,000 units converted for 1,000,000 (10.00 a unit)
at a round price of 12.50 (day one +250,000.00), marked at 11 (−150,000.00): carried at
1,100,000.00 (cost 1,000,000 + changes 100,000).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from jcg_ledger.policy import default_policy
from jcg_ledger.rules.fair_value import check_day_one, check_mark, check_release
from jcg_ledger.rules.holdings import check_receivable_units
from jcg_ledger.rules.state_asset import check_sale_price
from jcg_ledger.state.base import Violation
from jcg_ledger.state.projects import Project, Tranche

POLICY = default_policy()
D = Decimal


def stake(fair_value_adj: str = "100000.00") -> Project:
    p = Project("P1", "ACME", D(1_000_000), date(2025, 5, 1))
    p.converted, p.converted_on = "equity", date(2026, 1, 10)
    p.units_converted = p.units_held = D(100_000)
    p.cost_converted = p.cost_held = D(1_000_000)
    p.fair_value_adj = D(fair_value_adj)
    return p


def differs(what: str, due: str, booked: str) -> Violation:
    return Violation(
        "fair-value",
        f"项目 P1 {what} 应记公允价值变动 {due},账上 {booked} / project P1: the change in fair "
        f"value {what} must be {due}, booked {booked}",
    )


def test_the_day_one_difference() -> None:
    # 100,000 × 12.50 − 1,000,000 = 250,000.00.
    p = stake("0")
    args = (POLICY, p, D(100_000), D(1_000_000), D("12.50"))
    assert check_day_one(*args, D("250000.00")) is None
    assert check_day_one(*args, D("249999.99")) == differs(
        "转股日 at conversion", "250000.00", "249999.99"
    )
    # No round price: no difference to book.
    assert check_day_one(POLICY, p, D(100_000), D(1_000_000), None, D(0)) is None


def test_a_mark_and_a_sale() -> None:
    # Marked at 11 from 1,250,000 carried: 1,100,000 − 1,250,000 = −150,000.00.
    p = stake("250000.00")
    assert check_mark(POLICY, p, D(11), D("-150000.00")) is None
    assert check_mark(POLICY, p, D(11), D("-150000.01")) == differs(
        "估值 11 at the mark", "-150000.00", "-150000.01"
    )
    # Half the units sold take half the 100,000 of changes out: −50,000.00.
    p = stake()
    assert check_release(POLICY, p, D(50_000), D("-50000.00")) is None
    assert check_release(POLICY, p, D(50_000), D(0)) == differs(
        "出售 50000 股 on a sale", "-50000.00", "0"
    )


def test_state_equity_sold_below_its_carrying_value() -> None:
    # 50,000 units carried at 500,000.00 + 50,000.00 = 550,000.00.
    p = stake()
    assert check_sale_price(POLICY, p, D(50_000), D("550000.00"), None) is None
    assert check_sale_price(POLICY, p, D(50_000), D("549999.99"), "晋市国资〔2026〕8号") is None
    assert check_sale_price(POLICY, p, D(50_000), D("549999.99"), None) == Violation(
        "state-asset-price",
        "项目 P1 以 549999.99 出售 50000 股,低于账面价值 550000.00,须有批准文号"
        "(override.doc_no)/ project P1: 50000 units sold for 549999.99, below their carrying "
        "value 550000.00; state-held equity sold below its value needs an approval "
        "(override with doc_no)",
    )


def test_a_receivable_tranche_settled_within_its_units() -> None:
    p = stake()
    t = Tranche(2, date(2028, 6, 1), D(40_000), "principal", receivable_units=D(40_000))
    assert check_receivable_units(p, t, D(40_000)) is None
    assert check_receivable_units(p, t, D(1)) is None
    refused = Violation(
        "holdings",
        "项目 P1 第 2 期结算 40001 股,应收回购款对应 40000 股 / project P1 tranche 2: settling "
        "40001 units, 40000 are receivable",
    )
    assert check_receivable_units(p, t, D(40_001)) == refused
    nothing = check_receivable_units(p, t, D(0))
    assert nothing is not None and "结算 0 股" in nothing.message

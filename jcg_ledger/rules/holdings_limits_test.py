"""Rule ``holdings`` — units sold and repayments at their limits, each refusal's words."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from jcg_ledger.rules.holdings import check_repay, check_units
from jcg_ledger.state.projects import Project, Tranche


def equity() -> Project:
    p = Project("P1", "ACME", Decimal(1_000_000), date(2025, 5, 1))
    p.converted, p.units_held = "equity", Decimal(100_000)
    return p


def debt() -> Project:
    p = Project("P2", "BETA", Decimal(300_000), date(2025, 5, 1))
    p.converted, p.principal = "debt", Decimal(300_000)
    p.interest_receivable = Decimal("5950.68")
    return p


def test_units_sold() -> None:
    p = equity()
    tranche = Tranche(1, date(2027, 1, 10), Decimal(60_000), "principal")
    tranche.settled_units = Decimal(20_000)  # 40,000 left in the tranche
    assert check_units(p, tranche, Decimal(40_000)) is None
    assert check_units(p, None, Decimal(100_000)) is None  # the whole holding
    zero = check_units(p, None, Decimal(0))
    assert zero is not None and zero.rule == "holdings"
    assert zero.message == "项目 P1 出售股数须为正 / units sold must be positive"
    over = check_units(p, tranche, Decimal(40_001))
    assert over is not None and over.rule == "holdings"
    assert over.message.endswith(
        "tranche 1: settling 40001 units, above the 40000 left in the tranche"
    )
    held = check_units(p, None, Decimal(100_001))
    assert held is not None and held.rule == "holdings"
    assert held.message == (
        "项目 P1 出售 100001 股,超过持有 100000 股 / project P1: 100001 units sold, above the "
        "100000 held"
    )
    none = check_units(debt(), None, Decimal(1))
    assert none is not None and none.message == "项目 P2 未持有股权 / project P2 holds no equity"


def test_repayments() -> None:
    p = debt()
    # All of it, principal only, interest only: each within what is owed.
    assert check_repay(p, Decimal(300_000), Decimal("5950.68")) is None
    assert check_repay(p, Decimal("0.01"), Decimal(0)) is None
    assert check_repay(p, Decimal(0), Decimal("0.01")) is None
    for principal, interest in (("0", "0"), ("-1", "1"), ("1", "-1"), ("-1", "2"), ("2", "-1")):
        refused = check_repay(p, Decimal(principal), Decimal(interest))
        assert refused is not None and refused.rule == "holdings", (principal, interest)
        assert refused.message == "项目 P2 还款金额须为正 / repayment must be positive"
    # 5 of each (a sum of 10, a difference of 0) and 1 + 0 are repayments.
    assert check_repay(p, Decimal(5), Decimal(5)) is None
    assert check_repay(p, Decimal(1), Decimal(0)) is None
    over = check_repay(p, Decimal("300000.01"), Decimal(0))
    assert over is not None and over.message.endswith(
        "project P2: principal repaid 300000.01 above the 300000 owed"
    )
    above = check_repay(p, Decimal(0), Decimal("5950.69"))
    assert above is not None and above.message.endswith(
        "project P2: interest 5950.69 above the 5950.68 accrued"
    )
    nodebt = check_repay(equity(), Decimal(1), Decimal(0))
    assert nodebt is not None and nodebt.message == "项目 P1 未转为债权 / project P1 holds no debt"

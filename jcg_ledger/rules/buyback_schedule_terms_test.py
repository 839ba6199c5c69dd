"""Rule ``buyback-schedule`` — a tranche's terms: a rate or a price where its method needs
one, a due date after the conversion, a number used once."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from jcg_ledger.policy import default_policy
from jcg_ledger.rules.buyback_schedule import check_tranche
from jcg_ledger.state.projects import Project, Tranche

POLICY = default_policy()


def project() -> Project:
    p = Project("P1", "ACME", Decimal(1_000_000), date(2025, 5, 1))
    p.converted, p.converted_on = "equity", date(2026, 1, 10)
    p.units_converted = p.units_held = Decimal(100_000)
    return p


def tranche(method: str, due: date = date(2027, 1, 10), **kw: Decimal) -> Tranche:
    return Tranche(1, due, Decimal(50_000), method, **kw)  # type: ignore[arg-type]


def test_a_method_needing_a_term_has_it() -> None:
    p = project()
    assert check_tranche(POLICY, p, [], tranche("fixed-rate-simple", rate=Decimal("0.04"))) is None
    assert check_tranche(POLICY, p, [], tranche("fixed-price", price=Decimal(600_000))) is None
    no_rate = check_tranche(POLICY, p, [], tranche("fixed-rate-simple"))
    assert no_rate is not None and no_rate.rule == "buyback-schedule"
    assert (
        no_rate.message
        == "项目 P1 第 1 期 / project P1 tranche 1: fixed-rate-simple 须给出 rate / needs a rate"
    )
    no_price = check_tranche(POLICY, p, [], tranche("fixed-price"))
    assert no_price is not None and no_price.rule == "buyback-schedule"
    assert no_price.message.endswith("fixed-price 须给出 price / needs a price")


def test_due_after_the_conversion_and_numbers_once() -> None:
    p = project()
    same_day = check_tranche(POLICY, p, [], tranche("principal", due=date(2026, 1, 10)))
    assert same_day is not None and "due date must follow the conversion" in same_day.message
    assert check_tranche(POLICY, p, [], tranche("principal", due=date(2026, 1, 11))) is None
    first = tranche("principal")
    repeated = check_tranche(POLICY, p, [first], tranche("principal"))
    assert repeated is not None and repeated.rule == "buyback-schedule"
    assert (
        repeated.message
        == "项目 P1 第 1 期 / project P1 tranche 1: 期次重复 / tranche number repeated"
    )

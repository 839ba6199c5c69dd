"""Tests of rule ``cap`` on ledgers loaded with the policy plugin (amounts by hand)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

from jcg_ledger.policy import CapScope, default_policy
from jcg_ledger.rules.award import Award, AwardFact, Refused
from jcg_ledger.rules.caps import headroom, scope_key, used
from jcg_ledger.rules.subsidy_ledger import award, policy_errors
from jcg_ledger.state.base import Violation

TECH = {"entity": "JC-A", "base_kind": "transaction", "base": "2000000"}


def test_entity_year_cap_counts_every_contract_of_the_year() -> None:
    # 20% × 2,000,000 = 400,000 each; cap 500,000 per entity per year → 100,000 left.
    first = award("2025-04-01", "t1", "tech-transaction", "400000", subject="合同1", **TECH)
    over = award("2025-09-01", "t2", "tech-transaction", "300000", subject="合同2", **TECH)
    errors = policy_errors(first, over)
    assert len(errors) == 1
    assert errors[0].startswith("[cap]") and "tech-transaction" in errors[0]
    assert "100000" in errors[0]


def test_cap_resets_with_the_calendar_year_and_allows_what_is_left() -> None:
    first = award("2025-04-01", "t1", "tech-transaction", "400000", subject="合同1", **TECH)
    rest = award("2025-09-01", "t2", "tech-transaction", "100000", subject="合同2", **TECH)
    next_year = award("2026-02-01", "t3", "tech-transaction", "400000", subject="合同3", **TECH)
    assert policy_errors(first, rest, next_year) == []


def test_entity_life_cap_of_first_unit() -> None:
    # 10% × 80,000,000 = 8,000,000 ≤ provincial standard 9,000,000; life cap 10,000,000.
    basis = {"entity": "JC-A", "base": "80000000", "other_cap": "9000000"}
    first = award("2025-04-01", "f1", "first-unit", "8000000", subject="合同A", **basis)
    second = award("2027-04-01", "f2", "first-unit", "3000000", subject="合同B", **basis)
    errors = policy_errors(first, second)
    assert len(errors) == 1 and errors[0].startswith("[cap]") and "2000000" in errors[0]


FACT = AwardFact("t9", date(2025, 9, 1), "JC-A", "tech-transaction", "合同9", person="P-0001")


def test_the_unit_each_scope_counts_over() -> None:
    assert scope_key(CapScope.subject, FACT) == ("合同9",)
    assert scope_key(CapScope.basis, FACT) == ("合同9",)
    assert scope_key(CapScope.person, FACT) == ("P-0001",)
    assert scope_key(CapScope.person, replace(FACT, person=None)) == ("合同9",)
    assert scope_key(CapScope.entity_year, FACT) == ("JC-A", "2025")
    assert scope_key(CapScope.entity, FACT) == ("JC-A",)
    assert scope_key(CapScope.entity_life, FACT) == ("JC-A",)


def test_the_cap_left_in_the_unit_net_of_clawbacks() -> None:
    def given(event: str, on: date, amount: int, measure: str = "tech-transaction") -> Award:
        fact = AwardFact(event, on, "JC-A", measure, event)
        return Award(fact, Decimal(amount), Decimal(amount), "sci-tech", cancelled=Decimal(50_000))

    awards = [
        given("t1", date(2025, 4, 1), 400_000),  # 350,000 net
        given("t0", date(2024, 4, 1), 400_000),  # another year
        given("x1", date(2025, 4, 1), 400_000, "first-unit"),  # another measure
    ]
    assert used(awards, "tech-transaction", CapScope.entity_year, FACT) == Decimal(350_000)
    # 500,000 a year: 150,000 left.
    [(left, refused)] = headroom(default_policy().subsidy("tech-transaction"), awards, FACT)
    assert left == Decimal(150_000)
    assert refused == Refused(
        "amount",
        Violation(
            "cap",
            "[tech-transaction 技术交易] 超过上限:每个主体每年最高 500000 元,JC-A/2025 已核定 "
            "350000 元,尚余 150000 元 / cap 500000 per entity-year (JC-A/2025): 350000 already "
            "awarded, 150000 left",
        ),
    )

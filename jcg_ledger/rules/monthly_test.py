"""Tests of rules ``months`` and ``within-start`` with the policy plugin."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from jcg_ledger.rules.award import Award, AwardFact
from jcg_ledger.rules.monthly import months_awarded
from jcg_ledger.rules.subsidy_ledger import award, policy_errors


def test_months_already_awarded_count() -> None:
    who = {"entity": "JC-A", "subject": "P-0001", "person": "P-0001"}
    # doctorate 5,000 / month: 48 months = 240,000; 24 more would make 72 > 60.
    first = award("2025-03-01", "l1", "living-allowance", "240000", months=48, **who)
    second = award("2026-03-01", "l2", "living-allowance", "120000", months=24, **who)
    errors = policy_errors(first, second)
    assert len(errors) == 1 and errors[0].startswith("[months]")


def test_award_more_than_sixty_months_after_start() -> None:
    # P-0004 started 2024-01-01: 60 months end on 2029-01-01.
    who = {"entity": "JC-A", "subject": "P-0004", "person": "P-0004"}
    late = award("2029-01-01", "hs1", "housing", "150000", **who)
    errors = policy_errors(late)
    assert len(errors) == 1 and errors[0].startswith("[within-start]")


def test_months_of_other_measures_or_persons_and_none_given() -> None:
    def given(event: str, measure: str, person: str, months: int | None) -> Award:
        fact = AwardFact(
            event, date(2025, 3, 1), "JC-A", measure, person, person=person, months=months
        )
        return Award(fact, Decimal(1), Decimal(1), "hrss")

    awards = [
        given("l1", "living-allowance", "P-0001", 12),
        given("l2", "living-allowance", "P-0001", None),  # no months stated: none counted
        given("l3", "living-allowance", "P-0002", 24),  # another person
        given("r1", "rent-subsidy", "P-0001", 36),  # another measure
    ]
    assert months_awarded(awards, "living-allowance", "P-0001") == 12

"""Tests of rules ``months`` and ``within-start`` with the policy plugin."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

from jcg_ledger.policy import default_policy
from jcg_ledger.rules.award import Award, AwardFact, Refused
from jcg_ledger.rules.monthly import check_period, months_awarded
from jcg_ledger.rules.subsidy_ledger import award, policy_errors
from jcg_ledger.state.base import Violation
from jcg_ledger.state.core import PersonRecord


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


def test_the_refusals_whole_and_the_limits() -> None:
    policy = default_policy()
    living = policy.subsidy("living-allowance")
    # P-0001 started 2024-01-01: 60 months end on 2029-01-01.
    p1 = PersonRecord("P-0001", "JC-A", "doctorate", "fulltime", date(2024, 1, 1), 5, 12)
    fact = AwardFact(
        "l9", date(2028, 12, 31), "JC-A", "living-allowance", "P-0001", person="P-0001", months=12
    )
    assert check_period(living, p1, [], fact) is None
    assert check_period(living, p1, [], replace(fact, date=date(2029, 1, 1))) == Refused(
        "date",
        Violation(
            "within-start",
            "[living-allowance 人才专项生活补贴] 超过到岗后 60 个月(2024-01-01 起,至 2029-01-01 前)"
            " / more than 60 months after the person's start 2024-01-01",
        ),
    )
    earlier = [
        Award(replace(fact, event="l1", months=48), Decimal(240_000), Decimal(240_000), "hrss")
    ]
    # 48 + 12 = 60 months: the most; 48 + 13 = 61 is refused.
    assert check_period(living, p1, earlier, fact) is None
    assert check_period(living, p1, earlier, replace(fact, months=13)) == Refused(
        "months",
        Violation(
            "months",
            "[living-allowance 人才专项生活补贴] 已核定 48 个月,再加 13 个月超过 60 个月 / 48 months "
            "already awarded; 13 more exceed 60",
        ),
    )
    # Months stated on an award that is not paid by the month: nothing to count.
    housing = policy.subsidy("housing")
    lump = AwardFact(
        "h1", date(2025, 3, 1), "JC-A", "housing", "P-0001", person="P-0001", months=99
    )
    assert check_period(housing, p1, [], lump) is None

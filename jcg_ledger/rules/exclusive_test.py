"""Tests of rule ``exclusive`` (rent instead of housing) with the policy plugin."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from jcg_ledger.policy import default_policy
from jcg_ledger.rules.award import Award, AwardFact, Refused
from jcg_ledger.rules.exclusive import check_exclusive
from jcg_ledger.rules.subsidy_ledger import award, policy_errors
from jcg_ledger.state.base import Violation

POLICY = default_policy()

WHO = {"entity": "JC-A", "subject": "P-0001", "person": "P-0001"}


def test_housing_after_rent_fails_naming_the_rent_award() -> None:
    rent = award("2025-03-01", "rent1", "rent", "24000", months=12, **WHO)  # 2,000 × 12
    housing = award("2025-06-01", "house1", "housing", "150000", **WHO)
    errors = policy_errors(rent, housing)
    assert len(errors) == 1 and errors[0].startswith("[exclusive]") and "rent1" in errors[0]


def test_housing_alone_is_fine() -> None:
    assert policy_errors(award("2025-06-01", "house1", "housing", "150000", **WHO)) == []


def given(event: str, measure: str, subject: str, person: str | None, clawed: int = 0) -> Award:
    fact = AwardFact(event, date(2025, 3, 1), "JC-A", measure, subject, person=person)
    return Award(fact, Decimal(24_000), Decimal(24_000), "hrss", cancelled=Decimal(clawed))


def test_the_same_person_whatever_the_subject() -> None:
    housing = POLICY.subsidy("housing")
    fact = AwardFact("house1", date(2025, 6, 1), "JC-A", "housing", "购房", person="P-0001")
    rent = [given("rent1", "rent", "租房", "P-0001"), given("rent2", "rent", "续租", "P-0001")]
    found = check_exclusive(POLICY, housing, rent, fact)
    assert found == Refused(
        "measure",
        Violation(
            "exclusive",
            "[housing 人才专项购房补贴] P-0001 已获 rent 人才租房补贴(核定 rent1, rent2),两者不可兼得 / "
            "P-0001 already has rent (approval rent1, rent2); the two cannot both be given",
        ),
    )
    # Another person, or a rent award clawed back in full: nothing stands against it.
    assert check_exclusive(POLICY, housing, [given("r", "rent", "租房", "P-0002")], fact) is None
    clawed = given("r", "rent", "租房", "P-0001", clawed=24_000)
    assert check_exclusive(POLICY, housing, [clawed], fact) is None
    # Without a person, the subject is who gets it.
    unnamed = AwardFact("h2", date(2025, 6, 1), "JC-A", "housing", "宿舍", person=None)
    found = check_exclusive(POLICY, housing, [given("r3", "rent", "宿舍", None)], unnamed)
    assert found is not None and "宿舍 already has rent (approval r3)" in found.violation.message

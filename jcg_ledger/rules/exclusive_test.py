"""Tests of rule ``exclusive`` (rent instead of housing) with the policy plugin."""

from __future__ import annotations

from jcg_ledger.rules.subsidy_ledger import award, policy_errors

WHO = {"entity": "JC-A", "subject": "P-0001", "person": "P-0001"}


def test_housing_after_rent_fails_naming_the_rent_award() -> None:
    rent = award("2025-03-01", "rent1", "rent", "24000", months=12, **WHO)  # 2,000 × 12
    housing = award("2025-06-01", "house1", "housing", "150000", **WHO)
    errors = policy_errors(rent, housing)
    assert len(errors) == 1 and errors[0].startswith("[exclusive]") and "rent1" in errors[0]


def test_housing_alone_is_fine() -> None:
    assert policy_errors(award("2025-06-01", "house1", "housing", "150000", **WHO)) == []

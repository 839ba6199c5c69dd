"""Tests of rule ``condition`` (and ``person``) with the policy plugin."""

from __future__ import annotations

from jcg_ledger.rules.subsidy_ledger import award, policy_errors


def test_contract_shorter_than_three_years() -> None:
    # P-0002 has a 2-year contract: talent-fulltime needs 3 years.
    bad = award(
        "2025-03-01",
        "h1",
        "talent-fulltime",
        "80000",
        entity="JC-A",
        subject="P-0002",
        person="P-0002",
    )
    errors = policy_errors(bad)
    assert len(errors) == 1 and errors[0].startswith("[condition]") and "contract-3y" in errors[0]


def test_newly_approved_must_be_stated_and_existing_must_not_be_new() -> None:
    platform = award(
        "2025-03-01", "a1", "platform-municipal", "100000", entity="JC-B", subject="中心"
    )
    existing = award(
        "2025-03-01",
        "a2",
        "incubator-existing",
        "50000",
        entity="JC-B",
        subject="考核2025",
        base="100000",
        newly_approved=True,
    )
    errors = policy_errors(platform, existing)
    assert [e.split("]")[0] for e in errors] == ["[condition", "[condition"]
    assert "newly-approved" in errors[0] and "existing" in errors[1]


def test_person_award_needs_the_person() -> None:
    errors = policy_errors(
        award("2025-03-01", "hs1", "housing", "150000", entity="JC-A", subject="房")
    )
    assert len(errors) == 1 and errors[0].startswith("[person]")

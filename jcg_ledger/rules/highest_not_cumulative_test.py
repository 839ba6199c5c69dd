"""Tests of rules ``highest-not-cumulative`` (就高不重复) and ``once`` with the policy plugin."""

from __future__ import annotations

from jcg_ledger.rules.subsidy_ledger import award, policy_errors

PLATFORM = {"entity": "JC-B", "subject": "光电实验室", "newly_approved": True}


def test_other_policy_support_is_deducted() -> None:
    # Provincial platform 500,000; 300,000 already from another policy → top-up 200,000.
    ok = award(
        "2025-03-01",
        "a1",
        "platform-provincial",
        "200000",
        other_policy_amount="300000",
        **PLATFORM,
    )
    assert policy_errors(ok) == []
    over = award(
        "2025-03-01",
        "a1",
        "platform-provincial",
        "250000",
        other_policy_amount="300000",
        **PLATFORM,
    )
    errors = policy_errors(over)
    assert len(errors) == 1 and errors[0].startswith("[highest-not-cumulative]")


def test_upgrade_tops_up_and_a_duplicate_names_the_earlier_awards() -> None:
    provincial = award("2025-03-01", "a1", "platform-provincial", "500000", **PLATFORM)
    # National 1,000,000 − 500,000 already = 500,000.
    national = award("2026-03-01", "a2", "platform-national", "500000", **PLATFORM)
    again = award("2026-06-01", "a3", "platform-municipal", "100000", **PLATFORM)
    errors = policy_errors(provincial, national, again)
    assert len(errors) == 1
    assert errors[0].startswith("[highest-not-cumulative]") and "a1, a2" in errors[0]


def test_once_per_person() -> None:
    # talent-fulltime doctorate 150,000 once per person.
    first = award(
        "2025-03-01",
        "h1",
        "talent-fulltime",
        "150000",
        entity="JC-A",
        subject="P-0001",
        person="P-0001",
    )
    second = award(
        "2025-06-01",
        "h2",
        "talent-fulltime",
        "150000",
        entity="JC-A",
        subject="P-0001-2",
        person="P-0001",
    )
    errors = policy_errors(first, second)
    assert len(errors) == 1 and errors[0].startswith("[once]") and "h1" in errors[0]

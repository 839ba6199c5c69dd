"""Tests of rules ``months`` and ``within-start`` with the policy plugin."""

from __future__ import annotations

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

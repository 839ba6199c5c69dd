"""Tests of rule ``cap`` on ledgers loaded with the policy plugin (amounts by hand)."""

from __future__ import annotations

from jcg_ledger.rules.subsidy_ledger import award, policy_errors

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

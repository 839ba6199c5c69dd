"""Tests of rule ``entitlement`` (and ``basis``, ``range``) with the policy plugin."""

from __future__ import annotations

from jcg_ledger.rules.subsidy_ledger import award, policy_errors


def test_award_above_the_computed_entitlement_fails() -> None:
    # rdi-performance: 20% × 1,000,000 = 200,000.
    ok = award(
        "2025-03-01",
        "r1",
        "rdi-performance",
        "200000",
        entity="JC-B",
        subject="省补助1",
        base="1000000",
    )
    over = award(
        "2025-03-01",
        "r2",
        "rdi-performance",
        "250000",
        entity="JC-B",
        subject="省补助2",
        base="1000000",
    )
    errors = policy_errors(ok, over)
    assert len(errors) == 1
    assert errors[0].startswith("[entitlement]") and "rdi-performance" in errors[0]


def test_percent_capped_per_basis() -> None:
    # 20% × 6,000,000 = 1,200,000 > cap 1,000,000 per provincial subsidy.
    over = award(
        "2025-03-01",
        "r1",
        "rdi-performance",
        "1200000",
        entity="JC-B",
        subject="省补助1",
        base="6000000",
    )
    errors = policy_errors(over)
    assert len(errors) == 1 and errors[0].startswith("[cap]")


def test_missing_basis_and_range() -> None:
    # contest-shanxi knows first/second/third only.
    no_level = award(
        "2025-03-01",
        "s1",
        "contest-shanxi",
        "10000",
        entity="JC-A",
        subject="项目0",
        level="fourth",
    )
    # talent-project: 300,000 – 500,000; 200,000 is outside.
    low = award("2025-03-01", "tp1", "talent-project", "200000", entity="JC-A", subject="项目1")
    errors = policy_errors(no_level, low)
    assert [e.split("]")[0] for e in errors] == ["[basis", "[range"]

"""Rule ``buyback-schedule`` on small platform ledgers."""

from __future__ import annotations

from jcg_ledger.rules.project_ledger import all_errors, platform_errors


def tranche(n: int, due: str, fraction: str, units: str, method: str = "principal") -> str:
    return f"""
2026-01-10 custom "jcg-buyback" "P1" {n}
  obligor: "FOUNDER"
  due: {due}
  fraction: {fraction}
  units: {units}
  method: "{method}"
"""


def test_a_valid_schedule() -> None:
    text = tranche(1, "2027-01-10", "0.3", "30000") + tranche(2, "2028-01-10", "0.7", "70000")
    assert all_errors(text) == []


def test_fractions_above_one() -> None:
    text = tranche(1, "2027-01-10", "0.6", "60000") + tranche(2, "2028-01-10", "0.5", "50000")
    errors = platform_errors(text)
    assert len(errors) == 1 and errors[0].startswith("[buyback-schedule]")
    assert "tranche 2" in errors[0] and "1.1" in errors[0]


def test_due_before_the_conversion_and_unknown_method() -> None:
    errors = platform_errors(
        tranche(1, "2025-12-31", "0.1", "10000") + tranche(2, "2027-01-10", "0.1", "10000", "x")
    )
    assert any("due date must follow the conversion" in e for e in errors)
    assert any("unknown price method" in e for e in errors)


def test_more_tranches_than_the_policy_allows() -> None:
    text = "".join(tranche(n, f"2027-0{n}-10", "0.1", "10000") for n in (1, 2, 3, 4))
    errors = platform_errors(text)
    assert len(errors) == 1 and "tranche 4" in errors[0] and "more than 3" in errors[0]


def test_buyback_of_a_project_without_equity() -> None:
    errors = platform_errors(tranche(1, "2027-01-10", "0.1", "10000").replace('"P1"', '"P2"'))
    assert len(errors) == 1 and "no equity" in errors[0]

"""Rules of ``budget.appropriate`` (``window``, ``unknown-measure``, ``unknown-department``) on
appropriations typed in by hand. The policy runs 2025-01-01 to 2030-01-01."""

from __future__ import annotations

from beancount import loader

CITY = """
option "operating_currency" "CNY"
plugin "jcg_ledger.plugins.policy" "city"
2025-01-01 open Assets:Bank:SpecialFund CNY
2025-01-01 open Income:Appropriation:SciTech CNY
2025-01-01 open Income:Appropriation:Nope CNY
2025-01-01 open Equity:Budget:FundBalance CNY
2025-01-01 open Equity:Budget:Income:Appropriation:SciTech CNY
2025-01-01 open Equity:Budget:Income:Appropriation:Nope CNY
"""


def appropriation(on: str, account: str = "SciTech", meta: str = "  year: 2025\n") -> str:
    return (
        f'{on} * "预算拨款"\n{meta}'
        "  Assets:Bank:SpecialFund   5000000.00 CNY\n"
        f"  Income:Appropriation:{account}  -5000000.00 CNY\n"
        "  Equity:Budget:FundBalance   5000000.00 CNY\n"
        f"  Equity:Budget:Income:Appropriation:{account}  -5000000.00 CNY\n"
    )


def errors(text: str) -> list[str]:
    _, found, _ = loader.load_string(CITY + text)
    return [e.message for e in found]


def test_an_appropriation_inside_the_window() -> None:
    assert errors(appropriation("2025-01-15")) == []


def test_dated_or_budgeted_outside_the_window() -> None:
    [dated] = errors(appropriation("2030-01-01"))
    assert dated.startswith("[window]") and "2030-01-01" in dated
    [year] = errors(appropriation("2025-01-15", meta="  year: 2031\n"))
    assert year.startswith("[window]") and "2031" in year


def test_an_unknown_department_or_measure() -> None:
    [department] = errors(appropriation("2025-01-15", "Nope"))
    assert (
        department.startswith("[unknown-department]") and "Income:Appropriation:Nope" in department
    )
    [measure] = errors(appropriation("2025-01-15", meta='  year: 2025\n  measure: "nope"\n'))
    assert measure.startswith("[unknown-measure]")

"""Rules ``duplicate-entity``, ``admission-date``, ``duplicate-person`` and the employer's
``eligibility`` — on a city book typed in by hand."""

from __future__ import annotations

from beancount import loader

CITY = """
option "operating_currency" "CNY"
plugin "jcg_ledger.plugins.policy" "city"
2025-01-06 custom "jcg-entity" "ACME"
  kind: "company"
  admitted: 2025-01-06
"""


def errors(text: str) -> list[str]:
    _, found, _ = loader.load_string(CITY + text)
    return [e.message for e in found]


def test_a_clean_registry() -> None:
    assert errors('2025-02-03 custom "jcg-person" "P-0001"\n  employer: "ACME"\n') == []


def test_an_entity_registered_twice() -> None:
    [found] = errors('2025-02-01 custom "jcg-entity" "ACME"\n  kind: "company"\n')
    assert found.startswith("[duplicate-entity]") and "ACME" in found


def test_an_admission_backdated_before_the_registration() -> None:
    [found] = errors('2025-02-01 custom "jcg-entity" "BETA"\n  admitted: 2025-01-20\n')
    assert found.startswith("[admission-date]")


def test_a_person_registered_twice_or_for_an_unknown_employer() -> None:
    text = (
        '2025-02-03 custom "jcg-person" "P-0001"\n  employer: "ACME"\n'
        '2025-02-04 custom "jcg-person" "P-0001"\n  employer: "ACME"\n'
        '2025-02-05 custom "jcg-person" "P-0002"\n  employer: "NOBODY"\n'
    )
    assert [e.split("]")[0] + "]" for e in errors(text)] == [
        "[duplicate-person]",
        "[eligibility]",
    ]

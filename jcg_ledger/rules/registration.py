"""Rules ``duplicate-entity``, ``admission-date``, ``duplicate-person`` (and ``eligibility``
of a person's employer) — the registry of the city book holds each code once, an admission is
never backdated before the registration, and a person works for a registered entity::

    2025-01-06 custom "jcg-entity" "ACME"
      admitted: 2025-01-06
    2025-02-01 custom "jcg-entity" "ACME"          ; refused: duplicate-entity
    2025-02-01 custom "jcg-entity" "BETA"
      admitted: 2025-01-15                       ; refused: admission-date (before 2025-02-01)
    2025-02-01 custom "jcg-person" "P-001"
      employer: "NOBODY"                         ; refused: eligibility (unknown employer)

`render/registry.py` calls these on an event, `state/core.py` on a ``custom`` directive
(hand-written ones included), with the registry before it.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from jcg_ledger.rules.eligibility import check_registered
from jcg_ledger.violation import Violation

if TYPE_CHECKING:  # the state imports the rules: a type only, or the import cycles
    from jcg_ledger.state.core import CoreState

DUPLICATE_ENTITY = "duplicate-entity"
ADMISSION_DATE = "admission-date"
DUPLICATE_PERSON = "duplicate-person"


def check_entity(core: CoreState, code: str, on: date, admitted: date | None) -> Violation | None:
    """An entity registered on `on`, admitted on `admitted` (if given)."""
    if code in core.entities:
        return Violation(
            DUPLICATE_ENTITY, f"主体已登记 entity {code} already registered", field="entity"
        )
    if admitted is not None and admitted < on:
        # Registration records an admission that has happened or is scheduled; never
        # backdated past the registration itself, so eligibility cannot be created afterwards.
        return Violation(
            ADMISSION_DATE, "入园日期早于登记日期 admitted before registration", field="admitted"
        )
    return None


def check_person(core: CoreState, code: str, employer: str) -> Violation | None:
    if code in core.persons:
        return Violation(
            DUPLICATE_PERSON, f"人员已登记 person {code} already registered", field="person"
        )
    unknown = check_registered(core, employer)
    return None if unknown is None else unknown.at("employer")

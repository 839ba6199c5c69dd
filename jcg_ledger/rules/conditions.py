"""Rule ``condition`` — the conditions written into the text, checked on the award's facts.

Each measure lists condition codes (``policy.toml`` ``[[conditions]]``): a fact of the approval
(``newly_approved``, ``level``, ``base``, ``other_cap``, ``programme``) or of the registered
person (``contract_years``, ``social_insurance_months``, ``mode``), checked ``equals``,
``minimum`` or ``present``. A person award also needs the person registered with the entity
as employer (rules ``person``, ``person-employer``)::

    2025-02-03 custom "jcg-person" "P-0009"
      employer: "JC-PHOTON"
      tier: "doctorate"
      mode: "fulltime"
      contract_years: 2               ; < 3
      social_insurance_months: 6
    2025-03-01 * "补贴核定"
      measure: "talent-fulltime"
      person: "P-0009"               ; refused: condition contract-3y
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from jcg_ledger.policy import ByTier, Monthly, Policy, Reference, SubsidyMeasure
from jcg_ledger.rules.award import AwardFact, Refused, label
from jcg_ledger.violation import Violation

if TYPE_CHECKING:  # the state imports the rules: a type only, or the import cycles
    from jcg_ledger.state.core import CoreState, PersonRecord

RULE = "condition"
PERSON_FACTS = frozenset({"contract_years", "social_insurance_months", "mode", "tier"})


def needs_person(policy: Policy, measure: SubsidyMeasure) -> bool:
    """Whether the measure's award is for one registered person."""
    formula = measure.formula
    by_tier = isinstance(formula, ByTier | Reference) or (
        isinstance(formula, Monthly) and formula.tiers is not None
    )
    person_facts = any(policy.condition(c).fact in PERSON_FACTS for c in measure.conditions)
    return by_tier or person_facts or measure.cap_scope == "person"


def _fact(fact: AwardFact, person: PersonRecord | None, name: str) -> Any:
    if name in PERSON_FACTS:
        return None if person is None else getattr(person, name)
    return getattr(fact, name, None)


def check_conditions(
    policy: Policy, measure: SubsidyMeasure, core: CoreState, fact: AwardFact
) -> Refused | None:
    if measure.entity_kinds is not None:
        kind = core.entities[fact.entity].kind
        if kind not in measure.entity_kinds:
            return Refused(
                "entity",
                Violation(
                    RULE,
                    f"[{label(measure)}] 主体类型 {kind} 不适用 / entity kind {kind!r} is not "
                    f"eligible ({', '.join(measure.entity_kinds)})",
                ),
            )
    person: PersonRecord | None = None
    if needs_person(policy, measure) and (fact.person is None or fact.person not in core.persons):
        return Refused(
            "person",
            Violation(
                "person",
                f"[{label(measure)}] 须指明已登记的人员 / a registered person is required "
                f"(got {fact.person!r})",
            ),
        )
    if fact.person is not None:
        person = core.persons.get(fact.person)
        if person is None:
            return Refused(
                "person",
                Violation("person", f"[{label(measure)}] 未登记的人员 / unknown person"),
            )
        if person.employer != fact.entity:
            return Refused(
                "person",
                Violation(
                    "person-employer",
                    f"[{label(measure)}] 人员 {person.code} 的用人单位是 {person.employer},"
                    f"不是 {fact.entity} / the person's employer is {person.employer}",
                ),
            )
    for code in measure.conditions:
        condition = policy.condition(code)
        value = _fact(fact, person, condition.fact)
        if condition.check == "present":
            met = value is not None
        elif condition.check == "equals":
            met = value is not None and value == condition.value
        else:
            assert condition.min is not None  # the policy model requires it
            met = value is not None and value >= condition.min
        if not met:
            return Refused(
                condition.fact if condition.fact not in PERSON_FACTS else "person",
                Violation(
                    RULE,
                    f"[{label(measure)}] 条件不满足:{condition.name_zh}({condition.fact}="
                    f"{value!r}) / condition {code} not met: {condition.name_en}",
                ),
            )
    return None

"""Registry events become ``custom`` directives of the city book.

    2025-01-10 custom "jcg-entity" "ACME"
      event: "e-acme"
      type: "entity.register"
      name: "晋城某某科技有限公司"
      kind: "company"
      admitted: 2025-01-10

The registry lives in the books so Fava shows it and the plugin and audit cover it.
"""

from __future__ import annotations

from typing import Any

from jcg_ledger.events.registry import EntityRegister, PersonRegister
from jcg_ledger.render.base import Context, Refusal, Registry, Renderer
from jcg_ledger.rules.registration import check_entity, check_person
from jcg_ledger.state.core import ENTITY_DIRECTIVE, PERSON_DIRECTIVE


def render_entity(event: EntityRegister, ctx: Context) -> None:
    found = check_entity(ctx.state.core, event.entity, event.date, event.admitted)
    if found is not None:
        raise Refusal.of(found.field or "entity", found)
    ctx.custom(
        "city",
        ENTITY_DIRECTIVE,
        [event.entity],
        name=event.name,
        kind=event.kind,
        uscc=event.uscc,
        admitted=event.admitted,
        paid_in_capital=event.paid_in_capital,
    )


def render_person(event: PersonRegister, ctx: Context) -> None:
    found = check_person(ctx.state.core, event.person, event.employer)
    if found is not None:
        raise Refusal.of(found.field or "person", found)
    ctx.custom(
        "city",
        PERSON_DIRECTIVE,
        [event.person],
        employer=event.employer,
        tier=event.tier,
        mode=event.mode,
        start=event.start,
        contract_years=event.contract_years,
        social_insurance_months=event.social_insurance_months,
    )


REGISTRY: Registry = {
    "entity.register": Renderer[Any](
        "entity.register",
        render_entity,
        '登记主体:在市级账套中写入 custom "jcg-entity" 指令,不产生分录。'
        " Registers an entity as a custom directive of the city book; no money moves.",
        (),
    ),
    "person.register": Renderer[Any](
        "person.register",
        render_person,
        '登记人才(仅以代码):写入 custom "jcg-person" 指令,不产生分录。'
        " Registers a person by code as a custom directive; no money moves.",
        (),
    ),
}

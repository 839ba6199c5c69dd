"""Registry events: entities (companies, platforms, investors…) and persons (by code only)."""

from __future__ import annotations

from enum import StrEnum
from typing import ClassVar, Literal

from pydantic import Field

from jcg_ledger.events.base import BookDate, EntityCode, Event, Money, PersonCode, Text, Uscc


class EntityKind(StrEnum):
    company = "company"
    institution = "institution"
    team = "team"
    incubator = "incubator"
    makerspace = "makerspace"
    investor = "investor"
    bank = "bank"


class Tier(StrEnum):
    doctorate = "doctorate"
    master = "master"
    bachelor = "bachelor"
    senior_title = "senior-title"
    high_level = "high-level"


class Mode(StrEnum):
    fulltime = "fulltime"
    flexible = "flexible"


class EntityRegister(Event):
    """登记主体 Register an entity of the park (or an investor, a bank)."""

    books: ClassVar[tuple[str, ...]] = ("city",)
    title_zh: ClassVar[str] = "登记主体"
    type: Literal["entity.register"]
    entity: EntityCode
    name: Text
    kind: EntityKind
    uscc: Uscc | None = None
    admitted: BookDate | None = Field(
        default=None, description="入园日期 date admitted to the park"
    )
    paid_in_capital: Money | None = None


class PersonRegister(Event):
    """登记人才 Register a person by pseudonymous code (never a name or ID number)."""

    books: ClassVar[tuple[str, ...]] = ("city",)
    title_zh: ClassVar[str] = "登记人才"
    type: Literal["person.register"]
    person: PersonCode
    employer: EntityCode
    tier: Tier
    mode: Mode
    start: BookDate
    contract_years: int = Field(ge=0, le=50)
    social_insurance_months: int = Field(ge=0, le=600)

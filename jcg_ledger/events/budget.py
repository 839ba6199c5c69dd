"""Budget events: the city's appropriation to a measure or a lead department for a year."""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field, model_validator

from jcg_ledger.events.base import Code, Event, Label, Money


class BudgetAppropriate(Event):
    """预算拨款 Appropriate money to the special fund for a year, by measure or department."""

    books: ClassVar[tuple[str, ...]] = ("city",)
    title_zh: ClassVar[str] = "预算拨款"
    type: Literal["budget.appropriate"]
    year: int = Field(ge=2000, le=2100)
    measure: Code | None = None
    department: Label | None = Field(default=None)
    amount: Money

    @model_validator(mode="after")
    def _one_target(self) -> BudgetAppropriate:
        if (self.measure is None) == (self.department is None):
            raise ValueError("须且只能给出 measure 或 department 之一 give measure or department")
        return self

"""Across books: one company's standing in the platform book against the fund book.

A company the platform has written off while the fund still carries it above cost (marked
up), or the reverse, is a contradiction auditors must see: both books value the same
company. `jcg check` reports it as a warning (code ``warn-crossbook-standing``), not an error
— each book may be right on its own date — naming the company and both facts.

The facts come from the policy plugin's state at the end of each book (`LoadedBook.
plugin_state`): the platform's projects (written off; units held with the latest mark above
their cost per unit) and the fund's holdings (written off and nothing left; marked above
cost).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

RULE = "warn-crossbook-standing"


@dataclass
class Standing:
    """The companies one book has written off, and those it carries above cost."""

    written_off: set[str] = field(default_factory=set)
    marked_up: set[str] = field(default_factory=set)


def platform_standing(state: Any) -> Standing:
    """From the platform book's state (`ProjectState` as ``state.projects``)."""
    out = Standing()
    for project in state.projects.projects.values():
        if project.written_off_on is not None:
            out.written_off.add(project.entity)
        elif (
            project.units_held > 0
            and project.marks
            and project.marks[-1][1] * project.units_held > project.cost_held
        ):
            out.marked_up.add(project.entity)
    return out


def fund_standing(state: Any) -> Standing:
    """From the fund book's state (`FundState` as ``state.fund``)."""
    out = Standing()
    for entity, holding in state.fund.holdings.items():
        if holding.written_off > 0 and holding.units <= 0:
            out.written_off.add(entity)
        elif holding.price is not None and holding.units > 0 and holding.value > holding.cost:
            out.marked_up.add(entity)
    return out


def contradictions(platform: Standing, fund: Standing) -> list[str]:
    """A warning per company written off in one book and marked up in the other."""
    found = [
        f"[{RULE}] {entity} 在平台账套已核销,基金账套仍按高于成本估值 "
        f"written off in the platform book, marked above cost in the fund book"
        for entity in sorted(platform.written_off & fund.marked_up)
    ]
    found += [
        f"[{RULE}] {entity} 在基金账套已核销,平台账套仍按高于成本估值 "
        f"written off in the fund book, marked above cost in the platform book"
        for entity in sorted(fund.written_off & platform.marked_up)
    ]
    return found

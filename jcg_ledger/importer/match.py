"""Finding a list's entities and approvals in the books.

An entity is matched by its USCC (统一社会信用代码) first, then by its exact registered name
(spaces removed, full-width brackets folded): a name that differs from the one registered
under the USCC is an error, not a guess. A payment row pays the approval its 核定编号 names,
or else the one award of that entity (and measure, and 支持对象 when given) with something
still outstanding.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from jcg_ledger.identifiers import IdentifierError, normalise_uscc, validate_uscc
from jcg_ledger.importer.templates import normalise_header
from jcg_ledger.rules.award import Award
from jcg_ledger.state.core import EntityRecord


@dataclass(frozen=True)
class Miss:
    """Why a row's entity or approval was not found: the field it is about, rule, message."""

    field: str
    rule: str
    message: str


def normalise_name(name: str) -> str:
    return normalise_header(name)


class Registry:
    """The entities of the books, indexed by USCC and by name."""

    def __init__(self, entities: Iterable[EntityRecord]) -> None:
        self.by_uscc: dict[str, EntityRecord] = {}
        self.by_name: dict[str, list[EntityRecord]] = {}
        for record in entities:
            if record.uscc:
                self.by_uscc[normalise_uscc(record.uscc)] = record
            self.by_name.setdefault(normalise_name(record.name), []).append(record)

    def find(self, uscc: str | None, name: str | None) -> EntityRecord | Miss:
        if uscc:
            try:
                code = validate_uscc(uscc)
            except IdentifierError as exc:
                return Miss("uscc", "uscc", str(exc))
            record = self.by_uscc.get(code)
            if record is None:
                return Miss(
                    "uscc",
                    "unknown-entity",
                    f"账套中无此统一社会信用代码的主体 no entity with USCC {code} in the books "
                    "(登记后再导入 register it first: jcg import 入园名单 / entity.register)",
                )
            if name and normalise_name(name) != normalise_name(record.name):
                return Miss(
                    "entity_name",
                    "entity-name",
                    f"名称与登记不符:{code} 登记为“{record.name}” / the name differs from the "
                    f"one registered under this USCC ({record.code})",
                )
            return record
        if not name:
            return Miss(
                "entity_name",
                "missing",
                "须填企业名称或统一社会信用代码 give the entity's name or USCC",
            )
        found = self.by_name.get(normalise_name(name), [])
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            codes = ", ".join(r.code for r in found)
            return Miss(
                "entity_name",
                "ambiguous-entity",
                f"同名主体不止一个 several entities have this name ({codes}): 请填统一社会信用代码 give the USCC",
            )
        return Miss(
            "entity_name",
            "unknown-entity",
            f"账套中无此名称的主体 no entity named “{name}” in the books (名称须与登记完全一致 "
            "the name must be exactly as registered)",
        )


def find_approval(
    awards: Mapping[str, Award],
    entity: str,
    measure: str | None,
    subject: str | None,
    approval: str | None,
) -> str | Miss:
    """The approval (event id) a payment row pays."""
    if approval:
        award = awards.get(approval)
        if award is None:
            return Miss("approval", "unknown-approval", f"无此核定 no approval {approval!r}")
        if award.fact.entity != entity:
            return Miss(
                "approval",
                "approval-entity",
                f"核定 {approval} 属于 {award.fact.entity} / approval {approval} is "
                f"{award.fact.entity}'s, not {entity}'s",
            )
        return approval
    candidates = [
        a
        for a in awards.values()
        if a.fact.entity == entity
        and (measure is None or a.fact.measure == measure)
        and (subject is None or a.fact.subject == subject)
        and a.outstanding > 0
    ]
    if len(candidates) == 1:
        return candidates[0].fact.event
    if not candidates:
        return Miss(
            "approval",
            "unknown-approval",
            f"{entity} 无待付的核定 no approval of {entity}"
            + (f" under {measure}" if measure else "")
            + " with anything outstanding",
        )
    ids = ", ".join(a.fact.event for a in candidates)
    return Miss(
        "approval",
        "ambiguous-approval",
        f"多个待付核定 several approvals outstanding ({ids}): 请填支持对象或核定编号 "
        "give 支持对象 or 核定编号",
    )

"""`jcg add`: guided entry of one event, field by field, as ``hledger add`` does.

Each field is asked with the schema's description; the answer is checked at once (the same
pydantic model `jcg post` parses), and asked again when it does not pass. Codes the books know
(entities, persons, measures, projects, approvals) are listed and, at a terminal, completed with
Tab; defaults come from the last event of the same type in the books. The Beancount text the
event would write is shown before it is posted. Answers are read from standard input when it is
not a terminal, one line per question (an empty line takes the default or skips an optional
field), so entry can be scripted and tested::

    printf 'subsidy.approve\\n2025-03-01\\nJC-LAB\\nplatform-provincial\\n…\\ny\\n' | jcg add
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum
from typing import Any, Literal, get_args, get_origin

from beancount.core import data
from pydantic import ValidationError
from pydantic.fields import FieldInfo

from jcg_ledger.events import BY_TYPE
from jcg_ledger.events.base import Event
from jcg_ledger.state import State
from jcg_ledger.today import today

# Fields asked first (in this order) when a type has them; the rest follow in model order.
FIRST = ("date",)
LAST = ("memo", "doc_no", "id")
# Not asked: the bank reference and attached files come with `jcg post` / `jcg import` files.
NOT_ASKED = frozenset({"type", "bank_ref", "attachments"})
TRIES = 3
SHOWN_CHOICES = 12


@dataclass
class Question:
    name: str
    prompt: str
    default: str | None  # None: no default
    required: bool
    choices: Sequence[str] = ()  # for listing and completion


@dataclass
class Entry:
    """What the books offer the questions: codes to complete, defaults from the last event."""

    state: State
    last: dict[str, dict[str, Any]] = field(default_factory=dict)  # type -> last meta

    @classmethod
    def of(cls, state: State, books: Sequence[Sequence[data.Directive]]) -> Entry:
        last: dict[str, dict[str, Any]] = {}
        for entries in books:
            for entry in entries:
                kind = entry.meta.get("type") if entry.meta else None
                if isinstance(kind, str) and isinstance(entry, data.Transaction):
                    last[kind] = dict(entry.meta)
        return cls(state, last)

    def codes(self, name: str) -> list[str]:
        state = self.state
        if name in ("entity", "employer", "obligor", "investor", "investee", "bank"):
            return sorted(state.core.entities)
        if name == "person":
            return sorted(state.core.persons)
        if name == "measure":
            return [m.code for m in state.policy.subsidy_measures]
        if name == "department":
            return [d.code for d in state.policy.departments]
        if name == "approval":
            return sorted(state.subsidies.awards)
        if name == "project":
            return sorted(state.projects.projects)
        return []

    def next_id(self, etype: str, on: str) -> str:
        stem = f"{etype.replace('.', '-')}-{on.replace('-', '')}"
        n = 1
        while f"{stem}-{n}" in self.state.core.events:
            n += 1
        return f"{stem}-{n}"


def _choices(annotation: Any) -> list[str]:
    """The values an enum or Literal field takes (None is dropped)."""
    args = [a for a in get_args(annotation) if a is not type(None)] or [annotation]
    out: list[str] = []
    for arg in args:
        if isinstance(arg, type) and issubclass(arg, Enum):
            out.extend(str(m.value) for m in arg)
        elif get_origin(arg) is Literal:
            out.extend(str(v) for v in get_args(arg))
    return out


def _kind(annotation: Any) -> str:
    text = str(annotation)
    if "list[" in text or "dict[" in text:
        return "JSON"
    if "Decimal" in text and "parse_money" in text:
        return "元 (50万 ok)"
    if "bool" in text:
        return "是/否 y/n"
    if "int" in text and "Literal" not in text:
        return "整数 number"
    if "date" in text:
        return "YYYY-MM-DD"
    return ""


def order(model: type[Event]) -> list[str]:
    names = [n for n in model.model_fields if n not in NOT_ASKED]
    middle = [n for n in names if n not in FIRST and n not in LAST]
    required = [n for n in middle if model.model_fields[n].is_required()]
    optional = [n for n in middle if not model.model_fields[n].is_required()]
    return [*FIRST, *required, *optional, *[n for n in LAST if n in names]]


def question(
    entry: Entry, etype: str, name: str, info: FieldInfo, answers: dict[str, Any]
) -> Question:
    choices = _choices(info.annotation) or entry.codes(name)
    hint = " · ".join(
        p
        for p in (
            info.description or "",
            _kind(info.annotation),
            "必填 required" if info.is_required() else "可空 Enter skips",
        )
        if p
    )
    default: str | None = None
    if name == "date":
        default = today().isoformat()
    elif name == "id":
        default = entry.next_id(etype, str(answers.get("date", today().isoformat())))
    elif name not in ("memo", "doc_no", "amount"):
        previous = entry.last.get(etype, {}).get(name)
        if previous is not None and not isinstance(previous, dict | list):
            default = "是" if previous is True else "否" if previous is False else str(previous)
    prompt = f"{name} ({hint})"
    if choices:
        shown = ", ".join(choices[:SHOWN_CHOICES]) + (" …" if len(choices) > SHOWN_CHOICES else "")
        prompt += f"\n  [{shown}]"
    return Question(name, prompt, default, info.is_required(), choices)


def _value(text: str, info: FieldInfo) -> Any:
    """An answer as the event parser takes it (JSON for lists, 是/否 for booleans)."""
    text = text.strip()
    if text[:1] in "[{":
        return json.loads(text, parse_float=Decimal)
    if _kind(info.annotation).startswith("是/否"):
        lowered = text.lower()
        if lowered in ("是", "y", "yes", "true"):
            return True
        if lowered in ("否", "n", "no", "false"):
            return False
    return text


def check_field(model: type[Event], answers: dict[str, Any], name: str) -> str | None:
    """The message of what is wrong with this field's answer, or None."""
    try:
        model.model_validate(answers)
    except ValidationError as exc:
        for error in exc.errors():
            if error["loc"] and error["loc"][0] == name and error["type"] != "missing":
                return str(error["msg"]).removeprefix("Value error, ")
    return None


Ask = Callable[[Question], str]
Say = Callable[[str], None]


class EntryAborted(Exception):
    """Too many answers that did not pass, or the input ended."""


def ask_event(
    model: type[Event], etype: str, entry: Entry, ask: Ask, say: Say, tries: int = TRIES
) -> dict[str, Any]:
    """Ask every field of one event; each answer is checked before the next question (asked
    again up to ``tries`` times: once when the answers come from a script)."""
    answers: dict[str, Any] = {"type": etype}
    for name in order(model):
        info = model.model_fields[name]
        q = question(entry, etype, name, info, answers)
        for _ in range(tries):
            text = ask(q)
            if not text.strip():
                if q.default is not None:
                    text = q.default
                elif not q.required:
                    break
                else:
                    say(f"  ✗ {name}: 必填 required")
                    continue
            try:
                answers[name] = _value(text, info)
            except json.JSONDecodeError as exc:
                say(f"  ✗ {name}: JSON {exc}")
                continue
            problem = check_field(model, answers, name)
            if problem is None:
                break
            del answers[name]
            say(f"  ✗ {name}: {problem}")
        else:
            raise EntryAborted(
                f"{name}: {TRIES} 次回答均未通过 no valid answer after {TRIES} tries"
            )
    return answers


def event_types() -> list[str]:
    return sorted(BY_TYPE)

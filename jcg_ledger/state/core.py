"""The core state: events already posted, open accounts, the registry of entities and persons."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from beancount.core import data

from jcg_ledger.rules import future_date, period, registration
from jcg_ledger.state.base import Part, Violation, meta_str

ENTITY_DIRECTIVE = "jcg-entity"
PERSON_DIRECTIVE = "jcg-person"


@dataclass(frozen=True)
class EntityRecord:
    code: str
    name: str
    kind: str
    registered: date
    admitted: date | None
    uscc: str | None
    paid_in_capital: Decimal | None


@dataclass(frozen=True)
class PersonRecord:
    code: str
    employer: str
    tier: str
    mode: str
    start: date
    contract_years: int
    social_insurance_months: int


class CoreState(Part):
    def __init__(self) -> None:
        # Event id -> digest of its content: what idempotency reads (an id posted again with the
        # same digest is "already posted", with another is refused). One string per event, not
        # a record: at 10^5 events a record per event was a third of the state's memory.
        self.events: dict[str, str] = {}
        self.opened: dict[tuple[str, str], date] = {}  # (book, account) -> date opened
        self.entities: dict[str, EntityRecord] = {}
        self.persons: dict[str, PersonRecord] = {}
        # Period close (rules/period.py): the last closed month end, per book and overall, and
        # each book's entries since its last close (references only; hashed only at a close).
        self.closed: dict[str, date] = {}
        self.closed_through: date | None = None
        self.since_close: dict[str, list[data.Directive]] = {}
        # Entries are kept in `since_close` only up to this date per book: the date of the last
        # close directive among those the plugin is about to fold (`retain_for_closes`). A
        # close check reads nothing dated after its own date, and without a horizon nothing is
        # kept: holding every entry would keep whole books alive after their load (memory).
        self.retain_until: dict[str, date] = {}

    def retain_for_closes(self, book: str, entries: Iterable[data.Directive]) -> None:
        """Keep what the close directives among `entries` (all of the book, in order) check."""
        last = max((e.date for e in entries if period.is_close(e)), default=None)
        if last is None:
            self.retain_until.pop(book, None)
        else:
            self.retain_until[book] = last

    def verify(self, book: str, entry: data.Directive) -> list[Violation]:
        if period.is_close(entry):
            found = period.check_close_record(entry, self.since_close.get(book, []))
        else:
            found = period.check_after_close(self.closed.get(book), entry)
        future = future_date.check_entry(entry)
        return [v for v in (found, future, self._verify_registry(entry)) if v is not None]

    def _verify_registry(self, entry: data.Directive) -> Violation | None:
        """The registry's rules (`rules/registration.py`) on a ``custom`` of the registry."""
        if not isinstance(entry, data.Custom) or not entry.values:
            return None
        code = str(entry.values[0].value)
        meta = entry.meta or {}
        if entry.type == ENTITY_DIRECTIVE:
            admitted = meta.get("admitted")
            return registration.check_entity(
                self, code, entry.date, admitted if isinstance(admitted, date) else None
            )
        if entry.type == PERSON_DIRECTIVE:
            return registration.check_person(self, code, str(meta.get("employer", "")))
        return None

    def fold(self, book: str, entry: data.Directive) -> None:
        if period.is_close(entry):
            self.closed[book] = max(entry.date, self.closed.get(book, entry.date))
            self.closed_through = max(self.closed_through or entry.date, entry.date)
            self.since_close[book] = []
        elif period.in_scope(entry):
            horizon = self.retain_until.get(book)
            if horizon is not None and entry.date <= horizon:
                self.since_close.setdefault(book, []).append(entry)
        event_id = meta_str(entry, "event")
        if event_id:  # the first entry of an event records it (setdefault: no read needed)
            self.events.setdefault(event_id, meta_str(entry, "digest") or "")
        if isinstance(entry, data.Open):
            self.opened[(book, entry.account)] = entry.date
        elif isinstance(entry, data.Custom) and entry.values:
            code = str(entry.values[0].value)
            meta = entry.meta or {}
            if entry.type == ENTITY_DIRECTIVE:
                self.entities[code] = EntityRecord(
                    code=code,
                    name=str(meta.get("name", "")),
                    kind=str(meta.get("kind", "")),
                    registered=entry.date,
                    admitted=meta.get("admitted"),
                    uscc=meta_str(entry, "uscc"),
                    paid_in_capital=meta.get("paid_in_capital"),
                )
            elif entry.type == PERSON_DIRECTIVE:
                self.persons[code] = PersonRecord(
                    code=code,
                    employer=str(meta.get("employer", "")),
                    tier=str(meta.get("tier", "")),
                    mode=str(meta.get("mode", "")),
                    # A hand-written record without a start must not crash the plugin.
                    start=meta["start"] if isinstance(meta.get("start"), date) else entry.date,
                    contract_years=int(meta.get("contract_years", 0)),
                    social_insurance_months=int(meta.get("social_insurance_months", 0)),
                )

    def is_open(self, book: str, account: str) -> bool:
        return (book, account) in self.opened

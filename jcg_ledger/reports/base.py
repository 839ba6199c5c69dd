"""What a report is: typed tables computed once, rendered as table, JSON, CSV or Excel.

`jcg report` and the Fava extension both call the same builder, so the two views of a figure
can never disagree.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, Literal, TypeVar, cast

from beancount.core import data

from jcg_ledger.books.layout import BOOKS, Ledger
from jcg_ledger.books.load import LoadedBook, load_book
from jcg_ledger.cache.sweep import mirrored_transactions
from jcg_ledger.policy import Policy, load_policy
from jcg_ledger.post import fold_books
from jcg_ledger.state import State
from jcg_ledger.state.core import CoreState, EntityRecord

T = TypeVar("T")
Kind = Literal["text", "money", "int", "date", "ratio", "percent", "units"]


@dataclass(frozen=True)
class Column:
    key: str
    title_zh: str
    title_en: str
    kind: Kind = "text"


@dataclass
class Table:
    name: str
    title_zh: str
    title_en: str
    columns: list[Column]
    rows: list[dict[str, Any]] = field(default_factory=list)
    totals: dict[str, Any] | None = None

    def total(self, *keys: str, label_key: str | None = None) -> None:
        """Sum the money columns named into a totals row (合计)."""
        totals: dict[str, Any] = {
            k: sum((r.get(k) or Decimal(0) for r in self.rows), Decimal(0)) for k in keys
        }
        first = label_key or self.columns[0].key
        totals[first] = "合计 Total"
        self.totals = totals


@dataclass
class Report:
    name: str
    title_zh: str
    title_en: str
    as_of: date
    tables: list[Table]
    summary: dict[str, Any] = field(default_factory=dict)

    def table(self, name: str) -> Table:
        return next(t for t in self.tables if t.name == name)


class BooksView:
    """The books and their folded state, as every report reads them: loaded on demand.

    A report reads one or two books (the subsidies report the city book, the buyback and exit
    reports the platform book, the fund report the fund and city books) and folds its own
    state as of its date, so `jcg report` loads only the books its report reads — at 10^5
    events, holding all three would take half as much memory again as the largest one. The
    whole state (`state`: all three books folded) is folded on first use. Reconciliation reads
    only the transactions that post to a mirrored account (`mirrored`): a book not otherwise
    loaded is loaded for them and dropped.

    Fava's view (`from_entries`) starts with every book already loaded by Fava.
    """

    def __init__(
        self, ledger: Ledger, policy: Policy, loaded: dict[str, LoadedBook] | None = None
    ) -> None:
        self.ledger = ledger
        self.policy = policy
        self.loaded: dict[str, LoadedBook] = dict(loaded or {})
        self._state: State | None = None
        self._mirrored: dict[str, list[data.Transaction]] = {}
        self._registry: CoreState | None = None
        self._memo: dict[tuple[str, date], Any] = {}

    @classmethod
    def load(cls, ledger: Ledger) -> BooksView:
        """A view of the books on disk; read it under `consistent_read` (books load lazily).

        Refused (`SymlinkedBookFile`) when a file of the books is a symbolic link."""
        ledger.refuse_symlinks()
        return cls(ledger, load_policy(ledger.policy_path))

    @classmethod
    def from_entries(cls, ledger: Ledger, loaded: dict[str, LoadedBook]) -> BooksView:
        """The view of books someone else already loaded (Fava), without loading them again."""
        return cls(ledger, load_policy(ledger.policy_path), loaded)

    def book(self, book: str) -> LoadedBook:
        if book not in self.loaded:
            self.loaded[book] = load_book(self.ledger.main(book), book)
        return self.loaded[book]

    def entries(self, book: str) -> list[Any]:
        return self.book(book).entries

    def load_all(self) -> BooksView:
        """Load every book and fold the state now (a view kept and read later, as Fava's)."""
        _ = self.state
        return self

    @property
    def state(self) -> State:
        """All three books folded in `BOOKS` order (the state the write path checks against)."""
        if self._state is None:
            self._state = fold_books(self.policy, {b: self.book(b) for b in BOOKS})
        return self._state

    @property
    def entities(self) -> dict[str, EntityRecord]:
        """The registry of entities, which the city book keeps (render/registry.py)."""
        if self._state is not None:
            return self._state.core.entities
        if self._registry is None:
            registry = CoreState()
            for entry in self.entries("city"):
                registry.fold("city", entry)
            self._registry = registry
        return self._registry.entities

    def mirrored(self, book: str) -> Sequence[data.Directive]:
        """What reconciliation reads of a book: its entries when the book is loaded anyway
        (reconciliation picks the mirrored postings itself); otherwise the book is loaded for
        this only, and just its transactions that post to a mirrored account are kept."""
        if book in self.loaded:
            return self.loaded[book].entries
        if book not in self._mirrored:
            loaded = load_book(self.ledger.main(book), book)
            self._mirrored[book] = mirrored_transactions(book, loaded.entries)
            del loaded
        return self._mirrored[book]

    def memo(self, key: tuple[str, date], compute: Callable[[], T]) -> T:
        """A fold several reports read (read-only), computed once per view."""
        if key not in self._memo:
            self._memo[key] = compute()
        return cast(T, self._memo[key])

    @property
    def books(self) -> tuple[str, ...]:
        return BOOKS


Builder = Callable[[BooksView, date], Report]

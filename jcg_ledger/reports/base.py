"""What a report is: typed tables computed once, rendered as table, JSON, CSV or Excel.

`jcg report` and the Fava extension both call the same builder, so the two views of a figure
can never disagree.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, Literal

from jcg_ledger.books.layout import BOOKS, Ledger
from jcg_ledger.books.load import LoadedBook
from jcg_ledger.policy import load_policy
from jcg_ledger.post import fold_books, load_state
from jcg_ledger.state import State

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


@dataclass
class BooksView:
    """The loaded books and their folded state: what every report reads."""

    ledger: Ledger
    state: State
    loaded: dict[str, LoadedBook]

    @classmethod
    def load(cls, ledger: Ledger) -> BooksView:
        state, loaded = load_state(ledger)
        return cls(ledger, state, loaded)

    @classmethod
    def from_entries(cls, ledger: Ledger, loaded: dict[str, LoadedBook]) -> BooksView:
        """The view of books someone else already loaded (Fava), without loading them again."""
        return cls(ledger, fold_books(load_policy(ledger.policy_path), loaded), loaded)

    def entries(self, book: str) -> list[Any]:
        return self.loaded[book].entries

    @property
    def books(self) -> tuple[str, ...]:
        return BOOKS


Builder = Callable[[BooksView, date], Report]

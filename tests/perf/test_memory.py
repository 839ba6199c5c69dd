"""What keeps the memory of a command near that of `bean-check` on the largest book.

Timings and memory figures are the benchmark's business (`python -m bench`); these tests
check the structural facts the figures rest on: a book read by a sweep is gone once read, and
a report loads only the books it reads.
"""

from __future__ import annotations

import gc
from collections import Counter
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from beancount.core import data

from jcg_ledger.books import load as books_load
from jcg_ledger.books.layout import BOOKS, Ledger
from jcg_ledger.cache import sweep as books_sweep
from jcg_ledger.policy import load_policy
from jcg_ledger.reports import REPORTS, BooksView
from jcg_ledger.reports import base as reports_base
from jcg_ledger.state import State


@pytest.fixture
def loads(monkeypatch: pytest.MonkeyPatch) -> Iterator[Counter[str]]:
    """Counts each book loaded, by book."""
    counts: Counter[str] = Counter()
    real = books_load.load_book

    def counting(main: Any, book: str) -> Any:
        counts[book] += 1
        return real(main, book)

    for module in (books_load, books_sweep, reports_base):
        monkeypatch.setattr(module, "load_book", counting)
    yield counts


def live_transactions() -> int:
    gc.collect()
    return sum(1 for o in gc.get_objects() if isinstance(o, data.Transaction))


def test_a_sweep_keeps_no_book(demo_books: Ledger) -> None:
    before = live_transactions()
    state = State(load_policy(demo_books.policy_path))
    swept = books_sweep.sweep(demo_books, state, parts=True)
    kept = sum(len(book.mirrored) for book in swept.values())
    loaded = sum(book.entries for book in swept.values())
    # The demo moves money between books (and every change in a project's value posts in the
    # platform's and the city's, docs/accounting.md), yet the mirrored ones are few.
    assert kept > 0 and loaded > 5 * kept
    # Only the cut-down mirrored transactions outlive the sweep: neither the state nor the
    # snapshot parts hold on to the books' entries (the state once kept every entry since
    # the last period close, which kept whole books alive).
    assert live_transactions() - before == kept
    for book in swept.values():
        for txn in book.mirrored:
            assert txn.narration == "" and all(p.meta is None for p in txn.postings)


@pytest.mark.parametrize(
    ("name", "books"),
    [
        ("subsidies", {"city"}),
        ("buybacks", {"platform"}),
        ("exits", {"platform"}),
        ("fund", {"city", "fund"}),
        ("reconciliation", set(BOOKS)),
    ],
)
def test_a_report_loads_only_the_books_it_reads(
    demo_books: Ledger, loads: Counter[str], name: str, books: set[str]
) -> None:
    view = BooksView.load(demo_books)
    REPORTS[name](view, date(2030, 12, 31))
    assert set(loads) == books and all(n == 1 for n in loads.values())
    if name == "reconciliation":  # it reads the mirrored transactions only, books dropped
        assert view.loaded == {}


def test_the_lazy_view_equals_the_whole_one(demo_books: Ledger) -> None:
    """A report from a view that loads on demand equals one from all books loaded at once."""
    from jcg_ledger.books.load import load_books
    from jcg_ledger.reports.output import to_json

    whole = BooksView.from_entries(demo_books, load_books(demo_books))
    for build in REPORTS.values():
        lazy = BooksView.load(demo_books)
        assert to_json(build(lazy, date(2029, 6, 30))) == to_json(build(whole, date(2029, 6, 30)))

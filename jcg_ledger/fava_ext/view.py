"""The books as the report code sees them, built once per change of the books.

Fava loads each book on its own; the programme's reports read all three books and their
folded state (`BooksView`).

When the application serves all three books (`jcg serve`), the view is built from the
entries Fava already loaded, folded through the same `State` as `jcg report`
(`BooksView.from_entries`): loading the books a second time would double the first
request's time and hold every entry twice. Fava replaces a book's `all_entries` list each
time it reloads the book, so the view is rebuilt exactly when one of the three lists is not
the one it was built from.

Otherwise (Fava run on one book) the view loads the books itself, which takes a second or
more, so it is cached under a signature of every file the books are made of (path, inode,
size, mtime): `jcg post` replaces files atomically, which changes the inode, so any write
invalidates the cache.

Reports computed from a view are cached beside it, keyed by name and date.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from jcg_ledger.books.layout import BOOKS, Ledger
from jcg_ledger.books.load import LoadedBook, gc_paused
from jcg_ledger.books.lock import locked
from jcg_ledger.plugins.policy import plugin_state
from jcg_ledger.reports import REPORTS, BooksView, Report

if TYPE_CHECKING:
    from fava.core import FavaLedger

log = logging.getLogger(__name__)

Signature = tuple[tuple[str, int, int, int], ...]


def signature(ledger: Ledger) -> Signature:
    """What changes whenever any file of the books changes (cheap: stat only)."""
    out: list[tuple[str, int, int, int]] = []
    for path in ledger.book_files():
        try:
            st = path.stat()
        except FileNotFoundError:
            continue
        out.append((str(path), st.st_ino, st.st_size, st.st_mtime_ns))
    return tuple(out)


@dataclass
class CachedView:
    """One loaded `BooksView` and the reports computed from it."""

    signature: Signature
    view: BooksView
    reports: dict[tuple[str, date], Report] = field(default_factory=dict)
    extras: dict[tuple[str, date], object] = field(default_factory=dict)
    #: Fava's entry lists the view was built from (empty when it loaded the books itself).
    sources: tuple[object, ...] = ()

    def built_from(self, sources: tuple[object, ...]) -> bool:
        """Whether this view was built from exactly these lists (identity, not equality)."""
        return len(self.sources) == len(sources) and all(
            a is b for a, b in zip(self.sources, sources, strict=True)
        )

    def report(self, name: str, as_of: date) -> Report | None:
        """`REPORTS[name](view, as_of)`, once; None while that report is not written yet."""
        builder = REPORTS.get(name)
        if builder is None:
            return None
        key = (name, as_of)
        if key not in self.reports:
            self.reports[key] = builder(self.view, as_of)
        return self.reports[key]

    def memo(self, key: tuple[str, date], compute: Callable[[], object]) -> object:
        """Cache any other figure derived from this view (charts over time)."""
        if key not in self.extras:
            self.extras[key] = compute()
        return self.extras[key]


_cache: dict[Path, CachedView] = {}
_guard = threading.Lock()


def _load(ledger: Ledger) -> BooksView:
    # A shared lock keeps a load from seeing half of a multi-file commit. A folder the
    # server may not write to (an auditor's read-only copy) cannot hold the lock file:
    # then nobody posts there either, and an unlocked load is consistent.
    try:
        with locked(ledger, shared=True):
            return BooksView.load(ledger).load_all()
    except PermissionError:
        return BooksView.load(ledger).load_all()


def _refresh(ledger: Ledger, served: Mapping[str, FavaLedger]) -> None:
    # Fava checks (and reloads) only the book named in the URL before a request; the view
    # reads all three, so the other two must be as current. Under the shared lock, a reload
    # done here never reads half of a multi-file commit (see `_load`).
    try:
        with locked(ledger, shared=True):
            for fava_ledger in served.values():
                fava_ledger.changed()
    except PermissionError:
        for fava_ledger in served.values():
            fava_ledger.changed()


def _loaded_book(book: str, fava_ledger: FavaLedger) -> LoadedBook:
    # Fava types entries as its own protocols; they are Beancount's directives.
    entries: Any = fava_ledger.all_entries
    return LoadedBook(
        book,
        # Fava's own list, not a copy: the view shares every entry with Fava.
        entries if isinstance(entries, list) else list(entries),
        # Beancount's errors of the load (Fava's `errors` adds its own modules' errors).
        list(fava_ledger.load_errors),
        cast("dict[str, Any]", fava_ledger.options),
    )


def _from_fava(ledger: Ledger, served: Mapping[str, FavaLedger]) -> CachedView:
    _refresh(ledger, served)
    sources = tuple(served[book].all_entries for book in BOOKS)
    current = _cache.get(ledger.root)
    if current is None or not current.built_from(sources):
        log.info("folding the books of %s loaded by Fava", ledger.root)
        loaded = {book: _loaded_book(book, served[book]) for book in BOOKS}
        # The fold allocates objects that all live on, in a process already holding
        # millions (Fava's entries): each full collection would walk them all for nothing.
        with gc_paused():
            view = BooksView.from_entries(ledger, loaded)
        # No file signature: a view of Fava's entries is only valid for those entries.
        current = CachedView((), view, sources=sources)
        _cache[ledger.root] = current
    return current


def cached_view(root: Path, served: Mapping[str, FavaLedger] | None = None) -> CachedView:
    """The view of the ledger folder `root`, rebuilt only when its books changed.

    `served` maps each book to the `FavaLedger` serving it in this application; when it
    holds all three, the view is folded from their entries instead of loading the books.
    """
    ledger = Ledger.at(root)
    with _guard:
        if served is not None and set(served) == set(BOOKS):
            return _from_fava(ledger, served)
        sig = signature(ledger)
        current = _cache.get(ledger.root)
        if current is None or current.signature != sig:
            log.info("loading books view of %s", ledger.root)
            view = _load(ledger)
            # Files written while we loaded: keep the older signature so the next
            # request reloads rather than trusting a view of mixed versions.
            current = CachedView(sig if signature(ledger) == sig else (), view)
            _cache[ledger.root] = current
        return current


def clear_cache() -> None:
    """Forget every loaded view (tests)."""
    with _guard:
        _cache.clear()


def forget_plugin_state(options: dict[str, Any]) -> None:
    """Drop the policy plugin's state from the options map of a Fava load.

    The plugin hands its final state back in the options map of the load; Fava keeps that map
    (its options page lists it), and the view folds its own state, so the plugin's would
    otherwise stay in memory beside the view's.
    """
    plugin_state(options)

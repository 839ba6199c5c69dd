"""The books as the report code sees them, loaded once per change of the files.

Fava loads each book on its own; the programme's reports read all three books and their
folded state (`BooksView`). Loading them takes a second or more, so the view is cached
under a signature of every file the books are made of (path, inode, size, mtime): `jcg post`
replaces files atomically, which changes the inode, so any write invalidates the cache.
Reports computed from a view are cached beside it, keyed by name and date.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from jcg_ledger.books.layout import Ledger
from jcg_ledger.books.lock import locked
from jcg_ledger.reports import REPORTS, BooksView, Report

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
            return BooksView.load(ledger)
    except PermissionError:
        return BooksView.load(ledger)


def cached_view(root: Path) -> CachedView:
    """The view of the ledger folder `root`, reloaded only when its files changed."""
    ledger = Ledger.at(root)
    with _guard:
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

"""Fava's loads of the books `jcg serve` serves: in full once, then by appending.

Fava reloads a book whenever one of its files changes, from scratch
(`fava.beans.load.load_uncached`: parse, booking, plugins, validation of every entry), so the
first page after a post waited as long as `bean-check`. Here each served book's loads go
through a `Book`, which loads in full as Fava would and records what that load read
(`appended.Known`); at the next change it computes the new result by appending the post's
entries to the last one (`appended.append`), and loads in full whenever that is not proven
identical (`NotAppended`: a back-dated entry, a hand edit, a new year's file…).

The seam is Fava's one call of its loader, ``fava.core.load_uncached`` (Fava 1.30), which
`install` replaces by `load`: the books registered by `watch` load through their `Book`,
any other file through Fava's own function. Nothing is stored: the previous result is the
one Fava holds, and a full load is Fava's own.

A full load is trusted as a base only if no file of the books changed while it ran (their
inode, size and modification time are the same before it and after the files are hashed);
otherwise the next change loads in full again.
"""

from __future__ import annotations

import logging
import threading
import time
import weakref
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from beancount.core import data

from jcg_ledger.books.layout import BOOKS, Ledger
from jcg_ledger.cache.snapshot import final_balances, sha256
from jcg_ledger.fava_ext.appended import (
    Known,
    Mark,
    NotAppended,
    Result,
    append,
    finish_errors,
    finish_span,
    included_files,
    last_key,
    plain,
)
from jcg_ledger.today import today

log = logging.getLogger(__name__)

Stats = dict[str, tuple[int, int, int]]


@dataclass(frozen=True)
class Outcome:
    """How a book was last loaded: ``full`` or ``appended``, why, how long it took."""

    mode: str
    reason: str
    seconds: float
    appended: int = 0  # entries appended


def full_load(main: str) -> Result:
    """Fava's own load of a book (the reference every appended load equals)."""
    from fava.beans.load import load_uncached

    return load_uncached(main, is_encrypted=False)  # type: ignore[return-value]


def plugin_state(main: str, options: dict[str, Any]) -> Any:
    """The policy plugin's `State` at the end of the book this load read, or None: taken out
    of the load's options map, where the plugin hands it back (`plugins.policy.plugin_state`).
    """
    from jcg_ledger.plugins import policy

    return policy.plugin_state(options)


def _stats(ledger: Ledger, book: str) -> Stats:
    """Inode, size and modification time of every file a load of `book` may read."""
    folder = ledger.book_dir(book)
    out: Stats = {}
    for path in ledger.book_files():
        if not path.is_relative_to(folder) and path not in (
            ledger.policy_path,
            ledger.queries_path,
        ):
            continue
        try:
            st = path.stat()
        except OSError:
            continue
        out[str(path)] = (st.st_ino, st.st_size, st.st_mtime_ns)
    return out


class Book:
    """One served book's loads; `outcome` says how the last one went."""

    def __init__(self, ledger: Ledger, book: str) -> None:
        self.ledger = ledger
        self.book = book
        self.main = str(ledger.main(book))
        self.known: Known | None = None
        self.outcome: Outcome | None = None
        self.read: frozenset[str] = frozenset()  # the files the last load read
        self._lock = threading.Lock()

    def new_files(self) -> set[str]:
        """Files the book's includes match now that its last load did not read."""
        try:
            text = Path(self.main).read_text("utf-8", "replace")
        except OSError:
            return set()
        return included_files(self.main, text) - self.read if self.read else set()

    def load(self) -> Result:
        with self._lock:
            start = time.perf_counter()
            reason = "first load"
            if self.known is not None:
                try:
                    result = self._append(start)
                    self.read = frozenset(result[2]["include"])
                    return result
                except NotAppended as refused:
                    reason = refused.reason
                except OSError as error:
                    reason = f"unreadable: {error.strerror}"
                self.known = None
            return self._full(start, reason)

    def _append(self, start: float) -> Result:
        assert self.known is not None
        main = Path(self.main).read_bytes()
        names = included_files(self.main, main.decode("utf-8", "replace"))
        contents = {name: Path(name).read_bytes() for name in sorted(names - {self.main})}
        contents[self.main] = main
        policy = sha256(self.ledger.policy_path.read_bytes())
        known = append(self.known, contents, policy, today(strict=False))
        self.known = known
        took = time.perf_counter() - start
        self.outcome = Outcome("appended", "", took, len(known.appended))
        log.info("%s: %d entries appended in %.3f s", self.book, len(known.appended), took)
        return known.result

    def _full(self, start: float, reason: str) -> Result:
        before = _stats(self.ledger, self.book)
        day = today(strict=False)
        result = full_load(self.main)
        state = plugin_state(self.main, result[2])
        try:
            self.known = self._base(result, state, day)
            if _stats(self.ledger, self.book) != before or today(strict=False) != day:
                raise NotAppended("the books changed during the load")
        except (NotAppended, OSError) as refused:
            self.known = None
            log.info("%s: no base for appending: %s", self.book, refused)
        self.read = frozenset(result[2].get("include", ()))
        took = time.perf_counter() - start
        self.outcome = Outcome("full", reason, took)
        log.info("%s: full load (%s) in %.3f s", self.book, reason, took)
        return result

    def _base(self, result: Result, state: Any, day: date) -> Known:
        """What the next load appends to; `NotAppended` if this book never appends."""
        entries, errors, options = result
        if state is None:
            raise NotAppended("no policy state")
        main_text = Path(self.main).read_text("utf-8", "replace")
        if not plain(options, self.book, main_text):
            raise NotAppended("book not plain")
        if any(isinstance(e, data.Pad) for e in entries):
            raise NotAppended("the book pads")
        files = {name: Mark.of(Path(name).read_bytes()) for name in options["include"]}
        expected = [e.message for e in finish_errors(state, self.book, self.main, day)]
        return Known(
            main=self.main,
            book=self.book,
            result=result,
            files=files,
            policy=sha256(self.ledger.policy_path.read_bytes()),
            day=day,
            state=state,
            last_key=last_key(entries),
            finish=finish_span(errors, self.main, expected),
            balances=final_balances(entries),
        )


# The books that load through a `Book`, by main file; each `Book` is held by the application
# serving it (`watch`'s caller keeps them), so an application that goes takes them along.
_books: weakref.WeakValueDictionary[str, Book] = weakref.WeakValueDictionary()
_install_lock = threading.Lock()


def load(path: str, *, is_encrypted: bool) -> Any:
    """Fava's loader for registered books; Fava's own for anything else."""
    from fava.beans.load import load_uncached

    book = _books.get(path)
    if book is None or is_encrypted:
        return load_uncached(path, is_encrypted=is_encrypted)
    return book.load()


def install() -> None:
    """Route Fava's loads through `load` (idempotent)."""
    import fava.core

    with _install_lock:
        if getattr(fava.core, "load_uncached", None) is not load:
            setattr(fava.core, "load_uncached", load)  # noqa: B010 (Fava does not export it)


def watch(ledger: Ledger) -> dict[str, Book]:
    """Register the three books of `ledger`; the caller holds the returned books for as
    long as they are served (the registry holds them weakly)."""
    install()
    books = {book: Book(ledger, book) for book in BOOKS}
    for book in books.values():
        _books[book.main] = book
    return books


def notice_new_files(fava_ledgers: Iterable[Any]) -> None:
    """Tell each Fava ledger's file watcher of files its book's includes match that its last
    load did not read — a post's first entry of a year writes a new journal file, and Fava
    watches only the files it read (run before each request, as Fava checks for changes)."""
    for fava_ledger in fava_ledgers:
        book = book_of(fava_ledger)
        if book is not None:
            for name in book.new_files():
                fava_ledger.watcher.notify(Path(name))


def book_of(fava_ledger: Any) -> Book | None:
    """The `Book` a Fava ledger loads through, if any."""
    return _books.get(str(fava_ledger.beancount_file_path))

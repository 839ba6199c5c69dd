"""The books read one at a time, each dropped as soon as it has been read.

`bean-check` holds one book in memory. A command that holds all three at once — or, as the
write path once did, the books before a post and the staged books after it — needs a multiple
of that (3 × at 10^5 events). So whatever reads whole books to fold, check or snapshot them
goes through `sweep`: each book is loaded in `BOOKS` order, folded into the caller's state,
shown to the caller's reader, and dropped. What is kept of a book is small: its error
messages, the transactions reconciliation reads, and (for the snapshot) its part of the
snapshot. Only the folded state, which must see every book, grows from book to book.

For example, the write path's full check of a post is two sweeps::

    before = sweep(ledger, state)                     # the books as they are
    ...render the events against `state`, stage the new files...
    after = sweep(ledger, State(policy), root=stage.dir, parts=True)
    new_errors(before, after)   # errors the post introduced refuse it
    reconcile(mirrored(after))  # so do new reconciliation differences

A book read from a stage names the stage's files in its metadata; once the stage is committed
those files are the books', so the names are rewritten to the books' before anything (the
state, the snapshot) keeps them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from beancount.core import data

from jcg_ledger.books.layout import BOOKS, Ledger
from jcg_ledger.books.load import LoadedBook, gc_paused, load_book
from jcg_ledger.cache import snapshot
from jcg_ledger.plugins.policy import is_warning
from jcg_ledger.reconcile import mirrored_accounts, under
from jcg_ledger.violation import Severity

Reader = Callable[[LoadedBook], None]


@dataclass(frozen=True)
class BookError:
    """One error of a loaded book, kept as text (the entry it names is dropped with the book)."""

    key: str  # "<file under the ledger root>:<line>: <message>"
    event: str  # the event id of the entry at fault, "?" when it has none
    severity: Severity  # of the policy's violation; a warning is shown, never refusing

    @property
    def warning(self) -> bool:
        return self.severity is Severity.WARNING


@dataclass
class SweptBook:
    """What a sweep keeps of one book."""

    book: str
    entries: int
    errors: list[BookError] = field(default_factory=list)
    mirrored: list[data.Transaction] = field(default_factory=list)
    plugin_ran: bool = False  # the policy plugin ran on the book (it declares the plugin)
    part: snapshot.BookSnap | None = None

    def error_keys(self) -> set[str]:
        return {e.key for e in self.errors if not e.warning}


def error_key(ledger: Ledger, error: Any, root: Path | None = None) -> str:
    """An error as text, its file named under the ledger root even when read from a stage."""
    source = getattr(error, "source", None) or {}
    filename = str(source.get("filename", ""))
    if root is not None and root != ledger.root:
        filename = filename.replace(str(root), str(ledger.root))
    return f"{filename}:{source.get('lineno', '')}: {error.message}"


def _book_error(ledger: Ledger, error: Any, root: Path) -> BookError:
    entry = getattr(error, "entry", None)
    meta = getattr(entry, "meta", None) or {}
    return BookError(
        error_key(ledger, error, root),
        str(meta.get("event", "?")),
        Severity.WARNING if is_warning(error) else Severity.ERROR,
    )


def _rename_files(entries: Iterable[data.Directive], root: Path, ledger: Ledger) -> None:
    """Point metadata read from a stage at the books' own files (the stage becomes them)."""
    old, new = str(root), str(ledger.root)
    for entry in entries:
        name = entry.meta.get("filename") if entry.meta else None
        if isinstance(name, str) and name.startswith(old):
            entry.meta["filename"] = new + name[len(old) :]


def mirrored_transactions(book: str, entries: Iterable[data.Directive]) -> list[data.Transaction]:
    """What reconciliation reads of a book: its transactions that post to a mirrored account,
    each cut down to its date, links, place (file and line) and those postings.

    A quarter of the transactions of a programme's books move money between books; kept
    whole, with their narrations, metadata and other postings, they would hold on to much of
    the book the sweep is meant to drop.
    """
    prefixes = mirrored_accounts(book)
    kept: list[data.Transaction] = []
    for entry in entries:
        if not isinstance(entry, data.Transaction):
            continue
        postings = [
            p._replace(meta=None)
            for p in entry.postings
            if any(under(p.account, prefix) for prefix in prefixes)
        ]
        if postings:
            meta = entry.meta or {}
            place = {"filename": meta.get("filename"), "lineno": meta.get("lineno")}
            kept.append(
                entry._replace(
                    meta=place, payee=None, narration="", tags=data.EMPTY_SET, postings=postings
                )
            )
    return kept


class Swept(dict[str, SweptBook]):
    """What a sweep keeps of each book, by book; and, when it built a snapshot's parts with a
    state, that state as it was at the books' checkpoints (`Snapshot.checkpoint_state`)."""

    checkpoint: snapshot.Blob | None = None


def plugin_checkpoint(policy: Any, book: str, entries: list[data.Directive], split: int) -> Any:
    """The policy plugin's state after `entries[:split]` (up to the book's last close), as
    the plugin's loop computes it: told of the book's closes, each entry verified, then
    folded."""
    from jcg_ledger.state import State

    state = State(policy)
    state.core.retain_for_closes(book, entries)
    for entry in entries[:split]:
        state.verify(book, entry)
        state.fold(book, entry)
    return state


def sweep(
    ledger: Ledger,
    state: Any | None,
    *,
    root: Path | None = None,
    parts: bool = False,
    read: Reader | None = None,
) -> Swept:
    """Load, fold (into `state`, if given) and drop each book in turn; see the module doc.

    `root` is where the books are read from (a stage's folder; default the books
    themselves), `parts` asks for each book's part of a snapshot, and `read` sees each loaded
    book before it is dropped.

    With `parts` and a `state`, the snapshot's checkpoints are made too: each book is folded
    into `state` up to its last period close, the rest of it (its tail, a month or so) kept;
    once every book is, `state` is pickled (the write path's checkpoint) and then folds the
    tails, book by book (the state folds entries of different books in any order to the same
    state: docs/performance.md).
    """
    base = root if root is not None else ledger.root
    if root is None:
        ledger.refuse_symlinks()  # the loader would follow them (books/layout.py)
    swept = Swept()
    folded = state if parts else None  # a state to checkpoint, with the parts
    tails: dict[str, list[data.Directive]] = {}
    for book in BOOKS:
        loaded = load_book(base / ledger.main(book).relative_to(ledger.root), book)
        checkpoint: tuple[tuple[Any, ...], Any] | None = None  # (its sort key, the state)
        with gc_paused():
            if base != ledger.root:
                _rename_files(loaded.entries, base, ledger)
            split = len(loaded.entries)
            if folded is not None:
                at_close = snapshot.checkpoint_split(loaded.entries)
                if at_close is not None and loaded.plugin_state is not None:
                    split = at_close
                    checkpoint = (
                        snapshot.sort_key(loaded.entries[split - 1]),
                        plugin_checkpoint(folded.policy, book, loaded.entries, split),
                    )
                tails[book] = loaded.entries[split:]
            if state is not None:
                state.fold_all(book, loaded.entries[:split])
            kept = SweptBook(
                book,
                len(loaded.entries),
                [_book_error(ledger, e, base) for e in loaded.errors],
                mirrored_transactions(book, loaded.entries),
                loaded.plugin_state is not None,
            )
            if parts:
                kept.part = snapshot.book_snap(
                    loaded.entries, loaded.options, kept.mirrored, kept.plugin_ran
                )
        if read is not None:
            read(loaded)
        plugin_state = loaded.plugin_state
        del loaded  # the book's entries go now, before the next book is loaded
        if kept.part is not None:  # pickled only now: its pickler's memo is large
            with gc_paused():
                kept.part.state = snapshot.pickled_state(plugin_state)
                if checkpoint is not None:
                    key, at = checkpoint
                    kept.part.checkpoint = snapshot.Checkpoint(key, snapshot.pickled_state(at))
                if tails.get(book):
                    kept.part.tail = [snapshot.tail_chunk(tails[book])]
                    kept.part.tail_len = len(tails[book])
        del plugin_state, checkpoint
        swept[book] = kept
    if folded is not None:
        with gc_paused():
            swept.checkpoint = snapshot.pickled_state(folded)
            for book in BOOKS:
                folded.fold_all(book, tails[book])
    return swept


def mirrored(swept: Mapping[str, SweptBook]) -> dict[str, list[data.Transaction]]:
    return {book: swept[book].mirrored for book in BOOKS}

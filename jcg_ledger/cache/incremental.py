"""Validate only the new entries of a post, against a snapshot of the old books.

The full path loads the staged books as bean-check does and refuses any error that was not
there before, or any new reconciliation difference. This module reaches the same verdict for
*accepted* posts by looking at the new entries alone, and gives up (raises `NotProven`, so the
caller takes the full path, whose verdict is then the one given) whenever it cannot prove the
result identical. It never refuses by itself, so a refusal always carries the full path's
rule and message.

Why the new entries alone suffice, under the conditions checked here:

* Parsing. The new text is appended to files that end with a newline and hold no ``pushtag`` /
  ``pushmeta``; the text holds only complete directives; so parsing it alone (with the file's
  name and line offset) yields the entries the full parse would.
* Order. Every new entry sorts (Beancount's ``entry_sortkey``: date, kind, line) after every
  old entry of its book. Booking, the balance plugin, the policy plugin's fold and every
  validation see old entries exactly as before, and the new ones after all of them. A new
  entry dated before an existing balance assertion, lot reduction or any later entry is
  therefore never taken here.
* Booking. `booking_full.book` runs on the new entries with the snapshot's final inventories
  as initial balances and the book's booking methods: what the full booking computes for
  entries that come last.
* Validations. Beancount's validations run on the old Open/Close/Commodity directives plus the
  new entries; for new entries those are all they read. New kinds that read more (Balance,
  Pad, Close, Document, Note, Event, Query) are not taken here.
* Plugin. The policy plugin's `State` at the end of the book (kept in the snapshot) verifies
  and folds the new entries in order, as the plugin's loop would after the old ones.
* Reconciliation. Differences are per link key; the old books had none; new entries use only
  keys the old books never used; so the new differences are those of the new entries alone.
"""

from __future__ import annotations

import collections
import pickle
from collections.abc import Mapping, MutableMapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from beancount.core import data, getters, inventory
from beancount.ops import validation
from beancount.parser import booking, booking_full, parser

from jcg_ledger.books.layout import BOOKS, Ledger
from jcg_ledger.cache.snapshot import (
    MAX_CHUNKS,
    MAX_MARKS,
    MAX_TAIL,
    Blob,
    BookSnap,
    Checkpoint,
    Mark,
    Snapshot,
    clean_tail,
    content_key,
    final_balances,
    pack_balances,
    pickled_state,
    plugin_state,
    posted_digests,
    restore,
    sha256,
    sort_key,
    tail_chunk,
    tail_entries,
    write_path_state,
)
from jcg_ledger.reconcile import link_key, posts_to_mirror, reconcile
from jcg_ledger.rules.period import is_close

# Directive kinds whose checks read only the entry itself and the Open/Close/Commodity set.
SIMPLE_KINDS = (data.Transaction, data.Open, data.Custom, data.Price, data.Commodity)


class NotProven(Exception):
    """The new entries could not be proven fine against the snapshot alone: take the full
    path. `reason` says which condition failed (`post --json` reports it as ``fallback``)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass
class Verdict:
    """New books accepted: the snapshot that describes them."""

    snapshot: Snapshot
    # Entries the books' plugins folded again from a checkpoint (the close, or a `Mark`), the
    # new ones among them; 0 when every new entry sorted last (`post --json` reports it).
    refolded: int = 0


def _year(path: Path) -> int:
    return int(path.stem) if path.stem.isdigit() else 0


def _parse_appended(path: Path, old: bytes, new: bytes) -> list[data.Directive]:
    """The entries appended to `old`, which is empty or clean (`clean_tail`: the caller
    checks the snapshot's record of it, made from this very content)."""
    if not new.startswith(old):
        raise NotProven("not an append to a clean file")
    text = new[len(old) :]
    entries, errors, options = parser.parse_string(
        text, report_filename=str(path), report_firstline=old.count(b"\n") + 1
    )
    if errors or options.get("include") or options.get("plugin"):
        raise NotProven("parse errors or directives")
    if b"\noption" in text or b"\nplugin" in text or b"\ninclude" in text:
        raise NotProven("option/plugin/include in text")
    return list(entries)


@dataclass
class BookDone:
    """One book's new entries, checked: what `_advance` stores of them."""

    booked: list[data.Directive]  # the new entries, booked, in order
    balances: dict[str, inventory.Inventory]  # final inventories of the accounts they post to
    state: Any  # the plugin's state at the end of the book, the new entries folded in
    # The book's entries after its checkpoint, the new ones in place (back-dated posts only):
    # what the write path's state refolds.
    merged: list[data.Directive] | None = None
    # A close among the new entries (`jcg close`): the book's new checkpoint, at it.
    checkpoint: Checkpoint | None = None


def _is_new_account_open(part: BookSnap, entry: data.Directive) -> bool:
    """An `open` of an account the book has never opened, closed nor posted to."""
    return (
        isinstance(entry, data.Open)
        and entry.account not in part.context
        and entry.account not in part.balances
    )


def _first_backdated(part: BookSnap, entries: list[data.Directive]) -> tuple[Any, ...] | None:
    """The sort key of the first of a book's new entries that sorts before its last entry
    (an Open of a new account aside: see `_book_new`), or None: they all sort last."""
    keys = [
        sort_key(e)
        for e in entries
        if sort_key(e) <= part.last_key and not _is_new_account_open(part, e)
    ]
    return min(keys) if keys else None


def _mark_for(snap: Snapshot, parsed: Mapping[str, list[data.Directive]]) -> Mark | None:
    """The latest mark every back-dated book's new entries sort after (None: the close)."""
    firsts = {
        book: first
        for book, entries in parsed.items()
        if entries and (first := _first_backdated(snap.books[book], entries)) is not None
    }
    if not firsts:
        return None
    for mark in reversed(snap.marks):
        if all(mark.keys.get(book, ()) < first for book, first in firsts.items()):
            return mark
    return None


def _book_new(
    book: str, part: BookSnap, parsed: list[data.Directive], mark: Mark | None = None
) -> BookDone:
    """Book, validate and verify one book's new entries; `NotProven` if not provably fine."""
    parsed.sort(key=data.entry_sortkey)
    if not part.plain or any(not isinstance(e, SIMPLE_KINDS) for e in parsed):
        raise NotProven("book not plain or unsupported kind")
    closes = [e for e in parsed if is_close(e)]
    if len(closes) > 1 or (closes and mark is not None):
        raise NotProven("more than one close")  # `validate` takes no mark with a close
    if not parsed:
        raise NotProven("nothing parsed")
    # An account is opened at the policy's start, so its Open sorts among the old entries. No
    # old entry names an account that was never opened nor posted to, so booking, balances and
    # the plugin's fold of the old entries are as before; its validations (duplicate, close)
    # run below with the old Open/Close directives, and the plugin folds it after the book
    # (it only records the account as opened). Anything else sorting before the book's last
    # entry is back-dated: `_refold` decides it from the book's checkpoint.
    backdated = _first_backdated(part, parsed) is not None
    # The validations below read, of the old entries, the Open/Close directives of the accounts
    # the new entries name (getters.get_entry_accounts, as they do) and the Commodity ones.
    named = {account for e in parsed for account in getters.get_entry_accounts(e)}
    context = [*(d for a in sorted(named) for d in part.context.get(a, ())), *part.commodities]
    options = dict(part.options)
    methods: dict[str, Any] = collections.defaultdict(lambda: options["booking_method"])
    for entry in context:
        if isinstance(entry, data.Open) and entry.booking:
            methods[entry.account] = entry.booking
    for entry in parsed:
        if isinstance(entry, data.Open) and entry.booking:
            methods[entry.account] = entry.booking
    accounts = {p.account for e in parsed if isinstance(e, data.Transaction) for p in e.postings}
    balances: dict[str, inventory.Inventory] = {}
    for account in accounts:
        stored = part.balances.get(account)
        # A fresh copy of the final inventory (booking reads it; nothing else holds it).
        balances[account] = inventory.Inventory() if stored is None else pickle.loads(stored)
    options.setdefault("dcontext", None)
    initial = {a: inventory.Inventory(inv) for a, inv in balances.items()}
    booked, errors = booking_full.book(parsed, options, methods, initial)  # type: ignore[no-untyped-call]
    missing = booking.validate_missing_eliminated(booked, options)  # type: ignore[no-untyped-call]
    if errors or missing:
        raise NotProven("booking errors")
    final_balances(booked, balances)  # as `snapshot.book_snap` adds them up
    # Validations: the old directives they read, plus the new entries.
    new_ids = {id(e) for e in booked}
    old_ids = {id(e) for e in context}
    combined = sorted([*context, *booked], key=data.entry_sortkey)
    checks: list[Any] = [*validation.BASIC_VALIDATIONS, *validation.HARDCORE_VALIDATIONS]
    for check in checks:
        for error in check(combined, options):
            culprit = getattr(error, "entry", None)
            if culprit is None or id(culprit) in new_ids or id(culprit) not in old_ids:
                raise NotProven("validation error")
    if backdated or closes:
        # A close checks the entries since the last one (`period.check_close_record`), which
        # only the refold from that close collects.
        state, merged, checkpoint = _refold(book, part, booked, mark)
        return BookDone(booked, balances, state, merged, checkpoint)
    # The policy plugin's loop, continued from the end of the book.
    state = plugin_state(part, book)
    for entry in booked:
        for violation in state.verify(book, entry):
            if violation.is_error:
                raise NotProven("policy violation")
        state.fold(book, entry)
    return BookDone(booked, balances, state)


def _refold(
    book: str, part: BookSnap, booked: list[data.Directive], mark: Mark | None = None
) -> tuple[Any, list[data.Directive], Checkpoint | None]:
    """New entries dated inside the book's open period, before some of its entries: the
    plugin's loop run again from the book's checkpoint (its last close, or a later `Mark`
    the new entries sort after) over the entries after it, the new ones in their place —
    what the full load's plugin computes, since nothing before the checkpoint changes.

    The merged list returned holds the entries after the checkpoint the refold started from
    (the whole tail, or the entries after the mark), the new ones in their place.

    A close directive among the new entries (`jcg close`, from the last close only): the
    loop collects the entries since the last close as the plugin does (its horizon is the new
    close's date) and checks the close's record against them; the state right after the
    close is the book's new checkpoint, returned.

    Booking and Beancount's validations (above) are not affected by the order, under the
    conditions checked here: no new posting holds a lot at cost, nor does any later entry in
    an account the new entries post to (so no lot is matched differently); no balance
    assertion after a new entry names one of its accounts or their parents; and no old entry
    of another file sorts level with a new one (so the order of the two is the sort's, not the
    files').
    """
    checkpoint = part.checkpoint
    if checkpoint is None:
        raise NotProven("back-dated: the book has no checkpoint (no close, or a long open period)")
    first = min(sort_key(e) for e in booked if not _is_new_account_open(part, e))
    if first <= checkpoint.key:
        raise NotProven("back-dated into a closed period")  # the full path refuses it
    if mark is not None:
        if not mark.keys.get(book, ()) < first:  # `_mark_for` chose one they all sort after
            raise NotProven("back-dated: before the mark the write path refolds from")
        # Every entry after the mark sorts after its key; the checks below look only at
        # entries from `first` on, all of them after the mark.
        tail = tail_entries(part, mark.chunks[book])
        start = mark.books[book]
    else:
        tail = tail_entries(part)
        start = checkpoint.state
    accounts = {p.account for e in booked if isinstance(e, data.Transaction) for p in e.postings}
    if any(
        p.cost is not None for e in booked if isinstance(e, data.Transaction) for p in e.postings
    ):
        raise NotProven("back-dated: a lot at cost")
    keys = {sort_key(e): _file(e) for e in booked}
    for entry in tail:
        key = sort_key(entry)
        if key in keys and keys[key] != _file(entry):
            raise NotProven("back-dated: an old entry of another file sorts level with a new one")
        if key < first:
            continue
        if isinstance(entry, data.Balance) and any(
            account == entry.account or account.startswith(entry.account + ":")
            for account in accounts
        ):
            raise NotProven("back-dated: a balance assertion after it")
        if isinstance(entry, data.Transaction) and any(
            p.cost is not None and p.account in accounts for p in entry.postings
        ):
            raise NotProven("back-dated: a lot at cost")
    merged = sorted([*tail, *booked], key=data.entry_sortkey)
    new = {id(e) for e in booked}
    state = restore(start)
    closing = [e for e in booked if is_close(e)]
    if closing:
        # The stored state keeps no entries since the last close (`records.DETACHED`): from
        # the checkpoint at that close on, collect them as the plugin's loop does.
        state.core.since_close = {book: []}
        state.core.retain_until = {**state.core.retain_until, book: closing[0].date}
    checkpoint = None
    verifying = False
    for entry in merged:
        # The entries before the first new one see the state they saw in the last load, so
        # their verdicts are as they were: only from the first new entry on can one change.
        verifying = verifying or id(entry) in new
        if verifying:
            for violation in state.verify(book, entry):
                if violation.is_error:
                    raise NotProven("back-dated: policy violation")
        state.fold(book, entry)
        if closing and entry is closing[0]:
            checkpoint = Checkpoint(sort_key(entry), pickled_state(state))
    return state, merged, checkpoint


def _file(entry: data.Directive) -> object:
    return (entry.meta or {}).get("filename")


def validate(
    ledger: Ledger,
    snap: Snapshot,
    contents: dict[str, bytes],
    changes: dict[Path, bytes],
    hashes: Mapping[str, str] | None = None,
) -> Verdict:
    """Accept the new file contents as the full path would, or raise `NotProven` (take the
    full path).

    `hashes` are the SHA-256 of the new contents by relative path, if the caller has them.
    """
    if snap.differences:
        raise NotProven("reconciliation differences exist")
    new_contents: dict[str, bytes] = {}  # the changed files' new content
    clean: set[str] = set()  # those of them that end clean
    parsed: dict[str, list[data.Directive]] = {b: [] for b in BOOKS}
    for path, content in changes.items():
        if path == ledger.audit_path:
            continue
        rel = ledger.relative(path)
        book = path.parent.parent.name
        if book not in BOOKS or path != ledger.journal(book, _year(path)):
            raise NotProven("not a journal file")
        # A new year's file is read by the standard `include "journal/*.beancount"` (a plain
        # book includes nothing else): parsed whole, it is an append to an empty file.
        old = contents.get(rel, b"")
        if rel in contents and rel not in snap.clean_tails:
            raise NotProven("unclean tail")
        entries = _parse_appended(path, old, content)
        parsed[book].extend(entries)
        new_contents[rel] = content
        # `old` is empty or ends a line and holds no push* (so none spans the join).
        if clean_tail(content[len(old) :]) if old else clean_tail(content):
            clean.add(rel)
    # A close refolds from the last close (it checks every entry since): never from a mark.
    closing = any(is_close(e) for entries in parsed.values() for e in entries)
    mark = None if closing else _mark_for(snap, parsed)
    if closing and not all(parsed[book] for book in BOOKS):
        raise NotProven("a close of some books only")
    done: dict[str, BookDone] = {}
    for book in BOOKS:
        if parsed[book]:
            done[book] = _book_new(book, snap.books[book], parsed[book], mark)
    if snap.checkpoint_state is None and any(d.merged is not None for d in done.values()):
        raise NotProven("back-dated: the write path's state has no checkpoint")
    # Reconciliation over the new entries' keys, which the old books never used.
    subset: dict[str, list[data.Directive]] = {b: [] for b in BOOKS}
    for book, finished in done.items():
        for entry in finished.booked:
            if isinstance(entry, data.Transaction) and posts_to_mirror(book, entry):
                key = link_key(entry)
                if key is None or any(key in snap.books[b].link_keys for b in BOOKS):
                    raise NotProven("unlinked or reused reconciliation key")
                subset[book].append(entry)
    if reconcile(subset):
        raise NotProven("new reconciliation difference")
    refolded = sum(len(d.merged) for d in done.values() if d.merged is not None)
    return Verdict(_advance(snap, new_contents, clean, done, hashes, mark), refolded)


def _with_directives(
    context: MutableMapping[str, list[data.Directive]], booked: list[data.Directive]
) -> MutableMapping[str, list[data.Directive]]:
    """The book's Open/Close directives by account, the new ones added (in place)."""
    for entry in booked:
        if isinstance(entry, data.Open | data.Close):
            context[entry.account] = [*context.get(entry.account, ()), entry]
    return context


def _write_path_after(snap: Snapshot, done: Mapping[str, BookDone], mark: Mark | None) -> Any:
    """The write path's state after the post, as a reload folds it.

    Entries that sort last are folded after the old state, as a reload would fold them. A
    back-dated post refolds from the write path's checkpoint (at the books' last closes, or
    `mark`, the one its books refolded from) every book's entries after it, the new ones in
    their place; the state folds entries of different books in any order to the same state
    (docs/performance.md), so only each book's order matters.
    """
    if all(d.merged is None for d in done.values()):
        state = write_path_state(snap)
        for book in BOOKS:
            if book in done:
                state.fold_all(book, done[book].booked)
        return state
    assert snap.checkpoint_state is not None  # `validate` checked it
    state = restore(snap.checkpoint_state if mark is None else mark.state)
    for book in BOOKS:
        state.fold_all(book, _after_checkpoint(snap, done, book, mark))
    return state


def _after_checkpoint(
    snap: Snapshot, done: Mapping[str, BookDone], book: str, mark: Mark | None
) -> list[data.Directive]:
    """A book's entries after the checkpoint the write path refolds from, the new in place."""
    finished = done.get(book)
    if finished is not None and finished.merged is not None:
        return finished.merged
    entries = tail_entries(snap.books[book], 0 if mark is None else mark.chunks[book])
    if finished is not None:
        entries = sorted([*entries, *finished.booked], key=data.entry_sortkey)
    return entries


def _write_path_closed(snap: Snapshot, done: Mapping[str, BookDone]) -> tuple[Any, Blob]:
    """A close (every book has a new checkpoint, `validate` checked it): the write path's
    state refolded from its checkpoint over every book's entries up to its new close, stored
    as the new checkpoint, then over the entries after it."""
    assert snap.checkpoint_state is not None  # `validate` checked it
    state = restore(snap.checkpoint_state)
    rest: dict[str, list[data.Directive]] = {}
    for book in BOOKS:
        entries = _after_checkpoint(snap, done, book, None)
        checkpoint = done[book].checkpoint
        assert checkpoint is not None
        cut = next(i for i, e in enumerate(entries) if sort_key(e) == checkpoint.key) + 1
        state.fold_all(book, entries[:cut])
        rest[book] = entries[cut:]
    stored = pickled_state(state)
    for book in BOOKS:
        state.fold_all(book, rest[book])
    return state, stored


def _tail_after(snap: Snapshot, old: BookSnap, finished: BookDone) -> tuple[list[Blob], int] | None:
    """The book's tail with the new entries: one more chunk, or every chunk merged into one
    once there are `MAX_CHUNKS`; after a close, the entries after it; None when the open
    period grew too long to refold (no back-dating until the next close)."""
    if finished.checkpoint is not None:
        assert finished.merged is not None
        after = [e for e in finished.merged if sort_key(e) > finished.checkpoint.key]
        return ([tail_chunk(after)] if after else []), len(after)
    size = old.tail_len + len(finished.booked)
    if snap.checkpoint_state is None or size > MAX_TAIL:
        return None
    if len(old.tail) < MAX_CHUNKS:
        return [*old.tail, tail_chunk(finished.booked)], size
    merged = finished.merged
    if merged is None:
        merged = sorted([*tail_entries(old), *finished.booked], key=data.entry_sortkey)
    return [tail_chunk(merged)], size


def _marks_after(
    snap: Snapshot, done: Mapping[str, BookDone], books: Mapping[str, BookSnap]
) -> list[Mark]:
    """The marks after the post: an appended post adds one (the states before it), keeping
    the day's last only and `MAX_MARKS` in all; a back-dated post keeps those its new entries
    sort after in every book; a tail merged or dropped (`_tail_after`) drops them all."""
    if snap.checkpoint_state is None or any(
        len(books[b].tail) < len(snap.books[b].tail) or not books[b].tail_len for b in done
    ):
        return []
    firsts: dict[str, tuple[Any, ...]] = {}
    for book, finished in done.items():
        if finished.merged is not None:
            firsts[book] = min(sort_key(e) for e in finished.booked)
    if firsts:  # back-dated: the marks it sorts after in every book it posted to stay
        return [m for m in snap.marks if all(m.keys.get(b, ()) < k for b, k in firsts.items())]
    mark = Mark(
        keys={b: part.last_key for b, part in snap.books.items()},
        state=snap.state,
        books={b: part.state for b, part in snap.books.items()},
        chunks={b: len(part.tail) for b, part in snap.books.items()},
    )
    kept = [m for m in snap.marks if m.day != mark.day]
    return [*kept, mark][-MAX_MARKS:]


def _advance(
    snap: Snapshot,
    changed: dict[str, bytes],
    clean: set[str],
    done: dict[str, BookDone],
    hashes: Mapping[str, str] | None = None,
    mark: Mark | None = None,
) -> Snapshot:
    """The snapshot of the books after the post; `changed` holds the new content of the files
    the post changes (every other file is as `snap.key` says: `snapshot.load` compared it),
    `clean` those of them that end clean.

    The states are stored again, each with only the shards the post read written anew
    (cache/shards.py): the plugin state of each book posted to is the one in hand (it has
    verified and folded the new entries); the write path's is restored afresh and folds the
    parsed entries, in the order a reload folds them (the state rendering used has folded the
    rendered entries, not the parsed ones). Each book posted to keeps the new entries in its
    tail, for later back-dated posts.
    """
    books = dict(snap.books)
    checkpoint_state = snap.checkpoint_state
    closed = any(d.checkpoint is not None for d in done.values())
    if closed:
        state, checkpoint_state = _write_path_closed(snap, done)
    else:
        state = _write_path_after(snap, done, mark)
    for book, finished in done.items():
        old = snap.books[book]
        booked = finished.booked
        merged = old.balances  # changed in place: only the shards read are stored again
        merged.update(pack_balances(finished.balances))
        keys = old.link_keys
        for entry in booked:
            if isinstance(entry, data.Transaction) and posts_to_mirror(book, entry):
                keys[link_key(entry) or "<unlinked>"] = None
        kept = _tail_after(snap, old, finished)
        if kept is None:
            checkpoint_state = None  # an open period too long to refold: no back-dating
        tail, size = kept or ([], 0)
        books[book] = BookSnap(
            options=old.options,
            state=pickled_state(finished.state),
            context=_with_directives(old.context, booked),
            commodities=[*old.commodities, *(e for e in booked if isinstance(e, data.Commodity))],
            balances=merged,
            last_key=max(old.last_key, sort_key(booked[-1])),
            link_keys=keys,
            plain=old.plain,
            checkpoint=old.checkpoint if finished.checkpoint is None else finished.checkpoint,
            tail=tail,
            tail_len=size,
        )
    posted = snap.posted  # its shards of the new events are read, changed and stored again
    for book in BOOKS:  # the order a reload folds them
        if book in done:
            posted_digests(posted, done[book].booked)
    key = dict(snap.key)
    if hashes is not None and all(rel in hashes for rel in changed):
        key.update((rel, hashes[rel]) for rel in changed)  # hashed once, for the audit record
    else:
        key.update(content_key(changed))  # only the changed files are hashed again
    tails = {rel for rel in snap.clean_tails if rel not in changed}
    return Snapshot(
        key=key,
        state=pickled_state(state),
        books=books,
        differences=False,
        clean_tails=tails | clean,
        posted=posted,
        checkpoint_state=checkpoint_state,
        marks=_marks_after(snap, done, books) if checkpoint_state and not closed else [],
    )


__all__ = ["NotProven", "Verdict", "sha256", "validate"]

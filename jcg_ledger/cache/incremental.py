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
    BookSnap,
    Snapshot,
    clean_tail,
    content_key,
    pack_balances,
    pickled_state,
    plugin_state,
    posted_digests,
    sha256,
    sort_key,
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


def _book_new(
    book: str, part: BookSnap, parsed: list[data.Directive]
) -> tuple[list[data.Directive], dict[str, inventory.Inventory], Any]:
    """Book, validate and verify one book's new entries; `NotProven` if not provably fine."""
    parsed.sort(key=data.entry_sortkey)
    if not part.plain or any(not isinstance(e, SIMPLE_KINDS) or is_close(e) for e in parsed):
        raise NotProven("book not plain or unsupported kind")
    if not parsed:
        raise NotProven("nothing parsed")
    # An account is opened at the policy's start, so its Open sorts among the old entries. No
    # old entry names an account that was never opened nor posted to, so booking, balances and
    # the plugin's fold of the old entries are as before; its validations (duplicate, close)
    # run below with the old Open/Close directives, and the plugin folds it after the book
    # (it only records the account as opened). Anything else must sort after the old entries.
    for entry in parsed:
        if sort_key(entry) > part.last_key:
            continue
        if not isinstance(entry, data.Open) or entry.account in part.context:
            raise NotProven("entry sorts before the book's last entry")
        if entry.account in part.balances:
            raise NotProven("entry sorts before the book's last entry")
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
    balances: dict[str, inventory.Inventory] = collections.defaultdict(inventory.Inventory)
    for account in accounts:
        if account in part.balances:
            balances[account] = pickle.loads(part.balances[account])  # a fresh copy
    options.setdefault("dcontext", None)
    booked, errors, balances = booking_full._book(  # type: ignore[no-untyped-call]
        parsed, options, methods, balances
    )
    missing = booking.validate_missing_eliminated(booked, options)  # type: ignore[no-untyped-call]
    if errors or missing:
        raise NotProven("booking errors")
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
    # The policy plugin's loop, continued from the end of the book.
    state = plugin_state(part, book)
    for entry in booked:
        for violation in state.verify(book, entry):
            if violation.is_error:
                raise NotProven("policy violation")
        state.fold(book, entry)
    return booked, balances, state


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
    done: dict[str, tuple[list[data.Directive], dict[str, inventory.Inventory], Any]] = {}
    for book in BOOKS:
        if parsed[book]:
            done[book] = _book_new(book, snap.books[book], parsed[book])
    # Reconciliation over the new entries' keys, which the old books never used.
    subset: dict[str, list[data.Directive]] = {b: [] for b in BOOKS}
    for book, (booked, _, _) in done.items():
        for entry in booked:
            if isinstance(entry, data.Transaction) and posts_to_mirror(book, entry):
                key = link_key(entry)
                if key is None or any(key in snap.books[b].link_keys for b in BOOKS):
                    raise NotProven("unlinked or reused reconciliation key")
                subset[book].append(entry)
    if reconcile(subset):
        raise NotProven("new reconciliation difference")
    return Verdict(_advance(snap, new_contents, clean, done, hashes))


def _with_directives(
    context: MutableMapping[str, list[data.Directive]], booked: list[data.Directive]
) -> MutableMapping[str, list[data.Directive]]:
    """The book's Open/Close directives by account, the new ones added (in place)."""
    for entry in booked:
        if isinstance(entry, data.Open | data.Close):
            context[entry.account] = [*context.get(entry.account, ()), entry]
    return context


def _advance(
    snap: Snapshot,
    changed: dict[str, bytes],
    clean: set[str],
    done: dict[str, tuple[list[data.Directive], dict[str, inventory.Inventory], Any]],
    hashes: Mapping[str, str] | None = None,
) -> Snapshot:
    """The snapshot of the books after the post; `changed` holds the new content of the files
    the post changes (every other file is as `snap.key` says: `snapshot.load` compared it),
    `clean` those of them that end clean.

    The states are stored again, each with only the shards the post read written anew
    (cache/shards.py): the plugin state of each book posted to is the one in hand (it has
    verified and folded the new entries); the write path's is restored afresh and folds the
    parsed entries, in the order a reload folds them (the state rendering used has folded the
    rendered entries, not the parsed ones).
    """
    books = dict(snap.books)
    state = write_path_state(snap)
    for book in BOOKS:
        if book not in done:
            continue
        booked, balances, book_state = done[book]
        for entry in booked:
            state.fold(book, entry)
        old = snap.books[book]
        merged = old.balances  # changed in place: only the shards read are stored again
        merged.update(pack_balances(balances))
        keys = old.link_keys
        for entry in booked:
            if isinstance(entry, data.Transaction) and posts_to_mirror(book, entry):
                keys[link_key(entry) or "<unlinked>"] = None
        books[book] = BookSnap(
            options=old.options,
            state=pickled_state(book_state),
            context=_with_directives(old.context, booked),
            commodities=[*old.commodities, *(e for e in booked if isinstance(e, data.Commodity))],
            balances=merged,
            last_key=max(old.last_key, sort_key(booked[-1])),
            link_keys=keys,
            plain=old.plain,
        )
    posted = snap.posted  # its shards of the new events are read, changed and stored again
    for book in BOOKS:  # the order a reload folds them
        if book in done:
            posted_digests(posted, done[book][0])
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
    )


__all__ = ["NotProven", "Verdict", "sha256", "validate"]

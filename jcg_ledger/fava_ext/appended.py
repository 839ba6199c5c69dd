"""A book reloaded by appending what a post added to the entries of its last full load.

After a post, Fava reloads each book it changed from scratch: parse, booking, plugins and
validation of every entry — as long as `bean-check`. A post only appends text to journal
files, and when every entry it adds sorts after every entry of the book, the full load's
result is the previous one with the new entries at the end. `append` computes that result
from the new text alone, or raises `NotAppended` (Fava then loads the book in full), under
the conditions `cache/incremental.py` proves sufficient for a post, checked here against
the last load (`Known`) instead of a snapshot:

* Files. The main file is unchanged, its includes match the same files or more (a new
  year's journal: new text appended to nothing), and each changed file is its old content
  followed by new text, the old
  content ending a line and holding no ``option``/``plugin``/``include``/``push*``/``pop*``
  line (`Mark.appendable`), the new text none either. Parsing the new text alone, with the
  file's name and first line number, gives the entries the full parse gives, and the display
  context of the full parse is the old one updated with the new text's numbers (Beancount
  merges each file's context the same way, `loader.aggregate_options_map`).
* Order. Every new entry sorts (``entry_sortkey``) strictly after the book's last entry and
  no two new entries sort equal, so the full load's sorted list is the old one followed by
  the new entries in their order.
* Kinds. Only transactions, opens, prices, commodities and customs (not a period close): the
  kinds whose booking, plugins and validations read no later entry nor change how an
  earlier one is read. A book with a ``pad`` never takes this path.
* Booking. The new entries are booked (`booking_full.book`) from the inventories the old
  entries leave on the accounts they post to, with the booking methods of their opens: what
  the full booking computes for entries that come last. Any booking error: full load.
* Plugins. The book runs Beancount's default plugins and ``jcg_ledger.plugins.policy`` only
  (`plain`). Without ``pad``, ``balance`` assertion or ``document`` entries among the new
  ones, the default plugins add no entry and no error for them. The policy plugin's loop is
  continued from its `State` at the end of the book: each new entry verified then folded,
  its violations placed after those of the old entries. Its last step (`State.finish`,
  overdue items as of today) is computed again and its errors replace the old ones, where
  the plugin puts them (`finish_span`).
* Validations. Beancount's validations run on the new entries with the Open/Close directives
  of the accounts they name and every Commodity directive: all they read for them. An error
  on a new entry: full load. The old entries' errors are unchanged (each validation judges
  an entry on the entries before it and the chart).

The result's options are the old ones with the merged display context and Beancount's
``input_hash`` computed again. Today must be the day of the last load: the policy plugin
judges every entry's date against it.
"""

from __future__ import annotations

import collections
import copy
import glob
import hashlib
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from beancount import loader
from beancount.core import data, getters, inventory
from beancount.ops import validation
from beancount.parser import booking, booking_full, parser

from jcg_ledger.cache.snapshot import STANDARD_INCLUDES, sha256
from jcg_ledger.plugins.policy import PolicyError
from jcg_ledger.rules.period import is_close

POLICY_PLUGIN = "jcg_ledger.plugins.policy"

# What may be appended: the kinds whose checks read only earlier entries and the chart.
APPENDABLE = (data.Transaction, data.Open, data.Custom, data.Price, data.Commodity)

# A line that changes how the lines after it parse, or what a load reads.
_DIRECTIVE_LINE = re.compile(
    rb"^[ \t]*(option|plugin|include|pushtag|poptag|pushmeta|popmeta)\b", re.M
)
_INCLUDE = re.compile(r'^include\s+"([^"]*)"', re.M)

Result = tuple[list[data.Directive], list[Any], dict[str, Any]]


class NotAppended(Exception):
    """The new books are not provably the old ones with entries appended: load in full.
    `reason` says which condition failed."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Mark:
    """What a load read of one file: its size and SHA-256, and whether text appended to it
    parses as it would alone (ends a line, no line that changes how later lines parse)."""

    size: int
    digest: str
    appendable: bool

    @classmethod
    def of(cls, content: bytes) -> Mark:
        return cls(len(content), sha256(content), appendable(content))


EMPTY = Mark(0, sha256(b""), True)


def appendable(content: bytes) -> bool:
    return (not content or content.endswith(b"\n")) and not _DIRECTIVE_LINE.search(content)


@dataclass
class Known:
    """One book's last load: its result and what it was made of."""

    main: str  # the main file, as Fava names it (an absolute path)
    book: str  # the book's name, as its policy plugin line names it
    result: Result
    files: dict[str, Mark]  # every file the load parsed (Beancount's options["include"])
    policy: str  # SHA-256 of the policy file the plugin read
    day: date  # today, for the plugin's date checks and overdue items
    state: Any  # the policy plugin's State at the end of the book
    last_key: tuple[Any, ...]  # entry_sortkey of the last entry
    finish: tuple[int, int]  # where the plugin's last step's errors are (`finish_span`)
    # Each account's inventory after the book (what booking the next entries starts from);
    # never changed in place: an append replaces those of the accounts it posts to.
    balances: dict[str, inventory.Inventory]
    appended: list[data.Directive] = field(default_factory=list)  # by the last `append`


def plain(options: Mapping[str, Any], book: str, main_text: str) -> bool:
    """The book reads only the standard files and runs only the default plugins and the
    policy plugin (as the write path's `snapshot._plain_book`)."""
    plugins = [(name, (conf or "").strip()) for name, conf in options.get("plugin", [])]
    return (
        set(_INCLUDE.findall(main_text)) <= STANDARD_INCLUDES
        and plugins == [(POLICY_PLUGIN, book)]
        and options.get("plugin_processing_mode") == "default"
        and not options.get("documents")
        and not options.get("insert_pythonpath")
    )


def included_files(main: str, main_text: str) -> set[str]:
    """The files a load of `main` parses, as `loader._parse_recursive` finds them."""
    folder = os.path.dirname(main)
    found = {os.path.normpath(main)}
    for pattern in _INCLUDE.findall(main_text):
        search = pattern if os.path.isabs(pattern) else os.path.join(folder, pattern)
        found.update(os.path.normpath(p) for p in glob.glob(search, recursive=True))
    return found


def is_finish_error(error: Any, main: str) -> bool:
    """An error of the policy plugin's last step (`State.finish`): placed at line 0 of the
    main file, where no entry of a plain book is."""
    source = getattr(error, "source", None) or {}
    return (
        isinstance(error, PolicyError)
        and source.get("lineno") == 0
        and source.get("filename") == main
    )


def finish_span(errors: Sequence[Any], main: str, expected: Sequence[str]) -> tuple[int, int]:
    """Where the errors of `State.finish` (whose messages are `expected`) are, as (start,
    end): the policy plugin appends them after those of its entries (`PolicyError`s) and
    before the later plugins' and the validations'. With none, the place is just after the
    plugin's last error, or the start of an empty list. `NotAppended` when it cannot be told.
    """
    found = [i for i, error in enumerate(errors) if is_finish_error(error, main)]
    if [errors[i].message for i in found] != list(expected):
        raise NotAppended("overdue errors not found")
    if found:
        if found != list(range(found[0], found[-1] + 1)):
            raise NotAppended("overdue errors not together")
        return (found[0], found[-1] + 1)
    policy = [i for i, error in enumerate(errors) if isinstance(error, PolicyError)]
    if policy:
        return (policy[-1] + 1, policy[-1] + 1)
    if not errors:
        return (0, 0)
    raise NotAppended("the policy plugin's errors cannot be placed")


def finish_errors(state: Any, book: str, main: str, day: date) -> list[PolicyError]:
    """The policy plugin's last step, as the plugin reports it."""
    where = data.new_metadata(main, 0)
    return [PolicyError(where, v.text(), v.entry, v) for v in state.finish(book, day)]


def last_key(entries: Sequence[data.Directive]) -> tuple[Any, ...]:
    return tuple(data.entry_sortkey(entries[-1])) if entries else ()


def append(known: Known, contents: Mapping[str, bytes], policy: str, day: date) -> Known:
    """The book whose files now hold `contents` (by path: the files the main file includes
    now, `included_files`) as a full load would give it, from `known`; or `NotAppended`.

    `policy` is the SHA-256 of the policy file now. `known` is left as it was but for its
    plugin state, which has folded the new entries whether or not they are accepted (the
    caller loads the book in full on `NotAppended`, which makes a new one).
    """
    if day != known.day:
        raise NotAppended("today changed")
    if policy != known.policy:
        raise NotAppended("policy file changed")
    if known.main not in contents or sha256(contents[known.main]) != known.files[known.main].digest:
        raise NotAppended("main file changed")
    main_text = contents[known.main].decode("utf-8", "replace")
    if included_files(known.main, main_text) != set(contents):
        raise NotAppended("not the files the main file includes")
    if not set(known.files) <= set(contents):
        raise NotAppended("a file went")
    marks = dict(known.files)
    parsed: list[data.Directive] = []
    added: list[Any] = []  # the new parts' display contexts
    for name, content in contents.items():
        old = known.files.get(name, EMPTY)  # a new file (a new year's journal) is an append
        if len(content) == old.size and sha256(content) == old.digest:
            continue
        if name == known.main:
            raise NotAppended("main file changed")
        if not old.appendable or len(content) < old.size:
            raise NotAppended(f"not an append: {os.path.basename(name)}")
        digest = hashlib.sha256(content[: old.size])
        if digest.hexdigest() != old.digest:
            raise NotAppended(f"not an append: {os.path.basename(name)}")
        text = content[old.size :]
        if not appendable(text):
            raise NotAppended("directive line in the new text")
        entries, errors, options = parser.parse_string(
            text,
            report_filename=name,
            report_firstline=content.count(b"\n", 0, old.size) + 1,
        )
        if errors:
            raise NotAppended("parse errors")
        parsed.extend(entries)
        added.append(options["dcontext"])
        digest.update(text)  # appendable: the old part was, the new text is, the join ends a line
        marks[name] = Mark(len(content), digest.hexdigest(), True)
    entries, errors, options = known.result
    if not parsed:  # the files were touched, not changed: the same books
        files = sorted(contents)
        same = {**options, "input_hash": loader.compute_input_hash(files)}  # type: ignore[no-untyped-call]
        # New lists, as any load gives: whoever keys on them (the extension's view) rebuilds.
        return replace(known, result=(list(entries), list(errors), same), appended=[])
    new = _sorted_after(parsed, known.last_key)
    booked, balances = _booked(new, entries, options, known.balances)
    _validate(booked, entries, options)
    # The plugin's loop, continued: its errors of the new entries follow those of the old
    # ones; its last step's (overdue items) follow them, replacing the old last step's.
    state = known.state
    flagged: list[PolicyError] = []
    for entry in booked:
        flagged.extend(PolicyError.of(entry, v) for v in state.verify(known.book, entry))
        state.fold(known.book, entry)
    finish = finish_errors(state, known.book, known.main, day)
    start, end = known.finish
    new_errors = [*errors[:start], *flagged, *finish, *errors[end:]]
    span = (start + len(flagged), start + len(flagged) + len(finish))
    return replace(
        known,
        result=([*entries, *booked], new_errors, _options(options, added, sorted(contents))),
        files=marks,
        last_key=last_key(booked),
        finish=span,
        balances=balances,
        appended=booked,
    )


def _sorted_after(parsed: list[data.Directive], last: tuple[Any, ...]) -> list[data.Directive]:
    """The new entries in the full load's order: all after the book's, no two tied."""
    keys = [tuple(data.entry_sortkey(e)) for e in parsed]
    if len(set(keys)) != len(keys):
        raise NotAppended("new entries tie")
    if min(keys) <= last:
        raise NotAppended("an entry sorts before the book's last")
    new = sorted(parsed, key=data.entry_sortkey)
    if any(not isinstance(e, APPENDABLE) or is_close(e) for e in new):
        raise NotAppended("an entry of a kind that reads later entries")
    return new


def _booked(
    new: list[data.Directive],
    old: Sequence[data.Directive],
    options: dict[str, Any],
    balances: dict[str, inventory.Inventory],
) -> tuple[list[data.Directive], dict[str, inventory.Inventory]]:
    """The new entries booked after the old ones (`booking.book` on the whole book), and
    the inventories after them."""
    methods: dict[str, Any] = collections.defaultdict(lambda: options["booking_method"])
    for entry in [*old, *new]:
        if isinstance(entry, data.Open) and entry.booking:
            methods[entry.account] = entry.booking
    accounts = {p.account for e in new if isinstance(e, data.Transaction) for p in e.postings}
    # Copies of the inventories booking reads and changes; the others are shared.
    start: dict[str, inventory.Inventory] = collections.defaultdict(inventory.Inventory)
    for account in accounts & balances.keys():
        start[account] = copy.copy(balances[account])
    booked, errors = booking_full.book(new, options, methods, start)  # type: ignore[no-untyped-call]
    errors += booking.validate_missing_eliminated(booked, options)  # type: ignore[no-untyped-call]
    if errors:
        raise NotAppended("booking errors")
    return list(booked), {**balances, **start}


def _validate(
    booked: list[data.Directive], old: Sequence[data.Directive], options: dict[str, Any]
) -> None:
    """Beancount's validations (those a load runs) on the new entries and what they read."""
    named = {account for e in booked for account in getters.get_entry_accounts(e)}
    context = [
        e
        for e in old
        if isinstance(e, data.Commodity)
        or (isinstance(e, data.Open | data.Close) and e.account in named)
    ]
    new_ids = {id(e) for e in booked}
    combined = sorted([*context, *booked], key=data.entry_sortkey)
    checks: list[Any] = list(validation.VALIDATIONS)  # those `validation.validate` runs
    for check in checks:
        for error in check(combined, options):
            culprit = getattr(error, "entry", None)
            if culprit is None or id(culprit) in new_ids:
                raise NotAppended("validation error")


def _options(options: dict[str, Any], added: list[Any], files: list[str]) -> dict[str, Any]:
    """The full load's options: the display context updated with the new numbers, the
    files read, and Beancount's hash of their names, sizes and times."""
    merged = copy.copy(options)
    dcontext = copy.deepcopy(options["dcontext"])
    for other in added:
        dcontext.update_from(other)
    merged["dcontext"] = dcontext
    merged["include"] = files
    merged["input_hash"] = loader.compute_input_hash(files)  # type: ignore[no-untyped-call]
    return merged

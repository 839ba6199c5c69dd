"""A snapshot of the books' state, so a post need not reload 10^5 transactions.

What it holds (see `Snapshot`): the write path's folded `State`, and per book what checking
*new* entries against the old ones needs — the plugin's `State` at the end of the book, the
book's options, the Open/Close/Commodity directives, the final inventory of every account,
the sort key of the last entry, the reconciliation keys already used. `incremental` decides
when new entries can be validated against it alone and proves nothing else can change.

Keyed by content, never by mtime: the key is the SHA-256 of every file a load reads (policy
file included) plus a fingerprint of the code that folds them (this package's sources,
Beancount's version, Python's). A snapshot whose key differs from the books on disk is never
used.

Kept outside the books folder, in ``$XDG_CACHE_HOME/jcg-ledger/<sha256 of the ledger root>/``
(``~/.cache`` by default), in a folder of mode 0700. It is a pickle, and unpickling runs code,
so it is read only when the folder and the file belong to the current user and nobody else can
write them: anyone with write access to the books can forge a file in the books folder (which
is why Beancount's own load cache, kept beside the books and keyed on mtime, is never used),
but not a file in the user's private cache folder. Anything else — missing, stale, foreign,
unreadable — means "no snapshot", and the write path takes the full road.
"""

from __future__ import annotations

import hashlib
import io
import os
import pickle
import stat
import sys
from collections.abc import MutableMapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import beancount
from beancount.core import data, inventory

import jcg_ledger
from jcg_ledger.books.layout import BOOKS, Ledger
from jcg_ledger.books.load import gc_paused
from jcg_ledger.cache import records, shards
from jcg_ledger.cache.records import Incomplete
from jcg_ledger.reconcile import link_key

FORMAT = 4  # 3: checkpoints at the last close and their tails; 4: state mappings by age
CACHE_ENV = "JCG_CACHE_DIR"
FULL_ENV = "JCG_FULL_VALIDATION"

# The include lines `jcg init` writes; a book including anything else is never snapshotted,
# since a glob over another folder could pick up a file the key does not cover.
STANDARD_INCLUDES = frozenset(
    {"accounts.beancount", "../reports/queries.beancount", "journal/*.beancount"}
)


def full_validation_forced() -> bool:
    """`JCG_FULL_VALIDATION=1` (tests, doubt) takes the full path every time."""
    return os.environ.get(FULL_ENV, "") not in ("", "0")


# Modules that only present the books; everything else may shape the fold or the checks.
PRESENTATION = frozenset({"cli.py", "demo", "reports", "fava_ext", "explain.py"})


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """The package's sources (presentation aside), Beancount's and Python's version."""
    digest = hashlib.sha256()
    digest.update(f"{FORMAT}|{beancount.__version__}|{sys.version}".encode())
    root = Path(jcg_ledger.__file__).parent
    for path in sorted(root.rglob("*.py")):
        if path.relative_to(root).parts[0] in PRESENTATION:
            continue
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def read_books(ledger: Ledger) -> dict[str, bytes]:
    """The content of every file a load reads, by path relative to the ledger root."""
    return {ledger.relative(p): p.read_bytes() for p in ledger.book_files()}


def content_key(contents: dict[str, bytes]) -> dict[str, str]:
    key = {rel: sha256(content) for rel, content in contents.items()}
    key["<code>"] = code_fingerprint()
    return key


@dataclass(frozen=True)
class Files:
    """What a snapshot records of the books' files: their key, clean tails and main files."""

    key: dict[str, str]
    clean_tails: set[str]
    mains: dict[str, str]  # relative path of each book's main file -> its text


def files_of(ledger: Ledger) -> Files:
    """`Files` of the books, reading one file at a time (never all 40 MB of them at once)."""
    key: dict[str, str] = {}
    tails: set[str] = set()
    mains = {ledger.relative(ledger.main(book)) for book in BOOKS}
    main_text: dict[str, str] = {}
    for path in ledger.book_files():
        rel = ledger.relative(path)
        content = path.read_bytes()
        key[rel] = sha256(content)
        if clean_tail(content):
            tails.add(rel)
        if rel in mains:
            main_text[rel] = content.decode("utf-8", "replace")
        del content
    key["<code>"] = code_fingerprint()
    return Files(key, tails, main_text)


def posted_digests(posted: MutableMapping[str, str], entries: Any) -> None:
    """Record each event of `entries` (in fold order) as `CoreState.fold` does: first wins."""
    from jcg_ledger.state.base import meta_str

    for entry in entries:
        event_id = meta_str(entry, "event")
        if event_id:
            posted.setdefault(event_id, meta_str(entry, "digest") or "")


def write_path_state(snap: Snapshot) -> Any:
    """The write path's state of the books; its sharded mappings load as they are read."""
    return restore(snap.state)


def plugin_state(part: BookSnap, book: str) -> Any:
    """The policy plugin's state at the end of one book."""
    return restore(part.state)


def restore(blob: Blob) -> Any:
    """A stored state (`records.StateRecord`); its sharded mappings load as they are read."""
    with gc_paused():  # unpickling allocates objects that all live on: collecting only costs
        record = pickle.loads(blob.data())
    if not isinstance(record, records.StateRecord):
        raise Incomplete("not a state")
    return records.restore_state(record, blob.reader())


class Blob:
    """A pickled state, stored in its own file of the cache folder, named by its SHA-256.

    A post reads only the states of the books it touches, and of those only the shards it
    looks up (cache/shards.py): the snapshot file holds only digests. A blob is read with the
    same checks as the snapshot (owned by us, not group/world-writable, no symlink) and used
    only if its content has the digest the snapshot names; anything else raises `Incomplete`
    (the full path). `children` are the digests of the shards the state names, `new` the
    content of those written with it (saved beside it).
    """

    def __init__(
        self,
        digest: str,
        content: bytes | None = None,
        children: frozenset[str] = frozenset(),
        new: dict[str, bytes] | None = None,
    ) -> None:
        self.digest = digest
        self.folder: Path | None = None  # set by `load`
        self._content = content
        self.children = children
        self.new = new or {}

    @classmethod
    def of(cls, content: bytes) -> Blob:
        return cls(sha256(content), content)

    def __reduce__(self) -> tuple[Any, ...]:
        # The content goes to its own file (`save`); so do the new shards.
        return (Blob, (self.digest, None, self.children))

    def data(self) -> bytes:
        if self._content is None:
            self._content = read_blob(self.folder, self.digest)
        return self._content

    def reader(self) -> shards.Reader:
        folder = self.folder
        new = self.new
        return lambda digest: new[digest] if digest in new else read_blob(folder, digest)


def _sink() -> tuple[shards.Sink, dict[str, bytes]]:
    """A sink for shards, and the content of those it is given, by digest (to be saved)."""
    new: dict[str, bytes] = {}

    def add(content: bytes) -> str:
        digest = sha256(content)
        new[digest] = content
        return digest

    return shards.Sink(add), new


def pickled_state(state: Any) -> Blob:
    """A state as a blob and its shards, without what a post never reads
    (`records.Detached`). The state is not changed."""
    sink, new = _sink()
    content = pickle.dumps(records.state_record(state, sink), pickle.HIGHEST_PROTOCOL)
    return Blob(sha256(content), content, frozenset(sink.referenced), new)


def read_blob(folder: Path | None, digest: str) -> bytes:
    """A stored blob's content, checked against its digest; `Incomplete` if it is not there."""
    if folder is None:
        raise Incomplete("blob not stored")
    content = _read_private(folder / _blob_name(digest))
    if content is None or sha256(content) != digest:
        raise Incomplete("blob missing or altered")
    return content


def _blob_name(digest: str) -> str:
    return f"state-{digest}.pickle"


@dataclass
class Checkpoint:
    """Where a post dated inside a book's open period refolds the book's plugin from.

    The point is the book's last period close directive (`jcg close`): nothing may be posted
    before it (rule ``period-closed``), so every later post, in date order or not, sorts after
    it, and the plugin's state there never changes. `BookSnap.tail` holds the entries after it.
    """

    key: tuple[Any, ...]  # entry_sortkey of the close directive
    state: Blob  # the policy plugin's state after every entry up to the close, pickled


# A book's mappings read by key (shards.py): a post reads the directives and balances of its
# accounts only.
BOOK_SHARDED = ("context", "balances", "link_keys")
# The snapshot's: a post looks up its own events only.
SNAPSHOT_SHARDED = ("posted",)


@dataclass
class BookSnap:
    """One book, as new entries need it to be checked without reloading the old ones."""

    options: dict[str, Any]
    state: Blob  # the policy plugin's State at the end of the book, pickled
    # What Beancount's validations of new entries read of the old ones: each account's Open
    # and Close directives, by account, and the Commodity directives.
    context: MutableMapping[str, list[data.Directive]]
    commodities: list[data.Directive]
    # Final inventory of every account, each pickled on its own: a post unpickles only
    # those of the accounts it posts to (a book may hold thousands of accounts).
    balances: MutableMapping[str, bytes]
    last_key: tuple[Any, ...]  # entry_sortkey of the last entry
    link_keys: MutableMapping[str, None]  # reconciliation keys (first link) already used
    plain: bool  # nothing that defeats incremental checking (pads, extra plugins…)
    # The entries after the book's checkpoint point — its last close (`checkpoint`), or, for a
    # book with no close or an open period longer than `MAX_TAIL`, its end when the snapshot
    # was built — in chunks (`Tail`): what a back-dated post refolds, for this book's plugin
    # state (from `checkpoint.state`) and the write path's (`Snapshot.checkpoint_state`).
    checkpoint: Checkpoint | None = None
    tail: list[Blob] = field(default_factory=list)
    tail_len: int = 0  # entries in the tail


@dataclass
class Snapshot:
    key: dict[str, str]
    state: Blob  # the write path's State (all books folded), pickled
    books: dict[str, BookSnap] = field(default_factory=dict)
    differences: bool = False  # reconciliation differences existed
    clean_tails: set[str] = field(default_factory=set)  # files ending in "\n", no push*
    # Event id -> digest, all books; stored in shards (a post looks up its own events only).
    posted: MutableMapping[str, str] = field(default_factory=dict)
    # The write path's State after each book's entries up to its checkpoint point (the rest
    # is in each `BookSnap.tail`); None: back-dated posts take the full path.
    checkpoint_state: Blob | None = None
    # Later checkpoints, newest last: the states before each appended post (`Mark`).
    marks: list[Mark] = field(default_factory=list)


@dataclass
class Mark:
    """A checkpoint an appended post leaves for free: the snapshot's states before it.

    Every entry it adds sorts after every old one, so the old states are the plugin's and the
    write path's after every entry up to each book's old last entry (`keys`); and the entries
    after those are the chunks each book's tail gained since (`chunks`: how many it had). A
    post dated after a mark in every book it posts to refolds from the latest such mark, not
    from the last close: a post dated yesterday folds a day of entries again, not the month.
    A post dated before a mark's key in a book makes the mark stale (it is dropped), as does a
    tail merged into one chunk.
    """

    keys: dict[str, tuple[Any, ...]]  # each book's last entry's sort key then
    state: Blob  # the write path's state then
    books: dict[str, Blob]  # each book's plugin state then
    chunks: dict[str, int]  # each book's tail's chunks then

    @property
    def day(self) -> Any:
        """The latest date of the mark's keys (one mark is kept a day: the day's last)."""
        return max((key[0] for key in self.keys.values() if key), default=None)


# Marks kept (one a day, the latest): a month of days back from the last post.
MAX_MARKS = 31


# An open period holding more entries than this in a book is not checkpointed: a post dated
# inside it would refold them all (about 25 µs each), so it takes the full path instead, and
# the snapshot does not carry them. Closing the month (`jcg close`) makes a new checkpoint.
MAX_TAIL = 40_000
# Chunks a tail may have before a post merges them into one (each post adds one; a merge
# makes every `Mark` stale).
MAX_CHUNKS = 64


def tail_chunk(entries: Sequence[data.Directive]) -> Blob:
    """Entries of a tail, pickled as one chunk."""
    return Blob.of(pickle.dumps(list(entries), pickle.HIGHEST_PROTOCOL))


def tail_entries(part: BookSnap, start: int = 0) -> list[data.Directive]:
    """A book's tail (from its chunk `start` on: the entries after a `Mark`), in the order a
    load sorts it (`entry_sortkey`; the sort is stable, and each chunk's entries were added
    after the earlier chunks' in their files)."""
    entries: list[data.Directive] = []
    with gc_paused():
        for chunk in part.tail[start:]:
            entries.extend(pickle.loads(chunk.data()))
    entries.sort(key=data.entry_sortkey)
    return entries


def checkpoint_split(entries: Sequence[data.Directive]) -> int | None:
    """The index just after a loaded book's last period close directive, or None: no close,
    or more than `MAX_TAIL` entries after it."""
    from jcg_ledger.rules.period import is_close

    for index in range(len(entries) - 1, max(len(entries) - MAX_TAIL - 2, -1), -1):
        if is_close(entries[index]):
            return index + 1
    return None


def pack_balances(balances: dict[str, inventory.Inventory]) -> dict[str, bytes]:
    return {a: pickle.dumps(inv, pickle.HIGHEST_PROTOCOL) for a, inv in balances.items()}


def final_balances(
    entries: Sequence[data.Directive], balances: dict[str, inventory.Inventory] | None = None
) -> dict[str, inventory.Inventory]:
    """Each account's inventory after `entries` (booked), added to `balances` if given."""
    held = {} if balances is None else balances
    for entry in entries:
        if isinstance(entry, data.Transaction):
            for posting in entry.postings:
                inv = held.get(posting.account)
                if inv is None:
                    inv = held[posting.account] = inventory.Inventory()
                inv.add_position(posting)
    return held


def sort_key(entry: data.Directive) -> tuple[Any, ...]:
    return tuple(data.entry_sortkey(entry))


def _plain_book(main_text: str, options: dict[str, Any], book: str) -> bool:
    includes = {
        line.split('"')[1]
        for line in main_text.splitlines()
        if line.startswith("include ") and line.count('"') >= 2
    }
    plugins = [(name, (conf or "").strip()) for name, conf in options.get("plugin", [])]
    return (
        includes <= STANDARD_INCLUDES
        and plugins == [("jcg_ledger.plugins.policy", book)]
        and options.get("plugin_processing_mode") == "default"
        and not options.get("documents")
        and not options.get("insert_pythonpath")
    )


# A book part's state until the caller stores the plugin's (a sweep pickles it only once the
# book's entries are gone, so the two never take memory together).
NO_STATE = Blob.of(b"")


def book_snap(
    entries: list[data.Directive],
    options: dict[str, Any],
    mirrored: Sequence[data.Transaction],
    plain: bool,
) -> BookSnap:
    """Everything incremental checking needs from one loaded (booked, validated) book, but
    the plugin's state (`NO_STATE`, for the caller to set). `mirrored` are the book's
    transactions that post to a mirrored account (`sweep.mirrored_transactions`)."""
    context: dict[str, list[data.Directive]] = {}
    commodities: list[data.Directive] = []
    balances = final_balances(entries)
    for entry in entries:
        if isinstance(entry, data.Commodity):
            commodities.append(entry)
        elif isinstance(entry, data.Open | data.Close):
            context.setdefault(entry.account, []).append(entry)
        elif isinstance(entry, data.Pad):
            plain = False
    last = sort_key(entries[-1]) if entries else ()
    opts = {k: v for k, v in options.items() if k != "dcontext"}
    return BookSnap(
        options=opts,
        state=NO_STATE,
        context=context,
        commodities=commodities,
        balances=pack_balances(balances),
        last_key=last,
        link_keys=dict.fromkeys(link_key(e) or "<unlinked>" for e in mirrored),
        plain=plain,
    )


def build(
    ledger: Ledger,
    files: Files,
    state: Any,
    parts: dict[str, BookSnap],
    differences: bool,
    checkpoint: Blob | None = None,
) -> Snapshot:
    """A snapshot of books whose files are `files`, given each book's part (`book_snap`) and,
    when the sweep checkpointed the write path's state, that `checkpoint`."""
    snap = Snapshot(
        key=files.key,
        posted=dict(state.core.events),
        state=pickled_state(state),
        differences=differences,
        checkpoint_state=checkpoint,
    )
    for book in BOOKS:
        part = parts[book]
        main = files.mains.get(ledger.relative(ledger.main(book)), "")
        part.plain = part.plain and _plain_book(main, part.options, book)
        snap.books[book] = part
    snap.clean_tails = set(files.clean_tails)
    return snap


def clean_tail(content: bytes) -> bool:
    """Text appended to this file parses as it would alone (no open push*, ends a line)."""
    return content.endswith(b"\n") and b"pushtag" not in content and b"pushmeta" not in content


# ----- storage -------------------------------------------------------------------------------


def cache_dir(ledger: Ledger) -> Path:
    base = os.environ.get(CACHE_ENV) or os.environ.get("XDG_CACHE_HOME") or ""
    root = Path(base) if base else Path.home() / ".cache"
    return root / "jcg-ledger" / sha256(str(ledger.root).encode())[:32]


def _private(st: os.stat_result, directory: bool) -> bool:
    """Owned by us, not writable by group or others, and of the kind expected."""
    kind = stat.S_ISDIR(st.st_mode) if directory else stat.S_ISREG(st.st_mode)
    return kind and st.st_uid == os.getuid() and not st.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _ensure_dir(path: Path) -> bool:
    for directory in (path.parent, path):
        try:
            directory.mkdir(mode=0o700, parents=True, exist_ok=True)
            if not _private(os.lstat(directory), directory=True):
                return False
        except OSError:
            return False
    return True


def _snapshot_file(ledger: Ledger) -> Path:
    return cache_dir(ledger) / "snapshot.pickle"


def _read_private(path: Path) -> bytes | None:
    """The content of a file of the cache folder we own and nobody else can write."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    except OSError:
        return None
    try:
        if not _private(os.fstat(fd), directory=False):
            return None
        with os.fdopen(fd, "rb", closefd=False) as handle:
            return handle.read()
    except OSError:
        return None
    finally:
        os.close(fd)


def _blobs(snap: Snapshot) -> list[Blob]:
    blobs = [snap.state, *(part.state for part in snap.books.values())]
    if snap.checkpoint_state is not None:
        blobs.append(snap.checkpoint_state)
    for part in snap.books.values():
        blobs.extend(part.tail)
        if part.checkpoint is not None:
            blobs.append(part.checkpoint.state)
    for mark in snap.marks:
        blobs.extend([mark.state, *mark.books.values()])
    return blobs


def load(ledger: Ledger, key: dict[str, str]) -> Snapshot | None:
    """The snapshot of the books whose content key is `key`, if a trustworthy one exists."""
    path = _snapshot_file(ledger)
    try:
        for directory in (path.parent.parent, path.parent):
            if not _private(os.lstat(directory), directory=True):
                return None
    except OSError:
        return None
    content = _read_private(path)
    if content is None:
        return None
    try:
        with io.BytesIO(content) as handle, gc_paused():
            stored_key = pickle.load(handle)  # a dict of str: a key mismatch costs no more
            if stored_key != key:
                return None
            record = pickle.load(handle)
    except Exception:  # a corrupt or foreign snapshot is no snapshot
        return None
    if not isinstance(record, records.Record) or record.kind is not Snapshot:
        return None
    folder = path.parent

    def read(digest: str) -> bytes:
        return read_blob(folder, digest)

    def books(name: str, value: Any) -> Any:
        if name != "books":
            return value
        return {book: records.restore_record(part, read) for book, part in value.items()}

    snap = records.restore_record(record, read, books)
    if not isinstance(snap, Snapshot) or snap.key != key:
        return None
    for blob in _blobs(snap):
        blob.folder = folder
    return snap


def save(ledger: Ledger, snap: Snapshot) -> None:
    """Write atomically; failing to write a snapshot never fails a post.

    First every blob the snapshot names that is not stored yet (states, their new shards, the
    new shards of the map of posted events), then the snapshot file; then blobs nothing
    names any more are removed.
    """
    path = _snapshot_file(ledger)
    if not _ensure_dir(path.parent):
        return
    tmp = path.with_name(f"snapshot.{os.getpid()}.tmp")
    try:
        sink, new = _sink()
        with gc_paused():
            parts = {b: records.record_of(p, BOOK_SHARDED, sink) for b, p in snap.books.items()}
            record = records.record_of(snap, SNAPSHOT_SHARDED, sink, books=parts)
            body = pickle.dumps(record, pickle.HIGHEST_PROTOCOL)
        keep = {path.name, *(_blob_name(d) for d in sink.referenced)}
        for blob in _blobs(snap):
            new.update(blob.new)
            keep.add(_blob_name(blob.digest))
            keep.update(_blob_name(d) for d in blob.children)
            if not os.path.lexists(path.parent / _blob_name(blob.digest)):
                new[blob.digest] = blob.data()
        for digest, content in new.items():
            target = path.parent / _blob_name(digest)
            if not os.path.lexists(target):
                _write_new(tmp, target, lambda handle, content=content: handle.write(content))

        def dump(handle: Any) -> None:
            pickle.dump(snap.key, handle, pickle.HIGHEST_PROTOCOL)
            handle.write(body)

        _write_new(tmp, path, dump)
        for name in os.listdir(path.parent):  # thousands of shards: names, not Paths
            if name.startswith("state-") and name not in keep:
                (path.parent / name).unlink(missing_ok=True)
    except (OSError, Incomplete):
        tmp.unlink(missing_ok=True)


def _write_new(tmp: Path, target: Path, write: Any) -> None:
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o600)
    with os.fdopen(fd, "wb") as handle:
        write(handle)
    os.replace(tmp, target)


def discard(ledger: Ledger) -> None:
    path = _snapshot_file(ledger)
    path.unlink(missing_ok=True)
    for blob in path.parent.glob("state-*.pickle"):
        blob.unlink(missing_ok=True)

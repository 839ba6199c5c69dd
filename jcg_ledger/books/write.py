"""Atomic writes of several files across several books.

A post never edits a book file in place. It builds a *stage*: a mirror of the ledger under
``.jcg/`` whose untouched files are hard links and whose touched files are complete new
copies. The stage is what gets validated (loaded as `bean-check` would), and its new files are
then renamed over the originals. Between "all new files are on disk" and "all renamed" a commit
journal names the renames; whoever takes the lock next finishes them (roll forward). So after
a crash at any point the books are exactly as before (no journal yet) or exactly as after.

Before anything is staged, the stage refuses books it could not write whole: a book file that
is a symbolic link (`SymlinkedBookFile`: the rename would silently replace the link by a file)
and a folder a rename goes to that cannot be written (`BooksUnwritable`: a read-only mount, a
folder of another user). A write that failed halfway through the renames would leave the commit
journal behind; checking first leaves nothing behind.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
from collections.abc import Mapping
from pathlib import Path

from jcg_ledger.books.layout import Ledger

FAULT_ENV = "JCG_FAULT"
COMMIT_JOURNAL = "commit.json"

# Every point of the write path where a crash test can kill the process, in order. `<i>` points
# repeat once per file of the stage (sorted), e.g. after-temp-0, after-temp-1, …
FAULT_POINTS: tuple[str, ...] = (
    "after-lock",
    "after-recover",
    "after-temp-<i>",
    "after-stage",
    "before-commit",
    "after-journal-temp",
    "after-commit-journal",
    "between-renames-<i>",
    "after-renames",
    "after-commit",
    "after-vcs",
)


class BooksUnwritable(Exception):
    """The ledger folder (or a folder of it) cannot be written: nothing was written."""

    def __init__(self, place: str, reason: str) -> None:
        self.place = place
        self.reason = reason
        super().__init__(
            f"账套目录不可写 the ledger folder cannot be written: {place} ({reason}); "
            "账套未改动 nothing was written"
        )


def fault_point(name: str) -> None:
    """Die here, hard, when the fault-injection variable names this point (crash tests)."""
    if os.environ.get(FAULT_ENV) == name:
        os.kill(os.getpid(), signal.SIGKILL)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_durable(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


class Stage:
    """A mirror of the ledger with the new content of the touched files."""

    def __init__(self, ledger: Ledger, changes: Mapping[Path, bytes]) -> None:
        self.ledger = ledger
        self.changes = dict(changes)
        self.dir = ledger.work_dir / f"stage-{os.getpid()}"

    def path_of(self, target: Path) -> Path:
        return self.dir / target.relative_to(self.ledger.root)

    def writable(self) -> None:
        """Refuse (before anything is written) books the commit could not write whole."""
        self.ledger.refuse_symlinks()
        folders = {self.ledger.work_dir, *(t.parent for t in self.changes)}
        for folder in sorted(folders):
            existing = folder
            while not existing.exists() and existing != self.ledger.root:
                existing = existing.parent
            # access(2) sees what stops even root: a read-only mount (EROFS), an immutable
            # folder (EPERM); and, for anyone else, the permission bits.
            if not os.access(existing, os.W_OK | os.X_OK):
                place = self.ledger.relative(existing) if existing != self.ledger.root else "."
                raise BooksUnwritable(f"{self.ledger.root}/{place}", "不可写 not writable")

    def build(self) -> None:
        self.writable()
        try:
            self._build()
        except OSError as exc:
            self.discard()
            raise BooksUnwritable(str(exc.filename or self.dir), exc.strerror or str(exc)) from exc

    def _build(self) -> None:
        if self.dir.exists():
            shutil.rmtree(self.dir)
        self.dir.mkdir(parents=True)
        for source in self.ledger.book_files():
            if source in self.changes:
                continue
            mirror = self.path_of(source)
            mirror.parent.mkdir(parents=True, exist_ok=True)
            os.link(source, mirror)
        for index, (target, data) in enumerate(sorted(self.changes.items())):
            _write_durable(self.path_of(target), data)
            fault_point(f"after-temp-{index}")
        for book in ("city", "platform", "fund"):
            (self.dir / book / "journal").mkdir(parents=True, exist_ok=True)
        # The new files' directory entries must be durable before the commit journal names
        # them, or a power cut could leave a journal pointing at files that are gone.
        for directory in {self.path_of(t).parent for t in self.changes}:
            _fsync_dir(directory)
        # The content is on disk now; a journal of 10^5 events is tens of MB, and the staged
        # books are about to be loaded, so hold only the names.
        self.changes = dict.fromkeys(self.changes, b"")
        fault_point("after-stage")

    def commit(self) -> None:
        """Rename every new file into place, through the commit journal."""
        self.writable()  # again: validation took a while
        renames = [[str(self.path_of(t)), str(t)] for t in sorted(self.changes)]
        journal = self.ledger.work_dir / COMMIT_JOURNAL
        tmp = journal.with_suffix(".tmp")
        _write_durable(tmp, json.dumps({"renames": renames, "stage": str(self.dir)}).encode())
        fault_point("after-journal-temp")
        os.replace(tmp, journal)
        _fsync_dir(self.ledger.work_dir)
        fault_point("after-commit-journal")
        _roll_forward(self.ledger, renames)
        fault_point("after-commit")
        shutil.rmtree(self.dir, ignore_errors=True)

    def discard(self) -> None:
        shutil.rmtree(self.dir, ignore_errors=True)


def _roll_forward(ledger: Ledger, renames: list[list[str]]) -> None:
    touched_dirs: set[Path] = set()
    for index, (source, target) in enumerate(renames):
        if os.path.exists(source):
            Path(target).parent.mkdir(parents=True, exist_ok=True)
            os.replace(source, target)
            touched_dirs.add(Path(target).parent)
        fault_point(f"between-renames-{index}")
    for directory in touched_dirs:
        _fsync_dir(directory)
    fault_point("after-renames")
    (ledger.work_dir / COMMIT_JOURNAL).unlink(missing_ok=True)
    _fsync_dir(ledger.work_dir)


def recover(ledger: Ledger) -> bool:
    """Finish a write a crash interrupted, and clear stale stages. Call under the lock.

    Returns True when a half-finished commit was rolled forward.
    """
    journal = ledger.work_dir / COMMIT_JOURNAL
    rolled = False
    if journal.exists():
        record = json.loads(journal.read_text())
        _roll_forward(ledger, record["renames"])
        rolled = True
    if ledger.work_dir.exists():
        for stale in ledger.work_dir.glob("stage-*"):
            shutil.rmtree(stale, ignore_errors=True)
        (ledger.work_dir / (COMMIT_JOURNAL[:-5] + ".tmp")).unlink(missing_ok=True)
    return rolled


def write_changes(ledger: Ledger, changes: dict[Path, bytes]) -> None:
    """Stage `changes` and commit them, once validated (a crash between the two is finished
    or undone by `recover`): the last step of a post or a close on the snapshot path."""
    stage = Stage(ledger, changes)
    try:
        stage.build()
        fault_point("before-commit")
        stage.commit()
    finally:
        stage.discard()

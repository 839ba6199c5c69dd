"""One OS lock for the whole ledger: exclusive for writers (`jcg post`, `jcg close`), shared for
readers (`jcg check`, the Fava pages).

An `flock` on ``.jcg/lock``: the kernel releases it when the process dies, so a killed
poster never leaves the books locked.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager

from jcg_ledger.books.layout import Ledger


@contextmanager
def locked(ledger: Ledger, *, shared: bool = False) -> Iterator[None]:
    ledger.work_dir.mkdir(mode=0o700, exist_ok=True)
    fd = os.open(ledger.work_dir / "lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_SH if shared else fcntl.LOCK_EX)
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


@contextmanager
def consistent_read(ledger: Ledger) -> Iterator[None]:
    """Read the books as one state: under the posting lock, after finishing a crashed write.

    A post renames its files one after another; a reader between two renames would see one
    book before and the other after. Taking the lock (and rolling a half-finished commit
    forward first) rules that out. Where the lock cannot be taken at all — an auditor's
    read-only copy — there is no writer either, and the books are read as they are.
    """
    from jcg_ledger.books.write import recover  # imported here: write imports this module's peers

    stack = ExitStack()
    try:
        stack.enter_context(locked(ledger))
        writable = True
    except OSError:
        writable = False
    with stack:
        if writable:
            recover(ledger)
        yield

"""One OS lock for the whole ledger, shared by `jcg post` and an editable Fava.

An `flock` on ``.jcg/lock``: the kernel releases it when the process dies, so a killed
poster never leaves the books locked.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager

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

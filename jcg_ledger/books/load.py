"""Load the books as `bean-check` does, never through Beancount's pickle cache.

Beancount's loader caches by default in a hidden file beside the top-level file, keyed on
mtime and size, and unpickles it on the next load: a file in the books folder that anyone with
write access to the books could forge. We call the uncached loader, so nothing is written to
or read from the books folder but the books themselves.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from beancount import loader
from beancount.core import data
from beancount.ops import validation

from jcg_ledger.books.layout import BOOKS, Ledger


@dataclass(frozen=True)
class LoadedBook:
    book: str
    entries: list[data.Directive]
    errors: list[Any]
    options: dict[str, Any]
    plugin_state: Any = None  # the policy plugin's State at the end of the book


@contextmanager
def gc_paused() -> Iterator[None]:
    """Loading allocates millions of small objects that all live on; collection only costs."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def load_book(main: Path, book: str) -> LoadedBook:
    """Parse, book, run plugins and validate one book, with bean-check's extra validations."""
    from jcg_ledger.plugins.policy import LAST_STATES

    LAST_STATES.pop(str(main), None)
    # Beancount's `validate` appends the extra validations to its module-level list in
    # place, so without the restore each load in a process would run them once more.
    saved = list(validation.VALIDATIONS)
    try:
        with gc_paused():
            entries, errors, options = loader._uncached_load_file(  # type: ignore[no-untyped-call]
                str(main), None, validation.HARDCORE_VALIDATIONS, None
            )
    finally:
        validation.VALIDATIONS[:] = saved
    state = LAST_STATES.pop(str(main), None)
    return LoadedBook(book, entries, list(errors), options, state)


def load_books(ledger: Ledger) -> dict[str, LoadedBook]:
    ledger.refuse_symlinks()  # never read the books through a link (books/layout.py)
    return {book: load_book(ledger.main(book), book) for book in BOOKS}

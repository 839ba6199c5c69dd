"""Load the books as `bean-check` does, never through Beancount's pickle cache.

Beancount's loader caches by default in a hidden file beside the top-level file, keyed on
mtime and size, and unpickles it on the next load: a file in the books folder that anyone with
write access to the books could forge. We turn the cache off through Beancount's public
`loader.initialize(use_cache=False)` (what ``bean-check --no-cache`` does), so `load_file`
never reads nor writes one. With the cache off, Beancount's loader removes a cache file
beside the top-level file if one is there — left by a `bean-check` run without
``BEANCOUNT_DISABLE_LOAD_CACHE``, or planted — so no later cached load can unpickle it
either. (Fava loads through its own uncached path and never removes it: the auditors' server
writes nothing.)
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
from jcg_ledger.plugins.policy import plugin_state


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
    loader.initialize(use_cache=False)  # cheap; again, in case anything turned it back on
    # Beancount's `validate` appends the extra validations to its module-level list in
    # place, so without the restore each load in a process would run them once more.
    saved = list(validation.VALIDATIONS)
    try:
        with gc_paused():
            entries, errors, options = loader.load_file(
                str(main), extra_validations=validation.HARDCORE_VALIDATIONS
            )
    finally:
        validation.VALIDATIONS[:] = saved
    return LoadedBook(book, entries, list(errors), options, plugin_state(options))


def load_books(ledger: Ledger) -> dict[str, LoadedBook]:
    ledger.refuse_symlinks()  # never read the books through a link (books/layout.py)
    return {book: load_book(ledger.main(book), book) for book in BOOKS}

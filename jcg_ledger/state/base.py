"""What every part of the books' state implements.

The state is a fold over the books' entries in date order. The same fold runs in the write
path (over the loaded books, then over each new event's entries so later events of a batch see
earlier ones) and in the Beancount plugin (over one book), which is why the rules can be
shared: a rule sees the same state whichever way the entries arrived.
"""

from __future__ import annotations

from datetime import date

from beancount.core import data

from jcg_ledger.violation import Severity, Violation

__all__ = ["Part", "Severity", "Violation", "meta_str"]


class Part:
    """One concern's slice of the state. Subclasses override `fold` and maybe `verify`."""

    def fold(self, book: str, entry: data.Directive) -> None:
        """Take one entry of `book` into the state."""

    def verify(self, book: str, entry: data.Directive) -> list[Violation]:
        """Rules an entry breaks given the state before it (for the plugin). Default: none."""
        return []

    def finish(self, book: str, today: date) -> list[Violation]:
        """What the whole book shows as of ``today`` (overdue items: warnings). Default: none."""
        return []


def meta_str(entry: data.Directive, key: str) -> str | None:
    value = (entry.meta or {}).get(key)
    return None if value is None else str(value)

"""`jcg check`: Beancount's validation and the policy plugin on every book, then reconciliation."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from jcg_ledger.books.layout import BOOKS, Ledger
from jcg_ledger.books.load import LoadedBook
from jcg_ledger.books.lock import consistent_read
from jcg_ledger.books.sweep import mirrored, sweep
from jcg_ledger.plugins.policy import PolicyWarning
from jcg_ledger.reconcile import Difference, reconcile


@dataclass
class CheckResult:
    errors: dict[str, list[str]] = field(default_factory=dict)
    warnings: dict[str, list[str]] = field(default_factory=dict)
    differences: list[Difference] = field(default_factory=list)
    entries: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not any(self.errors.values()) and not self.differences

    def as_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "entries": self.entries,
            "errors": self.errors,
            "warnings": self.warnings,
            "reconciliation": [d.message for d in self.differences],
        }


def describe(ledger: Ledger, error: Any) -> str:
    source = getattr(error, "source", None) or {}
    filename = str(source.get("filename", ""))
    if filename.startswith(str(ledger.root)):
        filename = filename[len(str(ledger.root)) + 1 :]
    return f"{filename}:{source.get('lineno', '')}: {error.message}"


def _record_errors(ledger: Ledger, result: CheckResult, loaded: LoadedBook) -> None:
    book = loaded.book
    result.entries[book] = len(loaded.entries)
    result.errors[book] = [
        describe(ledger, e) for e in loaded.errors if not isinstance(e, PolicyWarning)
    ]
    result.warnings[book] = [
        describe(ledger, e) for e in loaded.errors if isinstance(e, PolicyWarning)
    ]


def check(ledger: Ledger) -> CheckResult:
    """Load every book under the posting lock, so a half-finished post is never read.

    One book at a time: of each book only its errors and the transactions reconciliation
    reads (those posting to a mirrored account) are kept, so the peak memory is that of the
    largest book, as with bean-check, not that of all three.
    """
    result = CheckResult()
    links = ledger.symlinks()
    if links:  # the books are not read through links (books/layout.py): report, load nothing
        for name in links:
            book = name.split("/")[0] if name.split("/")[0] in BOOKS else "ledger"
            result.entries.setdefault(book, 0)
            result.warnings.setdefault(book, [])
            result.errors.setdefault(book, []).append(
                f"{name}: [symlink] 账套文件不得为符号链接 a book file may not be a symbolic link"
            )
        return result
    with consistent_read(ledger):
        swept = sweep(ledger, None, read=lambda loaded: _record_errors(ledger, result, loaded))
    result.differences = reconcile(mirrored(swept))
    return result

"""`jcg check`: the auditor's verdict on the books. It fails when any of these fails:

1. Beancount's validation and the policy plugin on every book (bean-check);
2. the books' fixed structure: each book's ``option``/``plugin``/``include`` lines are those
   `jcg init` wrote (`books/structure.py`), so no rule can be switched off;
3. the cross-book pass (`crossbook.py`): the rules whose facts sit in another book (and, as
   a warning, a company written off in one book and marked up in the other);
4. the cross-book reconciliation (`reconcile.py`);
5. the audit chain (`audit/chain.py`): the log is intact and every file is as its last record
   says; a hand edit is named by file and first differing entry.

Errors are reported per book as ``<file>:<line>: [rule] message``; `CheckResult.rules` lists
the rule codes found, so a test (and an auditor's script) can tell why the books failed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from jcg_ledger.audit import chain
from jcg_ledger.books.layout import BOOKS, Ledger
from jcg_ledger.books.load import LoadedBook
from jcg_ledger.books.lock import consistent_read
from jcg_ledger.books.structure import check_structure
from jcg_ledger.cache.sweep import mirrored, sweep
from jcg_ledger.crossbook import CrossBookPass
from jcg_ledger.plugins.policy import is_warning
from jcg_ledger.policy import load_policy
from jcg_ledger.reconcile import Difference, reconcile
from jcg_ledger.state.base import Violation

_RULE = re.compile(r"\[([a-z0-9][a-z0-9-]*)\]")


@dataclass
class CheckResult:
    errors: dict[str, list[str]] = field(default_factory=dict)
    warnings: dict[str, list[str]] = field(default_factory=dict)
    differences: list[Difference] = field(default_factory=list)
    entries: dict[str, int] = field(default_factory=dict)
    audit: list[str] = field(default_factory=list)  # problems of the audit chain
    audit_log_broken: bool = False  # the log itself (not only the books) is broken

    @property
    def ok(self) -> bool:
        return not any(self.errors.values()) and not self.differences and not self.audit

    @property
    def rules(self) -> set[str]:
        """The rule codes of every error (warnings excluded), reconciliation and audit."""
        found = {
            m.group(1) for lines in self.errors.values() for m in map(_RULE.search, lines) if m
        }
        if self.differences:
            found.add("reconciliation")
        if self.audit:
            found.add("audit")
        return found

    def as_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "entries": self.entries,
            "errors": self.errors,
            "warnings": self.warnings,
            "reconciliation": [d.message for d in self.differences],
            "audit": self.audit,
        }


def _place(ledger: Ledger, filename: str, lineno: object) -> str:
    if filename.startswith(str(ledger.root)):
        filename = filename[len(str(ledger.root)) + 1 :]
    return f"{filename}:{lineno}"


def describe(ledger: Ledger, error: Any) -> str:
    source = getattr(error, "source", None) or {}
    where = _place(ledger, str(source.get("filename", "")), source.get("lineno", ""))
    return f"{where}: {error.message}"


def _record_errors(ledger: Ledger, result: CheckResult, loaded: LoadedBook) -> None:
    book = loaded.book
    result.entries[book] = len(loaded.entries)
    result.errors[book] = [describe(ledger, e) for e in loaded.errors if not is_warning(e)]
    result.warnings[book] = [describe(ledger, e) for e in loaded.errors if is_warning(e)]
    included = loaded.options.get("include") or []
    for violation in check_structure(ledger, book, [str(name) for name in included]):
        result.errors[book].append(f"{ledger.relative(ledger.main(book))}: {violation.text()}")


def _add(result: CheckResult, book: str, where: str, violation: Violation) -> None:
    target = result.errors if violation.is_error else result.warnings
    target.setdefault(book, []).append(f"{where}: {violation.text()}")


def check(ledger: Ledger) -> CheckResult:
    """Load every book under the posting lock, so a half-finished post is never read.

    One book at a time: of each book only its errors and the transactions reconciliation
    reads (those posting to a mirrored account) are kept, and the cross-book pass keeps the
    registry and the fund's state (the write path keeps all of the state).
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
        try:
            cross: CrossBookPass | None = CrossBookPass(load_policy(ledger.policy_path))
        except Exception:  # a broken policy file: the plugin reports it on every book
            cross = None

        def read(loaded: LoadedBook) -> None:
            _record_errors(ledger, result, loaded)
            if cross is not None:
                cross.read(loaded)

        swept = sweep(ledger, cross, read=read)
        problems = chain.verify(ledger)
    if cross is not None:
        for found in cross.finish():
            where = (
                _place(ledger, found.filename, found.lineno)
                if found.filename
                else ledger.relative(ledger.main(found.book))
            )
            _add(result, found.book, where, found.violation)
    for book in BOOKS:
        result.errors.setdefault(book, [])
        result.warnings.setdefault(book, [])
    result.differences = reconcile(mirrored(swept))
    result.audit = [f"[{p.seq}] {p.message}" for p in problems]
    result.audit_log_broken = any(p.kind == "log" for p in problems)
    return result

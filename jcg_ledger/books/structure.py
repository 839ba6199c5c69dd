"""Rule ``book-structure`` — a book's ``option``, ``plugin`` and ``include`` lines are the ones
`jcg init` wrote, and no other file of the book has any.

The policy plugin is declared by a line of ``main.beancount``; deleting it (or adding
``option "plugin_processing_mode" "raw"``, or a plugin that drops entries, or an ``include``
of another file) would switch the rules off while bean-check stays green. So `jcg check`
compares, book by book::

    ; city/main.beancount as `jcg init` wrote it
    option "booking_method" "STRICT"
    plugin "jcg_ledger.plugins.policy" "city"
    include "accounts.beancount"
    include "../reports/queries.beancount"
    include "journal/*.beancount"

A line missing from the main file, a line added to it, any such line in the accounts, the
queries or a journal, and any file the load read that is not one of those, is a violation
naming the book, the file and the line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from jcg_ledger.books.init import main_text
from jcg_ledger.books.layout import Ledger
from jcg_ledger.state.base import Violation

RULE = "book-structure"

_DIRECTIVE = re.compile(r"^[ \t]*(?:option|plugin|include)\b.*$", re.MULTILINE)
_JOURNAL = re.compile(r"^\d{4}\.beancount$")


def directive_lines(text: str) -> list[tuple[int, str]]:
    """Each ``option``/``plugin``/``include`` line of a file, with its line number."""
    return [
        (text.count("\n", 0, match.start()) + 1, match.group(0).strip())
        for match in _DIRECTIVE.finditer(text)
    ]


def expected_lines(book: str) -> list[str]:
    return [line for _, line in directive_lines(main_text(book))]


def _norm(line: str) -> str:
    """A directive line without its comment and with single spaces (formatting is free)."""
    body = re.sub(r'\s*;[^"]*$', "", line)
    return " ".join(body.split())


def book_files(ledger: Ledger, book: str) -> list[Path]:
    """The files a book is expected to load: its main, accounts, the queries, its journals."""
    files = [ledger.main(book), ledger.accounts(book), ledger.queries_path]
    files += sorted((ledger.book_dir(book) / "journal").glob("*.beancount"))
    return files


def check_structure(ledger: Ledger, book: str, included: Iterable[str] = ()) -> list[Violation]:
    """Violations of the book's fixed structure; `included` are the files a load read."""
    found: list[Violation] = []
    main = ledger.main(book)
    where = ledger.relative(main)
    text = main.read_text("utf-8") if main.is_file() else ""
    want = [_norm(line) for line in expected_lines(book)]
    have = directive_lines(text)
    remaining = list(want)
    for number, line in have:
        if _norm(line) in remaining:
            remaining.remove(_norm(line))
        else:
            found.append(
                Violation(
                    RULE,
                    f"账套 {book} {where}:{number} 多出 jcg init 未写的行 line not written by "
                    f"jcg init: {line}",
                    field=book,
                )
            )
    for line in remaining:
        found.append(
            Violation(
                RULE,
                f"账套 {book} {where} 缺少 jcg init 写入的行 line written by jcg init is "
                f"missing: {line}",
                field=book,
            )
        )
    for path in book_files(ledger, book)[1:]:
        if not path.is_file():
            continue
        for number, line in directive_lines(path.read_text("utf-8")):
            found.append(
                Violation(
                    RULE,
                    f"账套 {book} {ledger.relative(path)}:{number} 不得含 option/plugin/include "
                    f"行 only main.beancount declares them: {line}",
                    field=book,
                )
            )
    journal_dir = ledger.book_dir(book) / "journal"
    for path in book_files(ledger, book)[3:]:
        if not _JOURNAL.match(path.name):
            found.append(
                Violation(
                    RULE,
                    f"账套 {book} {ledger.relative(path)} 不是年度分录文件 is not a yearly "
                    "journal (journal/YYYY.beancount)",
                    field=book,
                )
            )
    expected = {p.resolve() for p in book_files(ledger, book)}
    for name in included:
        path = Path(name).resolve()
        if path not in expected and path.parent != journal_dir.resolve():
            found.append(
                Violation(
                    RULE,
                    f"账套 {book} 读入了其他文件 loads a file that is not part of the book: {name}",
                    field=book,
                )
            )
    return found

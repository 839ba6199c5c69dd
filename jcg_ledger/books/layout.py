"""Where each book's files live under a ledger folder.

ledger/
  policy.toml                  the policy data file (all books read it)
  audit.log                    hash-chained audit records, one JSON line per post
  reports/queries.beancount    named BQL queries, included by every book
  city/main.beancount          options, plugins, includes
  city/accounts.beancount      chart of accounts (Chinese names in `name_zh`)
  city/journal/2025.beancount  entries, one file per year
  city/documents/<sha256>.pdf  attached files, named by their content (`jcg_ledger.evidence`)
  platform/…  fund/…
  .jcg/                        lock, commit journal, staging (never part of the books)

None of these may be a symbolic link (`Ledger.symlinks`): a post replaces a file by renaming a
new one over it, which would silently turn a link into a file (and, before that, the books would
be read from wherever the link points). The write path, the loader and `jcg check` refuse.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

BOOKS: tuple[str, ...] = ("city", "platform", "fund")

BOOK_TITLES: dict[str, str] = {
    "city": "晋创谷·晋城 市级专项资金 City special funds",
    "platform": "晋创谷·晋城 市属国有投资平台 State investment platform",
    "fund": "晋创谷·晋城 科技创新专项基金 Venture fund",
}


class SymlinkedBookFile(Exception):
    """Files of the books that are symbolic links: refused, never followed nor replaced."""

    def __init__(self, names: list[str]) -> None:
        self.names = names
        super().__init__(
            f"账套文件不得为符号链接 book files may not be symbolic links: {', '.join(names)} "
            "— replace each link by the file it points to (or remove it), then run `jcg check`"
        )


@dataclass(frozen=True)
class Ledger:
    """A ledger folder holding the three books."""

    root: Path

    @classmethod
    def at(cls, root: str | os.PathLike[str]) -> Ledger:
        return cls(Path(root).resolve())

    def book_dir(self, book: str) -> Path:
        return self.root / book

    def main(self, book: str) -> Path:
        return self.root / book / "main.beancount"

    def accounts(self, book: str) -> Path:
        return self.root / book / "accounts.beancount"

    def documents(self, book: str) -> Path:
        """Attached files (`jcg_ledger.evidence`), named by the SHA-256 of their content."""
        return self.root / book / "documents"

    def document(self, book: str, name: str) -> Path:
        return self.documents(book) / name

    def journal(self, book: str, year: int) -> Path:
        return self.root / book / "journal" / f"{year}.beancount"

    @property
    def policy_path(self) -> Path:
        return self.root / "policy.toml"

    @property
    def audit_path(self) -> Path:
        return self.root / "audit.log"

    @property
    def queries_path(self) -> Path:
        return self.root / "reports" / "queries.beancount"

    @property
    def work_dir(self) -> Path:
        """Private working folder: lock, commit journal, staging. Not part of the books."""
        return self.root / ".jcg"

    def exists(self) -> bool:
        return all(self.main(b).is_file() for b in BOOKS) and self.policy_path.is_file()

    def book_files(self) -> Iterator[Path]:
        """Every file the books are made of (what a load reads), sorted."""
        yield self.policy_path
        if self.queries_path.exists():
            yield self.queries_path
        for book in BOOKS:
            yield self.main(book)
            yield self.accounts(book)
            yield from sorted((self.book_dir(book) / "journal").glob("*.beancount"))
            documents = self.documents(book)
            if documents.is_dir():
                yield from sorted(p for p in documents.iterdir() if p.is_file())

    def relative(self, path: Path) -> str:
        return str(path.relative_to(self.root))

    def symlinks(self) -> list[str]:
        """Every symbolic link among the books' files and folders (relative paths, sorted).

        The top-level files (policy, audit log), the private work folder (lock, commit
        journal, stages), the queries folder and each book's folder with everything under it;
        links are reported, never followed.
        """
        found: list[str] = []
        top = [self.policy_path, self.audit_path, self.work_dir, self.queries_path.parent]
        for path in [*top, *(self.book_dir(b) for b in BOOKS)]:
            if path.is_symlink():
                found.append(self.relative(path))
        for folder in [self.work_dir, self.queries_path.parent, *map(self.book_dir, BOOKS)]:
            if folder.is_symlink() or not folder.is_dir():
                continue
            for parent, dirs, files in os.walk(folder):  # never descends into a linked folder
                for name in [*dirs, *files]:
                    path = Path(parent) / name
                    if path.is_symlink():
                        found.append(self.relative(path))
        return sorted(found)

    def refuse_symlinks(self) -> None:
        """Raise `SymlinkedBookFile` naming every linked file or folder of the books."""
        links = self.symlinks()
        if links:
            raise SymlinkedBookFile(links)

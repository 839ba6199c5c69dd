"""The reliability tests' books: fresh, with the appropriations their entrustments need."""

from __future__ import annotations

from pathlib import Path

import pytest

from jcg_ledger.books.init import init_ledger
from jcg_ledger.books.layout import Ledger
from tests.conftest import funding, post_raw


@pytest.fixture
def ledger(tmp_path: Path) -> Ledger:
    """Empty books but for 2025–2029's appropriations (cash and lines for project.fund)."""
    books = init_ledger(tmp_path / "ledger")
    post_raw(books, funding())
    return books

"""Fixtures of the Fava tests: demo books built once per session, Fava's real application."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from jcg_ledger.books.layout import Ledger
from jcg_ledger.demo import build_demo
from jcg_ledger.fava_ext.serve import create_app
from jcg_ledger.fava_ext.view import clear_cache


@pytest.fixture(scope="session")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Ledger:
    """Demo books (posted through the write path): built once, never written by a test."""
    ledger, _count = build_demo(tmp_path_factory.mktemp("fava") / "demo")
    return ledger


@pytest.fixture
def demo_copy(demo: Ledger, tmp_path: Path) -> Ledger:
    """A private copy of the demo books, for tests that write."""
    target = tmp_path / "demo"
    shutil.copytree(demo.root, target, ignore=shutil.ignore_patterns(".jcg"))
    return Ledger.at(target)


@pytest.fixture(scope="session")
def app(demo: Ledger) -> Any:
    """Fava over the demo books, read-only (as `jcg serve`)."""
    return create_app(demo)


def book_slugs(app: Any) -> dict[str, str]:
    """The URL slug of each book: Fava derives it from the book's title."""
    return {
        Path(ledger.beancount_file_path).parent.name: slug
        for slug, ledger in app.config["LEDGERS"].items()
    }


@pytest.fixture
def client(app: Any) -> Iterator[Any]:
    """A test client of the read-only app, as the app's own pages call it (a Referer of this
    host: the API and downloads refuse other origins); `client.slugs` maps book -> URL slug."""
    test_client = app.test_client()
    test_client.environ_base["HTTP_REFERER"] = "http://localhost/"
    test_client.slugs = book_slugs(app)
    yield test_client
    clear_cache()

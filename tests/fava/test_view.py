"""The extension's view of the books is folded from what Fava loaded, never loaded again.

`jcg serve` loads each book once, in Fava; a page request must not parse or book them a
second time (that doubled the first request's time and the process's memory). The view is
rebuilt when Fava reloads a book, and when the app does not serve all three books (Fava run on
one book) the view still loads them itself.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from beancount import loader

from jcg_ledger.books import load as books_load
from jcg_ledger.books.layout import BOOKS, Ledger
from jcg_ledger.cache import sweep as books_sweep
from jcg_ledger.fava_ext import view as view_module
from jcg_ledger.fava_ext.pages import PAGES
from jcg_ledger.fava_ext.serve import create_app
from jcg_ledger.fava_ext.view import CachedView, cached_view, clear_cache
from jcg_ledger.plugins.policy import STATE_OPTION
from jcg_ledger.reports import REPORTS, BooksView
from jcg_ledger.reports import base as reports_base
from tests.conftest import post_raw

AS_OF = date(2026, 6, 30)


@pytest.fixture
def loads(monkeypatch: pytest.MonkeyPatch) -> Iterator[Counter[str]]:
    """Counts every load of a book: jcg's loader and Beancount's (which Fava calls)."""
    counts: Counter[str] = Counter()

    def counting(name: str, fn: Any) -> Any:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            counts[name] += 1
            return fn(*args, **kwargs)

        return wrapper

    load_book = counting("load_book", books_load.load_book)
    for module in (books_load, books_sweep, reports_base):  # each imports it by name
        monkeypatch.setattr(module, "load_book", load_book)
    monkeypatch.setattr(loader, "_load", counting("beancount", loader._load))
    monkeypatch.setattr(
        loader, "_uncached_load_file", counting("beancount", loader._uncached_load_file)
    )
    clear_cache()
    yield counts
    clear_cache()


def served(app: Any) -> dict[str, Any]:
    """Book -> the FavaLedger serving it."""
    return {
        Path(ledger.beancount_file_path).parent.name: ledger
        for ledger in app.config["LEDGERS"].ledgers
    }


def slugs(app: Any) -> dict[str, str]:
    return {
        Path(ledger.beancount_file_path).parent.name: slug
        for slug, ledger in app.config["LEDGERS"].items()
    }


def fetch_every_page(app: Any, book: str) -> None:
    client = app.test_client()
    slug = slugs(app)[book]
    for page in PAGES:
        response = client.get(f"/{slug}/extension/{page.__name__}/?as_of={AS_OF}")
        assert response.status_code == 200, page
        html = response.get_data(as_text=True)
        assert "账套载入失败" not in html, html


def current(app: Any, demo: Ledger) -> CachedView:
    with app.test_request_context():
        return cached_view(demo.root, served(app))


def test_pages_do_not_load_the_books_again(app: Any, demo: Ledger, loads: Counter[str]) -> None:
    fetch_every_page(app, "city")
    assert loads == Counter(), "a page request loaded the books Fava had already loaded"
    cached = current(app, demo)
    for book, fava_ledger in served(app).items():
        assert cached.view.entries(book) is fava_ledger.all_entries
    assert loads == Counter()


def test_view_of_fava_entries_gives_the_reports_of_a_load(app: Any, demo: Ledger) -> None:
    """The same fold as `jcg report`: every report equal, table by table, row by row."""
    clear_cache()
    folded = current(app, demo).view
    loaded = BooksView.load(demo)
    for name, builder in REPORTS.items():
        assert builder(folded, AS_OF) == builder(loaded, AS_OF), name
    clear_cache()


def test_view_is_rebuilt_only_when_fava_reloads(
    app: Any, demo: Ledger, loads: Counter[str]
) -> None:
    fetch_every_page(app, "city")
    first = current(app, demo)
    fetch_every_page(app, "fund")
    assert current(app, demo) is first
    fava_ledger = served(app)["platform"]
    fava_ledger.load_file()  # what Fava does when it sees a file of the book change
    loads.clear()
    fetch_every_page(app, "city")
    rebuilt = current(app, demo)
    assert rebuilt is not first
    assert rebuilt.view.entries("platform") is fava_ledger.all_entries
    assert loads == Counter()


def test_a_post_shows_after_fava_reloads_the_other_books(
    demo_copy: Ledger, loads: Counter[str]
) -> None:
    app = create_app(demo_copy)
    fetch_every_page(app, "fund")
    result = post_raw(
        demo_copy,
        [
            # The entrustment is charged to its year's conversion-project line.
            {
                "id": "view-budget",
                "type": "budget.appropriate",
                "date": "2028-01-15",
                "year": 2028,
                "measure": "conversion-project",
                "amount": "1万",
            },
            {"id": "view-refresh", "type": "project.fund", "date": "2028-01-15", "amount": "1万"},
        ],
    )
    assert "view-refresh" in result.posted
    # Fava's file watcher notices changes in a thread, after a delay; tell it directly.
    fava = served(app)
    for relative in result.files:
        path = demo_copy.root / relative
        for book in BOOKS:
            if path.is_relative_to(demo_copy.root / book):
                fava[book].watcher.notify(path)
    loads.clear()
    # Fava itself reloads only the book in the URL (fund, which did not change): the
    # extension must have Fava reload the other two before it folds them.
    fetch_every_page(app, "fund")
    assert loads["load_book"] == 0
    assert loads["beancount"] >= 1  # Fava's own reload of the books the post wrote
    assert "view-refresh" in current(app, demo_copy).view.state.core.events


def test_plugin_state_of_fava_loads_is_freed(app: Any) -> None:
    for fava_ledger in served(app).values():
        fava_ledger.load_file()
        # The plugin handed its state back in the load's options map; the extension took it
        # out (Fava keeps the map, and lists it on its options page).
        assert STATE_OPTION not in fava_ledger.options


def test_one_book_in_the_app_loads_the_books(demo: Ledger, loads: Counter[str]) -> None:
    """`fava ledger/city/main.beancount`: the other books are not in the app; load them."""
    from fava.application import create_app as fava_create_app

    app = fava_create_app([str(demo.main("city"))], load=True)
    loads.clear()
    fetch_every_page(app, "city")
    assert loads["load_book"] == len(BOOKS)
    cached = view_module._cache[demo.root]
    assert cached.sources == ()
    assert cached.view.entries("city") is not served(app)["city"].all_entries

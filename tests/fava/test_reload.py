"""Fava's reload after a post appends the new entries, and shows exactly what a full load does.

Each test changes a copy of the demo books (its entries end in 2028: the city book's on
2028-06-30, the platform's on 2028-03-01; 2028's appropriation is posted first) and compares what the served Fava ledgers hold with
Fava's own full load of the same files (`reload.full_load`), then how the reload went
(`reload.book_of(...).outcome`).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote
from urllib.request import urlopen

import pytest
from click.testing import CliRunner

from jcg_ledger.books.init import init_ledger
from jcg_ledger.books.layout import BOOKS, Ledger
from jcg_ledger.cli import main
from jcg_ledger.fava_ext.appended import is_finish_error
from jcg_ledger.fava_ext.reload import book_of, full_load, notice_new_files
from jcg_ledger.fava_ext.serve import create_app
from jcg_ledger.fava_ext.view import clear_cache
from jcg_ledger.state import State
from tests.conftest import post_raw
from tests.fava.serving import free_port, jcg_serve
from tests.projects.test_agent import SETUP as AGENT_SETUP
from tests.projects.test_agent import TODAY as AGENT_TODAY


def fund(event_id: str, on: str, amount: str = "1000") -> dict[str, str]:
    """Money entrusted to the platform: one transaction in the city book, one in the
    platform's."""
    return {"id": event_id, "type": "project.fund", "date": on, "amount": amount}


def accrue(through: str) -> dict[str, Any]:
    """Interest on P2's debt (the books of tests/projects/test_agent.py) accrued."""
    return {"id": f"reload-accrue-{through}", "type": "debt.accrue", "date": through,
            "project": "P2", "through": through}  # fmt: skip


def budget(year: int, on: str) -> dict[str, Any]:
    """The year's sci-tech appropriation (the city book), which money entrusted draws on."""
    return {"id": f"reload-bud-{year}", "type": "budget.appropriate", "date": on, "year": year,
            "department": "sci-tech", "amount": "5000万"}  # fmt: skip


def post(ledger: Ledger, *events: dict[str, Any]) -> None:
    text = "\n".join(json.dumps(e, ensure_ascii=False) for e in events) + "\n"
    result = CliRunner().invoke(main, ["--ledger", str(ledger.root), "post", "-"], input=text)
    assert result.exit_code == 0, result.output


def served(app: Any) -> dict[str, Any]:
    return {
        Path(fava_ledger.beancount_file_path).parent.name: fava_ledger
        for _slug, fava_ledger in app.config["LEDGERS"].items()
    }


def reload_all(app: Any, *changed: str) -> dict[str, tuple[str, str]]:
    """Let Fava notice the change (as before a request) and say how each book loaded.

    Fava's file watcher runs in a thread of its own: the books in `changed` are asked until
    it has seen their files change (or been told of new ones, as before each request)."""
    out = {}
    notice_new_files(served(app).values())  # as before each request
    for book, fava_ledger in served(app).items():
        deadline = time.monotonic() + 30
        while not fava_ledger.changed() and book in changed:
            assert time.monotonic() < deadline, f"Fava did not see {book} change"
            time.sleep(0.05)
        outcome = book_of(fava_ledger).outcome
        out[book] = (outcome.mode, outcome.reason)
    return out


def comparable(options: dict[str, Any]) -> dict[str, Any]:
    """Options as compared: the display context by what it renders, without the policy
    plugin's `State` (handed back through the options, and taken out by whoever loaded)."""
    out = {}
    for key, value in options.items():
        if key == "dcontext":
            out[key] = str(value)
        elif not isinstance(value, State):
            out[key] = value
    return out


def assert_as_full_load(fava_ledger: Any) -> None:
    entries, errors, options = full_load(fava_ledger.beancount_file_path)
    assert fava_ledger.all_entries == entries
    assert list(fava_ledger.load_errors) == errors
    assert comparable(fava_ledger.options) == comparable(options)


@pytest.fixture
def app(demo_copy: Ledger) -> Any:
    """Fava serving a copy of the demo books, to which 2028's appropriation was posted."""
    post(demo_copy, budget(2028, "2028-01-16"))
    app = create_app(demo_copy)
    yield app
    clear_cache()


def test_a_post_is_appended_to_the_books_it_changes(app: Any, demo_copy: Ledger) -> None:
    assert {o[0] for o in reload_all(app).values()} == {"full"}  # the first load
    post(demo_copy, fund("reload-fund-1", "2028-12-28"))
    assert reload_all(app, "city", "platform") == {
        "city": ("appended", ""),
        "platform": ("appended", ""),
        "fund": ("full", "first load"),  # unchanged: not reloaded
    }
    for fava_ledger in served(app).values():
        assert_as_full_load(fava_ledger)
    # One transaction more in each book changed, at the end.
    city = served(app)["city"].all_entries
    assert city[-1].meta["event"] == "reload-fund-1"
    assert len(city) == len(full_load(str(demo_copy.main("city")))[0])


def test_appends_follow_appends_and_a_new_years_file(app: Any, demo_copy: Ledger) -> None:
    post(demo_copy, fund("reload-fund-2", "2028-12-28"))
    post(
        demo_copy, fund("reload-fund-3", "2028-12-29", "2000"), fund("reload-fund-4", "2028-12-30")
    )
    assert reload_all(app, "city", "platform")["city"] == ("appended", "")
    # The first post of 2029 writes journal/2029.beancount in both books.
    post(demo_copy, budget(2029, "2029-01-02"), fund("reload-fund-5", "2029-01-05"))
    assert demo_copy.journal("city", 2029).exists()
    assert reload_all(app, "city", "platform")["platform"] == ("appended", "")
    for fava_ledger in served(app).values():
        assert_as_full_load(fava_ledger)


def test_overdue_warnings_are_those_of_a_full_load(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The platform book warns of a tranche overdue as of today (the plugin's last step): an
    append computes those warnings again and puts them where the plugin does; a settlement
    removes it. The books of tests/projects/test_agent.py (tranche 1 of P1 due 2026-03-15,
    today 2026-07-31; the platform's last entry on 2026-07-10)."""
    monkeypatch.setenv("JCG_TODAY", AGENT_TODAY)
    ledger = init_ledger(tmp_path / "ledger")
    post_raw(ledger, AGENT_SETUP)
    app = create_app(ledger)
    try:
        platform = served(app)["platform"]
        main = platform.beancount_file_path

        def overdue() -> list[str]:
            return [e.message for e in platform.load_errors if is_finish_error(e, main)]

        assert len(overdue()) == 1 and "138 days overdue" in overdue()[0]
        post(ledger, accrue("2026-07-15"))
        assert reload_all(app, "city", "platform")["platform"] == ("appended", "")
        assert_as_full_load(platform)
        assert len(overdue()) == 1
        settle = {"project": "P1", "tranche": 1, "amount": "50万"}
        post(ledger, {"id": "reload-s1", "type": "buyback.settle", "date": "2026-07-20", **settle})
        assert reload_all(app, "platform")["platform"] == ("appended", "")
        assert_as_full_load(platform)
        assert overdue() == []
        post(ledger, accrue("2026-07-25"))
        assert reload_all(app, "city", "platform")["platform"] == ("appended", "")
        assert_as_full_load(platform)
    finally:
        clear_cache()


def test_a_back_dated_post_loads_that_book_in_full(app: Any, demo_copy: Ledger) -> None:
    # After the platform book's last entry, before the city book's.
    post(demo_copy, fund("reload-fund-7", "2028-05-02"))
    assert reload_all(app, "city", "platform") == {
        "city": ("full", "an entry sorts before the book's last"),
        "platform": ("appended", ""),
        "fund": ("full", "first load"),
    }
    for fava_ledger in served(app).values():
        assert_as_full_load(fava_ledger)
    # The next post appends again, to the full load.
    post(demo_copy, fund("reload-fund-8", "2028-12-28"))
    assert reload_all(app, "city", "platform")["city"] == ("appended", "")
    assert_as_full_load(served(app)["city"])


def test_a_file_touched_is_the_same_book(app: Any, demo_copy: Ledger) -> None:
    journal = demo_copy.journal("city", 2028)
    stat = journal.stat()
    os.utime(journal, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    assert reload_all(app, "city")["city"] == ("appended", "")
    assert book_of(served(app)["city"]).outcome.appended == 0
    assert_as_full_load(served(app)["city"])


def test_a_hand_edit_loads_in_full(app: Any, demo_copy: Ledger) -> None:
    journal = demo_copy.journal("city", 2028)
    text = journal.read_text("utf-8")
    journal.write_text(text.replace("基金分配", "基金分配(改)", 1), "utf-8")
    assert reload_all(app, "city")["city"] == ("full", "not an append: 2028.beancount")
    assert_as_full_load(served(app)["city"])


HAND_ENTRY = """
2028-12-31 * "手工 by hand"
  Assets:Bank:SpecialFund  1 CNY
  {account}  -1 CNY
"""


def test_an_entry_the_policy_flags_shows_its_error(app: Any, demo_copy: Ledger) -> None:
    """Typed in by hand: a cash movement without its budgetary twin (rules/budget_twin.py).
    The plugin's error is appended where the full load has it."""
    with demo_copy.journal("city", 2028).open("a", encoding="utf-8") as handle:
        handle.write(HAND_ENTRY.format(account="Equity:Opening"))
    assert reload_all(app, "city")["city"] == ("appended", "")
    city = served(app)["city"]
    assert_as_full_load(city)
    assert any(
        e.source.get("lineno") and "budget" in e.message.lower() for e in city.load_errors
    ), [e.message for e in city.load_errors]


def test_an_entry_beancount_refuses_loads_in_full(app: Any, demo_copy: Ledger) -> None:
    """To an account never opened: Beancount's validation error is the full load's."""
    with demo_copy.journal("city", 2028).open("a", encoding="utf-8") as handle:
        handle.write(HAND_ENTRY.format(account="Equity:Nowhere"))
    assert reload_all(app, "city")["city"] == ("full", "validation error")
    city = served(app)["city"]
    assert_as_full_load(city)
    assert any("Equity:Nowhere" in e.message for e in city.load_errors)


def test_another_day_loads_in_full(
    app: Any, demo_copy: Ledger, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JCG_TODAY", "2032-01-01")
    post(demo_copy, fund("reload-fund-9", "2028-12-28"))
    assert reload_all(app, "city", "platform")["city"] == ("full", "today changed")
    assert_as_full_load(served(app)["city"])


# ----- over HTTP, with the real server ---------------------------------------------------

EXTENSION_PAGES = ("JcgSubsidies", "JcgHoldings", "JcgFund", "JcgReconciliation")
FAVA_PAGES = ("income_statement/", "balance_sheet/", "journal/", "errors/", "holdings/")


def fetch(base: str, path: str) -> str:
    with urlopen(f"{base}/{quote(path)}", timeout=120) as response:
        assert response.status == 200, path
        return str(response.read().decode("utf-8"))


def slugs(ledger: Ledger) -> dict[str, str]:
    """Each book's URL slug: Fava's slug of its title."""
    from fava.util import slugify

    out = {}
    for book in BOOKS:
        title = re.search(r'^option "title" "([^"]*)"', ledger.main(book).read_text("utf-8"), re.M)
        assert title is not None
        out[book] = slugify(title.group(1))
    return out


def pages(base: str, slug: dict[str, str]) -> dict[str, str]:
    out = {}
    for page in EXTENSION_PAGES:
        out[page] = fetch(base, f"{slug['city']}/extension/{page}/")
    for book in BOOKS:
        for page in FAVA_PAGES:
            out[f"{book}/{page}"] = fetch(base, f"{slug[book]}/{page}")
    return out


def normal(html: str) -> str:
    """A page without what differs between two servers of the same books: the time Fava last
    saw the files change (0 until it has seen a change)."""
    return re.sub(r'(id="ledger-mtime">)[0-9]+', r"\g<1>0", html)


def test_over_http_a_post_shows_on_the_next_page_as_after_a_restart(demo_copy: Ledger) -> None:
    post(demo_copy, budget(2028, "2028-01-16"))
    slug = slugs(demo_copy)
    port = free_port()
    with tempfile.TemporaryFile() as log, jcg_serve(demo_copy, port, output=log, timeout=120):
        base = f"http://127.0.0.1:{port}"
        before = pages(base, slug)
        assert "reload-fund-10" not in before["city/journal/"]
        subprocess.run(
            [sys.executable, "-m", "jcg_ledger.cli", "--ledger", str(demo_copy.root), "post", "-"],
            input="\n".join(
                json.dumps(e)
                for e in (budget(2029, "2029-01-02"), fund("reload-fund-10", "2029-01-05"))
            ).encode(),
            check=True,
            capture_output=True,
        )
        after = pages(base, slug)
        log.seek(0)
        output = log.read().decode()
    assert "reload-fund-10" in after["city/journal/"]
    assert "reload-fund-10" in after["platform/journal/"]
    # The post's entries are the first of 2029: each book's only change is a new file.
    assert re.search(r"city: \d+ entries appended", output), output[-2000:]
    assert re.search(r"platform: \d+ entries appended", output), output[-2000:]
    port = free_port()
    with tempfile.TemporaryFile() as log, jcg_serve(demo_copy, port, output=log, timeout=120):
        restarted = pages(f"http://127.0.0.1:{port}", slug)
    for name, html in after.items():
        assert normal(html) == normal(restarted[name]), name

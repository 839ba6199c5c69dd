"""Each programme page in Fava's real application shows what `jcg report … --format json` shows."""

from __future__ import annotations

import json
import re
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from jcg_ledger.books.layout import Ledger
from jcg_ledger.cli import main
from jcg_ledger.fava_ext.pages import PAGES as PAGE_CLASSES
from jcg_ledger.reports import REPORTS
from tests.fava.conftest import book_slugs

PAGES = ("JcgSubsidies", "JcgHoldings", "JcgFund", "JcgReconciliation")

AS_OF = "2026-06-30"


def report_json(ledger: Ledger, name: str) -> dict[str, Any]:
    result = CliRunner().invoke(
        main,
        ["--ledger", str(ledger.root), "report", name, "--as-of", AS_OF, "--format", "json"],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.output)
    return data


def money(value: str) -> str:
    return f"{Decimal(value).quantize(Decimal('0.01')):,.2f}"


def key_figures(data: dict[str, Any], columns: dict[str, set[str]]) -> list[str]:
    """The money figures of each table's totals row and first rows, as the page prints them."""
    figures: list[str] = []
    for name, table in data["tables"].items():
        rows = ([table["totals"]] if table["totals"] else []) + table["rows"][:3]
        for row in rows:
            for key in columns.get(name, set()):
                if row.get(key) not in (None, ""):
                    figures.append(money(row[key]))
    return figures


@pytest.fixture(scope="module")
def pages(client: Any) -> dict[str, str]:
    book = client.slugs["city"]
    out = {}
    for page in PAGES:
        response = client.get(f"/{book}/extension/{page}/?as_of={AS_OF}")
        assert response.status_code == 200, page
        out[page] = response.get_data(as_text=True)
    return out


@pytest.fixture(scope="module")
def client(app: Any) -> Any:
    """Module-scoped, so the pages are fetched once for all comparisons."""
    test_client = app.test_client()
    test_client.slugs = {
        Path(ledger.beancount_file_path).parent.name: slug
        for slug, ledger in app.config["LEDGERS"].items()
    }
    return test_client


def test_every_page_answers_in_every_book(client: Any) -> None:
    for slug in client.slugs.values():
        for page in PAGES:
            response = client.get(f"/{slug}/extension/{page}/")
            assert response.status_code == 200, (slug, page)
            assert "jcg-" + page in response.get_data(as_text=True)


def test_pages_are_listed_in_fava(client: Any) -> None:
    book = client.slugs["city"]
    html = client.get(f"/{book}/journal/").get_data(as_text=True)
    data = json.loads(re.search(r'id="ledger-data">(.*?)</script>', html, re.S).group(1))  # type: ignore[union-attr]
    titles = {e["name"]: e["report_title"] for e in data["extensions"]}
    assert titles["JcgSubsidies"] == "政策兑现 Subsidies"
    assert set(PAGES) <= set(titles)


@pytest.mark.parametrize("page_class", PAGE_CLASSES, ids=lambda c: c.__name__)
def test_page_figures_equal_jcg_report(
    page_class: Any, pages: dict[str, str], demo: Ledger
) -> None:
    html = pages[page_class.__name__]
    for name in page_class.reports:
        if name not in REPORTS:
            # Not written yet: the page says so instead of failing.
            assert f'class="notice missing" data-report="{name}"' in html
            assert "尚未提供" in html and "not available yet" in html
            continue
        data = report_json(demo, name)
        assert f'data-report="{name}"' in html
        assert f"截至 as of {AS_OF}" in html
        report = REPORTS[name](_view(demo), date.fromisoformat(AS_OF))
        columns = {t.name: {c.key for c in t.columns if c.kind == "money"} for t in report.tables}
        figures = key_figures(data, columns)
        for figure in figures:
            assert figure in html, (name, figure)
        for key, value in data["summary"].items():
            assert f'data-key="{key}"' in html
            if isinstance(value, int):
                assert f">{value:,}<" in html


def _view(ledger: Ledger) -> Any:
    from jcg_ledger.fava_ext.view import cached_view

    return cached_view(ledger.root).view


def test_reconciliation_figures_link_to_journal(pages: dict[str, str], demo: Ledger) -> None:
    html = pages["JcgReconciliation"]
    data = report_json(demo, "reconciliation")
    first = data["tables"]["pairs"]["rows"][0]
    figure = money(first["left_balance"])
    account = first["left"].split(":", 1)[1]
    pattern = (
        rf'<a href="/[^"]+/journal/\?account={re.escape(account)}'
        rf'&amp;time=1990-01-01\+-\+[0-9-]{{10}}"[^>]*>{re.escape(figure)}</a>'
    )  # bounded by the page's as-of date
    assert re.search(pattern, html), (figure, account)


def test_subsidies_chart_is_inline_svg(pages: dict[str, str]) -> None:
    html = pages["JcgSubsidies"]
    assert '<svg class="jcg-chart" id="chart-subsidies"' in html
    assert "<script src=" not in html.split('<div class="jcg"')[1]


def test_missing_report_does_not_crash(client: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delitem(REPORTS, "reconciliation")
    book = client.slugs["fund"]
    response = client.get(f"/{book}/extension/JcgReconciliation/")
    assert response.status_code == 200
    assert "尚未提供" in response.get_data(as_text=True)


def test_failing_report_shows_its_error(client: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(view: Any, as_of: date) -> Any:
        raise RuntimeError("boom")

    monkeypatch.setitem(REPORTS, "reconciliation", broken)
    from jcg_ledger.fava_ext.view import clear_cache

    clear_cache()
    book = client.slugs["city"]
    response = client.get(f"/{book}/extension/JcgReconciliation/?as_of=2026-01-01")
    assert response.status_code == 200
    assert "RuntimeError: boom" in response.get_data(as_text=True)
    clear_cache()


@pytest.mark.parametrize(
    ("flt", "account", "as_of"),
    [
        ("^P-HYDRO", None, None),
        ('#补贴 event:"a b&c=d"', "Assets:Bank:专项", date(2026, 6, 30)),
        (None, "Liabilities:Entrusted:City", date(2028, 12, 31)),
        (None, None, None),
    ],
)
def test_journal_links_are_what_url_for_builds(
    app: Any, flt: str | None, account: str | None, as_of: date | None
) -> None:
    """Pages build thousands of journal links without `url_for` (half a millisecond each):
    each must be the address `url_for` gives, query encoding included."""
    from flask import url_for

    from jcg_ledger.fava_ext.pages import _linker, time_range

    slugs = book_slugs(app)
    with app.test_request_context("/"):
        args: dict[str, Any] = {"bfile": slugs["city"], "report_name": "journal"}
        if flt:
            args["filter"] = flt
        if account:
            args["account"] = account
        if as_of is not None:
            args["time"] = time_range(as_of)
        assert _linker(slugs, as_of)("city", flt, account) == url_for("report", **args)


def _table_rows(html: str, table: str) -> tuple[list[str], str]:
    """The body rows (without the totals row) and the totals row of one table of a page."""
    found = re.search(rf'data-table="{table}">(.*?)</table>', html, re.S)
    assert found, table
    rows = re.findall(r"<tr(?: class=\"[^\"]*\")?>(.*?)</tr>", found.group(1), re.S)[1:]
    totals = [r for r in re.findall(r'<tr class="total">(.*?)</tr>', found.group(1), re.S)]
    body = [r for r in rows if r not in totals]
    return body, (totals[0] if totals else "")


def test_long_tables_are_paged_and_the_pages_hold_every_row_once(
    app: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With 3 rows a page, the awards table is walked by its "next" links: the pages hold
    exactly the rows of the unpaged table, in order, each once, and every page shows the
    totals row of all rows; the as-of date is kept in the links."""
    from jcg_ledger.fava_ext import present

    client = app.test_client()
    city = book_slugs(app)["city"]
    address = f"/{city}/extension/JcgSubsidies/?as_of={AS_OF}"
    whole = client.get(address).get_data(as_text=True)
    table = re.findall(r'data-table="([^"]+)"', whole)[0]
    all_rows, all_totals = _table_rows(whole, table)
    assert len(all_rows) > 3 and "data-pager" not in whole  # the demo's tables fit one page
    monkeypatch.setattr(present, "ROWS_PER_PAGE", 3)
    pages = -(-len(all_rows) // 3)
    walked: list[str] = []
    for number in range(1, pages + 1):
        html = client.get(address).get_data(as_text=True)
        rows, totals = _table_rows(html, table)
        walked += rows
        assert totals == all_totals
        last = min(number * 3, len(all_rows))
        assert f"第 {number * 3 - 2}–{last} 行,共 {len(all_rows)} 行" in html
        nav = re.search(rf'data-pager="{table}">(.*?)</nav>', html, re.S)
        assert nav is not None
        following = re.search(r'rel="next" href="([^"]+)"', nav.group(1))
        if number == pages:
            assert following is None
            break
        assert following is not None
        query = following.group(1).replace("&amp;", "&")
        assert f"as_of={AS_OF}" in query
        assert re.search(rf"[?&]page\.[a-z-]+\.{table}={number + 1}(&|$)", query), query
        address = f"/{city}/extension/JcgSubsidies/{query}"
    assert walked == all_rows


@pytest.mark.parametrize(
    "value", ["²", "３", "٣", "-1", "0", "1e9", "999999999999", "abc", "", "2 ", "%00", "1;2"]
)
def test_a_hostile_page_number_shows_a_page(
    app: Any, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    """Whatever `page.<report>.<table>` holds, the page answers 200 with a page of rows:
    the first, or the last when the number is past it; never an error."""
    from urllib.parse import quote

    from jcg_ledger.fava_ext import present

    monkeypatch.setattr(present, "ROWS_PER_PAGE", 3)
    client = app.test_client()
    city = book_slugs(app)["city"]
    base = f"/{city}/extension/JcgSubsidies/?as_of={AS_OF}"
    html = client.get(base).get_data(as_text=True)
    table = re.findall(r'data-table="([^"]+)"', html)[0]
    report = re.search(
        rf'data-report="([^"]+)">(?:(?!data-report).)*data-table="{table}"', html, re.S
    )
    assert report is not None
    response = client.get(f"{base}&page.{report.group(1)}.{table}={quote(value)}")
    assert response.status_code == 200
    shown = response.get_data(as_text=True)
    assert re.search(rf'data-pager="{table}">\s*第 1–3 行', shown), value

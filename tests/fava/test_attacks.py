"""`jcg serve` tried as a hostile user would (issue 12, parts 1 and 2).

Every attack of docs/fava.md's attack table is here, through Fava's test client and, where
the server matters (the WSGI server, the bind address, the proxy's user name), against a
real `jcg serve` process. Each refusal asserts the books are byte-identical afterwards.
The browser side (controls and shortcuts) is in test_browser.py.
"""

from __future__ import annotations

import http.client
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from fava.beans.funcs import hash_entry

from jcg_ledger.audit import chain
from jcg_ledger.books.layout import Ledger
from jcg_ledger.cli import main
from jcg_ledger.fava_ext.serve import create_app
from tests.conftest import snapshot
from tests.fava.serving import free_port, jcg_serve

#: What the app's own pages send with an API call or a download (the test client's host).
SAME = {"Referer": "http://localhost/"}
REFUSED_ZH = "查询被拒绝"
REFUSED_EN = "Query refused"


@pytest.fixture(scope="module")
def books(demo: Ledger, tmp_path_factory: pytest.TempPathFactory) -> Ledger:
    """A private copy of the demo books for this module's attacks."""
    target = tmp_path_factory.mktemp("attacks") / "books"
    shutil.copytree(demo.root, target, ignore=shutil.ignore_patterns(".jcg"))
    return Ledger.at(target)


@dataclass
class Site:
    app: Any
    client: Any
    slugs: dict[str, str]
    log: list[dict[str, object]]


@pytest.fixture(scope="module")
def site(books: Ledger) -> Site:
    log: list[dict[str, object]] = []
    app = create_app(books, access_log=log.append)
    slugs = {
        Path(ledger.beancount_file_path).parent.name: slug
        for slug, ledger in app.config["LEDGERS"].items()
    }
    return Site(app, app.test_client(), slugs, log)


def journal_file(books: Ledger) -> Path:
    return books.journal("city", 2025)


def query_routes(slug: str) -> list[str]:
    """Every route that takes a query text (`query_string`)."""
    return [f"/{slug}/api/query", f"/{slug}/download-query/query_result.csv", f"/{slug}/query/"]


# --- Part 1: the query routes run read statements only --------------------------------


def test_output_command_truncates_nothing(site: Site, books: Ledger, tmp_path: Path) -> None:
    """`.output FILE` opened FILE for writing: a GET truncated a journal to 0 bytes."""
    outside = tmp_path / "outside.txt"
    outside.write_text("keep me", "utf-8")
    before = snapshot(books)
    attacks = [
        f".output {journal_file(books)}",
        f"   .output {outside}",
        f"SELECT 1\n.output {outside}",
        ".output",
    ]
    for route in query_routes(site.slugs["city"]):
        for text in attacks:
            response = site.client.get(route, query_string={"query_string": text}, headers=SAME)
            assert response.status_code == 400, (route, text, response.status_code)
            body = response.get_data(as_text=True)
            assert REFUSED_ZH in body and REFUSED_EN in body and "shell" in body
    assert snapshot(books) == before
    assert outside.read_text("utf-8") == "keep me"
    # The shell still writes to its own buffer, not to a file a request named.
    shell = site.app.config["LEDGERS"][site.slugs["city"]].query_shell.shell
    assert type(shell.outfile).__name__ == "StringIO"


def test_create_table_opens_no_file(site: Site, books: Ledger, tmp_path: Path) -> None:
    """`CREATE TABLE … USING 'csv:…'` opened a file of the caller's choosing (500 naming it
    when missing, its rows otherwise)."""
    before = snapshot(books)
    for source in ("/etc/passwd", str(tmp_path / "absent.csv"), str(journal_file(books))):
        text = f"CREATE TABLE t (a str) USING 'csv:{source}'"
        for route in query_routes(site.slugs["fund"]):
            response = site.client.get(route, query_string={"query_string": text}, headers=SAME)
            assert response.status_code == 400, (route, source, response.status_code)
            assert "CREATE TABLE" in response.get_data(as_text=True)
    assert snapshot(books) == before


@pytest.mark.parametrize(
    "text",
    [
        "SELECT * FROM #accounts",
        "SELECT * FROM accounts",
        'SELECT * FROM "prices"',
        "SELECT * FROM #t",
        "SELECT * FROM (SELECT * FROM #commodities)",
        "INSERT INTO t VALUES ('x')",
        ".run 事件 events-by-id",
        'run "事件 events-by-id"',
        ".format csv",
        ".set numberify true",
        ".parse SELECT 1",
        ".explain SELECT 1",
        ".tables",
        ".describe postings",
        ".help",
        "help",
        ".reload",
        ".errors",
        ".history",
        "?",
        "!ls",
    ],
)
def test_other_statements_and_shell_commands_are_refused(site: Site, text: str) -> None:
    for route in query_routes(site.slugs["platform"]):
        response = site.client.get(route, query_string={"query_string": text}, headers=SAME)
        assert response.status_code == 400, (route, text, response.status_code)
        body = response.get_data(as_text=True)
        assert REFUSED_ZH in body and REFUSED_EN in body


def named_queries(books: Ledger) -> list[tuple[str, str]]:
    from beancount import loader
    from beancount.core.data import Query

    entries, _errors, _options = loader.load_file(str(books.main("city")))
    return [(e.name, e.query_string) for e in entries if isinstance(e, Query)]


def test_read_statements_and_every_named_query_still_run(site: Site, books: Ledger) -> None:
    slug = site.slugs["city"]
    texts = [
        "SELECT account, sum(position) GROUP BY account",
        "select date, narration from year = 2025 where account ~ '^Assets'",
        "SELECT * FROM postings LIMIT 3",
        "SELECT date FROM entries LIMIT 3",
        "SELECT * FROM #postings LIMIT 3",
        "SELECT count(*) FROM (SELECT account FROM postings)",
        "BALANCES",
        "JOURNAL 'Assets:Bank'",
        "PRINT FROM year = 2025",
        "",
    ]
    queries = named_queries(books)
    assert len(queries) == 18  # reports/queries.beancount: every named query (budget execution too)
    for text in texts + [q for _name, q in queries]:
        response = site.client.get(
            f"/{slug}/api/query", query_string={"query_string": text}, headers=SAME
        )
        assert response.status_code == 200, (text, response.get_data(as_text=True))
    download = site.client.get(
        f"/{slug}/download-query/query_result.csv",
        query_string={"query_string": queries[0][1]},
        headers=SAME,
    )
    assert download.status_code == 200 and download.mimetype == "text/csv"


def test_only_csv_downloads(site: Site) -> None:
    for fmt in ("xlsx", "ods", "exe"):
        response = site.client.get(
            f"/{site.slugs['city']}/download-query/query_result.{fmt}",
            query_string={"query_string": "SELECT 1"},
            headers=SAME,
        )
        assert response.status_code == 400, fmt


def test_the_shell_itself_refuses_for_routes_the_guard_does_not_know(
    site: Site, books: Ledger
) -> None:
    """A query reaching Fava's shell by another way (a new route, `query_to_file`)."""
    from jcg_ledger.fava_ext.bql import QueryRefused

    before = snapshot(books)
    fava_ledger = site.app.config["LEDGERS"][site.slugs["city"]]
    shell = fava_ledger.query_shell
    with pytest.raises(QueryRefused):
        shell.execute_query_serialised(fava_ledger.all_entries, f".output {journal_file(books)}")
    with pytest.raises(QueryRefused):
        shell.query_to_file(fava_ledger.all_entries, "CREATE TABLE t (a str) USING 'csv:/x'", "csv")
    assert snapshot(books) == before


# --- Part 1: no side effect, no cross-origin call, no open redirect --------------------


def every_get(slug: str, entry_hash: str) -> list[str]:
    """The GET routes of Fava 1.30 and of the programme's pages."""
    api = [
        "changed",
        "errors",
        "ledger_data",
        "options",
        "journal",
        "events",
        "documents",
        "commodities",
        "statistics",
        "income_statement",
        "balance_sheet",
        "trial_balance",
        "narrations",
        "payee_accounts?payee=x",
        "payee_transaction?payee=x",
        "narration_transaction?narration=x",
        f"context?entry_hash={entry_hash}",
        f"source_slice?entry_hash={entry_hash}",
        "source",
        "journal_page?page=1&order=desc",
        "account_report?a=Assets:Bank:SpecialFund",
        "query?query_string=SELECT+filename,lineno+LIMIT+3",
        "help?page_slug=_index",
    ]
    pages = [
        "",
        "journal/",
        "income_statement/",
        "balance_sheet/",
        "trial_balance/",
        "holdings/",
        "holdings/by_account/",
        "commodities/",
        "documents/",
        "events/",
        "statistics/",
        "errors/",
        "options/",
        "help/",
        "query/?query_string=SELECT+1",
        "account/Assets:Bank:SpecialFund/",
        "extension/JcgSubsidies/",
        "extension/JcgHoldings/",
        "extension/JcgFund/",
        "extension/JcgReconciliation/",
        "download-journal/",
        "download-query/query_result.csv?query_string=SELECT+filename,lineno",
        f"statement/?entry_hash={entry_hash}&key=document",
    ]
    return [f"/{slug}/api/{a}" for a in api] + [f"/{slug}/{p}" for p in pages]


def an_entry_hash(site: Site, book: str) -> str:
    from beancount.core.data import Transaction

    fava_ledger = site.app.config["LEDGERS"][site.slugs[book]]
    entry = next(e for e in fava_ledger.all_entries if isinstance(e, Transaction))
    return str(hash_entry(entry))


@dataclass
class Crawl:
    """Every GET route of every book requested once, with the books before and after."""

    before: dict[str, bytes]
    after: dict[str, bytes]
    cwd_before: list[str]
    cwd_after: list[str]
    bodies: dict[str, str]


@pytest.fixture(scope="module")
def crawl(site: Site, books: Ledger) -> Crawl:
    before = snapshot(books)
    cwd = sorted(p.name for p in Path.cwd().iterdir())
    target = books.journal("platform", 2025)
    bodies: dict[str, str] = {}
    for book, slug in site.slugs.items():
        attacks = [
            f"/{slug}/api/query?query_string=.output+{target}",
            f"/{slug}/download-query/query_result.csv?query_string=.output+{target}",
            f"/{slug}/api/query?query_string=.format+csv",
        ]
        for route in [*attacks, *every_get(slug, an_entry_hash(site, book))]:
            bodies[route] = site.client.get(route, headers=SAME).get_data(as_text=True)
    return Crawl(before, snapshot(books), cwd, sorted(p.name for p in Path.cwd().iterdir()), bodies)


def test_no_get_has_a_side_effect(crawl: Crawl) -> None:
    assert len(crawl.bodies) == 3 * (3 + 46)
    assert crawl.after == crawl.before
    assert crawl.cwd_after == crawl.cwd_before


def test_files_outside_the_books_are_not_served(site: Site) -> None:
    """Fava reads only the books' own files for `api/source` and documents for `document/`."""
    slug = site.slugs["city"]
    for route in ("api/source?filename=/etc/passwd", "document/?filename=/etc/passwd"):
        response = site.client.get(f"/{slug}/{route}", headers=SAME)
        assert response.status_code in (404, 500), route  # Fava's own refusals
        assert "root:" not in response.get_data(as_text=True)


def server_paths(books: Ledger) -> list[str]:
    import jcg_ledger

    return [
        str(books.root),
        str(books.root.resolve()),
        str(Path(jcg_ledger.__file__).resolve().parent.parent),
        str(Path(sys.prefix)),
    ]


def test_no_absolute_server_path_reaches_the_auditor(
    site: Site, books: Ledger, crawl: Crawl
) -> None:
    """The entry modal (`api/context`), the options, errors and reconciliation pages, the
    ledger data in every page, query results: paths relative to the books' folder."""
    paths = server_paths(books)
    for route, body in crawl.bodies.items():
        leaked = [p for p in paths if p in body]
        assert not leaked, (route, leaked)
    slug = site.slugs["city"]
    context = site.client.get(
        f"/{slug}/api/context",
        query_string={"entry_hash": an_entry_hash(site, "city")},
        headers=SAME,
    ).get_json()
    # Shown relative, and marked like a plugin's entry so the modal offers no source editor.
    assert context["data"]["entry"]["meta"]["filename"].startswith("<city/")
    rows = site.client.get(
        f"/{slug}/api/query",
        query_string={"query_string": "SELECT DISTINCT filename ORDER BY filename"},
        headers=SAME,
    ).get_json()["data"]["rows"]
    assert ["city/journal/2025.beancount"] in rows


def test_reconciliation_locations_are_relative(demo: Ledger, tmp_path: Path) -> None:
    """The reconciliation page names the entry behind a difference by its file and line; in
    a folder with a Chinese name (escaped differently in JSON, HTML and URLs)."""
    target = tmp_path / "财务 账套"
    shutil.copytree(demo.root, target, ignore=shutil.ignore_patterns(".jcg"))
    # The city's side of the 2025 flows lost: the platform's and fund's sides are differences.
    Ledger.at(target).journal("city", 2025).write_text("", "utf-8")
    app = create_app(Ledger.at(target), access_log=lambda _r: None)
    client = app.test_client()
    forms = [str(target).encode(), json.dumps(str(target))[1:-1].encode()]
    for slug, _ledger in app.config["LEDGERS"].items():
        for route in ("options/", "api/options", "api/errors", "extension/JcgReconciliation/"):
            body = client.get(f"/{slug}/{route}", headers=SAME).get_data()
            assert not [f for f in forms if f in body], route
    recon = client.get(f"/{slug}/extension/JcgReconciliation/").get_data(as_text=True)
    assert "platform/journal/2025.beancount:" in recon


@pytest.mark.parametrize(
    "headers",
    [
        {},  # an <img referrerpolicy="no-referrer"> on another site
        {"Referer": "http://evil.example/page"},  # an <img> on another site
        {"Origin": "http://evil.example"},
        {"Origin": "null"},
        {"Sec-Fetch-Site": "cross-site", "Referer": "http://localhost/"},
        {"Sec-Fetch-Site": "same-site"},
        {"Referer": "http://localhost.evil.example/"},
    ],
)
def test_cross_origin_api_and_downloads_are_refused(site: Site, headers: dict[str, str]) -> None:
    slug = site.slugs["city"]
    for route in (
        f"/{slug}/api/query?query_string=SELECT+1",
        f"/{slug}/api/ledger_data",
        f"/{slug}/api/context?entry_hash=x",
        f"/{slug}/download-query/query_result.csv?query_string=SELECT+1",
        f"/{slug}/download-journal/",
        f"/{slug}/document/?filename=x",
        f"/{slug}/statement/?entry_hash=x&key=document",
        f"/{slug}/extension/JcgFund/anything",
        "/jump?time=2025",
    ):
        response = site.client.get(route, headers=headers)
        assert response.status_code == 403, (route, headers, response.status_code)
        body = response.get_data(as_text=True)
        assert "跨站请求被拒绝" in body and "Cross-origin request refused" in body


def test_pages_still_open_from_a_link_elsewhere(site: Site) -> None:
    """A plain page read is not an API call: a link in an e-mail opens it."""
    slug = site.slugs["city"]
    for route in (f"/{slug}/journal/", f"/{slug}/extension/JcgFund/", "/"):
        response = site.client.get(route, headers={"Referer": "http://mail.example/"})
        assert response.status_code in (200, 302), route


def test_same_origin_signals_are_accepted(site: Site) -> None:
    route = f"/{site.slugs['city']}/api/query?query_string=SELECT+1"
    for headers in (
        SAME,
        {"Origin": "http://localhost"},
        {"Sec-Fetch-Site": "same-origin"},
        {"Sec-Fetch-Site": "none"},  # the address typed by the auditor
    ):
        assert site.client.get(route, headers=headers).status_code == 200, headers


def test_jump_never_leaves_the_host(site: Site) -> None:
    """Fava's `/jump` redirected to whatever the Referer named."""
    slug = site.slugs["city"]
    evil = site.client.get(
        "/jump?time=2025", headers={"Referer": "http://evil.example/x", "Sec-Fetch-Site": "none"}
    )
    assert evil.status_code in (400, 403)
    assert "evil.example" not in (evil.headers.get("Location") or "")
    missing = site.client.get("/jump?time=2025", headers={"Sec-Fetch-Site": "same-origin"})
    assert missing.status_code == 400
    ok = site.client.get(
        "/jump?time=2025", headers={"Referer": f"http://localhost/{slug}/journal/?x=1"}
    )
    assert ok.status_code == 302
    assert ok.headers["Location"].startswith("http://localhost/")
    assert "time=2025" in ok.headers["Location"]


def test_access_log_names_each_request(site: Site) -> None:
    site.log.clear()
    site.client.get(f"/{site.slugs['city']}/api/query?query_string=.tables", headers=SAME)
    record = site.log[-1]
    assert record["status"] == 400 and record["method"] == "GET" and record["by"] == "-"
    assert str(record["path"]).endswith("/api/query")


# --- Part 2: no editable mode ---------------------------------------------------------


def test_editable_is_a_usage_error(demo_copy: Ledger) -> None:
    """`serve --editable` stored a 99,000,000 unapproved payment in a closed period, let the
    policy plugin line be deleted, and recorded a hand edit as a Fava save: it is gone."""
    before = snapshot(demo_copy)
    try:
        run = subprocess.run(
            [
                *(sys.executable, "-m", "jcg_ledger.cli", "--ledger", str(demo_copy.root)),
                *("serve", "--editable", "--port", str(free_port())),
            ],
            capture_output=True,
            text=True,
            timeout=60,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
    except subprocess.TimeoutExpired:
        pytest.fail("`jcg serve --editable` started a server")
    assert run.returncode == 2
    assert "--editable" in run.stderr and "jcg post" in run.stderr and "只读" in run.stderr
    assert snapshot(demo_copy) == before
    result = CliRunner().invoke(main, ["--ledger", str(demo_copy.root), "serve", "--help"])
    assert "--editable" not in result.output


def test_create_app_has_no_editable_mode() -> None:
    import inspect

    assert "editable" not in inspect.signature(create_app).parameters


# --- A real `jcg serve`: the WSGI server, the bind address, the proxy's user name -------


@dataclass
class Served:
    port: int
    books: Ledger
    log: Path
    process: subprocess.Popen[bytes]

    def request(
        self,
        method: str,
        path: str,
        *,
        user: str | None = "auditor-wang",
        source: str = "127.0.0.2",
        headers: dict[str, str] | None = None,
        body: bytes | None = None,
    ) -> tuple[int, dict[str, str], bytes]:
        conn = http.client.HTTPConnection(
            "127.0.0.1", self.port, timeout=30, source_address=(source, 0)
        )
        sent: dict[str, str | bytes] = {"Referer": f"http://127.0.0.1:{self.port}/"}
        sent.update(headers or {})
        if user is not None:
            sent["X-Remote-User"] = user.encode("utf-8")  # as a proxy sends a name
        try:
            conn.request(method, path, body=body, headers=sent)
            response = conn.getresponse()
            return response.status, dict(response.getheaders()), response.read()
        finally:
            conn.close()


@pytest.fixture(scope="module")
def served(demo: Ledger, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """`jcg serve` behind a (pretend) authenticating proxy at 127.0.0.2."""
    base = tmp_path_factory.mktemp("served")
    books = Ledger.at(base / "books")
    shutil.copytree(demo.root, books.root, ignore=shutil.ignore_patterns(".jcg"))
    port = free_port()
    log = base / "access.log"
    with jcg_serve(
        books,
        port,
        *("--user-header", "X-Remote-User", "--trusted-proxy", "127.0.0.2"),
        *("--access-log", str(log)),
    ) as process:
        yield Served(port, books, log, process)


def city_slug(served: Served) -> str:
    status, headers, _ = served.request("GET", "/")
    assert status == 302
    location = headers["Location"]
    return location.split("/")[3] if location.startswith("http") else location.split("/")[1]


def test_served_by_cheroot_on_loopback(served: Served) -> None:
    status, headers, _ = served.request("GET", "/")
    assert status == 302
    assert "werkzeug" not in headers.get("Server", "").lower()
    assert headers.get("Server", "").startswith("Cheroot/")
    tcp = Path("/proc/net/tcp")
    if not tcp.exists():  # pragma: no cover - not Linux
        pytest.skip("no /proc/net/tcp")
    listening = [
        line.split()[1]
        for line in tcp.read_text().splitlines()[1:]
        if line.split()[3] == "0A" and line.split()[1].endswith(f":{served.port:04X}")
    ]
    assert listening == [f"0100007F:{served.port:04X}"]  # 127.0.0.1 only


def test_served_query_attacks(served: Served, tmp_path: Path) -> None:
    before = snapshot(served.books)
    outside = tmp_path / "outside.txt"
    outside.write_text("keep me", "utf-8")
    slug = city_slug(served)
    from urllib.parse import quote

    journal = served.books.journal("city", 2025)
    for text in (
        f".output {journal}",
        f".output {outside}",
        "CREATE TABLE t (a str) USING 'csv:/etc/passwd'",
    ):
        for route in (f"/{slug}/api/query", f"/{slug}/download-query/query_result.csv"):
            status, _h, body = served.request("GET", f"{route}?query_string={quote(text)}")
            assert status == 400, (route, text, status)
            assert REFUSED_EN.encode() in body
        # The <img> of another site.
        status, _h, _b = served.request(
            "GET",
            f"/{slug}/api/query?query_string={quote(text)}",
            headers={"Referer": "http://evil.example/"},
        )
        assert status == 403
    assert snapshot(served.books) == before
    assert outside.read_text("utf-8") == "keep me"


def test_served_writes_are_refused(served: Served) -> None:
    """What `--editable` let through: a 99,000,000 payment dated in a closed period, the
    policy plugin line deleted from a book."""
    before = snapshot(served.books)
    slug = city_slug(served)
    payment = {
        "t": "Transaction",
        "date": "2025-03-15",
        "flag": "*",
        "payee": "",
        "narration": "未批准付款 unapproved payment",
        "tags": [],
        "links": [],
        "meta": {},
        "postings": [
            {"account": "Expenses:Subsidy:S1", "amount": "99000000 CNY", "meta": {}},
            {"account": "Assets:Bank:SpecialFund", "amount": "-99000000 CNY", "meta": {}},
        ],
    }
    main_file = served.books.main("city")
    without_plugin = "".join(
        line
        for line in main_file.read_text("utf-8").splitlines(keepends=True)
        if not line.startswith("plugin")
    )
    for method, route, body in (
        ("PUT", "api/add_entries", {"entries": [payment]}),
        (
            "PUT",
            "api/source",
            {"file_path": str(main_file), "source": without_plugin, "sha256sum": "x"},
        ),
        ("POST", "api/add_entries", {"entries": [payment]}),
        ("DELETE", "api/source_slice?entry_hash=x&sha256sum=x", None),
    ):
        status, _h, _b = served.request(
            method,
            f"/{slug}/{route}",
            body=json.dumps(body).encode() if body is not None else None,
            headers={
                "Content-Type": "application/json",
                "Origin": f"http://127.0.0.1:{served.port}",
            },
        )
        assert status == 403, (method, route, status)
    assert snapshot(served.books) == before
    assert chain.verify(served.books) == []


def test_proxy_user_reaches_the_access_log(served: Served) -> None:
    slug = city_slug(served)
    status, _h, _b = served.request("GET", f"/{slug}/journal/", user="审计员 wang")
    assert status == 200
    # Not from the proxy: refused even with a user name (the header is not trusted).
    status, _h, body = served.request("GET", f"/{slug}/journal/", source="127.0.0.1")
    assert status == 403 and "认证代理".encode() in body
    # From the proxy without a user name.
    status, _h, _b = served.request("GET", f"/{slug}/journal/", user=None)
    assert status == 401
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        records = [json.loads(line) for line in served.log.read_text("utf-8").splitlines()]
        if any(r["by"] == "审计员 wang" for r in records):
            break
        time.sleep(0.1)
    mine = [r for r in records if r["by"] == "审计员 wang" and r["path"].endswith("/journal/")]
    assert mine and mine[-1]["status"] == 200 and mine[-1]["remote"] == "127.0.0.2"
    assert any(r["status"] == 403 and r["remote"] == "127.0.0.1" for r in records)
    # The log is outside the books, and the books' audit log did not move.
    assert not served.log.resolve().is_relative_to(served.books.root.resolve())
    assert chain.verify(served.books) == []


def test_access_log_inside_the_books_is_refused(demo_copy: Ledger) -> None:
    before = snapshot(demo_copy)
    result = CliRunner().invoke(
        main,
        ["--ledger", str(demo_copy.root), "serve", "--access-log", str(demo_copy.root / "x.log")],
    )
    assert result.exit_code != 0 and "access log" in result.output
    assert snapshot(demo_copy) == before

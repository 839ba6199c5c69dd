"""The pages in a real browser: `jcg serve` in a subprocess, headless Chromium via Playwright.

Skips only where Debian's `chromium` (/usr/bin/chromium) is not installed. Screenshots go to
the test's tmp folder (the path is printed with `-s`).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from jcg_ledger.books.layout import Ledger
from jcg_ledger.cli import main
from tests.fava.serving import free_port, jcg_serve

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PAGES = {
    "JcgSubsidies": "政策兑现 Subsidies",
    "JcgHoldings": "股权与回购 Holdings & buybacks",
    "JcgFund": "基金 Fund",
    "JcgReconciliation": "对账 Reconciliation",
}

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="/usr/bin/chromium absent: install Debian's `chromium` package to run the browser test",
)


@pytest.fixture(scope="module")
def server(demo: Ledger) -> Iterator[str]:
    port = free_port()
    with jcg_serve(demo, port, timeout=30):
        yield f"http://127.0.0.1:{port}"


def test_pages_render_in_chromium(server: str, demo: Ledger, tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    result = CliRunner().invoke(
        main, ["--ledger", str(demo.root), "report", "reconciliation", "--format", "json"]
    )
    pair = json.loads(result.output)["tables"]["pairs"]["rows"][0]
    figure = f"{Decimal(pair['left_balance']):,.2f}"

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(server + "/")  # Fava redirects to the first book's default page
            base = page.url.split("/")[3]
            for name, title in PAGES.items():
                page.goto(f"{server}/{base}/extension/{name}/")
                page.wait_for_selector(f"#jcg-{name}", timeout=15_000)
                heading = page.locator(f"#jcg-{name} h2").inner_text()
                assert heading == title
                body = page.locator(f"#jcg-{name}").inner_text()
                # Every page shows its report (dated), never the "not yet merged" placeholder.
                assert "截至 as of" in body, name
                assert "尚未提供" not in body, name
                page.screenshot(path=str(tmp_path / f"{name}.png"), full_page=True)
            recon = page.locator("#jcg-JcgReconciliation")
            page.goto(f"{server}/{base}/extension/JcgReconciliation/")
            assert figure in recon.inner_text()
            # The figure is a link into Fava's journal, filtered to the account behind it.
            page.locator(f"#jcg-JcgReconciliation a:text-is('{figure}')").first.click()
            page.wait_for_url("**/journal/**", timeout=15_000)
            assert "account=" in page.url
            # The editor is not offered: no link to it in the sidebar, none visible anywhere
            # (the extension's style hides any Fava draws); its page is refused, and a write.
            assert page.locator('aside a[href$="/editor/"]').count() == 0
            links = page.locator('a[href$="/editor/"]')
            assert not any(links.nth(i).is_visible() for i in range(links.count()))
            editor = page.evaluate(
                "async (u) => (await fetch(u)).status", f"{server}/{base}/editor/"
            )
            assert editor == 403
            status = page.evaluate(
                "async (u) => (await fetch(u, {method: 'PUT', body: '{}',"
                " headers: {'Content-Type': 'application/json'}})).status",
                f"{server}/{base}/api/add_entries",
            )
            assert status == 403
        finally:
            browser.close()
    print(f"screenshots in {tmp_path}")
    assert all((tmp_path / f"{n}.png").stat().st_size > 5_000 for n in PAGES)


#: Anchors that lead to the editor, the importer or the add-entry form.
EDITING_LINKS = """() => [...document.querySelectorAll('a[href]')].filter(a =>
    /\\/(editor|import)\\/$/.test(new URL(a.href, location.href).pathname)
    || a.getAttribute('href') === '#add-transaction').map(a => a.outerHTML)"""


def test_editing_controls_and_shortcuts_are_gone(server: str, demo: Ledger) -> None:
    """The editor, import and add-entry controls are not in the page (a `?filter=` showed
    them again when a CSS selector hid them), their shortcuts do nothing, and the entry
    modal shows no source editor and no server path."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(server + "/")
            base = page.url.split("/")[3]
            for query in ("", "?filter=event", "?time=2025&filter=%5Esubsidy"):
                page.goto(f"{server}/{base}/journal/{query}")
                page.wait_for_selector("aside a[href*='/balance_sheet/']", timeout=15_000)
                assert page.evaluate(EDITING_LINKS) == [], query
                assert page.locator("aside").inner_text().count("编辑器") == 0
            journal = page.url
            # "n" opened the add-entry form; "g e" the editor, "g n" the importer.
            page.locator("article").click(position={"x": 5, "y": 5})
            page.keyboard.press("n")
            page.wait_for_timeout(700)
            assert page.locator("dialog").count() == 0
            assert "add-transaction" not in page.url
            for keys in (("g", "e"), ("g", "n")):
                for key in keys:
                    page.keyboard.press(key)
                page.wait_for_timeout(1000)
                assert page.url == journal, keys
            # The form's own address does not open it either.
            page.goto(f"{server}/{base}/journal/#add-transaction")
            page.wait_for_selector("aside a[href*='/balance_sheet/']", timeout=15_000)
            page.wait_for_timeout(700)
            assert page.locator("dialog").count() == 0
            # The entry modal: the location relative and not a link, no source editor.
            page.goto(f"{server}/{base}/journal/")
            page.locator("a[href^='#context-']").first.click()
            dialog = page.locator("dialog")
            dialog.wait_for(timeout=15_000)
            page.wait_for_function(
                "() => /beancount>?:\\d+/.test(document.querySelector('dialog').innerText)",
                timeout=15_000,
            )
            page.wait_for_timeout(700)
            text = dialog.inner_text()
            assert str(demo.root) not in text and "journal/" in text
            assert dialog.locator("form").count() == 0  # the slice editor: save, delete
            assert dialog.locator("button[type=submit]").count() == 0
            assert page.evaluate(EDITING_LINKS) == []
            assert str(demo.root) not in page.content()
        finally:
            browser.close()

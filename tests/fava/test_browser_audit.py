"""An auditor's questions, asked in Chromium: evidence, history, export, drill-down, readability.

`jcg serve` runs in a subprocess over a copy of the demo books with one more event posted: the
last buyback tranche of P-PHOTON, settled with a document number, a bank reference and an
attached scan. Screenshots go to ``tests/fava/screenshots/`` (gitignored; the path is printed
with ``-s``). Skips only where Debian's ``chromium`` is not installed.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from openpyxl import load_workbook

from jcg_ledger.books.layout import Ledger
from jcg_ledger.events import parse_event
from jcg_ledger.post import post
from tests.fava.serving import free_port, jcg_serve
from tests.fava.test_browser import ARGS, CHROMIUM

SHOTS = Path(__file__).parent / "screenshots"
TODAY = "2029-12-31"  # the demo's today: its books are closed through 2027-12
SCAN = b"%PDF-1.4\n% remittance voucher of P-PHOTON's buyback proceeds\n"

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="/usr/bin/chromium absent: install Debian's `chromium` package to run the browser test",
)


@pytest.fixture(scope="module")
def books(demo: Ledger, tmp_path_factory: pytest.TempPathFactory) -> Ledger:
    root = tmp_path_factory.mktemp("audit-browser")
    target = root / "demo"
    shutil.copytree(demo.root, target, ignore=shutil.ignore_patterns(".jcg"))
    ledger = Ledger.at(target)
    scan = root / "收益上缴凭证 P-PHOTON.pdf"
    scan.write_bytes(SCAN)
    previous = os.environ.get("JCG_TODAY")
    os.environ["JCG_TODAY"] = TODAY
    try:
        post(
            ledger,
            [
                parse_event(
                    {
                        # The demo collected tranche 3 (pj-photon-s3); the platform then
                        # remits that principal to the city, with its voucher attached.
                        "id": "pj-photon-remit",
                        "type": "proceeds.remit",
                        "date": "2028-05-30",  # before P-HYDRO's deadline (2028-06-01)
                        "project": "P-PHOTON",
                        "amount": "2400000",
                        "principal": "2400000",
                        "doc_no": "晋投回〔2026〕31号",
                        "bank_ref": "CB20261020-0112",
                        "attachments": [str(scan)],
                    }
                )
            ],
            by="auditor-test",
        )
    finally:
        if previous is None:
            os.environ.pop("JCG_TODAY", None)
        else:
            os.environ["JCG_TODAY"] = previous
    return ledger


@pytest.fixture(scope="module")
def server(books: Ledger) -> Iterator[str]:
    port = free_port()
    with jcg_serve(books, port, env={"JCG_TODAY": TODAY}, timeout=30):
        yield f"http://127.0.0.1:{port}"


@pytest.fixture(scope="module")
def browser_page(server: str) -> Iterator[tuple[Any, str]]:
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        try:
            context = browser.new_context(
                viewport={"width": 1400, "height": 1000}, accept_downloads=True
            )
            page = context.new_page()
            page.goto(server + "/")
            yield page, page.url.split("/")[3]
        finally:
            browser.close()
    print(f"screenshots in {SHOTS}")


def _slugs(page: Any, server: str) -> dict[str, str]:
    """Book -> URL slug, from the links of the first jcg page."""
    base = page.url.split("/")[3]
    page.goto(f"{server}/{base}/extension/JcgSubsidies/")
    page.wait_for_selector("#jcg-JcgSubsidies .books a")
    out = {}
    for link in page.locator("#jcg-JcgSubsidies .books a").all():
        book = link.inner_text().split()[0]
        out[book] = urlsplit(link.get_attribute("href")).path.split("/")[1]
    return out


def _shot(page: Any, name: str) -> None:
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
    assert (SHOTS / f"{name}.png").stat().st_size > 5_000


def test_project_life_evidence_and_jumps(browser_page: tuple[Any, str], server: str) -> None:
    page, _ = browser_page
    slugs = _slugs(page, server)
    page.goto(f"{server}/{slugs['platform']}/extension/JcgProject/?project=P-PHOTON")
    page.wait_for_selector("#jcg-JcgProject table.jcg-table")
    body = page.locator("#jcg-JcgProject").inner_text()
    for text in (
        "项目立项 project.approve",
        "项目资金拨付 project.disburse",
        "转股转债 project.convert",
        "回购协议 buyback.agree",
        "回购结算 buyback.settle",
        "晋创谷〔2025〕7号",
        "晋投回〔2026〕31号",
        "CB20261020-0112",
        "2,400,000.00",
    ):
        assert text in body, text
    _shot(page, "01-project-life-P-PHOTON")
    # The attachment opens the stored file (same bytes as attached).
    row = page.locator("tr", has_text="pj-photon-remit").first
    href = row.locator("a", has_text="件").get_attribute("href")
    content = page.evaluate("async (u) => await (await fetch(u)).text()", href)
    assert content == SCAN.decode()
    # The approval lives in both books: its jump opens it in the other one.
    approval = page.locator("tr", has_text="pj-photon-ok")
    jump = approval.locator("a", has_text=re.compile("^city$")).first
    page.goto(server + (jump.get_attribute("href") or ""))
    query = parse_qs(urlsplit(page.url).query)
    assert query["filter"] == ['event:"^pj\\-photon\\-ok$"']
    assert slugs["city"] in page.url
    page.wait_for_selector("text=P-PHOTON", timeout=15_000)
    _shot(page, "02-jump-to-city-book")
    # Each step's audit record.
    page.goto(f"{server}/{slugs['platform']}/extension/JcgProject/?project=P-PHOTON")
    # The platform's row (the city's comes first): its record opens in this book.
    page.locator("tr", has_text="pj-photon-remit").last.locator("a", has_text="查看").click()
    page.wait_for_selector("#jcg-JcgAudit table.jcg-table")
    rows = page.locator("#jcg-JcgAudit tbody tr")
    assert rows.count() == 1
    assert "auditor-test" in rows.first.inner_text()
    _shot(page, "03-audit-record-of-one-event")


def test_audit_log_page(browser_page: tuple[Any, str], server: str) -> None:
    page, base = browser_page
    page.goto(f"{server}/{base}/extension/JcgAudit/")
    page.wait_for_selector("#jcg-JcgAudit table.jcg-table")
    text = page.locator("#jcg-JcgAudit").inner_text()
    assert "pj-photon-remit" in text and "documents/" in text
    _shot(page, "04-audit-log")


def test_fava_documents_page_lists_the_attachment(
    browser_page: tuple[Any, str], server: str
) -> None:
    page, _ = browser_page
    slugs = _slugs(page, server)
    page.goto(f"{server}/{slugs['platform']}/documents/")
    page.wait_for_selector("text=.pdf", timeout=15_000)
    _shot(page, "05-fava-documents-page")


def test_export_downloads_a_workbook(browser_page: tuple[Any, str], server: str) -> None:
    page, base = browser_page
    page.goto(f"{server}/{base}/extension/JcgSubsidies/?as_of=2026-06-30")
    page.wait_for_selector("#jcg-JcgSubsidies a.export")
    with page.expect_download() as info:
        page.locator("#jcg-JcgSubsidies a.export").click()
    target = SHOTS / "JcgSubsidies-2026-06-30.xlsx"
    info.value.save_as(str(target))
    workbook = load_workbook(target)
    assert workbook.sheetnames[0] == "说明 About"
    assert len(workbook.sheetnames) > 1


def test_approved_and_paid_open_different_entries(
    browser_page: tuple[Any, str], server: str
) -> None:
    page, base = browser_page
    page.goto(f"{server}/{base}/extension/JcgSubsidies/?as_of=2026-06-30")
    table = page.locator("#jcg-JcgSubsidies table.jcg-table").first
    headers = [h.inner_text().split("\n")[0] for h in table.locator("thead th").all()]
    first = table.locator("tbody tr").first
    approved = first.locator("td").nth(headers.index("核定")).locator("a")
    paid = first.locator("td").nth(headers.index("已拨付")).locator("a")
    seen = {}
    for name, link in (("approved", approved), ("paid", paid)):
        href = unquote(link.get_attribute("href") or "")
        assert "time=1990-01-01 - 2026-06-30" in href.replace("+", " "), href
        page.goto(server + (link.get_attribute("href") or ""))
        seen[name] = parse_qs(urlsplit(page.url).query)["filter"][0]
        _shot(page, f"06-drill-down-{name}")
        page.go_back()
    assert "approve" in seen["approved"] and "pay" in seen["paid"]
    assert seen["approved"] != seen["paid"]


def test_readability(browser_page: tuple[Any, str], server: str) -> None:
    page, base = browser_page
    page.set_viewport_size({"width": 1000, "height": 900})
    page.goto(f"{server}/{base}/extension/JcgHoldings/?as_of=2026-06-30")
    page.wait_for_selector("#jcg-JcgHoldings .scroll")
    wide = page.evaluate(
        """() => [...document.querySelectorAll('#jcg-JcgHoldings .scroll')]
            .findIndex(d => d.scrollWidth > d.clientWidth)"""
    )
    assert wide >= 0, "a holdings table wider than the page scrolls inside the page"
    box = page.locator("#jcg-JcgHoldings .scroll").nth(wide)
    first_cell = box.locator("tbody tr td").first
    before = first_cell.bounding_box()["x"]
    box.evaluate("d => d.scrollLeft = d.scrollWidth")
    assert abs(first_cell.bounding_box()["x"] - before) < 1  # the first column stays
    _shot(page, "07-holdings-scrolled-first-column-fixed")
    page.set_viewport_size({"width": 1400, "height": 1000})
    page.goto(f"{server}/{base}/extension/JcgHoldings/?as_of=2026-12-31")
    text = page.locator("#jcg-JcgHoldings").inner_text()
    assert not re.search(r"(?<![\d,.])2,0[0-9]{2}(?![\d,.])", text), "years print as years"
    page.goto(f"{server}/{base}/extension/JcgFund/?as_of=2026-06-30")
    fund = page.locator("#jcg-JcgFund dl.summary").inner_text()
    assert re.search(r"IRR\s+-?[0-9.]+%", fund), fund
    _shot(page, "08-fund-irr-percent-and-charts")
    page.goto(f"{server}/{base}/extension/JcgReconciliation/")
    text = page.locator("#jcg-JcgReconciliation").inner_text()
    assert "Assets:Entrusted:Platform 委托" in text or re.search(
        r"Assets:[A-Za-z:]+ [\u4e00-\u9fff]", text
    ), "accounts shown with their Chinese names"
    _shot(page, "09-reconciliation-chinese-account-names")


def test_time_selection_and_income_statement(browser_page: tuple[Any, str], server: str) -> None:
    page, base = browser_page
    page.goto(f"{server}/{base}/extension/JcgSubsidies/?time=2025&filter=%5Esubsidy")
    notice = page.locator("#jcg-JcgSubsidies .notice.filters").all_inner_texts()
    assert any("2025-12-31" in n for n in notice)
    assert any("does not apply Fava's filter" in n for n in notice)
    _shot(page, "10-fava-time-selection-honoured")
    page.goto(f"{server}/{base}/income_statement/")
    page.wait_for_selector("svg", timeout=15_000)
    _shot(page, "11-city-income-statement-signs")


def test_a_shared_link_jumps_to_its_entries_in_every_book(
    browser_page: tuple[Any, str], server: str
) -> None:
    page, _ = browser_page
    slugs = _slugs(page, server)
    page.goto(f"{server}/{slugs['city']}/journal/?filter=%5Efund-2025-01")
    jump = page.locator("a.jcg-jump").first
    jump.wait_for(timeout=15_000)
    _shot(page, "12-journal-link-with-jump")
    page.goto(server + (jump.get_attribute("href") or ""))
    page.wait_for_selector("#jcg-JcgProject table.jcg-table")
    books = page.locator("#jcg-JcgProject tbody tr td:nth-child(2)").all_inner_texts()
    assert {"city", "platform"} <= set(books)
    _shot(page, "13-link-trail-across-books")

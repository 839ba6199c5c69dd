"""The auditors' questions answered by the pages: export, drill-down, project life, history."""

from __future__ import annotations

import io
import re
from decimal import Decimal
from html import unescape
from typing import Any
from urllib.parse import parse_qs, urlsplit

from openpyxl import load_workbook

from jcg_ledger.books.layout import Ledger
from jcg_ledger.fava_ext.present import format_value
from tests.fava.test_pages import AS_OF, report_json

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SAME = {"Sec-Fetch-Site": "same-origin"}
ALL_PAGES = (
    "JcgSubsidies",
    "JcgHoldings",
    "JcgFund",
    "JcgReconciliation",
    "JcgProject",
    "JcgAudit",
)


def _page(client: Any, page: str, **args: str) -> str:
    book = client.slugs["city"]
    response = client.get(f"/{book}/extension/{page}/", query_string={"as_of": AS_OF, **args})
    assert response.status_code == 200, page
    return str(response.get_data(as_text=True))


def test_every_page_exports_its_tables_to_excel(client: Any, demo: Ledger) -> None:
    book = client.slugs["city"]
    for page in ALL_PAGES:
        html = _page(client, page)
        assert f'href="?as_of={AS_OF}&amp;format=xlsx"' in html or "format=xlsx" in html, page
        response = client.get(
            f"/{book}/extension/{page}/", query_string={"as_of": AS_OF, "format": "xlsx"}
        )
        assert response.status_code == 200, page
        assert response.mimetype == XLSX
        assert f"{page}-{AS_OF}.xlsx" in response.headers["Content-Disposition"]
        workbook = load_workbook(io.BytesIO(response.get_data()))
        assert workbook.sheetnames[0].startswith("说明 About"), page
    # The subsidies workbook holds the figures `jcg report subsidies --format json` prints.
    response = client.get(
        f"/{book}/extension/JcgSubsidies/", query_string={"as_of": AS_OF, "format": "xlsx"}
    )
    workbook = load_workbook(io.BytesIO(response.get_data()))
    data = report_json(demo, "subsidies")
    table = next(t for t in data["tables"].values() if t["rows"] and "approved" in t["rows"][0])
    sheet = workbook[table["title"][:31]]
    numbers = {
        Decimal(str(c.value)).quantize(Decimal("0.01"))
        for row in sheet.iter_rows(min_row=2)
        for c in row
        if isinstance(c.value, int | float | Decimal)
    }
    assert {Decimal(r["approved"]).quantize(Decimal("0.01")) for r in table["rows"]} <= numbers
    about = {row[0].value: row[1].value for row in workbook["说明 About"].iter_rows()}
    assert about["截至 As of"].date().isoformat() == AS_OF


def test_an_export_from_another_site_is_refused(client: Any) -> None:
    book = client.slugs["city"]
    response = client.get(
        f"/{book}/extension/JcgSubsidies/?format=xlsx",
        headers={"Referer": "https://evil.example/", "Sec-Fetch-Site": "cross-site"},
    )
    assert response.status_code == 403
    # The page itself stays a plain read.
    page = client.get(f"/{book}/extension/JcgSubsidies/", headers={"Referer": "https://x.example/"})
    assert page.status_code == 200


def _hrefs(html: str) -> list[dict[str, list[str]]]:
    return [parse_qs(urlsplit(unescape(h)).query) for h in re.findall(r'<a href="([^"]+)"', html)]


def test_figures_open_their_entries_up_to_the_as_of_date(client: Any) -> None:
    html = _page(client, "JcgSubsidies")
    links = [q for q in _hrefs(html) if "filter" in q or "account" in q]
    assert links
    assert all(q["time"] == [f"1990-01-01 - {AS_OF}"] for q in links)
    filters = {q["filter"][0] for q in links if "filter" in q}
    # Approved and paid open different views of the journal.
    assert any('type:"\\.approve$"' in f for f in filters)
    assert any('type:"^subsidy\\.pay$"' in f for f in filters)


def test_fava_time_selection_is_the_as_of_date_and_filters_are_declared(client: Any) -> None:
    book = client.slugs["city"]
    html = client.get(
        f"/{book}/extension/JcgSubsidies/", query_string={"time": "2025", "filter": "x"}
    ).get_data(as_text=True)
    html = unescape(html)
    assert 'name="as_of" value="2025-12-31"' in html
    assert "Fava's time selection, 2025-12-31" in html
    assert "does not apply Fava's filter selection" in html


def test_project_life_shows_each_step_with_its_document(client: Any) -> None:
    html = _page(client, "JcgProject", project="P-PHOTON")
    text = re.sub(r"<[^>]+>", " ", html)
    for step in (
        "项目立项 project.approve",
        "委托资金拨付 project.fund",
        "项目资金拨付 project.disburse",
        "转股转债 project.convert",
        "回购协议 buyback.agree",
        "回购结算 buyback.settle",
    ):
        assert step in text, step
    assert "晋创谷〔2025〕7号" in html and "晋投拨〔2025〕15号" in html
    assert "CB20250415-0007" in html
    assert "3,000,000.00" in html  # each disbursement: 300万
    # The approval is written to both books: each row jumps to the other book.
    assert re.search(r'filter=%5Epj-photon-ok[^"]*"[^>]*title="在 city', html) or (
        "pj-photon-ok" in html and "在 city 账套中查看" in html
    )
    # Each step links to its audit record.
    assert "extension/JcgAudit/?event=pj-photon-ok" in html


def test_a_link_shows_its_entries_in_every_book(client: Any) -> None:
    html = _page(client, "JcgProject", link="pj-photon-ok")
    assert "关联 ^pj-photon-ok 的分录" in html
    assert html.count('<td class="">city</td>') + html.count(">city<") >= 1
    assert ">platform<" in html


def test_audit_page_lists_records_and_one_events_record(client: Any) -> None:
    html = _page(client, "JcgAudit")
    assert '审计记录 <span class="en">Audit records</span>' in html
    one = _page(client, "JcgAudit", event="pj-photon-ok")
    rows = re.findall(r"<tr[^>]*>\s*<td class=\"num\">", one)
    assert len(rows) == 1
    assert "pj-photon-ok" in one


def test_readability() -> None:
    assert format_value("int", 2025, "year") == "2025"
    assert format_value("int", Decimal(2025), "fiscal_year") == "2025"
    assert format_value("int", 12345, "count") == "12,345"
    assert format_value("ratio", Decimal("0.0523"), "xirr") == "5.23%"
    assert format_value("ratio", Decimal("1.5"), "moic") == "1.5"

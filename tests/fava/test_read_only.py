"""`jcg serve` is read-only: every write route is refused, the books stay byte-identical.

There is no editable mode any more (tests/fava/test_attacks.py: `serve --editable` is a
usage error).
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from jcg_ledger.books.layout import Ledger
from jcg_ledger.fava_ext.serve import MESSAGE_EN, MESSAGE_ZH, is_refused
from tests.conftest import snapshot

NEW_ENTRY = {
    "t": "Transaction",
    "date": "2026-01-02",
    "flag": "*",
    "payee": "",
    "narration": "手工分录 hand edit",
    "tags": [],
    "links": [],
    "meta": {},
    "postings": [
        {"account": "Assets:Bank:SpecialFund", "amount": "1 CNY", "meta": {}},
        {"account": "Equity:Opening", "amount": "-1 CNY", "meta": {}},
        # The budgetary twin of a cash movement (rules/budget_twin.py).
        {"account": "Equity:Budget:FundBalance", "amount": "1 CNY", "meta": {}},
        {"account": "Equity:Budget:Carryover", "amount": "-1 CNY", "meta": {}},
    ],
}


def write_requests(ledger: Ledger) -> list[tuple[str, str, dict[str, Any]]]:
    """Every route of Fava 1.30 that writes (or runs importer code), with a plausible body."""
    main = str(ledger.main("city"))
    return [
        ("PUT", "api/source", {"json": {"file_path": main, "source": "", "sha256sum": "x"}}),
        ("PUT", "api/source_slice", {"json": {"entry_hash": "x", "source": "", "sha256sum": "x"}}),
        ("DELETE", "api/source_slice", {"query_string": {"entry_hash": "x", "sha256sum": "x"}}),
        ("PUT", "api/format_source", {"json": {"source": "2025-01-01 open Assets:X"}}),
        ("PUT", "api/add_entries", {"json": {"entries": [NEW_ENTRY]}}),
        (
            "PUT",
            "api/add_document",
            {"data": {"folder": "x", "account": "Assets:Bank:SpecialFund"}},
        ),
        ("PUT", "api/attach_document", {"json": {"filename": main, "entry_hash": "x"}}),
        ("PUT", "api/upload_import_file", {"data": {}}),
        ("PUT", "api/move", {"json": {"account": "A", "new_name": "b", "filename": main}}),
        ("DELETE", "api/document", {"query_string": {"filename": main}}),
        ("GET", "api/extract", {"query_string": {"filename": main, "importer": "x"}}),
        ("GET", "api/imports", {}),
        ("GET", "editor/", {}),
        ("GET", "import/", {}),
        ("GET", "extract/", {}),
        ("POST", "extension/JcgSubsidies/anything", {}),
        ("DELETE", "extension/JcgSubsidies/anything", {}),
        ("POST", "journal/", {}),
        ("PATCH", "api/source", {}),
    ]


def test_every_write_is_refused_and_books_unchanged(client: Any, demo: Ledger) -> None:
    before = snapshot(demo)
    for slug in client.slugs.values():
        for method, route, kwargs in write_requests(demo):
            response = client.open(f"/{slug}/{route}", method=method, **kwargs)
            assert response.status_code == 403, (method, route, response.status_code)
            text = response.get_data(as_text=True)
            if "/api/" in f"/{route}":
                assert json.loads(text)["error"].startswith(MESSAGE_ZH)
            else:
                assert MESSAGE_ZH in text and MESSAGE_EN in text
    assert snapshot(demo) == before


def test_reads_still_work_and_editor_is_hidden(client: Any) -> None:
    slug = client.slugs["city"]
    for route in ("journal/", "balance_sheet/", "query/", "api/errors", "api/ledger_data"):
        assert client.get(f"/{slug}/{route}").status_code == 200, route
    page = client.get(f"/{slug}/journal/").get_data(as_text=True)
    assert 'id="jcg-read-only"' in page
    assert client.head(f"/{slug}/journal/").status_code == 200


def test_query_api_runs_named_queries(client: Any) -> None:
    """Reading through the query API is a GET and allowed."""
    response = client.get(
        f"/{client.slugs['city']}/api/query", query_string={"query_string": "SELECT count(*)"}
    )
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("method", "path", "refused"),
    [
        ("GET", "/b/journal/", False),
        ("HEAD", "/b/journal/", False),
        ("GET", "/b/editor/", True),
        ("GET", "/b/api/extract", True),
        ("GET", "/b/api/source", False),
        ("OPTIONS", "/b/journal/", True),
        ("GET", "/b/extension/JcgFund/", False),
    ],
)
def test_is_refused(method: str, path: str, refused: bool) -> None:
    assert is_refused(method, path) is refused

"""Concurrency: 8 shells running `jcg post`, a ninth writer through `jcg_ledger.post.post` and
a read-only `jcg serve` (Fava) browsing and trying to save entries, all at once: every event
lands exactly once, every Fava save is refused, the books check and the audit log verifies.
(`jcg serve` has no editable mode: docs/fava.md.)
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jcg_ledger.books.layout import Ledger
from jcg_ledger.fava_ext.serve import create_app
from tests.reliability.harness import concurrency_experiment

FAVA_SAVES = 5


def fava_entry(n: int) -> dict[str, Any]:
    return {
        "t": "Transaction",
        "date": "2026-01-02",
        "flag": "*",
        "payee": "",
        "narration": f"Fava 手工分录 {n}",
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


def read_only_fava(ledger: Ledger) -> None:
    """An auditor browsing, and trying to save entries, while the posters run."""
    app = create_app(ledger, access_log=lambda _record: None)
    client = app.test_client()
    client.environ_base["HTTP_REFERER"] = "http://localhost/"
    slug = next(s for s, led in app.config["LEDGERS"].items() if "city" in led.beancount_file_path)
    for n in range(FAVA_SAVES):
        assert client.get(f"/{slug}/api/query?query_string=SELECT+count(*)").status_code == 200
        response = client.put(f"/{slug}/api/add_entries", json={"entries": [fava_entry(n)]})
        assert response.status_code == 403, response.get_data(as_text=True)


def test_nine_concurrent_writers_and_a_read_only_fava_lose_nothing(tmp_path: Path) -> None:
    figures = concurrency_experiment(
        tmp_path, workers=8, batches=5, per_batch=10, extra=read_only_fava
    )
    assert figures.failed_calls == []
    assert figures.events == 450
    assert figures.landed == 450
    assert figures.lost == 0
    assert figures.duplicated == 0
    assert figures.check_ok
    assert figures.audit_ok
    city = "".join(
        p.read_text("utf-8") for p in (tmp_path / "ledger" / "city").rglob("*.beancount")
    )
    assert "Fava 手工分录" not in city

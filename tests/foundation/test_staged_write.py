"""The write path refuses a staged write that breaks bean-check, and a re-post of an event id
with other content — writing nothing either way (the books byte-identical afterwards)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from jcg_ledger.books.layout import Ledger
from jcg_ledger.post import PostError
from tests.conftest import as_json, post_raw, snapshot

SETUP = [
    {"id": "bud-2025", "type": "budget.appropriate", "date": "2025-01-15", "year": 2025,
     "department": "sci-tech", "amount": "3000万"},
    {"id": "bud-2026", "type": "budget.appropriate", "date": "2026-01-15", "year": 2026,
     "department": "sci-tech", "amount": "3000万"},
    {"id": "fund-1", "type": "project.fund", "date": "2025-03-01", "amount": "100万"},
]  # fmt: skip

# Typed in by hand, in a file `jcg post` never rewrites: 1,000,000 entrusted on 2026-06-30.
BALANCE = "\n2026-06-30 balance Assets:Entrusted:Platform 1000000.00 CNY\n"


def test_a_post_that_breaks_a_balance_assertion_is_refused(ledger: Ledger) -> None:
    post_raw(ledger, SETUP)
    with ledger.accounts("city").open("a", encoding="utf-8") as handle:
        handle.write(BALANCE)
    before = snapshot(ledger)
    # 1,000 more entrusted on 2026-06-01: the balance on 2026-06-30 would be 1,001,000.00,
    # not the 1,000,000.00 asserted — only loading the staged books (bean-check) sees it.
    late = {"id": "fund-2", "type": "project.fund", "date": "2026-06-01", "amount": "1000"}
    with pytest.raises(PostError) as refused:
        post_raw(ledger, late)
    assert refused.value.rule == "bean-check"
    assert "Balance failed for 'Assets:Entrusted:Platform'" in refused.value.message
    assert "accumulated 1001000.00 CNY (1000.00 too much)" in refused.value.message
    assert snapshot(ledger) == before
    # After the assertion's date the same transfer is fine.
    after = {**late, "id": "fund-3", "date": "2026-07-01"}
    assert post_raw(ledger, after).posted == ["fund-3"]


def test_a_repost_with_other_content_is_refused_and_writes_nothing(
    ledger: Ledger, cli: Callable[..., Result], tmp_path: Path
) -> None:
    post_raw(ledger, SETUP)
    before = snapshot(ledger)
    # The same event again: already posted, nothing written.
    assert post_raw(ledger, SETUP[-1]).already == ["fund-1"]
    assert snapshot(ledger) == before
    # The same id with another amount: no other rule objects to a second transfer of 200万,
    # only the id being taken does.
    other = {**SETUP[-1], "amount": "200万"}
    with pytest.raises(PostError) as refused:
        post_raw(ledger, other)
    assert refused.value.rule == "duplicate-id" and refused.value.event_id == "fund-1"
    assert "already posted" in refused.value.message
    assert snapshot(ledger) == before
    # The CLI says the same, naming the event and the rule.
    path = tmp_path / "other.json"
    path.write_text('[{"id": "fund-1", "type": "project.fund", "date": "2025-03-01", '
                    '"amount": "200万"}]', "utf-8")  # fmt: skip
    result = as_json(cli("post", "--json", str(path)))
    assert result["ok"] is False and result["rule"] == "duplicate-id"
    assert result["event"] == "fund-1" and "already posted" in result["message"]
    assert snapshot(ledger) == before

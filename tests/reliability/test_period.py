"""Period close through the command line: `jcg close YYYY-MM`."""

from __future__ import annotations

import json
from pathlib import Path

from jcg_ledger.audit import chain
from jcg_ledger.books.layout import Ledger
from tests.reliability.harness import books_bytes, entity_event, fund_event, run_cli


def _post(ledger: Ledger, tmp_path: Path, *events: dict[str, object]) -> tuple[int, str]:
    path = tmp_path / "events.json"
    path.write_text(json.dumps(list(events), ensure_ascii=False), "utf-8")
    return run_cli(ledger, "post", str(path))


def test_close_refuses_posts_in_the_period_and_records_itself(
    ledger: Ledger, tmp_path: Path
) -> None:
    assert _post(ledger, tmp_path, entity_event("ACME", 1), fund_event("f-1"))[0] == 0
    code, output = run_cli(ledger, "close", "2025-02")
    assert code == 0, output
    assert "closed through 2025-02-28" in output
    for book in ("city", "platform", "fund"):
        text = ledger.journal(book, 2025).read_text("utf-8")
        assert '2025-02-28 custom "jcg-close" "2025-02"' in text
    records = [json.loads(x) for x in ledger.audit_path.read_text().splitlines()]
    assert records[-1]["action"] == "close" and records[-1]["period"] == "2025-02"
    assert chain.verify(ledger) == []

    before = books_bytes(ledger)
    code, output = _post(ledger, tmp_path, fund_event("late", "5.00", "2025-02-27"))
    assert code == 1
    assert "period-closed" in output and "2025-02" in output and "2025-02-28" in output
    assert books_bytes(ledger) == before
    # The correction goes into the open period.
    assert _post(ledger, tmp_path, fund_event("late", "5.00", "2025-03-01"))[0] == 0
    assert run_cli(ledger, "check")[0] == 0


def test_close_twice_future_and_malformed_are_refused(ledger: Ledger) -> None:
    assert run_cli(ledger, "close", "2025-03")[0] == 0
    before = books_bytes(ledger)
    for period, words in [
        ("2025-02", "already closed"),
        ("2025-03", "already closed"),
        ("2999-01", "has not ended"),
        ("2025-13", "YYYY-MM"),
        ("March", "YYYY-MM"),
    ]:
        code, output = run_cli(ledger, "close", period)
        assert code == 1 and words in output, (period, output)
        assert "Traceback" not in output
    assert books_bytes(ledger) == before


def test_hand_edit_inside_a_closed_period_fails_check(ledger: Ledger, tmp_path: Path) -> None:
    assert _post(ledger, tmp_path, fund_event("f-1", "1000.00"))[0] == 0
    assert run_cli(ledger, "close", "2025-02")[0] == 0
    assert run_cli(ledger, "check")[0] == 0
    path = ledger.journal("city", 2025)
    text = path.read_text("utf-8")
    # Same amount on both sides (reconciliation still holds), new narration: only the close
    # hash can tell.
    path.write_text(
        text.replace("委托资金拨付 city → platform", "委托资金拨付 (edited)", 1), "utf-8"
    )
    code, output = run_cli(ledger, "check")
    assert code == 1
    assert "period-closed" in output and "2025-02" in output

"""Today is ``JCG_TODAY`` or the clock (jcg_ledger/today.py): events dated after it are refused
(rule ``future-date``) by `jcg post` and by `jcg check` on books that hold one; `jcg close` and
the reports' default date read the same today; a malformed value is a usage error (exit 2)."""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from click.testing import Result

from jcg_ledger.books.layout import Ledger
from jcg_ledger.demo import CHAPTERS, DEMO_TODAY
from jcg_ledger.demo.scale import END
from tests.conftest import entity, funding, snapshot

FUND = {"id": "f-1", "type": "project.fund", "date": "2025-07-01", "amount": "1000.00"}
FUNDED = funding((2025,))  # the cash and the 2025 line the entrustment needs (2025-01-02)


def _file(tmp_path: Path, *events: dict[str, object]) -> str:
    path = tmp_path / "events.json"
    path.write_text(json.dumps(list(events), ensure_ascii=False), "utf-8")
    return str(path)


def test_event_after_today_refused_naming_event_field_rule(
    ledger: Ledger, cli: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JCG_TODAY", "2025-06-30")
    before = snapshot(ledger)
    result = cli("post", "--json", _file(tmp_path, *FUNDED, entity("ACME"), FUND))
    assert result.exit_code == 1
    refusal = json.loads(result.output)
    assert (refusal["event"], refusal["field"], refusal["rule"]) == ("f-1", "date", "future-date")
    assert "2025-07-01" in refusal["message"] and "2025-06-30" in refusal["message"]
    assert snapshot(ledger) == before  # the whole batch refused: the registration too

    monkeypatch.setenv("JCG_TODAY", "2025-07-01")  # the day has come
    assert cli("post", _file(tmp_path, *FUNDED, entity("ACME"), FUND)).exit_code == 0


def test_malformed_jcg_today_is_a_usage_error(
    ledger: Ledger, cli: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = snapshot(ledger)
    for raw in ("2025-13-01", "30/06/2025", "tomorrow"):
        monkeypatch.setenv("JCG_TODAY", raw)
        for args in (["post", _file(tmp_path, entity("ACME"))], ["check"], ["close", "2025-01"]):
            result = cli(*args)
            assert result.exit_code == 2, (raw, args, result.output)
            assert "JCG_TODAY" in result.output and "YYYY-MM-DD" in result.output
            assert "Traceback" not in result.output
    assert snapshot(ledger) == before


def test_close_reads_the_same_today(
    ledger: Ledger, cli: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JCG_TODAY", "2025-03-31")  # March has not ended on its last day
    before = snapshot(ledger)
    result = cli("close", "2025-03")
    assert result.exit_code == 1 and "has not ended" in result.output
    assert snapshot(ledger) == before
    monkeypatch.setenv("JCG_TODAY", "2025-04-01")
    assert cli("close", "2025-03").exit_code == 0


def test_report_as_of_defaults_to_jcg_today(
    ledger: Ledger, cli: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JCG_TODAY", "2026-05-17")
    result = cli("report", "subsidies", "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.output)["as_of"] == "2026-05-17"


def test_check_fails_on_books_dated_after_today(
    ledger: Ledger, cli: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert cli("post", _file(tmp_path, *FUNDED, entity("ACME"), FUND)).exit_code == 0
    assert cli("check").exit_code == 0
    # The same books read on a day before their last entry (a clock set back, or entries
    # typed in ahead by hand): each entry dated 2025-07-01 is an error, with the rule's name.
    monkeypatch.setenv("JCG_TODAY", "2025-06-30")
    result = cli("check", "--json")
    assert result.exit_code == 1
    errors = json.loads(result.output)["errors"]
    future = [e for book in ("city", "platform") for e in errors[book] if "[future-date]" in e]
    assert len(future) == 2  # project.fund: one transaction in the city book, one in the platform's
    assert all("2025-07-01" in e for e in future)


def test_demo_lives_on_its_own_timeline() -> None:
    dates = [
        date.fromisoformat(str(e["date"]))
        for chapter in CHAPTERS
        for e in chapter(random.Random(1))
    ]
    assert max(dates) == date(2028, 12, 20)  # the last fund fee of the story
    assert max(dates) <= END <= DEMO_TODAY  # the scaled events too


def test_demo_books_pass_check_on_the_demo_today(
    demo_books: Ledger, monkeypatch: pytest.MonkeyPatch
) -> None:
    from jcg_ledger.check import check

    monkeypatch.setenv("JCG_TODAY", DEMO_TODAY.isoformat())
    assert check(demo_books).ok

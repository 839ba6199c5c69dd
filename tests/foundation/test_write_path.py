"""The write path: refusals change nothing, batches are atomic, ids are idempotency keys,
cross-book flows reconcile, and concurrent posters both land."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from jcg_ledger.books.layout import Ledger
from jcg_ledger.check import check
from tests.conftest import entity, funding, post_raw, snapshot


def good_batch(n: int) -> list[dict[str, Any]]:
    events = [entity(f"CO{i:04d}", index=i + 1) for i in range(n // 2)]
    events += [
        {"id": f"tf-{i}", "type": "project.fund", "date": "2025-03-01", "amount": f"{i + 1}万"}
        for i in range(n - len(events))
    ]
    return events


def write_json(tmp_path: Path, events: Any, name: str = "events.json") -> str:
    path = tmp_path / name
    path.write_text(json.dumps(events, ensure_ascii=False), "utf-8")
    return str(path)


REFUSALS: list[tuple[str, Any, str]] = [
    ("malformed JSON", '[{"id": "x1", "type": "entity.register",', "input"),
    ("malformed CSV", 'id,type,date\n"x1,entity.register,2025-01-01\n', "input"),
    (
        "missing field",
        {
            "id": "x1",
            "type": "entity.register",
            "date": "2025-01-06",
            "name": "某公司",
            "kind": "company",
        },
        "missing",
    ),
    ("unknown field", {**entity("ACME"), "colour": "red"}, "extra_forbidden"),
    ("bad date", {**entity("ACME"), "date": "2025-02-30"}, "date_from_datetime_parsing"),
    (
        "negative amount",
        {"id": "f1", "type": "project.fund", "date": "2025-03-01", "amount": "-100"},
        "value_error",
    ),
    (
        "non-numeric amount",
        {"id": "f1", "type": "project.fund", "date": "2025-03-01", "amount": "一百万"},
        "value_error",
    ),
    (
        "unknown entity",
        {
            "id": "p1",
            "type": "person.register",
            "date": "2025-03-01",
            "person": "P-0001",
            "employer": "NOBODY",
            "tier": "master",
            "mode": "fulltime",
            "start": "2025-03-01",
            "contract_years": 3,
            "social_insurance_months": 6,
        },
        "eligibility",
    ),
    ("bad USCC checksum", {**entity("ACME"), "uscc": "91110000600037341X"}, "value_error"),
    (
        "budget outside the window",
        {
            "id": "b1",
            "type": "budget.appropriate",
            "date": "2030-01-01",
            "year": 2030,
            "department": "sci-tech",
            "amount": "100万",
        },
        "window",
    ),
    (
        "budget before the window",
        {
            "id": "b1",
            "type": "budget.appropriate",
            "date": "2024-12-31",
            "year": 2025,
            "department": "sci-tech",
            "amount": "100万",
        },
        "window",
    ),
    (
        "transfer outside the window",
        {"id": "f1", "type": "project.fund", "date": "2030-01-01", "amount": "100万"},
        "window",
    ),
    (
        "unknown department",
        {
            "id": "b1",
            "type": "budget.appropriate",
            "date": "2025-02-01",
            "year": 2025,
            "department": "市教育局",
            "amount": "100万",
        },
        "unknown-department",
    ),
    (
        "unknown event type",
        {"id": "z1", "type": "subsidy.teleport", "date": "2025-02-01"},
        "unknown-type",
    ),
]


@pytest.mark.parametrize(("what", "payload", "rule"), REFUSALS, ids=[r[0] for r in REFUSALS])
def test_refusal_names_event_and_rule_and_changes_nothing(
    ledger: Ledger, cli: Callable[..., Result], tmp_path: Path, what: str, payload: Any, rule: str
) -> None:
    post_raw(ledger, [entity("JC-BASE", index=9)])
    before = snapshot(ledger)
    path = tmp_path / "in.json"
    path.write_text(
        payload if isinstance(payload, str) else json.dumps(payload, ensure_ascii=False), "utf-8"
    )
    result = cli("post", "--json", str(path))
    assert result.exit_code == 1, result.output
    refusal = json.loads(result.output)
    assert refusal["ok"] is False
    assert refusal["rule"] == rule
    if not isinstance(payload, str):
        assert refusal["event"] == payload["id"]
    assert snapshot(ledger) == before


def test_duplicate_id_with_other_content_is_refused(
    ledger: Ledger, cli: Callable[..., Result], tmp_path: Path
) -> None:
    cli("post", write_json(tmp_path, [entity("ACME")]))
    before = snapshot(ledger)
    changed = {**entity("ACME"), "name": "另一家公司"}
    result = cli("post", "--json", write_json(tmp_path, [changed]))
    assert result.exit_code == 1
    assert json.loads(result.output)["rule"] == "duplicate-id"
    assert snapshot(ledger) == before


def test_entity_admitted_before_registration_is_refused(
    ledger: Ledger, cli: Callable[..., Result], tmp_path: Path
) -> None:
    before = snapshot(ledger)
    result = cli(
        "post",
        "--json",
        write_json(tmp_path, [entity("ACME", on="2025-03-01", admitted="2025-02-01")]),
    )
    assert result.exit_code == 1
    assert json.loads(result.output)["field"] == "admitted"
    assert snapshot(ledger) == before


def test_batch_of_100_with_one_bad_event_writes_nothing(
    ledger: Ledger, cli: Callable[..., Result], tmp_path: Path
) -> None:
    post_raw(ledger, funding())  # cash and lines for the entrustments
    events = good_batch(100)
    events[73] = {"id": "tf-bad", "type": "project.fund", "date": "2031-03-01", "amount": "1万"}
    before = snapshot(ledger)
    result = cli("post", "--json", write_json(tmp_path, events))
    assert result.exit_code == 1
    assert json.loads(result.output)["event"] == "tf-bad"
    assert snapshot(ledger) == before


def test_same_batch_twice_writes_once(
    ledger: Ledger, cli: Callable[..., Result], tmp_path: Path
) -> None:
    post_raw(ledger, funding())  # cash and lines for the entrustments
    path = write_json(tmp_path, good_batch(100))
    first = cli("post", "--json", path)
    assert first.exit_code == 0, first.output
    assert len(json.loads(first.output)["posted"]) == 100
    after_first = snapshot(ledger)
    second = cli("post", "--json", path)
    assert second.exit_code == 0
    payload = json.loads(second.output)
    assert payload["posted"] == [] and len(payload["already_posted"]) == 100
    assert snapshot(ledger) == after_first


def test_dry_run_prints_the_exact_text_and_writes_nothing(
    ledger: Ledger, cli: Callable[..., Result], tmp_path: Path
) -> None:
    post_raw(ledger, funding())  # cash and lines for the entrustments
    path = write_json(
        tmp_path, [{"id": "tf-1", "type": "project.fund", "date": "2025-03-01", "amount": "50万"}]
    )
    before = snapshot(ledger)
    dry = cli("post", "--dry-run", "--json", path)
    assert dry.exit_code == 0
    text = json.loads(dry.output)["text"]
    assert snapshot(ledger) == before
    assert cli("post", path).exit_code == 0
    after = snapshot(ledger)
    for name, appended in text.items():
        assert after[name].decode() == before[name].decode() + appended
    assert "Assets:Entrusted:Platform" in text["city/journal/2025.beancount"]
    assert "500000.00 CNY" in text["platform/journal/2025.beancount"]


def test_csv_and_jsonl_and_stdin(
    ledger: Ledger, cli: Callable[..., Result], tmp_path: Path
) -> None:
    post_raw(ledger, funding())  # cash and lines for the entrustments
    csv_path = tmp_path / "e.csv"
    csv_path.write_text(
        "id,type,date,entity,name,kind,admitted\nr1,entity.register,2025-01-06,ACME,某科技公司,company,2025-01-06\n",
        "utf-8",
    )
    assert cli("post", str(csv_path)).exit_code == 0
    jsonl = '{"id":"f1","type":"project.fund","date":"2025-03-01","amount":"0.01亿"}\n{"id":"f2","type":"project.fund","date":"2025-03-02","amount":1000}\n'
    result = cli("post", "--json", "-", input=jsonl)
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["posted"] == ["f1", "f2"]
    city = (ledger.root / "city/journal/2025.beancount").read_text()
    assert "1000000.00 CNY" in city  # 0.01亿 = 1,000,000 元


def test_usage_errors_exit_2(cli: Callable[..., Result]) -> None:
    assert cli("post", "/nonexistent.json").exit_code == 2
    assert cli("report", "nonsense").exit_code == 2


def test_project_fund_reconciles_and_hand_edit_is_caught(
    ledger: Ledger, cli: Callable[..., Result], tmp_path: Path
) -> None:
    post_raw(ledger, funding())  # cash and lines for the entrustments
    cli(
        "post",
        write_json(
            tmp_path,
            [{"id": "tf-1", "type": "project.fund", "date": "2025-03-01", "amount": "300万"}],
        ),
    )
    result = check(ledger)
    assert result.ok, result.as_dict()
    platform = ledger.root / "platform/journal/2025.beancount"
    text = platform.read_text()
    # A clerk edits the platform side by hand: both postings, so the book still balances.
    platform.write_text(text.replace("3000000.00 CNY", "2999000.00 CNY"))
    broken = cli("check", "--json")
    assert broken.exit_code == 1
    report = json.loads(broken.output)
    assert report["errors"] == {"city": [], "platform": [], "fund": []}
    [difference] = report["reconciliation"]
    # Names both transactions: the city's and the platform's, by file and line.
    assert (
        "city/journal/2025.beancount" in difference
        and "platform/journal/2025.beancount" in difference
    )
    assert "^tf-1" in difference and "3000000.00" in difference and "2999000.00" in difference


def test_two_posters_started_together_both_land(ledger: Ledger, tmp_path: Path) -> None:
    post_raw(ledger, funding())  # cash and lines for the entrustments
    files = []
    for p in range(2):
        events = [
            {
                "id": f"c{p}-{i}",
                "type": "project.fund",
                "date": "2025-03-01",
                "amount": f"{i + 1}万",
            }
            for i in range(10)
        ]
        files.append(write_json(tmp_path, events, f"p{p}.json"))
    env = {**os.environ, "JCG_LEDGER": str(ledger.root)}
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "jcg_ledger.cli", "post", f],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for f in files
    ]
    for proc in procs:
        _out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err.decode()
    text = (ledger.root / "platform/journal/2025.beancount").read_text()
    for p in range(2):
        for i in range(10):
            assert text.count(f'event: "c{p}-{i}"') == 1
    assert check(ledger).ok


def test_no_cache_file_in_books_folder(
    ledger: Ledger, cli: Callable[..., Result], tmp_path: Path
) -> None:
    cli("post", write_json(tmp_path, good_batch(10)))
    cli("check")
    assert not list(ledger.root.rglob("*.picklecache"))

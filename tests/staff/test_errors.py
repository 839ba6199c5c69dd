"""Errors that help: every bad event of a batch, the schema's patterns, ASCII digits, dates."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from click.testing import Result

from jcg_ledger.books.layout import Ledger
from jcg_ledger.events import EventError, EventErrors, json_schema, parse_event
from jcg_ledger.identifiers import ENTITY_CODE, EVENT_ID, PERSON_CODE
from jcg_ledger.listing import LIMIT
from tests.conftest import as_json, entity, post_raw, snapshot


def platform(event_id: str, code: str, subject: str, **extra: Any) -> dict[str, Any]:
    return {
        "id": event_id,
        "type": "subsidy.approve",
        "date": "2025-03-01",
        "entity": code,
        "measure": "platform-provincial",
        "subject": subject,
        "newly_approved": True,
        **extra,
    }


def test_a_batch_names_every_refused_event(ledger: Ledger, cli: Callable[..., Result]) -> None:
    post_raw(ledger, [entity("JC-A", index=1), entity("JC-B", index=2)])
    before = snapshot(ledger)
    batch = [
        platform("a1", "JC-A", "实验室一"),  # fine: 500,000
        platform("a2", "JC-A", "实验室二", amount="60万"),  # above the fixed 500,000
        platform("a3", "JC-X", "实验室三"),  # not registered
        platform("a4", "JC-B", "实验室四", date="2024-06-01"),  # before the policy
    ]
    run = cli("post", "--json", "-", input=json.dumps(batch))
    assert run.exit_code == 1
    result = as_json(run)
    assert result["count"] == 3
    assert [(e["event"], e["field"], e["rule"]) for e in result["errors"]] == [
        ("a2", "amount", "entitlement"),
        ("a3", "entity", "eligibility"),
        ("a4", "date", "window"),
    ]
    # The first one is also at the top, as a single refusal always was.
    assert (result["event"], result["rule"]) == ("a2", "entitlement")
    assert snapshot(ledger) == before
    text = cli("post", "-", input=json.dumps(batch))
    assert "拒绝 refused: 3 个问题 problems" in text.stderr
    assert "✗ 事件 event a3 · 字段 field entity · 规则 rule eligibility" in text.stderr
    assert snapshot(ledger) == before


def test_malformed_events_are_all_named(ledger: Ledger, cli: Callable[..., Result]) -> None:
    before = snapshot(ledger)
    batch = [
        {**entity("JC-A", index=1), "date": "20250110"},
        {**entity("JC-B", index=2), "paid_in_capital": "１２３"},
        entity("JC-C", index=3),
    ]
    run = cli("post", "--json", "-", input=json.dumps(batch))
    assert run.exit_code == 1
    errors = as_json(run)["errors"]
    assert [(e["event"], e["field"]) for e in errors] == [
        ("reg-JC-A", "date"),
        ("reg-JC-B", "paid_in_capital"),
    ]
    assert "YYYY-MM-DD" in errors[0]["message"] and "20250110" in errors[0]["message"]
    assert snapshot(ledger) == before


def test_the_listing_stops_at_its_limit_with_a_count(
    ledger: Ledger, cli: Callable[..., Result]
) -> None:
    batch = [{**entity(f"JC-{i}", index=i), "date": "2025/01/06"} for i in range(1, LIMIT + 6)]
    run = cli("post", "-", input=json.dumps(batch))
    assert run.exit_code == 1
    assert f"拒绝 refused: {LIMIT + 5} 个问题 problems" in run.stderr
    assert "另有 5 个问题未列出 and 5 more not listed" in run.stderr
    assert run.stderr.count("✗ 事件 event") == LIMIT


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("amount", "１２３"),  # full-width digits
        ("amount", "５０万"),
        ("base", "٣٠٠"),  # Arabic-Indic digits
        ("date", "２０２５-03-01"),
    ],
)
def test_digits_are_ascii_as_the_schema_says(field: str, value: str) -> None:
    with pytest.raises(EventError) as refused:
        parse_event(platform("d1", "JC-A", "x", **{field: value}))
    assert refused.value.field == field


@pytest.mark.parametrize("value", ["20250110", 20250110, "2025/01/10", "2025-1-10"])
def test_a_date_not_written_yyyy_mm_dd_says_the_format(value: object) -> None:
    with pytest.raises(EventError) as refused:
        parse_event(platform("d1", "JC-A", "x", date=value))
    assert "YYYY-MM-DD" in refused.value.message


def test_schema_gives_the_code_patterns(cli: Callable[..., Result]) -> None:
    approve = json_schema("subsidy.approve")["properties"]
    assert approve["entity"]["pattern"] == ENTITY_CODE.pattern
    assert approve["id"]["pattern"] == EVENT_ID.pattern
    assert approve["measure"]["pattern"] == EVENT_ID.pattern
    assert approve["date"]["pattern"] == "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
    person = json_schema("person.register")["properties"]
    assert person["person"]["pattern"] == PERSON_CODE.pattern
    register = json_schema("entity.register")["properties"]
    assert register["uscc"]["anyOf"][0]["pattern"].startswith("^[0-9A-HJ-NPQRTUWXY]")
    # Every money pattern admits ASCII digits only, as the parser does.
    money = approve["amount"]["anyOf"][0]["anyOf"][1]["pattern"]
    assert "[0-9]" in money and "\\d" not in money
    run = cli("schema", "project.approve")
    assert run.exit_code == 0 and ENTITY_CODE.pattern in run.stdout


def test_event_errors_keep_the_first_as_their_own() -> None:
    bad = [platform("e1", "jc-a", "x"), platform("e2", "JC-A", "x", date="x")]
    from jcg_ledger.events import parse_events

    with pytest.raises(EventErrors) as refused:
        parse_events(bad)
    assert [(e.event_id, e.field) for e in refused.value.errors] == [
        ("e1", "entity"),
        ("e2", "date"),
    ]
    assert refused.value.event_id == "e1"

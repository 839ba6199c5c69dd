"""`jcg audit log`: every record of the audit log, filtered by day and event, three formats."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from click.testing import Result

from jcg_ledger.books.layout import Ledger
from tests.audit.test_evidence import appropriation
from tests.conftest import post_raw, snapshot


def _rewrite_times(ledger: Ledger, times: list[str]) -> None:
    """Give the records known times (they carry the clock's); the chain is not verified here."""
    lines = ledger.audit_path.read_text("utf-8").splitlines()
    out = []
    for line, at in zip(lines, times, strict=True):
        record = json.loads(line)
        record["at"] = at
        out.append(json.dumps(record, ensure_ascii=False))
    ledger.audit_path.write_text("\n".join(out) + "\n", "utf-8")


def _posted(ledger: Ledger, tmp_path: Path) -> None:
    scan = tmp_path / "decision.pdf"
    scan.write_bytes(b"%PDF decision")
    post_raw(ledger, appropriation("APP-1"), by="wang")
    post_raw(ledger, appropriation("APP-2", attachments=[str(scan)]), by="li")
    _rewrite_times(ledger, ["2025-01-10T09:00:00+00:00", "2025-02-03T10:30:00+00:00"])


def test_json_lists_every_record(
    ledger: Ledger, tmp_path: Path, cli: Callable[..., Result]
) -> None:
    _posted(ledger, tmp_path)
    before = snapshot(ledger)
    result = cli("audit", "log", "--format", "json")
    assert result.exit_code == 0, result.output
    found: list[dict[str, Any]] = json.loads(result.output)
    assert [(r["seq"], r["by"], r["action"], r["events"]) for r in found] == [
        (1, "wang", "post", ["APP-1"]),
        (2, "li", "post", ["APP-2"]),
    ]
    assert found[0]["at"] == "2025-01-10T09:00:00+00:00"
    assert "city/journal/2025.beancount" in found[1]["files"]
    assert any(name.startswith("city/documents/") for name in found[1]["files"])
    assert snapshot(ledger) == before  # reading the history writes nothing


def test_since_and_event_select_records(
    ledger: Ledger, tmp_path: Path, cli: Callable[..., Result]
) -> None:
    _posted(ledger, tmp_path)
    since = json.loads(cli("audit", "log", "--since", "2025-02-01", "--format", "json").output)
    assert [r["seq"] for r in since] == [2]
    one = json.loads(cli("audit", "log", "--event", "APP-1", "--format", "json").output)
    assert [r["events"] for r in one] == [["APP-1"]]
    none = json.loads(cli("audit", "log", "--event", "NOPE", "--format", "json").output)
    assert none == []


def test_csv_and_table(ledger: Ledger, tmp_path: Path, cli: Callable[..., Result]) -> None:
    _posted(ledger, tmp_path)
    text = cli("audit", "log", "--format", "csv").output
    rows = [r for r in csv.reader(io.StringIO(text.lstrip("\ufeff"))) if r]
    assert rows.pop(0) == ["# 审计记录 Audit records"]
    assert rows[0][:4] == ["序号 No.", "时间(UTC) Time (UTC)", "操作人 Operator", "操作 Action"]
    assert [r[2] for r in rows[1:]] == ["wang", "li"]
    assert rows[2][4] == "APP-2"
    table = cli("audit", "log").output
    assert "APP-1" in table and "wang" in table and "li" in table


def test_an_empty_log_lists_nothing(ledger: Ledger, cli: Callable[..., Result]) -> None:
    result = cli("audit", "log", "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.output) == []

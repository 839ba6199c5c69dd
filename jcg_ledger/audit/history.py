"""The change history of the books: the audit log's records as people read them.

`jcg audit log` and the Fava page 审计日志 show the same records: when, who (``--by``, else
``JCG_OPERATOR``, else the OS user of the post), what (``post``, ``close``, ``accept: <reason>``),
which events, and which files with their SHA-256::

    $ jcg audit log --event PAY-1
    序号  时间                       操作人   操作   事件    文件
    3     2025-03-01T09:12:00+00:00  wang     post   PAY-1   city/journal/2025.beancount …

Reading never writes, never verifies (that is `jcg audit verify`): a broken line is shown
as such, not skipped, so the history an auditor reads is the whole log.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from jcg_ledger.books.layout import Ledger
from jcg_ledger.reports.base import Column, Report, Table


@dataclass(frozen=True)
class Record:
    """One audit record (``files`` maps each relative file name to its SHA-256)."""

    seq: int
    at: str
    by: str
    action: str
    events: tuple[str, ...] = ()
    files: dict[str, str] = field(default_factory=dict)
    baseline: dict[str, str] = field(default_factory=dict)
    hash: str = ""

    @property
    def day(self) -> date | None:
        try:
            return datetime.fromisoformat(self.at).date()
        except ValueError:
            return None

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "seq": self.seq,
            "at": self.at,
            "by": self.by,
            "action": self.action,
            "events": list(self.events),
            "files": dict(self.files),
            "hash": self.hash,
        }
        if self.baseline:
            out["baseline"] = dict(self.baseline)
        return out


def _strings(value: object) -> dict[str, str]:
    return {str(k): str(v) for k, v in value.items()} if isinstance(value, dict) else {}


def parse(text: str) -> list[Record]:
    """Every record of the log text, in order; a line that is not a record shows as one."""
    records: list[Record] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
        except json.JSONDecodeError:
            raw = None
        if not isinstance(raw, dict):
            records.append(
                Record(-number, "", "", f"第{number}行不是记录 line {number} unreadable")
            )
            continue
        events = raw.get("events")
        records.append(
            Record(
                int(raw.get("seq", -number)),
                str(raw.get("at", "")),
                str(raw.get("by", "")),
                str(raw.get("action", "")),
                tuple(str(e) for e in events) if isinstance(events, list) else (),
                _strings(raw.get("files")),
                _strings(raw.get("baseline")),
                str(raw.get("hash", "")),
            )
        )
    return records


def records(ledger: Ledger, *, since: date | None = None, event: str | None = None) -> list[Record]:
    """The log's records, those from `since` on (UTC date) and naming `event`, if given."""
    path = ledger.audit_path
    found = parse(path.read_text("utf-8") if path.exists() else "")
    if since is not None:
        found = [r for r in found if (r.day or date.max) >= since]
    if event is not None:
        found = [r for r in found if event in r.events]
    return found


COLUMNS = [
    Column("seq", "序号", "No.", "int"),
    Column("at", "时间(UTC)", "Time (UTC)"),
    Column("by", "操作人", "Operator"),
    Column("action", "操作", "Action"),
    Column("events", "事件", "Events"),
    Column("files", "文件(SHA-256 前12位)", "Files (SHA-256, first 12)"),
]


def _files_text(record: Record) -> str:
    files = {**record.baseline, **record.files}
    return " ".join(f"{name}@{digest[:12]}" for name, digest in sorted(files.items()))


def report(
    ledger: Ledger, as_of: date, *, since: date | None = None, event: str | None = None
) -> Report:
    """The records as a `Report`, for the same writers as `jcg report` (table, CSV, Excel).

    `as_of` is the day it is printed on: the records carry the clock's time of each write,
    not the books' dates, so none is left out for it.
    """
    found = records(ledger, since=since, event=event)
    table = Table(
        "records",
        "审计记录",
        "Audit records",
        COLUMNS,
        [
            {
                "seq": r.seq,
                "at": r.at,
                "by": r.by,
                "action": r.action,
                "events": " ".join(r.events),
                "files": _files_text(r),
            }
            for r in found
        ],
    )
    summary: dict[str, Any] = {"记录数 records": len(found)}
    if since is not None:
        summary["起 since"] = since.isoformat()
    if event is not None:
        summary["事件 event"] = event
    return Report("audit", "审计日志", "Audit log", as_of, [table], summary)

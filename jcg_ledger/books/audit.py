"""The audit log: one JSON line per post, chained by hash.

Each record names who posted, when, the event ids, the SHA-256 of every file the post wrote,
and the hash of the previous record, so an edit of the books or of the log made outside `jcg`
breaks the chain at a record `jcg audit verify` can name.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from jcg_ledger.books.layout import Ledger

GENESIS = "0" * 64


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def operator(by: str | None = None) -> str:
    """Who posts: ``--by``, else ``JCG_OPERATOR``, else the OS user."""
    return by or os.environ.get("JCG_OPERATOR") or getpass.getuser()


def _record_hash(record: dict[str, object]) -> str:
    body = {k: v for k, v in record.items() if k != "hash"}
    return sha256(json.dumps(body, sort_keys=True, ensure_ascii=False).encode())


def last_hash(text: str) -> tuple[int, str]:
    """Sequence number and hash of the last record of the log text."""
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        return 0, GENESIS
    last = json.loads(lines[-1])
    return int(last["seq"]), str(last["hash"])


def append_record(
    current: str,
    *,
    by: str,
    action: str,
    events: list[str],
    files: dict[str, str],
    at: datetime | None = None,
) -> str:
    """The log text with one more record chained to the last."""
    seq, prev = last_hash(current)
    record: dict[str, object] = {
        "seq": seq + 1,
        "at": (at or datetime.now(UTC)).isoformat(timespec="seconds"),
        "by": by,
        "action": action,
        "events": events,
        "files": files,
        "prev": prev,
    }
    record["hash"] = _record_hash(record)
    line = json.dumps(record, sort_keys=True, ensure_ascii=False)
    return current + line + "\n"


@dataclass(frozen=True)
class AuditProblem:
    seq: int
    message: str


def verify(ledger: Ledger) -> list[AuditProblem]:
    """Check the chain and that each file is as the last record that wrote it says."""
    problems: list[AuditProblem] = []
    path = ledger.audit_path
    if not path.exists():
        return [AuditProblem(0, "缺少审计日志 audit.log is missing")]
    prev = GENESIS
    latest: dict[str, tuple[int, str]] = {}
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError:
            problems.append(AuditProblem(number, f"第{number}行不是JSON line {number} is not JSON"))
            return problems
        seq = int(record.get("seq", -1))
        if record.get("prev") != prev or _record_hash(record) != record.get("hash"):
            problems.append(
                AuditProblem(seq, f"审计记录 {seq} 哈希链断裂 record {seq}: hash chain broken")
            )
            return problems
        prev = str(record["hash"])
        for name, digest in dict(record.get("files", {})).items():
            latest[name] = (seq, str(digest))
    for name, (seq, digest) in sorted(latest.items()):
        file = ledger.root / name
        actual = sha256(file.read_bytes()) if file.exists() else "missing"
        if actual != digest:
            problems.append(
                AuditProblem(
                    seq,
                    f"{name} 在记录 {seq} 之后被 jcg 以外修改 changed outside jcg after record {seq}",
                )
            )
    return problems


def relative_hashes(ledger: Ledger, contents: dict[Path, bytes]) -> dict[str, str]:
    return {ledger.relative(p): sha256(data) for p, data in sorted(contents.items())}

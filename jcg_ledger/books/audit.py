"""The audit log: one JSON line per post, chained by hash.

Each record names who posted, when, the event ids, the SHA-256 of every file the post wrote,
and the hash of the previous record, so an edit of the books or of the log made outside `jcg`
breaks the chain at a record `jcg audit verify` can name.

The first record also carries a ``baseline``: the hash of every other file the books are made
of (``policy.toml``, each ``main.beancount`` and ``accounts.beancount``, the queries), so a hand
edit of the policy or of a book's options and plugins is caught too. A file that appears in the
books later without a record (a journal dropped in by hand) is reported as unrecorded, and a
post refuses to rewrite a file whose content is not the one recorded (`stale_file`), which would
otherwise bless the hand edit with a fresh hash.

The chain has no secret: it proves that nothing changed *since* a record, provided the last
record's hash is known from elsewhere (the git history of `books/vcs.py`, a copy kept by the
auditors). Someone able to rewrite every file and recompute every hash is caught only there.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import os
from collections.abc import Iterable, Iterator, Mapping
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


def _lines_backward(text: str) -> Iterator[str]:
    """The log's non-blank lines, last first, without splitting the whole log.

    A post reads the last record (to chain to it) and the latest record of the files it
    writes, which a recent post almost always wrote: a log of one line per post reaches
    10^5 lines, and reading it from the end keeps a post's cost from growing with it.
    """
    end = len(text)
    while end > 0:
        start = text.rfind("\n", 0, end) + 1
        line = text[start:end]
        if line.strip():
            yield line
        end = start - 1


def last_hash(text: str) -> tuple[int, str]:
    """Sequence number and hash of the last record of the log text."""
    last_line = next(_lines_backward(text), None)
    if last_line is None:
        return 0, GENESIS
    last = json.loads(last_line)
    return int(last["seq"]), str(last["hash"])


def append_record(
    current: str,
    *,
    by: str,
    action: str,
    events: list[str],
    files: dict[str, str],
    at: datetime | None = None,
    baseline: dict[str, str] | None = None,
    extra: dict[str, object] | None = None,
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
    # Optional keys only when present, so records written before they existed still verify.
    if baseline:
        record["baseline"] = baseline
    if extra:
        record.update(extra)
    record["hash"] = _record_hash(record)
    line = json.dumps(record, sort_keys=True, ensure_ascii=False)
    return current + line + "\n"


@dataclass(frozen=True)
class AuditProblem:
    seq: int
    message: str


def recorded(text: str) -> dict[str, tuple[int, str]]:
    """The last recorded hash of every file the log covers, with the record's number."""
    latest: dict[str, tuple[int, str]] = {}
    for line in text.splitlines():
        if not line.strip():
            continue
        record = json.loads(line)
        seq = int(record.get("seq", -1))
        for key in ("baseline", "files"):
            for name, digest in dict(record.get(key, {})).items():
                latest[name] = (seq, str(digest))
    return latest


def latest_for(text: str, names: Iterable[str]) -> dict[str, tuple[int, str]]:
    """`recorded(text)` for `names` only, read from the end of the log until all are found."""
    wanted = set(names)
    latest: dict[str, tuple[int, str]] = {}
    for line in _lines_backward(text):
        if not wanted:
            break
        record = json.loads(line)
        seq = int(record.get("seq", -1))
        for key in ("files", "baseline"):  # within a record "files" wins, as in `recorded`
            for name, digest in dict(record.get(key, {})).items():
                if name in wanted:
                    latest[name] = (seq, str(digest))
                    wanted.discard(name)
    return latest


def baseline_hashes(ledger: Ledger, exclude: dict[Path, bytes]) -> dict[str, str]:
    """Hashes of every book file a post does not write (for the first record)."""
    return {
        ledger.relative(p): sha256(p.read_bytes())
        for p in ledger.book_files()
        if p not in exclude and p.is_file()
    }


def stale_file(
    ledger: Ledger, text: str, paths: list[Path], current: Mapping[str, str] | None = None
) -> AuditProblem | None:
    """The first file a post is about to rewrite whose content is not the recorded one.

    Rewriting it would record a fresh hash over a hand edit and so hide it: refuse instead,
    and let `jcg audit verify` name the record. `current` holds the SHA-256 of the files as
    they are now, by relative path, when the caller has just hashed them (the snapshot key).
    """
    if not text.strip():
        return None
    latest = latest_for(text, [ledger.relative(p) for p in paths if p.exists()])
    for path in sorted(paths):
        if not path.exists():
            continue
        name = ledger.relative(path)
        if name not in latest:
            return AuditProblem(
                0, f"{name} 未经 jcg 记录 is not recorded in the audit log (added by hand?)"
            )
        seq, digest = latest[name]
        now = current.get(name) if current is not None else None
        if (now if now is not None else sha256(path.read_bytes())) != digest:
            return AuditProblem(
                seq,
                f"{name} 在记录 {seq} 之后被 jcg 以外修改 changed outside jcg after record {seq}",
            )
    return None


def verify(ledger: Ledger) -> list[AuditProblem]:
    """Check the chain and that each file is as the last record that wrote it says."""
    problems: list[AuditProblem] = []
    path = ledger.audit_path
    if not path.exists():
        return [AuditProblem(0, "缺少审计日志 audit.log is missing")]
    prev = GENESIS
    latest: dict[str, tuple[int, str]] = {}
    expected_seq = 1
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError:
            problems.append(AuditProblem(number, f"第{number}行不是JSON line {number} is not JSON"))
            return problems
        if not isinstance(record, dict):
            problems.append(AuditProblem(number, f"第{number}行不是记录 line {number}"))
            return problems
        seq = int(record.get("seq", -1))
        if (
            record.get("prev") != prev
            or _record_hash(record) != record.get("hash")
            or seq != expected_seq
        ):
            problems.append(
                AuditProblem(seq, f"审计记录 {seq} 哈希链断裂 record {seq}: hash chain broken")
            )
            return problems
        prev = str(record["hash"])
        expected_seq += 1
        for key in ("baseline", "files"):
            for name, digest in dict(record.get(key, {})).items():
                latest[name] = (seq, str(digest))
    if latest:
        for file in ledger.book_files():
            name = ledger.relative(file)
            if name not in latest:
                problems.append(
                    AuditProblem(
                        0, f"{name} 未经 jcg 记录 is not recorded in the audit log (added by hand?)"
                    )
                )
    elif _has_entries(ledger):
        problems.append(
            AuditProblem(
                0, "审计日志为空但账套已有分录 the log is empty but the books hold entries"
            )
        )
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


def _has_entries(ledger: Ledger) -> bool:
    """Whether any journal holds more than the header `jcg init` writes."""
    for book in ("city", "platform", "fund"):
        for journal in (ledger.book_dir(book) / "journal").glob("*.beancount"):
            body = [ln for ln in journal.read_text("utf-8").splitlines() if ln.strip()]
            if any(not ln.lstrip().startswith(";") for ln in body):
                return True
    return False


def relative_hashes(ledger: Ledger, contents: dict[Path, bytes]) -> dict[str, str]:
    return {ledger.relative(p): sha256(data) for p, data in sorted(contents.items())}


def record_edit(ledger: Ledger, *, by: str, action: str) -> dict[str, str]:
    """Record, under the lock, files another writer changed (an editable Fava's save).

    Only for writers that hold the posting lock (`books.lock.locked`) while they write: the
    new hashes of every book file that differs from its last record go into a chained record,
    so `jcg audit verify` and the next post accept them and a later hand edit is still caught.
    Returns the hashes recorded (empty when nothing changed).
    """
    path = ledger.audit_path
    log = path.read_text("utf-8") if path.exists() else ""
    latest = recorded(log)
    changed = {}
    for file in ledger.book_files():
        name = ledger.relative(file)
        digest = sha256(file.read_bytes())
        if latest.get(name, (0, ""))[1] != digest:
            changed[name] = digest
    if not changed:
        return {}
    text = append_record(log, by=by, action=action, events=[], files=changed)
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)
    return changed

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

To say *where* a file changed, each record also keeps, for every file it records, a short
digest of each entry the file holds (``entries``: the blocks of lines between blank lines, as
`jcg post` writes them), only the new ones for a post that appended to the file. `verify`
rebuilds each file's list from the records and names the first entry (file, line and event)
that is no longer as recorded. The digests locate; the file's SHA-256 is what proves. They are
kept in the record rather than taken from git (`books/vcs.py`) because the books need not be a
repository, and the record is what the chain protects.

A problem is about the log (``kind="log"``: the chain is broken, the log is missing) or about
the books (``kind="books"``: a file is not as its last, intact, record says): `jcg audit
verify` and `jcg check` say which.
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
    kind: str = "log"  # "log": the log itself is broken; "books": a file differs from it


# --- where a file changed: its entries' digests -----------------------------------------

DIGEST_CHARS = 16  # enough to locate an entry; the file's SHA-256 is the proof


def entry_blocks(text: str, first_line: int = 1) -> list[tuple[int, str]]:
    """The entries of a book file as written: blocks of lines between blank lines, each with
    the number of its first line. A journal's header comment is its first block."""
    blocks: list[tuple[int, str]] = []
    lines: list[str] = []
    start = first_line
    for number, line in enumerate(text.split("\n"), start=first_line):
        if line.strip():
            if not lines:
                start = number
            lines.append(line.rstrip())
        elif lines:
            blocks.append((start, "\n".join(lines)))
            lines = []
    if lines:
        blocks.append((start, "\n".join(lines)))
    return blocks


def entry_digest(block: str) -> str:
    return sha256(block.encode("utf-8"))[:DIGEST_CHARS]


def _digests(text: str) -> list[str]:
    return [entry_digest(block) for _, block in entry_blocks(text)]


def _entries_of(record: Mapping[str, object], name: str) -> Mapping[str, object] | None:
    entries = record.get("entries")
    if isinstance(entries, dict):
        found = entries.get(name)
        if isinstance(found, dict):
            return found
    return None


def _last_layout(text: str, names: Iterable[str]) -> dict[str, tuple[int, int]]:
    """(size in bytes, number of entries) of each file as its latest record left it, for the
    files whose latest record lists their entries."""
    wanted = set(names)
    found: dict[str, tuple[int, int]] = {}
    for line in _lines_backward(text):
        if not wanted:
            break
        record = json.loads(line)
        for key in ("files", "baseline"):
            for name in dict(record.get(key, {})):
                if name not in wanted:
                    continue
                wanted.discard(name)
                entries = _entries_of(record, name)
                if entries is not None:
                    digests = entries.get("digests")
                    count = int(str(entries.get("from", 0))) + (
                        len(digests) if isinstance(digests, list) else 0
                    )
                    found[name] = (int(str(entries.get("size", -1))), count)
    return found


def entries_record(ledger: Ledger, log: str, contents: Mapping[Path, bytes]) -> dict[str, object]:
    """The ``entries`` of a record writing `contents`: for a file `jcg post` appended to, the
    digests of the entries after the size last recorded; otherwise of every entry."""
    names = {ledger.relative(p): p for p in contents}
    layout = _last_layout(log, names) if log.strip() else {}
    out: dict[str, object] = {}
    for name, path in sorted(names.items()):
        if path.suffix not in (".beancount", ".toml"):
            continue  # an attached file: its SHA-256 locates and proves alike
        content = contents[path]
        size, count = layout.get(name, (-1, 0))
        tail = content[size:] if 0 < size <= len(content) else b""
        appended = size > 0 and content[size - 1 : size] == b"\n" and tail[:1] in (b"\n", b"")
        if appended:
            digests = _digests(tail.decode("utf-8", "replace"))
            out[name] = {"from": count, "size": len(content), "digests": digests}
        else:
            digests = _digests(content.decode("utf-8", "replace"))
            out[name] = {"from": 0, "size": len(content), "digests": digests}
    return out


def _event_of(block: str) -> str | None:
    for line in block.splitlines():
        stripped = line.strip()
        if stripped.startswith("event:"):
            return stripped[len("event:") :].strip().strip('"')
    return None


def first_difference(text: str, expected: list[str]) -> str:
    """Where a file's entries first differ from the recorded digests, for people."""
    blocks = entry_blocks(text)
    for index, (line, block) in enumerate(blocks):
        if index >= len(expected) or entry_digest(block) != expected[index]:
            event = _event_of(block)
            what = f" (event {event})" if event else ""
            if index >= len(expected):
                return f"第{line}行起为未记录的分录 first unrecorded entry: line {line}{what}"
            return f"第一处不同的分录 first differing entry: 第{line}行 line {line}{what}"
    if len(blocks) < len(expected):
        last = blocks[-1][0] if blocks else 0
        return (
            f"第{last}行之后缺少 {len(expected) - len(blocks)} 条分录 "
            f"{len(expected) - len(blocks)} recorded entries missing after line {last}"
        )
    return "分录相同,空白或格式不同 same entries, whitespace differs"


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
    expected: dict[str, list[str] | None] = {}  # each file's entry digests, None if unknown
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
                expected[name] = _expected_after(expected.get(name), _entries_of(record, name))
    if latest:
        for file in ledger.book_files():
            name = ledger.relative(file)
            if name not in latest:
                problems.append(
                    AuditProblem(
                        0,
                        f"{name} 未经 jcg 记录 is not recorded in the audit log (added by hand?)",
                        "books",
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
        content = file.read_bytes() if file.exists() else None
        actual = sha256(content) if content is not None else "missing"
        if actual != digest:
            where = ""
            digests = expected.get(name)
            if content is None:
                where = " — 文件已删除 the file was deleted"
            elif digests is not None:
                where = " — " + first_difference(content.decode("utf-8", "replace"), digests)
            problems.append(
                AuditProblem(
                    seq,
                    f"{name} 在记录 {seq} 之后被 jcg 以外修改 changed outside jcg after record "
                    f"{seq}{where}",
                    "books",
                )
            )
    return problems


def _expected_after(
    before: list[str] | None, entries: Mapping[str, object] | None
) -> list[str] | None:
    """A file's entry digests after a record: its ``entries`` applied to those before."""
    if entries is None:
        return None  # a record from before entry digests: the place is unknown from here
    start = int(str(entries.get("from", 0)))
    digests = entries.get("digests")
    if not isinstance(digests, list):
        return None
    if start == 0:
        return [str(d) for d in digests]
    if before is None or len(before) < start:
        return None
    return before[:start] + [str(d) for d in digests]


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
    contents = {ledger.root / name: (ledger.root / name).read_bytes() for name in changed}
    entries = entries_record(ledger, "", contents)
    text = append_record(
        log, by=by, action=action, events=[], files=changed, extra={"entries": entries}
    )
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)
    return changed

"""The reliability experiments, shared by the tests and by `python -m tests.reliability.figures`.

Each experiment returns its figures (tried / survived / lost …) so the tests assert on them and
docs/reliability.md can quote them as measured.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from jcg_ledger.audit import chain
from jcg_ledger.books.init import init_ledger
from jcg_ledger.books.layout import Ledger
from jcg_ledger.books.load import load_books
from jcg_ledger.cli import main as jcg_main
from jcg_ledger.demo.registry import uscc_for
from tests.conftest import funding, post_raw

REPO = Path(__file__).resolve().parents[2]
JCG = str(Path(sys.executable).parent / "jcg")


def books_bytes(ledger: Ledger) -> dict[str, bytes]:
    """Every file of the books (the log included), not the private work dir or git's."""
    out: dict[str, bytes] = {}
    for path in sorted(ledger.root.rglob("*")):
        parts = path.relative_to(ledger.root).parts
        if path.is_file() and ".jcg" not in parts and ".git" not in parts:
            out["/".join(parts)] = path.read_bytes()
    return out


def env(**extra: str) -> dict[str, str]:
    """A child environment: operator fixed, snapshot cache private to the experiment."""
    base = dict(os.environ)
    base.pop("JCG_FAULT", None)
    base.update(JCG_OPERATOR="tester", PYTHONPATH=str(REPO), **extra)
    return base


def run_cli(ledger: Ledger, *args: str, input: str | bytes | None = None) -> tuple[int, str]:
    """`jcg --ledger L ARGS` in-process; returns exit code and all output (stdout+stderr)."""
    result = CliRunner().invoke(
        jcg_main, ["--ledger", str(ledger.root), *args], input=input, catch_exceptions=True
    )
    output = result.output
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        import traceback

        output += "".join(traceback.format_exception(result.exception))
    return result.exit_code, output


def write_events(path: Path, events: list[dict[str, Any]]) -> Path:
    path.write_text(json.dumps(events, ensure_ascii=False), "utf-8")
    return path


def entity_event(code: str, index: int, on: str = "2025-02-03") -> dict[str, Any]:
    return {
        "id": f"reg-{code}",
        "type": "entity.register",
        "date": on,
        "entity": code,
        "name": f"测试主体{code}",
        "kind": "company",
        "uscc": uscc_for(index),
    }


def fund_event(event_id: str, amount: str = "1000.00", on: str = "2025-02-03") -> dict[str, Any]:
    return {"id": event_id, "type": "project.fund", "date": on, "amount": amount}


# --------------------------------------------------------------------------------------------
# Crash safety
# --------------------------------------------------------------------------------------------

# Points hit by a project.fund post on books that hold a first post: the stage holds three
# files (audit.log, city and platform journals), so the <i> points run 0..2. A kill at one of
# the first group leaves the books as before; at the second, the commit journal exists and the
# next command rolls the write forward.
BEFORE_POINTS = (
    "after-lock",
    "after-recover",
    "after-temp-0",
    "after-temp-1",
    "after-temp-2",
    "after-stage",
    "before-commit",
    "after-journal-temp",
)
AFTER_POINTS = (
    "after-commit-journal",
    "between-renames-0",
    "between-renames-1",
    "between-renames-2",
    "after-renames",
    "after-commit",
    "after-vcs",
)


@dataclass
class CrashOutcome:
    point: str
    killed: bool
    state: str  # "before", "after" or "neither"
    check_ok: bool
    audit_ok: bool
    rerun_ok: bool


def _git_init(root: Path) -> None:
    for args in (
        ["init", "-q"],
        ["config", "user.name", "jcg-test"],
        ["config", "user.email", "jcg-test@example.invalid"],
        ["add", "-A"],
        ["commit", "-q", "-m", "init"],
    ):
        subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True)


def fixed_clock_post(
    ledger: Ledger, file: Path, *flags: str, **extra: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "tests.reliability.fixed_clock",
            "--ledger",
            str(ledger.root),
            "post",
            *flags,
            str(file),
        ],
        cwd=REPO,
        env=env(JCG_CACHE_DIR=str(ledger.root.parent / "cache"), **extra),
        capture_output=True,
        text=True,
        timeout=120,
    )


def prime_snapshot(ledger: Ledger) -> None:
    """Snapshot the books (in the cache `fixed_clock_post` uses), so a post takes the fast path."""
    code = "import sys; from jcg_ledger.books.layout import Ledger; from jcg_ledger.post import refresh_snapshot; assert refresh_snapshot(Ledger.at(sys.argv[1]))"
    subprocess.run(
        [sys.executable, "-c", code, str(ledger.root)],
        cwd=REPO,
        env=env(JCG_CACHE_DIR=str(ledger.root.parent / "cache")),
        check=True,
        timeout=120,
    )


def crash_experiment(
    work: Path, points: tuple[str, ...] | None = None, *, fast: bool = False
) -> list[CrashOutcome]:
    """Kill `jcg post` at each point; compare the books with both byte snapshots.

    With ``fast`` every copy of the books is snapshotted first, so the killed post runs the
    snapshot path (`post._post_fast`) rather than the full one.
    """
    base = init_ledger(work / "base" / "ledger")
    first = write_events(
        work / "first.json", [*funding(), entity_event("ACME", 1), fund_event("f-0")]
    )
    assert fixed_clock_post(base, first).returncode == 0
    _git_init(base.root)
    event = write_events(work / "event.json", [fund_event("f-1", "2500.00", "2025-02-10")])
    before = books_bytes(base)
    reference = Ledger.at(work / "reference" / "ledger")
    shutil.copytree(base.root, reference.root, symlinks=True)
    if fast:
        prime_snapshot(reference)
    done = fixed_clock_post(reference, event, "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["validated"] == ("snapshot" if fast else "full")
    after = books_bytes(reference)
    assert after != before
    outcomes: list[CrashOutcome] = []
    for point in points or BEFORE_POINTS + AFTER_POINTS:
        ledger = Ledger.at(work / point / "ledger")
        shutil.copytree(base.root, ledger.root, symlinks=True)
        if fast:
            prime_snapshot(ledger)
        run = fixed_clock_post(ledger, event, JCG_FAULT=point)
        killed = run.returncode == -9
        # The next command finishes or clears the interrupted write by itself (under the lock).
        code, _ = run_cli(ledger, "post", "--dry-run", str(event))
        now = books_bytes(ledger)
        state = "before" if now == before else "after" if now == after else "neither"
        check_code, _ = run_cli(ledger, "check")
        audit_ok = not chain.verify(ledger)
        rerun = fixed_clock_post(ledger, event)
        rerun_ok = rerun.returncode == 0 and books_bytes(ledger) == after
        outcomes.append(
            CrashOutcome(point, killed, state, check_code == 0 and code == 0, audit_ok, rerun_ok)
        )
    return outcomes


# --------------------------------------------------------------------------------------------
# Concurrency
# --------------------------------------------------------------------------------------------


@dataclass
class ConcurrencyFigures:
    writers: int
    events: int
    landed: int
    lost: int
    duplicated: int
    failed_calls: list[str] = field(default_factory=list)
    check_ok: bool = False
    audit_ok: bool = False


_PY_POSTER = """
import json, sys
from jcg_ledger.books.layout import Ledger
from jcg_ledger.events import parse_event
from jcg_ledger.post import post
ledger = Ledger.at(sys.argv[1])
for name in sys.argv[2:]:
    events = [parse_event(r) for r in json.load(open(name, encoding="utf-8"))]
    post(ledger, events, by="python-writer")
"""


def _worker_batches(work: Path, worker: int, batches: int, per_batch: int) -> list[Path]:
    files = []
    for b in range(batches):
        events: list[dict[str, Any]] = []
        for i in range(per_batch):
            n = b * per_batch + i
            if n % 2 == 0:
                code = f"W{worker}E{n}"
                events.append(entity_event(code, worker * 1000 + n + 1))
            else:
                events.append(fund_event(f"w{worker}-f{n}", f"{worker + 1}{n:03d}.00"))
        files.append(write_events(work / f"w{worker}-b{b}.json", events))
    return files


def concurrency_experiment(
    work: Path,
    *,
    workers: int = 8,
    batches: int = 5,
    per_batch: int = 10,
    extra: Callable[[Ledger], None] | None = None,
) -> ConcurrencyFigures:
    """`workers` shells each running `jcg post` `batches` times, plus one Python writer."""
    ledger = init_ledger(work / "ledger")
    post_raw(ledger, funding())  # cash and lines for the entrustments
    cache = str(work / "cache")
    procs: list[tuple[str, subprocess.Popen[str]]] = []
    expected: list[str] = []
    for w in range(workers + 1):
        files = _worker_batches(work, w, batches, per_batch)
        for f in files:
            expected.extend(e["id"] for e in json.loads(f.read_text("utf-8")))
        if w < workers:
            script = " && ".join(
                f"{JCG} --ledger {ledger.root} post --by worker-{w} {f}" for f in files
            )
            cmd = ["sh", "-c", script]
        else:  # the ninth writer posts through jcg_ledger.post.post in Python
            cmd = [sys.executable, "-c", _PY_POSTER, str(ledger.root), *map(str, files)]
        procs.append(
            (
                f"writer-{w}",
                subprocess.Popen(
                    cmd,
                    env=env(JCG_CACHE_DIR=cache),
                    stdout=subprocess.PIPE,
                    stderr=subprocess.STDOUT,
                    text=True,
                ),
            )
        )
    thread = threading.Thread(target=extra, args=(ledger,)) if extra else None
    if thread:
        thread.start()
    failed = []
    for name, proc in procs:
        out, _ = proc.communicate(timeout=600)
        if proc.returncode != 0:
            failed.append(f"{name}: {out[-500:]}")
    if thread:
        thread.join()
    loaded = load_books(ledger)
    per_event: Counter[str] = Counter()
    for book in loaded.values():
        for entry in book.entries:
            event_id = (entry.meta or {}).get("event")
            if event_id and type(entry).__name__ != "Open":
                per_event[str(event_id)] += 1
    # project.fund writes one transaction in each of two books; entity.register one directive.
    want = {e: (2 if "-f" in e else 1) for e in expected}
    landed = sum(1 for e, n in want.items() if per_event.get(e) == n)
    lost = sum(1 for e in want if per_event.get(e, 0) == 0)
    duplicated = sum(1 for e, n in want.items() if per_event.get(e, 0) > n)
    check_code, _ = run_cli(ledger, "check")
    return ConcurrencyFigures(
        writers=workers + 1,
        events=len(expected),
        landed=landed,
        lost=lost,
        duplicated=duplicated,
        failed_calls=failed,
        check_ok=check_code == 0,
        audit_ok=not chain.verify(ledger),
    )


@contextmanager
def temp_dir() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="jcg-rel-") as name:
        yield Path(name)

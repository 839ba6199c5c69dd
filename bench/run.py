"""The benchmark suite: `python -m bench [--sizes 10000,100000] [--runs 3] [--write]`.

For each size N it builds books with ``jcg demo --scale N`` and measures, as the median of
``--runs`` runs, each command as its own process (wall time, and peak memory from
``os.wait4``'s rusage):

* ``bean-check`` on each book, without Beancount's cache — the reference every figure is
  divided by (times summed over the three books, memory the largest of the three);
* ``jcg check``; every ``jcg report``; a single ``jcg post`` (the first after the build, then
  repeated ones), the same post down the full path (``JCG_FULL_VALIDATION=1``) for reference;
  a batch ``jcg post`` of 1,000 events (divided by one bean-check of the books it produced);
* each page of the Fava extension, after Fava has loaded the books and the extension its view;
* the first extension page after a `jcg post`, Fava serving the books already
  (`fava_after_post`); Fava's memory is compared with the sum of the books' bean-check peaks
  (each book's is recorded: `jcg serve` holds all three);
* ``jcg demo --scale N`` itself (once), and time(largest N) / time(smallest N), and
  time(N) / time(N/3) when both ran (e.g. 300,000 and 100,000);
* back-dated single posts: one ``project.fund`` dated 1, 10 and 25 days before the last entry
  of the books, each inside the open period (the scaled demo closes every month but its last);
  and, with two sizes or more, the same posts on books of the smallest size built at the
  largest's daily rate (``jcg demo --scale N --rate-of M``): the open month a back-dated post
  refolds is then the same, and only the books' size differs (``--no-alike`` skips them);
* which path every post the benchmark makes took: ``post --json`` reports ``validated``
  (snapshot / full) and ``fallback`` (why the full path was taken), counted per row.

The code under test is copied first (so edits made while the benchmark runs cannot mix two
versions of it), and the snapshot cache goes to a private temporary folder.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
BOOKS = ("city", "platform", "fund")
DOC = REPO / "docs" / "performance.md"
BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"
BUILDS_BEGIN, BUILDS_END = "<!-- bench:builds:begin -->", "<!-- bench:builds:end -->"
DEMO_TODAY = "2029-12-31"  # jcg_ledger.demo.DEMO_TODAY (the code under test is not imported)
BACKDATED = (1, 10, 25)  # days before the last entry of the books
# The post after the forced full-path ones, which write no snapshot: it finds none (the
# benchmark's doing, not the write path's), and leaves one for the rows after it.
WARM_ROW = "(the post after the forced full-path ones: warms the snapshot)"
ENTRY_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2}) ", re.MULTILINE)
CLOSE_DATE = re.compile(r'^(\d{4}-\d{2}-\d{2}) custom "jcg-close"', re.MULTILINE)

FAVA_SCRIPT = r"""
import json, sys, time
from pathlib import Path
from jcg_ledger.books.layout import Ledger
from jcg_ledger.fava_ext.serve import create_app
ledger = Ledger.at(sys.argv[1])
pages = sys.argv[2:]
t0 = time.perf_counter()
app = create_app(ledger)
client = app.test_client()
slug = next(s for s, l in app.config["LEDGERS"].items()
            if Path(l.beancount_file_path).parent.name == "city")
t1 = time.perf_counter()
client.get(f"/{slug}/extension/{pages[-1]}/")  # the extension loads its view of the books
t2 = time.perf_counter()
out = {"fava_load": t1 - t0, "view_load": t2 - t1}
for page in pages:
    start = time.perf_counter()
    response = client.get(f"/{slug}/extension/{page}/")
    out[page] = time.perf_counter() - start
    out[page + ":status"] = response.status_code
print(json.dumps(out))
"""

# Fava serving the books (loaded, the extension's view built), then a `jcg post`: the time
# from the post's end to the first extension page answered (Fava reloads the books it changed).
FAVA_POST_SCRIPT = r"""
import json, subprocess, sys, time
from pathlib import Path
from jcg_ledger.books.layout import Ledger
from jcg_ledger.fava_ext.reload import book_of
from jcg_ledger.fava_ext.serve import create_app
ledger = Ledger.at(sys.argv[1])
page, events = sys.argv[2], sys.argv[3].encode()
app = create_app(ledger)
client = app.test_client()
slug = next(s for s, l in app.config["LEDGERS"].items()
            if Path(l.beancount_file_path).parent.name == "city")
client.get(f"/{slug}/extension/{page}/")  # the extension loads its view of the books
post = subprocess.run([sys.executable, "-m", "jcg_ledger.cli", "--ledger", sys.argv[1], "post",
                       "-"], input=events, capture_output=True)
start = time.perf_counter()
response = client.get(f"/{slug}/extension/{page}/")
out = {"after_post": time.perf_counter() - start, "status": response.status_code,
       "post": post.returncode, "loads": {}}
for _, fava_ledger in app.config["LEDGERS"].items():
    outcome = book_of(fava_ledger).outcome
    out["loads"][Path(fava_ledger.beancount_file_path).parent.name] = [
        outcome.mode, outcome.reason, round(outcome.seconds, 3)]
print(json.dumps(out))
"""


@dataclass
class Sample:
    wall: float
    rss_mb: float
    rc: int
    out: str = ""


@dataclass
class Row:
    """One measured operation on one size."""

    name: str
    samples: list[Sample] = field(default_factory=list)
    inner: list[float] = field(default_factory=list)  # in-process timings (Fava pages)

    @property
    def wall(self) -> float:
        return statistics.median(self.inner or [s.wall for s in self.samples])

    @property
    def rss(self) -> float:
        return max(s.rss_mb for s in self.samples) if self.samples else 0.0


def run(cmd: Sequence[str], env: dict[str, str], stdin: bytes | None = None) -> Sample:
    """Run one command; wall time and the child's peak RSS (ru_maxrss, KiB on Linux)."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        list(cmd),
        env=env,
        stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    if stdin is not None:
        assert proc.stdin is not None
        proc.stdin.write(stdin)
        proc.stdin.close()
    assert proc.stdout is not None
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return Sample(wall, usage.ru_maxrss / 1024, proc.returncode, out.decode("utf-8", "replace"))


def machine() -> dict[str, str]:
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem_kb = next(
            int(line.split()[1])
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        )
        memory = f"{mem_kb / 1024 / 1024:.1f} GiB"
    except (OSError, StopIteration):
        memory = "?"
    return {
        "nproc": str(os.cpu_count()),
        "memory": memory,
        "cpu": cpu,
        "python": platform.python_version(),
        "os": platform.platform(),
    }


class Bench:
    def __init__(self, work: Path, runs: int, keep: bool = False) -> None:
        self.work = work
        self.runs = runs
        self.keep = keep  # `--keep`: the books stay in the work folder
        frozen = work / "code"
        shutil.copytree(REPO / "jcg_ledger", frozen / "jcg_ledger")
        # Byte-compiled once, as an installed package is: with PYTHONDONTWRITEBYTECODE set (it
        # is on this machine) every command would otherwise compile the package again.
        compileall.compile_dir(frozen / "jcg_ledger", quiet=1)
        self.env = dict(os.environ)
        self.env.update(
            {
                "PYTHONPATH": str(frozen),
                "JCG_CACHE_DIR": str(work / "cache"),
                "BEANCOUNT_DISABLE_LOAD_CACHE": "1",
                "PYTHONHASHSEED": "0",
                "JCG_TODAY": DEMO_TODAY,  # the demo books' today, whatever the clock says
                # `python -m`/`-c` would put the working directory (this tree, when run from
                # it) before PYTHONPATH: the copy would not be the code measured.
                "PYTHONSAFEPATH": "1",
            }
        )
        self.env.pop("JCG_FULL_VALIDATION", None)
        self.env.pop("JCG_LEDGER", None)
        self.bin = Path(sys.executable).parent
        self.serial = 0
        self.paths: dict[str, Counter[str]] = {}  # row -> path taken ("snapshot", "full: why")
        self.refolded: dict[str, list[int]] = {}  # row -> entries each post refolded

    def jcg(self, *args: str) -> list[str]:
        return [sys.executable, "-m", "jcg_ledger.cli", *args]

    def bean_check(self, ledger: Path) -> list[Sample]:
        """One sample per book."""
        return [
            run([str(self.bin / "bean-check"), str(ledger / b / "main.beancount")], self.env)
            for b in BOOKS
        ]

    def events(self, count: int, on: date) -> bytes:
        """`count` new events (JSON Lines): money entrusted, entities registered."""
        lines = []
        for _ in range(count):
            self.serial += 1
            n = self.serial
            if n % 2:
                raw = {"id": f"bench-fund-{n}", "type": "project.fund", "date": on.isoformat(),
                       "amount": str(1000 + n)}  # fmt: skip
            else:
                raw = {"id": f"bench-reg-{n}", "type": "entity.register",
                       "date": on.isoformat(), "entity": f"B{n:07d}",
                       "name": f"基准测试企业{n}", "kind": "company"}  # fmt: skip
            lines.append(json.dumps(raw, ensure_ascii=False))
        return ("\n".join(lines) + "\n").encode()

    def fund_event(self, on: date) -> bytes:
        """One new `project.fund` event (city and platform books, linked), as JSON Lines."""
        self.serial += 1
        raw = {"id": f"bench-back-{self.serial}", "type": "project.fund",
               "date": on.isoformat(), "amount": str(1000 + self.serial)}  # fmt: skip
        return (json.dumps(raw, ensure_ascii=False) + "\n").encode()

    def backdated(self, ledger: Path, post: list[str], add: Callable[[str, Sample], None]) -> None:
        """Single posts dated `BACKDATED` days before the last entry of the books, each its
        own process, `--runs` times; each date must lie in the open period (after the last
        close), which the scaled demo leaves open for its last month."""
        last, closed = last_entry(ledger), last_close(ledger)
        for days in BACKDATED:
            on = last - timedelta(days=days)
            if closed is not None and on <= closed:
                raise SystemExit(f"{on} ({days} days back) is not after the last close {closed}")
            for _ in range(self.runs):
                add(backdated_row(days), run(post, self.env, self.fund_event(on)))

    def tally(self, row: str, sample: Sample) -> None:
        """Count the path a post took, from its `post --json` output."""
        out = post_json(sample.out)
        if sample.rc != 0 or out is None:
            path = f"refused or failed (exit {sample.rc})"
        elif out.get("validated") == "full":
            path = f"full: {out.get('fallback') or '?'}"
        else:
            path = str(out.get("validated") or "nothing to post")
        self.paths.setdefault(row, Counter())[path] += 1
        if out is not None and isinstance(out.get("refolded"), int):
            self.refolded.setdefault(row, []).append(out["refolded"])

    def build(self, size: int, rate_of: int | None = None) -> tuple[Path, Sample]:
        """Books of `size` scaled events (`jcg demo --scale`, at the daily rate of `rate_of`
        events if given), and the build's sample."""
        ledger = self.work / (f"books-{size}" + (f"-rate-{rate_of}" if rate_of else ""))
        rate = ["--rate-of", str(rate_of)] if rate_of else []
        print(f"== {size} events{f' at the rate of {rate_of}' if rate_of else ''}", flush=True)
        demo = run(self.jcg("demo", str(ledger), "--scale", str(size), *rate), self.env)
        if demo.rc != 0:
            raise SystemExit(f"jcg demo failed:\n{demo.out[-3000:]}")
        print(f"   demo {demo.wall:.1f}s {demo.rss_mb:.0f}MB", flush=True)
        return ledger, demo

    def measure_build(self, size: int) -> dict[str, Any]:
        """`jcg demo --scale N` alone (``--builds``): its time, peak memory and output."""
        ledger, demo = self.build(size)
        closes = sum(
            f.read_text("utf-8").count('custom "jcg-close"')
            for f in (ledger / "city" / "journal").glob("*.beancount")
        )
        if not self.keep:  # a build's books are not read again: 300,000 events are 120 MB
            shutil.rmtree(ledger, ignore_errors=True)
        return {
            "size": size,
            "demo": demo.wall,
            "demo_rss": demo.rss_mb,
            "demo_out": posted_count(demo.out),
            "closes": closes,
        }

    def measure_size(self, size: int, rate_of: int | None = None) -> dict[str, Any]:
        """Every row on books of `size` events; with `rate_of`, books of the same open month
        as the `rate_of` build (`jcg demo --rate-of`), and only bean-check and the posts."""
        ledger, demo = self.build(size, rate_of)
        on = date(2029, 12, 28)
        rows: dict[str, Row] = {}
        # Whole-book loads take minutes at 10^5 events: one run each past 50,000 (noted).
        heavy = self.runs if size < 50_000 else 1

        def add(name: str, sample: Sample) -> None:
            if sample.rc != 0:
                print(f"   ! {name} exit {sample.rc}: {sample.out[-800:]}", flush=True)
            rows.setdefault(name, Row(name)).samples.append(sample)
            if name.startswith("jcg post"):
                self.tally(name, sample)

        bean: list[float] = []
        book_peaks: dict[str, float] = {}
        bean_rss: list[float] = []
        for _ in range(self.runs):
            samples = self.bean_check(ledger)
            bean.append(sum(s.wall for s in samples))
            bean_rss.append(max(s.rss_mb for s in samples))
            book_peaks = peaks_by_book(samples, book_peaks)
        ref = statistics.median(bean)
        ref_rss = max(bean_rss)
        print(f"   bean-check {ref:.2f}s {ref_rss:.0f}MB", flush=True)
        for _ in range(0 if rate_of else heavy):
            add("jcg check", run(self.jcg("--ledger", str(ledger), "check"), self.env))
        reports = [] if rate_of else self.report_names()
        for name in reports:
            for _ in range(heavy):
                cmd = self.jcg("--ledger", str(ledger), "report", name, "--format", "json")
                add(f"jcg report {name}", run([*cmd, "--output", os.devnull], self.env))
        post = self.jcg("--ledger", str(ledger), "post", "--json", "-")
        self.paths = {}
        self.refolded = {}
        add("jcg post, first", run(post, self.env, self.events(1, on)))
        for _ in range(self.runs):
            add("jcg post, repeated", run(post, self.env, self.events(1, on)))
        full_env = dict(self.env, JCG_FULL_VALIDATION="1")
        for _ in range(1):
            add("jcg post, full path", run(post, full_env, self.events(1, on)))
        # Warm the snapshot again after the full-path posts (which do not write one).
        self.tally(WARM_ROW, run(post, self.env, self.events(1, on)))
        batch_ref: list[float] = []
        for _ in range(heavy):
            add("jcg post, batch of 1,000", run(post, self.env, self.events(1000, on)))
            batch_ref.append(sum(s.wall for s in self.bean_check(ledger)))
        self.backdated(ledger, post, add)
        fava: dict[str, Row] = {}
        pages = [] if rate_of else self.fava_pages()
        for _ in range(heavy if pages else 0):
            sample = run([sys.executable, "-c", FAVA_SCRIPT, str(ledger), *pages], self.env)
            try:
                figures = json.loads(sample.out.strip().splitlines()[-1])
            except (ValueError, IndexError):
                print(f"   ! fava: {sample.out[-800:]}", flush=True)
                break
            load = fava.setdefault("<load>", Row("Fava load + extension view (first request)"))
            load.samples.append(sample)
            load.inner.append(figures["fava_load"] + figures["view_load"])
            for page in pages:
                row = fava.setdefault(page, Row(f"Fava page {page}, after load"))
                row.samples.append(sample)
                row.inner.append(figures[page])
        fava.update(self.fava_after_post(ledger, pages, on))
        return {
            "bean_check_rss_books": book_peaks,
            "size": size,
            "rate_of": rate_of,
            "demo": demo.wall,
            "demo_out": demo_summary(demo.out),
            "bean_check": ref,
            "bean_check_rss": ref_rss,
            "bean_check_after_batch": statistics.median(batch_ref),
            "heavy_runs": heavy,
            "paths": {row: dict(paths) for row, paths in self.paths.items()},
            "refolded": dict(self.refolded),
            "rows": [
                {"name": r.name, "wall": r.wall, "rss": r.rss}
                for r in [*rows.values(), *fava.values()]
            ],
        }

    def report_names(self) -> list[str]:
        out = subprocess.run(
            [sys.executable, "-c", "from jcg_ledger.reports import REPORTS; print(*REPORTS)"],
            env=self.env,
            capture_output=True,
            text=True,
            check=True,
        )
        return out.stdout.split()

    def fava_pages(self) -> list[str]:
        code = (
            "import inspect, jcg_ledger.fava_ext as m\n"
            "from fava.ext import FavaExtensionBase\n"
            "print(*[n for n, c in vars(m).items() if inspect.isclass(c) and "
            "issubclass(c, FavaExtensionBase) and c is not FavaExtensionBase "
            "and getattr(c, 'report_title', None)])"
        )
        out = subprocess.run(
            [sys.executable, "-c", code], env=self.env, capture_output=True, text=True
        )
        return out.stdout.split() if out.returncode == 0 else []

    def fava_after_post(self, ledger: Path, pages: list[str], on: date) -> dict[str, Row]:
        """Row "Fava page after a post": the first extension page after a `jcg post`, timed
        from the post's end, Fava serving the books already (one run per size: each run
        is a Fava load of the books)."""
        if not pages:
            return {}
        # The reconciliation page reads all three books; its own time is small next to a
        # reload's (the subsidies page's HTML grows with the books: its own row shows it).
        page = "JcgReconciliation" if "JcgReconciliation" in pages else pages[-1]
        events = self.events(1, on).decode()
        sample = run([sys.executable, "-c", FAVA_POST_SCRIPT, str(ledger), page, events],
                     self.env)  # fmt: skip
        try:
            figures = json.loads(sample.out.strip().splitlines()[-1])
        except (ValueError, IndexError):
            print(f"   ! fava after a post: {sample.out[-800:]}", flush=True)
            return {}
        if figures["status"] != 200 or figures["post"] != 0:
            print(f"   ! fava after a post: {figures}", flush=True)
        print(f"   fava after a post {figures['after_post']:.3f}s {figures['loads']}", flush=True)
        row = Row(f"Fava page after a post ({page})")
        row.samples.append(sample)
        row.inner.append(figures["after_post"])
        return {"<after post>": row}


def peaks_by_book(samples: Sequence[Sample], peaks: dict[str, float]) -> dict[str, float]:
    """Each book's bean-check peak (MB), the largest over runs (samples in `BOOKS` order)."""
    return {b: max(peaks.get(b, 0.0), s.rss_mb) for b, s in zip(BOOKS, samples, strict=True)}


def fava_targets(result: dict[str, Any]) -> list[tuple[str, str]]:
    """The serving targets: Fava holds every book it serves, so its memory is compared with
    the sum of the books' bean-check peaks; the first page after a post with bean-check."""
    rows = [r for r in result["rows"] if r["name"].startswith("Fava")]
    peaks = result.get("bean_check_rss_books") or {}
    out: list[tuple[str, str]] = []

    def verdict(label: str, value: float, limit: float) -> None:
        out.append((label, f"{value:.3f} ≤ {limit} — {'met' if value <= limit else 'NOT met'}"))

    if rows and peaks:
        verdict(
            "Fava peak memory / sum of the books' bean-check peaks",
            max(r["rss"] for r in rows) / sum(peaks.values()),
            1.3,
        )
    after = [r for r in rows if r["name"].startswith("Fava page after a post")]
    if after:
        verdict(
            "Fava page after a post / bean-check", after[0]["wall"] / result["bean_check"], 0.35
        )
    return out


def demo_summary(out: str) -> str:
    """The line of `jcg demo`'s output that counts the events (its stderr is mixed in)."""
    lines = out.strip().splitlines()
    return next((line for line in lines if "笔事件" in line), " ".join(lines))[-200:]


def backdated_row(days: int) -> str:
    return f"jcg post, {days} day{'s' if days > 1 else ''} back"


def post_json(out: str) -> dict[str, Any] | None:
    """The JSON object `post --json` printed (stderr is mixed in: skip anything else)."""
    decoder = json.JSONDecoder()
    for start in (i for i, c in enumerate(out) if c == "{" and (i == 0 or out[i - 1] == "\n")):
        try:
            value, _ = decoder.raw_decode(out, start)
        except ValueError:
            continue
        if isinstance(value, dict) and "posted" in value:
            return value
    return None


def last_entry(ledger: Path) -> date:
    """The latest date of an entry in the books (their last journal files)."""
    found = [
        date.fromisoformat(d)
        for book in BOOKS
        for path in sorted((ledger / book / "journal").glob("*.beancount"))[-1:]
        for d in ENTRY_DATE.findall(path.read_text("utf-8"))
    ]
    return max(found)


def last_close(ledger: Path) -> date | None:
    """The date of the last period close (`jcg-close` directive) in any book."""
    found = [
        date.fromisoformat(d)
        for book in BOOKS
        for path in (ledger / book / "journal").glob("*.beancount")
        for d in CLOSE_DATE.findall(path.read_text("utf-8"))
    ]
    return max(found, default=None)


def fallbacks(result: dict[str, Any]) -> tuple[int, int, Counter[str]]:
    """Posts the benchmark made on one size (the forced full-path ones and `WARM_ROW` aside),
    how many of them fell back to the full path, and every reason counted (all posts)."""
    reasons: Counter[str] = Counter()
    posts = full = 0
    for row, paths in result.get("paths", {}).items():
        for path, count in paths.items():
            if path.startswith("full: "):
                reasons[path.removeprefix("full: ")] += count
            if path != "full: forced" and row != WARM_ROW:
                posts += count
                full += count if path.startswith("full: ") else 0
    return posts, full, reasons


def more_targets(result: dict[str, Any], results: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """The back-dated posts' targets and the demo's time(N)/time(N/3), on one size."""
    ref = result["bean_check"]
    rows = {r["name"]: r for r in result["rows"]}
    smallest = first_size(results) or result
    small = {r["name"]: r for r in smallest["rows"]}
    # The books of the smallest size built at this size's rate: the same open month.
    alike = next((r for r in results if r.get("rate_of") == result["size"]), None)
    same = {r["name"]: r for r in alike["rows"]} if alike else {}
    out: list[tuple[str, str]] = []

    def verdict(label: str, value: float, limit: float) -> None:
        out.append((label, f"{value:.3f} ≤ {limit} — {'met' if value <= limit else 'NOT met'}"))

    for days in BACKDATED:
        name = backdated_row(days)
        if name not in rows:
            continue
        verdict(f"{backdated_row(days)} / bean-check", rows[name]["wall"] / ref, 0.1)
        if smallest is not result and name in small:
            verdict(
                f"{backdated_row(days)} / same post on {smallest['size']:,}",
                rows[name]["wall"] / small[name]["wall"],
                1.5,
            )
        if alike is not None and name in same:
            verdict(
                f"{backdated_row(days)} / same post on {alike['size']:,} at the rate of "
                f"{result['size']:,} (the same open month)",
                rows[name]["wall"] / same[name]["wall"],
                1.5,
            )
    for third in results:
        if third["size"] * 3 == result["size"]:
            verdict(
                f"demo time / demo time on {third['size']:,} (N/3)",
                result["demo"] / third["demo"],
                3.6,
            )
    return out


def render_paths(result: dict[str, Any]) -> list[str]:
    """Which path the benchmark's posts took on one size, and why the full path."""
    posts, full, reasons = fallbacks(result)
    if not result.get("paths"):
        return []
    share = f"{full / posts:.0%}" if posts else "-"
    why = ", ".join(f"{reason} ×{n}" for reason, n in reasons.most_common()) or "none"
    lines = [
        f"Posts by the benchmark: {posts} (besides the forced full-path ones and the one "
        f"after them), of which **{full} ({share}) fell back to the full path**; reasons "
        f"(all posts): {why}.",
        "",
        "| posts | snapshot | full path (why) |",
        "|---|---:|---|",
    ]
    refolded: dict[str, list[int]] = result.get("refolded", {})
    lines[-2:] = ["| posts | snapshot | full path (why) | entries refolded |", "|---|---:|---|---|"]
    for row, paths in result["paths"].items():
        fast = paths.get("snapshot", 0)
        slow = ", ".join(f"{p} ×{n}" for p, n in paths.items() if p != "snapshot") or "-"
        counts = ", ".join(f"{n:,}" for n in refolded.get(row, [])) or "-"
        lines.append(f"| {row} | {fast} | {slow} | {counts} |")
    return [*lines, ""]


def render_all_paths(results: list[dict[str, Any]]) -> list[str]:
    """The share of fall-backs over every post the benchmark made, all sizes together."""
    posts = full = 0
    reasons: Counter[str] = Counter()
    for result in results:
        p, f, r = fallbacks(result)
        posts, full, reasons = posts + p, full + f, reasons + r
    if not posts:
        return []
    why = ", ".join(f"{reason} ×{n}" for reason, n in reasons.most_common())
    return [
        f"All sizes: {posts} posts (besides the forced full-path ones and the one after "
        f"them), **{full} ({full / posts:.0%}) fell back to the full path**; reasons (all "
        f"posts): {why}.",
        "",
    ]


def targets(result: dict[str, Any], smallest: dict[str, Any] | None) -> list[tuple[str, str]]:
    """Each target of the issue, met or not, on one size."""
    ref, ref_rss = result["bean_check"], result["bean_check_rss"]
    rows = {r["name"]: r for r in result["rows"]}
    out: list[tuple[str, str]] = []

    def verdict(label: str, value: float, limit: float) -> None:
        out.append((label, f"{value:.3f} ≤ {limit} — {'met' if value <= limit else 'NOT met'}"))

    if "jcg post, repeated" in rows:
        verdict("single post / bean-check", rows["jcg post, repeated"]["wall"] / ref, 0.1)
        if smallest is not None and smallest is not result:
            small = {r["name"]: r for r in smallest["rows"]}["jcg post, repeated"]["wall"]
            verdict(
                f"single post / same post on {smallest['size']:,}",
                rows["jcg post, repeated"]["wall"] / small,
                1.5,
            )
    if "jcg post, batch of 1,000" in rows:
        verdict(
            "batch of 1,000 / bean-check of the result",
            rows["jcg post, batch of 1,000"]["wall"] / result["bean_check_after_batch"],
            1.3,
        )
    if "jcg check" in rows:
        verdict("jcg check / bean-check", rows["jcg check"]["wall"] / ref, 1.2)
    reports = [r for n, r in rows.items() if n.startswith("jcg report")]
    if reports:
        verdict("worst report / bean-check", max(r["wall"] for r in reports) / ref, 1.3)
    pages = [r for n, r in rows.items() if n.startswith("Fava page") and "after a post" not in n]
    if pages:
        verdict("worst Fava page / bean-check", max(r["wall"] for r in pages) / ref, 0.1)
    worst = max((r["rss"] for r in result["rows"] if not r["name"].startswith("Fava")), default=0.0)
    verdict("peak memory of any command / bean-check's", worst / ref_rss, 1.3)
    out += fava_targets(result)
    if smallest is not None and smallest is not result:
        verdict(
            f"demo time / demo time on {smallest['size']:,}",
            result["demo"] / smallest["demo"],
            12,
        )
    return out


def first_size(results: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The smallest size's result (the first, not one built at another size's rate)."""
    return next((r for r in results if not r.get("rate_of")), None)


def render(results: list[dict[str, Any]], info: dict[str, str], runs: int) -> str:
    lines = [
        BEGIN,
        f"Measured {date.today().isoformat()} by `python -m bench`, medians of {runs} runs; "
        f"machine: {info['nproc']} CPUs ({info['cpu']}), {info['memory']}, "
        f"Python {info['python']}, {info['os']}.",
        "",
    ]
    smallest = first_size(results)
    for result in results:
        ref, ref_rss = result["bean_check"], result["bean_check_rss"]
        rate_of = result.get("rate_of")
        heading = f"### {result['size']:,} scaled events"
        command = f"jcg demo --scale {result['size']}"
        if rate_of:
            heading += f" at the rate of {rate_of:,} (the same open month)"
            command += f" --rate-of {rate_of}"
        lines += [
            heading,
            "",
            *(
                [
                    f"Books with the open month of the {rate_of:,}-event build, "
                    f"{result['size']:,} events in all: its back-dated posts on books that "
                    "differ from it in size, not in the period they refold (bean-check and "
                    "the posts only).",
                    "",
                ]
                if rate_of
                else []
            ),
            f"`{command}`: {result['demo']:.1f} s "
            f"({result['demo_out']}). bean-check (three books, summed): **{ref:.2f} s**, "
            f"peak {ref_rss:.0f} MB (largest book). Runs: {runs} for bean-check and single "
            f"posts, {result['heavy_runs']} for the other operations.",
            "",
            "| operation | time (s) | × bean-check | peak MB | × bean-check |",
            "|---|---:|---:|---:|---:|",
        ]
        for row in result["rows"]:
            lines.append(
                f"| {row['name']} | {row['wall']:.3f} | {row['wall'] / ref:.3f} | "
                f"{row['rss']:.0f} | {row['rss'] / ref_rss:.2f} |"
            )
        # Books of another size's open month: their posts are compared in that size's table.
        checks = [] if rate_of else [*targets(result, smallest), *more_targets(result, results)]
        if checks:
            lines += ["", "| target | ratio |", "|---|---|"]
        for label, text in checks:
            lines.append(f"| {label} | {text} |")
        lines.append("")
        lines += render_paths(result)
    lines += render_all_paths(results)
    lines.append(END)
    return "\n".join(lines)


def posted_count(out: str) -> str:
    """The number of events `jcg demo` says it posted ("… 10191 笔事件 events posted")."""
    found = re.search(r"(\d+) 笔事件", out)
    return f"{int(found.group(1)):,}" if found else "?"


def render_builds(results: list[dict[str, Any]], info: dict[str, str]) -> str:
    """The builds alone (``--builds``): each size's time and memory, and time(N)/time(N/3)."""
    lines = [
        BUILDS_BEGIN,
        f"Measured {date.today().isoformat()} by `python -m bench --builds`, one run each; "
        f"machine: {info['nproc']} CPUs ({info['cpu']}), {info['memory']}, "
        f"Python {info['python']}, {info['os']}.",
        "",
        "| `jcg demo --scale N` | time (s) | peak MB | events | closes | time(N) / time(N/3) |",
        "|---:|---:|---:|---|---:|---|",
    ]
    by_size = {r["size"]: r for r in results}
    for result in results:
        third = by_size.get(result["size"] // 3) if result["size"] % 3 == 0 else None
        ratio = "-"
        if third is not None:
            value = result["demo"] / third["demo"]
            ratio = f"{value:.2f} ≤ 3.6 — {'met' if value <= 3.6 else 'NOT met'}"
        lines.append(
            f"| {result['size']:,} | {result['demo']:.1f} | {result['demo_rss']:.0f} | "
            f"{result['demo_out']} | {result['closes']} | {ratio} |"
        )
    lines.append(BUILDS_END)
    return "\n".join(lines)


def write_doc(table: str, begin: str = BEGIN, end: str = END) -> None:
    text = DOC.read_text("utf-8") if DOC.exists() else f"# Performance\n\n{begin}\n{end}\n"
    if begin in text and end in text:
        head, rest = text.split(begin, 1)
        tail = rest.split(end, 1)[1]
        text = head + table + tail
    else:
        text += "\n" + table + "\n"
    DOC.write_text(text, "utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--sizes", default="10000,100000", help="comma-separated sizes")
    parser.add_argument("--runs", type=int, default=3, help="runs per figure (median)")
    parser.add_argument("--write", action="store_true", help=f"write the table to {DOC}")
    parser.add_argument("--json", help="also write the raw figures to this file")
    parser.add_argument("--keep", action="store_true", help="keep the books and cache")
    parser.add_argument(
        "--render", metavar="JSON", help="print (and --write) the table of a saved --json run"
    )
    parser.add_argument(
        "--builds",
        action="store_true",
        help="only build the books of each size (time(N)/time(N/3), e.g. --sizes 100000,300000)",
    )
    parser.add_argument(
        "--no-alike",
        action="store_true",
        help="skip the smallest size built at the largest's rate (the same open month)",
    )
    args = parser.parse_args(argv)
    if args.render:  # figures of an earlier run on this machine, e.g. one started without --write
        table = render(json.loads(Path(args.render).read_text()), machine(), args.runs)
        print(table)
        if args.write:
            write_doc(table)
        return 0
    sizes = [int(s) for s in args.sizes.split(",") if s]
    info = machine()
    work = Path(tempfile.mkdtemp(prefix="jcg-bench-"))
    print(f"work folder {work}; {info}", flush=True)
    results: list[dict[str, Any]] = []
    try:
        bench = Bench(work, args.runs, args.keep)
        if args.builds:
            builds = []
            for size in sizes:
                builds.append(bench.measure_build(size))
                table = render_builds(builds, info)
                print(table, flush=True)
                if args.json:
                    Path(args.json).write_text(json.dumps(builds, indent=1, default=str))
                if args.write:
                    write_doc(table, BUILDS_BEGIN, BUILDS_END)
            return 0
        # With two sizes or more: the smallest again, at the largest's rate (the same open
        # month as the largest, a tenth of its events before it at 10,000 and 100,000).
        plan = [(size, None) for size in sizes]
        if len(sizes) > 1 and not args.no_alike:
            plan.append((sizes[0], sizes[-1]))
        for size, rate_of in plan:
            results.append(bench.measure_size(size, rate_of))
            table = render(results, info, args.runs)
            print(table, flush=True)
            if args.json:
                Path(args.json).write_text(json.dumps(results, indent=1, default=str))
            if args.write:
                write_doc(table)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return 0


# The scaled demo's dates end before this (`demo.scale.END`, 2029-12-28, exclusive); keep
# benchmark posts after every entry.
assert date(2029, 12, 28) > date(2029, 12, 27)

"""The snapshot path of `post` is the full path, only faster: a property test.

Random streams of posts (valid and invalid events, dated after the last entry, on the same
day, or before an existing balance assertion and earlier entries) go to two copies of the
same books: one posted with snapshots, the other with ``JCG_FULL_VALIDATION=1``. After every
post both must give the same verdict (posted / already / refused with the same event, field
and rule) and hold the same bytes in every book file and the same audit records (times
aside).
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jcg_ledger.books.init import init_ledger
from jcg_ledger.books.layout import Ledger
from jcg_ledger.cache import shards, snapshot
from jcg_ledger.events import parse_event
from jcg_ledger.post import PostError, PostResult, post, refresh_snapshot

SETUP: list[dict[str, Any]] = [
    {"id": "reg-ACME", "type": "entity.register", "date": "2025-01-06", "entity": "ACME",
     "name": "测试甲", "kind": "company", "admitted": "2025-01-06", "paid_in_capital": "80万"},
    {"id": "reg-BETA", "type": "entity.register", "date": "2025-01-06", "entity": "BETA",
     "name": "测试乙", "kind": "company", "admitted": "2025-01-06", "paid_in_capital": "80万"},
    {"id": "bud-2025", "type": "budget.appropriate", "date": "2025-01-15", "year": 2025,
     "department": "sci-tech", "amount": "3000万"},
    {"id": "bud-2026", "type": "budget.appropriate", "date": "2026-01-15", "year": 2026,
     "department": "sci-tech", "amount": "3000万"},
    # 2027's line, received early: the posts dated 2027 are charged to it.
    {"id": "bud-2027", "type": "budget.appropriate", "date": "2026-01-15", "year": 2027,
     "department": "sci-tech", "amount": "3000万"},
    {"id": "fund-1", "type": "project.fund", "date": "2025-03-01", "amount": "100万"},
    {"id": "appr-ACME", "type": "subsidy.approve", "date": "2026-03-01", "entity": "ACME",
     "measure": "startup-capital", "subject": "ACME 注册资本", "base": "800000"},
]  # fmt: skip

# A balance assertion typed in by hand (in a file `jcg post` never rewrites): an event dated
# before it that moves the account must be refused by both paths.
BALANCE = "\n2026-06-30 balance Assets:Entrusted:Platform 1000000.00 CNY\n"

# Mostly after every entry (the snapshot path's case), some before (its fallbacks).
DATES = ["2025-02-10", "2026-06-29", *["2026-07-01", "2026-09-15", "2027-01-04"] * 4]


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Ledger]:
    os.environ["JCG_FULL_VALIDATION"] = "1"
    try:
        ledger = init_ledger(tmp_path_factory.mktemp("equiv") / "base")
        post(ledger, [parse_event(r) for r in SETUP])
    finally:
        del os.environ["JCG_FULL_VALIDATION"]
    with ledger.accounts("city").open("a", encoding="utf-8") as handle:
        handle.write(BALANCE)
    yield ledger


@st.composite
def raw_event(draw: st.DrawFn, serial: int) -> dict[str, Any]:
    on = draw(st.sampled_from(DATES))
    kind = draw(
        st.sampled_from(
            ["fund"] * 6 + ["register"] * 4 + ["approve"] * 2 + ["dup-register", "pay", "fee"]
        )
    )
    eid = f"e{serial}"
    if kind == "fund":
        amount = draw(st.sampled_from(["1000", "2.5万", "1000", "1000", "-5"]))
        return {"id": eid, "type": "project.fund", "date": on, "amount": amount}
    if kind in ("register", "dup-register"):
        code = "ACME" if kind == "dup-register" else f"N{serial:03d}"
        return {"id": eid, "type": "entity.register", "date": on, "entity": code,
                "name": f"新主体{serial}", "kind": "company", "admitted": on,
                "paid_in_capital": "80万"}  # fmt: skip
    if kind == "approve":
        who = draw(st.sampled_from(["ACME", "BETA", "BETA", "NOPE"]))
        return {"id": eid, "type": "subsidy.approve", "date": on, "entity": who,
                "measure": "startup-capital", "subject": f"{who} 注册资本",
                "base": "800000"}  # fmt: skip
    if kind == "pay":
        approval = draw(st.sampled_from(["appr-ACME", "e1", "e2", "missing"]))
        return {"id": eid, "type": "subsidy.pay", "date": on, "approval": approval}
    return {"id": eid, "type": "fund.fee", "date": on, "amount": "1000", "period": "季度费用"}


@st.composite
def streams(draw: st.DrawFn) -> list[list[dict[str, Any]]]:
    serial = 0
    out: list[list[dict[str, Any]]] = []
    for _ in range(draw(st.integers(1, 4))):
        batch = []
        for _ in range(draw(st.integers(1, 2))):
            serial += 1
            batch.append(draw(raw_event(serial)))
        if draw(st.booleans()) and out:  # re-post an earlier batch (idempotency)
            batch = out[-1]
        out.append(batch)
    return out


def verdict(ledger: Ledger, raw: list[dict[str, Any]], full: bool) -> tuple[Any, ...]:
    previous = os.environ.pop(snapshot.FULL_ENV, None)
    if full:
        os.environ[snapshot.FULL_ENV] = "1"
    try:
        events = [parse_event(r) for r in raw]
        result: PostResult = post(ledger, events, by="test")
        if result.posted:  # a post of events all posted already validates nothing
            PATHS.append(("full" if full else "fast") + ":" + result.validated)
        return ("posted", tuple(result.posted), tuple(result.already))
    except PostError as refusal:
        return ("refused", refusal.event_id, refusal.field, refusal.rule)
    except ValueError as invalid:  # an event the models reject (e.g. a negative amount)
        return ("invalid", type(invalid).__name__)
    finally:
        os.environ.pop(snapshot.FULL_ENV, None)
        if previous is not None:
            os.environ[snapshot.FULL_ENV] = previous


def books(ledger: Ledger) -> dict[str, bytes]:
    return {ledger.relative(p): p.read_bytes() for p in ledger.book_files()}


def audit_records(ledger: Ledger) -> list[tuple[Any, ...]]:
    out = []
    for line in ledger.audit_path.read_text("utf-8").splitlines():
        record = json.loads(line)
        out.append((record.get("action"), record.get("events"), record.get("files")))
    return out


PATHS: list[str] = []
VERDICTS: list[str] = []


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(stream=streams(), count=st.sampled_from([1, 3, shards.SHARDS]))
def test_snapshot_path_equals_full_path(
    base: Ledger,
    tmp_path_factory: pytest.TempPathFactory,
    stream: list[list[dict[str, Any]]],
    count: int,
) -> None:
    saved = shards.SHARDS, os.environ.get(snapshot.CACHE_ENV)
    shards.SHARDS = count  # one shard holding every key, a few, or mostly one key each
    where = tmp_path_factory.mktemp("pair")
    os.environ[snapshot.CACHE_ENV] = str(where / "cache")
    try:
        fast = Ledger.at(shutil.copytree(base.root, where / "fast"))
        full = Ledger.at(shutil.copytree(base.root, where / "full"))
        assert refresh_snapshot(fast)
        for batch in stream:
            seen = verdict(fast, batch, full=False)
            VERDICTS.append(seen[0] + ":" + str(seen[-1]))
            assert seen == verdict(full, batch, full=True), batch
            assert books(fast) == books(full)
            assert audit_records(fast) == audit_records(full)
    finally:
        shards.SHARDS = saved[0]
        if saved[1] is None:
            os.environ.pop(snapshot.CACHE_ENV, None)
        else:
            os.environ[snapshot.CACHE_ENV] = saved[1]


def test_the_streams_took_both_paths_and_got_both_verdicts() -> None:
    """The property above compared something: its posts (run just before, in this module)
    went down the snapshot path and the full path both, and were posted and refused both."""
    if not PATHS:
        pytest.skip("run with test_snapshot_path_equals_full_path (same module)")
    # The copy posted with JCG_FULL_VALIDATION=1 always went down the full path; the other
    # took the snapshot path (and may fall back to the full path, never to neither).
    assert {p for p in PATHS if p.startswith("full:")} == {"full:full"}, PATHS
    assert {p for p in PATHS if p.startswith("fast:")} <= {"fast:snapshot", "fast:full"}, PATHS
    assert "fast:snapshot" in PATHS, PATHS
    kinds = {v.split(":")[0] for v in VERDICTS}
    assert {"posted", "refused"} <= kinds, VERDICTS


def test_the_snapshot_path_is_taken(
    base: Ledger, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The property above would hold vacuously if every post fell back: it does not."""
    monkeypatch.setenv(snapshot.CACHE_ENV, str(tmp_path / "cache"))
    ledger = Ledger.at(shutil.copytree(base.root, tmp_path / "books"))
    assert refresh_snapshot(ledger)
    raw = {"id": "late", "type": "project.fund", "date": "2027-02-01", "amount": "1000"}
    assert post(ledger, [parse_event(raw)]).validated == "snapshot"
    raw = {"id": "later", "type": "project.fund", "date": "2027-02-01", "amount": "2000"}
    assert post(ledger, [parse_event(raw)]).validated == "snapshot"
    # Before the hand-typed balance assertion: only the full path may decide (it refuses).
    raw = {"id": "early", "type": "project.fund", "date": "2026-06-01", "amount": "1000"}
    with pytest.raises(PostError) as refused:
        post(ledger, [parse_event(raw)])
    assert refused.value.rule == "bean-check"


def test_a_snapshot_is_never_read_from_a_place_others_can_write(
    base: Ledger, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(snapshot.CACHE_ENV, str(tmp_path / "cache"))
    ledger = Ledger.at(shutil.copytree(base.root, tmp_path / "books"))
    assert refresh_snapshot(ledger)
    key = snapshot.content_key(snapshot.read_books(ledger))
    assert snapshot.load(ledger, key) is not None
    folder = snapshot.cache_dir(ledger)
    folder.chmod(0o777)
    assert snapshot.load(ledger, key) is None
    folder.chmod(0o700)
    (folder / "snapshot.pickle").chmod(0o666)
    assert snapshot.load(ledger, key) is None
    (folder / "snapshot.pickle").chmod(0o600)
    assert snapshot.load(ledger, key) is not None
    # Stale: any byte of any book file changes the key.
    with ledger.accounts("fund").open("a", encoding="utf-8") as handle:
        handle.write("\n")
    assert snapshot.load(ledger, snapshot.content_key(snapshot.read_books(ledger))) is None


def test_snapshots_stay_out_of_the_books(base: Ledger) -> None:
    assert not snapshot.cache_dir(base).is_relative_to(base.root)

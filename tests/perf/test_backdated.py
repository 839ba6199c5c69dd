"""Back-dated posts inside the open period take the snapshot path, and decide as the full path.

Finance staff post out of date order: a payment dated the 18th after an approval dated the
20th. After `jcg close`, the snapshot holds each book's checkpoint (the plugin's state at its
last close) and the entries after it; a post dated before some of those entries refolds them
with the new ones in place (`cache/incremental._refold`). Each case posts the same events to
two copies of the books — one with snapshots, one with ``JCG_FULL_VALIDATION=1`` — and
compares verdicts and bytes; and asserts which path the snapshot copy took and why.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from jcg_ledger.books.init import init_ledger
from jcg_ledger.books.layout import Ledger
from jcg_ledger.cache import snapshot
from jcg_ledger.cli import main
from jcg_ledger.close import CloseResult, close_period
from jcg_ledger.events import parse_event
from jcg_ledger.post import PostError, PostResult, post, refresh_snapshot

SETUP: list[dict[str, Any]] = [
    {"id": "reg-ACME", "type": "entity.register", "date": "2025-01-06", "entity": "ACME",
     "name": "测试甲", "kind": "company", "admitted": "2025-01-06", "paid_in_capital": "80万"},
    # 2025's line in two parts: 100万 on 2025-01-15, another 100万 on 2025-09-01.
    {"id": "bud-a", "type": "budget.appropriate", "date": "2025-01-15", "year": 2025,
     "department": "sci-tech", "amount": "100万"},
    {"id": "fund-1", "type": "project.fund", "date": "2025-03-01", "amount": "10万"},
]  # fmt: skip
# Posted after the close of 2025-05 (so they lie in the open period): the last entry is
# 2025-09-20.
OPEN: list[dict[str, Any]] = [
    {"id": "fund-2", "type": "project.fund", "date": "2025-06-10", "amount": "10万"},
    {"id": "bud-b", "type": "budget.appropriate", "date": "2025-09-01", "year": 2025,
     "department": "sci-tech", "amount": "100万"},
    {"id": "fund-3", "type": "project.fund", "date": "2025-09-20", "amount": "10万"},
]  # fmt: skip


def fund(event_id: str, on: str, amount: str) -> dict[str, Any]:
    return {"id": event_id, "type": "project.fund", "date": on, "amount": amount}


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Ledger]:
    os.environ[snapshot.FULL_ENV] = "1"
    try:
        ledger = init_ledger(tmp_path_factory.mktemp("backdated") / "base")
        post(ledger, [parse_event(r) for r in SETUP])
        close_period(ledger, "2025-05", by="test", today=date(2025, 6, 1))
        post(ledger, [parse_event(r) for r in OPEN])
    finally:
        del os.environ[snapshot.FULL_ENV]
    yield ledger


class Pair:
    """The same books twice: one posted with snapshots, one on the full path."""

    def __init__(self, base: Ledger, where: Path) -> None:
        self.fast = Ledger.at(shutil.copytree(base.root, where / "fast"))
        self.full = Ledger.at(shutil.copytree(base.root, where / "full"))
        assert refresh_snapshot(self.fast)

    def post(self, *raw: dict[str, Any]) -> PostResult | PostError:
        """Post to both; the same verdict and the same bytes, or the test fails."""
        seen = _post(self.fast, list(raw), full=False)
        other = _post(self.full, list(raw), full=True)
        assert _verdict(seen) == _verdict(other), raw
        assert _files(self.fast) == _files(self.full)
        return seen

    def close(self, period: str) -> CloseResult | PostError:
        """Close both; the same outcome and the same bytes, or the test fails."""
        seen = _close(self.fast, period, full=False)
        other = _close(self.full, period, full=True)
        if isinstance(seen, PostError) or isinstance(other, PostError):
            assert isinstance(seen, PostError) and isinstance(other, PostError)
            assert (seen.rule, seen.field) == (other.rule, other.field)
        else:
            assert (seen.entries, seen.allocated) == (other.entries, other.allocated)
            assert other.validated == "full"
        assert _files(self.fast) == _files(self.full)
        return seen


def _close(ledger: Ledger, period: str, *, full: bool) -> CloseResult | PostError:
    if full:
        os.environ[snapshot.FULL_ENV] = "1"
    try:
        return close_period(ledger, period, by="test", today=date(2025, 12, 1))
    except PostError as refusal:
        return refusal
    finally:
        os.environ.pop(snapshot.FULL_ENV, None)


def _post(ledger: Ledger, raw: list[dict[str, Any]], *, full: bool) -> PostResult | PostError:
    if full:
        os.environ[snapshot.FULL_ENV] = "1"
    try:
        return post(ledger, [parse_event(r) for r in raw], by="test")
    except PostError as refusal:
        return refusal
    finally:
        os.environ.pop(snapshot.FULL_ENV, None)


def _verdict(outcome: PostResult | PostError) -> tuple[Any, ...]:
    if isinstance(outcome, PostError):
        return ("refused", outcome.event_id, outcome.field, outcome.rule)
    return ("posted", tuple(outcome.posted), tuple(outcome.already))


def _files(ledger: Ledger) -> dict[str, bytes]:
    return {ledger.relative(p): p.read_bytes() for p in ledger.book_files()}


@pytest.fixture
def pair(base: Ledger, tmp_path: Path) -> Pair:
    return Pair(base, tmp_path)


@pytest.mark.parametrize("on", ["2025-09-19", "2025-09-10", "2025-06-01", "2025-06-10"])
def test_a_post_dated_inside_the_open_period_takes_the_snapshot_path(pair: Pair, on: str) -> None:
    result = pair.post(fund("late", on, "1000"))
    assert isinstance(result, PostResult)
    assert (result.validated, result.fallback) == ("snapshot", "")
    # The next post, back-dated again and after the last entry, still agrees with the full
    # path: the snapshot the back-dated post left is the books'.
    again = pair.post(fund("again", "2025-07-01", "2000"))
    assert isinstance(again, PostResult) and again.validated == "snapshot"
    after = pair.post(fund("after", "2025-10-01", "3000"))
    assert isinstance(after, PostResult) and after.validated == "snapshot"


def test_cash_is_checked_on_the_day_of_a_back_dated_payment(pair: Pair) -> None:
    """By 2025-09-20 the special fund received 200万 and paid 30万 out; on 2025-08-01 it had
    received only 100万 and paid 20万 (10万 on 2025-03-01, 10万 on 2025-06-10): 80万.

    A payment of 90万 dated 2025-08-01 fits the appropriation (200万 − 30万 = 170万 left)
    and the cash of today, but not the cash of its day: both paths refuse it, and the
    snapshot path does not decide it (its refold of the open period finds the shortfall)."""
    refusal = pair.post(fund("short", "2025-08-01", "90万"))
    assert isinstance(refusal, PostError)
    assert refusal.rule in ("cash-insufficient", "bean-check")
    # 80万 exactly is what the fund held that day: accepted, on the snapshot path.
    exact = pair.post(fund("exact", "2025-08-01", "80万"))
    assert isinstance(exact, PostResult) and exact.validated == "snapshot"


def test_a_payment_that_leaves_a_later_one_without_cash_is_refused_by_both(pair: Pair) -> None:
    """The special fund's cash: +100万 (01-15), −10万 (03-01), −10万 fund-2 (06-10), +100万
    (09-01), −10万 (09-20). A payment of 85万 dated 2025-06-01 fits its own day (90万 held)
    and the books' end (170万 held, 170万 of the line left), but leaves fund-2, posted
    before it, 5万 − 10万 = −5万 on 2025-06-10: the full load fails on fund-2, so both paths
    refuse, and the snapshot path, refolding the open period, does not accept it."""
    refusal = pair.post(fund("breaks-later", "2025-06-01", "85万"))
    assert isinstance(refusal, PostError)
    assert refusal.rule == "bean-check"
    assert "fund-2" in (refusal.event_id, refusal.message) or "cash" in refusal.message
    # 80万 leaves fund-2 exactly 0: accepted, on the snapshot path.
    ok = pair.post(fund("fits", "2025-06-01", "80万"))
    assert isinstance(ok, PostResult) and ok.validated == "snapshot"


def test_into_the_closed_period_is_refused_with_the_full_paths_rule(pair: Pair) -> None:
    refusal = pair.post(fund("closed", "2025-05-31", "1000"))
    assert isinstance(refusal, PostError) and refusal.rule == "period-closed"


def test_before_a_balance_assertion_falls_back_and_says_why(pair: Pair) -> None:
    """A balance assertion typed in by hand dated inside the open period: a post before it on
    the same account can change what it asserts; only the full path may decide."""
    for ledger in (pair.fast, pair.full):
        with ledger.accounts("platform").open("a", encoding="utf-8") as handle:
            handle.write("\n2025-09-30 balance Liabilities:Entrusted:City -300000.00 CNY\n")
    assert refresh_snapshot(pair.fast)
    refusal = pair.post(fund("before-balance", "2025-09-15", "1000"))
    assert isinstance(refusal, PostError) and refusal.rule == "bean-check"
    # After the assertion's date it does not matter: the snapshot path.
    result = pair.post(fund("after-balance", "2025-10-01", "1000"))
    assert isinstance(result, PostResult) and result.validated == "snapshot"


def test_without_a_close_a_back_dated_post_takes_the_full_path(tmp_path: Path) -> None:
    ledger = init_ledger(tmp_path / "books")
    post(ledger, [parse_event(r) for r in [*SETUP, *OPEN]])
    assert refresh_snapshot(ledger)
    result = post(ledger, [parse_event(fund("early", "2025-06-01", "1000"))])
    assert result.validated == "full"
    assert result.fallback.startswith("back-dated")


def test_post_json_says_why_the_full_path_was_taken(base: Ledger, tmp_path: Path) -> None:
    ledger = Ledger.at(shutil.copytree(base.root, tmp_path / "books"))
    events = tmp_path / "e.json"
    events.write_text(json.dumps([fund("j-1", "2025-10-01", "1000")]), "utf-8")
    runner = CliRunner()
    # No snapshot yet (a copy of books in a new place): the full path, and why.
    first = runner.invoke(main, ["--ledger", str(ledger.root), "post", "--json", str(events)])
    assert first.exit_code == 0, first.output
    assert json.loads(first.output)["validated"] == "full"
    assert json.loads(first.output)["fallback"] == "no snapshot"
    events.write_text(json.dumps([fund("j-2", "2025-09-02", "1000")]), "utf-8")
    second = runner.invoke(main, ["--ledger", str(ledger.root), "post", "--json", str(events)])
    assert second.exit_code == 0, second.output
    assert json.loads(second.output)["validated"] == "snapshot"
    assert json.loads(second.output)["fallback"] is None


def test_an_altered_tail_in_the_cache_is_never_used(pair: Pair) -> None:
    """The tail a back-dated post refolds is a pickle in the private cache folder: a file whose
    content is not the digest the snapshot names (altered by anyone who could reach it) sends
    the post down the full path, which decides as ever; nothing of the altered file is used."""
    snap = snapshot.load(pair.fast, snapshot.content_key(snapshot.read_books(pair.fast)))
    assert snap is not None
    tails = [chunk for part in snap.books.values() for chunk in part.tail]
    assert tails
    folder = snapshot.cache_dir(pair.fast)
    for chunk in tails:
        (folder / f"state-{chunk.digest}.pickle").write_bytes(b"\x80\x04K\x00.")  # pickle of 0
    result = pair.post(fund("tampered", "2025-09-10", "1000"))
    assert isinstance(result, PostResult)
    assert result.validated == "full"
    assert result.fallback.startswith("snapshot incomplete")


def _marks(ledger: Ledger) -> list[str]:
    """The days of the snapshot's marks (`cache/snapshot.Mark`), oldest first."""
    snap = snapshot.load(ledger, snapshot.content_key(snapshot.read_books(ledger)))
    assert snap is not None
    return [mark.day.isoformat() for mark in snap.marks]


def test_an_appended_post_leaves_a_mark_a_later_back_dated_post_refolds_from(pair: Pair) -> None:
    """Each `project.fund` is one transaction in the city book and one in the platform book.
    After the close of 2025-05 the tails hold fund-2, bud-b, fund-3 (city: 3 entries) and
    fund-2, fund-3 (platform: 2). Two posts in date order, m-1 (10-01) and m-2 (10-05), each
    leave a mark: the states before them. A post dated 10-03 sorts after m-1 and before m-2:
    it refolds from the mark before m-2, that is m-2 and itself in each book, 2 + 2 = 4
    entries — from the close it would be 6 + 5 = 11."""
    assert _marks(pair.fast) == []
    for event_id, on in (("m-1", "2025-10-01"), ("m-2", "2025-10-05")):
        appended = pair.post(fund(event_id, on, "1000"))
        assert isinstance(appended, PostResult)
        assert (appended.validated, appended.refolded) == ("snapshot", 0)
    assert _marks(pair.fast) == ["2025-09-20", "2025-10-01"]
    between = pair.post(fund("m-3", "2025-10-03", "1000"))
    assert isinstance(between, PostResult) and between.validated == "snapshot"
    assert between.refolded == 4
    # Both marks lie before 10-03 in both books: they stay.
    assert _marks(pair.fast) == ["2025-09-20", "2025-10-01"]
    # 09-25 lies before the second mark (10-01): it refolds from the first (09-20), over m-1,
    # m-2, m-3 and itself in each book (8), and the second mark, now stale, is dropped.
    earlier = pair.post(fund("m-4", "2025-09-25", "1000"))
    assert isinstance(earlier, PostResult) and earlier.refolded == 8
    assert _marks(pair.fast) == ["2025-09-20"]
    # 07-01 lies before every mark: from the close, over the whole open period: city 3 + 4
    # posted here + itself = 8, platform 2 + 4 + 1 = 7.
    oldest = pair.post(fund("m-5", "2025-07-01", "1000"))
    assert isinstance(oldest, PostResult) and oldest.refolded == 15
    assert _marks(pair.fast) == []


def test_one_mark_is_kept_a_day_the_days_last(pair: Pair) -> None:
    """Three posts on 10-01 leave marks of the days 09-20, 10-01 and 10-01 again: the day's
    last replaces the earlier one, so a post dated 10-01 … before them all refolds from the
    09-20 mark, and one sorting after the second post's entries from the 10-01 one."""
    for event_id in ("d-1", "d-2", "d-3"):
        result = pair.post(fund(event_id, "2025-10-01", "1000"))
        assert isinstance(result, PostResult) and result.refolded == 0
    assert _marks(pair.fast) == ["2025-09-20", "2025-10-01"]
    # Dated 09-30: after the 09-20 mark; it refolds d-1, d-2, d-3 and itself: 4 a book.
    result = pair.post(fund("d-4", "2025-09-30", "1000"))
    assert isinstance(result, PostResult) and result.refolded == 8


def test_a_close_takes_the_snapshot_path_and_moves_the_checkpoint(pair: Pair) -> None:
    """Closing 2025-06 on books closed through 2025-05 hashes the entries since: fund-2
    (2025-06-10) in the city and the platform book, none in the fund book (it holds no
    event, so there is nothing to allocate). The close reads them from the snapshot's tails,
    writes the bytes the full close writes, and leaves its checkpoints at the new close: a
    post dated 2025-08-01 then refolds bud-b and fund-3 and itself in the city book (3) and
    fund-3 and itself in the platform book (2), not fund-2 any more."""
    closed = pair.close("2025-06")
    assert isinstance(closed, CloseResult)
    assert closed.validated == "snapshot"
    assert closed.entries == {"city": 1, "platform": 1, "fund": 0}
    assert _marks(pair.fast) == []  # a close leaves no mark: its checkpoint is newer
    late = pair.post(fund("after-close", "2025-08-01", "1000"))
    assert isinstance(late, PostResult) and late.validated == "snapshot"
    assert late.refolded == 5
    refusal = pair.post(fund("in-closed", "2025-06-15", "1000"))
    assert isinstance(refusal, PostError) and refusal.rule == "period-closed"
    # Closed again: refused by both, with the full close's rule.
    again = pair.close("2025-06")
    assert isinstance(again, PostError) and again.rule == "period-closed"


def test_a_close_after_marks_and_back_dated_posts_agrees_with_the_full_close(pair: Pair) -> None:
    """Posts in and out of date order, then closes of 2025-06 … 2025-09 one after another:
    each hashes what the full close hashes (the same bytes), and the counts are by hand —
    06: fund-2 and a 06-20 post in city and platform (2 each); 07: the 07-05 post (1 each);
    08: none; 09: bud-b (city), fund-3 and the 09-25 post (city 3, platform 2)."""
    for event_id, on in (("c-1", "2025-09-25"), ("c-2", "2025-06-20"), ("c-3", "2025-07-05")):
        result = pair.post(fund(event_id, on, "1000"))
        assert isinstance(result, PostResult) and result.validated == "snapshot"
    expected = {
        "2025-06": {"city": 2, "platform": 2, "fund": 0},
        "2025-07": {"city": 1, "platform": 1, "fund": 0},
        "2025-08": {"city": 0, "platform": 0, "fund": 0},
        "2025-09": {"city": 3, "platform": 2, "fund": 0},
    }
    for period, counts in expected.items():
        closed = pair.close(period)
        assert isinstance(closed, CloseResult) and closed.validated == "snapshot", period
        assert closed.entries == counts, period


def test_an_altered_mark_in_the_cache_is_never_used(pair: Pair) -> None:
    """A mark's states are blobs of the private cache folder, like the tails: one whose
    content is not the digest the snapshot names sends the back-dated post that would refold
    from it down the full path, which decides as ever."""
    for event_id, on in (("t-1", "2025-10-01"), ("t-2", "2025-10-05")):
        assert isinstance(pair.post(fund(event_id, on, "1000")), PostResult)
    snap = snapshot.load(pair.fast, snapshot.content_key(snapshot.read_books(pair.fast)))
    assert snap is not None and len(snap.marks) == 2
    folder = snapshot.cache_dir(pair.fast)
    (folder / f"state-{snap.marks[-1].books['city'].digest}.pickle").write_bytes(b"\x80\x04K\x00.")
    result = pair.post(fund("t-3", "2025-10-03", "1000"))  # it would refold from that mark
    assert isinstance(result, PostResult)
    assert result.validated == "full"
    assert result.fallback.startswith("snapshot incomplete")

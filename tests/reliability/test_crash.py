"""Crash safety: `jcg post` SIGKILLed at every point of the write path.

A project.fund event writes the city and the platform books (and the audit log), so the
renames of one commit span two books. After each kill the next command (here `jcg post
--dry-run`, which takes the lock and recovers) leaves the books byte-identical to the snapshot
before the post or to the snapshot after it; `jcg check` and `jcg audit verify` pass; posting
the same event again ends exactly at "after".
"""

from __future__ import annotations

from pathlib import Path

from jcg_ledger.books.write import FAULT_POINTS
from tests.reliability.harness import AFTER_POINTS, BEFORE_POINTS, crash_experiment


def test_every_declared_fault_point_is_exercised() -> None:
    tried = {
        p.rsplit("-", 1)[0] + "-<i>" if p[-1].isdigit() else p for p in BEFORE_POINTS + AFTER_POINTS
    }
    assert tried == set(FAULT_POINTS)


def test_kill_at_every_point_leaves_before_or_after(tmp_path: Path) -> None:
    outcomes = crash_experiment(tmp_path)
    assert len(outcomes) == len(BEFORE_POINTS) + len(AFTER_POINTS)
    for outcome in outcomes:
        assert outcome.killed, f"{outcome.point}: the process was not killed there"
        expected = "before" if outcome.point in BEFORE_POINTS else "after"
        assert outcome.state == expected, outcome
        assert outcome.check_ok, outcome
        assert outcome.audit_ok, outcome
        assert outcome.rerun_ok, outcome


def test_kill_on_the_snapshot_path_leaves_before_or_after(tmp_path: Path) -> None:
    """The same kills while the post takes the snapshot (fast) path."""
    outcomes = crash_experiment(tmp_path, fast=True)
    assert len(outcomes) == len(BEFORE_POINTS) + len(AFTER_POINTS)
    for outcome in outcomes:
        assert outcome.killed, f"{outcome.point}: the process was not killed there"
        expected = "before" if outcome.point in BEFORE_POINTS else "after"
        assert outcome.state == expected, outcome
        assert outcome.check_ok and outcome.audit_ok and outcome.rerun_ok, outcome

"""Concurrency: 8 shells running `jcg post` and a ninth writer through `jcg_ledger.post.post`,
all at once, 50 events each: every event lands exactly once, the books check, the log verifies.
"""

from __future__ import annotations

from pathlib import Path

from tests.reliability.harness import concurrency_experiment


def test_nine_concurrent_writers_lose_nothing(tmp_path: Path) -> None:
    figures = concurrency_experiment(tmp_path, workers=8, batches=5, per_batch=10)
    assert figures.failed_calls == []
    assert figures.events == 450
    assert figures.landed == 450
    assert figures.lost == 0
    assert figures.duplicated == 0
    assert figures.check_ok
    assert figures.audit_ok

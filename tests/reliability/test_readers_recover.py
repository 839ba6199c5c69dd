"""Readers see one consistent state: `jcg check` after a crash between two renames.

A `project.fund` post renames the city and the platform journals one after the other. Killed
between the two, the books on disk are half after, half before; `jcg check` takes the posting
lock, rolls the commit forward and then reads: it passes, and the books are exactly "after".
"""

from __future__ import annotations

import shutil
from pathlib import Path

from jcg_ledger.books.init import init_ledger
from jcg_ledger.books.layout import Ledger
from tests.conftest import funding
from tests.reliability.harness import (
    books_bytes,
    entity_event,
    fixed_clock_post,
    fund_event,
    run_cli,
    write_events,
)


def test_check_finishes_a_half_renamed_commit_before_reading(tmp_path: Path) -> None:
    base = init_ledger(tmp_path / "base" / "ledger")
    assert (
        fixed_clock_post(
            base, write_events(tmp_path / "a.json", [*funding(), entity_event("ACME", 1)])
        ).returncode
        == 0
    )
    event = write_events(tmp_path / "e.json", [fund_event("f-1", "2500.00", "2025-02-10")])
    reference = Ledger.at(tmp_path / "reference" / "ledger")
    shutil.copytree(base.root, reference.root)
    assert fixed_clock_post(reference, event).returncode == 0
    after = books_bytes(reference)

    ledger = Ledger.at(tmp_path / "crashed" / "ledger")
    shutil.copytree(base.root, ledger.root)
    run = fixed_clock_post(ledger, event, JCG_FAULT="between-renames-1")
    assert run.returncode == -9, run.stderr
    assert books_bytes(ledger) not in (after, books_bytes(base))  # half renamed
    code, output = run_cli(ledger, "check")
    assert code == 0, output
    assert books_bytes(ledger) == after

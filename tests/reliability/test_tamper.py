"""Tamper evidence: every edit made outside jcg is found by `jcg audit verify`, which names the
first record it breaks; a post refuses to bless a hand-edited file with a fresh hash."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from jcg_ledger.audit import chain
from jcg_ledger.books.layout import Ledger
from tests.reliability.harness import books_bytes, fund_event, run_cli
from tests.reliability.tamper import (
    CASES,
    LOG_EDITS,
    build_books,
    edit_journal_amount,
    tamper_experiment,
)


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Ledger:
    return build_books(tmp_path_factory.mktemp("tamper") / "base")


def test_untouched_books_verify(base: Ledger) -> None:
    assert chain.verify(base) == []
    records = [json.loads(line) for line in base.audit_path.read_text().splitlines()]
    # The first record carries the baseline: policy, each main and accounts file, the queries.
    assert {"policy.toml", "city/main.beancount", "fund/accounts.beancount"} <= set(
        records[0]["baseline"]
    )


@pytest.mark.parametrize(("name", "tamper", "seq"), CASES, ids=[c[0] for c in CASES])
def test_each_tampering_is_detected_and_named(
    base: Ledger, tmp_path: Path, name: str, tamper: object, seq: int
) -> None:
    ledger = Ledger.at(tmp_path / "books")
    shutil.copytree(base.root, ledger.root)
    tamper(ledger)  # type: ignore[operator]
    code, output = run_cli(ledger, "audit", "verify")
    assert code == 1
    # The log itself broken, or the books changed while the log is intact: said apart.
    if name in LOG_EDITS:
        assert "audit log broken" in output
    else:
        assert "the books were changed outside jcg" in output and "audit log broken" not in output
    problems = chain.verify(ledger)
    assert problems and problems[0].seq == seq, problems


def test_all_cases_counted(tmp_path: Path) -> None:
    figures = tamper_experiment(tmp_path)
    assert figures.tried == len(CASES) == figures.detected == figures.named_right


def test_post_refuses_to_rewrite_a_hand_edited_journal(base: Ledger, tmp_path: Path) -> None:
    ledger = Ledger.at(tmp_path / "books")
    shutil.copytree(base.root, ledger.root)
    edit_journal_amount(ledger)
    before = books_bytes(ledger)
    event = tmp_path / "e.json"
    event.write_text(json.dumps(fund_event("f-9", "9.00", "2025-02-05")))
    code, output = run_cli(ledger, "post", str(event))
    assert code == 1
    assert "rule audit" in output and "changed outside jcg after record 3" in output
    assert books_bytes(ledger) == before


def test_an_editor_under_the_lock_records_its_change(base: Ledger, tmp_path: Path) -> None:
    """An editable Fava that saves under the posting lock calls `chain.record_edit`."""
    ledger = Ledger.at(tmp_path / "books")
    shutil.copytree(base.root, ledger.root)
    edit_journal_amount(ledger)
    changed = chain.record_edit(ledger, by="fava-user", action="fava-edit")
    assert list(changed) == ["platform/journal/2025.beancount"]
    assert chain.verify(ledger) == []
    assert chain.record_edit(ledger, by="fava-user", action="fava-edit") == {}

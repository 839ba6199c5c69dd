"""Nothing is unpickled from the books folder; a books folder that is a git repository gets a
commit per post, authored by the operator."""

from __future__ import annotations

import json
import pickle
import subprocess
from pathlib import Path

from jcg_ledger.books.layout import Ledger
from tests.reliability.harness import entity_event, fund_event, run_cli


class _Trap:
    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (Path.touch, (self.marker,))  # type: ignore[attr-defined]


def test_no_pickle_cache_in_the_books_and_a_planted_one_is_never_loaded(
    ledger: Ledger, tmp_path: Path
) -> None:
    marker = tmp_path / "unpickled"
    trap = _Trap()
    trap.marker = Path(marker)  # type: ignore[attr-defined]
    for book in ("city", "platform", "fund"):
        # Where Beancount's cached loader would look for its cache of main.beancount.
        (ledger.book_dir(book) / ".main.beancount.picklecache").write_bytes(pickle.dumps(trap))
    events = tmp_path / "e.json"
    events.write_text(json.dumps([entity_event("ACME", 1), fund_event("f-1")]))
    assert run_cli(ledger, "post", str(events))[0] == 0
    assert run_cli(ledger, "check")[0] == 0
    run_cli(ledger, "report", "reconciliation", "--format", "json")
    assert not marker.exists()
    # Beancount's loader with its cache off (`loader.initialize(use_cache=False)`) removes
    # the planted file: a later `bean-check` run without BEANCOUNT_DISABLE_LOAD_CACHE cannot
    # unpickle it either.
    assert list(ledger.root.rglob("*.picklecache")) == []
    assert run_cli(ledger, "post", str(events))[0] == 0
    assert list(ledger.root.rglob("*.picklecache")) == []
    assert list(ledger.root.rglob("*.pickle")) == []


def _git(root: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(root), *args], check=True, capture_output=True, text=True
    ).stdout


def test_each_post_and_close_is_a_git_commit_by_the_operator(
    ledger: Ledger, tmp_path: Path
) -> None:
    _git(ledger.root, "init", "-q")
    _git(ledger.root, "config", "user.name", "books-keeper")
    _git(ledger.root, "config", "user.email", "keeper@example.invalid")
    events = tmp_path / "e.json"
    events.write_text(json.dumps([entity_event("ACME", 1), fund_event("f-1")]))
    code, output = run_cli(ledger, "post", "--by", "wang-01", str(events))
    assert code == 0, output
    assert run_cli(ledger, "close", "2025-02", "--by", "li-02")[0] == 0
    log = _git(ledger.root, "log", "--format=%an|%s").splitlines()
    assert log == ["li-02|jcg close 2025-02", "wang-01|jcg post: reg-ACME, f-1"]
    assert (
        _git(ledger.root, "status", "--porcelain", "--", "audit.log", "city", "platform", "fund")
        == ""
    )
    tracked = _git(ledger.root, "ls-files").split()
    assert "audit.log" in tracked and "policy.toml" in tracked

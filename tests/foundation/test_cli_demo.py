"""The demo books pass bean-check and `jcg check`; schema and explain come from the code."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from jcg_ledger.books.layout import BOOKS, Ledger
from jcg_ledger.cli import main
from jcg_ledger.events import BY_TYPE
from jcg_ledger.render import RENDERERS


def test_demo_books_pass_bean_check(demo_books: Ledger) -> None:
    env = {**os.environ, "BEANCOUNT_DISABLE_LOAD_CACHE": "1"}
    for book in BOOKS:
        run = subprocess.run(
            [
                os.path.join(os.path.dirname(sys.executable), "bean-check"),
                str(demo_books.main(book)),
            ],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
        # Every tranche and the debt are paid by the demo's today: nothing overdue, no warning.
        assert run.returncode == 0, (book, run.stdout, run.stderr)
        assert run.stdout == "" and run.stderr == ""


def test_demo_books_pass_jcg_check(demo_books: Ledger) -> None:
    result = CliRunner().invoke(main, ["--ledger", str(demo_books.root), "check", "--json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert payload["ok"] is True
    assert all(payload["entries"][b] > 0 for b in BOOKS)


def test_schema_is_generated_from_the_models() -> None:
    result = CliRunner().invoke(main, ["schema"])
    assert result.exit_code == 0
    schema = json.loads(result.output)
    names = {ref["$ref"].split("/")[-1] for ref in schema["oneOf"]}
    assert len(names) == len(BY_TYPE) == 30  # with buyback.due and subsidy.refund
    one = json.loads(CliRunner().invoke(main, ["schema", "fund.commit"]).output)
    assert "class" in one["properties"] and "investor_class" not in one["properties"]


def test_explain_every_type_has_postings_or_says_none() -> None:
    result = CliRunner().invoke(main, ["explain"])
    assert result.exit_code == 0
    for name in BY_TYPE:
        assert f"## {name}" in result.output
    text = CliRunner().invoke(main, ["explain", "project.fund"]).output
    assert "借 Dr Assets:Entrusted:Platform" in text and "贷 Cr Liabilities:Entrusted:City" in text
    assert set(RENDERERS) <= set(BY_TYPE)


def test_docs_events_page_is_what_the_code_says() -> None:
    from jcg_ledger.explain import events_markdown

    page = Path(__file__).resolve().parents[2] / "docs" / "events.md"
    assert page.read_text("utf-8") == events_markdown(), (
        "regenerate: jcg explain --doc > docs/events.md"
    )


def test_committed_ledger_is_a_fresh_init(tmp_path: Path) -> None:
    """The repository's default `ledger/` is exactly what `jcg init` writes (no drift)."""
    from jcg_ledger.books.init import init_ledger

    repo = Path(__file__).resolve().parents[2]
    fresh = init_ledger(tmp_path / "ledger")
    committed = Ledger.at(repo / "ledger")
    names = [p.relative_to(fresh.root) for p in sorted(fresh.root.rglob("*")) if p.is_file()]
    for name in names:
        assert (committed.root / name).read_bytes() == (fresh.root / name).read_bytes(), name

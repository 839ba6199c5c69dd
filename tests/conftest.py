"""Fixtures shared by the tests: fresh books, posting raw events, byte snapshots of the books."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from jcg_ledger.books.init import init_ledger
from jcg_ledger.books.layout import Ledger
from jcg_ledger.cli import main
from jcg_ledger.demo.registry import uscc_for
from jcg_ledger.events import parse_event
from jcg_ledger.post import PostResult, post


def snapshot(ledger: Ledger) -> dict[str, bytes]:
    """Every file under the ledger folder except the private work dir, as bytes."""
    return {
        str(p.relative_to(ledger.root)): p.read_bytes()
        for p in sorted(ledger.root.rglob("*"))
        if p.is_file() and ".jcg" not in p.relative_to(ledger.root).parts
    }


@pytest.fixture(autouse=True, scope="session")
def _snapshot_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Snapshots of test books (docs/performance.md) go to a temporary folder, not ~/.cache."""
    previous = os.environ.get("JCG_CACHE_DIR")
    os.environ["JCG_CACHE_DIR"] = str(tmp_path_factory.mktemp("jcg-cache"))
    yield
    if previous is None:
        os.environ.pop("JCG_CACHE_DIR", None)
    else:
        os.environ["JCG_CACHE_DIR"] = previous


@pytest.fixture
def ledger(tmp_path: Path) -> Ledger:
    """Empty books with the default policy (effective 2025-01-01)."""
    return init_ledger(tmp_path / "ledger")


def post_raw(ledger: Ledger, raw: list[dict[str, Any]] | dict[str, Any], **kw: Any) -> PostResult:
    items = raw if isinstance(raw, list) else [raw]
    return post(ledger, [parse_event(r) for r in items], **kw)


def entity(
    code: str,
    *,
    kind: str = "company",
    on: str = "2025-01-06",
    admitted: str | None = "2025-01-06",
    index: int = 1,
    **extra: Any,
) -> dict[str, Any]:
    """A raw entity.register event."""
    event: dict[str, Any] = {
        "id": f"reg-{code}",
        "type": "entity.register",
        "date": on,
        "entity": code,
        "name": f"测试主体{code}",
        "kind": kind,
        "uscc": uscc_for(index),
        **extra,
    }
    if admitted:
        event["admitted"] = admitted
    return event


def funding(
    years: tuple[int, ...] = (2025, 2026, 2027, 2028, 2029), amount: str = "1亿"
) -> list[dict[str, Any]]:
    """Appropriations to 市科技局 and 市人社局 for each year, all received on 2025-01-02: the
    cash and the lines (rules/cash.py, rules/appropriation_line.py) a test's outflows need."""
    return [
        {
            "id": f"fund-{dept}-{year}",
            "type": "budget.appropriate",
            "date": "2025-01-02",
            "year": year,
            "department": dept,
            "amount": amount,
        }
        for year in years
        for dept in ("sci-tech", "hrss")
    ]


@pytest.fixture
def cli(ledger: Ledger) -> Callable[..., Result]:
    """Run `jcg --ledger <ledger> ARGS…` in-process; `input` feeds stdin."""
    runner = CliRunner()

    def run(*args: str, input: str | bytes | None = None) -> Result:
        return runner.invoke(
            main, ["--ledger", str(ledger.root), *args], input=input, catch_exceptions=False
        )

    return run


def as_json(result: Result) -> Any:
    return json.loads(result.output)


@pytest.fixture(scope="session")
def demo_books(tmp_path_factory: pytest.TempPathFactory) -> Ledger:
    """The demo books, built once per test session through the write path. Do not modify."""
    from jcg_ledger.demo import build_demo

    ledger, _ = build_demo(tmp_path_factory.mktemp("demo") / "books")
    return ledger

"""The example files staff copy from post cleanly on fresh books (they cannot rot)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from click.testing import Result

from jcg_ledger.books.layout import Ledger
from jcg_ledger.post import load_state

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def test_examples_post_and_check(ledger: Ledger, cli: Callable[..., Result]) -> None:
    for name in ("events.json", "events.csv"):
        result = cli("post", str(EXAMPLES / name))
        assert result.exit_code == 0, result.output
    assert cli("check").exit_code == 0
    state, _ = load_state(ledger)
    # tech-transaction: 20% × 2,000,000 = 400,000 (under the 500,000 cap), paid in full.
    award = state.subsidies.awards["sub-acme-tech-2025"]
    assert award.amount == Decimal("400000") and award.paid == Decimal("400000")

"""Tests of rule ``fund-investee-cap`` on hand-written fund books (default cap 20% of the
fund's size of 50,000,000: 10,000,000 per investee, all rounds together)."""

from __future__ import annotations

from decimal import Decimal as D

from jcg_ledger.rules.fund_investee_cap import check_investee_cap
from jcg_ledger.rules.fund_ledger import fund_errors
from jcg_ledger.state.base import Violation


def invest(on: str, entity: str, units: int, amount: str) -> str:
    return f"""
{on} * "基金投资 {entity}"
  stage: "seed"
  Assets:Portfolio:{entity}   {units} FU-{entity} {{# {amount} CNY}}
  Assets:Bank:Fund          -{amount} CNY
"""


def test_up_to_the_cap_is_accepted() -> None:
    text = invest("2025-04-01", "SEED-A", 800000, "8000000.00")
    text += invest("2026-04-01", "SEED-A", 200000, "2000000.00")
    assert fund_errors(text) == []


def test_a_follow_on_past_the_cap_names_the_cap_and_what_is_left() -> None:
    # 8,000,000 + 3,000,000 = 11,000,000 > 10,000,000: 2,000,000 left.
    text = invest("2025-04-01", "SEED-A", 800000, "8000000.00")
    text += invest("2026-04-01", "SEED-A", 300000, "3000000.00")
    errors = fund_errors(text)
    assert len(errors) == 1 and errors[0].startswith("[fund-investee-cap]")
    assert "10000000" in errors[0] and "2000000.00" in errors[0]


def test_the_refusal_whole_and_nothing_left() -> None:
    # 0.20 × 50,000,000 = 10,000,000.00; 9,000,000 invested + 2,000,000 = 11,000,000.
    found = check_investee_cap("SEED-A", D("0.20"), D(50_000_000), D(9_000_000), D(2_000_000))
    assert found == Violation(
        "fund-investee-cap",
        "SEED-A 累计投资 11000000 超过单一被投企业上限 10000000.00(基金规模 50000000 × 20%),"
        "尚可投资 1000000.00 SEED-A: 11000000 invested would exceed the single-investee cap "
        "10000000.00 (20% of the fund's size 50000000); 1000000.00 left",
    )
    # Already past the cap (a smaller cap since): nothing left, not a negative figure.
    past = check_investee_cap("SEED-A", D("0.20"), D(50_000_000), D(11_000_000), D(1))
    assert past is not None and past.message.endswith("; 0 left")

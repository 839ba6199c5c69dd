"""Across books: a company written off by the platform and marked up by the fund (or the
reverse) is a `jcg check` warning naming the company; the books still pass."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from click.testing import Result

from jcg_ledger.books.layout import Ledger
from jcg_ledger.crossbook import Standing, contradictions
from tests.conftest import post_raw
from tests.fund import scenario as s


def ev(id_: str, type_: str, on: str, **fields: Any) -> dict[str, Any]:
    return {"id": id_, "type": type_, "date": on, **fields}


def test_the_contradictions_of_two_standings() -> None:
    platform = Standing(written_off={"A", "B"}, marked_up={"C"})
    fund = Standing(written_off={"C"}, marked_up={"A", "D"})
    found = contradictions(platform, fund)
    assert [(v.rule, v.is_error) for v in found] == [("crossbook-standing", False)] * 2
    assert found[0].message.startswith("A ") and "platform book" in found[0].message
    assert found[1].message.startswith("C ") and "in the fund book" in found[1].message


def test_written_off_by_the_platform_marked_up_by_the_fund(
    ledger: Ledger, cli: Callable[..., Result]
) -> None:
    post_raw(ledger, s.registry() + s.capital() + s.portfolio())
    post_raw(
        ledger,
        [
            ev("f1", "project.fund", "2025-03-01", amount="500万"),
            ev("a1", "project.approve", "2025-05-01", project="P1", entity="SEED-A",
               amount="100万"),
            ev("d1", "project.disburse", "2025-06-01", project="P1", amount="100万"),
            ev("w1", "investment.writeoff", "2025-10-30", project="P1", reason="经营失败"),
            # The fund marks SEED-A at 4.00 (cost 3.00 a unit): above cost.
            ev("m1", "fund.mark", "2025-12-31", entity="SEED-A", price="4.00"),
        ],
    )  # fmt: skip
    result = cli("check", "--json")
    assert result.exit_code == 0, result.output
    warnings = json.loads(result.output)["warnings"]["fund"]
    assert len(warnings) == 1 and "[crossbook-standing] 提示 warning: SEED-A" in warnings[0]
    # Marked back to cost (3.00): no contradiction.
    post_raw(ledger, ev("m2", "fund.mark", "2026-01-31", entity="SEED-A", price="3.00"))
    assert json.loads(cli("check", "--json").output)["warnings"]["fund"] == []

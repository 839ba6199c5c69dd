"""The fund reward has one path: `fund.reward`. A `subsidy.approve` under it is refused."""

from __future__ import annotations

import pytest

from jcg_ledger.books.layout import Ledger
from jcg_ledger.post import PostError
from tests.conftest import entity, post_raw, snapshot


def test_subsidy_approve_under_fund_reward_is_refused(ledger: Ledger) -> None:
    post_raw(ledger, [entity("SOC-A", kind="investor")])
    before = snapshot(ledger)
    event = {
        "id": "fr-x",
        "type": "subsidy.approve",
        "date": "2025-06-01",
        "entity": "SOC-A",
        "measure": "fund-reward",
        "subject": "被投企业-X",
        "base": "4000000",
    }
    with pytest.raises(PostError) as refused:
        post_raw(ledger, [event])
    assert refused.value.rule == "fund-reward-path" and refused.value.event_id == "fr-x"
    assert snapshot(ledger) == before
    assert (
        "Expenses:Subsidy:FundReward" not in (ledger.root / "city/accounts.beancount").read_text()
    )

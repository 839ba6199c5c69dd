"""Every subsidy measure through `jcg_ledger.post.post`: amounts by hand, refusals, books."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from jcg_ledger.books.layout import Ledger
from jcg_ledger.policy import SUBSIDY_MEASURE_CODES
from jcg_ledger.policy.model import FUND_REWARD_CODE
from jcg_ledger.post import PostError, load_state
from tests.conftest import post_raw, snapshot
from tests.subsidies.scenario import AWARDS, approve

D = Decimal


def test_every_subsidy_measure_is_awarded() -> None:
    # fund-reward is awarded by fund.reward (tests/fund), never through subsidy.approve.
    assert {e["measure"] for e, _ in AWARDS} == set(SUBSIDY_MEASURE_CODES) - {FUND_REWARD_CODE}


@pytest.mark.parametrize(("event", "expected"), AWARDS, ids=[e["id"] for e, _ in AWARDS])
def test_amount_by_hand(books: Ledger, event: dict[str, Any], expected: Decimal) -> None:
    state, _ = load_state(books)
    award = state.subsidies.awards[event["id"]]
    assert award.amount == expected


def test_paid_outstanding_and_recovered(books: Ledger) -> None:
    awards = load_state(books)[0].subsidies.awards
    living = awards["la-1"]  # 60,000 approved, 30,000 paid, 40,000 clawed back
    assert (living.paid, living.cancelled, living.recovered_paid) == (D(30000), D(30000), D(10000))
    assert living.outstanding == 0 and living.net == D(20000)
    startup = awards["sc-1"]  # 400,000 paid, then all recovered
    assert (startup.paid, startup.recovered_paid, startup.net) == (D(400000), D(400000), 0)
    assert all(a.outstanding == 0 for a in awards.values())


def test_entries_carry_the_basis_for_the_plugin(books: Ledger) -> None:
    text = (books.root / "city" / "journal" / "2025.beancount").read_text("utf-8")
    block = text[text.index("^fu-1") :].split("\n\n")[0]
    for line in (
        'entity: "JC-C"',
        'measure: "first-unit"',
        'department: "sci-tech"',
        'subject: "首台套合同-1"',
        'approval: "fu-1"',
        "base: 80000000",
        "other_cap: 9000000",
        "Expenses:Subsidy:FirstUnit",
        "Liabilities:Payable:Subsidy",
    ):
        assert line in block


REFUSALS: list[tuple[dict[str, Any], str, str]] = [
    # JC-C has 500,000 of tech-transaction in 2025: the cap (500,000) leaves nothing.
    (
        approve(
            "x-cap",
            "2025-10-01",
            "JC-C",
            "tech-transaction",
            "合同-9",
            base_kind="transaction",
            base="100000",
        ),
        "cap",
        "500000",
    ),
    # Same platform again: highest 1,000,000 already reached; names pn-1.
    (
        approve(
            "x-dup",
            "2026-05-01",
            "JC-B",
            "platform-national",
            "国家重点实验室-煤基",
            newly_approved=True,
        ),
        "highest-not-cumulative",
        "pn-1",
    ),
    # Platform 省实验室-光电 has pp-2 + pn-2 = 1,000,000, its highest entitlement: nothing left.
    (
        approve(
            "x-top",
            "2026-05-01",
            "JC-B",
            "platform-provincial",
            "省实验室-光电",
            newly_approved=True,
            amount="1",
        ),
        "highest-not-cumulative",
        "pp-2, pn-2",
    ),
    # P-0002's contract is 2 years (< 3).
    (
        approve("x-cond", "2025-05-01", "JC-A", "talent-fulltime", "P-0002", person="P-0002"),
        "condition",
        "contract-3y",
    ),
    # Prize level missing.
    (
        approve("x-level", "2025-05-01", "JC-A", "contest-shanxi", "项目-无等级"),
        "condition",
        "prize-level",
    ),
    # 2030-01-01 is the first day after the five years.
    (
        approve(
            "x-window", "2030-01-01", "JC-B", "platform-municipal", "市中心-晚", newly_approved=True
        ),
        "window",
        "2030-01-01",
    ),
    # JC-LATE is admitted on 2025-06-01.
    (
        approve(
            "x-elig",
            "2025-05-01",
            "JC-LATE",
            "platform-municipal",
            "市中心-早",
            newly_approved=True,
        ),
        "eligibility",
        "JC-LATE",
    ),
    # P-0005 has rent (rt-1): no housing.
    (
        approve("x-excl", "2025-06-01", "JC-C", "housing", "P-0005", person="P-0005"),
        "exclusive",
        "rt-1",
    ),
    # P-0001 has 12 months of living allowance: 12 + 49 > 60.
    (
        approve(
            "x-months",
            "2026-03-01",
            "JC-A",
            "living-allowance",
            "P-0001",
            person="P-0001",
            months=49,
        ),
        "months",
        "60",
    ),
    # third prize is 10,000: 20,000 is above the entitlement.
    (
        approve(
            "x-ent",
            "2025-05-01",
            "JC-A",
            "contest-shanxi",
            "项目-三等",
            level="third",
            amount="20000",
        ),
        "entitlement",
        "10000",
    ),
    # talent-project range 300,000 – 500,000.
    (
        approve("x-range", "2025-05-01", "JC-A", "talent-project", "人才项目-2", amount="600000"),
        "range",
        "500000",
    ),
    # talent-fulltime is once per person: P-0001 has tf-1 (150,000 of 150,000), whatever the subject.
    (
        approve(
            "x-once", "2026-05-01", "JC-A", "talent-fulltime", "P-0001 再引进", person="P-0001"
        ),
        "once",
        "tf-1",
    ),
    (
        {
            "id": "x-pay",
            "type": "subsidy.pay",
            "date": "2026-01-05",
            "approval": "tt-1",
            "amount": "1",
        },
        "outstanding",
        "tt-1",
    ),
    (
        {
            "id": "x-claw",
            "type": "subsidy.clawback",
            "date": "2026-01-05",
            "approval": "la-1",
            "amount": "20000.01",
            "reason": "测试",
        },
        "clawback",
        "la-1",
    ),
    # Start-up capital against 800,000 paid-in: at most 50% = 400,000; 400,000.01 is refused.
    (
        approve(
            "x-sc",
            "2025-05-01",
            "JC-C",
            "startup-capital",
            "JC-C 注册资本",
            base="800000",
            amount="400000.01",
        ),
        "entitlement",
        "400000",
    ),
    # li-1 is dated 2025-12-20: a payment on 2025-12-01 precedes it.
    (
        {"id": "x-early", "type": "subsidy.pay", "date": "2025-12-01", "approval": "li-1"},
        "approval",
        "li-1",
    ),
    (
        {"id": "x-appr", "type": "subsidy.pay", "date": "2026-01-05", "approval": "nope-1"},
        "approval",
        "nope-1",
    ),
]


@pytest.mark.parametrize(
    ("event", "rule", "named"), REFUSALS, ids=[e["id"] for e, _, _ in REFUSALS]
)
def test_refusal(books: Ledger, event: dict[str, Any], rule: str, named: str) -> None:
    before = snapshot(books)
    with pytest.raises(PostError) as refused:
        post_raw(books, event)
    assert refused.value.event_id == event["id"]
    assert refused.value.rule == rule
    assert named in refused.value.message
    assert snapshot(books) == before


def test_default_amount_is_cut_to_the_cap_and_an_explicit_one_is_refused(books: Ledger) -> None:
    # JC-A tech-transaction 2026: tt-3 100,000 of the 500,000 cap → 400,000 left.
    # 20% × 5,000,000 = 1,000,000 → default cut to 400,000; asking 400,000.01 is refused.
    before = snapshot(books)
    ask = approve(
        "x-tt4",
        "2026-06-01",
        "JC-A",
        "tech-transaction",
        "转让合同-大",
        base_kind="transaction",
        base="5000000",
    )
    result = post_raw(books, ask, dry_run=True)
    assert "Expenses:Subsidy:TechTransaction   400000.00 CNY" in "".join(result.text.values())
    with pytest.raises(PostError) as refused:
        post_raw(books, {**ask, "amount": "400000.01"})
    assert refused.value.rule == "cap"
    assert snapshot(books) == before


def test_hand_written_transaction_over_the_cap_fails_bean_check(
    books: Ledger, tmp_path: Any
) -> None:
    import os
    import shutil
    import subprocess
    import sys

    copy = tmp_path / "ledger"
    shutil.copytree(books.root, copy)
    journal = copy / "city" / "journal" / "2025.beancount"
    env = {**os.environ, "BEANCOUNT_DISABLE_LOAD_CACHE": "1"}
    bean_check = [
        sys.executable,
        "-m",
        "beancount.scripts.check",
        str(copy / "city" / "main.beancount"),
    ]
    assert subprocess.run(bean_check, env=env, capture_output=True).returncode == 0
    # JC-A has 400,000 of tech-transaction in 2025 (tt-2); 200,000 more breaks the 500,000 cap.
    journal.write_text(
        journal.read_text("utf-8") + '\n2025-11-01 * "手工补记 hand edit"\n'
        '  entity: "JC-A"\n  measure: "tech-transaction"\n  subject: "手工合同"\n'
        '  base_kind: "transaction"\n  base: 1000000\n'
        "  Expenses:Subsidy:TechTransaction   200000.00 CNY\n"
        "  Liabilities:Payable:Subsidy       -200000.00 CNY\n",
        "utf-8",
    )
    run = subprocess.run(bean_check, env=env, capture_output=True, text=True)
    assert run.returncode != 0
    assert "[cap]" in run.stderr + run.stdout and "tech-transaction" in run.stderr + run.stdout

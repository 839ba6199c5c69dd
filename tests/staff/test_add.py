"""`jcg add`: guided entry, driven through standard input (one answer per line)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from click.testing import Result

from jcg_ledger.books.layout import Ledger
from jcg_ledger.post import load_state
from tests.conftest import post_raw, snapshot
from tests.staff.lists import registry

# subsidy.approve asks: date, entity, measure, subject, then the optional fields in model
# order (amount, base, base_kind, level, person, months, other_policy_amount, other_cap,
# newly_approved, programme, principal), memo, doc_no, id.
OPTIONAL_BEFORE_NEWLY = 8
PLATFORM = [
    "2025-03-01",
    "JC-LAB",
    "platform-provincial",
    "光电实验室",
    *[""] * OPTIONAL_BEFORE_NEWLY,
    "是",  # newly_approved
    "",  # programme
    "",  # principal
    "",  # memo
    "晋科发〔2025〕12号",  # doc_no
    "",  # id: the default
]


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JCG_TODAY", "2025-03-05")


def _answers(lines: list[str], confirm: str) -> str:
    return "\n".join([*lines, confirm]) + "\n"


def test_add_asks_shows_the_entry_and_posts(ledger: Ledger, cli: Callable[..., Result]) -> None:
    post_raw(ledger, registry())
    run = cli("add", "subsidy.approve", input=_answers(PLATFORM, "y"))
    assert run.exit_code == 0, run.output
    # Asked with the schema's description; entity codes listed from the books.
    assert "subject (支持对象 the thing supported" in run.stdout
    assert "JC-HYDRO, JC-LAB, JC-PHOTON, JC-TEAM" in run.stdout
    # The Beancount text before the confirmation: the fixed 500,000 of the measure.
    assert "Expenses:Subsidy:PlatformProvincial   500000.00 CNY" in run.stdout
    assert 'doc_no: "晋科发〔2025〕12号"' in run.stdout
    assert "已过账 posted subsidy-approve-20250301-1" in run.stdout
    state, _ = load_state(ledger)
    award = state.subsidies.awards["subsidy-approve-20250301-1"]
    assert (award.fact.entity, award.amount) == ("JC-LAB", 500000)


def test_defaults_come_from_the_last_similar_event(
    ledger: Ledger, cli: Callable[..., Result]
) -> None:
    post_raw(ledger, registry())
    assert cli("add", "subsidy.approve", input=_answers(PLATFORM, "y")).exit_code == 0
    # Entity and measure left empty: the last subsidy.approve's; a new subject.
    second = ["2025-03-02", "", "", "新能源实验室", *PLATFORM[4:]]
    run = cli("add", "subsidy.approve", input=_answers(second, "y"))
    assert run.exit_code == 0, run.output
    assert "[JC-LAB]" in run.stdout and "[platform-provincial]" in run.stdout
    state, _ = load_state(ledger)
    award = state.subsidies.awards["subsidy-approve-20250302-1"]
    assert (award.fact.entity, award.fact.subject) == ("JC-LAB", "新能源实验室")


def test_declining_writes_nothing(ledger: Ledger, cli: Callable[..., Result]) -> None:
    post_raw(ledger, registry())
    before = snapshot(ledger)
    run = cli("add", "subsidy.approve", input=_answers(PLATFORM, "n"))
    assert run.exit_code == 1
    assert "未过账 not posted" in run.stderr
    assert snapshot(ledger) == before


def test_a_bad_answer_is_refused_with_its_rule(ledger: Ledger, cli: Callable[..., Result]) -> None:
    post_raw(ledger, registry())
    before = snapshot(ledger)
    run = cli("add", "subsidy.approve", input=_answers(["20250301", *PLATFORM[1:]], "y"))
    assert run.exit_code == 1
    assert "✗ date: 日期须写成 YYYY-MM-DD" in run.stderr
    assert snapshot(ledger) == before


def test_the_policy_refusal_is_shown(ledger: Ledger, cli: Callable[..., Result]) -> None:
    post_raw(ledger, registry())
    before = snapshot(ledger)
    # 60万 asked for a measure that pays a fixed 500,000.
    lines = [*PLATFORM[:4], "60万", *PLATFORM[5:]]
    run = cli("add", "subsidy.approve", input=_answers(lines, "y"))
    assert run.exit_code == 1
    assert "字段 field amount · 规则 rule entitlement" in run.stderr
    assert snapshot(ledger) == before


def test_the_type_is_asked_when_not_given(ledger: Ledger, cli: Callable[..., Result]) -> None:
    post_raw(ledger, registry())
    run = cli("add", input=_answers(["subsidy.approve", *PLATFORM], "y"))
    assert run.exit_code == 0, run.output
    assert "已过账 posted subsidy-approve-20250301-1" in run.stdout

"""The award's facts read back from metadata and `assess` (module ``award``): each basis
field converted to its type, the refusals before any rule runs, the bounds in order."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

from jcg_ledger.policy import default_policy
from jcg_ledger.rules.award import Assessment, Award, AwardFact, Refused, assess, label
from jcg_ledger.state.base import Violation
from jcg_ledger.state.core import CoreState, EntityRecord

POLICY = default_policy()
ON = date(2025, 3, 1)
D = Decimal


def test_the_facts_from_an_entrys_metadata() -> None:
    meta = {
        "event": "a1",
        "entity": "JC-A",
        "subject": "合同1",
        "base": "2000000",
        "base_kind": "transaction",
        "level": "first",
        "person": "P-0001",
        "months": D(12),
        "other_policy_amount": 300000,
        "other_cap": "9000000",
        "newly_approved": "TRUE",
        "programme": "技改",
        "principal": "4000000",
        "approval": "ignored",
    }
    got = AwardFact.from_meta(meta, ON, "tech-transaction", D(400_000))
    assert got == AwardFact(
        "a1", ON, "JC-A", "tech-transaction", "合同1", D(400_000), D(2_000_000), "transaction",
        "first", "P-0001", 12, D(300_000), D(9_000_000), True, "技改", D(4_000_000),
    )  # fmt: skip
    assert isinstance(got, AwardFact) and type(got.months) is int
    assert got.basis() == {
        "base": D(2_000_000), "base_kind": "transaction", "level": "first", "person": "P-0001",
        "months": 12, "other_policy_amount": D(300_000), "other_cap": D(9_000_000),
        "newly_approved": True, "programme": "技改", "principal": D(4_000_000),
    }  # fmt: skip
    assert got.year == 2025 and got.with_amount(D(1)).amount == D(1)


def test_newly_approved_as_bool_or_text() -> None:
    base = {"entity": "JC-A", "subject": "中心", "event": "a1"}
    for given, read in (
        (True, True),
        (False, False),
        ("TRUE", True),
        ("true", True),
        ("FALSE", False),
    ):
        got = AwardFact.from_meta({**base, "newly_approved": given}, ON, "platform-municipal", D(1))
        assert isinstance(got, AwardFact) and got.newly_approved is read, given
    bare = AwardFact.from_meta(base, ON, "platform-municipal", D(1))
    assert isinstance(bare, AwardFact) and bare.newly_approved is None and bare.basis() == {}


def test_a_hand_written_entry_is_named_by_its_place() -> None:
    meta = {"entity": "JC-A", "subject": "中心", "filename": "city/main.beancount", "lineno": 42}
    got = AwardFact.from_meta(meta, ON, "platform-municipal", D(1))
    assert isinstance(got, AwardFact) and got.event == "city/main.beancount:42"
    named = AwardFact.from_meta({**meta, "event": ""}, ON, "platform-municipal", D(1))
    assert isinstance(named, AwardFact) and named.event == "city/main.beancount:42"


def test_entity_and_subject_are_required() -> None:
    assert AwardFact.from_meta({"subject": "中心"}, ON, "platform-municipal", D(1)) == Violation(
        "award-facts",
        "[platform-municipal] 补贴分录缺少元数据 entity / a subsidy transaction must carry "
        "metadata entity",
    )
    both = AwardFact.from_meta({"entity": "", "subject": None}, ON, "platform-municipal", D(1))
    assert both == Violation(
        "award-facts",
        "[platform-municipal] 补贴分录缺少元数据 entity, subject / a subsidy transaction must "
        "carry metadata entity, subject",
    )


def test_what_an_award_stands_at() -> None:
    fact = AwardFact("a1", ON, "JC-A", "rdi-performance", "省补助1")
    award = Award(fact, D(200_000), D(200_000), "sci-tech", D(150_000), D(20_000), D(10_000))
    # 20,000 cancelled before payment and 10,000 recovered after: 30,000 clawed back.
    assert award.recovered == D(30_000)
    assert award.net == D(170_000)
    assert award.outstanding == D(30_000)  # 200,000 − 150,000 paid − 20,000 cancelled


def core() -> CoreState:
    state = CoreState()
    state.entities["JC-B"] = EntityRecord("JC-B", "乙", "institution", ON, ON, None, None)
    return state


def test_refused_before_any_rule() -> None:
    unknown = AwardFact("a1", ON, "JC-B", "moon", "中心")
    assert assess(POLICY, core(), [], unknown) == Refused(
        "measure",
        Violation("unknown-measure", "未知补贴措施 'moon' / unknown subsidy measure 'moon'"),
    )
    reward = AwardFact("a1", ON, "JC-B", "fund-reward", "ACME", base=D(1))
    assert assess(POLICY, core(), [], reward) == Refused(
        "measure",
        Violation(
            "fund-reward-path",
            "社会资本投资奖励须以 fund.reward 事件核定 / post the fund reward as fund.reward",
        ),
    )
    late = AwardFact(
        "a1", date(2030, 1, 1), "JC-B", "platform-municipal", "中心", newly_approved=True
    )
    found = assess(POLICY, core(), [], late)
    assert isinstance(found, Refused) and found.field == "date"
    assert found.violation.message.startswith(
        "[platform-municipal 市级技术创新中心] 补贴核定日期 2030-01-01"
    )
    stranger = AwardFact("a1", ON, "JC-X", "platform-municipal", "中心", newly_approved=True)
    found = assess(POLICY, core(), [], stranger)
    assert isinstance(found, Refused) and found.field == "entity"


def test_the_assessment_and_its_bounds() -> None:
    fact = AwardFact("a2", ON, "JC-B", "platform-municipal", "中心", newly_approved=True)
    measure = POLICY.subsidy("platform-municipal")
    assert label(measure) == "platform-municipal 市级技术创新中心"
    got = assess(POLICY, core(), [], fact)
    assert isinstance(got, Assessment) and got.measure == measure
    # 100,000 fixed; no earlier award: the limit is the entitlement itself.
    assert (got.entitlement, got.limit) == (D(100_000), D(100_000))
    assert got.check_amount(D(100_000)) is None
    above = got.check_amount(D("100000.01"))
    assert above is not None and above.field == "amount"
    assert "应得额 100000.00 元" in above.violation.message
    # After 100,000 for the same subject, nothing is left: refused outright, whatever is asked.
    first = Award(replace(fact, event="a1"), D(100_000), D(100_000), "sci-tech")
    refused = assess(POLICY, core(), [first], fact)
    assert isinstance(refused, Refused) and refused.violation.rule == "highest-not-cumulative"
    # 40,000 of it clawed back: 40,000 may be topped up again.
    first.cancelled = D(40_000)
    again = assess(POLICY, core(), [first], fact)
    assert isinstance(again, Assessment) and again.limit == D(40_000)
    assert again.check_amount(D(40_000)) is None
    over = again.check_amount(D("40000.01"))
    assert over is not None and over.violation.rule == "highest-not-cumulative"

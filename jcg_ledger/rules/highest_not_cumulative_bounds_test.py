"""Rule ``highest-not-cumulative`` (就高不重复) and ``once`` — the bounds `headroom` returns,
on awards built by hand: which earlier awards count, and each refusal whole."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from jcg_ledger.policy import default_policy
from jcg_ledger.rules.award import Award, AwardFact, Refused
from jcg_ledger.rules.highest_not_cumulative import group, headroom, recurring
from jcg_ledger.state.base import Violation

POLICY = default_policy()
D = Decimal


def given(
    event: str, measure: str, subject: str, amount: int, person: str | None = None, **kw: object
) -> Award:
    fact = AwardFact(event, date(2025, 3, 1), "JC-B", measure, subject, person=person, **kw)  # type: ignore[arg-type]
    return Award(fact, D(amount), D(amount), "sci-tech")


def fact(measure: str, subject: str, person: str | None = None, **kw: object) -> AwardFact:
    return AwardFact("new", date(2026, 3, 1), "JC-B", measure, subject, person=person, **kw)  # type: ignore[arg-type]


def refusal(
    rule: str, label: str, what: str, highest: str, used: str, ids: str, other: str, left: str
) -> Refused:
    return Refused(
        "amount",
        Violation(
            rule,
            f"[{label}] {what} 就高不重复:最高应得 {highest} 元,已获 {used} 元"
            f"(本政策核定 {ids};其他政策 {other} 元),尚可补足 {left} 元 / highest single "
            f"entitlement {highest}, already {used} (earlier approvals: {ids}; other policies "
            f"{other}); top-up left {left}",
        ),
    )


def test_platforms_of_one_subject_count_together() -> None:
    awards = [
        given("m1", "platform-municipal", "中心", 100_000),
        given("r1", "rdi-municipal", "中心", 100_000),  # an R&D institution: another kind
        given("m2", "platform-municipal", "中心二", 100_000),  # another subject
    ]
    provincial = POLICY.subsidy("platform-provincial")
    # The highest 500,000, 100,000 already: 400,000 left.
    assert headroom(POLICY, provincial, awards, fact("platform-provincial", "中心"), D(500_000)) == [
        (
            D(400_000),
            refusal(
                "highest-not-cumulative", "platform-provincial 省级科技创新平台", "支持对象 中心",
                "500000", "100000", "m1", "0", "400000",
            ),
        )
    ]  # fmt: skip
    assert group(provincial) == group(POLICY.subsidy("platform-national")) == "kind:platform"
    assert group(POLICY.subsidy("housing")) == "measure:housing"


def test_other_policies_stated_on_earlier_awards() -> None:
    # The first award stated 300,000 from another policy; the municipal 100,000 on top.
    awards = [given("m1", "platform-municipal", "中心", 100_000, other_policy_amount=D(300_000))]
    [(left, refused)] = headroom(
        POLICY,
        POLICY.subsidy("platform-provincial"),
        awards,
        fact("platform-provincial", "中心", other_policy_amount=D(200_000)),
        D(500_000),
    )
    # Other policies: the larger statement, 300,000; used 100,000 + 300,000: 100,000 left.
    assert left == D(100_000)
    assert "其他政策 300000 元),尚可补足 100000 元" in refused.violation.message


def test_recurring_measures_top_up_nothing() -> None:
    living = POLICY.subsidy("living-allowance")
    assert recurring(living) and recurring(POLICY.subsidy("loan-interest"))
    assert not recurring(POLICY.subsidy("housing"))
    earlier = [given("l1", "living-allowance", "P-0001", 60_000, person="P-0001")]
    [(left, _)] = headroom(
        POLICY, living, earlier, fact("living-allowance", "P-0001", "P-0001"), D(60_000)
    )
    assert left == D(60_000)


def test_once_per_person() -> None:
    housing = POLICY.subsidy("housing")
    awards = [
        given("h1", "housing", "购房一", 150_000, person="P-0001"),
        given("h2", "housing", "购房", 150_000, person="P-0002"),  # another person
        given("r1", "rent", "购房", 24_000, person="P-0001"),  # another measure
    ]
    # The same person, another subject: the subject bound is untouched, the once bound full.
    bounds = headroom(POLICY, housing, awards, fact("housing", "购房二", "P-0001"), D(150_000))
    assert bounds == [
        (
            D(150_000),
            refusal(
                "highest-not-cumulative", "housing 人才专项购房补贴", "支持对象 购房二",
                "150000", "0", "—", "0", "150000",
            ),
        ),
        (
            D(0),
            refusal("once", "housing 人才专项购房补贴", "每person一次", "150000", "150000", "h1", "0", "0"),
        ),
    ]  # fmt: skip
    # A higher tier now (350,000): the once bound tops up to it.
    higher = headroom(POLICY, housing, awards, fact("housing", "购房二", "P-0001"), D(350_000))
    assert higher[1][0] == D(200_000)
    # The first award of the person: no once bound at all.
    assert len(headroom(POLICY, housing, [], fact("housing", "购房二", "P-0001"), D(150_000))) == 1


def test_a_platform_once_per_subject_has_one_bound() -> None:
    # An earlier provincial award for the same subject: the subject bound says it all (no
    # second, once-per-unit bound for a measure counted per subject).
    provincial = POLICY.subsidy("platform-provincial")
    awards = [given("p1", "platform-provincial", "中心", 300_000)]
    bounds = headroom(POLICY, provincial, awards, fact("platform-provincial", "中心"), D(500_000))
    assert [left for left, _ in bounds] == [D(200_000)]

"""Rule ``entitlement`` (and ``basis``, ``range``) — amounts by tier and by month, and what a
refusal says when the basis is missing: the event field it is about and the measure."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from jcg_ledger.policy import default_policy
from jcg_ledger.rules.award import AwardFact, Refused
from jcg_ledger.rules.entitlement import above_entitlement, entitlement
from jcg_ledger.state.core import PersonRecord

POLICY = default_policy()


def fact(measure: str, **kw: object) -> AwardFact:
    return AwardFact("e1", date(2025, 6, 1), "JC-A", measure, "某人", **kw)  # type: ignore[arg-type]


def person(tier: str) -> PersonRecord:
    return PersonRecord("P-0001", "JC-A", tier, "fulltime", date(2025, 1, 1), 3, 6)


def refused(measure: str, who: PersonRecord | None, **kw: object) -> Refused:
    got = entitlement(POLICY, POLICY.subsidy(measure), who, fact(measure, **kw))
    assert isinstance(got, Refused), got
    return got


def test_by_tier_and_by_month() -> None:
    fulltime = POLICY.subsidy("talent-fulltime")
    # talent-fulltime: a doctorate is 150,000.
    assert entitlement(POLICY, fulltime, person("doctorate"), fact("talent-fulltime")) == Decimal(
        "150000.00"
    )
    # living-allowance: a master's 3,000 a month × 12 months = 36,000.
    living = POLICY.subsidy("living-allowance")
    assert entitlement(POLICY, living, person("master"), fact("living-allowance", months=12)) == (
        Decimal("36000.00")
    )
    # talent-project: a stated 400,000 lies in 300,000–500,000: the entitlement is the top.
    project = POLICY.subsidy("talent-project")
    stated = fact("talent-project", amount=Decimal(400_000))
    assert entitlement(POLICY, project, None, stated) == Decimal("500000.00")


def test_missing_basis_names_the_field() -> None:
    no_person = refused("talent-fulltime", None)
    assert no_person.field == "person" and no_person.violation.rule == "basis"
    assert no_person.violation.message == (
        "[talent-fulltime 全职引进高层次人才] 缺少计算依据:人员(按人才层次) / missing basis: "
        "the person (amount by tier)"
    )
    tier = refused("talent-fulltime", person("apprentice"))
    assert tier.field == "person" and tier.violation.rule == "basis"
    assert tier.violation.message == (
        "[talent-fulltime 全职引进高层次人才] 人才层次 apprentice 无标准 / no standard for tier "
        "'apprentice' (tiers: high-level, doctorate, senior-title, master, bachelor)"
    )
    no_base = refused("rdi-performance", None)
    assert no_base.field == "base" and no_base.violation.rule == "basis"
    assert no_base.violation.message.endswith("缺少计算依据:省补助金额 / missing basis: base")
    assert no_base.violation.message.startswith("[rdi-performance ")
    no_months = refused("living-allowance", person("master"))
    assert no_months.field == "months" and no_months.violation.rule == "basis"
    assert no_months.violation.message == (
        "[living-allowance 人才专项生活补贴] 缺少计算依据:月数 / missing basis: months"
    )
    no_amount = refused("talent-project", None)
    assert no_amount.field == "amount" and no_amount.violation.rule == "range"
    assert no_amount.violation.message.endswith(
        "the amount must be stated and lie in 300000–500000 (got None)"
    )
    low = refused("talent-project", None, amount=Decimal(200_000))
    assert low.field == "amount" and "(got 200000)" in low.violation.message


def test_tiers_by_month_and_an_award_above_its_entitlement() -> None:
    tier = refused("living-allowance", person("apprentice"), months=12)
    assert tier.field == "person"
    assert tier.violation.message.startswith(
        "[living-allowance 人才专项生活补贴] 人才层次 apprentice"
    )
    above = above_entitlement(POLICY.subsidy("rdi-performance"), Decimal(200_000))
    assert above.field == "amount" and above.violation.rule == "entitlement"
    assert above.violation.message.endswith(
        "the amount exceeds the entitlement computed from the policy: 200000"
    )

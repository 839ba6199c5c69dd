"""Rule ``entitlement`` — the loan-interest subsidy covers the interest on the principal up to
the programme's limit (policy: talent project 3,000,000 元, graduate startup 300,000 元)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from jcg_ledger.policy import default_policy
from jcg_ledger.rules.award import AwardFact, Refused
from jcg_ledger.rules.entitlement import entitlement

POLICY = default_policy()
LOAN = POLICY.subsidy("loan-interest")


def fact(**kw: object) -> AwardFact:
    return AwardFact("li-1", date(2025, 6, 1), "JC-A", "loan-interest", "贷款1", **kw)  # type: ignore[arg-type]


def test_interest_within_the_limit_is_covered_in_full() -> None:
    # 2,000,000 borrowed (below 3,000,000): all 60,000.00 of interest paid.
    paid = fact(programme="talent-project", base=Decimal(60_000), principal=Decimal(2_000_000))
    assert entitlement(POLICY, LOAN, None, paid) == Decimal("60000.00")
    # Exactly the limit: all of it.
    at = fact(programme="talent-project", base=Decimal(90_000), principal=Decimal(3_000_000))
    assert entitlement(POLICY, LOAN, None, at) == Decimal("90000.00")


def test_interest_above_the_limit_is_covered_pro_rata() -> None:
    # 4,000,000 borrowed: 3,000,000 / 4,000,000 = 75% of 100,000.00 = 75,000.00.
    big = fact(programme="talent-project", base=Decimal(100_000), principal=Decimal(4_000_000))
    assert entitlement(POLICY, LOAN, None, big) == Decimal("75000.00")
    # Graduate startup, 900,000 borrowed: 300,000 / 900,000 = 1/3 of 10,000.00 = 3,333.33.
    grad = fact(programme="graduate-startup", base=Decimal(10_000), principal=Decimal(900_000))
    assert entitlement(POLICY, LOAN, None, grad) == Decimal("3333.33")


def test_what_the_interest_subsidy_needs() -> None:
    other = entitlement(POLICY, LOAN, None, fact(programme="mortgage", base=Decimal(1)))
    assert isinstance(other, Refused) and other.field == "programme"
    assert other.violation.rule == "basis"
    assert "programme must be one of talent-project, graduate-startup" in other.violation.message
    assert "贷款项目类别须为 talent-project/graduate-startup" in other.violation.message
    no_base = entitlement(POLICY, LOAN, None, fact(programme="talent-project"))
    assert isinstance(no_base, Refused) and no_base.field == "base"
    assert "缺少计算依据:实付利息 / missing basis: base" in no_base.violation.message
    no_principal = entitlement(
        POLICY, LOAN, None, fact(programme="talent-project", base=Decimal(1))
    )
    assert isinstance(no_principal, Refused) and no_principal.field == "principal"
    assert "缺少计算依据:贷款本金 / missing basis: principal" in no_principal.violation.message

"""Rule ``debt`` and ``debt-interest``: an accrual's figure, a repayment before the interest is
accrued, and the schedule recomputed from the conversion's terms (each refusal asserted whole).

The docstring's example: 1,000,000 converted to debt at 4% on 2026-01-10.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from jcg_ledger.policy import default_policy
from jcg_ledger.rules.debt import check_accrual, check_accrued_to, instalments, overdue
from jcg_ledger.state.base import Violation
from jcg_ledger.state.projects import Project
from jcg_ledger.violation import Severity

POLICY = default_policy()


def debt_project(**kw: object) -> Project:
    p = Project("P2", "ACME", Decimal(1_000_000), date(2025, 5, 1))
    p.converted, p.converted_on = "debt", date(2026, 1, 10)
    p.principal = p.debt_principal = Decimal(1_000_000)
    p.debt_rate = Decimal("0.04")
    p.maturity = date(2028, 1, 10)
    for k, v in kw.items():
        setattr(p, k, v)
    return p


def test_an_accrual_names_the_period_and_both_figures() -> None:
    # 2026-01-10 → 2026-07-10, 181 days: 1,000,000 × 4% × 181/365 = 19,835.62.
    p = debt_project()
    assert check_accrual(POLICY, p, date(2026, 7, 10), Decimal("19835.62")) is None
    assert check_accrual(POLICY, p, date(2026, 7, 10), Decimal("19835.61")) == Violation(
        "debt",
        "项目 P2 2026-01-10 至 2026-07-10 应计利息 19835.62,账上 19835.61 / project "
        "P2: interest 2026-01-10 → 2026-07-10 is 19835.62, booked 19835.61",
    )
    # The second accrual from 2026-07-10: 184 days → 20,164.38.
    p.accrued_through = date(2026, 7, 10)
    found = check_accrual(POLICY, p, date(2027, 1, 10), Decimal("40000.00"))
    assert found is not None and found.message.startswith(
        "项目 P2 2026-07-10 至 2027-01-10 应计利息 20164.38,账上 40000.00"
    )


def test_principal_repaid_only_after_its_interest_is_accrued() -> None:
    p = debt_project(accrued_through=date(2026, 7, 10))
    found = check_accrued_to(p, date(2026, 9, 10), Decimal("1.00"))
    assert found == Violation(
        "debt-interest",
        "项目 P2 于 2026-09-10 归还本金 1.00,利息仅计提至 2026-07-10:须先计提至还款日,"
        "否则 2026-07-10 至 2026-09-10 的利息将丢失 / project P2: principal 1.00 repaid "
        "on 2026-09-10 with interest accrued only through 2026-07-10; accrue through the "
        "repayment date first or that interest is lost",
    )
    # Never accrued: the interest runs from the conversion.
    fresh = check_accrued_to(debt_project(), date(2026, 2, 10), Decimal("0.50"))
    assert fresh is not None and "利息仅计提至 2026-01-10" in fresh.message
    # Accrued through the repayment date, nothing repaid, or no principal left: fine.
    assert check_accrued_to(p, date(2026, 7, 10), Decimal(400_000)) is None
    assert check_accrued_to(p, date(2026, 9, 10), Decimal(0)) is None
    assert (
        check_accrued_to(debt_project(principal=Decimal(0)), date(2026, 9, 10), Decimal(1)) is None
    )


def test_the_schedule_from_the_conversions_terms() -> None:
    # No method: a bullet — all the principal at maturity, 2026-01-10 → 2028-01-10 = 730 days:
    # 1,000,000 × 4% × 730/365 = 80,000.00.
    assert instalments(POLICY, debt_project()) == [
        (date(2028, 1, 10), Decimal("1000000.00"), Decimal("80000.00"))
    ]
    # A bullet with yearly interest: 40,000.00 each year (365 days each), principal at the end.
    assert instalments(POLICY, debt_project(debt_frequency="annual")) == [
        (date(2027, 1, 10), Decimal("0.00"), Decimal("40000.00")),
        (date(2028, 1, 10), Decimal("1000000.00"), Decimal("40000.00")),
    ]
    # Equal principal yearly: 500,000 twice; interest on 1,000,000 then on 500,000.
    equal = debt_project(debt_method="equal-principal", debt_frequency="annual")
    assert instalments(POLICY, equal) == [
        (date(2027, 1, 10), Decimal("500000.00"), Decimal("40000.00")),
        (date(2028, 1, 10), Decimal("500000.00"), Decimal("20000.00")),
    ]


def test_no_schedule_without_the_terms() -> None:
    assert instalments(POLICY, debt_project(converted="equity")) == []
    assert instalments(POLICY, debt_project(converted_on=None)) == []
    assert instalments(POLICY, debt_project(maturity=None)) == []
    assert instalments(POLICY, debt_project(debt_rate=None)) == []
    assert instalments(POLICY, debt_project(maturity=date(2026, 1, 10))) == []


def equal_principal(**kw: object) -> Project:
    """1,000,000 at 4% from 2026-01-10 to 2029-01-10, equal principal yearly: 333,333.33 on
    2027-01-10 and 2028-01-10, the remaining 333,333.34 on 2029-01-10."""
    return debt_project(
        maturity=date(2029, 1, 10), debt_method="equal-principal", debt_frequency="annual", **kw
    )


def overdue_warning(owed: str, since: str, days: int, today: str) -> Violation:
    return Violation(
        "debt-overdue",
        f"项目 P2 到期本金 {owed} 逾期未还(自 {since} 起 {days} 天)/ project P2: principal {owed} "
        f"overdue since {since} ({days} days as of {today})",
        severity=Severity.WARNING,
    )


def test_principal_overdue_from_its_first_unpaid_instalment() -> None:
    p = equal_principal()
    assert overdue(POLICY, p, date(2027, 1, 10)) is None  # due today: not overdue yet
    # Two instalments past, nothing repaid: 666,666.66 since 2027-01-10 (387 days to
    # 2028-02-01: 2027-01-10 → 2028-01-10 = 365, + 22).
    assert overdue(POLICY, p, date(2028, 2, 1)) == overdue_warning(
        "666666.66", "2027-01-10", 387, "2028-02-01"
    )
    # The first instalment repaid exactly: 333,333.33 overdue since 2028-01-10 (22 days).
    p.principal = Decimal("666666.67")
    assert overdue(POLICY, p, date(2028, 2, 1)) == overdue_warning(
        "333333.33", "2028-01-10", 22, "2028-02-01"
    )
    # Both repaid: nothing overdue.
    p.principal = Decimal("333333.34")
    assert overdue(POLICY, p, date(2028, 2, 1)) is None


def test_one_yuan_left_after_maturity_is_overdue() -> None:
    # 999,999 repaid of 1,000,000: the last yuan, due 2029-01-10, is 22 days late on 2029-02-01.
    p = equal_principal(principal=Decimal(1))
    assert overdue(POLICY, p, date(2029, 2, 1)) == overdue_warning(
        "1.00", "2029-01-10", 22, "2029-02-01"
    )
    assert overdue(POLICY, equal_principal(principal=Decimal(0)), date(2029, 2, 1)) is None

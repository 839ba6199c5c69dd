"""Rules ``buyback-price``, ``buyback-due`` and ``buyback-overdue``: what a settlement must
receive, when a tranche may be booked as receivable, and the overdue warning — each refusal
asserted whole (rule, words, figures)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from jcg_ledger.policy import default_policy
from jcg_ledger.rules.buyback_price import check_due, check_received, overdue
from jcg_ledger.state.base import Violation
from jcg_ledger.state.projects import Project, Tranche
from jcg_ledger.violation import Severity

POLICY = default_policy()
WHERE = "项目 P1 第 2 期 / project P1 tranche 2"


def project() -> Project:
    """5,000,000 converted into 500,000 units: 10.00 a unit; obligor ACME-HOLD."""
    p = Project("P1", "ACME", Decimal(5_000_000), date(2025, 5, 1), obligor="ACME-HOLD")
    p.disbursements.append((date(2025, 6, 1), Decimal(5_000_000)))
    p.converted, p.converted_on = "equity", date(2025, 6, 1)
    p.units_converted = p.units_held = Decimal(500_000)
    p.cost_converted = p.cost_held = Decimal(5_000_000)
    return p


def tranche(**kw: object) -> Tranche:
    """Tranche 2: 100,000 units at cost (``principal``: 1,000,000.00), due 2028-06-01."""
    return Tranche(2, date(2028, 6, 1), Decimal(100_000), "principal", **kw)  # type: ignore[arg-type]


DUE = Decimal("1000000.00")


def test_received_exactly_the_price() -> None:
    assert check_received(project(), tranche(), DUE, DUE) is None
    # 1,000,000.00 − 10,000.00 conceded + 500.00 late interest = 990,500.00.
    assert (
        check_received(
            project(),
            tranche(),
            Decimal("990500.00"),
            DUE,
            concession=Decimal("10000.00"),
            concession_doc_no="京财〔2028〕1号",
            late_interest=Decimal("500.00"),
        )
        is None
    )
    # The whole price conceded: nothing to receive.
    assert (
        check_received(project(), tranche(), Decimal(0), DUE, DUE, concession_doc_no="D1") is None
    )


def test_a_concession_needs_its_doc_no() -> None:
    found = check_received(project(), tranche(), Decimal("990000.00"), DUE, Decimal("10000.00"))
    assert found == Violation(
        "buyback-price",
        f"{WHERE}: 让利须有批准文号 concession.doc_no / a concession needs its doc_no",
    )
    empty = check_received(project(), tranche(), Decimal("990000.00"), DUE, Decimal("10000.00"), "")
    assert empty == found


def out_of_range(conceded: str, late: str) -> Violation:
    return Violation(
        "buyback-price",
        f"{WHERE}: 让利 {conceded} 或逾期利息 {late} 无效 / concession {conceded} or late "
        f"interest {late} out of range",
    )


def test_a_concession_or_late_interest_out_of_range() -> None:
    p, t = project(), tranche()
    negative = check_received(p, t, DUE, DUE, Decimal("-1"), "D1")
    assert negative == out_of_range("-1", "0")
    late = check_received(p, t, DUE, DUE, late_interest=Decimal("-0.01"))
    assert late == out_of_range("0", "-0.01")
    # More conceded than the price (by one fen).
    above = check_received(p, t, Decimal(0), DUE, Decimal("1000000.01"), "D1")
    assert above == out_of_range("1000000.01", "0")


def test_received_less_than_the_price() -> None:
    found = check_received(project(), tranche(), Decimal("999999.99"), DUE)
    assert found == Violation(
        "buyback-price",
        f"{WHERE}: 收款 999999.99 低于应收价款 1000000.00(principal,价款 1000000.00),"
        "差额 0.01 须经批准让利(concession:金额、理由、批准文号)/ received "
        "999999.99 below the price due 1000000.00 by 0.01; less is "
        "refused unless an approved concession (amount, reason, doc_no) is recorded",
    )


def test_received_more_than_the_price() -> None:
    # 500.00 late interest declared, 600.00 more received: 100.00 undeclared.
    found = check_received(
        project(), tranche(), Decimal("1000600.00"), DUE, late_interest=Decimal("500.00")
    )
    assert found == Violation(
        "buyback-price",
        f"{WHERE}: 收款 1000600.00 高于应收价款 1000500.00(principal,价款 1000000.00),"
        "多收 100.00 须声明为约定的逾期利息(late_interest)/ received 1000600.00 "
        "above the price due 1000500.00 by 100.00; declare the excess as the "
        "late interest agreed (late_interest)",
    )


def test_a_receivable_only_once_due_and_unpaid() -> None:
    p = project()
    early = check_due(POLICY, p, tranche(), date(2028, 5, 31), DUE)
    assert early == Violation(
        "buyback-due", f"{WHERE}: 到期日 2028-06-01 前不得确认应收 / not due before 2028-06-01"
    )
    # On the due date, at the price of the units still owed.
    assert check_due(POLICY, p, tranche(), date(2028, 6, 1), DUE) is None
    # 40,000 units settled: 60,000 left at 10.00 = 600,000.00.
    part = tranche(settled_units=Decimal(40_000))
    assert check_due(POLICY, p, part, date(2028, 6, 30), Decimal("600000.00")) is None
    twice = Violation("buyback-due", f"{WHERE}: 已确认应收或已结清 / already receivable or settled")
    booked = tranche(receivable_units=Decimal(1))
    assert check_due(POLICY, p, booked, date(2028, 6, 30), DUE) == twice
    settled = tranche(settled_units=Decimal(100_000))
    assert check_due(POLICY, p, settled, date(2028, 6, 30), Decimal(0)) == twice


def test_a_receivable_at_the_price_on_the_due_date() -> None:
    found = check_due(POLICY, project(), tranche(), date(2028, 6, 30), Decimal("999999.99"))
    assert found == Violation(
        "buyback-due",
        f"{WHERE}: 应收回购款须为到期日价款 1000000.00,账上 999999.99 / the receivable must be "
        "the price at the due date, 1000000.00; booked 999999.99",
    )


def test_overdue_from_the_day_after_the_due_date() -> None:
    p = project()
    assert overdue(POLICY, p, tranche(), date(2028, 6, 1)) is None  # due today: not overdue
    found = overdue(POLICY, p, tranche(), date(2028, 6, 2))
    assert found == Violation(
        "buyback-overdue",
        "项目 P1 第 2 期回购(义务人 ACME-HOLD)于 2028-06-01 到期,逾期 1 天未付,应收 1000000.00 "
        "/ project P1 tranche 2 due 2028-06-01 is 1 days overdue; 1000000.00 owed as of 2028-06-02",
        severity=Severity.WARNING,
    )
    # 30 days on, 25,000 units settled: 75,000 × 10.00 = 750,000.00 owed.
    part = overdue(POLICY, p, tranche(settled_units=Decimal(25_000)), date(2028, 7, 1))
    assert part is not None and "逾期 30 天未付,应收 750000.00" in part.message
    assert overdue(POLICY, p, tranche(settled_units=Decimal(100_000)), date(2028, 7, 1)) is None


def test_one_unit_left_is_still_owed() -> None:
    # 99,999 of the 100,000 units settled: the last unit, 10.00, may be booked and is overdue.
    last = tranche(settled_units=Decimal(99_999))
    assert check_due(POLICY, project(), last, date(2028, 6, 30), Decimal("10.00")) is None
    late = overdue(POLICY, project(), tranche(settled_units=Decimal(99_999)), date(2028, 6, 2))
    assert late is not None and "逾期 1 天未付,应收 10.00" in late.message

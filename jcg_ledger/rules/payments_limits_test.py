"""Rules ``approval``, ``outstanding`` and ``clawback`` — a payment or clawback at its limits."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from jcg_ledger.rules.award import Award, AwardFact
from jcg_ledger.rules.payments import (
    check_after_approval,
    check_clawback,
    check_pay,
    check_refund,
    find_approval,
)
from jcg_ledger.state.base import Violation


def award() -> Award:
    fact = AwardFact("a1", date(2025, 3, 1), "JC-A", "rdi-performance", "省补助1")
    # 200,000 approved, 150,000 paid, 10,000 clawed back after payment: 50,000 outstanding,
    # 190,000 standing.
    return Award(
        fact, Decimal(200_000), Decimal(200_000), "sci-tech", paid=Decimal(150_000),
        recovered_paid=Decimal(10_000),
    )  # fmt: skip


def test_dates() -> None:
    a = award()
    assert check_after_approval(a, date(2025, 3, 1)) is None  # the same day
    early = check_after_approval(a, date(2025, 2, 28))
    assert early is not None and early.rule == "approval"
    assert early.message == (
        "[rdi-performance] 日期 2025-02-28 早于核定 a1 的日期 2025-03-01 / dated before the "
        "approval a1"
    )


def test_payments_up_to_what_is_outstanding() -> None:
    a = award()
    assert check_pay(a, Decimal(50_000)) is None
    for bad in ("0", "-1", "50000.01"):
        refused = check_pay(a, Decimal(bad))
        assert refused is not None and refused.rule == "outstanding", bad
    assert check_pay(a, Decimal("50000.01")).message.endswith(  # type: ignore[union-attr]
        "payment 50000.01 exceeds what is outstanding on a1: 50000"
    )


def test_clawbacks_up_to_what_stands() -> None:
    a = award()
    assert check_clawback(a, Decimal(190_000)) is None
    assert check_clawback(a, Decimal("0.01")) is None
    for bad in ("0", "-1", "190000.01"):
        refused = check_clawback(a, Decimal(bad))
        assert refused is not None and refused.rule == "clawback", bad
    assert check_clawback(a, Decimal("190000.01")).message.endswith(  # type: ignore[union-attr]
        "clawback 190000.01 exceeds what stands of a1: 190000"
    )


def test_unknown_approval() -> None:
    a = award()
    assert find_approval({"a1": a}, "a1") is a
    missing = find_approval({"a1": a}, None)
    assert not isinstance(missing, Award) and missing.rule == "approval"
    assert missing.message == "未找到补贴核定 None / no subsidy approval None in the books"


def test_refunds_up_to_what_is_receivable() -> None:
    a = award()
    # 10,000 clawed back after payment, 4,000 of it refunded already: 6,000 receivable.
    receivable = Decimal(6_000)
    assert check_refund(a, receivable, Decimal(6_000)) is None
    assert check_refund(a, receivable, Decimal("0.01")) is None
    for bad in ("0", "-1"):
        assert check_refund(a, receivable, Decimal(bad)) is not None, bad
    assert check_refund(a, receivable, Decimal("6000.01")) == Violation(
        "refund",
        "[rdi-performance] 退回 6000.01 元超过核定 a1 的应收追回余额 6000 元 / refund 6000.01 "
        "exceeds what is receivable on a1: 6000",
    )

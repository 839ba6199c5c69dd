"""Rule ``fund-capital`` — each check at its limit and each refusal asserted whole (code, words,
figures, field). The module docstring's fund: GOV-JCIG commits 20,000,000, 8,000,000 called."""

from __future__ import annotations

from decimal import Decimal

from jcg_ledger.rules.fund_capital import (
    check_call,
    check_cash,
    check_class,
    check_contribution,
    check_held,
    check_investor,
    check_known_call,
    check_new_call,
    check_size,
    check_units,
)
from jcg_ledger.state.base import Violation

D = Decimal


def test_commitments_within_the_funds_size() -> None:
    # Size 100,000,000: 80,000,000 committed, 20,000,000 more fills it; one yuan more does not.
    assert check_size(D(100_000_000), D(80_000_000), D(20_000_000)) is None
    assert check_size(D(100_000_000), D(80_000_000), D(20_000_001)) == Violation(
        "fund-size",
        "认缴总额 100000001 超过基金规模 100000000 "
        "commitments 100000001 exceed the fund's size 100000000",
    )


def test_an_investor_needs_a_commitment_in_one_class() -> None:
    assert check_investor(True, "GOV-JCIG") is None
    assert check_investor(False, "SOC-X") == Violation(
        "fund-investor", "未认缴的出资人 SOC-X unknown investor SOC-X: no commitment"
    )
    assert check_class("GOV-JCIG", None, "government") is None
    assert check_class("GOV-JCIG", "government", "government") is None
    assert check_class("GOV-JCIG", "government", "social") == Violation(
        "fund-investor",
        "GOV-JCIG 已按 government 认缴 already committed as government",
        field="class",
    )


def test_a_call_within_the_uncalled_commitment() -> None:
    # 20,000,000 committed, 8,000,000 called: 12,000,000 uncalled.
    assert check_call("GOV-JCIG", D(12_000_000), D(12_000_000)) is None
    assert check_call("GOV-JCIG", D(12_000_000), D("12000000.01")) == Violation(
        "fund-call",
        "GOV-JCIG 缴款通知 12000000.01 超过未催缴认缴额 12000000 "
        "call of 12000000.01 exceeds the uncalled commitment 12000000",
    )
    assert check_new_call("C1", False) is None
    assert check_new_call("C1", True) == Violation(
        "fund-call", "缴款通知 C1 已存在 call exists", field="call"
    )
    assert check_known_call("C1", True) is None
    assert check_known_call("C9", False) == Violation(
        "fund-call", "未知缴款通知 unknown call C9", field="call"
    )


def test_a_contribution_within_the_call_unpaid() -> None:
    assert check_contribution("GOV-JCIG", "C1", D(8_000_000), D(8_000_000)) is None
    assert check_contribution("GOV-JCIG", "C1", D(8_000_000), D(9_000_000)) == Violation(
        "fund-contribution",
        "GOV-JCIG 实缴 9000000 超过缴款通知 C1 已催缴未缴金额 8000000 "
        "contribution 9000000 exceeds the called and unpaid 8000000",
    )
    # Without a call: every call's unpaid part, not named.
    assert check_contribution("GOV-JCIG", None, D(8_000_000), D(9_000_000)) == Violation(
        "fund-contribution",
        "GOV-JCIG 实缴 9000000 超过已催缴未缴金额 8000000 "
        "contribution 9000000 exceeds the called and unpaid 8000000",
    )


def test_cash_and_units_held() -> None:
    assert check_cash(D(5_000_000), D(5_000_000), "投资") is None
    assert check_cash(D(5_000_000), D("5000000.01"), "投资") == Violation(
        "fund-cash",
        "投资 5000000.01 超过基金现金 5000000 投资 of 5000000.01 exceeds the fund's cash 5000000",
    )
    assert check_units("ACME", D(1000), D(1000)) is None
    assert check_units("ACME", D(1000), D(1001)) == Violation(
        "fund-units", "ACME 退出份额 1001 超过持有 1000 units 1001 exceed the 1000 held"
    )
    assert check_held("ACME", D("0.01")) is None
    none = Violation("fund-units", "基金未持有 ACME the fund holds no ACME", field="entity")
    assert check_held("ACME", D(0)) == none
    assert check_held("ACME", None) == none

"""Hand-computed cases that kill mutants of the money code (docs/testing.md).

Each case is one a realistic one-line bug would get wrong while the rest of the suite stayed
green: 万 with more than two decimals, XIRR's bisection fallback, a reconciliation difference
under 1 元, a USCC whose check symbol is ``0``.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, localcontext

import pytest
from beancount import loader

from jcg_ledger import finance
from jcg_ledger.finance import xirr
from jcg_ledger.identifiers import IdentifierError, uscc_check_symbol, validate_uscc
from jcg_ledger.money import MoneyError, parse_money
from jcg_ledger.reconcile import reconcile


def test_wan_and_yi_with_more_than_two_decimals() -> None:
    # The two-decimals rule applies to the amount in 元, after 万/亿 multiply.
    assert parse_money("1.234万") == Decimal("12340.00")  # 1.234 × 10,000
    assert parse_money("0.000001亿") == Decimal("100.00")  # 0.000001 × 100,000,000
    assert parse_money("1.23456万元") == Decimal("12345.60")
    # 1.234567万 = 12,345.67 元 is an amount; 1.2345678万 = 12,345.678 元 is not.
    assert parse_money("1.234567万") == Decimal("12345.67")
    with pytest.raises(MoneyError, match="two decimals"):
        parse_money("1.2345678万")


def test_xirr_bisection_fallback() -> None:
    # −1 on 2025-01-01, +0.01 a year later: (1 + r) = 0.01 → r = −0.99.
    flows = [(date(2025, 1, 1), Decimal(-1)), (date(2026, 1, 1), Decimal("0.01"))]
    # Newton from 10% leaves the bracket on its first step: NPV(0.1) = −1 + 0.01/1.1 and
    # NPV'(0.1) = −0.01/1.1², so the step is (−1 + 0.01/1.1) × 1.21/−0.01 = −(121 − 1.1)
    # → 0.1 − 119.9 = −119.8, below −0.999999: the answer comes from bisection.
    terms = finance._year_fractions(flows, 365)
    value, slope = finance._npv_and_derivative(Decimal("0.1"), terms)
    assert abs(value / slope - Decimal("119.9")) < Decimal("1e-30")
    rate = xirr(flows)
    assert rate is not None and abs(rate - Decimal("-0.99")) < Decimal("1e-9")
    with localcontext() as ctx:
        ctx.prec = 40  # xirr's working precision
        assert rate == finance._bisect(terms)


def test_xirr_bisection_without_a_root_in_the_bracket() -> None:
    # A gain of 10^6× in a year (r = 999,999) lies beyond the bracket's 1000×: no answer.
    flows = [(date(2025, 1, 1), Decimal(-1)), (date(2026, 1, 1), Decimal(1_000_000))]
    assert xirr(flows) is None


BOOKS = {
    "city": """
2025-01-01 open Assets:Entrusted:Platform CNY
2025-01-01 open Assets:Bank:City CNY
2025-03-01 * "委托" ^fund-1
  Assets:Entrusted:Platform   1000.00 CNY
  Assets:Bank:City           -1000.00 CNY
""",
    "platform": """
2025-01-01 open Liabilities:Entrusted:City CNY
2025-01-01 open Assets:Bank:Platform CNY
2025-03-01 * "委托" ^fund-1
  Assets:Bank:Platform          999.50 CNY
  Liabilities:Entrusted:City   -999.50 CNY
""",
}


def test_reconciliation_reports_a_difference_of_fifty_fen() -> None:
    books = {name: loader.load_string(text)[0] for name, text in BOOKS.items()}
    differences = reconcile(books)
    # 1,000.00 on the city's side, 999.50 on the platform's: one difference, 0.50.
    assert len(differences) == 1
    (only,) = differences
    assert only.link == "fund-1"
    assert "1000.00" in only.message and "999.50" in only.message
    # The same pair agreeing to the fen reconciles.
    books["platform"] = loader.load_string(BOOKS["platform"].replace("999.50", "1000.00"))[0]
    assert reconcile(books) == []


def test_uscc_whose_check_symbol_is_zero() -> None:
    # Weights 3^i mod 31: 1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28. For
    # 9111000060003734F: 9 + 3 + 9 + 27 + 6×20 + 3×8 + 7×24 + 3×10 + 4×30 + 15(F)×28
    # = 510 + 420 = 930 = 30 × 31 → (31 − 0) mod 31 = 0 → check symbol '0'.
    assert uscc_check_symbol("9111000060003734F") == "0"
    assert validate_uscc("9111000060003734F0") == "9111000060003734F0"
    with pytest.raises(IdentifierError, match="expected 0"):
        validate_uscc("9111000060003734F1")

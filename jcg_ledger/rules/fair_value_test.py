"""Rule ``fair-value`` — the day-one difference at conversion and each mark are booked."""

from __future__ import annotations

from jcg_ledger.rules.project_ledger import all_errors, platform_errors


def mark(on: str, price: str, change: str) -> str:
    return f"""
{on} * "股权估值"
  type: "equity.mark"
  project: "P1"
  price: {price}
  Assets:Equity:ACME:FairValue   {change} CNY
  Liabilities:Entrusted:City    {-float(change):.2f} CNY
{on} price EQ-ACME {price} CNY
"""


def test_marks_book_the_change_in_fair_value() -> None:
    # P1: 100,000 units at cost 1,000,000. Marked 12.00: 1,200,000 − 1,000,000 = 200,000.
    # Then 11.00: 1,100,000 − 1,200,000 = −100,000.
    text = mark("2026-06-30", "12", "200000.00") + mark("2026-12-31", "11", "-100000.00")
    assert all_errors(text) == []


def test_a_mark_booked_wrong_by_a_cent() -> None:
    errors = platform_errors(mark("2026-06-30", "12", "200000.01"))
    assert errors[0].startswith("[fair-value]") and "200000.00" in errors[0]


def test_a_price_alone_is_not_a_mark() -> None:
    # The price moves the stake by 200,000 that no entry books.
    errors = platform_errors("\n2026-06-30 price EQ-ACME 12 CNY\n")
    assert len(errors) == 1 and errors[0].startswith("[fair-value]") and "200000.00" in errors[0]


def convert(fair: str) -> str:
    # P2 (BETA): 300,000 at the round price 12.50 less 20% = 10.00 → 30,000 units. The
    # round values them at 30,000 × 12.50 = 375,000: the day-one difference is 75,000.
    return f"""
2025-01-01 open Assets:Equity:BETA "FIFO"
2025-01-01 open Assets:Equity:BETA:FairValue CNY
2026-02-01 * "转股"
  type: "project.convert"
  project: "P2"
  round_price: 12.50
  discount: 0.20
  total_units: 120000
  Assets:Equity:BETA              30000 EQ-BETA {{# 300000.00 CNY}}
  Assets:PreConversion:BETA  -300000.00 CNY
  Assets:Equity:BETA:FairValue  {fair} CNY
  Liabilities:Entrusted:City   -{fair} CNY
2026-02-01 price EQ-BETA 12.50 CNY
"""


def test_the_day_one_difference_at_conversion() -> None:
    assert all_errors(convert("75000.00")) == []
    errors = platform_errors(convert("0.00"))
    assert errors[0].startswith("[fair-value]") and "75000.00" in errors[0]


def test_a_sale_takes_its_share_of_the_changes() -> None:
    # Marked at 12.00 (200,000 of change); 50,000 of the 100,000 units sold for 600,000 take
    # 100,000 of it. Taking 99,999.99 leaves a cent behind: refused.
    def sale(fair: str, liability: str) -> str:
        return f"""
2026-08-01 * "股权退出"
  type: "equity.exit"
  project: "P1"
  Assets:Bank:Platform          600000.00 CNY
  Assets:Equity:ACME            -50000 EQ-ACME {{}}
  Assets:Equity:ACME:FairValue  -{fair} CNY
  Liabilities:Entrusted:City    {liability} CNY
"""

    marked = mark("2026-06-30", "12", "200000.00")
    assert all_errors(marked + sale("100000.00", "0.00")) == []
    errors = platform_errors(marked + sale("99999.99", "-0.01"))
    assert len(errors) == 1 and errors[0].startswith("[fair-value]") and "-100000.00" in errors[0]

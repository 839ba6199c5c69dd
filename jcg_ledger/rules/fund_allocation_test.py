"""Tests of rules ``fund-allocation``, ``fund-net-assets`` and ``fund-nav`` on hand-written
fund books: paid in 8,000,000 (GOV-JCIG, 40%) and 12,000,000 (SOC-TAIHANG, 60%); a fee of
1,000,000 (a loss) allocated at the 2025-12 close.
"""

from __future__ import annotations

from jcg_ledger.rules.fund_ledger import fund_errors

FEE = """
2025-12-20 * "管理费"
  period: "2025"
  Expenses:ManagementFee   1000000.00 CNY
  Assets:Bank:Fund        -1000000.00 CNY
"""


def allocation(gov: str, soc: str) -> str:
    return f"""
2025-12-31 * "基金损益分配 2025-12"
  Equity:ProfitAllocated                       -1000000.00 CNY
  Equity:Capital:Government:GOV-JCIG:Allocated  {gov} CNY
  Equity:Capital:Social:SOC-TAIHANG:Allocated   {soc} CNY
"""


CLOSE = '2025-12-31 custom "jcg-close" "2025-12"\n'


def fund_codes(text: str) -> list[str]:
    """The fund rules' codes (the hand-written close has no record hash: period-closed)."""
    codes = [e.split("]")[0][1:] for e in fund_errors(text)]
    return [c for c in codes if c != "period-closed"]


def test_a_pro_rata_allocation_holds_the_capital_to_the_net_assets() -> None:
    # 1,000,000 × 40% = 400,000; × 60% = 600,000. Capital 20,000,000 − 1,000,000 =
    # 19,000,000 = cash 19,000,000.
    assert fund_codes(FEE + allocation("400000.00", "600000.00") + CLOSE) == []


def test_an_allocation_not_pro_rata() -> None:
    errors = fund_errors(FEE + allocation("500000.00", "500000.00"))
    assert len(errors) == 1 and errors[0].startswith("[fund-allocation]")
    assert "400000.00" in errors[0] and "600000.00" in errors[0]


def test_a_close_with_the_result_not_allocated() -> None:
    # Capital 20,000,000 ≠ net assets 19,000,000.
    errors = [e for e in fund_errors(FEE + CLOSE) if e.startswith("[fund-net-assets]")]
    assert len(errors) == 1 and "20000000.00" in errors[0] and "19000000.00" in errors[0]


def test_a_mark_not_booked_fails_at_the_close() -> None:
    # SEED-A (1,000,000 units, cost 3,000,000) marked 4.00 without its fair-value entry:
    # the adjustment should be 1,000,000.
    text = """
2025-04-01 * "基金投资"
  stage: "seed"
  Assets:Portfolio:SEED-A   1000000 FU-SEED-A {# 3000000.00 CNY}
  Assets:Bank:Fund         -3000000.00 CNY
2025-12-30 price FU-SEED-A 4.00 CNY
"""
    assert fund_codes(text + CLOSE) == ["fund-nav"]
    booked = """
2025-12-30 * "基金估值"
  Assets:FairValue:SEED-A   1000000.00 CNY
  Income:FairValueChange   -1000000.00 CNY
2025-12-31 * "基金损益分配 2025-12"
  Equity:ProfitAllocated                         1000000.00 CNY
  Equity:Capital:Government:GOV-JCIG:Allocated   -400000.00 CNY
  Equity:Capital:Social:SOC-TAIHANG:Allocated    -600000.00 CNY
"""
    assert fund_codes(text + booked + CLOSE) == []

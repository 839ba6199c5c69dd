"""Tests of rule ``fund-capital`` on fund books loaded with the policy plugin."""

from __future__ import annotations

from jcg_ledger.rules.fund_ledger import fund_errors


def test_the_capital_of_a_call_paid_in_full_is_accepted() -> None:
    assert fund_errors("") == []


def test_a_call_above_the_uncalled_commitment() -> None:
    # 8,000,000 of 20,000,000 called: 12,000,000 uncalled; 13,000,000 more is refused.
    errors = fund_errors(
        """
2025-06-01 * "缴款通知 C2"
  call: "C2"
  fraction: 0.65
  Assets:Receivable:Call:GOV-JCIG     13000000.00 CNY
  Equity:Called:GOV-JCIG             -13000000.00 CNY
"""
    )
    assert len(errors) == 1 and errors[0].startswith("[fund-call]") and "12000000" in errors[0]


def test_a_contribution_above_the_call_and_by_an_unknown_investor() -> None:
    errors = fund_errors(
        """
2025-06-01 open Assets:Receivable:Call:SOC-NOBODY CNY
2025-06-01 * "实缴"
  call: "C1"
  Assets:Bank:Fund                     1.00 CNY
  Assets:Receivable:Call:GOV-JCIG     -1.00 CNY
2025-06-02 * "实缴"
  Assets:Bank:Fund                     5.00 CNY
  Assets:Receivable:Call:SOC-NOBODY   -5.00 CNY
"""
    )
    assert [e.split("]")[0] for e in errors] == ["[fund-contribution", "[fund-investor"]


def test_spending_beyond_cash_and_selling_units_not_held() -> None:
    # Cash 20,000,000: an investment of 20,000,000.01 is refused; 1,000,001 units of SEED-A
    # cannot be sold when 1,000,000 are held — Beancount's FIFO booking already refuses that
    # reduction before the plugin runs (the write path refuses it with ``fund-units``).
    errors = fund_errors(
        """
2025-04-01 * "基金投资"
  stage: "seed"
  Assets:Portfolio:SEED-A   1000000 FU-SEED-A {# 3000000.00 CNY}
  Assets:Bank:Fund         -3000000.00 CNY
2025-04-02 * "基金投资"
  Assets:Portfolio:SEED-B   1000000 FU-SEED-B {# 17000000.01 CNY}
  Assets:Bank:Fund        -17000000.01 CNY
2025-09-01 * "基金退出"
  Assets:Bank:Fund          9000000.00 CNY
  Assets:Portfolio:SEED-A  -1000001 FU-SEED-A {}
  Income:Investment:Disposal
"""
    )
    # (17,000,000.01 is also past the single-investee cap of 10,000,000: rules/fund_investee_cap)
    cash = [e for e in errors if e.startswith("[fund-cash]")]
    assert len(cash) == 1 and "17000000.01" in cash[0]
    assert any(e.startswith("Not enough lots") for e in errors[1:])


def test_commitments_above_the_fund_size() -> None:
    # The policy's size is 50,000,000: 20,000,000 + 30,000,000 + 1 is one too many.
    errors = fund_errors('2025-05-01 custom "jcg-commitment" "SOC-FENHE" "social" 1.00 CNY\n')
    assert len(errors) == 1 and errors[0].startswith("[fund-size]")


def test_a_second_commitment_in_the_other_class() -> None:
    # The fund's 50,000,000 is fully committed: the extra 100 is above its size too.
    found, size = fund_errors('2025-04-01 custom "jcg-commitment" "GOV-JCIG" "social" 100.00 CNY\n')
    assert found.startswith("[fund-investor]") and "government" in found
    assert size.startswith("[fund-size]")


def test_a_call_issued_twice_and_a_payment_on_an_unknown_call() -> None:
    text = """
2025-04-01 * "缴款通知 C1 again"
  call: "C1"
  fraction: 0.10
  Assets:Receivable:Call:SOC-TAIHANG  3000000.00 CNY
  Equity:Called:SOC-TAIHANG          -3000000.00 CNY
2025-04-20 * "实缴 C9"
  call: "C9"
  Assets:Bank:Fund                    3000000.00 CNY
  Assets:Receivable:Call:SOC-TAIHANG -3000000.00 CNY
  Equity:Called:SOC-TAIHANG           3000000.00 CNY
  Equity:Capital:Social:SOC-TAIHANG:Contributed  -3000000.00 CNY
"""
    errors = fund_errors(text)
    # The payment on C9 is also more than was called on it (nothing).
    codes = [e.split("]")[0] for e in errors]
    assert codes == ["[fund-call", "[fund-call", "[fund-contribution"], errors
    assert "C1" in errors[0] and "C9" in errors[1]


def test_a_mark_of_an_investee_the_fund_does_not_hold() -> None:
    [found] = fund_errors("2025-05-01 price FU-SEED-A 2.00 CNY\n")
    assert found.startswith("[fund-units]") and "SEED-A" in found

"""Tests of rule ``fund-tolerance`` (容错) on fund books loaded with the policy plugin.

Default tolerance: single project 100%, seed 80%, early 60%, whole fund 60%.
"""

from __future__ import annotations

from jcg_ledger.rules.fund_ledger import fund_errors, fund_warnings

# Two seed investments of 3,000,000 and one early of 6,000,000: cost 12,000,000.
INVEST = """
2025-04-01 * "基金投资"
  stage: "seed"
  Assets:Portfolio:SEED-A   1000000 FU-SEED-A {# 3000000.00 CNY}
  Assets:Bank:Fund         -3000000.00 CNY
2025-04-01 * "基金投资"
  stage: "seed"
  Assets:Portfolio:SEED-B   1000000 FU-SEED-B {# 3000000.00 CNY}
  Assets:Bank:Fund         -3000000.00 CNY
2025-04-01 * "基金投资"
  stage: "early"
  Assets:Portfolio:EARLY-C  2000000 FU-EARLY-C {# 6000000.00 CNY}
  Assets:Bank:Fund         -6000000.00 CNY
"""

WRITE_OFF_A = """
2026-06-30 * "基金核销 SEED-A"
  reason: "破产清算"
  Expenses:WriteOff         3000000.00 CNY
  Assets:Portfolio:SEED-A  -1000000 FU-SEED-A {}
"""


def test_a_write_off_within_tolerance_is_silent() -> None:
    # Seed 3,000,000 / 6,000,000 = 50% ≤ 80%; fund 3,000,000 / 12,000,000 = 25% ≤ 60%;
    # SEED-A 100% ≤ 100%.
    assert fund_warnings(INVEST + WRITE_OFF_A) == []
    assert fund_errors(INVEST + WRITE_OFF_A) == []


def test_a_mark_down_beyond_the_seed_tolerance_is_a_warning() -> None:
    # SEED-B marked at 1.00 per unit: mark-down 3,000,000 − 1,000,000 = 2,000,000; seed loss
    # (3,000,000 + 2,000,000) / 6,000,000 = 83.33% > 80%: a warning, not an error.
    text = INVEST + WRITE_OFF_A + "2026-12-31 price FU-SEED-B 1.00 CNY\n"
    warnings = fund_warnings(text)
    assert len(warnings) == 1 and warnings[0].startswith("[fund-tolerance-seed] 提示 warning")
    assert "83.33%" in warnings[0]
    assert fund_errors(text) == []


def test_the_early_stage_tolerance_and_the_whole_fund_by_paid_in_capital() -> None:
    # EARLY-C written off: early 6,000,000 / 6,000,000 = 100% > 60%. The whole fund counts
    # the realised net loss over paid-in capital: (3,000,000 + 6,000,000) / 20,000,000 = 45%
    # ≤ 60% (over the cost invested it would have been 9,000,000 / 12,000,000 = 75%).
    text = INVEST + WRITE_OFF_A + EARLY_C_WRITTEN_OFF
    codes = sorted(w.split("]")[0][1:] for w in fund_warnings(text))
    assert codes == ["fund-tolerance-early"]


EARLY_C_WRITTEN_OFF = """
2027-03-31 * "基金核销 EARLY-C"
  reason: "技术路线失败"
  Expenses:WriteOff          6000000.00 CNY
  Assets:Portfolio:EARLY-C  -2000000 FU-EARLY-C {}
"""


def test_the_whole_fund_is_realised_net_loss_over_paid_in() -> None:
    # A growth investment of 8,000,000 (cash 20,000,000 − 12,000,000) written off too:
    # 3,000,000 + 6,000,000 + 8,000,000 = 17,000,000 / 20,000,000 = 85% > 60%.
    growth = """
2025-05-01 * "基金投资"
  stage: "growth"
  Assets:Portfolio:GROWTH-D  1000000 FU-GROWTH-D {# 8000000.00 CNY}
  Assets:Bank:Fund          -8000000.00 CNY
2027-06-30 * "基金核销 GROWTH-D"
  reason: "破产"
  Expenses:WriteOff          8000000.00 CNY
  Assets:Portfolio:GROWTH-D -1000000 FU-GROWTH-D {}
"""
    text = INVEST + growth + WRITE_OFF_A + EARLY_C_WRITTEN_OFF
    fund = [w for w in fund_warnings(text) if w.startswith("[fund-tolerance-fund]")]
    assert len(fund) == 1 and "85.00%" in fund[0] and "20000000" in fund[0]
    # A realised gain offsets: SEED-B sold for 8,000,000 (cost 3,000,000, gain 5,000,000)
    # before: (17,000,000 − 5,000,000) / 20,000,000 = 60%, not above 60%.
    exit_b = """
2026-01-15 * "基金退出 SEED-B"
  Assets:Bank:Fund           8000000.00 CNY
  Assets:Portfolio:SEED-B   -1000000 FU-SEED-B {}
  Income:Investment:Disposal -5000000.00 CNY
"""
    text = INVEST + growth + exit_b + WRITE_OFF_A + EARLY_C_WRITTEN_OFF
    assert not [w for w in fund_warnings(text) if w.startswith("[fund-tolerance-fund]")]

"""Tests of rule ``fund-reward`` on city books loaded with the policy plugin (by hand).

Rate 5%; caps 500,000 per investee (one reward per investor and investee) and 2,000,000 per
investor per calendar year (the packaged default policy).
"""

from __future__ import annotations

from jcg_ledger.rules.fund_ledger import city_errors


def reward(on: str, investor: str, entity: str, amount: str, cost: str, paid: str) -> str:
    return f"""
{on} * "社会资本投资奖励核定 {investor} / {entity}"
  investor: "{investor}"
  entity: "{entity}"
  basis_cost: {cost}
  investor_paid_in: {paid}
  fund_paid_in: 20000000.00
  Expenses:FundReward              {amount} CNY
  Liabilities:Payable:FundReward  -{amount} CNY
"""


def test_the_computed_reward_is_accepted() -> None:
    # 3,000,000 × 7,200,000 / 20,000,000 = 1,080,000 actual investment; × 5% = 54,000.
    ok = reward("2025-06-01", "SOC-TAIHANG", "SEED-A", "54000.00", "3000000.00", "7200000.00")
    assert city_errors(ok) == []


def test_a_wrong_amount_a_second_reward_and_a_government_investor() -> None:
    wrong = reward("2025-06-01", "SOC-TAIHANG", "SEED-A", "60000.00", "3000000.00", "7200000.00")
    again = reward("2025-07-01", "SOC-TAIHANG", "SEED-A", "54000.00", "3000000.00", "7200000.00")
    gov = reward("2025-06-01", "GOV-JCIG", "SEED-A", "60000.00", "3000000.00", "8000000.00")
    errors = city_errors(wrong + again + gov)
    codes = sorted(e.split("]")[0][1:] for e in errors)
    assert codes == ["fund-reward", "fund-reward-government", "fund-reward-once"]
    assert any("54000.00" in e for e in errors if e.startswith("[fund-reward]"))


def test_the_caps_per_investee_and_per_investor_year() -> None:
    # 20,000,000 cost × 18,000,000 / 20,000,000 = 18,000,000 × 5% = 900,000 → 500,000 cap.
    # Four such rewards in 2026 reach 2,000,000; a fifth that year is capped to nothing.
    big = [
        reward("2026-03-01", "SOC-TAIHANG", f"E-{i}", "500000.00", "20000000.00", "18000000.00")
        for i in range(5)
    ]
    errors = city_errors("".join(big))
    assert len(errors) == 1 and errors[0].startswith("[fund-reward-cap]")
    # In the next calendar year the yearly cap starts again.
    later = reward("2027-01-05", "SOC-TAIHANG", "E-9", "500000.00", "20000000.00", "18000000.00")
    assert city_errors("".join(big[:4]) + later) == []


def test_a_reward_without_its_basis() -> None:
    text = """
2025-06-01 * "奖励"
  investor: "SOC-TAIHANG"
  Expenses:FundReward              1000.00 CNY
  Liabilities:Payable:FundReward  -1000.00 CNY
"""
    errors = city_errors(text)
    assert len(errors) == 1 and errors[0].startswith("[fund-reward]")

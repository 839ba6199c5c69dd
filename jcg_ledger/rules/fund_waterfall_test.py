"""Tests of rule ``fund-waterfall`` (and the investors' pro rata shares, ``fund-allocation``)
on hand-written distributions.

The test books: paid in 8,000,000 (GOV-JCIG) + 12,000,000 (SOC-TAIHANG) on 2025-03-20; SEED-A
bought for 3,000,000 and sold for 13,000,000 (gain 10,000,000): cash 30,000,000. 24,000,000 is
distributed on 2026-03-20, 365 days after the capital was paid in.
"""

from __future__ import annotations

from pathlib import Path

from jcg_ledger.rules.fund_ledger import fund_errors, fund_errors_with

STORY = """
2025-04-01 * "基金投资"
  stage: "seed"
  Assets:Portfolio:SEED-A   1000000 FU-SEED-A {# 3000000.00 CNY}
  Assets:Bank:Fund         -3000000.00 CNY
2026-03-01 * "基金退出"
  Assets:Bank:Fund          13000000.00 CNY
  Assets:Portfolio:SEED-A  -1000000 FU-SEED-A {}
  Income:Investment:Disposal -10000000.00 CNY
"""


def distribution(gov: str, soc: str, manager: str | None = None) -> str:
    total = sum(float(x) for x in (gov, soc, manager or "0"))
    text = f"""
2026-03-20 * "基金分配"
  Equity:Capital:Government:GOV-JCIG:Distributed   {gov} CNY
  Equity:Capital:Social:SOC-TAIHANG:Distributed    {soc} CNY
"""
    if manager:
        text += f"""  Equity:Capital:Manager:MGR-JCVC:Distributed  {manager} CNY
  Equity:Capital:Manager:MGR-JCVC:Allocated   -{manager} CNY
  Equity:Capital:Government:GOV-JCIG:Allocated   320000.00 CNY
  Equity:Capital:Social:SOC-TAIHANG:Allocated    480000.00 CNY
"""
    return text + f"  Assets:Bank:Fund  -{total:.2f} CNY\n"


def carry_policy() -> str:
    """The default policy with 8% preferred, 100% catch-up and 20% carry to MGR-JCVC."""
    path = Path(__file__).parent.parent / "data" / "policy.toml"
    text = path.read_text("utf-8")
    for old, new in (
        ('preferred_return = "0"', 'preferred_return = "0.08"'),
        ('catch_up = "0"', 'catch_up = "1"'),
        ('carry = "0"', 'carry = "0.20"\nmanager = "MGR-JCVC"'),
    ):
        assert old in text
        text = text.replace(old, new)
    return text


def test_without_carry_a_distribution_is_pro_rata_to_paid_in() -> None:
    # 24,000,000 × 8 / 20 = 9,600,000 and × 12 / 20 = 14,400,000.
    assert fund_errors(STORY + distribution("9600000.00", "14400000.00")) == []
    errors = fund_errors(STORY + distribution("12000000.00", "12000000.00"))
    assert len(errors) == 1 and errors[0].startswith("[fund-allocation]")
    assert "9600000.00" in errors[0]


def test_without_carry_the_manager_gets_nothing() -> None:
    errors = fund_errors(STORY + distribution("9280000.00", "13920000.00", "800000.00"))
    assert any(e.startswith("[fund-waterfall]") for e in errors)


def test_with_carry_the_waterfall_by_hand() -> None:
    # Capital 20,000,000; preferred 20,000,000 × 8% × 365/365 = 1,600,000; catch-up 400,000
    # to the manager (20% of 2,000,000); the remaining 2,000,000: 400,000 to the manager and
    # 1,600,000 to the investors. Investors 23,200,000 (8/20: 9,280,000; 12/20: 13,920,000),
    # manager 800,000, taken from the investors' capital 320,000 / 480,000.
    policy = carry_policy()
    good = distribution("9280000.00", "13920000.00", "800000.00")
    assert fund_errors_with(policy, STORY + good) == []
    # The manager left out: the waterfall names both parts.
    errors = fund_errors_with(policy, STORY + distribution("9600000.00", "14400000.00"))
    assert [e.split("]")[0][1:] for e in errors] == ["fund-waterfall", "fund-allocation"]
    assert "23200000.00" in errors[0] and "800000.00" in errors[0]
    assert "9280000.00" in errors[1]

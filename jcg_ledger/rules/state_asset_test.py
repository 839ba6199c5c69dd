"""Rule ``state-asset-price`` — state-held equity sold below its value needs an approval."""

from __future__ import annotations

from jcg_ledger.rules.project_ledger import all_errors, platform_errors

# P1 marked at 12.00: 100,000 units carried at 1,200,000 (cost 1,000,000 + 200,000).
MARKED = """
2026-06-30 * "股权估值"
  type: "equity.mark"
  project: "P1"
  price: 12
  Assets:Equity:ACME:FairValue   200000.00 CNY
  Liabilities:Entrusted:City    -200000.00 CNY
2026-06-30 price EQ-ACME 12 CNY
"""


def sale(amount: str, fair: str, liability: str, approval: str = "") -> str:
    return f"""
2026-08-01 * "股权退出"
  type: "equity.exit"
  project: "P1"{approval}
  Assets:Bank:Platform          {amount} CNY
  Assets:Equity:ACME            -50000 EQ-ACME {{}}
  Assets:Equity:ACME:FairValue  -{fair} CNY
  Liabilities:Entrusted:City    {liability} CNY
"""


def test_sold_at_its_value() -> None:
    # 50,000 units carried at 500,000 + half of 200,000 = 600,000, sold for 600,000.
    assert all_errors(MARKED + sale("600000.00", "100000.00", "0.00")) == []


def test_sold_below_its_value() -> None:
    # Sold for 500,000: 100,000 below; the liability (and the city's claim) falls by 100,000.
    errors = platform_errors(MARKED + sale("500000.00", "100000.00", "100000.00"))
    assert len(errors) == 1 and errors[0].startswith("[state-asset-price]")
    assert "600000.00" in errors[0]
    approved = '\n  override_reason: "评估后协议转让"\n  override_doc_no: "晋市国资〔2026〕8号"'
    assert platform_errors(MARKED + sale("500000.00", "100000.00", "100000.00", approved)) == []

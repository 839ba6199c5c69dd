"""Rule ``tolerance`` (a warning) — a write-off is booked; one beyond the tolerated ratio is
flagged.

The platform writes the project off against its liability to the city (the loss is the
city's, `Expenses:WriteOff` in the city book)."""

from __future__ import annotations

from jcg_ledger.rules.project_ledger import all_errors, platform_errors


def writeoff(amount: str) -> str:
    return f"""
2026-09-30 * "容错核销"
  type: "investment.writeoff"
  project: "P2"
  Liabilities:Entrusted:City   {amount} CNY
  Assets:PreConversion:BETA   -{amount} CNY
"""


def test_write_off_within_tolerance() -> None:
    # 300,000 written off of 300,000 disbursed: ratio 1.00 ≤ the single-project 1.00.
    assert all_errors(writeoff("300000.00")) == []


def test_write_off_beyond_what_was_disbursed_is_flagged() -> None:
    # 300,000.01 / 300,000 > 1.00: flagged; and more than the project carries (300,000), which
    # `investment.writeoff` refuses (whole write-offs only), so it is an error too.
    errors = platform_errors(writeoff("300000.01"))
    assert len(errors) == 2 and "P2" in errors[1]
    assert errors[0].startswith("[writeoff]") and errors[1].startswith("[tolerance] 提示 warning")

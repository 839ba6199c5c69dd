"""Rule ``conversion`` on small platform ledgers (see `project_ledger` for the base story)."""

from __future__ import annotations

from jcg_ledger.rules.project_ledger import all_errors, platform_errors


def refusals(text: str) -> list[str]:
    """The plugin's errors, without its warnings (P2 is flagged past its deadline in 2028)."""
    return [e for e in platform_errors(text) if "提示 warning" not in e]


def test_base_story_is_clean() -> None:
    assert all_errors("") == []


def test_disbursement_above_the_approved_amount() -> None:
    # P2 approved 500,000, 300,000 disbursed: 200,000.01 more is 500,000.01.
    errors = platform_errors(
        """
2025-07-01 * "项目资金拨付"
  type: "project.disburse"
  project: "P2"
  Assets:PreConversion:BETA    200000.01 CNY
  Assets:Bank:Platform        -200000.01 CNY
"""
    )
    assert len(errors) == 1 and errors[0].startswith("[conversion]") and "P2" in errors[0]


def test_converting_twice() -> None:
    errors = platform_errors(
        """
2026-02-01 * "转股"
  type: "project.convert"
  project: "P1"
  Assets:Equity:ACME              1 EQ-ACME {# 1.00 CNY}
  Assets:Bank:Platform           -1.00 CNY
"""
    )
    assert any("[conversion]" in e and "converting twice" in e for e in errors)


def test_discount_above_the_policy_maximum() -> None:
    errors = platform_errors(
        """
2026-02-01 * "转股"
  type: "project.convert"
  project: "P2"
  discount: 0.25
  total_units: 120000
  Assets:Equity:ACME              30000 EQ-ACME {# 300000.00 CNY}
  Assets:PreConversion:BETA  -300000.00 CNY
"""
    )
    assert any("[conversion]" in e and "discount 0.25" in e for e in errors)


def test_unconverted_after_the_deadline_is_flagged_once() -> None:
    # P2 first disbursed 2025-06-01 + 36 months = 2028-06-01; an entry on 2028-06-02 flags it.
    errors = platform_errors(
        """
2028-06-02 price USD 7.10 CNY
2028-07-01 price USD 7.20 CNY
"""
    )
    assert errors == [
        e for e in errors if e.startswith("[conversion-overdue] 提示 warning") and "2028-06-01" in e
    ]
    assert len(errors) == 1 and "P2" in errors[0]


def convert_p2(on: str, total_units: int, override: str = "") -> str:
    # P2: 300,000 disbursed 2025-06-01 into 30,000 units of BETA at 10.00.
    return f"""
2025-01-01 open Assets:Equity:BETA "FIFO"
{on} * "转股"
  type: "project.convert"
  project: "P2"
  total_units: {total_units}{override}
  Assets:Equity:BETA              30000 EQ-BETA {{# 300000.00 CNY}}
  Assets:PreConversion:BETA  -300000.00 CNY
"""


APPROVED = '\n  override_reason: "市政府专题会议同意"\n  override_doc_no: "晋市政函〔2028〕12号"'


def test_converting_after_the_deadline_needs_an_override() -> None:
    # P2's deadline: 2025-06-01 + 36 months = 2028-06-01. On 2028-06-02 the project is
    # flagged (unconverted) and the conversion itself refused.
    errors = platform_errors(convert_p2("2028-06-02", 120000))
    assert [e.split("]")[0] + "]" for e in errors] == [
        "[conversion-overdue]",
        "[conversion-deadline]",
    ]
    assert "2028-06-01" in errors[1] and "P2" in errors[1]
    # On the deadline itself: in time.
    assert platform_errors(convert_p2("2028-06-01", 120000)) == []
    # With an approved override: only the flag of the late project remains.
    errors = platform_errors(convert_p2("2028-06-02", 120000, APPROVED))
    assert len(errors) == 1 and errors[0].startswith("[conversion-overdue]")


def test_the_state_stake_cap() -> None:
    # 30,000 of 120,000 units = 25% exactly: within the 25% cap.
    assert all_errors(convert_p2("2026-02-01", 120000)) == []
    # 30,000 of 100,000 = 30% > 25%: refused, unless approved.
    errors = platform_errors(convert_p2("2026-02-01", 100000))
    assert len(errors) == 1 and errors[0].startswith("[stake-cap]") and "0.3000" in errors[0]
    assert platform_errors(convert_p2("2026-02-01", 100000, APPROVED)) == []
    # Without the company's total units the stake cannot be known: refused.
    no_total = convert_p2("2026-02-01", 120000).replace("  total_units: 120000\n", "")
    errors = platform_errors(no_total)
    assert len(errors) == 1 and errors[0].startswith("[stake-cap]") and "total_units" in errors[0]


def test_a_project_approved_after_the_window_or_with_too_deep_a_discount() -> None:
    # The policy runs 2025-01-01 to 2030-01-01, with a discount of at most 20%.
    text = '2030-02-01 custom "jcg-project" "P9"\n  entity: "GAMMA"\n  discount: 0.30\n'
    errors = refusals(text)
    assert [e.split("]")[0] for e in errors] == ["[window", "[conversion"], errors


def test_a_conversion_of_part_of_the_funds_or_to_debt_maturing_before_it() -> None:
    # P2 holds 300,000 disbursed: converting 200,000 of it, or into debt due before the day.
    equity = """
2026-02-01 * "转股"
  type: "project.convert"
  project: "P2"
  Assets:PreConversion:BETA  -200000.00 CNY
  Assets:Debt:BETA            200000.00 CNY
"""
    [short] = refusals(equity)
    assert short.startswith("[conversion]") and "300000.00" in short
    debt = """
2026-02-01 * "转债"
  type: "project.convert"
  project: "P2"
  maturity: 2026-01-01
  Assets:PreConversion:BETA  -300000.00 CNY
  Assets:Debt:BETA            300000.00 CNY
"""
    [early] = refusals(debt)
    assert early.startswith("[conversion]") and "maturity" in early


def test_a_mark_of_a_project_not_converted_to_equity() -> None:
    [found] = refusals("2026-02-01 price EQ-BETA 12.00 CNY\n")
    assert found.startswith("[holdings]") and "P2" in found


def test_a_write_off_of_part_of_what_the_project_carries() -> None:
    text = """
2026-02-01 * "核销"
  type: "investment.writeoff"
  project: "P2"
  Liabilities:Entrusted:City   1.00 CNY
  Assets:PreConversion:BETA   -1.00 CNY
"""
    [found] = refusals(text)
    assert found.startswith("[writeoff]") and "300000.00" in found

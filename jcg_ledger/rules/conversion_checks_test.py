"""Rules ``conversion`` and ``conversion-deadline``: the discount's bounds (0–20%, policy
``[conversion] discount_max``) and the deadline warning naming the fallback."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from jcg_ledger.policy import default_policy
from jcg_ledger.rules.conversion import (
    check_convert,
    check_convert_amounts,
    check_deadline,
    check_disbursement,
    check_discount,
    check_stake,
    deadline_passed,
)
from jcg_ledger.state.base import Violation
from jcg_ledger.state.projects import Project

POLICY = default_policy()


def project() -> Project:
    p = Project("P1", "ACME", Decimal(1_000_000), date(2025, 5, 1))
    p.disbursements.append((date(2025, 6, 1), Decimal(1_000_000)))
    return p


def test_the_discount_lies_within_zero_and_twenty_percent() -> None:
    p = project()
    assert check_discount(POLICY, p, Decimal(0)) is None  # no discount at all
    assert check_discount(POLICY, p, Decimal("0.20")) is None
    above = check_discount(POLICY, p, Decimal("0.21"))
    assert above is not None and above.rule == "conversion"
    assert above.message == (
        "项目 P1 转股折扣 0.21 超过政策上限 0.20 / project P1: discount 0.21 above the policy "
        "maximum 0.20"
    )
    assert check_discount(POLICY, p, Decimal("-0.01")) is not None


def test_the_deadline_warning_names_the_fallback() -> None:
    # 36 months after the first disbursement (2025-06-01): 2028-06-01; the policy's fallback.
    p = project()
    found = deadline_passed(POLICY, p, date(2028, 6, 2))
    assert found.message == (
        "项目 P1 未在转股截止日 2028-06-01 前转换,按约定应转债或核销(debt)/ project P1 not "
        "converted by its deadline 2028-06-01 (as of 2028-06-02); fallback: debt"
    )
    # The fallback agreed at approval wins over the policy's.
    p.fallback = "write-off"
    agreed = deadline_passed(POLICY, p, date(2028, 6, 2))
    assert agreed.message.endswith("fallback: write-off") and "(write-off)" in agreed.message


def test_convert_once_after_a_disbursement() -> None:
    p = project()  # 1,000,000 disbursed on 2025-06-01
    p.pre_balance = Decimal(1_000_000)
    assert check_convert(p, date(2025, 6, 1)) is None  # the day of the disbursement
    assert check_convert(p, date(2025, 5, 31)) == Violation(
        "conversion", "项目 P1 转换日早于首次拨付 / converted before disbursing"
    )
    p.pre_balance = Decimal(1)
    assert check_convert(p, date(2025, 7, 1)) is None
    p.pre_balance = Decimal(0)
    assert check_convert(p, date(2025, 7, 1)) == Violation(
        "conversion", "项目 P1 尚无待转股资金 / project P1 has no disbursed funds to convert"
    )
    p.pre_balance, p.written_off_on = Decimal(1_000_000), date(2025, 7, 1)
    assert check_convert(p, date(2025, 7, 2)) == Violation(
        "conversion", "项目 P1 已核销 / project P1 is written off"
    )


def test_a_conversion_after_its_deadline_needs_an_override() -> None:
    p = project()  # deadline 2028-06-01
    assert check_deadline(POLICY, p, date(2028, 6, 1), None) is None
    assert check_deadline(POLICY, p, date(2028, 6, 2), "京财〔2028〕9号") is None
    assert check_deadline(POLICY, p, date(2028, 6, 2), None) == Violation(
        "conversion-deadline",
        "项目 P1 转股截止日 2028-06-01 已过(2028-06-02),须有特批(override:理由、批准文号)/ "
        "project P1: converted on 2028-06-02, after its deadline 2028-06-01; an approved "
        "override (reason, doc_no) is required",
    )


def test_the_state_stake_needs_the_total_units() -> None:
    p = project()
    missing = Violation(
        "stake-cap",
        "项目 P1 转股须给出轮后总股数 total_units(不少于转股股数 100)/ project P1: "
        "the company's total units after the round (total_units, at least 100) are required",
    )
    assert check_stake(POLICY, p, Decimal(100), None, None) == missing
    assert check_stake(POLICY, p, Decimal(100), Decimal(0), None) == missing
    no_units = check_stake(POLICY, p, Decimal(0), Decimal(0), None)
    assert no_units is not None and "total_units, at least 0" in no_units.message
    assert check_stake(POLICY, p, Decimal(100), Decimal(99), "D1") == missing
    # All the units (100%, above the 25% cap) with an override; a fifth of one unit: 20%.
    assert check_stake(POLICY, p, Decimal(100), Decimal(100), "D1") is None
    assert check_stake(POLICY, p, Decimal("0.2"), Decimal(1), None) is None


def test_a_conversion_takes_all_the_funds() -> None:
    p = project()
    p.pre_balance = Decimal(1_000_000)
    on, cost = date(2026, 1, 10), Decimal(1_000_000)
    # Into debt: principal and cost both the 1,000,000 unconverted.
    assert check_convert_amounts(p, cost, cost, Decimal(0), date(2026, 1, 11), on) is None
    principal = Violation(
        "conversion",
        "项目 P1 转债本金 999999 须等于待转股资金 1000000 / principal must equal the funds "
        "disbursed and unconverted (1000000)",
        field="principal",
    )
    assert check_convert_amounts(p, cost, Decimal(999_999), Decimal(0), None, on) == principal
    short = check_convert_amounts(p, Decimal(999_999), cost, Decimal(0), None, on)
    assert short is not None and short.field == "principal"
    assert check_convert_amounts(p, cost, cost, Decimal(0), on, on) == Violation(
        "conversion",
        "项目 P1 到期日须晚于转债日 maturity must follow the conversion",
        field="maturity",
    )
    # Into equity: positive units (one is enough), at the whole cost.
    assert check_convert_amounts(p, cost, None, Decimal(1), None, on) is None
    assert check_convert_amounts(p, cost, None, Decimal(0), None, on) == Violation(
        "conversion", "项目 P1 转股股数须为正 units must be positive", field="units"
    )
    assert check_convert_amounts(p, Decimal(999_999), None, Decimal(1), None, on) == Violation(
        "conversion",
        "项目 P1 转股成本 999999 须等于待转股资金 1000000 / the conversion must take all the "
        "funds disbursed and unconverted (1000000)",
        field="units",
    )


def test_disbursed_from_the_day_of_approval() -> None:
    p = Project("P1", "ACME", Decimal(1_000_000), date(2025, 5, 1))
    cash = Decimal(3_000_000)
    assert check_disbursement(p, Decimal(1_000_000), date(2025, 5, 1), cash) is None
    assert check_disbursement(p, Decimal(1), date(2025, 4, 30), cash) == Violation(
        "conversion", "项目 P1 拨付日 2025-04-30 早于立项日 2025-05-01 / disbursed before approval"
    )

"""Rules ``conversion`` and ``conversion-deadline``: the discount's bounds (0–20%, policy
``[conversion] discount_max``) and the deadline warning naming the fallback."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from jcg_ledger.policy import default_policy
from jcg_ledger.rules.conversion import check_discount, deadline_passed
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

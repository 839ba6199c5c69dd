"""Rule ``entitlement`` (and ``basis``) — every formula of the policy by hand, and each
refusal of a missing or wrong basis whole (field, rule, words)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from jcg_ledger.policy import default_policy
from jcg_ledger.rules.award import AwardFact, Refused
from jcg_ledger.rules.entitlement import above_entitlement, entitlement, raw_entitlement
from jcg_ledger.state.base import Violation
from jcg_ledger.state.core import PersonRecord

POLICY = default_policy()
D = Decimal
DOCTOR = PersonRecord("P-0001", "JC-A", "doctorate", "fulltime", date(2025, 1, 1), 3, 6)


def computed(measure: str, person: PersonRecord | None = None, **kw: object) -> Decimal | Refused:
    fact = AwardFact("e1", date(2025, 6, 1), "JC-A", measure, "对象", **kw)  # type: ignore[arg-type]
    return entitlement(POLICY, POLICY.subsidy(measure), person, fact)


def basis(measure: str, field: str, message: str) -> Refused:
    return Refused(field, Violation("basis", message))


def test_each_formula_by_hand() -> None:
    assert computed("platform-municipal") == D("100000.00")  # fixed
    # 20% of a 1,234,567.89 provincial subsidy = 246,913.578 → 246,913.58.
    assert computed("rdi-performance", base=D("1234567.89")) == D("246913.58")
    # Technology transactions 20%, technology contributed as equity 10%, of 2,000,000.
    assert computed("tech-transaction", base_kind="transaction", base=D(2_000_000)) == D(400_000)
    assert computed("tech-transaction", base_kind="equity", base=D(2_000_000)) == D(200_000)
    # First unit: 10% of 80,000,000 = 8,000,000, capped by the provincial standard.
    assert computed("first-unit", base=D(80_000_000), other_cap=D(9_000_000)) == D(8_000_000)
    assert computed("first-unit", base=D(80_000_000), other_cap=D(7_500_000)) == D(7_500_000)
    assert computed("contest-shanxi", level="second") == D(30_000)  # by level
    # Flexible talent: 50% of the full-time doctorate's 150,000.
    assert computed("talent-flexible", DOCTOR) == D("75000.00")
    # Monthly without tiers: rent at most 2,000 a month × 12.
    assert computed("rent", DOCTOR, months=12) == D("24000.00")
    # Unrounded before the policy's rounding: 20% × 0.05 = 0.01, 20% × 0.03 = 0.006.
    rdi = POLICY.subsidy("rdi-performance")
    fact = AwardFact("e1", date(2025, 6, 1), "JC-A", "rdi-performance", "x", base=D("0.03"))
    assert raw_entitlement(POLICY, rdi, None, fact) == D("0.006")
    assert entitlement(POLICY, rdi, None, fact) == D("0.01")


def test_a_base_kind_or_level_not_in_the_policy() -> None:
    assert computed("tech-transaction", base_kind="licence", base=D(1)) == basis(
        "tech-transaction",
        "base_kind",
        "[tech-transaction 技术交易] 基数类型须为 transaction/equity / base_kind must be one of "
        "transaction, equity, not 'licence'",
    )
    assert computed("tech-transaction", base_kind="equity") == basis(
        "tech-transaction",
        "base",
        "[tech-transaction 技术交易] 缺少计算依据:技术入股作价 / missing basis: base",
    )
    assert computed("contest-shanxi", level="gold") == basis(
        "contest-shanxi",
        "level",
        "[contest-shanxi 中国创新创业大赛山西赛区获奖] 等级须为 first/second/third / level must be "
        "one of first, second, third, not 'gold'",
    )


def test_the_first_unit_needs_both_figures() -> None:
    label = "[first-unit 首台(套)重大技术装备及国产化替代创新产品预约采购]"
    assert computed("first-unit", other_cap=D(1)) == basis(
        "first-unit", "base", f"{label} 缺少计算依据:成交额 / missing basis: base"
    )
    assert computed("first-unit", base=D(1)) == basis(
        "first-unit", "other_cap", f"{label} 缺少计算依据:省补助标准 / missing basis: other_cap"
    )


def test_a_reference_needs_the_persons_tier() -> None:
    missing = computed("talent-flexible")
    assert isinstance(missing, Refused) and missing.field == "person"
    assert missing.violation.message.endswith("missing basis: the person (amount by tier)")


def test_above_the_entitlement_whole() -> None:
    assert above_entitlement(POLICY.subsidy("rdi-performance"), D("246913.58")) == Refused(
        "amount",
        Violation(
            "entitlement",
            "[rdi-performance 省新型研发机构绩效补助] 金额超过按政策计算的应得额 246913.58 元 / the "
            "amount exceeds the entitlement computed from the policy: 246913.58",
        ),
    )

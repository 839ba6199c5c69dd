"""One set of books with an award under every subsidy measure, amounts worked out by hand.

Built once per test module (each post loads the books twice); refusal tests post against it
and assert that nothing changed.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from tests.conftest import entity, funding

D = Decimal


def person(code: str, employer: str, tier: str, mode: str, **extra: Any) -> dict[str, Any]:
    return {
        "id": f"reg-{code}",
        "type": "person.register",
        "date": "2025-02-03",
        "person": code,
        "employer": employer,
        "tier": tier,
        "mode": mode,
        "start": "2025-02-01",
        "contract_years": 5 if mode == "fulltime" else 1,
        "social_insurance_months": 6 if mode == "fulltime" else 0,
        **extra,
    }


REGISTRY: list[dict[str, Any]] = [
    entity("JC-A", index=1, paid_in_capital="800000"),
    entity("JC-B", kind="institution", index=2),
    entity("JC-C", index=3),
    entity("JC-INC", kind="incubator", index=4),
    entity("JC-SP", kind="makerspace", index=5),
    entity("JC-TEAM", kind="team", index=6),
    entity("JC-GRAD", index=7),
    entity("JC-INV", kind="investor", index=8),
    entity("JC-LATE", index=9, admitted="2025-06-01"),
    person("P-0001", "JC-A", "doctorate", "fulltime"),
    person("P-0002", "JC-A", "master", "fulltime", contract_years=2),
    person("P-0003", "JC-A", "senior-title", "flexible"),
    person("P-0005", "JC-C", "bachelor", "fulltime"),
    {
        "id": "bud-sci",
        "type": "budget.appropriate",
        "date": "2025-01-15",
        "year": 2025,
        "department": "sci-tech",
        "amount": "3000万",
    },
    {
        "id": "bud-hr",
        "type": "budget.appropriate",
        "date": "2025-01-15",
        "year": 2025,
        "department": "hrss",
        "amount": "500万",
    },
    {
        "id": "bud-tech",
        "type": "budget.appropriate",
        "date": "2025-01-20",
        "year": 2025,
        "measure": "tech-transaction",
        "amount": "100万",
    },
]


def approve(
    event_id: str, on: str, entity_code: str, measure: str, subject: str, **basis: Any
) -> dict[str, Any]:
    return {
        "id": event_id,
        "type": "subsidy.approve",
        "date": on,
        "entity": entity_code,
        "measure": measure,
        "subject": subject,
        **basis,
    }


# (event, expected amount by hand). No amount is given unless the measure needs one.
AWARDS: list[tuple[dict[str, Any], Decimal]] = [
    # 50% × paid-in 800,000 = 400,000 (< 500,000 cap).
    (
        approve("sc-1", "2025-03-01", "JC-A", "startup-capital", "JC-A 注册资本", base="800000"),
        D("400000"),
    ),
    # fixed 1,000,000.
    (
        approve(
            "pn-1",
            "2025-03-01",
            "JC-B",
            "platform-national",
            "国家重点实验室-煤基",
            newly_approved=True,
        ),
        D("1000000"),
    ),
    # fixed 500,000 less 300,000 from another policy (就高不重复) = 200,000.
    (
        approve(
            "pp-1",
            "2025-03-01",
            "JC-B",
            "platform-provincial",
            "省技术创新中心-材料",
            newly_approved=True,
            other_policy_amount="300000",
        ),
        D("200000"),
    ),
    (
        approve(
            "pm-1",
            "2025-03-01",
            "JC-B",
            "platform-municipal",
            "市技术创新中心-装备",
            newly_approved=True,
        ),
        D("100000"),
    ),
    # provincial first (500,000), then national for the same platform: 1,000,000 − 500,000.
    (
        approve(
            "pp-2",
            "2025-03-01",
            "JC-B",
            "platform-provincial",
            "省实验室-光电",
            newly_approved=True,
        ),
        D("500000"),
    ),
    (
        approve(
            "pn-2", "2026-03-01", "JC-B", "platform-national", "省实验室-光电", newly_approved=True
        ),
        D("500000"),
    ),
    (
        approve(
            "rp-1", "2025-03-01", "JC-B", "rdi-provincial", "省新型研发机构", newly_approved=True
        ),
        D("300000"),
    ),
    # 20% × 6,000,000 = 1,200,000 → cap 1,000,000 per provincial subsidy.
    (
        approve("rf-1", "2025-03-01", "JC-B", "rdi-performance", "省绩效补助-2025", base="6000000"),
        D("1000000"),
    ),
    (
        approve(
            "rm-1", "2025-03-01", "JC-B", "rdi-municipal", "市新型研发机构", newly_approved=True
        ),
        D("100000"),
    ),
    (
        approve(
            "in-1",
            "2025-03-01",
            "JC-INC",
            "incubator-national",
            "国家级孵化器",
            newly_approved=True,
        ),
        D("500000"),
    ),
    (
        approve(
            "ip-1",
            "2025-03-01",
            "JC-INC",
            "incubator-provincial",
            "省级孵化器",
            newly_approved=True,
        ),
        D("200000"),
    ),
    # 50% × provincial assessment 300,000 = 150,000.
    (
        approve(
            "ie-1",
            "2025-03-01",
            "JC-INC",
            "incubator-existing",
            "孵化器省考核-2025",
            newly_approved=False,
            base="300000",
        ),
        D("150000"),
    ),
    (
        approve(
            "mn-1",
            "2025-03-01",
            "JC-SP",
            "makerspace-national",
            "国家级众创空间",
            newly_approved=True,
        ),
        D("150000"),
    ),
    (
        approve(
            "mp-1",
            "2025-03-01",
            "JC-SP",
            "makerspace-provincial",
            "省级众创空间",
            newly_approved=True,
        ),
        D("100000"),
    ),
    # 50% × 100,000 = 50,000.
    (
        approve(
            "me-1",
            "2025-03-01",
            "JC-SP",
            "makerspace-existing",
            "众创空间省考核-2025",
            newly_approved=False,
            base="100000",
        ),
        D("50000"),
    ),
    # 20% × 3,000,000 = 600,000 → cap 500,000 per entity per year.
    (
        approve(
            "tt-1",
            "2025-03-01",
            "JC-C",
            "tech-transaction",
            "技术转让合同-1",
            base_kind="transaction",
            base="3000000",
        ),
        D("500000"),
    ),
    # 20% × 2,000,000 = 400,000 (another entity).
    (
        approve(
            "tt-2",
            "2025-03-01",
            "JC-A",
            "tech-transaction",
            "委托开发合同-1",
            base_kind="transaction",
            base="2000000",
        ),
        D("400000"),
    ),
    # 2026, technology as equity: 10% × 1,000,000 = 100,000.
    (
        approve(
            "tt-3",
            "2026-03-01",
            "JC-A",
            "tech-transaction",
            "技术入股-1",
            base_kind="equity",
            base="1000000",
        ),
        D("100000"),
    ),
    # 1:1 of the provincial award 200,000.
    (
        approve("cn-1", "2025-03-01", "JC-C", "contest-national", "项目-氢能", base="200000"),
        D("200000"),
    ),
    # second prize 30,000.
    (
        approve("cs-1", "2025-03-01", "JC-A", "contest-shanxi", "项目-光子", level="second"),
        D("30000"),
    ),
    # 10% × 80,000,000 = 8,000,000 ≤ provincial standard 9,000,000.
    (
        approve(
            "fu-1",
            "2025-03-01",
            "JC-C",
            "first-unit",
            "首台套合同-1",
            base="80000000",
            other_cap="9000000",
        ),
        D("8000000"),
    ),
    # 10% × 50,000,000 = 5,000,000 → cut to 10,000,000 − 8,000,000 = 2,000,000 left.
    (
        approve(
            "fu-2",
            "2026-03-01",
            "JC-C",
            "first-unit",
            "首台套合同-2",
            base="50000000",
            other_cap="6000000",
        ),
        D("2000000"),
    ),
    # doctorate tier 150,000.
    (
        approve("tf-1", "2025-03-01", "JC-A", "talent-fulltime", "P-0001", person="P-0001"),
        D("150000"),
    ),
    # 50% × senior-title full-time 100,000 = 50,000.
    (
        approve("tx-1", "2025-03-01", "JC-A", "talent-flexible", "P-0003", person="P-0003"),
        D("50000"),
    ),
    # 20,000 × 6 months = 120,000.
    (
        approve(
            "tm-1",
            "2025-08-01",
            "JC-A",
            "talent-flexible-monthly",
            "P-0003 2025H1",
            person="P-0003",
            months=6,
        ),
        D("120000"),
    ),
    # 50% × 1,000,000 = 500,000.
    (
        approve(
            "tmt-1", "2025-03-01", "JC-TEAM", "team-match", "省级创新创业团队认定", base="1000000"
        ),
        D("500000"),
    ),
    # range 300,000 – 500,000: the amount is decided, 400,000.
    (
        approve("tp-1", "2025-03-01", "JC-A", "talent-project", "人才项目-1", amount="400000"),
        D("400000"),
    ),
    # startup subsidy 10,000, then key support: 500,000 − 10,000 = 490,000.
    (
        approve(
            "gs-1", "2025-03-01", "JC-GRAD", "graduate-startup", "JC-GRAD 创业", level="subsidy"
        ),
        D("10000"),
    ),
    (
        approve("gs-2", "2026-03-01", "JC-GRAD", "graduate-startup", "JC-GRAD 创业", level="key"),
        D("490000"),
    ),
    # interest 12,000 on 400,000; covered principal 300,000: 12,000 × 300,000 / 400,000 = 9,000.
    (
        approve(
            "li-1",
            "2025-12-20",
            "JC-GRAD",
            "loan-interest",
            "贷款-GRAD-1",
            programme="graduate-startup",
            base="12000",
            principal="400000",
        ),
        D("9000"),
    ),
    # doctorate 5,000 × 12 = 60,000.
    (
        approve(
            "la-1", "2025-03-01", "JC-A", "living-allowance", "P-0001", person="P-0001", months=12
        ),
        D("60000"),
    ),
    # doctorate 150,000.
    (approve("hs-1", "2025-03-01", "JC-A", "housing", "P-0001", person="P-0001"), D("150000")),
    # 2,000 × 12 = 24,000.
    (
        approve("rt-1", "2025-03-01", "JC-C", "rent", "P-0005", person="P-0005", months=12),
        D("24000"),
    ),
]


def payments() -> list[dict[str, Any]]:
    """Pay every award in full; living-allowance only half, then claw it back in part."""
    out: list[dict[str, Any]] = []
    for event, _ in AWARDS:
        year = event["date"][:4]
        pay: dict[str, Any] = {
            "id": f"pay-{event['id']}",
            "type": "subsidy.pay",
            "date": f"{year}-12-28",
            "approval": event["id"],
        }
        if event["id"] == "la-1":
            pay["amount"] = "30000"
        out.append(pay)
    out += [
        # P-0001 leaves after half a year: 40,000 of the 60,000 back — 30,000 unpaid is
        # cancelled, 10,000 paid becomes a receivable.
        {
            "id": "cb-la-1",
            "type": "subsidy.clawback",
            "date": "2025-12-30",
            "approval": "la-1",
            "amount": "40000",
            "reason": "人才提前离职 person left early",
        },
        # JC-A leaves the park: the start-up capital (400,000, paid) is recovered in full.
        {
            "id": "cb-sc-1",
            "type": "subsidy.clawback",
            "date": "2025-12-31",
            "approval": "sc-1",
            "amount": "400000",
            "reason": "企业迁出园区 company left the park",
        },
    ]
    return out


def all_events() -> list[dict[str, Any]]:
    return [*funding(), *REGISTRY, *(e for e, _ in AWARDS), *payments()]

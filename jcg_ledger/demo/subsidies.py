"""Demo chapter: an award under every subsidy measure, its payment, a clawback and a refund.

Amounts are left to the policy file (no ``amount`` unless the measure is decided case by
case), so the demo also shows 就高不重复 top-ups (a platform recognised provincially, then
nationally) and a cap cutting a default (start-up capital, 50% of 2,000,000 → 500,000).
"""

from __future__ import annotations

import random
from typing import Any


def _approve(
    event_id: str, on: str, entity: str, measure: str, subject: str, **basis: Any
) -> dict[str, Any]:
    return {
        "id": event_id,
        "type": "subsidy.approve",
        "date": on,
        "entity": entity,
        "measure": measure,
        "subject": subject,
        **basis,
    }


NEW = {"newly_approved": True}
EXISTING = {"newly_approved": False}

APPROVALS: tuple[dict[str, Any], ...] = (
    _approve(
        "sub-sc-photon",
        "2025-03-10",
        "JC-PHOTON",
        "startup-capital",
        "光子芯片成果转化公司",
        base="2000000",
    ),
    _approve(
        "sub-pn-lab",
        "2025-03-12",
        "JC-LAB",
        "platform-national",
        "省部共建国家重点实验室-先进材料",
        **NEW,
    ),
    _approve(
        "sub-pp-coal",
        "2025-03-12",
        "JC-COALTECH",
        "platform-provincial",
        "省技术创新中心-煤基材料",
        other_policy_amount="200000",
        **NEW,
    ),
    _approve(
        "sub-pm-smart",
        "2025-03-12",
        "JC-SMARTMFG",
        "platform-municipal",
        "市级技术创新中心-智能装备",
        **NEW,
    ),
    _approve(
        "sub-rp-coal",
        "2025-04-01",
        "JC-COALTECH",
        "rdi-provincial",
        "省新型研发机构-煤基研究院",
        **NEW,
    ),
    _approve(
        "sub-rf-coal",
        "2025-09-01",
        "JC-COALTECH",
        "rdi-performance",
        "省绩效补助-2025",
        base="2500000",
    ),
    _approve(
        "sub-rm-lab", "2025-04-01", "JC-LAB", "rdi-municipal", "市级新型研发机构-先进材料", **NEW
    ),
    _approve(
        "sub-ip-incub",
        "2025-04-15",
        "JC-INCUB",
        "incubator-provincial",
        "晋创谷科技企业孵化器",
        **NEW,
    ),
    _approve(
        "sub-in-incub",
        "2026-04-15",
        "JC-INCUB",
        "incubator-national",
        "晋创谷科技企业孵化器",
        **NEW,
    ),
    _approve(
        "sub-ie-incub",
        "2025-10-15",
        "JC-INCUB",
        "incubator-existing",
        "孵化器省考核-2025",
        base="400000",
        **EXISTING,
    ),
    _approve(
        "sub-mp-space", "2025-04-15", "JC-SPACE", "makerspace-provincial", "晋创谷众创空间", **NEW
    ),
    _approve(
        "sub-mn-space", "2026-04-15", "JC-SPACE", "makerspace-national", "晋创谷众创空间", **NEW
    ),
    _approve(
        "sub-me-space",
        "2025-10-15",
        "JC-SPACE",
        "makerspace-existing",
        "众创空间省考核-2025",
        base="160000",
        **EXISTING,
    ),
    _approve(
        "sub-tt-hydro",
        "2025-06-01",
        "JC-HYDRO",
        "tech-transaction",
        "技术转让-氢能电解槽",
        base_kind="transaction",
        base="1500000",
    ),
    _approve(
        "sub-tt-magnet",
        "2025-06-01",
        "JC-MAGNET",
        "tech-transaction",
        "技术入股-稀土永磁",
        base_kind="equity",
        base="2000000",
    ),
    _approve(
        "sub-cn-biomed",
        "2025-07-01",
        "JC-BIOMED",
        "contest-national",
        "项目-靶向药物递送",
        base="300000",
    ),
    _approve(
        "sub-cs-hydro", "2025-07-01", "JC-HYDRO", "contest-shanxi", "项目-氢能储运", level="first"
    ),
    _approve(
        "sub-fu-smart",
        "2025-08-01",
        "JC-SMARTMFG",
        "first-unit",
        "预约采购-智能掘进装备",
        base="30000000",
        other_cap="2500000",
    ),
    _approve("sub-tf-p1", "2025-08-15", "JC-PHOTON", "talent-fulltime", "P-0001", person="P-0001"),
    _approve("sub-tf-p4", "2025-08-15", "JC-BIOMED", "talent-fulltime", "P-0004", person="P-0004"),
    _approve(
        "sub-tx-p5", "2025-08-15", "JC-SMARTMFG", "talent-flexible", "P-0005", person="P-0005"
    ),
    _approve(
        "sub-tm-p5",
        "2025-08-15",
        "JC-SMARTMFG",
        "talent-flexible-monthly",
        "P-0005 2025年2-7月",
        person="P-0005",
        months=6,
    ),
    _approve(
        "sub-team-a",
        "2025-05-20",
        "JC-TEAM-A",
        "team-match",
        "省级创新创业团队认定-光电",
        base="600000",
    ),
    _approve(
        "sub-tp-photon",
        "2025-05-20",
        "JC-PHOTON",
        "talent-project",
        "博士创新创业项目-光子芯片",
        amount="450000",
    ),
    _approve(
        "sub-gs-grad",
        "2025-05-20",
        "JC-GRAD",
        "graduate-startup",
        "晋城青年创客科技有限公司",
        level="funding",
    ),
    _approve(
        "sub-li-grad",
        "2025-12-01",
        "JC-GRAD",
        "loan-interest",
        "创业贷款-青年创客-2025",
        programme="graduate-startup",
        base="9000",
        principal="300000",
    ),
    _approve(
        "sub-la-p1",
        "2025-08-15",
        "JC-PHOTON",
        "living-allowance",
        "P-0001",
        person="P-0001",
        months=12,
    ),
    _approve(
        "sub-la-p2",
        "2025-08-15",
        "JC-HYDRO",
        "living-allowance",
        "P-0002",
        person="P-0002",
        months=12,
    ),
    _approve("sub-hs-p3", "2025-08-15", "JC-MAGNET", "housing", "P-0003", person="P-0003"),
    _approve("sub-rt-p6", "2025-08-15", "JC-PHOTON", "rent", "P-0006", person="P-0006", months=12),
)

# Awards paid in two instalments: the first one half (written by hand), the rest — the
# default amount, what is outstanding — the next spring. The others are paid in full at once.
FIRST_HALF: dict[str, str] = {
    "sub-fu-smart": "1250000",  # half of min(10% × 30,000,000, 2,500,000) = 2,500,000
    "sub-la-p1": "30000",  # half of 5,000 × 12
    "sub-la-p2": "18000",  # half of 3,000 × 12
    "sub-tp-photon": "225000",  # half of 450,000
}


def events(rng: random.Random) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = list(APPROVALS)
    for approval in APPROVALS:
        code = approval["id"]
        pay: dict[str, Any] = {
            "id": f"pay-{code}",
            "type": "subsidy.pay",
            "date": f"{approval['date'][:4]}-12-15",
            "approval": code,
        }
        if code in FIRST_HALF:
            pay["amount"] = FIRST_HALF[code]
        out.append(pay)
    for code in ("sub-fu-smart", "sub-tp-photon", "sub-la-p1"):
        out.append(
            {"id": f"pay2-{code}", "type": "subsidy.pay", "date": "2026-03-10", "approval": code}
        )
    # P-0002 left JC-HYDRO after half a year: 3,000 × 7 months not worked = 21,000 comes back —
    # the unpaid 18,000 is cancelled and 3,000 of what was paid is to be repaid.
    out.append(
        {
            "id": "claw-sub-la-p2",
            "type": "subsidy.clawback",
            "date": "2026-02-20",
            "approval": "sub-la-p2",
            "amount": "21000",
            "reason": "人才提前离职 person left before the contract term",
        }
    )
    # JC-HYDRO pays the 3,000 back: paid in 2025, refunded in 2026 → 财政拨款结转 (8101).
    out.append(
        {"id": "refund-sub-la-p2", "type": "subsidy.refund", "date": "2026-04-15",
         "approval": "sub-la-p2"}
    )  # fmt: skip
    return out

"""Demo chapter: the park's entities and persons, and the city's budgets."""

from __future__ import annotations

import random
from typing import Any

from jcg_ledger.identifiers import USCC_ALPHABET, uscc_check_symbol

# Entities of the demo: code, name, kind. Every subsidy, project and fund chapter uses these.
ENTITIES: tuple[tuple[str, str, str], ...] = (
    ("JC-PHOTON", "晋城光子科技有限公司", "company"),
    ("JC-HYDRO", "晋城氢能装备有限公司", "company"),
    ("JC-MAGNET", "晋城磁材新材料有限公司", "company"),
    ("JC-BIOMED", "晋城生物医药科技有限公司", "company"),
    ("JC-SMARTMFG", "晋城智能制造有限公司", "company"),
    ("JC-COALTECH", "晋城煤基新材料研究院", "institution"),
    ("JC-LAB", "晋城先进材料实验室", "institution"),
    ("JC-INCUB", "晋创谷科技企业孵化器", "incubator"),
    ("JC-SPACE", "晋创谷众创空间", "makerspace"),
    ("JC-TEAM-A", "光电创新创业团队", "team"),
    ("JC-GRAD", "晋城青年创客科技有限公司", "company"),
    ("GOV-JCIG", "晋城市国有资本投资运营有限公司", "investor"),
    ("SOC-TAIHANG", "太行创业投资有限公司", "investor"),
    ("SOC-FENHE", "汾河资本管理有限公司", "investor"),
    ("BANK-JC", "晋城银行", "bank"),
    # Investees of the 科技创新专项基金 (fund chapter), after the others so USCCs stay put.
    ("JC-QUANTUM", "晋城量子信息科技有限公司", "company"),
    ("JC-SENSOR", "晋城智能传感器有限公司", "company"),
    ("JC-ROBOT", "晋城矿山机器人有限公司", "company"),
    ("JC-CHIP", "晋城功率芯片有限公司", "company"),
    ("JC-BATTERY", "晋城固态电池科技有限公司", "company"),
    ("JC-DRONE", "晋城无人机系统有限公司", "company"),
    ("JC-ALLOY", "晋城高温合金有限公司", "company"),
)


def uscc_for(index: int) -> str:
    """A checksum-valid USCC in 晋城市 (140500) for demo entity number ``index``."""
    body = f"91140500MA0{index:06d}"
    body = "".join(c if c in USCC_ALPHABET else "0" for c in body)[:17]
    return body + uscc_check_symbol(body)


def events(rng: random.Random) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for index, (code, name, kind) in enumerate(ENTITIES, start=1):
        out.append(
            {
                "id": f"reg-{code}",
                "type": "entity.register",
                "date": "2025-01-06",
                "entity": code,
                "name": name,
                "kind": kind,
                "uscc": uscc_for(index),
                "admitted": "2025-01-06",
                "paid_in_capital": "200万" if kind == "company" else None,
            }
        )
    persons = [
        ("P-0001", "JC-PHOTON", "doctorate", "fulltime"),
        ("P-0002", "JC-HYDRO", "master", "fulltime"),
        ("P-0003", "JC-MAGNET", "bachelor", "fulltime"),
        ("P-0004", "JC-BIOMED", "high-level", "fulltime"),
        ("P-0005", "JC-SMARTMFG", "senior-title", "flexible"),
        ("P-0006", "JC-PHOTON", "doctorate", "fulltime"),
    ]
    for code, employer, tier, mode in persons:
        out.append(
            {
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
            }
        )
    return [{k: v for k, v in e.items() if v is not None} for e in out]


# Appropriation lines (year, measure): what the city spends from beyond the departments'
# lines. Every outflow is charged to its measure's line when there is one, else to its lead
# department's (rules/appropriation_line.py): the 先投后股 entrustments (2000万 + 1000万 in 2025),
# the government's fund contributions (800万, 600万, 400万) and the fund rewards.
MEASURE_LINES: tuple[tuple[int, str, str], ...] = (
    (2025, "tech-transaction", "200万"),
    (2025, "conversion-project", "3500万"),
    (2025, "vc-fund", "800万"),
    (2025, "fund-reward", "100万"),
    (2026, "tech-transaction", "200万"),
    (2026, "vc-fund", "600万"),
    (2026, "fund-reward", "100万"),
    (2027, "vc-fund", "400万"),
)


def budgets(rng: random.Random) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for year in (2025, 2026):
        out.append(
            {
                "id": f"bud-{year}-sci",
                "type": "budget.appropriate",
                "date": f"{year}-01-15",
                "year": year,
                "department": "sci-tech",
                "amount": "3000万",
            }
        )
        out.append(
            {
                "id": f"bud-{year}-hr",
                "type": "budget.appropriate",
                "date": f"{year}-01-15",
                "year": year,
                "department": "hrss",
                "amount": "800万",
            }
        )
    for year, measure, amount in MEASURE_LINES:
        short = {"tech-transaction": "tech"}.get(measure, measure)
        out.append(
            {
                "id": f"bud-{year}-{short}",
                "type": "budget.appropriate",
                "date": f"{year}-01-20",
                "year": year,
                "measure": measure,
                "amount": amount,
            }
        )
    out.append(
        {
            "id": "fund-2025-01",
            "type": "project.fund",
            "date": "2025-03-01",
            "amount": "2000万",
            "memo": "首批先投后股委托资金",
        }
    )
    return out

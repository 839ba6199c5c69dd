"""The hand-computed fund scenario shared by the fund tests (events only, no assertions)."""

from __future__ import annotations

from typing import Any

from tests.conftest import entity, funding

GOV, TAI, FEN = "GOV-JCIG", "SOC-TAIHANG", "SOC-FENHE"
SEEDS = ("SEED-A", "SEED-B", "SEED-C", "SEED-D")


def registry() -> list[dict[str, Any]]:
    out = [
        entity(GOV, kind="investor", index=1),
        entity(TAI, kind="investor", index=2),
        entity(FEN, kind="investor", index=3),
    ]
    out += [entity(code, index=10 + i) for i, code in enumerate(SEEDS)]
    return [*funding(), *out]


def capital() -> list[dict[str, Any]]:
    """Commitments 20,000,000 government + 18,000,000 + 12,000,000 social; a 40% call, paid."""
    out: list[dict[str, Any]] = [
        {
            "id": "c-gov",
            "type": "fund.commit",
            "date": "2025-02-01",
            "investor": GOV,
            "amount": "2000万",
            "class": "government",
        },
        {
            "id": "c-tai",
            "type": "fund.commit",
            "date": "2025-02-01",
            "investor": TAI,
            "amount": "1800万",
            "class": "social",
        },
        {
            "id": "c-fen",
            "type": "fund.commit",
            "date": "2025-02-01",
            "investor": FEN,
            "amount": "1200万",
            "class": "social",
        },
        {
            "id": "call-1",
            "type": "fund.call",
            "date": "2025-03-01",
            "call": "C1",
            "percent": 40,
            "due": "2025-03-31",
        },
    ]
    for investor, amount in ((GOV, "800万"), (TAI, "720万"), (FEN, "480万")):
        out.append(
            {
                "id": f"pay-{investor}",
                "type": "fund.contribute",
                "date": "2025-03-20",
                "investor": investor,
                "call": "C1",
                "amount": amount,
            }
        )
    return out


def portfolio() -> list[dict[str, Any]]:
    """Four seed investments of 3,000,000 (1,000,000 units each)."""
    return [
        {
            "id": f"inv-{code}",
            "type": "fund.invest",
            "date": "2025-04-01",
            "entity": code,
            "amount": "300万",
            "units": 1000000,
            "stage": "seed",
        }
        for code in SEEDS
    ]


def rewards() -> list[dict[str, Any]]:
    return [
        {
            "id": "rw-tai-a",
            "type": "fund.reward",
            "date": "2025-06-01",
            "investor": TAI,
            "entity": "SEED-A",
        },
        {
            "id": "rw-fen-a",
            "type": "fund.reward",
            "date": "2025-06-01",
            "investor": FEN,
            "entity": "SEED-A",
        },
    ]


def outcomes() -> list[dict[str, Any]]:
    """SEED-D written off, SEED-A exited for 9,000,000, 10,000,000 distributed."""
    return [
        {
            "id": "wo-d",
            "type": "fund.writeoff",
            "date": "2026-06-30",
            "entity": "SEED-D",
            "reason": "经营失败,破产清算",
        },
        {
            "id": "exit-a",
            "type": "fund.exit",
            "date": "2027-03-31",
            "entity": "SEED-A",
            "units": 1000000,
            "amount": "900万",
        },
        {"id": "dist-1", "type": "fund.distribute", "date": "2027-04-30", "amount": "1000万"},
    ]

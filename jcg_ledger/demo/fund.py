"""Demo chapter: the 科技创新专项基金 from 2025 to 2028.

Commitments of 50,000,000 (government GOV-JCIG 20,000,000; social SOC-TAIHANG 18,000,000 and
SOC-FENHE 12,000,000), three yearly calls (40%, 30%, 20%), a dozen investments in seed, early
and growth companies (one with a follow-on at a higher price), yearly fees, marks up and down,
a partial exit matched first-in first-out, two seed write-offs within the tolerance, rewards
to the social investors and a distribution. Seed loss (2,500,000 written off + 700,000 marked
down) / 9,500,000 = 33.7% ≤ 80%; the whole fund's realised net loss is nil (the 5,000,000
gain on JC-HYDRO exceeds the 2,500,000 written off) ≤ 60%.

After the events, `jcg close` closes the year ends 2025–2027 (`CLOSES`): each year's profit
and loss is allocated to the partners pro rata to paid-in capital, and the city's stake
follows its 40% share (equity method). The figures are worked by hand in docs/fund.md.
"""

from __future__ import annotations

import random
from typing import Any

GOV, TAI, FEN = "GOV-JCIG", "SOC-TAIHANG", "SOC-FENHE"
COMMITMENTS = ((GOV, "2000万", "government"), (TAI, "1800万", "social"), (FEN, "1200万", "social"))

# (date, investee, amount, units, stage)
INVESTMENTS: tuple[tuple[str, str, str, int, str], ...] = (
    ("2025-04-15", "JC-PHOTON", "200万", 1_000_000, "seed"),
    ("2025-04-15", "JC-QUANTUM", "200万", 800_000, "seed"),
    ("2025-05-10", "JC-SENSOR", "150万", 1_000_000, "seed"),
    ("2025-05-10", "JC-GRAD", "100万", 500_000, "seed"),
    ("2025-06-01", "JC-DRONE", "150万", 600_000, "seed"),
    ("2025-06-20", "JC-HYDRO", "300万", 1_000_000, "early"),
    ("2025-06-20", "JC-MAGNET", "300万", 1_500_000, "early"),
    ("2026-04-10", "JC-BIOMED", "350万", 700_000, "early"),
    ("2026-04-10", "JC-ROBOT", "300万", 1_000_000, "early"),
    ("2026-05-15", "JC-ALLOY", "500万", 1_000_000, "growth"),
    ("2026-05-15", "JC-CHIP", "400万", 2_000_000, "growth"),
    ("2026-06-30", "JC-BATTERY", "150万", 750_000, "seed"),
    # Follow-on in JC-HYDRO at 5.00 a unit (the first lot cost 3.00).
    ("2027-04-15", "JC-HYDRO", "300万", 600_000, "early"),
)

# (date, investee, price per unit)
MARKS: tuple[tuple[str, str, str], ...] = (
    ("2026-12-31", "JC-PHOTON", "3.20"),
    ("2026-12-31", "JC-ROBOT", "2.00"),
    ("2027-12-31", "JC-PHOTON", "4.00"),
    ("2027-12-31", "JC-SENSOR", "0.80"),
    ("2027-12-31", "JC-ALLOY", "6.50"),
    ("2027-12-31", "JC-CHIP", "2.40"),
)

REWARDS: tuple[tuple[str, str, str], ...] = (
    ("2025-07-15", TAI, "JC-PHOTON"),
    ("2025-07-15", FEN, "JC-PHOTON"),
    ("2025-07-15", TAI, "JC-HYDRO"),
    ("2025-07-15", FEN, "JC-MAGNET"),
    ("2026-07-15", TAI, "JC-ALLOY"),
    ("2026-07-15", FEN, "JC-ALLOY"),
    ("2026-07-15", TAI, "JC-CHIP"),
)


# Year ends closed after the story, each the day after (the story lies ahead of the clock).
# 2028 stays open: its result (−2,000,000) awaits the 2028 close, so the capital accounts show
# it as not yet allocated (and the platform's projects are not judged as of 2028-12-31).
CLOSES: tuple[str, ...] = ("2025-12", "2026-12", "2027-12")


def _capital() -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = [
        {"id": f"fund-commit-{investor}", "type": "fund.commit", "date": "2025-02-10",
         "investor": investor, "amount": amount, "class": investor_class}
        for investor, amount, investor_class in COMMITMENTS
    ]  # fmt: skip
    # Each call asks a percentage of every commitment; each investor pays it in full.
    for year, percent, paid in (
        (2025, 40, ("800万", "720万", "480万")),
        (2026, 30, ("600万", "540万", "360万")),
        (2027, 20, ("400万", "360万", "240万")),
    ):
        call = f"C{year}"
        out.append(
            {"id": f"fund-call-{year}", "type": "fund.call", "date": f"{year}-03-01",
             "call": call, "percent": percent, "due": f"{year}-03-31"}
        )  # fmt: skip
        for (investor, _, _), amount in zip(COMMITMENTS, paid, strict=True):
            out.append(
                {"id": f"fund-pay-{year}-{investor}", "type": "fund.contribute",
                 "date": f"{year}-03-25", "investor": investor, "call": call, "amount": amount}
            )  # fmt: skip
    return out


def events(rng: random.Random) -> list[dict[str, Any]]:
    # The story is fixed (figures quoted in docs/fund.md); the seed is not needed.
    del rng
    out = _capital()
    for on, entity, amount, units, stage in INVESTMENTS:
        out.append(
            {"id": f"fund-inv-{entity}-{on[:4]}", "type": "fund.invest", "date": on,
             "entity": entity, "amount": amount, "units": units, "stage": stage}
        )  # fmt: skip
    for year in (2025, 2026, 2027, 2028):
        out.append(
            {"id": f"fund-fee-{year}", "type": "fund.fee", "date": f"{year}-12-20",
             "amount": "50万", "period": str(year)}
        )  # fmt: skip
    for on, entity, price in MARKS:
        out.append(
            {"id": f"fund-mark-{entity}-{on[:4]}", "type": "fund.mark", "date": on,
             "entity": entity, "price": price}
        )  # fmt: skip
    for on, investor, entity in REWARDS:
        out.append(
            {"id": f"fund-reward-{investor}-{entity}", "type": "fund.reward", "date": on,
             "investor": investor, "entity": entity}
        )  # fmt: skip
    out += [
        {"id": "fund-wo-JC-GRAD", "type": "fund.writeoff", "date": "2027-06-30",
         "entity": "JC-GRAD", "reason": "经营不善停止运营 ceased trading"},
        # FIFO: 1,000,000 units at 3.00 then 200,000 at 5.00 = 4,000,000 cost; gain 5,000,000.
        {"id": "fund-exit-JC-HYDRO", "type": "fund.exit", "date": "2027-09-30",
         "entity": "JC-HYDRO", "units": 1_200_000, "amount": "900万"},
        {"id": "fund-wo-JC-DRONE", "type": "fund.writeoff", "date": "2028-03-31",
         "entity": "JC-DRONE", "reason": "技术路线失败,清算 failed technology, liquidated"},
        # Pro rata to paid-in 18,000,000 : 16,200,000 : 10,800,000.
        {"id": "fund-dist-2028", "type": "fund.distribute", "date": "2028-06-30",
         "amount": "1200万"},
    ]  # fmt: skip
    # Posted in date order, as finance staff would (a stable sort keeps same-day order).
    return sorted(out, key=lambda event: str(event["date"]))

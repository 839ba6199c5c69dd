"""Demo chapter: 先投后股 projects in every state.

| project | investee | story |
|---|---|---|
| P-PHOTON | JC-PHOTON | two disbursements, converted to equity at a discount (day-one fair-value difference), 3 buyback tranches: on time, late with agreed late interest, overdue (a receivable after `jcg close 2026-10`, collected in December with late interest) |
| P-COALTECH | JC-COALTECH | converted to equity, marked; fixed-price and fair-value-floor tranches settled on their due dates (2027, 2028) |
| P-BIOMED | JC-BIOMED | converted to equity, marked, exited by IPO at the mark |
| P-MAGNET | JC-MAGNET | converted to debt (equal principal, semiannual), interest accrued, half repaid; `jcg close 2026-10` accrues to 2026-10-31; the rest repaid at maturity |
| P-HYDRO | JC-HYDRO | approved and partly disbursed, awaiting a round |
| P-SMARTMFG | JC-SMARTMFG | disbursed and written off under the tolerance rule |

Every settlement receives the price due to the cent (hand-computed in the comments), or declares
the excess as late interest; every change in value posts in the platform and the city book
(docs/accounting.md). The events after the close (`after_close`) are posted once `jcg demo`
has closed the books through 2026-10; by the demo's today nothing is overdue, so the books
pass bean-check and `jcg check` without a warning.
"""

from __future__ import annotations

import random
from typing import Any

OBLIGOR = "JC-TEAM-A"


def _ev(id_: str, type_: str, on: str, **fields: Any) -> dict[str, Any]:
    return {"id": id_, "type": type_, "date": on, **fields}


def events(rng: random.Random) -> list[dict[str, Any]]:
    return [
        _ev("fund-2025-02", "project.fund", "2025-03-20", amount="1000万", memo="第二批委托资金"),
        # P-PHOTON: 6,000,000 approved, disbursed 3,000,000 + 3,000,000.
        _ev(
            "pj-photon-ok",
            "project.approve",
            "2025-04-01",
            project="P-PHOTON",
            entity="JC-PHOTON",
            amount="600万",
        ),
        _ev("pj-photon-d1", "project.disburse", "2025-04-15", project="P-PHOTON", amount="300万"),
        _ev("pj-photon-d2", "project.disburse", "2025-07-01", project="P-PHOTON", amount="300万"),
        # Round price 25.00 less 20% = 20.00 a unit: 6,000,000 / 20 = 300,000 units, 20% of the
        # 1,500,000 after the round. Day one: 300,000 × 25 − 6,000,000 = 1,500,000 of fair value.
        _ev(
            "pj-photon-cv",
            "project.convert",
            "2025-10-01",
            project="P-PHOTON",
            to="equity",
            round_price="25",
            discount="20%",
            total_units=1_500_000,
        ),
        _ev(
            "pj-photon-bb",
            "buyback.agree",
            "2025-10-01",
            project="P-PHOTON",
            obligor=OBLIGOR,
            tranches=[
                {"due": "2026-01-15", "fraction": "0.3", "method": "lpr-simple"},
                {"due": "2026-04-15", "fraction": "0.3", "method": "lpr-simple"},
                {"due": "2026-09-30", "fraction": "0.4", "method": "principal"},
            ],
        ),
        # T1: 1,800,000 × (1 + 3.10% × 275/365) = 1,842,041.10; paid on the due date.
        _ev(
            "pj-photon-s1",
            "buyback.settle",
            "2026-01-15",
            project="P-PHOTON",
            tranche=1,
            amount="1842041.10",
        ),
        # T2: 1,800,000 × (1 + 3.10% × 400/365) = 1,861,150.68; paid 35 days late with
        # 1,870,000: the 8,849.32 more is the late interest agreed.
        _ev(
            "pj-photon-s2",
            "buyback.settle",
            "2026-05-20",
            project="P-PHOTON",
            tranche=2,
            amount="1870000",
            late_interest="8849.32",
        ),
        _ev("pj-photon-mk", "equity.mark", "2026-06-30", project="P-PHOTON", price="24"),
        # T3 (2,400,000 at principal, due 2026-09-30) stays unpaid: overdue.
        # P-COALTECH: 3,000,000 into 150,000 units (20.00).
        _ev(
            "pj-coal-ok",
            "project.approve",
            "2025-06-01",
            project="P-COALTECH",
            entity="JC-COALTECH",
            amount="300万",
        ),
        _ev("pj-coal-d1", "project.disburse", "2025-06-10", project="P-COALTECH", amount="300万"),
        _ev(
            "pj-coal-cv",
            "project.convert",
            "2026-03-01",
            project="P-COALTECH",
            to="equity",
            units=150000,
            total_units=750_000,
        ),
        _ev(
            "pj-coal-bb",
            "buyback.agree",
            "2026-03-01",
            project="P-COALTECH",
            obligor=OBLIGOR,
            tranches=[
                {"due": "2027-03-01", "fraction": "0.5", "method": "fixed-price", "price": "160万"},
                {
                    "due": "2028-03-01",
                    "fraction": "0.5",
                    "method": "fair-value-floor",
                    "concession": "10%",
                },
            ],
        ),
        _ev("pj-coal-mk", "equity.mark", "2026-09-30", project="P-COALTECH", price="22"),
        # P-BIOMED: 5,000,000 into 250,000 units, exited by IPO for 7,000,000 (gain 2,000,000).
        _ev(
            "pj-bio-ok",
            "project.approve",
            "2025-04-01",
            project="P-BIOMED",
            entity="JC-BIOMED",
            amount="500万",
        ),
        _ev("pj-bio-d1", "project.disburse", "2025-04-10", project="P-BIOMED", amount="500万"),
        _ev(
            "pj-bio-cv",
            "project.convert",
            "2025-09-01",
            project="P-BIOMED",
            to="equity",
            units=250000,
            total_units=1_000_000,
        ),
        _ev("pj-bio-mk", "equity.mark", "2026-03-31", project="P-BIOMED", price="28"),
        _ev(
            "pj-bio-ex",
            "equity.exit",
            "2026-08-18",
            project="P-BIOMED",
            units=250000,
            amount="700万",
            method="ipo",
        ),
        # P-MAGNET: 4,000,000 to debt at 4%, equal principal semiannually to 2027-12-01.
        _ev(
            "pj-mag-ok",
            "project.approve",
            "2025-04-20",
            project="P-MAGNET",
            entity="JC-MAGNET",
            amount="400万",
        ),
        _ev("pj-mag-d1", "project.disburse", "2025-05-01", project="P-MAGNET", amount="400万"),
        _ev(
            "pj-mag-cv",
            "project.convert",
            "2025-12-01",
            project="P-MAGNET",
            to="debt",
            rate="4%",
            maturity="2027-12-01",
            method="equal-principal",
            frequency="semiannual",
        ),
        # 2025-12-01 → 2026-06-01 = 182 days: 4,000,000 × 4% × 182/365 = 79,780.82.
        _ev("pj-mag-ac", "debt.accrue", "2026-06-01", project="P-MAGNET", through="2026-06-01"),
        _ev(
            "pj-mag-rp",
            "debt.repay",
            "2026-06-01",
            project="P-MAGNET",
            principal="200万",
            interest="79780.82",
        ),
        # P-HYDRO: approved 3,000,000, 1,500,000 disbursed, no round yet.
        _ev(
            "pj-hyd-ok",
            "project.approve",
            "2025-05-10",
            project="P-HYDRO",
            entity="JC-HYDRO",
            amount="300万",
        ),
        _ev("pj-hyd-d1", "project.disburse", "2025-06-01", project="P-HYDRO", amount="150万"),
        # P-SMARTMFG: 2,000,000 disbursed, the company failed: written off (ratio 1.00).
        _ev(
            "pj-smf-ok",
            "project.approve",
            "2025-05-01",
            project="P-SMARTMFG",
            entity="JC-SMARTMFG",
            amount="200万",
        ),
        _ev("pj-smf-d1", "project.disburse", "2025-05-15", project="P-SMARTMFG", amount="200万"),
        _ev(
            "pj-smf-wo",
            "investment.writeoff",
            "2026-10-30",
            project="P-SMARTMFG",
            reason="企业经营失败,按容错机制核销 company failed; tolerance write-off",
        ),
        # Proceeds back to the city: 2,000,000 of entrusted capital and 1,000,000 of income.
        # Realised by then: principal 1,800,000 + 1,800,000 + 5,000,000 + 2,000,000 =
        # 10,600,000; income 42,041.10 + 70,000 + 2,000,000 + 79,780.82 = 2,191,821.92.
        _ev("pj-remit-1", "proceeds.remit", "2026-09-01", amount="300万", principal="200万"),
    ]


def after_close(rng: random.Random) -> list[dict[str, Any]]:
    """The story after `jcg close 2026-10`: every tranche and the debt paid, none overdue."""
    return [
        # T3 (120,000 units at principal: 2,400,000), a receivable since the close, collected
        # 2026-12-15, 76 days late, with 2,430,000: the 30,000 more is the late interest agreed.
        _ev(
            "pj-photon-s3",
            "buyback.settle",
            "2026-12-15",
            project="P-PHOTON",
            tranche=3,
            amount="2430000",
            late_interest="30000",
        ),
        # P-COALTECH T1: 75,000 units at the agreed 1,600,000, on its due date.
        _ev(
            "pj-coal-s1",
            "buyback.settle",
            "2027-03-01",
            project="P-COALTECH",
            tranche=1,
            amount="160万",
        ),
        # T2 (fair-value-floor, 10% concession): max(75,000 × 22.00 × 0.9, cost 75,000 × 20.00)
        # = max(1,485,000, 1,500,000) = 1,500,000, on its due date.
        _ev(
            "pj-coal-s2",
            "buyback.settle",
            "2028-03-01",
            project="P-COALTECH",
            tranche=2,
            amount="150万",
        ),
        # P-MAGNET at maturity: the last 2,000,000 and the interest since 2026-06-01 (the close
        # accrued to 2026-10-31, the repayment accrues the rest): 2,000,000 × 4% × 548/365 =
        # 120,109.589… → 33,315.07 (152 days) + 86,794.52 (396 days) = 120,109.59.
        _ev(
            "pj-mag-rp2",
            "debt.repay",
            "2027-12-01",
            project="P-MAGNET",
            principal="200万",
            interest="120109.59",
        ),
    ]

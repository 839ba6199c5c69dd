"""Rule ``fund-tolerance`` — the levels measured and each warning's words and ratio.

Default tolerance: single project 100%, seed 80%, early 60%, whole fund 60%.
"""

from __future__ import annotations

from decimal import Decimal

from jcg_ledger.policy import default_policy
from jcg_ledger.rules.fund_tolerance import (
    Exposure,
    FundLoss,
    Level,
    check_tolerance,
    levels,
)
from jcg_ledger.state.base import Violation
from jcg_ledger.violation import Severity

POLICY = default_policy()
D = Decimal
EXPOSURES = [
    Exposure("SEED-A", "seed", D(3_000_000), D(3_000_000)),
    Exposure("SEED-B", "seed", D(1), D(1)),  # one yuan invested, lost
    Exposure("EARLY-C", "early", D(6_000_000), D(4_000_000)),
    Exposure("SEED-D", "seed", D(0), D(0)),  # nothing invested: no project level
]
FUND = FundLoss(D(12_000_000), D(8_000_000))


def test_every_project_each_stage_and_the_fund() -> None:
    assert levels(POLICY, EXPOSURES, FUND) == [
        Level("project", "SEED-A", D(3_000_000), D(3_000_000), D("1.00")),
        Level("project", "SEED-B", D(1), D(1), D("1.00")),
        Level("project", "EARLY-C", D(6_000_000), D(4_000_000), D("1.00")),
        Level("seed", "seed", D(3_000_001), D(3_000_001), D("0.80")),
        Level("early", "early", D(6_000_000), D(4_000_000), D("0.60")),
        Level("fund", "fund", D(12_000_000), D(8_000_000), D("0.60")),
    ]


def test_the_warnings_name_level_loss_basis_and_ratio() -> None:
    # Seed 3,000,001 / 3,000,001 = 100% > 80%; early 4/6 = 66.67% > 60%; fund 8/12 > 60%;
    # each project at most 100%: tolerated.
    assert check_tolerance(POLICY, EXPOSURES, FUND) == [
        Violation(
            "fund-tolerance-seed",
            "容错超限 种子期 seed: 损失 3000001 / 投资成本 3000001 = 100.00% > 80% "
            "loss ratio exceeds the seed tolerance",
            severity=Severity.WARNING,
        ),
        Violation(
            "fund-tolerance-early",
            "容错超限 初创期 early: 损失 4000000 / 投资成本 6000000 = 66.67% > 60% "
            "loss ratio exceeds the early tolerance",
            severity=Severity.WARNING,
        ),
        Violation(
            "fund-tolerance-fund",
            "容错超限 基金整体 fund: 损失 8000000 / 实缴出资 12000000 = 66.67% > 60% "
            "loss ratio exceeds the fund tolerance",
            severity=Severity.WARNING,
        ),
    ]

"""Rule ``fund-tolerance`` (容错) — the fund's losses against the policy's tolerance ratios.

The loss of an investee is the cost written off plus the mark-down of the units still held
(cost above fair value). Its ratio to the cost invested is compared with the policy's
``[tolerance]`` ratios per single project and per stage (seed, early). The whole fund is
measured as the fund's cumulative realised net loss — cost written off less realised disposal
gains (net of realised losses), at least 0 — over the capital paid in (``[tolerance] fund``):
reinvested proceeds do not dilute it, and a gain on one exit offsets a write-off elsewhere.
Losses within a ratio are tolerated; above it they are flagged — a warning (code
``fund-tolerance-<level>``), not a refusal, since refusing a write-off would hide the loss.

With seed tolerance 80%, four seed investments of 3,000,000 and one written off, the seed
loss ratio is 3,000,000 / 12,000,000 = 25%: tolerated. Writing off the remaining three::

    2027-06-30 * "基金核销 JC-C"   ; warning fund-tolerance-seed: 12,000,000 / 12,000,000 > 80%
      reason: "破产清算"
      Expenses:WriteOff           3000000.00 CNY
      Assets:Portfolio:JC-C      -1000000 FU-JC-C {}
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from jcg_ledger.policy import Policy
from jcg_ledger.violation import Violation, warning

PREFIX = "fund-tolerance-"
LEVEL_ZH = {"project": "单个项目", "seed": "种子期", "early": "初创期", "fund": "基金整体"}


@dataclass(frozen=True)
class Exposure:
    """One investee's cost invested and loss (written off + marked down)."""

    entity: str
    stage: str
    cost: Decimal
    loss: Decimal


@dataclass(frozen=True)
class FundLoss:
    """The whole fund's measure: capital paid in and cumulative realised net loss."""

    paid_in: Decimal
    net_loss: Decimal


@dataclass(frozen=True)
class Level:
    """One tolerance level's status: cost, loss, ratio and the limit from the policy."""

    level: str  # project, seed, early or fund
    subject: str  # the investee for project level, else the level
    cost: Decimal
    loss: Decimal
    limit: Decimal

    @property
    def ratio(self) -> Decimal:
        return self.loss / self.cost if self.cost > 0 else Decimal(0)

    @property
    def exceeded(self) -> bool:
        return self.ratio > self.limit


def levels(policy: Policy, exposures: Iterable[Exposure], fund: FundLoss) -> list[Level]:
    """Every project, the seed and early stages and the whole fund, with their limits.

    The whole fund's level reports paid-in capital as its ``cost`` and the realised net loss
    as its ``loss``."""
    tolerance = policy.tolerance
    items = list(exposures)
    out = [
        Level("project", e.entity, e.cost, e.loss, tolerance.single_project)
        for e in items
        if e.cost > 0
    ]
    for stage, limit in (("seed", tolerance.seed), ("early", tolerance.early)):
        chosen = [e for e in items if e.stage == stage]
        out.append(
            Level(
                stage,
                stage,
                sum((e.cost for e in chosen), Decimal(0)),
                sum((e.loss for e in chosen), Decimal(0)),
                limit,
            )
        )
    out.append(Level("fund", "fund", fund.paid_in, fund.net_loss, tolerance.fund))
    return out


def check_tolerance(
    policy: Policy, exposures: Iterable[Exposure], fund: FundLoss
) -> list[Violation]:
    """A warning per level whose loss ratio exceeds its tolerance."""
    return [
        warning(
            PREFIX + level.level,
            f"容错超限 {LEVEL_ZH[level.level]} {level.subject}: 损失 {level.loss} / "
            f"{'实缴出资' if level.level == 'fund' else '投资成本'} "
            f"{level.cost} = {level.ratio:.2%} > {level.limit:.0%} "
            f"loss ratio exceeds the {level.level} tolerance",
        )
        for level in levels(policy, exposures, fund)
        if level.exceeded
    ]

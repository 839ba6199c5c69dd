"""Rule ``tolerance`` (a warning) — a write-off beyond the tolerated loss (容错) is flagged.

The loss ratio of a project is what is written off over what was disbursed; above the policy's
``tolerance.single_project`` ratio the write-off is still booked (refusing would hide the loss)
but flagged for auditors::

    2026-09-30 * "容错核销"
      type: "investment.writeoff"
      project: "P1"
      Expenses:WriteOff            600000.00 CNY  ; flagged if 600,000 / disbursed > tolerance
      Assets:PreConversion:ACME   -600000.00 CNY
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from jcg_ledger.policy import Policy
from jcg_ledger.violation import Violation, warning

if TYPE_CHECKING:
    from jcg_ledger.state.projects import Project

RULE = "tolerance"
# Refusals of the write-off itself (nothing left, partial amount).
RULE_NOTHING = "writeoff"


def loss_ratio(project: Project, written_off: Decimal) -> Decimal:
    """Written off over disbursed (1 when nothing was disbursed but something is written off)."""
    if project.disbursed == 0:
        return Decimal(1) if written_off > 0 else Decimal(0)
    return written_off / project.disbursed


def check_tolerance(policy: Policy, project: Project, written_off: Decimal) -> Violation | None:
    limit = policy.tolerance.single_project
    ratio = loss_ratio(project, written_off)
    if ratio <= limit:
        return None
    return warning(
        RULE,
        f"项目 {project.code} 核销比例 {ratio:.4f} 超过单项目容错上限 {limit} / project "
        f"{project.code}: loss ratio {ratio:.4f} above the single-project tolerance {limit}",
    )


def carrying(project: Project) -> Decimal:
    """What a write-off takes off the books: every balance the project still carries (at
    carrying value: cost, fair-value changes, debt, interest and buyback receivables)."""
    return project.carrying


def check_whole(project: Project, amount: Decimal | None) -> Violation | None:
    """A write-off takes the whole carrying amount, once (rule ``writeoff``)."""
    left = carrying(project)
    if project.written_off_on or left <= 0:
        return Violation(
            RULE_NOTHING,
            f"项目 {project.code} 无可核销余额 / nothing left to write off",
            field="project",
        )
    if amount is not None and amount != left:
        return Violation(
            RULE_NOTHING,
            f"项目 {project.code} 核销金额 {amount} 须等于账面余额 {left}(仅支持全额核销)/ "
            f"the write-off must equal the carrying amount {left} (whole write-offs only)",
            field="amount",
        )
    return None

"""Rule ``holdings`` — never sell, settle or collect more than is held or owed.

A buyback settlement sells at most the units left in its tranche and in the holding; an exit
at most the holding; a repayment at most the debt principal outstanding and the interest
accrued; a remittance at most the platform's cash::

    2026-01-10 * "转股"
      Assets:Equity:ACME   1000 EQ-ACME {# 1000000.00 CNY}
      ...
    2027-01-10 * "回购结算"
      type: "buyback.settle"
      project: "P1"
      tranche: 1
      Assets:Equity:ACME  -1200 EQ-ACME {}   ; refused: 1,200 units > the 1,000 held
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from jcg_ledger.violation import Violation

if TYPE_CHECKING:
    from jcg_ledger.state.projects import Project, ProjectState, Tranche

RULE = "holdings"


def unknown_tranche(project: Project, number: int) -> Violation:
    return Violation(
        RULE,
        f"项目 {project.code} 没有第 {number} 期回购 / project {project.code} has no tranche "
        f"{number}",
    )


def check_units(project: Project, tranche: Tranche | None, units: Decimal) -> Violation | None:
    """Units sold: positive, within the tranche (if any) and within the holding."""
    code = project.code
    if project.converted != "equity":
        return Violation(RULE, f"项目 {code} 未持有股权 / project {code} holds no equity")
    if units <= 0:
        return Violation(RULE, f"项目 {code} 出售股数须为正 / units sold must be positive")
    if tranche is not None and units > tranche.remaining_units:
        return Violation(
            RULE,
            f"项目 {code} 第 {tranche.number} 期结算 {units} 股,超过该期未结算 "
            f"{tranche.remaining_units} 股 / project {code} tranche {tranche.number}: settling "
            f"{units} units, above the {tranche.remaining_units} left in the tranche",
        )
    if units > project.units_held:
        return Violation(
            RULE,
            f"项目 {code} 出售 {units} 股,超过持有 {project.units_held} 股 / project {code}: "
            f"{units} units sold, above the {project.units_held} held",
        )
    return None


def check_repay(project: Project, principal: Decimal, interest: Decimal) -> Violation | None:
    """A repayment within the principal outstanding and the interest accrued."""
    code = project.code
    if project.converted != "debt":
        return Violation(RULE, f"项目 {code} 未转为债权 / project {code} holds no debt")
    if principal > project.principal:
        return Violation(
            RULE,
            f"项目 {code} 归还本金 {principal} 超过未偿本金 {project.principal} / project "
            f"{code}: principal repaid {principal} above the {project.principal} owed",
        )
    if interest > project.interest_receivable:
        return Violation(
            RULE,
            f"项目 {code} 收回利息 {interest} 超过应收利息 {project.interest_receivable} / "
            f"project {code}: interest {interest} above the {project.interest_receivable} accrued",
        )
    if principal < 0 or interest < 0 or principal + interest == 0:
        return Violation(RULE, f"项目 {code} 还款金额须为正 / repayment must be positive")
    return None


def check_cash(state: ProjectState, amount: Decimal, what: str) -> Violation | None:
    """A payment out of the platform's bank account within its balance."""
    if amount <= state.bank:
        return None
    return Violation(
        RULE,
        f"{what} 金额 {amount} 超过平台银行存款 {state.bank} / amount {amount} above the "
        f"platform's cash {state.bank}",
    )


def check_receivable_units(project: Project, tranche: Tranche, units: Decimal) -> Violation | None:
    """A tranche collected after it was booked as receivable: within the units still owed."""
    code = project.code
    if units <= 0 or units > tranche.receivable_units:
        return Violation(
            RULE,
            f"项目 {code} 第 {tranche.number} 期结算 {units} 股,应收回购款对应 "
            f"{tranche.receivable_units} 股 / project {code} tranche {tranche.number}: settling "
            f"{units} units, {tranche.receivable_units} are receivable",
        )
    return None

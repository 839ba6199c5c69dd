"""Rules ``approval``, ``outstanding``, ``clawback`` and ``refund`` — paying and recovering.

A payment names its approval and never exceeds what is outstanding (approved, not yet paid,
not cancelled); a clawback never exceeds what stands of the award (approved less already
clawed back); a refund never exceeds what the clawbacks made receivable and was not yet paid
back::

    2025-03-01 * "补贴核定"   ; a1: 500,000
    2025-04-01 * "补贴拨付"   ; approval a1, 300,000 → outstanding 200,000
      Liabilities:Payable:Subsidy   300000.00 CNY
      Assets:Bank:SpecialFund
    2025-05-01 * "补贴拨付"   ; approval a1, 250,000 → refused: outstanding (200,000 left)
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal

from jcg_ledger.rules.award import ZERO, Award
from jcg_ledger.violation import Violation

APPROVAL = "approval"
OUTSTANDING = "outstanding"
CLAWBACK = "clawback"
REFUND = "refund"


def find_approval(awards: Mapping[str, Award], approval: str | None) -> Award | Violation:
    """The award an approval id names, or the violation of an unknown one."""
    award = awards.get(approval or "")
    if award is None:
        return Violation(
            APPROVAL,
            f"未找到补贴核定 {approval!r} / no subsidy approval {approval!r} in the books",
        )
    return award


def check_after_approval(award: Award, on: date) -> Violation | None:
    """A payment or clawback cannot precede its approval (the books are read in date order)."""
    if on < award.fact.date:
        return Violation(
            APPROVAL,
            f"[{award.fact.measure}] 日期 {on} 早于核定 {award.fact.event} 的日期 "
            f"{award.fact.date} / dated before the approval {award.fact.event}",
        )
    return None


def check_pay(award: Award, amount: Decimal) -> Violation | None:
    if amount <= ZERO or amount > award.outstanding:
        return Violation(
            OUTSTANDING,
            f"[{award.fact.measure}] 拨付 {amount} 元超过核定 {award.fact.event} 的未付余额 "
            f"{award.outstanding} 元 / payment {amount} exceeds what is outstanding on "
            f"{award.fact.event}: {award.outstanding}",
        )
    return None


def check_clawback(award: Award, amount: Decimal) -> Violation | None:
    if amount <= ZERO or amount > award.net:
        return Violation(
            CLAWBACK,
            f"[{award.fact.measure}] 追回 {amount} 元超过核定 {award.fact.event} 的现存金额 "
            f"{award.net} 元 / clawback {amount} exceeds what stands of {award.fact.event}: "
            f"{award.net}",
        )
    return None


def split_clawback(award: Award, amount: Decimal) -> tuple[Decimal, Decimal]:
    """(cancelled payable, receivable): the unpaid part is cancelled first, since nothing
    needs recovering from the recipient for money never paid; the rest is to be repaid."""
    cancel = min(amount, award.outstanding)
    return cancel, amount - cancel


def check_refund(award: Award, receivable: Decimal, amount: Decimal) -> Violation | None:
    if amount <= ZERO or amount > receivable:
        return Violation(
            REFUND,
            f"[{award.fact.measure}] 退回 {amount} 元超过核定 {award.fact.event} 的应收追回余额 "
            f"{receivable} 元 / refund {amount} exceeds what is receivable on "
            f"{award.fact.event}: {receivable}",
        )
    return None

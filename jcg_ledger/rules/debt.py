"""Rule ``debt`` — converted debt: its repayment schedule and the interest it accrues.

Simple interest on the principal outstanding, day count from the policy (ACT/365), accrued
from the conversion (or the last accrual) through a date. The schedule — bullet,
equal-principal or annuity, at the agreed frequency — is computed with ``dateutil.rrule`` and
written into the conversion's metadata for auditors. Repaying more than is owed is refused
(`jcg_ledger.rules.holdings.check_repay`)::

    2026-01-10 * "转债"
      type: "project.convert"
      project: "P2"
      rate: 0.04
      Assets:Debt:ACME            1000000.00 CNY
      Assets:PreConversion:ACME  -1000000.00 CNY
    2026-07-10 * "计提利息"   ; 1,000,000 × 4% × 181/365 = 19,835.62
      Assets:Receivable:Interest:ACME   19835.62 CNY
      Income:Investment:Interest       -19835.62 CNY
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from dateutil.rrule import MONTHLY, rrule

from jcg_ledger.finance import simple_interest
from jcg_ledger.policy import Policy
from jcg_ledger.state.base import Violation

if TYPE_CHECKING:
    from jcg_ledger.state.projects import Project

RULE = "debt"
MONTHS = {"monthly": 1, "quarterly": 3, "semiannual": 6, "annual": 12}


def payment_dates(start: date, maturity: date, frequency: str | None) -> list[date]:
    """Due dates after ``start`` every ``frequency`` months, the last one at maturity."""
    if frequency is None:
        return [maturity]
    rule = rrule(MONTHLY, interval=MONTHS[frequency], dtstart=start, until=maturity)
    dates = [d.date() for d in rule if d.date() > start]
    if not dates or dates[-1] != maturity:
        dates.append(maturity)
    return dates


def schedule(
    principal: Decimal,
    rate: Decimal,
    start: date,
    maturity: date,
    method: str,
    frequency: str | None,
    year_days: int,
    quantize: Callable[[Decimal], Decimal],
) -> list[tuple[date, Decimal, Decimal]]:
    """(due date, principal due, interest due) per instalment; interest ACT/``year_days``."""
    dates = payment_dates(
        start, maturity, None if method == "bullet" and not frequency else frequency
    )
    n = len(dates)
    outstanding = principal
    previous = start
    out: list[tuple[date, Decimal, Decimal]] = []
    if method == "annuity" and frequency:
        r = rate * MONTHS[frequency] / 12
        level = principal * r / (1 - (1 + r) ** -n) if r else principal / n
    for i, due in enumerate(dates, start=1):
        interest = quantize(simple_interest(outstanding, rate, previous, due, year_days))
        if i == n:
            part = outstanding
        elif method == "bullet":
            part = Decimal(0)
        elif method == "equal-principal":
            part = quantize(principal / n)
        else:  # annuity: a level payment, of which interest first
            part = quantize(level) - interest if frequency else Decimal(0)
        out.append((due, part, interest))
        outstanding -= part
        previous = due
    return out


def accrual(policy: Policy, project: Project, through: date) -> Decimal:
    """Interest on the principal outstanding from the last accrual through ``through``."""
    start = project.accrued_through or project.converted_on or through
    rate = project.debt_rate or Decimal(0)
    return policy.quantize(
        simple_interest(project.principal, rate, start, through, policy.interest.year_days)
    )


def check_accrue(project: Project, through: date) -> Violation | None:
    if project.converted != "debt":
        return Violation(RULE, f"项目 {project.code} 未转为债权 / project holds no debt")
    start = project.accrued_through or project.converted_on
    if start is not None and through <= start:
        return Violation(
            RULE,
            f"项目 {project.code} 已计提至 {start} / project {project.code} accrued through "
            f"{start} already",
        )
    return None


def check_interest(project: Project, interest: Decimal) -> Violation | None:
    """An accrual books some interest."""
    if interest > 0:
        return None
    return Violation(
        RULE, f"项目 {project.code} 无应计利息 / no interest to accrue", field="through"
    )

"""Rule ``debt`` — converted debt: its repayment schedule and the interest it accrues.

Simple interest on the principal outstanding in each sub-period, day count from the policy
(ACT/365), accrued from the conversion (or the last accrual, ``accrued_through``) through a
date. Principal changes only by a repayment, and a repayment first accrues the interest up to
its own date (rule ``debt-interest``: a hand-written repayment of principal with interest
accrued only to an earlier date is refused), so the principal is constant over every accrual
period: 1,000,000 at 3% repaid 400,000 after 62 days earns 1,000,000 × 3% × 62/365 = 5,095.89,
then interest on 600,000. `jcg close` accrues to the period end. Principal past its due date by
the schedule and unpaid today is a warning (``debt-overdue``). The schedule — bullet,
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
      Liabilities:Entrusted:City       -19835.62 CNY   ; the city's interest (受托代持)
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from dateutil.rrule import MONTHLY, rrule

from jcg_ledger.finance import simple_interest
from jcg_ledger.policy import Policy
from jcg_ledger.violation import Violation, warning

if TYPE_CHECKING:
    from jcg_ledger.state.projects import Project

RULE = "debt"
RULE_INTEREST = "debt-interest"
RULE_OVERDUE = "debt-overdue"
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


def check_accrual(
    policy: Policy, project: Project, through: date, booked: Decimal
) -> Violation | None:
    """The interest an accrual books is the principal × rate × days since ``accrued_through``."""
    due = accrual(policy, project, through)
    if booked == due:
        return None
    start = project.accrued_through or project.converted_on
    return Violation(
        RULE,
        f"项目 {project.code} {start} 至 {through} 应计利息 {due},账上 {booked} / project "
        f"{project.code}: interest {start} → {through} is {due}, booked {booked}",
    )


def check_accrued_to(project: Project, on: date, principal: Decimal) -> Violation | None:
    """Principal is repaid only once the interest up to the repayment is accrued."""
    start = project.accrued_through or project.converted_on
    if principal <= 0 or start is None or start >= on or project.principal == 0:
        return None
    return Violation(
        RULE_INTEREST,
        f"项目 {project.code} 于 {on} 归还本金 {principal},利息仅计提至 {start}:须先计提至还款日,"
        f"否则 {start} 至 {on} 的利息将丢失 / project {project.code}: principal {principal} repaid "
        f"on {on} with interest accrued only through {start}; accrue through the repayment date "
        "first or that interest is lost",
    )


def instalments(policy: Policy, project: Project) -> list[tuple[date, Decimal, Decimal]]:
    """The schedule agreed at conversion, recomputed from the conversion's terms."""
    if (
        project.converted != "debt"
        or project.converted_on is None
        or project.maturity is None
        or project.debt_rate is None
        or project.maturity <= project.converted_on  # refused by `conversion` already
    ):
        return []
    return schedule(
        project.debt_principal,
        project.debt_rate,
        project.converted_on,
        project.maturity,
        project.debt_method or "bullet",
        project.debt_frequency,
        policy.interest.year_days,
        policy.quantize,
    )


def overdue(policy: Policy, project: Project, today: date) -> Violation | None:
    """Principal due by the schedule before ``today`` and not repaid (a warning, with days)."""
    if project.converted != "debt" or project.principal == 0:
        return None
    repaid = project.debt_principal - project.principal
    owed = Decimal(0)
    first_unpaid: date | None = None
    for due, part, _ in instalments(policy, project):
        if due >= today:
            break
        owed += part
        if first_unpaid is None and owed > repaid:
            first_unpaid = due
    if first_unpaid is None or owed <= repaid:
        return None
    days = (today - first_unpaid).days
    return warning(
        RULE_OVERDUE,
        f"项目 {project.code} 到期本金 {owed - repaid} 逾期未还(自 {first_unpaid} 起 {days} 天)/ "
        f"project {project.code}: principal {owed - repaid} overdue since {first_unpaid} "
        f"({days} days as of {today})",
    )


def check_interest(project: Project, interest: Decimal) -> Violation | None:
    """An accrual books some interest."""
    if interest > 0:
        return None
    return Violation(
        RULE, f"项目 {project.code} 无应计利息 / no interest to accrue", field="through"
    )

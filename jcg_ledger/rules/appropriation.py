"""Rule of ``budget.appropriate`` — an appropriation is dated and budgeted inside the policy's
five years, to a department (or measure) the policy knows (rules ``window``,
``unknown-measure``, ``unknown-department``)::

    2025-01-15 * "预算拨款 2025 市科技局"
      year: 2025
      Assets:Bank:SpecialFund          5000000.00 CNY
      Income:Appropriation:SciTech    -5000000.00 CNY   ; SciTech: the department's account
    2031-01-15 * "预算拨款"            ; refused: window (after the five years)
      Income:Appropriation:Nobody ...                    ; refused: unknown-department

`render/budget.py` calls `check_appropriation` with the event's fields, `state/budget.py` with
the transaction's (hand-written ones included).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from jcg_ledger.policy import Policy
from jcg_ledger.policy.model import Department
from jcg_ledger.rules.window import check_window
from jcg_ledger.violation import Violation

INCOME_PREFIX = "Income:Appropriation:"
UNKNOWN_MEASURE = "unknown-measure"
UNKNOWN_DEPARTMENT = "unknown-department"


@dataclass(frozen=True)
class Appropriation:
    """What an appropriation says: when, for which budget year, to whom."""

    date: date
    year: int | None
    measure: str | None = None
    department: str | None = None  # a department's code or Chinese name
    account: str | None = None  # or its income account's last component (from the books)


def department_of(policy: Policy, fact: Appropriation) -> Department | Violation:
    """The department the appropriation goes to, or the violation naming what is unknown."""
    if fact.measure is not None:
        try:
            return policy.department(policy.measure(fact.measure).department)
        except KeyError:
            return Violation(
                UNKNOWN_MEASURE, f"未知措施 unknown measure {fact.measure!r}", field="measure"
            )
    for department in policy.departments:
        if fact.account is not None and department.account == fact.account:
            return department
    try:
        return policy.department(fact.department or "")
    except KeyError:
        named = fact.department if fact.account is None else INCOME_PREFIX + fact.account
        return Violation(
            UNKNOWN_DEPARTMENT, f"未知部门 unknown department {named!r}", field="department"
        )


def check_appropriation(policy: Policy, fact: Appropriation) -> Violation | None:
    found = check_window(policy, fact.date, "拨款")
    if found is not None:
        return found.at("date")
    start, end = policy.policy.effective_date.year, policy.policy.window_end.year
    if fact.year is not None and not start <= fact.year <= end:
        return Violation(
            "window", f"预算年度 {fact.year} 不在政策有效期内 year outside the policy", "year"
        )
    department = department_of(policy, fact)
    return department if isinstance(department, Violation) else None

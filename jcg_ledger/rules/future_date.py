"""Rule ``future-date`` — nothing is dated after today.

Books record what happened; an event dated after today is a typo or an attempt to book ahead
(a payment "made" next year, a mark before the valuation exists). `jcg post` refuses it naming
the event and the field ``date``; an entry of a hand-edited book dated after today fails
bean-check (the policy plugin) and `jcg check` with the same rule. Today is ``JCG_TODAY`` or the
clock (`jcg_ledger.today`). With today 2025-06-30::

    2025-06-30 * "补贴拨付"            ; fine: today
    2025-07-01 * "补贴拨付"            ; error: [future-date] 2025-07-01 is after today
"""

from __future__ import annotations

from datetime import date

from beancount.core import data

from jcg_ledger.today import TODAY_ENV, today
from jcg_ledger.violation import Violation

RULE = "future-date"


def check_not_future(on: date, now: date) -> Violation | None:
    """A date after ``now`` is refused, naming both."""
    if on <= now:
        return None
    return Violation(
        RULE,
        f"日期 {on} 晚于今天 {now},不可记账 the date {on} is after today ({now}): "
        f"nothing is booked ahead (today is {TODAY_ENV} or the clock)",
    )


def check_entry(entry: data.Directive) -> Violation | None:
    """The rule for an entry of a book (the policy plugin): today from the clock when
    ``JCG_TODAY`` is malformed, since bean-check and Fava have nobody to tell."""
    return check_not_future(entry.date, today(strict=False))

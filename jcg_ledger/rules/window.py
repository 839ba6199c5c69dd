"""Rule ``window`` — awards and appropriations fall inside the policy's five years.

本措施自印发之日起施行,有效期5年. With the effective date 2025-01-01 an award dated
2030-01-01 is refused; payments of earlier awards and the life of investments continue::

    2029-12-31 * "补贴核定"  ; accepted: the last day of the window
      event: "a1"
      type: "subsidy.approve"
      ...
    2030-01-01 * "补贴核定"  ; refused: window
"""

from __future__ import annotations

from datetime import date

from jcg_ledger.policy import Policy
from jcg_ledger.violation import Violation

RULE = "window"


def check_window(policy: Policy, on: date, what: str) -> Violation | None:
    start = policy.policy.effective_date
    end = policy.policy.window_end
    if start <= on < end:
        return None
    return Violation(
        RULE,
        f"{what}日期 {on} 不在政策有效期 [{start}, {end}) 内 "
        f"date {on} is outside the policy's five years",
    )

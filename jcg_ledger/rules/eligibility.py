"""Rule ``eligibility`` — support goes to a registered entity admitted to the park by that date.

适用主体为"晋创谷·晋城"内引进或培育孵化的科创团队、平台及企业::

    2025-01-10 custom "jcg-entity" "ACME"
      kind: "company"
      admitted: 2025-03-01
    2025-02-01 * "补贴核定"  ; refused: ACME not admitted until 2025-03-01
      entity: "ACME"
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from jcg_ledger.violation import Violation

if TYPE_CHECKING:  # the state imports the rules: a type only, or the import cycles
    from jcg_ledger.state.core import CoreState

RULE = "eligibility"


def check_registered(core: CoreState, code: str) -> Violation | None:
    if code in core.entities:
        return None
    return Violation(RULE, f"未登记的主体 unknown entity {code!r}")


def check_admitted(core: CoreState, code: str, on: date) -> Violation | None:
    unknown = check_registered(core, code)
    if unknown:
        return unknown
    admitted = core.entities[code].admitted
    if admitted is None:
        return Violation(
            RULE, f"主体 {code} 未入园 entity {code} has not been admitted to the park"
        )
    if admitted > on:
        return Violation(
            RULE,
            f"主体 {code} 入园日期 {admitted} 晚于 {on} entity {code} admitted only on {admitted}",
        )
    return None

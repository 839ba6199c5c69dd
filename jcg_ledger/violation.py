"""The one type of a broken rule, whoever finds it: `Violation`.

A rule (`jcg_ledger.rules`) returns one; the write path raises it (`render.base.Refusal`,
`post.PostError` carry it), the plugin hands it to Beancount inside its error
(`plugins.policy.PolicyError`), `jcg check` lists it. Its ``severity`` says whether it refuses
(``error``) or is shown only (``warning``: a fact auditors must see, e.g. a loss beyond the
tolerance, which refusing would hide rather than fix)::

    Violation("cap", "超过年度上限 above the yearly cap", field="amount")
    Violation("tolerance", "超出容错比例 above the tolerated loss", severity=Severity.WARNING)

Rule codes name the rule only. Codes once carried a ``warn-`` prefix for warnings; a code
given with it still reads as a warning, without the prefix.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any


class Severity(StrEnum):
    ERROR = "error"  # refuses a post, fails bean-check and `jcg check`
    WARNING = "warning"  # shown by bean-check, Fava and `jcg check`; never refuses


WARN_PREFIX = "warn-"


@dataclass(frozen=True)
class Violation:
    """A rule broken: its code, a message for people (Chinese, English beside it), the event
    field it is about (write path), how severe, and the entry at fault (plugin)."""

    rule: str
    message: str
    field: str | None = None
    severity: Severity = Severity.ERROR
    entry: Any = None

    def __post_init__(self) -> None:
        if self.rule.startswith(WARN_PREFIX):
            object.__setattr__(self, "rule", self.rule[len(WARN_PREFIX) :])
            object.__setattr__(self, "severity", Severity.WARNING)

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def at(self, field: str) -> Violation:
        """The same violation, about the event field `field`."""
        return replace(self, field=field)

    def text(self) -> str:
        """``[rule] message``, warnings marked as such (what bean-check and Fava show)."""
        mark = "" if self.is_error else "提示 warning: "
        return f"[{self.rule}] {mark}{self.message}"


def warning(rule: str, message: str, field: str | None = None) -> Violation:
    return Violation(rule, message, field, Severity.WARNING)


class CarriesViolation:
    """What an exception carrying a `Violation` says of it (`Refusal`, `EventError`,
    `PostError`): one place for its field, rule and message."""

    violation: Violation

    @property
    def field(self) -> str:
        return self.violation.field or "-"

    @property
    def rule(self) -> str:
        return self.violation.rule

    @property
    def message(self) -> str:
        return self.violation.message

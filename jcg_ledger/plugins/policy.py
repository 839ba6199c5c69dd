"""The policy plugin: the rules of `jcg_ledger.rules`, run inside Beancount.

Each book declares it with its name::

    plugin "jcg_ledger.plugins.policy" "city"

and the plugin folds the book's entries through the same state the write path uses, asking
each part to verify every entry before folding it. It hands the state it ended with back in
the options map the loader returns (`plugin_state`), for callers that read it. So a transaction typed in by hand that
breaks a cap or falls outside the policy's window fails `bean-check` and shows on Fava's
error page, naming the measure and the rule, exactly as `jcg post` would have refused it.

The policy data file is ``policy.toml`` in the folder above the book.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, NamedTuple

from beancount.core import data

from jcg_ledger.policy import Policy, default_policy, load_policy
from jcg_ledger.state import State
from jcg_ledger.today import today
from jcg_ledger.violation import Severity, Violation

__plugins__ = ("policy",)


class PolicyError(NamedTuple):
    """A rule of the policy broken by an entry, as Beancount wants errors: (source, message,
    entry), with the `Violation` and so its severity. An error fails bean-check; a warning is
    shown by bean-check and Fava (Beancount has one error level) but the write path and
    `jcg check` tolerate it, since refusing would hide the fact rather than fix it."""

    source: dict[str, Any]
    message: str
    entry: Any
    violation: Violation | None = None

    @property
    def severity(self) -> Severity:
        return self.violation.severity if self.violation is not None else Severity.ERROR

    @classmethod
    def of(cls, entry: data.Directive, violation: Violation) -> PolicyError:
        return cls(entry.meta, violation.text(), entry, violation)


def is_warning(error: Any) -> bool:
    """Whether a Beancount error is a policy warning (shown, never refusing)."""
    return isinstance(error, PolicyError) and error.severity is Severity.WARNING


_POLICY_CACHE: dict[tuple[str, float, int], Policy] = {}


def policy_for(main_file: str) -> Policy:
    path = Path(main_file).resolve().parent.parent / "policy.toml"
    if not Path(main_file).is_file():
        # A ledger given as a string (`loader.load_string`, the rule tests) has no folder:
        # use the packaged default policy.
        return default_policy()
    stat = path.stat()
    key = (str(path), stat.st_mtime, stat.st_size)
    if key not in _POLICY_CACHE:
        _POLICY_CACHE[key] = load_policy(path)
    return _POLICY_CACHE[key]


# The key of the options map under which the plugin hands back the state its run ended
# with: the loader returns the options map it gave the plugins, so the caller of the load
# (`books.load.load_book`, the Fava extension) takes the state from its own load's result —
# no module state shared between the plugin and its callers.
STATE_OPTION = "jcg_policy_state"


def plugin_state(options_map: dict[str, Any]) -> State | None:
    """Take the policy plugin's final state out of a load's options map (None if the plugin
    did not run on it). Taken, not read: the options map outlives it (Fava keeps it)."""
    state = options_map.pop(STATE_OPTION, None)
    return state if isinstance(state, State) else None


def policy(
    entries: list[data.Directive], options_map: dict[str, Any], config: str | None = None
) -> tuple[list[data.Directive], list[Any]]:
    book = (config or "").strip()
    errors: list[Any] = []
    try:
        rules = policy_for(options_map["filename"])
    except Exception as exc:  # a broken policy file must show, not crash the load
        meta = data.new_metadata(options_map.get("filename", "<policy>"), 0)
        broken = Violation("policy-file", f"政策数据文件错误 policy file: {exc}")
        return entries, [PolicyError(meta, broken.text(), None, broken)]
    state = State(rules)
    state.core.retain_for_closes(book, entries)
    for entry in entries:
        for violation in state.verify(book, entry):
            errors.append(PolicyError.of(entry, violation))
        state.fold(book, entry)
    # As of today (JCG_TODAY or the clock): overdue buyback tranches and debt instalments.
    where = data.new_metadata(str(options_map.get("filename", "<policy>")), 0)
    for violation in state.finish(book, today(strict=False)):
        errors.append(PolicyError(where, violation.text(), violation.entry, violation))
    options_map[STATE_OPTION] = state
    return entries, errors

"""`jcg close YYYY-MM`: close every period up to a month end, in every book at once.

The close goes through the write path's machinery (lock, recover, stage, validation as
bean-check, atomic commit, audit record, git): one ``custom "jcg-close"`` directive per book,
recording the count and hash of the entries the period holds (`rules/period.py`), and an
audit record with ``action: "close"``. From then on `jcg post` refuses events dated in the
period, and bean-check fails if an entry inside it is edited by hand.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from beancount.core import data
from beancount.parser.grammar import ValueType

from jcg_ledger.books import audit, vcs
from jcg_ledger.books.layout import BOOKS, Ledger
from jcg_ledger.books.load import LoadedBook
from jcg_ledger.books.lock import locked
from jcg_ledger.books.sweep import sweep
from jcg_ledger.books.write import Stage, fault_point, recover
from jcg_ledger.policy import load_policy
from jcg_ledger.post import (
    Baseline,
    PostError,
    add_audit_record,
    plan_changes,
    read_log,
    validate_stage,
)
from jcg_ledger.render import Placed
from jcg_ledger.rules.period import (
    CLOSE_DIRECTIVE,
    fingerprint,
    month_end,
    period_name,
    since_last_close,
)
from jcg_ledger.state import State
from jcg_ledger.today import today as today_


@dataclass
class CloseResult:
    period: str
    through: date
    entries: dict[str, int] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)
    commit: str | None = None
    warnings: list[str] = field(default_factory=list)


def close_period(
    ledger: Ledger, period: str, *, by: str | None = None, today: date | None = None
) -> CloseResult:
    """Close every month up to the end of ``period`` (``YYYY-MM``); `PostError` if refused."""
    try:
        through = month_end(period)
    except ValueError as exc:
        raise PostError("-", "period", "period-format", str(exc)) from None
    if through >= (today or today_()):
        raise PostError(
            "-", "period", "period-open", f"期间 {period} 尚未结束 the period has not ended yet"
        )
    result = CloseResult(period_name(through), through)
    with locked(ledger):
        fault_point("after-lock")
        recover(ledger)
        state = State(load_policy(ledger.policy_path))
        scopes: dict[str, tuple[int, str]] = {}

        def fingerprint_scope(loaded: LoadedBook) -> None:
            pending = since_last_close(loaded.entries)
            scopes[loaded.book] = fingerprint(e for e in pending if e.date <= through)

        before = Baseline.of(sweep(ledger, state, read=fingerprint_scope))
        closed = state.core.closed_through
        if closed is not None and through <= closed:
            raise PostError(
                "-",
                "period",
                "period-closed",
                f"{period_name(closed)} 及以前已结账 already closed through {closed}",
            )
        placed: list[Placed] = []
        for book in BOOKS:
            count, digest = scopes[book]
            result.entries[book] = count
            meta = data.new_metadata("<jcg>", 0, {"entries": Decimal(count), "hash": digest})
            entry = data.Custom(meta, through, CLOSE_DIRECTIVE, [ValueType(result.period, str)])
            placed.append(Placed(book, entry))
        changes, _ = plan_changes(ledger, placed)
        hashes = add_audit_record(
            ledger,
            changes,
            read_log(ledger),
            by=by,
            action="close",
            events=[],
            extra={"period": result.period, "through": through.isoformat()},
        )
        stage = Stage(ledger, changes)
        try:
            stage.build()
            validate_stage(ledger, stage, before)
            fault_point("before-commit")
            stage.commit()
        finally:
            stage.discard()
        result.files = hashes
        result.commit, problem = vcs.commit(
            ledger,
            [*hashes, ledger.relative(ledger.audit_path)],
            f"jcg close {result.period}",
            audit.operator(by),
        )
        if problem:
            result.warnings.append(problem)
    return result

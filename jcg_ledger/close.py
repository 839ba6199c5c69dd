"""`jcg close YYYY-MM`: close every period up to a month end, in every book at once.

The close goes through the write path's machinery (lock, recover, stage, validation as
bean-check, atomic commit, audit record, git): one ``custom "jcg-close"`` directive per book,
recording the count and hash of the entries the period holds (`rules/period.py`), and an
audit record with ``action: "close"``. From then on `jcg post` refuses events dated in the
period, and bean-check fails if an entry inside it is edited by hand.

Like a post, it has two paths that write the same bytes (`tests/perf/test_backdated.py`,
`test_equivalence.py`): with a snapshot whose checkpoints sit at the books' last closes,
`_close_fast` reads the entries since then from the snapshot's tails and validates the new
entries by refolding each book from its last close, as the plugin's loop would
(`cache/incremental._refold`); anything it cannot prove, the full close decides, loading the
books and then the staged books.

Before the close directives, the close allocates the fund's profit and loss not yet allocated
to the partners' capital accounts, with the city's share by the equity method
(`render/fund_close.py`): the close's records hash those entries too, and the plugin checks,
at the fund's close directive, that the partners' capital equals the fund's net assets.

Before closing, the period-end entries of the 先投后股 projects are posted as ordinary events
through `jcg_ledger.post.post` (`period_end_events`): interest on every debt claim accrued to
the period end (``debt.accrue``), and every buyback tranche fallen due unpaid booked as a
receivable at its due-date price (``buyback.due``). Their ids are ``close-<period>-…``, so a
close run again after a refusal finds them posted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from beancount.core import data
from beancount.parser import parser
from beancount.parser.grammar import ValueType

from jcg_ledger.audit import chain
from jcg_ledger.books import vcs
from jcg_ledger.books.layout import BOOKS, Ledger
from jcg_ledger.books.load import LoadedBook
from jcg_ledger.books.lock import locked
from jcg_ledger.books.write import Stage, fault_point, recover, write_changes
from jcg_ledger.cache import incremental, snapshot
from jcg_ledger.cache.records import Incomplete
from jcg_ledger.cache.sweep import sweep
from jcg_ledger.events import parse_event
from jcg_ledger.events.base import Event
from jcg_ledger.policy import load_policy
from jcg_ledger.post import (
    Baseline,
    PostError,
    add_audit_record,
    format_entries,
    load_state,
    plan_changes,
    post,
    read_log,
    save_snapshot,
    validate_stage,
)
from jcg_ledger.render import Placed
from jcg_ledger.render.fund_close import allocation_entries
from jcg_ledger.rules.period import (
    CLOSE_DIRECTIVE,
    fingerprint,
    in_scope,
    month_end,
    period_name,
    since_last_close,
)
from jcg_ledger.state import State
from jcg_ledger.state.fund import FundState
from jcg_ledger.today import today as today_


@dataclass
class CloseResult:
    period: str
    through: date
    entries: dict[str, int] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)
    commit: str | None = None
    warnings: list[str] = field(default_factory=list)
    allocated: Decimal = Decimal(0)  # the fund's profit (+) or loss (−) allocated
    posted: list[str] = field(default_factory=list)  # period-end events posted first
    # "snapshot": checked against the snapshot, the books not reloaded (`_close_fast`);
    # "full": the books loaded, and the staged ones as bean-check does.
    validated: str = ""


def period_end_events(state: State, period: str, through: date) -> list[Event]:
    """The 先投后股 entries a period end calls for, as events: interest accrued on every debt
    claim to ``through``; every tranche due by ``through`` and unpaid booked as receivable."""
    closed = state.core.closed_through
    if closed is not None and through <= closed:
        return []  # the close itself refuses, naming the period
    earliest = closed + timedelta(days=1) if closed is not None else None
    raw: list[dict[str, Any]] = []
    for project in sorted(state.projects.projects.values(), key=lambda p: p.code):
        if project.written_off_on is not None:
            continue
        for tranche in project.tranches:
            units = tranche.remaining_units
            if tranche.due > through or units <= 0 or tranche.receivable_units > 0:
                continue
            if units > project.units_held:
                continue  # sold otherwise meanwhile: `jcg check` shows it overdue
            on = max(tranche.due, earliest) if earliest else tranche.due
            raw.append(
                {
                    "id": f"close-{period}-due-{project.code}-{tranche.number}",
                    "type": "buyback.due",
                    "date": on.isoformat(),
                    "project": project.code,
                    "tranche": tranche.number,
                }
            )
        start = project.accrued_through or project.converted_on
        if project.converted == "debt" and project.principal > 0 and start and start < through:
            raw.append(
                {
                    "id": f"close-{period}-interest-{project.code}",
                    "type": "debt.accrue",
                    "date": through.isoformat(),
                    "project": project.code,
                    "through": through.isoformat(),
                }
            )
    return [parse_event(item) for item in raw]


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
    events = period_end_events(_state_now(ledger), result.period, through)
    if events:
        result.posted = post(ledger, events, by=by).posted
    with locked(ledger):
        fault_point("after-lock")
        recover(ledger)
        if _close_fast(ledger, result, by):
            return result
        result.validated = "full"
        state = State(load_policy(ledger.policy_path))
        fund = FundState(state.policy)  # the fund as of the close, for its allocation
        pendings: dict[str, list[data.Directive]] = {}

        def fingerprint_scope(loaded: LoadedBook) -> None:
            pending = since_last_close(loaded.entries)
            pendings[loaded.book] = [e for e in pending if e.date <= through]
            for entry in loaded.entries:
                if entry.date <= through:
                    fund.fold(loaded.book, entry)

        before = Baseline.of(sweep(ledger, state, read=fingerprint_scope))
        closed = state.core.closed_through
        if closed is not None and through <= closed:
            raise PostError(
                "-",
                "period",
                "period-closed",
                f"{period_name(closed)} 及以前已结账 already closed through {closed}",
            )
        placed = _close_entries(result, fund, pendings)
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
        # The staged books are folded afresh for the snapshot: its checkpoints sit at this
        # close, so the next posts, back-dated ones included, need not reload the books.
        after_state = None if snapshot.full_validation_forced() else State(state.policy)
        try:
            stage.build()
            staged, differences = validate_stage(ledger, stage, before, after_state)
            fault_point("before-commit")
            stage.commit()
        finally:
            stage.discard()
        if after_state is not None:
            save_snapshot(ledger, after_state, staged, differences)
        _vcs_commit(ledger, result, hashes, by)
    return result


def _vcs_commit(
    ledger: Ledger, result: CloseResult, hashes: dict[str, str], by: str | None
) -> None:
    """Commit the close to git when the books folder is a repository (books/vcs.py)."""
    result.files = hashes
    result.commit, problem = vcs.commit(
        ledger,
        [*hashes, ledger.relative(ledger.audit_path)],
        f"jcg close {result.period}",
        chain.operator(by),
    )
    if problem:
        result.warnings.append(problem)


def _close_entries(
    result: CloseResult, fund: FundState, pendings: dict[str, list[data.Directive]]
) -> list[Placed]:
    """The fund's allocation as of the period end, then one close directive per book that
    records the count and hash of the entries it closes (`pendings`: each book's in-scope
    entries since its last close, dated up to the period end; the allocation's are added)."""
    placed = allocation_entries(fund, result.through, result.period)
    result.allocated = fund.unallocated if placed else Decimal(0)
    for book in BOOKS:
        added = _as_written([p.entry for p in placed if p.book == book])
        count, digest = fingerprint([*pendings[book], *added])
        result.entries[book] = count
        meta = data.new_metadata("<jcg>", 0, {"entries": Decimal(count), "hash": digest})
        values = [ValueType(result.period, str)]
        placed.append(Placed(book, data.Custom(meta, result.through, CLOSE_DIRECTIVE, values)))
    return placed


def _close_fast(ledger: Ledger, result: CloseResult, by: str | None) -> bool:
    """The close against the snapshot, as a post takes the snapshot path; False (nothing
    written) when only the full close can decide — no snapshot, no checkpoint at the last
    close, the period closed already, or anything `incremental.validate` cannot prove.

    Each book's tail (its entries since its last close) gives what the close hashes; the
    write path's state at the checkpoints, with the tails folded up to the period end, gives
    the fund's allocation; the new entries are validated by refolding each book from its last
    close (`incremental._refold`), whose plugin loop checks the new close's record as a load
    would. The books are not loaded, and the snapshot left has its checkpoints at this close.
    """
    if snapshot.full_validation_forced():
        return False
    contents = snapshot.read_books(ledger)
    snap = snapshot.load(ledger, snapshot.content_key(contents))
    if snap is None or snap.checkpoint_state is None or snap.differences:
        return False
    if any(part.checkpoint is None for part in snap.books.values()):
        return False
    through = result.through
    try:
        closed = snapshot.write_path_state(snap).core.closed_through
        if closed is not None and through <= closed:
            return False  # the full close refuses it, with its rule and message
        tails = {book: snapshot.tail_entries(snap.books[book]) for book in BOOKS}
        fund = snapshot.restore(snap.checkpoint_state).fund  # as of the last closes
        for book in BOOKS:
            for entry in tails[book]:
                if entry.date <= through:
                    fund.fold(book, entry)
        pendings = {
            book: [e for e in tails[book] if in_scope(e) and e.date <= through] for book in BOOKS
        }
        placed = _close_entries(result, fund, pendings)
        changes, _ = plan_changes(ledger, placed, contents)
        hashes = chain.relative_hashes(ledger, changes)
        verdict = incremental.validate(ledger, snap, contents, changes, hashes)
        log = read_log(ledger)
        if not log.strip():
            return False  # the first audit record's baseline: the full path's business
        add_audit_record(
            ledger,
            changes,
            log,
            by=by,
            action="close",
            events=[],
            extra={"period": result.period, "through": through.isoformat()},
            current=snap.key,
            hashes=hashes,
        )
    except (incremental.NotProven, Incomplete, PostError):
        result.entries, result.allocated = {}, Decimal(0)
        return False
    write_changes(ledger, changes)
    snapshot.save(ledger, verdict.snapshot)
    result.validated = "snapshot"
    _vcs_commit(ledger, result, hashes, by)
    return True


def _state_now(ledger: Ledger) -> State:
    """The write path's state of the books as they are: the snapshot's when it is theirs
    (the period-end events read the projects, which it holds whole), else loaded."""
    if not snapshot.full_validation_forced():
        contents = snapshot.read_books(ledger)
        snap = snapshot.load(ledger, snapshot.content_key(contents))
        del contents
        if snap is not None:
            try:
                state: State = snapshot.write_path_state(snap)
                return state
            except Incomplete:
                pass
    return load_state(ledger)[0]


def _as_written(entries: list[data.Directive]) -> list[data.Directive]:
    """The entries as the books will hold them (printed and parsed), for the close's hash."""
    if not entries:
        return []
    parsed, errors, _ = parser.parse_string(format_entries(entries))
    if errors:
        raise PostError("-", "period", "close", f"结账分录无法解析 close entries: {errors[0]}")
    return list(parsed)

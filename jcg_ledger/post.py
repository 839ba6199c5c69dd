"""The write path: the one way events get into the books.

lock → recover a crashed write → load → check each event against the policy and the state
(later events of a batch see the earlier ones) → render entries → stage the new files and
load them as `bean-check` would (plugin included) → reconcile the books → commit every file
atomically, the audit record with them → unlock. A batch lands whole or not at all.
"""

from __future__ import annotations

import gc
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, cast

from beancount.core import data
from beancount.parser import printer

from jcg_ledger.audit import chain
from jcg_ledger.books import vcs
from jcg_ledger.books.init import journal_header
from jcg_ledger.books.layout import BOOKS, Ledger
from jcg_ledger.books.load import LoadedBook, gc_paused, load_books
from jcg_ledger.books.lock import locked
from jcg_ledger.books.write import Stage, fault_point, recover, write_changes
from jcg_ledger.cache import incremental, snapshot
from jcg_ledger.cache.records import Incomplete
from jcg_ledger.cache.sweep import Swept, SweptBook, mirrored, sweep
from jcg_ledger.events.base import Event
from jcg_ledger.plugins.policy import is_warning
from jcg_ledger.policy import Policy, load_policy
from jcg_ledger.reconcile import reconcile
from jcg_ledger.render import RENDERERS, Context, Placed, Refusal
from jcg_ledger.rules import doc_no
from jcg_ledger.rules.future_date import check_not_future
from jcg_ledger.rules.period import check_open_period
from jcg_ledger.state import State
from jcg_ledger.today import today
from jcg_ledger.violation import CarriesViolation, Violation

#: An event with attachments that writes no transaction (a ``custom`` only: an approval).
ATTACHMENT_RULE = "attachment-without-transaction"


class PostError(CarriesViolation, Exception):
    """A refused post: the `Violation` and the event it refuses. Nothing was written."""

    def __init__(self, event_id: str, field: str, rule: str, message: str) -> None:
        self.event_id = event_id
        self.violation = Violation(rule, message, field)
        super().__init__(f"[{event_id}] {field}: {message} ({rule})")

    @classmethod
    def of(cls, event_id: str, violation: Violation) -> PostError:
        error = cls(event_id, violation.field or "-", violation.rule, violation.message)
        error.violation = violation
        return error

    def as_dict(self) -> dict[str, str]:
        return {
            "event": self.event_id,
            "field": self.field,
            "rule": self.rule,
            "message": self.message,
        }


class PostErrors(PostError):
    """Every refused event of a batch (`errors`, in order); the first one is this error's own
    event, field, rule and message, so code reading one refusal keeps working."""

    def __init__(self, errors: Sequence[PostError]) -> None:
        first = errors[0]
        super().__init__(first.event_id, first.field, first.rule, first.message)
        self.violation = first.violation
        self.errors = list(errors)


def refused_batch(errors: Sequence[PostError]) -> PostError:
    """The error to raise for the refused events of a batch: one, or all of them."""
    return errors[0] if len(errors) == 1 else PostErrors(errors)


@dataclass
class PostResult:
    posted: list[str] = field(default_factory=list)
    already: list[str] = field(default_factory=list)
    text: dict[str, str] = field(default_factory=dict)  # relative file -> appended text
    files: dict[str, str] = field(default_factory=dict)  # relative file -> sha256 written
    dry_run: bool = False
    commit: str | None = None  # git commit of the write (books/vcs.py), if the books are a repo
    warnings: list[str] = field(default_factory=list)
    validated: str = ""  # "snapshot" or "full": how the books were checked (benchmarks, tests)
    fallback: str = ""  # why a post took the full path ("" when it took the snapshot path)
    # Entries folded again from a checkpoint on the snapshot path (a back-dated post): the
    # open period after the last close, or after a later mark (`cache/snapshot.Mark`).
    refolded: int = 0


def is_error(error: Any) -> bool:
    """Errors that refuse a post; warnings (tolerance exceeded…) are shown, not refused."""
    return not is_warning(error)


def format_entries(entries: Sequence[data.Directive]) -> str:
    return "".join("\n" + printer.format_entry(e) for e in entries)


def load_state(ledger: Ledger) -> tuple[State, dict[str, LoadedBook]]:
    """Load the books and fold them into the state the rules read."""
    policy = load_policy(ledger.policy_path)
    loaded = load_books(ledger)
    return fold_books(policy, loaded), loaded


def fold_books(policy: Policy, loaded: Mapping[str, LoadedBook]) -> State:
    """Fold books loaded by anyone (this module, Fava) into the state, in `BOOKS` order.

    The one fold of whole books: the write path, the reports and the Fava extension (over
    the entries Fava loaded) must all see the same state.
    """
    state = State(policy)
    for book in BOOKS:
        state.fold_all(book, loaded[book].entries)
    return state


def render_events(
    state: State,
    events: Sequence[Event],
    result: PostResult,
    posted: Mapping[str, str] | None = None,
) -> list[Placed]:
    """Check and render each event in order, folding its entries so the next one sees them.

    `posted` (the snapshot path) maps each event already in the books to its digest, as
    ``state.core.events`` does (the snapshot's state does not carry those records).
    """
    placed: list[Placed] = []
    batch: dict[str, str] = {}
    refused: list[PostError] = []
    now = today()
    for event in events:
        # Every event is checked, so a batch names every bad event at once; a refused event's
        # entries are not folded (later events are checked against the books without it).
        try:
            rendered = _render_one(state, event, result, posted, batch, now)
        except PostError as error:
            refused.append(error)
            continue
        placed.extend(rendered)
    if refused:
        raise refused_batch(refused)
    return placed


def _render_one(
    state: State,
    event: Event,
    result: PostResult,
    posted: Mapping[str, str] | None,
    batch: dict[str, str],
    now: date,
) -> list[Placed]:
    digest = event.digest()
    known = (state.core.events if posted is None else posted).get(event.id)
    earlier = batch.get(event.id)
    if known is not None or earlier is not None:
        if (known if known is not None else earlier) == digest:
            result.already.append(event.id)
            return []
        raise PostError(
            event.id,
            "id",
            "duplicate-id",
            "事件编号已用于不同内容 id already posted with other content",
        )
    batch[event.id] = digest
    closed = check_open_period(state.core.closed_through, event.date)
    if closed is not None:
        raise PostError(event.id, "date", closed.rule, closed.message)
    future = check_not_future(event.date, now)
    if future is not None:
        raise PostError(event.id, "date", future.rule, future.message)
    evidence = doc_no.check(state.policy, event.type, event.date, event.doc_no)
    if evidence is not None:
        raise PostError(event.id, "doc_no", evidence.rule, evidence.message)
    renderer = RENDERERS.get(event.type)
    if renderer is None:
        raise PostError(event.id, "type", "not-supported", f"尚不支持的事件类型 {event.type}")
    ctx = Context(state, event)
    try:
        renderer.render(event, ctx)
    except Refusal as refusal:
        raise PostError.of(event.id, refusal.violation) from None
    if event.attachments and not any(isinstance(p.entry, data.Document) for p in ctx.placed):
        raise PostError(
            event.id,
            "attachments",
            ATTACHMENT_RULE,
            f"{event.type} 不记交易,附件无处链接;请附在其拨付或结算事件上 "
            f"{event.type} writes no transaction for a document to sit beside: attach the "
            "file to the payment or settlement event",
        )
    for item in ctx.placed:
        state.fold(item.book, item.entry)
    result.posted.append(event.id)
    return ctx.placed


def plan_changes(
    ledger: Ledger, placed: Sequence[Placed], contents: Mapping[str, bytes] | None = None
) -> tuple[dict[Path, bytes], dict[str, str]]:
    """The complete new content of every file the entries go to, and the appended text.

    `contents` are the books' files as just read (by relative path), if the caller has them.
    """
    by_file: dict[Path, list[data.Directive]] = defaultdict(list)
    changes: dict[Path, bytes] = {}
    for item in placed:
        by_file[ledger.journal(item.book, item.entry.date.year)].append(item.entry)
        if item.attachment is not None:
            target = ledger.document(item.book, item.attachment.name)
            if not target.exists():  # content-addressed: a file kept once is kept
                changes[target] = item.attachment.content
    texts: dict[str, str] = {}
    for path, entries in sorted(by_file.items()):
        entries.sort(key=data.entry_sortkey)
        text = format_entries(entries)
        known = contents.get(ledger.relative(path)) if contents is not None else None
        if known is not None:
            old = known
        elif path.exists():
            old = path.read_bytes()
        else:
            old = journal_header(path.parent.parent.name, int(path.stem)).encode()
        changes[path] = old + text.encode("utf-8")
        texts[ledger.relative(path)] = text
    return changes, texts


@dataclass(frozen=True)
class Baseline:
    """What the books had wrong before a post: a post is refused only for what it adds."""

    errors: dict[str, set[str]]
    differences: set[str]

    @classmethod
    def of(cls, swept: Mapping[str, SweptBook]) -> Baseline:
        return cls(
            {book: swept[book].error_keys() for book in BOOKS},
            {d.message for d in reconcile(mirrored(swept))},
        )


def validate_stage(
    ledger: Ledger,
    stage: Stage,
    before: Baseline,
    state: State | None = None,
) -> tuple[Swept, bool]:
    """Load the staged books as bean-check would, one at a time; refuse on any error or
    reconciliation difference the post introduced.

    `state` (fresh) is folded over the staged books, and each book's snapshot part is kept, for
    the snapshot of the books after the post. Returns the staged books as swept and whether
    reconciliation differences remain (old ones).
    """
    after = sweep(ledger, state, root=stage.dir, parts=state is not None)
    for book in BOOKS:
        old = before.errors[book]
        for error in after[book].errors:
            if not error.warning and error.key not in old:
                raise PostError(error.event, "-", "bean-check", error.key)
    differences = reconcile(mirrored(after))
    for difference in differences:
        if difference.message not in before.differences:
            raise PostError(difference.link, "-", "reconciliation", difference.message)
    return after, bool(differences)


def read_log(ledger: Ledger) -> str:
    return ledger.audit_path.read_text("utf-8") if ledger.audit_path.exists() else ""


def add_audit_record(
    ledger: Ledger,
    changes: dict[Path, bytes],
    log: str,
    *,
    by: str | None,
    action: str,
    events: list[str],
    extra: dict[str, object] | None = None,
    current: Mapping[str, str] | None = None,
    hashes: dict[str, str] | None = None,
) -> dict[str, str]:
    """Add the audit record of a write to its `changes`; returns the new files' hashes.

    Refused (`PostError`, rule ``audit``) when a file about to be rewritten is not as the log
    last recorded it: rewriting it would record a fresh hash over a hand edit and hide it.
    `current` and `hashes` are the hashes of the files as they are and as they will be, when
    the caller has them (the snapshot path). The first record also records the hashes of
    every other book file (its baseline).
    """
    stale = chain.stale_file(ledger, log, list(changes), current)
    if stale is not None:
        raise PostError("-", "-", "audit", f"{stale.message} — run `jcg audit verify`")
    if hashes is None:
        hashes = chain.relative_hashes(ledger, changes)
    baseline = None if log.strip() else chain.baseline_hashes(ledger, changes)
    written: dict[Path, bytes] = dict(changes)
    for name in baseline or {}:
        written[ledger.root / name] = (ledger.root / name).read_bytes()
    changes[ledger.audit_path] = chain.append_record(
        log,
        by=chain.operator(by),
        action=action,
        events=events,
        files=hashes,
        baseline=baseline,
        extra={**(extra or {}), "entries": chain.entries_record(ledger, log, written)},
    ).encode("utf-8")
    return hashes


def _vcs_commit(ledger: Ledger, result: PostResult, by: str | None) -> None:
    """Commit the write to git when the books folder is a repository (books/vcs.py)."""
    files = [*result.files, ledger.relative(ledger.audit_path)]
    message = f"jcg post: {', '.join(result.posted)}"[:2000]
    result.commit, problem = vcs.commit(ledger, files, message, chain.operator(by))
    if problem:
        result.warnings.append(problem)
    fault_point("after-vcs")


def post(
    ledger: Ledger, events: Sequence[Event], *, dry_run: bool = False, by: str | None = None
) -> PostResult:
    """Post a batch of events: all land, or none does (`PostError`)."""
    result = PostResult(dry_run=dry_run)
    with locked(ledger):
        fault_point("after-lock")
        recover(ledger)
        fault_point("after-recover")
        fallback = "forced" if snapshot.full_validation_forced() else "no snapshot"
        contents = None if snapshot.full_validation_forced() else snapshot.read_books(ledger)
        snap = snapshot.load(ledger, snapshot.content_key(contents)) if contents else None
        if snap is not None and contents is not None:
            with gc_paused():  # short-lived process, few cycles: collection only costs
                fast = _post_fast(ledger, snap, contents, events, dry_run=dry_run, by=by)
            if isinstance(fast, PostResult):
                return fast
            fallback = fast
        contents = snap = None  # the full path reads the books itself: hold no copy of them
        policy = load_policy(ledger.policy_path)
        state = State(policy)
        before = Baseline.of(sweep(ledger, state))  # one book at a time: only the state stays
        placed = render_events(state, events, result)
        del state  # the staged books are folded afresh, for the snapshot
        gc.collect()  # and its memory serves their load
        if not placed:
            return result
        changes, result.text = plan_changes(ledger, placed)
        if dry_run:
            return result
        hashes = add_audit_record(
            ledger, changes, read_log(ledger), by=by, action="post", events=result.posted
        )
        stage = Stage(ledger, changes)
        try:
            stage.build()
            changes.clear()  # written to the stage; only its names are needed from here
            after_state = None if snapshot.full_validation_forced() else State(policy)
            staged, differences = validate_stage(ledger, stage, before, after_state)
            fault_point("before-commit")
            stage.commit()
        finally:
            stage.discard()
        result.files = hashes
        _vcs_commit(ledger, result, by)
        result.validated = "full"
        result.fallback = fallback
        if after_state is not None:
            save_snapshot(ledger, after_state, staged, differences)
    return result


def refresh_snapshot(ledger: Ledger) -> bool:
    """Load the books fully and snapshot them (under the lock); False if they do not load.

    Posts keep the snapshot current themselves; this primes it, e.g. after a hand edit.
    """
    with locked(ledger):
        recover(ledger)
        state = State(load_policy(ledger.policy_path))
        swept = sweep(ledger, state, parts=True)
        if not all(b.plugin_ran for b in swept.values()):
            return False
        save_snapshot(ledger, state, swept, bool(reconcile(mirrored(swept))))
    return True


def _post_fast(
    ledger: Ledger,
    snap: snapshot.Snapshot,
    contents: dict[str, bytes],
    events: Sequence[Event],
    *,
    dry_run: bool,
    by: str | None,
) -> PostResult | str:
    """The post, checked against the snapshot; or why only the full path can decide.

    Refusals are never decided here: a refused event sends the post down the full path, so
    every refusal carries exactly the full path's rule and message.
    """
    result = PostResult(dry_run=dry_run)
    try:
        placed = render_events(snapshot.write_path_state(snap), events, result, snap.posted)
    except PostError:
        return "refused"  # the full path refuses, with its rule and message
    except Incomplete as missing:
        return f"snapshot incomplete: {missing}"
    if not placed:
        return result
    changes, result.text = plan_changes(ledger, placed, contents)
    if dry_run:
        return result
    if any(path.suffix != ".beancount" for path in changes):
        return "attached files"  # the full path stages and loads them
    hashes = chain.relative_hashes(ledger, changes)
    try:
        verdict = incremental.validate(ledger, snap, contents, changes, hashes)
    except incremental.NotProven as why:
        return why.reason
    except Incomplete as missing:
        return f"snapshot incomplete: {missing}"
    log = read_log(ledger)
    if not log.strip():
        return "first audit record"  # its baseline: the full path's business
    try:
        add_audit_record(
            ledger,
            changes,
            log,
            by=by,
            action="post",
            events=result.posted,
            current=snap.key,
            hashes=hashes,
        )
    except PostError:
        return "audit refused"  # the full path's refusal, with its message
    write_changes(ledger, changes)
    result.files = hashes
    result.validated = "snapshot"
    result.refolded = verdict.refolded
    snapshot.save(ledger, verdict.snapshot)
    _vcs_commit(ledger, result, by)
    return result


def save_snapshot(ledger: Ledger, state: State, swept: Swept, differences: bool) -> None:
    """Snapshot the books just committed, so the next post need not reload them."""
    if snapshot.full_validation_forced():
        return
    try:
        parts = {book: swept[book].part for book in BOOKS}
        files = snapshot.files_of(ledger)
        with gc_paused():
            snap = snapshot.build(
                ledger, files, state, cast(Any, parts), differences, swept.checkpoint
            )
        snapshot.save(ledger, snap)
    except Exception:  # a snapshot is only ever a shortcut; never fail a committed post
        snapshot.discard(ledger)

"""Rule ``period-closed`` — nothing is posted into a closed period, and a closed period stays
as it was closed.

`jcg close 2025-03` closes every month up to 2025-03-31. It writes one directive per book that
records how many entries the period holds and a hash of them::

    2025-03-31 custom "jcg-close" "2025-03"
      entries: 14
      hash: "9f2c…"

From then on:

* an event dated 2025-03-31 or earlier is refused by `jcg post`, naming the period
  (``check_open_period``); a correction is posted as a new event in the open period;
* a hand edit of an entry dated inside the period — a changed amount, a deleted or an added
  transaction — no longer matches the recorded hash, and bean-check (the policy plugin) fails
  on the close directive (``check_close_record``)::

    2025-03-10 * "补贴核定"      ; hand-edited from 500000.00 to 600000.00 after the close
    ...
    2025-03-31 custom "jcg-close" "2025-03"   ; error: [period-closed] 2025-03 changed
      entries: 14
      hash: "9f2c…"

* an entry dated inside the period that sorts after the close directive is refused too
  (``check_after_close``).

Each close hashes the entries since the previous close (dated after it, up to its own date),
so a load hashes every entry at most once. ``open``, ``close`` and ``commodity`` directives are
outside the hash: the write path opens a new investee's account at the policy's effective date,
which may lie inside a closed period, and an opened account moves no money.
"""

from __future__ import annotations

import calendar
import hashlib
import re
from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal

from beancount.core import compare, data

from jcg_ledger.violation import Violation

RULE = "period-closed"
CLOSE_DIRECTIVE = "jcg-close"

_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
# Metadata Beancount adds by itself: where the entry is, not what it says.
_POSITION_KEYS = frozenset({"filename", "lineno"})


def month_end(period: str) -> date:
    """The last day of a ``YYYY-MM`` period; `ValueError` for anything else."""
    match = _MONTH.fullmatch(period)
    if not match:
        raise ValueError(f"期间须为 YYYY-MM period must be YYYY-MM: {period!r}")
    year, month = int(match.group(1)), int(match.group(2))
    return date(year, month, calendar.monthrange(year, month)[1])


def period_name(through: date) -> str:
    return f"{through.year:04d}-{through.month:02d}"


def check_open_period(closed_through: date | None, on: date) -> Violation | None:
    """An event dated on or before the last closed month end is refused, naming the period."""
    if closed_through is None or on > closed_through:
        return None
    return Violation(
        RULE,
        f"{period_name(closed_through)} 及以前期间已结账,日期 {on} 不可过账;更正请记入未结账期间 "
        f"the period through {closed_through} is closed: {on} cannot be posted; "
        f"post the correction dated after {closed_through}",
    )


def is_close(entry: data.Directive) -> bool:
    return isinstance(entry, data.Custom) and entry.type == CLOSE_DIRECTIVE


def in_scope(entry: data.Directive) -> bool:
    """Whether a close covers the entry: everything but the chart (open/close/commodity)."""
    return not isinstance(entry, data.Open | data.Close | data.Commodity) and not is_close(entry)


def _meta_text(meta: Mapping[str, object] | None) -> str:
    if not meta:
        return ""
    items = sorted(
        (k, str(v)) for k, v in meta.items() if k not in _POSITION_KEYS and not k.startswith("__")
    )
    return repr(items)


def entry_digest(entry: data.Directive) -> str:
    """A hash of what an entry says, independent of where it sits (file, line) in the books."""
    parts = [compare.hash_entry(entry, exclude_meta=True), _meta_text(entry.meta)]
    if isinstance(entry, data.Transaction):
        parts.extend(sorted(_meta_text(p.meta) for p in entry.postings))
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def fingerprint(entries: Iterable[data.Directive]) -> tuple[int, str]:
    """Count and order-independent hash of the in-scope entries."""
    digests = sorted(entry_digest(e) for e in entries if in_scope(e))
    return len(digests), hashlib.sha256("\n".join(digests).encode()).hexdigest()


def close_through(entry: data.Directive) -> date:
    """The month end a close directive closes (its date)."""
    return entry.date


def since_last_close(entries: Iterable[data.Directive]) -> list[data.Directive]:
    """The in-scope entries of a book (in order) that sort after its last close directive.

    What the next close hashes (those dated up to its own date): the same entries the plugin
    hands `check_close_record` when it meets that close directive.
    """
    pending: list[data.Directive] = []
    for entry in entries:
        if is_close(entry):
            pending = []
        elif in_scope(entry):
            pending.append(entry)
    return pending


def check_close_record(
    entry: data.Directive, pending: Iterable[data.Directive]
) -> Violation | None:
    """The period a close directive closed still holds exactly the entries it recorded."""
    meta = entry.meta or {}
    count, digest = fingerprint(e for e in pending if e.date <= entry.date)
    recorded_count = meta.get("entries")
    recorded_hash = meta.get("hash")
    if recorded_count == Decimal(count) and recorded_hash == digest:
        return None
    return Violation(
        RULE,
        f"已结账期间 {period_name(entry.date)} 被改动:结账时 {recorded_count} 条分录,现有 {count} 条,"
        f"哈希不符 closed period {period_name(entry.date)} changed after the close "
        f"(recorded {recorded_count} entries, now {count}; hash differs)",
    )


def check_after_close(closed_through: date | None, entry: data.Directive) -> Violation | None:
    """An entry dated inside a closed period that sorts after its close directive."""
    if closed_through is None or not in_scope(entry) or entry.date > closed_through:
        return None
    return Violation(
        RULE,
        f"分录日期 {entry.date} 位于已结账期间 {period_name(closed_through)} "
        f"entry dated {entry.date} lies in the closed period through {closed_through}",
    )

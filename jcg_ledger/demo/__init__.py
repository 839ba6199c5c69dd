"""`jcg demo DIR`: demo books built by posting events through the same write path as staff.

The story is told in chapters (registry, budgets, subsidies, projects, fund); each chapter is a
list of plain JSON-like events, validated and posted as one batch, exactly as `jcg post` does.
Then the year ends are closed with `jcg close` (`fund.CLOSES`), which allocates the fund's
profit and loss to its partners.

The story runs to the end of 2028 (the scaled events to 2029-12-28, each month but the last
closed: `scale.py`), so the demo lives on its own timeline: it is built with today fixed at
`DEMO_TODAY`, whatever the clock says, and whoever reads the demo books sets ``JCG_TODAY`` to
it (scripts/demo.sh does), or every event after the real date would be refused as dated in
the future (rules/future_date.py).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from jcg_ledger.books.init import init_ledger
from jcg_ledger.books.layout import Ledger
from jcg_ledger.close import close_period
from jcg_ledger.demo import fund, projects, registry, subsidies
from jcg_ledger.events import parse_event
from jcg_ledger.post import post
from jcg_ledger.rules.period import month_end
from jcg_ledger.today import fixed

# The demo's today: after its last event (scaled ones included), inside the policy's window.
DEMO_TODAY = date(2029, 12, 31)

Chapter = Callable[[random.Random], list[dict[str, Any]]]

# The demo's books are closed through this month (`jcg close`, as of the day after it): the close
# books P-PHOTON's overdue tranche as a receivable and P-MAGNET's interest to the month end.
# The story's later events (`projects.after_close`) follow the close.
CLOSE_PERIOD = "2026-10"

CHAPTERS: tuple[Chapter, ...] = (
    registry.events,
    registry.budgets,
    subsidies.events,
    projects.events,
    fund.events,
)


def post_raw(ledger: Ledger, raw: list[dict[str, Any]], by: str = "demo") -> int:
    events = [parse_event(r, f"demo#{i}") for i, r in enumerate(raw, start=1)]
    return len(post(ledger, events, by=by).posted)


def build_demo(
    directory: Path,
    *,
    scale: int = 0,
    seed: int = 1,
    close: bool = False,
    rate_of: int | None = None,
) -> tuple[Ledger, int]:
    """Build the demo books in ``directory`` with today fixed at `DEMO_TODAY`: post every
    chapter; with ``close``, then close the books through `CLOSE_PERIOD` (what `jcg demo`
    does; tests that post into the demo's past leave it open); then ``scale`` more events, at
    the daily rate of ``rate_of`` events if given (`scale.scaled_start`)."""
    with fixed(DEMO_TODAY):
        return _build(directory, scale=scale, seed=seed, close=close, rate_of=rate_of)


def close_through(ledger: Ledger, period: str, *, by: str = "demo") -> int:
    """Close through ``period`` as of the day after its end; the period-end events posted."""
    through = month_end(period)
    return len(close_period(ledger, period, by=by, today=through + timedelta(days=1)).posted)


def _build(
    directory: Path, *, scale: int, seed: int, close: bool, rate_of: int | None = None
) -> tuple[Ledger, int]:
    ledger = init_ledger(directory)
    rng = random.Random(seed)
    count = 0
    for chapter in CHAPTERS:
        raw = chapter(rng)
        if raw:
            count += post_raw(ledger, raw)
    # Month ends closed in date order: the fund's year ends (its allocation) and, with
    # ``close``, `CLOSE_PERIOD` (P-PHOTON's receivable, P-MAGNET's interest); the story's
    # later events (`projects.after_close`) follow `CLOSE_PERIOD` and precede later closes.
    periods = sorted({*fund.CLOSES, *((CLOSE_PERIOD,) if close else ())})
    later = [p for p in periods if p > CLOSE_PERIOD]
    for period in [p for p in periods if p <= CLOSE_PERIOD]:
        count += close_through(ledger, period)
    count += post_raw(ledger, projects.after_close(rng))
    for period in later:
        count += close_through(ledger, period)
    if scale:
        from jcg_ledger.demo.scale import post_scaled

        count += post_scaled(ledger, rng, scale, rate_of=rate_of)
    return ledger, count

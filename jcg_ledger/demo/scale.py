"""`jcg demo --scale N`: N more events, a realistic mix, for benchmarks.

Five years of a programme after the demo's story: entities registered, subsidies approved
and paid, money entrusted to the platform, projects approved and disbursed, the fund's fees;
every year's budget appropriated first. Dates never go backwards within a month, and each
month is closed once its events are posted (`jcg close`, as a finance office closes every
month, 月结), except the last: the books end closed through the month before their last
one, with the scaled events running to late in that open month (`END`), so a post dated
weeks before the last entry still lies in the open period.

Kinds whose renderer does not exist (yet) are left out; a kind the rules refuse is dropped
for the rest of the run (with every event that depended on a dropped one), so the mix
degrades instead of failing. Batches grow with N (a tenth of it, at least 2,000 events) and
never span a month end, so even when a batch must take the full path, the number of full
loads stays bounded: the posts cost time linear in N, and the closes (one per month from the
story's end to `END`, whatever N) a fixed number of whole-book loads each.
"""

from __future__ import annotations

import math
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from jcg_ledger.books.layout import BOOKS, Ledger
from jcg_ledger.events import parse_event
from jcg_ledger.post import PostError, post
from jcg_ledger.render import RENDERERS

START = date(2025, 4, 1)
END = date(2029, 12, 28)  # inside the policy's five-year window; late in the open month

DATE = re.compile(r"^(\d{4}-\d{2}-\d{2}) ", re.MULTILINE)

# Most events of a kind (none capped: the rules read indexes, not every earlier award or
# project, so every kind keeps its share of the mix at any scale).
LIMITS: dict[str, int] = {}

# kind: (event type, weight)
MIX: dict[str, tuple[str, int]] = {
    "register": ("entity.register", 12),
    "approve": ("subsidy.approve", 20),
    "pay": ("subsidy.pay", 20),
    "entrust": ("project.fund", 12),
    "project": ("project.approve", 8),
    "disburse": ("project.disburse", 10),
    "fee": ("fund.fee", 2),
}


@dataclass
class Generator:
    """Draws events in date order, keeping the pools later events refer to."""

    rng: random.Random
    total: int
    start: date = START
    made: int = 0
    disabled: set[str] = field(default_factory=set)
    kind_of: dict[str, str] = field(default_factory=dict)
    deps: dict[str, list[str]] = field(default_factory=dict)
    entities: list[tuple[str, str]] = field(default_factory=list)  # (code, event id)
    approvals: list[str] = field(default_factory=list)
    projects: list[tuple[str, str, int]] = field(default_factory=list)  # (code, id, amount)
    budget_years: set[int] = field(default_factory=set)

    counts: dict[str, int] = field(default_factory=dict)

    def available(self, kind: str) -> bool:
        if self.counts.get(kind, 0) >= LIMITS.get(kind, self.total + 1):
            return False
        return kind not in self.disabled and MIX[kind][0] in RENDERERS

    def on(self) -> date:
        days = (END - self.start).days
        return self.start + timedelta(days=days * self.made // max(self.total, 1))

    def _emit(self, kind: str, raw: dict[str, Any], deps: list[str]) -> dict[str, Any]:
        self.kind_of[raw["id"]] = kind
        self.deps[raw["id"]] = deps
        self.counts[kind] = self.counts.get(kind, 0) + 1
        self.made += 1
        return raw

    def next(self) -> dict[str, Any]:
        day = self.on()
        n = self.made
        if day.year not in self.budget_years and "budget.appropriate" in RENDERERS:
            self.budget_years.add(day.year)
            return self._emit(
                "budget",
                {"id": f"s-bud-{day.year}", "type": "budget.appropriate",
                 "date": day.isoformat(), "year": day.year, "department": "sci-tech",
                 "amount": "5000亿"},
                [],
            )  # fmt: skip
        kinds = [k for k in MIX if self.available(k)]
        if not self.entities:
            kinds = [k for k in kinds if k in ("register", "entrust", "fee")] or kinds
        if not self.approvals:
            kinds = [k for k in kinds if k != "pay"]
        if not self.projects:
            kinds = [k for k in kinds if k != "disburse"]
        if not kinds:
            kinds = ["entrust"]
        kind = self.rng.choices(kinds, weights=[MIX[k][1] for k in kinds])[0]
        iso = day.isoformat()
        if kind == "register":
            code = f"S{n:07d}"
            raw = {"id": f"s-reg-{n}", "type": "entity.register", "date": iso, "entity": code,
                   "name": f"规模测试企业{n}", "kind": "company", "admitted": iso,
                   "paid_in_capital": "80万"}  # fmt: skip
            self.entities.append((code, raw["id"]))
            return self._emit(kind, raw, [])
        if kind == "approve":
            code, reg = self.entities.pop(self.rng.randrange(len(self.entities)))
            raw = {"id": f"s-appr-{n}", "type": "subsidy.approve", "date": iso, "entity": code,
                   "measure": "startup-capital", "subject": f"{code} 注册资本",
                   "base": "800000"}  # fmt: skip
            self.approvals.append(raw["id"])
            return self._emit(kind, raw, [reg])
        if kind == "pay":
            approval = self.approvals.pop(0)
            raw = {"id": f"s-pay-{n}", "type": "subsidy.pay", "date": iso, "approval": approval}
            return self._emit(kind, raw, [approval])
        if kind == "project":
            # One live project per investee: take the entity out of the pool.
            code, reg = self.entities.pop(self.rng.randrange(len(self.entities)))
            amount = self.rng.randint(5, 50) * 10000
            raw = {"id": f"s-proj-{n}", "type": "project.approve", "date": iso,
                   "project": f"SP{n:07d}", "entity": code, "amount": str(amount)}  # fmt: skip
            self.projects.append((f"SP{n:07d}", raw["id"], amount))
            return self._emit(kind, raw, [reg])
        if kind == "disburse":
            project, approve_id, amount = self.projects.pop(0)
            raw = {"id": f"s-disb-{n}", "type": "project.disburse", "date": iso,
                   "project": project, "amount": str(amount)}  # fmt: skip
            return self._emit(kind, raw, [approve_id])
        if kind == "fee":
            raw = {"id": f"s-fee-{n}", "type": "fund.fee", "date": iso, "amount": "1000",
                   "period": iso[:7]}  # fmt: skip
            return self._emit(kind, raw, [])
        raw = {"id": f"s-fund-{n}", "type": "project.fund", "date": iso,
               "amount": str(self.rng.randint(100, 1000) * 10000)}  # fmt: skip
        return self._emit("entrust", raw, [])

    def drop(self, batch: list[dict[str, Any]], kind: str) -> list[dict[str, Any]]:
        """Disable a refused kind; the batch without it and without what depended on it."""
        self.disabled.add(kind)
        gone = {e["id"] for e in batch if self.kind_of.get(e["id"]) == kind}
        kept: list[dict[str, Any]] = []
        for event in batch:
            if event["id"] in gone or any(d in gone for d in self.deps.get(event["id"], [])):
                gone.add(event["id"])
            else:
                kept.append(event)
        self.entities = [e for e in self.entities if e[1] not in gone]
        self.approvals = [a for a in self.approvals if a not in gone]
        self.projects = [p for p in self.projects if p[1] not in gone]
        return kept


def batch_size(scale: int) -> int:
    return max(2000, math.ceil(scale / 10))


def month_of(day: date) -> str:
    return day.isoformat()[:7]


def next_batch(gen: Generator, size: int) -> list[dict[str, Any]]:
    """Up to ``size`` events of the month of the next one: a batch never spans a month end."""
    month = month_of(gen.on())
    batch: list[dict[str, Any]] = []
    while gen.made < gen.total and len(batch) < size and month_of(gen.on()) == month:
        batch.append(gen.next())
    return batch


def scaled_batches(rng: random.Random, scale: int) -> Iterator[list[dict[str, Any]]]:
    """The events in batches (without posting; refusals are not handled)."""
    gen = Generator(rng, scale)
    size = batch_size(scale)
    while gen.made < scale:
        yield next_batch(gen, size)


def last_date(ledger: Ledger) -> date:
    """The latest date in the books: the scaled years follow the demo's story."""
    latest = START
    for book in BOOKS:
        files = sorted((ledger.book_dir(book) / "journal").glob("*.beancount"))
        if files:
            for found in DATE.findall(files[-1].read_text("utf-8")):
                latest = max(latest, date.fromisoformat(found))
    return latest


def scaled_start(first: date, scale: int, rate_of: int | None = None) -> date:
    """The first day of the scaled events: ``first`` (the day after the story), or, with
    ``rate_of`` M > ``scale`` N, the start of the last N/M of the days from ``first`` to `END`
    (rounded to the day) — the N events then come at the daily rate of M events over the whole
    span, so each month holds what it holds in the build of M events.

    The open month is what a back-dated post refolds: books of 10,000 events built at the rate
    of 100,000 hold the 100,000-event build's open month, and ten times fewer events before it
    (the benchmark's books of the same open period, `bench/run.py`)::

        >>> scaled_start(date(2028, 12, 21), 10_000, 100_000)
        datetime.date(2029, 11, 21)
    """
    first = min(first, END)
    if rate_of is None or rate_of <= scale:
        return first
    days = (END - first).days
    return END - timedelta(days=round(Decimal(days * scale) / rate_of))


def post_scaled(
    ledger: Ledger,
    rng: random.Random,
    scale: int,
    by: str = "demo",
    *,
    gen: Generator | None = None,
    rate_of: int | None = None,
) -> int:
    """Post `scale` generated events (drawn by ``gen``, by default a `Generator` starting the
    day after the books' last entry, or later at ``rate_of``: `scaled_start`), closing each
    month once its events are posted, except the last; returns how many events were posted
    (period-end events of the closes too)."""
    from jcg_ledger.demo import close_through

    if gen is None:
        start = scaled_start(last_date(ledger) + timedelta(days=1), scale, rate_of)
        gen = Generator(rng, scale, start=start)
    size = batch_size(gen.total)
    posted = 0
    while gen.made < gen.total:
        month = month_of(gen.on())
        posted += post_batch(ledger, gen, next_batch(gen, size), by)
        if gen.made < gen.total and month_of(gen.on()) != month:
            posted += close_through(ledger, month, by=by)
    return posted


def post_batch(ledger: Ledger, gen: Generator, batch: list[dict[str, Any]], by: str) -> int:
    """Post one batch; a refused kind is dropped (`Generator.drop`) and the rest posted."""
    while batch:
        events = [parse_event(r, f"scale#{i}") for i, r in enumerate(batch, start=1)]
        try:
            return len(post(ledger, events, by=by).posted)
        except PostError as refusal:
            kind = gen.kind_of.get(refusal.event_id)
            if kind is None:
                raise
            batch = gen.drop(batch, kind)
    return 0

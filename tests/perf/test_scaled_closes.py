"""`jcg demo --scale N` closes each month as staff would (月结), leaving its last month open.

The story's last entry is dated 2028-12-20 (tests/foundation/test_today.py), so the scaled
events run from 2028-12-21 to before `scale.END` (2029-12-28): thirteen months, December 2028
to December 2029. Each of the twelve months December 2028 … November 2029 is closed once its
events are posted (one ``jcg-close`` directive per book, dated the month end); December 2029
stays open, and holds the last scaled entries.
"""

from __future__ import annotations

import random
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from jcg_ledger.books.layout import BOOKS, Ledger
from jcg_ledger.check import check
from jcg_ledger.demo import DEMO_TODAY, build_demo
from jcg_ledger.demo.scale import END, Generator, last_date, post_scaled, scaled_start
from jcg_ledger.today import fixed

CLOSE = re.compile(r'^(\d{4}-\d{2}-\d{2}) custom "jcg-close" "(\d{4}-\d{2})"', re.MULTILINE)

# December 2028 to November 2029, worked out by hand from the dates above.
SCALED_CLOSES = ["2028-12", *(f"2029-{m:02d}" for m in range(1, 12))]
MONTH_ENDS = [
    date(2028, 12, 31), date(2029, 1, 31), date(2029, 2, 28), date(2029, 3, 31),
    date(2029, 4, 30), date(2029, 5, 31), date(2029, 6, 30), date(2029, 7, 31),
    date(2029, 8, 31), date(2029, 9, 30), date(2029, 10, 31), date(2029, 11, 30),
]  # fmt: skip


def closes(ledger: Ledger, book: str) -> list[tuple[date, str]]:
    return [
        (date.fromisoformat(on), period)
        for path in sorted((ledger.book_dir(book) / "journal").glob("*.beancount"))
        for on, period in CLOSE.findall(path.read_text("utf-8"))
    ]


def assert_closed_monthly(ledger: Ledger, first: int = 0) -> None:
    """Every book closed at each month end from ``MONTH_ENDS[first]`` on, never in 2029-12."""
    for book in BOOKS:
        found = closes(ledger, book)
        scaled = [(on, period) for on, period in found if on > date(2028, 12, 20)]
        assert scaled == list(zip(MONTH_ENDS, SCALED_CLOSES, strict=True))[first:], book
        assert all(period != "2029-12" for _, period in found)


@pytest.fixture(scope="module")
def scaled(tmp_path_factory: pytest.TempPathFactory) -> Ledger:
    ledger, _ = build_demo(tmp_path_factory.mktemp("scaled") / "books", scale=250)
    return ledger


def test_every_month_but_the_last_is_closed(scaled: Ledger) -> None:
    assert_closed_monthly(scaled)
    # The open month holds the last scaled entries: a post dated weeks before the last
    # entry still lies after the last close (2029-11-30).
    last = last_date(scaled)
    assert date(2029, 12, 1) <= last < END <= DEMO_TODAY


def test_scaled_books_pass_check(scaled: Ledger, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JCG_TODAY", DEMO_TODAY.isoformat())
    result = check(scaled)
    assert result.ok, result


class RefusedPay(Generator):
    """The scaled mix, but its first event in October 2029 is a payment of an approval that
    does not exist: the rules refuse it (subsidy.pay of an unknown approval)."""

    def next(self) -> dict[str, Any]:
        day = self.on()
        if day >= date(2029, 10, 1) and "pay" not in self.disabled and "bad" not in self.kind_of:
            self.kind_of["bad"] = "pay"
            raw = {"id": "s-pay-bad", "type": "subsidy.pay", "date": day.isoformat(),
                   "approval": "s-appr-none"}  # fmt: skip
            return self._emit("pay", raw, [])
        return super().next()


def test_a_refused_kind_is_dropped_and_the_months_still_closed(tmp_path: Path) -> None:
    ledger, _ = build_demo(tmp_path / "books")
    rng = random.Random(2)
    # September to December 2029 only (three closes): the first close, 2029-09, closes the
    # story's 2028 and the months before it too.
    gen = RefusedPay(rng, 300, start=date(2029, 9, 1))
    with fixed(DEMO_TODAY):
        posted = post_scaled(ledger, rng, 300, gen=gen)
    assert "pay" in gen.disabled
    assert 0 < posted < 300
    text = "".join(
        p.read_text("utf-8") for b in BOOKS for p in (ledger.book_dir(b) / "journal").glob("*")
    )
    assert "s-pay-bad" not in text
    # Payments in September were posted; none from the refused batch on.
    pays = re.findall(r"^(\d{4}-\d{2}-\d{2}) .*\^s-pay-", text, re.MULTILINE)
    assert pays and min(pays) >= "2029-09-01" and max(pays) < "2029-10-01"
    assert_closed_monthly(ledger, first=MONTH_ENDS.index(date(2029, 9, 30)))


def december(total: int, start: date) -> int:
    """How many of a generator's ``total`` events it dates in December 2029."""
    gen = Generator(random.Random(3), total, start=start)
    days = [gen.next()["date"] for _ in range(total)]
    return sum(1 for day in days if day.startswith("2029-12"))


def test_at_the_rate_of_a_larger_build_the_open_month_is_the_same() -> None:
    """`jcg demo --scale N --rate-of M`: the benchmark's books with the open month of the
    M-event build and N/M of its events before it."""
    first = date(2028, 12, 21)  # the day after the story
    # 372 days from 2028-12-21 to 2029-12-28; a tenth is 37.2 days: 37 days before END.
    assert scaled_start(first, 10_000, 100_000) == date(2029, 11, 21)
    assert scaled_start(first, 300, None) == first == scaled_start(first, 300, 300)
    assert scaled_start(date(2030, 1, 5), 300, 1200) == END
    # Event k of n is dated start + days*k//n. December 2029 starts 345 days after
    # 2028-12-21: 372k//1200 >= 345 from k = 1113, so k = 1113..1199 (87 events). At the
    # rate of 1,200, 300 events start 93 days before END (2029-09-26), December 66 days
    # later: 93k//300 >= 66 from k = 213, so k = 213..299 (87 events).
    assert scaled_start(first, 300, 1200) == date(2029, 9, 26)
    assert december(1200, first) == 87
    assert december(300, scaled_start(first, 300, 1200)) == 87
    # Without the rate, the 300 events are spread over the whole year: a quarter as many.
    # Without it, the 300 events spread over the whole year: 372k//300 >= 345 from k = 279,
    # so k = 279..299 (21 events), a quarter of the month at the rate of 1,200.
    assert december(300, first) == 21


def test_books_at_the_rate_of_a_larger_build_are_closed_monthly_and_pass_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`jcg demo --scale 100 --rate-of 400`: the 100 events start 93 days before END
    (372 × 100/400), on 2029-09-26; September, October and November are closed (the first
    close, 2029-09, closes the story's months too), December is open, and the books check."""
    ledger, _ = build_demo(tmp_path / "books", scale=100, rate_of=400)
    assert_closed_monthly(ledger, first=MONTH_ENDS.index(date(2029, 9, 30)))
    text = "".join(
        p.read_text("utf-8") for p in (ledger.book_dir("city") / "journal").glob("*.beancount")
    )
    scaled = re.findall(r"^(\d{4}-\d{2}-\d{2}) .*\^s-", text, re.MULTILINE)
    assert scaled and min(scaled) >= "2029-09-26" and max(scaled) < END.isoformat()
    monkeypatch.setenv("JCG_TODAY", DEMO_TODAY.isoformat())
    result = check(ledger)
    assert result.ok, result

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
from jcg_ledger.demo.scale import END, Generator, last_date, post_scaled
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

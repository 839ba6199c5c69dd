"""Every named query of `reports/queries.beancount` runs in beanquery on the demo books."""

from __future__ import annotations

from typing import Any

import pytest
from beancount import loader
from beancount.core import data
from beanquery import query as bq

from jcg_ledger.books.layout import BOOKS, Ledger

EXPECTED = {
    "事件 events-by-id",
    "补贴按主体 by entity",
    "回购分期 open-tranches",
    "基金现金流 fund-cash-flows",
    "出资人资本账户 LP capital",
}


@pytest.mark.parametrize("book", BOOKS)
def test_named_queries_run(demo: Ledger, book: str) -> None:
    entries, _errors, options = loader._uncached_load_file(str(demo.main(book)), None, [], None)
    queries = [e for e in entries if isinstance(e, data.Query)]
    assert {q.name for q in queries} >= EXPECTED
    for q in queries:
        rtypes, _rows = bq.run_query(entries, options, q.query_string)
        assert rtypes, q.name
    events: Any = bq.run_query(
        entries, options, next(q for q in queries if "events-by-id" in q.name).query_string
    )
    if book == "city":
        assert events[1], "the demo city book has events"


def test_named_queries_read_whole_in_the_sidebar(demo: Ledger) -> None:
    """Fava 1.30's sidebar shows a query name of 25 characters or more as its tail after the
    25th character (`truncate`): every name is shorter, so it reads whole."""
    entries, _errors, _options = loader._uncached_load_file(str(demo.main("city")), None, [], None)
    names = [e.name for e in entries if isinstance(e, data.Query)]
    assert names
    assert [n for n in names if len(n) >= 25] == []

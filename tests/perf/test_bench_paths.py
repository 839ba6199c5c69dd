"""The benchmark reads which path each post took (`post --json`) and where the open period is."""

from __future__ import annotations

import json
from datetime import date

from bench.run import WARM_ROW, fallbacks, last_close, last_entry, post_json, render_paths
from jcg_ledger.books.layout import Ledger


def test_post_json_is_found_among_warnings() -> None:
    payload = {"ok": True, "posted": ["e1"], "validated": "full", "fallback": "no snapshot"}
    out = "warning: {not json}\n" + json.dumps(payload, indent=2) + "\n"
    assert post_json(out) == payload
    assert post_json("Traceback …\n") is None


def test_fall_backs_are_counted_the_forced_ones_and_the_next_aside() -> None:
    result = {
        "paths": {
            "jcg post, repeated": {"snapshot": 3},
            "jcg post, full path": {"full: forced": 1},
            WARM_ROW: {"full: no snapshot": 1},  # the forced post wrote no snapshot
            "jcg post, 10 days back": {"full: entry sorts before the book's last entry": 2,
                                       "snapshot": 1},
        }
    }  # fmt: skip
    posts, full, reasons = fallbacks(result)
    assert (posts, full) == (6, 2)  # 3 + 3 posts, 2 of them on the full path; forced aside
    assert reasons == {
        "forced": 1,
        "no snapshot": 1,
        "entry sorts before the book's last entry": 2,
    }
    assert "**2 (33%) fell back to the full path**" in render_paths(result)[0]
    # The entries each back-dated post refolded (`post --json` "refolded"), in order.
    result["refolded"] = {"jcg post, 10 days back": [0, 9600]}
    assert (
        "| jcg post, 10 days back | 1 | full: entry sorts before the book's last entry ×2 | 0, 9,600 |"
        in (render_paths(result))
    )


def test_the_demo_books_last_entry_and_close(demo_books: Ledger) -> None:
    # The story ends with a fund fee on 2028-12-20; `jcg demo` closes the fund's year ends
    # through 2027-12 (`fund.CLOSES`).
    assert last_entry(demo_books.root) == date(2028, 12, 20)
    assert last_close(demo_books.root) == date(2027, 12, 31)


def test_builds_table_gives_time_n_over_time_n_third() -> None:
    """`python -m bench --builds`: 300,000 built in 900 s after 100,000 in 300 s is 3.00."""
    from bench.run import render_builds

    info = {"nproc": "2", "cpu": "x", "memory": "1 GB", "python": "3", "os": "linux"}
    builds = [
        {"size": 100000, "demo": 300.0, "demo_rss": 500.0, "demo_out": "a", "closes": 16},
        {"size": 300000, "demo": 900.0, "demo_rss": 1500.0, "demo_out": "b", "closes": 16},
        {"size": 400000, "demo": 1500.0, "demo_rss": 2000.0, "demo_out": "c", "closes": 16},
    ]
    table = render_builds(builds, info)
    assert "| 300,000 | 900.0 | 1500 | b | 16 | 3.00 ≤ 3.6 — met |" in table
    assert "| 100,000 | 300.0 | 500 | a | 16 | - |" in table
    assert "| 400,000 | 1500.0 | 2000 | c | 16 | - |" in table  # 400,000 / 3 was not built
    builds[1]["demo"] = 1100.0
    assert "3.67 ≤ 3.6 — NOT met" in render_builds(builds, info)


def _result(size: int, back10: float, rate_of: int | None = None) -> dict[str, object]:
    return {
        "size": size,
        "rate_of": rate_of,
        "demo": 10.0,
        "demo_out": "x",
        "bean_check": 40.0,
        "bean_check_rss": 100.0,
        "bean_check_after_batch": 40.0,
        "heavy_runs": 1,
        "rows": [
            {"name": "jcg post, repeated", "wall": 1.0, "rss": 50.0},
            {"name": "jcg post, 10 days back", "wall": back10, "rss": 60.0},
        ],
    }


def test_back_dated_posts_are_compared_with_books_of_the_same_open_month() -> None:
    """The 100,000 build's post 10 days back (3.0 s) against the same post on 10,000 events
    (1.0 s: 3.00, not met) and on 10,000 events at the rate of 100,000 (2.4 s: 1.25, met)."""
    from bench.run import render

    info = {"nproc": "2", "cpu": "x", "memory": "1 GB", "python": "3", "os": "linux"}
    results = [_result(10000, 1.0), _result(100000, 3.0), _result(10000, 2.4, rate_of=100000)]
    table = render(results, info, 1)
    assert "| jcg post, 10 days back / same post on 10,000 | 3.000 ≤ 1.5 — NOT met |" in table
    assert (
        "| jcg post, 10 days back / same post on 10,000 at the rate of 100,000 (the same open "
        "month) | 1.250 ≤ 1.5 — met |"
    ) in table
    assert "### 10,000 scaled events at the rate of 100,000 (the same open month)" in table
    assert "`jcg demo --scale 10000 --rate-of 100000`" in table
    # 3.0 s / 40 s of bean-check at 100,000 (the target's size) and 1.0 / 40 at 10,000; the
    # books of the same open month have no targets of their own (compared in 100,000's table).
    assert "| jcg post, 10 days back / bean-check | 0.075 ≤ 0.1 — met |" in table
    assert "| jcg post, 10 days back / bean-check | 0.025 ≤ 0.1 — met |" in table
    assert table.count("| jcg post, 10 days back / bean-check |") == 2
    # The smallest size is still the first one, not the one built at another's rate.
    assert table.count("single post / same post on 10,000 | 1.000") == 1

"""Rule `period-closed` on small ledgers (see the module docstring)."""

from __future__ import annotations

from datetime import date

import pytest
from beancount import loader
from beancount.core import data

from jcg_ledger.plugins.policy import PolicyError
from jcg_ledger.rules.period import (
    RULE,
    check_after_close,
    check_open_period,
    fingerprint,
    in_scope,
    month_end,
)
from jcg_ledger.state.base import Violation
from jcg_ledger.state.core import CoreState

LEDGER = """
2025-01-01 open Assets:Bank CNY
2025-01-01 open Income:Grant CNY
2025-02-10 * "grant"
  event: "g1"
  Assets:Bank   100.00 CNY
  Income:Grant
"""


PLUGIN = 'plugin "jcg_ledger.plugins.policy" "city"\n'


def _violations(text: str) -> list[str]:
    """The plugin's ``period-closed`` messages for ``text`` loaded as a city book (bean-check's
    view); any other error fails the test."""
    _, errors, _ = loader.load_string(PLUGIN + text)
    found: list[str] = []
    for error in errors:
        assert isinstance(error, PolicyError) and error.violation is not None, error
        assert error.violation.rule == RULE, error.message
        found.append(error.violation.message)
    return found


def _close(text: str, through: str) -> str:
    entries, _, _ = loader.load_string(text)
    count, digest = fingerprint(e for e in entries if e.date <= date.fromisoformat(through))
    return (
        text
        + f'\n{through} custom "jcg-close" "{through[:7]}"\n  entries: {count}\n  hash: "{digest}"\n'
    )


def test_month_end() -> None:
    assert month_end("2024-02") == date(2024, 2, 29)
    assert month_end("2025-12") == date(2025, 12, 31)


def test_posting_into_a_closed_period_is_refused_naming_it() -> None:
    violation = check_open_period(date(2025, 2, 28), date(2025, 2, 28))
    assert violation is not None and "2025-02" in violation.message
    assert check_open_period(date(2025, 2, 28), date(2025, 3, 1)) is None
    assert check_open_period(None, date(2020, 1, 1)) is None


def test_a_closed_ledger_verifies() -> None:
    assert _violations(_close(LEDGER, "2025-02-28")) == []


def test_hand_edit_of_an_amount_inside_the_period_is_caught() -> None:
    closed = _close(LEDGER, "2025-02-28")
    edited = closed.replace("100.00 CNY", "900.00 CNY")
    assert len(_violations(edited)) == 1


def test_added_or_deleted_entry_is_caught() -> None:
    closed = _close(LEDGER, "2025-02-28")
    added = closed + '\n2025-02-11 * "slipped in"\n  Assets:Bank  1.00 CNY\n  Income:Grant\n'
    assert any("changed" in m for m in _violations(added))
    deleted = closed.replace('2025-02-10 * "grant"', '2025-02-10 * "grant"\n  deleted: "x"')
    assert _violations(deleted)


def test_entries_after_the_period_and_opens_are_free() -> None:
    closed = _close(LEDGER, "2025-02-28")
    later = closed + '\n2025-03-02 * "later"\n  Assets:Bank  1.00 CNY\n  Income:Grant\n'
    later += "\n2025-01-01 open Assets:NewInvestee CNY\n"
    assert _violations(later) == []
    entries, _, _ = loader.load_string("2025-01-01 open Assets:X CNY")
    assert not in_scope(entries[0])


def test_only_entries_a_close_will_check_are_kept() -> None:
    # Holding every entry since the last close would keep whole books alive after a load.
    text = (
        _close(LEDGER, "2025-02-28")
        + '\n2025-03-05 * "later"\n  Assets:Bank  1.00 CNY\n  Income:Grant\n'
    )
    entries, errors, _ = loader.load_string(text)
    assert not errors
    unaware = CoreState()
    for entry in entries:
        unaware.fold("city", entry)
    assert unaware.since_close.get("city", []) == []
    aware = CoreState()
    aware.retain_for_closes("city", entries)
    assert aware.retain_until == {"city": date(2025, 2, 28)}
    kept: list[list[str]] = []
    for entry in entries:
        aware.fold("city", entry)
        kept.append([str(getattr(e, "narration", "")) for e in aware.since_close.get("city", [])])
    # The grant is held until the close has checked it; the March entry is never held.
    assert ["grant"] in kept and kept[-1] == []


def test_since_last_close_is_what_the_next_close_hashes() -> None:
    from jcg_ledger.rules.period import since_last_close

    text = _close(LEDGER, "2025-02-28") + (
        '\n2025-03-05 * "later"\n  Assets:Bank  1.00 CNY\n  Income:Grant\n'
        "\n2025-03-06 open Assets:Other CNY\n"
    )
    entries, _, _ = loader.load_string(text)
    # After the close: the March transaction only (an open is outside the hash).
    assert [getattr(e, "narration", None) for e in since_last_close(entries)] == ["later"]
    # No close yet: every in-scope entry, in order.
    plain, _, _ = loader.load_string(LEDGER)
    assert [getattr(e, "narration", None) for e in since_last_close(plain)] == ["grant"]


def test_a_period_name_other_than_a_month_is_refused() -> None:
    with pytest.raises(ValueError, match=r"period must be YYYY-MM: '2025-13'"):
        month_end("2025-13")


# Metadata on the transaction and on a posting, an interpolated posting (Beancount marks it
# ``__automatic__``) and an entry on the period's last day.
DETAILED = """
2025-01-01 open Assets:Bank CNY
2025-01-01 open Income:Grant CNY
2025-02-10 * "grant"
  event: "g1"
  approval: "a1"
  Assets:Bank   100.00 CNY
    voucher: "V-1"
  Income:Grant
2025-02-28 * "last day"
  event: "g2"
  Assets:Bank   5.00 CNY
  Income:Grant  -5.00 CNY
"""


def test_books_closed_earlier_still_verify() -> None:
    # The record `jcg close 2025-02` wrote for DETAILED: what is hashed (and how) is the books'
    # format — a change would fail every closed book. Positions (file, line) are outside it.
    record = (
        '\n2025-02-28 custom "jcg-close" "2025-02"\n  entries: 2\n'
        '  hash: "c1777ef8ab9302de68eedc8f94cc423148cadecd923fcb541084303aaa307be4"\n'
    )
    assert _violations(DETAILED + record) == []
    assert _violations("\n\n" + DETAILED + record) == []


def test_an_edit_of_any_metadata_or_the_last_day_is_caught() -> None:
    closed = _close(DETAILED, "2025-02-28")
    assert _violations(closed) == []
    changed = (
        "已结账期间 2025-02 被改动:结账时 2 条分录,现有 2 条,哈希不符 closed period 2025-02 "
        "changed after the close (recorded 2 entries, now 2; hash differs)"
    )
    assert _violations(closed.replace('approval: "a1"', 'approval: "a2"')) == [changed]
    assert _violations(closed.replace('voucher: "V-1"', 'voucher: "V-2"')) == [changed]
    assert _violations(closed.replace("5.00 CNY", "6.00 CNY")) == [changed]


def test_an_entry_sorted_after_the_close_inside_its_period() -> None:
    entries, _, _ = loader.load_string(
        LEDGER
        + '2025-02-28 custom "jcg-close" "2025-02"\n  entries: 1\n  hash: "x"\n'
        + '2025-03-01 * "after"\n  Assets:Bank  1.00 CNY\n  Income:Grant\n'
    )
    grant, close, after = (e for e in entries if not isinstance(e, data.Open))
    through = date(2025, 2, 28)
    assert not in_scope(close) and in_scope(grant)
    assert check_after_close(None, grant) is None
    assert check_after_close(through, after) is None
    assert check_after_close(through, entries[0]) is None  # an open: outside every close
    assert check_after_close(through, grant) == Violation(
        RULE,
        "分录日期 2025-02-10 位于已结账期间 2025-02 entry dated 2025-02-10 lies in the closed "
        "period through 2025-02-28",
    )
    on_the_day = check_after_close(through, close._replace(date=through))
    assert on_the_day is None  # a close directive is not an entry of the period
    assert check_after_close(through, after._replace(date=through)) is not None

"""Tests of rule ``future-date`` with the policy plugin: today is ``JCG_TODAY``."""

from __future__ import annotations

from datetime import date

import pytest

from jcg_ledger.rules.future_date import RULE, check_not_future
from jcg_ledger.rules.subsidy_ledger import award, pay, policy_errors
from jcg_ledger.today import TodayError, fixed, parse_today, today

# tech-transaction: 20% of a 2,000,000 contract = 400,000.
WHO = {"entity": "JC-A", "base_kind": "transaction", "base": "2000000", "subject": "合同1"}


def test_entry_dated_after_today_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JCG_TODAY", "2025-06-30")
    on_today = award("2025-06-30", "a1", "tech-transaction", "400000", **WHO)
    tomorrow = pay("2025-07-01", "p1", "a1", "400000")
    errors = policy_errors(on_today, tomorrow)
    assert len(errors) == 1 and errors[0].startswith(f"[{RULE}]")
    assert "2025-07-01" in errors[0] and "2025-06-30" in errors[0]


def test_the_same_books_pass_once_today_has_come(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JCG_TODAY", "2025-07-01")
    on_today = award("2025-06-30", "a1", "tech-transaction", "400000", **WHO)
    assert policy_errors(on_today, pay("2025-07-01", "p1", "a1", "400000")) == []


def test_plugin_uses_the_clock_when_jcg_today_is_malformed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # bean-check and Fava have nobody to tell: the clock's today, which is after 2025.
    monkeypatch.setenv("JCG_TODAY", "yesterday")
    assert policy_errors(award("2025-06-30", "a1", "tech-transaction", "400000", **WHO)) == []


def test_check_not_future() -> None:
    now = date(2025, 6, 30)
    assert check_not_future(now, now) is None
    found = check_not_future(date(2025, 7, 1), now)
    assert found is not None and found.rule == RULE


@pytest.mark.parametrize("raw", ["2025-6-30", "2025-02-30", "20250630", "today", " 2025-06-30"])
def test_malformed_today_is_refused(raw: str, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(TodayError):
        parse_today(raw)
    monkeypatch.setenv("JCG_TODAY", raw)
    with pytest.raises(TodayError):
        today()
    assert today(strict=False) == date.today()


def test_fixed_overrides_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JCG_TODAY", "2031-12-31")
    with fixed(date(2029, 12, 31)):
        assert today() == date(2029, 12, 31)
    assert today() == date(2031, 12, 31)

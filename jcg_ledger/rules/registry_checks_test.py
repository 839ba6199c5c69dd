"""Rules ``eligibility``, ``duplicate-entity``, ``admission-date``, ``duplicate-person``,
``window`` and ``future-date`` called directly: each refusal whole (rule, field, words) and
each date at its limit. The policy's window is [2025-01-01, 2030-01-01)."""

from __future__ import annotations

from datetime import date

import jcg_ledger.state  # noqa: F401  (first: the rule modules import it, and it them)
from jcg_ledger.policy import default_policy
from jcg_ledger.rules.eligibility import check_admitted, check_registered
from jcg_ledger.rules.future_date import check_not_future
from jcg_ledger.rules.registration import check_entity, check_person
from jcg_ledger.rules.window import check_window
from jcg_ledger.state.base import Violation
from jcg_ledger.state.core import CoreState, EntityRecord, PersonRecord

POLICY = default_policy()
JAN6 = date(2025, 1, 6)


def core() -> CoreState:
    state = CoreState()
    state.entities["ACME"] = EntityRecord("ACME", "甲", "company", JAN6, JAN6, None, None)
    state.entities["LATE"] = EntityRecord(
        "LATE", "乙", "company", JAN6, date(2025, 6, 1), None, None
    )
    state.entities["OUT"] = EntityRecord("OUT", "丙", "company", JAN6, None, None, None)
    state.persons["P-0001"] = PersonRecord("P-0001", "ACME", "doctorate", "fulltime", JAN6, 5, 6)
    return state


def test_registered_and_admitted_entities() -> None:
    state = core()
    assert check_registered(state, "ACME") is None
    unknown = Violation("eligibility", "未登记的主体 unknown entity 'NOPE'")
    assert check_registered(state, "NOPE") == unknown
    assert check_admitted(state, "NOPE", JAN6) == unknown
    assert check_admitted(state, "ACME", JAN6) is None  # admitted that day
    assert check_admitted(state, "OUT", JAN6) == Violation(
        "eligibility", "主体 OUT 未入园 entity OUT has not been admitted to the park"
    )
    assert check_admitted(state, "LATE", date(2025, 6, 1)) is None
    assert check_admitted(state, "LATE", date(2025, 5, 31)) == Violation(
        "eligibility",
        "主体 LATE 入园日期 2025-06-01 晚于 2025-05-31 entity LATE admitted only on 2025-06-01",
    )


def test_registering_an_entity_or_a_person() -> None:
    state = core()
    assert check_entity(state, "ACME", JAN6, None) == Violation(
        "duplicate-entity", "主体已登记 entity ACME already registered", field="entity"
    )
    assert check_entity(state, "NEW", JAN6, JAN6) is None  # admitted the day it registers
    assert check_entity(state, "NEW", JAN6, None) is None
    assert check_entity(state, "NEW", JAN6, date(2025, 1, 5)) == Violation(
        "admission-date", "入园日期早于登记日期 admitted before registration", field="admitted"
    )
    assert check_person(state, "P-0001", "ACME") == Violation(
        "duplicate-person", "人员已登记 person P-0001 already registered", field="person"
    )
    assert check_person(state, "P-0002", "ACME") is None
    assert check_person(state, "P-0002", "NOPE") == Violation(
        "eligibility", "未登记的主体 unknown entity 'NOPE'", field="employer"
    )


def test_the_five_years_of_the_policy() -> None:
    assert check_window(POLICY, date(2025, 1, 1), "补贴核定") is None
    assert check_window(POLICY, date(2029, 12, 31), "补贴核定") is None
    assert check_window(POLICY, date(2030, 1, 1), "补贴核定") == Violation(
        "window",
        "补贴核定日期 2030-01-01 不在政策有效期 [2025-01-01, 2030-01-01) 内 "
        "date 2030-01-01 is outside the policy's five years",
    )
    assert check_window(POLICY, date(2024, 12, 31), "") is not None


def test_nothing_dated_after_today() -> None:
    assert check_not_future(date(2025, 6, 30), date(2025, 6, 30)) is None
    assert check_not_future(date(2025, 7, 1), date(2025, 6, 30)) == Violation(
        "future-date",
        "日期 2025-07-01 晚于今天 2025-06-30,不可记账 the date 2025-07-01 is after today "
        "(2025-06-30): nothing is booked ahead (today is JCG_TODAY or the clock)",
    )

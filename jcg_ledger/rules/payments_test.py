"""Tests of rules ``approval``, ``outstanding`` and ``clawback`` with the policy plugin."""

from __future__ import annotations

from jcg_ledger.rules.subsidy_ledger import award, clawback, pay, policy_errors

A1 = award(
    "2025-03-01",
    "a1",
    "platform-municipal",
    "100000",
    entity="JC-B",
    subject="中心",
    newly_approved=True,
)


def test_payment_above_outstanding() -> None:
    errors = policy_errors(
        A1, pay("2025-04-01", "p1", "a1", "60000"), pay("2025-05-01", "p2", "a1", "60000")
    )
    assert len(errors) == 1 and errors[0].startswith("[outstanding]") and "40000" in errors[0]


def test_unknown_approval_and_clawback_above_award() -> None:
    errors = policy_errors(
        A1, pay("2025-04-01", "p1", "zz", "1"), clawback("2025-05-01", "c1", "a1", "100001")
    )
    assert [e.split("]")[0] for e in errors] == ["[approval", "[clawback"]


def test_window_and_eligibility_in_the_plugin() -> None:
    late = award(
        "2030-01-01",
        "w1",
        "platform-municipal",
        "100000",
        entity="JC-B",
        subject="中心2",
        newly_approved=True,
    )
    early = award(
        "2025-03-01",
        "e1",
        "platform-municipal",
        "100000",
        entity="JC-LATE",
        subject="中心3",
        newly_approved=True,
    )
    errors = policy_errors(late, early)
    assert sorted(e.split("]")[0] for e in errors) == ["[eligibility", "[window"]

"""Rule ``highest-not-cumulative`` (就高不重复) — the refusal states the figures: the highest
single entitlement, what is already awarded here and by other policies, the top-up left."""

from __future__ import annotations

from jcg_ledger.rules.subsidy_ledger import award, policy_errors

PLATFORM = {"entity": "JC-B", "subject": "光电实验室", "newly_approved": True}


def test_the_refusal_states_the_top_up_left() -> None:
    # Provincial platform 500,000; 300,000 from another policy: 200,000 left; 250,000 asked.
    over = award(
        "2025-03-01", "a1", "platform-provincial", "250000",
        other_policy_amount="300000", **PLATFORM,
    )  # fmt: skip
    (error,) = policy_errors(over)
    assert error.startswith("[highest-not-cumulative]")
    assert (
        "highest single entitlement 500000.00, already 300000 (earlier approvals: —; other "
        "policies 300000); top-up left 200000.00" in error
    )


def test_an_upgrade_refused_names_the_earlier_awards_and_nothing_left() -> None:
    provincial = award("2025-03-01", "a1", "platform-provincial", "500000", **PLATFORM)
    national = award("2026-03-01", "a2", "platform-national", "500000", **PLATFORM)
    # The highest is the national 1,000,000; 500,000 + 500,000 already: 0 left, so the
    # municipal 100,000 is refused.
    again = award("2026-06-01", "a3", "platform-municipal", "100000", **PLATFORM)
    (error,) = policy_errors(provincial, national, again)
    assert (
        "highest single entitlement 1000000.00, already 1000000 (earlier approvals: a1, a2; "
        "other policies 0); top-up left 0.00" in error
    )

"""Tests of rules ``budget-twin`` and ``budget-unbalanced`` (平行记账) with the policy plugin."""

from __future__ import annotations

from jcg_ledger.rules.budget_twin import TWIN, UNBALANCED
from jcg_ledger.rules.subsidy_ledger import award, pay, policy_errors

A1 = award(
    "2025-03-01", "a1", "platform-municipal", "100000", entity="JC-B", subject="中心",
    newly_approved=True,
)  # fmt: skip


def test_a_payment_with_its_twin_passes() -> None:
    assert policy_errors(A1, pay("2025-04-01", "p1", "a1", "60000")) == []


def test_a_payment_typed_without_its_twin_fails() -> None:
    bare = (
        '2025-04-01 * "补贴拨付" ^a1\n  event: "p1"\n  approval: "a1"\n'
        "  Liabilities:Payable:Subsidy  60000 CNY\n  Assets:Bank:SpecialFund  -60000 CNY\n"
    )
    errors = policy_errors(A1, bare)
    assert len(errors) == 1 and errors[0].startswith(f"[{TWIN}]")
    assert "-60000" in errors[0] and "moves 0" in errors[0]


def test_budget_postings_that_do_not_balance_on_their_own() -> None:
    # The clerk credited 资金结存 against the payable: the whole entry balances, but the
    # budgetary postings sum to -60,000 and the bank did not move.
    odd = (
        '2025-04-01 * "错账"\n'
        "  Liabilities:Payable:Subsidy  60000 CNY\n  Equity:Budget:FundBalance  -60000 CNY\n"
    )
    errors = policy_errors(A1, odd)
    assert sorted(e.split("]")[0] for e in errors) == [f"[{TWIN}", f"[{UNBALANCED}"]
    assert any("sum to -60000" in e for e in errors)

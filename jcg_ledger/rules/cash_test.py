"""Tests of rule ``cash-insufficient`` (figures by hand), the function and the plugin path."""

from __future__ import annotations

from decimal import Decimal

from beancount import loader

from jcg_ledger.rules.cash import RULE, check_cash
from jcg_ledger.rules.subsidy_ledger import REGISTRY, appropriate, award, chart, pay

A1 = award(
    "2025-03-01", "a1", "platform-municipal", "100000", entity="JC-B", subject="中心",
    newly_approved=True,
)  # fmt: skip
A2 = award(
    "2025-03-01", "a2", "platform-municipal", "100000", entity="JC-A", subject="中心二",
    newly_approved=True,
)  # fmt: skip


def _errors(*entries: str) -> list[str]:
    text = 'plugin "jcg_ledger.plugins.policy" "city"\n' + chart() + REGISTRY + "".join(entries)
    _, errors, _ = loader.load_string(text)
    return [str(e.message) for e in errors]


def test_the_function_names_what_is_left() -> None:
    assert check_cash(Decimal("100000"), Decimal("100000"), "x") is None
    broken = check_cash(Decimal("100000"), Decimal("100000.01"), "补贴拨付")
    assert broken is not None and broken.rule == RULE
    assert "100000" in broken.message and "0.01" in broken.message  # 100,000 left, 0.01 short


def test_a_payment_may_empty_the_account_but_not_overdraw_it() -> None:
    # 150,000 appropriated; a1 paid 100,000 → 50,000 left; a2's 60,000 is 10,000 short.
    funded = appropriate("2025-01-02", 2025, "sci-tech", "SciTech", "150000")
    assert _errors(funded, A1, A2, pay("2025-04-01", "p1", "a1", "100000")) == []
    errors = _errors(
        funded,
        A1,
        A2,
        pay("2025-04-01", "p1", "a1", "100000"),
        pay("2025-05-01", "p2", "a2", "60000"),
    )
    cash = [e for e in errors if e.startswith(f"[{RULE}]")]
    assert len(cash) == 1 and "余额 50000 元" in cash[0] and "缺 10000 元" in cash[0]


def test_no_appropriation_no_cash() -> None:
    errors = _errors(A1, pay("2025-04-01", "p1", "a1", "1"))
    assert sorted(e.split("]")[0] for e in errors) == ["[appropriation-exceeded", f"[{RULE}"]

"""Rules ``tolerance`` and ``writeoff`` — the loss ratio, the carrying amount a write-off takes,
and a write-off of nothing or of part refused (computed by hand)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from jcg_ledger.rules.tolerance import carrying, check_whole, loss_ratio
from jcg_ledger.state.projects import Project


def project() -> Project:
    return Project("P1", "ACME", Decimal(1_000_000), date(2025, 5, 1))


def test_loss_ratio() -> None:
    p = project()
    # Nothing disbursed: 1 if something is written off, else 0.
    assert loss_ratio(p, Decimal("0.01")) == 1
    assert loss_ratio(p, Decimal(0)) == 0
    # 1 元 disbursed, 1 written off: 1 / 1 = 1; 0.5 of it: 0.5.
    p.disbursements.append((date(2025, 6, 1), Decimal(1)))
    assert loss_ratio(p, Decimal(1)) == 1
    assert loss_ratio(p, Decimal("0.5")) == Decimal("0.5")


def test_the_carrying_amount_is_every_balance() -> None:
    p = project()
    # 100 before conversion + 20 of shares at cost + 3 of debt principal + 0.4 of interest.
    p.pre_balance, p.cost_held = Decimal(100), Decimal(20)
    p.principal, p.interest_receivable = Decimal(3), Decimal("0.4")
    assert carrying(p) == Decimal("123.4")
    assert check_whole(p, Decimal("123.4")) is None and check_whole(p, None) is None
    part = check_whole(p, Decimal("123.39"))
    assert part is not None and part.rule == "writeoff" and part.field == "amount"
    assert part.message == (
        "项目 P1 核销金额 123.39 须等于账面余额 123.4(仅支持全额核销)/ the write-off must "
        "equal the carrying amount 123.4 (whole write-offs only)"
    )


def test_nothing_left_to_write_off() -> None:
    p = project()
    p.pre_balance = Decimal("0.01")  # a fen left: it can be written off
    assert check_whole(p, None) is None
    p.pre_balance = Decimal(0)
    nothing = check_whole(p, None)
    assert nothing is not None and nothing.rule == "writeoff" and nothing.field == "project"
    assert nothing.message == "项目 P1 无可核销余额 / nothing left to write off"
    p.pre_balance, p.written_off_on = Decimal(100), date(2026, 1, 1)  # once only
    again = check_whole(p, None)
    assert again is not None and again.field == "project"

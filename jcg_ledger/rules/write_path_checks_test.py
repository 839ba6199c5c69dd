"""The checks only the write path runs (the render step calls them before any entry exists):
cash for a payment, how a clawback splits, a conversion's
discount, a fund reward's investee and basis, an award's basis fields."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from jcg_ledger.policy import default_policy
from jcg_ledger.rules.award import Award, AwardFact
from jcg_ledger.rules.conversion import (
    check_disbursement,
    check_new_project,
    discount_for,
    unknown_project,
)
from jcg_ledger.rules.fund_reward import RewardBasis, check_basis, check_invested
from jcg_ledger.rules.holdings import check_cash
from jcg_ledger.rules.payments import split_clawback
from jcg_ledger.state.projects import Project, ProjectState

POLICY = default_policy()


def platform(bank: str, entrusted: str) -> ProjectState:
    state = ProjectState(POLICY)
    state.bank, state.entrusted = Decimal(bank), Decimal(entrusted)
    return state


def test_a_payment_within_the_platforms_cash() -> None:
    state = platform("1000000.00", "3000000.00")
    assert check_cash(state, Decimal("1000000.00"), "拨付") is None  # all of it: fine
    over = check_cash(state, Decimal("1000000.01"), "拨付")
    assert over is not None and over.rule == "holdings"
    assert over.message == (
        "拨付 金额 1000000.01 超过平台银行存款 1000000.00 / amount 1000000.01 above the "
        "platform's cash 1000000.00"
    )


def test_a_clawback_cancels_the_unpaid_part_first() -> None:
    fact = AwardFact("a1", date(2025, 3, 1), "JC-A", "rdi-performance", "省补助1")
    award = Award(fact, Decimal(200_000), Decimal(200_000), "sci-tech", paid=Decimal(150_000))
    # 50,000 unpaid: a clawback of 80,000 cancels 50,000 and asks 30,000 back.
    assert split_clawback(award, Decimal(80_000)) == (Decimal(50_000), Decimal(30_000))
    # 20,000 fits in what is unpaid: all cancelled, nothing to recover.
    assert split_clawback(award, Decimal(20_000)) == (Decimal(20_000), Decimal(0))


def test_the_discount_of_a_conversion() -> None:
    p = Project("P1", "ACME", Decimal(1_000_000), date(2025, 5, 1))
    # Neither given nor agreed: the policy's default (0).
    assert discount_for(POLICY, p, None) == POLICY.conversion.discount_default == 0
    p.discount_term = Decimal("0.15")
    assert discount_for(POLICY, p, None) == Decimal("0.15")  # agreed at approval
    assert discount_for(POLICY, p, Decimal("0.10")) == Decimal("0.10")  # stated on the event
    unknown = unknown_project("P9")
    assert unknown.rule == "project-unknown"
    assert unknown.message == "未立项的项目 P9 / unknown project 'P9'"


def test_a_fund_reward_needs_an_investment_and_the_funds_basis() -> None:
    assert check_invested("ACME", Decimal("0.01")) is None
    none = check_invested("ACME", Decimal(0))
    assert none is not None and none.field == "entity"
    assert none.message == "基金未投资 ACME the fund has not invested in ACME"
    basis = RewardBasis("INV1", "ACME", Decimal(8_000_000), Decimal(2_000_000), Decimal(10_000_000))
    assert check_basis(basis, basis) is None
    actual = RewardBasis("INV1", "ACME", Decimal(8_000_000), Decimal(2_000_000), Decimal(9_000_000))
    differs = check_basis(basis, actual)
    assert differs is not None and differs.field == "investor" and differs.rule == "fund-reward"
    assert differs.message.endswith(
        "recorded cost 8000000, paid-in 2000000/10000000; the fund's 8000000, 2000000/9000000"
    )


def test_an_awards_basis_fields() -> None:
    fact = AwardFact(
        "a1", date(2025, 3, 1), "JC-A", "loan-interest", "贷款1",
        base=Decimal(60_000), programme="talent-project", principal=Decimal(2_000_000),
    )  # fmt: skip
    # Only the basis fields that are given, in BASIS_FIELDS order.
    assert fact.basis() == {
        "base": Decimal(60_000),
        "programme": "talent-project",
        "principal": Decimal(2_000_000),
    }
    assert list(fact.basis()) == ["base", "programme", "principal"]
    priced = fact.with_amount(Decimal(50_000))
    assert priced.amount == Decimal(50_000) and priced.basis() == fact.basis()
    assert fact.amount is None  # a copy: the fact itself is unchanged


def test_a_new_project_and_its_disbursements() -> None:
    state = ProjectState(POLICY)
    assert check_new_project(state, "P1", "ACME") is None
    p = Project("P1", "ACME", Decimal(1_000_000), date(2025, 5, 1))
    state.projects["P1"], state.by_entity["ACME"] = p, "P1"
    again = check_new_project(state, "P1", "OTHER")
    assert again is not None and again.rule == "conversion"
    assert again.message == "项目 P1 已立项 / project P1 is already approved"
    live = check_new_project(state, "P2", "ACME")
    assert live is not None and live.rule == "conversion"
    assert live.message.endswith(
        "entity ACME already has the live project P1; one project per investee"
    )
    assert check_new_project(state, "P2", "BETA") is None  # another investee
    # Within the approved 1,000,000 and the 600,000 of cash: all of the cash.
    on = date(2025, 6, 1)
    assert check_disbursement(p, Decimal(600_000), on, Decimal(600_000)) is None
    cash = check_disbursement(p, Decimal("600000.01"), on, Decimal(600_000))
    assert cash is not None and cash.message.endswith(
        "disbursement 600000.01 exceeds the entrusted cash available 600000"
    )
    p.disbursements.append((on, Decimal(600_000)))
    # 600,000 + 400,000 = the approved amount: fine; a cent more is not.
    assert check_disbursement(p, Decimal(400_000), on, Decimal(10**7)) is None
    over = check_disbursement(p, Decimal("400000.01"), on, Decimal(10**7))
    assert over is not None and over.message.endswith(
        "disbursements 1000000.01 exceed the approved 1000000"
    )
    early = check_disbursement(p, Decimal(1), date(2025, 4, 30), Decimal(10**7))
    assert early is not None and early.message.endswith("disbursed before approval")
    p.written_off_on = date(2026, 1, 1)  # written off, not converted
    off = check_disbursement(p, Decimal(1), on, Decimal(10**7))
    assert off is not None and off.rule == "conversion"
    assert (
        off.message
        == "项目 P1 已核销,不得再拨付 / project P1 is written off: no more disbursements"
    )
    p.written_off_on, p.converted = None, "equity"
    done = check_disbursement(p, Decimal(1), on, Decimal(10**7))
    assert done is not None
    assert (
        done.message == "项目 P1 已转换,不得再拨付 / project P1 is converted: no more disbursements"
    )
    # A project whose investee's earlier project is closed may start again.
    p.units_held = Decimal(0)
    assert p.closed and check_new_project(state, "P3", "ACME") is None

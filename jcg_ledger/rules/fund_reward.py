"""Rule ``fund-reward`` — the reward to social capital investing through the fund.

按照社会资本实际投资额的一定比例给予奖励: the social investor's actual investment in an
investee is its share of the fund's cost there, by paid-in capital. The reward is the policy's
rate (``[fund] reward_rate``) of that, capped per investee (``reward_cap_per_investee``, one
reward per investor and investee) and per investor per calendar year
(``reward_cap_per_investor_year``). A government investor is never rewarded.

The reward is booked in the city book with its basis in metadata, so the plugin recomputes it
there without the fund book. With rate 5%, cost 3,000,000, paid-in 7,200,000 of 20,000,000::

    2025-03-01 custom "jcg-commitment" "GOV-JCIG" "government" 8000000.00 CNY
    2025-06-01 * "社会资本投资奖励 SOC-TAIHANG / JC-PHOTON"
      investor: "SOC-TAIHANG"
      entity: "JC-PHOTON"
      basis_cost: 3000000.00
      investor_paid_in: 7200000.00
      fund_paid_in: 20000000.00
      Expenses:FundReward               54000.00 CNY   ; 3,000,000 × 0.36 × 5%
      Liabilities:Payable:FundReward   -54000.00 CNY

A second reward for SOC-TAIHANG and JC-PHOTON, a reward to GOV-JCIG, or an amount other than
the computed one is an error (codes ``fund-reward-once``, ``fund-reward-government``,
``fund-reward``); a reward the caps reduce to nothing is ``fund-reward-cap``.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from jcg_ledger.policy import Policy
from jcg_ledger.violation import Violation

RULE = "fund-reward"
ONCE = "fund-reward-once"
GOVERNMENT = "fund-reward-government"
CAP = "fund-reward-cap"


@dataclass(frozen=True)
class RewardBasis:
    """The fund's facts a reward is computed from (recorded in the reward's metadata)."""

    investor: str
    entity: str
    basis_cost: Decimal  # the fund's cost invested in the investee
    investor_paid_in: Decimal  # the investor's paid-in capital on the reward date
    fund_paid_in: Decimal  # every investor's paid-in capital on that date


@dataclass(frozen=True)
class RewardAmount:
    share: Decimal  # the investor's actual investment: its share of the cost, rounded
    computed: Decimal  # rate × share, rounded
    amount: Decimal  # after both caps


def reward_amount(policy: Policy, basis: RewardBasis, year_total: Decimal) -> RewardAmount:
    """The reward for one investor and investee, given what the investor got this year."""
    fund = policy.fund
    if basis.fund_paid_in <= 0:
        share = Decimal(0)
    else:
        share = policy.quantize(basis.basis_cost * basis.investor_paid_in / basis.fund_paid_in)
    computed = policy.quantize(share * fund.reward_rate)
    room = max(fund.reward_cap_per_investor_year - year_total, Decimal(0))
    return RewardAmount(share, computed, min(computed, fund.reward_cap_per_investee, room))


def check_not_government(investor: str, investor_class: str | None) -> Violation | None:
    """The reward is for social capital only."""
    if investor_class != "government":
        return None
    return Violation(
        GOVERNMENT,
        f"{investor} 为政府出资人,不得给予社会资本投资奖励 "
        f"{investor} is a government investor: no social-capital reward",
    )


def check_once(investor: str, entity: str, rewarded: bool) -> Violation | None:
    """One reward per investor and investee (the per-investee cap applies to it)."""
    if not rewarded:
        return None
    return Violation(
        ONCE,
        f"{investor} 已就 {entity} 获得投资奖励 {investor} was already rewarded for {entity}",
    )


def check_amount(
    policy: Policy, basis: RewardBasis, year_total: Decimal, amount: Decimal
) -> Violation | None:
    """The booked amount is the computed one (and not reduced to nothing by the caps)."""
    expected = reward_amount(policy, basis, year_total)
    if expected.amount <= 0:
        return Violation(
            CAP,
            f"{basis.investor} {basis.entity} 奖励已达年度上限 "
            f"{policy.fund.reward_cap_per_investor_year} the investor's yearly cap is used up",
        )
    if amount == expected.amount:
        return None
    return Violation(
        RULE,
        f"{basis.investor} {basis.entity} 奖励 {amount} 应为 {expected.amount} "
        f"(实际投资额 {expected.share} × {policy.fund.reward_rate},单项目上限 "
        f"{policy.fund.reward_cap_per_investee},年度上限 "
        f"{policy.fund.reward_cap_per_investor_year}) reward should be {expected.amount}",
    )


def check_invested(entity: str, invested: Decimal) -> Violation | None:
    """A reward is for an investee the fund has invested in by the reward's date."""
    if invested > 0:
        return None
    return Violation(
        RULE, f"基金未投资 {entity} the fund has not invested in {entity}", field="entity"
    )


def check_basis(recorded: RewardBasis, actual: RewardBasis) -> Violation | None:
    """The basis a reward records is the fund's, as its books say on the reward's date."""
    if recorded == actual:
        return None
    return Violation(
        RULE,
        f"奖励依据与基金账套不符 the reward's basis differs from the fund's books: recorded "
        f"cost {recorded.basis_cost}, paid-in {recorded.investor_paid_in}/"
        f"{recorded.fund_paid_in}; the fund's {actual.basis_cost}, {actual.investor_paid_in}/"
        f"{actual.fund_paid_in}",
        field="investor",
    )

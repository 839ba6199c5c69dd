"""The chart of accounts of each book (ACCOUNTS.md), with Chinese names and CAS codes.

Accounts per investee (``Assets:Equity:<E>``…) are opened by the events that need them; the
ones here exist from the policy's effective date.
"""

from __future__ import annotations

from typing import NamedTuple

from jcg_ledger.policy import Policy
from jcg_ledger.policy.model import FUND_REWARD_CODE


class ChartAccount(NamedTuple):
    account: str
    name_zh: str
    cas: str | None = None
    booking: str | None = None


CITY: tuple[ChartAccount, ...] = (
    ChartAccount("Assets:Bank:SpecialFund", "专项资金专户"),
    ChartAccount("Assets:Entrusted:Platform", "委托平台投资资金"),
    ChartAccount("Assets:Investment:Fund", "长期股权投资—基金(权益法)", "1501"),
    ChartAccount("Assets:Receivable:Clawback", "应收追回补贴"),
    ChartAccount("Liabilities:Payable:Subsidy", "应付补贴款"),
    ChartAccount("Liabilities:Payable:FundReward", "应付社会资本投资奖励"),
    ChartAccount("Income:Investment:Fund", "投资收益—基金(权益法)", "4602"),
    # What the money entrusted to the platform earns and loses (受托代持: the city's, in the
    # same event as the platform's liability moves).
    ChartAccount("Income:Investment:Disposal", "投资收益—受托股权处置", "4602"),
    ChartAccount("Income:Investment:Interest", "投资收益—受托债权利息", "4602"),
    ChartAccount("Income:Investment:FairValue", "投资收益—受托股权公允价值变动", "4602"),
    ChartAccount("Income:Clawback", "追回补贴收入"),
    ChartAccount("Expenses:FundReward", "社会资本投资奖励"),
    ChartAccount("Expenses:WriteOff", "资产处置费用—容错核销", "5301"),
    ChartAccount("Expenses:Concession", "资产处置费用—回购让利", "5301"),
    ChartAccount("Equity:Opening", "期初净资产"),
)

# 受托代持: the programme books hold the city's money and what it became, against one
# liability to the city; no Income, Expenses or Equity (rules/agent.py).
PLATFORM: tuple[ChartAccount, ...] = (
    ChartAccount("Assets:Bank:Platform", "银行存款—受托资金", "1002"),
    ChartAccount("Liabilities:Entrusted:City", "受托代理负债—财政委托资金", "2241"),
)

FUND: tuple[ChartAccount, ...] = (
    ChartAccount("Assets:Bank:Fund", "银行存款", "1002"),
    ChartAccount("Income:Investment:Disposal", "投资收益—处置"),
    ChartAccount("Income:FairValueChange", "公允价值变动损益"),
    ChartAccount("Expenses:ManagementFee", "管理费"),
    ChartAccount("Expenses:WriteOff", "容错核销损失"),
    ChartAccount("Equity:ProfitAllocated", "已分配合伙人损益"),
    ChartAccount("Equity:Opening", "期初净资产"),
)


def chart(book: str, policy: Policy) -> list[ChartAccount]:
    """The accounts a new book opens: the fixed chart plus one per measure and department."""
    if book == "city":
        accounts = list(CITY)
        for department in policy.departments:
            accounts.append(
                ChartAccount(
                    f"Income:Appropriation:{department.account}",
                    f"财政拨款收入—{department.name_zh}",
                )
            )
        for measure in policy.subsidy_measures:
            if measure.code == FUND_REWARD_CODE:
                continue  # booked by fund.reward to Expenses:FundReward
            accounts.append(
                ChartAccount(f"Expenses:Subsidy:{measure.account}", f"补贴—{measure.name_zh}")
            )
        return accounts
    return list(PLATFORM if book == "platform" else FUND)

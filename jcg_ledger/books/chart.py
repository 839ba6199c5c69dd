"""The chart of accounts of each book (ACCOUNTS.md), with Chinese names and codes.

Accounts per investee (``Assets:Equity:<E>``…) are opened by the events that need them; the
ones here exist from the policy's effective date. The city's accounts carry the 政府会计制度
(财会〔2017〕25号) code in ``code`` metadata: 财务会计 codes 1xxx–5xxx, 预算会计 codes 6xxx–8xxx
under ``Equity:Budget:`` (docs/accounting.md); the platform's and fund's carry the 企业会计准则
code in ``cas`` where one applies.
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
    code: str | None = None  # 政府会计制度 code (city book)


def _city(account: str, name_zh: str, code: str) -> ChartAccount:
    return ChartAccount(account, name_zh, code=code)


CITY: tuple[ChartAccount, ...] = (
    # 财务会计 (financial basis)
    _city("Assets:Bank:SpecialFund", "银行存款—专项资金专户", "1002"),
    _city("Assets:Entrusted:Platform", "长期股权投资—委托平台投资", "1501"),
    _city("Assets:Investment:Fund", "长期股权投资—基金(权益法)", "1501"),
    _city("Assets:Receivable:Clawback", "其他应收款—应追回补贴", "1218"),
    _city("Liabilities:Payable:Subsidy", "应付政府补贴款", "2303"),
    _city("Liabilities:Payable:FundReward", "应付政府补贴款—社会资本投资奖励", "2303"),
    _city("Income:Investment:Fund", "投资收益—基金(权益法)", "4602"),
    # What the money entrusted to the platform earns and loses (受托代持: the city's, in the
    # same event as the platform's liability moves).
    _city("Income:Investment:Disposal", "投资收益—受托股权处置", "4602"),
    _city("Income:Investment:Interest", "投资收益—受托债权利息", "4602"),
    _city("Income:Investment:FairValue", "投资收益—受托股权公允价值变动", "4602"),
    _city("Expenses:FundReward", "业务活动费用—社会资本投资奖励", "5001"),
    _city("Expenses:WriteOff", "资产处置费用—容错核销", "5301"),
    _city("Expenses:Concession", "资产处置费用—回购让利", "5301"),
    _city("Equity:Opening", "累计盈余", "3001"),
    _city("Equity:PriorYear", "以前年度盈余调整", "3501"),
    # 预算会计 (budgetary basis): Equity:Budget:*, balancing on their own in each transaction
    _city("Equity:Budget:FundBalance", "资金结存—货币资金", "8001"),
    _city("Equity:Budget:Income:InvestmentReturn", "投资预算收益", "6602"),
    _city("Equity:Budget:Expenditure:Investment:Platform", "投资支出—委托平台(先投后股)", "7601"),
    _city("Equity:Budget:Expenditure:Investment:Fund", "投资支出—基金出资", "7601"),
    _city("Equity:Budget:Carryover", "财政拨款结转", "8101"),
    _city("Equity:Budget:Surplus", "财政拨款结余", "8102"),
    _city("Equity:Budget:OtherSurplus", "其他结余", "8501"),
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
                _city(
                    f"Income:Appropriation:{department.account}",
                    f"财政拨款收入—{department.name_zh}",
                    "4001",
                )
            )
            accounts.append(
                _city(
                    f"Equity:Budget:Income:Appropriation:{department.account}",
                    f"财政拨款预算收入—{department.name_zh}",
                    "6001",
                )
            )
        for measure in policy.subsidy_measures:
            accounts.append(
                _city(
                    f"Equity:Budget:Expenditure:Administrative:{measure.account}",
                    f"行政支出—{measure.name_zh}",
                    "7101",
                )
            )
            if measure.code == FUND_REWARD_CODE:
                continue  # booked by fund.reward to Expenses:FundReward
            accounts.append(
                _city(
                    f"Expenses:Subsidy:{measure.account}",
                    f"业务活动费用—补贴—{measure.name_zh}",
                    "5001",
                )
            )
        return accounts
    return list(PLATFORM if book == "platform" else FUND)

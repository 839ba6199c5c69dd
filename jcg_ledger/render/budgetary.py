"""The budgetary twin (预算会计, 平行记账) of the city's cash movements, for the renderers.

Every renderer that moves ``Assets:Bank:SpecialFund`` appends the postings these functions
return to the same city transaction (docs/accounting.md, "City: financial and budgetary
bases"). An outflow first passes the shared rules — `rules.cash` and `rules.appropriation_line`,
which `BudgetState.verify` runs again on the books — and is charged to its line:

==============================  =========================================  ===========
cash movement                   budgetary entry                            codes
==============================  =========================================  ===========
appropriation received          Dr FundBalance / Cr Income:Appropriation   8001 / 6001
subsidy or fund reward paid     Dr Expenditure:Administrative:<M> / Cr FB  7101 / 8001
entrusted, paid into the fund   Dr Expenditure:Investment:<X> / Cr FB      7601 / 8001
investment income received      Dr FB / Cr Income:InvestmentReturn         8001 / 6602
principal recovered             Dr FB / Cr the same Expenditure (this      8001 / 7601
                                year's) or OtherSurplus (earlier years')   or 8501
subsidy refunded                Dr FB / Cr Expenditure:Administrative:<M>  8001 / 7101
                                (this year's) or Carryover (earlier)       or 8101
==============================  =========================================  ===========
"""

from __future__ import annotations

from decimal import Decimal

from jcg_ledger.render.base import Context, Posting, require
from jcg_ledger.rules import appropriation_line, cash
from jcg_ledger.state.budget import (
    APPROPRIATION,
    CARRYOVER,
    FUND_BALANCE,
    INVESTMENT_RETURN,
    OTHER_SURPLUS,
    expenditure_account,
)

ZERO = Decimal(0)


def outflow(ctx: Context, measure: str, amount: Decimal, what: str) -> list[Posting]:
    """Refuse an outflow the cash or its appropriation line cannot bear; else its twin."""
    budget = ctx.state.budget
    require("amount", cash.check_cash(budget.cash, amount, what))
    line = budget.line_for(ctx.event.date.year, measure)
    require(
        "amount",
        appropriation_line.check_line(
            line, budget.appropriated.get(line, ZERO), budget.charged.get(line, ZERO), amount
        ),
    )
    return [
        Posting(expenditure_account(ctx.policy, measure), amount),
        Posting(FUND_BALANCE, -amount),
    ]


def appropriation_received(department_account: str, amount: Decimal) -> list[Posting]:
    return [Posting(FUND_BALANCE, amount), Posting(APPROPRIATION + department_account, -amount)]


def income_received(amount: Decimal) -> list[Posting]:
    """Investment income (gains, interest, profit distributed) received in cash."""
    return [Posting(FUND_BALANCE, amount), Posting(INVESTMENT_RETURN, -amount)]


def _this_year(ctx: Context, account: str) -> Decimal:
    return max(ctx.state.budget.expended.get((ctx.event.date.year, account), ZERO), ZERO)


def principal_recovered(ctx: Context, measure: str, amount: Decimal) -> list[Posting]:
    """Investment principal back in cash: this year's outlay is reversed, the rest is 其他结余."""
    account = expenditure_account(ctx.policy, measure)
    current = min(amount, _this_year(ctx, account))
    postings = [Posting(FUND_BALANCE, amount)]
    if current > ZERO:
        postings.append(Posting(account, -current))
    if amount - current > ZERO:
        postings.append(Posting(OTHER_SURPLUS, -(amount - current)))
    return postings


def subsidy_refunded(ctx: Context, measure: str, approval: str, amount: Decimal) -> list[Posting]:
    """A subsidy paid back: what was paid this year reduces 行政支出, the rest is 年初余额调整."""
    paid = ctx.state.budget.paid_for.get((ctx.event.date.year, approval), ZERO)
    current = min(amount, max(paid, ZERO))
    postings = [Posting(FUND_BALANCE, amount)]
    if current > ZERO:
        postings.append(Posting(expenditure_account(ctx.policy, measure), -current))
    if amount - current > ZERO:
        postings.append(Posting(CARRYOVER, -(amount - current)))
    return postings

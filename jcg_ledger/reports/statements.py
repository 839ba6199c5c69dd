"""`jcg report statements --year YYYY`: the city's 资产负债表, 收入费用表 and 预算收入支出表.

The city book keeps both bases of 政府会计制度 (docs/accounting.md): the financial basis in
Assets, Liabilities, Equity (but ``Equity:Budget:``), Income and Expenses; the budgetary basis
in ``Equity:Budget:``. From the city's entries up to the as-of date (``--year`` = its 31
December), for the year of that date:

- **资产负债表** balance sheet at the date: assets = liabilities + net assets, where net assets
  are the equity accounts (累计盈余 3001, 以前年度盈余调整 3501…), the result of earlier years
  and the year's surplus;
- **收入费用表** income statement of the year: income − expenses = the year's surplus;
- **预算收入支出表** budgetary statement of the year: 预算收入 − 预算支出 + prior-year
  adjustments (结转结余 postings) = the change in 资金结存 (8001) over the year.

Each row carries the account's 政府会计制度 ``code`` from its Open directive.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from beancount.core import data

from jcg_ledger.reports.base import BooksView, Column, Report, Table
from jcg_ledger.state.budget import BUDGET, EXPENDITURE, FUND_BALANCE

ZERO = Decimal("0.00")
BOOK = "city"
BUDGET_INCOME = "Equity:Budget:Income:"

COLUMNS = [
    Column("section", "项目", "Section"),
    Column("code", "科目编码", "Code"),
    Column("account", "科目", "Account"),
    Column("name", "名称", "Name"),
    Column("amount", "金额", "Amount", "money"),
]


@dataclass
class Balances:
    """Per-account sums of the city's CNY postings: to the date, before the year, in the year."""

    at: dict[str, Decimal] = field(default_factory=dict)
    before: dict[str, Decimal] = field(default_factory=dict)
    year: dict[str, Decimal] = field(default_factory=dict)
    names: dict[str, tuple[str, str]] = field(default_factory=dict)  # account -> (code, name)

    def total(self, which: dict[str, Decimal], prefix: str) -> Decimal:
        return sum((v for a, v in which.items() if a.startswith(prefix)), ZERO)


def _add(totals: dict[str, Decimal], account: str, number: Decimal) -> None:
    totals[account] = totals.get(account, ZERO) + number


def balances(entries: list[data.Directive], as_of: date) -> Balances:
    start = date(as_of.year, 1, 1)
    found = Balances()
    for entry in entries:
        if isinstance(entry, data.Open):
            meta = entry.meta or {}
            found.names[entry.account] = (str(meta.get("code", "")), str(meta.get("name_zh", "")))
        if not isinstance(entry, data.Transaction) or entry.date > as_of:
            continue
        for posting in entry.postings:
            units = posting.units
            if units is None or units.number is None or units.currency != "CNY":
                continue
            _add(found.at, posting.account, units.number)
            _add(found.before if entry.date < start else found.year, posting.account, units.number)
    return found


def _rows(
    found: Balances,
    which: dict[str, Decimal],
    section: str,
    prefix: str,
    sign: int,
    exclude: str | None = None,
) -> list[dict[str, Any]]:
    """One row per account under ``prefix`` (not under ``exclude``), its sum times ``sign``."""
    rows: list[dict[str, Any]] = []
    chosen = (a for a in which if a.startswith(prefix) and not (exclude and a.startswith(exclude)))
    for account in sorted(chosen):
        amount = sign * which[account]
        if amount == ZERO:
            continue
        code, name = found.names.get(account, ("", ""))
        rows.append(
            {"section": section, "code": code, "account": account, "name": name, "amount": amount}
        )
    return rows


def _line(section: str, name: str, amount: Decimal, code: str = "") -> dict[str, Any]:
    return {"section": section, "code": code, "account": "", "name": name, "amount": amount}


def _table(name: str, title_zh: str, title_en: str, rows: list[dict[str, Any]]) -> Table:
    return Table(name, title_zh, title_en, list(COLUMNS), rows)


def balance_sheet(found: Balances) -> tuple[Table, dict[str, Decimal]]:
    at = found.at
    assets = found.total(at, "Assets:")
    liabilities = -found.total(at, "Liabilities:")
    equity = -(found.total(at, "Equity:") - found.total(at, BUDGET))
    earlier = -(found.total(found.before, "Income:") + found.total(found.before, "Expenses:"))
    surplus = -(found.total(found.year, "Income:") + found.total(found.year, "Expenses:"))
    net = equity + earlier + surplus
    rows = [
        *_rows(found, at, "资产 Assets", "Assets:", 1),
        _line("资产 Assets", "资产合计 Total assets", assets),
        *_rows(found, at, "负债 Liabilities", "Liabilities:", -1),
        _line("负债 Liabilities", "负债合计 Total liabilities", liabilities),
        *_rows(found, at, "净资产 Net assets", "Equity:", -1, exclude=BUDGET),
        _line("净资产 Net assets", "以前年度盈余 Result of earlier years", earlier, "3001"),
        _line("净资产 Net assets", "本年盈余 Surplus of the year", surplus, "3001"),
        _line("净资产 Net assets", "净资产合计 Total net assets", net),
        _line("", "负债和净资产总计 Liabilities and net assets", liabilities + net),
    ]
    table = _table("balance_sheet", "资产负债表", "Balance sheet (financial basis)", rows)
    return table, {"assets": assets, "liabilities": liabilities, "net_assets": net}


def income_statement(found: Balances) -> tuple[Table, dict[str, Decimal]]:
    year = found.year
    income = -found.total(year, "Income:")
    expenses = found.total(year, "Expenses:")
    rows = [
        *_rows(found, year, "收入 Income", "Income:", -1),
        _line("收入 Income", "本期收入合计 Total income", income),
        *_rows(found, year, "费用 Expenses", "Expenses:", 1),
        _line("费用 Expenses", "本期费用合计 Total expenses", expenses),
        _line("", "本期盈余 Surplus of the year", income - expenses),
    ]
    table = _table("income_statement", "收入费用表", "Income statement (financial basis)", rows)
    return table, {"income": income, "expenses": expenses, "surplus": income - expenses}


def budget_statement(found: Balances) -> tuple[Table, dict[str, Decimal]]:
    year = found.year
    income = -found.total(year, BUDGET_INCOME)
    spent = found.total(year, EXPENDITURE)
    opening = found.before.get(FUND_BALANCE, ZERO)
    closing = found.at.get(FUND_BALANCE, ZERO)
    # Postings to 结转结余 within the year (prior-year refunds, investments of earlier years
    # recovered) move 资金结存 without being the year's budgetary income or expenditure.
    adjustments = -sum(
        (
            v
            for a, v in year.items()
            if a.startswith(BUDGET)
            and not a.startswith((BUDGET_INCOME, EXPENDITURE))
            and a != FUND_BALANCE
        ),
        ZERO,
    )
    rows = [
        *_rows(found, year, "预算收入 Budgetary income", BUDGET_INCOME, -1),
        _line("预算收入 Budgetary income", "本年预算收入合计 Total", income),
        *_rows(found, year, "预算支出 Budgetary expenditure", EXPENDITURE, 1),
        _line("预算支出 Budgetary expenditure", "本年预算支出合计 Total", spent),
        _line("", "本年预算收支差额 Income less expenditure", income - spent),
        *_rows(found, year, "结转结余调整 Adjustments", BUDGET, -1, exclude=BUDGET_INCOME),
        _line("结转结余调整 Adjustments", "调整合计 Total adjustments", adjustments),
        _line("资金结存 Fund balance", "年初资金结存 Opening", opening, "8001"),
        _line("资金结存 Fund balance", "年末资金结存 Closing", closing, "8001"),
        _line("资金结存 Fund balance", "资金结存变动 Change", closing - opening, "8001"),
    ]
    # The adjustments' rows list the 结转结余 accounts only (not 资金结存 or 支出).
    rows = [
        r
        for r in rows
        if not (
            r["section"].startswith("结转结余")
            and r["account"]
            and (r["account"] == FUND_BALANCE or r["account"].startswith(EXPENDITURE))
        )
    ]
    table = _table("budget_statement", "预算收入支出表", "Budgetary income and expenditure", rows)
    figures = {
        "budget_income": income,
        "budget_expenditure": spent,
        "adjustments": adjustments,
        "fund_balance_change": closing - opening,
    }
    return table, figures


def build(view: BooksView, as_of: date) -> Report:
    found = balances(view.entries(BOOK), as_of)
    sheet, b = balance_sheet(found)
    income, i = income_statement(found)
    budget, g = budget_statement(found)
    summary: dict[str, Any] = {
        "年度 year": as_of.year,
        "资产合计 assets": b["assets"],
        "负债合计 liabilities": b["liabilities"],
        "净资产合计 net assets": b["net_assets"],
        "资产=负债+净资产 balanced": b["assets"] == b["liabilities"] + b["net_assets"],
        "本期收入 income": i["income"],
        "本期费用 expenses": i["expenses"],
        "本期盈余 surplus": i["surplus"],
        "预算收入 budgetary income": g["budget_income"],
        "预算支出 budgetary expenditure": g["budget_expenditure"],
        "结转结余调整 adjustments": g["adjustments"],
        "资金结存变动 change in fund balance": g["fund_balance_change"],
        "预算收支=资金结存变动 balanced": (
            g["budget_income"] - g["budget_expenditure"] + g["adjustments"]
            == g["fund_balance_change"]
        ),
        "资金结存=银行存款 fund balance = cash": (
            found.at.get(FUND_BALANCE, ZERO) == found.at.get("Assets:Bank:SpecialFund", ZERO)
        ),
    }
    return Report(
        "statements",
        f"市级专项资金 {as_of.year} 年度报表",
        f"City special fund statements {as_of.year}",
        as_of,
        [sheet, income, budget],
        summary,
    )

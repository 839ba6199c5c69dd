"""`budget.appropriate`: money appropriated to the special fund, by measure or department.

    2025-01-15 * "预算拨款 2025 市科技局"
      event: "b-2025-kj"
      type: "budget.appropriate"
      department: "sci-tech"
      year: 2025
      Assets:Bank:SpecialFund                       5000000.00 CNY   ; 1002 银行存款
      Income:Appropriation:SciTech                 -5000000.00 CNY   ; 4001 财政拨款收入
      Equity:Budget:FundBalance                     5000000.00 CNY   ; 8001 资金结存
      Equity:Budget:Income:Appropriation:SciTech   -5000000.00 CNY   ; 6001 财政拨款预算收入

The last two lines are the budgetary twin (平行记账, docs/accounting.md). The appropriation
opens the line (year, department) — or (year, measure) when a measure is named — that the
city's outflows of that year are charged to (`rules.appropriation_line`).

A measure-level appropriation also writes Fava's ``custom "budget"`` for the measure's expense
account, so Fava's budget view compares it with what was awarded.
"""

from __future__ import annotations

from typing import Any

from beancount.core import account as bc_account
from beancount.core.amount import Amount
from beancount.parser.grammar import ValueType

from jcg_ledger.events.budget import BudgetAppropriate
from jcg_ledger.render import budgetary
from jcg_ledger.render.base import CURRENCY, Context, Posting, Refusal, Registry, Renderer
from jcg_ledger.rules.appropriation import Appropriation, check_appropriation, department_of
from jcg_ledger.state.base import Violation
from jcg_ledger.state.budget import APPROPRIATION, FUND_BALANCE

BANK = "Assets:Bank:SpecialFund"


def render_budget(event: BudgetAppropriate, ctx: Context) -> None:
    policy = ctx.policy
    fact = Appropriation(event.date, event.year, event.measure, event.department)
    found = check_appropriation(policy, fact)
    if found is not None:
        raise Refusal.of(found.field or "date", found)
    department = department_of(policy, fact)
    assert not isinstance(department, Violation)  # check_appropriation refused it
    measure_code = policy.measure(event.measure).code if event.measure is not None else None
    income = f"Income:Appropriation:{department.account}"
    ctx.open_account(
        "city",
        income,
        f"财政拨款收入—{department.name_zh}",
        department=department.code,
        code="4001",
    )
    ctx.open_account(
        "city",
        f"{APPROPRIATION}{department.account}",
        f"财政拨款预算收入—{department.name_zh}",
        department=department.code,
        code="6001",
    )
    target = measure_code or department.code
    ctx.transaction(
        "city",
        f"预算拨款 {event.year} {department.name_zh} {target}",
        [
            Posting(BANK, event.amount),
            Posting(income, -event.amount),
            *budgetary.appropriation_received(department.account, event.amount),
        ],
        year=event.year,
        measure=measure_code,
        department=department.code,
    )
    if measure_code is not None:
        expense = f"Expenses:Subsidy:{policy.measure(measure_code).account}"
        ctx.custom(
            "city",
            "budget",
            [
                ValueType(expense, bc_account.TYPE),  # type: ignore[arg-type]
                "yearly",
                ValueType(Amount(event.amount, CURRENCY), Amount),
            ],
            measure=measure_code,
            year=event.year,
        )


REGISTRY: Registry = {
    "budget.appropriate": Renderer[Any](
        "budget.appropriate",
        render_budget,
        "预算拨款:借记专项资金专户,贷记财政拨款收入(按牵头部门);同一笔分录平行记账:借记"
        "资金结存,贷记财政拨款预算收入。形成预算指标(年度×部门或措施),当年支出按指标控制。"
        "按措施拨款另写 Fava 预算指令。"
        " Debits the special-fund bank account, credits appropriation income of the lead"
        " department; the budgetary twin debits the fund balance and credits budgetary"
        " appropriation income. It opens the line (year × department or measure) the year's"
        " outflows are charged to; a measure-level budget also writes Fava's budget directive.",
        (
            ("city", BANK, "Income:Appropriation:<Dept>"),
            ("city", FUND_BALANCE, "Equity:Budget:Income:Appropriation:<Dept>"),
        ),
    ),
}

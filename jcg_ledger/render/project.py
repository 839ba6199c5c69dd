"""先投后股 events rendered into the city and platform books.

`project.fund` — the city entrusts money to the platform, both sides in one step, linked::

    2025-03-01 * "委托资金拨付 city → platform"  ^f-001      ; city book
      Assets:Entrusted:Platform                       3000000.00 CNY
      Assets:Bank:SpecialFund                        -3000000.00 CNY
      Equity:Budget:Expenditure:Investment:Platform   3000000.00 CNY   ; 7601 投资支出
      Equity:Budget:FundBalance                      -3000000.00 CNY   ; 8001 资金结存
    2025-03-01 * "收到委托资金 city → platform"  ^f-001      ; platform book
      Assets:Bank:Platform          3000000.00 CNY
      Liabilities:Entrusted:City   -3000000.00 CNY

`jcg check` reconciles the two (`Assets:Entrusted:Platform` = −`Liabilities:Entrusted:City`).
The city's side is charged to the appropriation line of measure ``conversion-project`` (else
its lead department's) and bounded by the special fund's cash (`render.budgetary`).
"""

from __future__ import annotations

from decimal import ROUND_DOWN, Decimal
from typing import Any

from beancount.core.data import Booking
from beancount.core.position import CostSpec

from jcg_ledger.events.project import (
    BuybackAgree,
    BuybackSettle,
    DebtAccrue,
    DebtRepay,
    EquityExit,
    EquityMark,
    InvestmentWriteoff,
    ProceedsRemit,
    ProjectApprove,
    ProjectConvert,
    ProjectDisburse,
    ProjectFund,
)
from jcg_ledger.render import budgetary
from jcg_ledger.render.base import CURRENCY, Context, Posting, Refusal, Registry, Renderer, require
from jcg_ledger.rules import buyback_price, buyback_schedule, conversion, debt, holdings, tolerance
from jcg_ledger.rules.eligibility import check_admitted, check_registered
from jcg_ledger.rules.window import check_window
from jcg_ledger.state.projects import (
    BUYBACK_DIRECTIVE,
    DISPOSAL,
    INTEREST_INCOME,
    PROJECT_DIRECTIVE,
    REMITTED,
    WRITEOFF,
    Project,
    Tranche,
    commodity,
    debt_account,
    equity_account,
    interest_account,
    pre_account,
)

CITY_BANK = "Assets:Bank:SpecialFund"
CITY_ENTRUSTED = "Assets:Entrusted:Platform"
PLATFORM_BANK = "Assets:Bank:Platform"
PLATFORM_ENTRUSTED = "Liabilities:Entrusted:City"
CITY_PROCEEDS = "Income:Proceeds:Platform"


def render_fund(event: ProjectFund, ctx: Context) -> None:
    require("date", check_window(ctx.policy, event.date, "委托资金拨付"))
    twin = budgetary.outflow(ctx, MEASURE, event.amount, "委托资金拨付 project.fund")
    ctx.transaction(
        "city",
        "委托资金拨付 city → platform",
        [Posting(CITY_ENTRUSTED, event.amount), Posting(CITY_BANK, -event.amount), *twin],
        project=event.project,
    )
    ctx.transaction(
        "platform",
        "收到委托资金 city → platform",
        [Posting(PLATFORM_BANK, event.amount), Posting(PLATFORM_ENTRUSTED, -event.amount)],
        project=event.project,
    )


MEASURE = "conversion-project"


def _project(ctx: Context, code: str) -> Project:
    project = ctx.state.projects.projects.get(code)
    if project is None:
        raise Refusal.of("project", conversion.unknown_project(code))
    return project


def _sale_postings(
    project: Project, units: Decimal, amount: Decimal, cost: Decimal
) -> list[Posting]:
    """Cash in, units out by lot matching (``{}``), the difference to disposal income."""
    e = project.entity
    postings = [
        Posting(PLATFORM_BANK, amount),
        Posting(
            equity_account(e),
            -units,
            commodity(e),
            cost=CostSpec(None, None, None, None, None, False),
        ),
    ]
    if amount != cost:
        postings.append(Posting(DISPOSAL, -(amount - cost)))
    return postings


def render_approve(event: ProjectApprove, ctx: Context) -> None:
    require("date", check_window(ctx.policy, event.date, "项目立项"))
    require("entity", check_admitted(ctx.state.core, event.entity, event.date))
    require(
        "project", conversion.check_new_project(ctx.state.projects, event.project, event.entity)
    )
    terms = event.terms
    if terms is not None and terms.discount is not None:
        probe = Project(event.project, event.entity, event.amount, event.date)
        require("terms.discount", conversion.check_discount(ctx.policy, probe, terms.discount))
    months = ctx.policy.conversion.deadline_months
    meta: dict[str, Any] = {
        "project": event.project,
        "entity": event.entity,
        "measure": MEASURE,
        "amount": event.amount,
        "conversion_deadline": terms.conversion_deadline if terms else None,
        "deadline_rule": f"首次拨付后{months}个月 {months} months after the first disbursement",
        "discount": terms.discount if terms else None,
        "fallback": (terms.fallback if terms and terms.fallback else None),
    }
    if meta["fallback"] == "writeoff":
        meta["fallback"] = "write-off"
    for book in ("city", "platform"):
        ctx.custom(book, PROJECT_DIRECTIVE, [event.project], **meta)


def render_disburse(event: ProjectDisburse, ctx: Context) -> None:
    project = _project(ctx, event.project)
    state = ctx.state.projects
    require(
        "amount",
        conversion.check_disbursement(project, event.amount, event.date, state.available),
    )
    e = project.entity
    ctx.open_account("platform", pre_account(e), f"先投后股—待转股投资—{e}")
    first = project.first_disbursed or event.date
    deadline = project.deadline_term or project.deadline(ctx.policy)
    if deadline is None:
        probe = Project(project.code, e, project.amount, project.approved)
        probe.disbursements.append((first, event.amount))
        deadline = probe.deadline(ctx.policy)
    ctx.transaction(
        "platform",
        f"项目资金拨付 {project.code} → {e}",
        [Posting(pre_account(e), event.amount), Posting(PLATFORM_BANK, -event.amount)],
        payee=e,
        project=project.code,
        entity=e,
        measure=MEASURE,
        conversion_deadline=deadline,
    )


def render_convert(event: ProjectConvert, ctx: Context) -> None:
    project = _project(ctx, event.project)
    require("project", conversion.check_convert(project, event.date))
    e = project.entity
    cost = project.pre_balance
    common: dict[str, Any] = {"project": project.code, "entity": e, "measure": MEASURE}
    if event.to.value == "equity":
        discount = conversion.discount_for(ctx.policy, project, event.discount)
        require("discount", conversion.check_discount(ctx.policy, project, discount))
        unit_price = None
        if event.round_price is not None:
            unit_price = event.round_price * (1 - discount)
        if event.units is not None:
            units = event.units
        else:
            assert unit_price is not None  # the event model requires units or round_price
            # Whole units only: a company issues no fraction of a unit of capital.
            units = (cost / unit_price).quantize(Decimal(1), rounding=ROUND_DOWN)
        require(
            "units", conversion.check_convert_amounts(project, cost, None, units, None, event.date)
        )
        ctx.open_account(
            "platform",
            equity_account(e),
            f"交易性金融资产—股权投资—{e}",
            currencies=None,
            booking=Booking.FIFO,
            cas="1101",
        )
        ctx.transaction(
            "platform",
            f"先投后股转股 {project.code}: {units} {commodity(e)}",
            [
                Posting(
                    equity_account(e),
                    units,
                    commodity(e),
                    cost=CostSpec(None, cost, CURRENCY, None, None, False),
                ),
                Posting(pre_account(e), -cost),
            ],
            payee=e,
            to="equity",
            units=units,
            cost=cost,
            round_price=event.round_price,
            discount=discount,
            unit_price=unit_price,
            **common,
        )
        return
    principal = event.principal if event.principal is not None else cost
    assert event.maturity is not None and event.rate is not None and event.method is not None
    found = conversion.check_convert_amounts(
        project, cost, principal, Decimal(0), event.maturity, event.date
    )
    if found is not None:
        raise Refusal.of(found.field or "principal", found)
    plan = debt.schedule(
        principal,
        event.rate,
        event.date,
        event.maturity,
        event.method.value,
        event.frequency,
        ctx.policy.interest.year_days,
        ctx.policy.quantize,
    )
    ctx.open_account("platform", debt_account(e), f"债权投资—{e}")
    ctx.open_account("platform", interest_account(e), f"应收利息—{e}", cas="1132")
    ctx.transaction(
        "platform",
        f"先投后股转债 {project.code}: {principal} @ {event.rate}",
        [Posting(debt_account(e), principal), Posting(pre_account(e), -principal)],
        payee=e,
        to="debt",
        rate=event.rate,
        maturity=event.maturity,
        method=event.method.value,
        frequency=event.frequency,
        schedule="; ".join(f"{d} 本金 {p} 利息 {i}" for d, p, i in plan),
        **common,
    )


def render_agree(event: BuybackAgree, ctx: Context) -> None:
    project = _project(ctx, event.project)
    require("obligor", check_registered(ctx.state.core, event.obligor))
    earlier: list[Tranche] = list(project.tranches)
    for index, spec in enumerate(event.tranches):
        number = len(project.tranches) + index + 1
        units = (
            spec.units
            if spec.units is not None
            else (spec.fraction or Decimal(0)) * project.units_converted
        )
        if units == units.to_integral_value():
            # 0.3 × 500000 is 150000.0: write whole units as such.
            units = units.quantize(Decimal(1))
        fraction = spec.fraction
        if fraction is None and project.units_converted:
            fraction = units / project.units_converted
        tranche = Tranche(
            number=number,
            due=spec.due,
            units=units,
            method=spec.method.value,
            fraction=fraction,
            rate=spec.rate,
            price=spec.price,
            concession=spec.concession,
            agreed=event.date,
        )
        require(
            f"tranches[{index}]",
            buyback_schedule.check_tranche(ctx.policy, project, earlier, tranche),
        )
        earlier.append(tranche)
        ctx.custom(
            "platform",
            BUYBACK_DIRECTIVE,
            [project.code, Decimal(number)],
            project=project.code,
            entity=project.entity,
            obligor=event.obligor,
            tranche=number,
            due=spec.due,
            units=units,
            fraction=fraction,
            method=spec.method.value,
            rate=spec.rate,
            price=spec.price,
            concession=spec.concession,
        )


def render_settle(event: BuybackSettle, ctx: Context) -> None:
    project = _project(ctx, event.project)
    tranche = project.tranche(event.tranche)
    if tranche is None:
        raise Refusal.of("tranche", holdings.unknown_tranche(project, event.tranche))
    units = event.units if event.units is not None else tranche.remaining_units
    require("units", holdings.check_units(project, tranche, units))
    due = buyback_price.price_due(ctx.policy, project, tranche, event.date, units)
    cost = project.cost_of(units, ctx.policy)
    ctx.transaction(
        "platform",
        f"回购结算 {project.code} 第{tranche.number}期: {units} {commodity(project.entity)}",
        _sale_postings(project, units, event.amount, cost),
        payee=project.obligor,
        project=project.code,
        entity=project.entity,
        obligor=project.obligor,
        tranche=tranche.number,
        method=tranche.method,
        due=tranche.due,
        units=units,
        cost=cost,
        price_due=due,
        gain=event.amount - cost,
        days_late=max((event.date - tranche.due).days, 0),
    )


def render_mark(event: EquityMark, ctx: Context) -> None:
    project = _project(ctx, event.project)
    if project.converted != "equity":
        raise Refusal.of(
            "project",
            holdings.check_units(project, None, Decimal(1))
            or conversion.unknown_project(project.code),
        )
    ctx.price(
        "platform",
        commodity(project.entity),
        event.price,
        project=project.code,
        entity=project.entity,
    )


def render_exit(event: EquityExit, ctx: Context) -> None:
    project = _project(ctx, event.project)
    require("units", holdings.check_units(project, None, event.units))
    cost = project.cost_of(event.units, ctx.policy)
    ctx.transaction(
        "platform",
        f"股权退出 {project.code} ({event.method.value}): {event.units} {commodity(project.entity)}",
        _sale_postings(project, event.units, event.amount, cost),
        project=project.code,
        entity=project.entity,
        method=event.method.value,
        units=event.units,
        cost=cost,
        gain=event.amount - cost,
    )


def render_accrue(event: DebtAccrue, ctx: Context) -> None:
    project = _project(ctx, event.project)
    require("through", debt.check_accrue(project, event.through))
    start = project.accrued_through or project.converted_on
    interest = debt.accrual(ctx.policy, project, event.through)
    require("through", debt.check_interest(project, interest))
    e = project.entity
    ctx.transaction(
        "platform",
        f"计提利息 {project.code} {start} → {event.through}",
        [Posting(interest_account(e), interest), Posting(INTEREST_INCOME, -interest)],
        project=project.code,
        entity=e,
        accrued_from=start,
        through=event.through,
        principal=project.principal,
        rate=project.debt_rate,
    )


def render_repay(event: DebtRepay, ctx: Context) -> None:
    project = _project(ctx, event.project)
    principal = event.principal or Decimal(0)
    interest = event.interest or Decimal(0)
    require("principal", holdings.check_repay(project, principal, interest))
    e = project.entity
    postings = [Posting(PLATFORM_BANK, principal + interest)]
    if principal:
        postings.append(Posting(debt_account(e), -principal))
    if interest:
        postings.append(Posting(interest_account(e), -interest))
    ctx.transaction(
        "platform",
        f"债权回收 {project.code}",
        postings,
        payee=e,
        project=project.code,
        entity=e,
        principal=principal,
        interest=interest,
    )


def render_writeoff(event: InvestmentWriteoff, ctx: Context) -> None:
    project = _project(ctx, event.project)
    e = project.entity
    carrying = tolerance.carrying(project)
    found = tolerance.check_whole(project, event.amount)
    if found is not None:
        raise Refusal.of(found.field or "project", found)
    postings = [Posting(WRITEOFF, carrying)]
    if project.pre_balance:
        postings.append(Posting(pre_account(e), -project.pre_balance))
    if project.units_held:
        postings.append(
            Posting(
                equity_account(e),
                -project.units_held,
                commodity(e),
                cost=CostSpec(None, None, None, None, None, False),
            )
        )
    if project.principal:
        postings.append(Posting(debt_account(e), -project.principal))
    if project.interest_receivable:
        postings.append(Posting(interest_account(e), -project.interest_receivable))
    tol = ctx.policy.tolerance
    ratio = tolerance.loss_ratio(project, carrying)
    ctx.transaction(
        "platform",
        f"容错核销 {project.code}: {event.reason}",
        postings,
        payee=e,
        project=project.code,
        entity=e,
        reason=event.reason,
        loss_ratio=ctx.policy.quantize(ratio),
        tolerance_single_project=tol.single_project,
        tolerance_seed=tol.seed,
        tolerance_early=tol.early,
        tolerance_fund=tol.fund,
        within_tolerance=ratio <= tol.single_project,
    )


def render_remit(event: ProceedsRemit, ctx: Context) -> None:
    state = ctx.state.projects
    require("amount", holdings.check_cash(state, event.amount, "收益上缴 proceeds.remit"))
    principal = event.principal or Decimal(0)
    require("principal", holdings.check_remit_principal(state, event.amount, principal))
    income = event.amount - principal
    ctx.open_account("platform", REMITTED, "上缴财政投资收益")
    platform = [Posting(PLATFORM_BANK, -event.amount)]
    city = [Posting(CITY_BANK, event.amount)]
    if principal:
        platform.append(Posting(PLATFORM_ENTRUSTED, principal))
        city.append(Posting(CITY_ENTRUSTED, -principal))
    if income:
        platform.append(Posting(REMITTED, income))
        city.append(Posting(CITY_PROCEEDS, -income))
    # The budgetary twin: principal recovered reverses this year's 投资支出 (else 其他结余),
    # income is 投资预算收益.
    if principal:
        city.extend(budgetary.principal_recovered(ctx, MEASURE, principal))
    if income:
        city.extend(budgetary.income_received(income))
    meta: dict[str, Any] = {"project": event.project, "principal": principal, "income": income}
    ctx.transaction("platform", "收益上缴 platform → city", platform, **meta)
    ctx.transaction("city", "收到平台上缴收益 platform → city", city, **meta)


def _r(
    type_: str, fn: Any, explain: str, postings: tuple[tuple[str, str, str], ...]
) -> Renderer[Any]:
    return Renderer[Any](type_, fn, explain, postings)


REGISTRY: Registry = {
    "project.fund": _r(
        "project.fund",
        render_fund,
        "委托资金拨付:市级账套借记委托平台投资资金、贷记专项资金专户,平行记账借记投资支出、"
        "贷记资金结存(计入 conversion-project 预算指标,不超过指标余额和专户余额);平台账套借记"
        "银行存款、贷记其他应付款—财政委托资金。两笔分录以 ^事件编号 关联,对账时两边相等。"
        " The city moves cash to an entrusted-funds asset (budgetary twin: investment"
        " expenditure against the fund balance, charged to the conversion-project line and"
        " bounded by it and by the cash); the platform receives it as a liability to the"
        " city; both carry the link ^<event id> and must reconcile.",
        (
            ("city", CITY_ENTRUSTED, CITY_BANK),
            ("city", "Equity:Budget:Expenditure:Investment:Platform", "Equity:Budget:FundBalance"),
            ("platform", PLATFORM_BANK, PLATFORM_ENTRUSTED),
        ),
    ),
    "project.approve": _r(
        "project.approve",
        render_approve,
        '项目立项:不记账,只在市级和平台账套各写一条 custom "jcg-project" 记录(主体、金额、'
        "条款、转股期限)。 No money moves: a project record in both books.",
        (),
    ),
    "project.disburse": _r(
        "project.disburse",
        render_disburse,
        "项目资金拨付:借记先投后股—待转股投资,贷记银行存款;累计不超过立项金额和可用委托资金。"
        " Dr pre-conversion investment, Cr bank; within the approval and the entrusted cash.",
        (("platform", "Assets:PreConversion:<E>", PLATFORM_BANK),),
    ),
    "project.convert": _r(
        "project.convert",
        render_convert,
        "转股:借记交易性金融资产—股权投资(EQ-<E> 按成本),贷记待转股投资;转债:借记债权投资,"
        "贷记待转股投资。只能转换一次。 Equity: units at cost; debt: principal; once only.",
        (
            ("platform", "Assets:Equity:<E>", "Assets:PreConversion:<E>"),
            ("platform", "Assets:Debt:<E>", "Assets:PreConversion:<E>"),
        ),
    ),
    "buyback.agree": _r(
        "buyback.agree",
        render_agree,
        '回购协议:不记账,每期一条 custom "jcg-buyback"(到期日、股数、定价方法)。'
        " No money moves: one record per tranche.",
        (),
    ),
    "buyback.settle": _r(
        "buyback.settle",
        render_settle,
        "回购结算:借记银行存款(实收),贷记股权投资(按批次成本),差额计入投资收益—处置。"
        " Dr bank, Cr the stake at lot cost, the difference to disposal income.",
        (("platform", PLATFORM_BANK, "Assets:Equity:<E>"), ("platform", PLATFORM_BANK, DISPOSAL)),
    ),
    "equity.mark": _r(
        "equity.mark",
        render_mark,
        "股权估值:写 price EQ-<E> 价格指令,不记公允价值变动损益(见 docs/projects.md)。"
        " A Price directive only; Fava shows the market value.",
        (),
    ),
    "equity.exit": _r(
        "equity.exit",
        render_exit,
        "股权退出:借记银行存款,贷记股权投资(按批次成本),差额计入投资收益—处置。"
        " Dr bank, Cr the stake at lot cost, the difference to disposal income.",
        (("platform", PLATFORM_BANK, "Assets:Equity:<E>"), ("platform", PLATFORM_BANK, DISPOSAL)),
    ),
    "debt.accrue": _r(
        "debt.accrue",
        render_accrue,
        "计提利息:借记应收利息,贷记投资收益—利息(单利,ACT/365)。"
        " Dr interest receivable, Cr interest income (simple, ACT/365).",
        (("platform", "Assets:Receivable:Interest:<E>", INTEREST_INCOME),),
    ),
    "debt.repay": _r(
        "debt.repay",
        render_repay,
        "债权回收:借记银行存款,贷记债权投资和应收利息;不得超过欠款。"
        " Dr bank, Cr debt principal and interest receivable; never above what is owed.",
        (
            ("platform", PLATFORM_BANK, "Assets:Debt:<E>"),
            ("platform", PLATFORM_BANK, "Assets:Receivable:Interest:<E>"),
        ),
    ),
    "investment.writeoff": _r(
        "investment.writeoff",
        render_writeoff,
        "容错核销:借记容错核销损失,贷记项目全部账面余额;元数据记录容错比例。"
        " Dr write-off loss, Cr every remaining balance of the project; tolerance in metadata.",
        (("platform", WRITEOFF, "Assets:PreConversion:<E> / Assets:Equity:<E> / Assets:Debt:<E>"),),
    ),
    "proceeds.remit": _r(
        "proceeds.remit",
        render_remit,
        "收益上缴:平台贷记银行存款,借记其他应付款—财政委托资金(本金部分)和上缴财政投资收益;"
        "市级借记专项资金专户,贷记委托平台投资资金和平台上缴投资收益。"
        " Platform pays the city: principal returns entrusted funds, the rest is income.",
        (
            ("platform", PLATFORM_ENTRUSTED, PLATFORM_BANK),
            ("platform", REMITTED, PLATFORM_BANK),
            ("city", CITY_BANK, CITY_ENTRUSTED),
            ("city", CITY_BANK, "Income:Proceeds:Platform"),
            (
                "city",
                "Equity:Budget:FundBalance",
                "Equity:Budget:Expenditure:Investment:Platform / Equity:Budget:OtherSurplus",
            ),
            ("city", "Equity:Budget:FundBalance", "Equity:Budget:Income:InvestmentReturn"),
        ),
    ),
}

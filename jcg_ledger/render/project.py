"""先投后股 events rendered into the city and platform books.

The platform is the city's agent (受托代持, docs/accounting.md "Platform and 先投后股
projects"): every event that changes what the programme's money is worth — a conversion at a
discount, a mark, a buyback falling due or settled, an exit, interest, a write-off — moves the
platform's ``Liabilities:Entrusted:City`` and posts the city's side in the same event:
``Assets:Entrusted:Platform`` against the city's income or loss (``Income:Investment:*``,
``Expenses:WriteOff``, ``Expenses:Concession``). Both transactions carry the link
``^<event id>`` and the ``project`` metadata.

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

from dataclasses import replace
from datetime import date
from decimal import ROUND_DOWN, Decimal
from typing import Any

from beancount.core.data import Booking
from beancount.core.position import CostSpec

from jcg_ledger.events.project import (
    BuybackAgree,
    BuybackDue,
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
from jcg_ledger.rules import (
    buyback_price,
    buyback_schedule,
    conversion,
    debt,
    fair_value,
    holdings,
    remit,
    state_asset,
    tolerance,
)
from jcg_ledger.rules.eligibility import check_admitted, check_registered
from jcg_ledger.rules.window import check_window
from jcg_ledger.state.projects import BANK as PLATFORM_BANK
from jcg_ledger.state.projects import (
    BUYBACK_DIRECTIVE,
    CITY_BANK,
    CITY_CONCESSION,
    CITY_DISPOSAL,
    CITY_ENTRUSTED,
    CITY_FAIR_VALUE,
    CITY_INTEREST,
    CITY_WRITEOFF,
    PROJECT_DIRECTIVE,
    Project,
    Tranche,
    buyback_account,
    commodity,
    debt_account,
    equity_account,
    fair_value_account,
    interest_account,
    pre_account,
)
from jcg_ledger.state.projects import ENTRUSTED as PLATFORM_ENTRUSTED

# The city's accounts for what the programme's money earns and loses (政府会计制度 codes).
CITY_ACCOUNTS: dict[str, tuple[str, str]] = {
    CITY_DISPOSAL: ("投资收益—受托股权处置", "4602"),
    CITY_INTEREST: ("投资收益—受托债权利息", "4602"),
    CITY_FAIR_VALUE: ("投资收益—受托股权公允价值变动", "4602"),
    CITY_WRITEOFF: ("资产处置费用—容错核销", "5301"),
    CITY_CONCESSION: ("资产处置费用—回购让利", "5301"),
}


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


def _nonzero(postings: list[Posting]) -> list[Posting]:
    return [p for p in postings if p.units != 0]


def _stake_out(ctx: Context, project: Project, units: Decimal) -> tuple[list[Posting], Decimal]:
    """Units out by lot matching (``{}``) with their share of the fair-value changes; and
    their carrying value (cost + that share)."""
    e = project.entity
    cost = project.cost_of(units, ctx.policy)
    release = project.fair_value_release(units, ctx.policy)
    postings = [
        Posting(
            equity_account(e),
            -units,
            commodity(e),
            cost=CostSpec(None, None, None, None, None, False),
        ),
        Posting(fair_value_account(e), -release),
    ]
    return postings, cost + release


def _value_moved(
    ctx: Context,
    project: Project | None,
    narration: str,
    platform: list[Posting],
    moved: Decimal,
    city: list[Posting],
    **meta: Any,
) -> None:
    """One event in both books: the platform's assets change by ``moved``, and so does its
    liability to the city; the city's claim moves with it, against ``city`` (its income and
    losses, which add up to −``moved``)."""
    assert sum((p.units for p in city), Decimal(0)) == -moved, "the city's side must balance"
    if project is not None:
        meta.setdefault("project", project.code)
        meta.setdefault("entity", project.entity)
        meta.setdefault("measure", MEASURE)
    payee = project.entity if project is not None else None
    ctx.transaction(
        "platform",
        narration,
        _nonzero([*platform, Posting(PLATFORM_ENTRUSTED, -moved)]),
        payee=payee,
        **meta,
    )
    if moved == 0 and not any(p.units for p in city):
        return
    for posting in city:
        if posting.units and posting.account in CITY_ACCOUNTS:
            name_zh, code = CITY_ACCOUNTS[posting.account]
            ctx.open_account("city", posting.account, name_zh, code=code)
    ctx.transaction(
        "city",
        f"{narration}(受托代持 via the platform)",
        _nonzero([Posting(CITY_ENTRUSTED, moved), *city]),
        payee=payee,
        **meta,
    )


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
    approved = event.override.doc_no if event.override else None
    common: dict[str, Any] = {
        "project": project.code,
        "entity": e,
        "measure": MEASURE,
        "override_reason": event.override.reason if event.override else None,
        "override_doc_no": approved,
    }
    if event.to.value == "equity":
        require("date", conversion.check_deadline(ctx.policy, project, event.date, approved))
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
        require(
            "total_units",
            conversion.check_stake(ctx.policy, project, units, event.total_units, approved),
        )
        ctx.open_account(
            "platform",
            equity_account(e),
            f"交易性金融资产—股权投资—{e}",
            currencies=None,
            booking=Booking.FIFO,
            cas="1101",
        )
        ctx.open_account(
            "platform", fair_value_account(e), f"交易性金融资产—公允价值变动—{e}", cas="1101"
        )
        day_one = fair_value.day_one(ctx.policy, units, cost, event.round_price)
        _value_moved(
            ctx,
            project,
            f"先投后股转股 {project.code}: {units} {commodity(e)}",
            [
                Posting(
                    equity_account(e),
                    units,
                    commodity(e),
                    cost=CostSpec(None, cost, CURRENCY, None, None, False),
                ),
                Posting(pre_account(e), -cost),
                Posting(fair_value_account(e), day_one),
            ],
            day_one,
            [Posting(CITY_FAIR_VALUE, -day_one)],
            to="equity",
            units=units,
            cost=cost,
            round_price=event.round_price,
            discount=discount,
            unit_price=unit_price,
            total_units=event.total_units,
            stake=(units / event.total_units).quantize(Decimal("0.0001"))
            if event.total_units
            else None,
            day_one=day_one,
            **{k: v for k, v in common.items() if k not in ("project", "entity", "measure")},
        )
        if event.round_price is not None:
            ctx.price("platform", commodity(e), event.round_price, project=project.code, entity=e)
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


def _tranche(project: Project, number: int) -> Tranche:
    tranche = project.tranche(number)
    if tranche is None:
        raise Refusal.of("tranche", holdings.unknown_tranche(project, number))
    return tranche


def _open_receivable(ctx: Context, obligor: str) -> None:
    ctx.open_account(
        "platform", buyback_account(obligor), f"受托代理资产—应收回购款—{obligor}", cas="1221"
    )


def render_due(event: BuybackDue, ctx: Context) -> None:
    """A tranche unpaid at its due date: its price at the due date becomes a receivable."""
    project = _project(ctx, event.project)
    tranche = _tranche(project, event.tranche)
    units = tranche.remaining_units
    require("tranche", holdings.check_units(project, tranche, units))
    price = buyback_price.price_due(ctx.policy, project, tranche, tranche.due, units)
    require("tranche", buyback_price.check_due(ctx.policy, project, tranche, event.date, price))
    obligor = project.obligor or ""
    _open_receivable(ctx, obligor)
    out, carrying = _stake_out(ctx, project, units)
    gain = price - carrying
    _value_moved(
        ctx,
        project,
        f"回购到期 {project.code} 第{tranche.number}期: 应收 {obligor} {price}",
        [Posting(buyback_account(obligor), price), *out],
        gain,
        [Posting(CITY_DISPOSAL, -gain)],
        obligor=obligor,
        tranche=tranche.number,
        method=tranche.method,
        due=tranche.due,
        units=units,
        cost=project.cost_of(units, ctx.policy),
        price_due=price,
    )


def render_settle(event: BuybackSettle, ctx: Context) -> None:
    project = _project(ctx, event.project)
    tranche = _tranche(project, event.tranche)
    receivable = tranche.receivable_units > 0
    if receivable:
        units = event.units if event.units is not None else tranche.receivable_units
        require("units", holdings.check_receivable_units(project, tranche, units))
    else:
        units = event.units if event.units is not None else tranche.remaining_units
        require("units", holdings.check_units(project, tranche, units))
    due = buyback_price.price_due(ctx.policy, project, tranche, event.date, units)
    conceded = event.concession.amount if event.concession else Decimal(0)
    late = event.late_interest or Decimal(0)
    require(
        "amount",
        buyback_price.check_received(
            project,
            tranche,
            event.amount,
            due,
            conceded,
            event.concession.doc_no if event.concession else None,
            late,
        ),
    )
    obligor = project.obligor or ""
    cost = project.cost_of(units, ctx.policy)
    if receivable:
        if units == tranche.receivable_units:
            carrying = tranche.receivable
        else:
            carrying = ctx.policy.quantize(tranche.receivable * units / tranche.receivable_units)
        out = [Posting(buyback_account(obligor), -carrying)]
    else:
        out, carrying = _stake_out(ctx, project, units)
    moved = event.amount - carrying
    _value_moved(
        ctx,
        project,
        f"回购结算 {project.code} 第{tranche.number}期: {units} {commodity(project.entity)}",
        [Posting(PLATFORM_BANK, event.amount), *out],
        moved,
        [
            Posting(CITY_DISPOSAL, -(due - carrying)),
            Posting(CITY_CONCESSION, conceded),
            Posting(CITY_INTEREST, -late),
        ],
        obligor=obligor,
        tranche=tranche.number,
        method=tranche.method,
        due=tranche.due,
        units=units,
        cost=cost,
        price_due=due,
        gain=event.amount - cost,
        days_late=max((event.date - tranche.due).days, 0),
        concession=conceded or None,
        concession_reason=event.concession.reason if event.concession else None,
        concession_doc_no=event.concession.doc_no if event.concession else None,
        late_interest=late or None,
    )


def render_mark(event: EquityMark, ctx: Context) -> None:
    project = _project(ctx, event.project)
    if project.converted != "equity":
        raise Refusal.of(
            "project",
            holdings.check_units(project, None, Decimal(1))
            or conversion.unknown_project(project.code),
        )
    e = project.entity
    change = fair_value.change(ctx.policy, project, event.price)
    if change:
        ctx.open_account(
            "platform", fair_value_account(e), f"交易性金融资产—公允价值变动—{e}", cas="1101"
        )
        _value_moved(
            ctx,
            project,
            f"股权估值 {project.code}: {event.price}/{commodity(e)}",
            [Posting(fair_value_account(e), change)],
            change,
            [Posting(CITY_FAIR_VALUE, -change)],
            price=event.price,
            units=project.units_held,
            change=change,
        )
    ctx.price("platform", commodity(e), event.price, project=project.code, entity=e)


def render_exit(event: EquityExit, ctx: Context) -> None:
    project = _project(ctx, event.project)
    require("units", holdings.check_units(project, None, event.units))
    approved = event.override.doc_no if event.override else None
    require(
        "amount",
        state_asset.check_sale_price(ctx.policy, project, event.units, event.amount, approved),
    )
    cost = project.cost_of(event.units, ctx.policy)
    out, carrying = _stake_out(ctx, project, event.units)
    gain = event.amount - carrying
    _value_moved(
        ctx,
        project,
        f"股权退出 {project.code} ({event.method.value}): {event.units} {commodity(project.entity)}",
        [Posting(PLATFORM_BANK, event.amount), *out],
        gain,
        [Posting(CITY_DISPOSAL, -gain)],
        method=event.method.value,
        units=event.units,
        cost=cost,
        gain=event.amount - cost,
        override_reason=event.override.reason if event.override else None,
        override_doc_no=approved,
    )


def _accrue(ctx: Context, project: Project, through: date, interest: Decimal, **meta: Any) -> None:
    e = project.entity
    start = project.accrued_through or project.converted_on
    _value_moved(
        ctx,
        project,
        f"计提利息 {project.code} {start} → {through}",
        [Posting(interest_account(e), interest)],
        interest,
        [Posting(CITY_INTEREST, -interest)],
        accrued_from=start,
        through=through,
        principal=project.principal,
        rate=project.debt_rate,
        **meta,
    )


def render_accrue(event: DebtAccrue, ctx: Context) -> None:
    project = _project(ctx, event.project)
    require("through", debt.check_accrue(project, event.through))
    interest = debt.accrual(ctx.policy, project, event.through)
    require("through", debt.check_interest(project, interest))
    _accrue(ctx, project, event.through, interest)


def render_repay(event: DebtRepay, ctx: Context) -> None:
    project = _project(ctx, event.project)
    principal = event.principal or Decimal(0)
    interest = event.interest or Decimal(0)
    # The interest up to the repayment is accrued first (in its own entry of this event), so a
    # repayment between accruals loses none of it.
    start = project.accrued_through or project.converted_on
    accrued = Decimal(0)
    if project.converted == "debt" and project.principal > 0 and start and start < event.date:
        accrued = debt.accrual(ctx.policy, project, event.date)
    probe = replace(
        project,
        interest_receivable=project.interest_receivable + accrued,
        accrued_through=event.date if accrued else project.accrued_through,
    )
    require("principal", holdings.check_repay(probe, principal, interest))
    if accrued:
        _accrue(ctx, project, event.date, accrued, type="debt.accrue")
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
        measure=MEASURE,
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
    postings = [Posting(pre_account(e), -project.pre_balance)]
    if project.units_held:
        postings.append(
            Posting(
                equity_account(e),
                -project.units_held,
                commodity(e),
                cost=CostSpec(None, None, None, None, None, False),
            )
        )
    postings.append(Posting(fair_value_account(e), -project.fair_value_adj))
    postings.append(Posting(debt_account(e), -project.principal))
    postings.append(Posting(interest_account(e), -project.interest_receivable))
    if project.receivables:
        postings.append(Posting(buyback_account(project.obligor or ""), -project.receivables))
    tol = ctx.policy.tolerance
    at_cost = (
        project.pre_balance + project.cost_held + project.principal + project.interest_receivable
    )
    ratio = tolerance.loss_ratio(project, at_cost)
    _value_moved(
        ctx,
        project,
        f"容错核销 {project.code}: {event.reason}",
        postings,
        -carrying,
        [Posting(CITY_WRITEOFF, carrying)],
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
    if principal > event.amount:
        raise Refusal(
            "principal",
            remit.RULE,
            f"上缴本金 {principal} 超过上缴金额 {event.amount} / principal above the amount",
        )
    income = event.amount - principal
    require("amount", remit.check_remit(state, principal, income))
    # The budgetary twin: principal recovered reverses this year's 投资支出 (else 其他结余),
    # income is 投资预算收益.
    twin = budgetary.principal_recovered(ctx, MEASURE, principal) if principal else []
    if income:
        twin.extend(budgetary.income_received(income))
    meta: dict[str, Any] = {"project": event.project, "principal": principal, "income": income}
    ctx.transaction(
        "platform",
        "收益上缴 platform → city",
        [Posting(PLATFORM_ENTRUSTED, event.amount), Posting(PLATFORM_BANK, -event.amount)],
        **meta,
    )
    ctx.transaction(
        "city",
        "收到平台上缴 platform → city",
        [Posting(CITY_BANK, event.amount), Posting(CITY_ENTRUSTED, -event.amount), *twin],
        **meta,
    )


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
        "银行存款、贷记受托代理负债—财政委托资金。两笔分录以 ^事件编号 关联,对账时两边相等。"
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
        "项目资金拨付:借记受托代理资产—待转股投资,贷记银行存款;累计不超过立项金额和可用委托资金。"
        " Dr pre-conversion investment, Cr bank; within the approval and the entrusted cash.",
        (("platform", "Assets:PreConversion:<E>", PLATFORM_BANK),),
    ),
    "project.convert": _r(
        "project.convert",
        render_convert,
        "转股:借记交易性金融资产—成本(EQ-<E> 按成本),贷记待转股投资;轮次价格高于转股价格的差额"
        "(股数 × 轮次价格 − 成本)借记公允价值变动、贷记受托代理负债,市级同时借记委托平台投资资金、"
        "贷记投资收益—公允价值变动(CAS 22)。须给出轮后总股数,国有股比例不超过 state_stake_cap;"
        "截止日后转股须特批(override)。转债:借记债权投资,贷记待转股投资。只能转换一次。"
        " Equity: units at cost, the day-one difference to the round price as a fair-value"
        " change in both books; stake cap and deadline enforced. Debt: principal. Once only.",
        (
            ("platform", "Assets:Equity:<E>", "Assets:PreConversion:<E>"),
            ("platform", "Assets:Equity:<E>:FairValue", PLATFORM_ENTRUSTED),
            ("city", CITY_ENTRUSTED, CITY_FAIR_VALUE),
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
    "buyback.due": _r(
        "buyback.due",
        render_due,
        "回购到期(jcg close 自动):到期未付的一期,按到期日价款借记应收回购款—<义务人>,贷记股权"
        "(成本及公允价值变动),差额计入受托代理负债;市级借记委托平台投资资金、贷记投资收益—处置。"
        " A tranche unpaid at its due date: its price becomes a receivable, the stake leaves at"
        " its carrying value, the difference is the city's disposal gain.",
        (
            ("platform", "Assets:Receivable:Buyback:<obligor>", "Assets:Equity:<E>"),
            ("platform", "Assets:Receivable:Buyback:<obligor>", PLATFORM_ENTRUSTED),
            ("city", CITY_ENTRUSTED, CITY_DISPOSAL),
        ),
    ),
    "buyback.settle": _r(
        "buyback.settle",
        render_settle,
        "回购结算:借记银行存款(实收),贷记股权(按批次成本及公允价值变动)或应收回购款,差额计入受托"
        "代理负债;市级借记委托平台投资资金,贷记投资收益—处置。实收须等于应收价款(到分):少收须有"
        "批准的让利(concession,计入市级资产处置费用—回购让利),多收须声明为约定逾期利息"
        "(late_interest,计入投资收益—利息)。"
        " Dr bank, Cr the stake at carrying value (or the receivable); the gain moves the"
        " liability and is the city's income. Exactly the price due, less an approved concession"
        " (the city's loss), plus declared late interest.",
        (
            ("platform", PLATFORM_BANK, "Assets:Equity:<E> / Assets:Receivable:Buyback:<obligor>"),
            ("platform", PLATFORM_BANK, PLATFORM_ENTRUSTED),
            ("city", CITY_ENTRUSTED, CITY_DISPOSAL),
            ("city", CITY_CONCESSION, CITY_DISPOSAL),
            ("city", CITY_ENTRUSTED, CITY_INTEREST),
        ),
    ),
    "equity.mark": _r(
        "equity.mark",
        render_mark,
        "股权估值:公允价值变动(持有股数 × 新价格 − 账面价值)借记交易性金融资产—公允价值变动、"
        "贷记受托代理负债;市级借记委托平台投资资金、贷记投资收益—公允价值变动(CAS 22);"
        "并写 price EQ-<E> 价格指令。 The change in fair value in both books, and a price.",
        (
            ("platform", "Assets:Equity:<E>:FairValue", PLATFORM_ENTRUSTED),
            ("city", CITY_ENTRUSTED, CITY_FAIR_VALUE),
        ),
    ),
    "equity.exit": _r(
        "equity.exit",
        render_exit,
        "股权退出:借记银行存款,贷记股权(按批次成本及公允价值变动),差额计入受托代理负债;市级借记"
        "委托平台投资资金、贷记投资收益—处置。低于账面价值出售须有批准文号(override.doc_no)。"
        " Dr bank, Cr the stake at carrying value; the gain is the city's. Below the carrying"
        " value only with an approval.",
        (
            ("platform", PLATFORM_BANK, "Assets:Equity:<E>"),
            ("platform", PLATFORM_BANK, PLATFORM_ENTRUSTED),
            ("city", CITY_ENTRUSTED, CITY_DISPOSAL),
        ),
    ),
    "debt.accrue": _r(
        "debt.accrue",
        render_accrue,
        "计提利息:平台借记应收利息、贷记受托代理负债;市级借记委托平台投资资金、贷记投资收益—利息"
        "(未偿本金 × 利率 × 天数/365,自上次计提起;jcg close 计提至期末)。"
        " Dr interest receivable, Cr the liability to the city; the city's interest income.",
        (
            ("platform", "Assets:Receivable:Interest:<E>", PLATFORM_ENTRUSTED),
            ("city", CITY_ENTRUSTED, CITY_INTEREST),
        ),
    ),
    "debt.repay": _r(
        "debt.repay",
        render_repay,
        "债权回收:先计提至还款日的利息(同计提利息,两账套),再借记银行存款,贷记债权投资和应收利息;"
        "不得超过欠款。 Accrues the interest to the repayment date first (both books), then"
        " Dr bank, Cr debt principal and interest receivable; never above what is owed.",
        (
            ("platform", "Assets:Receivable:Interest:<E>", PLATFORM_ENTRUSTED),
            ("city", CITY_ENTRUSTED, CITY_INTEREST),
            ("platform", PLATFORM_BANK, "Assets:Debt:<E>"),
            ("platform", PLATFORM_BANK, "Assets:Receivable:Interest:<E>"),
        ),
    ),
    "investment.writeoff": _r(
        "investment.writeoff",
        render_writeoff,
        "容错核销:平台借记受托代理负债,贷记项目全部账面余额;市级借记资产处置费用—容错核销,"
        "贷记委托平台投资资金;元数据记录容错比例。"
        " The platform's liability falls with every balance of the project; the loss is the"
        " city's (Expenses:WriteOff); tolerance in metadata.",
        (
            (
                "platform",
                PLATFORM_ENTRUSTED,
                "Assets:PreConversion:<E> / Assets:Equity:<E> / Assets:Debt:<E>",
            ),
            ("city", CITY_WRITEOFF, CITY_ENTRUSTED),
        ),
    ),
    "proceeds.remit": _r(
        "proceeds.remit",
        render_remit,
        "收益上缴:平台借记受托代理负债、贷记银行存款;市级借记专项资金专户、贷记委托平台投资资金"
        "(收益已在实现时确认),平行记账借记资金结存,本金贷记本年投资支出(以前年度的贷记其他结余),"
        "收益贷记投资预算收益。本金部分不超过已收回未上缴的本金,收益部分不超过已实现未上缴的"
        "收益和利息。 Platform pays the city: the liability and the city's claim fall by the"
        " amount (budgetary twin: principal against this year's investment expenditure or"
        " other surplus, income as budgetary investment income); principal and income each"
        " within what was realised and not yet remitted.",
        (
            ("platform", PLATFORM_ENTRUSTED, PLATFORM_BANK),
            ("city", CITY_BANK, CITY_ENTRUSTED),
            (
                "city",
                "Equity:Budget:FundBalance",
                "Equity:Budget:Expenditure:Investment:Platform / Equity:Budget:OtherSurplus",
            ),
            ("city", "Equity:Budget:FundBalance", "Equity:Budget:Income:InvestmentReturn"),
        ),
    ),
}

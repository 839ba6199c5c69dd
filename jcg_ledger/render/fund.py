"""Fund events rendered into the fund book (and the city book for the government's side).

The fund is a partnership: each partner has a capital account ``Equity:Capital:<Class>:<I>``
with ``:Contributed`` (paid in), ``:Distributed`` and ``:Allocated`` (its share of profit and
loss, allocated by `jcg close`, see `render/fund_close.py`). Capital, in three steps::

    2025-02-01 custom "jcg-commitment" "GOV-JCIG" "government" 20000000.00 CNY   ; fund + city
    2025-03-01 * "缴款通知 C1 40%"  ^call-1                                         ; fund
      Assets:Receivable:Call:GOV-JCIG        8000000.00 CNY
      Equity:Called:GOV-JCIG                -8000000.00 CNY
    2025-03-20 * "基金实缴 GOV-JCIG C1"  ^pay-1                                     ; fund
      Assets:Bank:Fund                                 8000000.00 CNY
      Assets:Receivable:Call:GOV-JCIG                 -8000000.00 CNY
      Equity:Called:GOV-JCIG                           8000000.00 CNY
      Equity:Capital:Government:GOV-JCIG:Contributed  -8000000.00 CNY
    2025-03-20 * "基金出资 GOV-JCIG C1"  ^pay-1                                     ; city
      Assets:Investment:Fund                 8000000.00 CNY
      Assets:Bank:SpecialFund               -8000000.00 CNY
      Equity:Budget:Expenditure:Investment:Fund  8000000.00 CNY   ; 7601, line vc-fund
      Equity:Budget:FundBalance                 -8000000.00 CNY   ; 8001

``Equity:Capital:Government:*`` moves only with entries linked to the city book
(contributions, distributions, the allocations at a close), so `jcg check` mirrors it with
the city's ``Assets:Investment:Fund``, carried by the equity method. A call only reclassifies a
promise into a receivable against ``Equity:Called:<I>`` (called, unpaid).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, cast

from beancount.core import data
from beancount.core.amount import Amount
from beancount.core.number import MISSING
from beancount.core.position import CostSpec

from jcg_ledger.events.fund import (
    FundCall,
    FundCommit,
    FundContribute,
    FundDistribute,
    FundExit,
    FundFee,
    FundInvest,
    FundMark,
    FundReward,
    FundWriteoff,
)
from jcg_ledger.render import budgetary
from jcg_ledger.render.base import (
    CURRENCY,
    Context,
    Posting,
    Refusal,
    Registry,
    Renderer,
    require,
)
from jcg_ledger.rules import fund_allocation, fund_capital, fund_reward, fund_tolerance
from jcg_ledger.rules.eligibility import check_admitted, check_registered
from jcg_ledger.rules.window import check_window
from jcg_ledger.state.fund import (
    ALLOCATED,
    BANK,
    CALLED,
    CITY_BANK,
    CITY_SHARE,
    CITY_STAKE,
    COMMITMENT_DIRECTIVE,
    CONTRIBUTED,
    DISPOSAL,
    DISTRIBUTED,
    FAIR_VALUE,
    FAIR_VALUE_CHANGE,
    FEE,
    PORTFOLIO,
    RECEIVABLE,
    REWARD_EXPENSE,
    REWARD_PAYABLE,
    WRITEOFF,
    Holding,
    Lot,
    adjustment,
    capital_account,
    units_currency,
)

MEASURE = "vc-fund"
REWARD_MEASURE = "fund-reward"


def _name(ctx: Context, code: str) -> str:
    record = ctx.state.core.entities.get(code)
    return record.name if record else code


def _class(ctx: Context, investor: str) -> str:
    commitment = ctx.state.fund.commitments.get(investor)
    if commitment is None:
        raise Refusal(
            "investor",
            fund_capital.INVESTOR,
            f"未认缴的出资人 {investor} unknown investor {investor}: no commitment",
        )
    return commitment.investor_class


KIND_ZH = {CONTRIBUTED: "实缴出资", DISTRIBUTED: "已分配", ALLOCATED: "损益分配"}


def open_partner(ctx: Context, partner: str, partner_class: str) -> None:
    """A partner's capital account, ``:Contributed``, ``:Distributed`` and ``:Allocated``."""
    name = _name(ctx, partner)
    for kind, zh in KIND_ZH.items():
        ctx.open_account(
            "fund",
            capital_account(partner_class, partner, kind),
            f"合伙人资本—{name}—{zh}",
            investor=partner,
        )


def _open_investor(ctx: Context, investor: str, investor_class: str) -> None:
    name = _name(ctx, investor)
    ctx.open_account("fund", RECEIVABLE + investor, f"应收认缴出资—{name}", investor=investor)
    ctx.open_account("fund", CALLED + investor, f"已催缴未实缴出资—{name}", investor=investor)
    open_partner(ctx, investor, investor_class)


def render_commit(event: FundCommit, ctx: Context) -> None:
    fund = ctx.state.fund
    require("date", check_window(ctx.policy, event.date, "基金认缴"))
    require("investor", check_registered(ctx.state.core, event.investor))
    investor_class = event.investor_class.value
    known = fund.commitments.get(event.investor)
    require(
        "class",
        fund_capital.check_class(
            event.investor, known.investor_class if known else None, investor_class
        ),
    )
    amount = ctx.policy.quantize(event.amount)
    require("amount", fund_capital.check_size(ctx.policy.fund.size, fund.committed_total, amount))
    _open_investor(ctx, event.investor, investor_class)
    values = [event.investor, investor_class, Amount(amount, CURRENCY)]
    extra: dict[str, Any] = {"investor": event.investor, "measure": MEASURE}
    ctx.custom("fund", COMMITMENT_DIRECTIVE, values, **extra)
    if investor_class == "government":
        # The city's promise to pay in: a memo, not money, so the balance sheet is unchanged.
        ctx.custom("city", COMMITMENT_DIRECTIVE, values, **extra)


def render_call(event: FundCall, ctx: Context) -> None:
    fund = ctx.state.fund
    require("call", fund_capital.check_new_call(event.call, event.call in fund.calls))
    if not fund.commitments:
        raise Refusal("call", fund_capital.INVESTOR, "尚无认缴 no commitments to call")
    # Each investor is called up to the cumulative percentage, so rounding never accumulates
    # and a later investor catches up with the calls made before it committed.
    cumulative = fund.called_fraction + event.percent
    postings: list[Posting] = []
    for investor, commitment in sorted(fund.commitments.items()):
        target = ctx.policy.quantize(commitment.amount * cumulative)
        amount = target - fund.called[investor]
        uncalled = commitment.amount - fund.called[investor]
        require("percent", fund_capital.check_call(investor, uncalled, amount))
        if amount <= 0:
            continue
        postings.append(Posting(RECEIVABLE + investor, amount))
        postings.append(Posting(CALLED + investor, -amount))
    if not postings:
        raise Refusal("percent", fund_capital.CALL, "缴款金额为零 nothing to call")
    ctx.transaction(
        "fund",
        f"缴款通知 {event.call} {event.percent:.2%}",
        postings,
        call=event.call,
        fraction=event.percent,
        due=event.due,
        measure=MEASURE,
    )


def render_contribute(event: FundContribute, ctx: Context) -> None:
    fund = ctx.state.fund
    investor_class = _class(ctx, event.investor)
    require("call", fund_capital.check_known_call(event.call, event.call in fund.calls))
    amount = ctx.policy.quantize(event.amount)
    key = (event.call, event.investor)
    unpaid = fund.called_by_call[key] - fund.paid_by_call[key]
    require("amount", fund_capital.check_contribution(event.investor, event.call, unpaid, amount))
    twin = (
        budgetary.outflow(ctx, MEASURE, amount, f"基金出资 {event.investor} {event.call}")
        if investor_class == "government"
        else []
    )
    capital = capital_account(investor_class, event.investor, CONTRIBUTED)
    ctx.transaction(
        "fund",
        f"基金实缴 {event.investor} {event.call}",
        [
            Posting(BANK, amount),
            Posting(RECEIVABLE + event.investor, -amount),
            Posting(CALLED + event.investor, amount),
            Posting(capital, -amount),
        ],
        investor=event.investor,
        investor_class=investor_class,
        call=event.call,
        measure=MEASURE,
    )
    if investor_class == "government":
        ctx.transaction(
            "city",
            f"基金出资 {event.investor} {event.call}",
            [Posting(CITY_STAKE, amount), Posting(CITY_BANK, -amount), *twin],
            investor=event.investor,
            call=event.call,
            measure=MEASURE,
        )


def _revalue(ctx: Context, entity: str, after: Holding | None) -> list[Posting]:
    """Book the change in an investee's fair-value adjustment (units × mark − cost) that an
    event makes, to ``Income:FairValueChange``: the books' net assets stay the NAV."""
    delta = adjustment(after, ctx.policy) - ctx.state.fund.fair_value[entity]
    if not delta:
        return []
    return [Posting(FAIR_VALUE + entity, delta), Posting(FAIR_VALUE_CHANGE, -delta)]


def _open_fair_value(ctx: Context, entity: str) -> None:
    ctx.open_account(
        "fund", FAIR_VALUE + entity, f"公允价值变动—{_name(ctx, entity)}", entity=entity
    )


def render_invest(event: FundInvest, ctx: Context) -> None:
    fund = ctx.state.fund
    require("entity", check_admitted(ctx.state.core, event.entity, event.date))
    amount = ctx.policy.quantize(event.amount)
    require("amount", fund_capital.check_cash(fund.cash, amount, "基金投资 investment"))
    require("amount", fund.check_investee(event.entity, amount))
    account = PORTFOLIO + event.entity
    ctx.open_account(
        "fund",
        account,
        f"股权投资—{_name(ctx, event.entity)}",
        currencies=None,
        booking=data.Booking.FIFO,
        entity=event.entity,
    )
    _open_fair_value(ctx, event.entity)
    held = fund.holdings.get(event.entity)
    after = held.copy() if held else None
    if after is not None:
        after.lots.append(Lot(event.units, amount))
    ctx.transaction(
        "fund",
        f"基金投资 {event.entity} ({event.stage.value})",
        [
            # Total cost ({# …}) keeps the cost exact whatever the number of units.
            Posting(
                account,
                event.units,
                units_currency(event.entity),
                CostSpec(None, amount, CURRENCY, None, None, False),
            ),
            Posting(BANK, -amount),
            # A follow-on into a marked investee: its new units carry the last mark too.
            *_revalue(ctx, event.entity, after),
        ],
        entity=event.entity,
        # The tolerance bucket is the stage of the first investment; follow-ons keep it.
        stage=held.stage if held else event.stage.value,
        round_stage=event.stage.value,
        measure=MEASURE,
    )


def _holding(ctx: Context, entity: str) -> Holding:
    holding = ctx.state.fund.holdings.get(entity)
    require("entity", fund_capital.check_held(entity, holding.units if holding else None))
    assert holding is not None  # check_held refused when nothing is held
    return holding


def render_mark(event: FundMark, ctx: Context) -> None:
    held = _holding(ctx, event.entity)
    ctx.price("fund", units_currency(event.entity), event.price, entity=event.entity)
    after = held.copy()
    after.price = event.price
    postings = _revalue(ctx, event.entity, after)
    if postings:
        _open_fair_value(ctx, event.entity)
        ctx.transaction(
            "fund",
            f"基金估值 {event.entity} {event.price}/份 公允价值变动",
            postings,
            entity=event.entity,
            price=event.price,
            measure=MEASURE,
        )


def _sell(units: Decimal, entity: str) -> Posting:
    """Reduce the investee's lots FIFO (the account's booking method picks them)."""
    return Posting(
        PORTFOLIO + entity,
        -units,
        units_currency(entity),
        # `{}`: Beancount's MISSING markers, as the parser writes an empty cost.
        CostSpec(cast(Decimal, MISSING), None, cast(str, MISSING), None, None, False),
    )


def render_exit(event: FundExit, ctx: Context) -> None:
    held = ctx.state.fund.holdings.get(event.entity)
    require(
        "units",
        fund_capital.check_units(event.entity, held.units if held else Decimal(0), event.units),
    )
    assert held is not None  # check_units refused when nothing is held
    amount = ctx.policy.quantize(event.amount)
    cost = ctx.policy.quantize(held.fifo_cost(event.units))
    gain = amount - cost
    postings = [Posting(BANK, amount), _sell(event.units, event.entity)]
    if gain:
        postings.append(Posting(DISPOSAL, -gain))
    after = held.copy()
    after.take(event.units)
    # The units sold no longer carry their unrealised change: it is reversed.
    postings += _revalue(ctx, event.entity, after)
    ctx.transaction(
        "fund",
        f"基金退出 {event.entity} 成本 {cost} 收益 {gain}",
        postings,
        entity=event.entity,
        stage=held.stage,
        cost=cost,
        measure=MEASURE,
    )


def render_writeoff(event: FundWriteoff, ctx: Context) -> None:
    fund = ctx.state.fund
    held = _holding(ctx, event.entity)
    cost = ctx.policy.quantize(held.cost)
    after = {k: h.copy() for k, h in fund.holdings.items()}
    after[event.entity].written_off += held.cost
    after[event.entity].lots = []
    exceeded = fund_tolerance.check_tolerance(
        ctx.policy,
        [fund_tolerance.Exposure(h.entity, h.stage, h.invested, h.loss) for h in after.values()],
        fund_tolerance.FundLoss(fund.paid_total, fund.net_realised_loss + held.cost),
    )
    ctx.transaction(
        "fund",
        f"基金核销 {event.entity}:{event.reason}",
        [
            Posting(WRITEOFF, cost),
            _sell(held.units, event.entity),
            *_revalue(ctx, event.entity, None),
        ],
        entity=event.entity,
        stage=held.stage,
        reason=event.reason,
        cost=cost,
        # 容错: within the tolerance ratios, or which level it exceeds (also a plugin warning).
        tolerance="within" if not exceeded else ",".join(v.rule for v in exceeded),
        measure=MEASURE,
    )


def render_distribute(event: FundDistribute, ctx: Context) -> None:
    fund = ctx.state.fund
    amount = ctx.policy.quantize(event.amount)
    if fund.paid_total <= 0:
        raise Refusal("amount", fund_capital.CASH, "尚无实缴出资 nothing paid in to distribute to")
    require("amount", fund_capital.check_cash(fund.cash, amount, "基金分配 distribution"))
    parts = fund.waterfall_split(amount, event.date)
    weights = fund.distribution_weights()
    quantize = ctx.policy.quantize
    shares = fund_allocation.pro_rata(parts.investors, weights, quantize)
    # The manager's carry is the investors' profit: taken from their capital pro rata.
    carried = fund_allocation.pro_rata(parts.carry, weights, quantize) if parts.carry else {}
    postings = [Posting(BANK, -amount)]
    for investor in sorted(set(shares) | set(carried)):
        investor_class = fund.commitments[investor].investor_class
        share, carry = shares.get(investor, Decimal(0)), carried.get(investor, Decimal(0))
        if share:
            postings.append(Posting(capital_account(investor_class, investor, DISTRIBUTED), share))
        if carry:
            postings.append(Posting(capital_account(investor_class, investor, ALLOCATED), carry))
        if investor_class == "government":
            # Equity method: a distribution reduces the stake; the carry is a loss of the
            # government's share of the fund.
            city = [Posting(CITY_BANK, share), Posting(CITY_STAKE, -(share + carry))]
            if carry:
                city.append(Posting(CITY_SHARE, carry))
            # Budgetary twin: what returns the government's capital still outstanding reverses
            # this year's 投资支出 (else 其他结余); the rest is 投资预算收益.
            returned = min(share, max(fund.paid[investor] - fund.distributed[investor], Decimal(0)))
            if returned:
                city.extend(budgetary.principal_recovered(ctx, MEASURE, returned))
            if share - returned:
                city.extend(budgetary.income_received(share - returned))
            ctx.transaction(
                "city",
                f"基金分配 {investor} {share}" + (f" 超额收益分成 {carry}" if carry else ""),
                city,
                investor=investor,
                measure=MEASURE,
            )
    if parts.carry:
        manager = ctx.policy.fund.terms.manager
        assert manager is not None  # the policy model requires a manager with carry
        open_partner(ctx, manager, "manager")
        postings.append(Posting(capital_account("manager", manager, DISTRIBUTED), parts.carry))
        postings.append(Posting(capital_account("manager", manager, ALLOCATED), -parts.carry))
    ctx.transaction(
        "fund",
        f"基金分配 {amount}",
        postings,
        capital=parts.capital,
        preferred=parts.preferred,
        catch_up=parts.catch_up_manager,
        carry=parts.carry,
        measure=MEASURE,
    )


def render_fee(event: FundFee, ctx: Context) -> None:
    fund = ctx.state.fund
    amount = ctx.policy.quantize(event.amount)
    require("amount", fund.check_fee(event.period, amount))
    require("amount", fund_capital.check_cash(fund.cash, amount, "管理费 fee"))
    ctx.transaction(
        "fund",
        f"管理费 {event.period}",
        [Posting(FEE, amount), Posting(BANK, -amount)],
        period=event.period,
        measure=MEASURE,
    )


def render_reward(event: FundReward, ctx: Context) -> None:
    fund = ctx.state.fund
    require("date", check_window(ctx.policy, event.date, "社会资本投资奖励"))
    investor_class = _class(ctx, event.investor)
    require("investor", fund_reward.check_not_government(event.investor, investor_class))
    held = fund.holdings.get(event.entity)
    invested = held.invested_on(event.date) if held is not None else Decimal(0)
    require("entity", fund_reward.check_invested(event.entity, invested))
    require(
        "entity",
        fund_reward.check_once(
            event.investor, event.entity, (event.investor, event.entity) in fund.rewards
        ),
    )
    basis = fund.reward_basis(event.investor, event.entity, event.date)
    year_total = fund.reward_year[(event.investor, event.date.year)]
    reward = fund_reward.reward_amount(ctx.policy, basis, year_total)
    require("investor", fund_reward.check_amount(ctx.policy, basis, year_total, reward.amount))
    facts: dict[str, Any] = {
        "investor": event.investor,
        "entity": event.entity,
        "measure": REWARD_MEASURE,
        "basis_cost": basis.basis_cost,
        "investor_paid_in": basis.investor_paid_in,
        "fund_paid_in": basis.fund_paid_in,
        "investment_share": reward.share,
        "computed": reward.computed,
    }
    # Approved and paid in one event: the payable shows the approval in the books; the
    # payment clears it on the same day, charged to the fund-reward line.
    twin = budgetary.outflow(
        ctx, REWARD_MEASURE, reward.amount, f"社会资本投资奖励 {event.investor}/{event.entity}"
    )
    ctx.transaction(
        "city",
        f"社会资本投资奖励核定 {event.investor} / {event.entity}",
        [Posting(REWARD_EXPENSE, reward.amount), Posting(REWARD_PAYABLE, -reward.amount)],
        **facts,
    )
    ctx.transaction(
        "city",
        f"社会资本投资奖励支付 {event.investor} / {event.entity}",
        [Posting(REWARD_PAYABLE, reward.amount), Posting(CITY_BANK, -reward.amount), *twin],
        investor=event.investor,
        entity=event.entity,
        measure=REWARD_MEASURE,
    )


def _explain(zh: str, en: str) -> str:
    return f"{zh} {en}"


REGISTRY: Registry = {
    "fund.commit": Renderer[Any](
        "fund.commit",
        render_commit,
        _explain(
            '基金认缴:认缴是承诺而非资金,只写 custom "jcg-commitment" 备查,不记金额;'
            "政府认缴同时记入市级账套备查。",
            "A commitment is a promise, not money: a memo directive in the fund book (and the"
            " city book for the government); no balance changes.",
        ),
        (),
    ),
    "fund.call": Renderer[Any](
        "fund.call",
        render_call,
        _explain(
            "缴款通知:按认缴额的百分比,借记应收认缴出资,贷记已催缴未实缴出资(权益)。",
            "Each investor's called amount: receivable against called-unpaid equity.",
        ),
        (("fund", "Assets:Receivable:Call:<I>", "Equity:Called:<I>"),),
    ),
    "fund.contribute": Renderer[Any](
        "fund.contribute",
        render_contribute,
        _explain(
            "基金实缴:借记银行存款,贷记应收认缴出资;已催缴未实缴出资转入合伙人资本—实缴出资。"
            "政府出资同时在市级账套借记长期股权投资—基金、贷记专项资金专户,以 ^事件编号 关联;平行记账"
            "借记投资支出、贷记资金结存,计入 vc-fund 预算指标,不超过指标余额和专户余额。",
            "Cash in against the receivable; called equity becomes the partner's contributed"
            " capital. The government's payment is also booked in the city book, linked, with its"
            " budgetary twin (investment expenditure against the fund balance), charged to the"
            " vc-fund line and bounded by it and by the cash.",
        ),
        (
            ("fund", BANK, "Assets:Receivable:Call:<I>"),
            ("fund", "Equity:Called:<I>", "Equity:Capital:<Class>:<I>:Contributed"),
            ("city", CITY_STAKE, CITY_BANK),
            ("city", "Equity:Budget:Expenditure:Investment:Fund", "Equity:Budget:FundBalance"),
        ),
    ),
    "fund.invest": Renderer[Any](
        "fund.invest",
        render_invest,
        _explain(
            "基金投资:借记股权投资(份额 FU-<E> 按成本),贷记银行存款;阶段记入元数据。"
            "单一被投企业累计投资不得超过基金规模 × single_investee_cap(默认20%),超出即拒绝并写明尚可投资额。",
            "Units FU-<E> at cost in Assets:Portfolio:<E>, paid from the fund's bank; one"
            " investee receives at most single_investee_cap of the fund's size.",
        ),
        (("fund", "Assets:Portfolio:<E>", BANK),),
    ),
    "fund.mark": Renderer[Any](
        "fund.mark",
        render_mark,
        _explain(
            "基金估值:写 price 指令(每份公允价值),并将公允价值变动(份额 × 估值 − 成本 与已记调整之差)"
            "记入公允价值变动损益,账面净资产即等于基金净值;减值计入容错损失。",
            "A price directive, and the change in fair value (units × mark − cost, less what is"
            " booked) to Income:FairValueChange, so the books' net assets are the NAV.",
        ),
        (("fund", "Assets:FairValue:<E>", FAIR_VALUE_CHANGE),),
    ),
    "fund.exit": Renderer[Any](
        "fund.exit",
        render_exit,
        _explain(
            "基金退出:借记银行存款,按先进先出贷记股权投资成本,差额计入投资收益—处置;"
            "所售份额的公允价值变动转回。",
            "Cash in, lots out first-in first-out at cost, the gain to disposal income; the"
            " fair-value change of the units sold is reversed.",
        ),
        (
            ("fund", BANK, "Assets:Portfolio:<E>"),
            ("fund", BANK, DISPOSAL),
            ("fund", FAIR_VALUE_CHANGE, "Assets:FairValue:<E>"),
        ),
    ),
    "fund.writeoff": Renderer[Any](
        "fund.writeoff",
        render_writeoff,
        _explain(
            "基金核销:借记容错核销损失,贷记股权投资全部剩余成本(公允价值变动转回);写明原因,对照容错比例"
            "(基金整体:累计已实现净损失 / 实缴出资)。",
            "The remaining cost to the write-off expense (its fair-value change reversed), with"
            " the reason; checked against the tolerance ratios (whole fund: realised net loss"
            " over paid-in capital).",
        ),
        (("fund", WRITEOFF, "Assets:Portfolio:<E>"),),
    ),
    "fund.distribute": Renderer[Any](
        "fund.distribute",
        render_distribute,
        _explain(
            "基金分配:按合伙协议分配顺序(返还出资、优先回报、追补、超额收益分成);出资人部分按实缴比例"
            "借记合伙人资本—已分配;管理人的超额收益分成从出资人损益分配中转出。政府份额同时在市级账套借记"
            "专项资金专户、贷记长期股权投资—基金(权益法:分配冲减投资);平行记账借记资金结存,返还出资"
            "贷记本年投资支出(以前年度的贷记其他结余),收益贷记投资预算收益。默认无分成,按实缴比例分配。",
            "By the waterfall (capital, preferred return, catch-up, carry); the investors' part"
            " pro rata to paid-in to their :Distributed accounts, the carry moved from their"
            " :Allocated to the manager's. The government's share reduces the city's stake"
            " (equity method), with its budgetary twin: capital back against this year's"
            " investment expenditure or other surplus, the rest as budgetary investment income."
            " Default: no carry, pro rata.",
        ),
        (
            ("fund", "Equity:Capital:<Class>:<I>:Distributed", BANK),
            (
                "fund",
                "Equity:Capital:<Class>:<I>:Allocated",
                "Equity:Capital:Manager:<M>:Allocated",
            ),
            ("city", CITY_BANK, CITY_STAKE),
            (
                "city",
                "Equity:Budget:FundBalance",
                "Equity:Budget:Expenditure:Investment:Fund / Equity:Budget:OtherSurplus",
            ),
            ("city", "Equity:Budget:FundBalance", "Equity:Budget:Income:InvestmentReturn"),
        ),
    ),
    "fund.fee": Renderer[Any](
        "fund.fee",
        render_fee,
        _explain(
            "管理费:借记管理费,贷记银行存款。每期(period: YYYY、YYYY-H1、YYYY-Q1、YYYY-MM)合计不得超过"
            "费率 × 计费基础(认缴或实缴)× 期间占全年比例。",
            "The manager's fee paid from the bank; a period's fees are at most the terms' rate ×"
            " basis (committed or paid-in) × the period's fraction of a year.",
        ),
        (("fund", FEE, BANK),),
    ),
    "fund.reward": Renderer[Any](
        "fund.reward",
        render_reward,
        _explain(
            "社会资本投资奖励:按政策比例×社会资本实际投资额(按实缴份额分摊的基金投资成本),"
            "受单项目与年度上限约束;核定(借记奖励费用,贷记应付)并当日支付(借记应付,贷记专户;"
            "平行记账借记行政支出—fund-reward、贷记资金结存,不超过 fund-reward 预算指标和专户余额)。",
            "Policy rate × the investor's share of the fund's cost in the investee, capped;"
            " approved (expense/payable) and paid (payable/bank, with its budgetary twin:"
            " administrative expenditure against the fund balance, charged to the fund-reward"
            " line and bounded by it and by the cash) the same day, city book.",
        ),
        (
            ("city", REWARD_EXPENSE, REWARD_PAYABLE),
            ("city", REWARD_PAYABLE, CITY_BANK),
            (
                "city",
                "Equity:Budget:Expenditure:Administrative:FundReward",
                "Equity:Budget:FundBalance",
            ),
        ),
    ),
}

"""`jcg report fund`: the 科技创新专项基金 as of a date.

Investors (committed, called, paid in, distributed, share of NAV), investees (cost, mark,
realised, written off), the fund's multiples and IRR, fees, rewards paid to social capital and
the tolerance (容错) status. Every figure comes from the same `FundState` fold the write path
and the plugin use, over the fund and city books' entries up to the date.

DPI = distributions / paid-in; RVPI = NAV / paid-in; TVPI = DPI + RVPI; IRR = XIRR of the
investors' cash flows (contributions negative, distributions positive, NAV at the date).
Per partner: gross MOIC = (exit proceeds + portfolio at fair value) / cost invested, the
portfolio's multiple before fees and carry (the same for every partner, each holding its
paid-in share of every investment); net TVPI = (its distributions + its ending capital) /
its paid-in capital, after fees, carry and every loss.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from jcg_ledger.finance import xirr
from jcg_ledger.reports.base import BooksView, Column, Report, Table
from jcg_ledger.rules import fund_tolerance
from jcg_ledger.state.fund import FundState

# Display precision of ratios (a presentation choice, not a policy number).
RATIO_QUANTUM = Decimal("0.0001")


def fund_state(view: BooksView, as_of: date) -> FundState:
    """The fund's state from the fund and city books' entries dated up to ``as_of``."""
    state = FundState(view.policy)
    for book in ("city", "fund"):
        for entry in view.entries(book):
            if entry.date <= as_of:
                state.fold(book, entry)
    return state


def _ratio(numerator: Decimal, denominator: Decimal) -> Decimal | None:
    if denominator <= 0:
        return None
    return (numerator / denominator).quantize(RATIO_QUANTUM)


def _investors(view: BooksView, state: FundState) -> Table:
    table = Table(
        "investors",
        "出资人",
        "Investors",
        [
            Column("investor", "出资人", "Investor"),
            Column("name", "名称", "Name"),
            Column("class", "类别", "Class"),
            Column("committed", "认缴", "Committed", "money"),
            Column("called", "已催缴", "Called", "money"),
            Column("paid_in", "实缴", "Paid in", "money"),
            Column("unfunded", "未实缴认缴", "Unfunded", "money"),
            Column("distributed", "已分配", "Distributed", "money"),
            Column("nav_share", "净值份额", "NAV share", "money"),
            Column("gross_moic", "毛投资倍数", "Gross MOIC", "ratio"),
            Column("net_tvpi", "净TVPI", "Net TVPI", "ratio"),
        ],
    )
    paid_total = state.paid_total
    nav = state.nav
    invested = sum((h.invested for h in state.holdings.values()), Decimal(0))
    gross = sum((h.proceeds for h in state.holdings.values()), Decimal(0)) + state.portfolio_value
    for investor, commitment in sorted(state.commitments.items()):
        paid = state.paid.get(investor, Decimal(0))
        entity = view.entities.get(investor)
        table.rows.append(
            {
                "investor": investor,
                "name": entity.name if entity else "",
                "class": commitment.investor_class,
                "committed": commitment.amount,
                "called": state.called.get(investor, Decimal(0)),
                "paid_in": paid,
                "unfunded": commitment.amount - paid,
                "distributed": state.distributed.get(investor, Decimal(0)),
                "nav_share": view.policy.quantize(nav * paid / paid_total)
                if paid_total > 0
                else Decimal(0),
                "gross_moic": _ratio(gross, invested) if paid > 0 else None,
                "net_tvpi": _net_tvpi(state, investor, paid),
            }
        )
    table.total(
        "committed", "called", "paid_in", "unfunded", "distributed", "nav_share", label_key="name"
    )
    return table


def _net_tvpi(state: FundState, investor: str, paid: Decimal) -> Decimal | None:
    """(Distributions + ending capital, with the profit not yet allocated shared by paid-in)
    / paid-in."""
    capital = state.partners.get(investor)
    if capital is None or paid <= 0:
        return None
    pending = state.unallocated * paid / state.paid_total if state.paid_total > 0 else Decimal(0)
    return _ratio(capital.distributed + capital.ending + pending, paid)


def _portfolio(view: BooksView, state: FundState) -> Table:
    table = Table(
        "portfolio",
        "被投企业",
        "Investees",
        [
            Column("entity", "被投企业", "Investee"),
            Column("name", "名称", "Name"),
            Column("stage", "阶段", "Stage"),
            Column("first", "首次投资", "First invested", "date"),
            Column("invested", "投资成本", "Cost invested", "money"),
            Column("units", "持有份额", "Units held", "units"),
            Column("cost", "持有成本", "Cost held", "money"),
            Column("price", "估值单价", "Mark per unit", "money"),
            Column("value", "公允价值", "Fair value", "money"),
            Column("proceeds", "退出收入", "Exit proceeds", "money"),
            Column("realised", "已实现收益", "Realised gain", "money"),
            Column("written_off", "核销", "Written off", "money"),
            Column("loss", "容错损失", "Tolerance loss", "money"),
            Column("reason", "核销原因", "Write-off reason"),
        ],
    )
    quantize = view.policy.quantize
    for entity, holding in sorted(state.holdings.items()):
        record = view.entities.get(entity)
        table.rows.append(
            {
                "entity": entity,
                "name": record.name if record else "",
                "stage": holding.stage,
                "first": holding.first,
                "invested": quantize(holding.invested),
                "units": holding.units,
                "cost": quantize(holding.cost),
                "price": holding.price,
                "value": quantize(holding.value),
                "proceeds": holding.proceeds,
                "realised": holding.realised,
                "written_off": quantize(holding.written_off),
                "loss": quantize(holding.loss),
                "reason": ";".join(holding.reasons),
            }
        )
    table.total(
        "invested", "cost", "value", "proceeds", "realised", "written_off", "loss",
        label_key="name",
    )  # fmt: skip
    return table


def _tolerance(view: BooksView, state: FundState) -> Table:
    table = Table(
        "tolerance",
        "容错",
        "Loss tolerance",
        [
            Column("level", "层级", "Level"),
            Column("subject", "对象", "Subject"),
            Column("cost", "投资成本(基金整体:实缴)", "Cost (fund: paid in)", "money"),
            Column("loss", "损失(基金整体:已实现净损失)", "Loss (fund: realised net)", "money"),
            Column("ratio", "损失率", "Loss ratio", "percent"),
            Column("limit", "容错比例", "Tolerance", "percent"),
            Column("status", "状态", "Status"),
        ],
    )
    quantize = view.policy.quantize
    for level in fund_tolerance.levels(view.policy, state.exposures(), state.fund_loss()):
        table.rows.append(
            {
                "level": f"{fund_tolerance.LEVEL_ZH[level.level]} {level.level}",
                "subject": level.subject,
                "cost": quantize(level.cost),
                "loss": quantize(level.loss),
                "ratio": level.ratio.quantize(RATIO_QUANTUM),
                "limit": level.limit,
                "status": "超出容错 exceeded" if level.exceeded else "容错内 within",
            }
        )
    return table


def _rewards(view: BooksView, state: FundState) -> Table:
    table = Table(
        "rewards",
        "社会资本投资奖励",
        "Rewards to social capital",
        [
            Column("date", "日期", "Date", "date"),
            Column("investor", "出资人", "Investor"),
            Column("entity", "被投企业", "Investee"),
            Column("basis_cost", "基金投资成本", "Fund's cost", "money"),
            Column("share", "实缴占比", "Paid-in share", "percent"),
            Column("amount", "奖励金额", "Reward", "money"),
        ],
    )
    for reward in sorted(state.rewards.values(), key=lambda r: (r.date, r.investor, r.entity)):
        basis = reward.basis
        table.rows.append(
            {
                "date": reward.date,
                "investor": reward.investor,
                "entity": reward.entity,
                "basis_cost": basis.basis_cost,
                "share": _ratio(basis.investor_paid_in, basis.fund_paid_in),
                "amount": reward.amount,
            }
        )
    table.total("amount", label_key="investor")
    return table


def build(view: BooksView, as_of: date) -> Report:
    state = fund_state(view, as_of)
    quantize = view.policy.quantize
    paid_in = state.paid_total
    distributed = state.distributed_total
    nav = quantize(state.nav)
    flows = [(d, amount) for d, _, amount in state.flows]
    if nav > 0:
        flows.append((as_of, nav))
    irr = xirr(flows) if flows else None
    dpi = _ratio(distributed, paid_in)
    rvpi = _ratio(nav, paid_in)
    exceeded = [
        level
        for level in fund_tolerance.levels(view.policy, state.exposures(), state.fund_loss())
        if level.exceeded
    ]  # fmt: skip
    summary = {
        "认缴 committed": state.committed_total,
        "实缴 paid in": paid_in,
        "已分配 distributed": distributed,
        "现金 cash": state.cash,
        "组合公允价值 portfolio at fair value": quantize(state.portfolio_value),
        "基金净值 NAV": nav,
        "DPI": dpi,
        "RVPI": rvpi,
        "TVPI": dpi + rvpi if dpi is not None and rvpi is not None else None,
        "IRR": irr.quantize(RATIO_QUANTUM) if irr is not None else None,
        "管理费 fees": state.fees,
        "已付社会资本奖励 rewards paid": state.rewards_paid,
        "容错状态 tolerance": "容错内 within"
        if not exceeded
        else "超出容错 exceeded: " + ", ".join(f"{lv.level} {lv.subject}" for lv in exceeded),
    }
    return Report(
        "fund",
        "科技创新专项基金",
        "Science and technology innovation fund",
        as_of,
        [
            _investors(view, state),
            _portfolio(view, state),
            _tolerance(view, state),
            _rewards(view, state),
        ],
        summary,
    )

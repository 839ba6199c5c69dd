"""`jcg report capital-accounts --as-of DATE`: the fund's partners' capital accounts.

Per partner: commitment, called, paid in, unfunded (commitment − paid in), distributions,
allocated profit and loss, and the ending capital (paid in − distributions + allocated) —
the balances of ``Equity:Capital:<Class>:<I>`` in the fund book on the date. Profit or loss
booked after the last close and not yet allocated is a row of its own, so the totals equal
the fund's net assets (cash + portfolio at cost + fair-value adjustments), which the summary
states with the difference (0 when the books hold together).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from jcg_ledger.reports.base import BooksView, Column, Report, Table
from jcg_ledger.reports.fund import fund_state

ZERO = Decimal(0)
CLASS_ZH = {"government": "政府出资人 government", "social": "社会出资人 social",
            "manager": "管理人 manager"}  # fmt: skip


def build(view: BooksView, as_of: date) -> Report:
    state = fund_state(view, as_of)
    table = Table(
        "capital",
        "合伙人资本账户",
        "Partners' capital accounts",
        [
            Column("partner", "合伙人", "Partner"),
            Column("name", "名称", "Name"),
            Column("class", "类别", "Class"),
            Column("committed", "认缴", "Commitment", "money"),
            Column("called", "已催缴", "Called", "money"),
            Column("paid_in", "实缴", "Paid in", "money"),
            Column("unfunded", "未缴认缴", "Unfunded", "money"),
            Column("distributed", "已分配", "Distributions", "money"),
            Column("allocated", "损益分配", "Allocated P&L", "money"),
            Column("ending", "期末资本", "Ending capital", "money"),
        ],
    )
    partners = sorted(set(state.commitments) | set(state.partners))
    for partner in partners:
        commitment = state.commitments.get(partner)
        capital = state.partners.get(partner)
        entity = view.entities.get(partner)
        committed = commitment.amount if commitment else ZERO
        paid = capital.contributed if capital else ZERO
        investor_class = (
            commitment.investor_class if commitment else capital.investor_class if capital else ""
        )
        table.rows.append(
            {
                "partner": partner,
                "name": entity.name if entity else "",
                "class": CLASS_ZH.get(investor_class, investor_class),
                "committed": committed,
                "called": state.called.get(partner, ZERO),
                "paid_in": paid,
                "unfunded": committed - paid if commitment else ZERO,
                "distributed": capital.distributed if capital else ZERO,
                "allocated": capital.allocated if capital else ZERO,
                "ending": capital.ending if capital else ZERO,
            }
        )
    if state.unallocated:
        table.rows.append(
            {
                "partner": "",
                "name": "未分配损益(下次结账分配) not yet allocated (next close)",
                "class": "",
                "allocated": state.unallocated,
                "ending": state.unallocated,
            }
        )
    table.total(
        "committed", "called", "paid_in", "unfunded", "distributed", "allocated", "ending",
        label_key="name",
    )  # fmt: skip
    net_assets = state.book_net_assets
    ending = state.capital_total + state.unallocated
    summary = {
        "合伙人资本合计 partners' capital": state.capital_total,
        "未分配损益 not yet allocated": state.unallocated,
        "基金净资产 net assets": net_assets,
        "差额 difference": ending - net_assets,
        "基金净值 NAV": view.policy.quantize(state.nav),
    }
    return Report(
        "capital-accounts",
        "基金合伙人资本账户",
        "Fund partners' capital accounts",
        as_of,
        [table],
        summary,
    )

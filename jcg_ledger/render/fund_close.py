"""The fund's entries at `jcg close`: profit and loss allocated to the partners, and the city's
share of it by the equity method (政府会计准则第2号).

At each close the fund's profit or loss booked since the last allocation (disposal gains,
write-offs, fees, fair-value changes) goes to the partners' ``:Allocated`` accounts pro rata
to ``[fund.terms] allocation_basis`` (paid-in capital by default; `rules/fund_allocation.py`),
against ``Equity:ProfitAllocated`` so the income statement keeps its figures. The government
partner's share moves the city's ``Assets:Investment:Fund`` through ``Income:Investment:Fund``
(投资收益), in a transaction linked to the fund's, so reconciliation pairs them. A loss of
2,500,000 with paid-in 8,000,000 : 7,200,000 : 4,800,000::

    2027-12-31 * "基金损益分配 2027-12"  ^fund-allocate-2027-12             ; fund
      Equity:ProfitAllocated                         -2500000.00 CNY
      Equity:Capital:Government:GOV-JCIG:Allocated    1000000.00 CNY
      Equity:Capital:Social:SOC-FENHE:Allocated        600000.00 CNY
      Equity:Capital:Social:SOC-TAIHANG:Allocated      900000.00 CNY
    2027-12-31 * "基金损益(权益法) GOV-JCIG 2027-12"  ^fund-allocate-2027-12   ; city
      Assets:Investment:Fund                         -1000000.00 CNY
      Income:Investment:Fund                          1000000.00 CNY
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from beancount.core import amount as bc_amount
from beancount.core import data

from jcg_ledger.render.base import CURRENCY, SOURCE, Placed
from jcg_ledger.rules import fund_allocation
from jcg_ledger.state.fund import (
    ALLOCATE_TYPE,
    ALLOCATED,
    CITY_SHARE,
    CITY_STAKE,
    PROFIT_ALLOCATED,
    FundState,
    capital_account,
)

MEASURE = "vc-fund"


def link(period: str) -> str:
    return f"fund-allocate-{period}"


def _transaction(
    on: date, narration: str, period: str, postings: list[tuple[str, Decimal]], **extra: str
) -> data.Transaction:
    meta = data.new_metadata(
        SOURCE, 0, {"type": ALLOCATE_TYPE, "period": period, "measure": MEASURE, **extra}
    )
    return data.Transaction(
        meta,
        on,
        "*",
        None,
        narration,
        frozenset(),
        frozenset({link(period)}),
        [
            data.Posting(account, bc_amount.Amount(number, CURRENCY), None, None, None, None)
            for account, number in postings
        ],
    )


def allocation_entries(fund: FundState, through: date, period: str) -> list[Placed]:
    """The allocation of what ``fund`` (folded up to ``through``) has not allocated yet."""
    amount = fund.unallocated
    shares = fund_allocation.pro_rata(amount, fund.allocation_weights(), fund.policy.quantize)
    if not amount or not shares:
        return []
    postings = [(PROFIT_ALLOCATED, amount)]
    placed: list[Placed] = []
    for investor, share in shares.items():
        investor_class = fund.commitments[investor].investor_class
        postings.append((capital_account(investor_class, investor, ALLOCATED), -share))
        if investor_class == "government":
            placed.append(
                Placed(
                    "city",
                    _transaction(
                        through,
                        f"基金损益(权益法) {investor} {period}",
                        period,
                        [(CITY_STAKE, share), (CITY_SHARE, -share)],
                        investor=investor,
                    ),
                )
            )
    basis = fund.policy.fund.terms.allocation_basis
    entry = _transaction(through, f"基金损益分配 {period}", period, postings, basis=basis)
    return [Placed("fund", entry), *placed]

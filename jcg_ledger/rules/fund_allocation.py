"""Rules ``fund-allocation``, ``fund-net-assets`` and ``fund-nav`` — partners' capital at a close.

`jcg close` allocates the fund's profit and loss not yet allocated (disposal gains, write-offs,
fees, fair-value changes) to the partners' ``:Allocated`` accounts pro rata to the terms' basis
(``[fund.terms] allocation_basis``: paid-in capital by default; the rounding remainder goes to
the largest share), against ``Equity:ProfitAllocated`` — so the income statement keeps its
figures. At every close the partners' capital equals the fund's net assets, and each investee's
fair-value adjustment equals units × last mark − cost. Paid in 8,000,000 and 12,000,000, a
profit of 1,000,000::

    2025-12-31 * "损益分配 2025-12"
      Equity:ProfitAllocated                       1000000.00 CNY
      Equity:Capital:Government:GOV-JCIG:Allocated  -400000.00 CNY   ; 1,000,000 × 8 / 20
      Equity:Capital:Social:SOC-TAIHANG:Allocated   -600000.00 CNY   ; 1,000,000 × 12 / 20
    2025-12-31 custom "jcg-close" "2025-12"   ; error if capital ≠ net assets

Codes: ``fund-allocation`` (shares not pro rata), ``fund-net-assets`` (capital ≠ net assets at
a close), ``fund-nav`` (a mark not booked to ``Income:FairValueChange``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal

from jcg_ledger.violation import Violation

ALLOCATION = "fund-allocation"
NET_ASSETS = "fund-net-assets"
NAV = "fund-nav"


def pro_rata(
    amount: Decimal, weights: Mapping[str, Decimal], quantize: Callable[[Decimal], Decimal]
) -> dict[str, Decimal]:
    """Split ``amount`` by positive weights; the rounding remainder goes to the largest."""
    positive = {k: w for k, w in sorted(weights.items()) if w > 0}
    total = sum(positive.values(), Decimal(0))
    if total <= 0:
        return {}
    shares = {k: quantize(amount * w / total) for k, w in positive.items()}
    largest = max(positive, key=lambda k: (positive[k], k))
    shares[largest] += amount - sum(shares.values(), Decimal(0))
    return {k: v for k, v in shares.items() if v}


def check_shares(
    what: str, expected: Mapping[str, Decimal], booked: Mapping[str, Decimal]
) -> Violation | None:
    """Each partner's booked share is its pro rata one."""
    keys = sorted(set(expected) | set(booked))
    wrong = [k for k in keys if expected.get(k, Decimal(0)) != booked.get(k, Decimal(0))]
    if not wrong:
        return None
    detail = ", ".join(
        f"{k} {booked.get(k, Decimal(0))} ≠ {expected.get(k, Decimal(0))}" for k in wrong
    )
    return Violation(
        ALLOCATION,
        f"{what}未按比例分配 not pro rata to the partners' basis: {detail}",
    )


def check_net_assets(on: date, capital: Decimal, net_assets: Decimal) -> Violation | None:
    """At a close, the partners' capital (sum of their accounts) equals the net assets."""
    if capital == net_assets:
        return None
    return Violation(
        NET_ASSETS,
        f"{on} 结账时合伙人资本合计 {capital} ≠ 基金净资产 {net_assets}(损益未分配或分录被改动)"
        f"partners' capital {capital} differs from the fund's net assets {net_assets} at the "
        f"close (profit and loss not allocated, or an entry edited)",
    )


def check_mark(entity: str, booked: Decimal, target: Decimal) -> Violation | None:
    """An investee's fair-value adjustment is units × last mark − cost, as booked."""
    if booked == target:
        return None
    return Violation(
        NAV,
        f"{entity} 公允价值变动 {booked} 应为 {target}(份额 × 最新估值 − 成本)"
        f"{entity}: fair-value adjustment {booked} should be {target} (units × mark − cost)",
    )

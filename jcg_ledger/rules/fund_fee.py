"""Rule ``fund-fee`` — the management fee stays within the terms: rate × basis × period.

A ``fund.fee`` names its period: ``2025`` (a year, 1), ``2025-H1`` (a half, 1/2), ``2025-Q3``
(a quarter, 1/4) or ``2025-07`` (a month, 1/12). The fees booked for one period together stay
within ``[fund.terms] management_fee_rate`` × the basis (``management_fee_basis``: committed
capital, or paid-in capital, as of the fee's date) × the period's fraction of a year, rounded.
With 2% on 50,000,000 committed, a year's fee is at most 1,000,000 and a quarter's 250,000::

    2025-12-20 * "管理费 2025"
      period: "2025"
      Expenses:ManagementFee   1000000.01 CNY   ; error: above 2% × 50,000,000 × 1
      Assets:Bank:Fund        -1000000.01 CNY
"""

from __future__ import annotations

import re
from decimal import Decimal

from jcg_ledger.violation import Violation

RULE = "fund-fee"
PERIOD_PATTERN = r"^\d{4}(-(H[12]|Q[1-4]|0[1-9]|1[0-2]))?$"
_PERIOD = re.compile(PERIOD_PATTERN)


def period_fraction(period: str | None) -> Decimal | None:
    """The fraction of a year a period label covers, None when it is not a period."""
    if period is None or not _PERIOD.fullmatch(period):
        return None
    if len(period) == 4:
        return Decimal(1)
    part = period[5:]
    if part[0] == "H":
        return Decimal(1) / 2
    if part[0] == "Q":
        return Decimal(1) / 4
    return Decimal(1) / 12


def check_fee(
    period: str | None,
    amount: Decimal,
    already: Decimal,
    rate: Decimal,
    basis_name: str,
    basis: Decimal,
    cap: Decimal | None,
) -> Violation | None:
    """``already`` (fees booked for the period) plus ``amount`` within ``cap`` (rounded
    rate × basis × fraction, computed by the caller with the policy's rounding)."""
    if cap is None:
        return Violation(
            RULE,
            f"管理费期间 {period!r} 无效,应为 YYYY、YYYY-H1、YYYY-Q1 或 YYYY-MM "
            f"fee period {period!r} must be YYYY, YYYY-Hn, YYYY-Qn or YYYY-MM",
        )
    if already + amount <= cap:
        return None
    return Violation(
        RULE,
        f"{period} 管理费 {already + amount} 超过上限 {cap}(费率 {rate} × {basis_name} {basis} × "
        f"{period_fraction(period)} 年)fee for {period} of {already + amount} exceeds "
        f"{rate} × {basis_name} {basis} for the period = {cap}",
    )

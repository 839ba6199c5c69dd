"""Investment arithmetic in `Decimal`: XIRR, MOIC and simple interest.

These helpers serve the 先投后股 projects (buyback prices, debt interest, the exits report).
They never round: callers round once, explicitly, with ``policy.quantize`` — so the rounding
rule stays in the policy data file and a chain of computations is not rounded twice.

Day counts are actual/``year_days`` (ACT/365 in the policy's ``[interest]`` section); the
denominator is a parameter, never a literal here.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal, localcontext

__all__ = ["DEFAULT_YEAR_DAYS", "moic", "npv", "simple_interest", "xirr"]

# XIRR is conventionally ACT/365 (as in spreadsheets); callers may pass the policy's own.
DEFAULT_YEAR_DAYS = 365

# Working precision: far beyond a cent on 10^14 元, so Newton steps do not lose digits.
_PRECISION = 40
# Convergence: |rate step| below 1e-12 is far below anything a report shows (0.01%).
_TOLERANCE = Decimal("1e-12")
_MAX_NEWTON = 60
_MAX_BISECTION = 300
# Bracket of the bisection fallback: a loss of (almost) everything to a 1000× gain per year.
_LOW = Decimal("-0.999999")
_HIGH = Decimal("1000")


def simple_interest(
    principal: Decimal, rate: Decimal, start: date, end: date, year_days: int
) -> Decimal:
    """Simple interest ``principal × rate × days / year_days``, days = ``end − start``.

    Unrounded; round the result with ``policy.quantize``. ``year_days`` comes from
    ``policy.interest.year_days``. Example (REFERENCE.md): 5,000,000 × 3.00% over the
    1,096 days from 2025-06-01 to 2028-06-01 = 450,410.9589… → 450,410.96 after rounding.
    """
    if end < start:
        raise ValueError(f"结束日早于开始日 / end {end} before start {start}")
    if year_days <= 0:
        raise ValueError(f"年天数必须为正 / year_days must be positive: {year_days}")
    days = (end - start).days
    with localcontext() as ctx:
        ctx.prec = _PRECISION
        return principal * rate * Decimal(days) / Decimal(year_days)


def _year_fractions(
    flows: Sequence[tuple[date, Decimal]], year_days: int
) -> list[tuple[Decimal, Decimal]]:
    """(years since the first flow, amount) for every day with flows, the day's flows summed.

    Σ aᵢ / (1 + r)^t over one day's flows is (Σ aᵢ) / (1 + r)^t: one fractional power per
    day instead of one per flow, the costly part of each Newton step (a portfolio's flows
    fall on far fewer days than there are flows). The sums of cents are exact.
    """
    first = min(d for d, _ in flows)
    by_day: dict[int, Decimal] = {}
    for day, amount in flows:
        days = (day - first).days
        by_day[days] = by_day.get(days, Decimal(0)) + amount
    return [(Decimal(days) / Decimal(year_days), amount) for days, amount in sorted(by_day.items())]


def npv(rate: Decimal, flows: Sequence[tuple[date, Decimal]], year_days: int = 365) -> Decimal:
    """Net present value at ``rate`` of dated flows, discounted to the earliest date."""
    with localcontext() as ctx:
        ctx.prec = _PRECISION
        base = Decimal(1) + rate
        return sum(
            (amount / base**t for t, amount in _year_fractions(flows, year_days)),
            start=Decimal(0),
        )


def _npv_and_derivative(
    rate: Decimal, terms: list[tuple[Decimal, Decimal]]
) -> tuple[Decimal, Decimal]:
    base = Decimal(1) + rate
    value = Decimal(0)
    slope = Decimal(0)
    for t, amount in terms:
        discount = base**t
        value += amount / discount
        # d/dr of amount·(1+r)^−t is −t·amount·(1+r)^−(t+1).
        slope -= t * amount / (discount * base)
    return value, slope


def xirr(
    flows: Sequence[tuple[date, Decimal]], year_days: int = DEFAULT_YEAR_DAYS
) -> Decimal | None:
    """The annual rate r with Σ amount / (1 + r)^(days/year_days) = 0, or None.

    Flows are signed from the investor's side: money paid out negative, money received
    positive. None when the flows have no sign change (no rate solves it) or no root lies in
    (−99.9999%, 100000%). Newton's method from 10% first (fast, usually 5–8 steps); if it
    leaves the bracket or fails to converge, bisection on the bracket, which always converges
    once the NPV changes sign there.

    Example: −1,000,000 on 2025-01-01 and +1,100,000 on 2026-01-01 (365 days) → 0.10.
    """
    if not flows:
        return None
    if not any(a > 0 for _, a in flows) or not any(a < 0 for _, a in flows):
        return None
    with localcontext() as ctx:
        ctx.prec = _PRECISION
        terms = _year_fractions(flows, year_days)
        closed = _two_flows(terms)
        if closed is not None:
            return closed
        rate = Decimal("0.1")
        for _ in range(_MAX_NEWTON):
            value, slope = _npv_and_derivative(rate, terms)
            if slope == 0:
                break
            step = value / slope
            rate -= step
            if not _LOW < rate < _HIGH:
                break
            if abs(step) < _TOLERANCE:
                return +rate
        return _bisect(terms)


def _two_flows(terms: list[tuple[Decimal, Decimal]]) -> Decimal | None:
    """The rate in closed form for two days of flows of opposite signs — a project paid out
    once and valued once: a₀ + a₁ / (1 + r)^t = 0 gives r = (−a₁ / a₀)^(1/t) − 1, one power
    instead of a Newton step's two. None otherwise (a day whose flows sum to 0 included), or
    outside the bracket, where Newton and bisection decide as before."""
    if len(terms) != 2:
        return None
    (_, first), (years, last) = terms  # the first day is at 0, the second after (sorted)
    if first * last >= 0:
        return None
    rate = (-last / first) ** (1 / years) - 1
    return rate if _LOW < rate < _HIGH else None


def _bisect(terms: list[tuple[Decimal, Decimal]]) -> Decimal | None:
    """Bisection on [_LOW, _HIGH]; None when the NPV does not change sign there."""
    low, high = _LOW, _HIGH
    f_low, _ = _npv_and_derivative(low, terms)
    f_high, _ = _npv_and_derivative(high, terms)
    if f_low == 0:
        return low
    if f_high == 0:
        return high
    if (f_low > 0) == (f_high > 0):
        return None
    for _ in range(_MAX_BISECTION):
        mid = (low + high) / 2
        f_mid, _ = _npv_and_derivative(mid, terms)
        if f_mid == 0 or (high - low) / 2 < _TOLERANCE:
            return mid
        if (f_mid > 0) == (f_low > 0):
            low, f_low = mid, f_mid
        else:
            high = mid
    return (low + high) / 2


def moic(invested: Decimal, returned: Decimal, unrealised: Decimal = Decimal(0)) -> Decimal | None:
    """Multiple on invested capital: (proceeds + unrealised value) / invested; None if nothing
    was invested. Unrounded."""
    if invested <= 0:
        return None
    with localcontext() as ctx:
        ctx.prec = _PRECISION
        return (returned + unrealised) / invested

"""Money and rates as finance staff write them, parsed into `Decimal`.

Amounts are 元. Staff write ``500000``, ``"500,000.00"``, ``"50万"``, ``"0.5亿"`` or
``"1.2万元"``; a float never enters the code (JSON is parsed with ``parse_float=Decimal``).
Rounding is explicit: `quantize` rounds to 0.01 元 with ROUND_HALF_UP, the rule DESIGN.md fixes.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")

# 万 = 10^4, 亿 = 10^8; 元 and the yuan sign are decoration.
_UNITS = {"万": Decimal(10_000), "亿": Decimal(100_000_000)}
# ASCII digits only, as the schema says: "１２３" (full-width) is refused, not read as 123.
_NUMBER = re.compile(r"^[+-]?([0-9]{1,3}(,[0-9]{3})+|[0-9]+)(\.[0-9]+)?$")


class MoneyError(ValueError):
    """A value that is not an amount of money."""


def quantize(amount: Decimal) -> Decimal:
    """Round to the cent, half up (the rounding every rule uses)."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def parse_decimal(value: object) -> Decimal:
    """A finite Decimal from an int, a Decimal or a plain numeric string (commas allowed)."""
    if isinstance(value, bool):
        raise MoneyError("不是数字 not a number")
    if isinstance(value, float):
        raise MoneyError("不接受浮点数,请写成字符串 floats are not accepted; write a string")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise MoneyError("不是有限数 not a finite number")
        return value
    if not isinstance(value, str):
        raise MoneyError("不是数字 not a number")
    text = value.strip()
    if not _NUMBER.match(text):
        raise MoneyError(f"不是数字 not a number: {value!r}")
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation as exc:  # pragma: no cover - the regex admits only valid text
        raise MoneyError(f"不是数字 not a number: {value!r}") from exc


def parse_money(value: object) -> Decimal:
    """Parse an amount in 元; 万 and 亿 multiply. Must be positive, at most two decimals."""
    factor = Decimal(1)
    if isinstance(value, str):
        text = value.strip().replace("¥", "").replace("￥", "").strip()
        if text.endswith("元"):
            text = text[:-1].strip()
        if text and text[-1] in _UNITS:
            factor = _UNITS[text[-1]]
            text = text[:-1].strip()
        value = text
    amount = parse_decimal(value) * factor
    if amount <= 0:
        raise MoneyError(f"金额必须为正 amount must be positive: {amount}")
    # Size first: quantizing 1E+400 raises InvalidOperation (not a ValueError) and would escape
    # as a traceback instead of a refusal.
    if amount.adjusted() > 14:
        raise MoneyError("金额过大 amount too large")
    if amount.adjusted() < -20 or amount != amount.quantize(CENT):
        raise MoneyError(f"金额最多两位小数 at most two decimals (分): {amount:.20}")
    return amount.quantize(CENT)


def parse_rate(value: object) -> Decimal:
    """A rate as a fraction: ``0.03`` or ``"3%"``. Between 0 and 1 inclusive."""
    if isinstance(value, str) and value.strip().endswith("%"):
        rate = parse_decimal(value.strip()[:-1]) / 100
    else:
        rate = parse_decimal(value)
    if not Decimal(0) <= rate <= Decimal(1):
        raise MoneyError(f"比率须在0到1之间 rate must lie in [0, 1]: {value!r}")
    return rate


def parse_percent(value: object) -> Decimal:
    """Percentage points (``50`` is half) as a fraction, in (0, 1]."""
    text = value.strip().rstrip("%") if isinstance(value, str) else value
    rate = parse_decimal(text) / 100
    if not Decimal(0) < rate <= Decimal(1):
        raise MoneyError(f"百分比须在0到100之间 percent must lie in (0, 100]: {value!r}")
    return rate


def parse_quantity(value: object) -> Decimal:
    """A positive number of units (shares, 份额)."""
    units = parse_decimal(value)
    if units <= 0:
        raise MoneyError(f"数量必须为正 quantity must be positive: {units}")
    if units.adjusted() > 14:
        raise MoneyError("数量过大 quantity too large")
    return units


def format_yuan(amount: Decimal) -> str:
    """``1234567.8`` → ``1,234,567.80`` (reports)."""
    return f"{quantize(amount):,.2f}"

"""Rule ``appropriation-exceeded`` — every city outflow is charged to an appropriation line.

A line is a budget year and either a measure (``budget.appropriate`` with ``measure``) or a
lead department (with ``department``). An outflow of measure *m* dated in year *y* is charged
to the line (*y*, *m*) when one was appropriated, otherwise to (*y*, the lead department of
*m*); it may not take the line past what was appropriated to it::

    2025-01-15 * "预算拨款 2025 市科技局"          ; line (2025, sci-tech): 200,000
      year: 2025
      department: "sci-tech"
      ...
    2025-04-01 * "补贴拨付 platform-municipal"      ; 100,000 charged, 100,000 left
      Equity:Budget:Expenditure:Administrative:PlatformMunicipal 100000.00 CNY
      Equity:Budget:FundBalance                               -100000.00 CNY
      ...
    2025-05-01 * "委托资金拨付"                     ; conversion-project, sci-tech:
      Equity:Budget:Expenditure:Investment:Platform  150000.00 CNY   ; 150,000 > 100,000
      ...                                                            ; → refused

Subsidies are charged under 行政支出 (``Equity:Budget:Expenditure:Administrative:<Measure>``),
the 先投后股 line is measure ``conversion-project`` (``…:Investment:Platform``), the fund's
contributions measure ``vc-fund`` (``…:Investment:Fund``) and its rewards measure
``fund-reward`` (``…:Administrative:FundReward``). A current-year recovery (a credit to the
same account) gives the line its room back.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from jcg_ledger.violation import Violation

RULE = "appropriation-exceeded"
ZERO = Decimal(0)


def resolve(
    appropriated: Mapping[tuple[int, str], Decimal], year: int, measure: str, department: str
) -> tuple[int, str]:
    """The line an outflow of ``measure`` in ``year`` is charged to."""
    if (year, measure) in appropriated:
        return (year, measure)
    return (year, department)


def label(line: tuple[int, str]) -> str:
    return f"{line[0]} {line[1]}"


def check_line(
    line: tuple[int, str], appropriated: Decimal, charged: Decimal, amount: Decimal
) -> Violation | None:
    """Refuse a charge of ``amount`` above what the line has left."""
    left = appropriated - charged
    if amount > left:
        what = "未安排预算 nothing appropriated" if appropriated == ZERO else f"剩余 {left} 元"
        return Violation(
            RULE,
            f"预算指标 {label(line)}:支出 {amount} 元超过指标余额({what})/ {amount} exceeds "
            f"what is left of appropriation line {label(line)}: {left} of {appropriated}",
        )
    return None

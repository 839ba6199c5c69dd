"""Rule ``fund-investee-cap`` — one investee receives at most a share of the fund's size.

The fund's cost invested in one investee, all rounds together, stays within
``[fund] single_investee_cap`` × ``[fund] size`` (default 20% of 50,000,000 = 10,000,000).
Past it the investment is refused, naming the cap and what is left. On a fund book::

    2025-04-01 * "基金投资 JC-A"
      Assets:Portfolio:JC-A   1000000 FU-JC-A {# 8000000.00 CNY}
      Assets:Bank:Fund       -8000000.00 CNY
    2026-04-01 * "基金投资 JC-A"      ; error: 8,000,000 + 3,000,000 > 10,000,000; 2,000,000 left
      Assets:Portfolio:JC-A    300000 FU-JC-A {# 3000000.00 CNY}
      Assets:Bank:Fund       -3000000.00 CNY
"""

from __future__ import annotations

from decimal import Decimal

from jcg_ledger.violation import Violation

RULE = "fund-investee-cap"


def cap_amount(cap: Decimal, size: Decimal) -> Decimal:
    """The most one investee may receive (unrounded policy figures: 0.20 × 50,000,000)."""
    return cap * size


def check_investee_cap(
    entity: str, cap: Decimal, size: Decimal, invested: Decimal, amount: Decimal
) -> Violation | None:
    """``invested`` (the cost already put into ``entity``) plus ``amount`` within the cap."""
    limit = cap_amount(cap, size)
    if invested + amount <= limit:
        return None
    left = max(limit - invested, Decimal(0))
    return Violation(
        RULE,
        f"{entity} 累计投资 {invested + amount} 超过单一被投企业上限 {limit}"
        f"(基金规模 {size} × {cap:.0%}),尚可投资 {left} "
        f"{entity}: {invested + amount} invested would exceed the single-investee cap {limit} "
        f"({cap:.0%} of the fund's size {size}); {left} left",
    )

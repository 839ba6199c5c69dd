"""Rule ``fund-waterfall`` — distributions follow the terms' waterfall.

Each distribution is split, for the fund as a whole and cumulatively over its life, in tiers
(``[fund.terms]``):

1. return of capital — to the investors until the capital they paid in is returned;
2. preferred return — to the investors until they have ``preferred_return`` a year, simple,
   on their capital not yet returned (day count from ``[interest]``);
3. catch-up — ``catch_up`` of each yuan to the manager until it holds ``carry`` of all the
   profit distributed (the rest of that yuan to the investors);
4. the remainder — ``carry`` to the manager, the rest to the investors.

The investors' part is shared pro rata to paid-in capital. The default terms have no
preferred return and no carry: every distribution goes pro rata to paid-in capital. With 8%
preferred, 100% catch-up and 20% carry, 10,000,000 paid in on 2025-01-01 and 15,000,000
distributed on 2026-01-01 (365 days): capital 10,000,000; preferred 800,000; catch-up
200,000 to the manager (20% of 1,000,000); the remaining 4,000,000 split 3,200,000 / 800,000.
The manager gets 1,000,000 = 20% of the profit of 5,000,000::

    2026-01-01 * "基金分配"
      Equity:Capital:Social:SOC-A:Distributed     14000000.00 CNY
      Equity:Capital:Manager:MGR:Distributed       1000000.00 CNY
      Equity:Capital:Social:SOC-A:Allocated        1000000.00 CNY   ; the carry, from SOC-A
      Equity:Capital:Manager:MGR:Allocated        -1000000.00 CNY
      Assets:Bank:Fund                           -15000000.00 CNY

A manager's part other than the waterfall's is an error (code ``fund-waterfall``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from jcg_ledger.policy.model import FundTerms
from jcg_ledger.violation import Violation

RULE = "fund-waterfall"
ZERO = Decimal(0)


@dataclass
class Position:
    """Where the fund stands in its waterfall: what the tiers have paid so far."""

    capital_outstanding: Decimal = ZERO  # paid in, not yet returned
    preferred_due: Decimal = ZERO  # preferred return accrued and not yet paid (unrounded)
    accrued_to: date | None = None
    investors_profit: Decimal = ZERO  # profit distributed to the investors so far
    manager: Decimal = ZERO  # carry distributed to the manager so far

    def accrue(self, on: date, terms: FundTerms, year_days: int) -> None:
        """Accrue the preferred return on the capital outstanding up to ``on``."""
        if self.accrued_to is not None and on > self.accrued_to and terms.preferred_return:
            days = (on - self.accrued_to).days
            self.preferred_due += (
                self.capital_outstanding * terms.preferred_return * days / year_days
            )
        if self.accrued_to is None or on > self.accrued_to:
            self.accrued_to = on

    def contribute(self, on: date, amount: Decimal, terms: FundTerms, year_days: int) -> None:
        self.accrue(on, terms, year_days)
        self.capital_outstanding += amount

    def copy(self) -> Position:
        return Position(
            self.capital_outstanding,
            self.preferred_due,
            self.accrued_to,
            self.investors_profit,
            self.manager,
        )


@dataclass(frozen=True)
class Split:
    """One distribution by tier."""

    capital: Decimal
    preferred: Decimal
    catch_up_manager: Decimal
    catch_up_investors: Decimal
    residual_investors: Decimal
    residual_manager: Decimal

    @property
    def investors(self) -> Decimal:
        return self.capital + self.preferred + self.catch_up_investors + self.residual_investors

    @property
    def carry(self) -> Decimal:
        return self.catch_up_manager + self.residual_manager


def split(
    position: Position,
    amount: Decimal,
    on: date,
    terms: FundTerms,
    year_days: int,
    quantize: Callable[[Decimal], Decimal],
) -> Split:
    """Split ``amount`` distributed on ``on`` (``position`` is accrued to ``on`` first)."""
    position.accrue(on, terms, year_days)
    rest = amount
    capital = min(rest, position.capital_outstanding)
    rest -= capital
    preferred = min(rest, quantize(position.preferred_due)) if rest > 0 else ZERO
    rest -= preferred
    carry = terms.carry
    catch_up_manager = catch_up_investors = ZERO
    if rest > 0 and carry > 0 and terms.catch_up > 0:
        # Manager's total M + k·x = carry × (profit P + x + M): x = (c(P+M) − M) / (k − c).
        profit = position.investors_profit + preferred
        needed = (carry * (profit + position.manager) - position.manager) / (terms.catch_up - carry)
        tier = min(rest, max(quantize(needed), ZERO))
        catch_up_manager = quantize(tier * terms.catch_up)
        catch_up_investors = tier - catch_up_manager
        rest -= tier
    residual_manager = quantize(rest * carry) if rest > 0 else ZERO
    return Split(
        capital,
        preferred,
        catch_up_manager,
        catch_up_investors,
        rest - residual_manager,
        residual_manager,
    )


def apply(position: Position, parts: Split) -> None:
    """Move the position past a distribution (already accrued to its date by `split`)."""
    position.capital_outstanding -= parts.capital
    position.preferred_due = max(position.preferred_due - parts.preferred, ZERO)
    position.investors_profit += parts.preferred + parts.catch_up_investors
    position.investors_profit += parts.residual_investors
    position.manager += parts.carry


def check_split(expected: Split, investors: Decimal, manager: Decimal) -> Violation | None:
    """The investors' and the manager's parts booked are the waterfall's."""
    if investors == expected.investors and manager == expected.carry:
        return None
    return Violation(
        RULE,
        f"分配不符合分配顺序:出资人 {investors} 应为 {expected.investors},管理人 {manager} 应为 "
        f"{expected.carry}(返还出资 {expected.capital},优先回报 {expected.preferred},"
        f"追补 {expected.catch_up_manager},超额分成 {expected.residual_manager})"
        f"distribution does not follow the waterfall: investors {investors} should be "
        f"{expected.investors}, manager {manager} should be {expected.carry}",
    )

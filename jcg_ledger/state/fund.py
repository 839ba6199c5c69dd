"""State of the fund: folded from the books' entries (see `jcg_ledger.state.base`).

The fund book gives the capital (commitments, calls, contributions, distributions), the cash,
the portfolio (lots at cost, marks, exits, write-offs) and the fees; the city book gives the
government's commitment and the rewards paid to social capital. The write path folds every
book into one `FundState`; the plugin folds one book, so each fact is kept with the book it
came from and `verify` only uses facts of the book it runs in.

Facts are read from postings (accounts and amounts), not only from metadata, so an entry
typed in by hand is folded — and verified — like one `jcg post` wrote.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal

from beancount.core import data
from beancount.core.position import Cost, CostSpec

from jcg_ledger.policy import Policy
from jcg_ledger.policy.model import FundTerms
from jcg_ledger.rules import (
    fund_allocation,
    fund_capital,
    fund_fee,
    fund_investee_cap,
    fund_reward,
    fund_tolerance,
    fund_waterfall,
)
from jcg_ledger.rules import period as period_rule
from jcg_ledger.state.base import Part, Violation, meta_str

COMMITMENT_DIRECTIVE = "jcg-commitment"

BANK = "Assets:Bank:Fund"
PORTFOLIO = "Assets:Portfolio:"
FAIR_VALUE = "Assets:FairValue:"
RECEIVABLE = "Assets:Receivable:Call:"
CALLED = "Equity:Called:"
CAPITAL = "Equity:Capital:"
PROFIT_ALLOCATED = "Equity:ProfitAllocated"
DISPOSAL = "Income:Investment:Disposal"
FAIR_VALUE_CHANGE = "Income:FairValueChange"
FEE = "Expenses:ManagementFee"
WRITEOFF = "Expenses:WriteOff"
UNIT_PREFIX = "FU-"

CITY_BANK = "Assets:Bank:SpecialFund"
CITY_STAKE = "Assets:Investment:Fund"
CITY_SHARE = "Income:Investment:Fund"
REWARD_EXPENSE = "Expenses:FundReward"
REWARD_PAYABLE = "Liabilities:Payable:FundReward"

CLASS_ACCOUNT = {"government": "Government", "social": "Social", "manager": "Manager"}
ACCOUNT_CLASS = {v: k for k, v in CLASS_ACCOUNT.items()}
CONTRIBUTED, DISTRIBUTED, ALLOCATED = "Contributed", "Distributed", "Allocated"
# The type of the entries `jcg close` writes to allocate the period's profit and loss.
ALLOCATE_TYPE = "fund.allocate"


def capital_account(investor_class: str, investor: str, kind: str) -> str:
    """``Equity:Capital:<Class>:<I>:<Contributed|Distributed|Allocated>``: one partner's
    capital; the ``Equity:Capital:Government`` subtree mirrors the city's stake."""
    return f"{CAPITAL}{CLASS_ACCOUNT[investor_class]}:{investor}:{kind}"


def parse_capital_account(account: str) -> tuple[str, str, str] | None:
    """(class, investor, kind) of a partner's capital account, None for any other account."""
    parts = account.split(":")
    if len(parts) != 5 or not account.startswith(CAPITAL) or parts[2] not in ACCOUNT_CLASS:
        return None
    return ACCOUNT_CLASS[parts[2]], parts[3], parts[4]


def units_currency(entity: str) -> str:
    return f"{UNIT_PREFIX}{entity}"


@dataclass
class PartnerCapital:
    """One partner's capital account: paid in, distributed, its share of profit and loss."""

    investor_class: str
    contributed: Decimal = Decimal(0)
    distributed: Decimal = Decimal(0)
    allocated: Decimal = Decimal(0)

    @property
    def ending(self) -> Decimal:
        return self.contributed - self.distributed + self.allocated


@dataclass
class Commitment:
    investor: str
    investor_class: str
    amount: Decimal
    date: date


@dataclass
class Lot:
    units: Decimal
    cost: Decimal  # total cost of the lot (unrounded after partial sales)


@dataclass
class Holding:
    """One investee of the fund: lots held at cost (FIFO), marks, exits, write-offs."""

    entity: str
    stage: str
    first: date
    invested: Decimal = Decimal(0)
    investments: list[tuple[date, Decimal]] = field(default_factory=list)  # (date, cost)
    lots: list[Lot] = field(default_factory=list)
    exited_cost: Decimal = Decimal(0)
    proceeds: Decimal = Decimal(0)
    realised: Decimal = Decimal(0)
    written_off: Decimal = Decimal(0)
    reasons: list[str] = field(default_factory=list)
    price: Decimal | None = None
    marked: date | None = None

    @property
    def units(self) -> Decimal:
        return sum((lot.units for lot in self.lots), Decimal(0))

    @property
    def cost(self) -> Decimal:
        """Cost of the units still held."""
        return sum((lot.cost for lot in self.lots), Decimal(0))

    @property
    def value(self) -> Decimal:
        """Fair value of the units held: at the last mark, else at cost."""
        return self.cost if self.price is None else self.units * self.price

    @property
    def markdown(self) -> Decimal:
        return max(self.cost - self.value, Decimal(0))

    @property
    def loss(self) -> Decimal:
        """Written-off cost plus mark-down: what the tolerance rule counts."""
        return self.written_off + self.markdown

    def fifo_cost(self, units: Decimal) -> Decimal:
        """Cost of the first ``units`` held (Beancount's FIFO booking), unrounded."""
        left, cost = units, Decimal(0)
        for lot in self.lots:
            take = min(left, lot.units)
            cost += lot.cost * take / lot.units if lot.units else Decimal(0)
            left -= take
            if left <= 0:
                break
        return cost

    def take(self, units: Decimal) -> Decimal:
        """Remove ``units`` FIFO; returns their cost."""
        cost = self.fifo_cost(units)
        left = units
        kept: list[Lot] = []
        for lot in self.lots:
            if left <= 0:
                kept.append(lot)
                continue
            take = min(left, lot.units)
            left -= take
            if take < lot.units:
                kept.append(Lot(lot.units - take, lot.cost * (lot.units - take) / lot.units))
        self.lots = kept
        return cost

    def copy(self) -> Holding:
        return replace(
            self,
            lots=[replace(lot) for lot in self.lots],
            reasons=list(self.reasons),
            investments=list(self.investments),
        )

    def invested_on(self, on: date) -> Decimal:
        """Cost invested up to and including ``on``."""
        return sum((cost for day, cost in self.investments if day <= on), Decimal(0))


def adjustment(holding: Holding | None, policy: Policy) -> Decimal:
    """Units × last mark − cost of the units held, rounded; 0 unmarked or when none are held.

    ``Assets:FairValue:<E>`` carries it, so the books' net assets are the fund's NAV."""
    if holding is None or holding.price is None or holding.units <= 0:
        return Decimal(0)
    return policy.quantize(holding.units * holding.price) - policy.quantize(holding.cost)


@dataclass
class Reward:
    investor: str
    entity: str
    date: date
    amount: Decimal
    basis: fund_reward.RewardBasis


def _amount(value: object) -> Decimal:
    """The number of an `Amount` (a posting's units, a price), 0 where there is none."""
    number = getattr(value, "number", None)
    return number if isinstance(number, Decimal) else Decimal(0)


def _number(posting: data.Posting) -> Decimal:
    return _amount(posting.units)


def _posting_cost(posting: data.Posting) -> Decimal:
    """Cost of an augmenting posting, booked (`Cost`) or as written (`CostSpec`)."""
    units = _number(posting)
    cost = posting.cost
    if isinstance(cost, Cost):
        return units * (cost.number if isinstance(cost.number, Decimal) else Decimal(0))
    if isinstance(cost, CostSpec):
        total = Decimal(0)
        if isinstance(cost.number_per, Decimal):
            total += units * cost.number_per
        if isinstance(cost.number_total, Decimal):
            total += cost.number_total
        return total
    return Decimal(0)


class FundState(Part):
    def __init__(self, policy: Policy) -> None:
        self.policy = policy
        # fund book
        self.commitments: dict[str, Commitment] = {}
        self.called: dict[str, Decimal] = defaultdict(Decimal)
        self.paid: dict[str, Decimal] = defaultdict(Decimal)
        self.called_by_call: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
        self.paid_by_call: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
        self.calls: dict[str, tuple[date, Decimal]] = {}  # code -> (date, fraction)
        self.called_fraction = Decimal(0)
        self.distributed: dict[str, Decimal] = defaultdict(Decimal)
        self.partners: dict[str, PartnerCapital] = {}
        self.flows: list[tuple[date, str, Decimal]] = []  # investor's side: paid in < 0
        self.cash = Decimal(0)
        self.fees = Decimal(0)
        self.fees_by_period: dict[str, Decimal] = defaultdict(Decimal)
        self.result = Decimal(0)  # profit (+) or loss (−) booked to Income and Expenses
        self.allocated_total = Decimal(0)  # of it, allocated to the partners at closes
        self.fair_value: dict[str, Decimal] = defaultdict(Decimal)  # Assets:FairValue:<E>
        self.waterfall = fund_waterfall.Position()
        self.holdings: dict[str, Holding] = {}
        # city book
        self.city_government: set[str] = set()
        self.rewards: dict[tuple[str, str], Reward] = {}
        self.reward_year: dict[tuple[str, int], Decimal] = defaultdict(Decimal)
        self.rewards_paid = Decimal(0)

    # --- derived facts -------------------------------------------------------------------

    def investor_class(self, investor: str) -> str | None:
        commitment = self.commitments.get(investor)
        if commitment is not None:
            return commitment.investor_class
        return "government" if investor in self.city_government else None

    @property
    def terms(self) -> FundTerms:
        return self.policy.fund.terms

    @property
    def committed_total(self) -> Decimal:
        return sum((c.amount for c in self.commitments.values()), Decimal(0))

    @property
    def paid_total(self) -> Decimal:
        return sum(self.paid.values(), Decimal(0))

    @property
    def distributed_total(self) -> Decimal:
        return sum(self.distributed.values(), Decimal(0))

    @property
    def portfolio_value(self) -> Decimal:
        """The portfolio at fair value, each investee rounded (as its accounts carry it)."""
        return sum((self.policy.quantize(h.value) for h in self.holdings.values()), Decimal(0))

    @property
    def nav(self) -> Decimal:
        """Net asset value: cash plus the portfolio at fair value (unpaid calls excluded)."""
        return self.cash + self.portfolio_value

    @property
    def book_net_assets(self) -> Decimal:
        """The books' net assets: cash, the portfolio at cost and its fair-value adjustments
        (the receivable of an unpaid call and its equity side cancel out)."""
        cost = sum((self.policy.quantize(h.cost) for h in self.holdings.values()), Decimal(0))
        return self.cash + cost + sum(self.fair_value.values(), Decimal(0))

    @property
    def capital_total(self) -> Decimal:
        """The partners' capital: the sum of every partner's ending balance."""
        return sum((p.ending for p in self.partners.values()), Decimal(0))

    @property
    def unallocated(self) -> Decimal:
        """Profit (+) or loss (−) booked and not yet allocated to the partners."""
        return self.result - self.allocated_total

    def fair_value_target(self, entity: str) -> Decimal:
        """The fair-value adjustment an investee's units carry: units × last mark − cost."""
        return adjustment(self.holdings.get(entity), self.policy)

    def allocation_weights(self) -> dict[str, Decimal]:
        """The partners' weights for profit and loss (``[fund.terms] allocation_basis``)."""
        if self.terms.allocation_basis == "committed":
            return {i: c.amount for i, c in self.commitments.items()}
        return dict(self.paid)

    def distribution_weights(self) -> dict[str, Decimal]:
        """The investors' weights in a distribution: paid-in capital."""
        return {i: p for i, p in self.paid.items() if p > 0}

    def fee_cap(self, period: str | None) -> tuple[str, Decimal, Decimal | None]:
        """(basis name, basis, cap) of the management fee for ``period`` as things stand."""
        terms = self.terms
        if terms.management_fee_basis == "committed":
            name, basis = "认缴 committed", self.committed_total
        else:
            name, basis = "实缴 paid-in", self.paid_total
        fraction = fund_fee.period_fraction(period)
        cap = (
            None
            if fraction is None
            else self.policy.quantize(terms.management_fee_rate * basis * fraction)
        )
        return name, basis, cap

    def check_fee(self, period: str | None, amount: Decimal) -> Violation | None:
        name, basis, cap = self.fee_cap(period)
        already = self.fees_by_period[period or ""]
        rate = self.terms.management_fee_rate
        return fund_fee.check_fee(period, amount, already, rate, name, basis, cap)

    def check_investee(self, entity: str, amount: Decimal) -> Violation | None:
        holding = self.holdings.get(entity)
        invested = holding.invested if holding else Decimal(0)
        fund = self.policy.fund
        return fund_investee_cap.check_investee_cap(
            entity,
            fund.single_investee_cap,
            fund.size,
            self.policy.quantize(invested),
            self.policy.quantize(amount),
        )

    def waterfall_split(self, amount: Decimal, on: date) -> fund_waterfall.Split:
        """How a distribution of ``amount`` on ``on`` splits (the position is not moved)."""
        return fund_waterfall.split(
            self.waterfall.copy(),
            amount,
            on,
            self.terms,
            self.policy.interest.year_days,
            self.policy.quantize,
        )

    @property
    def net_realised_loss(self) -> Decimal:
        """Cumulative realised net loss: written off less realised gains, at least 0."""
        written = sum((h.written_off for h in self.holdings.values()), Decimal(0))
        realised = sum((h.realised for h in self.holdings.values()), Decimal(0))
        return max(written - realised, Decimal(0))

    def fund_loss(self) -> fund_tolerance.FundLoss:
        return fund_tolerance.FundLoss(self.paid_total, self.net_realised_loss)

    def exposures(self) -> list[fund_tolerance.Exposure]:
        return [
            fund_tolerance.Exposure(h.entity, h.stage, h.invested, h.loss)
            for h in self.holdings.values()
        ]

    def paid_on(self, on: date) -> dict[str, Decimal]:
        """Each investor's paid-in capital up to and including ``on``."""
        paid: dict[str, Decimal] = defaultdict(Decimal)
        for day, investor, amount in self.flows:
            if day <= on and amount < 0:
                paid[investor] -= amount
        return paid

    def reward_basis(self, investor: str, entity: str, on: date) -> fund_reward.RewardBasis:
        """The fund's facts on the reward date (a batch may hold later events already)."""
        holding = self.holdings.get(entity)
        paid = self.paid_on(on)
        return fund_reward.RewardBasis(
            investor,
            entity,
            self.policy.quantize(holding.invested_on(on) if holding else Decimal(0)),
            paid.get(investor, Decimal(0)),
            sum(paid.values(), Decimal(0)),
        )

    # --- fold ----------------------------------------------------------------------------

    def fold(self, book: str, entry: data.Directive) -> None:
        if book == "fund":
            self._fold_fund(entry)
        elif book == "city":
            self._fold_city(entry)

    def _fold_fund(self, entry: data.Directive) -> None:
        if isinstance(entry, data.Custom) and entry.type == COMMITMENT_DIRECTIVE:
            investor, investor_class, amount = _commitment_values(entry)
            known = self.commitments.get(investor)
            if known is None:
                self.commitments[investor] = Commitment(
                    investor, investor_class, amount, entry.date
                )
            else:
                known.amount += amount
        elif isinstance(entry, data.Price) and entry.currency.startswith(UNIT_PREFIX):
            holding = self.holdings.get(entry.currency[len(UNIT_PREFIX) :])
            if holding is not None:
                holding.price = _amount(entry.amount)
                holding.marked = entry.date
        elif isinstance(entry, data.Transaction):
            self._fold_fund_transaction(entry)

    def _partner(self, investor_class: str, investor: str) -> PartnerCapital:
        partner = self.partners.get(investor)
        if partner is None:
            partner = self.partners[investor] = PartnerCapital(investor_class)
        return partner

    def _fold_fund_transaction(self, entry: data.Transaction) -> None:
        call = meta_str(entry, "call")
        # A call's fraction of commitments (the event's percent, 0.40 for 40%).
        fraction = (entry.meta or {}).get("fraction")
        if call and fraction is not None and call not in self.calls:
            self.calls[call] = (entry.date, Decimal(fraction))
            self.called_fraction += Decimal(fraction)
        writeoff = any(p.account == WRITEOFF for p in entry.postings)
        proceeds = sum(
            (_number(p) for p in entry.postings if p.account == BANK and _number(p) > 0),
            Decimal(0),
        )
        gain = -sum((_number(p) for p in entry.postings if p.account == DISPOSAL), Decimal(0))
        distributed_out = _distributed(entry)
        if distributed_out > 0:
            # The waterfall's position moves with the distribution as a whole.
            fund_waterfall.apply(
                self.waterfall,
                fund_waterfall.split(
                    self.waterfall,
                    distributed_out,
                    entry.date,
                    self.terms,
                    self.policy.interest.year_days,
                    self.policy.quantize,
                ),
            )
        exited: set[str] = set()
        for posting in entry.postings:
            account, number = posting.account, _number(posting)
            partner = parse_capital_account(account)
            if account == BANK:
                self.cash += number
            elif account.startswith(RECEIVABLE):
                investor = account[len(RECEIVABLE) :]
                if number > 0:
                    self.called[investor] += number
                    self.called_by_call[(call or "", investor)] += number
                else:
                    self.paid[investor] -= number
                    self.paid_by_call[(call or "", investor)] -= number
                    self.flows.append((entry.date, investor, number))
                    self.waterfall.contribute(
                        entry.date, -number, self.terms, self.policy.interest.year_days
                    )
            elif partner is not None:
                investor_class, investor, kind = partner
                capital = self._partner(investor_class, investor)
                if kind == CONTRIBUTED:
                    capital.contributed -= number
                elif kind == DISTRIBUTED:
                    capital.distributed += number
                    self.distributed[investor] += number
                    self.flows.append((entry.date, investor, number))
                else:
                    capital.allocated -= number
            elif account == PROFIT_ALLOCATED:
                self.allocated_total += number
            elif account.startswith(FAIR_VALUE):
                self.fair_value[account[len(FAIR_VALUE) :]] += number
            elif account.startswith(("Income:", "Expenses:")):
                self.result -= number
                if account == FEE:
                    self.fees += number
                    self.fees_by_period[meta_str(entry, "period") or ""] += number
            if account.startswith(PORTFOLIO):
                entity = account[len(PORTFOLIO) :]
                holding = self.holdings.get(entity)
                if number > 0:
                    if holding is None:
                        stage = meta_str(entry, "stage") or "growth"
                        holding = self.holdings[entity] = Holding(entity, stage, entry.date)
                    cost = _posting_cost(posting)
                    holding.lots.append(Lot(number, cost))
                    holding.invested += cost
                    holding.investments.append((entry.date, cost))
                elif holding is not None:
                    cost = holding.take(-number)
                    if writeoff:
                        holding.written_off += cost
                        reason = meta_str(entry, "reason")
                        if reason:
                            holding.reasons.append(reason)
                    else:
                        holding.exited_cost += cost
                        exited.add(entity)
        # Booking splits a reduction into one posting per lot matched: proceeds and gain
        # belong to the transaction, once.
        for entity in exited:
            self.holdings[entity].proceeds += proceeds
            self.holdings[entity].realised += gain

    def _fold_city(self, entry: data.Directive) -> None:
        if isinstance(entry, data.Custom) and entry.type == COMMITMENT_DIRECTIVE:
            investor, investor_class, _ = _commitment_values(entry)
            if investor_class == "government":
                self.city_government.add(investor)
        elif isinstance(entry, data.Transaction):
            for posting in entry.postings:
                if posting.account == REWARD_EXPENSE:
                    basis = _reward_basis(entry)
                    if basis is None:
                        continue
                    amount = _number(posting)
                    key = (basis.investor, basis.entity)
                    self.rewards[key] = Reward(
                        basis.investor, basis.entity, entry.date, amount, basis
                    )
                    self.reward_year[(basis.investor, entry.date.year)] += amount
                elif posting.account == REWARD_PAYABLE and _number(posting) > 0:
                    self.rewards_paid += _number(posting)

    # --- verify --------------------------------------------------------------------------

    def verify(self, book: str, entry: data.Directive) -> list[Violation]:
        if book == "fund":
            return self._verify_fund(entry)
        if book == "city" and isinstance(entry, data.Transaction):
            return self._verify_reward(entry)
        return []

    def _verify_fund(self, entry: data.Directive) -> list[Violation]:
        found: list[Violation | None] = []
        if isinstance(entry, data.Custom) and entry.type == COMMITMENT_DIRECTIVE:
            investor, investor_class, amount = _commitment_values(entry)
            known = self.commitments.get(investor)
            found.append(
                fund_capital.check_class(
                    investor, known.investor_class if known else None, investor_class
                )
            )
            found.append(
                fund_capital.check_size(self.policy.fund.size, self.committed_total, amount)
            )
        elif isinstance(entry, data.Custom) and entry.type == period_rule.CLOSE_DIRECTIVE:
            found.extend(self.verify_close(entry.date))
        elif isinstance(entry, data.Price) and entry.currency.startswith(UNIT_PREFIX):
            entity = entry.currency[len(UNIT_PREFIX) :]
            holding = self.holdings.get(entity)
            found.append(fund_capital.check_held(entity, holding.units if holding else None))
            return [v for v in found if v is not None] + self._verify_tolerance(entry)
        elif isinstance(entry, data.Transaction):
            found.extend(self._verify_call(entry))
            found.extend(self._verify_capital(entry))
            found.extend(self._verify_terms(entry))
            if any(p.account == WRITEOFF for p in entry.postings):
                found.extend(self._verify_tolerance(entry))
        return [v for v in found if v is not None]

    def verify_close(self, on: date) -> list[Violation | None]:
        """At a close: every mark booked, and the partners' capital equals the net assets."""
        found: list[Violation | None] = [
            fund_allocation.check_mark(e, self.fair_value[e], self.fair_value_target(e))
            for e in sorted(set(self.holdings) | set(self.fair_value))
        ]
        found.append(fund_allocation.check_net_assets(on, self.capital_total, self.book_net_assets))
        return found

    def _verify_call(self, entry: data.Transaction) -> list[Violation | None]:
        """A call is issued once; a contribution answers a call issued before it."""
        call = meta_str(entry, "call")
        if not call:
            return []
        called = any(p.account.startswith(RECEIVABLE) and _number(p) > 0 for p in entry.postings)
        paid = any(p.account.startswith(RECEIVABLE) and _number(p) < 0 for p in entry.postings)
        if called:
            return [fund_capital.check_new_call(call, call in self.calls)]
        if paid:
            return [fund_capital.check_known_call(call, call in self.calls)]
        return []

    def _verify_capital(self, entry: data.Transaction) -> list[Violation | None]:
        call = meta_str(entry, "call")
        found: list[Violation | None] = []
        sold: dict[str, Decimal] = defaultdict(Decimal)
        for posting in entry.postings:
            account, number = posting.account, _number(posting)
            if account.startswith(RECEIVABLE):
                investor = account[len(RECEIVABLE) :]
                commitment = self.commitments.get(investor)
                found.append(fund_capital.check_investor(commitment is not None, investor))
                if commitment is None:
                    continue
                if number > 0:
                    uncalled = commitment.amount - self.called[investor]
                    found.append(fund_capital.check_call(investor, uncalled, number))
                else:
                    if call:
                        unpaid = (
                            self.called_by_call[(call, investor)]
                            - self.paid_by_call[(call, investor)]
                        )
                    else:
                        unpaid = self.called[investor] - self.paid[investor]
                    found.append(fund_capital.check_contribution(investor, call, unpaid, -number))
            elif account == BANK and number < 0:
                found.append(fund_capital.check_cash(self.cash, -number, "基金付款 payment"))
            elif account.startswith(PORTFOLIO) and number > 0:
                entity = account[len(PORTFOLIO) :]
                found.append(self.check_investee(entity, _posting_cost(posting)))
            elif account.startswith(PORTFOLIO) and number < 0:
                # Booked reductions come one posting per lot: add them up per investee.
                sold[account[len(PORTFOLIO) :]] += -number
        for entity, units in sold.items():
            holding = self.holdings.get(entity)
            held = holding.units if holding else Decimal(0)
            found.append(fund_capital.check_units(entity, held, units))
        return found

    def _verify_terms(self, entry: data.Transaction) -> list[Violation | None]:
        """The fee cap, the waterfall of a distribution and the shares of an allocation."""
        found: list[Violation | None] = []
        fee = sum((_number(p) for p in entry.postings if p.account == FEE), Decimal(0))
        if fee > 0:
            found.append(self.check_fee(meta_str(entry, "period"), fee))
        out = _distributed(entry)
        if out > 0:
            expected = self.waterfall_split(out, entry.date)
            booked = _capital_postings(entry, DISTRIBUTED)
            manager = sum((v for (cls, _), v in booked.items() if cls == "manager"), Decimal(0))
            found.append(fund_waterfall.check_split(expected, out - manager, manager))
            investors = {i: v for (cls, i), v in booked.items() if cls != "manager"}
            shares = fund_allocation.pro_rata(
                expected.investors, self.distribution_weights(), self.policy.quantize
            )
            found.append(fund_allocation.check_shares("分配 distribution ", shares, investors))
        allocated = sum(
            (_number(p) for p in entry.postings if p.account == PROFIT_ALLOCATED), Decimal(0)
        )
        if allocated:
            booked = _capital_postings(entry, ALLOCATED)
            shares = fund_allocation.pro_rata(
                allocated, self.allocation_weights(), self.policy.quantize
            )
            found.append(
                fund_allocation.check_shares(
                    "损益 profit and loss ", shares, {i: -v for (_, i), v in booked.items()}
                )
            )
        return found

    def _verify_tolerance(self, entry: data.Directive) -> list[Violation]:
        """Tolerance after the entry: fold it into a copy of the portfolio."""
        after = FundState(self.policy)
        after.holdings = {k: h.copy() for k, h in self.holdings.items()}
        after.paid = defaultdict(Decimal, self.paid)
        after._fold_fund(entry)
        return fund_tolerance.check_tolerance(self.policy, after.exposures(), after.fund_loss())

    def _verify_reward(self, entry: data.Transaction) -> list[Violation]:
        postings = [p for p in entry.postings if p.account == REWARD_EXPENSE]
        if not postings:
            return []
        basis = _reward_basis(entry)
        if basis is None:
            return [
                Violation(
                    fund_reward.RULE,
                    "奖励分录缺少计算依据 reward lacks its basis (investor, entity, basis_cost, "
                    "investor_paid_in, fund_paid_in)",
                )
            ]
        amount = sum((_number(p) for p in postings), Decimal(0))
        found = [
            fund_reward.check_not_government(basis.investor, self.investor_class(basis.investor)),
            fund_reward.check_once(
                basis.investor, basis.entity, (basis.investor, basis.entity) in self.rewards
            ),
            fund_reward.check_amount(
                self.policy,
                basis,
                self.reward_year[(basis.investor, entry.date.year)],
                amount,
            ),
        ]
        return [v for v in found if v is not None]


def _commitment_values(entry: data.Custom) -> tuple[str, str, Decimal]:
    """``custom "jcg-commitment" INVESTOR CLASS AMOUNT``."""
    values = [v.value for v in entry.values]
    investor = str(values[0]) if values else ""
    investor_class = str(values[1]) if len(values) > 1 else ""
    amount = values[2].number if len(values) > 2 and hasattr(values[2], "number") else Decimal(0)
    return investor, investor_class, amount


def _reward_basis(entry: data.Transaction) -> fund_reward.RewardBasis | None:
    meta = entry.meta or {}
    try:
        return fund_reward.RewardBasis(
            str(meta["investor"]),
            str(meta["entity"]),
            Decimal(meta["basis_cost"]),
            Decimal(meta["investor_paid_in"]),
            Decimal(meta["fund_paid_in"]),
        )
    except (KeyError, TypeError, ArithmeticError):
        return None


def _distributed(entry: data.Transaction) -> Decimal:
    """The cash a distribution pays out (what its ``:Distributed`` postings add up to)."""
    return sum(
        (
            _number(p)
            for p in entry.postings
            if (parsed := parse_capital_account(p.account)) is not None and parsed[2] == DISTRIBUTED
        ),
        Decimal(0),
    )


def _capital_postings(entry: data.Transaction, kind: str) -> dict[tuple[str, str], Decimal]:
    """(class, partner) → the sum of the entry's postings to that partner's ``kind`` account."""
    out: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    for posting in entry.postings:
        parsed = parse_capital_account(posting.account)
        if parsed is not None and parsed[2] == kind:
            out[(parsed[0], parsed[1])] += _number(posting)
    return dict(out)


# The basis a reward transaction records (for `jcg check`'s cross-book pass).
reward_basis_of = _reward_basis

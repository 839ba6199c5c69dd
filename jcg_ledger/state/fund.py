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
from jcg_ledger.rules import fund_capital, fund_reward, fund_tolerance
from jcg_ledger.state.base import Part, Violation, meta_str

COMMITMENT_DIRECTIVE = "jcg-commitment"

BANK = "Assets:Bank:Fund"
PORTFOLIO = "Assets:Portfolio:"
RECEIVABLE = "Assets:Receivable:Call:"
CALLED = "Equity:Called:"
CAPITAL = "Equity:Capital:"
DISTRIBUTIONS = "Equity:Distributions:"
DISPOSAL = "Income:Investment:Disposal"
FEE = "Expenses:ManagementFee"
WRITEOFF = "Expenses:WriteOff"
UNIT_PREFIX = "FU-"

CITY_BANK = "Assets:Bank:SpecialFund"
CITY_STAKE = "Assets:Investment:Fund"
CITY_DISTRIBUTION = "Income:Fund:Distribution"
REWARD_EXPENSE = "Expenses:FundReward"
REWARD_PAYABLE = "Liabilities:Payable:FundReward"

CLASS_ACCOUNT = {"government": "Government", "social": "Social"}


def capital_account(investor_class: str, investor: str) -> str:
    """Paid-in capital: ``Equity:Capital:Government:<I>`` mirrors the city's stake."""
    return f"{CAPITAL}{CLASS_ACCOUNT[investor_class]}:{investor}"


def distributions_account(investor_class: str, investor: str) -> str:
    """Distributions beyond the capital returned (profit), outside the mirrored subtree."""
    return f"{DISTRIBUTIONS}{CLASS_ACCOUNT[investor_class]}:{investor}"


def units_currency(entity: str) -> str:
    return f"{UNIT_PREFIX}{entity}"


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
        self.returned: dict[str, Decimal] = defaultdict(Decimal)  # capital returned
        self.distributed: dict[str, Decimal] = defaultdict(Decimal)
        self.flows: list[tuple[date, str, Decimal]] = []  # investor's side: paid in < 0
        self.cash = Decimal(0)
        self.fees = Decimal(0)
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
        return sum((h.value for h in self.holdings.values()), Decimal(0))

    @property
    def nav(self) -> Decimal:
        """Net asset value: cash plus the portfolio at fair value (unpaid calls excluded)."""
        return self.cash + self.portfolio_value

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
        exited: set[str] = set()
        for posting in entry.postings:
            account, number = posting.account, _number(posting)
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
            elif account.startswith(CAPITAL) and number > 0:
                investor = account.rsplit(":", 1)[1]
                self.returned[investor] += number
                self.distributed[investor] += number
                self.flows.append((entry.date, investor, number))
            elif account.startswith(DISTRIBUTIONS) and number > 0:
                investor = account.rsplit(":", 1)[1]
                self.distributed[investor] += number
                self.flows.append((entry.date, investor, number))
            elif account == FEE:
                self.fees += number
            elif account.startswith(PORTFOLIO):
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
        elif isinstance(entry, data.Price) and entry.currency.startswith(UNIT_PREFIX):
            entity = entry.currency[len(UNIT_PREFIX) :]
            holding = self.holdings.get(entity)
            found.append(fund_capital.check_held(entity, holding.units if holding else None))
            return [v for v in found if v is not None] + self._verify_tolerance(entry)
        elif isinstance(entry, data.Transaction):
            found.extend(self._verify_call(entry))
            found.extend(self._verify_capital(entry))
            if any(p.account == WRITEOFF for p in entry.postings):
                found.extend(self._verify_tolerance(entry))
        return [v for v in found if v is not None]

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
            elif account.startswith(PORTFOLIO) and number < 0:
                # Booked reductions come one posting per lot: add them up per investee.
                sold[account[len(PORTFOLIO) :]] += -number
        for entity, units in sold.items():
            holding = self.holdings.get(entity)
            held = holding.units if holding else Decimal(0)
            found.append(fund_capital.check_units(entity, held, units))
        return found

    def _verify_tolerance(self, entry: data.Directive) -> list[Violation]:
        """Tolerance after the entry: fold it into a copy of the portfolio."""
        after = FundState(self.policy)
        after.holdings = {k: h.copy() for k, h in self.holdings.items()}
        after._fold_fund(entry)
        return fund_tolerance.check_tolerance(self.policy, after.exposures())

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


# The basis a reward transaction records (for `jcg check`'s cross-book pass).
reward_basis_of = _reward_basis

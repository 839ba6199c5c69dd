"""State of the 先投后股 projects, folded from the platform book (see `jcg_ledger.state.base`).

Everything a project rule needs is read back from the platform book's entries: the approval
(``custom "jcg-project"``), disbursements and conversions (postings on ``Assets:PreConversion``,
``Assets:Equity`` and ``Assets:Debt``), the buyback schedule (``custom "jcg-buyback"``, one per
tranche), marks (``price EQ-<E>``), settlements, exits, interest and write-offs. Amounts come
from the postings, not from metadata, so a hand-edited entry is judged by what it really books.

The platform is the city's agent (受托代持, docs/accounting.md): its programme books carry no
Income, Expenses or Equity; every gain, interest, change in fair value, loss and write-off moves
``Liabilities:Entrusted:City``, and the city book recognises it in the same event. The state
also keeps what was realised in cash (gains and interest, principal recovered) and what was
remitted, the ceilings of `proceeds.remit`.

`verify` extracts the same facts from an entry and calls the same rule functions the renderers
call (`jcg_ledger.rules.conversion`, `.buyback_schedule`, `.buyback_price`, `.holdings`,
`.fair_value`, `.debt`, `.remit`, `.agent`, `.tolerance`), so the plugin refuses in bean-check
and Fava exactly what `jcg post` refuses. `finish` lists, as warnings, the tranches and debt
instalments overdue today (`jcg_ledger.today`).
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from beancount.core import data
from dateutil.relativedelta import relativedelta

from jcg_ledger.policy import Policy
from jcg_ledger.rules import (
    agent,
    buyback_price,
    buyback_schedule,
    conversion,
    debt,
    fair_value,
    holdings,
    remit,
    state_asset,
    tolerance,
)
from jcg_ledger.state.base import Part, Violation, meta_str

PROJECT_DIRECTIVE = "jcg-project"
BUYBACK_DIRECTIVE = "jcg-buyback"

BANK = "Assets:Bank:Platform"
ENTRUSTED = "Liabilities:Entrusted:City"
CITY_BANK = "Assets:Bank:SpecialFund"
CITY_ENTRUSTED = "Assets:Entrusted:Platform"
# The city's side of what the programme's money earns and loses (financial basis).
CITY_DISPOSAL = "Income:Investment:Disposal"
CITY_INTEREST = "Income:Investment:Interest"
CITY_FAIR_VALUE = "Income:Investment:FairValue"
CITY_WRITEOFF = "Expenses:WriteOff"
CITY_CONCESSION = "Expenses:Concession"

# The event types of this family, as written in entry metadata ``type``.
PROJECT_TYPES = frozenset(
    {
        "project.approve",
        "project.disburse",
        "project.convert",
        "buyback.agree",
        "buyback.settle",
        "buyback.due",
        "equity.mark",
        "equity.exit",
        "debt.accrue",
        "debt.repay",
        "investment.writeoff",
        "proceeds.remit",
    }
)


def pre_account(entity: str) -> str:
    """先投后股—待转股投资 of one investee."""
    return f"Assets:PreConversion:{entity}"


def equity_account(entity: str) -> str:
    """交易性金融资产—股权投资 of one investee (units ``EQ-<E>`` at cost)."""
    return f"Assets:Equity:{entity}"


def fair_value_account(entity: str) -> str:
    """交易性金融资产—公允价值变动 of one investee's stake (CNY)."""
    return f"Assets:Equity:{entity}:FairValue"


def buyback_account(obligor: str) -> str:
    """受托代理资产—应收回购款 from one obligor (booked when a tranche falls due)."""
    return f"Assets:Receivable:Buyback:{obligor}"


def debt_account(entity: str) -> str:
    """债权投资 of one investee."""
    return f"Assets:Debt:{entity}"


def interest_account(entity: str) -> str:
    """应收利息 of one investee."""
    return f"Assets:Receivable:Interest:{entity}"


def commodity(entity: str) -> str:
    """The commodity of a stake: ``EQ-<E>``."""
    return f"EQ-{entity}"


@dataclass
class Tranche:
    """One tranche of a buyback schedule and what has been settled on it."""

    number: int
    due: date
    units: Decimal
    method: str
    fraction: Decimal | None = None
    rate: Decimal | None = None
    price: Decimal | None = None
    concession: Decimal | None = None
    agreed: date | None = None
    settled_units: Decimal = Decimal(0)
    received: Decimal = Decimal(0)
    settlements: list[tuple[date, Decimal, Decimal]] = field(default_factory=list)
    # Booked as receivable when it fell due unpaid (`buyback.due`): units and price still owed.
    receivable_units: Decimal = Decimal(0)
    receivable: Decimal = Decimal(0)
    receivable_on: date | None = None

    @property
    def remaining_units(self) -> Decimal:
        return self.units - self.settled_units

    @property
    def settled(self) -> bool:
        return self.settled_units >= self.units

    @property
    def last_settled(self) -> date | None:
        return self.settlements[-1][0] if self.settlements else None


@dataclass
class Project:
    """A conversion project as the platform book records it."""

    code: str
    entity: str
    amount: Decimal
    approved: date
    deadline_term: date | None = None
    discount_term: Decimal | None = None
    fallback: str | None = None
    disbursements: list[tuple[date, Decimal]] = field(default_factory=list)
    pre_balance: Decimal = Decimal(0)
    converted: str | None = None  # "equity" | "debt"
    converted_on: date | None = None
    units_converted: Decimal = Decimal(0)
    cost_converted: Decimal = Decimal(0)
    units_held: Decimal = Decimal(0)
    cost_held: Decimal = Decimal(0)
    fair_value_adj: Decimal = Decimal(0)  # 公允价值变动: the stake's carrying value less cost
    total_units: Decimal | None = None  # the company's units after the conversion round
    principal: Decimal = Decimal(0)  # outstanding debt principal
    debt_principal: Decimal = Decimal(0)  # principal at conversion
    debt_rate: Decimal | None = None
    maturity: date | None = None
    debt_method: str | None = None
    debt_frequency: str | None = None
    accrued_through: date | None = None
    interest_receivable: Decimal = Decimal(0)
    obligor: str | None = None
    tranches: list[Tranche] = field(default_factory=list)
    marks: list[tuple[date, Decimal]] = field(default_factory=list)
    # Cash back to the platform: (date, amount, kind) with kind buyback|exit|principal|interest.
    proceeds: list[tuple[date, Decimal, str]] = field(default_factory=list)
    realised_gain: Decimal = Decimal(0)
    interest_income: Decimal = Decimal(0)
    written_off: Decimal = Decimal(0)
    written_off_on: date | None = None
    deadline_flagged: bool = False
    incarnation: int = 0  # how many projects had this code before (one approved again)

    @property
    def carrying_stake(self) -> Decimal:
        """The stake at its carrying value: cost plus the fair-value changes booked."""
        return self.cost_held + self.fair_value_adj

    @property
    def receivables(self) -> Decimal:
        """Buyback prices booked as receivable and not yet collected."""
        return sum((t.receivable for t in self.tranches), Decimal(0))

    @property
    def carrying(self) -> Decimal:
        """Every programme asset of the project (pre-conversion, stake, debt, receivables)."""
        return (
            self.pre_balance
            + self.carrying_stake
            + self.principal
            + self.interest_receivable
            + self.receivables
        )

    def fair_value_release(self, units: Decimal, policy: Policy) -> Decimal:
        """The part of the fair-value changes that leaves with ``units`` sold (all of it with
        the last units), rounded once."""
        if units >= self.units_held:
            return self.fair_value_adj
        if self.units_held == 0:
            return Decimal(0)
        return policy.quantize(self.fair_value_adj * units / self.units_held)

    @property
    def disbursed(self) -> Decimal:
        return sum((a for _, a in self.disbursements), Decimal(0))

    @property
    def first_disbursed(self) -> date | None:
        return min((d for d, _ in self.disbursements), default=None)

    @property
    def closed(self) -> bool:
        """Written off, or converted and nothing left to hold or collect."""
        if self.written_off_on is not None:
            return True
        if self.converted == "equity":
            return self.units_held == 0 and self.receivables == 0
        if self.converted == "debt":
            return self.principal == 0 and self.interest_receivable == 0
        return False

    @property
    def status(self) -> str:
        if self.written_off_on is not None:
            return "written-off"
        if self.converted is None:
            return "funded" if self.disbursements else "approved"
        if self.closed:
            return "exited" if self.converted == "equity" else "repaid"
        return self.converted

    def deadline(self, policy: Policy) -> date | None:
        """转股截止日: the agreed date, else the policy's months after the first disbursement."""
        if self.deadline_term is not None:
            return self.deadline_term
        first = self.first_disbursed
        if first is None:
            return None
        return first + relativedelta(months=policy.conversion.deadline_months)

    def tranche(self, number: int) -> Tranche | None:
        return next((t for t in self.tranches if t.number == number), None)

    def mark_on(self, on: date) -> Decimal | None:
        """The latest fair value per unit marked on or before ``on``."""
        prices = [p for d, p in self.marks if d <= on]
        return prices[-1] if prices else None

    def cost_of(self, units: Decimal, policy: Policy) -> Decimal:
        """Cost of ``units`` at the conversion lot's cost per unit, rounded once.

        Rounding each sale from the lot's own cost per unit keeps every sale within the
        rounding tolerance of what Beancount's lot matching computes.
        """
        if self.units_converted == 0:
            return Decimal(0)
        # Always from the lot's cost per unit (never "whatever cost is left"): Beancount
        # weighs each sale at units × the lot's cost, and the two must agree within 0.005.
        return policy.quantize(units * self.cost_converted / self.units_converted)


def _num(value: Any) -> Decimal | None:
    if value is None:
        return None
    return value if isinstance(value, Decimal) else Decimal(str(value))


def _sum(entry: data.Transaction, account: str, currency: str | None = None) -> Decimal:
    total = Decimal(0)
    for p in entry.postings:
        if p.account != account or p.units is None or p.units.number is None:
            continue
        if currency is None or p.units.currency == currency:
            total += p.units.number
    return total


class ProjectState(Part):
    """Projects of the platform book, with the platform's entrusted cash and bank balance."""

    def __init__(self, policy: Policy) -> None:
        self.policy = policy
        self.projects: dict[str, Project] = {}
        self.by_entity: dict[str, str] = {}
        self.entrusted = Decimal(0)  # 受托代理负债: what the platform owes the city
        self.bank = Decimal(0)
        # Realised in cash and not yet remitted: the ceilings of `proceeds.remit`.
        self.income_realised = Decimal(0)  # gains and interest received
        self.principal_recovered = Decimal(0)  # cost recovered by sales and repayments
        self.income_remitted = Decimal(0)
        self.principal_remitted = Decimal(0)
        # `overdue_conversions` runs on every entry folded and verified: scanning every project
        # (and computing each deadline with relativedelta) made it O(entries × projects). A
        # min-heap of (deadline, approval order, project) answers it from the earliest
        # deadlines; entries whose project was converted, written off, flagged, replaced or
        # re-dated are stale and dropped when they reach the top.
        # Items name their project by code and incarnation (not by reference): the projects
        # are stored in shards (cache/shards.py), the heap whole.
        self._deadlines: list[tuple[date, int, int, str, int]] = []
        self._order: dict[str, int] = {}  # position of each code in ``projects``
        self._pushed = 0
        # Sum of every project's programme assets (pre-conversion, stake at carrying value,
        # debt, interest and buyback receivables), kept as the transactions fold.
        self._carrying = Decimal(0)

    # --- queries ----------------------------------------------------------------------

    @property
    def carrying(self) -> Decimal:
        """Entrusted money out in projects, at carrying value."""
        return self._carrying

    @property
    def available(self) -> Decimal:
        """Entrusted cash not out in projects, and in the bank: the ceiling of a disbursement."""
        return min(self.entrusted - self.carrying, self.bank)

    @property
    def income_to_remit(self) -> Decimal:
        return self.income_realised - self.income_remitted

    @property
    def principal_to_remit(self) -> Decimal:
        return self.principal_recovered - self.principal_remitted

    # --- fold -------------------------------------------------------------------------

    def fold(self, book: str, entry: data.Directive) -> None:
        if book != "platform":
            return
        self._flag_deadlines(entry.date)
        if isinstance(entry, data.Custom):
            self._fold_custom(entry)
        elif isinstance(entry, data.Price):
            code = self.by_entity.get(entry.currency.removeprefix("EQ-"))
            if code and entry.currency.startswith("EQ-") and entry.amount.number is not None:
                self.projects[code].marks.append((entry.date, entry.amount.number))
        elif isinstance(entry, data.Transaction):
            self._fold_transaction(entry)

    def _flag_deadlines(self, on: date) -> None:
        for project in self.overdue_conversions(on):
            project.deadline_flagged = True

    def overdue_conversions(self, on: date) -> list[Project]:
        """Projects past their conversion deadline on ``on``, unconverted, not yet flagged.

        In approval order (the order of ``projects``), as a scan of every project gives them.
        """
        heap = self._deadlines
        due: dict[str, tuple[date, int, int, str, int]] = {}
        while heap and heap[0][0] < on:
            item = heapq.heappop(heap)
            if self._live(item):
                due.setdefault(item[3], item)
        # Still unflagged until `_flag_deadlines` (a verify only reads): put them back.
        for item in due.values():
            heapq.heappush(heap, item)
        return [self.projects[item[3]] for item in sorted(due.values(), key=lambda item: item[1])]

    def _live(self, item: tuple[date, int, int, str, int]) -> bool:
        deadline, _, _, code, incarnation = item
        project = self.projects.get(code)
        return (
            project is not None
            and project.incarnation == incarnation
            and not (project.converted or project.written_off_on or project.deadline_flagged)
            and project.deadline(self.policy) == deadline
        )

    def _schedule(self, project: Project) -> None:
        """(Re)queue a project's deadline after it was approved or first disbursed."""
        deadline = project.deadline(self.policy)
        if deadline is not None:
            # The third item is unique, so two items never compare their projects.
            self._pushed += 1
            order = self._order[project.code]
            item = (deadline, order, self._pushed, project.code, project.incarnation)
            heapq.heappush(self._deadlines, item)

    def _fold_custom(self, entry: data.Custom) -> None:
        meta = entry.meta or {}
        if entry.type == PROJECT_DIRECTIVE and entry.values:
            code = str(entry.values[0].value)
            entity = str(meta.get("entity", ""))
            replaced = self.projects.get(code)
            if replaced is not None:
                self._carrying -= replaced.carrying
            self.projects[code] = project = Project(
                code=code,
                entity=entity,
                amount=_num(meta.get("amount")) or Decimal(0),
                approved=entry.date,
                deadline_term=meta.get("conversion_deadline"),
                discount_term=_num(meta.get("discount")),
                fallback=meta_str(entry, "fallback"),
                incarnation=0 if replaced is None else replaced.incarnation + 1,
            )
            self.by_entity[entity] = code
            self._order.setdefault(code, len(self._order))
            self._schedule(project)
        elif entry.type == BUYBACK_DIRECTIVE and entry.values:
            agreed = self.projects.get(str(entry.values[0].value))
            if agreed is None:
                return
            tranche = tranche_from_custom(entry)
            agreed.obligor = meta_str(entry, "obligor")
            agreed.tranches.append(tranche)

    def _realise(self, cash: Decimal, cost: Decimal) -> None:
        """Cash back from a sale: cost recovered first (principal), the excess is income."""
        principal = min(cash, cost)
        self.principal_recovered += principal
        self.income_realised += cash - principal

    def _fold_transaction(self, entry: data.Transaction) -> None:
        meta = entry.meta or {}
        kind = meta_str(entry, "type")
        self.bank += _sum(entry, BANK)
        self.entrusted -= _sum(entry, ENTRUSTED)
        if kind == "proceeds.remit":
            self.principal_remitted += _num(meta.get("principal")) or Decimal(0)
            self.income_remitted += _num(meta.get("income")) or Decimal(0)
            return
        code = meta_str(entry, "project")
        project = self.projects.get(code) if code else None
        if project is None:
            return
        e = project.entity
        cash = _sum(entry, BANK)
        held = project.carrying
        pre = _sum(entry, pre_account(e))
        if pre > 0:
            first = project.first_disbursed
            project.disbursements.append((entry.date, pre))
            if project.deadline_term is None and (first is None or entry.date < first):
                self._schedule(project)
        project.pre_balance += pre
        units = _sum(entry, equity_account(e), commodity(e))
        debt = _sum(entry, debt_account(e))
        interest = _sum(entry, interest_account(e))
        receivable = _sum(entry, buyback_account(project.obligor)) if project.obligor else 0
        project.fair_value_adj += _sum(entry, fair_value_account(e))
        if kind == "project.convert":
            project.converted = "debt" if debt > 0 else "equity"
            project.converted_on = entry.date
            if debt > 0:
                project.debt_principal = debt
                project.debt_rate = _num(meta.get("rate"))
                project.maturity = meta.get("maturity")
                project.debt_method = meta_str(entry, "method")
                project.debt_frequency = meta_str(entry, "frequency")
                project.accrued_through = entry.date
            else:
                project.units_converted = units
                project.cost_converted = -pre
                project.total_units = _num(meta.get("total_units"))
        tranche = None
        if kind in ("buyback.settle", "buyback.due"):
            tranche = project.tranche(int(_num(meta.get("tranche")) or 0))
        if units > 0:
            project.units_held += units
            project.cost_held += -pre if kind == "project.convert" else Decimal(0)
        elif units < 0:
            sold = -units
            cost = project.cost_of(sold, self.policy)
            project.units_held -= sold
            project.cost_held -= cost
            if kind == "buyback.due" and tranche is not None:
                tranche.receivable_units += sold
                tranche.receivable += receivable
                tranche.receivable_on = entry.date
            elif cash > 0:
                project.realised_gain += cash - cost
                self._realise(cash, cost)
                if tranche is not None:
                    tranche.settled_units += sold
                    tranche.received += cash
                    tranche.settlements.append((entry.date, sold, cash))
        elif receivable < 0 and tranche is not None and kind == "buyback.settle":
            # A tranche collected after it was booked as receivable.
            settled = _num(meta.get("units")) or tranche.receivable_units
            cost = project.cost_of(settled, self.policy)
            tranche.receivable_units -= settled
            tranche.receivable += receivable
            tranche.settled_units += settled
            tranche.received += cash
            tranche.settlements.append((entry.date, settled, cash))
            project.realised_gain += cash - cost
            self._realise(cash, cost)
        project.principal += debt
        project.interest_receivable += interest
        if kind == "debt.accrue":
            through = meta.get("through", entry.date)
            project.accrued_through = through if isinstance(through, date) else entry.date
            project.interest_income += interest
        if cash > 0:
            if kind == "debt.repay":
                if debt < 0:
                    project.proceeds.append((entry.date, -debt, "principal"))
                    self.principal_recovered += -debt
                if interest < 0:
                    project.proceeds.append((entry.date, -interest, "interest"))
                    self.income_realised += -interest
            else:
                project.proceeds.append(
                    (entry.date, cash, "buyback" if kind == "buyback.settle" else "exit")
                )
        if kind == "investment.writeoff":
            project.written_off += _sum(entry, ENTRUSTED)
            project.written_off_on = entry.date
            for written in project.tranches:
                written.receivable = written.receivable_units = Decimal(0)
        self._carrying += project.carrying - held

    # --- verify -----------------------------------------------------------------------

    def verify(self, book: str, entry: data.Directive) -> list[Violation]:
        if book != "platform":
            return []

        found: list[Violation] = []
        for project in self.overdue_conversions(entry.date):
            found.append(conversion.deadline_passed(self.policy, project, entry.date))
        kind = meta_str(entry, "type")
        if isinstance(entry, data.Price):
            return (
                [*found, *self._verify_mark(entry)] if entry.currency.startswith("EQ-") else found
            )
        if isinstance(entry, data.Custom):
            meta = entry.meta or {}
            if entry.type == PROJECT_DIRECTIVE and entry.values:
                found += _some(
                    conversion.check_new_project(
                        self, str(entry.values[0].value), str(meta.get("entity", ""))
                    )
                )
            elif entry.type == BUYBACK_DIRECTIVE and entry.values:
                code = str(entry.values[0].value)
                agreed = self.projects.get(code)
                if agreed is None:
                    found.append(conversion.unknown_project(code))
                else:
                    found += _some(
                        buyback_schedule.check_tranche(
                            self.policy, agreed, agreed.tranches, tranche_from_custom(entry)
                        )
                    )
            return found
        if not isinstance(entry, data.Transaction):
            return found
        found += _some(agent.check_net_assets(entry))
        if kind not in PROJECT_TYPES:
            return found
        meta = entry.meta or {}
        if kind == "proceeds.remit":
            amount = -_sum(entry, BANK)
            found += _some(holdings.check_cash(self, amount, "proceeds.remit"))
            principal = _num(meta.get("principal")) or Decimal(0)
            found += _some(remit.check_remit(self, principal, amount - principal))
            return found
        code = meta_str(entry, "project") or ""
        known = self.projects.get(code)
        if known is None:
            return [*found, conversion.unknown_project(code)]
        project = known
        e = project.entity
        approved = meta_str(entry, "override_doc_no")
        fair = _sum(entry, fair_value_account(e))
        if kind == "project.disburse":
            found += _some(
                conversion.check_disbursement(
                    project, _sum(entry, pre_account(e)), entry.date, self.available
                )
            )
        elif kind == "project.convert":
            found += _some(conversion.check_convert(project, entry.date))
            found += _some(self._verify_convert_amounts(entry, project))
            discount = _num(meta.get("discount"))
            if discount is not None:
                found += _some(conversion.check_discount(self.policy, project, discount))
            units = _sum(entry, equity_account(e), commodity(e))
            if units > 0:
                # To debt after the deadline is the policy's fallback, not a late conversion.
                found += _some(
                    conversion.check_deadline(self.policy, project, entry.date, approved)
                )
                found += _some(
                    conversion.check_stake(
                        self.policy, project, units, _num(meta.get("total_units")), approved
                    )
                )
                round_price = _num(meta.get("round_price"))
                cost = -_sum(entry, pre_account(e))
                found += _some(
                    fair_value.check_day_one(self.policy, project, units, cost, round_price, fair)
                )
        elif kind == "equity.mark":
            price = _num(meta.get("price"))
            if price is not None:
                found += _some(fair_value.check_mark(self.policy, project, price, fair))
        elif kind == "buyback.due":
            number = int(_num(meta.get("tranche")) or 0)
            tranche = project.tranche(number)
            if tranche is None:
                return [*found, holdings.unknown_tranche(project, number)]
            booked = _sum(entry, buyback_account(project.obligor or ""))
            found += _some(
                buyback_price.check_due(self.policy, project, tranche, entry.date, booked)
            )
            sold = -_sum(entry, equity_account(e), commodity(e))
            if sold:
                found += _some(holdings.check_units(project, tranche, sold))
                found += _some(fair_value.check_release(self.policy, project, sold, fair))
        elif kind in ("buyback.settle", "equity.exit"):
            found += self._verify_sale(entry, kind, project)
        elif kind == "debt.accrue":
            through = meta.get("through", entry.date)
            through = through if isinstance(through, date) else entry.date
            booked = _sum(entry, interest_account(e))
            found += _some(
                debt.check_accrue(project, through)
                or debt.check_interest(project, booked)
                or debt.check_accrual(self.policy, project, through, booked)
            )
        elif kind == "debt.repay":
            principal = -_sum(entry, debt_account(e))
            found += _some(
                holdings.check_repay(project, principal, -_sum(entry, interest_account(e)))
            )
            found += _some(debt.check_accrued_to(project, entry.date, principal))
        elif kind == "investment.writeoff":
            # The loss of the money put in: the liability written off, less the fair-value
            # changes (which were never money put in).
            written = _sum(entry, ENTRUSTED)
            found += _some(tolerance.check_whole(project, written))
            lost = written + fair
            found += _some(tolerance.check_tolerance(self.policy, project, lost))
            sold = -_sum(entry, equity_account(e), commodity(e))
            if sold > 0:
                found += _some(fair_value.check_release(self.policy, project, sold, fair))
        return found

    def _verify_sale(self, entry: data.Transaction, kind: str, project: Project) -> list[Violation]:

        meta = entry.meta or {}
        e = project.entity
        found: list[Violation] = []
        sold = -_sum(entry, equity_account(e), commodity(e))
        received = _sum(entry, BANK)
        tranche = None
        if kind == "buyback.settle":
            number = int(_num(meta.get("tranche")) or 0)
            tranche = project.tranche(number)
            if tranche is None:
                return [holdings.unknown_tranche(project, number)]
            if tranche.receivable_units > 0:
                sold = _num(meta.get("units")) or tranche.receivable_units
                found += _some(holdings.check_receivable_units(project, tranche, sold))
            elif sold == 0:
                # Beancount could not book the units (more than the lots hold) and says so
                # itself ("Not enough lots to reduce"); the entry reaches us without them.
                return found
            else:
                found += _some(holdings.check_units(project, tranche, sold))
                if not found:
                    found += _some(
                        fair_value.check_release(
                            self.policy, project, sold, _sum(entry, fair_value_account(e))
                        )
                    )
            if found:
                return found
            due = buyback_price.price_due(self.policy, project, tranche, entry.date, sold)
            found += _some(
                buyback_price.check_received(
                    project,
                    tranche,
                    received,
                    due,
                    _num(meta.get("concession")),
                    meta_str(entry, "concession_doc_no"),
                    _num(meta.get("late_interest")),
                )
            )
            return found
        if sold == 0:
            return found
        found += _some(holdings.check_units(project, None, sold))
        if not found:
            found += _some(
                fair_value.check_release(
                    self.policy, project, sold, _sum(entry, fair_value_account(e))
                )
            )
            found += _some(
                state_asset.check_sale_price(
                    self.policy, project, sold, received, meta_str(entry, "override_doc_no")
                )
            )
        return found

    # --- today ------------------------------------------------------------------------

    def finish(self, book: str, today: date) -> list[Violation]:
        """Warnings about the book as it stands today: overdue buyback tranches and debt."""
        if book != "platform":
            return []

        found: list[Violation] = []
        for project in self.projects.values():
            if project.written_off_on is not None:
                continue
            for tranche in project.tranches:
                found += _some(buyback_price.overdue(self.policy, project, tranche, today))
            found += _some(debt.overdue(self.policy, project, today))
        return found

    def _verify_mark(self, entry: data.Price) -> list[Violation]:
        """A mark (``price EQ-<E>``) needs a stake held in equity and a price the fair-value
        rule accepts (as `equity.mark`)."""

        entity = entry.currency.removeprefix("EQ-")
        code = self.by_entity.get(entity)
        if code is None:
            return [conversion.unknown_project(entity)]
        project = self.projects[code]
        held = _some(holdings.check_units(project, None, Decimal(1)))
        price = entry.amount.number
        if held or price is None:
            return held
        return _some(fair_value.check_price(self.policy, project, price))

    def _verify_convert_amounts(
        self, entry: data.Transaction, project: Project
    ) -> Violation | None:
        """A conversion converts all the funds disbursed, into positive units or into debt
        maturing after it (as `project.convert`)."""

        e = project.entity
        converted = -_sum(entry, pre_account(e))
        debt_principal = _sum(entry, debt_account(e))
        units = _sum(entry, equity_account(e), commodity(e))
        maturity = (entry.meta or {}).get("maturity")
        return conversion.check_convert_amounts(
            project,
            converted,
            debt_principal if debt_principal > 0 else None,
            units,
            maturity if isinstance(maturity, date) else None,
            entry.date,
        )


def _some(violation: Violation | None) -> list[Violation]:
    return [] if violation is None else [violation]


def tranche_from_custom(entry: data.Custom) -> Tranche:
    """A tranche as the ``custom "jcg-buyback"`` directive records it."""
    meta = entry.meta or {}
    number = entry.values[1].value if len(entry.values) > 1 else meta.get("tranche", 0)
    return Tranche(
        number=int(number),
        due=meta.get("due", entry.date),
        units=_num(meta.get("units")) or Decimal(0),
        method=str(meta.get("method", "")),
        fraction=_num(meta.get("fraction")),
        rate=_num(meta.get("rate")),
        price=_num(meta.get("price")),
        concession=_num(meta.get("concession")),
        agreed=entry.date,
    )

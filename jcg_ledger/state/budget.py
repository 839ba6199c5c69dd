"""State of the city's budget: the special-fund cash, the appropriation lines and their use.

The city keeps 财务会计 and 预算会计 side by side (政府会计制度, 平行记账): every transaction of
the city book that moves ``Assets:Bank:SpecialFund`` also carries its budgetary twin, postings
under ``Equity:Budget:`` that balance on their own (docs/accounting.md)::

    2025-04-01 * "补贴拨付"
      Liabilities:Payable:Subsidy                               100000.00 CNY  ; 2303
      Assets:Bank:SpecialFund                                  -100000.00 CNY  ; 1002
      Equity:Budget:Expenditure:Administrative:PlatformMunicipal 100000.00 CNY ; 7101
      Equity:Budget:FundBalance                                -100000.00 CNY  ; 8001

This part reads the entries by their postings (a transaction typed in by hand is read like one
``jcg post`` wrote):

- **cash**: the running balance of ``Assets:Bank:SpecialFund``;
- **appropriated**: credits to ``Equity:Budget:Income:Appropriation:<Dept>``, by line — the
  year (metadata ``year``, else the date's) and the ``measure`` named, else the department;
- **charged**: debits (and current-year recoveries, credits) to
  ``Equity:Budget:Expenditure:*``, each charged to the line of its measure for the year of its
  date (`rules.appropriation_line.resolve`).

`verify` runs `rules.budget_twin`, `rules.cash` and `rules.appropriation_line` against the state
before the entry: the same functions the renderers call (`render.budgetary`).
"""

from __future__ import annotations

from decimal import Decimal
from typing import TypeVar

from beancount.core import data

from jcg_ledger.policy import Policy
from jcg_ledger.rules import appropriation_line, budget_twin, cash
from jcg_ledger.state.base import Part, Violation, meta_str

ZERO = Decimal(0)
BOOK = "city"

BANK = "Assets:Bank:SpecialFund"
BUDGET = "Equity:Budget:"
FUND_BALANCE = "Equity:Budget:FundBalance"
APPROPRIATION = "Equity:Budget:Income:Appropriation:"
INVESTMENT_RETURN = "Equity:Budget:Income:InvestmentReturn"
EXPENDITURE = "Equity:Budget:Expenditure:"
ADMINISTRATIVE = "Equity:Budget:Expenditure:Administrative:"
INVESTMENT = "Equity:Budget:Expenditure:Investment:"
CARRYOVER = "Equity:Budget:Carryover"
SURPLUS = "Equity:Budget:Surplus"
OTHER_SURPLUS = "Equity:Budget:OtherSurplus"

# The investment measures and their 投资支出 accounts.
INVESTMENT_ACCOUNTS = {"conversion-project": "Platform", "vc-fund": "Fund"}

K = TypeVar("K")
Line = tuple[int, str]
"""An appropriation line: (budget year, measure code or department code)."""


def expenditure_account(policy: Policy, measure: str) -> str:
    """The budgetary expenditure account a payment of ``measure`` is charged to."""
    if measure in INVESTMENT_ACCOUNTS:
        return INVESTMENT + INVESTMENT_ACCOUNTS[measure]
    return ADMINISTRATIVE + policy.subsidy(measure).account


def measure_of(policy: Policy, account: str) -> str | None:
    """The measure of a budgetary expenditure account (None for an account of no measure)."""
    if account.startswith(INVESTMENT):
        suffix = account[len(INVESTMENT) :]
        return next((m for m, a in INVESTMENT_ACCOUNTS.items() if a == suffix), None)
    if account.startswith(ADMINISTRATIVE):
        suffix = account[len(ADMINISTRATIVE) :]
        return next((m.code for m in policy.subsidy_measures if m.account == suffix), None)
    return None


def _number(posting: data.Posting) -> Decimal:
    if posting.units is None or posting.units.number is None:
        return ZERO
    number: Decimal = posting.units.number
    return number


def _add(totals: dict[K, Decimal], key: K, amount: Decimal) -> None:
    totals[key] = totals.get(key, ZERO) + amount


def bank_movement(entry: data.Transaction) -> Decimal:
    """What the transaction adds to (positive) or takes from the special-fund account."""
    return sum((_number(p) for p in entry.postings if p.account == BANK), ZERO)


class BudgetState(Part):
    """Cash, appropriations and what each line has been charged, folded from the city book."""

    def __init__(self, policy: Policy) -> None:
        self.policy = policy
        self.cash = ZERO
        # Plain dicts (the state is pickled into the snapshot; a defaultdict's lambda is not).
        self.appropriated: dict[Line, Decimal] = {}
        self.charged: dict[Line, Decimal] = {}
        # Net expenditure of each (year, account), and of each (year, approval) for subsidies:
        # what a recovery in the same year may credit back (the rest is a prior-year one).
        self.expended: dict[tuple[int, str], Decimal] = {}
        self.paid_for: dict[tuple[int, str], Decimal] = {}
        # The policy's look-ups, once: every transaction of the city book reads them.
        self._measures: dict[str, str | None] = {}  # expenditure account -> `measure_of`
        self._departments = {m.code: m.department for m in policy.measures}

    # --- reading entries ----------------------------------------------------------------

    def department_of(self, measure: str) -> str:
        department = self._departments.get(measure)
        # An unknown measure: the policy's own refusal (`PolicyLookupError`).
        return self.policy.measure(measure).department if department is None else department

    def measure_of(self, account: str) -> str | None:
        """`measure_of` the policy, remembered by account."""
        if account not in self._measures:
            self._measures[account] = measure_of(self.policy, account)
        return self._measures[account]

    def line_for(self, year: int, measure: str) -> Line:
        return appropriation_line.resolve(
            self.appropriated, year, measure, self.department_of(measure)
        )

    def appropriation_line(self, entry: data.Transaction) -> Line | None:
        """The line a credit to ``Equity:Budget:Income:Appropriation:*`` funds."""
        raw = (entry.meta or {}).get("year")
        year = int(Decimal(str(raw))) if raw is not None else entry.date.year
        measure = meta_str(entry, "measure")
        if measure:
            return (year, measure)
        department = meta_str(entry, "department")
        if department:
            return (year, department)
        for posting in entry.postings:
            if posting.account.startswith(APPROPRIATION):
                suffix = posting.account[len(APPROPRIATION) :]
                for dept in self.policy.departments:
                    if dept.account == suffix:
                        return (year, dept.code)
        return None

    def charges(self, entry: data.Transaction) -> dict[Line, Decimal] | Violation:
        """The amount the entry charges to each line (negative: a current-year recovery)."""
        found: dict[Line, Decimal] = {}
        for posting in entry.postings:
            if not posting.account.startswith(EXPENDITURE):
                continue
            measure = self.measure_of(posting.account)
            if measure is None:
                return Violation(
                    "budget-account",
                    f"预算支出科目 {posting.account} 无对应措施 / no measure for budgetary "
                    f"expenditure account {posting.account}",
                )
            _add(found, self.line_for(entry.date.year, measure), _number(posting))
        return found

    # --- Part -----------------------------------------------------------------------------

    def fold(self, book: str, entry: data.Directive) -> None:
        if book != BOOK or not isinstance(entry, data.Transaction):
            return
        self.cash += bank_movement(entry)
        year = entry.date.year
        approval = meta_str(entry, "approval")
        charges = self.charges(entry)
        for posting in entry.postings:
            number = _number(posting)
            if posting.account.startswith(APPROPRIATION):
                line = self.appropriation_line(entry)
                if line is not None:
                    _add(self.appropriated, line, -number)
            elif posting.account.startswith(EXPENDITURE):
                _add(self.expended, (year, posting.account), number)
                if approval:
                    _add(self.paid_for, (year, approval), number)
        if isinstance(charges, dict):
            for line, amount in charges.items():
                _add(self.charged, line, amount)

    def verify(self, book: str, entry: data.Directive) -> list[Violation]:
        if book != BOOK or not isinstance(entry, data.Transaction):
            return []
        found = budget_twin.check(entry)
        moved = bank_movement(entry)
        if moved < 0:
            broken = cash.check_cash(self.cash, -moved, meta_str(entry, "type") or "支出 outflow")
            if broken is not None:
                found.append(broken)
        charges = self.charges(entry)
        if isinstance(charges, Violation):
            return [*found, charges]
        for line, amount in charges.items():
            if amount > 0:
                broken = appropriation_line.check_line(
                    line, self.appropriated.get(line, ZERO), self.charged.get(line, ZERO), amount
                )
                if broken is not None:
                    found.append(broken)
        return found

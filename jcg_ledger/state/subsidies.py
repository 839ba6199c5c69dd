"""State of the subsidies: awards, payments and clawbacks, folded from the city book.

The entries are read by their postings, not by who wrote them, so a transaction typed in by
hand is folded and verified like one ``jcg post`` wrote:

- an **award** debits ``Expenses:Subsidy:<Measure>`` (credit ``Liabilities:Payable:Subsidy``);
  its metadata carries ``entity``, ``subject`` and the basis fields (`rules.award.BASIS_FIELDS`);
- a **payment** debits ``Liabilities:Payable:Subsidy`` against the bank, naming ``approval``;
- a **clawback** credits the measure's expense (an award of the same year: the expense is
  reduced) or ``Equity:PriorYear`` (an award of an earlier year: 以前年度盈余调整), naming
  ``approval``; books written before this rule credit ``Income:Clawback``, read the same way;
- a **refund** (the recipient pays back) credits ``Assets:Receivable:Clawback`` against the
  bank, naming ``approval``.

`verify` runs the rules of `jcg_ledger.rules` (through `rules.award.assess`) against the state
before the entry — the same functions the renderer calls.
"""

from __future__ import annotations

from decimal import Decimal

from beancount.core import data

from jcg_ledger.policy import Policy
from jcg_ledger.rules import entitlement as entitlement_rule
from jcg_ledger.rules import payments
from jcg_ledger.rules.award import Assessment, Award, AwardFact, Refused, assess
from jcg_ledger.state.base import Part, Violation, meta_str
from jcg_ledger.state.core import CoreState

ZERO = Decimal(0)

EXPENSE_PREFIX = "Expenses:Subsidy:"
PAYABLE = "Liabilities:Payable:Subsidy"
BANK = "Assets:Bank:SpecialFund"
RECEIVABLE = "Assets:Receivable:Clawback"
CLAWBACK_INCOME = "Income:Clawback"
PRIOR_YEAR = "Equity:PriorYear"


def clawed(entry: data.Transaction) -> Decimal:
    """What a clawback recovers: its credits to the expense, prior-year surplus or income."""
    return -(
        _sum(entry, EXPENSE_PREFIX, -1)
        + _sum(entry, PRIOR_YEAR, -1)
        + _sum(entry, CLAWBACK_INCOME, -1)
    )


def _sum(entry: data.Transaction, account: str, sign: int) -> Decimal:
    """Sum of the postings to ``account`` (or under it, for a prefix) with the given sign."""
    total = ZERO
    for posting in entry.postings:
        if posting.units is None or posting.units.number is None:
            continue
        match = (
            posting.account.startswith(account)
            if account.endswith(":")
            else posting.account == account
        )
        number: Decimal = posting.units.number
        if match and (number > 0 if sign > 0 else number < 0):
            total += number
    return total


class SubsidyState(Part):
    """Awards by approval id, with what was paid and clawed back, and the registry they need."""

    def __init__(self, policy: Policy, core: CoreState | None = None) -> None:
        self.policy = policy
        # The registry (entities, persons) the rules read: the whole state's `CoreState`,
        # folded by its owner; standing alone (the subsidies report) this part keeps its own.
        self._owns_core = core is None
        self.core = CoreState() if core is None else core
        self.awards: dict[str, Award] = {}
        # Indexes so a rule reads only the awards that can bear on a new one (same entity,
        # subject or person), not every award in the books.
        self._by_key: dict[tuple[str, str], list[str]] = {}
        self._seq: dict[str, int] = {}
        # What each approval's recipient has paid back of its clawback receivable.
        self.refunded: dict[str, Decimal] = {}
        self._accounts = {f"{EXPENSE_PREFIX}{m.account}": m.code for m in policy.subsidy_measures}

    # --- reading entries ----------------------------------------------------------------

    def _award_fact(self, entry: data.Transaction) -> tuple[AwardFact | Violation, Decimal]:
        amount = _sum(entry, EXPENSE_PREFIX, +1)
        accounts = {
            p.account
            for p in entry.postings
            if p.account.startswith(EXPENSE_PREFIX)
            and p.units is not None
            and (p.units.number or ZERO) > 0
        }
        codes = {self._accounts.get(a) for a in accounts}
        named = meta_str(entry, "measure")
        if None in codes or len(codes) != 1 or (named is not None and named not in codes):
            return (
                Violation(
                    "measure-account",
                    f"补贴科目与措施不符 {sorted(accounts)} measure={named!r} / the subsidy "
                    "account must be the one of the measure named",
                ),
                amount,
            )
        measure = next(iter(codes))
        assert measure is not None
        return AwardFact.from_meta(dict(entry.meta or {}), entry.date, measure, amount), amount

    @staticmethod
    def kind(entry: data.Directive) -> str | None:
        """``award``, ``pay``, ``clawback``, ``refund`` or None for entries this part ignores.

        In that order of precedence: a debit to a subsidy expense is an award; else, naming an
        approval, what `clawed` recovers, a debit to the payable, a credit to the receivable.
        One pass over the postings (every entry of every book is asked, twice when verified).
        """
        if not isinstance(entry, data.Transaction):
            return None
        expensed = recovered = payable = refunded = ZERO
        for posting in entry.postings:
            if posting.units is None or posting.units.number is None:
                continue
            number: Decimal = posting.units.number
            account = posting.account
            if account.startswith(EXPENSE_PREFIX):
                if number > 0:
                    expensed += number
                else:
                    recovered -= number
            elif account in (PRIOR_YEAR, CLAWBACK_INCOME):
                if number < 0:
                    recovered -= number
            elif account == PAYABLE:
                if number > 0:
                    payable += number
            elif account == RECEIVABLE and number < 0:
                refunded += number
        if expensed > 0:
            return "award"
        if not (recovered > 0 or payable > 0 or refunded < 0) or not meta_str(entry, "approval"):
            return None
        if recovered > 0:
            return "clawback"
        return "pay" if payable > 0 else "refund"

    def receivable(self, award: Award) -> Decimal:
        """What the recipient still owes of the award's clawbacks."""
        return award.recovered_paid - self.refunded.get(award.fact.event, ZERO)

    @staticmethod
    def _keys(fact: AwardFact) -> set[tuple[str, str]]:
        # Person-scoped rules match a person code against the person or, if none, the subject.
        return {
            ("entity", fact.entity),
            ("subject", fact.subject),
            ("who", fact.person or fact.subject),
            ("who", fact.subject),
        }

    def relevant(self, fact: AwardFact) -> list[Award]:
        """The awards sharing the entity, the subject or the person of ``fact``, in book order."""
        ids: dict[str, None] = {}
        for key in self._keys(fact):
            for event in self._by_key.get(key, ()):
                ids[event] = None
        return [self.awards[e] for e in sorted(ids, key=self._seq.__getitem__)]

    # --- Part -----------------------------------------------------------------------------

    def fold(self, book: str, entry: data.Directive) -> None:
        if self._owns_core:
            self.core.fold(book, entry)
        kind = self.kind(entry)
        if kind is None:
            return
        assert isinstance(entry, data.Transaction)
        if kind == "award":
            fact, amount = self._award_fact(entry)
            if isinstance(fact, Violation):
                return
            if fact.event not in self._seq:
                self._seq[fact.event] = len(self._seq)
                for key in self._keys(fact):
                    self._by_key.setdefault(key, []).append(fact.event)
            self.awards[fact.event] = Award(
                fact=fact,
                amount=amount,
                entitlement=self._entitlement(entry, fact, amount),
                department=self.policy.subsidy(fact.measure).department,
            )
            return
        award = self.awards.get(meta_str(entry, "approval") or "")
        if award is None:
            return
        if kind == "pay":
            award.paid += _sum(entry, PAYABLE, +1)
        elif kind == "refund":
            event = award.fact.event
            self.refunded[event] = self.refunded.get(event, ZERO) - _sum(entry, RECEIVABLE, -1)
        else:
            award.cancelled += _sum(entry, PAYABLE, +1)
            award.recovered_paid += _sum(entry, RECEIVABLE, +1)
            award.clawbacks.append(meta_str(entry, "event") or "?")

    def _entitlement(self, entry: data.Transaction, fact: AwardFact, amount: Decimal) -> Decimal:
        # The entitlement counts for 就高不重复; recompute it rather than trust the metadata.
        measure = self.policy.subsidy(fact.measure)
        person = self.core.persons.get(fact.person) if fact.person else None
        computed = entitlement_rule.entitlement(self.policy, measure, person, fact)
        return amount if isinstance(computed, Refused) else computed

    def verify(self, book: str, entry: data.Directive) -> list[Violation]:
        kind = self.kind(entry)
        if kind is None:
            return []
        assert isinstance(entry, data.Transaction)
        if kind == "award":
            fact, amount = self._award_fact(entry)
            if isinstance(fact, Violation):
                return [fact]
            outcome = assess(self.policy, self.core, self.relevant(fact), fact)
            if not isinstance(outcome, Assessment):
                return [outcome.violation]
            refused = outcome.check_amount(amount)
            return [] if refused is None else [refused.violation]
        found = payments.find_approval(self.awards, meta_str(entry, "approval"))
        if isinstance(found, Violation):
            return [found]
        early = payments.check_after_approval(found, entry.date)
        if early is not None:
            return [early]
        if kind == "pay":
            broken = payments.check_pay(found, _sum(entry, PAYABLE, +1))
        elif kind == "refund":
            broken = payments.check_refund(
                found, self.receivable(found), -_sum(entry, RECEIVABLE, -1)
            )
        else:
            broken = payments.check_clawback(found, clawed(entry))
        return [] if broken is None else [broken]

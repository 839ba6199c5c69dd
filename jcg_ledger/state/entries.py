"""Rules on single entries that need only the policy and the registry: the plugin's side of
the checks `render/*.py` makes before the state of the money matters.

Each entry is recognised by what it books or declares (never only by its ``type``), so an
entry typed in by hand is judged like one `jcg post` wrote:

- a transaction crediting ``Income:Appropriation:<Dept>`` is an appropriation
  (`rules/appropriation.py`: ``window``, ``unknown-measure``, ``unknown-department``);
- one debiting ``Assets:Entrusted:Platform`` (city) or crediting ``Liabilities:Entrusted:City``
  into the platform's bank (platform) entrusts money: ``window``;
- ``custom "jcg-project"``: ``window``, the entity ``eligibility`` (city book: the registry is
  there), the agreed ``conversion`` discount;
- ``custom "jcg-commitment"``: ``window``; in the city book the investor's ``eligibility``;
- a transaction debiting ``Expenses:FundReward``: ``window``.

Rules whose facts sit in another book — the registry (city) for the platform's projects and
buybacks and the fund's commitments and investments — are `verify_cross`, which only `jcg
check`'s cross-book pass (`jcg_ledger/crossbook.py`) calls: the plugin sees one book.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from beancount.core import data

from jcg_ledger.policy import Policy
from jcg_ledger.rules import conversion, doc_no
from jcg_ledger.rules.appropriation import INCOME_PREFIX, Appropriation, check_appropriation
from jcg_ledger.rules.eligibility import check_admitted, check_registered
from jcg_ledger.rules.window import check_window
from jcg_ledger.state.base import Part, Violation, meta_str
from jcg_ledger.state.core import CoreState
from jcg_ledger.state.fund import COMMITMENT_DIRECTIVE, PORTFOLIO, REWARD_EXPENSE
from jcg_ledger.state.projects import (
    BANK as PLATFORM_BANK,
)
from jcg_ledger.state.projects import (
    BUYBACK_DIRECTIVE,
    CITY_ENTRUSTED,
    PROJECT_DIRECTIVE,
    Project,
)
from jcg_ledger.state.projects import (
    ENTRUSTED as PLATFORM_ENTRUSTED,
)


def _units(entry: data.Transaction, account: str, sign: int, prefix: bool = False) -> Decimal:
    total = Decimal(0)
    for posting in entry.postings:
        hit = posting.account.startswith(account) if prefix else posting.account == account
        number = posting.units.number if posting.units is not None else None
        if hit and isinstance(number, Decimal) and number * sign > 0:
            total += number
    return total


def _some(*found: Violation | None) -> list[Violation]:
    return [v for v in found if v is not None]


class EntryRules(Part):
    """Verifies; folds nothing (the facts it reads are the registry's, folded by `CoreState`)."""

    def __init__(self, policy: Policy, core: CoreState) -> None:
        self.policy = policy
        self.core = core

    def verify(self, book: str, entry: data.Directive) -> list[Violation]:
        evidence = _some(doc_no.check_entry(self.policy, entry))
        if isinstance(entry, data.Custom) and entry.values:
            return evidence + self._verify_custom(book, entry)
        if isinstance(entry, data.Transaction):
            return evidence + self._verify_transaction(book, entry)
        return evidence

    def _window(self, on: date, what: str) -> Violation | None:
        found = check_window(self.policy, on, what)
        return None if found is None else found.at("date")

    def _verify_custom(self, book: str, entry: data.Custom) -> list[Violation]:
        meta = entry.meta or {}
        code = str(entry.values[0].value)
        if entry.type == PROJECT_DIRECTIVE:
            found = [self._window(entry.date, "项目立项")]
            if book == "city":
                found.append(self._admitted(str(meta.get("entity", "")), entry.date))
            discount = meta.get("discount")
            if isinstance(discount, Decimal):
                probe = Project(code, str(meta.get("entity", "")), Decimal(0), entry.date)
                found.append(conversion.check_discount(self.policy, probe, discount))
            return _some(*found)
        if entry.type == COMMITMENT_DIRECTIVE:
            found = [self._window(entry.date, "基金认缴")]
            if book == "city":
                found.append(self._registered(code, "investor"))
            return _some(*found)
        return []

    def _verify_transaction(self, book: str, entry: data.Transaction) -> list[Violation]:
        if book == "city":
            income = [p for p in entry.postings if p.account.startswith(INCOME_PREFIX)]
            if income:
                year = meta_str(entry, "year")
                fact = Appropriation(
                    entry.date,
                    int(Decimal(year)) if year and year.replace(".", "").isdigit() else None,
                    meta_str(entry, "measure"),
                    account=income[0].account[len(INCOME_PREFIX) :],
                )
                return _some(check_appropriation(self.policy, fact))
            if _units(entry, CITY_ENTRUSTED, +1) > 0:
                return _some(self._window(entry.date, "委托资金拨付"))
            if _units(entry, REWARD_EXPENSE, +1) > 0:
                return _some(self._window(entry.date, "社会资本投资奖励"))
        elif (
            book == "platform"
            and _units(entry, PLATFORM_ENTRUSTED, -1) < 0
            and _units(entry, PLATFORM_BANK, +1) > 0
        ):
            return _some(self._window(entry.date, "委托资金拨付"))
        return []

    # --- the registry, read from the city book ------------------------------------------

    def _admitted(self, entity: str, on: date) -> Violation | None:
        found = check_admitted(self.core, entity, on)
        return None if found is None else found.at("entity")

    def _registered(self, code: str, field: str) -> Violation | None:
        found = check_registered(self.core, code)
        return None if found is None else found.at(field)

    def verify_cross(self, book: str, entry: data.Directive) -> list[Violation]:
        """The registry's rules on the platform's and the fund's entries (the registry must
        have been folded: `jcg check`'s cross-book pass folds the city book first)."""
        meta = entry.meta or {}
        if isinstance(entry, data.Custom) and entry.values:
            if book == "platform" and entry.type == PROJECT_DIRECTIVE:
                return _some(self._admitted(str(meta.get("entity", "")), entry.date))
            if book == "platform" and entry.type == BUYBACK_DIRECTIVE:
                return _some(self._registered(str(meta.get("obligor", "")), "obligor"))
            if book == "fund" and entry.type == COMMITMENT_DIRECTIVE:
                return _some(self._registered(str(entry.values[0].value), "investor"))
        elif isinstance(entry, data.Transaction) and book == "fund":
            entities = {
                p.account[len(PORTFOLIO) :]
                for p in entry.postings
                if p.account.startswith(PORTFOLIO)
                and p.units is not None
                and isinstance(p.units.number, Decimal)
                and p.units.number > 0
            }
            return _some(*(self._admitted(e, entry.date) for e in sorted(entities)))
        return []

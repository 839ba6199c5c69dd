"""The state of the three books, folded from their entries; see `base` for why a fold."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from beancount.core import data

from jcg_ledger.policy import Policy
from jcg_ledger.state.base import Part, Violation
from jcg_ledger.state.budget import BudgetState
from jcg_ledger.state.core import CoreState
from jcg_ledger.state.entries import EntryRules
from jcg_ledger.state.fund import FundState
from jcg_ledger.state.projects import ProjectState
from jcg_ledger.state.subsidies import SubsidyState


class State:
    def __init__(self, policy: Policy) -> None:
        self.policy = policy
        self.core = CoreState()
        self.subsidies = SubsidyState(policy, self.core)
        self.projects = ProjectState(policy)
        self.fund = FundState(policy)
        self.entries = EntryRules(policy, self.core)
        self.budget = BudgetState(policy)

    @property
    def parts(self) -> tuple[Part, ...]:
        return (self.core, self.subsidies, self.projects, self.fund, self.entries, self.budget)

    def fold(self, book: str, entry: data.Directive) -> None:
        for part in self.parts:
            part.fold(book, entry)

    def fold_all(self, book: str, entries: Iterable[data.Directive]) -> None:
        for entry in entries:
            self.fold(book, entry)

    def verify(self, book: str, entry: data.Directive) -> list[Violation]:
        found: list[Violation] = []
        for part in self.parts:
            found.extend(part.verify(book, entry))
        return found

    def finish(self, book: str, today: date) -> list[Violation]:
        """What the book shows once folded whole, as of ``today`` (the plugin's last step)."""
        found: list[Violation] = []
        for part in self.parts:
            found.extend(part.finish(book, today))
        return found


__all__ = ["State", "Violation"]

"""`jcg check`'s cross-book pass: the rules whose facts sit in another book.

The plugin sees one book. The registry is in the city book, yet the platform's projects and
buybacks and the fund's commitments and investments name registered entities; a fund reward
is booked in the city book, yet what it rewards is in the fund's. So `jcg check` folds the
three books into one state, as the write path does (the city book first: its registry is
complete before the platform's and the fund's entries are verified), and asks, entry by
entry before folding it:

- `state.entries.verify_cross` — the registry's rules (``eligibility``) on the platform's
  ``jcg-project`` and ``jcg-buyback`` and the fund's ``jcg-commitment`` and investments;
- an entry naming an event already folded with other content (``duplicate-id``);

and once every book is folded, each fund reward of the city book against the fund book
(``fund-investor``, ``fund-reward-government``, ``fund-reward``: invested in, and the basis
recorded is the fund's on that day). The rule functions are those `render/*.py` call.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from beancount.core import data

from jcg_ledger.policy import Policy
from jcg_ledger.rules import fund_capital, fund_reward
from jcg_ledger.state import State
from jcg_ledger.state.base import Violation, meta_str
from jcg_ledger.state.fund import REWARD_EXPENSE, reward_basis_of


@dataclass(frozen=True)
class Found:
    """A violation and where: the book and the entry's place (file, line)."""

    book: str
    filename: str
    lineno: int
    violation: Violation


@dataclass(frozen=True)
class _Reward:
    on: date
    basis: fund_reward.RewardBasis
    place: tuple[str, int]


@dataclass
class CrossBookPass:
    """A state-like fold target for `books.sweep.sweep`: verifies, then folds each entry."""

    policy: Policy
    state: State = field(init=False)
    found: list[Found] = field(default_factory=list)
    _rewards: list[_Reward] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.state = State(self.policy)

    def fold_all(self, book: str, entries: list[data.Directive]) -> None:
        for entry in entries:
            for violation in self._verify(book, entry):
                self._add(book, entry.meta, violation)
            # Only the parts these rules read: the registry and events, and the fund.
            self.state.core.fold(book, entry)
            self.state.fund.fold(book, entry)

    def _add(self, book: str, meta: dict[str, object] | None, violation: Violation) -> None:
        meta = meta or {}
        line = meta.get("lineno", 0)
        self.found.append(
            Found(
                book, str(meta.get("filename", "")), line if isinstance(line, int) else 0, violation
            )
        )

    def _verify(self, book: str, entry: data.Directive) -> list[Violation]:
        found = self.state.entries.verify_cross(book, entry)
        event_id, digest = meta_str(entry, "event"), meta_str(entry, "digest")
        known = self.state.core.events.get(event_id) if event_id else None
        if known and digest and known != digest:
            found.append(
                Violation(
                    "duplicate-id",
                    f"事件编号 {event_id} 已用于不同内容 id already posted with other content",
                    field="id",
                )
            )
        if (
            book == "city"
            and isinstance(entry, data.Transaction)
            and any(p.account == REWARD_EXPENSE for p in entry.postings)
        ):
            basis = reward_basis_of(entry)
            if basis is not None:
                meta = entry.meta or {}
                line = meta.get("lineno", 0)
                place = (str(meta.get("filename", "")), line if isinstance(line, int) else 0)
                self._rewards.append(_Reward(entry.date, basis, place))
        return found

    def finish(self) -> list[Found]:
        """The fund rewards against the fund book, now that every book is folded."""
        fund = self.state.fund
        for reward in self._rewards:
            basis = reward.basis
            commitment = fund.commitments.get(basis.investor)
            holding = fund.holdings.get(basis.entity)
            invested = holding.invested_on(reward.on) if holding is not None else Decimal(0)
            checks = [
                fund_capital.check_investor(commitment is not None, basis.investor),
                fund_reward.check_not_government(
                    basis.investor, commitment.investor_class if commitment else None
                ),
                fund_reward.check_invested(basis.entity, invested),
            ]
            violation = next((v for v in checks if v is not None), None)
            if violation is None:
                actual = fund.reward_basis(basis.investor, basis.entity, reward.on)
                violation = fund_reward.check_basis(basis, actual)
            if violation is not None:
                filename, line = reward.place
                self.found.append(Found("city", filename, line, violation))
        self._rewards.clear()
        return self.found

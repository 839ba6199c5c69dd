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

Last, one company's standing in the platform book against the fund book
(``crossbook-standing``, a warning): a company the platform has written off while the fund
still carries it above cost (marked up), or the reverse, is a contradiction auditors must see
— both books value the same company — yet each book may be right on its own date, so it never
fails the check. The facts come from the policy plugin's state at the end of each book
(`LoadedBook.plugin_state`, handed to `CrossBookPass.read`): the platform's projects (written
off; units held with the latest mark above their cost) and the fund's holdings (written off
and nothing left; marked above cost).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from beancount.core import data

from jcg_ledger.books.load import LoadedBook
from jcg_ledger.policy import Policy
from jcg_ledger.rules import fund_capital, fund_reward
from jcg_ledger.state import State
from jcg_ledger.state.base import Violation, meta_str
from jcg_ledger.state.fund import REWARD_EXPENSE, reward_basis_of
from jcg_ledger.violation import warning

STANDING = "crossbook-standing"


@dataclass(frozen=True)
class Found:
    """A violation and where: the book and the entry's place (file, line; no file when it is
    about the books, not an entry)."""

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
    _standings: dict[str, Standing] = field(default_factory=dict)

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

    def read(self, loaded: LoadedBook) -> None:
        """What the platform and fund books say of each company, from the policy plugin's
        state at the end of the book (`books.sweep.sweep`'s reader)."""
        if loaded.plugin_state is None:
            return
        if loaded.book == "platform":
            self._standings["platform"] = platform_standing(loaded.plugin_state)
        elif loaded.book == "fund":
            self._standings["fund"] = fund_standing(loaded.plugin_state)

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
        if "platform" in self._standings and "fund" in self._standings:
            for violation in contradictions(self._standings["platform"], self._standings["fund"]):
                self.found.append(Found("fund", "", 0, violation))
        self._standings.clear()
        return self.found


@dataclass
class Standing:
    """The companies one book has written off, and those it carries above cost."""

    written_off: set[str] = field(default_factory=set)
    marked_up: set[str] = field(default_factory=set)


def platform_standing(state: Any) -> Standing:
    """From the platform book's state (`ProjectState` as ``state.projects``)."""
    out = Standing()
    for project in state.projects.projects.values():
        if project.written_off_on is not None:
            out.written_off.add(project.entity)
        elif (
            project.units_held > 0
            and project.marks
            and project.marks[-1][1] * project.units_held > project.cost_held
        ):
            out.marked_up.add(project.entity)
    return out


def fund_standing(state: Any) -> Standing:
    """From the fund book's state (`FundState` as ``state.fund``)."""
    out = Standing()
    for entity, holding in state.fund.holdings.items():
        if holding.written_off > 0 and holding.units <= 0:
            out.written_off.add(entity)
        elif holding.price is not None and holding.units > 0 and holding.value > holding.cost:
            out.marked_up.add(entity)
    return out


def contradictions(platform: Standing, fund: Standing) -> list[Violation]:
    """A warning per company written off in one book and marked up in the other."""
    found = [
        warning(
            STANDING,
            f"{entity} 在平台账套已核销,基金账套仍按高于成本估值 "
            f"written off in the platform book, marked above cost in the fund book",
        )
        for entity in sorted(platform.written_off & fund.marked_up)
    ]
    found += [
        warning(
            STANDING,
            f"{entity} 在基金账套已核销,平台账套仍按高于成本估值 "
            f"written off in the fund book, marked above cost in the platform book",
        )
        for entity in sorted(fund.written_off & platform.marked_up)
    ]
    return found

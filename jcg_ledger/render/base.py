"""Rendering events into Beancount entries: the context renderers work in.

A renderer takes one validated event and the state of the books, applies the rules (raising
`Refusal` with the field and the rule) and returns the entries to add, each placed in a book.
Every entry carries the event's id, type and digest, and the domain metadata that makes each
report a BQL query (`entry_meta('measure')`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, Generic, TypeVar

from beancount.core import amount as bc_amount
from beancount.core import data
from beancount.core.position import Cost, CostSpec
from beancount.parser.grammar import ValueType

from jcg_ledger import evidence
from jcg_ledger.events.base import Event
from jcg_ledger.policy import Policy
from jcg_ledger.state import State
from jcg_ledger.violation import CarriesViolation, Violation

CURRENCY = "CNY"
SOURCE = "<jcg>"


class Refusal(CarriesViolation, Exception):
    """An event the policy or the books' state refuses: raised with the `Violation`."""

    def __init__(self, field: str, rule: str, message: str) -> None:
        self.violation = Violation(rule, message, field)
        super().__init__(message)

    @classmethod
    def of(cls, field: str, violation: Violation) -> Refusal:
        refusal = cls(field, violation.rule, violation.message)
        refusal.violation = violation.at(field)
        return refusal


def require(field: str, violation: Violation | None) -> None:
    """Refuse on a violation (the write path's side of a shared rule)."""
    if violation is not None:
        raise Refusal.of(field, violation)


@dataclass(frozen=True)
class Placed:
    book: str
    entry: data.Directive
    #: The file a ``document`` entry links to, written into the book's documents folder.
    attachment: evidence.Attachment | None = None


@dataclass
class Posting:
    account: str
    units: Decimal
    currency: str = CURRENCY
    cost: Cost | CostSpec | None = None
    price: Decimal | None = None
    meta: dict[str, Any] | None = None


@dataclass
class Context:
    state: State
    event: Event
    placed: list[Placed] = field(default_factory=list)

    @property
    def policy(self) -> Policy:
        return self.state.policy

    def meta(self, **extra: Any) -> dict[str, Any]:
        meta: dict[str, Any] = {"filename": SOURCE, "lineno": 0}
        meta["event"] = self.event.id
        meta["type"] = self.event.type
        meta["digest"] = self.event.digest()
        for key, value in extra.items():
            if value is None:
                continue
            value = value.value if hasattr(value, "value") else value
            # Beancount metadata has no integer type: numbers are Decimal.
            meta[key] = (
                Decimal(value) if isinstance(value, int) and not isinstance(value, bool) else value
            )
        return meta

    def evidence(self, meta: dict[str, Any]) -> dict[str, Any]:
        """`meta` with the event's document number and bank reference, when it has them."""
        if self.event.doc_no is not None:
            meta["doc_no"] = self.event.doc_no  # 文号: the decision or list it comes from
        if self.event.bank_ref is not None:
            meta["bank_ref"] = self.event.bank_ref  # 银行流水号
        return meta

    def open_account(
        self,
        book: str,
        account: str,
        name_zh: str,
        currencies: Sequence[str] | None = (CURRENCY,),
        booking: data.Booking | None = None,
        **extra: Any,
    ) -> None:
        """Open an account unless it already is, dated no later than the policy's start.

        Dynamic accounts (one per investee) open at the effective date, or at the event date
        if earlier, so an event dated before the one that opened them still finds them open.
        """
        if self.state.core.is_open(book, account):
            return
        if any(
            isinstance(p.entry, data.Open) and p.book == book and p.entry.account == account
            for p in self.placed
        ):
            return
        on = min(self.event.date, self.policy.policy.effective_date)
        meta = self.meta(name_zh=name_zh, **extra)
        entry = data.Open(meta, on, account, list(currencies or []), booking)
        self.placed.append(Placed(book, entry))

    def transaction(
        self,
        book: str,
        narration: str,
        postings: Sequence[Posting],
        *,
        payee: str | None = None,
        on: date | None = None,
        links: Sequence[str] = (),
        tags: Sequence[str] = (),
        flag: str = "*",
        **extra: Any,
    ) -> data.Transaction:
        memo = self.event.memo
        text = f"{narration} — {memo}" if memo else narration
        meta = self.evidence(self.meta(**extra))
        entry = data.Transaction(
            meta,
            on or self.event.date,
            flag,
            payee,
            text,
            frozenset(tags),
            frozenset({self.event.id, *links}),
            [
                data.Posting(
                    p.account,
                    bc_amount.Amount(p.units, p.currency),
                    p.cost,
                    bc_amount.Amount(p.price, CURRENCY) if p.price is not None else None,
                    None,
                    p.meta,
                )
                for p in postings
            ],
        )
        self.placed.append(Placed(book, entry))
        self._attach(book, entry)
        return entry

    def _attach(self, book: str, entry: data.Transaction) -> None:
        """The event's attached files, once per book, beside its first transaction there."""
        if not self.event.attachments or not entry.postings:
            return
        if any(p.book == book and isinstance(p.entry, data.Document) for p in self.placed):
            return
        for path in self.event.attachments:
            found = evidence.attachment(path)
            document = data.Document(
                self.meta(),
                entry.date,
                entry.postings[0].account,
                evidence.document_path(found.name),
                frozenset(),
                frozenset({self.event.id}),
            )
            self.placed.append(Placed(book, document, found))

    def custom(self, book: str, directive: str, values: Sequence[Any], **extra: Any) -> None:
        """A ``custom`` directive; pass `ValueType(name, account.TYPE)` for an account value."""
        typed = [v if isinstance(v, ValueType) else ValueType(v, type(v)) for v in values]
        self.placed.append(
            Placed(
                book,
                data.Custom(self.evidence(self.meta(**extra)), self.event.date, directive, typed),
            )
        )

    def price(self, book: str, commodity: str, price: Decimal, **extra: Any) -> None:
        amount = bc_amount.Amount(price, CURRENCY)
        self.placed.append(
            Placed(book, data.Price(self.meta(**extra), self.event.date, commodity, amount))
        )


E = TypeVar("E", bound=Event)


@dataclass(frozen=True)
class Renderer(Generic[E]):
    """How one event type becomes entries, and what it debits and credits (`jcg explain`)."""

    type: str
    render: Callable[[E, Context], None]
    explain_zh: str
    postings: tuple[tuple[str, str, str], ...]  # (book, debit account, credit account)


Registry = dict[str, Renderer[Any]]

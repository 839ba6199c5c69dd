"""Cross-book reconciliation: each inter-book receivable equals the other side's payable.

A flow between two books is posted in both with one link (``^<event id>``). For every mirrored
pair of accounts, the postings a link makes on one side must equal, with opposite sign and on
the same date, those it makes on the other; with every pair posting linked, the balances then
agree at every date. A mismatch names both transactions (file and line).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from beancount.core import data


@dataclass(frozen=True)
class Mirror:
    """Two accounts in two books that must mirror each other (left = −right)."""

    name_zh: str
    left_book: str
    left: str
    right_book: str
    right: str


# The platform is the city's agent: its liability to the city moves with every gain, interest,
# change in value, loss, write-off and remittance, and the city's claim with it (one link).
MIRRORS: tuple[Mirror, ...] = (
    Mirror(
        "委托平台资金 entrusted funds",
        "city",
        "Assets:Entrusted:Platform",
        "platform",
        "Liabilities:Entrusted:City",
    ),
    Mirror(
        "政府基金出资 government capital in the fund",
        "city",
        "Assets:Investment:Fund",
        "fund",
        "Equity:Capital:Government",
    ),
)


@dataclass(frozen=True)
class Difference:
    mirror: str
    link: str
    left: str
    right: str
    message: str


@dataclass(frozen=True)
class Side:
    amount: Decimal
    on: date
    where: str


def _where(entry: data.Transaction) -> str:
    meta = entry.meta or {}
    return f"{meta.get('filename', '?')}:{meta.get('lineno', '?')}"


def under(account: str, prefix: str) -> bool:
    """`account` is `prefix` or one of its subaccounts."""
    return account == prefix or account.startswith(prefix + ":")


def mirrored_accounts(book: str) -> tuple[str, ...]:
    """The account subtrees of `book` that mirror another book's."""
    return tuple(
        prefix
        for mirror in MIRRORS
        for side, prefix in ((mirror.left_book, mirror.left), (mirror.right_book, mirror.right))
        if side == book
    )


def posts_to_mirror(book: str, entry: data.Transaction) -> bool:
    """Whether a transaction of `book` posts to a mirrored account (reconciliation reads it)."""
    prefixes = mirrored_accounts(book)
    return any(under(p.account, prefix) for p in entry.postings for prefix in prefixes)


def link_key(entry: data.Transaction) -> str | None:
    """The link a flow is reconciled by: the first of its links."""
    return min(entry.links) if entry.links else None


def _units(posting: data.Posting) -> Decimal:
    number = posting.units.number if posting.units is not None else None
    return number if isinstance(number, Decimal) else Decimal(0)


def _collect(entries: Sequence[data.Directive], prefix: str) -> dict[str, Side]:
    sides: dict[str, Side] = {}
    unlinked = 0
    for entry in entries:
        if not isinstance(entry, data.Transaction):
            continue
        touching = [p for p in entry.postings if under(p.account, prefix)]
        if not touching:
            continue
        total = sum((_units(p) for p in touching), Decimal(0))
        key = link_key(entry) or f"<unlinked {unlinked}>"
        unlinked += 0 if entry.links else 1
        previous = sides.get(key)
        if previous is not None:
            total += previous.amount
        sides[key] = Side(total, entry.date, _where(entry))
    return sides


def reconcile(books: Mapping[str, Sequence[data.Directive]]) -> list[Difference]:
    differences: list[Difference] = []
    for mirror in MIRRORS:
        if mirror.left_book not in books or mirror.right_book not in books:
            continue
        left = _collect(books[mirror.left_book], mirror.left)
        right = _collect(books[mirror.right_book], mirror.right)
        for link in sorted(set(left) | set(right)):
            lside, rside = left.get(link), right.get(link)
            if lside and rside and lside.amount + rside.amount == 0 and lside.on == rside.on:
                continue
            lwhere = lside.where if lside else f"({mirror.left_book} 无对应分录 missing)"
            rwhere = rside.where if rside else f"({mirror.right_book} 无对应分录 missing)"
            lamount = lside.amount if lside else Decimal(0)
            ramount = -rside.amount if rside else Decimal(0)
            differences.append(
                Difference(
                    mirror.name_zh,
                    link,
                    lwhere,
                    rwhere,
                    f"对账不符 {mirror.name_zh} ^{link}: {mirror.left_book} {mirror.left} {lamount} "
                    f"≠ {mirror.right_book} {mirror.right} {ramount} [{lwhere} ↔ {rwhere}]",
                )
            )
    return differences


def balances_by_date(entries: Sequence[data.Directive], prefix: str) -> list[tuple[date, Decimal]]:
    """Running balance of an account subtree at each date it changes (for reports)."""
    per_day: dict[date, Decimal] = defaultdict(Decimal)
    for entry in entries:
        if isinstance(entry, data.Transaction):
            for p in entry.postings:
                if under(p.account, prefix):
                    per_day[entry.date] += _units(p)
    running = Decimal(0)
    out = []
    for day in sorted(per_day):
        running += per_day[day]
        out.append((day, running))
    return out

"""Rule ``platform-agent`` — the platform is the city's agent (受托代持): no net assets of its own.

The platform's programme books hold the city's money and what it became (受托代理资产) against
one liability to the city (受托代理负债, ``Liabilities:Entrusted:City``). Every gain, interest,
change in fair value, loss and write-off moves that liability, and the city recognises it in
the same event; so the platform book posts nothing to Income, Expenses or Equity that does not
cancel within the same transaction, and their sum is 0 at every date::

    2026-06-01 * "计提利息"
      type: "debt.accrue"
      project: "P2"
      Assets:Receivable:Interest:BETA   19835.62 CNY
      Liabilities:Entrusted:City       -19835.62 CNY    ; right: the city's interest
    2026-06-01 * "计提利息"
      type: "debt.accrue"
      project: "P2"
      Assets:Receivable:Interest:BETA   19835.62 CNY
      Income:Investment:Interest       -19835.62 CNY    ; refused: the platform's own income

A fee the city pays the platform, if any, is the platform's own affair and an explicit event
outside these books (docs/accounting.md).
"""

from __future__ import annotations

from decimal import Decimal

from beancount.core import data

from jcg_ledger.violation import Violation

RULE = "platform-agent"
ROOTS = ("Income", "Expenses", "Equity")


def net_assets_moved(entry: data.Transaction) -> Decimal:
    """What a transaction posts to Income, Expenses and Equity, net."""
    total = Decimal(0)
    for posting in entry.postings:
        if posting.account.split(":", 1)[0] not in ROOTS:
            continue
        number = posting.units.number if posting.units is not None else None
        if isinstance(number, Decimal):
            total += number
    return total


def check_net_assets(entry: data.Transaction) -> Violation | None:
    """A platform transaction leaves Income + Expenses + Equity where it found them."""
    moved = net_assets_moved(entry)
    if moved == 0:
        return None
    accounts = sorted({p.account for p in entry.postings if p.account.split(":", 1)[0] in ROOTS})
    return Violation(
        RULE,
        f"平台为受托代持,不得确认自身损益或净资产:{', '.join(accounts)} 净额 {-moved} 应计入"
        f" Liabilities:Entrusted:City(由市级账套确认)/ the platform is the city's agent: "
        f"{', '.join(accounts)} move its net assets by {-moved}; post it to "
        "Liabilities:Entrusted:City and let the city book recognise it",
    )

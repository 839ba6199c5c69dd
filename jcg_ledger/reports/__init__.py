"""Named reports: `jcg report NAME` and the Fava pages build them the same way."""

from __future__ import annotations

from jcg_ledger.reports import (
    buybacks,
    capital_accounts,
    exits,
    fund,
    reconciliation,
    statements,
    subsidies,
)
from jcg_ledger.reports.base import BooksView, Builder, Column, Report, Table

REPORTS: dict[str, Builder] = {
    "reconciliation": reconciliation.build,
    "fund": fund.build,
    "capital-accounts": capital_accounts.build,
    "buybacks": buybacks.build,
    "exits": exits.build,
    "subsidies": subsidies.build,
    "statements": statements.build,
}

__all__ = ["REPORTS", "BooksView", "Builder", "Column", "Report", "Table"]

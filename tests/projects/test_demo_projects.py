"""The demo's projects chapter posts cleanly and shows every state."""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from beancount import loader
from beancount.core import data

from jcg_ledger.books.init import init_ledger
from jcg_ledger.books.layout import Ledger
from jcg_ledger.check import check
from jcg_ledger.close import close_period
from jcg_ledger.demo import post_raw, projects, registry
from jcg_ledger.reports import REPORTS, BooksView


def test_projects_chapter(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JCG_TODAY", "2026-11-28")
    ledger = init_ledger(tmp_path / "ledger")
    rng = random.Random(1)
    for chapter in (registry.events, registry.budgets, projects.events):
        # Later years' appropriations would be dated after this test's today.
        post_raw(ledger, [e for e in chapter(rng) if e["date"] <= "2026-11-28"])
    closed = close_period(ledger, "2026-10", today=date(2026, 11, 28))
    # The close books P-PHOTON's tranche 3 (due 2026-09-30) as a receivable and accrues
    # P-MAGNET's interest to 2026-10-31.
    assert closed.posted == [
        "close-2026-10-interest-P-MAGNET",
        "close-2026-10-due-P-PHOTON-3",
    ]
    result = check(ledger)
    assert result.ok, result.as_dict()
    # The one warning: tranche 3, 2026-09-30 → 2026-11-28 = 59 days overdue.
    (warning,) = result.warnings["platform"]
    assert "[buyback-overdue] 提示 warning" in warning and "59 days overdue" in warning
    assert not result.warnings["city"] and not result.warnings["fund"]
    view = BooksView.load(ledger)
    as_of = date(2026, 11, 28)
    statuses = {
        r["project"]: r["status"] for r in REPORTS["exits"](view, as_of).table("projects").rows
    }
    assert statuses == {
        "P-BIOMED": "exited",
        "P-COALTECH": "equity",
        "P-HYDRO": "funded",
        "P-MAGNET": "debt",
        "P-PHOTON": "equity",
        "P-SMARTMFG": "written-off",
    }
    rows = REPORTS["buybacks"](view, as_of).table("tranches").rows
    photon = [r for r in rows if r["project"] == "P-PHOTON"]
    # T3: 2,400,000 due 2026-09-30, unpaid: 2026-09-30 → 2026-11-28 = 59 days → 31–90 bucket.
    assert photon[2]["days_overdue"] == 59 and photon[2]["age_31_90"] == 2_400_000
    assert "35" in photon[1]["status"]  # settled 35 days late
    platform, city = balances(ledger, "platform"), balances(ledger, "city")
    # 受托代持: the platform has no net assets; the city's claim is its liability.
    assert not any(a.split(":")[0] in ("Income", "Expenses", "Equity") for a in platform)
    assert city["Assets:Entrusted:Platform"] == -platform["Liabilities:Entrusted:City"]
    # Tranche 3 at principal: 120,000 units × 20.00 = 2,400,000 receivable from the team.
    assert platform["Assets:Receivable:Buyback:JC-TEAM-A"] == Decimal("2400000.00")
    # P-MAGNET: 2,000,000 at 4% from 2026-06-01 to 2026-10-31 = 152 days:
    # 80,000 × 152/365 = 33,315.068… → 33,315.07 receivable. The city's interest income:
    # 79,780.82 + 33,315.07, and P-PHOTON tranche 2's late interest 8,849.32 = 121,945.21.
    assert platform["Assets:Receivable:Interest:JC-MAGNET"] == Decimal("33315.07")
    assert city["Income:Investment:Interest"] == Decimal("-121945.21")
    # The write-off of P-SMARTMFG is the city's loss.
    assert city["Expenses:WriteOff"] == Decimal("2000000.00")


def balances(ledger: Ledger, book: str) -> dict[str, Decimal]:
    """CNY balance of every account of a book (units of stakes left out)."""
    entries, _, _ = loader.load_file(str(ledger.main(book)))
    out: dict[str, Decimal] = defaultdict(Decimal)
    for entry in entries:
        if isinstance(entry, data.Transaction):
            for posting in entry.postings:
                if posting.units.currency == "CNY":
                    out[posting.account] += posting.units.number
    return {a: n for a, n in out.items() if n}

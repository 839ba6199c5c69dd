"""The demo's projects chapter posts cleanly and shows every state."""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path

from jcg_ledger.books.init import init_ledger
from jcg_ledger.check import check
from jcg_ledger.demo import post_raw, projects, registry
from jcg_ledger.reports import REPORTS, BooksView


def test_projects_chapter(tmp_path: Path) -> None:
    ledger = init_ledger(tmp_path / "ledger")
    rng = random.Random(1)
    for chapter in (registry.events, registry.budgets, projects.events):
        post_raw(ledger, chapter(rng))
    result = check(ledger)
    assert result.ok, result.as_dict()
    assert not any(result.warnings.values()), result.warnings
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

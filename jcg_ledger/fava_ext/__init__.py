"""The Fava extension of jcg-ledger (pages for auditors)."""

from __future__ import annotations

from fava.ext import FavaExtensionBase


class JcgLedger(FavaExtensionBase):
    """晋创谷·晋城 pages."""

    report_title = None

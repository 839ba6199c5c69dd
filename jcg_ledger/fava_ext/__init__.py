"""The Fava extension of jcg-ledger: the programme's pages for auditors.

Each book's `main.beancount` declares ``custom "fava-extension" "jcg_ledger.fava_ext"``;
Fava registers every extension class this module exposes, one sidebar page each.
"""

from __future__ import annotations

from jcg_ledger.fava_ext.history import JcgAudit
from jcg_ledger.fava_ext.life import JcgProject
from jcg_ledger.fava_ext.pages import JcgFund, JcgHoldings, JcgReconciliation, JcgSubsidies

__all__ = ["JcgAudit", "JcgFund", "JcgHoldings", "JcgProject", "JcgReconciliation", "JcgSubsidies"]

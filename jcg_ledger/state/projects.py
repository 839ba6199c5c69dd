"""State of the projects: folded from the books' entries (see `jcg_ledger.state.base`)."""

from __future__ import annotations

from jcg_ledger.policy import Policy
from jcg_ledger.state.base import Part


class ProjectState(Part):
    def __init__(self, policy: Policy) -> None:
        self.policy = policy

"""Every event type's renderer, gathered from the family modules."""

from __future__ import annotations

from jcg_ledger.render import budget, fund, project, registry, subsidy
from jcg_ledger.render.base import Context, Placed, Refusal, Registry, Renderer

RENDERERS: Registry = {
    **registry.REGISTRY,
    **budget.REGISTRY,
    **subsidy.REGISTRY,
    **project.REGISTRY,
    **fund.REGISTRY,
}

__all__ = ["RENDERERS", "Context", "Placed", "Refusal", "Renderer"]

"""subsidy events rendered into entries (see `jcg_ledger.render.base`)."""

from __future__ import annotations

from jcg_ledger.render.base import Registry

REGISTRY: Registry = {}

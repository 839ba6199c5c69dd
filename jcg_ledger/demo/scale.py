"""Extra demo events for benchmarks (`jcg demo --scale N`)."""

from __future__ import annotations

import random
from collections.abc import Iterator
from typing import Any


def scaled_batches(
    rng: random.Random, scale: int, batch: int = 2000
) -> Iterator[list[dict[str, Any]]]:
    """N more events, in batches: entities registered and entrusted funds moved."""
    events: list[dict[str, Any]] = []
    for n in range(scale):
        if n % 2 == 0:
            events.append(
                {
                    "id": f"s-reg-{n}",
                    "type": "entity.register",
                    "date": "2025-04-01",
                    "entity": f"S{n:08d}",
                    "name": f"规模测试企业{n}",
                    "kind": "company",
                    "admitted": "2025-04-01",
                }
            )
        else:
            events.append(
                {
                    "id": f"s-fund-{n}",
                    "type": "project.fund",
                    "date": "2025-05-01",
                    "amount": str(rng.randint(1, 100) * 1000),
                }
            )
        if len(events) == batch:
            yield events
            events = []
    if events:
        yield events

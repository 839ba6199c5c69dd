"""Demo chapter: fund."""

from __future__ import annotations

import random
from typing import Any


def events(rng: random.Random) -> list[dict[str, Any]]:
    return []

"""Today, for the rules that read it: ``JCG_TODAY`` (YYYY-MM-DD) if set, else the clock.

Demos and tests set ``JCG_TODAY`` so what they show does not depend on the day they run
(e.g. how many days a buyback tranche is overdue in `jcg check`).
"""

from __future__ import annotations

import os
from datetime import date

ENV = "JCG_TODAY"


def today() -> date:
    """``JCG_TODAY`` when set (a `ValueError` names it if malformed), else the system date."""
    raw = os.environ.get(ENV, "").strip()
    if not raw:
        return date.today()
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise ValueError(f"{ENV} 须为 YYYY-MM-DD / {ENV} must be YYYY-MM-DD: {raw!r}") from None

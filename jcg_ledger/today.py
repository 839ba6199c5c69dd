"""Today, for every rule and default that needs it: ``JCG_TODAY`` (``YYYY-MM-DD``) or the clock.

An event dated after today is refused (`rules/future_date.py`), `jcg close` closes only ended
periods, and reports default to as of today. Demos and tests live on their own timeline, so
``JCG_TODAY`` overrides the clock::

    JCG_TODAY=2029-12-31 jcg --ledger demo check

A malformed value is a usage error of the command line (exit 2). Where nobody can be told —
the policy plugin run by `bean-check` or Fava — a malformed value falls back to the clock
(``strict=False``). `fixed` sets today for a block of code in this process (`jcg demo`).
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

TODAY_ENV = "JCG_TODAY"
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_FIXED: list[date] = []


class TodayError(ValueError):
    """``JCG_TODAY`` is set but is not a date ``YYYY-MM-DD``."""


def parse_today(raw: str) -> date:
    """The date ``raw`` names, or `TodayError`."""
    if _ISO_DATE.fullmatch(raw):
        try:
            return date.fromisoformat(raw)
        except ValueError:
            pass
    raise TodayError(f"{TODAY_ENV} 须为日期 YYYY-MM-DD must be a date YYYY-MM-DD, not {raw[:40]!r}")


@functools.lru_cache(maxsize=16)
def _parsed(raw: str) -> date:
    return parse_today(raw)


def today(*, strict: bool = True) -> date:
    """Today: the innermost `fixed` date, else ``JCG_TODAY``, else the clock's date.

    Cheap enough to call per entry (the plugin's rule does): the variable is parsed once.
    """
    if _FIXED:
        return _FIXED[-1]
    raw = os.environ.get(TODAY_ENV)
    if raw:
        try:
            return _parsed(raw)
        except TodayError:
            if strict:
                raise
    return date.today()


@contextmanager
def fixed(day: date) -> Iterator[None]:
    """Today is ``day`` inside the block, whatever ``JCG_TODAY`` or the clock say."""
    _FIXED.append(day)
    try:
        yield
    finally:
        _FIXED.pop()

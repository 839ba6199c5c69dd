"""Fixtures for every test (tests/ and the rule tests beside the rules in jcg_ledger/).

Today is fixed: no test depends on the date it runs on. ``JCG_TODAY`` is late enough for every
event the tests post (the latest is dated 2031-03-01); a test that needs another today sets it
itself (``monkeypatch.setenv``). The demo books fix their own today (`jcg_ledger.demo`).
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

TEST_TODAY = "2031-12-31"


@pytest.fixture(autouse=True, scope="session")
def _fixed_today() -> Iterator[None]:
    """``JCG_TODAY`` for the whole session, subprocesses included (they inherit it)."""
    previous = os.environ.get("JCG_TODAY")
    os.environ["JCG_TODAY"] = TEST_TODAY
    yield
    if previous is None:
        os.environ.pop("JCG_TODAY", None)
    else:
        os.environ["JCG_TODAY"] = previous

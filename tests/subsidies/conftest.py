"""The subsidy scenario books, built once per module."""

from __future__ import annotations

from pathlib import Path

import pytest

from jcg_ledger.books.init import init_ledger
from jcg_ledger.books.layout import Ledger
from tests.conftest import post_raw
from tests.subsidies.scenario import all_events


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory) -> Ledger:
    ledger = init_ledger(Path(tmp_path_factory.mktemp("subsidies")) / "ledger")
    post_raw(ledger, all_events())
    return ledger

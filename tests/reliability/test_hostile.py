"""Hostile input: every field of every event, raw JSON/CSV, amounts, dates, Unicode tricks.

Three layers: (1) a fixed corpus through the command line (exit 1, a message, no traceback,
books byte-identical); (2) a check that *every* field of *every* event model refuses Beancount
syntax injected into it; (3) property tests (hypothesis) over raw bytes, JSON values, amounts
and text, whose invariant is "refused with our error, or accepted and harmless".
"""

from __future__ import annotations

import contextlib
import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from beancount.core import data
from beancount.parser import parser, printer
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from jcg_ledger.books.layout import Ledger
from jcg_ledger.events import MODELS, EventError, parse_event, type_name
from jcg_ledger.identifiers import find_personal_data, mixed_script, unsafe_character
from jcg_ledger.inputs import InputError, read_events
from jcg_ledger.money import MoneyError, parse_money
from tests.reliability.harness import REPO, books_bytes, env
from tests.reliability.hostile import NASTY_TEXT, corpus, run_corpus

INJECTION = '"\n2025-01-01 open Assets:X CNY\n'


def test_corpus_is_refused_cleanly(ledger: Ledger, tmp_path: Path) -> None:
    figures = run_corpus(ledger, tmp_path)
    assert figures.failures == []
    assert figures.refused == figures.tried == len(corpus())


@pytest.mark.parametrize("model", MODELS, ids=type_name)
def test_every_field_of_every_event_refuses_injection(model: Any) -> None:
    """The Beancount line injected into any field is refused *at that field*."""
    etype = type_name(model)
    for name, info in model.model_fields.items():
        if name == "type":
            continue
        key = info.alias or name
        raw = {"id": "ev-1", "type": etype, "date": "2025-02-03", key: INJECTION}
        with pytest.raises(ValidationError) as caught:
            model.model_validate(raw)
        locs = {str(e["loc"][0]) for e in caught.value.errors()}
        assert key in locs, f"{etype}.{key} accepted {INJECTION!r}"


@pytest.mark.parametrize("text", NASTY_TEXT)
def test_text_fields_refuse_each_nasty_string(text: str) -> None:
    for model in MODELS:
        for name, info in model.model_fields.items():
            funcs = {getattr(m, "func", None).__name__ for m in info.metadata if hasattr(m, "func")}
            if "_text" not in funcs:
                continue
            raw = {"id": "ev-1", "type": type_name(model), "date": "2025-02-03", name: text}
            with pytest.raises(ValidationError) as caught:
                model.model_validate(raw)
            assert name in {str(e["loc"][0]) for e in caught.value.errors()}


def test_refusals_through_the_real_command_line(tmp_path: Path, ledger: Ledger) -> None:
    """A few corpus items through `jcg post` as a process: exit 1, no traceback on stderr."""
    before = books_bytes(ledger)
    for name, content in [
        ("deep.json", b"[" * 100_000),
        (
            "inj.json",
            json.dumps(
                {
                    "id": "a",
                    "type": "entity.register",
                    "date": "2025-02-03",
                    "entity": "ACME",
                    "kind": "company",
                    "name": INJECTION,
                }
            ).encode(),
        ),
        ("huge.json", b'{"id":"a","type":"project.fund","date":"2025-02-03","amount":1e400}'),
    ]:
        path = tmp_path / name
        path.write_bytes(content)
        run = subprocess.run(
            [
                sys.executable,
                "-m",
                "jcg_ledger.cli",
                "--ledger",
                str(ledger.root),
                "post",
                str(path),
            ],
            cwd=REPO,
            env=env(),
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert run.returncode == 1, (name, run.stderr)
        assert "Traceback" not in run.stdout + run.stderr
        assert "nothing was written" in run.stderr
    assert books_bytes(ledger) == before


# --- properties ------------------------------------------------------------------------------

FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(st.binary(max_size=2000))
def test_any_bytes_are_events_or_a_clean_refusal(blob: bytes) -> None:
    for source in ("in.json", "in.csv"):
        with contextlib.suppress(InputError, EventError):
            read_events(blob, source)


_json = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.text(max_size=30)
    | st.decimals(allow_nan=False, allow_infinity=False).map(str),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=20,
)
_types = st.sampled_from([type_name(m) for m in MODELS])
_keys = st.sampled_from(sorted({k for m in MODELS for k in m.model_fields} | {"class", "id"}))


@FAST
@given(_types, st.dictionaries(_keys, _json, max_size=8))
def test_any_json_object_parses_or_is_refused_with_event_error(
    etype: str, fields: dict[str, Any]
) -> None:
    raw = {"id": "ev-1", "type": etype, "date": "2025-02-03", **fields}
    try:
        event = parse_event(raw)
    except EventError as exc:
        assert exc.message and exc.field
        return
    # Accepted: every string it holds is safe to print into a Beancount file.
    for value in event.model_dump(mode="json").values():
        if isinstance(value, str):
            assert unsafe_character(value) is None
            assert find_personal_data(value) is None


@FAST
@given(
    st.one_of(
        st.floats(allow_nan=True, allow_infinity=True),
        st.decimals(allow_nan=True, allow_infinity=True),
        st.integers(min_value=-(10**30), max_value=10**30),
        st.text(max_size=30),
        st.booleans(),
        st.none(),
    )
)
def test_amounts_are_positive_cents_or_refused(value: Any) -> None:
    try:
        amount = parse_money(value)
    except MoneyError:
        return
    assert isinstance(amount, Decimal) and amount.is_finite()
    assert Decimal(0) < amount < Decimal(10) ** 15
    assert amount == amount.quantize(Decimal("0.01"))


@FAST
@given(st.text(min_size=1, max_size=250))
def test_accepted_text_round_trips_through_a_beancount_file(text: str) -> None:
    """Whatever a name accepts prints and parses back to itself: no injection is possible."""
    raw = {
        "id": "ev-1",
        "type": "entity.register",
        "date": "2025-02-03",
        "entity": "ACME",
        "kind": "company",
        "name": text,
    }
    try:
        event = parse_event(raw)
    except EventError:
        return
    name = event.name  # type: ignore[attr-defined]
    assert mixed_script(name) is None
    meta = data.new_metadata("<t>", 0, {"name": name})
    entry = data.Custom(meta, event.date, "jcg-entity", [])
    entries, errors, _ = parser.parse_string(printer.format_entry(entry))
    assert not errors
    assert len(entries) == 1 and entries[0].meta["name"] == name

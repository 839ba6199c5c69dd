"""The audit log read from its end (a post's path) says what reading it whole says."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from jcg_ledger.audit import chain

NAMES = ["city/journal/2029.beancount", "platform/journal/2029.beancount", "policy.toml", "x"]
digests = st.text(alphabet="0123456789abcdef", min_size=1, max_size=4)
records = st.lists(
    st.tuples(
        st.dictionaries(st.sampled_from(NAMES), digests, max_size=3),  # files
        st.dictionaries(st.sampled_from(NAMES), digests, max_size=3),  # baseline
        st.sampled_from(["\n", "\n\n", "\n  \n"]),  # blank lines between records are allowed
    ),
    max_size=12,
)


def log_of(items: list[tuple[dict[str, str], dict[str, str], str]]) -> str:
    text = ""
    for seq, (files, baseline, gap) in enumerate(items, start=1):
        record: dict[str, object] = {"seq": seq, "hash": f"h{seq}", "files": files}
        if baseline:
            record["baseline"] = baseline
        text += json.dumps(record) + gap
    return text


@settings(max_examples=200, deadline=None)
@given(items=records, names=st.sets(st.sampled_from(NAMES)))
def test_reading_from_the_end_equals_reading_whole(
    items: list[tuple[dict[str, str], dict[str, str], str]], names: set[str]
) -> None:
    text = log_of(items)
    whole = chain.recorded(text)
    assert chain.latest_for(text, names) == {n: whole[n] for n in names if n in whole}
    lines = [line for line in text.splitlines() if line.strip()]
    expected = (len(items), f"h{len(items)}") if lines else (0, chain.GENESIS)
    assert chain.last_hash(text) == expected

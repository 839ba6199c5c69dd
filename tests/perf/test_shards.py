"""`cache/shards.py`: a sharded mapping behaves as the dict it stands for, and reads little."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from jcg_ledger.cache import shards


@dataclass
class Holder:
    table: Any = field(default_factory=dict)
    other: list[int] = field(default_factory=list)


class Store:
    """Blobs by SHA-256, counting reads."""

    def __init__(self) -> None:
        self.blobs: dict[str, bytes] = {}
        self.reads = 0

    def add(self, content: bytes) -> str:
        digest = hashlib.sha256(content).hexdigest()
        self.blobs[digest] = content
        return digest

    def read(self, digest: str) -> bytes:
        self.reads += 1
        return self.blobs[digest]


def roundtrip(holder: Holder, store: Store, *, local: bool = False) -> tuple[Holder, shards.Sink]:
    """Store the holder's table in shards and pickle the rest, as `cache/records.py` does."""
    import pickle

    sink = shards.Sink(store.add)
    content = pickle.dumps(Holder(shards.store(holder.table, sink, local=local), holder.other))
    restored = pickle.loads(content)
    restored.table = shards.load(restored.table, store.read)
    return restored, sink


keys = st.one_of(st.text(max_size=6), st.tuples(st.sampled_from("ab"), st.text(max_size=3)))
operations = st.lists(
    st.tuples(st.sampled_from(["set", "del", "setdefault", "get"]), keys, st.integers()),
    max_size=60,
)


@settings(max_examples=60, deadline=None)
@given(
    start=st.dictionaries(keys, st.integers(), max_size=40),
    ops=operations,
    local=st.sampled_from([None, 1, 3, 512]),
)
def test_a_restored_mapping_is_the_dict_it_stands_for(
    start: dict[Any, int], ops: list[tuple[str, Any, int]], local: int | None
) -> None:
    """Hash-sharded, or by age (`local`: items per shard), a restored mapping is a dict."""
    store = Store()
    expected = dict(start)
    saved = shards.LOCAL_SIZE
    shards.LOCAL_SIZE = local or saved
    try:
        holder, _ = roundtrip(Holder(dict(start), [1, 2]), store, local=local is not None)
    finally:
        shards.LOCAL_SIZE = saved
    kind = shards.ShardedDict if local is None else shards.LocalDict
    assert type(holder.table) is kind and holder.other == [1, 2]
    for op, key, value in ops:
        if op == "set":
            holder.table[key] = value
            expected[key] = value
        elif op == "del" and key in expected:
            del holder.table[key]
            del expected[key]
        elif op == "setdefault":
            assert holder.table.setdefault(key, value) == expected.setdefault(key, value)
        else:
            assert holder.table.get(key) == expected.get(key)
            assert (key in holder.table) == (key in expected)
    assert len(holder.table) == len(expected)
    # Iterated live, after the changes: the shards read are not read again (that would lose
    # the changes made to them).
    assert list(holder.table.items()) == list(expected.items())
    # Stored again and restored: still the same mapping, in the dict's insertion order.
    again, _ = roundtrip(holder, store, local=local is not None)
    assert type(again.table) is kind
    assert list(again.table.items()) == list(expected.items())
    assert len(again.table) == len(expected)


def test_a_lookup_reads_one_shard_and_a_store_rewrites_only_what_was_read() -> None:
    store = Store()
    table = {f"E{i:05d}": i for i in range(5000)}
    holder, first = roundtrip(Holder(table), store)
    assert store.reads == 0  # nothing read until a key is looked up
    assert holder.table["E00042"] == 42
    assert store.reads == 1 and holder.table.loaded() == 1
    holder.table["E99999"] = -1  # lands in some shard: at most one more read
    assert store.reads <= 2
    written_before = len(store.blobs)
    _, second = roundtrip(holder, store)
    # Every shard the second store names is an old one, except the (at most two) read.
    assert len(second.referenced - first.referenced) <= 2
    assert len(store.blobs) - written_before <= 2


def test_a_mapping_grown_past_its_shards_is_spread_again() -> None:
    store = Store()
    holder, _ = roundtrip(Holder({f"k{i}": i for i in range(10)}), store)
    assert shards.shard_count(10) == 1
    for i in range(10, 5000):
        holder.table[f"k{i}"] = i
    again, sink = roundtrip(holder, store)
    assert shards.shard_count(5000) == 16 and len(sink.referenced) == 16
    assert list(again.table.items()) == [(f"k{i}", i) for i in range(5000)]


def test_shards_by_age_a_month_of_changes_reads_and_rewrites_the_newest_shards() -> None:
    """20,000 awards in 40 shards of 500: paying the newest 300 and adding 300 reads the last
    two shards of values (19,700 … 19,999 lie in shard 39; 20,000 … 20,299 make shard 40), and
    storing again rewrites those two only, naming shards 0 … 38 by their old digests."""
    saved = shards.LOCAL_SIZE
    shards.LOCAL_SIZE = 500
    try:
        store = Store()
        sink = shards.Sink(store.add)
        first = shards.store({f"a-{i}": i for i in range(20_000)}, sink, local=True)
        assert type(first) is shards.LocalStored and len(first.digests) == 40
        table = shards.load(first, store.read)
        assert type(table) is shards.LocalDict and store.reads == 0
        for i in range(19_700, 20_000):
            table[f"a-{i}"] += 1
        for i in range(20_000, 20_300):
            table[f"a-{i}"] = i
        assert table.loaded() == 2  # shard 39 and the new shard 40
        written = len(store.blobs)
        second = shards.store(table, shards.Sink(store.add))
        assert type(second) is shards.LocalStored and len(second.digests) == 41
        assert second.digests[:39] == first.digests[:39]
        assert second.digests[39] != first.digests[39]
        # New blobs: shards 39 and 40 of values, and the index's shards the 600 keys touched.
        index_shards = len(first.index.digests)
        assert len(store.blobs) - written <= 2 + index_shards
        again = shards.load(second, store.read)
        assert again["a-19999"] == 20_000 and again["a-20299"] == 20_299
        assert again["a-0"] == 0 and len(again) == 20_300
        assert list(again)[:2] == ["a-0", "a-1"] and list(again)[-1] == "a-20299"
    finally:
        shards.LOCAL_SIZE = saved

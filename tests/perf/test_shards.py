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


def roundtrip(holder: Holder, store: Store) -> tuple[Holder, shards.Sink]:
    """Store the holder's table in shards and pickle the rest, as `cache/records.py` does."""
    import pickle

    sink = shards.Sink(store.add)
    content = pickle.dumps(Holder(shards.store(holder.table, sink), holder.other))
    restored = pickle.loads(content)
    restored.table = shards.load(restored.table, store.read)
    return restored, sink


keys = st.one_of(st.text(max_size=6), st.tuples(st.sampled_from("ab"), st.text(max_size=3)))
operations = st.lists(
    st.tuples(st.sampled_from(["set", "del", "setdefault", "get"]), keys, st.integers()),
    max_size=60,
)


@settings(max_examples=60, deadline=None)
@given(start=st.dictionaries(keys, st.integers(), max_size=40), ops=operations)
def test_a_restored_mapping_is_the_dict_it_stands_for(
    start: dict[Any, int], ops: list[tuple[str, Any, int]]
) -> None:
    store = Store()
    expected = dict(start)
    holder, _ = roundtrip(Holder(dict(start), [1, 2]), store)
    assert type(holder.table) is shards.ShardedDict and holder.other == [1, 2]
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
    # Stored again and restored: still the same mapping, in the dict's insertion order.
    again, _ = roundtrip(holder, store)
    assert list(again.table.items()) == list(expected.items())


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

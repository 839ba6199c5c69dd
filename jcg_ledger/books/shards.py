"""The big mappings of a stored state, split into shards that load only when read.

A post restores the snapshot's states: the write path's and the plugin's of each book it
touches. Most of what they hold — the registry's entities, the awards and their index, the
projects, the digest of every event posted — a post reads by key, and only a few keys: the
entity it registers, the awards of one entity, one project. Unpickling all of it made a post's
cost grow with the books (half a second at 10^5 events). So when a state is pickled for the
snapshot (`dumps`), each mapping its parts name in ``SHARDED`` — and any `ShardedDict` it
holds — is stored as up to `SHARDS` content-addressed blobs, keys spread by a stable hash;
`loads` gives back a `ShardedDict` that reads a shard the first time one of its keys is looked
up. A post then reads a few shards of a few kilobytes each, however large the books.

For example, a registry of 24,000 entities is 256 blobs of about 94 entities each::

    state = loads(blob, read)             # no entity read yet
    "E0001234" in state.core.entities     # reads one shard of 256

Writing back (`dumps` of a restored state) re-pickles only the shards that were read —
a value read may have been changed in place (an award paid, a project disbursed), so every
shard read counts as changed — and names the others by their old digests.

Iteration (`keys`, `values`, `items`) reads every shard and yields the keys in insertion
order, as a dict does: each item carries its position.
"""

from __future__ import annotations

import io
import pickle
import zlib
from collections.abc import Callable, Iterator, MutableMapping
from typing import Any

SHARDS = 256
Reader = Callable[[str], bytes]  # a blob's content by its digest (checked by the reader)


def shard_of(key: object, count: int) -> int:
    """A hash that is the same in every process (str hashes are salted per process)."""
    return zlib.crc32(repr(key).encode("utf-8")) % count


class Sink:
    """Blobs written while pickling a state: new contents, and every digest referenced."""

    def __init__(self, add: Callable[[bytes], str]) -> None:
        self._add = add
        self.referenced: set[str] = set()

    def add(self, content: bytes) -> str:
        digest = self._add(content)
        self.referenced.add(digest)
        return digest

    def keep(self, digest: str) -> str:
        self.referenced.add(digest)
        return digest


class ShardedDict(MutableMapping[Any, Any]):
    """A mapping restored from a snapshot whose shards load on first use (see module doc)."""

    def __init__(self, digests: tuple[str | None, ...], length: int, next_seq: int, read: Reader):
        self._digests = digests
        self._count = len(digests)  # the shard count it was stored with
        self._shards: list[dict[Any, tuple[int, Any]] | None] = [None] * self._count
        self._len = length
        self._next = next_seq
        self._read = read

    def _shard(self, key: object) -> dict[Any, tuple[int, Any]]:
        index = shard_of(key, self._count)
        shard = self._shards[index]
        return self._shard_at(index) if shard is None else shard

    def __getitem__(self, key: Any) -> Any:
        return self._shard(key)[key][1]

    def get(self, key: Any, default: Any = None) -> Any:
        item = self._shard(key).get(key)
        return default if item is None else item[1]

    def __contains__(self, key: object) -> bool:
        return key in self._shard(key)

    def __setitem__(self, key: Any, value: Any) -> None:
        shard = self._shard(key)
        item = shard.get(key)
        if item is None:
            shard[key] = (self._next, value)
            self._next += 1
            self._len += 1
        else:
            shard[key] = (item[0], value)

    def setdefault(self, key: Any, default: Any = None) -> Any:
        shard = self._shard(key)
        item = shard.get(key)
        if item is not None:
            return item[1]
        shard[key] = (self._next, default)
        self._next += 1
        self._len += 1
        return default

    def __delitem__(self, key: Any) -> None:
        del self._shard(key)[key]
        self._len -= 1

    def __len__(self) -> int:
        return self._len

    def __iter__(self) -> Iterator[Any]:
        items: list[tuple[int, Any]] = []
        for index in range(self._count):
            shard = self._shards[index]
            if shard is None and self._digests[index] is not None:
                shard = self._shard_at(index)
            if shard:
                items.extend((seq, key) for key, (seq, _) in shard.items())
        items.sort(key=lambda item: item[0])
        return iter([key for _, key in items])

    def _shard_at(self, index: int) -> dict[Any, tuple[int, Any]]:
        digest = self._digests[index]
        shard: dict[Any, tuple[int, Any]] = (
            {} if digest is None else pickle.loads(self._read(digest))
        )
        self._shards[index] = shard
        return shard

    def loaded(self) -> int:
        """How many shards have been read (tests, benchmarks)."""
        return sum(1 for s in self._shards if s is not None)

    def pid(self, sink: Sink) -> tuple[Any, ...]:
        digests: list[str | None] = []
        for index in range(self._count):
            shard, digest = self._shards[index], self._digests[index]
            if shard is None:
                digests.append(None if digest is None else sink.keep(digest))
            else:
                digests.append(_store(shard, sink))
        return (tuple(digests), self._len, self._next)


def _store(shard: dict[Any, tuple[int, Any]], sink: Sink) -> str | None:
    if not shard:
        return None
    return sink.add(pickle.dumps(shard, pickle.HIGHEST_PROTOCOL))


def _plain_pid(mapping: dict[Any, Any], sink: Sink) -> tuple[Any, ...]:
    shards: list[dict[Any, tuple[int, Any]]] = [{} for _ in range(SHARDS)]
    for seq, (key, value) in enumerate(mapping.items()):
        shards[shard_of(key, SHARDS)][key] = (seq, value)
    return (tuple(_store(shard, sink) for shard in shards), len(mapping), len(mapping))


def sharded_targets(state: Any) -> list[object]:
    """The mappings a state's parts name in ``SHARDED`` (plain dicts only)."""
    found: list[object] = []
    for part in getattr(state, "parts", ()):
        for name in getattr(type(part), "SHARDED", ()):
            value = getattr(part, name, None)
            if type(value) is dict:
                found.append(value)
    return found


class _Pickler(pickle.Pickler):
    def __init__(self, file: io.BytesIO, sink: Sink, targets: list[object]) -> None:
        super().__init__(file, pickle.HIGHEST_PROTOCOL)
        self.sink = sink
        self.targets = {id(t) for t in targets}
        self.keep_alive = targets
        self.pids: dict[int, tuple[Any, ...]] = {}

    def persistent_id(self, obj: Any) -> Any:
        if isinstance(obj, ShardedDict) or (type(obj) is dict and id(obj) in self.targets):
            pid = self.pids.get(id(obj))
            if pid is None:
                body = (
                    obj.pid(self.sink)
                    if isinstance(obj, ShardedDict)
                    else _plain_pid(obj, self.sink)
                )
                # A serial keeps two mappings apart even when their shards are the same.
                pid = self.pids[id(obj)] = ("sharded", len(self.pids), *body)
            return pid
        return None


class _Unpickler(pickle.Unpickler):
    def __init__(self, file: io.BytesIO, read: Reader) -> None:
        super().__init__(file)
        self.read = read
        self.restored: dict[int, ShardedDict] = {}

    def persistent_load(self, pid: Any) -> Any:
        kind, serial, digests, length, next_seq = pid
        if kind != "sharded":
            raise pickle.UnpicklingError(f"unknown persistent id {kind!r}")
        restored = self.restored.get(serial)
        if restored is None:
            restored = self.restored[serial] = ShardedDict(digests, length, next_seq, self.read)
        return restored


def dumps(obj: Any, sink: Sink, targets: list[object] | None = None) -> bytes:
    """Pickle `obj`, its sharded mappings (and `targets`) as shards written to `sink`."""
    buffer = io.BytesIO()
    _Pickler(buffer, sink, targets if targets is not None else sharded_targets(obj)).dump(obj)
    return buffer.getvalue()


def loads(content: bytes, read: Reader) -> Any:
    return _Unpickler(io.BytesIO(content), read).load()

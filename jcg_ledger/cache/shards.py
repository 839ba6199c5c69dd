"""The big mappings of a stored state, split into shards that load only when read.

A post restores the snapshot's states: the write path's and the plugin's of each book it
touches. Most of what they hold — the registry's entities, the awards and their index, the
projects, the digest of every event posted — a post reads by key, and only a few keys: the
entity it registers, the awards of one entity, one project. Unpickling all of it made a post's
cost grow with the books (half a second at 10^5 events). So each such mapping (which ones:
`cache/records.py`) is stored by `store` as up to `SHARDS` content-addressed blobs
(`shard_count`), keys spread by a stable hash, and its record holds their digests (`Stored`);
`load` turns the digests back into a `ShardedDict`, which reads a shard the first time one of
its keys is looked up. A post then reads a few shards of a few kilobytes each, however large
the books.

For example, a registry of 24,000 entities is 64 blobs of about 375 entities each::

    stored = store(core.entities, sink)          # Stored: 64 digests
    entities = load(stored, read)                # a ShardedDict reading nothing yet
    "E0001234" in entities                       # reads one shard of 64

Storing again (`store` of a `ShardedDict`) re-pickles only the shards that were read —
a value read may have been changed in place (an award paid, a project disbursed), so every
shard read counts as changed — and names the others by their old digests.

Iteration (`keys`, `values`, `items`) reads every shard and yields the keys in insertion
order, as a dict does: each item carries its position.

**Shards by age** (`LocalDict`, ``store(…, local=True)``: the state's mappings). Spread by a
hash, the keys a month of entries adds or changes land in every shard, so a post dated inside
the open period — which folds that month again from its checkpoint (cache/incremental.py) —
read and wrote every shard: its cost grew with the books, not with the open period. A
`LocalDict` keeps its items in shards of `LOCAL_SIZE` consecutive items, in insertion order,
and finds a key's shard through an index (key -> shard number) that is itself a hash-sharded
`ShardedDict` of small integers. New keys go to the last shard; the keys a month touches are,
mostly, the month's own and its recent ones: a refold reads the index's shards (a few bytes a
key) and the few newest shards of values. For example, awards 1 … 20,000 in 40 shards::

    stored = store(awards, sink, local=True)      # LocalStored: an index, 40 digests
    awards = load(stored, read)                   # a LocalDict reading nothing yet
    awards["a-19990"].paid += 100                 # one index shard, value shard 39
    awards["a-20001"] = new                       # one index shard, shard 39 (or a new 40)
"""

from __future__ import annotations

import pickle
import zlib
from collections.abc import Callable, Iterable, Iterator, MutableMapping
from dataclasses import dataclass
from typing import Any

SHARDS = 256  # the most shards a mapping is stored in
PER_SHARD = 512  # items a shard is meant to hold: reading one costs well under a millisecond
LOCAL_SIZE = 512  # items of a `LocalDict` shard (consecutive in insertion order)


def shard_count(items: int) -> int:
    """Shards for a mapping of `items`: a power of two up to `SHARDS`, about `PER_SHARD` each.

    Few files for small books (a batch that touches every key rewrites every shard, and each
    is a file), and a bounded shard for large ones.
    """
    count = 1
    while count < SHARDS and count * PER_SHARD < items:
        count *= 2
    return min(count, SHARDS)


Reader = Callable[[str], bytes]  # a blob's content by its digest (checked by the reader)


def shard_of(key: object, count: int) -> int:
    """A hash that is the same in every process (str hashes are salted per process)."""
    return zlib.crc32(repr(key).encode("utf-8")) % count


def in_order(shards: Iterable[dict[Any, tuple[int, Any]]]) -> Iterator[Any]:
    """The keys of all `shards` in insertion order (each item carries its position)."""
    items = [(seq, key) for shard in shards for key, (seq, _) in shard.items()]
    items.sort(key=lambda item: item[0])
    return iter([key for _, key in items])


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
        return in_order(
            self._shard_at(index) if shard is None else shard
            for index, shard in enumerate(self._shards)
        )

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

    def stored(self, sink: Sink) -> Stored:
        if shard_count(self._len) > 2 * self._count:  # grown well past its shards: spread again
            return _plain({key: self[key] for key in self}, sink)
        digests: list[str | None] = []
        for index in range(self._count):
            shard, digest = self._shards[index], self._digests[index]
            if shard is None:
                digests.append(None if digest is None else sink.keep(digest))
            else:
                digests.append(_store(shard, sink))
        return Stored(tuple(digests), self._len, self._next)


@dataclass(frozen=True)
class Stored:
    """What a pickled holder keeps of a sharded mapping: its shards' digests."""

    digests: tuple[str | None, ...]
    length: int
    next_seq: int


def _store(shard: dict[Any, tuple[int, Any]], sink: Sink) -> str | None:
    if not shard:
        return None
    return sink.add(pickle.dumps(shard, pickle.HIGHEST_PROTOCOL))


def _plain(mapping: dict[Any, Any], sink: Sink) -> Stored:
    count = shard_count(len(mapping))
    shards: list[dict[Any, tuple[int, Any]]] = [{} for _ in range(count)]
    for seq, (key, value) in enumerate(mapping.items()):
        shards[shard_of(key, count)][key] = (seq, value)
    return Stored(tuple(_store(shard, sink) for shard in shards), len(mapping), len(mapping))


_ABSENT = -1  # `LocalDict._found`: the index holds no such key


class LocalDict(MutableMapping[Any, Any]):
    """A mapping restored from a snapshot, its items in shards by insertion order (shards by
    age, see the module doc): a key's shard is found in the index, new keys go last."""

    def __init__(
        self,
        index: MutableMapping[Any, int],
        digests: list[str | None],
        size: int,
        length: int,
        next_seq: int,
        read: Reader,
    ) -> None:
        self._index = index  # key -> number of the shard holding it
        # The index's answers so far, misses too: a refold looks the same keys up again and
        # again, and an index lookup hashes the key's repr. Only this mapping writes the index.
        self._found: dict[Any, int] = {}
        self._digests = digests
        self._size = size  # items per shard it was stored with
        self._shards: list[dict[Any, tuple[int, Any]] | None] = [None] * len(digests)
        self._len = length
        self._next = next_seq
        self._read = read

    def _shard_at(self, number: int) -> dict[Any, tuple[int, Any]]:
        while number >= len(self._digests):  # a new shard at the end
            self._digests.append(None)
            self._shards.append({})
        shard = self._shards[number]
        if shard is None:
            digest = self._digests[number]
            shard = {} if digest is None else pickle.loads(self._read(digest))
            self._shards[number] = shard
        return shard

    def _number(self, key: Any) -> int | None:
        number = self._found.get(key)
        if number is None:
            number = self._index.get(key)
            # A miss is remembered too (`_ABSENT`): a refold asks for a new key, then sets it.
            self._found[key] = _ABSENT if number is None else number
        elif number == _ABSENT:
            return None
        return number

    def __getitem__(self, key: Any) -> Any:
        number = self._number(key)
        if number is None:
            raise KeyError(key)
        return self._shard_at(number)[key][1]

    def get(self, key: Any, default: Any = None) -> Any:
        number = self._number(key)
        return default if number is None else self._shard_at(number)[key][1]

    def __contains__(self, key: object) -> bool:
        return self._number(key) is not None

    def __setitem__(self, key: Any, value: Any) -> None:
        number = self._number(key)
        if number is None:
            number = self._next // self._size
            self._index[key] = self._found[key] = number
            self._shard_at(number)[key] = (self._next, value)
            self._next += 1
            self._len += 1
        else:
            shard = self._shard_at(number)
            shard[key] = (shard[key][0], value)

    def setdefault(self, key: Any, default: Any = None) -> Any:
        number = self._number(key)
        if number is not None:
            return self._shard_at(number)[key][1]
        self[key] = default
        return default

    def __delitem__(self, key: Any) -> None:
        number = self._number(key)
        if number is None:
            raise KeyError(key)
        del self._index[key]
        self._found[key] = _ABSENT
        del self._shard_at(number)[key]
        self._len -= 1

    def __len__(self) -> int:
        return self._len

    def __iter__(self) -> Iterator[Any]:
        return in_order(self._shard_at(number) for number in range(len(self._digests)))

    def loaded(self) -> int:
        """How many shards of values have been read (tests, benchmarks)."""
        return sum(1 for s in self._shards if s is not None)

    def stored(self, sink: Sink) -> LocalStored:
        digests: list[str | None] = []
        for shard, digest in zip(self._shards, self._digests, strict=True):
            if shard is None:
                digests.append(None if digest is None else sink.keep(digest))
            else:
                digests.append(_store(shard, sink))
        index = store(self._index, sink)
        return LocalStored(index, tuple(digests), self._size, self._len, self._next)


@dataclass(frozen=True)
class LocalStored:
    """What a pickled holder keeps of a mapping stored by age: its index (`Stored`) and its
    shards' digests, `size` items each."""

    index: Any  # Stored (a hash-sharded index of key -> shard number)
    digests: tuple[str | None, ...]
    size: int
    length: int
    next_seq: int


def _plain_local(mapping: dict[Any, Any], sink: Sink) -> LocalStored:
    size = LOCAL_SIZE
    shards: list[dict[Any, tuple[int, Any]]] = [{} for _ in range(-(-len(mapping) // size))]
    index: dict[Any, int] = {}
    for seq, (key, value) in enumerate(mapping.items()):
        index[key] = seq // size
        shards[seq // size][key] = (seq, value)
    digests = tuple(_store(shard, sink) for shard in shards)
    return LocalStored(_plain(index, sink), digests, size, len(mapping), len(mapping))


def store(value: Any, sink: Sink, *, local: bool = False) -> Any:
    """A mapping as its shards (`Stored`, or `LocalStored` with ``local``: shards by age; they
    go to `sink`): a restored mapping re-stores only the shards it read, a dict is cut into
    shards; anything else is returned as it is."""
    if type(value) is ShardedDict:
        return value.stored(sink)
    if type(value) is LocalDict:
        return value.stored(sink)
    if type(value) is dict:
        return _plain_local(value, sink) if local else _plain(value, sink)
    return value


def load(stored: Stored | LocalStored, read: Reader) -> ShardedDict | LocalDict:
    """The mapping `store` stored, its shards read with `read` on first use."""
    if type(stored) is LocalStored:
        index = load(stored.index, read)
        digests = list(stored.digests)
        return LocalDict(index, digests, stored.size, stored.length, stored.next_seq, read)
    assert type(stored) is Stored
    return ShardedDict(stored.digests, stored.length, stored.next_seq, read)

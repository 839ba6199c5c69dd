"""What the snapshot stores of a state and of itself: typed records, built beside the objects.

A state (`jcg_ledger.state.State`) is a handful of parts, some holding others (the subsidies
part holds the core). Stored whole it would be megabytes a post unpickles to read a few keys;
so each part is stored as a `PartRecord`: its attributes, with

* each mapping `SHARDED` names for its class as `shards.Stored` (the digests of its shards,
  which load on first use: cache/shards.py),
* each part it holds as a `PartRef` (its index among the state's parts, so sharing survives),
* what only a full load needs (`DETACHED`: the entries kept for a close's check, the record of
  every event) as a `Detached` stand-in that refuses any read.

The records are built from copies of the attributes: the live state is never changed, and the
C pickler runs on the records with no per-object hook. The domain classes know nothing of it:
which of their mappings are sharded is said here, in `SHARDED`, and a post reaches those
mappings only through the mapping protocol (`ShardedDict` is a `MutableMapping`).

For example, a State's record::

    StateRecord(State, {"policy": <Policy>, "core": PartRef(0), "subsidies": PartRef(1), …},
                [PartRecord(CoreState, {"entities": Stored(<64 digests>), "events": Detached(),
                                        "since_close": Detached(), "closed": {…}, …}),
                 PartRecord(SubsidyState, {"core": PartRef(0), "awards": Stored(…), …}), …])

The snapshot's own records (`SnapshotRecord`, `BookRecord`) store its sharded maps the same way.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields
from typing import Any

from jcg_ledger.cache import shards
from jcg_ledger.state import State
from jcg_ledger.state.base import Part
from jcg_ledger.state.budget import BudgetState
from jcg_ledger.state.core import CoreState
from jcg_ledger.state.projects import ProjectState
from jcg_ledger.state.subsidies import SubsidyState


class Incomplete(Exception):
    """A stored state was asked for something it does not keep: take the full path."""


class Detached(dict[str, Any]):
    """Stands for a mapping a stored state does not carry; reading it raises `Incomplete`.

    ``CoreState.since_close`` (every entry since a book's last close): only a close
    directive's check reads it, and a close never takes the snapshot path; so the snapshot
    does not carry those entries (which would make it as large as the books).

    ``CoreState.events`` (event id -> digest): only `post.render_events` reads it
    (idempotency), and only from the write path's state; the snapshot keeps one such map for
    all books (`Snapshot.posted`, sharded) instead of one in every state it stores.

    Folding into it keeps nothing; any read raises `Incomplete`, which sends the post down the
    full path instead of answering from missing data.
    """

    def setdefault(self, key: str, default: Any = None) -> Any:
        return [] if default is None else default

    def __setitem__(self, key: str, value: Any) -> None:
        pass

    def _refuse(self, *args: Any, **kwargs: Any) -> Any:
        raise Incomplete("detached")

    get = __getitem__ = __contains__ = __iter__ = __len__ = _refuse
    keys = values = items = pop = copy = _refuse

    def __reduce__(self) -> tuple[Any, ...]:
        return (Detached, ())


# The mappings of each part a post reads by key only: stored in shards.
SHARDED: dict[type, tuple[str, ...]] = {
    CoreState: ("entities", "persons", "opened"),
    SubsidyState: ("awards", "_by_key", "_seq"),
    ProjectState: ("projects", "_order", "by_entity"),
    BudgetState: ("paid_for",),  # one item per approval paid in a year
}
# What a stored state does not carry (`Detached`), by part class.
DETACHED: dict[type, tuple[str, ...]] = {
    CoreState: ("since_close", "events"),
}


@dataclass(frozen=True)
class PartRef:
    """A part held by another, by its index among the state's parts."""

    index: int


@dataclass(frozen=True)
class PartRecord:
    kind: type[Part]
    attributes: dict[str, Any]


@dataclass(frozen=True)
class StateRecord:
    kind: type[State]
    attributes: dict[str, Any]  # the state's own (its parts as `PartRef`)
    parts: list[PartRecord]


def state_parts(state: State) -> list[Part]:
    """The parts of a state, and the parts they hold directly, each once."""
    found: dict[int, Part] = {}
    for part in state.parts:
        for held in (part, *vars(part).values()):
            if isinstance(held, Part):
                found.setdefault(id(held), held)
    return list(found.values())


def state_record(state: State, sink: shards.Sink) -> StateRecord:
    """The record of a state; its shards go to `sink`. The state is not changed."""
    parts = state_parts(state)
    index = {id(part): PartRef(i) for i, part in enumerate(parts)}

    def ref(value: Any) -> Any:
        return index.get(id(value), value) if isinstance(value, Part) else value

    records: list[PartRecord] = []
    for part in parts:
        sharded = SHARDED.get(type(part), ())
        detached = DETACHED.get(type(part), ())
        attributes: dict[str, Any] = {}
        for name, value in vars(part).items():
            if name in detached:
                attributes[name] = Detached()
            elif name in sharded:
                attributes[name] = shards.store(value, sink, local=True)
            else:
                attributes[name] = ref(value)
        records.append(PartRecord(type(part), attributes))
    own = {name: ref(value) for name, value in vars(state).items()}
    return StateRecord(type(state), own, records)


def _new(kind: type[Any], attributes: dict[str, Any]) -> Any:
    """An instance of `kind` with these attributes, without running its constructor (as
    unpickling makes one)."""
    obj = object.__new__(kind)
    vars(obj).update(attributes)
    return obj


def restore_state(record: StateRecord, read: shards.Reader) -> State:
    """The state a record stands for; its sharded mappings read `read` on first use."""
    parts = [_new(r.kind, {}) for r in record.parts]

    def live(value: Any) -> Any:
        if type(value) is PartRef:
            return parts[value.index]
        if type(value) is shards.Stored or type(value) is shards.LocalStored:
            return shards.load(value, read)
        return value

    for part, part_record in zip(parts, record.parts, strict=True):
        vars(part).update({name: live(v) for name, v in part_record.attributes.items()})
    state: State = _new(record.kind, {n: live(v) for n, v in record.attributes.items()})
    return state


@dataclass(frozen=True)
class Record:
    """A snapshot's dataclass (`Snapshot`, `BookSnap`) with its sharded maps as shards."""

    kind: type
    attributes: dict[str, Any]


def record_of(obj: Any, sharded: tuple[str, ...], sink: shards.Sink, **nested: Any) -> Record:
    """A record of a dataclass `obj`, the fields in `sharded` stored in shards and the fields
    in `nested` replaced by the values given (records of what it holds)."""
    attributes: dict[str, Any] = {}
    for item in fields(obj):
        value = getattr(obj, item.name)
        if item.name in nested:
            value = nested[item.name]
        elif item.name in sharded:
            value = shards.store(value, sink)
        attributes[item.name] = value
    return Record(type(obj), attributes)


def restore_record(
    record: Record, read: shards.Reader, nested: Callable[[str, Any], Any] | None = None
) -> Any:
    """The dataclass a `Record` stands for; `nested` restores the fields `record_of` nested."""
    attributes: dict[str, Any] = {}
    for name, value in record.attributes.items():
        if type(value) is shards.Stored:
            value = shards.load(value, read)
        elif nested is not None:
            value = nested(name, value)
        attributes[name] = value
    return record.kind(**attributes)

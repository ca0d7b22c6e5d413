"""Make the emulated DynamoDB's cost follow the partition, not the table, as DynamoDB's does.

moto (5.x) answers a Query by sorting every item of the table and keeping those of the partition asked for, and
makes a transaction undoable by deep-copying every table it touches once per item of the transaction: a one-item
edit of a poster got slower with every poster stored (about 1 s once the designs table held 2,700 items). Two
changes, installed once per process by ``install()``, keep moto's own logic and answers:

- a Query on the table or on a local index (both read one partition) considers only that partition's items;
- a transaction keeps a journal of the items it touches (and the length of each stream), instead of copies of
  whole tables, and puts them back if it is cancelled;
- an answer's attribute values (items, keys, stream images) are written out directly instead of by moto's
  shape-driven serializer, which looked up every member of every nested value by reflection (~30 ms of the
  emulator's CPU for a 20-element poster: the most of a whole authorized GET).

None changes what any request returns; ``tests/unit/local_platform/test_moto_dynamodb.py`` checks both
against moto's own behaviour, and that their cost no longer grows with the table.
"""

from __future__ import annotations

import copy
import functools
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, cast

from moto.core.serialize import BaseJSONSerializer
from moto.dynamodb.models import DynamoDBBackend
from moto.dynamodb.models.dynamo_type import DynamoType, Item
from moto.dynamodb.models.table import LocalSecondaryIndex, Table

_state = threading.local()  # per request: the partition a Query reads, or a transaction in progress
_installed = False
_install_lock = threading.Lock()


def install() -> None:
    """Patch moto's DynamoDB in this process (idempotent)."""
    global _installed
    with _install_lock:
        if _installed:
            return
        Table.all_items = _partition_items(Table.all_items)  # type: ignore[method-assign,assignment]
        Table.query = _partition_query(Table.query)  # type: ignore[method-assign]
        Table.__deepcopy__ = _table_deepcopy  # type: ignore[attr-defined]
        DynamoDBBackend.transact_write_items = _journaled(  # type: ignore[method-assign,assignment]
            DynamoDBBackend.transact_write_items)
        BaseJSONSerializer._serialize_type_structure = _attribute_values_directly(  # type: ignore[method-assign]
            BaseJSONSerializer._serialize_type_structure)
        _installed = True


# --- queries read one partition ------------------------------------------------------------------------------
def _partition_items(all_items: Callable[[Table], list[Item]]) -> Callable[[Table], list[Item]]:
    @functools.wraps(all_items)
    def items(self: Table) -> list[Item]:
        partition = getattr(_state, "partition", None)
        if partition is None or partition[0] is not self:
            return all_items(self)
        found = self.items.get(partition[1])
        if found is None:
            return []
        return sorted(found.values(), key=lambda item: cast(DynamoType, item.range_key)) \
            if self.range_key_attr else [found]

    return items


def _partition_query(query: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(query)
    def partitioned(self: Table, hash_key: DynamoType | None, *args: Any, **kwargs: Any) -> Any:
        index_name = args[6] if len(args) > 6 else kwargs.get("index_name")
        value = _partition_value(self, hash_key, index_name, kwargs.get("hash_key_conditions"))
        if value is None:
            return query(self, hash_key, *args, **kwargs)
        with _reading(self, value):
            return query(self, hash_key, *args, **kwargs)

    return partitioned


def _partition_value(table: Table, hash_key: DynamoType | None, index_name: str | None,
                     conditions: list[tuple[str, DynamoType]] | None) -> DynamoType | None:
    """The table partition a Query reads: always for the table itself, and for a local index (whose partition key
    is the table's); None for a global index, whose partitions are not the table's."""
    if index_name is not None:
        index = next((i for i in table.all_indexes() if i.name == index_name), None)
        if not isinstance(index, LocalSecondaryIndex):
            return None
        for name, value in conditions or []:
            if name == table.hash_key_attr:
                return value
    return hash_key


@contextmanager
def _reading(table: Table, value: DynamoType) -> Iterator[None]:
    _state.partition = (table, value)
    try:
        yield
    finally:
        _state.partition = None


# --- transactions undo what they touched -----------------------------------------------------------------------
def _table_deepcopy(self: Table, memo: dict[int, Any]) -> Table:
    """Inside a journaled transaction moto's backup of a whole table is the table itself (the journal undoes the
    changes); elsewhere (table backups and restores) a real deep copy, as before."""
    if getattr(_state, "transaction", False):
        return self
    clone = cast(Table, Table.__new__(Table))
    memo[id(self)] = clone
    for name, value in self.__dict__.items():
        setattr(clone, name, copy.deepcopy(value, memo))
    return clone


@dataclass
class _Journal:
    """The items a transaction may change, as they were, and how long each table's stream was."""

    items: list[tuple[Table, DynamoType, DynamoType | None, Item | None]] = field(default_factory=list)
    streams: dict[int, tuple[Table, int]] = field(default_factory=dict)

    @classmethod
    def of(cls, backend: DynamoDBBackend, transact_items: list[dict[str, Any]]) -> _Journal:
        journal = cls()
        for entry in transact_items:
            for op_type, op in entry.items():
                table = backend.tables.get(op.get("TableName", ""))
                key = op.get("Item") if op_type == "Put" else op.get("Key")
                if table is None or not isinstance(key, dict) or table.hash_key_attr not in key:
                    continue
                hash_value = DynamoType(key[table.hash_key_attr])
                range_value = DynamoType(key[table.range_key_attr]) \
                    if table.range_key_attr and table.range_key_attr in key else None
                if table.range_key_attr and range_value is None:
                    continue
                journal.items.append((table, hash_value, range_value,
                                      copy.deepcopy(table.get_item(hash_value, range_value))))
                if table.stream_shard is not None:
                    journal.streams.setdefault(id(table), (table, len(table.stream_shard.items)))
        return journal

    def restore(self) -> None:
        for table, hash_value, range_value, before in reversed(self.items):
            if range_value is None:
                if before is None:
                    table.items.pop(hash_value, None)
                else:
                    table.items[hash_value] = cast(Any, before)
                continue
            partition = table.items[hash_value]
            if before is None:
                partition.pop(range_value, None)
                if not partition:
                    table.items.pop(hash_value, None)
            else:
                partition[range_value] = before
        for table, length in self.streams.values():
            if table.stream_shard is not None:
                del table.stream_shard.items[length:]


def _journaled(transact: Callable[[DynamoDBBackend, list[dict[str, Any]]], None]
               ) -> Callable[[DynamoDBBackend, list[dict[str, Any]]], None]:
    @functools.wraps(transact)
    def run(self: DynamoDBBackend, transact_items: list[dict[str, Any]]) -> None:
        journal = _Journal.of(self, transact_items)
        _state.transaction = True
        try:
            transact(self, transact_items)
        except BaseException:
            journal.restore()
            raise
        finally:
            _state.transaction = False

    return run


# --- attribute values written out directly -------------------------------------------------------------------
ATTRIBUTE_VALUE = "AttributeValue"  # the shape's name in DynamoDB's and DynamoDB Streams' models
_STRINGS = frozenset({"S", "N"})
_STRING_SETS = frozenset({"SS", "NS"})
_AS_IS = frozenset({"BOOL", "NULL"})


def _attribute_values_directly(serialize: Callable[..., None]) -> Callable[..., None]:
    @functools.wraps(serialize)
    def structure(self: BaseJSONSerializer, serialized: Any, value: Any, shape: Any, key: str) -> None:
        if shape.name != ATTRIBUTE_VALUE or not key or not isinstance(value, dict):
            serialize(self, serialized, value, shape, key)
            return
        serialized[key] = _attribute_value(self, value)

    return structure


def _attribute_value(serializer: BaseJSONSerializer, value: dict[str, Any]) -> dict[str, Any]:
    """What moto's serializer writes for one attribute value (its members: strings as ``str``, blobs base64,
    booleans as they are, maps and lists member by member, a member that is None left out)."""
    out: dict[str, Any] = {}
    for member, inner in value.items():
        if inner is None:
            continue
        if member in _STRINGS:
            out[member] = inner if inner in ([], {}) else str(inner)
        elif member in _AS_IS:
            out[member] = inner
        elif member == "M":
            out[member] = {name: _attribute_value(serializer, item) for name, item in inner.items()
                           if item is not None}
        elif member == "L":
            out[member] = [item if item is None else _attribute_value(serializer, item) for item in inner]
        elif member in _STRING_SETS:
            out[member] = [str(item) for item in inner]
        elif member == "B":
            out[member] = serializer._base64(inner)
        elif member == "BS":
            out[member] = [serializer._base64(item) for item in inner]
        # anything else is not a member of AttributeValue: moto's serializer leaves it out too
    return out

"""The only code that touches the Designs table.

One partition per poster: ``POSTER#<id>`` holds ``META`` (the poster, its ``version``, owner and the counts of
its layers and elements), ``LAYER#<id>`` items and ``ELEM#<id>`` items, so the whole document is one Query. An
element also carries ``lsi1sk = <layer id>#<z>``: the local index ``lsi1`` (keys only) finds one layer's
elements, or the top of its stack, without reading the rest of the poster. An edit reads only what its check
needs (``META`` and the parts it touches, one BatchGetItem) and commits one transaction that bumps
``META.version`` under a condition on the version it read and the owner, so concurrent edits serialise and the
counts stay exact. A new document is written items first and ``META`` last: without ``META`` nothing is
visible, so a crash halfway leaves no half poster. Templates are ``TEMPLATE#<id>/META`` items listed through
``gsi1`` (``TEMPLATES#PUBLIC`` / ``TEMPLATES#USER#<id>``); their snapshot is compressed and, past one item's
room, split over ``TEMPLATE#<id>/PART#<n>`` items written before ``META``.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from botocore.exceptions import ClientError
from design_agent import errors
from design_agent.contracts.designs import Element, Layer, Poster, PosterDocument
from design_agent.dynamo import (
    DynamoRepository,
    Position,
    cancellation_codes,
    from_item,
    is_condition_failure,
    to_item,
    values,
)

from functions.designs.models.api import PosterSummary, Template

MAX_TRANSACTION = 100
MAX_BATCH_GET = 100
Z_DIGITS = 10  # z as a fixed-width string, so the index sorts a layer's elements by their stacking order
SNAPSHOT_PART_BYTES = 350 * 1024  # a template snapshot's compressed bytes per item (an item holds 400 KB)


def _pk(poster_id: str) -> str:
    return f"POSTER#{poster_id}"


def _key(poster_id: str, sk: str) -> dict[str, Any]:
    return {"pk": {"S": _pk(poster_id)}, "sk": {"S": sk}}


def content_bytes(part: Layer | Element) -> int:
    """What a layer or element adds to the document's size (its JSON), counted on ``META.content_bytes``."""
    return len(part.model_dump_json().encode())


def layer_item(poster_id: str, layer: Layer) -> dict[str, Any]:
    return to_item({**layer.model_dump(mode="json"), "pk": _pk(poster_id), "sk": f"LAYER#{layer.layer_id}"})


def _stack_key(layer_id: str, z: int) -> str:
    return f"{layer_id}#{z:0{Z_DIGITS}d}"


def element_item(poster_id: str, element: Element) -> dict[str, Any]:
    return to_item({**element.model_dump(mode="json"), "pk": _pk(poster_id), "sk": f"ELEM#{element.element_id}",
                    "lsi1sk": _stack_key(element.layer_id, element.z), "nbytes": content_bytes(element)})


def meta_item(poster: Poster) -> dict[str, Any]:
    listing = {"gsi1pk": f"USER#{poster.owner_id}", "gsi1sk": f"{poster.created_at.isoformat()}#{poster.poster_id}"}
    return to_item({**poster.model_dump(mode="json"), "pk": _pk(poster.poster_id), "sk": "META", **listing})


def element_key(poster_id: str, element_id: str) -> dict[str, Any]:
    return _key(poster_id, f"ELEM#{element_id}")


def layer_key(poster_id: str, layer_id: str) -> dict[str, Any]:
    return _key(poster_id, f"LAYER#{layer_id}")


@dataclass
class Change:
    """Item writes of one poster change; applied with the version bump in a single transaction."""

    puts: list[dict[str, Any]] = field(default_factory=list)
    deletes: list[dict[str, Any]] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)  # META attributes to SET
    # deletes of items no longer visible once the transaction commits (a deleted layer's elements past the
    # transaction's room): removed right after it, and harmless if a crash leaves them (never read as content)
    leftovers: list[dict[str, Any]] = field(default_factory=list)


class VersionConflict(Exception):
    """The poster changed (or went away) between the read and the commit."""


@dataclass
class Parts:
    """What an edit read: the poster's ``META`` and the layers and elements it asked for (absent ones missing)."""

    poster: Poster | None
    layers: dict[str, Layer] = field(default_factory=dict)
    elements: dict[str, Element] = field(default_factory=dict)


def document_from_items(items: list[dict[str, Any]]) -> PosterDocument | None:
    poster, layers, elements = None, [], []
    for raw in items:
        item = from_item(raw)
        sk = item["sk"]
        if sk == "META":
            poster = Poster.model_validate(item)
        elif sk.startswith("LAYER#"):
            layers.append(Layer.model_validate(item))
        elif sk.startswith("ELEM#"):
            elements.append(Element.model_validate(item))
    if poster is None:
        return None
    layers.sort(key=lambda layer: layer.order)
    rank = {layer.layer_id: layer.order for layer in layers}
    elements = [e for e in elements if e.layer_id in rank]  # a deleted layer's leftovers are not content
    elements.sort(key=lambda e: (rank[e.layer_id], e.z, e.element_id))
    return PosterDocument(poster=poster, layers=layers, elements=elements)


def with_counts(document: PosterDocument) -> Poster:
    """The poster with its counts and size as the document has them."""
    return document.poster.model_copy(update={
        "layer_count": len(document.layers), "element_count": len(document.elements),
        "content_bytes": sum(map(content_bytes, document.layers)) + sum(map(content_bytes, document.elements))})


class DocumentsRepository(DynamoRepository):
    # --- documents -----------------------------------------------------------------------
    def create(self, document: PosterDocument) -> None:
        items = [layer_item(document.poster.poster_id, layer) for layer in document.layers]
        items += [element_item(document.poster.poster_id, e) for e in document.elements]
        self._batch_write([{"PutRequest": {"Item": item}} for item in items])
        self._put_new(meta_item(with_counts(document)))

    def get(self, poster_id: str) -> PosterDocument | None:
        """The whole document: one Query (more pages only past DynamoDB's 1 MB page size)."""
        return document_from_items(self._query_all(KeyConditionExpression="pk = :pk", ConsistentRead=True,
                                                   ExpressionAttributeValues=values(pk=_pk(poster_id))))

    # --- the parts an edit reads --------------------------------------------------------------
    def parts(self, poster_id: str, layer_ids: Iterable[str] = (), element_ids: Iterable[str] = ()) -> Parts:
        """``META`` and the named layers and elements, in one consistent BatchGetItem."""
        keys = [_key(poster_id, "META"), *(layer_key(poster_id, i) for i in dict.fromkeys(layer_ids)),
                *(element_key(poster_id, i) for i in dict.fromkeys(element_ids))]
        if len(keys) > MAX_BATCH_GET:
            raise errors.Unprocessable("Too many layers and elements named in one request", max=MAX_BATCH_GET - 1)
        found = Parts(poster=None)
        request: dict[str, Any] = {self._table: {"Keys": keys, "ConsistentRead": True}}
        while request:
            result = self._db.batch_get_item(RequestItems=request)
            for raw in result.get("Responses", {}).get(self._table, []):
                item = from_item(raw)
                sk = item["sk"]
                if sk == "META":
                    found.poster = self._counted(Poster.model_validate(item), item)
                elif sk.startswith("LAYER#"):
                    found.layers[item["layer_id"]] = Layer.model_validate(item)
                else:
                    found.elements[item["element_id"]] = Element.model_validate(item)
            request = result.get("UnprocessedKeys") or {}
        return found

    def _counted(self, poster: Poster, item: dict[str, Any]) -> Poster:
        """A poster stored before ``META`` kept its counts and size is read whole once to count them; the next
        commit stores them."""
        if all(name in item for name in ("layer_count", "element_count", "content_bytes")):
            return poster
        document = self.get(poster.poster_id)
        return with_counts(document) if document is not None else poster

    def layers(self, poster_id: str) -> list[Layer]:
        """Every layer of the poster, bottom first (a poster has at most ``DESIGN_MAX_LAYERS``)."""
        items = self._query_all(KeyConditionExpression="pk = :pk AND begins_with(sk, :layer)", ConsistentRead=True,
                                ExpressionAttributeValues=values(pk=_pk(poster_id), layer="LAYER#"))
        return sorted((Layer.model_validate(from_item(i)) for i in items), key=lambda layer: layer.order)

    def layer_elements(self, poster_id: str, layer_id: str) -> dict[str, int]:
        """One layer's element ids and their sizes, from the local index (nothing else of the poster is read)."""
        items = self._query_all(IndexName="lsi1", ConsistentRead=True,
                                KeyConditionExpression="pk = :pk AND begins_with(lsi1sk, :layer)",
                                ExpressionAttributeValues=values(pk=_pk(poster_id), layer=f"{layer_id}#"))
        return {i["sk"]["S"].removeprefix("ELEM#"): int(i.get("nbytes", {}).get("N", "0")) for i in items}

    def top_z(self, poster_id: str, layer_id: str) -> int:
        """The highest stacking position used in a layer (-1 when it is empty): one key from the local index."""
        result = self._db.query(TableName=self._table, IndexName="lsi1", ConsistentRead=True, Limit=1,
                                ScanIndexForward=False, KeyConditionExpression="pk = :pk AND begins_with(lsi1sk, :l)",
                                ExpressionAttributeValues=values(pk=_pk(poster_id), l=f"{layer_id}#"))
        items = result.get("Items", [])
        return int(items[0]["lsi1sk"]["S"].rsplit("#", 1)[1]) if items else -1

    # --- committing a change --------------------------------------------------------------------
    def commit(self, poster: Poster, change: Change, now: datetime) -> int:
        """Apply ``change`` and bump the version atomically if the poster is still at ``poster.version`` and
        still the same owner's; ``VersionConflict`` otherwise. The new version."""
        if len(change.puts) + len(change.deletes) + 1 > MAX_TRANSACTION:
            raise errors.Unprocessable("Too many changes in one request", limit="transaction_items",
                                       max=MAX_TRANSACTION - 1)
        sets = ["version = :next", "updated_at = :now"]
        expr_values = values(next=poster.version + 1, now=now.isoformat(), owner=poster.owner_id,
                             seen=poster.version)
        names: dict[str, str] = {}
        for i, (attr, value) in enumerate(change.meta.items()):
            names[f"#m{i}"] = attr
            sets.append(f"#m{i} = :m{i}")
            expr_values.update(values(**{f"m{i}": value}))
        update: dict[str, Any] = {
            "TableName": self._table, "Key": _key(poster.poster_id, "META"),
            "UpdateExpression": "SET " + ", ".join(sets),
            "ConditionExpression": "attribute_exists(pk) AND owner_id = :owner AND version = :seen",
            "ExpressionAttributeValues": expr_values}
        if names:
            update["ExpressionAttributeNames"] = names
        items: list[dict[str, Any]] = [{"Update": update}]
        items += [{"Put": {"TableName": self._table, "Item": item}} for item in change.puts]
        items += [{"Delete": {"TableName": self._table, "Key": key}} for key in change.deletes]
        try:
            self._db.transact_write_items(TransactItems=items)
        except ClientError as exc:
            codes = cancellation_codes(exc)
            if codes and codes[0] == "ConditionalCheckFailed":
                raise VersionConflict(poster.poster_id) from exc
            raise
        if change.leftovers:
            self._batch_write([{"DeleteRequest": {"Key": key}} for key in change.leftovers])
        return poster.version + 1

    def get_meta(self, poster_id: str) -> Poster | None:
        item = self._db.get_item(TableName=self._table, Key=_key(poster_id, "META"), ConsistentRead=True).get("Item")
        return Poster.model_validate(from_item(item)) if item else None

    def delete(self, poster: Poster, expected_version: int | None) -> None:
        """META first (the poster is gone at once), then its items."""
        condition = "owner_id = :owner" + (" AND version = :expected" if expected_version is not None else "")
        expr = values(owner=poster.owner_id, **({"expected": expected_version} if expected_version else {}))
        try:
            self._db.delete_item(TableName=self._table, Key=_key(poster.poster_id, "META"),
                                 ConditionExpression=condition, ExpressionAttributeValues=expr)
        except ClientError as exc:
            if is_condition_failure(exc):
                raise errors.PreconditionFailed("The poster changed since it was read") from exc
            raise
        keys = self._query_all(KeyConditionExpression="pk = :pk", ProjectionExpression="pk, sk",
                               ExpressionAttributeValues=values(pk=_pk(poster.poster_id)))
        self._batch_write([{"DeleteRequest": {"Key": {"pk": k["pk"], "sk": k["sk"]}}} for k in keys])

    def list_posters(self, owner_id: str, limit: int, start: Position) -> tuple[list[PosterSummary], Position]:
        pk = f"USER#{owner_id}"
        result = self._db.query(TableName=self._table, IndexName="gsi1", KeyConditionExpression="gsi1pk = :pk",
                                ExpressionAttributeValues=values(pk=pk), ScanIndexForward=False, Limit=limit,
                                **({"ExclusiveStartKey": start} if start else {}))
        items = [PosterSummary.model_validate(from_item(i)) for i in result.get("Items", [])]
        return items, result.get("LastEvaluatedKey")

    # --- templates -----------------------------------------------------------------------
    def put_template(self, template: Template, document: PosterDocument) -> None:
        """The snapshot compressed; what does not fit beside ``META`` goes first into ``PART#<n>`` items, so a
        template is visible only once all of it is stored."""
        pk = f"TEMPLATE#{template.template_id}"
        scope = "PUBLIC" if template.public else f"USER#{template.owner_id}"
        listing = {"gsi1pk": f"TEMPLATES#{scope}",
                   "gsi1sk": f"{template.created_at.isoformat()}#{template.template_id}"}
        snapshot = zlib.compress(document.model_dump_json().encode(), 6)
        chunks = [snapshot[i:i + SNAPSHOT_PART_BYTES] for i in range(0, len(snapshot), SNAPSHOT_PART_BYTES)]
        self._batch_write([{"PutRequest": {"Item": {"pk": {"S": pk}, "sk": {"S": f"PART#{n:04d}"},
                                                    "data": {"B": chunk}}}} for n, chunk in enumerate(chunks[1:], 1)])
        item = to_item({**template.model_dump(mode="json"), "pk": pk, "sk": "META", **listing,
                        "snapshot_parts": len(chunks)})
        item["snapshot_z"] = {"B": chunks[0]}
        self._db.put_item(TableName=self._table, Item=item)

    def get_template(self, template_id: str) -> tuple[Template, PosterDocument] | None:
        pk = f"TEMPLATE#{template_id}"
        item = self._db.get_item(TableName=self._table, Key={"pk": {"S": pk}, "sk": {"S": "META"}}).get("Item")
        if not item:
            return None
        template = Template.model_validate(from_item({k: v for k, v in item.items() if k != "snapshot_z"}))
        if "snapshot" in item:  # stored before snapshots were compressed
            return template, PosterDocument.model_validate_json(item["snapshot"]["S"])
        data = bytes(item["snapshot_z"]["B"])
        if int(item.get("snapshot_parts", {}).get("N", "1")) > 1:
            parts = self._query_all(KeyConditionExpression="pk = :pk AND begins_with(sk, :part)",
                                    ExpressionAttributeValues=values(pk=pk, part="PART#"))
            data += b"".join(bytes(p["data"]["B"]) for p in sorted(parts, key=lambda p: p["sk"]["S"]))
        return template, PosterDocument.model_validate_json(zlib.decompress(data))

    def list_templates(self, scope: str, category: str | None, tag: str | None, limit: int, start: Position
                       ) -> tuple[list[Template], Position]:
        pk = f"TEMPLATES#{scope}"
        filters, expr = [], values(pk=pk)
        if category:
            filters.append("category = :category")
            expr.update(values(category=category))
        if tag:
            filters.append("contains(tags, :tag)")
            expr.update(values(tag=tag))
        kwargs: dict[str, Any] = {"ExclusiveStartKey": start} if start else {}
        if filters:
            kwargs["FilterExpression"] = " AND ".join(filters)
        result = self._db.query(TableName=self._table, IndexName="gsi1", KeyConditionExpression="gsi1pk = :pk",
                                ExpressionAttributeValues=expr, ScanIndexForward=False, Limit=limit,
                                ProjectionExpression=("template_id, owner_id, #n, category, tags, #p, "
                                                      "thumbnail_file_id, width, height, created_at"),
                                ExpressionAttributeNames={"#n": "name", "#p": "public"}, **kwargs)
        items = [Template.model_validate(from_item(i)) for i in result.get("Items", [])]
        return items, result.get("LastEvaluatedKey")

"""The only code that touches the Designs table.

One partition per poster: ``POSTER#<id>`` holds ``META`` (the poster, its ``version`` and owner),
``LAYER#<id>`` items and ``ELEM#<id>`` items, so the whole document is one Query. Every change of a
poster's content is one transaction that also bumps ``META.version`` under a condition (the owner, and the
version the client read when it sent ``If-Match``). A new document is written items first and ``META``
last: without ``META`` nothing is visible, so a crash halfway leaves no half poster. Templates are
``TEMPLATE#<id>/META`` items carrying a snapshot of the document, listed through ``gsi1``
(``TEMPLATES#PUBLIC`` / ``TEMPLATES#USER#<id>``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from botocore.exceptions import ClientError
from design_agent import errors
from design_agent.contracts.designs import Element, Layer, Poster, PosterDocument
from design_agent.dynamo import (
    DynamoRepository,
    cancellation_codes,
    decode_cursor,
    encode_cursor,
    from_item,
    is_condition_failure,
    to_item,
    values,
)

from functions.designs.models.api import PosterSummary, Template

MAX_TRANSACTION = 100


def _pk(poster_id: str) -> str:
    return f"POSTER#{poster_id}"


def _key(poster_id: str, sk: str) -> dict[str, Any]:
    return {"pk": {"S": _pk(poster_id)}, "sk": {"S": sk}}


def layer_item(poster_id: str, layer: Layer) -> dict[str, Any]:
    return to_item({**layer.model_dump(mode="json"), "pk": _pk(poster_id), "sk": f"LAYER#{layer.layer_id}"})


def element_item(poster_id: str, element: Element) -> dict[str, Any]:
    return to_item({**element.model_dump(mode="json"), "pk": _pk(poster_id), "sk": f"ELEM#{element.element_id}"})


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
    elements.sort(key=lambda e: (rank.get(e.layer_id, 0), e.z, e.element_id))
    return PosterDocument(poster=poster, layers=layers, elements=elements)


class DocumentsRepository(DynamoRepository):
    # --- documents -----------------------------------------------------------------------
    def create(self, document: PosterDocument) -> None:
        items = [layer_item(document.poster.poster_id, layer) for layer in document.layers]
        items += [element_item(document.poster.poster_id, e) for e in document.elements]
        self._batch_write([{"PutRequest": {"Item": item}} for item in items])
        self._db.put_item(TableName=self._table, Item=meta_item(document.poster),
                          ConditionExpression="attribute_not_exists(pk)")

    def get(self, poster_id: str) -> PosterDocument | None:
        """The whole document: one Query (more pages only past DynamoDB's 1 MB page size)."""
        return document_from_items(self._query_all(KeyConditionExpression="pk = :pk", ConsistentRead=True,
                                                   ExpressionAttributeValues=values(pk=_pk(poster_id))))

    def commit(self, poster: Poster, change: Change, expected_version: int | None, now: datetime) -> int:
        """Apply ``change`` and bump the version atomically; 412 when ``expected_version`` is stale."""
        if len(change.puts) + len(change.deletes) + 1 > MAX_TRANSACTION:
            raise errors.Unprocessable("Too many changes in one request", limit="transaction_items",
                                       max=MAX_TRANSACTION - 1)
        sets = ["version = version + :one", "updated_at = :now"]
        expr_values = values(one=1, now=now.isoformat(), owner=poster.owner_id)
        names: dict[str, str] = {}
        for i, (attr, value) in enumerate(change.meta.items()):
            names[f"#m{i}"] = attr
            sets.append(f"#m{i} = :m{i}")
            expr_values.update(values(**{f"m{i}": value}))
        condition = "attribute_exists(pk) AND owner_id = :owner"
        if expected_version is not None:
            condition += " AND version = :expected"
            expr_values.update(values(expected=expected_version))
        update: dict[str, Any] = {"TableName": self._table, "Key": _key(poster.poster_id, "META"),
                                  "UpdateExpression": "SET " + ", ".join(sets), "ConditionExpression": condition,
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
                current = self.get_meta(poster.poster_id)
                if current is None or current.owner_id != poster.owner_id:
                    raise errors.NotFound("No such poster") from exc
                raise errors.PreconditionFailed(
                    f"The poster is at version {current.version}, not {expected_version}",
                    current_version=current.version, etag=f'"{current.version}"') from exc
            raise
        return poster.version + 1 if expected_version is None else expected_version + 1

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

    def list_posters(self, owner_id: str, limit: int, cursor: str | None) -> tuple[list[PosterSummary], str | None]:
        pk = f"USER#{owner_id}"
        start = decode_cursor(cursor)
        if start is not None and start.get("gsi1pk", {}).get("S") != pk:
            raise errors.InvalidCursor()
        result = self._db.query(TableName=self._table, IndexName="gsi1", KeyConditionExpression="gsi1pk = :pk",
                                ExpressionAttributeValues=values(pk=pk), ScanIndexForward=False, Limit=limit,
                                **({"ExclusiveStartKey": start} if start else {}))
        items = [PosterSummary.model_validate(from_item(i)) for i in result.get("Items", [])]
        return items, encode_cursor(result.get("LastEvaluatedKey"))

    # --- templates -----------------------------------------------------------------------
    def put_template(self, template: Template, document: PosterDocument) -> None:
        scope = "PUBLIC" if template.public else f"USER#{template.owner_id}"
        listing = {"gsi1pk": f"TEMPLATES#{scope}",
                   "gsi1sk": f"{template.created_at.isoformat()}#{template.template_id}"}
        item = to_item({**template.model_dump(mode="json"), "pk": f"TEMPLATE#{template.template_id}", "sk": "META",
                        **listing, "snapshot": json.dumps(document.model_dump(mode="json"), separators=(",", ":"))})
        self._db.put_item(TableName=self._table, Item=item)

    def get_template(self, template_id: str) -> tuple[Template, PosterDocument] | None:
        item = self._db.get_item(TableName=self._table, Key={"pk": {"S": f"TEMPLATE#{template_id}"},
                                                              "sk": {"S": "META"}}).get("Item")
        if not item:
            return None
        data = from_item(item)
        return Template.model_validate(data), PosterDocument.model_validate_json(data["snapshot"])

    def list_templates(self, scope: str, category: str | None, tag: str | None, limit: int, cursor: str | None
                       ) -> tuple[list[Template], str | None]:
        pk = f"TEMPLATES#{scope}"
        start = decode_cursor(cursor)
        if start is not None and start.get("gsi1pk", {}).get("S") != pk:
            raise errors.InvalidCursor()
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
        return items, encode_cursor(result.get("LastEvaluatedKey"))

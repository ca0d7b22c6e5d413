"""The only code that touches the Library table (fonts and assets).

- ``FONT#<id>/META``, listed through ``gsi1``: ``FONTS#<scope>`` / ``<family lower>#<id>`` (family prefix).
- ``ASSET#<id>/META``, listed through ``gsi1``: ``ASSETS#<scope>#<category>`` / ``<created>#<id>``.
- Search entries, one per term and per tag, each carrying the asset summary so a search is a Query and
  no table scan: ``TERM#<scope>#<first char>`` / ``<term>#<id>`` and ``TAG#<scope>#<first char>`` /
  ``<tag>#<id>``; ``begins_with`` on the sort key is the prefix match.

``<scope>`` is ``PUBLIC`` or ``USER#<id>``.
"""

from __future__ import annotations

from typing import Any

from design_agent import errors
from design_agent.dynamo import DynamoRepository, decode_cursor, encode_cursor, from_item, to_item, values

from functions.files.models.api import AssetOut, FontOut

_BATCH = 25


def scope_key(owner_id: str, public: bool) -> str:
    return "PUBLIC" if public else f"USER#{owner_id}"


class LibraryRepository(DynamoRepository):
    def _page(self, pk: str, limit: int, cursor: str | None, sk_prefix: str | None = None,
              newest_first: bool = False, filter_cjk: bool | None = None) -> tuple[list[dict[str, Any]], str | None]:
        start = decode_cursor(cursor)
        if start is not None and start.get("gsi1pk", {}).get("S") != pk:
            raise errors.InvalidCursor("The cursor does not belong to this listing")
        condition = "gsi1pk = :pk" + (" AND begins_with(gsi1sk, :prefix)" if sk_prefix else "")
        expr = values(pk=pk, **({"prefix": sk_prefix} if sk_prefix else {}))
        kwargs: dict[str, Any] = {"ExclusiveStartKey": start} if start else {}
        if filter_cjk is not None:
            kwargs["FilterExpression"] = "supports_cjk = :cjk"
            expr.update(values(cjk=filter_cjk))
        result = self._db.query(TableName=self._table, IndexName="gsi1", KeyConditionExpression=condition,
                                ExpressionAttributeValues=expr, Limit=limit, ScanIndexForward=not newest_first,
                                **kwargs)
        return [from_item(i) for i in result.get("Items", [])], encode_cursor(result.get("LastEvaluatedKey"))

    # --- fonts -------------------------------------------------------------------------
    def put_font(self, font: FontOut) -> None:
        item = {**font.model_dump(mode="json"), "pk": f"FONT#{font.font_id}", "sk": "META",
                "gsi1pk": f"FONTS#{scope_key(font.owner_id, font.public)}",
                "gsi1sk": f"{font.family.lower()}#{font.font_id}"}
        self._db.put_item(TableName=self._table, Item=to_item(item))

    def get_font(self, font_id: str) -> FontOut | None:
        item = self._db.get_item(TableName=self._table, Key={"pk": {"S": f"FONT#{font_id}"}, "sk": {"S": "META"}})
        return FontOut.model_validate(from_item(item["Item"])) if "Item" in item else None

    def list_fonts(self, scope: str, family_prefix: str | None, cjk: bool | None, limit: int,
                   cursor: str | None) -> tuple[list[FontOut], str | None]:
        rows, next_cursor = self._page(f"FONTS#{scope}", limit, cursor,
                                       sk_prefix=family_prefix.lower() if family_prefix else None, filter_cjk=cjk)
        return [FontOut.model_validate(r) for r in rows], next_cursor

    # --- assets ------------------------------------------------------------------------
    def put_asset(self, asset: AssetOut, terms: set[str]) -> None:
        scope = scope_key(asset.owner_id, asset.public)
        summary = asset.model_dump(mode="json")
        items = [{**summary, "pk": f"ASSET#{asset.asset_id}", "sk": "META",
                  "gsi1pk": f"ASSETS#{scope}#{asset.category}",
                  "gsi1sk": f"{asset.created_at.isoformat()}#{asset.asset_id}"}]
        items += [{**summary, "pk": f"TERM#{scope}#{t[0]}", "sk": f"{t}#{asset.asset_id}"} for t in sorted(terms)]
        items += [{**summary, "pk": f"TAG#{scope}#{t[0]}", "sk": f"{t}#{asset.asset_id}"} for t in asset.tags]
        self._batch_write([{"PutRequest": {"Item": to_item(i)}} for i in items])

    def list_assets(self, scope: str, category: str, limit: int, cursor: str | None
                    ) -> tuple[list[AssetOut], str | None]:
        rows, next_cursor = self._page(f"ASSETS#{scope}#{category}", limit, cursor, newest_first=True)
        return [AssetOut.model_validate(r) for r in rows], next_cursor

    def search(self, kind: str, scope: str, prefix: str, limit: int) -> list[AssetOut]:
        result = self._db.query(TableName=self._table, KeyConditionExpression="pk = :pk AND begins_with(sk, :p)",
                                ExpressionAttributeValues=values(pk=f"{kind}#{scope}#{prefix[0]}", p=prefix),
                                Limit=limit)
        return [AssetOut.model_validate(from_item(i)) for i in result.get("Items", [])]

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

from design_agent.dynamo import DynamoRepository, Position, from_item, to_item, values

from functions.files.models.api import AssetOut, FontOut

_BATCH = 25


def _font_key(font_id: str) -> dict[str, Any]:
    return {"pk": {"S": f"FONT#{font_id}"}, "sk": {"S": "META"}}


def scope_key(owner_id: str, public: bool) -> str:
    return "PUBLIC" if public else f"USER#{owner_id}"


class LibraryRepository(DynamoRepository):
    def _page(self, pk: str, limit: int, start: Position, sk_prefix: str | None = None,
              newest_first: bool = False, filters: dict[str, Any] | None = None,
              ) -> tuple[list[dict[str, Any]], Position]:
        """One page of ``gsi1`` under ``pk`` from ``start``, and where the next one starts. With ``filters``
        (attribute -> value; a list attribute must contain the value) DynamoDB filters after reading, so pages
        are read on until ``limit`` items match or the partition ends, and the next page starts after the last
        item returned."""
        condition = "gsi1pk = :pk" + (" AND begins_with(gsi1sk, :prefix)" if sk_prefix else "")
        expr = values(pk=pk, **({"prefix": sk_prefix} if sk_prefix else {}))
        kwargs: dict[str, Any] = {}
        if filters:
            terms = []
            for n, (attribute, value) in enumerate(sorted(filters.items())):
                name = f"f{n}"
                terms.append(f"contains({attribute}, :{name})" if attribute == "scripts" else f"{attribute} = :{name}")
                expr.update(values(**{name: value}))
            kwargs["FilterExpression"] = " AND ".join(terms)
        items: list[dict[str, Any]] = []
        while True:
            result = self._db.query(TableName=self._table, IndexName="gsi1", KeyConditionExpression=condition,
                                    ExpressionAttributeValues=expr, Limit=limit, ScanIndexForward=not newest_first,
                                    **kwargs, **({"ExclusiveStartKey": start} if start else {}))
            page = result.get("Items", [])
            last = result.get("LastEvaluatedKey")
            if len(items) + len(page) >= limit:
                page = page[: limit - len(items)]
                items += page
                more = last is not None or len(page) < len(result.get("Items", []))
                keys = {k: page[-1][k] for k in ("pk", "sk", "gsi1pk", "gsi1sk")}
                return [from_item(i) for i in items], keys if more else None
            items += page
            if last is None or not filters:
                return [from_item(i) for i in items], last
            start = last

    # --- fonts -------------------------------------------------------------------------
    def put_font(self, font: FontOut) -> None:
        item = {**font.model_dump(mode="json"), "pk": f"FONT#{font.font_id}", "sk": "META",
                "gsi1pk": f"FONTS#{scope_key(font.owner_id, font.public)}",
                "gsi1sk": f"{font.family.lower()}#{font.font_id}"}
        self._db.put_item(TableName=self._table, Item=to_item(item))

    def get_font(self, font_id: str) -> FontOut | None:
        item = self._db.get_item(TableName=self._table, Key=_font_key(font_id))
        return FontOut.model_validate(from_item(item["Item"])) if "Item" in item else None

    def get_fonts(self, font_ids: list[str]) -> dict[str, FontOut]:
        """The fonts of ``font_ids`` that exist, by id (one ``BatchGetItem`` per 100)."""
        fonts = (FontOut.model_validate(from_item(item)) for item in self._get_many([_font_key(f) for f in font_ids]))
        return {font.font_id: font for font in fonts}

    def list_fonts(self, scope: str, family_prefix: str | None, cjk: bool | None, limit: int,
                   start: Position, covers: str | None = None) -> tuple[list[FontOut], Position]:
        filters: dict[str, Any] = {} if cjk is None else {"supports_cjk": cjk}
        if covers is not None:
            filters["scripts"] = covers
        rows, last = self._page(f"FONTS#{scope}", limit, start,
                                sk_prefix=family_prefix.lower() if family_prefix else None, filters=filters)
        return [FontOut.model_validate(r) for r in rows], last

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

    def list_assets(self, scope: str, category: str, limit: int, start: Position
                    ) -> tuple[list[AssetOut], Position]:
        rows, last = self._page(f"ASSETS#{scope}#{category}", limit, start, newest_first=True)
        return [AssetOut.model_validate(r) for r in rows], last

    def search(self, kind: str, scope: str, prefix: str, limit: int) -> list[AssetOut]:
        result = self._db.query(TableName=self._table, KeyConditionExpression="pk = :pk AND begins_with(sk, :p)",
                                ExpressionAttributeValues=values(pk=f"{kind}#{scope}#{prefix[0]}", p=prefix),
                                Limit=limit)
        return [AssetOut.model_validate(from_item(i)) for i in result.get("Items", [])]

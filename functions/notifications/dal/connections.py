"""The only code that touches the connections table: ``CONN#<id>``/``META``, by user in ``gsi1``."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from botocore.exceptions import ClientError
from design_agent.dynamo import DynamoRepository, from_item, is_condition_failure, to_item, values

from functions.notifications.models.domain import Connection

CONNECTION_TTL_S = 2 * 3600  # API Gateway closes a WebSocket connection after two hours


def _key(connection_id: str) -> dict[str, Any]:
    return {"pk": {"S": f"CONN#{connection_id}"}, "sk": {"S": "META"}}


def _connection(item: dict[str, Any]) -> Connection:
    return Connection.model_validate(from_item(item))


class ConnectionsRepository(DynamoRepository):
    def put(self, connection: Connection) -> None:
        expires = int(connection.connected_at.timestamp()) + CONNECTION_TTL_S
        self._db.put_item(TableName=self._table, Item=to_item({
            **connection.model_dump(mode="json"), "pk": f"CONN#{connection.connection_id}", "sk": "META",
            "gsi1pk": f"USER#{connection.user_id}", "gsi1sk": f"CONN#{connection.connection_id}",
            "expires_at": expires}))

    def delete(self, connection_id: str) -> None:
        self._db.delete_item(TableName=self._table, Key=_key(connection_id))

    def get(self, connection_id: str, now: datetime) -> Connection | None:
        item = self._db.get_item(TableName=self._table, Key=_key(connection_id)).get("Item")
        if not item or int(item.get("expires_at", {}).get("N", "0")) <= now.timestamp():
            return None  # TTL deletion is lazy: an expired item is absent
        return _connection(item)

    def for_user(self, user_id: str, now: datetime) -> list[Connection]:
        items = self._query_all(IndexName="gsi1", KeyConditionExpression="gsi1pk = :pk",
                                FilterExpression="expires_at > :now",
                                ExpressionAttributeValues=values(pk=f"USER#{user_id}", now=int(now.timestamp())))
        return [_connection(item) for item in items]

    def set_subscriptions(self, connection_id: str, task_ids: list[str]) -> bool:
        """False when the connection is gone."""
        try:
            self._db.update_item(TableName=self._table, Key=_key(connection_id),
                                 UpdateExpression="SET task_ids = :ids", ConditionExpression="attribute_exists(pk)",
                                 ExpressionAttributeValues=values(ids=task_ids))
        except ClientError as exc:
            if is_condition_failure(exc):
                return False
            raise
        return True

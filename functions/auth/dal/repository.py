"""The only code that touches the Auth table. Key layout: see ``design_agent.revocations``, plus
``REFRESH#<sha256>/TOKEN`` (refresh tokens) and ``CLIENT#<id>/META`` (machine clients, gsi1 ``CLIENTS``)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from botocore.exceptions import ClientError
from design_agent import errors
from design_agent.dynamo import (
    DynamoRepository,
    Position,
    cancellation_codes,
    from_item,
    is_condition_failure,
    to_item,
    values,
)
from design_agent.revocations import jti_key, session_key, tokens_valid_after_ms, user_status_key

from functions.auth.models.domain import MachineClient, RefreshRecord, Session, UserStatus

CLIENTS = "CLIENTS"  # gsi1 partition of every machine client, newest first (gsi1sk: the client id, a ULID)


def _refresh_key(token_hash: str) -> dict[str, Any]:
    return {"pk": {"S": f"REFRESH#{token_hash}"}, "sk": {"S": "TOKEN"}}


def _client_key(client_id: str) -> dict[str, Any]:
    return {"pk": {"S": f"CLIENT#{client_id}"}, "sk": {"S": "META"}}


def _epoch(value: datetime) -> int:
    return int(value.timestamp())


class StaleRefreshToken(Exception):
    """The refresh token was used by a concurrent request a moment ago."""


class AuthRepository(DynamoRepository):
    # --- writes ------------------------------------------------------------------------
    def _session_put(self, session: Session) -> dict[str, Any]:
        item = to_item({
            "pk": f"SESSION#{session.session_id}", "sk": "META",
            "gsi1pk": f"USER#{session.user_id}", "gsi1sk": f"SESSION#{session.session_id}",
            "user_id": session.user_id, "role": session.role,
            "created_at": session.created_at.isoformat(), "last_used_at": session.last_used_at.isoformat(),
            "session_expires_at": session.expires_at.isoformat(), "expires_at": _epoch(session.expires_at),
            "revoked": False, "source_ip": session.source_ip, "user_agent": session.user_agent,
        })
        return {"Put": {"TableName": self._table, "Item": item,
                        "ConditionExpression": "attribute_not_exists(pk)"}}

    def _refresh_put(self, record: RefreshRecord) -> dict[str, Any]:
        item = to_item({
            **{k: v["S"] for k, v in _refresh_key(record.token_hash).items()},
            "session_id": record.session_id, "user_id": record.user_id, "status": "active",
            "expires_at": _epoch(record.expires_at),
        })
        return {"Put": {"TableName": self._table, "Item": item,
                        "ConditionExpression": "attribute_not_exists(pk)"}}

    def create_session(self, session: Session, refresh: RefreshRecord) -> None:
        """Session, its first refresh token and the user's current role, in one transaction."""
        status = {"Update": {
            "TableName": self._table, "Key": user_status_key(session.user_id),
            "UpdateExpression": "SET #role = :role, #status = if_not_exists(#status, :active)",
            "ExpressionAttributeNames": {"#role": "role", "#status": "status"},
            "ExpressionAttributeValues": values(role=session.role, active="active"),
        }}
        self._db.transact_write_items(TransactItems=[self._session_put(session), self._refresh_put(refresh), status])

    def rotate_refresh(self, old_hash: str, new: RefreshRecord, now: datetime, sealed_successor: str) -> None:
        """Mark the old token used (keeping its successor, sealed) and store the successor; ``StaleRefreshToken``
        if it was used already."""
        items = [
            {"Update": {
                "TableName": self._table, "Key": _refresh_key(old_hash),
                "UpdateExpression": "SET #status = :used, used_at = :now, successor = :successor",
                "ConditionExpression": "#status = :active",
                "ExpressionAttributeNames": {"#status": "status"},
                "ExpressionAttributeValues": values(used="used", now=now.isoformat(), active="active",
                                                    successor=sealed_successor),
            }},
            self._refresh_put(new),
            {"Update": {
                "TableName": self._table, "Key": session_key(new.session_id),
                "UpdateExpression": "SET last_used_at = :now",
                "ConditionExpression": "revoked = :false",
                "ExpressionAttributeValues": values(now=now.isoformat(), false=False),
            }},
        ]
        try:
            self._db.transact_write_items(TransactItems=items)
        except ClientError as exc:
            codes = cancellation_codes(exc)
            if codes and codes[0] == "ConditionalCheckFailed":
                raise StaleRefreshToken from exc
            if len(codes) > 2 and codes[2] == "ConditionalCheckFailed":
                raise errors.InvalidToken("The session has ended") from exc
            raise

    def revoke_session(self, session_id: str, reason: str, user_id: str | None = None) -> bool:
        """True if this call revoked it; False if it was already revoked. ``NotFound`` if absent/not owned."""
        condition = "attribute_exists(pk)" + (" AND user_id = :uid" if user_id else "")
        expr_values = values(true=True, reason=reason, **({"uid": user_id} if user_id else {}))
        try:
            result = self._db.update_item(
                TableName=self._table, Key=session_key(session_id),
                UpdateExpression="SET revoked = :true, revoked_reason = if_not_exists(revoked_reason, :reason)",
                ConditionExpression=condition, ExpressionAttributeValues=expr_values, ReturnValues="UPDATED_OLD",
            )
        except ClientError as exc:
            if is_condition_failure(exc):
                raise errors.NotFound("No such session") from exc
            raise
        return not bool(result.get("Attributes", {}).get("revoked", {}).get("BOOL", False))

    def revoke_jti(self, jti: str, expires_at: int) -> None:
        self._db.put_item(TableName=self._table, Item={**jti_key(jti), "expires_at": {"N": str(expires_at)}})

    def _status_update(self, status: UserStatus, revoke_tokens_at_ms: int | None) -> dict[str, Any]:
        """The ``USER#<id>/STATUS`` item the authorizer reads (for a user or a machine client); a revocation
        refuses every token issued before ``revoke_tokens_at_ms`` (epoch ms)."""
        expr = "SET #role = :role, #status = :status"
        expr_values = values(role=status.role, status=status.status)
        if revoke_tokens_at_ms is not None:
            expr += ", tokens_valid_after_ms = :after"
            expr_values.update(values(after=revoke_tokens_at_ms))
        return {"TableName": self._table, "Key": user_status_key(status.user_id), "UpdateExpression": expr,
                "ExpressionAttributeNames": {"#role": "role", "#status": "status"},
                "ExpressionAttributeValues": expr_values}

    def put_user_status(self, status: UserStatus, revoke_tokens_at_ms: int | None) -> None:
        self._db.update_item(**self._status_update(status, revoke_tokens_at_ms))

    def create_client(self, client: MachineClient) -> None:
        """The client and its status for the authorizer (active, its role), in one transaction."""
        item = to_item({
            **{k: v["S"] for k, v in _client_key(client.client_id).items()},
            "gsi1pk": CLIENTS, "gsi1sk": client.client_id, "name": client.name, "description": client.description,
            "role": client.role, "status": client.status, "secret_hash": client.secret_hash,
            "created_at": client.created_at.isoformat(),
        })
        status = UserStatus(user_id=client.client_id, role=client.role)
        self._db.transact_write_items(TransactItems=[
            {"Put": {"TableName": self._table, "Item": item, "ConditionExpression": "attribute_not_exists(pk)"}},
            {"Update": self._status_update(status, None)},
        ])

    def disable_client(self, client_id: str, role: str, now: datetime, revoke_tokens_at_ms: int) -> None:
        """Mark it disabled and block its subject at the authorizer, in one transaction; ``NotFound`` if absent."""
        client = {
            "TableName": self._table, "Key": _client_key(client_id),
            "UpdateExpression": "SET #status = :disabled, disabled_at = if_not_exists(disabled_at, :now)",
            "ConditionExpression": "attribute_exists(pk)", "ExpressionAttributeNames": {"#status": "status"},
            "ExpressionAttributeValues": values(disabled="disabled", now=now.isoformat()),
        }
        blocked = UserStatus(user_id=client_id, role=role, status="blocked")
        try:
            self._db.transact_write_items(TransactItems=[
                {"Update": client}, {"Update": self._status_update(blocked, revoke_tokens_at_ms)}])
        except ClientError as exc:
            if cancellation_codes(exc)[:1] == ["ConditionalCheckFailed"]:
                raise errors.NotFound("No such client") from exc
            raise

    # --- reads -------------------------------------------------------------------------
    def get_refresh(self, token_hash: str) -> RefreshRecord | None:
        item = self._db.get_item(TableName=self._table, Key=_refresh_key(token_hash), ConsistentRead=True).get("Item")
        if not item:
            return None
        data = from_item(item)
        return RefreshRecord(token_hash=token_hash, session_id=data["session_id"], user_id=data["user_id"],
                             status=data["status"], expires_at=data["expires_at"], used_at=data.get("used_at"),
                             successor=data.get("successor"))

    def get_session_and_user(self, session_id: str, user_id: str) -> tuple[Session | None, UserStatus | None]:
        result = self._db.batch_get_item(RequestItems={self._table: {
            "Keys": [session_key(session_id), user_status_key(user_id)], "ConsistentRead": True}})
        session = status = None
        for item in result.get("Responses", {}).get(self._table, []):
            data = from_item(item)
            if data["pk"].startswith("SESSION#"):
                session = _session(data)
            else:
                status = UserStatus(user_id=user_id, role=data.get("role", "user"),
                                    status=data.get("status", "active"),
                                    tokens_valid_after_ms=tokens_valid_after_ms(item))
        return session, status

    def list_sessions(self, user_id: str, limit: int = 100) -> list[Session]:
        result = self._db.query(
            TableName=self._table, IndexName="gsi1", KeyConditionExpression="gsi1pk = :pk",
            ExpressionAttributeValues=values(pk=f"USER#{user_id}"), ScanIndexForward=False, Limit=limit)
        return [_session(from_item(item)) for item in result.get("Items", [])]

    def get_client(self, client_id: str) -> MachineClient | None:
        item = self._db.get_item(TableName=self._table, Key=_client_key(client_id), ConsistentRead=True).get("Item")
        return _client(from_item(item)) if item else None

    def list_clients(self, limit: int, start: Position) -> tuple[list[MachineClient], Position]:
        items, last = self._index_page("gsi1", "gsi1pk", CLIENTS, limit, start)
        return [_client(from_item(item)) for item in items], last


def _client(data: dict[str, Any]) -> MachineClient:
    return MachineClient(
        client_id=data["pk"].removeprefix("CLIENT#"), name=data["name"], description=data.get("description"),
        role=data["role"], status=data["status"], secret_hash=data["secret_hash"], created_at=data["created_at"],
        disabled_at=data.get("disabled_at"),
    )


def _session(data: dict[str, Any]) -> Session:
    return Session(
        session_id=data["pk"].removeprefix("SESSION#"), user_id=data["user_id"], role=data.get("role", "user"),
        created_at=data["created_at"], last_used_at=data["last_used_at"],
        expires_at=data["session_expires_at"], revoked=bool(data.get("revoked", False)),
        revoked_reason=data.get("revoked_reason"), source_ip=data.get("source_ip"),
        user_agent=data.get("user_agent"),
    )

"""Is a verified access token still good? One BatchGetItem on the Auth service's table.

The Auth service owns the table and writes these items; the authorizer and the
WebSocket ``$connect`` only read them (read-only grant). Key layout (the contract):

- ``JTI#<jti>`` / ``REVOKED``     a logged-out access token, kept until it expires (TTL)
- ``SESSION#<sid>`` / ``META``    the session; ``revoked`` true once logged out / reused / revoked
- ``USER#<id>`` / ``STATUS``      ``status`` (active|blocked) and ``tokens_valid_after_ms`` (epoch ms: tokens
                                  issued before it are refused; ``tokens_valid_after``, epoch s, on older items)
"""

from __future__ import annotations

import time
from typing import Any

from design_agent import errors
from design_agent.clients import AwsClients, aws
from design_agent.tokens import AccessClaims


def jti_key(jti: str) -> dict[str, dict[str, str]]:
    return {"pk": {"S": f"JTI#{jti}"}, "sk": {"S": "REVOKED"}}


def session_key(sid: str) -> dict[str, dict[str, str]]:
    return {"pk": {"S": f"SESSION#{sid}"}, "sk": {"S": "META"}}


def user_status_key(user_id: str) -> dict[str, dict[str, str]]:
    return {"pk": {"S": f"USER#{user_id}"}, "sk": {"S": "STATUS"}}


def tokens_valid_after_ms(item: dict[str, Any]) -> int:
    """The revocation instant of a ``USER#<id>/STATUS`` item (DynamoDB JSON), in epoch ms (0: none)."""
    if "tokens_valid_after_ms" in item:
        return int(item["tokens_valid_after_ms"]["N"])
    return int(item.get("tokens_valid_after", {}).get("N", "0")) * 1000


class RevocationStore:
    def __init__(self, table_name: str, clients: AwsClients | None = None) -> None:
        self._table = table_name
        self._clients = clients or aws()

    def ensure_active(self, claims: AccessClaims, now: float | None = None) -> None:
        now = time.time() if now is None else now
        keys = [jti_key(claims.jti), user_status_key(claims.sub)]
        if claims.sid:
            keys.append(session_key(claims.sid))
        found = self._get(keys)
        jti = found.get(f"JTI#{claims.jti}")
        if jti and int(jti.get("expires_at", {}).get("N", "0")) > now:
            raise errors.InvalidToken("The token has been revoked")
        user = found.get(f"USER#{claims.sub}")
        if user:
            if user.get("status", {}).get("S") == "blocked":
                raise errors.InvalidToken("The account is blocked")
            if claims.issued_at_ms < tokens_valid_after_ms(user):
                raise errors.InvalidToken("The token was issued before the account's tokens were revoked")
        if claims.sid:
            session = found.get(f"SESSION#{claims.sid}")
            if session is None or session.get("revoked", {}).get("BOOL", False):
                raise errors.InvalidToken("The session has ended")

    def _get(self, keys: list[dict[str, dict[str, str]]]) -> dict[str, dict[str, Any]]:
        request: dict[str, Any] = {self._table: {"Keys": keys, "ConsistentRead": True}}
        items: dict[str, dict[str, Any]] = {}
        client = self._clients.dynamodb()
        for _ in range(5):
            result = client.batch_get_item(RequestItems=request)
            for item in result.get("Responses", {}).get(self._table, []):
                items[item["pk"]["S"]] = item
            request = result.get("UnprocessedKeys") or {}
            if not request:
                return items
        raise errors.UpstreamError("Could not check token revocation")

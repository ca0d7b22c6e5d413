"""Helpers of the SDK and CLI integration tests: signed-in SDK clients, an access token that has really
expired (signed with the platform's current key, an hour old), the WebSocket connections of a user."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import boto3
from design_agent.spec import Secret
from design_agent.tokens import KeySet, issue_access_token
from design_agent_sdk import DesignAgent, MemoryTokenStore, Options, TokenStore

from functions.notifications.service import CONNECTIONS_TABLE
from tests.integration.conftest import CREDENTIALS, STAGE, Account, Platform

SIGNING_KEYS = Secret("jwt-signing-keys")


def sdk_for(platform: Platform, who: Account, store: TokenStore | None = None, **options: object) -> DesignAgent:
    return DesignAgent.sign_in(platform.url, who.email, who.password, store=store or MemoryTokenStore(),
                               options=Options(ws_url=platform.ws_url, **options))  # type: ignore[arg-type]


def expired_access_token(platform: Platform, user_id: str, session_id: str | None) -> str:
    """What a session's access token is an hour after it was issued: refused with 401 by the authorizer."""
    raw = platform.boto("secretsmanager").get_secret_value(SecretId=SIGNING_KEYS.physical_name(STAGE))
    keys = KeySet.model_validate(json.loads(raw["SecretString"]))
    token, _ = issue_access_token(keys, subject=user_id, role="user", session_id=session_id, ttl_s=900,
                                  issuer="design-agent", now=datetime.now(UTC) - timedelta(hours=1))
    return token


def expire_access_token(platform: Platform, sdk: DesignAgent, user_id: str) -> str:
    """Let the client's access token expire as if 15 minutes had passed (its refresh token stays good)."""
    store = sdk.auth.store
    with store.exclusive():
        tokens = store.load()
        assert tokens is not None
        expired = expired_access_token(platform, user_id, tokens.session_id)
        store.save(replace(tokens, access_token=expired))
    return expired


def connection_ids(platform: Platform, user_id: str) -> list[str]:
    answer = platform.boto("dynamodb").query(
        TableName=CONNECTIONS_TABLE.physical_name(STAGE), IndexName="gsi1",
        KeyConditionExpression="gsi1pk = :pk", ExpressionAttributeValues={":pk": {"S": f"USER#{user_id}"}})
    return [item["connection_id"]["S"] for item in answer["Items"]]


def drop_connections(platform: Platform, user_id: str) -> int:
    """Close the user's WebSockets from the server side (the @connections DELETE of API Gateway)."""
    api = boto3.client("apigatewaymanagementapi", endpoint_url=f"{platform.url}/_ws", region_name="us-east-1",
                       aws_access_key_id=CREDENTIALS["AWS_ACCESS_KEY_ID"],  # the platform's (it checks them)
                       aws_secret_access_key=CREDENTIALS["AWS_SECRET_ACCESS_KEY"])
    ids = connection_ids(platform, user_id)
    for connection_id in ids:
        api.delete_connection(ConnectionId=connection_id)
    return len(ids)

"""API Gateway REST (v1) Lambda proxy events and REQUEST authorizer events, shaped exactly like AWS's."""

from __future__ import annotations

import base64
import fnmatch
import time
import uuid
from typing import Any
from urllib.parse import unquote

from design_agent.gateway_responses import BINARY_MEDIA_TYPES

from local_platform.functions import ACCOUNT, REGION
from local_platform.routes import Match

API_ID = "local"


def is_binary(content_type: str | None) -> bool:
    media_type = (content_type or "").split(";")[0].strip().lower()
    return bool(media_type) and any(fnmatch.fnmatchcase(media_type, t) for t in BINARY_MEDIA_TYPES)


def _multi(pairs: list[tuple[str, str]]) -> tuple[dict[str, str] | None, dict[str, list[str]] | None]:
    if not pairs:
        return None, None
    multi: dict[str, list[str]] = {}
    for key, value in pairs:
        multi.setdefault(key, []).append(value)
    return {k: v[-1] for k, v in multi.items()}, multi


def method_arn(stage: str, method: str, path: str) -> str:
    return f"arn:aws:execute-api:{REGION}:{ACCOUNT}:{API_ID}/{stage}/{method.upper()}{path}"


def request_context(stage: str, method: str, path: str, resource: str, source_ip: str, user_agent: str | None,
                    request_id: str) -> dict[str, Any]:
    now = time.time()
    return {
        "accountId": ACCOUNT, "apiId": API_ID, "stage": stage, "requestId": request_id,
        "extendedRequestId": request_id, "httpMethod": method, "path": f"/{stage}{path}", "resourcePath": resource,
        "resourceId": "local", "protocol": "HTTP/1.1", "requestTime": time.strftime("%d/%b/%Y:%H:%M:%S +0000",
                                                                                  time.gmtime(now)),
        "requestTimeEpoch": int(now * 1000), "domainName": "127.0.0.1", "domainPrefix": "127",
        "identity": {"sourceIp": source_ip, "userAgent": user_agent, "accountId": None, "caller": None,
                     "user": None, "userArn": None, "cognitoIdentityId": None, "accessKey": None},
    }


def proxy_event(*, stage: str, method: str, path: str, match: Match, headers: list[tuple[str, str]],
                query: list[tuple[str, str]], body: bytes, source_ip: str, request_id: str,
                authorizer: dict[str, Any] | None) -> dict[str, Any]:
    single_headers, multi_headers = _multi(headers)
    single_query, multi_query = _multi(query)
    content_type = next((v for k, v in headers if k.lower() == "content-type"), None)
    binary = is_binary(content_type)
    text_body: str | None = None
    if body:
        text_body = base64.b64encode(body).decode() if binary else body.decode("utf-8", errors="replace")
    user_agent = next((v for k, v in headers if k.lower() == "user-agent"), None)
    context = request_context(stage, method, path, match.route.template, source_ip, user_agent, request_id)
    if authorizer is not None:
        context["authorizer"] = authorizer
    return {
        "resource": match.route.template, "path": path, "httpMethod": method,
        "headers": single_headers, "multiValueHeaders": multi_headers,
        "queryStringParameters": single_query, "multiValueQueryStringParameters": multi_query,
        "pathParameters": {k: unquote(v) for k, v in match.params.items()} or None,
        "stageVariables": None, "requestContext": context, "body": text_body, "isBase64Encoded": binary and bool(body),
    }


def authorizer_event(*, stage: str, method: str, path: str, match: Match, headers: list[tuple[str, str]],
                     query: list[tuple[str, str]], source_ip: str, request_id: str) -> dict[str, Any]:
    single_headers, multi_headers = _multi(headers)
    single_query, multi_query = _multi(query)
    user_agent = next((v for k, v in headers if k.lower() == "user-agent"), None)
    return {
        "type": "REQUEST", "methodArn": method_arn(stage, method, path), "resource": match.route.template,
        "path": path, "httpMethod": method, "headers": single_headers, "multiValueHeaders": multi_headers,
        "queryStringParameters": single_query, "multiValueQueryStringParameters": multi_query,
        "pathParameters": dict(match.params), "stageVariables": {},
        "requestContext": request_context(stage, method, path, match.route.template, source_ip, user_agent,
                                          request_id),
    }


def new_request_id() -> str:
    return str(uuid.uuid4())

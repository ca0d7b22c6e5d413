"""The HTTP side of the local platform on one port: API Gateway REST (proxy integration, authorizer, CORS,
payload limit, integration timeout, access log), the Lambda Invoke API, and a few ``/_local`` helpers."""

from __future__ import annotations

import base64
import json
import re
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Any
from urllib.parse import parse_qsl

from design_agent import gateway_responses as gw
from design_agent.spec import Auth
from werkzeug.wrappers import Request, Response

from local_platform.authorizer import AuthorizerRunner
from local_platform.functions import FunctionFailed, FunctionRegistry
from local_platform.proxy_events import authorizer_event, new_request_id, proxy_event
from local_platform.routes import RouteTable

INVOKE_PATH = re.compile(r"^/2015-03-31/functions/(?P<name>[^/]+)/invocations$")
SCHEDULE_PATH = re.compile(r"^/_local/schedules/(?P<name>[^/]+)$")
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Headers": "Authorization,Content-Type,Idempotency-Key,If-Match,If-None-Match",
    "Access-Control-Expose-Headers": "ETag,Location,Retry-After",
    "Access-Control-Max-Age": "600",
}


def query_pairs(raw: str) -> list[tuple[str, str]]:
    """The query string as UTF-8 key/value pairs, however the client sent it: percent-encoded (browsers) or
    raw UTF-8 (curl), which API Gateway decodes alike. WSGI hands the string over latin-1 encoded, and the
    werkzeug server has already read the request line as latin-1 once, so raw UTF-8 arrives encoded twice."""
    text = raw
    for _ in range(2):
        try:
            text = text.encode("latin-1").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            break
    return parse_qsl(text, keep_blank_values=True)


class HttpGateway:
    def __init__(self, *, registry: FunctionRegistry, routes: RouteTable, authorizer: AuthorizerRunner,
                 stage: str, ready: threading.Event, integration_timeout_s: float = gw.INTEGRATION_TIMEOUT_S,
                 payload_limit: int = gw.PAYLOAD_LIMIT_BYTES, openapi: Callable[[], dict[str, Any]] | None = None,
                 run_schedule: Callable[[str], Any] | None = None, log: Callable[[str], None] | None = None) -> None:
        self.registry = registry
        self.routes = routes
        self.authorizer = authorizer
        self.stage = stage
        self.ready = ready
        self.timeout_s = integration_timeout_s
        self.payload_limit = payload_limit
        self.openapi = openapi
        self.run_schedule = run_schedule
        self._log = log or (lambda line: print(line, file=sys.stdout, flush=True))
        self._pool = ThreadPoolExecutor(max_workers=64, thread_name_prefix="lambda")

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        request = Request(environ)
        started = time.monotonic()
        request_id = new_request_id()
        subject: list[str | None] = [None]
        try:
            response = self._dispatch(request, request_id, subject)
        except Exception as exc:
            self._log(json.dumps({"level": "ERROR", "message": "gateway error", "error": repr(exc)}))
            response = self._gateway(gw.DEFAULT_5XX, request_id)
        if not request.path.startswith("/2015-03-31/"):
            self._log(json.dumps({
                "requestId": request_id, "ip": request.remote_addr, "method": request.method, "path": request.path,
                "status": response.status_code, "responseLength": response.calculate_content_length(),
                "latencyMs": round((time.monotonic() - started) * 1000, 1), "principal": subject[0]}))
        return response(environ, start_response)

    # --- dispatch ------------------------------------------------------------------------
    def _dispatch(self, request: Request, request_id: str, subject: list[str | None]) -> Response:
        if (found := INVOKE_PATH.match(request.path)) and request.method == "POST":
            return self._invoke_api(request, found["name"])
        if (found := SCHEDULE_PATH.match(request.path)) and request.method == "POST" and self.run_schedule:
            return Response(json.dumps(self.run_schedule(found["name"]), default=str), 200,
                            content_type="application/json")
        if request.path == "/api/v1/openapi.json" and request.method == "GET" and self.openapi:
            return Response(json.dumps(self.openapi()), 200, content_type="application/json", headers=CORS_HEADERS)
        if request.path == "/api/v1/health" and not self.ready.is_set():
            return Response(json.dumps({"status": "starting"}), 503, content_type="application/json")
        if request.method == "OPTIONS":
            return self._preflight(request, request_id)
        length = request.content_length or 0
        if length > self.payload_limit:
            return self._gateway(gw.REQUEST_TOO_LARGE, request_id)
        body = request.get_data(cache=False)
        if len(body) > self.payload_limit:
            return self._gateway(gw.REQUEST_TOO_LARGE, request_id)
        match = self.routes.match(request.method, request.path)
        if match is None:
            return self._gateway(gw.MISSING_AUTHENTICATION_TOKEN, request_id)
        headers = [(k, v) for k, v in request.headers.items()]
        query = query_pairs(request.environ.get("QUERY_STRING", ""))
        source_ip = request.remote_addr or "127.0.0.1"
        authorizer_context: dict[str, Any] | None = None
        if match.route.function.operation.auth is not Auth.NONE:
            identity = request.headers.get("Authorization")
            decision = self.authorizer.authorize(identity, authorizer_event(
                stage=self.stage, method=request.method, path=request.path, match=match, headers=headers,
                query=query, source_ip=source_ip, request_id=request_id))
            if decision.status == 401:
                return self._gateway(gw.UNAUTHORIZED, request_id)
            if decision.status == 403:
                return self._gateway(gw.ACCESS_DENIED, request_id)
            if decision.status != 200:
                return self._gateway(gw.DEFAULT_5XX, request_id)
            authorizer_context = decision.context
            subject[0] = (decision.context or {}).get("principalId")
        event = proxy_event(stage=self.stage, method=request.method, path=request.path, match=match,
                            headers=headers, query=query, body=body, source_ip=source_ip, request_id=request_id,
                            authorizer=authorizer_context)
        future = self._pool.submit(self.registry.invoke, match.route.function, event)
        try:
            result = future.result(timeout=self.timeout_s)
        except FutureTimeout:
            return self._gateway(gw.INTEGRATION_TIMEOUT, request_id)
        except FunctionFailed as failed:
            self._log(json.dumps({"level": "ERROR", "message": "function failed", "requestId": request_id,
                                  **failed.payload}))
            return self._gateway(gw.DEFAULT_5XX, request_id)
        return self._proxy_response(result, request_id)

    def _proxy_response(self, result: Any, request_id: str) -> Response:
        if not isinstance(result, dict) or "statusCode" not in result:
            return self._gateway(gw.DEFAULT_5XX, request_id)
        body = result.get("body") or ""
        data = base64.b64decode(body) if result.get("isBase64Encoded") else str(body).encode()
        response = Response(data, int(result["statusCode"]))
        response.headers.pop("Content-Type", None)
        for key, value in (result.get("headers") or {}).items():
            response.headers[key] = str(value)
        for key, values in (result.get("multiValueHeaders") or {}).items():
            response.headers.remove(key)
            for value in values:
                response.headers.add(key, str(value))
        response.headers["x-amzn-RequestId"] = request_id
        return response

    def _gateway(self, spec: gw.GatewayResponse, request_id: str) -> Response:
        headers = {**CORS_HEADERS, "x-amzn-RequestId": request_id, "x-amzn-ErrorType": spec.response_type}
        return Response(spec.body(request_id), spec.status, content_type="application/problem+json", headers=headers)

    def _preflight(self, request: Request, request_id: str) -> Response:
        methods = self.routes.methods_for(request.path)
        if not methods:
            return self._gateway(gw.MISSING_AUTHENTICATION_TOKEN, request_id)
        return Response(b"", 204, headers={**CORS_HEADERS, "Access-Control-Allow-Methods": ",".join(
            [*methods, "OPTIONS"])})

    # --- the Lambda Invoke API ------------------------------------------------------------
    def _invoke_api(self, request: Request, name: str) -> Response:
        fn = self.registry.find(name)
        if fn is None:
            return Response(json.dumps({"Type": "User", "message": f"Function not found: {name}"}), 404,
                            content_type="application/json",
                            headers={"x-amzn-ErrorType": "ResourceNotFoundException"})
        payload = request.get_data() or b"{}"
        try:
            event = json.loads(payload)
        except ValueError:
            return Response(json.dumps({"Type": "User", "message": "Could not parse request body into json"}), 400,
                            content_type="application/json",
                            headers={"x-amzn-ErrorType": "InvalidRequestContentException"})
        if request.headers.get("X-Amz-Invocation-Type") == "Event":
            self._pool.submit(self._invoke_quietly, fn, event)
            return Response(b"", 202)
        try:
            result = self.registry.invoke(fn, event)
        except FunctionFailed as failed:
            return Response(json.dumps(failed.payload), 200, content_type="application/json",
                            headers={"X-Amz-Function-Error": "Unhandled", "X-Amz-Executed-Version": "$LATEST"})
        return Response(json.dumps(result, default=str), 200, content_type="application/json",
                        headers={"X-Amz-Executed-Version": "$LATEST"})

    def _invoke_quietly(self, fn: Any, event: Any) -> None:
        try:
            self.registry.invoke(fn, event)
        except FunctionFailed as failed:
            self._log(json.dumps({"level": "ERROR", "message": "async invoke failed", **failed.payload}))

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)

"""The HTTP side of the local platform on one port: API Gateway REST (proxy integration, authorizer, CORS,
payload limit, integration timeout, access log), the Lambda Invoke API, the WebSocket ``@connections`` API and
``/_local`` helpers. The last three answer only requests signed (SigV4) with the platform's credentials, as AWS
does: they reach every function and every connection, so unsigned they would be a remote takeover."""

from __future__ import annotations

import base64
import json
import re
import threading
import time
import uuid
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import parse_qsl, unquote

from design_agent import errors, json_input
from design_agent import gateway_responses as gw
from design_agent.cors import CorsPolicy
from design_agent.spec import Auth, Throttle
from werkzeug.wrappers import Request, Response

from local_platform.authorizer import AuthorizerRunner
from local_platform.console import ConsoleSite
from local_platform.functions import FunctionFailed, FunctionRegistry, FunctionTimedOut, LocalFunction
from local_platform.log_writer import StdoutLog
from local_platform.proxy_events import authorizer_event, new_request_id, proxy_event
from local_platform.routes import Match, RouteTable
from local_platform.sigv4 import SigV4Verifier
from local_platform.throttling import SourceBuckets, TokenBucket
from local_platform.websocket_gateway import Gone, WebSocketGateway

INVOKE_PATH = re.compile(r"^/2015-03-31/functions/(?P<name>[^/]+)/invocations$")
LOCAL_ACTION_PATH = re.compile(r"^/_local/(?P<kind>[a-z-]+)/(?P<name>[^/]+)$")
LOCAL_READ_PATH = re.compile(r"^/_local/(?P<name>[a-z-]+)$")
CONNECTIONS_PREFIX = "/_ws"  # WEBSOCKET_CALLBACK_URL = <http url>/_ws, as https://<api>.execute-api.../<stage>
CONNECTION_PATH = re.compile(rf"^{CONNECTIONS_PREFIX}/@connections/(?P<id>[^/]+)$")
HEALTH_PATH = "/api/v1/health"
LocalAction = Callable[[str], Any]  # /_local/<kind>/<name> -> JSON-able result
MANAGEMENT = "execute-api"  # the service @connections and /_local requests are signed for (as API Gateway's)


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


def forwarded_headers(request: Request) -> list[tuple[str, str]]:
    """The request headers plus those API Gateway adds on the way to the integration."""
    headers = [(k, v) for k, v in request.headers.items() if k.lower() != "x-forwarded-for"]
    ip = request.remote_addr or "127.0.0.1"
    chain = request.headers.get("X-Forwarded-For")
    trace = f"Root=1-{int(time.time()):08x}-{uuid.uuid4().hex[:24]}"
    return [*headers, ("X-Forwarded-For", f"{chain}, {ip}" if chain else ip),
            ("X-Forwarded-Port", str(request.server[1] if request.server and request.server[1] else 80)),
            ("X-Forwarded-Proto", request.scheme), ("X-Amzn-Trace-Id", trace)]


def _json(body: Any, status: int = 200, headers: Mapping[str, str] | None = None) -> Response:
    return Response(json.dumps(body, default=str), status, content_type="application/json", headers=headers)


class HttpGateway:
    def __init__(self, *, registry: FunctionRegistry, routes: RouteTable, authorizer: AuthorizerRunner,
                 stage: str, ready: threading.Event, integration_timeout_s: float = gw.INTEGRATION_TIMEOUT_S,
                 payload_limit: int = gw.PAYLOAD_LIMIT_BYTES,
                 local_actions: Mapping[str, LocalAction] | None = None,
                 local_reads: Mapping[str, Callable[[], Any]] | None = None,
                 websocket: WebSocketGateway | None = None, stage_limit: Throttle | None = None,
                 source_limits: bool = True, unlimited_sources: frozenset[str] = frozenset(),
                 log: Callable[[str], None] | None = None, verifier: SigV4Verifier,
                 console: ConsoleSite | None = None, cors: CorsPolicy | None = None) -> None:
        self.registry = registry
        self.routes = routes
        self.authorizer = authorizer
        self.stage = stage
        self.ready = ready
        self.timeout_s = integration_timeout_s
        self.payload_limit = payload_limit
        self.local_actions = dict(local_actions or {})
        self.local_reads = dict(local_reads or {})
        self.websocket = websocket
        self.verifier = verifier
        self.console = console
        self.cors = cors or CorsPolicy()  # the stage's origins (as its CDK renders preflights and gateway responses)
        self._stage_bucket = TokenBucket(stage_limit) if stage_limit else None
        self._route_buckets = {(r.method, r.function.operation.path): TokenBucket(r.function.operation.throttle)
                               for r in routes.routes if r.function.operation.throttle is not None}
        # what the stage's WAF rules do per client address on public routes (tests exempt their own address)
        self._source_buckets = {
            (r.method, r.function.operation.path): SourceBuckets(limit.bucket) for r in routes.routes
            if source_limits and (limit := r.function.operation.per_source_limit) is not None}
        self._unlimited_sources = unlimited_sources
        self._log = log or StdoutLog()

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        request = Request(environ)
        started = time.monotonic()
        request_id = new_request_id()
        principal: list[str | None] = [None]
        try:
            response = self._dispatch(request, request_id, principal)
        except Exception as exc:
            self._log(json.dumps({"level": "ERROR", "message": "gateway error", "error": repr(exc)}))
            response = self._gateway(gw.DEFAULT_5XX, request_id, request)
        self._log(json.dumps({
            "requestId": request_id, "ip": request.remote_addr, "method": request.method, "path": request.path,
            "status": response.status_code, "responseLength": response.calculate_content_length(),
            "latencyMs": round((time.monotonic() - started) * 1000, 1), "principal": principal[0]}))
        return response(environ, start_response)

    # --- dispatch ------------------------------------------------------------------------
    def _dispatch(self, request: Request, request_id: str, principal: list[str | None]) -> Response:
        if (found := INVOKE_PATH.match(request.path)) and request.method == "POST":
            return self._unsigned(request, "lambda") or self._invoke_api(request, found["name"])
        if (found := LOCAL_ACTION_PATH.match(request.path)) and request.method == "POST":
            return self._unsigned(request, MANAGEMENT) or self._local_action(found["kind"], found["name"])
        if (found := LOCAL_READ_PATH.match(request.path)) and request.method == "GET" \
                and found["name"] in self.local_reads:
            return self._unsigned(request, MANAGEMENT) or _json(self.local_reads[found["name"]]())
        if (found := CONNECTION_PATH.match(request.path)) and self.websocket is not None:
            return self._unsigned(request, MANAGEMENT) or self._connection(request, unquote(found["id"]))
        if self.console is not None and ConsoleSite.serves(request.path):
            return self.console(request)
        if request.path == HEALTH_PATH and not self.ready.is_set():
            return _json({"status": "starting", "stage": self.stage}, 503)
        if request.method == "OPTIONS":
            return self._preflight(request, request_id)
        if (request.content_length or 0) > self.payload_limit:
            return self._gateway(gw.REQUEST_TOO_LARGE, request_id, request)
        body = request.get_data(cache=False)
        if len(body) > self.payload_limit:  # chunked bodies carry no Content-Length
            return self._gateway(gw.REQUEST_TOO_LARGE, request_id, request)
        match = self.routes.match(request.method, request.path)
        if match is None:
            return self._gateway(gw.MISSING_AUTHENTICATION_TOKEN, request_id, request)
        source_ip = request.remote_addr or "127.0.0.1"
        if not self._within_limits(match, source_ip):
            return self._gateway(gw.THROTTLED, request_id, request)
        headers = forwarded_headers(request)
        query = query_pairs(request.environ.get("QUERY_STRING", ""))
        authorizer_context: dict[str, Any] | None = None
        if match.route.function.operation.auth is not Auth.NONE:
            refused, authorizer_context = self._authorize(request, match, headers, query, source_ip, request_id)
            if refused is not None:
                return refused
            principal[0] = (authorizer_context or {}).get("principalId")
        event = proxy_event(stage=self.stage, method=request.method, path=request.path, match=match,
                            headers=headers, query=query, body=body, source_ip=source_ip, request_id=request_id,
                            authorizer=authorizer_context)
        return self._integrate(match.route.function, event, request_id, request)

    def _authorize(self, request: Request, match: Match, headers: list[tuple[str, str]],
                   query: list[tuple[str, str]], source_ip: str,
                   request_id: str) -> tuple[Response | None, dict[str, Any] | None]:
        started = time.monotonic()
        decision = self.authorizer.authorize(request.headers.get("Authorization"), authorizer_event(
            stage=self.stage, method=request.method, path=request.path, match=match, headers=headers, query=query,
            source_ip=source_ip, request_id=request_id))
        refusals = {401: gw.UNAUTHORIZED, 403: gw.ACCESS_DENIED}
        if decision.status != 200:
            return self._gateway(refusals.get(decision.status, gw.DEFAULT_5XX), request_id, request), None
        context = {**(decision.context or {}), "integrationLatency": round((time.monotonic() - started) * 1000)}
        return None, context

    def _integrate(self, fn: LocalFunction, event: dict[str, Any], request_id: str, request: Request) -> Response:
        """Lambda proxy integration: API Gateway gives up after its integration timeout (504); a function that
        hits its own, shorter timeout is a Lambda error (502)."""
        try:
            result = self.registry.invoke(fn, event, timeout_s=min(self.timeout_s, fn.operation.timeout_s))
        except FunctionTimedOut as timed_out:
            self._log(json.dumps({"level": "ERROR", "message": "function timed out", "requestId": request_id,
                                  "function": fn.name, **timed_out.payload}))
            gateway_gave_up = self.timeout_s <= fn.operation.timeout_s
            return self._gateway(gw.INTEGRATION_TIMEOUT if gateway_gave_up else gw.DEFAULT_5XX, request_id, request)
        except FunctionFailed as failed:  # it raised, ran out of memory (Runtime.OutOfMemory) or its process died
            self._log(json.dumps({"level": "ERROR", "message": "function failed", "requestId": request_id,
                                  "function": fn.name, **failed.payload}))
            return self._gateway(gw.DEFAULT_5XX, request_id, request)
        return self._proxy_response(result, request_id, request)

    def _proxy_response(self, result: Any, request_id: str, request: Request) -> Response:
        if not isinstance(result, dict) or "statusCode" not in result:  # "Malformed Lambda proxy response"
            self._log(json.dumps({"level": "ERROR", "message": "malformed proxy response", "requestId": request_id}))
            return self._gateway(gw.DEFAULT_5XX, request_id, request)
        body = result.get("body") or ""
        data = base64.b64decode(body) if result.get("isBase64Encoded") else str(body).encode()
        response = Response(data, int(result["statusCode"]), content_type="application/json")
        for key, value in (result.get("headers") or {}).items():
            response.headers[key] = str(value)
        for key, values in (result.get("multiValueHeaders") or {}).items():
            response.headers.remove(key)
            for value in values:
                response.headers.add(key, str(value))
        response.headers["x-amzn-RequestId"] = request_id
        return response

    def _unsigned(self, request: Request, service: str) -> Response | None:
        """403 (as AWS answers) unless ``request`` is signed for ``service`` with the platform's credentials."""
        refused = self.verifier.check(request, request.get_data(), service)
        if refused is None:
            return None
        self._log(json.dumps({"level": "WARNING", "message": "unsigned management request refused",
                              "path": request.path, "ip": request.remote_addr, "reason": refused.error_type}))
        return _json({"message": refused.message}, 403, headers={"x-amzn-ErrorType": refused.error_type})

    def _within_limits(self, match: Match, source_ip: str) -> bool:
        """The client's own bucket of a public route first (WAF runs before API Gateway), then the route's (a
        stricter limit), then the stage's, as API Gateway applies them."""
        key = (match.route.method, match.route.function.operation.path)
        sources = self._source_buckets.get(key)
        if sources is not None and source_ip not in self._unlimited_sources and not sources.take(source_ip):
            return False
        route = self._route_buckets.get(key)
        if route is not None and not route.take():
            return False
        return self._stage_bucket is None or self._stage_bucket.take()

    def _gateway(self, spec: gw.GatewayResponse, request_id: str, request: Request) -> Response:
        """An answer of API Gateway itself (CDK renders the same per stage: the console's origin allowed)."""
        headers = {**self.cors.headers(request.headers.get("Origin")), "x-amzn-RequestId": request_id,
                   "x-amzn-ErrorType": spec.response_type, **spec.headers}
        return Response(spec.body(request_id), spec.status, content_type="application/problem+json", headers=headers)

    def _preflight(self, request: Request, request_id: str) -> Response:
        methods = self.routes.methods_for(request.path)
        if not methods:
            return self._gateway(gw.MISSING_AUTHENTICATION_TOKEN, request_id, request)
        return Response(b"", 204, headers=self.cors.preflight(request.headers.get("Origin"), [*methods, "OPTIONS"]))

    def _local_action(self, kind: str, name: str) -> Response:
        action = self.local_actions.get(kind)
        if action is None:
            return _json({"error": f"no local action {kind}", "known": sorted(self.local_actions)}, 404)
        try:
            return _json(action(name))
        except KeyError as exc:
            return _json({"error": str(exc.args[0] if exc.args else exc)}, 404)
        except FunctionFailed as failed:
            return _json(failed.payload, 500)

    # --- the WebSocket API's @connections management API ----------------------------------
    def _connection(self, request: Request, connection_id: str) -> Response:
        assert self.websocket is not None
        try:
            if request.method == "POST":
                self.websocket.post(connection_id, request.get_data())
                return Response(b"", 200)
            if request.method == "GET":
                return _json(self.websocket.info(connection_id))
            if request.method == "DELETE":
                self.websocket.close(connection_id)
                return Response(b"", 204)
        except Gone:
            return _json({"message": f"Connection {connection_id} is gone"}, 410,
                         headers={"x-amzn-ErrorType": "GoneException"})
        return _json({"message": "Method not allowed"}, 405)

    # --- the Lambda Invoke API ------------------------------------------------------------
    def _invoke_api(self, request: Request, name: str) -> Response:
        fn = self.registry.find(name)
        if fn is None:
            arn = f"arn:aws:lambda:{self.registry.REGION}:{self.registry.ACCOUNT}:function:{name}"
            return _json({"Type": "User", "message": f"Function not found: {arn}"}, 404,
                         headers={"x-amzn-ErrorType": "ResourceNotFoundException"})
        try:
            event = json_input.parse(request.get_data() or b"{}")
        except errors.BadRequest:
            return _json({"Type": "User", "message": "Could not parse request body into json"}, 400,
                         headers={"x-amzn-ErrorType": "InvalidRequestContentException"})
        invocation_type = request.headers.get("X-Amz-Invocation-Type", "RequestResponse")
        if invocation_type == "DryRun":
            return Response(b"", 204)
        if invocation_type == "Event":
            threading.Thread(target=self._invoke_quietly, args=(fn, event), daemon=True).start()
            return Response(b"", 202)
        version = {"X-Amz-Executed-Version": "$LATEST"}
        try:
            result = self.registry.invoke(fn, event)
        except FunctionFailed as failed:
            return _json(failed.payload, headers={"X-Amz-Function-Error": "Unhandled", **version})
        return _json(result, headers=version)

    def _invoke_quietly(self, fn: LocalFunction, event: Any) -> None:
        try:
            self.registry.invoke(fn, event)
        except FunctionFailed as failed:
            self._log(json.dumps({"level": "ERROR", "message": "async invoke failed", "function": fn.name,
                                  **failed.payload}))

"""API Gateway WebSocket emulation: real WebSocket connections on one port, the route functions invoked with
the events API Gateway produces, and the ``@connections`` management API for ``apigatewaymanagementapi``.

- the handshake runs ``$connect`` first; a non-2xx answer refuses it with that status (as API Gateway does);
- each text frame is routed by ``$request.body.action`` to the route of that name, else to ``$default``;
- a socket that closes (either side) runs ``$disconnect``;
- ``post_to_connection`` / ``get_connection`` / ``delete_connection`` reach the sockets through
  :meth:`WebSocketGateway.post`, :meth:`info` and :meth:`close` (the HTTP gateway serves them under
  ``/_ws/@connections/<id>``, which is what ``WEBSOCKET_CALLBACK_URL`` points the functions at); an unknown
  connection is ``GoneException`` (410), as in AWS.
"""

from __future__ import annotations

import asyncio
import base64
import json
import random
import secrets
import threading
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http import HTTPStatus
from typing import Any

from design_agent import errors, json_input
from design_agent.spec import Trigger
from websockets.asyncio.server import Server, ServerConnection, serve
from websockets.datastructures import Headers
from websockets.exceptions import ConnectionClosed
from websockets.http11 import Request, Response

from local_platform.functions import FunctionFailed, FunctionRegistry, FunctionTimedOut, LocalFunction

ROUTE_SELECTION = "action"  # $request.body.action
IDLE_TIMEOUT_S = 600  # API Gateway closes an idle connection after 10 minutes
MAX_FRAME_BYTES = 128 * 1024  # API Gateway's WebSocket frame limit (32 KB frames, 128 KB messages)


class Gone(Exception):
    """No such connection (any more)."""


@dataclass
class _Socket:
    connection_id: str
    connection: ServerConnection
    connected_at: float
    source_ip: str
    user_agent: str
    last_active: float = field(default_factory=time.time)


def _connection_id() -> str:
    """API Gateway's ids look like ``L0SM9cOFvHcCIhw=``."""
    return base64.urlsafe_b64encode(secrets.token_bytes(10)).decode()


def websocket_event(route: str, kind: str, *, connection_id: str, connected_at: float, source_ip: str,
                    user_agent: str, stage: str, domain: str, body: str | None = None,
                    query: dict[str, str] | None = None, headers: dict[str, str] | None = None) -> dict[str, Any]:
    """The event API Gateway gives a WebSocket route's function (``kind``: CONNECT, MESSAGE, DISCONNECT)."""
    now = time.time()
    context = {
        "routeKey": route, "eventType": kind, "connectionId": connection_id, "stage": stage,
        "domainName": domain, "apiId": "local", "requestId": str(uuid.uuid4()),
        "messageId": str(uuid.uuid4()) if kind == "MESSAGE" else None,
        "extendedRequestId": str(uuid.uuid4()), "connectedAt": int(connected_at * 1000),
        "requestTimeEpoch": int(now * 1000), "messageDirection": "IN",
        "requestTime": datetime.fromtimestamp(now, UTC).strftime("%d/%b/%Y:%H:%M:%S +0000"),
        "identity": {"sourceIp": source_ip, "userAgent": user_agent},
    }
    event: dict[str, Any] = {"requestContext": {k: v for k, v in context.items() if v is not None},
                             "isBase64Encoded": False}
    if kind == "CONNECT":
        event["headers"] = headers or {}
        event["multiValueHeaders"] = {k: [v] for k, v in (headers or {}).items()}
        if query:
            event["queryStringParameters"] = query
            event["multiValueQueryStringParameters"] = {k: [v] for k, v in query.items()}
    if body is not None:
        event["body"] = body
    return event


class WebSocketGateway:
    def __init__(self, registry: FunctionRegistry, *, stage: str, host: str = "127.0.0.1", port: int = 0,
                 log: Callable[[str], None] = print) -> None:
        self._registry = registry
        self._stage = stage
        self._host = host
        self._port = port
        self._log = log
        self.routes: dict[str, LocalFunction] = {
            str(fn.operation.route): fn for fn in registry.functions.values()
            if fn.operation.trigger is Trigger.WEBSOCKET}
        self._sockets: dict[str, _Socket] = {}
        self._handshakes: dict[int, tuple[str, float, str, str]] = {}
        self._loop = asyncio.new_event_loop()
        self._server: Server | None = None
        self._stopped: asyncio.Future[None] | None = None
        self._ready = threading.Event()
        self._pool = ThreadPoolExecutor(max_workers=16, thread_name_prefix="ws-route")
        self._thread = threading.Thread(target=self._run, name="websocket-gateway", daemon=True)
        self._error: BaseException | None = None

    # --- lifecycle ---------------------------------------------------------------------------------
    @property
    def url(self) -> str:
        return f"ws://{self._host}:{self._port}"

    def start(self) -> WebSocketGateway:
        self._thread.start()
        self._ready.wait(10)
        if self._error is not None:
            raise self._error
        return self

    def stop(self) -> None:
        stopped = self._stopped
        if stopped is not None and not self._loop.is_closed():
            def finish() -> None:
                if not stopped.done():
                    stopped.set_result(None)

            self._loop.call_soon_threadsafe(finish)
        self._thread.join(5)
        self._pool.shutdown(wait=False, cancel_futures=True)

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        try:
            self._loop.run_until_complete(self._serve())
        except BaseException as exc:  # the port was taken, say: start() reports it
            self._error = exc
            self._ready.set()

    async def _serve(self) -> None:
        self._stopped = self._loop.create_future()
        async with serve(self._session, self._host, self._port, process_request=self._handshake,
                         max_size=MAX_FRAME_BYTES, ping_interval=None) as server:
            self._server = server
            self._port = next(iter(server.sockets)).getsockname()[1]
            self._ready.set()
            await self._stopped
            server.close()

    def _event(self, route: str, kind: str, connection_id: str, connected_at: float, source_ip: str,
               user_agent: str, **kw: Any) -> dict[str, Any]:
        return websocket_event(route, kind, connection_id=connection_id, connected_at=connected_at,
                               source_ip=source_ip, user_agent=user_agent, stage=self._stage,
                               domain=f"{self._host}:{self._port}", **kw)

    async def _invoke(self, fn: LocalFunction, event: dict[str, Any]) -> int:
        try:
            result = await self._loop.run_in_executor(self._pool, self._registry.invoke, fn, event)
        except FunctionFailed as failed:
            self._log(json.dumps({"level": "ERROR", "message": "websocket route failed", "function": fn.name,
                                  **failed.payload}))
            return 504 if isinstance(failed, FunctionTimedOut) else 500
        return int((result or {}).get("statusCode", 200)) if isinstance(result, dict) else 200

    # --- connections ------------------------------------------------------------------------------
    async def _handshake(self, connection: ServerConnection, request: Request) -> Response | None:
        from urllib.parse import parse_qsl, urlsplit

        connection_id, connected_at = _connection_id(), time.time()
        source_ip = str(connection.remote_address[0]) if connection.remote_address else "127.0.0.1"
        user_agent = request.headers.get("User-Agent", "")
        query = dict(parse_qsl(urlsplit(request.path).query))
        headers = dict(request.headers.raw_items())
        status = 200
        if "$connect" in self.routes:
            status = await self._invoke(self.routes["$connect"], self._event(
                "$connect", "CONNECT", connection_id, connected_at, source_ip, user_agent, query=query,
                headers=headers))
        self._log(json.dumps({"requestId": connection_id, "ip": source_ip, "route": "$connect", "status": status}))
        if not 200 <= status < 300:
            phrase = HTTPStatus(status).phrase if status in HTTPStatus._value2member_map_ else "Refused"
            return Response(status, phrase, Headers([("Content-Type", "text/plain")]), f"{phrase}\n".encode())
        self._handshakes[id(connection)] = (connection_id, connected_at, source_ip, user_agent)
        return None

    async def _session(self, connection: ServerConnection) -> None:
        connection_id, connected_at, source_ip, user_agent = self._handshakes.pop(id(connection))
        socket = _Socket(connection_id, connection, connected_at, source_ip, user_agent)
        self._sockets[connection_id] = socket
        try:
            while True:
                try:
                    frame = await asyncio.wait_for(connection.recv(), timeout=IDLE_TIMEOUT_S)
                except TimeoutError:
                    await connection.close(1001, "Going away (idle)")
                    break
                socket.last_active = time.time()
                body = frame if isinstance(frame, str) else frame.decode("utf-8", "replace")
                route = self._route_of(body)
                await self._invoke(self.routes[route], self._event(
                    route, "MESSAGE", connection_id, connected_at, source_ip, user_agent, body=body))
        except ConnectionClosed:
            pass
        finally:
            self._sockets.pop(connection_id, None)
            if "$disconnect" in self.routes:
                await self._invoke(self.routes["$disconnect"], self._event(
                    "$disconnect", "DISCONNECT", connection_id, connected_at, source_ip, user_agent))

    def _route_of(self, body: str) -> str:
        try:
            action = json_input.parse(body).get(ROUTE_SELECTION)
        except (errors.BadRequest, AttributeError):  # not JSON, too deep, or not an object: $default
            action = None
        if isinstance(action, str) and not action.startswith("$") and action in self.routes:
            return action
        return "$default"

    # --- the @connections management API (called from other threads) ------------------------------
    def post(self, connection_id: str, data: bytes) -> None:
        socket = self._sockets.get(connection_id)
        if socket is None:
            raise Gone(connection_id)
        text = data.decode("utf-8", "replace")
        try:
            asyncio.run_coroutine_threadsafe(socket.connection.send(text), self._loop).result(timeout=10)
        except ConnectionClosed as exc:
            raise Gone(connection_id) from exc

    def info(self, connection_id: str) -> dict[str, Any]:
        socket = self._sockets.get(connection_id)
        if socket is None:
            raise Gone(connection_id)
        # the wire names of GetConnection's output (botocore maps them to ConnectedAt, Identity, LastActiveAt)
        return {"connectedAt": datetime.fromtimestamp(socket.connected_at, UTC).isoformat(),
                "lastActiveAt": datetime.fromtimestamp(socket.last_active, UTC).isoformat(),
                "identity": {"sourceIp": socket.source_ip, "userAgent": socket.user_agent}}

    def close(self, connection_id: str) -> None:
        """``delete_connection``: from now on the connection is gone for the management API (nothing more is sent
        to it); the close handshake runs on, as API Gateway answers without waiting for the client's reply."""
        socket = self._sockets.pop(connection_id, None)
        if socket is None:
            raise Gone(connection_id)
        asyncio.run_coroutine_threadsafe(socket.connection.close(1000, "Closed by the server"), self._loop)

    def drop_one(self) -> str | None:
        """Chaos: cut one client connection at random as a network would (no close handshake); its id."""
        if not self._sockets:
            return None
        connection_id = random.choice(list(self._sockets))  # noqa: S311 (chaos: which one is no secret)
        socket = self._sockets.get(connection_id)
        if socket is None:
            return None
        transport = socket.connection.transport
        self._loop.call_soon_threadsafe(transport.abort)
        return connection_id

    @property
    def open_connections(self) -> int:
        return len(self._sockets)

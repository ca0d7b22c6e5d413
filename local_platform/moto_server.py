"""An embedded moto server whose requests are serialised.

DynamoDB applies a conditional write atomically; moto's backends are plain Python objects, so concurrent
requests could interleave a condition check and its write. One lock around each request gives the emulator
the atomicity the real services have (the platform never long-polls, so nothing holds the lock for long).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from typing import Any

from moto.moto_server.threaded_moto_server import MotoRequestHandler
from moto.server import DomainDispatcherApplication, create_backend_app
from werkzeug.serving import BaseWSGIServer, make_server

from local_platform import moto_dynamodb

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


class SerialisedApp:
    def __init__(self, app: WsgiApp) -> None:
        self._app = app
        self._lock = threading.Lock()

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        with self._lock:
            return list(self._app(environ, start_response))


class MotoServer:
    def __init__(self, host: str = "127.0.0.1", port: int = 4566) -> None:
        moto_dynamodb.install()  # DynamoDB's cost follows the partition, as in AWS
        self._server: BaseWSGIServer = make_server(host, port, SerialisedApp(DomainDispatcherApplication(
            create_backend_app)), threaded=True, request_handler=MotoRequestHandler)
        self._thread = threading.Thread(target=self._server.serve_forever, name="moto", daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> MotoServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

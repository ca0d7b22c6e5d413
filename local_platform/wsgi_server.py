"""The HTTP/1.1 server under the gateway and the emulator: waitress, in a thread of its own (decision 77).

werkzeug's development server answered every request with ``Connection: close`` on a new thread: every SDK call of
every function opened a TCP connection (thousands in TIME_WAIT at idle) and every request's short-lived thread
spread the process's allocations over glibc's arenas. waitress keeps connections alive as API Gateway and AWS's
endpoints do, and runs requests on a fixed pool of threads. A request that waits (an SQS long poll, a function
running up to its integration timeout) holds one of them, hence pools far larger than the cores.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable
from typing import Any

from waitress import wasyncore
from waitress.server import BaseWSGIServer, create_server

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]

CONNECTIONS = 2000  # open connections before the server stops accepting (SDK pools keep theirs open)
IDLE_CLOSE_S = 120  # an idle keep-alive connection is closed after this (the SDK reopens it when it next calls)

logging.getLogger("waitress.queue").setLevel(logging.ERROR)  # "task queue depth" warnings: a busy pool queues


class WsgiServer:
    """``app`` served at ``host``:``port`` (0: any free port) by ``threads`` threads once started."""

    def __init__(self, app: WsgiApp, host: str, port: int, *, threads: int, name: str) -> None:
        self.name = name
        self.host = host
        self._map: dict[int, Any] = {}  # the listening socket's and every connection's channel
        server = create_server(
            app, map=self._map, host=host, port=port, threads=threads, connection_limit=CONNECTIONS,
            channel_timeout=IDLE_CLOSE_S, channel_request_lookahead=1,  # lets a waiting request see its caller leave
            ident=None, expose_tracebacks=False, clear_untrusted_proxy_headers=False)
        assert isinstance(server, BaseWSGIServer)  # one address: one listening socket
        self._server = server
        self._thread = threading.Thread(target=self._server.run, name=name, daemon=True)

    @property
    def port(self) -> int:
        return int(self._server.getsockname()[1])

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def start(self) -> WsgiServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop accepting, close every connection, end the thread pool (a request still running is left to end on
        its own: its thread is a daemon)."""
        wasyncore.close_all(self._map, ignore_all=True)
        self._server.task_dispatcher.shutdown(cancel_pending=True, timeout=1)
        self._thread.join(timeout=5)


def client_gone(environ: dict[str, Any]) -> bool:
    """Whether the caller of a request still running has hung up (waitress looks one request ahead on the
    connection, so it sees the close)."""
    check = environ.get("waitress.client_disconnected")
    return bool(check()) if check is not None else False

"""Tests beside `make dev`: no platform a test starts takes 3000, 3001 or 4566; and the emulated AWS keeps its port
across a quick restart (TIME_WAIT) or, when another process holds it, says loudly where it went."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from contextlib import ExitStack, suppress
from urllib.parse import urlsplit

import pytest
import requests
from design_agent.spec import Auth, Operation, Service

from local_platform.moto_server import MotoServer
from local_platform.platform import LocalPlatform, PlatformConfig
from local_platform.ports import preferred_or_free

MAKE_DEV_PORTS = (3000, 3001, 4566)
TINY = Service(name="tiny", operations=(
    Operation("Health", "tests.unit.local_platform.handlers.health", method="GET", path="/api/v1/health",
              auth=Auth.NONE),))


def _listener(port: int = 0) -> socket.socket:
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", port))
    sock.listen()
    return sock


def _port_in_time_wait() -> int:
    """A port whose listener is gone and whose last connection, closed by the server side first, waits in
    TIME_WAIT: what a platform stopped a moment ago leaves behind."""
    listener = _listener()
    port = int(listener.getsockname()[1])
    client = socket.create_connection(("127.0.0.1", port))
    accepted, _ = listener.accept()
    accepted.close()  # the active close: this end (the server's port) goes to TIME_WAIT
    client.recv(1)  # the client sees the close, then closes its end
    client.close()
    listener.close()
    return port


@pytest.fixture
def make_dev_running() -> Iterator[list[int]]:
    """Another process's sockets on `make dev`'s ports (a running `make dev` holds them already: the same)."""
    with ExitStack() as held:
        for port in MAKE_DEV_PORTS:
            with suppress(OSError):  # taken already, which is the point
                held.enter_context(_listener(port))
        yield list(MAKE_DEV_PORTS)


def test_a_quick_restart_gets_the_same_port_back() -> None:
    port = _port_in_time_wait()
    assert preferred_or_free("127.0.0.1", port) == port
    server = MotoServer("127.0.0.1", port).start()
    try:
        assert urlsplit(server.url).port == port
    finally:
        server.stop()


def test_platforms_of_tests_start_beside_make_dev_and_a_moved_emulator_says_so(make_dev_running: list[int]) -> None:
    held = _listener()
    asked = int(held.getsockname()[1])
    endpoint = os.environ.pop("AWS_ENDPOINT_URL", None)
    log: list[str] = []
    platform = LocalPlatform((TINY,), PlatformConfig(stage="ports", moto_port=asked, log=log.append))
    try:
        platform.start()
        used = {urlsplit(url).port for url in (platform.http_url, platform.ws_url, platform.moto_url)}
        assert used.isdisjoint(make_dev_running)
        moved = urlsplit(platform.moto_url).port
        assert moved != asked
        warning = next(line for line in log if "WARNING" in line)
        assert str(asked) in warning
        assert str(moved) in warning
        assert requests.get(f"{platform.http_url}/api/v1/health", timeout=30).status_code == 200
    finally:
        platform.stop()
        held.close()
        if endpoint is not None:
            os.environ["AWS_ENDPOINT_URL"] = endpoint

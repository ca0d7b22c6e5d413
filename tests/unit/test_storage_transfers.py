"""A stored file's download or an upload to S3 that fails on the wire (no answer in time, a reset, a refusal) is a
502 ``upstream-error`` for the caller, never an unhandled 500 — as a slow S3 (LocalStack under load) showed."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator

import pytest
from design_agent import errors
from design_agent.contracts import storage
from design_agent.contracts.storage import FileInfo, StorageClient, UploadToken


@pytest.fixture
def silent_server() -> Iterator[str]:
    """A server that accepts connections and never answers."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        server.settimeout(0.1)
        while not stop.is_set():
            try:
                held.append(server.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.getsockname()[1]}/bucket/key"
    stop.set()
    thread.join(2)
    for conn in held:
        conn.close()
    server.close()


def _client_resolving_to(url: str) -> StorageClient:
    client = StorageClient("unit")
    info = FileInfo.model_construct(file_id="fil_1", size=10, url=url)
    client.resolve_file = lambda request: info  # type: ignore[method-assign]  # the Storage call, not under test
    return client


def test_a_download_that_never_answers_is_a_502(silent_server: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(storage, "S3_READ_TIMEOUT_S", 0.3)
    with pytest.raises(errors.UpstreamError):
        _client_resolving_to(silent_server).read_bytes("usr_1", "fil_1", 100)


def test_a_download_from_a_closed_port_is_a_502() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{probe.getsockname()[1]}/bucket/key"
    with pytest.raises(errors.UpstreamError):
        _client_resolving_to(closed).read_bytes("usr_1", "fil_1", 100)


def test_an_upload_that_never_answers_is_a_502(silent_server: str) -> None:
    token = UploadToken.model_construct(url=silent_server, fields={"key": "k"})
    with pytest.raises(errors.UpstreamError):
        storage.post_form(token, b"data", "a.png", "image/png", timeout_s=0.3)

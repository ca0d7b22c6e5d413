"""The embedded moto's dispatch: the service of a request is found without listing moto's package folder."""

from __future__ import annotations

import os

import pytest
import requests

from local_platform.moto_server import MotoServer


def test_a_request_does_not_list_motos_package_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    """moto's dispatcher listed its ~170 module folders (an ``isdir`` each) for every request: ~2 ms of CPU a
    request, most of what an idle platform burned."""
    server = MotoServer("127.0.0.1", 0).start()

    def list_tables() -> None:
        answer = requests.post(server.url, timeout=10, data="{}", headers={
            "X-Amz-Target": "DynamoDB_20120810.ListTables", "Content-Type": "application/x-amz-json-1.0",
            "Authorization": "AWS4-HMAC-SHA256 Credential=test/20261205/us-east-1/dynamodb/aws4_request, "
                             "SignedHeaders=host, Signature=0"})
        assert answer.status_code == 200, answer.text

    try:
        list_tables()  # the first request loads the service's model (botocore looks for it once)
        looked: list[str] = []
        real_isdir = os.path.isdir

        def isdir(path: str) -> bool:
            looked.append(str(path))
            return real_isdir(path)

        monkeypatch.setattr(os.path, "isdir", isdir)
        for _ in range(5):
            list_tables()
        assert [path for path in looked if "moto" in path] == []  # (the client checks its CA bundle)
    finally:
        server.stop()

"""An in-process AWS sandbox (moto) with every declared table and bucket, and a Lambda client that runs
the real handlers of internal operations in this process — so service-to-service calls take the real code
path (payload in, errors as data out) without a network."""

from __future__ import annotations

import importlib
import io
import json
from collections.abc import Iterator
from typing import Any

import pytest
from design_agent.clients import AwsClients, using
from design_agent.spec import Bucket, Table, function_name
from moto import mock_aws

from functions.registry import SERVICES
from tests.unit.lambda_context import FakeContext

STAGE = "unit"


class InProcessLambda:
    """``lambda.invoke`` by physical function name, answered by the handler module in this process."""

    def __init__(self) -> None:
        self._handlers = {function_name(STAGE, svc.name, op.name): op.handler
                          for svc in SERVICES for op in svc.operations}
        self.invoked: list[str] = []

    def invoke(self, FunctionName: str, Payload: bytes, InvocationType: str = "RequestResponse") -> dict[str, Any]:  # noqa: N803
        self.invoked.append(FunctionName)
        module = importlib.import_module(self._handlers[FunctionName])
        try:
            result = module.handler(json.loads(Payload), FakeContext(function_name=FunctionName))
        except Exception as exc:
            body = {"errorMessage": str(exc), "errorType": type(exc).__name__}
            return {"FunctionError": "Unhandled", "Payload": io.BytesIO(json.dumps(body).encode())}
        return {"StatusCode": 200, "Payload": io.BytesIO(json.dumps(result).encode())}


class SandboxClients(AwsClients):
    def __init__(self) -> None:
        super().__init__()
        self.lambdas = InProcessLambda()

    def client(self, service: str) -> Any:
        return self.lambdas if service == "lambda" else super().client(service)


class AwsSandbox:
    def __init__(self, clients: SandboxClients) -> None:
        self.clients = clients

    @staticmethod
    def table_name(table: Table) -> str:
        return table.physical_name(STAGE)

    @staticmethod
    def bucket_name(bucket: Bucket) -> str:
        return bucket.physical_name(STAGE)

    def environment(self) -> dict[str, str]:
        env = {"STAGE": STAGE}
        for svc in SERVICES:
            env.update({t.env_var: self.table_name(t) for t in svc.tables})
            env.update({b.env_var: self.bucket_name(b) for b in svc.buckets})
        return env

    def create_resources(self) -> None:
        from local_platform.resources import create_table

        for svc in SERVICES:
            for table in svc.tables:
                create_table(self.clients.dynamodb(), table, STAGE)
            for bucket in svc.buckets:
                self.clients.client("s3").create_bucket(Bucket=self.bucket_name(bucket))


@pytest.fixture
def sandbox(monkeypatch: pytest.MonkeyPatch) -> Iterator[AwsSandbox]:
    with mock_aws(), using(SandboxClients()) as clients:
        box = AwsSandbox(clients)
        box.create_resources()
        for key, value in box.environment().items():
            monkeypatch.setenv(key, value)
        yield box

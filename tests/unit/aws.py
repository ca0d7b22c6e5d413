"""An in-process AWS sandbox (moto) with every declared table and bucket, and a Lambda client that runs
the real handlers of internal operations in this process — so service-to-service calls take the real code
path (payload in, errors as data out) without a network."""

from __future__ import annotations

import importlib
import io
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from design_agent.clients import AwsClients, using
from design_agent.spec import Bucket, Table, Trigger, function_name
from moto import mock_aws
from moto.core.botocore_stubber import BotocoreStubber

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

    def create_resources(self) -> dict[str, str]:
        """Everything the services declare, as the local platform creates it; the functions' environment."""
        from local_platform.resources import create_all, rotate_secret

        env = create_all(self.clients, SERVICES, STAGE)
        # moto answers the @connections API of any WebSocket API (as if every connection were open)
        env["WEBSOCKET_CALLBACK_URL"] = f"https://sandbox.execute-api.us-east-1.amazonaws.com/{STAGE}"
        for svc in SERVICES:
            for op in svc.operations:
                if op.trigger is Trigger.SECRET_ROTATION:
                    module = importlib.import_module(op.handler)
                    for name in op.secrets:
                        secret = next(s for s in svc.secrets if s.name == name)
                        rotate_secret(lambda event, m=module: m.handler(event, FakeContext()),
                                      env[secret.env_var])
        return env


_DYNAMODB = threading.RLock()  # re-entered when a test nests a sandbox in a module-wide one (the patch wraps twice)


def _one_dynamodb_request_at_a_time(process: Any) -> Any:
    """DynamoDB applies each request atomically (a transaction's conditions and its writes together); moto in
    this process does not when threads race it, so two parallel conditional writes could both pass their check.
    The sandbox serialises DynamoDB requests, as the local platform's emulator serialises every request."""
    def process_request(self: BotocoreStubber, request: Any) -> Any:
        if "://dynamodb." not in request.url:
            return process(self, request)
        with _DYNAMODB:
            return process(self, request)
    return process_request


@contextmanager
def _sandbox() -> Iterator[AwsSandbox]:
    with mock_aws(), using(SandboxClients()) as clients, pytest.MonkeyPatch.context() as env:
        env.setattr(BotocoreStubber, "process_request",
                    _one_dynamodb_request_at_a_time(BotocoreStubber.process_request))
        box = AwsSandbox(clients)
        for key, value in box.create_resources().items():
            env.setenv(key, value)
        # as the local platform runs by default: Register answers 201 at once (the tests of e-mail verification
        # turn it on in their settings)
        env.setenv("EMAIL_VERIFICATION", "false")
        yield box


@pytest.fixture
def sandbox() -> Iterator[AwsSandbox]:
    """A fresh sandbox per test."""
    with _sandbox() as box:
        yield box


@pytest.fixture(scope="module")
def shared_sandbox() -> Iterator[AwsSandbox]:
    """One sandbox for a whole module, for tests that only read or write their own items."""
    with _sandbox() as box:
        yield box


@contextmanager
def answer_lost(operation: str, times: int = 1) -> Iterator[list[str]]:
    """The first ``times`` calls of ``operation`` (e.g. ``"UpdateItem"``) are applied by the service and then their
    answer is lost (a read timeout after the write), as a network or an overloaded service can do; the SDK sends
    them again. Yields the operations whose answers were lost."""
    from botocore.endpoint import Endpoint
    from botocore.exceptions import ReadTimeoutError

    get_response = Endpoint._do_get_response
    lost: list[str] = []

    def _do_get_response(self: Endpoint, request: Any, operation_model: Any, context: Any) -> Any:
        answer = get_response(self, request, operation_model, context)
        if operation_model.name == operation and len(lost) < times and answer[1] is None:
            lost.append(operation)
            return None, ReadTimeoutError(endpoint_url=request.url)
        return answer

    Endpoint._do_get_response = _do_get_response  # type: ignore[method-assign]
    try:
        yield lost
    finally:
        Endpoint._do_get_response = get_response  # type: ignore[method-assign]

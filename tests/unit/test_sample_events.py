"""Every function has a sample event in events/, and each sample is one its handler accepts: HTTP samples
get an answer below 500 (problem+json when it is an error), internal ones an ``ok``/``error`` envelope."""

from __future__ import annotations

import importlib
import json
from pathlib import Path
from typing import Any

import pytest
from design_agent.spec import Operation, Service, Trigger

from functions.registry import SERVICES
from scripts.sample_events import main as check_samples
from scripts.sample_events import path_of
from tests.unit.aws import AwsSandbox
from tests.unit.lambda_context import FakeContext

CASES = [(svc, op) for svc in SERVICES for op in svc.operations]


def test_every_function_has_a_sample_event() -> None:
    assert check_samples(["--check"]) == 0


def _run(op: Operation, event: dict[str, Any]) -> Any:
    return importlib.import_module(op.handler).handler(event, FakeContext(function_name=op.name))


@pytest.mark.parametrize(("svc", "op"), CASES, ids=[f"{s.name}.{o.name}" for s, o in CASES])
def test_sample_event_is_accepted(shared_sandbox: AwsSandbox, svc: Service, op: Operation) -> None:
    event = json.loads(Path(path_of(svc, op)).read_text())
    if op.trigger is Trigger.AUTHORIZER:
        with pytest.raises(PermissionError, match="Unauthorized"):  # the sample's token is not a real one
            _run(op, event)
    elif op.trigger is Trigger.SECRET_ROTATION:
        assert event["Step"] == "createSecret"  # rotation is driven end to end by the sandbox itself
    elif op.trigger is Trigger.HTTP:
        result = _run(op, event)
        assert result["statusCode"] < 500, result
        if result["statusCode"] >= 400:
            headers = {**(result.get("headers") or {}),
                       **{k: v[0] for k, v in (result.get("multiValueHeaders") or {}).items()}}
            assert headers["Content-Type"] == "application/problem+json"
    elif op.trigger is Trigger.INTERNAL:
        result = _run(op, event)
        assert ("body" in result) if result["ok"] else result["error"]["code"]
    elif op.trigger in (Trigger.QUEUE, Trigger.STREAM):
        assert _run(op, event) == {"batchItemFailures": []}
    else:
        assert _run(op, event) is not None

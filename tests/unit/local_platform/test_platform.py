"""The whole platform in this process on free ports, rendering the demo service: start-up, real boto3
``lambda.invoke``, event sources fed by real pollers, secret rotation, on-demand schedules, ready hooks."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Iterator
from typing import Any

import boto3
import pytest
import requests

from local_platform import event_sources
from local_platform.event_sources import StreamPoller
from local_platform.platform import LocalPlatform, PlatformConfig
from local_platform.sigv4 import signed_headers
from tests.unit.local_platform.demo_service import JOBS, KEYS, SERVICE, THINGS
from tests.unit.local_platform.handlers import SEEN

STAGE = "plat"
LOG: list[str] = []


def admin_hook(platform: LocalPlatform) -> dict[str, str]:
    return {"email": "admin@example.com", "password": "printed once"}


def failing_hook(platform: LocalPlatform) -> None:
    raise RuntimeError("a broken hook does not stop the platform")


@pytest.fixture(scope="module")
def platform() -> Iterator[LocalPlatform]:
    endpoint = os.environ.pop("AWS_ENDPOINT_URL", None)
    before = dict(os.environ)
    local = LocalPlatform((SERVICE,), PlatformConfig(stage=STAGE, http_port=0, moto_port=0, ws_port=0, schedules=False,
                                                     log=LOG.append))
    local.on_ready(admin_hook)
    local.on_ready(failing_hook)
    local.start()
    yield local
    local.stop()
    left = {k: v for k, v in os.environ.items() if before.get(k) != v and k != "PYTEST_CURRENT_TEST"}
    assert left == {}, "stop() restores the environment"
    if endpoint is not None:
        os.environ["AWS_ENDPOINT_URL"] = endpoint


def client(platform: LocalPlatform, service: str) -> Any:
    return boto3.client(service, endpoint_url=platform.http_url if service == "lambda" else platform.moto_url,
                        region_name="us-east-1", aws_access_key_id=os.environ["AWS_ACCESS_KEY_ID"],
                        aws_secret_access_key=os.environ["AWS_SECRET_ACCESS_KEY"])  # the platform's: it checks


def local(platform: LocalPlatform, path: str) -> requests.Response:
    """A ``/_local`` action, signed with the platform's credentials (unsigned ones are refused)."""
    url = f"{platform.http_url}{path}"
    return requests.post(url, timeout=10, headers=signed_headers(
        "POST", url, b"", "execute-api", os.environ["AWS_ACCESS_KEY_ID"], os.environ["AWS_SECRET_ACCESS_KEY"]))


def eventually(check: Callable[[], bool], within_s: float = 10.0) -> None:
    deadline = time.monotonic() + within_s
    while not check():
        assert time.monotonic() < deadline, "not within the deadline"
        time.sleep(0.05)


def test_ready_line_urls_environment_and_hooks(platform: LocalPlatform) -> None:
    ready = next(line for line in LOG if "ready in" in line)
    assert platform.http_url in ready
    assert platform.moto_url in ready
    assert os.environ["AWS_ENDPOINT_URL"] == platform.moto_url
    assert os.environ["AWS_ENDPOINT_URL_LAMBDA"] == platform.http_url
    assert os.environ[THINGS.env_var] == THINGS.physical_name(STAGE)
    assert os.environ[JOBS.env_var].endswith(JOBS.physical_name(STAGE))
    assert os.environ[KEYS.env_var] == KEYS.physical_name(STAGE)
    assert os.environ["STAGE"] == STAGE
    assert any("password: printed once" in line for line in LOG)
    assert any("ready hook failed" in line for line in LOG)
    assert requests.get(f"{platform.http_url}/api/v1/health", timeout=5).json() == {"status": "ok"}


def test_lambda_invoke_round_trip_with_boto3(platform: LocalPlatform) -> None:
    lam = client(platform, "lambda")
    name = f"design-agent-{STAGE}-demo-internal"
    result = lam.invoke(FunctionName=name, Payload=json.dumps({"n": 21}).encode())
    assert result["StatusCode"] == 200
    assert "FunctionError" not in result
    assert json.loads(result["Payload"].read())["body"]["doubled"] == 42
    by_arn = lam.invoke(FunctionName=f"arn:aws:lambda:us-east-1:000000000000:function:{name}", Payload=b'{"n": 1}')
    assert json.loads(by_arn["Payload"].read())["body"]["doubled"] == 2
    crashed = lam.invoke(FunctionName=f"design-agent-{STAGE}-demo-crash", Payload=b"{}")
    assert crashed["FunctionError"] == "Unhandled"
    assert json.loads(crashed["Payload"].read())["errorMessage"] == "boom"
    with pytest.raises(lam.exceptions.ResourceNotFoundException):
        lam.invoke(FunctionName="design-agent-plat-demo-nothing", Payload=b"{}")
    assert lam.invoke(FunctionName=name, InvocationType="Event", Payload=b'{"n": 1}')["StatusCode"] == 202


def test_secret_is_rotated_at_start_and_on_demand(platform: LocalPlatform) -> None:
    sm = client(platform, "secretsmanager")
    name = KEYS.physical_name(STAGE)
    assert json.loads(sm.get_secret_value(SecretId=name)["SecretString"])["generation"] == 1  # at start-up
    rotated = local(platform, f"/_local/rotations/design-agent-{STAGE}-demo-rotate")
    assert rotated.status_code == 200
    (arn, token), = rotated.json().items()
    assert arn == sm.describe_secret(SecretId=name)["ARN"]
    assert [e[1] for e in SEEN if e[0] == "rotation"] == ["createSecret", "setSecret", "testSecret", "finishSecret"]
    assert json.loads(sm.get_secret_value(SecretId=arn)["SecretString"]) == {"key": token, "generation": 2}
    previous = sm.get_secret_value(SecretId=arn, VersionStage="AWSPREVIOUS")
    assert json.loads(previous["SecretString"])["generation"] == 1


def test_sqs_messages_reach_the_consumer_and_failures_the_dlq(platform: LocalPlatform) -> None:
    sqs = client(platform, "sqs")
    url = os.environ[JOBS.env_var]
    dlq = sqs.get_queue_url(QueueName=JOBS.dlq_name(STAGE))["QueueUrl"]
    sqs.send_message(QueueUrl=url, MessageBody="good")
    sqs.send_message(QueueUrl=url, MessageBody="bad")
    dead: list[dict[str, Any]] = []

    def dead_lettered() -> bool:
        dead.extend(sqs.receive_message(QueueUrl=dlq).get("Messages", []))
        return bool(dead)

    eventually(dead_lettered)
    assert [m["Body"] for m in dead] == ["bad"]
    delivered = [body for kind, batch in (e for e in SEEN if e[0] == "sqs") for body in batch]
    assert delivered.count("good") == 1
    assert delivered.count("bad") == JOBS.max_receive_count


def test_stream_records_reach_the_consumer(platform: LocalPlatform) -> None:
    client(platform, "dynamodb").put_item(TableName=THINGS.physical_name(STAGE),
                                          Item={"pk": {"S": "p1"}, "sk": {"S": "-"}})
    eventually(lambda: ("stream", "INSERT", "p1") in SEEN)


def test_an_idle_stream_poller_waits_for_a_write_instead_of_polling(platform: LocalPlatform,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """Lambda's stream pollers cost nothing here while no table is written: a stream poller sleeps until the
    emulator reports a DynamoDB write (they polled every 100 ms: ~30 % of a core at idle, and up to 100 ms between a
    write and its record's consumer). The safety-net recheck is pushed out of the test's way."""
    monkeypatch.setattr(event_sources, "STREAM_RECHECK_S", 3600.0)
    pollers = [loop for loop in platform._loops if isinstance(loop, StreamPoller)]
    assert pollers
    calls: list[str] = []
    for api in {id(p._streams): p._streams for p in pollers}.values():
        api.meta.events.register("before-call", lambda model, **_: calls.append(model.name))
    assert platform.moto is not None
    platform.moto.app.table_writes.bump()  # the pollers look once more and then wait with the new recheck
    eventually(lambda: bool(calls))
    time.sleep(0.5)
    calls.clear()
    time.sleep(1.0)
    assert calls == []  # a second of idle: not one request (10 polls of every shard before)
    client(platform, "dynamodb").put_item(TableName=THINGS.physical_name(STAGE),
                                          Item={"pk": {"S": "woken"}, "sk": {"S": "-"}})
    eventually(lambda: ("stream", "INSERT", "woken") in SEEN)  # the write woke it: no recheck within the hour
    assert "GetRecords" in calls


def test_schedules_fire_on_demand(platform: LocalPlatform) -> None:
    fired = local(platform, f"/_local/schedules/design-agent-{STAGE}-demo-tick")
    assert fired.json() == {"ticked": True}
    assert ("schedule", "Scheduled Event") in SEEN
    unknown = local(platform, "/_local/schedules/nope")
    assert unknown.status_code == 404


@pytest.mark.parametrize("server", ["gateway", "emulator"])
def test_both_servers_keep_a_connection_alive_across_requests(platform: LocalPlatform, server: str) -> None:
    """HTTP/1.1 keep-alive, as API Gateway and AWS's endpoints answer: ten requests on one connection, none told to
    close it (werkzeug's server closed every connection after one request)."""
    import http.client
    from urllib.parse import urlsplit

    url = urlsplit(platform.http_url if server == "gateway" else platform.moto_url)
    path = "/api/v1/health" if server == "gateway" else "/"
    connection = http.client.HTTPConnection(url.hostname or "", url.port, timeout=10)
    connection.connect()
    sock = connection.sock
    try:
        for _ in range(10):
            connection.request("GET", path)
            answer = connection.getresponse()
            answer.read()
            assert answer.status < 500
            assert answer.version == 11
            assert answer.getheader("Connection", "").lower() != "close"
            assert not answer.will_close
        assert connection.sock is sock  # never reopened
    finally:
        connection.close()


"""The local WebSocket API over real sockets: the events API Gateway gives each route, a refused handshake, routing
by ``$request.body.action``, ``$disconnect`` when a client goes, and the ``@connections`` API (410 when gone)."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from design_agent.spec import Operation, Service, Trigger
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect
from werkzeug.serving import make_server

from local_platform.authorizer import AuthorizerRunner
from local_platform.functions import FunctionRegistry
from local_platform.http_gateway import CONNECTIONS_PREFIX, HttpGateway
from local_platform.routes import RouteTable
from local_platform.sigv4 import SigV4Verifier
from local_platform.websocket_gateway import WebSocketGateway
from tests.unit.local_platform.handlers import SEEN

H = "tests.unit.local_platform.handlers.ws"
SERVICE = Service(name="live", operations=tuple(
    Operation(name, H, trigger=Trigger.WEBSOCKET, route=route)
    for name, route in (("Connect", "$connect"), ("Disconnect", "$disconnect"), ("Default", "$default"),
                        ("Subscribe", "subscribe"))))


@pytest.fixture(scope="module")
def gateways() -> Iterator[tuple[WebSocketGateway, str]]:
    registry = FunctionRegistry((SERVICE,), "test")
    ws = WebSocketGateway(registry, stage="test", port=0, log=lambda _: None).start()
    app = HttpGateway(registry=registry, routes=RouteTable((SERVICE,), registry),
                      authorizer=AuthorizerRunner(registry, None, 0.0), stage="test", ready=threading.Event(),
                      websocket=ws, log=lambda _: None, verifier=SigV4Verifier("testing", "testing"))
    http = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=http.serve_forever, daemon=True).start()
    yield ws, f"http://127.0.0.1:{http.server_port}{CONNECTIONS_PREFIX}"
    http.shutdown()
    ws.stop()
    registry.close()


def _wait_for(check: Callable[[], Any], timeout_s: float = 5.0) -> Any:
    deadline = time.monotonic() + timeout_s
    while not (found := check()):
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)
    return found


def _seen(route: str) -> list[dict[str, Any]]:
    return [e for e in SEEN if e["requestContext"]["routeKey"] == route]


def test_events_have_api_gateways_shape_and_routes_follow_the_action(
        gateways: tuple[WebSocketGateway, str]) -> None:
    ws, _ = gateways
    with connect(f"{ws.url}/?token=good", user_agent_header="tester") as client:
        client.send(json.dumps({"action": "subscribe", "task_id": "tsk_1"}))
        client.send(json.dumps({"action": "nothing-like-it"}))
        client.send("not json")
        _wait_for(lambda: len(_seen("$default")) == 2)
    (opened,) = _seen("$connect")
    ctx = opened["requestContext"]
    assert (ctx["eventType"], ctx["stage"], ctx["domainName"]) == ("CONNECT", "test", ws.url.removeprefix("ws://"))
    assert opened["queryStringParameters"] == {"token": "good"}
    assert opened["multiValueQueryStringParameters"] == {"token": ["good"]}
    assert opened["headers"]["User-Agent"] == "tester"
    assert ctx["identity"] == {"sourceIp": "127.0.0.1", "userAgent": "tester"}
    assert isinstance(ctx["connectedAt"], int)
    assert isinstance(ctx["requestTimeEpoch"], int)
    (subscribed,) = _seen("subscribe")
    assert subscribed["requestContext"]["eventType"] == "MESSAGE"
    assert json.loads(subscribed["body"]) == {"action": "subscribe", "task_id": "tsk_1"}
    assert "queryStringParameters" not in subscribed
    assert "messageId" in subscribed["requestContext"]
    assert [e["body"] for e in _seen("$default")] == ['{"action": "nothing-like-it"}', "not json"]
    (closed,) = _wait_for(lambda: _seen("$disconnect"))
    assert closed["requestContext"]["eventType"] == "DISCONNECT"
    ids = {e["requestContext"]["connectionId"] for e in SEEN}
    assert len(ids) == 1  # one connection id across its whole life


@pytest.mark.parametrize(("token", "status"), [("bad", 401), ("worker", 403)])
def test_a_refused_connect_refuses_the_handshake(gateways: tuple[WebSocketGateway, str], token: str,
                                                 status: int) -> None:
    ws, _ = gateways
    with pytest.raises(InvalidStatus) as refused:
        connect(f"{ws.url}/?token={token}")
    assert refused.value.response.status_code == status
    assert not _seen("$disconnect")  # never connected, so never disconnected


def test_the_connections_api_works_with_boto3(gateways: tuple[WebSocketGateway, str]) -> None:
    ws, callback_url = gateways
    api = boto3.client("apigatewaymanagementapi", endpoint_url=callback_url, region_name="us-east-1",
                       aws_access_key_id="testing", aws_secret_access_key="testing")  # as the platform's
    with connect(f"{ws.url}/?token=good") as client:
        connection_id = _seen("$connect")[0]["requestContext"]["connectionId"]
        _wait_for(lambda: ws.open_connections == 1)
        api.post_to_connection(ConnectionId=connection_id, Data=b'{"hello": 1}')
        assert json.loads(client.recv(timeout=5)) == {"hello": 1}
        info = api.get_connection(ConnectionId=connection_id)
        assert info["Identity"]["SourceIp"] == "127.0.0.1"
        api.delete_connection(ConnectionId=connection_id)  # the server closes it ...
        _wait_for(lambda: _seen("$disconnect"))  # ... and $disconnect follows
    for call in (lambda: api.post_to_connection(ConnectionId=connection_id, Data=b"x"),
                 lambda: api.get_connection(ConnectionId=connection_id),
                 lambda: api.delete_connection(ConnectionId=connection_id)):
        with pytest.raises(ClientError) as gone:
            call()
        assert gone.value.response["Error"]["Code"] == "GoneException"
        assert gone.value.response["ResponseMetadata"]["HTTPStatusCode"] == 410

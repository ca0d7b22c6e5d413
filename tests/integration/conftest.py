"""Start the whole local platform once per session (a real `python -m local_platform` process) and drive
it over real HTTP, exactly as `make dev` serves it."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import boto3
import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]
STAGE = "itest"
TASKS_PER_MONTH = 10  # the quota the concurrency test runs against
STORAGE_QUOTA = 3 * 1024 * 1024  # bytes per user, small enough to run out of in a test
TASK_LEASE_S = 4  # short, so a killed worker's task is recovered within seconds
# the per-user limit is on for the whole session (every user call takes its token, as in AWS), generous enough
# that no test is throttled by it: the most any test asks of one user is 30 calls at once (concurrent task
# creates), polls every 20 ms, or the contract test's sequential fuzzing; test_user_rate_limit.py tightens it for
# a few seconds over SSM
USER_RATE_RPS, USER_BURST = 200, 1000


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Platform:
    url: str
    moto_url: str
    log_path: Path
    ws_url: str = ""

    def api(self, path: str) -> str:
        return f"{self.url}{path}"

    def boto(self, service: str) -> Any:
        endpoint = self.url if service == "lambda" else self.moto_url
        return boto3.client(service, endpoint_url=endpoint, region_name="us-east-1",
                            aws_access_key_id="testing", aws_secret_access_key="testing")

    def invoke(self, service: str, operation: str, body: dict[str, Any]) -> dict[str, Any]:
        from design_agent.spec import function_name

        result = self.boto("lambda").invoke(FunctionName=function_name(STAGE, service, operation),
                                            Payload=json.dumps({"operation": operation, "body": body}).encode())
        assert "FunctionError" not in result, result["Payload"].read()
        return json.loads(result["Payload"].read())  # type: ignore[no-any-return]


@pytest.fixture(scope="session")
def platform(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Platform]:
    http_port, moto_port, ws_port = _free_port(), _free_port(), _free_port()
    log_path = tmp_path_factory.mktemp("platform") / "platform.log"
    env = {**os.environ, "QUOTA_TASKS_USER": str(TASKS_PER_MONTH), "LOGIN_MAX_FAILURES": "3",
           "REFRESH_REUSE_GRACE_S": "0",
           "STORAGE_MAX_FILE_BYTES": str(2 * 1024 * 1024), "QUOTA_STORAGE_USER": str(STORAGE_QUOTA),
           "TASK_LEASE_S": str(TASK_LEASE_S), "CONFIG_CACHE_S": "1",
           "USER_RATE_RPS": str(USER_RATE_RPS), "USER_BURST": str(USER_BURST)}
    env.pop("AWS_ENDPOINT_URL", None)
    with log_path.open("w") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "local_platform", "--http-port", str(http_port), "--moto-port", str(moto_port),
             "--ws-port", str(ws_port),
             # workers: each test starts its own (tasks_support.py); the stage limit would throttle the load tests
             "--stage", STAGE, "--workers", "0", "--no-stage-throttle"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{http_port}"
    deadline = time.monotonic() + 60
    try:
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"local platform exited early:\n{log_path.read_text()[-4000:]}")
            try:
                if requests.get(f"{url}/api/v1/health", timeout=1).status_code == 200:
                    break
            except (requests.ConnectionError, requests.Timeout):  # not listening yet, or busy starting (a loaded host)
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"local platform not ready in 60 s:\n{log_path.read_text()[-4000:]}")
            time.sleep(0.1)
        yield Platform(url=url, moto_url=f"http://127.0.0.1:{moto_port}", log_path=log_path,
                       ws_url=f"ws://127.0.0.1:{ws_port}")
    finally:
        proc.terminate()
        try:
            code = proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGUSR1)  # faulthandler: every thread's stack into the log, to see what hung
            time.sleep(2)
            proc.kill()
            hung = log_path.read_text()[-8000:]
            raise RuntimeError(f"the platform did not stop within 15 s of SIGTERM:\n{hung}") from None
        assert code == 0, f"the platform did not stop cleanly on SIGTERM ({code})"


@dataclass
class Account:
    user_id: str
    email: str
    password: str
    access_token: str
    refresh_token: str

    @property
    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.access_token}"}


def register_and_login(platform: Platform, prefix: str = "user") -> Account:
    name = f"{prefix}{uuid.uuid4().hex[:10]}"
    email, password = f"{name}@example.com", "a long enough password"
    created = requests.post(platform.api("/api/v1/users/register"),
                            json={"email": email, "username": name, "password": password}, timeout=10)
    assert created.status_code == 201, created.text
    return login(platform, email, password)


def login(platform: Platform, email: str, password: str) -> Account:
    response = requests.post(platform.api("/api/v1/users/login"), json={"email": email, "password": password},
                             timeout=10)
    assert response.status_code == 200, response.text
    body = response.json()
    return Account(user_id=body["user"]["id"], email=email, password=password, access_token=body["access_token"],
                   refresh_token=body["refresh_token"])


@pytest.fixture
def user(platform: Platform) -> Account:
    return register_and_login(platform)


@pytest.fixture(scope="session")
def admin(platform: Platform) -> Account:
    email = f"admin{uuid.uuid4().hex[:8]}@example.com"
    answer = platform.invoke("users", "CreateAdmin", {"email": email, "username": email.split("@")[0],
                                                      "password": "admin password 123"})
    assert answer["ok"], answer
    return login(platform, email, "admin password 123")


# fixtures of the task tests (reference worker processes, a tap on the bus)
from tests.integration.tasks_support import tap, workers  # noqa: E402, F401

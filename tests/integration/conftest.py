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
from botocore.config import Config

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
# the AWS services behind the platform: "moto" (the embedded moto, `make test`) or "localstack" (`make
# test-localstack`: LocalStack at LOCALSTACK_ENDPOINT for everything but DynamoDB and its streams, which stay on
# the embedded moto because LocalStack's need a Java download)
BACKEND = os.environ.get("DESIGN_AGENT_BACKEND", "moto")
LOCALSTACK_ENDPOINT = os.environ.get("LOCALSTACK_ENDPOINT", "")
# on LocalStack, what stays on the embedded moto (LOCAL_MOTO_SERVICES=  for none: LocalStack in Docker has DynamoDB)
MOTO_SERVICES = tuple(name for name in os.environ.get("LOCAL_MOTO_SERVICES", "dynamodb,dynamodbstreams").split(",")
                      if name) if BACKEND == "localstack" else ()
# LocalStack checks S3 signatures against the secret key "test" (it stores no secrets); moto checks none
CREDENTIALS = {"AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test"} if BACKEND == "localstack" else {
    "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}
# real_s3: only an S3 that enforces POST policies, signatures and expiry can pass it (LocalStack);
# moto_only: it provokes a failure through something only moto does (lets a policy violation through, refuses
# events for a deleted bus) to reach the server's own second line of defence
# localstack: needs LocalStack itself (its interpreter, LOCALSTACK_PYTHON: the fix in scripts/localstack_host.py)
NOT_ON = {"moto": ("real_s3", "localstack"), "localstack": ("moto_only",)}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """A test that cannot run on this backend is deselected (not skipped, never reported as passed)."""
    markers = NOT_ON[BACKEND]
    dropped = [item for item in items if any(item.get_closest_marker(marker) for marker in markers)]
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = [item for item in items if item not in dropped]


_PLATFORM_LOGS: list[Path] = []  # the session platform's log, once it started
_LOG_FROM = pytest.StashKey[int]()
FAILURE_LOG_LINES = 60


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_setup(item: pytest.Item) -> Iterator[None]:
    log = _PLATFORM_LOGS[0] if _PLATFORM_LOGS else None
    item.stash[_LOG_FROM] = log.stat().st_size if log is not None and log.exists() else 0
    yield


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    """A failed test's report ends with what the platform logged while it ran (the last lines), so a failure in
    CI, where the log is gone afterwards, can be read from the output alone."""
    outcome = yield
    report = outcome.get_result()  # type: ignore[attr-defined]
    if not report.failed or not _PLATFORM_LOGS or not _PLATFORM_LOGS[0].exists():
        return
    with _PLATFORM_LOGS[0].open("rb") as log:
        log.seek(item.stash.get(_LOG_FROM, 0))
        lines = log.read().decode(errors="replace").splitlines()[-FAILURE_LOG_LINES:]
    report.sections.append((f"platform log while the test ran (last {len(lines)} lines)", "\n".join(lines)))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Platform:
    url: str
    moto_url: str  # the embedded moto
    log_path: Path
    ws_url: str = ""
    aws_url: str = ""  # AWS_ENDPOINT_URL of the platform: the embedded moto, or LocalStack

    def api(self, path: str) -> str:
        return f"{self.url}{path}"

    def endpoint(self, service: str) -> str:
        if service == "lambda":
            return self.url
        return self.moto_url if BACKEND == "moto" or service in MOTO_SERVICES else self.aws_url

    def endpoint_env(self) -> dict[str, str]:
        """The environment that points another process at the same AWS endpoints as the platform's functions."""
        from design_agent.clients import endpoint_variable

        return {"AWS_ENDPOINT_URL": self.aws_url, **{endpoint_variable(s): self.moto_url for s in MOTO_SERVICES}}

    def boto(self, service: str, config: Config | None = None) -> Any:
        return boto3.client(service, endpoint_url=self.endpoint(service), region_name="us-east-1",
                            aws_access_key_id=CREDENTIALS["AWS_ACCESS_KEY_ID"],
                            aws_secret_access_key=CREDENTIALS["AWS_SECRET_ACCESS_KEY"], config=config)

    def local(self, method: str, path: str) -> requests.Response:
        """A ``/_local`` helper or ``@connections`` call, signed with the platform's credentials (CREDENTIALS,
        which the platform is started with): unsigned ones are refused."""
        from local_platform.sigv4 import signed_headers

        url = self.api(path)
        headers = signed_headers(method, url, b"", "execute-api", CREDENTIALS["AWS_ACCESS_KEY_ID"],
                                 CREDENTIALS["AWS_SECRET_ACCESS_KEY"])
        return requests.request(method, url, headers=headers, timeout=60)

    def invoke(self, service: str, operation: str, body: dict[str, Any]) -> dict[str, Any]:
        from design_agent.spec import function_name

        result = self.boto("lambda").invoke(FunctionName=function_name(STAGE, service, operation),
                                            Payload=json.dumps({"operation": operation, "body": body}).encode())
        assert "FunctionError" not in result, result["Payload"].read()
        return json.loads(result["Payload"].read())  # type: ignore[no-any-return]


def start_platform(args: list[str], env: dict[str, str], log_path: Path) -> subprocess.Popen[bytes]:
    """``python -m local_platform`` with these arguments, its output (and its workers') into ``log_path``."""
    with log_path.open("w") as log:
        return subprocess.Popen([sys.executable, "-m", "local_platform", *args], cwd=ROOT, env=env, stdout=log,
                                stderr=subprocess.STDOUT)


def wait_until_healthy(proc: subprocess.Popen[bytes], url: str, log_path: Path, within_s: float) -> None:
    deadline = time.monotonic() + within_s
    while True:
        if proc.poll() is not None:
            raise RuntimeError(f"local platform exited early:\n{log_path.read_text()[-4000:]}")
        try:
            if requests.get(f"{url}/api/v1/health", timeout=1).status_code == 200:
                return
        except (requests.ConnectionError, requests.Timeout):  # not listening yet, or busy starting (a loaded host)
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"local platform not ready in {within_s:g} s:\n{log_path.read_text()[-4000:]}")
        time.sleep(0.1)


@pytest.fixture(scope="session")
def platform(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Platform]:
    http_port, moto_port, ws_port = _free_port(), _free_port(), _free_port()
    log_path = tmp_path_factory.mktemp("platform") / "platform.log"
    env = {**os.environ, "QUOTA_TASKS_USER": str(TASKS_PER_MONTH), "LOGIN_MAX_FAILURES": "3",
           "REFRESH_REUSE_GRACE_S": "0",
           "STORAGE_MAX_FILE_BYTES": str(2 * 1024 * 1024), "QUOTA_STORAGE_USER": str(STORAGE_QUOTA),
           "TASK_LEASE_S": str(TASK_LEASE_S), "CONFIG_CACHE_S": "1",
           "USER_RATE_RPS": str(USER_RATE_RPS), "USER_BURST": str(USER_BURST)}
    for name in [name for name in env if name.startswith("AWS_ENDPOINT_URL")]:
        env.pop(name)
    if BACKEND == "localstack":
        assert LOCALSTACK_ENDPOINT, "DESIGN_AGENT_BACKEND=localstack needs LOCALSTACK_ENDPOINT (make test-localstack)"
        env.update(AWS_ENDPOINT_URL=LOCALSTACK_ENDPOINT, LOCAL_MOTO_SERVICES=",".join(MOTO_SERVICES), **CREDENTIALS)
    proc = start_platform(
        ["--http-port", str(http_port), "--moto-port", str(moto_port), "--ws-port", str(ws_port),
         # workers: each test starts its own (tasks_support.py); the stage limit would throttle the load tests
         "--stage", STAGE, "--workers", "0", "--no-stage-throttle",
         # the suite's own client and the contract test's (test_api_contract.py: its cases should reach the
         # functions); tests of the per-source limits come from other loopback addresses
         "--unlimited-source", "127.0.0.1", "--unlimited-source", "127.0.0.2"], env, log_path)
    url = f"http://127.0.0.1:{http_port}"
    _PLATFORM_LOGS[:] = [log_path]
    try:
        # creating every resource at LocalStack takes a few hundred requests more than in-process moto; the first
        # cold starts of the functions take a while on a loaded machine
        wait_until_healthy(proc, url, log_path, 180 if BACKEND == "moto" else 240)
        moto_url = f"http://127.0.0.1:{moto_port}"
        yield Platform(url=url, moto_url=moto_url, log_path=log_path, ws_url=f"ws://127.0.0.1:{ws_port}",
                       aws_url=LOCALSTACK_ENDPOINT if BACKEND == "localstack" else moto_url)
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
def admin_email(platform: Platform) -> str:
    email = f"admin{uuid.uuid4().hex[:8]}@example.com"
    answer = platform.invoke("users", "CreateAdmin", {"email": email, "username": email.split("@")[0],
                                                      "password": "admin password 123"})
    assert answer["ok"], answer
    return email


@pytest.fixture
def admin(platform: Platform, admin_email: str) -> Account:
    """Signed in for this test: a session-long access token would expire (ACCESS_TOKEN_TTL_S) in a slow run."""
    return login(platform, admin_email, "admin password 123")


# fixtures of the task tests (reference worker processes, a tap on the bus)
from tests.integration.tasks_support import tap, workers  # noqa: E402, F401

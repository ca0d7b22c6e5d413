"""The local platform itself: OpenAPI, CORS, and pointing it at another AWS endpoint."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import requests
from design_agent.spec import function_name

from functions.registry import SERVICES
from functions.storage.service import FILES_BUCKET
from tests.integration.conftest import ROOT, STAGE, Platform, _free_port


def test_openapi_documents_every_route(platform: Platform) -> None:
    document = requests.get(platform.api("/api/v1/openapi.json"), timeout=30).json()
    assert document["openapi"].startswith("3.1")
    for service in SERVICES:
        for op in service.http_operations:
            assert op.path in document["paths"], op.path
            assert op.method is not None
            assert op.method.lower() in document["paths"][op.path]
    register = document["paths"]["/api/v1/users/register"]["post"]
    assert "requestBody" in register
    assert "security" in document["paths"]["/api/v1/users/{user_id}"]["get"]


def test_cors_preflight_and_headers(platform: Platform) -> None:
    """The console's origins (this platform at 127.0.0.1 and at localhost) and no other, on the API's preflights
    and answers and on the upload bucket's (as the stage's CloudFront origin in AWS)."""
    console = platform.url.replace("127.0.0.1", "localhost")
    preflight = requests.options(platform.api("/api/v1/users/me"), timeout=10,
                                 headers={"Origin": console, "Access-Control-Request-Method": "GET"})
    assert preflight.status_code == 204
    assert preflight.headers["Access-Control-Allow-Origin"] == console
    assert "Authorization" in preflight.headers["Access-Control-Allow-Headers"]
    answer = requests.get(platform.api("/api/v1/users/health"), headers={"Origin": console}, timeout=10)
    assert answer.headers["Access-Control-Allow-Origin"] == console
    for stranger in ("https://app.example.com", "null"):
        refused = requests.options(platform.api("/api/v1/users/me"), timeout=10,
                                   headers={"Origin": stranger, "Access-Control-Request-Method": "GET"})
        assert "Access-Control-Allow-Origin" not in refused.headers
        answer = requests.get(platform.api("/api/v1/users/health"), headers={"Origin": stranger}, timeout=10)
        assert "Access-Control-Allow-Origin" not in answer.headers


def test_upload_bucket_cors_allows_the_console_origin_only(platform: Platform) -> None:
    bucket = FILES_BUCKET.physical_name(STAGE)
    rules = platform.boto("s3").get_bucket_cors(Bucket=bucket)["CORSRules"]
    assert [sorted(rule["AllowedOrigins"]) for rule in rules] == [sorted(
        {platform.url, platform.url.replace("127.0.0.1", "localhost"), "http://127.0.0.1:5173",
         "http://localhost:5173"})]
    assert "*" not in rules[0]["AllowedOrigins"]
    url = f"{platform.endpoint('s3')}/{bucket}"
    preflight = {"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"}
    allowed = requests.options(url, headers={"Origin": platform.url, **preflight}, timeout=10)
    assert (allowed.status_code, allowed.headers.get("Access-Control-Allow-Origin")) == (200, platform.url)
    refused = requests.options(url, headers={"Origin": "https://app.example.com", **preflight}, timeout=10)
    assert refused.status_code == 403  # a failed preflight: the browser sends no POST (moto echoes the origin anyway)


def test_functions_are_reachable_by_their_physical_names(platform: Platform) -> None:
    result = platform.boto("lambda").invoke(FunctionName=function_name(STAGE, "users", "ReadQuota"),
                                            Payload=b'{"body": {"user_id": "usr_nobody", "resource": "tasks"}}')
    assert b"not-found" in result["Payload"].read()


def test_platform_uses_the_endpoint_in_aws_endpoint_url(platform: Platform, tmp_path: Path) -> None:
    """A second platform (another stage) on the first one's emulator: no embedded moto of its own."""
    port = _free_port()
    env = {**os.environ, **platform.endpoint_env()}
    log = (tmp_path / "second.log").open("w")  # a file, not a pipe: its function workers write to it too
    proc = subprocess.Popen([sys.executable, "-m", "local_platform", "--http-port", str(port), "--stage", "second",
                             "--ws-port", "0", "--no-schedules"], cwd=ROOT, env=env, stdout=log,
                            stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 180  # the first cold starts of its functions, on a loaded machine
        while time.monotonic() < deadline:
            try:
                if requests.get(f"http://127.0.0.1:{port}/api/v1/health", timeout=1).status_code == 200:
                    break
            except (requests.ConnectionError, requests.Timeout):
                pass
            time.sleep(0.1)
        health = requests.get(f"http://127.0.0.1:{port}/api/v1/health", timeout=5).json()
        assert health == {"status": "ok", "stage": "second"}
        tables = platform.boto("dynamodb").list_tables()["TableNames"]
        assert "design-agent-second-users" in tables  # created in the first platform's emulator
        assert f"design-agent-{STAGE}-users" in tables
    finally:
        proc.terminate()
        proc.wait(timeout=15)
        log.close()
    output = (tmp_path / "second.log").read_text()
    assert proc.returncode == 0, output
    assert platform.aws_url in output


def test_every_service_reports_its_own_health(platform: Platform) -> None:
    from functions.registry import SERVICES

    for service in SERVICES:
        if service.name == "gateway":
            continue
        answer = requests.get(platform.api(f"/api/v1/{service.name}/health"), timeout=30)
        assert answer.status_code == 200, answer.text
        assert answer.json()["service"] == service.name
        assert answer.json()["status"] in {"ok", "degraded"}  # other tests may leave a dead letter behind


def test_a_changed_parameter_applies_without_a_restart(platform: Platform) -> None:
    from tests.integration.conftest import STAGE, register_and_login

    ssm = platform.boto("ssm")
    name = f"/design-agent/{STAGE}/tasks/TASK_MAX_ATTEMPTS"
    who = register_and_login(platform)

    def max_attempts() -> int:
        created = requests.post(platform.api("/api/v1/tasks"), headers=who.auth, timeout=30,
                                json={"type": "poster.generate", "params": {"prompt": "config"}})
        assert created.status_code == 201, created.text
        return int(created.json()["max_attempts"])

    assert max_attempts() == 3
    ssm.put_parameter(Name=name, Value="1", Type="String", Overwrite=True)
    try:
        time.sleep(1.5)  # the platform's CONFIG_CACHE_S is 1 in these tests
        assert max_attempts() == 1
    finally:
        ssm.delete_parameter(Name=name)
    time.sleep(1.5)
    assert max_attempts() == 3


def test_a_route_with_a_stricter_limit_answers_429_with_retry_after(platform: Platform) -> None:
    from concurrent.futures import ThreadPoolExecutor

    from functions.auth.service import SERVICE as AUTH

    limit = AUTH.operation("Refresh").throttle
    assert limit is not None

    def refresh(_: int) -> requests.Response:
        return requests.post(platform.api("/api/v1/auth/refresh"), json={"refresh_token": "rt_not-a-real-one"},
                             timeout=30)

    with ThreadPoolExecutor(max_workers=limit.burst + 20) as pool:
        answers = list(pool.map(refresh, range(limit.burst + 20)))
    throttled = [a for a in answers if a.status_code == 429]
    assert throttled, [a.status_code for a in answers]
    assert len(answers) - len(throttled) >= limit.burst  # a full burst gets through
    assert all(a.headers["Retry-After"] == "1" and a.json()["code"] == "too-many-requests" for a in throttled)
    time.sleep(limit.burst / limit.rate_rps)  # refilled for the tests that follow


def test_swagger_ui_needs_no_network_beyond_the_platform(platform: Platform) -> None:
    """The docs page names no other host, and every script and stylesheet it references answers from the
    platform itself (so it renders offline)."""
    import re
    from urllib.parse import urljoin, urlsplit

    page_url = platform.api("/api/docs")
    page = requests.get(page_url, timeout=30)
    assert page.status_code == 200
    assert not re.search(r"(?:https?:)?//", page.text.replace(page_url, "")), "the page names another host"
    references = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert len(references) == 2, references  # the bundle and its styles
    for reference in references:
        url = urljoin(page_url, reference)
        assert urlsplit(url).netloc == urlsplit(platform.url).netloc
        asset = requests.get(url, timeout=30)
        assert asset.status_code == 200, (url, asset.text[:200])
        assert len(asset.content) > 10_000
        assert asset.headers["Content-Type"].startswith(("text/css", "text/javascript"))
    assert "SwaggerUIBundle" in requests.get(urljoin(page_url, "docs/swagger-ui-bundle.js"), timeout=30).text
    assert requests.get(platform.api("/api/docs/index.html"), timeout=30).status_code in (403, 404)  # those two only

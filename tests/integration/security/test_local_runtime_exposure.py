"""Attack on the running local platform: before, an unauthenticated POST to the Lambda Invoke API made the auth
service issue an admin session; ``@connections`` and ``/_local`` answered anyone too."""

from __future__ import annotations

import json
import subprocess
import sys

import boto3
import pytest
import requests
from botocore.exceptions import ClientError
from design_agent.spec import function_name

from tests.integration.conftest import ROOT, STAGE, Platform

ISSUE_SESSION = {"operation": "IssueSession", "body": {"user_id": "usr_01JD8Y3Q7Z000000000000ADMN", "role": "admin"}}


def _invoke_url(platform: Platform, service: str, operation: str) -> str:
    return platform.api(f"/2015-03-31/functions/{function_name(STAGE, service, operation)}/invocations")


def test_an_unsigned_invoke_of_issue_session_gets_no_token(platform: Platform) -> None:
    response = requests.post(_invoke_url(platform, "auth", "IssueSession"), json=ISSUE_SESSION, timeout=10)
    assert response.status_code == 403
    assert response.headers["x-amzn-ErrorType"] == "MissingAuthenticationTokenException"
    assert "access_token" not in response.text


def test_boto3_with_other_credentials_is_refused(platform: Platform) -> None:
    stranger = boto3.client("lambda", endpoint_url=platform.url, region_name="us-east-1",
                            aws_access_key_id="AKIASTRANGER", aws_secret_access_key="anything")
    with pytest.raises(ClientError) as refused:
        stranger.invoke(FunctionName=function_name(STAGE, "auth", "IssueSession"),
                        Payload=json.dumps(ISSUE_SESSION).encode())
    assert refused.value.response["Error"]["Code"] == "UnrecognizedClientException"


def test_the_platforms_own_credentials_still_work(platform: Platform) -> None:
    answer = platform.invoke("users", "ListUserIds", {"limit": 1})  # boto3, signed with the platform's credentials
    assert answer["ok"], answer


@pytest.mark.parametrize(("method", "path"), [("GET", "/_local/emails"), ("POST", "/_local/schedules/anything"),
                                              ("POST", "/_ws/@connections/abc"), ("GET", "/_ws/@connections/abc"),
                                              ("DELETE", "/_ws/@connections/abc")])
def test_management_routes_refuse_unsigned_requests(platform: Platform, method: str, path: str) -> None:
    response = requests.request(method, platform.api(path), timeout=10, data=b"{}")
    assert response.status_code == 403, response.text
    signed = platform.local(method, path)
    assert signed.status_code != 403, signed.text


def test_the_platform_will_not_listen_beyond_this_machine_unless_told() -> None:
    refused = subprocess.run([sys.executable, "-m", "local_platform", "--host", "0.0.0.0", "--http-port", "0",
                              "--ws-port", "0", "--moto-port", "0", "--workers", "0"],
                             cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)
    assert refused.returncode == 2
    assert "--expose-to-network" in refused.stderr

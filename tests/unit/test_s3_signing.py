"""Every presigned S3 URL and POST is SigV4 on the bucket's regional endpoint, with the session token of the
temporary credentials a Lambda role has — in any region (no network: presigning is local)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import boto3
import pytest
from design_agent.clients import AwsClients

from functions.storage.dal.objects import ObjectStore

BUCKET = "design-agent-dev-files-123456789012"
ROLE_CREDENTIALS = {"aws_access_key_id": "ASIAEXAMPLEROLEKEY01", "aws_secret_access_key": "role-secret",
                    "aws_session_token": "IQoJb3JpZ2luX2VjEXAMPLE+session/token=="}
REGIONS = ("us-east-1", "eu-central-1", "ap-southeast-1")


def _download_url(store: ObjectStore, key: str, ttl_s: int) -> str:
    return store.download_url(key, ttl_s, datetime.now(UTC) + timedelta(seconds=ttl_s), "image/png", "attachment")


def _store(region: str) -> ObjectStore:
    session = boto3.session.Session(region_name=region, **ROLE_CREDENTIALS)
    return ObjectStore(BUCKET, AwsClients(session))


@pytest.fixture(autouse=True)
def in_aws(monkeypatch: pytest.MonkeyPatch) -> None:
    """As in Lambda: no endpoint override, the role's credentials only."""
    for name in ("AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_S3", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
                 "AWS_SESSION_TOKEN"):
        monkeypatch.delenv(name, raising=False)


@pytest.mark.parametrize("region", REGIONS)
def test_presigned_post_is_sigv4_on_the_regional_virtual_host(region: str) -> None:
    post = _store(region).presigned_post("incoming/usr_1/fil_1/a.png", "image/png", 1000, 300)
    assert post["url"] == f"https://{BUCKET}.s3.{region}.amazonaws.com/"
    fields = post["fields"]
    assert fields["x-amz-algorithm"] == "AWS4-HMAC-SHA256"
    assert fields["x-amz-credential"].startswith(f"{ROLE_CREDENTIALS['aws_access_key_id']}/")
    assert fields["x-amz-credential"].endswith(f"/{region}/s3/aws4_request")
    assert fields["x-amz-security-token"] == ROLE_CREDENTIALS["aws_session_token"]
    assert {"x-amz-date", "x-amz-signature", "policy"} <= set(fields)
    assert not {"AWSAccessKeyId", "signature"} & set(fields)  # SigV2's fields


@pytest.mark.parametrize("region", REGIONS)
def test_presigned_get_is_sigv4_on_the_regional_virtual_host(region: str) -> None:
    url = _download_url(_store(region), "files/usr_1/fil_1/a b.png", 900)
    parts = urlsplit(url)
    assert (parts.scheme, parts.netloc) == ("https", f"{BUCKET}.s3.{region}.amazonaws.com")
    assert parts.path == "/files/usr_1/fil_1/a%20b.png"
    query = {key: values[0] for key, values in parse_qs(parts.query).items()}
    assert query["X-Amz-Algorithm"] == "AWS4-HMAC-SHA256"
    assert query["X-Amz-Credential"].endswith(f"/{region}/s3/aws4_request")
    assert query["X-Amz-Security-Token"] == ROLE_CREDENTIALS["aws_session_token"]
    assert query["X-Amz-Expires"] == "900"
    assert {"X-Amz-Date", "X-Amz-Signature", "X-Amz-SignedHeaders"} <= set(query)
    assert not {"Signature", "AWSAccessKeyId", "Expires"} & set(query)  # SigV2's parameters


@pytest.mark.parametrize("variable", ["AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_S3"])
def test_a_local_endpoint_gets_path_style_still_sigv4(variable: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(variable, "http://127.0.0.1:4566")
    store = _store("eu-central-1")
    post = store.presigned_post("incoming/k", "image/png", 10, 60)
    assert post["url"] == f"http://127.0.0.1:4566/{BUCKET}"
    assert post["fields"]["x-amz-algorithm"] == "AWS4-HMAC-SHA256"
    url = urlsplit(_download_url(store, "files/k", 60))
    assert (url.netloc, url.path) == ("127.0.0.1:4566", f"/{BUCKET}/files/k")
    assert "X-Amz-Algorithm=AWS4-HMAC-SHA256" in url.query


@pytest.mark.parametrize("service", ["s3", "sqs", "dynamodb", "dynamodbstreams", "events", "secretsmanager", "ssm",
                                     "ses", "lambda", "apigatewaymanagementapi"])
def test_endpoint_variables_are_the_ones_boto3_reads(service: str) -> None:
    from design_agent.clients import endpoint_variable

    service_id = boto3.session.Session().client(service, region_name="us-east-1").meta.service_model.service_id
    assert endpoint_variable(service) == "AWS_ENDPOINT_URL_" + str(service_id).upper().replace(" ", "_")

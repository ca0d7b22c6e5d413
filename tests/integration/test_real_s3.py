"""What only an S3 that enforces signatures, POST policies and expiry can show (moto enforces none of them): run by
``make test-localstack`` against LocalStack's S3, deselected on moto (never reported as passed there)."""

from __future__ import annotations

import time
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from tests.integration.conftest import Account, Platform
from tests.integration.test_storage_api import png, post_form, token, wait_for

pytestmark = pytest.mark.real_s3


def test_a_post_over_the_size_limit_is_refused_by_s3_itself(platform: Platform, user: Account) -> None:
    tok = token(platform, user)
    refused = post_form(tok, b"\x89PNG" + b"\0" * tok["max_bytes"])
    assert refused.status_code == 400, refused.text
    assert "<Code>EntityTooLarge</Code>" in refused.text


def test_a_key_outside_the_callers_prefix_is_refused(platform: Platform, user: Account) -> None:
    tok = token(platform, user)
    other = tok["fields"]["key"].replace(user.user_id, "usr_someone_else")
    assert other != tok["fields"]["key"]
    refused = post_form(tok, png(), {**tok["fields"], "key": other})
    assert refused.status_code == 403, refused.text
    assert "AccessDenied" in refused.text


def test_another_content_type_than_the_token_names_is_refused(platform: Platform, user: Account) -> None:
    tok = token(platform, user)
    refused = post_form(tok, png(), {**tok["fields"], "Content-Type": "text/html"})
    assert refused.status_code == 403, refused.text


def test_the_sigv4_download_url_downloads_and_a_tampered_one_does_not(platform: Platform, user: Account) -> None:
    tok = token(platform, user)
    assert tok["fields"]["x-amz-algorithm"] == "AWS4-HMAC-SHA256"
    data = png(seed=7)
    assert post_form(tok, data).status_code == 204
    info = wait_for(platform, user, tok["file_id"])
    assert info["status"] == "stored", info
    query = parse_qs(urlsplit(info["url"]).query)
    assert query["X-Amz-Algorithm"] == ["AWS4-HMAC-SHA256"]
    downloaded = requests.get(info["url"], timeout=10)
    assert downloaded.status_code == 200
    assert downloaded.content == data
    tampered = requests.get(info["url"].replace("X-Amz-Signature=", "X-Amz-Signature=00"), timeout=10)
    assert tampered.status_code == 403
    assert "SignatureDoesNotMatch" in tampered.text


def test_an_expired_download_url_is_refused(platform: Platform, user: Account) -> None:
    tok = token(platform, user)
    assert post_form(tok, png(seed=9)).status_code == 204
    assert wait_for(platform, user, tok["file_id"])["status"] == "stored"
    shortest = platform.invoke("storage", "ResolveFile", {"user_id": user.user_id, "file_id": tok["file_id"],
                                                          "url_ttl_s": 30})
    url = shortest["body"]["url"]
    assert requests.get(url, timeout=10).status_code == 200
    deadline = time.monotonic() + 60
    while (answer := requests.get(url, timeout=10)).status_code == 200:
        assert time.monotonic() < deadline, "the URL outlived its expiry"
        time.sleep(1)
    assert answer.status_code == 403
    assert "Request has expired" in answer.text

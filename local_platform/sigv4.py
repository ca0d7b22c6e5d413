"""Requests to the local platform's AWS-style management endpoints must be signed (Signature Version 4) with the
platform's own credentials, as AWS requires: the Lambda Invoke API (service ``lambda``), the WebSocket
``@connections`` API and the ``/_local`` helpers (service ``execute-api``).

The signature is recomputed with botocore's own signer over what the client said it signed (its
``SignedHeaders``, the raw path and query, the body's SHA-256) and compared in constant time. boto3 clients made
with the platform's environment sign every call already (functions' ``lambda.invoke`` and
``post_to_connection``); ``curl --aws-sigv4 aws:amz:<region>:<service> --user <key id>:<secret>`` signs too.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Final

from botocore.auth import SIGV4_TIMESTAMP, SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
from werkzeug.wrappers import Request

ALGORITHM: Final = "AWS4-HMAC-SHA256"
MAX_SKEW_S: Final = 300  # as Lambda: a signature more than five minutes off the clock has expired
_AUTHORIZATION: Final = re.compile(
    r"^AWS4-HMAC-SHA256 Credential=(?P<key>[^/,\s]+)/(?P<date>\d{8})/(?P<region>[^/,\s]+)/(?P<service>[^/,\s]+)"
    r"/aws4_request,\s*SignedHeaders=(?P<headers>[a-z0-9;_.-]+),\s*Signature=(?P<signature>[0-9a-f]{64})$")


@dataclass(frozen=True)
class Refused:
    """Why a request is not accepted, as AWS says it (``x-amzn-ErrorType`` and message); 403."""

    error_type: str
    message: str


class SigV4Verifier:
    def __init__(self, access_key: str, secret_key: str) -> None:
        if not access_key or not secret_key:
            raise ValueError("the local platform needs credentials to check signatures against")
        self._credentials = Credentials(access_key, secret_key)

    def check(self, request: Request, body: bytes, service: str, now: datetime | None = None) -> Refused | None:
        """None when ``request`` is signed for ``service`` with the platform's credentials; else why not."""
        header = request.headers.get("Authorization", "")
        if not header:
            return Refused("MissingAuthenticationTokenException", "Missing Authentication Token: sign the request "
                                                                  "(SigV4) with the platform's credentials")
        found = _AUTHORIZATION.match(header.strip())
        if found is None:
            return Refused("IncompleteSignatureException", "The Authorization header is not a SigV4 signature")
        if not hmac.compare_digest(found["key"], self._credentials.access_key):
            return Refused("UnrecognizedClientException", "The security token included in the request is invalid")
        if found["service"] != service:
            return Refused("InvalidSignatureException", f"Credential should be scoped to service '{service}'")
        stamp = request.headers.get("X-Amz-Date", "")
        try:
            signed_at = datetime.strptime(stamp, SIGV4_TIMESTAMP).replace(tzinfo=UTC)
        except ValueError:
            return Refused("IncompleteSignatureException", "X-Amz-Date is missing or malformed")
        if abs(((now or datetime.now(UTC)) - signed_at).total_seconds()) > MAX_SKEW_S or \
                not stamp.startswith(found["date"]):
            return Refused("InvalidSignatureException", "Signature expired or not yet valid: check the clock")
        signed = found["headers"].split(";")
        if "host" not in signed:
            return Refused("InvalidSignatureException", "The Host header must be signed")
        claimed = request.headers.get("X-Amz-Content-SHA256")
        if claimed is not None and not hmac.compare_digest(claimed, hashlib.sha256(body).hexdigest()):
            return Refused("InvalidSignatureException", "X-Amz-Content-SHA256 is not the body's hash")
        expected = self._signature(request, body, signed, stamp, found["region"], service)
        if not hmac.compare_digest(expected, found["signature"]):
            return Refused("InvalidSignatureException", "The request signature we calculated does not match the "
                                                        "signature you provided")
        return None

    def _signature(self, request: Request, body: bytes, signed: list[str], stamp: str, region: str,
                   service: str) -> str:
        """botocore's signature of the request as the client saw it: its raw path and query, the headers it
        signed (each once, as received), the body."""
        raw = request.environ.get("RAW_URI") or request.environ.get("REQUEST_URI") or request.full_path
        headers = {name: request.headers.get(name, "") for name in signed}
        aws = AWSRequest(method=request.method, url=f"http://{request.host}{raw}", headers=headers, data=body)
        aws.context["timestamp"] = stamp
        signer = SigV4Auth(self._credentials, service, region)
        canonical = signer.canonical_request(aws)
        return str(signer.signature(signer.string_to_sign(aws, canonical), aws))


def signed_headers(method: str, url: str, body: bytes, service: str, access_key: str, secret_key: str,
                   region: str = "us-east-1") -> dict[str, str]:
    """The headers that sign a request as boto3 would (for clients that are not boto3: tests, scripts)."""
    aws = AWSRequest(method=method, url=url, data=body)
    SigV4Auth(Credentials(access_key, secret_key), service, region).add_auth(aws)
    return dict(aws.headers.items())

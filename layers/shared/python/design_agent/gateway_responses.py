"""Responses API Gateway itself produces (before a function runs), as problem+json.

Both renderers read this table: CDK turns it into GatewayResponses, the local
gateway answers with the same bodies.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field


@dataclass(frozen=True)
class GatewayResponse:
    response_type: str  # API Gateway's GatewayResponseType name
    status: int
    code: str
    title: str
    headers: dict[str, str] = field(default_factory=dict)  # extra headers, static values

    def body(self, request_id: str) -> str:
        return json.dumps({
            "type": f"urn:design-agent:problem:{self.code}",
            "title": self.title,
            "status": self.status,
            "code": self.code,
            "request_id": request_id,
        })

    @property
    def template(self) -> str:
        """The CDK response template (``$context.requestId`` filled in by API Gateway)."""
        return self.body("$context.requestId")


UNAUTHORIZED = GatewayResponse("UNAUTHORIZED", 401, "invalid-token",
                               "The token is missing, invalid, expired or revoked")
ACCESS_DENIED = GatewayResponse("ACCESS_DENIED", 403, "forbidden", "Not allowed")
REQUEST_TOO_LARGE = GatewayResponse("REQUEST_TOO_LARGE", 413, "payload-too-large",
                                    "The request body is larger than 10 MB")
THROTTLED = GatewayResponse("THROTTLED", 429, "too-many-requests", "Too many requests",
                            headers={"Retry-After": "1"})
INTEGRATION_TIMEOUT = GatewayResponse("INTEGRATION_TIMEOUT", 504, "integration-timeout",
                                      "The operation did not answer within 29 seconds")
MISSING_AUTHENTICATION_TOKEN = GatewayResponse("MISSING_AUTHENTICATION_TOKEN", 404, "not-found", "No such route")
DEFAULT_5XX = GatewayResponse("DEFAULT_5XX", 502, "bad-gateway", "The operation failed")

ALL = (UNAUTHORIZED, ACCESS_DENIED, REQUEST_TOO_LARGE, THROTTLED, INTEGRATION_TIMEOUT,
       MISSING_AUTHENTICATION_TOKEN, DEFAULT_5XX)

# the REST API's binaryMediaTypes: these request bodies reach functions base64-encoded, as the exact bytes sent.
# JSON is one of them so that a body that is not UTF-8 can be refused (``design_agent.api``); as text, API Gateway
# would hand it on with U+FFFD in place of the bad bytes. Responses are unaffected: a Lambda proxy answer is
# decoded from base64 only when it says ``isBase64Encoded``.
BINARY_MEDIA_TYPES = ("image/*", "font/*", "application/pdf", "multipart/form-data", "application/octet-stream",
                      "application/json")
# what a browser may send cross-origin (the generated OPTIONS methods and every function's CORS answer)
CORS_ALLOW_HEADERS = ("Authorization", "Content-Type", "Idempotency-Key", "If-Match", "If-None-Match",
                      "X-Request-Id")
CORS_EXPOSE_HEADERS = ("ETag", "Location", "Retry-After")

PAYLOAD_LIMIT_BYTES = 10 * 1024 * 1024
INTEGRATION_TIMEOUT_S = 29.0

"""Which browser origins may call the API and upload to the bucket: the stage's web console (its CloudFront
address in AWS, the platform's own address and Vite's dev server locally) and nothing else — never ``*``.

One list per stage, ``CORS_ALLOWED_ORIGINS`` (comma-separated exact origins), read by every renderer: CDK gives it to
every function and renders the preflights, gateway responses and bucket rules from it; the local platform sets it
from its own URLs and its gateway and buckets apply the same rules. The API takes bearer tokens, not cookies, so
no answer says ``Access-Control-Allow-Credentials``."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from design_agent.gateway_responses import CORS_ALLOW_HEADERS, CORS_EXPOSE_HEADERS

ENV_VAR = "CORS_ALLOWED_ORIGINS"
MAX_AGE_S = 3600
# the browser-upload bucket's rule (presigned POSTs, PUTs and downloads), for the same origins
BUCKET_METHODS = ("POST", "PUT", "GET")
BUCKET_EXPOSE_HEADERS = ("ETag",)
BUCKET_MAX_AGE_S = 3000


def parse_origins(raw: str | None) -> tuple[str, ...]:
    """``"https://a.example, http://127.0.0.1:3000/"`` -> the exact origins, without trailing slashes or repeats."""
    origins: list[str] = []
    for part in (raw or "").split(","):
        origin = part.strip().rstrip("/")
        if origin and origin not in origins:
            origins.append(origin)
    if "*" in origins:
        raise ValueError(f"{ENV_VAR} lists origins, never '*'")
    return tuple(origins)


def join_origins(origins: Iterable[str]) -> str:
    return ",".join(origins)


@dataclass(frozen=True)
class CorsPolicy:
    origins: tuple[str, ...] = ()

    def allows(self, origin: str | None) -> bool:
        return bool(origin) and origin in self.origins

    def headers(self, origin: str | None) -> dict[str, str]:
        """What an actual answer carries for a request from ``origin`` (nothing for an origin not allowed)."""
        if not origin or origin not in self.origins:
            return {"Vary": "Origin"}
        return {"Access-Control-Allow-Origin": origin, "Vary": "Origin",
                "Access-Control-Expose-Headers": ",".join(CORS_EXPOSE_HEADERS)}

    def preflight(self, origin: str | None, methods: Iterable[str]) -> dict[str, str]:
        """A preflight's answer: the allowed methods and headers, for an allowed origin only."""
        if not self.allows(origin):
            return {"Vary": "Origin"}
        return {**self.headers(origin), "Access-Control-Allow-Methods": ",".join(methods),
                "Access-Control-Allow-Headers": ",".join(CORS_ALLOW_HEADERS), "Access-Control-Max-Age": str(MAX_AGE_S)}

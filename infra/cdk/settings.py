"""Per-stage settings: a small typed model read from CDK context (``cdk.json`` -> ``design-agent:stages``)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any

from aws_cdk import RemovalPolicy
from aws_cdk import aws_logs as logs
from design_agent import cors

STAGES_CONTEXT_KEY = "design-agent:stages"
# the stage's mail sender on the command line (``-c email_sender=no-reply@mail.example.org``), over cdk.json's
EMAIL_SENDER_CONTEXT_KEY = "email_sender"
DEFAULT_STAGE = "dev"

_R = logs.RetentionDays
_RETENTION = {1: _R.ONE_DAY, 3: _R.THREE_DAYS, 5: _R.FIVE_DAYS, 7: _R.ONE_WEEK, 14: _R.TWO_WEEKS,
              30: _R.ONE_MONTH, 60: _R.TWO_MONTHS, 90: _R.THREE_MONTHS, 180: _R.SIX_MONTHS, 365: _R.ONE_YEAR,
              400: _R.THIRTEEN_MONTHS, 545: _R.EIGHTEEN_MONTHS, 731: _R.TWO_YEARS, 1827: _R.FIVE_YEARS,
              3653: _R.TEN_YEARS}


EMAIL_ADDRESS = re.compile(r"^[^@\s]+@[a-z0-9-]+(\.[a-z0-9-]+)+$")


@dataclass(frozen=True)
class StageSettings:
    """What differs between stages.

    ``authorizer_cache_ttl_s`` trades revocation latency for authorizer invocations: API Gateway caches
    an Allow per token for that long, so a logout or a block takes effect within the TTL (0 = immediately,
    every request calls the authorizer).
    """

    name: str
    log_retention_days: int = 14
    retain_data: bool = False  # tables, queues, secrets, log groups survive a stack deletion
    authorizer_cache_ttl_s: int = 0
    throttle_rate_rps: float = 50.0
    throttle_burst: int = 100
    # the per-user token bucket of signed-in users' calls (design_agent.rate_limits); 0 turns it off
    user_rate_rps: float = 0.0
    user_burst: int = 0
    event_archive_days: int = 7
    alarm_email: str | None = None
    tracing: bool = True  # X-Ray on functions and the API stage
    waf: bool = False  # WAF web ACL (rate-based rule + AWS common rules) on the API stage
    waf_rate_limit_per_5min: int = 2000
    cdn: bool = False  # CloudFront (origin access control) in front of buckets declared with cdn=True
    log_level: str = "INFO"
    # the From address of every mail of the stage: required (a placeholder domain can never be verified, so no
    # mail would ever leave); from cdk.json's stage entry or the ``email_sender`` context key
    email_sender: str = ""
    # the SES identity that covers it: the address itself (verified by a click, fine for dev) or its domain
    # (DKIM records to publish; what a production sender uses)
    email_identity: str = "address"
    # origins besides the stage's console (its CloudFront address) that CORS lets call the API and upload, e.g. a
    # developer's Vite server against the dev stage; exact origins, never "*"
    console_extra_origins: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "console_extra_origins", cors.parse_origins(",".join(self.console_extra_origins)))
        if self.log_retention_days not in _RETENTION:
            raise ValueError(f"log_retention_days {self.log_retention_days} is not a CloudWatch retention value")
        if not 0 <= self.authorizer_cache_ttl_s <= 3600:
            raise ValueError("authorizer_cache_ttl_s must be within 0..3600")
        if self.user_rate_rps < 0 or self.user_burst < 0:
            raise ValueError("user_rate_rps and user_burst must be >= 0 (0 turns the per-user limit off)")
        if not 1 <= self.event_archive_days <= 3650:  # 0 would mean "keep forever" to EventBridge
            raise ValueError("event_archive_days must be within 1..3650")
        if not self.email_sender:
            raise ValueError(
                f"stage {self.name!r} has no mail sender: pass the context key {EMAIL_SENDER_CONTEXT_KEY!r} "
                f"(cdk deploy -c {EMAIL_SENDER_CONTEXT_KEY}=no-reply@<your verified domain>) or set "
                f"{STAGES_CONTEXT_KEY!r} -> {self.name!r} -> 'email_sender' in cdk.json")
        if not EMAIL_ADDRESS.match(self.email_sender):
            raise ValueError(f"email_sender {self.email_sender!r} is not an e-mail address")
        if self.email_identity not in ("address", "domain"):
            raise ValueError("email_identity must be 'address' or 'domain'")

    @property
    def email_identity_name(self) -> str:
        """The SES identity sending is authorized against: the address, or the domain after its ``@``."""
        return self.email_sender if self.email_identity == "address" else self.email_sender.rpartition("@")[2]

    @property
    def log_retention(self) -> logs.RetentionDays:
        return _RETENTION[self.log_retention_days]

    @property
    def removal_policy(self) -> RemovalPolicy:
        return RemovalPolicy.RETAIN if self.retain_data else RemovalPolicy.DESTROY

    @classmethod
    def from_mapping(cls, name: str, raw: Mapping[str, Any]) -> StageSettings:
        known = {f.name for f in fields(cls)} - {"name"}
        unknown = set(raw) - known
        if unknown:
            raise ValueError(f"unknown stage setting(s) for {name}: {sorted(unknown)}")
        return cls(name=name, **dict(raw))


STAGE_NAME = re.compile(r"^[a-z][a-z0-9]{1,15}$")  # valid in every physical name and as an API stage name


def stage_settings(stage: str, stages: Mapping[str, Mapping[str, Any]] | None,
                   email_sender: str | None = None) -> StageSettings:
    """The settings of ``stage``; a stage not listed gets the settings of ``dev`` under its own name.
    ``email_sender`` (the context key of that name) overrides the stage entry's."""
    if not STAGE_NAME.match(stage):
        raise ValueError(f"stage name {stage!r} must match {STAGE_NAME.pattern}")
    table = stages or {}
    raw = dict(table.get(stage, table.get(DEFAULT_STAGE, {})))
    if email_sender:
        raw["email_sender"] = email_sender
    return StageSettings.from_mapping(stage, raw)

"""Settings as a pydantic model read from the environment (once per invocation, never at import)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from functools import cache
from typing import Self

from aws_lambda_powertools.utilities.parameters import SSMProvider
from pydantic import BaseModel, ConfigDict, Field

from design_agent.clients import AwsClients, aws
from design_agent.spec import Bucket, Queue, Secret, Table, Throttle, event_bus_name


@cache
def _parameters(clients: AwsClients) -> SSMProvider:
    """One provider per client factory: its cache lives as long as the warm function."""
    return SSMProvider(boto3_client=clients.client("ssm"))


class MissingSetting(RuntimeError):
    """A resource this function was not wired to (a renderer bug, not a client error)."""


class Settings(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore", populate_by_name=True)

    stage: str = Field(default="local", alias="STAGE")
    region: str = Field(default="us-east-1", alias="AWS_REGION")
    event_bus: str | None = Field(default=None, alias="EVENT_BUS_NAME")
    # auth
    access_token_ttl_s: int = Field(default=900, alias="ACCESS_TOKEN_TTL_S", ge=60)
    refresh_token_ttl_s: int = Field(default=30 * 86400, alias="REFRESH_TOKEN_TTL_S", ge=300)
    refresh_reuse_grace_s: int = Field(default=10, alias="REFRESH_REUSE_GRACE_S", ge=0)
    key_overlap_s: int = Field(default=2 * 86400, alias="SIGNING_KEY_OVERLAP_S", ge=0)
    key_cache_s: int = Field(default=300, alias="SIGNING_KEY_CACHE_S", ge=0)
    token_issuer: str = Field(default="design-agent", alias="TOKEN_ISSUER")
    # login throttling (functions/users/logic/throttle.py; README "Security"): failures in a window lock the
    # (email, source) pair and the source; the email alone only after many more, for a time that doubles with
    # each further failure, and never for a source the email signed in from before
    login_max_failures: int = Field(default=5, alias="LOGIN_MAX_FAILURES", ge=1,
                                    description="failures of one email from one source that lock that pair")
    login_ip_max_failures: int = Field(default=50, alias="LOGIN_IP_MAX_FAILURES", ge=1,
                                       description="failures from one source (any email) that lock the source")
    login_email_max_failures: int = Field(default=50, alias="LOGIN_EMAIL_MAX_FAILURES", ge=1,
                                          description="failures of one email from anywhere before it slows down")
    login_email_lock_base_s: int = Field(default=30, alias="LOGIN_EMAIL_LOCK_BASE_S", ge=1,
                                         description="the email's first lock; each further failure doubles it")
    login_window_s: int = Field(default=900, alias="LOGIN_WINDOW_S", ge=1)
    login_lockout_s: int = Field(default=900, alias="LOGIN_LOCKOUT_S", ge=1,
                                 description="a pair's and a source's lock, and the longest lock of an email")
    login_known_source_s: int = Field(default=30 * 86400, alias="LOGIN_KNOWN_SOURCE_S", ge=60,
                                      description="how long a source stays known after a successful login")
    # e-mail verification and password reset (functions/users/logic/verification.py; README "Security"): on by
    # default (every deployed stage), off in the local platform unless --email-verification
    email_verification: bool = Field(default=True, alias="EMAIL_VERIFICATION",
                                     description="accounts exist once their address is confirmed by a mailed link")
    verify_token_ttl_s: int = Field(default=3600, alias="VERIFY_TOKEN_TTL_S", ge=60, le=7 * 86400)
    reset_token_ttl_s: int = Field(default=900, alias="RESET_TOKEN_TTL_S", ge=60, le=86400)
    account_mails_per_hour: int = Field(default=3, alias="ACCOUNT_MAILS_PER_HOUR", ge=1,
                                        description="account mails to one address asked from one source, per hour")
    account_mails_per_address_hour: int = Field(default=20, alias="ACCOUNT_MAILS_PER_ADDRESS_HOUR", ge=1,
                                                description="account mails to one address from all sources, per hour")
    app_url: str = Field(default="http://127.0.0.1:3000", alias="APP_URL",
                         description="the web app's address, for the links in account mails")
    # the per-user rate limit of signed-in users' HTTP calls (a token bucket; 0 = off). CDK passes the stage's
    # ``user_rate_rps``/``user_burst`` from cdk.json, the local platform dev's; an SSM parameter overrides them
    user_rate_rps: float = Field(default=0.0, alias="USER_RATE_RPS", ge=0)
    user_burst: int = Field(default=0, alias="USER_BURST", ge=0)

    # monthly task quota and storage quota (bytes) per role
    quota_tasks_user: int = Field(default=20, alias="QUOTA_TASKS_USER", ge=0)
    quota_tasks_vip: int = Field(default=200, alias="QUOTA_TASKS_VIP", ge=0)
    quota_tasks_admin: int = Field(default=1000, alias="QUOTA_TASKS_ADMIN", ge=0)
    quota_storage_user: int = Field(default=1 << 30, alias="QUOTA_STORAGE_USER", ge=0)
    quota_storage_vip: int = Field(default=20 << 30, alias="QUOTA_STORAGE_VIP", ge=0)
    quota_storage_admin: int = Field(default=100 << 30, alias="QUOTA_STORAGE_ADMIN", ge=0)

    # storage
    max_file_bytes: int = Field(default=20 * 1024 * 1024, alias="STORAGE_MAX_FILE_BYTES", ge=1)
    # base64 in a Lambda payload (6 MB at most) leaves room for about 4 MB of raw bytes
    max_inline_upload_bytes: int = Field(default=4 * 1024 * 1024, alias="STORAGE_MAX_INLINE_BYTES", ge=1)
    upload_token_ttl_s: int = Field(default=300, alias="UPLOAD_TOKEN_TTL_S", ge=30, le=3600)
    upload_grace_s: int = Field(default=120, alias="UPLOAD_GRACE_S", ge=0)
    download_url_ttl_s: int = Field(default=900, alias="DOWNLOAD_URL_TTL_S", ge=30, le=43200)
    cdn_domain: str | None = Field(default=None, alias="CDN_DOMAIN")
    # the CloudFront key group's public key id, and the secret with its private key (URLs are signed with it)
    cdn_key_pair_id: str | None = Field(default=None, alias="CDN_KEY_PAIR_ID")
    cdn_signing_key_secret: str | None = Field(default=None, alias="CDN_SIGNING_KEY_SECRET_ID")

    # designs
    max_layers: int = Field(default=50, alias="DESIGN_MAX_LAYERS", ge=1, le=98)
    max_elements: int = Field(default=500, alias="DESIGN_MAX_ELEMENTS", ge=1)
    max_elements_per_request: int = Field(default=50, alias="DESIGN_MAX_ELEMENTS_PER_REQUEST", ge=1, le=98)
    # the layers and elements of one poster as JSON: a whole document must fit one Lambda response (6 MB)
    max_document_bytes: int = Field(default=4 * 1024 * 1024, alias="DESIGN_MAX_DOCUMENT_BYTES", ge=1,
                                    le=5 * 1024 * 1024)

    # machine clients (the algorithm side)
    client_token_ttl_s: int = Field(default=3600, alias="CLIENT_TOKEN_TTL_S", ge=60, le=86400)

    # tasks
    task_max_attempts: int = Field(default=3, alias="TASK_MAX_ATTEMPTS", ge=1, le=10)
    task_lease_s: int = Field(default=120, alias="TASK_LEASE_S", ge=2, le=3600,
                              description="a claim (and each progress call) holds the task this long")
    task_heartbeat_timeout_s: int = Field(default=600, alias="TASK_HEARTBEAT_TIMEOUT_S", ge=10,
                                          description="the sweep fails a running task silent for this long")
    task_pending_timeout_s: int = Field(default=300, alias="TASK_PENDING_TIMEOUT_S", ge=10,
                                        description="the sweep fails a create that never finished")
    task_idempotency_ttl_s: int = Field(default=86400, alias="TASK_IDEMPOTENCY_TTL_S", ge=60)

    # media
    media_max_pixels: int = Field(default=50_000_000, alias="MEDIA_MAX_PIXELS", ge=1,
                                  description="width x height of an input, checked before decoding")
    media_max_input_bytes: int = Field(default=25 * 1024 * 1024, alias="MEDIA_MAX_INPUT_BYTES", ge=1)
    media_max_batch_items: int = Field(default=50, alias="MEDIA_MAX_BATCH_ITEMS", ge=1, le=99)
    media_max_operations: int = Field(default=5, alias="MEDIA_MAX_OPERATIONS", ge=1, le=10,
                                      description="operations per batch item")
    media_matting_method: str = Field(default="grabcut", alias="MEDIA_MATTING_METHOD")
    media_job_ttl_s: int = Field(default=30 * 86400, alias="MEDIA_JOB_TTL_S", ge=3600)

    # notifications
    websocket_callback_url: str | None = Field(default=None, alias="WEBSOCKET_CALLBACK_URL")
    email_sender: str = Field(default="no-reply@design-agent.local", alias="EMAIL_SENDER")

    # configuration centre: SSM parameters under <prefix>/<service>/ and <prefix>/shared/ override the environment
    config_prefix: str | None = Field(default=None, alias="CONFIG_PARAMETERS_PREFIX")  # e.g. /design-agent/dev
    config_cache_s: int = Field(default=60, alias="CONFIG_CACHE_S", ge=0, le=3600)

    raw: Mapping[str, str] = Field(default_factory=dict, exclude=True)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Self:
        env = dict(os.environ if environ is None else environ)
        return cls.model_validate({**env, "raw": env})

    @classmethod
    def load(cls, service: str, clients: AwsClients | None = None) -> Self:
        """The environment, overridden by the stage's parameters for ``service`` (shared ones first), read with
        Powertools Parameters and cached for ``CONFIG_CACHE_S``: a changed parameter takes effect within that
        time, without a redeploy. Without ``CONFIG_PARAMETERS_PREFIX`` it is the environment alone."""
        base = cls.from_env()
        if not base.config_prefix:
            return base
        overlay: dict[str, str] = {}
        provider = _parameters(clients or aws())
        for scope in ("shared", service):
            found = provider.get_multiple(f"{base.config_prefix.rstrip('/')}/{scope}", max_age=base.config_cache_s)
            overlay.update({name: str(value) for name, value in found.items()})
        if not overlay:
            return base
        env = {**base.raw, **overlay}
        return cls.model_validate({**env, "raw": env})

    @property
    def bus_name(self) -> str:
        return self.event_bus or event_bus_name(self.stage)

    @property
    def user_limit(self) -> Throttle | None:
        """The per-user token bucket, or None when the stage sets none (a rate or a burst of 0)."""
        if self.user_rate_rps <= 0 or self.user_burst <= 0:
            return None
        return Throttle(rate_rps=self.user_rate_rps, burst=self.user_burst)

    def quota_limits(self, role: str) -> tuple[int, int]:
        """(tasks per month, storage bytes) for a role."""
        return int(getattr(self, f"quota_tasks_{role}")), int(getattr(self, f"quota_storage_{role}"))

    def table(self, table: Table) -> str:
        return self._require(table.env_var)

    def bucket(self, bucket: Bucket) -> str:
        return self._require(bucket.env_var)

    def queue_url(self, queue: Queue) -> str:
        return self._require(queue.env_var)

    def dlq_url(self, queue: Queue) -> str:
        return self._require(queue.dlq_env_var)

    def secret_id(self, secret: Secret) -> str:
        return self.raw.get(secret.env_var) or secret.physical_name(self.stage)

    def _require(self, key: str) -> str:
        value = self.raw.get(key)
        if not value:
            raise MissingSetting(f"environment variable {key} is not set for this function")
        return value

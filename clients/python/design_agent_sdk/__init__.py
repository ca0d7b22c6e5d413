"""The Design Agent SDK: a typed client of the Design Agent API generated from its OpenAPI document
(``design_agent_sdk.openapi``), with sign-in that renews itself, retries, uploads, live task progress and a
worker helper; and the ``design-agent`` command line (``design_agent_sdk.cli``)."""

from design_agent_sdk.auth import MemoryTokenStore, Tokens, TokenStore
from design_agent_sdk.client import LOCAL_API_URL, LOCAL_WS_URL, DesignAgent, Generation, Options
from design_agent_sdk.errors import (
    ApiError,
    BadRequest,
    Conflict,
    DesignAgentError,
    FieldError,
    Forbidden,
    NotFound,
    PayloadTooLarge,
    PreconditionFailed,
    RateLimited,
    ServerError,
    SessionExpired,
    TaskFailed,
    TaskLost,
    Unauthorized,
    UnsupportedMediaType,
    UploadFailed,
    ValidationFailed,
)
from design_agent_sdk.realtime import TaskUpdate
from design_agent_sdk.responses import expect
from design_agent_sdk.retry import RetryEvent, RetryPolicy
from design_agent_sdk.worker import ClaimedTask, WorkerClient

__version__ = "0.1.0"

__all__ = [
    "LOCAL_API_URL",
    "LOCAL_WS_URL",
    "ApiError",
    "BadRequest",
    "ClaimedTask",
    "Conflict",
    "DesignAgent",
    "DesignAgentError",
    "FieldError",
    "Forbidden",
    "Generation",
    "MemoryTokenStore",
    "NotFound",
    "Options",
    "PayloadTooLarge",
    "PreconditionFailed",
    "RateLimited",
    "RetryEvent",
    "RetryPolicy",
    "ServerError",
    "SessionExpired",
    "TaskFailed",
    "TaskLost",
    "TaskUpdate",
    "TokenStore",
    "Tokens",
    "Unauthorized",
    "UnsupportedMediaType",
    "UploadFailed",
    "ValidationFailed",
    "WorkerClient",
    "__version__",
    "expect",
]

"""Internal operations of the Notification service that other services call (decision 21: a service that wants to
act on WebSocket connections or send mail asks Notifications, which alone holds ``ManageConnections`` and SES)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from design_agent.clients import AwsClients
from design_agent.internal import InternalClient


class CloseConnectionsRequest(BaseModel):
    """Close a user's open WebSocket connections whose token was revoked (server side, ``delete_connection``)."""

    user_id: str
    session_id: str | None = None  # only the connections opened with this session's tokens; None: any session
    issued_before_ms: int | None = None  # only those whose token was issued before this instant (epoch ms)
    reason: str = Field(min_length=1, max_length=64)


class CloseConnectionsResult(BaseModel):
    closed: int


AccountMail = Literal["verify-email", "account-exists", "password-reset"]


class SendEmailRequest(BaseModel):
    """One of the account mails (templates declared by the Notification service) to an address that may have no
    account yet. The data carries a one-time token: it is neither logged nor stored by the sender."""

    to: str = Field(min_length=3, max_length=254, pattern=r"^[^@\s]+@[^@\s]+$")
    template: AccountMail
    data: dict[str, str] = Field(default_factory=dict, max_length=10)


class NotificationsClient:
    def __init__(self, stage: str, clients: AwsClients | None = None) -> None:
        self._rpc = InternalClient(stage, clients)

    def close_connections(self, request: CloseConnectionsRequest) -> CloseConnectionsResult:
        return self._rpc.call("notifications", "CloseConnections", request, CloseConnectionsResult)

    def send_email(self, request: SendEmailRequest) -> None:
        """Queued for sending (an asynchronous invocation): the caller answers the same whatever the mail does."""
        self._rpc.send("notifications", "SendEmail", request)

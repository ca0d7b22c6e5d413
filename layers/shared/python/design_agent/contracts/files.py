"""Internal operations of the File service."""

from __future__ import annotations

from pydantic import BaseModel

from design_agent.clients import AwsClients
from design_agent.internal import InternalClient


class ResolveFontRequest(BaseModel):
    """A font ``user_id`` may use (theirs or a public one); otherwise not found."""

    user_id: str
    font_id: str


class FontRef(BaseModel):
    font_id: str
    owner_id: str
    file_id: str
    family: str


class FilesClient:
    def __init__(self, stage: str, clients: AwsClients | None = None) -> None:
        self._rpc = InternalClient(stage, clients)

    def resolve_font(self, request: ResolveFontRequest) -> FontRef:
        return self._rpc.call("files", "ResolveFont", request, FontRef)

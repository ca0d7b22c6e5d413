"""Internal operations of the File service."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from design_agent.clients import AwsClients
from design_agent.internal import InternalClient

Script = Literal["latin", "zh-Hans", "zh-Hant", "ja", "ko"]
"""A script of a font's coverage report (``design_agent.fonts.SCRIPTS``)."""


class ResolveFontRequest(BaseModel):
    """A font ``user_id`` may use (theirs or a public one); otherwise not found."""

    user_id: str
    font_id: str


class FontRef(BaseModel):
    font_id: str
    owner_id: str
    file_id: str
    family: str
    scripts: list[Script] = Field(default_factory=list)
    """The font's coverage report (registered fonts have it; empty: unknown)."""


class ResolveFontsRequest(BaseModel):
    """Many fonts at once (a request's referenced font ids): those ``user_id`` may use (theirs or public)."""

    user_id: str
    font_ids: list[str] = Field(max_length=100)


class ResolvedFonts(BaseModel):
    """The asked-for fonts the user may use, in the asked order; the others (another user's private font, one
    that does not exist) are left out alike."""

    fonts: list[FontRef]


class FilesClient:
    def __init__(self, stage: str, clients: AwsClients | None = None) -> None:
        self._rpc = InternalClient(stage, clients)

    def resolve_font(self, request: ResolveFontRequest) -> FontRef:
        return self._rpc.call("files", "ResolveFont", request, FontRef)

    def resolve_fonts(self, request: ResolveFontsRequest) -> ResolvedFonts:
        return self._rpc.call("files", "ResolveFonts", request, ResolvedFonts)

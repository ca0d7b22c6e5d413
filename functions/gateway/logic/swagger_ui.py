"""Swagger UI's assets: installed from npm (``swagger-ui-dist``, pinned in ``swagger_ui/package.json``) by
``make venv``/``make dev`` into ``swagger_ui/dist``, which ships in the functions' code like any module."""

from dataclasses import dataclass
from functools import cache
from http import HTTPStatus
from pathlib import Path

from aws_lambda_powertools.event_handler import Response
from design_agent.errors import NotFound

DIST = Path(__file__).resolve().parents[1] / "swagger_ui" / "dist"


@dataclass(frozen=True)
class Asset:
    name: str
    content_type: str


STYLES = Asset("swagger-ui.css", "text/css; charset=utf-8")
BUNDLE = Asset("swagger-ui-bundle.js", "text/javascript; charset=utf-8")


def asset_url(asset: Asset) -> str:
    """The asset's address relative to the docs page (``/api/docs``)."""
    return f"docs/{asset.name}"


@cache
def _text(asset: Asset) -> str:
    path = DIST / asset.name
    if not path.is_file():
        raise NotFound(f"{asset.name} is not installed: run `make venv` (npm ci in {DIST.parent.name})")
    return path.read_text(encoding="utf-8")


def asset_response(asset: Asset) -> Response[str]:
    """The asset, cacheable for a day; ``NotFound`` when it was never installed (``make venv`` runs ``npm ci`` in
    ``functions/gateway/swagger_ui``)."""
    return Response(status_code=HTTPStatus.OK, content_type=asset.content_type, body=_text(asset),
                    headers={"Cache-Control": "public, max-age=86400"})

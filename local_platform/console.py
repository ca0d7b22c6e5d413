"""The web console (``web/``, built into ``web/dist`` by ``make dev``) at ``/console/`` of the HTTP gateway, as the
stage's CloudFront distribution serves it in AWS: static files with their content types, ``index.html`` for any
other path under it (the console routes in the page), and ``config.json`` with this platform's URLs."""

from __future__ import annotations

import json
import mimetypes
from collections.abc import Callable, Mapping
from pathlib import Path

from werkzeug.security import safe_join
from werkzeug.wrappers import Request, Response

PREFIX = "/console"
DIST = Path(__file__).resolve().parents[1] / "web" / "dist"
INDEX = "index.html"
mimetypes.add_type("text/javascript", ".js")  # the platform's own table may lack it (or say application/x-...)
mimetypes.add_type("application/json", ".map")
mimetypes.add_type("image/svg+xml", ".svg")


class ConsoleSite:
    def __init__(self, config: Callable[[], Mapping[str, str]], root: Path = DIST) -> None:
        self.root = root
        self.config = config

    @staticmethod
    def serves(path: str) -> bool:
        return path == PREFIX or path.startswith(f"{PREFIX}/")

    def __call__(self, request: Request) -> Response:
        if request.method not in ("GET", "HEAD"):
            return Response("Method not allowed", 405, headers={"Allow": "GET, HEAD"})
        if request.path == PREFIX:
            return Response(status=308, headers={"Location": f"{PREFIX}/"})
        relative = request.path[len(PREFIX) + 1:]
        if relative == "config.json":
            return Response(json.dumps(dict(self.config())), content_type="application/json",
                            headers={"Cache-Control": "no-store"})
        if not (self.root / INDEX).is_file():
            return Response("The console is not built: run `make console` (or `make dev`, which builds it).", 503,
                            content_type="text/plain; charset=utf-8")
        found = safe_join(str(self.root), relative) if relative else None
        if found is not None and Path(found).is_file():
            return self._file(Path(found), immutable=relative.startswith("assets/"))
        if relative and Path(relative).suffix and not relative.endswith(".html"):
            return Response("Not found", 404, content_type="text/plain; charset=utf-8")
        return self._file(self.root / INDEX, immutable=False)  # a route of the page itself

    @staticmethod
    def _file(path: Path, *, immutable: bool) -> Response:
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if content_type.startswith("text/") or content_type == "application/json":
            content_type += "; charset=utf-8"
        cache = "public, max-age=31536000, immutable" if immutable else "no-cache"  # assets' names carry a hash
        return Response(path.read_bytes(), content_type=content_type,
                        headers={"Cache-Control": cache, "X-Content-Type-Options": "nosniff"})

"""Match request paths against the HTTP operations' path templates (static segments win)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from design_agent.spec import Service

from local_platform.functions import FunctionRegistry, LocalFunction


@dataclass(frozen=True)
class Route:
    method: str
    template: str
    pattern: re.Pattern[str]
    function: LocalFunction
    static_segments: int


@dataclass(frozen=True)
class Match:
    route: Route
    params: dict[str, str]


def _compile(template: str) -> re.Pattern[str]:
    regex = re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>[^/]+)", re.escape(template))
    return re.compile(f"^{regex}$")


class RouteTable:
    def __init__(self, services: tuple[Service, ...], registry: FunctionRegistry) -> None:
        routes = []
        for fn in registry.functions.values():
            op = fn.operation
            if op.method and op.path:
                static = sum(1 for seg in op.path.split("/") if seg and not seg.startswith("{"))
                routes.append(Route(op.method.upper(), op.path, _compile(op.path), fn, static))
        self.routes = sorted(routes, key=lambda r: -r.static_segments)

    def match(self, method: str, path: str) -> Match | None:
        for route in self.routes:
            found = route.pattern.match(path)
            if found and route.method == method.upper():
                return Match(route, found.groupdict())
        return None

    def methods_for(self, path: str) -> list[str]:
        return sorted({r.method for r in self.routes if r.pattern.match(path)})

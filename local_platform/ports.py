"""Local TCP ports: use the one asked for when it is free, else any free one."""

from __future__ import annotations

import socket


def is_free(host: str, port: int) -> bool:
    """Whether a server could listen on ``port`` now. The probe reuses the address as the platform's servers do
    (``SO_REUSEADDR``), so a port whose last connections still wait in TIME_WAIT after a quick restart counts as
    free; one with a listener does not."""
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])


def preferred_or_free(host: str, port: int) -> int:
    """``port`` if nothing listens on it (0 means any), else a free port."""
    return port if port and is_free(host, port) else free_port(host)

"""Local TCP ports: use the one asked for when it is free, else any free one."""

from __future__ import annotations

import socket


def is_free(host: str, port: int) -> bool:
    with socket.socket() as probe:
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

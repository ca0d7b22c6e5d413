"""Profiles: one per stage (``local``, ``dev``, ``prod``, or any name), each a JSON file in the user's config
directory (``DESIGN_AGENT_CONFIG_DIR`` overrides it) holding the API and WebSocket URLs and the session's tokens.
The directory is private (0700) and each file is written atomically with mode 0600: tokens are secrets.

A profile file is also the token store of the session it holds: two ``design-agent`` commands of the same
profile renew its tokens one at a time under a lock on ``<name>.lock`` (the refresh token rotates, and a second
use of a used one ends the session)."""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import platformdirs

from design_agent_sdk.auth import Tokens
from design_agent_sdk.client import LOCAL_API_URL, LOCAL_WS_URL

DEFAULT_PROFILE = "local"
KNOWN_URLS = {"local": (LOCAL_API_URL, LOCAL_WS_URL)}  # a deployed stage's URLs are its stack outputs
NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")


class ProfileError(Exception):
    """A profile that cannot be used as asked (no API URL yet, a bad name)."""


def config_dir() -> Path:
    return Path(os.environ.get("DESIGN_AGENT_CONFIG_DIR") or platformdirs.user_config_dir("design-agent"))


@dataclass(frozen=True)
class Profile:
    name: str
    api_url: str | None = None
    ws_url: str | None = None
    email: str | None = None  # who signed in (shown by `profiles`)
    client_id: str | None = None  # a machine client's profile keeps its id and secret instead of a session
    client_secret: str | None = None
    tokens: Tokens | None = field(default=None, repr=False)

    def to_dict(self) -> dict[str, Any]:
        data = {k: v for k, v in self.__dict__.items() if k not in ("name", "tokens") and v is not None}
        if self.tokens is not None:
            data["tokens"] = self.tokens.to_dict()
        return data

    @classmethod
    def from_dict(cls, name: str, data: dict[str, Any]) -> Profile:
        tokens = data.get("tokens")
        return cls(name=name, api_url=data.get("api_url"), ws_url=data.get("ws_url"), email=data.get("email"),
                   client_id=data.get("client_id"), client_secret=data.get("client_secret"),
                   tokens=Tokens.from_dict(tokens) if isinstance(tokens, dict) else None)


class Profiles:
    """The profile files of one config directory."""

    def __init__(self, root: Path | None = None) -> None:
        self.root = root or config_dir()

    def path(self, name: str) -> Path:
        if not NAME.match(name):
            raise ProfileError(f"{name!r} is not a profile name (letters, digits, '.', '_', '-')")
        return self.root / "profiles" / f"{name}.json"

    def load(self, name: str) -> Profile:
        path = self.path(name)
        if not path.exists():
            api_url, ws_url = KNOWN_URLS.get(name, (None, None))
            return Profile(name=name, api_url=api_url, ws_url=ws_url)
        return Profile.from_dict(name, json.loads(path.read_text()))

    def save(self, profile: Profile) -> None:
        path = self.path(profile.name)
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        os.chmod(path.parent, 0o700)
        fd, scratch = tempfile.mkstemp(dir=path.parent, prefix=f".{profile.name}.", suffix=".tmp")
        try:
            os.fchmod(fd, 0o600)
            with os.fdopen(fd, "w") as out:
                json.dump(profile.to_dict(), out, indent=2)
            os.replace(scratch, path)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(scratch)
            raise

    def names(self) -> list[str]:
        folder = self.root / "profiles"
        return sorted(p.stem for p in folder.glob("*.json")) if folder.exists() else []


class ProfileTokenStore:
    """A profile's tokens as the SDK's TokenStore: read from and saved to its file, renewed under a file lock."""

    def __init__(self, profiles: Profiles, name: str) -> None:
        self._profiles, self._name = profiles, name
        self._lock = threading.RLock()
        self._depth = 0

    def load(self) -> Tokens | None:
        return self._profiles.load(self._name).tokens

    def save(self, tokens: Tokens | None) -> None:
        self._profiles.save(replace(self._profiles.load(self._name), tokens=tokens))

    @contextlib.contextmanager
    def exclusive(self) -> Iterator[None]:
        with self._lock:
            if self._depth:  # already held by this thread: flock is per open file, so never take it twice
                self._depth += 1
                try:
                    yield
                finally:
                    self._depth -= 1
                return
            lock_path = self._profiles.path(self._name).with_suffix(".lock")
            lock_path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            with os.fdopen(os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600), "r+") as handle:
                fcntl.flock(handle, fcntl.LOCK_EX)
                self._depth = 1
                try:
                    yield
                finally:
                    self._depth = 0
                    fcntl.flock(handle, fcntl.LOCK_UN)

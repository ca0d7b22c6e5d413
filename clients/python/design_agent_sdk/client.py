"""``DesignAgent``: one signed-in client of the API — the generated operations (``sdk.api`` with
:func:`~design_agent_sdk.responses.expect`) on an HTTP client that renews tokens and retries, plus the flows a
generator cannot know: sign-in and sign-out, uploads, generation with live progress, downloads."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from design_agent_sdk.auth import (
    ClientCredentialsGrant,
    Grant,
    MemoryTokenStore,
    RefreshTokenGrant,
    TokenAuth,
    Tokens,
    TokenStore,
)
from design_agent_sdk.errors import ApiError, TaskFailed
from design_agent_sdk.openapi.api.auth import logout
from design_agent_sdk.openapi.api.designs import export_poster, get_poster
from design_agent_sdk.openapi.api.notifications import list_inbox
from design_agent_sdk.openapi.api.tasks import create_task, get_task
from design_agent_sdk.openapi.api.users import get_user, login
from design_agent_sdk.openapi.client import AuthenticatedClient, Client
from design_agent_sdk.openapi.models import (
    CreateTaskRequest,
    ExportRequest,
    ExportResult,
    FileInfo,
    LoginRequest,
    PosterDocument,
    PosterGenerateParams,
    TaskOut,
    UserOut,
)
from design_agent_sdk.openapi.types import Unset
from design_agent_sdk.realtime import Connection, TaskUpdate, TaskWatcher
from design_agent_sdk.responses import expect
from design_agent_sdk.retry import RetryEvent, RetryPolicy, RetryTransport
from design_agent_sdk.uploads import Progress, upload

LOCAL_API_URL = "http://127.0.0.1:3000"
LOCAL_WS_URL = "ws://127.0.0.1:3001"
DEFAULT_RETRY = RetryPolicy()


@dataclass(frozen=True)
class Generation:
    """A finished generation: the task as it ended and the poster it made."""

    task: TaskOut
    poster: PosterDocument
    updates: tuple[TaskUpdate, ...]


@dataclass(frozen=True)
class Options:
    """How the HTTP clients behave (shared by a client's API and public halves)."""

    ws_url: str | None = None
    retry: RetryPolicy = DEFAULT_RETRY
    timeout_s: float = 30.0
    on_retry: Callable[[RetryEvent], None] | None = None
    transport: httpx.BaseTransport | None = None  # below the retries (tests, proxies)

    def http(self, base_url: str, auth: httpx.Auth | None = None, *, always_repeatable: bool = False) -> httpx.Client:
        transport = RetryTransport(self.retry, self.transport, on_retry=self.on_retry,
                                   always_repeatable=always_repeatable)
        return httpx.Client(base_url=base_url, auth=auth, transport=transport,
                            timeout=httpx.Timeout(self.timeout_s, connect=min(10.0, self.timeout_s)))


def public_client(api_url: str, options: Options) -> Client:
    return Client(base_url=api_url).set_httpx_client(options.http(api_url))


class DesignAgent:
    """A client of one stage of the API, signed in as a user (:meth:`sign_in`, :meth:`resume`) or as a machine
    client (:meth:`machine`). Not async; safe to share between threads (renewals take turns)."""

    def __init__(self, api_url: str, store: TokenStore, grant: Callable[[Client], Grant], *,
                 options: Options | None = None, clock: Callable[[], float] = time.time) -> None:
        self.api_url = api_url.rstrip("/")
        self.options = options or Options()
        self.public = public_client(self.api_url, self.options)
        self.auth = TokenAuth(store, grant(self.public), clock=clock)
        self.api = AuthenticatedClient(base_url=self.api_url, token="").set_httpx_client(
            self.options.http(self.api_url, self.auth))
        self._files = self.options.http("", always_repeatable=True)  # presigned URLs: no token, fixed keys

    # --- signing in and out --------------------------------------------------------------------------
    @classmethod
    def resume(cls, api_url: str, store: TokenStore, *, options: Options | None = None) -> DesignAgent:
        """A user session from saved tokens (the CLI's profile): renewed with its refresh token as needed."""
        return cls(api_url, store, RefreshTokenGrant, options=options)

    @classmethod
    def sign_in(cls, api_url: str, email: str, password: str, *, store: TokenStore | None = None,
                options: Options | None = None) -> DesignAgent:
        options = options or Options()
        result = expect(login.sync_detailed(client=public_client(api_url.rstrip("/"), options),
                                            body=LoginRequest(email=email, password=password)))
        store = store or MemoryTokenStore()
        with store.exclusive():
            store.save(Tokens(access_token=result.access_token, refresh_token=result.refresh_token,
                              session_id=result.session_id, expires_at=time.time() + result.expires_in,
                              lifetime_s=float(result.expires_in)))
        return cls.resume(api_url, store, options=options)

    @classmethod
    def machine(cls, api_url: str, client_id: str, client_secret: str, *, options: Options | None = None,
                store: TokenStore | None = None) -> DesignAgent:
        """A machine client (a worker): tokens from the client-credentials grant, fetched again when they expire."""
        return cls(api_url, store or MemoryTokenStore(),
                   lambda public: ClientCredentialsGrant(public, client_id, client_secret), options=options)

    def sign_out(self) -> None:
        """End this session on the server (its tokens stop working at once) and forget the tokens."""
        tokens = self.auth.store.load()
        if tokens is not None and tokens.refresh_token:
            try:
                expect(logout.sync_detailed(client=self.api))
            except ApiError as exc:
                if exc.status != 401:  # already over: nothing to end
                    raise
        with self.auth.store.exclusive():
            self.auth.store.save(None)

    def me(self) -> UserOut:
        return expect(get_user.sync_detailed("me", client=self.api))

    # --- files -----------------------------------------------------------------------------------------
    def upload(self, path: str | Path, *, kind: str | None = None, content_type: str | None = None,
               on_progress: Progress | None = None, confirm_timeout_s: float = 60.0) -> FileInfo:
        """Upload a file straight to the bucket and wait for its confirmation; the stored file (with a
        download URL). UploadFailed when the bucket or the confirmation refuses it."""
        return upload(self.api, self._files, Path(path), kind=kind, content_type=content_type,
                      on_progress=on_progress, confirm_timeout_s=confirm_timeout_s)

    def download(self, url: str, to: str | Path, on_progress: Progress | None = None) -> Path:
        """Save what a download URL points at (a presigned GET) to a file."""
        target = Path(to)
        with self._files.stream("GET", url) as response:
            if response.status_code != 200:
                raise ApiError.of(response)
            total, done = int(response.headers.get("Content-Length") or 0), 0
            with target.open("wb") as out:
                for chunk in response.iter_bytes():
                    out.write(chunk)
                    done += len(chunk)
                    if on_progress is not None:
                        on_progress(done, total or done)
        return target

    def read_url(self, url: str, max_bytes: int) -> bytes | None:
        """What a download URL points at, in memory; None when it cannot be had or is over ``max_bytes``."""
        with self._files.stream("GET", url) as response:
            if response.status_code != 200:
                return None
            data = bytearray()
            for chunk in response.iter_bytes():
                data += chunk
                if len(data) > max_bytes:
                    return None
        return bytes(data)

    # --- tasks -----------------------------------------------------------------------------------------
    def create_task(self, params: PosterGenerateParams, *, idempotency_key: str | None = None) -> TaskOut:
        """Create a generation task. It always carries an Idempotency-Key (a new one unless given), so the
        retries of this call never create two tasks or spend quota twice."""
        return expect(create_task.sync_detailed(
            client=self.api, body=CreateTaskRequest(params=params, type_="poster.generate"),
            idempotency_key=idempotency_key or str(uuid.uuid4())))

    def inbox_cursor(self) -> str | None:
        """The newest inbox message id now: what a watch started later replays from."""
        page = expect(list_inbox.sync_detailed(client=self.api, limit=1))
        return page.items[0].message_id if page.items else None

    def watcher(self, task_id: str, *, since: str | None = None,
                on_update: Callable[[TaskUpdate], None] | None = None,
                on_connection: Callable[[Connection], None] | None = None, **tuning: Any) -> TaskWatcher:
        return TaskWatcher(self.api, self.auth, self.options.ws_url, task_id, since=since, on_update=on_update,
                           on_connection=on_connection, **tuning)

    def watch(self, task_id: str, **options: Any) -> TaskUpdate:
        """Follow a task to its end (over the WebSocket when there is a ``ws_url``, else by polling)."""
        return self.watcher(task_id, **options).run()

    def generate(self, params: PosterGenerateParams, *, idempotency_key: str | None = None,
                 on_update: Callable[[TaskUpdate], None] | None = None,
                 on_connection: Callable[[Connection], None] | None = None,
                 on_created: Callable[[TaskOut], None] | None = None, **tuning: Any) -> Generation:
        """Create a task, stream its progress to ``on_update`` and return the finished poster.
        TaskFailed when it fails or is cancelled."""
        since = self.inbox_cursor()
        task = self.create_task(params, idempotency_key=idempotency_key)
        if on_created is not None:
            on_created(task)
        watcher = self.watcher(task.task_id, since=since, on_update=on_update, on_connection=on_connection,
                               **tuning)
        final = watcher.run()
        task = expect(get_task.sync_detailed(task.task_id, client=self.api))
        if final.status != "succeeded" or isinstance(task.result, Unset) or task.result is None:
            error = task.error if not isinstance(task.error, Unset) and task.error is not None else None
            raise TaskFailed(task.task_id, final.status, error.code if error else None,
                             error.message if error else "")
        poster = self.poster(task.result.poster_id)
        return Generation(task=task, poster=poster, updates=tuple(watcher.shown))

    # --- posters ---------------------------------------------------------------------------------------
    def poster(self, poster_id: str) -> PosterDocument:
        document: PosterDocument = expect(get_poster.sync_detailed(poster_id, client=self.api))
        return document

    def export(self, poster_id: str, to: str | Path, *, scale: float = 1.0) -> tuple[ExportResult, Path]:
        """Render a poster to PNG on the server (stored as one of your files) and save it to ``to``; the result
        names what could not be drawn (characters no font has, fonts or images that were not found)."""
        exported: ExportResult = expect(export_poster.sync_detailed(poster_id, client=self.api,
                                                                    body=ExportRequest(scale=scale)))
        url = exported.url if isinstance(exported.url, str) else None
        if url is None:
            raise ApiError(502, "no-download-url", "The export has no download URL")
        return exported, self.download(url, to)

    def close(self) -> None:
        for http in (self.api.get_httpx_client(), self.public.get_httpx_client(), self._files):
            http.close()

    def __enter__(self) -> DesignAgent:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

"""Watching a task: its messages over the WebSocket API, the durable inbox replayed after every (re)connect so
nothing is lost while the socket was down, and polling of the task's status when no socket can be had.

The inbox is the record and pushes are best effort (docs/decisions.md, 22 and 24): after connecting and
subscribing to the task, the watcher asks the inbox for everything after the last message it handled (its
cursor) and only then reads the socket. Messages are handled once (by ``message_id``) and shown only when
they move the task forward: a higher attempt, or further within the same attempt, with the end after all."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal
from urllib.parse import urlencode

from websockets.exceptions import ConnectionClosed, InvalidStatus, WebSocketException
from websockets.sync.client import ClientConnection, connect

from design_agent_sdk.auth import TokenAuth
from design_agent_sdk.openapi.api.notifications import list_inbox
from design_agent_sdk.openapi.api.tasks import get_task_status
from design_agent_sdk.openapi.client import AuthenticatedClient
from design_agent_sdk.openapi.models import InboxMessage, TaskStatusOut
from design_agent_sdk.openapi.types import Unset
from design_agent_sdk.responses import expect

Via = Literal["websocket", "replay", "poll"]
TERMINAL_TYPES = {"task.completed": "succeeded", "task.failed": "failed", "task.cancelled": "cancelled"}
TERMINAL_STATUSES = frozenset(TERMINAL_TYPES.values())
END = 101  # where an ended attempt stands: after any progress
REPLAY_PAGE = 100


@dataclass(frozen=True)
class TaskUpdate:
    """One step of a task as a watcher shows it."""

    task_id: str
    type: str  # task.progress | task.completed | task.failed | task.cancelled | task.status (from polling)
    status: str
    attempt: int
    progress: int
    stage: str | None
    via: Via
    message_id: str | None = None
    title: str = ""
    data: Mapping[str, Any] = field(default_factory=dict)

    @property
    def terminal(self) -> bool:
        return self.status in TERMINAL_STATUSES

    @property
    def position(self) -> tuple[int, int]:
        return self.attempt, END if self.terminal else self.progress

    @classmethod
    def of_message(cls, message: InboxMessage, via: Via) -> TaskUpdate:
        data: dict[str, Any] = {} if isinstance(message.data, Unset) else message.data.to_dict()
        kind = message.type_.value
        return cls(task_id=str(message.task_id), type=kind, status=str(data.get("status") or TERMINAL_TYPES.get(
            kind, "running")), attempt=int(data.get("attempt") or 1), via=via, message_id=message.message_id,
            progress=int(data.get("progress") or (100 if kind == "task.completed" else 0)),
            stage=data.get("stage"), title=message.title, data=data)

    @classmethod
    def of_status(cls, status: TaskStatusOut) -> TaskUpdate:
        stage = status.stage if isinstance(status.stage, str) else None
        return cls(task_id=status.task_id, type="task.status", status=status.status.value, attempt=status.attempt,
                   progress=status.progress, stage=stage, via="poll")


Connection = Literal["connected", "reconnecting", "polling"]


class TaskWatcher:
    """Follows one task to its end; ``run()`` returns the final update (succeeded, failed or cancelled)."""

    def __init__(self, api: AuthenticatedClient, auth: TokenAuth, ws_url: str | None, task_id: str, *,
                 since: str | None = None, on_update: Callable[[TaskUpdate], None] | None = None,
                 on_connection: Callable[[Connection], None] | None = None, reconnect_delay_s: float = 0.5,
                 max_reconnect_delay_s: float = 10.0, max_connect_failures: int = 5, poll_interval_s: float = 1.0,
                 quiet_s: float = 15.0, sleep: Callable[[float], None] = time.sleep) -> None:
        self.api, self.auth, self.ws_url, self.task_id = api, auth, ws_url, task_id
        self.cursor = since  # the newest inbox message handled (what a replay asks for messages after)
        self._on_update, self._on_connection = on_update, on_connection
        self._reconnect_delay, self._max_reconnect_delay = reconnect_delay_s, max_reconnect_delay_s
        self._max_failures, self._poll_interval, self._quiet, self._sleep = (max_connect_failures, poll_interval_s,
                                                                             quiet_s, sleep)
        self._handled: set[str] = set()
        self.shown: list[TaskUpdate] = []
        self.final: TaskUpdate | None = None
        self.connections = 0  # sockets opened (1 + reconnects)

    # --- what to show --------------------------------------------------------------------------------
    def _show(self, update: TaskUpdate) -> None:
        if update.task_id != self.task_id:
            return
        if self.shown and update.position <= self.shown[-1].position:
            return  # older or no further than what is shown (two updates crossed on the wire)
        self.shown.append(update)
        if update.terminal:
            self.final = update
        if self._on_update is not None:
            self._on_update(update)

    def _message(self, message: InboxMessage, via: Via) -> None:
        if message.message_id in self._handled:
            return
        self._handled.add(message.message_id)
        if self.cursor is None or message.message_id > self.cursor:  # ULIDs sort by time
            self.cursor = message.message_id
        if message.task_id == self.task_id and message.type_.value.startswith("task."):
            self._show(TaskUpdate.of_message(message, via))

    # --- the inbox -------------------------------------------------------------------------------------
    def replay(self) -> None:
        """Everything after the cursor, oldest first (or, with no cursor yet, this task's recent messages)."""
        if self.cursor is None:
            page = expect(list_inbox.sync_detailed(client=self.api, limit=REPLAY_PAGE))
            for message in reversed(page.items):
                self._message(message, "replay")
            return
        while True:
            page = expect(list_inbox.sync_detailed(client=self.api, since=self.cursor, limit=REPLAY_PAGE))
            for message in page.items:
                self._message(message, "replay")
            if len(page.items) < REPLAY_PAGE:
                return

    def poll(self) -> TaskUpdate:
        status = TaskUpdate.of_status(expect(get_task_status.sync_detailed(self.task_id, client=self.api)))
        self._show(status)
        return status

    # --- the socket ------------------------------------------------------------------------------------
    def _open(self) -> ClientConnection:
        assert self.ws_url is not None
        tokens = self.auth.current()
        for attempt in (1, 2):
            uri = f"{self.ws_url.rstrip('/')}/?{urlencode({'token': tokens.access_token})}"
            try:
                return connect(uri, open_timeout=10, close_timeout=2, max_size=2**20)
            except InvalidStatus as refused:
                if refused.response.status_code != 401 or attempt == 2:
                    raise
                tokens = self.auth.renew(stale=tokens)  # expired or rotated: once more with new tokens
        raise AssertionError("unreachable")

    def _frames(self, ws: ClientConnection) -> Iterator[dict[str, Any] | None]:
        """The socket's frames as JSON objects; None after ``quiet_s`` without one."""
        while True:
            try:
                raw = ws.recv(timeout=self._quiet)
            except TimeoutError:
                yield None
                continue
            try:
                frame = json.loads(raw)
            except ValueError:
                continue
            if isinstance(frame, dict):
                yield frame

    def _follow(self, ws: ClientConnection) -> None:
        """Subscribe, catch up from the inbox, then read the socket until the task has ended."""
        ws.send(json.dumps({"action": "subscribe", "task_id": self.task_id}))
        self.replay()
        for frame in self._frames(ws):
            if frame is None:  # quiet for a while: did it end without a word reaching this socket?
                self.replay()
                if self.final is None:
                    self.poll()
            elif frame.get("type") == "notification" and isinstance(frame.get("message"), dict):
                self._message(InboxMessage.from_dict(frame["message"]), "websocket")
            if self.final is not None:
                return

    def _connection(self, state: Connection) -> None:
        if self._on_connection is not None:
            self._on_connection(state)

    def run(self) -> TaskUpdate:
        failures, delay = 0, self._reconnect_delay
        while self.ws_url is not None and self.final is None and failures < self._max_failures:
            try:
                ws = self._open()
            except (OSError, TimeoutError, WebSocketException) as error:
                if isinstance(error, InvalidStatus) and 400 <= error.response.status_code < 500:
                    break  # refused for good (a machine client, a dead session): polling answers anyway
                failures += 1
                self._connection("reconnecting")
                self._sleep(delay)
                delay = min(delay * 2, self._max_reconnect_delay)
                continue
            failures, delay = 0, self._reconnect_delay
            self.connections += 1
            self._connection("connected")
            try:
                with ws:
                    self._follow(ws)
            except (ConnectionClosed, OSError):
                if self.final is None:
                    self._connection("reconnecting")
                    self._sleep(delay)
        if self.final is None:
            self._connection("polling")
        while self.final is None:
            if not self.poll().terminal:
                self._sleep(self._poll_interval)
        return self.final

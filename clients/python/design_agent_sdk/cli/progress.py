"""Progress on the screen: a bar per uploaded file, a live bar for a task (fed by its WebSocket messages).
Where no bar can be drawn (a pipe, a log, ``--json``) each step is one line instead."""

from __future__ import annotations

from collections.abc import Callable
from types import TracebackType
from typing import Self

from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    SpinnerColumn,
    TaskID,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
    TransferSpeedColumn,
)

from design_agent_sdk.cli.output import Out
from design_agent_sdk.realtime import Connection, TaskUpdate


class Bars:
    """A Rich progress display when the output is a terminal; nothing otherwise."""

    def __init__(self, out: Out, *columns: object) -> None:
        self.out = out
        self.progress = Progress(*columns, console=out.console) if out.live else None  # type: ignore[arg-type]

    def __enter__(self) -> Self:
        if self.progress is not None:
            self.progress.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        if self.progress is not None:
            self.progress.stop()


class FileBars(Bars):
    def __init__(self, out: Out) -> None:
        super().__init__(out, TextColumn("{task.description}"), BarColumn(), DownloadColumn(),
                         TransferSpeedColumn())

    def file(self, name: str, size: int) -> Callable[[int, int], None]:
        """The progress callback of one file's bar."""
        if self.progress is None:
            return lambda sent, total: None
        bar = self.progress.add_task(name, total=size or 1)
        return lambda sent, total: self.progress.update(bar, completed=sent, total=total or 1)  # type: ignore[union-attr]


class TaskBar(Bars):
    def __init__(self, out: Out, title: str) -> None:
        super().__init__(out, SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), TaskProgressColumn(),
                         TextColumn("{task.fields[stage]}"), TimeElapsedColumn())
        self.title = title
        self.bar: TaskID | None = None

    def __enter__(self) -> Self:
        super().__enter__()
        if self.progress is not None:
            self.bar = self.progress.add_task(self.title, total=100, stage="queued")
        return self

    def update(self, update: TaskUpdate) -> None:
        done = 100 if update.status == "succeeded" else update.progress
        stage = update.stage or update.status
        if self.progress is not None and self.bar is not None:
            self.progress.update(self.bar, completed=done, stage=stage, description=self.title)
        else:
            self.out.step(f"{done:3d}% {stage} ({update.via})")

    def connection(self, state: Connection) -> None:
        if self.progress is not None and self.bar is not None:
            note = "" if state == "connected" else f" ({state}…)"
            self.progress.update(self.bar, description=f"{self.title}{note}")
        else:
            self.out.step(f"… {state}")

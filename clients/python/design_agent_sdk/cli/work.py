"""Files, generation, tasks, posters and the inbox."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from design_agent_sdk.cli.progress import FileBars, TaskBar
from design_agent_sdk.cli.state import State, state
from design_agent_sdk.errors import TaskFailed
from design_agent_sdk.openapi.api.designs import list_posters
from design_agent_sdk.openapi.api.notifications import get_unread_count, list_inbox
from design_agent_sdk.openapi.api.tasks import cancel_task, get_task, list_tasks
from design_agent_sdk.openapi.models import (
    ListTasksStatusType0,
    PosterGenerateParams,
    PosterGenerateParamsStyle,
    PosterSize,
    TaskOut,
)
from design_agent_sdk.openapi.types import UNSET, Unset
from design_agent_sdk.responses import expect

files = typer.Typer()
tasks = typer.Typer(help="Generation tasks: list, watch, cancel.")
posters = typer.Typer(help="Posters: list, get, export to PNG.")


@files.command()
def upload(ctx: typer.Context, paths: Annotated[list[Path], typer.Argument(exists=True, dir_okay=False)],
           kind: Annotated[str | None, typer.Option(help="image | font | asset | other (from the type if not "
                                                          "given)")] = None) -> None:
    """Upload files straight to storage (a bar per file) and wait until each is stored."""
    s = state(ctx)
    sdk, stored = s.sdk(), []
    with FileBars(s.out) as bars:
        for path in paths:
            info = sdk.upload(path, kind=kind, on_progress=bars.file(path.name, path.stat().st_size))
            stored.append(info)
            if bars.progress is None:
                s.out.step(f"stored {path.name} as {info.file_id} ({shown_size(info.size)})")
    if s.out.as_json:
        s.out.json(stored)
    elif bars.progress is not None:
        for info in stored:
            s.out.console.print(f"{info.filename}: {info.file_id}", markup=False)


def shown_size(size: int | Unset | None) -> str:
    return f"{size} bytes" if isinstance(size, int) else "size unknown"


def _params(prompt: str | None, title: str | None, subtitle: str | None, style: str | None, size: str | None,
            references: list[str]) -> PosterGenerateParams:
    if not (prompt or title):
        raise typer.BadParameter("give --title or --prompt (or both)")
    poster_size: PosterSize | Unset = UNSET
    if size:
        try:
            width, height = (int(part) for part in size.lower().split("x"))
        except ValueError:
            raise typer.BadParameter("--size is WIDTHxHEIGHT, e.g. 1080x1920") from None
        poster_size = PosterSize(width=width, height=height)
    return PosterGenerateParams(prompt=prompt or str(title), title=title or UNSET, subtitle=subtitle or UNSET,
                                style=PosterGenerateParamsStyle(style) if style else UNSET, size=poster_size,
                                reference_file_ids=references or UNSET)


def _watch(s: State, task: TaskOut, since: str | None, title: str) -> str:
    """Follow a task with a live bar; its poster id when it succeeds."""
    sdk = s.sdk()
    with TaskBar(s.out, title) as bar:
        final = sdk.watcher(task.task_id, since=since, on_update=bar.update, on_connection=bar.connection).run()
    ended = expect(get_task.sync_detailed(task.task_id, client=sdk.api))
    if final.status != "succeeded" or not ended.result:
        error = ended.error if ended.error else None
        raise TaskFailed(task.task_id, final.status, error.code if error else None, error.message if error else "")
    return ended.result.poster_id


@files.command()
def generate(ctx: typer.Context,
             title: Annotated[str | None, typer.Option(help="the headline")] = None,
             prompt: Annotated[str | None, typer.Option(help="what the poster is about (the title if not given)")]
             = None,
             subtitle: Annotated[str | None, typer.Option()] = None,
             style: Annotated[str | None, typer.Option(help="minimal | bold | elegant | playful | retro")] = None,
             size: Annotated[str | None, typer.Option(help="WIDTHxHEIGHT, e.g. 1080x1920")] = None,
             reference: Annotated[list[str] | None, typer.Option(help="a stored image's file id (repeatable)")]
             = None,
             watch: Annotated[bool, typer.Option(help="follow the progress live and save the poster")] = False,
             out: Annotated[Path | None, typer.Option(help="where --watch saves the poster (PNG)")] = None) -> None:
    """Create a poster-generation task; with --watch, follow it with a live progress bar and save the poster."""
    s = state(ctx)
    sdk = s.sdk()
    params = _params(prompt, title, subtitle, style, size, reference or [])
    since = sdk.inbox_cursor() if watch else None
    task = sdk.create_task(params)
    if not watch:
        s.out.result(task, f"created {task.task_id} ({task.status.value}); follow it: design-agent tasks watch "
                           f"{task.task_id}")
        return
    s.out.step(f"task {task.task_id}")
    poster_id = _watch(s, task, since, title or params.prompt[:40])
    _, saved = sdk.export(poster_id, out or Path(f"{poster_id}.png"))
    s.out.result({"task_id": task.task_id, "poster_id": poster_id, "saved": str(saved)},
                 f"poster {poster_id} saved to {saved}")


@tasks.command("list")
def list_(ctx: typer.Context, status: Annotated[str | None, typer.Option(help="queued, running, succeeded...")]
          = None, limit: Annotated[int, typer.Option(min=1, max=100)] = 20) -> None:
    """Your tasks, newest first."""
    s = state(ctx)
    page = expect(list_tasks.sync_detailed(client=s.sdk().api, limit=limit,
                                           status=ListTasksStatusType0(status) if status else UNSET))
    s.out.table(page, page.items, ("task_id", "status", "progress", "stage", "created_at"), "no tasks yet")


@tasks.command()
def watch(ctx: typer.Context, task_id: str) -> None:
    """Follow a task with a live progress bar until it ends."""
    s = state(ctx)
    task = expect(get_task.sync_detailed(task_id, client=s.sdk().api))
    poster_id = _watch(s, task, None, task_id)
    s.out.result({"task_id": task_id, "poster_id": poster_id}, f"{task_id} succeeded: poster {poster_id}")


@tasks.command()
def cancel(ctx: typer.Context, task_id: str) -> None:
    """Cancel a queued or running task (a queued one gives its quota back)."""
    s = state(ctx)
    task = expect(cancel_task.sync_detailed(task_id, client=s.sdk().api))
    s.out.result(task, f"{task_id}: {task.status.value}")


@posters.command("list")
def posters_list(ctx: typer.Context, limit: Annotated[int, typer.Option(min=1, max=100)] = 20) -> None:
    """Your posters, newest first."""
    s = state(ctx)
    page = expect(list_posters.sync_detailed(client=s.sdk().api, limit=limit))
    s.out.table(page, page.items, ("poster_id", "title", "width", "height", "version", "updated_at"),
                "no posters yet")


@posters.command()
def get(ctx: typer.Context, poster_id: str) -> None:
    """A poster's document: its layers and elements."""
    s = state(ctx)
    document = s.sdk().poster(poster_id)
    p = document.poster
    s.out.result(document, f"{p.poster_id} {p.title!r} {p.width}x{p.height} v{p.version}: "
                           + ", ".join(f"{layer.name} ({sum(e.layer_id == layer.layer_id for e in document.elements)}"
                                       f" elements)" for layer in document.layers))


@posters.command()
def export(ctx: typer.Context, poster_id: str,
           out: Annotated[Path, typer.Option(help="the PNG file to write")] = Path("poster.png"),
           scale: Annotated[float, typer.Option(min=0.05, max=4.0)] = 1.0) -> None:
    """Render a poster to PNG and save it."""
    s = state(ctx)
    stored, saved = s.sdk().export(poster_id, out, scale=scale)
    s.out.result(stored, f"saved {saved} ({shown_size(stored.size)}; stored as {stored.file_id})")


@files.command()
def inbox(ctx: typer.Context, limit: Annotated[int, typer.Option(min=1, max=100)] = 20,
          since: Annotated[str | None, typer.Option(help="only messages after this message id, oldest first")]
          = None) -> None:
    """Your notifications (newest first; --since replays what came after a message)."""
    s = state(ctx)
    api = s.sdk().api
    page = expect(list_inbox.sync_detailed(client=api, limit=limit, since=since or UNSET))
    if not s.out.as_json:
        unread = expect(get_unread_count.sync_detailed(client=api))
        s.out.step(f"{unread.unread} unread")
    s.out.table(page, page.items, ("message_id", "type_", "title", "read", "created_at"), "the inbox is empty")

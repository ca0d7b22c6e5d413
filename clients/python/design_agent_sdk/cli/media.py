"""Media operations on stored images, and media batch jobs."""

from __future__ import annotations

import time
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn

from design_agent_sdk.cli.output import Out
from design_agent_sdk.cli.progress import Bars
from design_agent_sdk.cli.state import state
from design_agent_sdk.openapi.api.media import (
    add_watermark,
    get_batch_job,
    list_batch_jobs,
    remove_background,
    smart_crop,
)
from design_agent_sdk.openapi.models import (
    BatchJobOut,
    BatchJobOutStatus,
    MediaOut,
    RemoveBackgroundRequest,
    SmartCropRequest,
    WatermarkRequest,
    WatermarkRequestAnchor,
)
from design_agent_sdk.openapi.types import UNSET
from design_agent_sdk.responses import expect

media = typer.Typer(help="Background removal, smart crop and watermarks: each makes a new stored file.")
jobs = typer.Typer(help="Media batch jobs: list, watch.")


def _made(out: Out, result: MediaOut) -> None:
    out.result(result, f"{result.file.file_id} {result.width}x{result.height} {result.format_} "
                       f"({result.size_bytes} bytes) from {result.source_file_id}")


@media.command("remove-bg")
def remove_bg(ctx: typer.Context, file_id: str) -> None:
    """Cut the subject out of an image (a PNG with transparency)."""
    s = state(ctx)
    _made(s.out, expect(remove_background.sync_detailed(client=s.sdk().api,
                                                        body=RemoveBackgroundRequest(file_id=file_id))))


@media.command()
def crop(ctx: typer.Context, file_id: str,
         aspect: Annotated[str | None, typer.Option(help="e.g. 1:1, 16:9")] = None,
         width: Annotated[int | None, typer.Option(min=1)] = None,
         height: Annotated[int | None, typer.Option(min=1)] = None) -> None:
    """Crop around what matters (faces, salient regions) to an aspect or a size."""
    s = state(ctx)
    body = SmartCropRequest(file_id=file_id, aspect=aspect or UNSET, width=width or UNSET, height=height or UNSET)
    _made(s.out, expect(smart_crop.sync_detailed(client=s.sdk().api, body=body)))


@media.command()
def watermark(ctx: typer.Context, file_id: str,
              text: Annotated[str | None, typer.Option(help="the mark's text")] = None,
              image: Annotated[str | None, typer.Option(help="or a stored image's file id as the mark")] = None,
              anchor: Annotated[str, typer.Option(help="top-left ... bottom-right, center")] = "bottom-right",
              opacity: Annotated[float, typer.Option(min=0.0, max=1.0)] = 0.5,
              tiled: Annotated[bool, typer.Option(help="repeat the mark over the whole image")] = False) -> None:
    """Add a text or image watermark."""
    s = state(ctx)
    body = WatermarkRequest(file_id=file_id, text=text or UNSET, image_file_id=image or UNSET,
                            anchor=WatermarkRequestAnchor(anchor), opacity=opacity, tiled=tiled)
    _made(s.out, expect(add_watermark.sync_detailed(client=s.sdk().api, body=body)))


@jobs.command("list")
def list_(ctx: typer.Context, limit: Annotated[int, typer.Option(min=1, max=100)] = 20) -> None:
    """Your media batch jobs, newest first."""
    s = state(ctx)
    page = expect(list_batch_jobs.sync_detailed(client=s.sdk().api, limit=limit))
    s.out.table(page, page.items, ("job_id", "status", "total", "succeeded", "failed", "created_at"), "no jobs yet")


@jobs.command()
def watch(ctx: typer.Context, job_id: str,
          interval: Annotated[float, typer.Option(help="seconds between looks", min=0.1)] = 1.0) -> None:
    """Follow a media batch job until every item has finished (a bar of items done)."""
    s = state(ctx)
    api = s.sdk().api
    with Bars(s.out, TextColumn(job_id), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn()) as bars:
        bar = bars.progress.add_task(job_id) if bars.progress is not None else None
        seen = -1
        while True:
            job: BatchJobOut = expect(get_batch_job.sync_detailed(job_id, client=api))
            done = job.succeeded + job.failed
            if bars.progress is not None and bar is not None:
                bars.progress.update(bar, completed=done, total=job.total)
            elif done != seen:
                s.out.step(f"{done}/{job.total} items done ({job.failed} failed)")
            seen = done
            if job.status is BatchJobOutStatus.COMPLETED:
                break
            time.sleep(interval)
    s.out.table(job, job.items, ("index", "file_id", "status", "result"), "no items")

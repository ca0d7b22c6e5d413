"""Administration: users (list, block, unblock)."""

from __future__ import annotations

from typing import Annotated

import typer

from design_agent_sdk.cli.state import state
from design_agent_sdk.openapi.api.users import block_user, list_users, unblock_user
from design_agent_sdk.responses import expect

admin = typer.Typer(help="Administration (an admin's session).")
users = typer.Typer(help="Users: list, block, unblock.")
admin.add_typer(users, name="users")


@users.command("list")
def list_(ctx: typer.Context, limit: Annotated[int, typer.Option(min=1, max=100)] = 20,
          cursor: Annotated[str | None, typer.Option(help="the next_cursor of the page before")] = None) -> None:
    """Users, newest first."""
    s = state(ctx)
    page = expect(list_users.sync_detailed(client=s.sdk().api, limit=limit, cursor=cursor))
    s.out.table(page, page.items, ("id", "username", "email", "role", "status", "created_at"), "no users")
    if not s.out.as_json and page.next_cursor:
        s.out.step(f"more: --cursor {page.next_cursor}")


@users.command()
def block(ctx: typer.Context, user_id: str) -> None:
    """Block a user: their tokens stop working and they cannot sign in."""
    s = state(ctx)
    user = expect(block_user.sync_detailed(user_id, client=s.sdk().api))
    s.out.result(user, f"{user.id} ({user.email}) is {user.status.value}")


@users.command()
def unblock(ctx: typer.Context, user_id: str) -> None:
    """Let a blocked user sign in again."""
    s = state(ctx)
    user = expect(unblock_user.sync_detailed(user_id, client=s.sdk().api))
    s.out.result(user, f"{user.id} ({user.email}) is {user.status.value}")

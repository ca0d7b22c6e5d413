"""``design-agent``: the command line of the Design Agent API (Typer + Rich), on the SDK."""

from __future__ import annotations

import sys
from typing import Annotated

import httpx
import typer

from design_agent_sdk.cli.admin import admin
from design_agent_sdk.cli.media import jobs, media
from design_agent_sdk.cli.output import Out
from design_agent_sdk.cli.profiles import DEFAULT_PROFILE, ProfileError
from design_agent_sdk.cli.session import app as session
from design_agent_sdk.cli.state import State
from design_agent_sdk.cli.work import files, posters, tasks
from design_agent_sdk.errors import DesignAgentError

app = typer.Typer(name="design-agent", no_args_is_help=True, pretty_exceptions_enable=False,
                  help="The Design Agent API from the command line. Profiles (-p local|dev|prod|...) keep each "
                       "stage's URLs and session in your config directory.")
for group in (session, files):
    app.registered_commands += group.registered_commands
app.add_typer(tasks, name="tasks")
app.add_typer(posters, name="posters")
app.add_typer(media, name="media")
app.add_typer(jobs, name="jobs")
app.add_typer(admin, name="admin")


@app.callback()
def root(ctx: typer.Context,
         profile: Annotated[str, typer.Option("--profile", "-p", envvar="DESIGN_AGENT_PROFILE",
                                              help="local (127.0.0.1), dev, prod, or any name")] = DEFAULT_PROFILE,
         as_json: Annotated[bool, typer.Option("--json", help="print results as JSON (for scripts)")] = False,
         api_url: Annotated[str | None, typer.Option(help="the API's base URL (login keeps it in the profile)",
                                                     envvar="DESIGN_AGENT_API_URL")] = None,
         ws_url: Annotated[str | None, typer.Option(help="the WebSocket API's URL (login keeps it)",
                                                    envvar="DESIGN_AGENT_WS_URL")] = None) -> None:
    given = ctx.obj if isinstance(ctx.obj, State) else None  # main() passes one in, to report failures with
    s = given or State(profile_name=profile, out=Out(as_json))
    s.profile_name, s.out, s.api_url, s.ws_url = profile, Out(as_json), api_url, ws_url
    ctx.obj = s


def main() -> None:
    """The console script: usage errors as Typer shows them; every failure of a command becomes one clear message
    (JSON on stderr with --json) and exit status 1."""
    s = State(profile_name=DEFAULT_PROFILE, out=Out("--json" in sys.argv[1:]))
    try:
        app(obj=s)
    except (DesignAgentError, ProfileError, httpx.HTTPError, OSError) as error:
        s.out.fail(error, s.profile_name)
        sys.exit(1)

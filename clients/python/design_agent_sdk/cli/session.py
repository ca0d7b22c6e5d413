"""Signing in and out, who am I, and the profiles."""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated

import typer

from design_agent_sdk.cli.profiles import ProfileTokenStore
from design_agent_sdk.cli.state import state
from design_agent_sdk.client import DesignAgent, public_client
from design_agent_sdk.errors import ApiError
from design_agent_sdk.openapi.api.users import register as register_user
from design_agent_sdk.openapi.models import RegisterRequest, RegistrationAccepted, UserOut

app = typer.Typer()


@app.command()
def login(ctx: typer.Context,
          email: Annotated[str | None, typer.Option(help="the account's e-mail (asked when not given)")] = None,
          password: Annotated[str | None, typer.Option(help="asked without echo when not given",
                                                       envvar="DESIGN_AGENT_PASSWORD")] = None,
          client_id: Annotated[str | None, typer.Option(help="sign in as a machine client instead")] = None,
          client_secret: Annotated[str | None, typer.Option(envvar="DESIGN_AGENT_CLIENT_SECRET")] = None) -> None:
    """Sign in and keep the session in this profile (its API and WebSocket URLs too)."""
    s = state(ctx)
    profile = s.profile()
    url = s.api_url_of(profile)
    store = ProfileTokenStore(s.profiles, profile.name)
    if client_id:
        secret = client_secret or typer.prompt("client secret", hide_input=True)
        s.profiles.save(replace(profile, email=None, client_id=client_id, client_secret=secret, tokens=None))
        sdk = DesignAgent.machine(url, client_id, secret, options=s.options(profile), store=store)
        sdk.auth.current()  # the credentials work
        s.out.result({"profile": profile.name, "client_id": client_id},
                     f"signed in to {url} as machine client {client_id} (profile {profile.name})")
        return
    email = email or typer.prompt("e-mail")
    password = password or typer.prompt("password", hide_input=True)
    s.profiles.save(replace(profile, email=email, client_id=None, client_secret=None, tokens=None))
    sdk = DesignAgent.sign_in(url, email, password, store=store, options=s.options(profile))
    me = sdk.me()
    s.out.result(me, f"signed in to {url} as {me.username} <{me.email}> (profile {profile.name})")


@app.command()
def register(ctx: typer.Context, email: Annotated[str, typer.Option(prompt=True)],
             username: Annotated[str, typer.Option(prompt=True)],
             password: Annotated[str, typer.Option(prompt=True, hide_input=True, confirmation_prompt=True,
                                                   envvar="DESIGN_AGENT_PASSWORD")]) -> None:
    """Create an account (then sign in with login)."""
    s = state(ctx)
    profile = s.profile()
    response = register_user.sync_detailed(client=public_client(s.api_url_of(profile), s.options(profile)),
                                           body=RegisterRequest(email=email, username=username, password=password))
    answer = response.parsed
    if response.status_code >= 400 or not isinstance(answer, UserOut | RegistrationAccepted):
        raise ApiError.from_response(response.status_code, response.headers, response.content)
    if isinstance(answer, RegistrationAccepted):  # e-mail verification is on: the account exists once confirmed
        s.out.result(answer, f"{answer.detail} Then: design-agent -p {profile.name} login --email {email}")
        return
    s.out.result(answer, f"registered {answer.username} <{answer.email}> ({answer.id}); now: design-agent -p "
                         f"{profile.name} login --email {answer.email}")


@app.command()
def logout(ctx: typer.Context) -> None:
    """End the session on the server and forget its tokens."""
    s = state(ctx)
    profile = s.profile()
    if profile.tokens is None and not profile.client_id:
        s.out.result({"signed_out": False}, f"not signed in (profile {profile.name})")
        return
    s.sdk().sign_out()
    s.profiles.save(replace(s.profiles.load(profile.name), client_id=None, client_secret=None, tokens=None))
    s.out.result({"signed_out": True}, f"signed out (profile {profile.name})")


@app.command()
def whoami(ctx: typer.Context) -> None:
    """The signed-in user, their role and this month's quota."""
    s = state(ctx)
    me = s.sdk().me()
    q = me.quota
    s.out.result(me, f"{me.username} <{me.email}>  id {me.id}  role {me.role.value}  status {me.status.value}\n"
                     f"tasks {q.used_tasks}/{q.max_tasks} this {q.period}, storage {q.used_storage}/{q.max_storage} "
                     f"bytes  ({s.profile_name}: {s.profile().api_url})")


@app.command()
def profiles(ctx: typer.Context) -> None:
    """The saved profiles: their URLs and who is signed in."""
    s = state(ctx)
    rows = [s.profiles.load(name) for name in s.profiles.names()]
    data = [{"profile": p.name, "api_url": p.api_url, "ws_url": p.ws_url, "signed_in": p.tokens is not None,
             "as": p.email or p.client_id} for p in rows]
    if s.out.as_json:
        s.out.json(data)
        return
    for row in data:
        who = f"signed in as {row['as']}" if row["signed_in"] else "signed out"
        s.out.console.print(f"{row['profile']}: {row['api_url']} ({who})", markup=False)
    if not data:
        s.out.console.print("no profiles yet: design-agent login", markup=False)

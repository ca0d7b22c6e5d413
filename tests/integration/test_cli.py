"""The ``design-agent`` command (the console script the SDK installs) against the real local platform: the
README's flows — register, login, upload, generate --watch, export, inbox — then media, admin, the profile's
privacy, two commands renewing one profile's session at once, and the messages for refusals."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from design_agent_sdk.auth import Tokens
from design_agent_sdk.cli.profiles import Profiles
from PIL import Image

from tests.integration.conftest import Account, Platform
from tests.integration.sdk_support import expired_access_token
from tests.integration.tasks_support import Workers

CLI = str(Path(sys.executable).parent / "design-agent")
PASSWORD = "a long enough password"


class Cli:
    def __init__(self, platform: Platform, config: Path) -> None:
        self.platform, self.config = platform, config

    def run(self, *args: str, profile: str = "itest", ok: bool = True) -> subprocess.CompletedProcess[str]:
        env = {**os.environ, "DESIGN_AGENT_CONFIG_DIR": str(self.config), "DESIGN_AGENT_PROFILE": profile,
               "DESIGN_AGENT_API_URL": self.platform.url, "DESIGN_AGENT_WS_URL": self.platform.ws_url}
        done = subprocess.run([CLI, *args], env=env, capture_output=True, text=True, timeout=180, check=False)
        assert (done.returncode == 0) == ok, f"{args}: {done.returncode}\n{done.stdout}\n{done.stderr}"
        return done

    def json(self, *args: str, profile: str = "itest") -> Any:
        return json.loads(self.run("--json", *args, profile=profile).stdout)

    def sign_up(self, profile: str = "itest") -> Account:
        name = f"cli{uuid.uuid4().hex[:10]}"
        self.run("register", "--email", f"{name}@example.com", "--username", name, "--password", PASSWORD,
                 profile=profile)
        me = self.json("login", "--email", f"{name}@example.com", "--password", PASSWORD, profile=profile)
        return Account(user_id=me["id"], email=me["email"], password=PASSWORD, access_token="", refresh_token="")


@pytest.fixture
def cli(platform: Platform, tmp_path: Path) -> Cli:
    return Cli(platform, tmp_path / "config")


def test_the_readme_flow_through_the_cli(cli: Cli, workers: Workers, tmp_path: Path) -> None:
    workers.start(1)
    me = cli.sign_up()
    assert cli.json("whoami")["id"] == me.user_id

    photo, logo = tmp_path / "photo.jpg", tmp_path / "logo.png"
    Image.new("RGB", (640, 480), (200, 80, 20)).save(photo, "JPEG")
    Image.new("RGBA", (64, 64), (0, 0, 0, 0)).save(logo)
    stored = cli.json("upload", str(photo), str(logo))
    assert [(f["filename"], f["status"], f["kind"]) for f in stored] == [
        ("photo.jpg", "stored", "image"), ("logo.png", "stored", "image")]

    out = tmp_path / "jazz.png"
    watched = cli.run("generate", "--title", "Jazz night", "--subtitle", "Pier 4", "--style", "retro",
                      "--reference", stored[0]["file_id"], "--watch", "--out", str(out))
    lines = watched.stdout.splitlines()
    # no terminal here: one line per step, live over the socket or, for what came before the socket was open (a
    # busy machine), replayed from the inbox — every step once, in order, whichever way it came
    steps = [line for line in lines if line.endswith(("(websocket)", "(replay)"))]
    assert [int(line.split("%")[0]) for line in steps] == [5, 25, 45, 70, 85, 95, 100], watched.stdout
    assert Image.open(out).size == (1080, 1920)
    poster_id = lines[-1].split()[1]

    assert [p["poster_id"] for p in cli.json("posters", "list")["items"]] == [poster_id]
    assert [layer["name"] for layer in cli.json("posters", "get", poster_id)["layers"]] == [
        "Decoration", "Images", "Text"]
    half = tmp_path / "half.png"
    cli.run("posters", "export", poster_id, "--out", str(half), "--scale", "0.5")
    assert Image.open(half).size == (540, 960)

    inbox = cli.json("inbox")["items"]
    assert inbox[0]["type"] == "task.completed"
    assert inbox[0]["title"] == "Your poster is ready: Jazz night"
    assert [m["data"]["progress"] for m in reversed(inbox) if m["type"] == "task.progress"] == [
        5, 25, 45, 70, 85, 95]
    assert cli.json("tasks", "list")["items"][0]["status"] == "succeeded"

    crop = cli.json("media", "crop", stored[0]["file_id"], "--aspect", "1:1")
    assert (crop["width"], crop["height"]) == (480, 480)
    marked = cli.json("media", "watermark", stored[0]["file_id"], "--text", "DRAFT", "--tiled")
    assert marked["file"]["status"] == "stored"

    cli.run("logout")
    refused = cli.run("whoami", ok=False)
    assert "not signed in (profile itest): design-agent -p itest login" in refused.stderr


def test_profiles_are_private_and_two_commands_renew_one_session_once(cli: Cli, platform: Platform) -> None:
    me = cli.sign_up()
    profiles = Profiles(cli.config)
    path = profiles.path("itest")
    assert path.stat().st_mode & 0o777 == 0o600
    assert path.parent.stat().st_mode & 0o777 == 0o700
    saved = profiles.load("itest")
    assert saved.tokens is not None
    assert saved.api_url == platform.url
    # fifteen minutes later: two commands of this profile at once both find the access token expired
    stale = replace(saved.tokens, access_token=expired_access_token(platform, me.user_id, saved.tokens.session_id))
    profiles.save(replace(saved, tokens=stale))
    env = {**os.environ, "DESIGN_AGENT_CONFIG_DIR": str(cli.config), "DESIGN_AGENT_PROFILE": "itest"}
    both = [subprocess.Popen([CLI, "--json", "whoami"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True) for _ in range(2)]
    answers = [process.communicate(timeout=120) for process in both]
    assert [json.loads(out)["id"] for out, _ in answers] == [me.user_id] * 2, answers
    renewed = profiles.load("itest").tokens
    assert isinstance(renewed, Tokens)
    assert renewed.refresh_token != saved.tokens.refresh_token
    assert cli.json("whoami")["id"] == me.user_id  # one refresh: a second would have revoked the session


def test_admin_lists_and_blocks_users_and_refusals_read_clearly(cli: Cli, admin: Account) -> None:
    blocked = cli.sign_up(profile="victim")
    cli.run("login", "--email", admin.email, "--password", admin.password, profile="admin")
    users = cli.json("admin", "users", "list", "--limit", "5", profile="admin")["items"]
    assert blocked.user_id in [u["id"] for u in users]
    assert cli.json("admin", "users", "block", blocked.user_id, profile="admin")["status"] == "blocked"

    refused = cli.run("whoami", profile="victim", ok=False)
    assert refused.stderr.startswith("error: ")
    assert "design-agent -p victim login" in refused.stderr
    forbidden = cli.run("admin", "users", "list", profile="itest-nobody", ok=False)
    assert "not signed in" in forbidden.stderr
    as_json = cli.run("--json", "posters", "get", "pst_00000000000000000000000000", profile="admin", ok=False)
    problem = json.loads(as_json.stderr)["error"]
    assert (problem["kind"], problem["status"], problem["code"]) == ("NotFound", 404, "not-found")
    invalid = cli.run("media", "crop", "fil_x", "--aspect", "banana", profile="admin", ok=False)
    assert invalid.stderr.startswith("error: invalid input: body.") or "not found" in invalid.stderr
    cli.json("admin", "users", "unblock", blocked.user_id, profile="admin")

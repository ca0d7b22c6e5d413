"""What every command gets: the chosen profile, the output mode, and a client signed in as that profile."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import typer

from design_agent_sdk.cli.output import Out
from design_agent_sdk.cli.profiles import Profile, ProfileError, Profiles, ProfileTokenStore
from design_agent_sdk.client import DesignAgent, Options
from design_agent_sdk.retry import RetryEvent


@dataclass
class State:
    profile_name: str
    out: Out
    api_url: str | None = None  # --api-url / --ws-url: this run only (login saves them)
    ws_url: str | None = None
    profiles: Profiles = field(default_factory=Profiles)
    _sdk: DesignAgent | None = None

    def profile(self) -> Profile:
        profile = self.profiles.load(self.profile_name)
        return replace(profile, api_url=self.api_url or profile.api_url, ws_url=self.ws_url or profile.ws_url)

    def options(self, profile: Profile) -> Options:
        return Options(ws_url=profile.ws_url, on_retry=self._retrying)

    def _retrying(self, event: RetryEvent) -> None:
        why = f"{event.status}" if event.status else "connection failed"
        self.out.step(f"… {why}; trying again in {event.delay_s:.1f} s")

    def api_url_of(self, profile: Profile) -> str:
        if not profile.api_url:
            raise ProfileError(f"the {profile.name!r} profile has no API URL yet: "
                               f"design-agent -p {profile.name} login --api-url https://<api>/<stage>")
        return profile.api_url

    def sdk(self) -> DesignAgent:
        """The profile's client: its saved session (or machine credentials), renewed and saved as it goes."""
        if self._sdk is None:
            profile = self.profile()
            url = self.api_url_of(profile)
            if profile.client_id and profile.client_secret:
                self._sdk = DesignAgent.machine(url, profile.client_id, profile.client_secret,
                                                options=self.options(profile),
                                                store=ProfileTokenStore(self.profiles, profile.name))
            else:
                self._sdk = DesignAgent.resume(url, ProfileTokenStore(self.profiles, profile.name),
                                               options=self.options(profile))
        return self._sdk


def state(ctx: typer.Context) -> State:
    value = ctx.find_root().obj
    assert isinstance(value, State)
    return value

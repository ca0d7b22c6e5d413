"""The worker's side of the Task API over HTTP, authenticated as a machine client (client credentials)."""

from __future__ import annotations

import time
from typing import Any

import requests
from design_agent.contracts.designs import NewLayer


class Stop(Exception):
    """The API says this worker must stop working on the task (cancelled, finished, or the lease is gone)."""

    def __init__(self, detail: dict[str, Any]) -> None:
        super().__init__(detail.get("detail", "stop"))
        self.detail = detail

    @property
    def current_status(self) -> str | None:
        status = self.detail.get("current_status")
        return str(status) if status else None


class ApiError(RuntimeError):
    """Any other refusal: a bug on one side or an outage (the message is delivered again)."""


class TaskApi:
    def __init__(self, api_url: str, client_id: str, client_secret: str, timeout_s: float = 30) -> None:
        self._base = api_url.rstrip("/")
        self._client = (client_id, client_secret)
        self._timeout = timeout_s
        self._token: tuple[str, float] | None = None
        self._http = requests.Session()

    # --- auth ------------------------------------------------------------------------------------
    def _bearer(self, refresh: bool = False) -> str:
        if refresh or self._token is None or self._token[1] < time.monotonic():
            response = self._http.post(f"{self._base}/api/v1/auth/token", timeout=self._timeout, data={
                "grant_type": "client_credentials", "client_id": self._client[0], "client_secret": self._client[1]})
            response.raise_for_status()
            body = response.json()
            self._token = (body["access_token"], time.monotonic() + float(body.get("expires_in", 300)) - 60)
        return self._token[0]

    def _call(self, path: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
        for attempt in range(2):
            response = self._http.post(f"{self._base}/api/v1/tasks/{path}", json=body or {}, timeout=self._timeout,
                                       headers={"Authorization": f"Bearer {self._bearer(refresh=attempt > 0)}"})
            if response.status_code == 401 and attempt == 0:
                continue  # the token expired or the keys rotated: once more with a fresh token
            if response.status_code in (404, 409):
                raise Stop(response.json())
            if response.status_code >= 400:
                raise ApiError(f"{path}: {response.status_code} {response.text[:2000]}")
            result: dict[str, Any] = response.json()
            return result
        raise RuntimeError("unreachable")

    # --- the task --------------------------------------------------------------------------------
    def claim(self, task_id: str) -> dict[str, Any]:
        return self._call(f"{task_id}/claim")

    def progress(self, task_id: str, lease_id: str, progress: int, stage: str) -> dict[str, Any]:
        return self._call(f"{task_id}/progress", {"lease_id": lease_id, "progress": progress, "stage": stage})

    def store_output(self, task_id: str, lease_id: str, filename: str, content_type: str,
                     data_base64: str) -> dict[str, Any]:
        return self._call(f"{task_id}/outputs", {"lease_id": lease_id, "filename": filename,
                                                  "content_type": content_type, "data_base64": data_base64})

    def create_poster(self, task_id: str, lease_id: str, *, title: str, width: int, height: int,
                      background: dict[str, Any], layers: list[NewLayer],
                      preview_file_id: str | None) -> dict[str, Any]:
        return self._call(f"{task_id}/poster", {
            "lease_id": lease_id, "title": title, "width": width, "height": height, "background": background,
            "layers": [layer.model_dump(mode="json", exclude_defaults=False) for layer in layers],
            "preview_file_id": preview_file_id})

    def complete(self, task_id: str, lease_id: str, result: dict[str, Any]) -> dict[str, Any]:
        return self._call(f"{task_id}/complete", {"lease_id": lease_id, "result": result})

    def fail(self, task_id: str, lease_id: str, code: str, message: str) -> dict[str, Any]:
        return self._call(f"{task_id}/fail", {"lease_id": lease_id, "error": {"code": code,
                                                                               "message": message[:1000]}})

    def download(self, url: str, max_bytes: int) -> bytes | None:
        response = self._http.get(url, timeout=self._timeout, stream=True)
        if response.status_code != 200:
            return None
        data = response.raw.read(max_bytes + 1, decode_content=True)
        return None if len(data) > max_bytes else bytes(data)

"""The committed Python client (clients/python/design_agent_sdk/openapi) is what openapi-python-client makes of
the committed OpenAPI document, as the document itself is what the code makes (test_openapi_document.py)."""

from __future__ import annotations

from pathlib import Path

from scripts.generate_clients import PYTHON_TARGET, generate_python


def _tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and "__pycache__" not in p.parts}


def test_the_committed_python_client_is_in_step_with_the_document(tmp_path: Path) -> None:
    generate_python(tmp_path / "openapi")
    fresh, committed = _tree(tmp_path / "openapi"), _tree(PYTHON_TARGET)
    assert sorted(fresh) == sorted(committed), "run `make openapi` and commit clients/python/design_agent_sdk/openapi"
    stale = [name for name in fresh if fresh[name] != committed[name]]
    assert not stale, f"run `make openapi` and commit clients/python/design_agent_sdk/openapi: {stale[:10]}"

"""Regenerate the typed Python client (``clients/python/design_agent_sdk/openapi``) from the committed OpenAPI
document with openapi-python-client. ``make openapi`` runs it after writing the document;
``tests/unit/test_generated_clients.py`` generates again and fails when the committed copy is out of step."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOCUMENT = ROOT / "functions" / "gateway" / "openapi.json"
SDK = ROOT / "clients" / "python"
CONFIG = SDK / "openapi-python-client.yaml"
PYTHON_TARGET = SDK / "design_agent_sdk" / "openapi"


def generate_python(target: Path, document: Path = DOCUMENT) -> None:
    """Write the generated package to ``target`` (replacing it); a warning of the generator fails the run."""
    tools = Path(sys.executable).parent  # openapi-python-client and the ruff its post hooks run
    env = {**os.environ, "PATH": f"{tools}{os.pathsep}{os.environ.get('PATH', '')}"}
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch) / "openapi"
        argv = [str(tools / "openapi-python-client"), "generate", "--path", str(document), "--meta", "none",
                "--config", str(CONFIG), "--output-path", str(out), "--fail-on-warning"]
        subprocess.run(argv, check=True, env=env, cwd=scratch, stdout=subprocess.DEVNULL)  # noqa: S603 - fixed argv
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(out, target)


def main() -> None:
    generate_python(PYTHON_TARGET)
    print(f"wrote {PYTHON_TARGET.relative_to(ROOT)}")


if __name__ == "__main__":
    main()

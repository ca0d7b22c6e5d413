"""A service's shared layer carries the base dependencies plus the optional groups it declares
(``Service.layer_groups``), and nothing else: every handler of a service imports with the other groups' packages
made unimportable, as on Lambda where its layer does not have them."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from design_agent.spec import EXTRA_LAYERS

from functions.registry import SERVICES

ROOT = Path(__file__).resolve().parents[2]
GROUPS: dict[str, list[str]] = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"][
    "optional-dependencies"]
# the top-level modules each layer group brings
GROUP_MODULES = {"tokens": ("jwt", "cryptography"), "passwords": ("argon2",), "fonts": ("fontTools",),
                 "media": ("cv2", "numpy"), "typefaces": ("manimgx_fonts_cjk", "manimgx_fonts")}

IMPORT_WITHOUT = """
import importlib, sys
blocked = set(sys.argv[1].split(",")) - {""}
class Absent:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in blocked:
            raise ModuleNotFoundError(f"{name} is not in this service's layer", name=name)
        return None
sys.meta_path.insert(0, Absent())
for handler in sys.argv[2:]:
    importlib.import_module(handler)
"""


def test_every_layer_group_is_known() -> None:
    assert set(GROUPS) - {"dev"} == set(GROUP_MODULES)
    assert {g for svc in SERVICES for g in svc.layer_groups} <= set(GROUP_MODULES) - set(EXTRA_LAYERS.values())


@pytest.mark.parametrize("service", SERVICES, ids=lambda s: s.name)
def test_handlers_import_with_only_their_layer(service: object) -> None:
    from design_agent.spec import Service

    assert isinstance(service, Service)
    carried = {*service.layer_groups, *(EXTRA_LAYERS[op.layer] for op in service.operations if op.layer)}
    blocked = [m for group, modules in GROUP_MODULES.items() if group not in carried for m in modules]
    handlers = sorted({op.handler for op in service.operations})
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "layers" / "shared" / "python"), str(ROOT)])}
    run = subprocess.run([sys.executable, "-c", IMPORT_WITHOUT, ",".join(blocked), *handlers], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr[-3000:]

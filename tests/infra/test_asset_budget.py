"""Every function fits Lambda with room to spare: code plus all of its layers, built for real (pip wheels, as
``cdk deploy`` builds them) and weighed from the cloud assembly, every file counted, at most 60 % of Lambda's
250 MB unzipped limit. A layer added later (a font, a model) is held to the same budget without a change here.

The first run downloads the wheels (PyPI); later runs reuse the layers built in ``build/cdk-bundled``."""

from __future__ import annotations

from pathlib import Path

import pytest

from infra.cdk.bundling import IN_RUNTIME
from infra.cdk.sizes import BUDGET, BUNDLED_ASSEMBLY, FunctionSize, function_sizes, synth_bundled

pytestmark = pytest.mark.infra


@pytest.fixture(scope="module")
def assembly() -> Path:
    return synth_bundled(BUNDLED_ASSEMBLY)


@pytest.fixture(scope="module")
def sizes(assembly: Path) -> list[FunctionSize]:
    return function_sizes(assembly)


def test_every_function_with_all_its_layers_is_within_the_budget(sizes: list[FunctionSize]) -> None:
    over = [f"{fn.name}: {fn.total / 2**20:.1f} MB = {fn.fraction:.2f}" for fn in sizes if fn.fraction > BUDGET]
    assert not over, f"over {BUDGET:.0%} of Lambda's unzipped limit: {over}"
    media = [fn for fn in sizes if any(name.endswith("-media") for name, _ in fn.layers)]
    assert media, "the media functions (the heaviest) were measured"
    assert sizes[0].layers, "the largest function carries layers: they were built, not skipped"


def test_layers_carry_no_bytecode_no_runtime_sdk_and_no_sources(assembly: Path, sizes: list[FunctionSize]) -> None:
    layer_dirs = [p for p in assembly.glob("asset.*") if (p / "python").is_dir()]
    assert len(layer_dirs) >= 2
    for layer in layer_dirs:
        files = [p for p in (layer / "python").rglob("*") if p.is_file()]
        assert not [p for p in files if p.suffix in (".pyc", ".pyi", ".c", ".h")], layer
        installed = {p.name.removesuffix(".dist-info").rsplit("-", 1)[0].lower().replace("_", "-")
                     for p in (layer / "python").glob("*.dist-info")}
        assert not installed & IN_RUNTIME, f"{layer.name} ships what the runtime has: {installed & IN_RUNTIME}"


def test_every_handler_imports_on_python312_against_the_runtime_sdk(tmp_path: Path) -> None:
    """The layers leave the SDK to the runtime: what they carry (the X-Ray SDK patches botocore, Powertools uses
    boto3) must resolve and import with the runtime's versions, on the runtime's Python. Installed here for this
    machine's CPU (the import check is about versions, not the CPU)."""
    import glob
    import os
    import subprocess
    import tomllib

    from infra.cdk.bundling import LAMBDA_PYTHON, RUNTIME_SDK, layer_requirements

    pythons = sorted(glob.glob(os.path.expanduser(f"~/.pyenv/versions/{LAMBDA_PYTHON}.*/bin/python3")))
    assert pythons, f"python{LAMBDA_PYTHON} (pyenv) is needed to check the layers on Lambda's Python"
    root = Path(__file__).resolve().parents[2]
    groups = tomllib.loads((root / "pyproject.toml").read_text())["project"]["optional-dependencies"]
    requirements = [*layer_requirements(root / "pyproject.toml"),
                    *(r for name, group in groups.items() if name != "dev" for r in group), *RUNTIME_SDK]
    target = tmp_path / "site"
    subprocess.run([pythons[-1], "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-compile",
                    "--only-binary=:all:", "--target", str(target), *requirements], check=True, timeout=900)
    check = ("import importlib, boto3, botocore\n"
             "from functions.registry import SERVICES\n"
             "for svc in SERVICES:\n"
             "    for op in svc.operations: importlib.import_module(op.handler)\n"
             "import aws_xray_sdk.core\n"
             "print(boto3.__version__, botocore.__version__)\n")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(target), str(root / "layers" / "shared" / "python"),
                                                        str(root)]), "PYTHONDONTWRITEBYTECODE": "1"}
    run = subprocess.run([pythons[-1], "-c", check], cwd=root, env=env, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-3000:]
    pinned = {r.split("==")[0]: r.split("==")[1] for r in RUNTIME_SDK}
    assert run.stdout.split() == [pinned["boto3"], pinned["botocore"]]


def test_the_functions_code_ships_swagger_uis_assets_but_no_npm_folders(assembly: Path) -> None:
    """The deployed docs page loads its script and styles from the ApiDocsAsset function's own code (no CDN)."""
    code_dirs = [p for p in assembly.glob("asset.*") if (p / "functions").is_dir()]
    assert code_dirs
    for code in code_dirs:
        dist = code / "functions" / "gateway" / "swagger_ui" / "dist"
        assert (dist / "swagger-ui-bundle.js").is_file(), code.name
        assert (dist / "swagger-ui.css").is_file(), code.name
        assert not list(code.rglob("node_modules")), code.name
        assert not list(code.rglob("package.json")), code.name

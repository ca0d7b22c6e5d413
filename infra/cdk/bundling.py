"""Local (Docker-free) bundling of the layers: pip wheels for Lambda's python3.12/arm64 (+ the shared package).

A layer carries only what runs on Lambda: no bytecode (pip would compile it for the build machine's Python, not
Lambda's), nothing the python3.12 runtime already has on its path (the SDK and its dependencies), no test suites,
type stubs or C sources, and shared libraries without their symbol tables (``llvm-strip``/``strip``; Lambda never
debugs them)."""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys
import tomllib
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import jsii
from aws_cdk import AssetHashType, BundlingOptions, DockerImage, ILocalBundling
from aws_cdk import aws_lambda as lambda_

LAMBDA_PYTHON = "3.12"
# Lambda python3.12 runs on Amazon Linux 2023 (glibc 2.34). pip does not expand an explicit --platform to older
# manylinux tags, so every tag a needed wheel may carry is listed (Pillow 13 ships manylinux_2_28 only).
WHEEL_PLATFORMS = ("manylinux_2_34_aarch64", "manylinux_2_28_aarch64", "manylinux2014_aarch64")
# what the Lambda python3.12 runtime has in /var/runtime (on every function's path, after the layers): the SDK and
# the packages it depends on. A layer leaves them out; what the layer's packages need of them must hold for the
# runtime's versions (tests/infra/test_asset_budget.py imports every handler against RUNTIME_SDK).
IN_RUNTIME = frozenset({"boto3", "botocore", "s3transfer", "jmespath", "urllib3", "python-dateutil", "six"})
# the oldest SDK the layers are checked against: the version AWS lists for python3.12 under "Runtime-included SDK
# versions" (the runtime only moves forward); raise it when AWS does
RUNTIME_SDK = ("boto3==1.40.4", "botocore==1.40.4", "s3transfer==0.13.1", "jmespath==1.0.1", "urllib3==1.26.19",
               "python-dateutil==2.9.0.post0", "six==1.16.0")


def layer_requirements(pyproject: Path) -> list[str]:
    """The runtime dependencies declared once in ``pyproject.toml``, minus what the runtime already has."""
    deps: list[str] = tomllib.loads(pyproject.read_text())["project"]["dependencies"]
    return [d for d in deps if _dist_name(d) not in IN_RUNTIME]


def extra_requirements(pyproject: Path, group: str) -> list[str]:
    """An optional-dependency group of ``pyproject.toml`` (the packages of an extra layer)."""
    groups: dict[str, list[str]] = tomllib.loads(pyproject.read_text())["project"]["optional-dependencies"]
    return list(groups[group])


# never used at run time, in any layer: bytecode of the build machine's Python, test suites, type stubs, C/Cython
# sources and headers shipped inside wheels (numpy's tests alone are ~7 MB), numpy's Fortran wrapper generator
COMMON_PRUNE = ("__pycache__", "*.pyc", "tests", "testing", "*.pyi", "py.typed", "*.c", "*.pyx", "*.pxd", "*.h",
                "f2py")
# the media layer: OpenCV's Haar cascades other than the frontal-face one the smart crop loads (~9 MB)
PRUNE = ("haarcascade_[!f]*.xml", "haarcascade_frontalcatface*.xml", "haarcascade_frontalface_alt*.xml")


def _dist_name(requirement: str) -> str:
    for sep in "[<>=!~; ":
        requirement = requirement.split(sep, 1)[0]
    return requirement.strip().lower()


@jsii.implements(ILocalBundling)
class PipLayerBundler:
    """``pip install --platform ... --only-binary=:all:`` into ``<out>/python`` and copy the shared package."""

    def __init__(self, package_dir: Path | None, requirements: Sequence[str], prune: Sequence[str] = ()) -> None:
        self._package_dir = package_dir
        self._requirements = list(requirements)
        self._prune = tuple(prune)

    def try_bundle(self, output_dir: str, *_args: Any, **_kwargs: Any) -> bool:
        target = Path(output_dir) / "python"
        platforms = [arg for platform in WHEEL_PLATFORMS for arg in ("--platform", platform)]
        subprocess.run(  # noqa: S603 - fixed argv, no shell
            [sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-compile",
             "--only-binary=:all:", "--implementation", "cp", "--python-version", LAMBDA_PYTHON,
             *platforms, "--target", str(target), *self._requirements],
            check=True,
        )
        remove_distributions(target, IN_RUNTIME)
        for scripts in ("bin", "share"):  # console scripts and man pages of the wheels: nothing imports them
            shutil.rmtree(target / scripts, ignore_errors=True)
        if self._package_dir is not None:
            shutil.copytree(self._package_dir, target / self._package_dir.name, dirs_exist_ok=True,
                            ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        prune(target, (*COMMON_PRUNE, *self._prune))
        strip_shared_libraries(target)
        return True


def prune(root: Path, patterns: Iterable[str]) -> None:
    for pattern in patterns:
        for found in sorted(root.rglob(pattern), reverse=True):
            if found.is_dir():
                shutil.rmtree(found, ignore_errors=True)
            elif found.exists():
                found.unlink()


def remove_distributions(target: Path, names: Iterable[str]) -> list[str]:
    """Uninstall the named distributions from a ``pip install --target`` directory, by their RECORD files (pip
    has no "install without this dependency"); the names removed."""
    wanted = {_normalized(name) for name in names}
    removed = []
    for info in sorted(target.glob("*.dist-info")):
        name = _normalized(info.name.removesuffix(".dist-info").rsplit("-", 1)[0])
        if name not in wanted:
            continue
        with (info / "RECORD").open(newline="") as record:
            for row in csv.reader(record):
                path = (target / row[0]).resolve() if row else target
                if path.is_relative_to(target.resolve()) and path.is_file():
                    path.unlink()
        shutil.rmtree(info)
        removed.append(name)
    for empty in sorted((p for p in target.rglob("*") if p.is_dir()), reverse=True):
        if not any(empty.iterdir()):
            empty.rmdir()
    return removed


def strip_shared_libraries(root: Path) -> None:
    """Drop the symbol tables of the wheels' shared libraries (``--strip-unneeded`` keeps what the dynamic linker
    needs). Needs a strip that reads arm64 ELF: ``llvm-strip`` (LLVM) or ``aarch64-linux-gnu-strip``."""
    tool = next((found for name in STRIP_TOOLS if (found := shutil.which(name))), None)
    if tool is None:
        raise RuntimeError(f"layer bundling needs one of {', '.join(STRIP_TOOLS)} to strip the arm64 shared "
                           "libraries (Debian/Ubuntu: apt-get install llvm; macOS: brew install llvm)")
    libraries = [str(p) for p in root.rglob("*.so*") if p.is_file() and not p.is_symlink()]
    for start in range(0, len(libraries), 50):
        subprocess.run([tool, "--strip-unneeded", *libraries[start:start + 50]], check=True)  # noqa: S603


# how a layer is built beyond its requirements: part of each layer asset's hash, so a change rebuilds the layers
RECIPE = ("no-compile", *sorted(COMMON_PRUNE), *(f"runtime:{name}" for name in sorted(IN_RUNTIME)), "strip")
STRIP_TOOLS = ("llvm-strip", "aarch64-linux-gnu-strip", *(f"llvm-strip-{v}" for v in range(20, 13, -1)))


def _normalized(name: str) -> str:
    return name.lower().replace("_", "-").replace(".", "-")


def shared_layer_code(layer_root: Path, package: str, pyproject: Path, groups: Sequence[str] = ()) -> lambda_.Code:
    """The shared layer asset: the package, the base dependencies and the optional-dependency ``groups`` a service
    asks for. Bundled locally at synth; skipped (no network) when bundling is disabled."""
    requirements = [*layer_requirements(pyproject), *(r for group in groups for r in extra_requirements(pyproject,
                                                                                                       group))]
    return lambda_.Code.from_asset(
        str(layer_root),
        # the source hash covers the package and the bundling options; `command` carries the requirement
        # list so a dependency bump changes the hash (the command itself never runs: local bundling wins)
        asset_hash_type=AssetHashType.SOURCE,
        bundling=BundlingOptions(
            image=DockerImage.from_registry("public.ecr.aws/sam/build-python3.12"),  # never used: local wins
            local=PipLayerBundler(layer_root / "python" / package, requirements),
            command=["echo", *RECIPE, *requirements],
        ),
    )


def extra_layer_code(name: str, group: str, pyproject: Path) -> lambda_.Code:
    """An extra layer (e.g. ``media``: OpenCV and numpy) built from an optional-dependency group, pruned."""
    requirements = extra_requirements(pyproject, group)
    return lambda_.Code.from_asset(
        str(pyproject.parent / "layers" / "shared"),  # a small, stable source; the content comes from pip
        asset_hash_type=AssetHashType.CUSTOM,
        asset_hash=f"{name}-" + "-".join((*requirements, *PRUNE, *RECIPE)),
        bundling=BundlingOptions(
            image=DockerImage.from_registry("public.ecr.aws/sam/build-python3.12"),  # never used: local wins
            local=PipLayerBundler(None, requirements, PRUNE),
            command=["echo", *RECIPE, *requirements],
        ),
    )

"""Local (Docker-free) bundling of the shared layer: pip wheels for Lambda's python3.12/arm64 + the package."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import jsii
from aws_cdk import AssetHashType, BundlingOptions, DockerImage, ILocalBundling
from aws_cdk import aws_lambda as lambda_

LAMBDA_PYTHON = "3.12"
# Lambda python3.12 runs on Amazon Linux 2023 (glibc 2.34). pip does not expand an explicit --platform to older
# manylinux tags, so every tag a needed wheel may carry is listed (Pillow 13 ships manylinux_2_28 only).
WHEEL_PLATFORMS = ("manylinux_2_34_aarch64", "manylinux_2_28_aarch64", "manylinux2014_aarch64")
IN_RUNTIME = frozenset({"boto3", "botocore"})  # provided by the Lambda runtime; keeps the layer small


def layer_requirements(pyproject: Path) -> list[str]:
    """The runtime dependencies declared once in ``pyproject.toml``, minus what the runtime already has."""
    deps: list[str] = tomllib.loads(pyproject.read_text())["project"]["dependencies"]
    return [d for d in deps if _dist_name(d) not in IN_RUNTIME]


def extra_requirements(pyproject: Path, group: str) -> list[str]:
    """An optional-dependency group of ``pyproject.toml`` (the packages of an extra layer)."""
    groups: dict[str, list[str]] = tomllib.loads(pyproject.read_text())["project"]["optional-dependencies"]
    return list(groups[group])


# never used at run time: test suites and type stubs shipped inside wheels (numpy's alone are ~27 MB), and
# OpenCV's Haar cascades other than the frontal-face one the smart crop loads (~9 MB)
PRUNE = ("tests", "testing", "*.pyi", "haarcascade_[!f]*.xml", "haarcascade_frontalcatface*.xml",
         "haarcascade_frontalface_alt*.xml")


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
            [sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
             "--only-binary=:all:", "--implementation", "cp", "--python-version", LAMBDA_PYTHON,
             *platforms, "--target", str(target), *self._requirements],
            check=True,
        )
        if self._package_dir is not None:
            shutil.copytree(self._package_dir, target / self._package_dir.name, dirs_exist_ok=True,
                            ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        for pattern in self._prune:
            for found in sorted(target.rglob(pattern), reverse=True):
                if found.is_dir():
                    shutil.rmtree(found, ignore_errors=True)
                elif found.exists():
                    found.unlink()
        return True


def shared_layer_code(layer_root: Path, package: str, pyproject: Path) -> lambda_.Code:
    """The shared layer asset. Bundled locally at synth; skipped (no network) when bundling is disabled."""
    requirements = layer_requirements(pyproject)
    return lambda_.Code.from_asset(
        str(layer_root),
        # the source hash covers the package and the bundling options; `command` carries the requirement
        # list so a dependency bump changes the hash (the command itself never runs: local bundling wins)
        asset_hash_type=AssetHashType.SOURCE,
        bundling=BundlingOptions(
            image=DockerImage.from_registry("public.ecr.aws/sam/build-python3.12"),  # never used: local wins
            local=PipLayerBundler(layer_root / "python" / package, requirements),
            command=["echo", *requirements],
        ),
    )


def extra_layer_code(name: str, group: str, pyproject: Path) -> lambda_.Code:
    """An extra layer (e.g. ``media``: OpenCV and numpy) built from an optional-dependency group, pruned."""
    requirements = extra_requirements(pyproject, group)
    return lambda_.Code.from_asset(
        str(pyproject.parent / "layers" / "shared"),  # a small, stable source; the content comes from pip
        asset_hash_type=AssetHashType.CUSTOM,
        asset_hash=f"{name}-" + "-".join(requirements) + "-" + "-".join(PRUNE),
        bundling=BundlingOptions(
            image=DockerImage.from_registry("public.ecr.aws/sam/build-python3.12"),  # never used: local wins
            local=PipLayerBundler(None, requirements, PRUNE),
            command=["echo", *requirements],
        ),
    )

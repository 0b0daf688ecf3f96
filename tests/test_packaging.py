"""The install files agree with each other: pyproject ranges, binder pins, conda environment."""

from __future__ import annotations

import re

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]


def _project_requirements() -> list[Requirement]:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text())
    return [Requirement(r) for r in data["project"]["dependencies"]]


def _binder_pins() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "binder" / "requirements.txt").read_text().splitlines():
        line = line.split("#")[0].strip()
        if not line or line.startswith("-"):
            continue
        name, sep, version = line.partition("==")
        assert sep, f"binder/requirements.txt must pin exact versions (==); got {line!r}"
        pins[canonicalize_name(name)] = version
    return pins


@pytest.mark.parametrize("requirement", _project_requirements(), ids=str)
def test_binder_pins_every_runtime_dependency_within_its_range(requirement):
    pins = _binder_pins()
    name = canonicalize_name(requirement.name)
    assert name in pins, f"{requirement.name} is not pinned in binder/requirements.txt"
    version = pins[name].split("+")[0]  # torch==2.13.0+cpu
    assert requirement.specifier.contains(version, prereleases=True), (
        f"binder pins {requirement.name}=={pins[name]}, outside pyproject's {requirement}"
    )


def test_binder_opens_the_first_notebook_and_installs_qnnlab():
    readme = (ROOT / "README.md").read_text()
    assert "urlpath=lab/tree/notebooks/00-start-here.ipynb" in readme
    assert (ROOT / "notebooks" / "00-start-here.ipynb").exists()
    assert "pip install --no-deps -e ." in (ROOT / "binder" / "postBuild").read_text()
    assert (ROOT / "binder" / "runtime.txt").read_text().strip().startswith("python-3.")


def test_conda_environment_lists_every_runtime_dependency():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    names: set[str] = set()
    for item in env["dependencies"]:
        entries = item["pip"] if isinstance(item, dict) else [item]
        for entry in entries:
            match = re.match(r"[A-Za-z0-9_.\-]+", entry)
            if match and not entry.startswith("-"):
                names.add(canonicalize_name(match.group(0)))
    conda_names = {"torch": "pytorch-cpu", "dask": "dask"}
    for requirement in _project_requirements():
        name = canonicalize_name(conda_names.get(requirement.name, requirement.name))
        assert name in names, f"environment.yml lacks {requirement.name}"


def test_readme_setup_is_two_make_commands_that_exist():
    readme = (ROOT / "README.md").read_text()
    block = readme.split("## Set-up", 1)[1].split("```bash", 1)[1].split("```", 1)[0]
    commands = [line.split("#")[0].strip() for line in block.strip().splitlines()]
    assert commands == ["make lab", "make test"]
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"^lab:", makefile, re.M) and re.search(r"^test:", makefile, re.M)
    assert "make test" in (ROOT / ".ci" / "run").read_text()

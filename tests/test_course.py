"""``qnnlab course``: the notebooks ship in the wheel; copying never loses a learner's edits."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

import pytest

from qnnlab.cli import main
from qnnlab.course import copy_course, course_files, course_source

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted(p.name for p in (ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))


def test_every_package_folder_is_listed_in_pyproject() -> None:
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
                 ["packages"])
    folders = {
        ".".join(path.relative_to(ROOT).parts)
        for path in [ROOT / "qnnlab", *(ROOT / "qnnlab").rglob("*")]
        if path.is_dir() and path.name != "__pycache__"
        and any(child.suffix in {".py", ".ipynb", ".json"} for child in path.iterdir())
    }
    assert folders - listed == set(), f"add these to [tool.setuptools] packages: {folders - listed}"


def test_the_source_is_the_repository_notebooks_in_a_checkout() -> None:
    assert course_source() == ROOT / "notebooks"
    assert [p.name for p in course_files()] == [*NOTEBOOKS, "README.md"]


def _edit(path: Path, text: str = "my notes") -> None:
    path.write_text(path.read_text() + text)


def test_copy_keeps_an_edited_notebook_and_reports_it(tmp_path: Path) -> None:
    first = copy_course(tmp_path)
    assert sorted(first.copied) == sorted([*NOTEBOOKS, "README.md"])
    edited = tmp_path / NOTEBOOKS[1]
    _edit(edited)
    mine = edited.read_text()
    (tmp_path / NOTEBOOKS[2]).unlink()
    again = copy_course(tmp_path)
    assert again.kept == [NOTEBOOKS[1]]
    assert again.copied == [NOTEBOOKS[2]]
    assert edited.read_text() == mine
    assert NOTEBOOKS[1] in again.summary() and "--overwrite" in again.summary()


def test_overwrite_saves_the_learners_version_first(tmp_path: Path) -> None:
    copy_course(tmp_path)
    edited = tmp_path / NOTEBOOKS[0]
    _edit(edited)
    mine = edited.read_text()
    result = copy_course(tmp_path, overwrite=True)
    backup = tmp_path / result.replaced[NOTEBOOKS[0]]
    assert backup.read_text() == mine
    assert edited.read_text() == (ROOT / "notebooks" / NOTEBOOKS[0]).read_text()
    assert backup.name.startswith(Path(NOTEBOOKS[0]).stem + ".bak-")


def test_cli_refuses_a_file_as_the_folder(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    target = tmp_path / "not-a-folder"
    target.write_text("x")
    assert main(["course", str(target)]) == 2
    assert "not a folder" in capsys.readouterr().err
    assert target.read_text() == "x"


@pytest.mark.slow
def test_course_command_works_from_an_installed_wheel(tmp_path: Path) -> None:
    """Build the wheel, put it (unpacked, as an installer would) first on the path, run the CLI."""
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(tmp_path / "dist"), str(ROOT)],
        capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    wheel = next((tmp_path / "dist").glob("qnnlab-*.whl"))
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        archive.extractall(site)
    for name in [*NOTEBOOKS, "README.md"]:
        assert f"qnnlab/notebooks/{name}" in names
    assert not any("_build" in name or "/runs/" in name for name in names)
    script = ("import qnnlab, sys; from qnnlab.cli import main; print(qnnlab.__file__); "
              "sys.exit(main(['course', 'course-here']))")
    env = {**os.environ, "PYTHONPATH": str(site)}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=120, cwd=tmp_path, env=env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0].startswith(str(site))  # the wheel's qnnlab, not the repo's
    copied = sorted(p.name for p in (tmp_path / "course-here").iterdir())
    assert copied == sorted([*NOTEBOOKS, "README.md"])

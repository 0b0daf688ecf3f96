"""The course notebooks for ``pip install qnnlab`` users: ``qnnlab course [DIR]`` copies them.

The notebooks ship inside the package (``qnnlab/notebooks`` in a wheel, built from the
repository's ``notebooks/`` folder). :func:`copy_course` copies them into a folder of the
learner's choice and never overwrites a copy the learner has changed unless asked to; even then
the learner's version is kept beside it as a backup.
"""

from __future__ import annotations

import argparse
import filecmp
import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["CourseCopy", "copy_course", "course_files", "course_source"]

#: The folder ``qnnlab course`` writes to when none is given.
DEFAULT_DIR = "qnnlab-course"
#: A file that marks a folder as the course (the first notebook).
_FIRST_NOTEBOOK = "00-start-here.ipynb"


def course_source() -> Path:
    """The folder holding the shipped notebooks.

    In an installed wheel that is ``qnnlab/notebooks``; in a development checkout (an editable
    install) it is the repository's ``notebooks/`` folder.

    Examples
    --------
    >>> (course_source() / "00-start-here.ipynb").is_file()
    True
    """
    package = Path(__file__).resolve().parent
    for candidate in (package / "notebooks", package.parent / "notebooks"):
        if (candidate / _FIRST_NOTEBOOK).is_file():
            return candidate
    raise FileNotFoundError(
        "the course notebooks are not installed with this copy of qnnlab (looked in "
        f"{package / 'notebooks'} and {package.parent / 'notebooks'}); reinstall qnnlab"
    )


def course_files(source: Path | None = None) -> list[Path]:
    """The files of the course, relative to ``source``: every notebook and the README.

    Examples
    --------
    >>> names = [p.name for p in course_files()]
    >>> names[0], "README.md" in names
    ('00-start-here.ipynb', True)
    """
    source = course_source() if source is None else Path(source)
    files = sorted(p.relative_to(source) for p in source.glob("[0-9][0-9]-*.ipynb"))
    if (source / "README.md").is_file():
        files.append(Path("README.md"))
    return files


@dataclass
class CourseCopy:
    """What :func:`copy_course` did, file by file (paths relative to the destination)."""

    destination: Path
    copied: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    replaced: dict[str, str] = field(default_factory=dict)

    def summary(self) -> str:
        """A few lines for the learner: where the course is and what was left alone."""
        lines = [f"The qnnlab course is in {self.destination}:"]
        if self.copied:
            lines.append(f"  copied {len(self.copied)} file(s)")
        if self.unchanged:
            lines.append(f"  {len(self.unchanged)} file(s) already up to date")
        for name, backup in self.replaced.items():
            lines.append(f"  replaced {name}; your version is kept as {backup}")
        if self.kept:
            lines.append(f"  kept your changed copy of {len(self.kept)} file(s): "
                         + ", ".join(self.kept))
            lines.append("  (run again with --overwrite to get the shipped version; your copy "
                         "is then saved beside it as a .bak file)")
        lines.append(f"Start with: jupyter lab {self.destination / _FIRST_NOTEBOOK}")
        return "\n".join(lines)


def _backup_name(path: Path) -> Path:
    stamp = time.strftime("%Y%m%dT%H%M%S")
    candidate = path.with_name(f"{path.stem}.bak-{stamp}{path.suffix}")
    number = 1
    while candidate.exists():
        candidate = path.with_name(f"{path.stem}.bak-{stamp}-{number}{path.suffix}")
        number += 1
    return candidate


def copy_course(destination: str | Path = DEFAULT_DIR, overwrite: bool = False,
                source: Path | None = None) -> CourseCopy:
    """Copy the course notebooks into ``destination``, keeping the learner's changed copies.

    A file that is missing is copied; one identical to the shipped version is left as it is; one
    that differs (the learner edited or ran it) is kept unless ``overwrite``, in which case the
    learner's version is first renamed to ``NAME.bak-<time>.ipynb``. Nothing is ever deleted.

    Parameters
    ----------
    destination : str or Path
        The folder to copy into (created if needed).
    overwrite : bool
        Replace changed copies with the shipped version (after backing them up).
    source : Path, optional
        Where the notebooks come from; default :func:`course_source`.

    Returns
    -------
    CourseCopy
        What was copied, left alone, kept or replaced.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     first = copy_course(folder)
    ...     again = copy_course(folder)
    >>> len(first.copied) == len(again.unchanged) > 10, again.copied
    (True, [])
    """
    source = course_source() if source is None else Path(source)
    destination = Path(destination).expanduser()
    if destination.exists() and not destination.is_dir():
        raise NotADirectoryError(f"{destination} exists and is not a folder; choose another DIR")
    destination.mkdir(parents=True, exist_ok=True)
    result = CourseCopy(destination=destination)
    for relative in course_files(source):
        origin, target = source / relative, destination / relative
        name = str(relative)
        if not target.exists():
            shutil.copyfile(origin, target)
            result.copied.append(name)
        elif filecmp.cmp(origin, target, shallow=False):
            result.unchanged.append(name)
        elif overwrite:
            backup = _backup_name(target)
            target.rename(backup)
            shutil.copyfile(origin, target)
            result.replaced[name] = backup.name
        else:
            result.kept.append(name)
    return result


def run(args: argparse.Namespace) -> int:
    """The ``qnnlab course`` command."""
    try:
        result = copy_course(args.dir, overwrite=args.overwrite)
    except (OSError, FileNotFoundError) as error:
        print(f"qnnlab course: error: {error}", file=sys.stderr)
        return 2
    print(result.summary())
    return 0


def add_parser(subparsers: Any) -> None:
    """Register the ``course`` sub-command.

    Examples
    --------
    >>> parser = argparse.ArgumentParser(prog="qnnlab")
    >>> add_parser(parser.add_subparsers(dest="command"))
    >>> parser.parse_args(["course", "my-course"]).dir
    'my-course'
    """
    parser = subparsers.add_parser(
        "course", help="copy the course notebooks into a folder",
        description="Copy the qnnlab course notebooks (and the instructor's README) into DIR. "
        "Copies you have changed are kept unless you pass --overwrite, which saves your "
        "version beside the new one as a .bak file first. Nothing is deleted.")
    parser.add_argument("dir", nargs="?", default=DEFAULT_DIR,
                        help=f"the folder to copy into (default ./{DEFAULT_DIR})")
    parser.add_argument("--overwrite", action="store_true",
                        help="replace changed copies with the shipped version (after a backup)")
    parser.set_defaults(func=run)

"""Regenerate every notebook: run each ``build_NN.py`` of this folder, in order.

Usage::

    python notebooks/_build/build_all.py          # all notebooks
    python notebooks/_build/build_all.py 01 05    # only these

Each script runs in its own process (with this folder on ``sys.path``, so that ``import common``
works); the exit status is non-zero if any of them fails.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def builder_scripts(only: list[str] | None = None) -> list[Path]:
    """The ``build_*.py`` scripts of this folder, sorted, optionally only those in ``only``."""
    scripts = sorted(p for p in HERE.glob("build_*.py") if p.name != "build_all.py")
    if only:
        scripts = [p for p in scripts if p.stem.removeprefix("build_") in only]
    return scripts


def main(argv: list[str] | None = None) -> int:
    """Run the builder scripts; return 0 if all succeeded."""
    only = list(sys.argv[1:] if argv is None else argv)
    scripts = builder_scripts(only)
    if not scripts:
        known = [p.stem.removeprefix("build_") for p in builder_scripts()]
        print(f"No builder script matches {only}; known: {known}", file=sys.stderr)
        return 2
    failed = []
    for script in scripts:
        result = subprocess.run([sys.executable, str(script)], cwd=HERE)
        if result.returncode != 0:
            failed.append(script.name)
    if failed:
        print(f"FAILED: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

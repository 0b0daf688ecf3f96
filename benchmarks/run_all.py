"""Run every ``bench_*.py`` script in this folder in turn and print what it prints.

Scripts that accept ``--quick`` get it (a short run), unless ``--full`` is given. Used by
``make benchmarks``; the measured tables and what they mean are in ``benchmarks/README.md``.

Usage::

    python benchmarks/run_all.py                 # every script, short mode where supported
    python benchmarks/run_all.py --full          # every script, full mode
    python benchmarks/run_all.py training        # only scripts whose name contains "training"
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
QUICK_FLAG = "--quick"


def bench_scripts(folder: Path = HERE, patterns: list[str] | None = None) -> list[Path]:
    """The ``bench_*.py`` scripts in ``folder``, sorted, optionally filtered by name parts."""
    scripts = sorted(folder.glob("bench_*.py"))
    if patterns:
        scripts = [s for s in scripts if any(p in s.stem for p in patterns)]
    return scripts


def supports_quick(script: Path) -> bool:
    """True if the script declares a ``--quick`` option (its source mentions the flag)."""
    return f'"{QUICK_FLAG}"' in script.read_text(encoding="utf-8")


def command(script: Path, full: bool) -> list[str]:
    """The command line that runs ``script`` with this interpreter."""
    args = [sys.executable, str(script)]
    if not full and supports_quick(script):
        args.append(QUICK_FLAG)
    return args


def run(script: Path, full: bool) -> tuple[int, float]:
    """Run one script with its output streamed through; return its exit code and seconds."""
    args = command(script, full)
    print(f"\n===== {script.name} {' '.join(args[2:])}".rstrip(), flush=True)
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    start = time.perf_counter()
    code = subprocess.run(args, cwd=HERE.parent, env=env, check=False).returncode
    return code, time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("names", nargs="*", help="run only scripts whose name contains these")
    parser.add_argument("--full", action="store_true", help=f"do not pass {QUICK_FLAG}")
    args = parser.parse_args(argv)
    scripts = bench_scripts(patterns=args.names)
    if not scripts:
        print(f"No bench_*.py script in {HERE} matches {args.names}.", file=sys.stderr)
        return 2
    results = []
    try:
        for script in scripts:
            results.append((script.name, *run(script, args.full)))
    except KeyboardInterrupt:
        print("\nInterrupted; the summary lists the finished scripts.", flush=True)
    print("\n===== summary")
    for name, code, seconds in results:
        print(f"{name:32s} {'ok' if code == 0 else f'FAILED (exit {code})':18s} {seconds:7.1f} s")
    failed = [name for name, code, _ in results if code != 0]
    return 1 if failed or len(results) < len(scripts) else 0


if __name__ == "__main__":
    sys.exit(main())

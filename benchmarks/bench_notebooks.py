"""Full-mode wall time, CPU time and peak memory of every notebook, on one CPU thread.

Each notebook runs top to bottom in full mode (``QNNLAB_FAST`` unset) in a fresh kernel of this
Python, started by a separate worker process, with one thread for OpenMP/MKL and torch
(``OMP_NUM_THREADS=1``, ``torch.set_num_threads(1)``). The peak resident memory of the kernel
(with its child processes) is sampled with psutil when it is installed; otherwise it is the
kernel's ``ru_maxrss`` as seen by the worker (``resource.getrusage(RUSAGE_CHILDREN)``). CPU time is
the reaped kernel's user + system time (``RUSAGE_CHILDREN``): on a shared, busy machine the wall
time grows with the load, the CPU time much less, so the 3-minute target is judged on CPU time.

Usage::

    python benchmarks/bench_notebooks.py                      # all notebooks, table to stdout
    python benchmarks/bench_notebooks.py 01 05                # only these (number or name)
    python benchmarks/bench_notebooks.py --update-readme      # also refresh notebooks/README.md

The table in notebooks/README.md lives between the marker comments
``<!-- bench_notebooks:start -->`` and ``<!-- bench_notebooks:end -->``; rows of notebooks that
were not run this time are kept. The course targets < 3 min and < 1.5 GB per notebook.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS_DIR = ROOT / "notebooks"
README = NOTEBOOKS_DIR / "README.md"
START, END = "<!-- bench_notebooks:start -->", "<!-- bench_notebooks:end -->"
TARGET_SECONDS, TARGET_MB = 180, 1536
SINGLE_THREAD_ENV = {
    "OMP_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "OPENBLAS_NUM_THREADS": "1",
    "PYDEVD_DISABLE_FILE_VALIDATION": "1",
}
#: Run first in the kernel (not saved anywhere): pin torch to one thread.
PIN_TORCH = ("import torch\ntorch.set_num_threads(1)\ntry:\n    torch.set_num_interop_threads(1)\n"
             "except RuntimeError:\n    pass")


# -- worker: runs one notebook -----------------------------------------------------------------


class _PeakMemory:
    """Sample the summed RSS of this process's children (the kernel) in a background thread."""

    def __init__(self, interval: float = 0.1) -> None:
        import psutil

        self._psutil = psutil
        self._me = psutil.Process()
        self.interval, self.peak = interval, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _sample(self) -> None:
        total = 0
        for child in self._me.children(recursive=True):
            try:
                total += child.memory_info().rss
            except (self._psutil.NoSuchProcess, self._psutil.AccessDenied):
                continue
        self.peak = max(self.peak, total)

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self._sample()

    def __enter__(self) -> _PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def _kernel_dir(tmp: Path) -> list[str]:
    spec_dir = tmp / "python3"
    spec_dir.mkdir(parents=True)
    spec = {"argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
            "display_name": "Python 3 (qnnlab bench)", "language": "python"}
    (spec_dir / "kernel.json").write_text(json.dumps(spec))
    return [str(tmp)]


def run_one(path: Path, cell_timeout: int) -> dict:
    """Execute ``path`` once in a fresh kernel; return seconds, peak MB and how it was measured."""
    import resource

    import nbformat
    from jupyter_client import KernelManager
    from jupyter_client.kernelspec import KernelSpecManager
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    nb.cells.insert(0, nbformat.v4.new_code_cell(PIN_TORCH))
    env = {k: v for k, v in os.environ.items() if k != "QNNLAB_FAST"} | SINGLE_THREAD_ENV
    result: dict = {"notebook": path.stem, "ok": True, "error": ""}
    with tempfile.TemporaryDirectory() as tmp:
        km = KernelManager(kernel_name="python3",
                           kernel_spec_manager=KernelSpecManager(kernel_dirs=_kernel_dir(Path(tmp))))
        # Run in an empty folder: results a notebook saved earlier (e.g. benchmark runs under
        # runs/, which a re-run resumes) must not make a cold run look fast.
        workdir = Path(tmp) / "work"
        workdir.mkdir()
        client = NotebookClient(nb, km=km, kernel_name="python3", timeout=cell_timeout,
                                resources={"metadata": {"path": str(workdir)}})
        try:
            monitor = _PeakMemory()
            result["memory_method"] = "psutil"
        except ImportError:
            monitor = None
            result["memory_method"] = "ru_maxrss"
        start = time.perf_counter()
        cpu_before = _children_cpu_seconds()
        try:
            if monitor is None:
                client.execute(env=env, cleanup_kc=True)
            else:
                with monitor:
                    client.execute(env=env, cleanup_kc=True)
        except Exception as error:  # report it in the table, keep benchmarking the others
            result.update(ok=False, error=f"{type(error).__name__}: {str(error)[-300:]}")
        result["seconds"] = time.perf_counter() - start
    result["cpu_seconds"] = _children_cpu_seconds() - cpu_before  # the kernel, once reaped
    if monitor is not None:
        result["peak_mb"] = monitor.peak / 2**20
    else:  # ru_maxrss of the reaped kernel, in KiB on Linux and bytes on macOS
        maxrss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        result["peak_mb"] = maxrss / (2**20 if sys.platform == "darwin" else 2**10)
    return result


def _children_cpu_seconds() -> float:
    import resource  # Unix only, like run_one

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


# -- parent: one worker per notebook, then the table -------------------------------------------


def find_notebooks(selection: list[str]) -> list[Path]:
    """The notebooks matching ``selection`` (numbers like ``01`` or names); all if empty."""
    paths = sorted(NOTEBOOKS_DIR.glob("[0-9][0-9]-*.ipynb"))
    if not selection:
        return paths
    chosen = [p for p in paths if any(p.stem == s or p.stem.startswith(f"{s.zfill(2)}-")
                                      for s in selection)]
    if not chosen:
        raise SystemExit(f"No notebook matches {selection}; found {[p.stem for p in paths]}")
    return chosen


def bench(path: Path, cell_timeout: int, total_timeout: int) -> dict:
    """Run ``path`` in a worker process and return its measurements."""
    cmd = [sys.executable, __file__, "--worker", str(path), "--cell-timeout", str(cell_timeout)]
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=total_timeout,
                              env={**os.environ, **SINGLE_THREAD_ENV})
    except subprocess.TimeoutExpired:
        return {"notebook": path.stem, "ok": False, "seconds": float(total_timeout),
                "peak_mb": float("nan"), "error": f"timed out after {total_timeout} s"}
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        return {"notebook": path.stem, "ok": False, "seconds": float("nan"),
                "peak_mb": float("nan"), "error": done.stderr.strip()[-300:]}
    return json.loads(lines[-1])


def _row(result: dict) -> str:
    name = result["notebook"]
    if not result["ok"]:
        return f"| [{name}]({name}.ipynb) | failed | - | - | {result['error'][:80]} |"
    seconds, mb = result["seconds"], result["peak_mb"]
    cpu = result.get("cpu_seconds", seconds)
    flags = []
    if cpu > TARGET_SECONDS:
        flags.append("over 3 min of CPU")
    if mb > TARGET_MB:
        flags.append("over 1.5 GB")
    return (f"| [{name}]({name}.ipynb) | {seconds:.0f} s | {cpu:.0f} s | {mb:.0f} MB | "
            f"{', '.join(flags) or 'ok'} |")


def render_table(rows: dict[str, str], note: str) -> str:
    """The markdown table of ``rows`` (notebook name -> row), sorted by name, with a note."""
    header = ["| Notebook | Wall time | CPU time | Peak memory (kernel) | Within targets? |",
              "|---|---|---|---|---|"]
    return "\n".join([*header, *(rows[k] for k in sorted(rows)), "", note])


def existing_rows(text: str) -> dict[str, str]:
    """Rows of the table currently between the markers of ``text``, by notebook name."""
    if START not in text or END not in text:
        return {}
    block = text.split(START, 1)[1].split(END, 1)[0]
    rows = {}
    for line in block.splitlines():
        match = re.match(r"\|\s*\[?(\d\d-[\w-]+)", line)
        if match:
            rows[match.group(1)] = line
    return rows


def update_readme(results: list[dict], note: str, readme: Path = README) -> None:
    """Replace the table between the markers of ``readme``, keeping rows not measured now."""
    text = readme.read_text()
    if START not in text or END not in text:
        raise SystemExit(f"{readme} has no {START} ... {END} markers")
    rows = existing_rows(text) | {r["notebook"]: _row(r) for r in results}
    before, rest = text.split(START, 1)
    after = rest.split(END, 1)[1]
    readme.write_text(f"{before}{START}\n{render_table(rows, note)}\n{END}{after}")


def machine_note() -> str:
    """Where and how the numbers were measured."""
    cpu = platform.processor() or platform.machine()
    return (f"Measured {dt.date.today().isoformat()} with `benchmarks/bench_notebooks.py`: "
            f"full mode, one CPU thread, Python {platform.python_version()} on {cpu} "
            f"({os.cpu_count()} cores, shared; load average {os.getloadavg()[0]:.1f} at the "
            "end, so wall times include waiting for the CPU). Targets: < 3 min of CPU and "
            "< 1.5 GB per notebook.")


def main(argv: list[str] | None = None) -> int:
    """Benchmark the selected notebooks; print the table; optionally update the README."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="*", help="numbers (01) or names; default: all")
    parser.add_argument("--update-readme", action="store_true",
                        help="write the table into notebooks/README.md between the markers")
    parser.add_argument("--cell-timeout", type=int, default=600, help="seconds per cell")
    parser.add_argument("--timeout", type=int, default=900, help="seconds per notebook")
    parser.add_argument("--worker", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker is not None:
        print(json.dumps(run_one(args.worker, args.cell_timeout)), flush=True)
        return 0
    results = []
    for path in find_notebooks(args.notebooks):
        print(f"running {path.name} ...", file=sys.stderr, flush=True)
        result = bench(path, args.cell_timeout, args.timeout)
        print(f"  {_row(result)}", file=sys.stderr, flush=True)
        results.append(result)
    note = machine_note()
    print(render_table({r["notebook"]: _row(r) for r in results}, note))
    if args.update_readme:
        update_readme(results, note)
        print(f"updated {README.relative_to(ROOT)}", file=sys.stderr)
    return 0 if all(r["ok"] for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())

"""The run record (``record.json``) and the comparison behind ``qnnlab bench reproduce``.

``record.json`` holds everything needed to re-run and to judge a benchmark: the experiment as
written, the seeds, the versions of qnnlab and its numerical dependencies, the platform, the
git commit of the qnnlab source (when it is a git checkout) and the timings. It is plain JSON:
loading it never executes anything, and model names in it resolve only through the fixed
:data:`qnnlab.bench.config.MODELS` table.

Reproduction compares a fresh run with the stored ``results.csv`` job by job. With the same seeds
on the same machine every computation is deterministic (float64, one torch thread per job), so
accuracy, F1 and every count must match *exactly*; ROC-AUC and the cross-validation scores are
compared with an absolute tolerance of 1e-9, which only allows for a different floating-point
summation order (another BLAS build) and can never hide a changed prediction (one test sample
moves these scores by far more). Timings are excluded: they vary from run to run.

Examples
--------
>>> import pandas as pd
>>> old = pd.DataFrame({"job_key": ["a"], "status": ["ok"], "accuracy": [0.9]})
>>> table = compare_results(old, old.assign(accuracy=[0.8]))
>>> table.set_index("metric").loc["accuracy", "matches"]
np.False_
"""

from __future__ import annotations

import datetime as _dt
import json
import math
import os
import platform
import subprocess
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

import qnnlab

__all__ = ["RECORD_FORMAT", "TOLERANCES", "compare_results", "environment", "git_commit",
           "json_safe", "load_record", "new_record", "utc_now", "write_record"]

#: Version of the record layout; bumped when its keys change.
RECORD_FORMAT = 1
RECORD_NAME = "record.json"
#: Packages whose versions are recorded.
_PACKAGES = ("qnnlab", "pennylane", "torch", "scikit-learn", "numpy", "scipy", "pandas",
             "plotly", "dask", "distributed", "pyyaml")
#: Absolute tolerance per compared column (None: compared as text, exactly).
TOLERANCES: dict[str, float | None] = {
    "status": None,
    "train_hash": None,
    "test_hash": None,
    "cv_hash": None,
    "best_params": None,
    "n_candidates": 0.0,
    "accuracy": 0.0,
    "f1_macro": 0.0,
    "roc_auc": 1e-9,
    "cv_accuracy": 1e-9,
    "cv_roc_auc": 1e-9,
    "convergence_epoch": 0.0,
    "loss_convergence_epoch": 0.0,
    "epochs_run": 0.0,
    "n_parameters": 0.0,
    "qubits": 0.0,
    "depth": 0.0,
    "gates": 0.0,
    "two_qubit_gates": 0.0,
    "training_executions": 0.0,
    "hardware_circuits_per_epoch": 0.0,
}


def git_commit(path: str | Path | None = None) -> str | None:
    """The git commit of the checkout holding ``path`` (default: qnnlab's source), or None.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:  # not a git checkout
    ...     print(git_commit(folder))
    None
    >>> commit = git_commit()  # a 40-digit hash when qnnlab runs from a git checkout
    >>> commit is None or len(commit) == 40
    True
    """
    where = Path(path) if path is not None else Path(qnnlab.__file__).resolve().parent
    try:
        done = subprocess.run(["git", "rev-parse", "HEAD"], cwd=where, capture_output=True,
                              text=True, timeout=10, check=True)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() or None


def _version(package: str) -> str | None:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


def environment() -> dict[str, Any]:
    """Versions, platform and git commit of this process, for the record.

    Examples
    --------
    >>> env = environment()
    >>> env["versions"]["qnnlab"] == qnnlab.__version__
    True
    """
    return {
        "qnnlab_version": qnnlab.__version__,
        "versions": {name: _version(name) for name in _PACKAGES} | {
            "qnnlab": qnnlab.__version__},
        "platform": {"python": platform.python_version(), "system": platform.system(),
                     "release": platform.release(), "machine": platform.machine(),
                     "processor": platform.processor(), "cpu_count": os.cpu_count()},
        "git_commit": git_commit(),
    }


def json_safe(value: Any) -> Any:
    """A copy of ``value`` that :func:`json.dumps` accepts as strict JSON.

    Numpy scalars become Python numbers, tuples lists, keys strings and NaN or infinite
    floats None.

    Examples
    --------
    >>> json_safe({"a": np.float64(1.5), "b": (1, float("nan")), 3: np.int64(2)})
    {'a': 1.5, 'b': [1, None], '3': 2}
    """
    if isinstance(value, dict):
        return {str(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_safe(v) for v in value]
    if isinstance(value, (np.integer, np.floating)):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def write_record(directory: str | Path, record: dict[str, Any]) -> Path:
    """Write ``record`` (made JSON-safe) to ``directory/record.json`` atomically.

    Examples
    --------
    >>> import tempfile
    >>> tmp = tempfile.TemporaryDirectory()
    >>> path = write_record(tmp.name, {"seed": np.int64(0), "score": float("nan")})
    >>> path.name, json.loads(path.read_text())
    ('record.json', {'score': None, 'seed': 0})
    >>> tmp.cleanup()
    """
    path = Path(directory) / RECORD_NAME
    partial = path.with_suffix(".json.partial")
    partial.write_text(json.dumps(json_safe(record), indent=2, sort_keys=True) + "\n",
                       encoding="utf-8")
    os.replace(partial, path)
    return path


def utc_now() -> str:
    """The current UTC time as an ISO 8601 string (seconds).

    Examples
    --------
    >>> stamp = utc_now()  # e.g. '2025-01-31T12:00:00+00:00'
    >>> len(stamp), stamp[10], stamp[-6:]
    (25, 'T', '+00:00')
    """
    return _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")


def new_record(raw_config: dict[str, Any], seeds: tuple[int, ...]) -> dict[str, Any]:
    """A fresh record of a run starting now.

    Examples
    --------
    >>> record = new_record({"name": "demo"}, (0, 1))
    >>> record["format"], record["experiment"], record["seeds"]
    (1, {'name': 'demo'}, [0, 1])
    >>> sorted(record)
    ['experiment', 'format', 'git_commit', 'platform', 'qnnlab_version', 'seeds', 'started',
     'versions']
    """
    return {
        "format": RECORD_FORMAT,
        **environment(),
        "experiment": raw_config,
        "seeds": list(seeds),
        "started": utc_now(),
    }


def load_record(directory: str | Path, *, check_version: bool = True) -> dict[str, Any]:
    """Read ``directory/record.json`` (JSON only) and check that this qnnlab can reproduce it.

    Raises
    ------
    FileNotFoundError
        When there is no record in ``directory``.
    ValueError
        For a record that is not valid JSON, of another layout, or (with ``check_version``)
        written by another qnnlab version.

    Examples
    --------
    >>> import tempfile
    >>> tmp = tempfile.TemporaryDirectory()
    >>> _ = write_record(tmp.name, new_record({"name": "demo"}, (0, 1)))
    >>> load_record(tmp.name)["seeds"]
    [0, 1]
    >>> tmp.cleanup()
    >>> load_record(tmp.name)
    Traceback (most recent call last):
    ...
    FileNotFoundError: No record.json in ...
    """
    path = Path(directory) / RECORD_NAME
    if not path.is_file():
        raise FileNotFoundError(f"No {RECORD_NAME} in {str(directory)!r}: is it the --out folder "
                                "of a 'qnnlab bench run'?")
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise ValueError(f"{path} is not valid JSON: {error}") from None
    if not isinstance(record, dict) or record.get("format") != RECORD_FORMAT:
        raise ValueError(f"{path} is not a qnnlab benchmark record of format {RECORD_FORMAT}")
    version = record.get("qnnlab_version")
    if check_version and version != qnnlab.__version__:
        raise ValueError(
            f"{path} was written by qnnlab {version}, but this is qnnlab {qnnlab.__version__}: "
            f"results may differ between versions. Install qnnlab {version} to reproduce it, or "
            "run the experiment again with this version."
        )
    return record


def _column_matches(old: pd.Series, new: pd.Series, tolerance: float | None) -> np.ndarray:
    if tolerance is None:
        return (old.astype(str) == new.astype(str)).to_numpy()
    a = pd.to_numeric(old, errors="coerce").to_numpy(dtype=float)
    b = pd.to_numeric(new, errors="coerce").to_numpy(dtype=float)
    both_nan = np.isnan(a) & np.isnan(b)
    with np.errstate(invalid="ignore"):
        return both_nan | (np.abs(a - b) <= tolerance)


def compare_results(original: pd.DataFrame, reproduced: pd.DataFrame) -> pd.DataFrame:
    """Per compared column: tolerance, jobs compared, mismatches, largest difference, verdict.

    Jobs are matched by ``job_key``; a job present in only one of the two tables is reported
    in the ``jobs`` row. Timing columns are not compared.

    Examples
    --------
    >>> old = pd.DataFrame({"job_key": ["a", "b"], "status": ["ok", "ok"],
    ...                     "roc_auc": [0.9, 0.8]})
    >>> new = old.assign(roc_auc=[0.9, 0.8 + 1e-12])  # another floating-point summation order
    >>> compare_results(old, new)[["metric", "tolerance", "mismatches", "matches"]]
        metric         tolerance  mismatches  matches
    0     jobs  same set of jobs           0     True
    1   status             exact           0     True
    2  roc_auc          abs 1e-09           0     True
    """
    old = original.drop_duplicates("job_key").set_index("job_key")
    new = reproduced.drop_duplicates("job_key").set_index("job_key")
    shared = old.index.intersection(new.index)
    only = sorted(set(old.index) ^ set(new.index))
    rows = [{"metric": "jobs", "tolerance": "same set of jobs", "compared": len(shared),
             "mismatches": len(only), "max_abs_difference": math.nan,
             "first_mismatch": only[0] if only else "", "matches": not only}]
    for column, tolerance in TOLERANCES.items():
        if column not in old or column not in new:
            continue
        ok = _column_matches(old.loc[shared, column], new.loc[shared, column], tolerance)
        difference = math.nan
        if tolerance is not None:
            a = pd.to_numeric(old.loc[shared, column], errors="coerce").to_numpy(dtype=float)
            b = pd.to_numeric(new.loc[shared, column], errors="coerce").to_numpy(dtype=float)
            finite = np.isfinite(a) & np.isfinite(b)
            difference = float(np.max(np.abs(a - b)[finite])) if finite.any() else 0.0
        bad = shared[~ok]
        rows.append({"metric": column,
                     "tolerance": "exact" if not tolerance else f"abs {tolerance:g}",
                     "compared": len(shared), "mismatches": int((~ok).sum()),
                     "max_abs_difference": difference,
                     "first_mismatch": bad[0] if len(bad) else "", "matches": bool(ok.all())})
    return pd.DataFrame(rows)

"""The run record (``record.json``), the integrity of a run's files, and the comparison behind
``qnnlab bench reproduce``.

``record.json`` holds everything needed to re-run and to judge a benchmark: the experiment as
written, the seeds, the versions of qnnlab and its numerical dependencies, the platform, the
git commit of the qnnlab source (when it is a git checkout) and whether that working tree had
uncommitted changes (``git_dirty``), the start time of the run (kept across resumes; each resume
adds its time to ``resumed``) and the timings. It is plain JSON: loading it never executes
anything, and model names in it resolve only through the fixed
:data:`qnnlab.bench.config.MODELS` table.

Integrity. Every job record in ``jobs.jsonl`` carries ``row_sha256``, a hash of its results row;
``record.json`` keeps, under ``results``, the SHA-256 of ``results.csv`` as written, its columns
and the hash of every row (by job key, in file order). :func:`read_results` checks the file
against them before a report or a reproduction uses it and refuses, saying what differs, a file
with edited cells (swapped model labels, changed ``dataset_kwargs``), deleted or added columns,
duplicated, missing or foreign rows. These hashes detect accidental and careless edits; they
are not signatures (whoever can edit the files can recompute them).

Reproduction compares a fresh run with the stored ``results.csv`` job by job. With the same seeds
on the same machine every computation is deterministic (float64, one torch thread per job), so
accuracy, F1 and every count must match *exactly*; ROC-AUC and the cross-validation scores are
compared with an absolute tolerance of 1e-9, which only allows for a different floating-point
summation order (another BLAS build) and can never hide a changed prediction (one test sample
moves these scores by far more). Timings are excluded: they vary from run to run. The
environment (git commit, uncommitted changes, package versions, platform) is compared too
(:func:`compare_environment`): a record of another qnnlab *version* is refused, other
differences are reported beside the verdict but do not decide it, because the numbers do:
numbers that differ always fail, whatever the environment.

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
import hashlib
import io
import json
import math
import os
import platform
import subprocess
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

import qnnlab

__all__ = ["JOBS_NAME", "RECORD_FORMAT", "RESULTS_NAME", "TOLERANCES", "JobLines",
           "ResultsMismatch", "compare_environment", "compare_results", "environment",
           "git_commit", "git_dirty", "json_safe", "load_record", "new_record", "parse_job_lines",
           "read_results", "results_csv", "results_fingerprint", "row_hash", "short_hash",
           "utc_now",
           "verify_results", "write_record", "write_results"]

#: Version of the record layout; bumped when its keys change (2: integrity hashes, git_dirty,
#: resumed).
RECORD_FORMAT = 2
RECORD_NAME = "record.json"
JOBS_NAME = "jobs.jsonl"
RESULTS_NAME = "results.csv"
#: Packages whose versions are recorded.
_PACKAGES = ("qnnlab", "pennylane", "torch", "scikit-learn", "numpy", "scipy", "pandas",
             "plotly", "dask", "distributed", "pyyaml")
#: Columns of results.csv that hold text (read as text, empty when missing).
TEXT_COLUMNS = ("dataset_kwargs", "size", "error", "warnings", "noise_model", "noise_apply",
                "best_params", "test_correct")
#: Problems listed at most in one error message (the count of the rest is given).
_MAX_LISTED = 6
#: Absolute tolerance per compared column (None: compared as text, exactly).
TOLERANCES: dict[str, float | None] = {
    "status": None,
    "dataset": None,
    "dataset_kwargs": None,
    "model": None,
    "variant": None,
    "seed": 0.0,
    "train_hash": None,
    "test_hash": None,
    "cv_hash": None,
    "best_params": None,
    "n_candidates": 0.0,
    "n_test": 0.0,
    "test_correct": None,
    "converged": None,
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


# ----------------------------------------------------------------------------- environment


def _git(arguments: Sequence[str], path: str | Path | None) -> str | None:
    where = Path(path) if path is not None else Path(qnnlab.__file__).resolve().parent
    try:
        done = subprocess.run(["git", *arguments], cwd=where, capture_output=True, text=True,
                              timeout=10, check=True)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout


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
    output = _git(["rev-parse", "HEAD"], path)
    return (output or "").strip() or None


def git_dirty(path: str | Path | None = None) -> bool | None:
    """Whether the checkout holding ``path`` (default: qnnlab's source) has uncommitted changes.

    Only tracked files count (``git status --porcelain --untracked-files=no``): a stray output
    folder does not make a tree dirty, an edited module does. None when it is not a git
    checkout (e.g. qnnlab installed from a wheel).

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     print(git_dirty(folder))
    None
    >>> git_dirty() in (True, False, None)
    True
    """
    output = _git(["status", "--porcelain", "--untracked-files=no"], path)
    return None if output is None else bool(output.strip())


def _version(package: str) -> str | None:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


def environment() -> dict[str, Any]:
    """Versions, platform, git commit and tree state of this process, for the record.

    Examples
    --------
    >>> env = environment()
    >>> env["versions"]["qnnlab"] == qnnlab.__version__, sorted(env)
    (True, ['git_commit', 'git_dirty', 'platform', 'qnnlab_version', 'versions'])
    """
    return {
        "qnnlab_version": qnnlab.__version__,
        "versions": {name: _version(name) for name in _PACKAGES} | {
            "qnnlab": qnnlab.__version__},
        "platform": {"python": platform.python_version(), "system": platform.system(),
                     "release": platform.release(), "machine": platform.machine(),
                     "processor": platform.processor(), "cpu_count": os.cpu_count()},
        "git_commit": git_commit(),
        "git_dirty": git_dirty(),
    }


def _environment_items(env: Mapping[str, Any]) -> dict[str, Any]:
    """The environment as flat ``item -> value`` pairs, in the order they are reported."""
    system = env.get("platform") or {}
    items: dict[str, Any] = {"qnnlab": env.get("qnnlab_version"),
                             "git commit": env.get("git_commit"),
                             "uncommitted changes": env.get("git_dirty")}
    items |= {f"version of {name}": version
              for name, version in sorted((env.get("versions") or {}).items())
              if name != "qnnlab"}
    items |= {"python": system.get("python"),
              "platform": f"{system.get('system')} {system.get('machine')}"}
    return items


def compare_environment(recorded: Mapping[str, Any],
                        current: Mapping[str, Any] | None = None) -> pd.DataFrame:
    """Item by item: the environment of a record against ``current`` (default: this process).

    Returns a table with columns ``item``, ``recorded``, ``now`` and ``same``. A tree with
    uncommitted changes on either side is never ``same``: the commit alone does not identify
    the code that ran.

    Examples
    --------
    >>> old = {"qnnlab_version": "1.0", "git_commit": "abc", "git_dirty": False,
    ...        "versions": {"torch": "2.1"}, "platform": {"python": "3.11"}}
    >>> new = {**old, "git_commit": "def", "versions": {"torch": "2.2"}}
    >>> table = compare_environment(old, new)
    >>> table.loc[~table["same"], ["item", "recorded", "now"]].values.tolist()
    [['git commit', 'abc', 'def'], ['version of torch', '2.1', '2.2']]
    """
    old = _environment_items(recorded)
    new = _environment_items(environment() if current is None else current)
    rows = []
    for item in dict.fromkeys([*old, *new]):
        same = old.get(item) == new.get(item)
        if item == "uncommitted changes":
            same = old.get(item) is False and new.get(item) is False
        rows.append({"item": item, "recorded": old.get(item), "now": new.get(item),
                     "same": same})
    return pd.DataFrame(rows, columns=["item", "recorded", "now", "same"])


# ----------------------------------------------------------------------------- record.json


def json_safe(value: Any) -> Any:
    """A copy of ``value`` that :func:`json.dumps` accepts as strict JSON.

    Numpy scalars become Python numbers (or booleans), tuples lists, keys strings and NaN or
    infinite floats None.

    Examples
    --------
    >>> json_safe({"a": np.float64(1.5), "b": (1, float("nan")), 3: np.int64(2),
    ...            "c": np.bool_(True)})
    {'a': 1.5, 'b': [1, None], '3': 2, 'c': True}
    """
    if isinstance(value, dict):
        return {str(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_safe(v) for v in value]
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def _write_atomically(path: Path, text: str) -> Path:
    partial = path.with_name(path.name + ".partial")
    partial.write_text(text, encoding="utf-8")
    os.replace(partial, path)
    return path


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
    text = json.dumps(json_safe(record), indent=2, sort_keys=True) + "\n"
    return _write_atomically(Path(directory) / RECORD_NAME, text)


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
    >>> record["format"], record["experiment"], record["seeds"], record["resumed"]
    (2, {'name': 'demo'}, [0, 1], [])
    >>> sorted(record)
    ['experiment', 'format', 'git_commit', 'git_dirty', 'platform', 'qnnlab_version', 'resumed',
     'seeds', 'started', 'versions']
    """
    return {
        "format": RECORD_FORMAT,
        **environment(),
        "experiment": raw_config,
        "seeds": list(seeds),
        "started": utc_now(),
        "resumed": [],
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
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise ValueError(f"{path} is not valid JSON: {error}") from None
    if not isinstance(record, dict) or record.get("format") != RECORD_FORMAT:
        found = record.get("format") if isinstance(record, dict) else None
        raise ValueError(f"{path} is not a qnnlab benchmark record of format {RECORD_FORMAT} "
                         f"(found format {found!r}); records of older layouts carry no "
                         "integrity hashes: run the experiment again with this qnnlab")
    version = record.get("qnnlab_version")
    if check_version and version != qnnlab.__version__:
        raise ValueError(
            f"{path} was written by qnnlab {version}, but this is qnnlab {qnnlab.__version__}: "
            f"results may differ between versions. Install qnnlab {version} to reproduce it, or "
            "run the experiment again with this version."
        )
    return record


# ----------------------------------------------------------------------------- jobs.jsonl


def short_hash(value: Any) -> str:
    """16 hex digits of the SHA-256 of ``value`` as canonical JSON (sorted keys, no spaces).

    The one hash of job specs (:func:`qnnlab.bench.protocol.job_key`) and results rows
    (:func:`row_hash`); values JSON cannot write are written as ``str(value)``.

    Examples
    --------
    >>> short_hash({"a": 1, "b": [2]}) == short_hash({"b": [2], "a": 1}), len(short_hash(0))
    (True, 16)
    """
    text = json.dumps(value, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def row_hash(row: Mapping[str, Any]) -> str:
    """A short hash of one results row (canonical JSON of its JSON-safe values).

    Examples
    --------
    >>> row_hash({"a": 1.0, "b": float("nan")}) == row_hash({"b": None, "a": 1.0})
    True
    >>> row_hash({"a": 1.0}) == row_hash({"a": 1.5})
    False
    """
    return short_hash(json_safe(dict(row)))


@dataclass
class JobLines:
    """The readable job records of a ``jobs.jsonl`` text and the lines that were not.

    Attributes
    ----------
    records : dict
        Records by job key (a later record of a key replaces an earlier one).
    damaged : list of str
        One message per unreadable line, naming the line number and what is wrong.
    torn : bool
        True when the last line was cut short (no newline and not valid JSON: the process was
        killed while writing it).
    complete_length : int
        Bytes before a torn last line (the whole text otherwise).
    """

    records: dict[str, dict[str, Any]] = field(default_factory=dict)
    damaged: list[str] = field(default_factory=list)
    torn: bool = False
    complete_length: int = 0


def _line_problem(entry: Any) -> str | None:
    """What makes a parsed line not a job record (None when it is one)."""
    if not isinstance(entry, dict):
        return f"a JSON {type(entry).__name__ if entry is not None else 'null'}, not a job record"
    if not isinstance(entry.get("key"), str):
        return "a JSON object without a job 'key'"
    if not isinstance(entry.get("row"), dict):
        return f"job {entry['key']!r} has no results 'row'"
    stored = entry.get("row_sha256")
    if stored is not None and stored != row_hash(entry["row"]):
        return f"the row of job {entry['key']!r} does not match its row_sha256 (edited?)"
    return None


def parse_job_lines(data: bytes) -> JobLines:
    """Every readable job record of ``jobs.jsonl`` bytes; damaged lines are listed by number.

    A damaged line never hides the good records after it. A last line cut short by a kill is
    reported as ``torn`` (its job simply runs again).

    Examples
    --------
    >>> text = (b'{"key": "a", "row": {}}\\n{"key": "b", "ro\\nnull\\n{"row": {}}\\n'
    ...         b'{"key": "c", "row": {}}\\n{"key": "d", "r')
    >>> parsed = parse_job_lines(text)
    >>> sorted(parsed.records), parsed.torn  # "d" was cut short by a kill
    (['a', 'c'], True)
    >>> for message in parsed.damaged:
    ...     print(message)
    line 2: not valid JSON (...)
    line 3: a JSON null, not a job record
    line 4: a JSON object without a job 'key'
    """
    parsed = JobLines(complete_length=len(data))
    lines = data.splitlines(keepends=True)
    offset = 0
    for number, line in enumerate(lines, start=1):
        last = number == len(lines)
        try:
            entry = json.loads(line)
        except (json.JSONDecodeError, UnicodeDecodeError) as error:
            if last and not line.endswith(b"\n"):
                parsed.torn, parsed.complete_length = True, offset
                break
            if line.strip():
                parsed.damaged.append(f"line {number}: not valid JSON ({error})")
            offset += len(line)
            continue
        offset += len(line)
        problem = _line_problem(entry)
        if problem is not None:
            parsed.damaged.append(f"line {number}: {problem}")
        else:
            parsed.records[entry["key"]] = entry
    return parsed


# ----------------------------------------------------------------------------- results.csv


def results_csv(rows: Iterable[Mapping[str, Any]], columns: Sequence[str]) -> str:
    """The text of ``results.csv`` for ``rows``, exactly as it is rebuilt from ``jobs.jsonl``.

    Rows go through JSON first (the form ``jobs.jsonl`` stores), so that a file written from
    the jobs of this process and one rebuilt later from the stored records are byte-identical.

    Examples
    --------
    >>> print(results_csv([{"job_key": "a", "accuracy": np.float64(0.5), "x": 1}],
    ...                   ["job_key", "accuracy"]), end="")
    job_key,accuracy
    a,0.5
    """
    normal = json.loads(json.dumps(json_safe([dict(r) for r in rows])))
    return pd.DataFrame(normal, columns=list(columns)).to_csv(index=False)


def _as_text_table(text: str) -> pd.DataFrame:
    return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)


def _cells_hash(cells: Mapping[str, str]) -> str:
    return hashlib.sha256(json.dumps(list(cells.items())).encode()).hexdigest()[:16]


def results_fingerprint(text: str) -> dict[str, Any]:
    """What ``record.json`` keeps of a ``results.csv`` text: its hash, columns and row hashes.

    Examples
    --------
    >>> text = results_csv([{"job_key": "a", "accuracy": 0.5}], ["job_key", "accuracy"])
    >>> fingerprint = results_fingerprint(text)
    >>> fingerprint["columns"], [key for key, _ in fingerprint["rows"]]
    (['job_key', 'accuracy'], ['a'])
    >>> fingerprint["sha256"] == hashlib.sha256(text.encode()).hexdigest()
    True
    """
    table = _as_text_table(text)
    return {"file": RESULTS_NAME, "sha256": hashlib.sha256(text.encode()).hexdigest(),
            "columns": list(table.columns), "n_rows": len(table),
            "rows": [[cells.get("job_key", ""), _cells_hash(cells)]
                     for cells in table.to_dict("records")]}


def write_results(directory: str | Path, rows: Iterable[Mapping[str, Any]],
                  columns: Sequence[str]) -> dict[str, Any]:
    """Write ``directory/results.csv`` atomically; return its fingerprint for the record.

    Examples
    --------
    >>> import tempfile
    >>> tmp = tempfile.TemporaryDirectory()
    >>> fingerprint = write_results(tmp.name, [{"job_key": "a", "accuracy": 0.5}],
    ...                             ["job_key", "accuracy"])
    >>> (Path(tmp.name) / "results.csv").read_text().splitlines(), fingerprint["n_rows"]
    (['job_key,accuracy', 'a,0.5'], 1)
    >>> tmp.cleanup()
    """
    text = results_csv(rows, columns)
    _write_atomically(Path(directory) / RESULTS_NAME, text)
    return results_fingerprint(text)


class ResultsMismatch(ValueError):
    """``results.csv`` does not match the run record it claims to come from."""


def _listed(problems: list[str]) -> str:
    shown = problems[:_MAX_LISTED]
    more = len(problems) - len(shown)
    return "; ".join(shown) + (f"; and {more} more" if more > 0 else "")


def _describe_row(cells: Mapping[str, str]) -> str:
    parts = [cells.get(c, "") for c in ("model", "dataset")]
    seed = cells.get("seed", "")
    return f"job {cells.get('job_key', '?')} ({', '.join(p for p in parts if p)}, seed {seed})"


def _short(text: str, limit: int = 60) -> str:
    return repr(text if len(text) <= limit else text[:limit] + "...")


def _cell_differences(found: Mapping[str, str], expected: Mapping[str, str]) -> list[str]:
    return [f"{column} is {_short(found[column])}, recorded {_short(value)}"
            for column, value in expected.items()
            if column in found and found[column] != value]


def _row_problems(table: pd.DataFrame, fingerprint: Mapping[str, Any],
                  expected: pd.DataFrame | None, columns_changed: bool) -> list[str]:
    """Duplicated, foreign, missing and changed rows (a changed row with the cells that differ
    from the job records, when those are at hand; rows that differ only by the columns
    already reported are not listed)."""
    recorded = dict(map(tuple, fingerprint["rows"]))
    keys = table["job_key"].tolist()
    problems = []
    duplicated = sorted({k for k in keys if keys.count(k) > 1})
    if duplicated:
        problems.append(f"{len(keys) - len(set(keys))} duplicate row(s) of job(s) "
                        f"{', '.join(duplicated[:_MAX_LISTED])}")
    foreign = [k for k in dict.fromkeys(keys) if k not in recorded]
    if foreign:
        problems.append(f"row(s) of job(s) not in the record: {', '.join(foreign[:_MAX_LISTED])}")
    missing = [k for k in recorded if k not in set(keys)]
    if missing:
        problems.append(f"{len(missing)} recorded job(s) missing: "
                        f"{', '.join(missing[:_MAX_LISTED])}")
    reference = (None if expected is None else
                 {cells["job_key"]: cells for cells in expected.to_dict("records")})
    for cells in table.drop_duplicates("job_key").to_dict("records"):
        key = cells["job_key"]
        if key not in recorded or _cells_hash(cells) == recorded[key]:
            continue
        changes = [] if reference is None else _cell_differences(cells, reference[key])
        if columns_changed and not changes:
            continue
        problems.append(f"the row of {_describe_row(cells)} was changed"
                        + (f" ({', '.join(changes)})" if changes else ""))
    if not problems and keys != list(recorded):
        problems.append("the rows are in another order than recorded")
    return problems


def _expected_table(directory: Path, fingerprint: Mapping[str, Any]) -> pd.DataFrame | None:
    """``results.csv`` rebuilt from ``jobs.jsonl``, when that reproduces the recorded hash."""
    path = directory / JOBS_NAME
    if not path.is_file():
        return None
    records = parse_job_lines(path.read_bytes()).records
    keys = [key for key, _ in fingerprint["rows"]]
    if not all(key in records for key in keys):
        return None
    text = results_csv([records[k]["row"] for k in keys], fingerprint["columns"])
    if hashlib.sha256(text.encode()).hexdigest() != fingerprint["sha256"]:
        return None
    return _as_text_table(text)


def _results_problems(directory: Path, text: str, fingerprint: Mapping[str, Any]) -> list[str]:
    """What differs between a results.csv text and its recorded fingerprint."""
    try:
        table = _as_text_table(text)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as error:
        return [f"it is not a readable CSV table ({str(error).splitlines()[0]})"]
    columns, recorded = list(table.columns), list(fingerprint["columns"])
    problems = []
    missing = [c for c in recorded if c not in columns]
    extra = [c for c in columns if c not in recorded]
    if missing:
        problems.append(f"column(s) deleted: {', '.join(missing)}")
    if extra:
        problems.append(f"column(s) not in the record: {', '.join(extra)}")
    if not missing and not extra and columns != recorded:
        problems.append("the columns are in another order than recorded")
    if "job_key" not in columns:
        return problems
    expected = _expected_table(directory, fingerprint)
    problems += _row_problems(table, fingerprint, expected, columns != recorded)
    return problems or ["its bytes differ from the recorded SHA-256 (formatting changed?)"]


def verify_results(directory: str | Path, record: Mapping[str, Any] | None = None) -> str:
    """Check ``directory/results.csv`` against its record; return the verified text.

    Raises
    ------
    FileNotFoundError
        When there is no ``results.csv`` (the run did not finish).
    ResultsMismatch
        (a ValueError) When the file is not the one the run wrote, naming what differs:
        deleted or added columns, duplicated, missing or foreign rows, and for every changed
        row the cells that differ from the job records in ``jobs.jsonl``.

    Examples
    --------
    >>> import tempfile
    >>> tmp = tempfile.TemporaryDirectory()
    >>> record = {"results": write_results(tmp.name, [{"job_key": "a", "model": "svc"}],
    ...                                    ["job_key", "model"])}
    >>> verify_results(tmp.name, record).splitlines()
    ['job_key,model', 'a,svc']
    >>> _ = (Path(tmp.name) / "results.csv").write_text("job_key,model\\na,svc\\na,svc\\n")
    >>> verify_results(tmp.name, record)
    Traceback (most recent call last):
    ...
    qnnlab.bench.record.ResultsMismatch: ...results.csv does not match its run record: 1 duplicate row(s) of job(s) a. ...
    >>> tmp.cleanup()
    """  # noqa: E501
    directory = Path(directory)
    record = load_record(directory, check_version=False) if record is None else record
    path = directory / RESULTS_NAME
    if not path.is_file():
        raise FileNotFoundError(f"No {RESULTS_NAME} in {str(directory)!r}; the run did not "
                                "finish: run the experiment into this folder again to resume")
    fingerprint = record.get("results")
    if not isinstance(fingerprint, dict) or not {"sha256", "columns", "rows"} <= set(fingerprint):
        raise ResultsMismatch(f"The record in {str(directory)!r} holds no fingerprint of "
                              f"{RESULTS_NAME}: the run did not finish, so its results cannot "
                              "be verified. Run the experiment into this folder again.")
    data = path.read_bytes()
    if hashlib.sha256(data).hexdigest() == fingerprint["sha256"]:
        return data.decode("utf-8")
    problems = _results_problems(directory, data.decode("utf-8", errors="replace"), fingerprint)
    raise ResultsMismatch(
        f"{path} does not match its run record: {_listed(problems)}. Refusing to use it. If "
        f"{JOBS_NAME} is intact, running the same experiment into this folder again rewrites "
        f"{RESULTS_NAME} from it without re-running any job."
    )


def read_results(directory: str | Path,
                 record: Mapping[str, Any] | None = None) -> pd.DataFrame:
    """The verified ``results.csv`` of a run as a table (text columns as text, '' if empty).

    Raises
    ------
    FileNotFoundError, ResultsMismatch
        As :func:`verify_results`.

    Examples
    --------
    >>> import tempfile
    >>> tmp = tempfile.TemporaryDirectory()
    >>> record = {"results": write_results(
    ...     tmp.name, [{"job_key": "a", "accuracy": 0.5, "error": None}],
    ...     ["job_key", "accuracy", "error"])}
    >>> read_results(tmp.name, record).values.tolist()
    [['a', 0.5, '']]
    >>> tmp.cleanup()
    """
    text = verify_results(directory, record)
    header = pd.read_csv(io.StringIO(text), nrows=0).columns
    text_columns = [c for c in TEXT_COLUMNS if c in header]
    frame = pd.read_csv(io.StringIO(text), dtype={c: str for c in text_columns})
    frame[text_columns] = frame[text_columns].fillna("")
    return frame


# ----------------------------------------------------------------------------- reproduce


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

"""Run an experiment's jobs here, on local processes or on a Dask cluster, and keep every result.

Every finished job is appended at once to ``jobs.jsonl`` in the output folder (one JSON line,
flushed and fsync'ed), so an interrupted run loses nothing; running the same experiment into the
same folder again skips the jobs already there (a job's key is the hash of its spec). Failed jobs
are recorded with their error and are not retried unless asked. When all jobs are done,
``results.csv`` (one row per job), ``record.json`` and ``report.html`` are written.

Examples
--------
>>> import tempfile, pathlib
>>> config = {"datasets": [{"name": "moons", "n_samples": 40}], "seeds": [0, 1], "cv": 3,
...           "models": [{"model": "logistic_regression"}, {"model": "svc_rbf"}]}
>>> out = pathlib.Path(tempfile.mkdtemp()) / "run"
>>> results = run(config, out=out, progress=False, write_report=False)
>>> len(results), sorted(p.name for p in out.iterdir())
(4, ['jobs.jsonl', 'record.json', 'results.csv'])
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from collections.abc import Iterable, Iterator, Mapping
from concurrent.futures import ProcessPoolExecutor, as_completed
from multiprocessing import get_context
from pathlib import Path
from typing import Any

import pandas as pd

from qnnlab._validation import check_positive_int
from qnnlab.bench import record as bench_record
from qnnlab.bench.config import Experiment, load_config
from qnnlab.bench.protocol import ROW_COLUMNS, expand_jobs, job_key, run_job

__all__ = ["JobStore", "ReproduceResult", "execute", "reproduce", "results_frame", "run"]

JOBS_NAME = "jobs.jsonl"
RESULTS_NAME = "results.csv"


class JobStore:
    """Finished job records, one JSON line each, in ``directory/jobs.jsonl`` (or in memory).

    Parameters
    ----------
    directory : path or None
        Output folder; None keeps the records in memory only (nothing survives the process).

    Examples
    --------
    >>> store = JobStore(None)
    >>> store.append({"key": "abc", "row": {"status": "ok"}})
    >>> list(store.load())
    ['abc']
    """

    def __init__(self, directory: str | Path | None) -> None:
        self.path = None if directory is None else Path(directory) / JOBS_NAME
        self._memory: list[dict[str, Any]] = []

    def load(self) -> dict[str, dict[str, Any]]:
        """Records by job key (the latest record of a key wins).

        A last line cut short by an interruption is dropped (and cut from the file), so that
        the next append starts on a fresh line.
        """
        if self.path is None:
            return {r["key"]: r for r in self._memory}
        if not self.path.exists():
            return {}
        records: dict[str, dict[str, Any]] = {}
        text = self.path.read_bytes()
        good_length = 0
        for line in text.splitlines(keepends=True):
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                break
            if not line.endswith(b"\n"):
                break
            records[entry["key"]] = entry
            good_length += len(line)
        if good_length < len(text):
            with self.path.open("r+b") as handle:
                handle.truncate(good_length)
        return records

    def append(self, record: dict[str, Any]) -> None:
        """Add one record and make it durable before returning."""
        if self.path is None:
            self._memory.append(record)
            return
        line = json.dumps(bench_record.json_safe(record), sort_keys=True) + "\n"
        with self.path.open("a", encoding="utf-8") as handle:
            handle.write(line)
            handle.flush()
            os.fsync(handle.fileno())


# ----------------------------------------------------------------------------- executors


def _init_worker() -> None:
    import torch

    torch.set_num_threads(1)


def _run_local(specs: list[dict[str, Any]], jobs: int) -> Iterator[dict[str, Any]]:
    if jobs == 1:
        for spec in specs:
            yield run_job(spec)
        return
    context = get_context("spawn")  # fork after torch/OpenMP start-up is unsafe
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context,
                             initializer=_init_worker) as pool:
        futures = [pool.submit(run_job, spec) for spec in specs]
        try:
            for future in as_completed(futures):
                yield future.result()
        finally:
            for future in futures:
                future.cancel()


def _run_dask(specs: list[dict[str, Any]], client: Any) -> Iterator[dict[str, Any]]:
    from distributed import as_completed as dask_completed

    futures = [client.submit(run_job, spec, key=f"qnnlab-bench-{job_key(spec)}", pure=False)
               for spec in specs]
    try:
        for future in dask_completed(futures):
            yield future.result()
    finally:
        client.cancel(futures)


def execute(specs: Iterable[dict[str, Any]], store: JobStore, *, jobs: int = 1,
            client: Any = None, progress: bool = True,
            retry_failed: bool = False) -> dict[str, dict[str, Any]]:
    """Run the jobs of ``specs`` not yet in ``store``; return every record by job key.

    Each record is appended to the store as soon as its job ends, whatever the order.

    Examples
    --------
    >>> from qnnlab.bench.protocol import expand_jobs
    >>> experiment = load_config({"datasets": [{"name": "moons", "n_samples": 40}], "cv": 3,
    ...                           "models": [{"model": "logistic_regression"}], "seeds": [0, 1]})
    >>> store = JobStore(None)  # in memory
    >>> records = execute(expand_jobs(experiment), store, progress=False)
    >>> [record["row"]["status"] for record in records.values()], len(store.load())
    (['ok', 'ok'], 2)
    """
    from tqdm.auto import tqdm

    specs = list(specs)
    done = store.load()
    todo = [s for s in specs if job_key(s) not in done
            or (retry_failed and done[job_key(s)]["row"]["status"] != "ok")]
    runner = _run_dask(todo, client) if client is not None else _run_local(todo, jobs)
    with tqdm(total=len(specs), initial=len(specs) - len(todo), desc="benchmark", unit="job",
              disable=not progress) as bar:
        for record in runner:
            store.append(record)
            done[record["key"]] = record
            bar.update(1)
            row = record["row"]
            bar.set_postfix_str(f"{row['dataset']} {row['variant']} seed {row['seed']}",
                                refresh=False)
    return done


def results_frame(specs: Iterable[dict[str, Any]],
                  records: Mapping[str, dict[str, Any]]) -> pd.DataFrame:
    """The tidy results table of ``specs`` (one row per job, in spec order).

    Examples
    --------
    >>> from qnnlab.bench.protocol import expand_jobs
    >>> experiment = load_config({"datasets": [{"name": "moons", "n_samples": 40}], "cv": 3,
    ...                           "models": [{"model": "logistic_regression"}], "seeds": [0, 1]})
    >>> specs = expand_jobs(experiment)
    >>> records = execute(specs, JobStore(None), progress=False)
    >>> results_frame(specs, records)[["model", "seed", "status", "accuracy"]]
                     model  seed status  accuracy
    0  logistic_regression     0     ok     0.875
    1  logistic_regression     1     ok     0.625
    """
    rows = [records[job_key(s)]["row"] for s in specs if job_key(s) in records]
    return pd.DataFrame(rows, columns=list(ROW_COLUMNS))


# ----------------------------------------------------------------------------- top level


def _check_out(out: str | Path) -> Path:
    """Refuse an output folder whose parent is missing, or a file, before any work."""
    out = Path(out)
    if not out.parent.is_dir():
        raise FileNotFoundError(f"The parent folder of --out {str(out)!r} does not exist: "
                                f"{str(out.parent)!r}")
    if out.exists() and not out.is_dir():
        raise ValueError(f"--out {str(out)!r} is a file, not a folder")
    return out


def _prepare_out(out: Path, experiment: Experiment) -> Path:
    """Create ``out``; refuse one that holds the results of another experiment."""
    out.mkdir(exist_ok=True)
    old = out / bench_record.RECORD_NAME
    if old.is_file():
        previous = bench_record.load_record(out, check_version=False)
        if previous.get("experiment") != bench_record.json_safe(experiment.raw):
            raise ValueError(f"{str(out)!r} holds the results of another experiment "
                             f"({previous.get('experiment', {}).get('name', '?')!r}); choose "
                             "another --out folder")
    return out


def _connect(client: Any) -> tuple[Any, bool]:
    """A Dask client for ``client`` (an address string or a client); True if we opened it."""
    if client is None or not isinstance(client, str):
        return client, False
    from distributed import Client

    return Client(client, timeout="20s"), True


def run(config_or_path: str | Path | Mapping[str, Any] | Experiment,
        out: str | Path | None = None, jobs: int = 1, client: Any = None,
        progress: bool = True, *, retry_failed: bool = False,
        write_report: bool = True) -> pd.DataFrame:
    """Run a benchmark experiment and return its tidy results (one row per job).

    Parameters
    ----------
    config_or_path : path, mapping or Experiment
        The experiment (a YAML file is read with ``yaml.safe_load``); validated first.
    out : path, optional
        Output folder (its parent must exist). Gets ``jobs.jsonl`` (appended as jobs finish),
        ``results.csv``, ``record.json`` and ``report.html``. Running again into the same
        folder resumes: finished jobs are skipped. None keeps everything in memory.
    jobs : int, default 1
        Local worker processes (each with one torch thread).
    client : dask.distributed.Client or str, optional
        Run the jobs on this Dask cluster (or on the scheduler at this address) instead.
    progress : bool, default True
        Show a progress bar over the jobs.
    retry_failed : bool, default False
        Run jobs recorded as failed again.
    write_report : bool, default True
        Write ``report.html`` at the end (needs ``out``).

    Returns
    -------
    pandas.DataFrame
        The rows of ``results.csv``.

    Examples
    --------
    >>> config = {"datasets": [{"name": "moons", "n_samples": 40}], "seeds": [0], "cv": 3,
    ...           "models": [{"model": "logistic_regression"}]}
    >>> results = run(config, progress=False)  # out=None: nothing is written
    >>> results[["model", "status", "accuracy", "n_parameters"]].values.tolist()
    [['logistic_regression', 'ok', 0.875, 3]]
    """
    jobs = check_positive_int("jobs", jobs)
    out = None if out is None else _check_out(out)
    experiment = load_config(config_or_path)
    directory = None if out is None else _prepare_out(out, experiment)
    specs = expand_jobs(experiment)
    record = bench_record.new_record(experiment.raw, experiment.seeds)
    dask_client, opened = _connect(client)
    record["execution"] = ({"mode": "dask", "scheduler": str(dask_client.scheduler.address)}
                           if dask_client is not None else
                           {"mode": "local", "processes": jobs})
    if directory is not None:
        bench_record.write_record(directory, record)
    start = time.perf_counter()
    try:
        records = execute(specs, JobStore(directory), jobs=jobs, client=dask_client,
                          progress=progress, retry_failed=retry_failed)
    finally:
        if opened:
            dask_client.close()
    results = results_frame(specs, records)
    if directory is not None:
        results.to_csv(directory / RESULTS_NAME, index=False)
        record.update(
            finished=bench_record.utc_now(),
            n_jobs=len(specs), n_failed=int((results["status"] != "ok").sum()),
            timings={"this_session_s": time.perf_counter() - start,
                     "job_seconds_total": float(sum(records[job_key(s)]["elapsed_s"]
                                                    for s in specs))},
        )
        bench_record.write_record(directory, record)
        if write_report:
            from qnnlab.bench.report import report

            report(directory)
    return results


class ReproduceResult:
    """Outcome of :func:`reproduce`: ``matches``, the per-metric ``table``, and a text summary.

    Examples
    --------
    >>> from qnnlab.bench.record import compare_results
    >>> results = pd.DataFrame({"job_key": ["a"], "status": ["ok"], "accuracy": [0.9]})
    >>> outcome = ReproduceResult(compare_results(results, results), Path("rerun"))
    >>> outcome, bool(outcome)
    (ReproduceResult(matches=True), True)
    >>> print(outcome.summary().splitlines()[-1])
    REPRODUCED: every compared metric matches.
    """

    def __init__(self, table: pd.DataFrame, directory: Path) -> None:
        self.table = table
        self.directory = directory
        self.matches = bool(table["matches"].all())

    def summary(self) -> str:
        """Plain-text table and verdict."""
        lines = [self.table.to_string(index=False), "",
                 "Timings are not compared (they vary from run to run).",
                 f"Reproduced run in {self.directory}.",
                 "REPRODUCED: every compared metric matches." if self.matches else
                 "NOT REPRODUCED: " + ", ".join(self.table.loc[~self.table["matches"],
                                                                "metric"]) + " differ."]
        return "\n".join(lines)

    def __bool__(self) -> bool:
        return self.matches

    def __repr__(self) -> str:
        return f"ReproduceResult(matches={self.matches})"


def reproduce(directory: str | Path, out: str | Path | None = None, jobs: int = 1,
              client: Any = None, progress: bool = True) -> ReproduceResult:
    """Re-run the experiment of a finished run and compare it, job by job, with its results.

    Parameters
    ----------
    directory : path
        The ``out`` folder of a finished :func:`run` (``record.json`` and ``results.csv``).
    out : path, optional
        Where the re-run goes; default: a new ``reproduce-*`` folder inside ``directory``.

    Returns
    -------
    ReproduceResult
        ``matches`` is True when every compared column agrees within
        :data:`qnnlab.bench.record.TOLERANCES` (see :mod:`qnnlab.bench.record` for why).

    Raises
    ------
    ValueError
        For a record of another qnnlab version.
    FileNotFoundError
        When the folder has no ``record.json`` or no ``results.csv``.

    Examples
    --------
    >>> import tempfile
    >>> config = {"datasets": [{"name": "moons", "n_samples": 40}], "seeds": [0], "cv": 3,
    ...           "models": [{"model": "logistic_regression"}]}
    >>> tmp = tempfile.TemporaryDirectory()
    >>> out = Path(tmp.name) / "run"
    >>> _ = run(config, out=out, progress=False, write_report=False)
    >>> reproduce(out, progress=False)
    ReproduceResult(matches=True)
    >>> tmp.cleanup()
    """
    directory = Path(directory)
    stored = bench_record.load_record(directory)
    results_path = directory / RESULTS_NAME
    if not results_path.is_file():
        raise FileNotFoundError(f"No {RESULTS_NAME} in {str(directory)!r}; the run did not finish")
    original = pd.read_csv(results_path)
    target = Path(out) if out is not None else Path(tempfile.mkdtemp(prefix="reproduce-",
                                                                     dir=directory))
    fresh = run(stored["experiment"], out=target, jobs=jobs, client=client, progress=progress,
                write_report=False)
    reread = pd.read_csv(target / RESULTS_NAME) if (target / RESULTS_NAME).is_file() else fresh
    return ReproduceResult(bench_record.compare_results(original, reread), target)

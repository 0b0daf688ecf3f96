"""Run an experiment's jobs here, on local processes or on a Dask cluster, and keep every result.

Every finished job is appended at once to ``jobs.jsonl`` in the output folder (one JSON line with
the hash of its results row, flushed and fsync'ed), so an interrupted run loses nothing; running
the same experiment into the same folder again skips the jobs already there (a job's key is the
hash of its spec). A damaged line in ``jobs.jsonl`` is reported by its number and its job runs
again; it never hides the records after it. Failed jobs are recorded with their error and are
not retried unless asked. When all jobs are done, ``results.csv`` (one row per job),
``record.json`` (with the hashes that :func:`qnnlab.bench.record.read_results` checks) and
``report.html`` are written.

Interrupts. Ctrl-C (SIGINT) stops a run within moments, whatever the job is doing: while a run
is in progress SIGINT raises an exception that no model code catches (``Trainer.fit`` keeps its
weights on a plain KeyboardInterrupt, which is right in a notebook but would let a cut-short job
be recorded as finished), local worker processes ignore SIGINT and are terminated by the run,
and :func:`run` then raises KeyboardInterrupt. The job that was cut short is not recorded, so a
resume runs it again. Worker processes also die with their parent when it is killed (SIGKILL
included; :func:`qnnlab._process.init_pool_worker`).

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

import contextlib
import json
import os
import shutil
import signal
import tempfile
import threading
import time
import warnings
from collections.abc import Iterable, Iterator, Mapping
from concurrent.futures import ProcessPoolExecutor, as_completed
from multiprocessing import get_context
from pathlib import Path
from typing import Any

import pandas as pd

import qnnlab
from qnnlab._process import init_pool_worker
from qnnlab._validation import check_positive_int
from qnnlab.bench import record as bench_record
from qnnlab.bench.config import Experiment, load_config
from qnnlab.bench.protocol import ROW_COLUMNS, expand_jobs, job_key, run_job
from qnnlab.bench.record import JOBS_NAME, RESULTS_NAME

__all__ = ["JobStore", "ReproduceResult", "execute", "reproduce", "results_frame", "run"]

#: Files a run writes into its --out folder (a folder holding any of them holds a run).
RUN_FILES = (bench_record.RECORD_NAME, JOBS_NAME, RESULTS_NAME, "report.html")


class JobStore:
    """Finished job records, one JSON line each, in ``directory/jobs.jsonl`` (or in memory).

    Parameters
    ----------
    directory : path or None
        Output folder; None keeps the records in memory only (nothing survives the process).

    Attributes
    ----------
    damaged : list of str
        The unreadable lines found by the last :meth:`load`, by line number.

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
        self.damaged: list[str] = []

    def load(self) -> dict[str, dict[str, Any]]:
        """Every readable record by job key (the latest record of a key wins).

        Damaged lines are reported (a RuntimeWarning naming each line number) and skipped;
        the records after them are kept, and the jobs of damaged lines run again. A last line
        cut short by an interruption is cut from the file, so that the next append starts on
        a fresh line.
        """
        if self.path is None:
            return {r["key"]: r for r in self._memory}
        if not self.path.exists():
            return {}
        data = self.path.read_bytes()
        parsed = bench_record.parse_job_lines(data)
        self.damaged = parsed.damaged
        if parsed.torn:
            with self.path.open("r+b") as handle:
                handle.truncate(parsed.complete_length)
        elif data and not data.endswith(b"\n"):
            with self.path.open("ab") as handle:  # a complete last line without its newline
                handle.write(b"\n")
        if parsed.damaged:
            warnings.warn(f"{self.path}: {len(parsed.damaged)} damaged line(s) skipped, their "
                          f"jobs will run again: {'; '.join(parsed.damaged[:10])}",
                          RuntimeWarning, stacklevel=2)
        return parsed.records

    def append(self, record: dict[str, Any]) -> None:
        """Add one record (with the hash of its row) and make it durable before returning."""
        record = {**record, "row_sha256": bench_record.row_hash(record["row"])}
        if self.path is None:
            self._memory.append(record)
            return
        line = json.dumps(bench_record.json_safe(record), sort_keys=True) + "\n"
        with self.path.open("a", encoding="utf-8") as handle:
            handle.write(line)
            handle.flush()
            os.fsync(handle.fileno())


# ----------------------------------------------------------------------------- executors


def _stop_pool(pool: ProcessPoolExecutor, futures: list[Any]) -> None:
    """Stop a pool now: cancel what has not started, terminate the workers, do not wait."""
    for future in futures:
        future.cancel()
    # ProcessPoolExecutor has no public way to stop running calls before Python 3.14
    # (terminate_workers); without this, shutdown waits for every running job to end.
    workers = list((getattr(pool, "_processes", None) or {}).values())
    for worker in workers:
        if worker.is_alive():
            worker.terminate()
    pool.shutdown(wait=False, cancel_futures=True)
    for worker in workers:
        worker.join(timeout=5)


def _run_local(specs: list[dict[str, Any]], jobs: int) -> Iterator[dict[str, Any]]:
    if jobs == 1:
        for spec in specs:
            yield run_job(spec)
        return
    context = get_context("spawn")  # fork after torch/OpenMP start-up is unsafe
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=context,
                               initializer=init_pool_worker, initargs=(os.getpid(),))
    futures: list[Any] = []
    finished = False
    try:
        futures = [pool.submit(run_job, spec) for spec in specs]
        for future in as_completed(futures):
            yield future.result()
        finished = True
    finally:
        if finished:
            pool.shutdown(wait=True)
        else:  # interrupted, or a worker broke: do not wait for the running jobs
            _stop_pool(pool, futures)


class _RunInterrupted(BaseException):
    """Raised by the SIGINT handler of a run; not a KeyboardInterrupt, so no job catches it."""


@contextlib.contextmanager
def _interrupts_stop_the_run() -> Iterator[None]:
    """While active, SIGINT stops the run at once; it surfaces as KeyboardInterrupt.

    Only the main thread can handle signals; elsewhere this does nothing (no SIGINT reaches
    another thread anyway).
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum: int, frame: Any) -> None:
        raise _RunInterrupted

    previous = signal.signal(signal.SIGINT, handler)
    try:
        yield
    except _RunInterrupted:
        raise KeyboardInterrupt("benchmark run interrupted; finished jobs are kept") from None
    finally:
        signal.signal(signal.SIGINT, previous if previous is not None else signal.SIG_DFL)


def _run_dask(specs: list[dict[str, Any]], client: Any) -> Iterator[dict[str, Any]]:
    """Run the jobs on a Dask cluster, each in a process of its own on its worker.

    A Dask worker runs several tasks at once, in threads of one process. Jobs side by side in
    one process would take turns at the process-wide circuit lock (:mod:`qnnlab._concurrency`)
    and share process-wide settings (torch's thread count, the warnings filters that record a
    job's warnings). So each worker thread hands its job to a helper process of its own
    (:func:`~qnnlab._concurrency.run_in_thread_process`: started once, then reused): a worker
    with ``N`` threads runs ``N`` jobs side by side at single-threaded speed, and every job
    computes the numbers a local process computes. Dask worker resources (one qnnlab job per
    worker process) would keep jobs apart too, but only on workers started with them, and they
    would leave all threads but one idle.
    """
    from distributed import as_completed as dask_completed

    from qnnlab._concurrency import run_in_thread_process

    futures = [client.submit(run_in_thread_process, run_job, spec,
                             key=f"qnnlab-bench-{job_key(spec)}", pure=False)
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

    Each record is appended to the store as soon as its job ends, whatever the order. Ctrl-C
    (SIGINT, in the main thread) stops at once with KeyboardInterrupt: the job cut short is not
    recorded, the finished ones are.

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
    with _interrupts_stop_the_run(), contextlib.closing(runner), \
            tqdm(total=len(specs), initial=len(specs) - len(todo), desc="benchmark",
                 unit="job", disable=not progress) as bar:
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


def _not_resumable(out: Path, experiment: Experiment) -> tuple[str | None, dict[str, Any] | None]:
    """Why the run files in ``out`` cannot be resumed by ``experiment`` (None: they can)."""
    if not (out / bench_record.RECORD_NAME).is_file():
        return "another run (it has no record.json)", None
    try:
        previous = bench_record.load_record(out, check_version=False)
    except ValueError as error:
        return f"a run whose record cannot be used ({error})", None
    if previous.get("experiment") != bench_record.json_safe(experiment.raw):
        name = (previous.get("experiment") or {}).get("name", "?")
        return f"another experiment ({name!r})", None
    version = previous.get("qnnlab_version")
    if version != qnnlab.__version__:
        return (f"a run by qnnlab {version} (this is {qnnlab.__version__}; the jobs "
                "of one results table must come from one version)"), None
    return None, previous


def _move_aside(out: Path, names: list[str]) -> Path:
    """Move the run files ``names`` of ``out`` into a new ``replaced-*`` subfolder."""
    stamp = bench_record.utc_now().replace(":", "").replace("+0000", "Z")
    aside = Path(tempfile.mkdtemp(prefix=f"replaced-{stamp}-", dir=out))
    for name in names:
        shutil.move(str(out / name), str(aside / name))
    return aside


def _prepare_out(out: Path, experiment: Experiment, *, force: bool = False
                 ) -> dict[str, Any] | None:
    """Create ``out``; return the record of the run to resume there (None: a new run).

    A folder holding the files of another run (another experiment, another qnnlab version, or
    files without a usable record) is refused; with ``force`` they are moved into a
    ``replaced-*`` subfolder (nothing is deleted) and a new run starts.
    """
    out.mkdir(exist_ok=True)
    present = [name for name in RUN_FILES if (out / name).exists()]
    if not present:
        return None
    reason, previous = _not_resumable(out, experiment)
    if reason is None:
        return previous
    if not force:
        raise ValueError(f"{str(out)!r} holds the results of {reason}: {', '.join(present)}. "
                         "Choose another --out folder, or pass --force (force=True) to move "
                         "these files into a 'replaced-*' subfolder and start afresh")
    aside = _move_aside(out, present)
    warnings.warn(f"--force: the files of {reason} were moved to {str(aside)!r}", UserWarning,
                  stacklevel=3)
    return None


def _session_record(experiment: Experiment, previous: dict[str, Any] | None) -> dict[str, Any]:
    """The record of this session: a new one, or the resumed one with this resume added.

    A resume keeps the original start time and environment and appends ``{"at": time}`` to
    ``resumed``, with ``changes`` (item: [recorded, now]) when the environment differs; that
    is also warned about, since the jobs then come from two environments.
    """
    if previous is None:
        return bench_record.new_record(experiment.raw, experiment.seeds)
    table = bench_record.compare_environment(previous)
    changes = {row.item: [row.recorded, row.now] for row in table.itertuples()
               if row.recorded != row.now}
    previous.setdefault("resumed", []).append(
        {"at": bench_record.utc_now(), **({"changes": changes} if changes else {})})
    if changes:
        listed = "; ".join(f"{item}: {old} -> {new}" for item, (old, new) in changes.items())
        warnings.warn(f"Resuming a run started in another environment ({listed}); its jobs "
                      "now come from both (recorded under 'resumed' in record.json)",
                      UserWarning, stacklevel=3)
    return previous


def _connect(client: Any) -> tuple[Any, bool]:
    """A Dask client for ``client`` (an address string or a client); True if we opened it."""
    if client is None or not isinstance(client, str):
        return client, False
    from distributed import Client

    return Client(client, timeout="20s"), True


def run(config_or_path: str | Path | Mapping[str, Any] | Experiment,
        out: str | Path | None = None, jobs: int = 1, client: Any = None,
        progress: bool = True, *, retry_failed: bool = False,
        write_report: bool = True, force: bool = False) -> pd.DataFrame:
    """Run a benchmark experiment and return its tidy results (one row per job).

    Parameters
    ----------
    config_or_path : path, mapping or Experiment
        The experiment (a YAML file is read with ``yaml.safe_load``); validated first.
    out : path, optional
        Output folder (its parent must exist). Gets ``jobs.jsonl`` (appended as jobs finish),
        ``results.csv``, ``record.json`` and ``report.html``. Running the same experiment
        again into the same folder resumes: finished jobs are skipped, the original start
        time is kept. A folder holding another run's files is refused. None keeps everything
        in memory.
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
    force : bool, default False
        When ``out`` holds the files of another run, move them into a ``replaced-*``
        subfolder and start a new run there (nothing is deleted).

    Returns
    -------
    pandas.DataFrame
        The rows of ``results.csv``.

    Raises
    ------
    KeyboardInterrupt
        On Ctrl-C, within moments; finished jobs are kept in ``jobs.jsonl`` and the job that
        was cut short runs again on resume.

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
    previous = None if out is None else _prepare_out(out, experiment, force=force)
    specs = expand_jobs(experiment)
    record = _session_record(experiment, previous)
    dask_client, opened = _connect(client)
    record["execution"] = ({"mode": "dask", "scheduler": str(dask_client.scheduler.address)}
                           if dask_client is not None else
                           {"mode": "local", "processes": jobs})
    if out is not None:
        bench_record.write_record(out, record)
    start = time.perf_counter()
    try:
        records = execute(specs, JobStore(out), jobs=jobs, client=dask_client,
                          progress=progress, retry_failed=retry_failed)
    finally:
        if opened:
            dask_client.close()
    results = results_frame(specs, records)
    if out is not None:
        rows = [records[job_key(s)]["row"] for s in specs]
        record.update(
            results=bench_record.write_results(out, rows, ROW_COLUMNS),
            finished=bench_record.utc_now(),
            n_jobs=len(specs), n_failed=int((results["status"] != "ok").sum()),
            timings={"this_session_s": time.perf_counter() - start,
                     "job_seconds_total": float(sum(records[job_key(s)]["elapsed_s"]
                                                    for s in specs))},
        )
        bench_record.write_record(out, record)
        if write_report:
            from qnnlab.bench.report import report

            report(out)
    return results


def _environment_lines(environment: pd.DataFrame | None,
                       resumed: list[dict[str, Any]]) -> list[str]:
    """Plain-text lines on how the environment of the record and of the re-run differ."""
    if environment is None:
        return []
    lines = ["Environment (reported; it does not decide the verdict, differing numbers always "
             "fail):"]
    differs = environment[~environment["same"].astype(bool)]
    for row in differs.itertuples():
        if row.item == "uncommitted changes":
            lines.append(f"  uncommitted changes in the qnnlab checkout: recorded {row.recorded}"
                         f", now {row.now} (the commit alone does not identify that code)")
        else:
            lines.append(f"  {row.item}: recorded {row.recorded}, now {row.now}")
    if differs.empty:
        lines.append("  the same git commit (clean tree), package versions and platform")
    changed = [entry for entry in resumed if entry.get("changes")]
    if changed:
        lines.append(f"  the recorded run was resumed {len(changed)} time(s) in another "
                     "environment (see 'resumed' in record.json)")
    return lines


class ReproduceResult:
    """Outcome of :func:`reproduce`: ``matches``, the per-metric ``table``, and a text summary.

    ``environment`` (from :func:`qnnlab.bench.record.compare_environment`) says how the
    recorded environment and the re-run's differ; it is reported, but only the numbers decide
    ``matches``.

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

    def __init__(self, table: pd.DataFrame, directory: Path,
                 environment: pd.DataFrame | None = None,
                 resumed: list[dict[str, Any]] | None = None) -> None:
        self.table = table
        self.directory = directory
        self.environment = environment
        self.resumed = list(resumed or [])
        self.matches = bool(table["matches"].all())

    def summary(self) -> str:
        """Plain-text table, environment differences and verdict."""
        lines = [self.table.to_string(index=False), "",
                 "Timings are not compared (they vary from run to run).",
                 *_environment_lines(self.environment, self.resumed),
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

    The stored ``results.csv`` is first checked against its record
    (:func:`qnnlab.bench.record.read_results`); a file that does not match is refused before
    anything runs.

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
        :data:`qnnlab.bench.record.TOLERANCES` (see :mod:`qnnlab.bench.record` for why). Its
        ``environment`` table and summary name every difference of git commit, uncommitted
        changes, package versions and platform; these are reported, not refused.

    Raises
    ------
    ValueError
        For a record of another qnnlab version, or a ``results.csv`` that does not match its
        record (:class:`qnnlab.bench.record.ResultsMismatch`, naming what differs).
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
    original = bench_record.read_results(directory, stored)
    target = Path(out) if out is not None else Path(tempfile.mkdtemp(prefix="reproduce-",
                                                                     dir=directory))
    run(stored["experiment"], out=target, jobs=jobs, client=client, progress=progress,
        write_report=False)
    reread = bench_record.read_results(target)
    return ReproduceResult(bench_record.compare_results(original, reread), target,
                           bench_record.compare_environment(stored), stored.get("resumed"))

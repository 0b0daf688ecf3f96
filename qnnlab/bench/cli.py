"""``qnnlab bench run|report|reproduce``: the benchmark on the command line.

Examples
--------
>>> import argparse
>>> parser = argparse.ArgumentParser(prog="qnnlab")
>>> add_parser(parser.add_subparsers(dest="command"))
>>> args = parser.parse_args(["bench", "run", "quick.yaml", "--out", "out", "--jobs", "2"])
>>> args.config, args.out, args.jobs, args.dask
('quick.yaml', 'out', 2, None)
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

#: Exit status of a run stopped by Ctrl-C (128 + SIGINT, as shells report it).
EXIT_INTERRUPTED = 130
#: Exit status when every job of a run failed.
EXIT_ALL_FAILED = 1


def _failure_lines(results: Any, limit: int = 5) -> list[str]:
    """One line per distinct (model, error) of the failed jobs, most frequent first."""
    failed = results[results["status"] != "ok"]
    counts = failed.groupby(["variant", "error"], sort=False).size().sort_values(
        ascending=False, kind="stable")
    lines = [f"  {n} x {variant}: {str(error).splitlines()[0][:200]}"
             for (variant, error), n in counts.head(limit).items()]
    if len(counts) > limit:
        lines.append(f"  ... and {len(counts) - limit} other kinds of failure (see results.csv)")
    return lines


def _run(args: argparse.Namespace) -> int:
    from qnnlab.bench.execution import JobStore, run

    try:
        results = run(args.config, out=args.out, jobs=args.jobs, client=args.dask,
                      progress=not args.quiet, retry_failed=args.retry_failed,
                      force=args.force)
    except KeyboardInterrupt:
        kept = len(JobStore(args.out).load())
        print(f"qnnlab: interrupted; {kept} finished job(s) are kept in {args.out}/jobs.jsonl. "
              "Run the same command again to resume (the job that was cut short runs again).",
              file=sys.stderr)
        return EXIT_INTERRUPTED
    failed = int((results["status"] != "ok").sum())
    where = f"results in {args.out}/results.csv, report in {args.out}/report.html"
    if failed and failed == len(results):
        print(f"qnnlab: error: every job failed ({failed} of {len(results)}); {where}",
              *_failure_lines(results), sep="\n", file=sys.stderr)
        return EXIT_ALL_FAILED
    if failed:
        print(f"qnnlab: warning: {failed} of {len(results)} jobs failed (their models are "
              "missing from the comparison):", *_failure_lines(results), sep="\n",
              file=sys.stderr)
    print(f"{len(results)} jobs ({failed} failed); {where}")
    return 0


def _report(args: argparse.Namespace) -> int:
    from qnnlab.bench.report import report

    print(report(args.directory, correction=args.correction))
    return 0


def _reproduce(args: argparse.Namespace) -> int:
    from qnnlab.bench.execution import reproduce

    outcome = reproduce(args.directory, out=args.out, jobs=args.jobs, client=args.dask,
                        progress=not args.quiet)
    print(outcome.summary())
    return 0 if outcome.matches else 1


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be an integer >= 1; got {text!r}")
    return value


def _add_execution_options(parser: argparse.ArgumentParser) -> None:
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--jobs", "-j", type=_positive, default=1,
                       help="local worker processes (default 1)")
    where.add_argument("--dask", metavar="ADDRESS", default=None,
                       help="run on the Dask scheduler at ADDRESS, e.g. tcp://127.0.0.1:8786")
    parser.add_argument("--quiet", "-q", action="store_true", help="no progress bar")


def add_parser(subparsers: Any) -> None:
    """Register ``bench`` and its sub-commands on the ``qnnlab`` parser.

    Examples
    --------
    >>> parser = argparse.ArgumentParser(prog="qnnlab")
    >>> add_parser(parser.add_subparsers(dest="command"))
    >>> args = parser.parse_args(["bench", "report", "results/quick"])
    >>> args.bench_command, args.directory, callable(args.func)
    ('report', 'results/quick', True)
    """
    bench = subparsers.add_parser("bench", help="benchmark hybrid models against baselines",
                                  description="Benchmark hybrid quantum models against tuned "
                                  "classical baselines.")
    commands = bench.add_subparsers(dest="bench_command", required=True)

    run = commands.add_parser(
        "run", help="run an experiment (YAML) into a folder",
        description="Run an experiment into a folder. Exit status: 0 when at least one job "
        "succeeded (failed jobs are listed on stderr), 1 when every job failed, 2 for bad "
        "input, 130 when interrupted (Ctrl-C; run again to resume).")
    run.add_argument("config", help="experiment YAML file")
    run.add_argument("--out", required=True,
                     help="output folder (the same experiment resumes there; another run's "
                     "folder is refused)")
    run.add_argument("--retry-failed", action="store_true", help="run failed jobs again")
    run.add_argument("--force", action="store_true",
                     help="if --out holds another run's files, move them into a 'replaced-*' "
                     "subfolder and start afresh (default: refuse)")
    _add_execution_options(run)
    run.set_defaults(func=_run)

    report = commands.add_parser("report", help="(re)write DIR/report.html")
    report.add_argument("directory", help="output folder of a run")
    report.add_argument("--correction", choices=("holm", "bonferroni", "none"), default="holm",
                        help="correction of the p-values for multiple comparisons (default: "
                        "holm), named in the report")
    report.set_defaults(func=_report)

    reproduce = commands.add_parser(
        "reproduce", help="re-run a finished run and compare; exit 1 on a mismatch",
        description="Check DIR/results.csv against its record (refused, exit 2, if it was "
        "edited), re-run the experiment and compare job by job. Exit 1 when numbers differ; "
        "differences of git commit, uncommitted changes and package versions are reported.")
    reproduce.add_argument("directory", help="output folder of a finished run")
    reproduce.add_argument("--out", default=None,
                           help="folder of the re-run (default: DIR/reproduce-*)")
    _add_execution_options(reproduce)
    reproduce.set_defaults(func=_reproduce)

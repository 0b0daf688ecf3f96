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
from typing import Any


def _run(args: argparse.Namespace) -> int:
    from qnnlab.bench.execution import run

    results = run(args.config, out=args.out, jobs=args.jobs, client=args.dask,
                  progress=not args.quiet, retry_failed=args.retry_failed)
    failed = int((results["status"] != "ok").sum())
    print(f"{len(results)} jobs ({failed} failed); results in {args.out}/results.csv, report in "
          f"{args.out}/report.html")
    return 0


def _report(args: argparse.Namespace) -> int:
    from qnnlab.bench.report import report

    print(report(args.directory))
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

    run = commands.add_parser("run", help="run an experiment (YAML) into a folder")
    run.add_argument("config", help="experiment YAML file")
    run.add_argument("--out", required=True, help="output folder (resumed if it exists)")
    run.add_argument("--retry-failed", action="store_true", help="run failed jobs again")
    _add_execution_options(run)
    run.set_defaults(func=_run)

    report = commands.add_parser("report", help="(re)write DIR/report.html")
    report.add_argument("directory", help="output folder of a run")
    report.set_defaults(func=_report)

    reproduce = commands.add_parser(
        "reproduce", help="re-run a finished run and compare; exit 1 on a mismatch")
    reproduce.add_argument("directory", help="output folder of a finished run")
    reproduce.add_argument("--out", default=None,
                           help="folder of the re-run (default: DIR/reproduce-*)")
    _add_execution_options(reproduce)
    reproduce.set_defaults(func=_reproduce)

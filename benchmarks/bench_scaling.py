"""Scaling out: a benchmark sweep on one Dask worker with 1, 2 and 4 threads, as speed-up ratios.

Each worker thread hands its jobs to a helper process of its own
(:func:`qnnlab._concurrency.run_in_thread_process`), so ``N`` threads should run ``N`` jobs side
by side, up to the number of free cores. The script starts a ``LocalCluster`` (one worker
process, bound to 127.0.0.1) per thread count, starts the worker's helper processes first (their
start-up, a few seconds of imports, is paid once per worker thread and is not what is measured),
then times the sweep and checks that its results equal those of the one-thread run (timings
apart). Thread counts are visited in the order 1, 2, 4, then back (4, 2, 1) with ``--repeat 2``,
so that a change of load hits all of them; the median is reported.

Usage::

    python benchmarks/bench_scaling.py            # benchmarks/experiments/quick.yaml (16 jobs)
    python benchmarks/bench_scaling.py --quick    # its moons half (8 jobs)
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import time
from pathlib import Path
from typing import Any

import distributed
import pandas as pd
import yaml

from qnnlab._concurrency import run_in_thread_process
from qnnlab.bench import run

QUICK_YAML = Path(__file__).resolve().parent / "experiments" / "quick.yaml"
TIMING = ["search_time_s", "train_time_s", "inference_time_s"]


def experiment(quick: bool) -> dict[str, Any]:
    """quick.yaml, or with ``quick`` its first dataset only."""
    config = yaml.safe_load(QUICK_YAML.read_text())
    if quick:
        config["datasets"] = config["datasets"][:1]
    return config


def start_helpers(client: distributed.Client, n_threads: int) -> None:
    """Start the helper process of every worker thread (tasks that overlap take all threads)."""
    futures = [client.submit(run_in_thread_process, time.sleep, 2.0, pure=False)
               for _ in range(n_threads)]
    client.gather(futures)


def timed_sweep(config: dict[str, Any], n_threads: int) -> tuple[float, pd.DataFrame]:
    """Seconds of the sweep on one worker with ``n_threads`` threads, and its results."""
    with distributed.LocalCluster(n_workers=1, threads_per_worker=n_threads, processes=True,
                                  host="127.0.0.1", dashboard_address="127.0.0.1:0") as cluster:
        with distributed.Client(cluster) as client:
            start_helpers(client, n_threads)
            start = time.perf_counter()
            results = run(config, client=client, progress=False)
            return time.perf_counter() - start, results


def comparable(results: pd.DataFrame) -> pd.DataFrame:
    return pd.read_csv(io.StringIO(results.drop(columns=TIMING).to_csv(index=False)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="8 jobs instead of 16")
    parser.add_argument("--repeat", type=int, default=1, help="passes over 1, 2, 4 threads")
    parser.add_argument("--threads", type=int, nargs="+", default=[1, 2, 4])
    args = parser.parse_args(argv)
    config = experiment(args.quick)
    print(f"cores: {os.cpu_count()}, load average before: "
          f"{' / '.join(f'{x:.1f}' for x in os.getloadavg())}", flush=True)
    seconds: dict[int, list[float]] = {n: [] for n in args.threads}
    reference = None
    for rep in range(args.repeat):
        order = args.threads if rep % 2 == 0 else args.threads[::-1]
        for n_threads in order:
            elapsed, results = timed_sweep(config, n_threads)
            assert (results["status"] == "ok").all(), results[["model", "error"]]
            if reference is None:
                reference = comparable(results)
            pd.testing.assert_frame_equal(comparable(results), reference)  # same numbers
            seconds[n_threads].append(elapsed)
            print(f"  {n_threads} thread(s): {elapsed:6.1f} s  (load "
                  f"{os.getloadavg()[0]:.1f})", flush=True)
    base = statistics.median(seconds[args.threads[0]])
    print(f"\n{len(reference)} jobs; results identical for every thread count\n")
    print("| worker threads | sweep (median s) | speed-up vs 1 thread |")
    print("|---|---|---|")
    for n_threads in args.threads:
        median = statistics.median(seconds[n_threads])
        print(f"| {n_threads} | {median:.1f} | {base / median:.2f}x |")
    print(f"\nload average after: {' / '.join(f'{x:.1f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

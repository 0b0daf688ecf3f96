"""How responsive is the Playground? Headless timings of the live loop, as ratios to targets.

Measured in the default configuration (moons, 200 points, angle encoding, strongly entangling,
4 qubits, 2 layers, batch 32), programmatically (no browser; widget messages are serialised as in
a kernel, then dropped):

* first update: time from the Train button's click handler to the first figure refresh
  (target: under 1 s), median and worst over a few fresh Playgrounds;
* refresh rate: figure refreshes per second while the asyncio training loop runs for a few
  seconds (target: at least 5 per second; the Playground caps it at 10);
* pause latency: time from the Pause click to the end of the loop (one mini-batch at most);
* share of the loop spent redrawing, mini-batches per second, and the cost of a slider move on
  the ansatz picker (cached and uncached resource counts).

The Playground runs torch with one intra-op thread while it computes (``torch_threads=1``); the
table also shows the mini-batch rate with the process's own thread count, for comparison.

Usage: ``python benchmarks/bench_playground.py [--seconds 3] [--repeats 3] [--threads N]``
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time

import torch

from qnnlab.widgets import AnsatzPicker, Playground
from qnnlab.widgets.pickers import circuit_resources

DEFAULTS = {"training": {"epochs": 200}}  # long enough that the loop never finishes by itself


async def _first_update() -> float:
    pg = Playground(**DEFAULTS)
    before = pg.redraw_count
    start = time.perf_counter()
    pg.train_button.click()
    while pg.redraw_count == before:
        await asyncio.sleep(0)
    elapsed = time.perf_counter() - start
    pg.pause_button.click()
    await pg.wait()
    return elapsed


async def _live_loop(seconds: float, torch_threads: int | None = 1) -> dict[str, float]:
    pg = Playground(**DEFAULTS, torch_threads=torch_threads)
    session = pg.session
    redraw_time = 0.0
    original = pg.redraw

    def timed_redraw(full: bool = False) -> None:
        nonlocal redraw_time
        t0 = time.perf_counter()
        original(full)
        redraw_time += time.perf_counter() - t0

    pg.redraw = timed_redraw  # type: ignore[method-assign]
    pg.train_button.click()
    await asyncio.sleep(0.5)  # warm-up: the first backward passes are slower
    redraws0, time0, epoch0 = pg.redraw_count, redraw_time, session.epoch
    steps0 = session.trainer.steps
    t0 = time.perf_counter()
    await asyncio.sleep(seconds)
    wall = time.perf_counter() - t0
    redraws, drawing = pg.redraw_count - redraws0, redraw_time - time0
    steps = session.trainer.steps - steps0
    pause_start = time.perf_counter()
    pg.pause_button.click()
    await pg.wait()
    pause_latency = time.perf_counter() - pause_start
    return {"refreshes_per_s": redraws / wall, "redraw_share": drawing / wall,
            "steps_per_s": steps / wall, "epochs_per_s": (session.epoch - epoch0) / wall,
            "pause_latency_s": pause_latency, "redraw_cost_s": drawing / max(redraws, 1)}


def _slider_moves(n: int = 10) -> tuple[float, float]:
    picker = AnsatzPicker()
    circuit_resources.cache_clear()
    t0 = time.perf_counter()
    for layers in range(3, 3 + n):
        picker.layers_slider.value = layers
    uncached = (time.perf_counter() - t0) / n
    t0 = time.perf_counter()
    for layers in range(3, 3 + n):
        picker.layers_slider.value = layers
    cached = (time.perf_counter() - t0) / n
    return uncached, cached


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0, help="length of the live run")
    parser.add_argument("--repeats", type=int, default=3, help="first-update measurements")
    parser.add_argument("--threads", type=int, default=None, help="torch intra-op threads")
    args = parser.parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)
    Playground()  # imports and first circuit compilations, not part of any measurement
    firsts = [asyncio.run(_first_update()) for _ in range(args.repeats)]
    live = asyncio.run(_live_loop(args.seconds))
    process_threads = asyncio.run(_live_loop(args.seconds / 2, torch_threads=None))
    uncached, cached = _slider_moves()
    rows = [
        ("first update after Train, median", f"{statistics.median(firsts):.3f} s", "< 1 s",
         statistics.median(firsts) / 1.0),
        ("first update after Train, worst", f"{max(firsts):.3f} s", "< 1 s", max(firsts) / 1.0),
        ("figure refreshes per second", f"{live['refreshes_per_s']:.1f} /s", ">= 5 /s",
         5.0 / max(live["refreshes_per_s"], 1e-9)),
        ("cost of one refresh", f"{live['redraw_cost_s'] * 1e3:.1f} ms", "", None),
        ("share of the loop spent redrawing", f"{live['redraw_share']:.0%}", "", None),
        ("mini-batches per second", f"{live['steps_per_s']:.1f} /s", "", None),
        (f"  same with torch's {torch.get_num_threads()} threads",
         f"{process_threads['steps_per_s']:.1f} /s", "", None),
        ("epochs per second", f"{live['epochs_per_s']:.2f} /s", "", None),
        ("Pause click -> loop stopped", f"{live['pause_latency_s'] * 1e3:.0f} ms", "", None),
        ("ansatz slider move, new circuit", f"{uncached * 1e3:.1f} ms", "", None),
        ("ansatz slider move, cached counts", f"{cached * 1e3:.1f} ms", "", None),
    ]
    print("Playground responsiveness (moons 200 points, angle encoding, strongly entangling, "
          f"4 qubits, 2 layers, batch 32; torch_threads=1, process default "
          f"{torch.get_num_threads()})")
    print(f"{'measure':38s} {'value':>10s}  {'target':>8s}  {'ratio to target':>15s}")
    for name, value, target, ratio in rows:
        shown = "" if ratio is None else f"{ratio:.2f} {'ok' if ratio <= 1 else 'MISSED'}"
        print(f"{name:38s} {value:>10s}  {target:>8s}  {shown:>15s}")


if __name__ == "__main__":
    main()

"""How responsive is the Playground? Headless timings of the live loop, as ratios to targets.

Measured in the default configuration (moons, 200 points, angle encoding, strongly entangling,
4 qubits, 2 layers, batch 32), programmatically (no browser; widget messages are serialised as in
a kernel, then dropped):

* first update: time from the Train button's click handler to the first figure refresh
  (target: under 1 s), median and worst over a few fresh Playgrounds;
* refresh rate: figure refreshes per second while the asyncio training loop runs for a few
  seconds (target: at least 5 per second; the Playground caps it at 10);
* pause latency: time from the Pause click to the end of the loop (one mini-batch at most);
* the views inside the model (issue 11): how often the per-qubit heatmaps and the Fourier panel
  are refreshed while training (at most once a second; the Bloch spheres at every refresh) and
  what one such refresh costs; how soon the circuit analyses beside the ansatz picker appear
  for a precomputed entry, and how long a new one takes in the background;
* share of the loop spent redrawing, mini-batches per second, and the cost of a slider move on
  the ansatz picker (cached and uncached resource counts).

The Playground runs torch with one intra-op thread while it computes (``torch_threads=1``); the
table also shows the mini-batch rate with the process's own thread count, for comparison.

In a real browser (headless Chromium at /usr/bin/chromium, through Playwright) against
``qnnlab playground``, at the default settings and at the most qubits the Playground's cost model
allows (other settings default):

* page to usable: from navigation to an enabled Train button, with a preheated kernel ready
  (the server quiet between two openings), median and worst of ``--repeats``;
* Train to first update: from the click to the first change of the figure on screen;
* refreshes per second: animation frames in which the figure changed while training for
  ``--seconds`` (a DOM mutation observer; what the learner sees, whatever plotly did); also
  with the views inside the model shown (their own figure updates at most once a second);
* Pause latency: from the click event in the page to the Pause button greyed out (the
  controls answer), and to "Paused after epoch" on screen (the last picture drawn), timed in
  the page (Playwright's own waits for a busy page to become clickable are not counted);
* memory per open tab: the page's kernel, resident when idle and its peak (VmHWM).

Usage: ``python benchmarks/bench_playground.py [--seconds 3] [--repeats 3] [--threads N]
[--mode headless|browser|both]``
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import psutil
import torch

from qnnlab.widgets import AnsatzPicker, Playground
from qnnlab.widgets.app import free_port
from qnnlab.widgets.insight import HEAVY_INTERVAL, InsightPanel
from qnnlab.widgets.pickers import MAX_QUBITS, circuit_resources

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


async def _live_loop(seconds: float, torch_threads: int | None = 1,
                     inside: bool = False) -> dict[str, float]:
    pg = Playground(**DEFAULTS, torch_threads=torch_threads)
    pg.model_views.toggle.value = inside  # the views inside the model (off by default)
    session = pg.session
    redraw_time = 0.0
    original = pg.redraw

    def timed_redraw(full: bool = False) -> None:
        nonlocal redraw_time
        t0 = time.perf_counter()
        original(full)
        redraw_time += time.perf_counter() - t0

    pg.redraw = timed_redraw  # type: ignore[method-assign]
    heavy_draws = 0
    draw_views = pg.model_views.draw

    def counted_draw(data: Any) -> None:
        nonlocal heavy_draws
        heavy_draws += data.maps is not None
        draw_views(data)

    pg.model_views.draw = counted_draw  # type: ignore[method-assign]
    pg.train_button.click()
    await asyncio.sleep(0.5)  # warm-up: the first backward passes are slower
    redraws0, time0, epoch0 = pg.redraw_count, redraw_time, session.epoch
    heavy0 = heavy_draws
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
            "pause_latency_s": pause_latency, "redraw_cost_s": drawing / max(redraws, 1),
            "heavy_per_s": (heavy_draws - heavy0) / wall,
            "heavy_cost_s": pg.model_views.heavy_cost}


def _analyses_latency() -> tuple[float, float]:
    """Seconds until the analysis card shows a table entry, and a computed one (in chunks)."""
    panel = InsightPanel()
    t0 = time.perf_counter()
    panel.show({"ansatz": "hardware_efficient", "n_qubits": 5, "n_layers": 3})
    table = time.perf_counter() - t0

    async def computed() -> float:
        t0 = time.perf_counter()
        panel.show({"ansatz": "hardware_efficient", "n_qubits": 4, "n_layers": 2,
                    "ansatz_options": {"entangler": "CZ"}})
        await panel.wait()
        return time.perf_counter() - t0

    return table, asyncio.run(computed())


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


# --- In a real browser, against ``qnnlab playground`` ----------------------------------------


def _watch(figure: str, log: str) -> str:
    """JavaScript: log in ``window[log]`` (performance.now()) the animation frames in which the
    plotly div ``figure`` changed on screen: what the learner sees as a refresh, however plotly
    applied it (restyle, relayout or a full redraw). True once watching; watched only once."""
    return f"""() => {{ const gd = {figure};
    if (!gd || gd.__benchWatched) return !!gd;
    window.{log} = []; gd.__benchWatched = true; let changed = false;
    new MutationObserver(() => {{ changed = true; }}).observe(
        gd, {{subtree: true, childList: true, attributes: true, characterData: true}});
    const frame = () => {{ if (changed) {{ window.{log}.push(performance.now());
        changed = false; }} requestAnimationFrame(frame); }};
    requestAnimationFrame(frame); return true; }}"""


#: The plotly div with the loss curves, and its refreshes.
_FIGURE = ("[...document.querySelectorAll('.js-plotly-plot')]"
           ".find(g => g.data?.some(t => t.meta === 'quantum train loss'))")
_WATCH = _watch(_FIGURE, "__redraws")
#: The figure inside the model (the second plotly plot): drawn, and its changes logged.
_INSIDE = "document.querySelectorAll('.js-plotly-plot')[1]"
_INSIDE_DRAWN = f"() => {_INSIDE}?.data?.find(t => t.meta === 'paths')?.x?.length > 0"
_WATCH_INSIDE = _watch(_INSIDE, "__insideRedraws")
_KERNEL_ID = "JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId"
_TRAIN_ENABLED = ("() => [...document.querySelectorAll('button')].some(b => "
                  "/Train/.test(b.textContent) && !b.disabled)")
#: JavaScript: note when the Pause button (the argument) is clicked and when it greys out.
_TIME_PAUSE = """(button) => {
    window.__pauseClicked = undefined; window.__pauseAnswered = undefined;
    button.addEventListener('click', () => { window.__pauseClicked = performance.now(); },
                            {capture: true, once: true});
    const observer = new MutationObserver(() => {
        if (button.disabled && window.__pauseClicked !== undefined) {
            window.__pauseAnswered = performance.now(); observer.disconnect(); } });
    observer.observe(button, {attributes: true}); }"""
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
#: The Playground's buttons by their label (plotly's mode bar has a "Reset axes" button too).
TRAIN, PAUSE, RESET = (re.compile(rf"^\W*{name}$") for name in ("Train", "Pause", "Reset"))
#: The epochs slider's maximum.
MAX_EPOCHS = 200


class PlaygroundServer:
    """``qnnlab playground`` in its own session, its log in a file; stopped on exit."""

    def __init__(self, folder: Path) -> None:
        self.log = folder / "playground.log"
        port = free_port()
        env = {**os.environ, "JUPYTER_CONFIG_DIR": str(folder / "cfg"),
               "JUPYTER_RUNTIME_DIR": str(folder / "rt"), "PYTHONUNBUFFERED": "1"}
        with open(self.log, "w") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "qnnlab.cli", "playground", "--no-browser", "--port",
                 str(port)], stdout=out, stderr=subprocess.STDOUT, env=env,
                start_new_session=True)
        self.url = self._wait_for(r"qnnlab Playground: (\S+)")

    def text(self) -> str:
        return self.log.read_text(errors="replace")

    def _wait_for(self, pattern: str, count: int = 1, timeout: float = 300) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = re.findall(pattern, self.text())
            if len(found) >= count:
                return found[-1]
            if self.process.poll() is not None:
                raise RuntimeError(f"qnnlab playground exited:\n{self.text()[-3000:]}")
            time.sleep(0.2)
        raise RuntimeError(f"no {pattern!r} x{count} in the server log within {timeout} s")

    def wait_for_pool(self, fills: int, timeout: float = 600) -> None:
        """Wait until the pool has been filled ``fills`` times and every kernel is idle.

        Voila reports the pool filled once the kernel started, while it still runs the
        notebook; a preheated kernel is ready when it stops using the CPU.
        """
        self._wait_for(r"Kernel pool of \S+ is filled", count=fills)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            kernels = [p for p in psutil.Process(self.process.pid).children(recursive=True)
                       if "ipykernel" in " ".join(p.cmdline())]
            before = sum(sum(k.cpu_times()[:2]) for k in kernels)
            time.sleep(2.0)
            if kernels and sum(sum(k.cpu_times()[:2]) for k in kernels) - before < 0.1:
                return
        raise RuntimeError(f"the kernels did not go idle within {timeout} s")

    def kernel(self, kernel_id: str) -> psutil.Process:
        for process in psutil.Process(self.process.pid).children(recursive=True):
            if f"kernel-{kernel_id}.json" in " ".join(process.cmdline()):
                return process
        raise LookupError(f"no process for kernel {kernel_id}")

    def __enter__(self) -> PlaygroundServer:
        return self

    def __exit__(self, *exc: object) -> None:
        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=60)


def _mib(n_bytes: int) -> float:
    return n_bytes / 2**20


def _peak_rss(process: psutil.Process) -> int:
    """The kernel's peak resident memory so far (VmHWM), in bytes."""
    for line in Path(f"/proc/{process.pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    return process.memory_info().rss


def _open_usable(browser, url: str) -> tuple[Any, float]:
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.set_default_timeout(300_000)
    start = time.perf_counter()
    page.goto(url)
    page.wait_for_function(_TRAIN_ENABLED)
    return page, time.perf_counter() - start


def _train_pause(page, seconds: float) -> dict[str, float]:
    """Train: first figure update, refreshes per second over ``seconds``, Pause latency."""
    page.wait_for_function(_WATCH)
    clicked = page.evaluate("performance.now()")
    page.get_by_role("button", name=TRAIN).click()
    page.wait_for_function(f"() => window.__redraws.some(t => t > {clicked})")
    first = page.evaluate(f"window.__redraws.find(t => t > {clicked})")
    page.wait_for_timeout(seconds * 1000)
    redraws = page.evaluate(f"window.__redraws.filter(t => t >= {first}).length")
    elapsed = (page.evaluate("performance.now()") - first) / 1000
    pause_button = page.get_by_role("button", name=PAUSE)
    if not pause_button.is_enabled():
        raise RuntimeError("training ended before Pause: raise the epochs or lower --seconds")
    handle = pause_button.element_handle()
    # Timed in the page, from the click event to Pause greyed out (training has stopped):
    # what the learner sees, without Playwright's own waits for a busy page to be clickable.
    page.evaluate(_TIME_PAUSE, handle)
    pause_button.click()
    page.wait_for_function("() => window.__pauseAnswered !== undefined")
    controls = page.evaluate("(window.__pauseAnswered - window.__pauseClicked) / 1000")
    page.get_by_text(re.compile(r"Paused after epoch")).first.wait_for()
    pause = page.evaluate("(performance.now() - window.__pauseClicked) / 1000")
    return {"first_update_s": (first - clicked) / 1000, "refreshes_per_s": redraws / elapsed,
            "pause_controls_s": controls, "pause_s": pause, "first_ms": first}


def heaviest_allowed_qubits(settings: dict[str, Any] | None = None) -> int:
    """The most qubits the Playground's cost model allows, other settings at their defaults."""
    playground = Playground()
    base = playground.settings() if settings is None else settings
    allowed = base["ansatz"]["n_qubits"]
    for n_qubits in range(allowed + 1, MAX_QUBITS + 1):
        trial = {**base, "ansatz": {**base["ansatz"], "n_qubits": n_qubits}}
        if not playground.make_plan(trial).allowed:
            break
        allowed = n_qubits
    return allowed


def browser_measurements(repeats: int, seconds: float) -> list[tuple[str, str, str, Any]]:
    """Rows measured in headless Chromium against ``qnnlab playground``."""
    from playwright.sync_api import sync_playwright

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "browser"))
    from playground_page import set_slider  # what the browser tests do with a slider

    heavy_qubits = heaviest_allowed_qubits()
    rows: list[tuple[str, str, str, Any]] = []
    with tempfile.TemporaryDirectory() as tmp, PlaygroundServer(Path(tmp)) as server, \
            sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                             args=["--no-sandbox", "--disable-gpu"])
        opens = []
        for fill in range(1, repeats + 1):
            server.wait_for_pool(fill)  # a preheated kernel is ready, as on a quiet server
            page, seconds_to_usable = _open_usable(browser, server.url)
            page.get_by_text("Ready: press Train.").first.wait_for()
            opens.append(seconds_to_usable)
            if fill < repeats:
                page.close(run_before_unload=True)
        kernel = server.kernel(page.evaluate(_KERNEL_ID))
        idle_rss = kernel.memory_info().rss
        set_slider(page, "epochs", MAX_EPOCHS)  # a run long enough to measure, then Pause
        page.get_by_text(f"/ {MAX_EPOCHS}").first.wait_for()
        default = _train_pause(page, seconds)
        print("default settings:", default, flush=True)
        default_peak = _peak_rss(kernel)
        page.get_by_role("button", name=RESET).click()
        page.get_by_text("Ready: press Train.").first.wait_for()
        page.locator(".qnnlab-inside input[type=checkbox]").check()  # the views inside the model
        page.wait_for_function(_INSIDE_DRAWN)
        page.evaluate(_WATCH_INSIDE)
        inside = _train_pause(page, seconds)
        inside["inside_per_s"] = page.evaluate(
            f"window.__insideRedraws.filter(t => t >= {inside['first_ms']}).length") / seconds
        print("views inside shown:", inside, flush=True)
        page.locator(".qnnlab-inside input[type=checkbox]").uncheck()
        page.get_by_role("button", name=RESET).click()
        set_slider(page, "qubits", heavy_qubits)
        page.wait_for_timeout(500)
        page.get_by_text("Ready: press Train.").first.wait_for()
        heavy = _train_pause(page, seconds)
        heavy_peak = _peak_rss(kernel)
        browser.close()
    rows += [
        ("page to usable Train, median", f"{statistics.median(opens):.1f} s", "<= 5 s",
         statistics.median(opens) / 5.0),
        ("page to usable Train, worst", f"{max(opens):.1f} s", "<= 5 s", max(opens) / 5.0),
    ]
    rows += [
        ("[views inside shown] refreshes per second", f"{inside['refreshes_per_s']:.1f} /s",
         ">= 5 /s", 5.0 / max(inside["refreshes_per_s"], 1e-9)),
        # a 3-D scene's redraw spans several animation frames: not a count of updates (the
        # kernel sends at most one a second while training; tests/test_insight.py)
        ("[views inside shown] frames the views changed in", f"{inside['inside_per_s']:.1f} /s",
         "", None),
        ("[views inside shown] Pause -> controls answer", f"{inside['pause_controls_s']:.2f} s",
         "<= 0.5 s", inside["pause_controls_s"] / 0.5),
    ]
    for name, result, peak in (("default", default, default_peak),
                               (f"{heavy_qubits} qubits", heavy, heavy_peak)):
        rows += [
            (f"[{name}] Train -> first figure update", f"{result['first_update_s']:.2f} s",
             "< 1 s", result["first_update_s"] / 1.0),
            (f"[{name}] refreshes per second", f"{result['refreshes_per_s']:.1f} /s",
             ">= 5 /s", 5.0 / max(result["refreshes_per_s"], 1e-9)),
            (f"[{name}] Pause -> controls answer", f"{result['pause_controls_s']:.2f} s",
             "<= 0.5 s", result["pause_controls_s"] / 0.5),
            (f"[{name}] Pause -> 'Paused' shown (last picture drawn)", f"{result['pause_s']:.2f} s",
             "", None),
            (f"[{name}] kernel peak memory (VmHWM)", f"{_mib(peak):.0f} MiB", "", None),
        ]
    rows.append(("kernel memory, page open, idle", f"{_mib(idle_rss):.0f} MiB", "", None))
    return rows


def _print_table(rows: list[tuple[str, str, str, Any]]) -> None:
    print(f"{'measure':42s} {'value':>10s}  {'target':>8s}  {'ratio to target':>15s}")
    for name, value, target, ratio in rows:
        shown = "" if ratio is None else f"{ratio:.2f} {'ok' if ratio <= 1 else 'MISSED'}"
        print(f"{name:42s} {value:>10s}  {target:>8s}  {shown:>15s}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0, help="length of the live run")
    parser.add_argument("--repeats", type=int, default=3, help="first-update measurements")
    parser.add_argument("--threads", type=int, default=None, help="torch intra-op threads")
    parser.add_argument("--mode", choices=("headless", "browser", "both"), default="both",
                        help="headless loop, real browser against qnnlab playground, or both")
    args = parser.parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)
    if args.mode != "headless":
        rows = browser_measurements(args.repeats, args.seconds)
        print(f"Playground in headless Chromium against qnnlab playground "
              f"({time.strftime('%Y-%m-%d %H:%M')}, load {os.getloadavg()[0]:.1f}, "
              f"{os.cpu_count()} cores)")
        _print_table(rows)
        if args.mode == "browser":
            return
    Playground()  # imports and first circuit compilations, not part of any measurement
    firsts = [asyncio.run(_first_update()) for _ in range(args.repeats)]
    live = asyncio.run(_live_loop(args.seconds))
    inside = asyncio.run(_live_loop(args.seconds, inside=True))
    process_threads = asyncio.run(_live_loop(args.seconds / 2, torch_threads=None))
    uncached, cached = _slider_moves()
    table_s, computed_s = _analyses_latency()
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
        ("refreshes per second, inside views shown", f"{inside['refreshes_per_s']:.1f} /s",
         ">= 5 /s", 5.0 / max(inside["refreshes_per_s"], 1e-9)),
        ("  cost of one refresh (spheres included)", f"{inside['redraw_cost_s'] * 1e3:.1f} ms",
         "", None),
        (f"  heatmaps+Fourier refreshes (<= 1/{HEAVY_INTERVAL:g}s)",
         f"{inside['heavy_per_s']:.2f} /s", "", None),
        ("  cost of one heatmaps+Fourier refresh", f"{inside['heavy_cost_s'] * 1e3:.0f} ms", "",
         None),
        ("  mini-batches per second", f"{inside['steps_per_s']:.1f} /s", "", None),
        ("circuit analyses shown (table entry)", f"{table_s * 1e3:.1f} ms", "< 1 s", table_s),
        ("circuit analyses computed (not in table)", f"{computed_s:.2f} s", "", None),
    ]
    print("Playground responsiveness (moons 200 points, angle encoding, strongly entangling, "
          f"4 qubits, 2 layers, batch 32; torch_threads=1, process default "
          f"{torch.get_num_threads()})")
    _print_table(rows)


if __name__ == "__main__":
    main()

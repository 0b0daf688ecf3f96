"""Training speed: qnnlab's default path against three references, as ratios from one run.

One training epoch (200 moons samples, mini-batches of 32, Adam, float64, one torch thread) of
``HybridNet`` with the default circuit (angle encoding + strongly entangling ansatz, 2 layers),
through ``Trainer.run_epoch``, for

* ``default``      - the whole mini-batch broadcast through the QNode in one execution;
* ``sample_loop``  - the same QNode called once per sample and the outputs stacked
                     (what training looked like before broadcasting);
* ``handwritten``  - the hand-written batched torch simulator :mod:`qnnlab.statevector`
                     (noise-free only);
* ``classical``    - ``HybridNet(quantum=False)``: an MLP with about as many parameters,

at 4 and 8 qubits, noise-free and with depolarizing noise (p = 0.01 after every gate, which
runs on ``default.mixed``). Each time is the median over a few repetitions of the process's CPU
time (on a shared machine, time spent waiting for a core is not the code's cost; wall time is
shown as well), with the repetitions interleaved so that a change of the machine's load hits
every variant alike. Slow cases are timed on the first mini-batches and scaled up to 200 samples
(the table says how many samples were timed).

Targets (from the foundation issue): the default path is at least 20x faster than the sample
loop and within 4x of the hand-written simulation, at 4 and 8 qubits.

Usage::

    python benchmarks/bench_training.py            # full run, ~3 minutes
    python benchmarks/bench_training.py --quick    # ~30 s: fewer repetitions, no 8-qubit noise
    python benchmarks/bench_training.py --explore  # instead: QNode options, noisy batch widths
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from dataclasses import dataclass

import numpy as np
import pennylane as qml
import torch
from torch import nn

from qnnlab.circuits import CircuitConfig, circuit_function, init_weights, make_device
from qnnlab.datasets import load_dataset
from qnnlab.models import DTYPE, HybridNet, QuantumLayer
from qnnlab.statevector import simulate
from qnnlab.training import Trainer

N_SAMPLES = 200
BATCH_SIZE = 32
LEARNING_RATE = 0.05
NOISE_STRENGTH = 0.01
QUBITS = (4, 8)
NOISES = (None, "depolarizing")
VARIANTS = ("default", "sample_loop", "handwritten", "classical")
LOOP_TARGET = 20.0  # default at least 20x faster than the sample loop
HANDWRITTEN_TARGET = 4.0  # default at most 4x slower than the hand-written simulation


# --- the variants ------------------------------------------------------------------------------


class SampleLoopLayer(QuantumLayer):
    """The same QNode, called once per sample; the outputs are stacked into a batch."""

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        rows = [torch.stack([torch.as_tensor(v) for v in self.qnode(xi, self.weights)])
                for xi in x]
        return torch.stack(rows).to(DTYPE)


class HandWrittenLayer(QuantumLayer):
    """The same circuit and weights, run by :func:`qnnlab.statevector.simulate`."""

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return simulate(self.config, x, self.weights)


_LAYERS = {"sample_loop": SampleLoopLayer, "handwritten": HandWrittenLayer}


def build_model(variant: str, config: CircuitConfig, n_features: int = 2) -> HybridNet:
    """A ``HybridNet`` whose middle stage is the ``variant``'s (same initial weights)."""
    net = HybridNet(n_features, 2, config, quantum=variant != "classical", random_state=0)
    if variant in _LAYERS:
        layer = _LAYERS[variant](net.config, random_state=0)
        layer.load_state_dict(net.quantum_layer.state_dict())
        net.quantum_layer = layer
    return net


def applicable(variant: str, noise: str | None) -> bool:
    """The hand-written simulator is noise-free; everything else runs everywhere."""
    return not (variant == "handwritten" and noise is not None)


# --- timing ------------------------------------------------------------------------------------


@dataclass
class Case:
    """One (qubits, noise, variant) cell: how many samples to time, how often, and the result."""

    n_qubits: int
    noise: str | None
    variant: str
    n_timed: int
    repeats: int
    cpu_seconds: list[float]
    wall_seconds: list[float]

    @property
    def epoch_seconds(self) -> float:
        """Median CPU time of one epoch of ``N_SAMPLES`` samples (scaled from ``n_timed``).

        CPU time of this process, not wall time: on a machine shared with other work, the time
        spent waiting for a core is not the code's cost.
        """
        return statistics.median(self.cpu_seconds) * N_SAMPLES / self.n_timed

    @property
    def epoch_wall_seconds(self) -> float:
        """Median wall-clock time of one epoch, scaled like :attr:`epoch_seconds`."""
        return statistics.median(self.wall_seconds) * N_SAMPLES / self.n_timed


def plan(variant: str, n_qubits: int, noise: str | None, quick: bool) -> tuple[int, int] | None:
    """Samples to time and repetitions for one case (None: skipped in this mode)."""
    fast_repeats, slow_repeats = (2, 1) if quick else (5, 3)
    if noise is not None and n_qubits >= 8:
        # 8-qubit density matrices: ~0.25-1 s per sample and step; one repetition on a subset.
        if quick:
            return None
        if variant != "classical":
            return (BATCH_SIZE, 1) if variant == "default" else (8, 1)
    if variant == "sample_loop":
        n_timed = BATCH_SIZE if (quick or noise is not None) else 2 * BATCH_SIZE
        return n_timed, slow_repeats
    if noise is not None:
        return N_SAMPLES, slow_repeats
    return N_SAMPLES, fast_repeats


def make_trainer(model: nn.Module, X: torch.Tensor, y: torch.Tensor) -> Trainer:
    """Training data only (no evaluation at the end of an epoch): the time is training time."""
    return Trainer(model, nn.CrossEntropyLoss(), X, y, learning_rate=LEARNING_RATE,
                   batch_size=BATCH_SIZE, optimizer="adam", random_state=0)


def warm_up(model: nn.Module, X: torch.Tensor) -> None:
    """One forward and backward pass on two samples, so that one-off costs are not timed."""
    model(X[:2]).sum().backward()
    model.zero_grad()


@torch.no_grad()
def check_same_function(models: dict[str, nn.Module], X: torch.Tensor) -> None:
    """Every quantum variant must compute what the default path computes (same weights)."""
    if "default" not in models:
        return
    reference = models["default"](X)
    for variant, model in models.items():
        if variant != "classical" and not torch.allclose(model(X), reference, atol=1e-9):
            raise RuntimeError(f"The {variant!r} variant disagrees with the default path.")


def moons() -> tuple[torch.Tensor, torch.Tensor]:
    """200 moons samples, features scaled to [0, pi] (train and test parts together)."""
    X_train, X_test, y_train, y_test = load_dataset("moons", n_samples=N_SAMPLES, random_state=0)
    X = torch.tensor(np.concatenate([X_train, X_test]), dtype=DTYPE)
    y = torch.tensor(np.concatenate([y_train, y_test]), dtype=torch.long)
    return X, y


def run_setting(
    n_qubits: int, noise: str | None, X: torch.Tensor, y: torch.Tensor, quick: bool
) -> list[Case]:
    """Time every variant at one (qubits, noise) setting, repetitions interleaved."""
    config = CircuitConfig(n_qubits=n_qubits, noise=noise,
                           noise_strength=NOISE_STRENGTH if noise else 0.0)
    cases, trainers, models = [], [], {}
    for variant in VARIANTS:
        todo = plan(variant, n_qubits, noise, quick) if applicable(variant, noise) else None
        if todo is None:
            continue
        n_timed, repeats = todo
        model = models[variant] = build_model(variant, config)
        warm_up(model, X)
        cases.append(Case(n_qubits, noise, variant, n_timed, repeats, [], []))
        trainers.append(make_trainer(model, X[:n_timed], y[:n_timed]))
    check_same_function(models, X[:2])
    for rep in range(max((c.repeats for c in cases), default=0)):
        for case, trainer in zip(cases, trainers):
            if rep < case.repeats:
                cpu, wall = time.process_time(), time.perf_counter()
                trainer.run_epoch()
                case.cpu_seconds.append(time.process_time() - cpu)
                case.wall_seconds.append(time.perf_counter() - wall)
    return cases


# --- reporting ---------------------------------------------------------------------------------


def load_average() -> str:
    """The 1, 5 and 15 minute load averages (as ``uptime`` shows them)."""
    try:
        return ", ".join(f"{v:.2f}" for v in os.getloadavg())
    except OSError:
        return "unknown"


def header(mode: str) -> str:
    opt_einsum = "with" if torch.backends.opt_einsum.is_available() else "without"
    return (
        f"# bench_training ({mode} mode), "
        f"{time.strftime('%Y-%m-%d %H:%M')}\n"
        f"# {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
        f"load average {load_average()}; torch {torch.__version__} "
        f"({torch.get_num_threads()} thread, {opt_einsum} opt_einsum), "
        f"PennyLane {qml.__version__}\n"
        f"# one epoch: {N_SAMPLES} moons samples, batch {BATCH_SIZE}, Adam, float64; "
        f"noise = depolarizing p={NOISE_STRENGTH} after every gate (default.mixed)"
    )


def _noise_label(noise: str | None) -> str:
    return "none" if noise is None else f"{noise} {NOISE_STRENGTH}"


def table(cases: list[Case]) -> str:
    """Markdown table: seconds per epoch and each variant's time relative to the default path."""
    lines = [
        "| qubits | noise | variant | CPU s / epoch | x default | wall s / epoch | samples timed "
        "| repeats |",
        "|---:|---|---|---:|---:|---:|---:|---:|",
    ]
    for key in sorted({(c.n_qubits, c.noise is not None) for c in cases}):
        group = [c for c in cases if (c.n_qubits, c.noise is not None) == key]
        default = next((c for c in group if c.variant == "default"), None)
        for variant in VARIANTS:
            case = next((c for c in group if c.variant == variant), None)
            if case is None:
                lines.append(f"| {key[0]} | {_noise_label(group[0].noise)} | {variant} | n/a "
                             "| n/a | n/a | | |")
                continue
            ratio = case.epoch_seconds / default.epoch_seconds if default else float("nan")
            lines.append(
                f"| {case.n_qubits} | {_noise_label(case.noise)} | {variant} | "
                f"{case.epoch_seconds:.3f} | {ratio:.2f} | {case.epoch_wall_seconds:.3f} | "
                f"{case.n_timed} | {case.repeats} |"
            )
    return "\n".join(lines)


def verdicts(cases: list[Case]) -> str:
    """The issue's targets, one line each: measured ratio and whether it is met."""
    lines = []
    for n_qubits in QUBITS:
        for noise in NOISES:
            found = {c.variant: c for c in cases if c.n_qubits == n_qubits and c.noise == noise}
            if "default" not in found:
                continue
            default = found["default"].epoch_seconds
            where = f"{n_qubits} qubits, noise {_noise_label(noise)}"
            if "sample_loop" in found:
                speedup = found["sample_loop"].epoch_seconds / default
                met = "met" if speedup >= LOOP_TARGET else "NOT met"
                lines.append(f"- {where}: the sample loop takes {speedup:.1f}x the default "
                             f"path's time (target >= {LOOP_TARGET:.0f}x: {met})")
            if "handwritten" in found:
                slowdown = default / found["handwritten"].epoch_seconds
                met = "met" if slowdown <= HANDWRITTEN_TARGET else "NOT met"
                lines.append(f"- {where}: default takes {slowdown:.2f}x the hand-written "
                             f"simulation's time (target <= {HANDWRITTEN_TARGET:.0f}x: {met})")
    return "\n".join(lines)


# --- exploration: what could make the default path faster? ------------------------------------


def _median_step_ms(step, repeats: int = 7) -> float:
    # Median CPU milliseconds of ``step()`` after one untimed call.
    step()
    times = []
    for _ in range(repeats):
        start = time.process_time()
        step()
        times.append(time.process_time() - start)
    return 1e3 * statistics.median(times)


def explore_qnode_options(n_qubits: int) -> list[str]:
    """Forward + backward of one noise-free batch of 32 under different QNode settings."""
    cfg = CircuitConfig(n_qubits=n_qubits, n_features=2)
    x = torch.rand(BATCH_SIZE, 2, dtype=DTYPE, generator=torch.Generator().manual_seed(0))
    w = torch.tensor(init_weights(cfg, random_state=0), requires_grad=True)
    signs = torch.tensor(  # <Z_i> = sum_b probs[b] * (+1 if bit i of b is 0 else -1)
        [[1 - 2 * ((b >> (n_qubits - 1 - i)) & 1) for i in range(n_qubits)]
         for b in range(2**n_qubits)], dtype=DTYPE)

    def qnode(measure_config=cfg, **options):
        options.setdefault("interface", "auto")
        options.setdefault("diff_method", "backprop")
        return qml.QNode(circuit_function(measure_config), make_device(cfg), **options)

    variants = {
        "core: interface='auto', backprop": (qnode(), False),
        "interface='torch'": (qnode(interface="torch"), False),
        "interface='torch', cache=False": (qnode(interface="torch", cache=False), False),
        "one qml.probs, <Z> by a matmul": (qnode(cfg.replace(measurement="probs")), True),
        "hand-written simulate()": (None, False),
    }
    lines = []
    for name, (node, probs) in variants.items():
        def step(node=node, probs=probs):
            if node is None:
                out = simulate(cfg, x, w)
            elif probs:
                out = node(x, w) @ signs
            else:
                out = torch.stack(list(node(x, w)), dim=-1)
            out.sum().backward()
        lines.append(f"| {n_qubits} | {name} | {_median_step_ms(step):.1f} |")
    return lines


def explore_noisy_chunks(n_qubits: int, chunks: tuple[int, ...]) -> list[str]:
    """default.mixed: time per sample of one forward + backward, by broadcast width."""
    cfg = CircuitConfig(n_qubits=n_qubits, n_features=2, noise="depolarizing",
                        noise_strength=NOISE_STRENGTH)
    node = qml.QNode(circuit_function(cfg), make_device(cfg), diff_method="backprop")
    w = torch.tensor(init_weights(cfg, random_state=0), requires_grad=True)
    lines = []
    for chunk in chunks:
        x = torch.rand(chunk, 2, dtype=DTYPE, generator=torch.Generator().manual_seed(0))

        def step(x=x):
            torch.stack(list(node(x, w)), dim=-1).sum().backward()
        ms = _median_step_ms(step, repeats=1 if n_qubits >= 8 else 3)
        lines.append(f"| {n_qubits} | {chunk} | {ms:.0f} | {ms / chunk:.1f} |")
    return lines


def explore() -> str:
    out = ["", "## QNode options (noise-free, batch 32, one forward + backward)", "",
           "| qubits | setting | ms |", "|---:|---|---:|"]
    for n_qubits in QUBITS:
        out += explore_qnode_options(n_qubits)
    out += ["", "## default.mixed: cost per sample by broadcast width (forward + backward)", "",
            "| qubits | samples per execution | ms | ms / sample |", "|---:|---:|---:|---:|"]
    out += explore_noisy_chunks(6, (1, 4, 8, 32))
    out += explore_noisy_chunks(8, (1, 8, 16))
    return "\n".join(out)


# --- main --------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true",
                        help="fewer repetitions, smaller subsets, no 8-qubit noisy case")
    parser.add_argument("--explore", action="store_true",
                        help="instead, time QNode options and noisy broadcast widths (~1 min)")
    args = parser.parse_args(argv)
    torch.set_num_threads(1)
    mode = "explore" if args.explore else "quick" if args.quick else "full"
    print(header(mode), flush=True)
    if args.explore:
        print(explore())
        return 0
    X, y = moons()
    cases: list[Case] = []
    started = time.perf_counter()
    try:
        for n_qubits in QUBITS:
            for noise in NOISES:
                found = run_setting(n_qubits, noise, X, y, args.quick)
                cases += found
                for c in found:
                    print(f"#   {n_qubits} qubits, noise {_noise_label(noise)}, {c.variant}: "
                          f"{c.epoch_seconds:.3f} CPU s/epoch ({c.epoch_wall_seconds:.3f} wall)",
                          flush=True)
    except KeyboardInterrupt:
        print("# interrupted: the table shows the finished cases", flush=True)
    if args.quick:
        print("# --quick skips the 8-qubit noisy case (about 2 minutes); run without --quick")
    print(f"# total {time.perf_counter() - started:.0f} s; load average now {load_average()}\n")
    print(table(cases))
    print()
    print(verdicts(cases))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Noisy training speed: the fast density-matrix path against ``default.mixed``, as ratios.

One training epoch (200 moons samples, mini-batches of 32, Adam, float64, one torch thread) of
``HybridNet`` with the default circuit (angle encoding + strongly entangling ansatz, 2 layers)
and noise after every gate, through ``Trainer.run_epoch``, for two variants with the same
initial weights:

* ``fast``          - what ``CircuitConfig(noise=...)`` runs now: the Pauli-transfer simulator
                      :class:`qnnlab.densitymatrix.PauliTransferDevice` (fused channels, batched,
                      backprop);
* ``default.mixed`` - the same configuration with ``device="default.mixed"`` (what ran before).

at 4, 6 and 8 qubits, for depolarizing noise (p = 0.01) and for a device profile (compiled to
its native gates, with its gate, relaxation and readout noise). Before timing, the script checks
that both variants compute the same outputs from the same weights (to 1e-9), so the comparison
is of the same function. Times are the process's CPU time (time waiting for a core on a shared
machine is not the code's cost), medians over repetitions interleaved between the variants; slow
cases are timed on the first samples and scaled to 200 (the "samples timed" column).

Target (issue 14): the fast path at least 5x faster than ``default.mixed`` at 6-8 noisy qubits.

A second table times the compilation to a device profile: ``compile_to_profile`` compiles a
mini-batch once (``batch``) against the former path that compiled every sample apart
(``per sample``, ``per_sample=True``), one training epoch plus the scores of 200 points and a
15 x 15 decision surface (what a Playground epoch runs), after checking the same outputs.

Usage::

    python benchmarks/bench_noisy.py            # full run (several minutes)
    python benchmarks/bench_noisy.py --quick    # ~1 minute: fewer samples, one repetition
"""

from __future__ import annotations

import argparse
import functools
import os
import platform
import statistics
import sys
import time

import pennylane as qml
import torch
from bench_training import load_average, moons  # the same data and header as that benchmark
from torch import nn

import qnnlab.circuits
from qnnlab.circuits import CircuitConfig
from qnnlab.models import HybridNet
from qnnlab.training import Trainer

N_SAMPLES = 200
BATCH_SIZE = 32
QUBITS = (4, 6, 8)
TARGET = 5.0  # fast at least 5x faster than default.mixed at 6-8 qubits
VARIANTS = ("fast", "default.mixed")
SETTINGS = {
    "depolarizing 0.01": dict(noise="depolarizing", noise_strength=0.01),
    "profile trapped_ion": dict(profile="trapped_ion"),
}


def config_for(setting: str, n_qubits: int, variant: str) -> CircuitConfig:
    """The circuit of one setting; ``default.mixed`` forced for the reference variant."""
    config = CircuitConfig(n_qubits=n_qubits, **SETTINGS[setting])
    return config if variant == "fast" else config.replace(device="default.mixed")


def qubit_counts(setting: str, quick: bool) -> tuple[int, ...]:
    """Widths of one setting: a profile (compiled, default.mixed slow on it) at fewer."""
    if setting.startswith("profile"):
        return QUBITS[:1] if quick else QUBITS[:2]
    return QUBITS


def samples_timed(setting: str, n_qubits: int, quick: bool) -> int:
    """Samples per timed epoch: all 200, or the first batches where default.mixed is slow."""
    if setting.startswith("profile"):  # default.mixed on the compiled circuit is slow
        return 8 if quick else BATCH_SIZE
    if n_qubits >= 8:
        return 8 if quick else BATCH_SIZE
    return BATCH_SIZE if quick else N_SAMPLES


@torch.no_grad()
def check_same_function(models: dict[str, nn.Module], X: torch.Tensor) -> float:
    """The largest output difference between the variants (RuntimeError above 1e-9)."""
    fast, reference = (models[v](X) for v in VARIANTS)
    difference = float((fast - reference).abs().max())
    if difference > 1e-9:
        raise RuntimeError(f"fast and default.mixed disagree by {difference:.2e}")
    return difference


def run_setting(setting: str, n_qubits: int, X: torch.Tensor, y: torch.Tensor, quick: bool,
                repeats: int) -> dict:
    """CPU seconds per 200-sample epoch of both variants, repetitions interleaved."""
    n_timed = samples_timed(setting, n_qubits, quick)
    models = {v: HybridNet(2, 2, config_for(setting, n_qubits, v), random_state=0)
              for v in VARIANTS}
    difference = check_same_function(models, X[:4])
    trainers = {v: Trainer(m, nn.CrossEntropyLoss(), X[:n_timed], y[:n_timed],
                           learning_rate=0.05, batch_size=BATCH_SIZE, optimizer="adam",
                           random_state=0) for v, m in models.items()}
    seconds: dict[str, list[float]] = {v: [] for v in VARIANTS}
    for _ in range(repeats):
        for variant, trainer in trainers.items():
            start = time.process_time()
            trainer.run_epoch()
            seconds[variant].append(time.process_time() - start)
    per_epoch = {v: statistics.median(s) * N_SAMPLES / n_timed for v, s in seconds.items()}
    return {"setting": setting, "n_qubits": n_qubits, "n_timed": n_timed, "repeats": repeats,
            "difference": difference, **per_epoch}


COMPILE_CASES = (("toy_line", 4), ("trapped_ion", 4))
SURFACE_POINTS = 225


def profile_model(profile: str, n_qubits: int, per_sample: bool) -> HybridNet:
    """HybridNet on ``profile``; ``per_sample`` builds it with the former per-sample path."""
    config = CircuitConfig(n_qubits=n_qubits, profile=profile)
    compile_batch = qnnlab.circuits.compile_to_profile
    if per_sample:
        qnnlab.circuits.compile_to_profile = functools.partial(compile_batch, per_sample=True)
    try:
        return HybridNet(2, 2, config, random_state=0)
    finally:
        qnnlab.circuits.compile_to_profile = compile_batch


def run_compile(profile: str, n_qubits: int, X: torch.Tensor, y: torch.Tensor,
                quick: bool) -> dict:
    """CPU seconds of a Playground-like epoch, batch-compiled and per sample."""
    n_train = 32 if quick else 150
    models = {"batch": profile_model(profile, n_qubits, False),
              "per sample": profile_model(profile, n_qubits, True)}
    with torch.no_grad():
        difference = float((models["batch"](X[:8]) - models["per sample"](X[:8])).abs().max())
    if difference > 1e-12:
        raise RuntimeError(f"batch and per-sample compilation disagree by {difference:.2e}")
    surface = torch.rand(SURFACE_POINTS, 2, dtype=X.dtype,
                         generator=torch.Generator().manual_seed(0)) * 3 - 1
    seconds = {}
    for name, model in models.items():
        trainer = Trainer(model, nn.CrossEntropyLoss(), X[:n_train], y[:n_train],
                          learning_rate=0.05, batch_size=BATCH_SIZE, optimizer="adam",
                          random_state=0)
        start = time.process_time()
        trainer.run_epoch()
        with torch.no_grad():
            model(X)
            model(surface)
        seconds[name] = time.process_time() - start
    return {"profile": profile, "n_qubits": n_qubits, "n_train": n_train,
            "difference": difference, **seconds}


def compile_report(rows: list[dict]) -> str:
    """The compilation table."""
    lines = ["| qubits | profile | train samples | batch s / epoch | per sample s / epoch "
             "| speed-up | max output difference |", "|---:|---|---:|---:|---:|---:|---:|"]
    for r in rows:
        lines.append(f"| {r['n_qubits']} | {r['profile']} | {r['n_train']} | "
                     f"{r['batch']:.2f} | {r['per sample']:.2f} | "
                     f"{r['per sample'] / r['batch']:.1f}x | {r['difference']:.1e} |")
    return "\n".join(lines)


def report(rows: list[dict], mode: str) -> str:
    """The table and the verdict of every row at 6 and 8 qubits."""
    lines = [
        f"# bench_noisy ({mode} mode), {time.strftime('%Y-%m-%d %H:%M')}; "
        f"{platform.machine()}, {os.cpu_count()} CPUs, load average {load_average()}; "
        f"torch {torch.__version__} ({torch.get_num_threads()} thread), "
        f"PennyLane {qml.__version__}",
        f"# one epoch: {N_SAMPLES} moons samples, batch {BATCH_SIZE}, Adam, float64, "
        "angle + strongly_entangling, 2 layers; CPU seconds",
        "",
        "| qubits | noise | fast s / epoch | default.mixed s / epoch | speed-up | samples timed "
        "| repeats | max output difference |",
        "|---:|---|---:|---:|---:|---:|---:|---:|",
    ]
    verdicts = []
    for r in rows:
        ratio = r["default.mixed"] / r["fast"]
        lines.append(f"| {r['n_qubits']} | {r['setting']} | {r['fast']:.3f} | "
                     f"{r['default.mixed']:.3f} | {ratio:.1f}x | {r['n_timed']} | "
                     f"{r['repeats']} | {r['difference']:.1e} |")
        if r["n_qubits"] >= 6:
            met = "met" if ratio >= TARGET else "NOT met"
            verdicts.append(f"- {r['n_qubits']} qubits, {r['setting']}: {ratio:.1f}x "
                            f"(target >= {TARGET:.0f}x: {met})")
    return "\n".join(lines + [""] + verdicts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true",
                        help="fewer samples and one repetition (~1 minute)")
    parser.add_argument("--compile-only", action="store_true",
                        help="only the compilation table (batch against per sample)")
    args = parser.parse_args(argv)
    torch.set_num_threads(1)
    X, y = moons()
    compiled = [run_compile(profile, n, X, y, args.quick) for profile, n in COMPILE_CASES]
    print(compile_report(compiled), flush=True)
    if args.compile_only:
        return 0
    rows = []
    for setting in SETTINGS:
        for n_qubits in qubit_counts(setting, args.quick):
            slow = n_qubits >= 8 or setting.startswith("profile")
            repeats = 1 if args.quick or slow else 3
            rows.append(run_setting(setting, n_qubits, X, y, args.quick, repeats))
            print(report(rows[-1:], "row").splitlines()[-1 if n_qubits < 6 else -3],
                  file=sys.stderr, flush=True)
    print(report(rows, "quick" if args.quick else "full"))
    return 0


if __name__ == "__main__":
    sys.exit(main())

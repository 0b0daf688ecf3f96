"""Time the batched analyses against a naive per-sample loop (ratios, not absolute targets).

Run: ``python benchmarks/bench_analysis.py`` (under a minute on a laptop). Prints one row per
task: the batched time for the full workload, the naive loop's time for a small workload, and
the speed-up per sample.
"""

from __future__ import annotations

import time

import numpy as np
import pennylane as qml
import torch

from qnnlab.analysis import expressibility, gradient_variance
from qnnlab.analysis._common import ansatz_config, ansatz_state_qnode
from qnnlab.analysis.barren import global_cost
from qnnlab.models import DTYPE

ANSATZ = "strongly_entangling"
SCAN_ANSATZ = "hardware_efficient"
N_QUBITS, N_LAYERS, PAIRS = 4, 3, 5000
SCAN = (2, 4, 6, 8)
SCAN_LAYERS, SCAN_SAMPLES = 5, 200
NAIVE_SAMPLES = 40


def _timed(func, *args, **kwargs):
    start = time.perf_counter()
    func(*args, **kwargs)
    return time.perf_counter() - start


def naive_states(config, weights):
    """One QNode call per parameter vector (what the batched code avoids)."""
    qnode = ansatz_state_qnode(config, interface="numpy")
    return np.array([qnode(w[None, :])[0] for w in weights])


def naive_gradients(config, weights):
    """One forward and backward pass per parameter vector."""
    run = ansatz_state_qnode(config, interface="torch")
    grads = []
    for w in weights:
        t = torch.tensor(w[None, :], dtype=DTYPE, requires_grad=True)
        global_cost(run(t)).sum().backward()
        grads.append(t.grad[0, 0].item())
    return np.array(grads)


def main() -> None:
    rng = np.random.default_rng(0)
    expr_config = ansatz_config(ANSATZ, N_QUBITS, N_LAYERS)
    batched_expr = _timed(expressibility, ANSATZ, N_QUBITS, N_LAYERS, n_samples=PAIRS)
    naive_expr = _timed(naive_states, expr_config,
                        rng.uniform(0, 2 * np.pi, (2 * NAIVE_SAMPLES, expr_config.n_params)))
    batched_scan = _timed(gradient_variance, SCAN_ANSATZ, SCAN, SCAN_LAYERS,
                          n_samples=SCAN_SAMPLES)
    naive_scan = 0.0
    for n in SCAN:
        config = ansatz_config(SCAN_ANSATZ, n, SCAN_LAYERS)
        naive_scan += _timed(naive_gradients, config,
                             rng.uniform(0, 2 * np.pi, (NAIVE_SAMPLES, config.n_params)))
    rows = [
        (f"expressibility {ANSATZ} {N_QUBITS}q L={N_LAYERS}", 2 * PAIRS, batched_expr,
         2 * NAIVE_SAMPLES, naive_expr),
        (f"gradient variance {SCAN_ANSATZ} {SCAN[0]}-{SCAN[-1]}q L={SCAN_LAYERS}",
         SCAN_SAMPLES * len(SCAN), batched_scan, NAIVE_SAMPLES * len(SCAN), naive_scan),
    ]
    print(f"PennyLane {qml.__version__}, torch {torch.__version__}")
    header = (f"{'task':50s} {'circuits':>8s} {'batched s':>10s} {'naive circuits':>14s} "
              f"{'naive s':>8s} {'speed-up/sample':>15s}")
    print(header)
    print("-" * len(header))
    for name, n_batched, t_batched, n_naive, t_naive in rows:
        speedup = (t_naive / n_naive) / (t_batched / n_batched)
        print(f"{name:50s} {n_batched:8d} {t_batched:10.2f} {n_naive:14d} {t_naive:8.2f} "
              f"{speedup:14.0f}x")


if __name__ == "__main__":
    main()

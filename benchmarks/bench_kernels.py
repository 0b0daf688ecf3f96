"""Quantum kernel Gram matrices: qnnlab's broadcast path against the per-pair loop, as a ratio.

The Gram matrix of 200 samples with 4 features (one qubit each) for

* ``broadcast`` - :class:`qnnlab.families.IQPKernelClassifier`'s way: every sample's state
                  once (one broadcast execution of ``default.qubit`` per chunk), then overlaps;
* ``pair_loop`` - the reference implementation's way: one circuit
                  ``U(x_j)^dagger U(x_i)|0>`` per pair, the probability of ``|0000>``
                  (timed on the first ``--pairs`` pairs and scaled up to all 200 x 200).

Times are the process's CPU time (one torch thread), median of a few repetitions, so the
machine's load does not count. (The projected quantum kernel is computed the same way, from
per-sample expectations; it is not timed here.)

Target (issue 13): the broadcast Gram matrix in at most a few seconds, at least 20x faster
than the pair loop. Checks that both give the same entries.

Usage::

    python benchmarks/bench_kernels.py            # ~1 minute
    python benchmarks/bench_kernels.py --quick    # 100 pairs, 1 repetition (run_all.py's mode)
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable

import numpy as np
import pennylane as qml
import torch

from qnnlab.families.kernels import fidelity_gram, iqp_states

N_SAMPLES = 200
N_FEATURES = 4
REPEATS = 2
TARGET = 20.0


def cpu_seconds(fn: Callable[[], object], repeats: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeats):
        start = time.process_time()
        result = fn()
        times.append(time.process_time() - start)
    return statistics.median(times), result


def pair_loop(X: np.ndarray, n_pairs: int, repeats: int = 2) -> np.ndarray:
    wires = range(X.shape[1])

    @qml.qnode(qml.device("default.qubit", wires=X.shape[1]))
    def circuit(x1, x2):
        qml.IQPEmbedding(x1, wires=wires, n_repeats=repeats)
        qml.adjoint(qml.IQPEmbedding(x2, wires=wires, n_repeats=repeats))
        return qml.probs()

    pairs = [(i, j) for i in range(len(X)) for j in range(len(X))][:n_pairs]
    return np.array([float(circuit(X[i], X[j])[0]) for i, j in pairs])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=400, help="pairs timed in the loop")
    parser.add_argument("--repeats", type=int, default=REPEATS)
    parser.add_argument("--quick", action="store_true", help="100 pairs, 1 repetition")
    args = parser.parse_args(argv)
    if args.quick:
        args.pairs, args.repeats = 100, 1
    torch.set_num_threads(1)
    X = np.random.default_rng(0).uniform(-np.pi / 2, np.pi / 2, size=(N_SAMPLES, N_FEATURES))

    def broadcast() -> np.ndarray:
        states = iqp_states(X, repeats=2)
        return fidelity_gram(states, states)

    t_fast, gram = cpu_seconds(broadcast, args.repeats)
    t_loop, entries = cpu_seconds(lambda: pair_loop(X, args.pairs), args.repeats)
    t_loop_all = t_loop * N_SAMPLES**2 / args.pairs
    same = np.allclose(gram.ravel()[: args.pairs], entries, atol=1e-10)
    ratio = t_loop_all / t_fast
    load = ", ".join(f"{v:.2f}" for v in os.getloadavg())
    print(f"IQP fidelity Gram matrix, {N_SAMPLES} samples, {N_FEATURES} qubits (CPU seconds; "
          f"load average {load})")
    print(f"  broadcast  {t_fast:8.3f}")
    print(f"  pair_loop  {t_loop_all:8.3f}  (timed on {args.pairs} pairs, scaled to "
          f"{N_SAMPLES**2})")
    print(f"  ratio      {ratio:8.1f}x  (target >= {TARGET:.0f}x)   same entries: {same}")
    return 0 if same and ratio >= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())

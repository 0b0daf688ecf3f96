"""Measure batched executions and compare them with qnnlab.cost's estimates.

Run it after changing the simulator, the compiler (qnnlab.hardware.compile), PennyLane or
torch, and update the constants in ``qnnlab/cost.py`` if the ratios drift (the test suite
allows a factor of 3 on the memory and, for a device profile, on the time).

    .venv/bin/python benchmarks/calibrate_cost.py
"""

from __future__ import annotations

from qnnlab.cost import execution_cost, format_bytes, measure_execution

#: (qubits, layers, noise, batch, with gradients)
SIZES = [
    (2, 1, None, 32, True), (10, 2, None, 32, True), (12, 2, None, 32, True),
    (12, 2, None, 256, False), (14, 1, None, 8, True), (16, 1, None, 2, True),
    (4, 2, "depolarizing", 32, True), (6, 2, "depolarizing", 16, True),
    (7, 2, "depolarizing", 8, True), (6, 2, "depolarizing", 128, False),
]
#: (qubits, layers, device profile, batch, with gradients): compiled, then simulated noisy
PROFILE_SIZES = [
    (2, 2, "trapped_ion", 32, True), (4, 2, "toy_line", 1, True), (4, 2, "toy_line", 32, True),
    (4, 2, "toy_line", 1, False), (4, 2, "toy_line", 225, False),
    (6, 2, "trapped_ion", 32, True), (6, 2, "superconducting_grid", 225, False),
]


def main() -> None:
    print(f"{'qubits':>6} {'layers':>6} {'noise':>20} {'batch':>5} {'grad':>5} "
          f"{'peak':>10} {'estimate':>10} {'ratio':>6} {'seconds':>8} {'estimate':>8}")
    rows = [(*size, None) for size in SIZES]
    rows += [(n, layers, None, batch, grad, profile)
             for n, layers, profile, batch, grad in PROFILE_SIZES]
    for n_qubits, n_layers, noise, batch, grad, profile in rows:
        measured = measure_execution(n_qubits, n_layers, batch, noise=noise, grad=grad,
                                     profile=profile)
        cost = execution_cost(n_qubits, measured["n_ops"], batch,
                              noisy=noise is not None or profile is not None, grad=grad,
                              compiled_ops=measured["compiled_ops"])
        ratio = cost.peak_bytes / max(measured["peak_bytes"], 1)
        print(f"{n_qubits:>6} {n_layers:>6} {profile or noise or 'none':>20} {batch:>5} "
              f"{grad!s:>5} {format_bytes(measured['peak_bytes']):>10} "
              f"{format_bytes(cost.peak_bytes):>10} {ratio:>6.2f} {measured['seconds']:>8.3f} "
              f"{cost.seconds:>8.3f}")


if __name__ == "__main__":
    main()

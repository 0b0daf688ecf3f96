"""Readout-error mitigation by confusion-matrix inversion, with what it costs.

A readout error turns the true outcome probabilities ``p`` of one qubit into the reported ones
``M @ p``, where the *confusion matrix* ``M[read, true]`` is measured by calibration: prepare
``|0...0>`` and ``|1...1>``, measure each many times (two extra circuits per calibration,
*tensored*: one 2x2 matrix per qubit, assuming independent readout errors; a full ``2**n x
2**n`` matrix would need ``2**n`` circuits). Mitigation solves ``M p = p_raw`` for ``p``.

Its limits, plainly: it removes readout errors only (not gate errors or decoherence); with
finite shots the calibration is itself noisy, and the inverse can give slightly negative
"probabilities" and amplifies shot noise by about ``1 / (1 - p01 - p10)``.

Why not Mitiq (evaluated with Mitiq 1.1.0 and PennyLane 0.45.1, December 2026): its PennyLane
support installs from PyPI (``mitiq[pennylane]`` pulls qiskit, qiskit-aer, qiskit-ibm-runtime,
cirq-core and matplotlib, about 0.9 GB, and misses ``ply``, which must be added by hand), and its
ZNE then ran correctly on a ``default.mixed`` tape. But it pins ``numpy<2.3`` (qnnlab's
environment has a newer one), and it converts circuits through QASM text, so angles become plain
floats and nothing can be differentiated through it: it could only evaluate a trained model,
never train one. qnnlab keeps PennyLane's own ZNE (:mod:`qnnlab.noise`) and this small readout
inversion instead.

Examples
--------
>>> m = confusion_matrix(0.02, 0.05)
>>> m
array([[0.98, 0.05],
       [0.02, 0.95]])
>>> raw = m @ np.array([0.3, 0.7])
>>> mitigate_probs(raw, [m]).round(12)
array([0.3, 0.7])
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pennylane as qml

from qnnlab._validation import check_fraction, check_shots
from qnnlab.hardware import profiles as hardware_profiles
from qnnlab.hardware.compile import compile_to_profile
from qnnlab.hardware.device_noise import profile_noise_model

__all__ = ["confusion_matrix", "Calibration", "calibrate", "mitigate_probs", "mitigate_expvals",
           "compare_readout", "CALIBRATION_CIRCUITS"]

#: Extra circuits of one tensored calibration: all qubits in |0>, all in |1>.
CALIBRATION_CIRCUITS = 2


def confusion_matrix(p01: float, p10: float) -> np.ndarray:
    """The 2x2 confusion matrix ``M[read, true]`` of flip probabilities ``p(1|0)``, ``p(0|1)``.

    Examples
    --------
    >>> confusion_matrix(0.1, 0.0)
    array([[0.9, 0. ],
           [0.1, 1. ]])
    """
    p01 = check_fraction("p01", p01)
    p10 = check_fraction("p10", p10)
    return np.array([[1 - p01, p10], [p01, 1 - p10]])


@dataclass(frozen=True)
class Calibration:
    """Per-qubit confusion matrices and what measuring them cost.

    Attributes
    ----------
    matrices : list of ndarray
        One 2x2 ``M[read, true]`` per qubit.
    circuits, shots : int or None
        Extra circuit executions and shots the calibration used (``shots`` None: exact).

    Examples
    --------
    >>> cal = Calibration([confusion_matrix(0.1, 0.2)], circuits=2, shots=None)
    >>> cal.matrices[0][1, 0]
    np.float64(0.1)
    """

    matrices: list[np.ndarray]
    circuits: int
    shots: int | None


def calibrate(profile: Any, n_qubits: int, shots: int | None = None,
              seed: int | None = None) -> Calibration:
    """Measure the confusion matrices of ``profile``'s first ``n_qubits`` qubits.

    The two calibration circuits are compiled to the profile and run with its full noise
    (so the |1> preparation's gate errors are part of the calibration, as on a device).

    Parameters
    ----------
    profile : str, DeviceProfile or dict
        The device.
    n_qubits : int
        Qubits to calibrate.
    shots : int, optional
        Shots per calibration circuit; None gives the exact matrices.
    seed : int, optional
        Seed of the shot sampling.

    Examples
    --------
    >>> cal = calibrate("toy_line", 2)
    >>> cal.circuits, cal.matrices[0].shape
    (2, (2, 2))
    >>> bool(abs(cal.matrices[0][1, 0] - 0.02) < 1e-9)  # p(1|0) of toy_line: no gate on |0>
    True
    """
    device = hardware_profiles.get(profile)
    device.check_fits(n_qubits)
    check_shots(shots)
    dev = qml.noise.add_noise(qml.device("default.mixed", wires=n_qubits, seed=seed),
                              profile_noise_model(device))

    def prepare(bit: int) -> list:
        for wire in range(n_qubits):
            qml.PauliX(wire) if bit else qml.Identity(wire)
        return [qml.probs(wires=w) for w in range(n_qubits)]

    qnode = qml.set_shots(qml.QNode(compile_to_profile(prepare, profile=device,
                                                       n_qubits=n_qubits), dev), shots=shots)
    columns = [np.asarray(qnode(bit)) for bit in (0, 1)]  # each (n_qubits, 2)
    matrices = [np.stack([columns[0][q], columns[1][q]], axis=1) for q in range(n_qubits)]
    return Calibration(matrices, CALIBRATION_CIRCUITS, shots)


def _matrices(confusion: Calibration | list[np.ndarray]) -> list[np.ndarray]:
    return confusion.matrices if isinstance(confusion, Calibration) else list(confusion)


def mitigate_probs(probs: Any, confusion: Calibration | list[np.ndarray]) -> np.ndarray:
    """Invert tensored confusion matrices on basis-state probabilities of ``n`` qubits.

    Parameters
    ----------
    probs : array of shape (..., 2**n)
        Reported probabilities (wire 0 the most significant bit, as ``qml.probs``).
    confusion : Calibration or list of n 2x2 arrays
        ``M[read, true]`` per qubit.

    Returns
    -------
    ndarray
        The mitigated probabilities (they sum to one; entries can be slightly negative).

    Examples
    --------
    >>> m0, m1 = confusion_matrix(0.1, 0.2), confusion_matrix(0.05, 0.0)
    >>> true = np.array([0.5, 0.0, 0.0, 0.5])
    >>> mitigate_probs(np.kron(m0, m1) @ true, [m0, m1]).round(12) + 0.0
    array([0.5, 0. , 0. , 0.5])
    """
    matrices = _matrices(confusion)
    probs = np.asarray(probs, dtype=float)
    n = len(matrices)
    if probs.shape[-1] != 2**n:
        raise ValueError(
            f"probs must have 2**{n} = {2**n} entries per row for {n} confusion matrices; "
            f"got shape {probs.shape}"
        )
    batch = probs.shape[:-1]
    out = probs.reshape(*batch, *([2] * n))
    for qubit, matrix in enumerate(matrices):
        axis = len(batch) + qubit
        out = np.moveaxis(np.tensordot(np.linalg.inv(matrix), out, axes=([1], [axis])), 0, axis)
    return out.reshape(*batch, 2**n)


def mitigate_expvals(z: Any, confusion: Calibration | list[np.ndarray]) -> np.ndarray:
    """Mitigate per-qubit ``<Z>`` values: invert each qubit's confusion matrix.

    Parameters
    ----------
    z : array of shape (n, ...)
        Reported ``<Z>`` of qubit ``q`` in row ``q`` (as a qnnlab QNode returns them).
    confusion : Calibration or list of n 2x2 arrays

    Examples
    --------
    >>> m = confusion_matrix(0.02, 0.08)
    >>> true_z = 0.4  # P(0) = 0.7
    >>> raw = m @ np.array([0.7, 0.3])
    >>> mitigate_expvals([raw[0] - raw[1]], [m]).round(12)
    array([0.4])
    """
    z = np.asarray(z, dtype=float)
    matrices = _matrices(confusion)
    if z.shape[0] != len(matrices):
        raise ValueError(f"z has {z.shape[0]} rows; expected one per confusion matrix "
                         f"({len(matrices)})")
    out = np.empty_like(z)
    for q, matrix in enumerate(matrices):
        raw = np.stack([(1 + z[q]) / 2, (1 - z[q]) / 2])
        p0, p1 = np.tensordot(np.linalg.inv(matrix), raw, axes=1)
        out[q] = p0 - p1
    return out


def compare_readout(noisy: Any, ideal: Any, calibration: Calibration, *args: Any,
                    shots: int | None = None) -> list[dict[str, Any]]:
    """Ideal, raw and readout-mitigated ``<Z>`` side by side, with the circuits each costs.

    Parameters
    ----------
    noisy, ideal : callable
        QNodes returning per-qubit ``<Z>`` (for example ``build_qnode(config=c)`` with a
        ``profile`` and the same configuration without one).
    calibration : Calibration
        From :func:`calibrate`.
    *args
        The circuit's arguments (one sample).
    shots : int, optional
        Shots per circuit of the noisy run, to count the shots of each method.

    Returns
    -------
    list of dict
        One row per method: ``method``, ``values``, ``circuits`` (executions for this
        evaluation; the calibration is paid once and reused while the device is stable),
        ``shots`` and ``max_error`` (largest distance from the ideal values).

    Examples
    --------
    >>> m = [confusion_matrix(0.1, 0.1)]
    >>> rows = compare_readout(lambda: [0.72], lambda: [0.9], Calibration(m, 2, None))
    >>> [(r["method"], r["values"].round(6).tolist(), r["circuits"]) for r in rows]
    [('ideal', [0.9], 0), ('raw', [0.72], 1), ('readout-mitigated', [0.9], 3)]
    """
    exact = np.asarray([np.asarray(v, dtype=float) for v in ideal(*args)])
    raw = np.asarray([np.asarray(v, dtype=float) for v in noisy(*args)])
    mitigated = mitigate_expvals(raw, calibration)
    calibration_shots = (calibration.shots or 0) * calibration.circuits
    rows = [("ideal", exact, 0, 0), ("raw", raw, 1, shots or 0),
            ("readout-mitigated", mitigated, 1 + calibration.circuits,
             (shots or 0) + calibration_shots)]
    return [{"method": name, "values": values, "circuits": circuits, "shots": n_shots,
             "max_error": float(np.max(np.abs(values - exact)))}
            for name, values, circuits, n_shots in rows]

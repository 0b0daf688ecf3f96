"""Lay out a circuit as columns of gates, ready to draw with plotly scatter traces.

The gates come from the decomposed circuit (PennyLane's tape at the device level, noise-free),
and each is tagged by what its angle depends on: the data (``"data"``), the trainable weights
(``"trainable"``) or nothing (``"fixed"``). The tag is found by running the circuit's tape twice
with different inputs and twice with different weights and seeing which gate angles change.

Examples
--------
>>> from qnnlab.circuits import CircuitConfig
>>> diagram = circuit_diagram(CircuitConfig("angle", "basic_entangler", n_qubits=2, n_layers=1))
>>> [(g.label, g.wires, g.column, g.role) for g in diagram.gates]
[('RY', (0,), 0, 'data'), ('RY', (1,), 0, 'data'), ('RX', (0,), 1, 'trainable'), \
('RX', (1,), 1, 'trainable'), ('CNOT', (0, 1), 2, 'fixed')]
>>> diagram.n_columns, diagram.n_qubits
(3, 2)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pennylane as qml

from qnnlab.circuits import CircuitConfig, build_qnode, init_weights

__all__ = ["Gate", "Diagram", "circuit_diagram", "ROLES"]

#: What a gate's angle depends on.
ROLES = ("data", "trainable", "fixed")
#: Short labels of gates whose PennyLane names are long.
_SHORT = {
    "Hadamard": "H", "PauliX": "X", "PauliY": "Y", "PauliZ": "Z", "MultiRZ": "ZZ",
    "AmplitudeEmbedding": "Amp", "StatePrep": "Amp", "IsingZZ": "ZZ", "IsingXX": "XX",
    "IsingYY": "YY", "BasisState": "Basis",
}


@dataclass(frozen=True)
class Gate:
    """One gate of the diagram: label, wires (controls first), column and role."""

    label: str
    name: str
    wires: tuple[int, ...]
    column: int
    role: str
    n_controls: int = 0


@dataclass(frozen=True)
class Diagram:
    """The gates of a circuit placed in columns."""

    gates: tuple[Gate, ...]
    n_qubits: int
    n_columns: int


def _device_operations(config: CircuitConfig, x: np.ndarray, weights: np.ndarray) -> list[Any]:
    qnode = build_qnode(config=config)
    tapes, _ = qml.workflow.construct_batch(qnode, level="device")(x, weights)
    return list(tapes[0].operations)


def _parameters(op: Any) -> np.ndarray:
    values = [np.ravel(np.asarray(p, dtype=complex)) for p in op.data]
    return np.concatenate(values) if values else np.zeros(0)


def _differs(a: Any, b: Any) -> bool:
    pa, pb = _parameters(a), _parameters(b)
    return pa.shape != pb.shape or not np.allclose(pa, pb)


def _role(op: Any, by_data: Any, by_weights: Any) -> str:
    if _differs(op, by_data):
        return "data"
    if _differs(op, by_weights):
        return "trainable"
    return "fixed"


def _controls(op: Any) -> int:
    if op.name in ("CNOT", "CZ", "CY", "Toffoli"):
        return len(op.wires) - 1
    if op.name.startswith("C") and op.name[1:] in ("RX", "RY", "RZ", "Rot", "PhaseShift"):
        return 1
    return 0


def _label(op: Any, n_controls: int) -> str:
    if op.name in ("CNOT", "CZ", "CY", "Toffoli"):
        return op.name
    name = op.name[1:] if n_controls else op.name
    return _SHORT.get(name, name)


def _place(wires: tuple[int, ...], free: list[int]) -> int:
    """Greedy layering: the first column where every wire the gate spans is free."""
    low, high = min(wires), max(wires)
    column = max(free[low : high + 1])
    for w in range(low, high + 1):
        free[w] = column + 1
    return column


def circuit_diagram(config: CircuitConfig) -> Diagram:
    """The gates of ``config``'s noise-free, decomposed circuit placed in columns.

    Parameters
    ----------
    config : CircuitConfig
        The circuit; noise, shots and zero-noise extrapolation are left out of the drawing.

    Returns
    -------
    Diagram
        Gates with their columns and roles.
    """
    n_features = config.n_features or 2
    ideal = config.replace(noise=None, shots=None, zne=False, measurement="expval",
                           device=None, diff_method="backprop", n_features=n_features)
    rng = np.random.default_rng(0)
    x_a, x_b = rng.uniform(0.3, 1.2, n_features), rng.uniform(1.9, 2.8, n_features)
    w_a, w_b = init_weights(ideal, 0), init_weights(ideal, 1)
    ops = _device_operations(ideal, x_a, w_a)
    ops_x = _device_operations(ideal, x_b, w_a)
    ops_w = _device_operations(ideal, x_a, w_b)
    if not (len(ops) == len(ops_x) == len(ops_w)):  # structure depends on the data: no roles
        ops_x = ops_w = ops
    free = [0] * config.n_qubits
    gates = []
    for op, by_data, by_weights in zip(ops, ops_x, ops_w):
        if op.name == "Identity":
            continue
        wires = tuple(int(w) for w in op.wires)
        n_controls = _controls(op)
        gates.append(Gate(_label(op, n_controls), op.name, wires, _place(wires, free),
                          _role(op, by_data, by_weights), n_controls))
    return Diagram(tuple(gates), config.n_qubits, max(free) if gates else 0)

"""A circuit laid out for drawing: its gates placed in columns and tagged by what they depend on.

The gates are those the device runs (``qml.workflow.construct_tape(level="device")``) for the
noise-free circuit. Each gate gets

* a **column**: greedy layering, as PennyLane's own drawer does - a gate goes into the first
  column after the last gate on any wire it spans (a multi-qubit gate blocks the wires between
  its wires too, because its connector crosses them);
* a **role**: what its angles depend on - the input (``"data"``, the encoding's gates), the
  trainable weights (``"trainable"``) or neither (``"fixed"``, e.g. CNOT). It is found by
  building the circuit again with another input and with other weights and seeing which gates'
  angles change.

This module is pure data (no plotly, no widgets); :func:`qnnlab.plots.add_circuit_diagram` draws
a :class:`Diagram` into any plotly figure.

Examples
--------
>>> from qnnlab.circuits import CircuitConfig
>>> diagram = circuit_diagram(CircuitConfig("angle", "basic_entangler", n_qubits=2, n_layers=1))
>>> [(g.label, g.wires, g.column, g.role) for g in diagram.gates]
[('RY', (0,), 0, 'data'), ('RY', (1,), 0, 'data'), ('RX', (0,), 1, 'trainable'), \
('RX', (1,), 1, 'trainable'), ('X', (0, 1), 2, 'fixed')]
>>> diagram.n_columns, diagram.n_qubits
(3, 2)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pennylane as qml

from qnnlab._concurrency import circuit_lock
from qnnlab.analysis._common import resolve_circuit
from qnnlab.circuits import CircuitConfig, build_qnode
from qnnlab.resource_count import _noise_free

__all__ = ["ROLES", "Gate", "Diagram", "circuit_diagram"]

#: What a gate's angles depend on: the input, the trainable weights, or neither.
ROLES = ("data", "trainable", "fixed")
#: Short labels of operations whose PennyLane names are long.
_SHORT = {
    "Hadamard": "H", "PauliX": "X", "PauliY": "Y", "PauliZ": "Z", "MultiRZ": "ZZ",
    "AmplitudeEmbedding": "Amp", "StatePrep": "Amp", "IsingZZ": "ZZ", "IsingXX": "XX",
    "IsingYY": "YY", "BasisState": "Basis", "PhaseShift": "Phase",
}
#: Controlled gates: the operation on the target wire and how many control wires come first.
_CONTROLLED = {
    "CNOT": ("X", 1), "CY": ("Y", 1), "CZ": ("Z", 1), "Toffoli": ("X", 2), "CRX": ("RX", 1),
    "CRY": ("RY", 1), "CRZ": ("RZ", 1), "CRot": ("Rot", 1), "ControlledPhaseShift": ("Phase", 1),
    "CPhase": ("Phase", 1),
}
#: At most this many angles are written out in a gate's description.
_MAX_SHOWN = 4


@dataclass(frozen=True)
class Gate:
    """One gate of a :class:`Diagram`.

    Attributes
    ----------
    label : str
        Short text for the gate's box: the operation on the target wire(s), controls left out
        (``"RY"``, ``"H"``; ``"X"`` for CNOT and Toffoli, ``"Z"`` for CZ, ``"RX"`` for CRX).
    name : str
        PennyLane's name of the operation (``"RY"``, ``"CNOT"``).
    wires : tuple of int
        The wires it acts on, control wires first.
    column : int
        Its column, from 0 on the left.
    role : str
        What its angles depend on: ``"data"``, ``"trainable"`` or ``"fixed"`` (see :data:`ROLES`).
    n_controls : int
        How many of ``wires`` (the first ones) are control wires.
    parameters : tuple of float
        Its angles (real parts, flattened) for the diagram's sample input and weights.

    Examples
    --------
    >>> gate = Gate("X", "CNOT", (0, 1), column=2, role="fixed", n_controls=1)
    >>> gate.controls, gate.targets, gate.description
    ((0,), (1,), 'CNOT on wires 0, 1')
    """

    label: str
    name: str
    wires: tuple[int, ...]
    column: int
    role: str
    n_controls: int = 0
    parameters: tuple[float, ...] = ()

    @property
    def controls(self) -> tuple[int, ...]:
        """The control wires (empty for an uncontrolled gate)."""
        return self.wires[: self.n_controls]

    @property
    def targets(self) -> tuple[int, ...]:
        """The wires the operation acts on, controls left out."""
        return self.wires[self.n_controls :]

    @property
    def description(self) -> str:
        """The gate in words, with its angles: ``"RY(0.412) on wire 0"``."""
        shown = ", ".join(f"{p:.3f}" for p in self.parameters[:_MAX_SHOWN])
        if len(self.parameters) > _MAX_SHOWN:
            shown += f", … ({len(self.parameters)} values)"
        wires = ", ".join(str(w) for w in self.wires)
        where = f"on wire{'s' if len(self.wires) > 1 else ''} {wires}"
        return f"{self.name}({shown}) {where}" if shown else f"{self.name} {where}"


@dataclass(frozen=True)
class Diagram:
    """A circuit's gates placed in columns, ready to draw.

    Attributes
    ----------
    gates : tuple of Gate
        In the order the circuit applies them.
    n_qubits : int
        Number of wires.
    n_columns : int
        Number of columns (0 for a circuit without gates).
    config : CircuitConfig or None
        The circuit drawn, as configured (noise settings included, though noise channels are
        not drawn).
    x : tuple of float
        The sample input behind the gates' angles.

    Examples
    --------
    >>> Diagram(gates=(), n_qubits=2, n_columns=0).n_gates
    0
    """

    gates: tuple[Gate, ...]
    n_qubits: int
    n_columns: int
    config: CircuitConfig | None = None
    x: tuple[float, ...] = ()

    @property
    def n_gates(self) -> int:
        """Number of gates."""
        return len(self.gates)

    def with_role(self, role: str) -> tuple[Gate, ...]:
        """The gates whose role is ``role``."""
        return tuple(g for g in self.gates if g.role == role)


def _device_operations(config: CircuitConfig, x: np.ndarray, weights: np.ndarray) -> list[Any]:
    """The operations the device runs for input ``x`` (Identity and wire-less ones left out)."""
    qnode = build_qnode(config=config)
    with circuit_lock():  # PennyLane's queuing is process-global: see qnnlab._concurrency
        tape = qml.workflow.construct_tape(qnode, level="device")(x, weights)
    return [op for op in tape.operations if op.name != "Identity" and len(op.wires) > 0]


def _parameters(op: Any) -> np.ndarray:
    values = [np.ravel(np.asarray(p, dtype=complex)) for p in op.data]
    return np.concatenate(values) if values else np.zeros(0, dtype=complex)


def _changes(op: Any, other: Any) -> bool:
    a, b = _parameters(op), _parameters(other)
    return a.shape != b.shape or not np.allclose(a, b)


def _same_structure(a: Sequence[Any], b: Sequence[Any]) -> bool:
    return len(a) == len(b) and all(p.name == q.name and p.wires == q.wires for p, q in zip(a, b))


def _roles(ops: Sequence[Any], ops_x: Sequence[Any], ops_w: Sequence[Any]) -> list[str]:
    """Each gate's role, from the same circuit built with another input and other weights.

    When the gates themselves change with the input or the weights (a data-dependent
    decomposition), gates cannot be paired, and that comparison marks nothing.
    """
    by_x = ops_x if _same_structure(ops, ops_x) else ops
    by_w = ops_w if _same_structure(ops, ops_w) else ops
    return ["data" if _changes(op, a) else "trainable" if _changes(op, b) else "fixed"
            for op, a, b in zip(ops, by_x, by_w)]


def _label_and_controls(name: str) -> tuple[str, int]:
    label, n_controls = _CONTROLLED.get(name, (name, 0))
    return _SHORT.get(label, label), n_controls


def _place(wires: Sequence[int], free: list[int]) -> int:
    """Greedy layering: the first column where every wire the gate spans is free."""
    low, high = min(wires), max(wires)
    column = max(free[low : high + 1])
    free[low : high + 1] = [column + 1] * (high - low + 1)
    return column


def _gate(op: Any, role: str, free: list[int]) -> Gate:
    wires = tuple(int(w) for w in op.wires)
    label, n_controls = _label_and_controls(op.name)
    angles = tuple(float(v) for v in np.real(_parameters(op)))
    return Gate(label, op.name, wires, _place(wires, free), role, n_controls, angles)


def circuit_diagram(config_or_model: Any, weights: Any = None, random_state: int | None = 0
                    ) -> Diagram:
    """Lay out the decomposed, noise-free circuit of a config or a model as columns of gates.

    Parameters
    ----------
    config_or_model : CircuitConfig, HybridNet or fitted estimator
        The circuit. Noise channels, shots and zero-noise extrapolation are left out.
    weights : array-like of shape (n_params,), optional
        Circuit weights behind the angles shown; default: a model's trained weights, or
        :func:`qnnlab.circuits.init_weights` (``random_state``) for a config.
    random_state : int or None, default=0
        Seed of the sample inputs (and of the weights of a config without ``weights``).

    Returns
    -------
    Diagram
        The gates with their columns and roles.

    Examples
    --------
    >>> from qnnlab.circuits import CircuitConfig
    >>> diagram = circuit_diagram(CircuitConfig("iqp", "basic_entangler", n_qubits=2,
    ...                                         n_layers=1, n_features=2))
    >>> [g.label for g in diagram.with_role("data")]
    ['RZ', 'RZ', 'ZZ']
    """
    resolved = resolve_circuit(config_or_model, weights, random_state, needs="circuit_diagram")
    ideal = _noise_free(resolved.config)
    rng = np.random.default_rng(random_state)
    # Disjoint ranges: every feature differs between the two inputs.
    x = rng.uniform(0.3, 1.2, ideal.n_features)
    other_x = rng.uniform(1.9, 2.8, ideal.n_features)
    other_weights = resolved.weights + rng.uniform(0.5, 1.5, resolved.weights.shape)
    ops = _device_operations(ideal, x, resolved.weights)
    roles = _roles(ops, _device_operations(ideal, other_x, resolved.weights),
                   _device_operations(ideal, x, other_weights))
    free = [0] * ideal.n_qubits
    gates = tuple(_gate(op, role, free) for op, role in zip(ops, roles))
    return Diagram(gates, ideal.n_qubits, max(free, default=0), resolved.config,
                   tuple(float(v) for v in x))

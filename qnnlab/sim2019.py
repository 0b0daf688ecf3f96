"""The 19 circuits of Sim, Johnson & Aspuru-Guzik (2019) as ansätze ``sim_1`` ... ``sim_19``.

Sim, Johnson and Aspuru-Guzik, "Expressibility and entangling capability of parameterized quantum
circuits for hybrid quantum-classical algorithms", Adv. Quantum Technol. 2, 1900070 (2019),
arXiv:1905.10876, asked which circuit shapes make good variational ansätze *before* any training.
They drew 19 four-qubit circuit templates (their Figure 2) from the literature and from
hardware-efficient designs, sampled random parameters, and scored each template by

* **expressibility**: how far the distribution of fidelities between two random output states is
  from that of Haar-random states (a KL divergence; smaller is more expressive), and
* **entangling capability**: the mean Meyer-Wallach entanglement of the output states,

for 1 to 5 stacked layers. Their findings: two-qubit gates on a ring or all-to-all beat a line,
controlled-X rotations beat controlled-Z rotations, and expressibility saturates with depth.

Importing this module registers every circuit with :func:`qnnlab.ansatze.register`. One layer of
``sim_k`` is the whole block of circuit k in the figure; ``L`` layers repeat it ``L`` times. Its
weights are one flat vector, ``layer_shape(n) == (params_per_layer(k, n),)``, consumed in the
order the gates appear in the figure; inside a rotation layer all gates of the first type come
first (all RX, then all RZ). A leading batch axis on the weights broadcasts.

Wire 0 is the top line of the paper's figure. ``a -> b`` is a controlled gate with control ``a``
and target ``b``. Per-layer parameter counts hold for any ``n`` (at ``n = 4`` they are the
paper's):

=========  ========================================================================  ===========
name       gates of one layer                                                        parameters
=========  ========================================================================  ===========
sim_1      RX, RZ on every qubit                                                     2n
sim_2      RX, RZ; CNOT ladder n-1 -> n-2, ..., 1 -> 0                               2n
sim_3      RX, RZ; CRZ ladder                                                        3n - 1
sim_4      RX, RZ; CRX ladder                                                        3n - 1
sim_5      RX, RZ; CRZ all-to-all (controls n-1 down to 0); RX, RZ                   n^2 + 3n
sim_6      RX, RZ; CRX all-to-all; RX, RZ                                            n^2 + 3n
sim_7      RX, RZ; CRZ 1 -> 0, 3 -> 2, ...; RX, RZ; CRZ 2 -> 1, 4 -> 3, ...          5n - 1
sim_8      as sim_7 with CRX                                                         5n - 1
sim_9      H on every qubit; CZ ladder; RX                                           n
sim_10     RY; CZ ring (the ladder closed by n-1 -- 0); RY                           2n
sim_11     RY, RZ; CNOT 1 -> 0, 3 -> 2, ...; RY, RZ on wires 1..n-2; CNOT 2 -> 1...  4n - 4
sim_12     as sim_11 with CZ                                                         4n - 4
sim_13     RY; CRZ ring A; RY; CRZ ring B                                            4n
sim_14     RY; CRX ring A; RY; CRX ring B                                            4n
sim_15     RY; CNOT ring A; RY; CNOT ring B                                          2n
sim_16     RX, RZ; CRZ 1 -> 0, 3 -> 2, ..., then 2 -> 1, 4 -> 3, ...                 3n - 1
sim_17     as sim_16 with CRX                                                        3n - 1
sim_18     RX, RZ; CRZ ring A                                                        3n
sim_19     RX, RZ; CRX ring A                                                        3n
=========  ========================================================================  ===========

The ladder is ``n-1 -> n-2, n-2 -> n-3, ..., 1 -> 0``. Ring A is ``n-1 -> 0, n-2 -> n-1, ...,
0 -> 1`` (every qubit controls the next one, modulo n, starting from the last qubit and walking
up); ring B is ``n-1 -> n-2, 0 -> n-1, 1 -> 0, ..., n-2 -> n-3`` (every qubit controls the
previous one, starting from the last qubit and then from 0 down). In both rings each gate's target
is the previous gate's control. See :func:`ladder_pairs`, :func:`ring_pairs`, :func:`brick_pairs`
and :func:`all_to_all_pairs`, and :func:`gate_sequence` for the full list of one layer's gates.

Cross-checks and remaining doubts
---------------------------------
At 4 qubits the wirings (gates, control/target directions and order, up to reordering gates
that commute) agree with the Qiskit code of ``bagmk/Quantum_Machine_Learning_Express``
(``ML/circuits.py``), with a general-n PennyLane version found alongside a
``parameter_polynomials.txt`` file, and, except for circuits 18 and 19 (drawn there with CZ/CNOT,
evidently a slip), with a Qiskit version by Jonas Thomsen; the ``valterUo/data_symmetries``
PennyLane classes for circuits 5, 7, 10, 11 and 13 agree except for ring B of circuit 13. Gates
that commute (CRZ and CZ are diagonal; gates on disjoint pairs, or sharing only their control,
commute) can be reordered without changing the state, so the orderings that matter are those of
circuits 2, 4, 6, 14, 15, 17 and 19; all these sources agree on them.

* **Layers of circuit 10.** The two Qiskit versions and ``valterUo/data_symmetries`` treat
  circuit 10 as an initial RY layer followed by L repetitions of (CZ ring, RY): ``n + nL``
  parameters, the structure of the classifier of Havlíček et al. (2019), which circuit 10
  resembles. Here one layer is the whole drawn block (``2n`` per layer), as for every other
  circuit; both readings give the same circuit at L = 1 and differ from L = 2 on.
* **Other qubit counts.** The paper only drew 4 qubits; the general-n rules are ours. Brick
  layouts (7, 8, 11, 12, 16, 17) are two stages: pairs ``(2i+1 -> 2i)``, then ``(2i+2 -> 2i+1)``.
  Circuits 11 and 12 put their second rotations on the qubits the second stage couples (wires
  1..n-2); with an odd count the last qubit would sit out the first stage yet be rotated in the
  second, so they require an even number of qubits. The ``parameter_polynomials.txt`` version grows
  7, 8, 11, 12, 16 and 17 into "pyramids" instead (n/2 stages); both agree at 4 qubits.
* **Two qubits.** Rings of controlled gates keep both directions (``1 -> 0`` and ``0 -> 1``), so
  the counts above still hold; circuit 10's CZ ring on two qubits is a single CZ (a second CZ on
  the same pair would undo the first), matching :func:`qnnlab.ansatze.entangling_pairs`.

Examples
--------
>>> from qnnlab import ansatze
>>> import qnnlab.sim2019
>>> ansatze.get("sim_14").layer_shape(4)
(16,)
>>> gate_sequence(18, 2)
[('RX', (0,)), ('RX', (1,)), ('RZ', (0,)), ('RZ', (1,)), ('CRZ', (1, 0)), ('CRZ', (0, 1))]
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache
from typing import Any

import pennylane as qml

from qnnlab import ansatze
from qnnlab.ansatze import Ansatz, register

__all__ = [
    "NAMES",
    "PAPER",
    "all_to_all_pairs",
    "brick_pairs",
    "gate_sequence",
    "ladder_pairs",
    "params_per_layer",
    "ring_pairs",
]

PAPER = "Sim, Johnson & Aspuru-Guzik 2019, Adv. Quantum Technol. 2, 1900070 (arXiv:1905.10876)"

Gate = type[qml.operation.Operation]
#: A gate and the wire positions (0..n-1) it acts on; two-qubit gates list control first.
Op = tuple[Gate, tuple[int, ...]]
#: Builds one stage of a layer (a list of gates) for ``n`` qubits.
Stage = Callable[[int], list[Op]]
Pair = tuple[int, int]


# --- wiring patterns -------------------------------------------------------------------------


def ladder_pairs(n: int) -> list[Pair]:
    """(control, target) pairs of a ladder from the last qubit up to the first.

    Examples
    --------
    >>> ladder_pairs(4)
    [(3, 2), (2, 1), (1, 0)]
    """
    return [(i + 1, i) for i in reversed(range(n - 1))]


def _closed_ladder_pairs(n: int) -> list[Pair]:
    # Circuit 10's CZ ring; on two qubits the closing CZ would repeat (and cancel) the first.
    return ladder_pairs(n) + ([(n - 1, 0)] if n > 2 else [])


def ring_pairs(n: int, step: int) -> list[Pair]:
    """(control, target) pairs of a ring in which every qubit controls qubit ``control + step``.

    The first gate is controlled by qubit ``n - 1``; every following gate targets the previous
    gate's control. ``step=1`` is ring A of circuits 13-15, 18 and 19; ``step=-1`` is ring B of
    circuits 13-15.

    Examples
    --------
    >>> ring_pairs(4, 1)
    [(3, 0), (2, 3), (1, 2), (0, 1)]
    >>> ring_pairs(4, -1)
    [(3, 2), (0, 3), (1, 0), (2, 1)]
    """
    controls = [(n - 1 - k * step) % n for k in range(n)]
    return [(c, (c + step) % n) for c in controls]


def brick_pairs(n: int, offset: int) -> list[Pair]:
    """(control, target) pairs ``(i + 1, i)`` for ``i = offset, offset + 2, ...``.

    ``offset=0`` couples qubits (0, 1), (2, 3)...; ``offset=1`` couples (1, 2), (3, 4)...

    Examples
    --------
    >>> brick_pairs(5, 0), brick_pairs(5, 1)
    ([(1, 0), (3, 2)], [(2, 1), (4, 3)])
    """
    return [(i + 1, i) for i in range(offset, n - 1, 2)]


def all_to_all_pairs(n: int) -> list[Pair]:
    """(control, target) pairs of circuits 5 and 6: each qubit, last first, controls all others.

    Examples
    --------
    >>> all_to_all_pairs(3)
    [(2, 1), (2, 0), (1, 2), (1, 0), (0, 2), (0, 1)]
    """
    return [(c, t) for c in reversed(range(n)) for t in reversed(range(n)) if c != t]


# --- stages ----------------------------------------------------------------------------------


def _all_qubits(n: int) -> Sequence[int]:
    return range(n)


def _second_brick_qubits(n: int) -> Sequence[int]:
    # The qubits coupled by the second brick stage: wires 1..n-2 for an even count.
    return sorted({q for pair in brick_pairs(n, 1) for q in pair})


def _rotations(*gates: Gate, qubits: Callable[[int], Sequence[int]] = _all_qubits) -> Stage:
    """A stage with each of ``gates`` on every qubit of ``qubits(n)``, one gate type at a time."""
    return lambda n: [(gate, (q,)) for gate in gates for q in qubits(n)]


def _coupling(gate: Gate, pairs: Callable[[int], list[Pair]]) -> Stage:
    """A stage with the two-qubit ``gate`` on each (control, target) pair of ``pairs(n)``."""
    return lambda n: [(gate, pair) for pair in pairs(n)]


def _ring(step: int) -> Callable[[int], list[Pair]]:
    return lambda n: ring_pairs(n, step)


def _brick(offset: int) -> Callable[[int], list[Pair]]:
    return lambda n: brick_pairs(n, offset)


_RX_RZ = _rotations(qml.RX, qml.RZ)
_RY_RZ = _rotations(qml.RY, qml.RZ)
_RY = _rotations(qml.RY)


def _ladder_circuit(gate: Gate) -> tuple[Stage, ...]:  # circuits 2-4
    return (_RX_RZ, _coupling(gate, ladder_pairs))


def _all_to_all_circuit(gate: Gate) -> tuple[Stage, ...]:  # circuits 5, 6
    return (_RX_RZ, _coupling(gate, all_to_all_pairs), _RX_RZ)


def _brick_circuit(gate: Gate) -> tuple[Stage, ...]:  # circuits 7, 8
    return (_RX_RZ, _coupling(gate, _brick(0)), _RX_RZ, _coupling(gate, _brick(1)))


def _inner_rotation_circuit(gate: Gate) -> tuple[Stage, ...]:  # circuits 11, 12
    inner = _rotations(qml.RY, qml.RZ, qubits=_second_brick_qubits)
    return (_RY_RZ, _coupling(gate, _brick(0)), inner, _coupling(gate, _brick(1)))


def _double_ring_circuit(gate: Gate) -> tuple[Stage, ...]:  # circuits 13-15
    return (_RY, _coupling(gate, _ring(1)), _RY, _coupling(gate, _ring(-1)))


def _brick_only_circuit(gate: Gate) -> tuple[Stage, ...]:  # circuits 16, 17
    return (_RX_RZ, _coupling(gate, _brick(0)), _coupling(gate, _brick(1)))


def _ring_circuit(gate: Gate) -> tuple[Stage, ...]:  # circuits 18, 19
    return (_RX_RZ, _coupling(gate, _ring(1)))


#: Circuit number -> (one-line description, stages of one layer, parameters per layer as text).
_CIRCUITS: dict[int, tuple[str, tuple[Stage, ...], str]] = {
    1: ("RX and RZ on every qubit, no entangling gates", (_RX_RZ,), "2n"),
    2: ("RX and RZ on every qubit, then a CNOT ladder", _ladder_circuit(qml.CNOT), "2n"),
    3: ("RX and RZ on every qubit, then a ladder of CRZ", _ladder_circuit(qml.CRZ), "3n - 1"),
    4: ("RX and RZ on every qubit, then a ladder of CRX", _ladder_circuit(qml.CRX), "3n - 1"),
    5: (
        "RX and RZ, CRZ from every qubit to every other, RX and RZ again",
        _all_to_all_circuit(qml.CRZ),
        "n^2 + 3n",
    ),
    6: (
        "RX and RZ, CRX from every qubit to every other, RX and RZ again",
        _all_to_all_circuit(qml.CRX),
        "n^2 + 3n",
    ),
    7: (
        "Two rounds of RX and RZ, each followed by CRZ on alternate neighbour pairs",
        _brick_circuit(qml.CRZ),
        "5n - 1",
    ),
    8: (
        "Two rounds of RX and RZ, each followed by CRX on alternate neighbour pairs",
        _brick_circuit(qml.CRX),
        "5n - 1",
    ),
    9: (
        "Hadamards, a CZ ladder, then RX on every qubit",
        (_rotations(qml.Hadamard), _coupling(qml.CZ, ladder_pairs), _rotations(qml.RX)),
        "n",
    ),
    10: ("RY, a ring of CZ, RY again", (_RY, _coupling(qml.CZ, _closed_ladder_pairs), _RY), "2n"),
    11: (
        "RY and RZ, CNOTs on pairs, RY and RZ on the middle qubits, CNOTs on the other pairs",
        _inner_rotation_circuit(qml.CNOT),
        "4n - 4",
    ),
    12: (
        "RY and RZ, CZs on pairs, RY and RZ on the middle qubits, CZs on the other pairs",
        _inner_rotation_circuit(qml.CZ),
        "4n - 4",
    ),
    13: (
        "RY, a ring of CRZ, RY, a ring of CRZ the other way round",
        _double_ring_circuit(qml.CRZ),
        "4n",
    ),
    14: (
        "RY, a ring of CRX, RY, a ring of CRX the other way round",
        _double_ring_circuit(qml.CRX),
        "4n",
    ),
    15: (
        "RY, a ring of CNOT, RY, a ring of CNOT the other way round",
        _double_ring_circuit(qml.CNOT),
        "2n",
    ),
    16: (
        "RX and RZ, then CRZ on alternate neighbour pairs, then on the other pairs",
        _brick_only_circuit(qml.CRZ),
        "3n - 1",
    ),
    17: (
        "RX and RZ, then CRX on alternate neighbour pairs, then on the other pairs",
        _brick_only_circuit(qml.CRX),
        "3n - 1",
    ),
    18: ("RX and RZ on every qubit, then a ring of CRZ", _ring_circuit(qml.CRZ), "3n"),
    19: ("RX and RZ on every qubit, then a ring of CRX", _ring_circuit(qml.CRX), "3n"),
}

NAMES = tuple(f"sim_{k}" for k in _CIRCUITS)


# --- one layer -------------------------------------------------------------------------------


def _number(circuit: int | str) -> int:
    number = int(circuit.removeprefix("sim_")) if isinstance(circuit, str) else int(circuit)
    if number not in _CIRCUITS:
        raise ValueError(f"Sim et al. drew circuits 1 to 19; got {circuit!r}.")
    return number


@cache
def _ops(number: int, n_qubits: int) -> tuple[Op, ...]:
    return tuple(op for stage in _CIRCUITS[number][1] for op in stage(n_qubits))


def params_per_layer(circuit: int | str, n_qubits: int) -> int:
    """Number of trainable angles in one layer of a circuit.

    Parameters
    ----------
    circuit : int or str
        The circuit's number in the paper (1-19) or its registry name (``"sim_7"``).
    n_qubits : int
        Number of qubits.

    Examples
    --------
    >>> params_per_layer(5, 4), params_per_layer("sim_7", 4)
    (28, 19)
    """
    return sum(1 for gate, _ in _ops(_number(circuit), n_qubits) if gate.num_params)


def gate_sequence(circuit: int | str, n_qubits: int) -> list[tuple[str, tuple[int, ...]]]:
    """The gates of one layer, in order, as (gate name, wire positions) with controls first.

    Parameters
    ----------
    circuit : int or str
        The circuit's number in the paper (1-19) or its registry name (``"sim_7"``).
    n_qubits : int
        Number of qubits.

    Examples
    --------
    >>> gate_sequence(2, 2)
    [('RX', (0,)), ('RX', (1,)), ('RZ', (0,)), ('RZ', (1,)), ('CNOT', (1, 0))]
    """
    return [(gate.__name__, wires) for gate, wires in _ops(_number(circuit), n_qubits)]


def _even_rule(n: int) -> str | None:
    if n % 2:
        return "needs an even number of qubits (its pairs of neighbours must cover every qubit)"
    return None


_QUBIT_RULES: dict[int, Callable[[int], str | None]] = {11: _even_rule, 12: _even_rule}
_ANSATZE: dict[int, Ansatz] = {}


def _layer_shape_for(number: int) -> Callable[[int], tuple[int, ...]]:
    def layer_shape(n_qubits: int) -> tuple[int, ...]:
        return (params_per_layer(number, n_qubits),)

    return layer_shape


def _apply_layer_for(number: int) -> Callable[..., None]:
    def apply_layer(w: Any, wires: Sequence[Any], layer: int = 0) -> None:
        """Queue one layer; ``w[..., k]`` is the k-th angle (a leading batch axis broadcasts)."""
        _ANSATZE[number].check_qubits(len(wires))
        ops = _ops(number, len(wires))
        expected = params_per_layer(number, len(wires))
        got = qml.math.shape(w)[-1] if qml.math.ndim(w) else None
        if got != expected:
            raise ValueError(
                f"sim_{number} on {len(wires)} qubits takes {expected} angles per layer "
                f"(last weight axis); got weights of shape {qml.math.shape(w)}."
            )
        k = 0
        for gate, positions in ops:
            targets = [wires[p] for p in positions]
            if gate.num_params:
                gate(w[..., k], wires=targets)
                k += 1
            else:
                gate(wires=targets)

    return apply_layer


def _register(number: int, description: str, count: str) -> Ansatz:
    name = f"sim_{number}"
    reference = f"{PAPER}, circuit {number} of Fig. 2"
    if name in ansatze.available() and ansatze.get(name).reference == reference:
        return ansatze.get(name)  # the module was imported again (importlib.reload, doctests)
    return register(
        Ansatz(
            name,
            f"{description} ({count} parameters per layer).",
            _layer_shape_for(number),
            _apply_layer_for(number),
            entangling=number != 1,
            min_qubits=2,
            qubit_rule=_QUBIT_RULES.get(number),
            reference=reference,
        )
    )


for _k, (_description, _, _count) in _CIRCUITS.items():
    _ANSATZE[_k] = _register(_k, _description, _count)

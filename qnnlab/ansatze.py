"""Ansätze: the trainable part of a variational circuit.

Each ansatz is an :class:`Ansatz` in a registry. An ansatz is built from layers; every layer has a
fixed weight shape (``layer_shape(n_qubits)``), and some ansätze have an initial layer as well.
All weights of a circuit live in one flat vector (see :func:`qnnlab.circuits.weight_layout`), which
keeps parameter counting, gradients and Fisher information simple.

Where it applies, the entangling topology is a choice: ``"linear"`` (a chain), ``"ring"`` (a chain
closed into a loop) or ``"all_to_all"``; hardware connectivity decides which is cheap.

Examples
--------
>>> from qnnlab import ansatze
>>> ansatze.get("strongly_entangling").layer_shape(4)
(4, 3)
>>> ansatze.entangling_pairs(4, "ring")
[(0, 1), (1, 2), (2, 3), (3, 0)]
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pennylane as qml

from qnnlab._registry import Registry
from qnnlab._validation import check_choice, check_options

__all__ = ["Ansatz", "available", "get", "describe", "entangling_pairs", "TOPOLOGIES"]

TOPOLOGIES = ("linear", "ring", "all_to_all")
_ENTANGLERS = {"CNOT": qml.CNOT, "CZ": qml.CZ}


def entangling_pairs(n_qubits: int, topology: str) -> list[tuple[int, int]]:
    """Qubit pairs coupled by a two-qubit gate in ``topology``.

    Examples
    --------
    >>> entangling_pairs(3, "linear")
    [(0, 1), (1, 2)]
    >>> entangling_pairs(3, "all_to_all")
    [(0, 1), (0, 2), (1, 2)]
    """
    check_choice("topology", topology, TOPOLOGIES)
    if topology == "all_to_all":
        return [(i, j) for i in range(n_qubits) for j in range(i + 1, n_qubits)]
    pairs = [(i, i + 1) for i in range(n_qubits - 1)]
    if topology == "ring" and n_qubits > 2:
        pairs.append((n_qubits - 1, 0))
    return pairs


@dataclass(frozen=True)
class Ansatz:
    """A layered, parameterised circuit.

    Attributes
    ----------
    name, description : str
        Registry name and one line in plain words for learners.
    layer_shape : callable
        ``layer_shape(n_qubits)``: the weight shape of one layer.
    apply_layer : callable
        ``apply_layer(w, wires, layer, **options)`` queues one layer; ``w`` has shape
        ``layer_shape`` (or a leading batch axis), ``layer`` is the layer's index.
    defaults : dict
        Options (``topology``, ``entangler``...) with their defaults.
    initial_shape : callable or None
        ``initial_shape(n_qubits)`` for ansätze that start with a fixed initial layer.
    apply_initial : callable or None
        Queues that initial layer.
    entangling : bool
        Whether the ansatz contains two-qubit gates at all.
    min_qubits : int
        The fewest qubits the ansatz is defined for.
    qubit_rule : callable or None
        ``qubit_rule(n)`` returns an explanation if ``n`` qubits are not allowed, else None.
    reference : str
        Where the ansatz comes from.

    Examples
    --------
    >>> hea = get("hardware_efficient")
    >>> hea.layer_shape(3), hea.n_params(n_qubits=3, n_layers=2), hea.defaults
    ((3, 2), 12, {'topology': 'linear', 'entangler': 'CNOT'})
    >>> get("tree_tensor_network").check_qubits(3)
    Traceback (most recent call last):
    ...
    ValueError: The 'tree_tensor_network' ansatz needs a power-of-two number of qubits ...

    A new ansatz needs a name, a description, its layer shape and a function queuing one layer:

    >>> def ry_layer(w, wires, layer):
    ...     for wire in wires:
    ...         qml.RY(w[..., wire], wires=wire)
    >>> ry_only = Ansatz("ry_only", "One RY per qubit.", lambda n: (n,), ry_layer,
    ...                  entangling=False)
    >>> ry_only.n_params(n_qubits=4, n_layers=3)
    12
    """

    name: str
    description: str
    layer_shape: Callable[[int], tuple[int, ...]]
    apply_layer: Callable[..., None]
    defaults: Mapping[str, Any] = field(default_factory=dict)
    initial_shape: Callable[[int], tuple[int, ...]] | None = None
    apply_initial: Callable[..., None] | None = None
    entangling: bool = True
    min_qubits: int = 1
    qubit_rule: Callable[[int], str | None] | None = None
    reference: str = ""

    def options(self, options: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """Return the defaults updated with ``options``, after checking every key and value."""
        merged = dict(self.defaults)
        for key, value in check_options("ansatz_options", options).items():
            check_choice(f"option of the {self.name!r} ansatz", key, self.defaults)
            merged[key] = value
        if "topology" in merged:
            check_choice("topology", merged["topology"], TOPOLOGIES)
        if "entangler" in merged:
            check_choice("entangler", merged["entangler"], _ENTANGLERS)
        return merged

    def check_qubits(self, n_qubits: int) -> None:
        """Raise a ValueError if the ansatz is not defined on ``n_qubits`` qubits."""
        if n_qubits < self.min_qubits:
            raise ValueError(
                f"The {self.name!r} ansatz needs at least {self.min_qubits} qubits; got {n_qubits}."
            )
        problem = self.qubit_rule(n_qubits) if self.qubit_rule else None
        if problem:
            raise ValueError(f"The {self.name!r} ansatz {problem}; got {n_qubits} qubits.")

    def n_params(self, n_qubits: int, n_layers: int) -> int:
        """Number of trainable parameters for ``n_layers`` layers on ``n_qubits`` qubits."""
        total = n_layers * _prod(self.layer_shape(n_qubits))
        if self.initial_shape is not None:
            total += _prod(self.initial_shape(n_qubits))
        return total


def _prod(shape: Sequence[int]) -> int:
    out = 1
    for s in shape:
        out *= s
    return out


_registry: Registry[Ansatz] = Registry("ansatz")


def available() -> list[str]:
    """Names of all ansätze.

    Examples
    --------
    >>> available()[:3]
    ['strongly_entangling', 'basic_entangler', 'hardware_efficient']
    """
    return _registry.available()


def get(name: str | Ansatz) -> Ansatz:
    """Return the ansatz called ``name`` (unknown names: a ValueError listing valid ones).

    Examples
    --------
    >>> get("basic_entangler").defaults
    {'topology': 'ring'}
    >>> get("basic_entangle")
    Traceback (most recent call last):
    ...
    ValueError: Unknown ansatz 'basic_entangle'. Valid choices: ... Did you mean 'basic_entangler'?
    """
    return _registry.get(name)


def register(ansatz: Ansatz) -> Ansatz:
    """Add an ansatz to the registry (used for the Sim et al. 2019 circuits, and by users).

    Returns the ansatz, so that ``register(Ansatz(...))`` can be assigned; see :class:`Ansatz`
    for how to build one.

    Examples
    --------
    Names are unique, so registering one twice fails:

    >>> register(get("basic_entangler"))
    Traceback (most recent call last):
    ...
    ValueError: ansatz 'basic_entangler' is already registered
    """
    return _registry.register(ansatz)


def describe() -> list[dict[str, str]]:
    """One row per ansatz: name, description and reference.

    Examples
    --------
    >>> describe()[0]["reference"]
    'Schuld et al. 2020, Circuit-centric quantum classifiers'
    """
    return [{"name": a.name, "description": a.description, "reference": a.reference}
            for a in _registry]


# --- strongly entangling ---------------------------------------------------------------------


def _sel_range(n_qubits: int, layer: int) -> int:
    # PennyLane's default: r = layer % (n - 1) + 1
    return layer % (n_qubits - 1) + 1 if n_qubits > 1 else 0


def _strongly_entangling(w: Any, wires: Sequence[int], layer: int, entangler: str = "CNOT") -> None:
    # On one wire there is nothing to entangle; PennyLane rejects ranges=[0] but accepts None.
    ranges = [_sel_range(len(wires), layer)] if len(wires) > 1 else None
    qml.StronglyEntanglingLayers(
        w[..., None, :, :], wires=wires, ranges=ranges, imprimitive=_ENTANGLERS[entangler]
    )


def _rotations_shape(n: int) -> tuple[int, ...]:
    return (n, 3)


register(
    Ansatz(
        "strongly_entangling",
        "General rotations on every qubit, then CNOTs from qubit i to i + r (r grows with the "
        "layer): PennyLane's StronglyEntanglingLayers.",
        _rotations_shape,
        _strongly_entangling,
        {"entangler": "CNOT"},
        reference="Schuld et al. 2020, Circuit-centric quantum classifiers",
    )
)


# --- basic entangler ---------------------------------------------------------------------------


def _entangle(wires: Sequence[int], topology: str, gate: str = "CNOT") -> None:
    for a, b in entangling_pairs(len(wires), topology):
        _ENTANGLERS[gate](wires=[wires[a], wires[b]])


def _basic_entangler(w: Any, wires: Sequence[int], layer: int, topology: str = "ring") -> None:
    for i, wire in enumerate(wires):
        qml.RX(w[..., i], wires=wire)
    _entangle(wires, topology)


def _one_per_qubit(n: int) -> tuple[int, ...]:
    return (n,)


register(
    Ansatz(
        "basic_entangler",
        "One RX rotation per qubit, then a chain of CNOTs (a ring by default, as in PennyLane's "
        "BasicEntanglerLayers): the fewest parameters.",
        _one_per_qubit,
        _basic_entangler,
        {"topology": "ring"},
        reference="PennyLane BasicEntanglerLayers",
    )
)


# --- hardware efficient ------------------------------------------------------------------------


def _hardware_efficient(
    w: Any, wires: Sequence[int], layer: int, topology: str = "linear", entangler: str = "CNOT"
) -> None:
    for i, wire in enumerate(wires):
        qml.RY(w[..., i, 0], wires=wire)
        qml.RZ(w[..., i, 1], wires=wire)
    _entangle(wires, topology, entangler)


def _two_per_qubit(n: int) -> tuple[int, ...]:
    return (n, 2)


register(
    Ansatz(
        "hardware_efficient",
        "RY and RZ on every qubit, then CNOT or CZ gates along the chip's connectivity "
        "(linear, ring or all-to-all): what current hardware runs natively.",
        _two_per_qubit,
        _hardware_efficient,
        {"topology": "linear", "entangler": "CNOT"},
        reference="Kandala et al. 2017, Nature 549, 242",
    )
)


# --- simplified two-design ---------------------------------------------------------------------


def _s2d_initial(w: Any, wires: Sequence[int]) -> None:
    for i, wire in enumerate(wires):
        qml.RY(w[..., i], wires=wire)


def _s2d_layer(w: Any, wires: Sequence[int], layer: int) -> None:
    # One layer of PennyLane's SimplifiedTwoDesign: CZ + RY on even pairs, then on odd pairs.
    n = len(wires)
    pairs = [(i, i + 1) for i in range(0, n - 1, 2)] + [(i, i + 1) for i in range(1, n - 1, 2)]
    for k, (a, b) in enumerate(pairs):
        qml.CZ(wires=[wires[a], wires[b]])
        qml.RY(w[..., k, 0], wires=wires[a])
        qml.RY(w[..., k, 1], wires=wires[b])


def _s2d_shape(n: int) -> tuple[int, ...]:
    return (n - 1, 2)


def _n_qubits_shape(n: int) -> tuple[int, ...]:
    return (n,)


register(
    Ansatz(
        "simplified_two_design",
        "An initial RY layer, then CZ-RY blocks on alternating neighbour pairs: its random "
        "instances approximate a 2-design (Cerezo et al. 2021).",
        _s2d_shape,
        _s2d_layer,
        initial_shape=_n_qubits_shape,
        apply_initial=_s2d_initial,
        min_qubits=2,
        reference="Cerezo et al. 2021, Nat. Commun. 12, 1791; PennyLane SimplifiedTwoDesign",
    )
)


# --- tree tensor network -----------------------------------------------------------------------


def _ttn_block(w: Any, a: int, b: int) -> None:
    qml.RY(w[..., 0], wires=a)
    qml.RY(w[..., 1], wires=b)
    qml.CNOT(wires=[a, b])


def _tree_tensor_network(w: Any, wires: Sequence[int], layer: int) -> None:
    # Blocks merge qubits pairwise, level by level, into the last qubit (PennyLane's TTN layout).
    block, step = 0, 1
    n = len(wires)
    while step < n:
        for start in range(0, n, 2 * step):
            _ttn_block(w[..., block, :], wires[start + step - 1], wires[start + 2 * step - 1])
            block += 1
        step *= 2


def _ttn_shape(n: int) -> tuple[int, ...]:
    return (n - 1, 2)


def _power_of_two_rule(n: int) -> str | None:
    if n & (n - 1):
        return "needs a power-of-two number of qubits (2, 4, 8, ...)"
    return None


register(
    Ansatz(
        "tree_tensor_network",
        "Two-qubit blocks merge the qubits pairwise, like a binary tree, into the last qubit: "
        "few parameters and resistant to barren plateaus.",
        _ttn_shape,
        _tree_tensor_network,
        min_qubits=2,
        qubit_rule=_power_of_two_rule,
        reference="Grant et al. 2018, npj Quantum Inf. 4, 65; PennyLane TTN",
    )
)


# The 19 circuits of Sim et al. (2019) register themselves as sim_1 ... sim_19.
from qnnlab import sim2019 as _sim2019  # noqa: E402, F401

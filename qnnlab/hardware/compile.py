"""Compile a circuit to a device profile with PennyLane's own transforms.

:func:`compile_to_profile` is a PennyLane transform made of PennyLane transforms, in order:

1. ``qml.transforms.decompose`` into one- and two-qubit gates (templates unrolled);
2. ``qml.transforms.transpile``: routing onto the coupling map, inserting SWAPs;
3. the steps of ``qml.transforms.single_qubit_fusion`` (runs of one-qubit gates become one
   ``Rot``), done for a whole broadcast batch at once (:func:`_fuse_broadcast`: PennyLane's
   transform cannot stack broadcast angles), so a mini-batch is compiled once, not per sample;
4. ``qml.transforms.decompose`` (PennyLane's graph-based decomposition) into the profile's
   native gates, with one rule added for ``Rot``, the Euler decomposition of
   :func:`rot_to_native`.

The layout is simple and documented: logical qubit ``i`` starts on the ``i``-th qubit of a
breadth-first search of the coupling map from qubit 0 (a connected patch), and the circuit runs
on that patch only (:func:`layout`). Measurements follow the qubits through the SWAPs, so a
compiled QNode returns the same expectation values as the original.

Examples
--------
>>> import pennylane as qml
>>> from qnnlab.hardware import profiles
>>> def bell():
...     qml.Hadamard(0)
...     qml.CNOT([0, 2])
...     return qml.probs(wires=[0, 2])
>>> tape = qml.tape.make_qscript(bell)()
>>> summary = compiled_summary(tape, profiles.get("toy_line"), n_qubits=3)
>>> summary["swaps"], sorted(summary["gate_counts"])
(1, ['CNOT', 'RZ', 'SX'])
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import networkx as nx
import numpy as np
import pennylane as qml
from pennylane.decomposition import register_resources, toggle_graph_ctx
from pennylane.transforms.optimization.optimization_utils import find_next_gate, fuse_rot_angles

from qnnlab.hardware.profiles import DeviceProfile

__all__ = ["compile_to_profile", "layout", "rot_to_native", "compiled_summary", "duration",
           "asap_schedule"]

#: One- and two-qubit gates the first decomposition and the router work with.
_ROUTABLE = frozenset({"RX", "RY", "RZ", "Rot", "PhaseShift", "Hadamard", "PauliX", "PauliY",
                       "PauliZ", "S", "T", "SX", "CNOT", "CZ", "SWAP", "GlobalPhase"})


def layout(profile: DeviceProfile, n_qubits: int) -> tuple[list[int], list[tuple[int, int]]]:
    """The physical qubits a circuit of ``n_qubits`` uses, and their coupling map.

    Returns
    -------
    physical : list of int
        ``physical[i]`` hosts logical qubit ``i`` at the start: the first ``n_qubits`` qubits
        of a breadth-first search from qubit 0 (always a connected patch).
    coupling : list of (int, int)
        The coupling map restricted to that patch, in logical numbering ``0 .. n_qubits - 1``.

    Examples
    --------
    >>> from qnnlab.hardware import profiles
    >>> layout(profiles.get("superconducting_grid"), 4)
    ([0, 1, 3, 2], [(0, 1), (0, 2), (1, 3)])
    """
    profile.check_fits(n_qubits)
    order = [0, *(v for _, v in nx.bfs_edges(profile.graph, 0))][:n_qubits]
    index = {q: i for i, q in enumerate(order)}
    patch = profile.graph.subgraph(order)
    coupling = sorted(tuple(sorted((index[u], index[v]))) for u, v in patch.edges)
    return order, coupling


def _rot_to_rz_sx_resources() -> dict:
    return {qml.RZ: 3, qml.SX: 2}


@register_resources(_rot_to_rz_sx_resources)
def _rot_to_rz_sx(phi: Any, theta: Any, omega: Any, wires: Any, **_: Any) -> None:
    # Rot = RZ(omega) RY(theta) RZ(phi) and RY(theta) = RZ(pi) SX RZ(theta + pi) SX (up to a phase)
    qml.RZ(phi, wires=wires)
    qml.SX(wires=wires)
    qml.RZ(theta + np.pi, wires=wires)
    qml.SX(wires=wires)
    qml.RZ(omega + np.pi, wires=wires)


def _rot_to_rx_ry_resources() -> dict:
    return {qml.RX: 4, qml.RY: 3}


@register_resources(_rot_to_rx_ry_resources)
def _rot_to_rx_ry(phi: Any, theta: Any, omega: Any, wires: Any, **_: Any) -> None:
    # RZ(a) = RX(pi/2) RY(a) RX(-pi/2) (in matrix order), used for both Z rotations of Rot
    for angle, axis in ((phi, qml.RY), (theta, None), (omega, qml.RY)):
        if axis is None:
            qml.RY(angle, wires=wires)
            continue
        qml.RX(-np.pi / 2, wires=wires)
        axis(angle, wires=wires)
        qml.RX(np.pi / 2, wires=wires)


_ROT_RULES = {("RZ", "SX", "PauliX", "CNOT"): _rot_to_rz_sx, ("RX", "RY", "CZ"): _rot_to_rx_ry}


def rot_to_native(native_gates: tuple[str, ...]) -> Any:
    """The decomposition rule of a general one-qubit rotation ``Rot`` into ``native_gates``.

    Examples
    --------
    >>> import pennylane as qml
    >>> ops = qml.tape.make_qscript(rot_to_native(("RZ", "SX", "PauliX", "CNOT")))(
    ...     0.1, 0.2, 0.3, wires=0).operations
    >>> [op.name for op in ops]
    ['RZ', 'SX', 'RZ', 'SX', 'RZ']
    """
    return _ROT_RULES[tuple(native_gates)]


def _one_tape(tape: qml.tape.QuantumScript, transform: Any, **kwargs: Any):
    [out], _ = transform(tape, **kwargs)
    return out


def _count_swaps(tape: qml.tape.QuantumScript) -> int:
    return sum(isinstance(op, qml.SWAP) for op in tape.operations)


def _route(tape: qml.tape.QuantumScript, profile: DeviceProfile,
           n_qubits: int | None) -> tuple[int, qml.tape.QuantumScript]:
    """Stages 1-2 (they depend on the circuit's structure only): SWAPs added, routed tape."""
    n = len(tape.wires) if n_qubits is None else n_qubits
    _, coupling = layout(profile, n)
    graph = nx.Graph(coupling)
    graph.add_nodes_from(range(n))
    unrolled = _one_tape(tape, qml.transforms.decompose, gate_set=_ROUTABLE)
    routed = _one_tape(unrolled, qml.transforms.transpile, coupling_map=graph)
    return _count_swaps(routed) - _count_swaps(unrolled), routed


def _to_native(fused: qml.tape.QuantumScript, profile: DeviceProfile) -> qml.tape.QuantumScript:
    """Stage 4: the profile's native gates, without global phases."""
    native = tuple(profile.native_gates)
    with toggle_graph_ctx(True):
        out = _one_tape(fused, qml.transforms.decompose, gate_set={*native, "GlobalPhase"},
                        fixed_decomps={qml.Rot: rot_to_native(native)})
    # A global phase changes nothing that can be measured and is not a device instruction.
    return out.copy(operations=[op for op in out.operations
                                if not isinstance(op, qml.GlobalPhase)])


def _compile_stages(tape: qml.tape.QuantumScript, profile: DeviceProfile,
                    n_qubits: int | None) -> tuple[int, qml.tape.QuantumScript]:
    """SWAPs the router inserted, and the compiled tape (one sample)."""
    swaps, routed = _route(tape, profile, n_qubits)
    fused = _one_tape(routed, qml.transforms.single_qubit_fusion)
    return swaps, _to_native(fused, profile)


#: single_qubit_fusion's default tolerance: a fused rotation this close to identity is dropped.
_FUSION_ATOL = 1e-8


def _rot_angles(op: qml.operation.Operator) -> Any:
    """``op``'s Rot angles, shape (3,) or (batch, 3), or None for a gate that cannot fuse."""
    try:
        angles = op.single_qubit_rot_angles()
    except (NotImplementedError, AttributeError):
        return None
    if op.batch_size is None:
        return qml.math.stack(angles)
    batched = next(a for a in angles if qml.math.ndim(a) == 1)
    # 0 * batched broadcasts a constant angle (0, pi/2, ...) exactly, in the batch's interface
    return qml.math.stack([a + 0 * batched for a in angles], axis=-1)


def _fuse_pair(first: Any, second: Any) -> Any:
    """fuse_rot_angles on angles of shape (3,) or (batch, 3), as it would do sample by sample.

    With gradients it takes its general formula, row by row; without, it may take exact
    shortcuts decided per sample, so those (cheap, gradient-free) pairs go sample by sample.
    """
    # one interface for both (a Hadamard's numpy angles meet torch ones: PennyLane's
    # fuse_rot_angles cannot add those); the values are unchanged
    like = second if qml.math.get_interface(first) == "numpy" else first
    first, second = (qml.math.convert_like(a, like) for a in (first, second))
    batched = max(qml.math.ndim(first), qml.math.ndim(second)) == 2
    if not batched or qml.math.requires_grad(first) or qml.math.requires_grad(second):
        return fuse_rot_angles(first, second)
    like = first if qml.math.ndim(first) == 2 else second
    rows = [fuse_rot_angles(first[i] if qml.math.ndim(first) == 2 else first,
                            second[i] if qml.math.ndim(second) == 2 else second)
            for i in range(like.shape[0])]
    return qml.math.stack(rows)


def _trivial(angles: Any) -> Any:
    """Per sample: is the fused rotation the identity (single_qubit_fusion then drops it)?"""
    flat = qml.math.reshape(angles, (-1, 3))
    small = qml.math.abs(qml.math.stack([flat[:, 0] + flat[:, 2], flat[:, 1]], axis=-1))
    return np.all(np.asarray(qml.math.to_numpy(small)) <= _FUSION_ATOL, axis=-1)


def _fuse_broadcast(tape: qml.tape.QuantumScript) -> qml.tape.QuantumScript | None:
    """``qml.transforms.single_qubit_fusion`` of a broadcast tape, or None where it differs.

    PennyLane's transform cannot stack broadcast angles; this follows its steps exactly
    (``find_next_gate``, ``fuse_rot_angles``, a lone gate kept as it is, a fused identity
    dropped unless it carries gradients), one batch at a time. Where the identity test comes
    out differently for different samples, their gates differ: None (compile sample by sample).
    """
    remaining = list(tape.operations)
    operations = []
    while remaining:
        current = remaining.pop(0)
        angles = _rot_angles(current)
        following = find_next_gate(current.wires, remaining)
        if angles is None or following is None:
            operations.append(current)
            continue
        while following is not None:
            more = _rot_angles(remaining[following])
            if more is None:
                break
            angles = _fuse_pair(angles, more)
            remaining.pop(following)
            following = find_next_gate(current.wires, remaining)
        trivial = _trivial(angles)
        if qml.math.requires_grad(angles) or not trivial.any():
            operations.append(qml.Rot(*qml.math.moveaxis(angles, -1, 0), wires=current.wires))
        elif not trivial.all():
            return None
    return tape.copy(operations=operations)


@qml.transform
def compile_to_profile(tape: qml.tape.QuantumScript, profile: DeviceProfile,
                       n_qubits: int | None = None, per_sample: bool = False):
    """Compile a circuit to the native gates and coupling map of ``profile``.

    Parameters
    ----------
    tape : QNode, quantum function or tape
        The circuit, on wires ``0 .. n_qubits - 1``.
    profile : DeviceProfile
        Target device.
    n_qubits : int, optional
        Logical qubits (default: the circuit's wires); they are placed by :func:`layout`.

    Returns
    -------
    The compiled circuit (a PennyLane transform's usual return), on logical wire labels.
    A broadcast (batched) circuit stays one broadcast circuit: decomposition and routing
    depend on the structure only, and the fusion of one-qubit gates is done for the whole
    batch (:func:`_fuse_broadcast`), giving every sample the gates it gets compiled alone. In
    the rare batch where a fused rotation is the identity for some samples only (then dropped
    for those), or with ``per_sample=True``, each sample is compiled apart, as a device would
    run it.

    Examples
    --------
    >>> import pennylane as qml
    >>> from qnnlab.hardware import profiles
    >>> def circuit(a):
    ...     qml.RY(a, 0)
    ...     qml.CNOT([0, 1])
    ...     return qml.expval(qml.Z(1))
    >>> compiled = compile_to_profile(circuit, profile=profiles.get("trapped_ion"))
    >>> dev = qml.device("default.qubit", wires=2)
    >>> bool(np.isclose(qml.QNode(compiled, dev)(0.4), np.cos(0.4)))
    True
    """
    if per_sample:  # the reference: PennyLane's own single_qubit_fusion, sample by sample
        tapes, stack = qml.transforms.broadcast_expand(tape)
        return [_compile_stages(t, profile, n_qubits)[1] for t in tapes], stack
    compiled = _compile_batch(tape, profile, n_qubits)
    if compiled is not None:
        return [compiled], _first
    tapes, stack = qml.transforms.broadcast_expand(tape)
    return [_compile_batch(t, profile, n_qubits) for t in tapes], stack


def _compile_batch(tape: qml.tape.QuantumScript, profile: DeviceProfile,
                   n_qubits: int | None) -> qml.tape.QuantumScript | None:
    """The compiled tape (broadcast or not), or None where samples need different gates."""
    _, routed = _route(tape, profile, n_qubits)
    fused = _fuse_broadcast(routed)
    return None if fused is None else _to_native(fused, profile)


def _first(results: Any) -> Any:
    return results[0]


def asap_schedule(tape: qml.tape.QuantumScript, profile: DeviceProfile
                  ) -> tuple[list[tuple[qml.operation.Operator, dict]], dict]:
    """Schedule every gate as early as possible with the profile's gate times.

    Returns
    -------
    steps : list of (operation, waits)
        Each operation with ``{wire: seconds}``, how long each of its wires waited before it.
    ends : dict
        The time each wire's last gate ends.

    Examples
    --------
    >>> from qnnlab.hardware import profiles
    >>> tape = qml.tape.QuantumScript([qml.SX(0), qml.CNOT([0, 1])])
    >>> steps, ends = asap_schedule(tape, profiles.get("toy_line"))  # SX 50 ns, CNOT 500 ns
    >>> steps[1][1], ends
    ({0: 0.0, 1: 5e-08}, {0: 5.5e-07, 1: 5.5e-07})
    """
    ends = {wire: 0.0 for wire in tape.wires}
    steps = []
    for op in tape.operations:
        start = max((ends[w] for w in op.wires), default=0.0)
        steps.append((op, {w: start - ends[w] for w in op.wires}))
        for wire in op.wires:
            ends[wire] = start + profile.gate_times.get(op.name, 0.0)
    return steps, ends


def duration(tape: qml.tape.QuantumScript, profile: DeviceProfile) -> float:
    """Seconds from the first gate to the end of readout, gates scheduled as early as possible.

    Examples
    --------
    >>> from qnnlab.hardware import profiles
    >>> p = profiles.get("toy_line")  # SX 50 ns, CNOT 500 ns, readout 1 us
    >>> tape = qml.tape.QuantumScript([qml.SX(0), qml.SX(0), qml.CNOT([0, 1])])
    >>> round(duration(tape, p) * 1e9)
    1600
    """
    _, ends = asap_schedule(tape, profile)
    return max(ends.values(), default=0.0) + profile.readout_time


def compiled_summary(tape: qml.tape.QuantumScript, profile: DeviceProfile,
                     n_qubits: int | None = None) -> dict[str, Any]:
    """Compile ``tape`` to ``profile`` and count what the device will run.

    Returns
    -------
    dict
        ``gate_counts``, ``gates``, ``depth``, ``two_qubit_gates``, ``swaps`` (SWAPs the router
        inserted, three native two-qubit gates each) and ``duration_s`` (:func:`duration`).

    Examples
    --------
    >>> from qnnlab.hardware import profiles
    >>> tape = qml.tape.QuantumScript([qml.CNOT([0, 2])], [qml.expval(qml.Z(0))])
    >>> s = compiled_summary(tape, profiles.get("toy_line"), n_qubits=3)
    >>> s["swaps"], s["two_qubit_gates"]  # one SWAP (3 CNOTs) and the CNOT itself
    (1, 4)
    """
    swaps, compiled = _compile_stages(tape, profile, n_qubits)
    specs = compiled.specs["resources"]
    return {
        "gate_counts": dict(Counter(op.name for op in compiled.operations)),
        "gates": len(compiled.operations),
        "depth": int(specs.depth),
        "two_qubit_gates": sum(len(op.wires) == 2 for op in compiled.operations),
        "swaps": swaps,
        "duration_s": duration(compiled, profile),
    }

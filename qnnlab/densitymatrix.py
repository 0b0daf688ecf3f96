"""Fast noisy simulation: a batched density-matrix simulator in Pauli-transfer form, in torch.

PennyLane's ``default.mixed`` keeps a ``2**n x 2**n`` complex density matrix and applies every
gate and every noise channel to it one after the other. This module simulates the same circuits
(the same PennyLane tapes, with the same noise channels) faster, in three steps that a learner
can follow:

**1. A real state.** Any density matrix of ``n`` qubits is a real combination of Pauli strings,

.. math:: \\rho = \\frac{1}{2^n} \\sum_{P \\in \\{I, X, Y, Z\\}^{\\otimes n}} c_P\\, P,
   \\qquad c_P = \\mathrm{Tr}(P \\rho) \\in [-1, 1].

We keep the ``4**n`` real numbers ``c_P`` in a tensor with one axis of length 4 per qubit (half
the memory of the complex matrix). ``<Z_i>`` is simply the coefficient of the string with ``Z`` on
qubit ``i``; the initial state ``|0...0>`` has ``c_P = 1`` for every string of ``I`` and ``Z``.

**2. Every operation is a real matrix.** A gate ``U`` or a channel with Kraus matrices ``K_k``
maps Pauli coefficients linearly: its *Pauli transfer matrix* (PTM) is
``R[i, j] = Tr(P_i E(P_j)) / 2**m`` on its ``m`` qubits, a real ``4**m x 4**m`` matrix
(:func:`pauli_transfer_matrix`). Applying it to one qubit's axis is the same contraction as a
gate on a state vector (:func:`apply_ptm`).

**3. Fusion.** Consecutive operations on the same one or two qubits are multiplied together
first (a few 16 x 16 products) and applied to the big state once (:func:`fuse`): a gate with the
noise after it, a whole column of rotations, encoding and noise on a qubit become one pass over
the state. For a strongly entangling layer with noise after every gate that is ~8 passes over
the state instead of ~50.

A whole mini-batch is one more axis in front, as in :mod:`qnnlab.statevector`, and torch's
autograd differentiates everything (backpropagation). :class:`PauliTransferDevice` wraps this as
a PennyLane device, so noise models, compilation to a device profile and zero-noise
extrapolation all run through PennyLane exactly as on ``default.mixed``:
:func:`qnnlab.circuits.make_device` picks it automatically for noisy circuits with exact
expectation values and backpropagation (see :func:`qnnlab.circuits.uses_fast_noisy_path`).
Results agree with ``default.mixed`` to about 1e-12 (``tests/test_noisy_fast.py``).

Examples
--------
>>> import pennylane as qml
>>> dev = PauliTransferDevice(wires=1)
>>> @qml.qnode(dev)
... def circuit(p):
...     qml.RX(torch.pi, wires=0)
...     qml.DepolarizingChannel(p, wires=0)
...     return qml.expval(qml.Z(0))
>>> round(float(circuit(0.3)), 6)  # <Z> = -(1 - 4p/3)
-0.6
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pennylane as qml
import torch
from pennylane.devices import Device, ExecutionConfig
from pennylane.devices.modifiers import simulator_tracking, single_tape_support
from pennylane.devices.preprocess import (
    decompose,
    no_sampling,
    validate_device_wires,
    validate_measurements,
)
from pennylane.exceptions import DeviceError
from pennylane.math import Interface
from pennylane.transforms.core import CompilePipeline

__all__ = [
    "PAULI_BASIS",
    "pauli_transfer_matrix",
    "zero_state",
    "from_density_matrix",
    "to_density_matrix",
    "apply_ptm",
    "fuse",
    "simulate_tape",
    "PauliTransferDevice",
]

RDTYPE = torch.float64
CDTYPE = torch.complex128
#: Operations that act on at most this many qubits are fused and applied as one PTM.
MAX_FUSED_WIRES = 2

_I = [[1, 0], [0, 1]]
_X = [[0, 1], [1, 0]]
_Y = [[0, -1j], [1j, 0]]
_Z = [[1, 0], [0, -1]]
#: The one-qubit Pauli matrices I, X, Y, Z, shape (4, 2, 2): index 0..3 is a qubit's axis value.
PAULI_BASIS = torch.tensor([_I, _X, _Y, _Z], dtype=CDTYPE)
_LETTERS = {"I": 0, "X": 1, "Y": 2, "Z": 3}
#: Operations that change nothing one can measure (a global phase included).
_NO_EFFECT = ("Identity", "GlobalPhase", "Barrier", "Snapshot")


def _pauli_basis(n_wires: int) -> torch.Tensor:
    """All Pauli strings on ``n_wires`` qubits as matrices, shape ``(4**m, 2**m, 2**m)``."""
    basis = PAULI_BASIS
    for _ in range(n_wires - 1):
        basis = torch.einsum("iab,jcd->ijacbd", basis, PAULI_BASIS)
        side = basis.shape[2] * basis.shape[3]
        basis = basis.reshape(-1, side, side)
    return basis


_BASES = {m: _pauli_basis(m) for m in range(1, MAX_FUSED_WIRES + 1)}
_FLAT_BASES = {m: basis.reshape(basis.shape[0], -1) for m, basis in _BASES.items()}


# --- operations as Pauli transfer matrices -----------------------------------------------------


def pauli_transfer_matrix(kraus: Sequence[Any]) -> torch.Tensor:
    """The real Pauli transfer matrix ``R[i, j] = Tr(P_i E(P_j)) / 2**m`` of a channel.

    Parameters
    ----------
    kraus : sequence of array-like
        The Kraus matrices ``K_k`` of ``E(rho) = sum_k K_k rho K_k^dagger``, each
        ``(2**m, 2**m)`` or a batch ``(batch, 2**m, 2**m)``; a gate ``U`` is ``[U]``.

    Returns
    -------
    torch.Tensor
        Shape ``(4**m, 4**m)`` (or ``(batch, 4**m, 4**m)``), float64; differentiable.

    Examples
    --------
    >>> import pennylane as qml
    >>> r = pauli_transfer_matrix(qml.DepolarizingChannel(0.3, wires=0).kraus_matrices())
    >>> torch.diagonal(r).numpy().round(6).tolist()  # I kept, X, Y, Z shrink by 1 - 4p/3
    [1.0, 0.6, 0.6, 0.6]
    >>> pauli_transfer_matrix([qml.X(0).matrix()]).numpy().round(6).diagonal().tolist()
    [1.0, 1.0, -1.0, -1.0]
    """
    mats = torch.stack([torch.as_tensor(k).to(CDTYPE) for k in kraus])  # (k, [batch,] d, d)
    side = mats.shape[-1]
    n_wires = side.bit_length() - 1
    if side != 2**n_wires or n_wires not in _BASES:
        raise ValueError(
            f"pauli_transfer_matrix takes operations on 1 to {MAX_FUSED_WIRES} qubits; got "
            f"matrices of shape {tuple(mats.shape[-2:])}."
        )
    basis = _BASES[n_wires]
    # E(P_j) = sum_k K_k P_j K_k^dagger (k first, then any batch axes, then j) ...
    kraus = mats.unsqueeze(-3)
    images = (kraus @ basis @ kraus.conj().transpose(-1, -2)).sum(dim=0)
    # ... then R[i, j] = Tr(P_i E(P_j)) / d = sum_ab P_i[a, b] E(P_j)[b, a] / d.
    flat_images = images.transpose(-1, -2).reshape(*images.shape[:-2], side * side)
    return (_FLAT_BASES[n_wires] @ flat_images.transpose(-1, -2)).real / side


def _is_torch(value: Any) -> bool:
    return isinstance(value, torch.Tensor)


def _op_kraus(op: qml.operation.Operator) -> list[Any]:
    if isinstance(op, qml.operation.Channel):
        return op.kraus_matrices()
    return [op.matrix()]


_PTM_CACHE: dict[tuple, torch.Tensor] = {}
_PTM_CACHE_SIZE = 4096


def _constant_key(op: qml.operation.Operator) -> tuple | None:
    # Operations without torch data (noise channels, CNOT...) are the same matrix every call.
    parts: list[Any] = [op.name, len(op.wires)]
    for datum in op.data:
        if _is_torch(datum):
            return None
        array = np.asarray(datum)
        parts.append((array.shape, array.tobytes()))
    return tuple(parts)


def operation_ptm(op: qml.operation.Operator) -> torch.Tensor:
    """The Pauli transfer matrix of a PennyLane gate or channel (cached when constant).

    Examples
    --------
    >>> import pennylane as qml
    >>> operation_ptm(qml.CNOT([0, 1])).shape
    torch.Size([16, 16])
    """
    key = _constant_key(op)
    if key is not None and key in _PTM_CACHE:
        return _PTM_CACHE[key]
    ptm = pauli_transfer_matrix(_op_kraus(op))
    if key is not None and len(_PTM_CACHE) < _PTM_CACHE_SIZE:
        _PTM_CACHE[key] = ptm
    return ptm


# --- states --------------------------------------------------------------------------------------


def zero_state(n_qubits: int, batch_size: int = 1) -> torch.Tensor:
    """Pauli coefficients of ``|0...0><0...0|``: 1 on strings of I and Z, shape ``(batch, 4, ...)``.

    Examples
    --------
    >>> zero_state(1).tolist()  # c_I = 1, c_X = c_Y = 0, c_Z = <Z> = 1
    [[1.0, 0.0, 0.0, 1.0]]
    """
    one = torch.tensor([1.0, 0.0, 0.0, 1.0], dtype=RDTYPE)
    state = torch.ones((), dtype=RDTYPE)
    for _ in range(n_qubits):
        state = torch.tensordot(state, one, dims=0)
    return state.expand((batch_size,) + (4,) * n_qubits).clone()


def from_density_matrix(rho: Any, n_qubits: int) -> torch.Tensor:
    """Pauli coefficients ``c_P = Tr(P rho)`` of density matrices ``(batch, 2**n, 2**n)``.

    Examples
    --------
    >>> plus = torch.full((1, 2, 2), 0.5, dtype=torch.complex128)  # |+><+|
    >>> from_density_matrix(plus, 1).numpy().round(6).tolist()
    [[1.0, 1.0, 0.0, 0.0]]
    """
    rho = torch.as_tensor(rho).to(CDTYPE).reshape((-1,) + (2,) * (2 * n_qubits))
    for wire in range(n_qubits):
        # Tr(P rho) over this qubit: sum_{r,s} P[r, s] rho[s, r]; the new Pauli axis goes last.
        rho = torch.einsum("prs,bs...r->b...p", PAULI_BASIS,
                           rho.movedim((1, n_qubits - wire + 1), (1, -1)))
    return rho.real.contiguous()


def to_density_matrix(state: torch.Tensor) -> torch.Tensor:
    """The density matrices ``(batch, 2**n, 2**n)`` of Pauli coefficients ``(batch, 4, ...)``.

    Examples
    --------
    >>> to_density_matrix(zero_state(1))[0].real.tolist()
    [[1.0, 0.0], [0.0, 0.0]]
    """
    n_qubits = state.ndim - 1
    rho = state.to(CDTYPE)
    for _ in range(n_qubits):
        # Replace the first Pauli axis by a (row, column) pair at the end, halving: P / 2.
        rho = torch.einsum("bp...,prc->b...rc", rho, PAULI_BASIS / 2)
    # Axes are now (r0, c0, r1, c1, ...): rows first, then columns.
    order = [1 + 2 * q for q in range(n_qubits)] + [2 + 2 * q for q in range(n_qubits)]
    rho = rho.permute(0, *order)
    return rho.reshape(rho.shape[0], 2**n_qubits, 2**n_qubits)


def apply_ptm(state: torch.Tensor, ptm: torch.Tensor, wires: Sequence[int]) -> torch.Tensor:
    """Apply a Pauli transfer matrix on ``wires`` (qubit indices) to a batch of states.

    Parameters
    ----------
    state : torch.Tensor
        Pauli coefficients, shape ``(batch, 4, ..., 4)``.
    ptm : torch.Tensor
        ``(4**m, 4**m)`` for every sample, or ``(batch, 4**m, 4**m)``.
    wires : sequence of int
        The ``m`` qubits, in the PTM's order.

    Examples
    --------
    >>> import pennylane as qml
    >>> flip = operation_ptm(qml.X(0))
    >>> apply_ptm(zero_state(2), flip, [1])[0, 0].tolist()  # <Z_1> is now -1
    [1.0, 0.0, 0.0, -1.0]
    """
    axes = [w + 1 for w in wires]
    ends = list(range(-len(wires), 0))
    moved = state.movedim(axes, ends)
    shape = moved.shape
    flat = moved.reshape(shape[0], -1, 4 ** len(wires))
    out = flat @ ptm.transpose(-1, -2)
    return out.reshape(shape).movedim(ends, axes)


# --- fusion --------------------------------------------------------------------------------------


@dataclass
class _Block:
    wires: list[int]
    items: list[tuple[torch.Tensor, tuple[int, ...]]] = field(default_factory=list)

    def ptm(self) -> torch.Tensor:
        total = None
        for ptm, wires in self.items:
            full = _embed(ptm, wires, self.wires)
            total = full if total is None else full @ total
        return total


def _embed(ptm: torch.Tensor, wires: tuple[int, ...], block_wires: list[int]) -> torch.Tensor:
    """A PTM on ``wires`` written on the (one or two) ``block_wires``."""
    if list(wires) == block_wires:
        return ptm
    eye = torch.eye(4, dtype=RDTYPE)
    if len(wires) == 2:  # the same two qubits in the other order: swap both index pairs
        swapped = ptm.reshape(*ptm.shape[:-2], 4, 4, 4, 4).transpose(-4, -3).transpose(-2, -1)
        return swapped.reshape(ptm.shape)
    if block_wires.index(wires[0]) == 0:  # R on the first qubit: R[i, j] I[k, l] at (ik, jl)
        full = ptm[..., :, None, :, None] * eye[:, None, :]
    else:
        full = eye[:, None, :, None] * ptm[..., None, :, None, :]
    return full.reshape(*ptm.shape[:-2], 16, 16)


def fuse(operations: Sequence[tuple[torch.Tensor, tuple[int, ...]]]
         ) -> list[tuple[torch.Tensor, tuple[int, ...]]]:
    """Fuse ``(ptm, wires)`` operations into as few as possible on at most two qubits each.

    An operation joins the latest block of its qubits when together they span at most
    two qubits; a one-qubit block with nothing after it may move later to join too (it commutes
    with everything in between, which acts on other qubits). The result acts exactly as the
    operations in order.

    Examples
    --------
    >>> import pennylane as qml
    >>> ops = [(operation_ptm(qml.RX(0.1, 0)), (0,)), (operation_ptm(qml.RY(0.2, 1)), (1,)),
    ...        (operation_ptm(qml.CNOT([0, 1])), (0, 1)), (operation_ptm(qml.RZ(0.3, 0)), (0,))]
    >>> [wires for _, wires in fuse(ops)]  # four operations, one pass over the state
    [(1, 0)]
    """
    blocks: list[_Block | None] = []
    latest: dict[int, int] = {}  # qubit -> index of the last block acting on it
    for ptm, wires in operations:
        target = _join_target(blocks, latest, wires)
        if target is None:
            blocks.append(_Block(list(wires)))
            target = len(blocks) - 1
        blocks[target].items.append((ptm, wires))
        # The op's qubits (and those of blocks merged into the target) now end in the target;
        # the target's other qubits may have later blocks already.
        for wire in blocks[target].wires:
            if wire in wires or latest.get(wire) is None or blocks[latest[wire]] is None:
                latest[wire] = target
    return [(b.ptm(), tuple(b.wires)) for b in blocks if b is not None]


def _join_target(blocks: list, latest: dict[int, int], wires: tuple[int, ...]) -> int | None:
    """The block an operation on ``wires`` joins (merging movable blocks into it), or None."""
    found = sorted({latest[w] for w in wires if w in latest})
    if not found:
        return None
    union = set(wires).union(*(blocks[i].wires for i in found))
    if len(union) > MAX_FUSED_WIRES:
        return None
    *earlier, target = found
    # An earlier block moves later into the target: nothing after it may touch its qubits.
    if any(any(latest[w] != i for w in blocks[i].wires) for i in earlier):
        return None
    block = blocks[target]
    for i in earlier:
        block.items[:0] = blocks[i].items  # disjoint qubits: the order between them is free
        block.wires += blocks[i].wires
        blocks[i] = None
    block.wires += [w for w in wires if w not in block.wires]
    return target


# --- simulation ----------------------------------------------------------------------------------


def _initial_state(tape: qml.tape.QuantumScript, wire_order: qml.wires.Wires,
                   batch: int) -> tuple[torch.Tensor, list]:
    ops = list(tape.operations)
    n_qubits = len(wire_order)
    if ops and isinstance(ops[0], qml.operation.StatePrepBase):
        psi = torch.as_tensor(ops[0].state_vector(wire_order=wire_order)).to(CDTYPE)
        psi = psi.reshape(-1, 2**n_qubits)
        rho = psi[:, :, None] * psi[:, None, :].conj()
        state = from_density_matrix(rho, n_qubits)
        return state.expand((batch,) + state.shape[1:]), ops[1:]
    return zero_state(n_qubits, batch), ops


def _ptm_operations(ops: Sequence[qml.operation.Operator], wire_order: qml.wires.Wires
                    ) -> list[tuple[torch.Tensor, tuple[int, ...]]]:
    out = []
    for op in ops:
        if op.name in _NO_EFFECT:
            continue
        if isinstance(op, qml.operation.StatePrepBase):
            raise DeviceError(f"{op.name} is only supported as the first operation.")
        out.append((operation_ptm(op), tuple(wire_order.indices(op.wires))))
    return out


def simulate_tape(tape: qml.tape.QuantumScript, wire_order: Any = None) -> tuple:
    """Run a tape of gates and channels (at most two qubits each) and return its measurements.

    Parameters
    ----------
    tape : QuantumScript
        Operations with matrices or Kraus matrices on one or two qubits (a state preparation
        first is allowed), broadcast or not; analytic ``expval`` of Pauli observables, ``var``,
        ``probs`` and ``state``/``density_matrix``.
    wire_order : wires, optional
        The device's wires (default: the tape's).

    Returns
    -------
    tuple
        One torch tensor per measurement, shaped like ``default.mixed``'s results.

    Examples
    --------
    >>> import pennylane as qml
    >>> tape = qml.tape.QuantumScript([qml.RY(torch.tensor([0.0, torch.pi / 2]), 0)],
    ...                               [qml.expval(qml.Z(0)), qml.probs(wires=[0])])
    >>> z, p = simulate_tape(tape)
    >>> z.numpy().round(6).tolist(), p.numpy().round(6).tolist()
    ([1.0, 0.0], [[1.0, 0.0], [0.5, 0.5]])
    """
    wire_order = qml.wires.Wires(tape.wires if wire_order is None else wire_order)
    batch = tape.batch_size or 1
    state, ops = _initial_state(tape, wire_order, batch)
    for ptm, wires in fuse(_ptm_operations(ops, wire_order)):
        state = apply_ptm(state, ptm, wires)
    results = tuple(_measure(mp, state, wire_order) for mp in tape.measurements)
    if tape.batch_size is None:
        results = tuple(r[0] for r in results)
    return results


def _pauli_expval(sentence: Any, state: torch.Tensor, wire_order: qml.wires.Wires
                  ) -> torch.Tensor:
    total = torch.zeros(state.shape[0], dtype=RDTYPE)
    for word, coeff in sentence.items():
        index = [0] * len(wire_order)
        for wire, letter in word.items():
            index[wire_order.index(wire)] = _LETTERS[letter]
        total = total + float(np.real(coeff)) * state[(slice(None), *index)]
    return total


def _reduced(state: torch.Tensor, keep: list[int]) -> torch.Tensor:
    """Coefficients of the qubits ``keep`` (in that order): the others traced out (their I)."""
    n_qubits = state.ndim - 1
    index = tuple([slice(None)] + [slice(None) if q in keep else 0 for q in range(n_qubits)])
    reduced = state[index]
    kept_in_order = sorted(keep)
    return reduced.permute(0, *[1 + kept_in_order.index(q) for q in keep])


_Z_TO_BITS = torch.tensor([[1.0, 1.0], [1.0, -1.0]], dtype=RDTYPE) / 2


def _probabilities(state: torch.Tensor, keep: list[int]) -> torch.Tensor:
    diag = _reduced(state, keep)[(slice(None),) + (slice(0, 4, 3),) * len(keep)]
    for _ in keep:  # (I, Z) coefficients -> (P(0), P(1)), axis by axis, moved to the end
        diag = torch.einsum("bs...,xs->b...x", diag, _Z_TO_BITS)
    return diag.reshape(diag.shape[0], -1)


def _measure(mp: Any, state: torch.Tensor, wire_order: qml.wires.Wires) -> torch.Tensor:
    keep = list(wire_order.indices(mp.wires)) if mp.wires else list(range(len(wire_order)))
    if isinstance(mp, qml.measurements.ExpectationMP):
        return _pauli_expval(mp.obs.pauli_rep, state, wire_order)
    if isinstance(mp, qml.measurements.VarianceMP):
        rep = mp.obs.pauli_rep
        mean = _pauli_expval(rep, state, wire_order)
        return _pauli_expval(rep @ rep, state, wire_order) - mean**2
    if isinstance(mp, qml.measurements.ProbabilityMP) and mp.obs is None:
        return _probabilities(state, keep)
    if isinstance(mp, qml.measurements.StateMP):
        return to_density_matrix(_reduced(state, keep))
    raise DeviceError(f"{type(mp).__name__} is not supported by qnnlab.pauli_transfer.")


# --- the PennyLane device ------------------------------------------------------------------------


def _stopping_condition(op: qml.operation.Operator) -> bool:
    if op.name in _NO_EFFECT:
        return True
    if len(op.wires) > MAX_FUSED_WIRES or len(op.wires) == 0:
        return False
    if isinstance(op, qml.operation.Channel):
        return True
    return op.has_matrix and not isinstance(op, qml.operation.StatePrepBase)


def _accepted_measurement(mp: Any) -> bool:
    if isinstance(mp, (qml.measurements.ExpectationMP, qml.measurements.VarianceMP)):
        return mp.obs is not None and mp.obs.pauli_rep is not None
    if isinstance(mp, qml.measurements.ProbabilityMP):
        return mp.obs is None
    return isinstance(mp, qml.measurements.StateMP)


@simulator_tracking
@single_tape_support
class PauliTransferDevice(Device):
    """A PennyLane device: exact noisy simulation in Pauli-transfer form, in torch.

    Runs any circuit of one- and two-qubit gates (larger ones are decomposed) and noise
    channels, broadcast over a batch, with analytic ``expval`` of Pauli-word observables (and
    their sums), ``var``, ``probs`` and ``state``. Differentiable by backpropagation with the
    torch interface; numpy inputs give numpy results. No shots: sampling stays on
    ``default.mixed``.

    Parameters
    ----------
    wires : int or iterable
        The device's wires.

    Examples
    --------
    >>> import pennylane as qml
    >>> dev = PauliTransferDevice(wires=2)
    >>> @qml.qnode(dev)
    ... def bell():
    ...     qml.Hadamard(0)
    ...     qml.CNOT([0, 1])
    ...     return qml.probs(wires=[0, 1])
    >>> bell().round(6).tolist()
    [0.5, 0.0, 0.0, 0.5]
    """

    @property
    def name(self) -> str:
        """The device's name."""
        return "qnnlab.pauli_transfer"

    def __init__(self, wires: Any = None, shots: Any = None) -> None:
        if shots is not None:
            raise DeviceError(
                f"{self.name} computes exact values only; got shots={shots!r}. Use "
                "default.mixed for sampled results."
            )
        super().__init__(wires=wires, shots=None)

    def supports_derivatives(self, execution_config: ExecutionConfig | None = None,
                             circuit: Any = None) -> bool:
        """Backpropagation (torch), for exact results."""
        if execution_config is None:
            return True
        return execution_config.gradient_method in {"backprop", "best"} and \
            execution_config.interface in (Interface.TORCH, Interface.NUMPY, Interface.AUTO,
                                           None)

    def setup_execution_config(self, config: ExecutionConfig | None = None,
                               circuit: Any = None) -> ExecutionConfig:
        """Fill in ``best`` as backpropagation."""
        config = config or ExecutionConfig()
        updated: dict[str, Any] = {"grad_on_execution": False}
        if config.gradient_method == "best":
            updated["gradient_method"] = "backprop"
        updated["use_device_gradient"] = config.gradient_method in {"backprop", "best"}
        return replace(config, **updated)

    def preprocess_transforms(self, execution_config: ExecutionConfig | None = None
                              ) -> CompilePipeline:
        """Decompose to one- and two-qubit operations; check wires and measurements."""
        program = CompilePipeline()
        program.add_transform(decompose, stopping_condition=_stopping_condition, name=self.name)
        program.add_transform(no_sampling, name=self.name)
        program.add_transform(validate_device_wires, self.wires, name=self.name)
        program.add_transform(validate_measurements, analytic_measurements=_accepted_measurement,
                              name=self.name)
        return program

    def execute(self, circuits: Any, execution_config: ExecutionConfig | None = None) -> tuple:
        """Simulate every circuit; torch results for torch inputs, numpy otherwise."""
        config = execution_config or ExecutionConfig()
        results = []
        for tape in circuits:
            result = simulate_tape(tape, self.wires if self.wires is not None else None)
            if config.interface != Interface.TORCH and not any(
                    _is_torch(d) for d in tape.get_parameters(trainable_only=False)):
                result = tuple(r.detach().numpy() for r in result)
            results.append(result[0] if len(tape.measurements) == 1 else result)
        return tuple(results)

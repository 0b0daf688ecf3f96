"""Look under the hood: a small, batched state-vector simulator written in plain torch.

PennyLane simulates our circuits for us. This module does the same job by hand, in a few dozen
lines, so that learners can see that there is no magic - and so that the tests have an
independent oracle and the benchmarks a speed reference.

**What a state vector is.** The state of ``n`` qubits is a list of ``2**n`` complex amplitudes,
one per basis state ``|b_0 b_1 ... b_{n-1}>``; the probability of measuring a basis state is its
amplitude's squared modulus. Instead of a flat list we keep the amplitudes in a tensor with one
axis of length 2 per qubit, ``psi[b_0, b_1, ..., b_{n-1}]``: qubit ``i`` *is* axis ``i``. Read
row-major, this tensor is exactly PennyLane's flat state (wire 0 is the most significant bit).

**How a gate acts on one axis.** A single-qubit gate is a 2x2 matrix ``U``. Applied to qubit
``i`` it mixes the two slices ``psi[..., 0, ...]`` and ``psi[..., 1, ...]`` of axis ``i`` and
leaves every other index alone:

.. math:: \\psi'[\\dots, j, \\dots] = \\sum_k U_{jk}\\, \\psi[\\dots, k, \\dots].

That is a contraction over one axis (``torch.einsum``), costing ``O(2**n)`` instead of building
the ``2**n x 2**n`` matrix ``I x ... x U x ... x I``. A controlled gate applies ``U`` to the
target only in the half of the tensor where the control qubit is 1.

**Why batching works.** A whole mini-batch of samples is one more axis in front:
``state[b, b_0, ..., b_{n-1}]``. Every sample has its own encoding angle, so the encoding gates
are a *batch* of 2x2 matrices, shape ``(batch, 2, 2)``, and the contraction pairs sample ``b``'s
matrix with sample ``b``'s state. The trainable gates are shared: one 2x2 matrix broadcasts over
the batch. One tensor operation thus advances all samples at once, and torch's autograd
differentiates the whole simulation (backpropagation), just as PennyLane's ``default.qubit`` does.

Supported here: the encodings ``angle``, ``dense_angle`` and ``reuploading``; the ansätze
``strongly_entangling``, ``basic_entangler`` and ``hardware_efficient`` (with their topology and
entangler options); noise-free, exact ``expval``, ``probs`` or ``state`` measurements. For noise,
use PennyLane's ``default.mixed`` (via :func:`qnnlab.circuits.build_qnode`).

Examples
--------
>>> import torch
>>> state = zero_state(n_qubits=1, batch_size=3)
>>> theta = torch.tensor([0.0, torch.pi / 2, torch.pi], dtype=torch.float64)
>>> state = apply_gate(state, ry(theta), wire=0)   # one RY angle per sample
>>> expval_z(state)[:, 0].numpy().round(6).tolist()  # <Z> = cos(theta)
[1.0, 0.0, -1.0]
"""

from __future__ import annotations

from typing import Any

import torch

from qnnlab import ansatze, encodings
from qnnlab.circuits import CircuitConfig, split_weights, x_times_scaling

__all__ = [
    "SUPPORTED_ENCODINGS",
    "SUPPORTED_ANSATZE",
    "zero_state",
    "rx",
    "ry",
    "rz",
    "rot",
    "PAULI_X",
    "PAULI_Z",
    "apply_gate",
    "apply_controlled",
    "cnot",
    "cz",
    "expval_z",
    "probabilities",
    "check_supported",
    "simulate",
]

SUPPORTED_ENCODINGS = ("angle", "dense_angle", "reuploading")
SUPPORTED_ANSATZE = ("strongly_entangling", "basic_entangler", "hardware_efficient")
CDTYPE = torch.complex128

PAULI_X = torch.tensor([[0, 1], [1, 0]], dtype=CDTYPE)
PAULI_Z = torch.tensor([[1, 0], [0, -1]], dtype=CDTYPE)


# --- states ------------------------------------------------------------------------------------


def zero_state(n_qubits: int, batch_size: int = 1) -> torch.Tensor:
    """The state ``|0...0>`` for every sample: shape ``(batch_size, 2, ..., 2)``, complex128.

    Examples
    --------
    >>> zero_state(2, batch_size=1).reshape(-1)
    tensor([1.+0.j, 0.+0.j, 0.+0.j, 0.+0.j], dtype=torch.complex128)
    """
    state = torch.zeros((batch_size,) + (2,) * n_qubits, dtype=CDTYPE)
    state[(slice(None),) + (0,) * n_qubits] = 1.0
    return state


def _qubit_axis(wire: int) -> int:
    # Axis 0 is the batch; qubit i is axis i + 1.
    return wire + 1


# --- gate matrices -----------------------------------------------------------------------------


def _as_angle(theta: Any) -> torch.Tensor:
    return torch.as_tensor(theta, dtype=torch.float64)


def _matrix(a: torch.Tensor, b: torch.Tensor, c: torch.Tensor, d: torch.Tensor) -> torch.Tensor:
    # [[a, b], [c, d]] for angle tensors of any shape: result (..., 2, 2).
    return torch.stack([torch.stack([a, b], dim=-1), torch.stack([c, d], dim=-1)], dim=-2)


def rx(theta: Any) -> torch.Tensor:
    """RX(theta) = exp(-i theta X / 2): shape ``(..., 2, 2)`` for angles of shape ``(...)``.

    Examples
    --------
    >>> minus_i_x = torch.tensor([[0, -1j], [-1j, 0]], dtype=torch.complex128)
    >>> bool(torch.allclose(rx(torch.pi), minus_i_x))  # RX(pi) = -iX
    True
    """
    half = _as_angle(theta) / 2
    c, s = torch.cos(half).to(CDTYPE), torch.sin(half).to(CDTYPE)
    return _matrix(c, -1j * s, -1j * s, c)


def ry(theta: Any) -> torch.Tensor:
    """RY(theta) = exp(-i theta Y / 2): real, ``[[cos, -sin], [sin, cos]]`` of ``theta / 2``.

    Examples
    --------
    >>> matrices = ry(torch.tensor([0.0, torch.pi]))  # a batch of two angles
    >>> matrices.shape
    torch.Size([2, 2, 2])
    >>> matrices[1].real.numpy().round(6).tolist()  # RY(pi) maps |0> to |1>
    [[0.0, -1.0], [1.0, 0.0]]
    """
    half = _as_angle(theta) / 2
    c, s = torch.cos(half).to(CDTYPE), torch.sin(half).to(CDTYPE)
    return _matrix(c, -s, s, c)


def rz(theta: Any) -> torch.Tensor:
    """RZ(theta) = exp(-i theta Z / 2) = diag(exp(-i theta/2), exp(i theta/2)).

    Examples
    --------
    >>> minus_i_z = torch.tensor([[-1j, 0], [0, 1j]], dtype=torch.complex128)
    >>> bool(torch.allclose(rz(torch.pi), minus_i_z))  # RZ(pi) = -iZ
    True
    """
    half = _as_angle(theta).to(CDTYPE) / 2
    zero = torch.zeros_like(half)
    return _matrix(torch.exp(-1j * half), zero, zero, torch.exp(1j * half))


def rot(phi: Any, theta: Any, omega: Any) -> torch.Tensor:
    """PennyLane's general rotation: ``Rot(phi, theta, omega) = RZ(omega) RY(theta) RZ(phi)``.

    Examples
    --------
    >>> bool(torch.allclose(rot(0.0, 0.3, 0.0), ry(0.3)))
    True
    """
    return rz(omega) @ ry(theta) @ rz(phi)


# --- applying gates ----------------------------------------------------------------------------


def apply_gate(state: torch.Tensor, matrix: torch.Tensor, wire: int) -> torch.Tensor:
    """Apply a single-qubit gate to ``wire``: a contraction over that qubit's axis.

    Parameters
    ----------
    state : torch.Tensor
        Shape ``(batch, 2, ..., 2)``.
    matrix : torch.Tensor
        One gate for all samples, shape ``(2, 2)``, or one per sample, ``(batch, 2, 2)``.
    wire : int
        The qubit.

    Returns
    -------
    torch.Tensor
        The new state, same shape (the input is not modified).

    Examples
    --------
    >>> flipped = apply_gate(zero_state(2), PAULI_X, wire=1)   # |00> -> |01>
    >>> flipped.reshape(-1).real
    tensor([0., 1., 0., 0.], dtype=torch.float64)
    """
    # Move the qubit's axis to the end, contract it with the matrix's column index, move it back.
    psi = state.movedim(_qubit_axis(wire), -1)
    if matrix.ndim == 2:
        psi = torch.einsum("...k,jk->...j", psi, matrix)
    else:
        psi = torch.einsum("b...k,bjk->b...j", psi, matrix)
    return psi.movedim(-1, _qubit_axis(wire))


def apply_controlled(
    state: torch.Tensor, matrix: torch.Tensor, control: int, target: int
) -> torch.Tensor:
    """Apply ``matrix`` to ``target`` in the part of the state where ``control`` is 1.

    The slice with the control qubit in ``|0>`` is left alone; the slice with it in ``|1>`` is a
    state of the other qubits, and the gate acts on that like any single-qubit gate.

    Examples
    --------
    >>> bell = apply_controlled(apply_gate(zero_state(2), ry(torch.pi / 2), 0), PAULI_X, 0, 1)
    >>> (bell.reshape(-1).abs() ** 2).round(decimals=6)
    tensor([0.5000, 0.0000, 0.0000, 0.5000], dtype=torch.float64)
    """
    if control == target:
        raise ValueError(f"A controlled gate needs two different qubits; got {control} twice.")
    axis = _qubit_axis(control)
    off, on = state.unbind(axis)
    # With the control axis removed, qubits after the control shift down by one.
    target_in_slice = target - 1 if target > control else target
    on = apply_gate(on, matrix, target_in_slice)
    return torch.stack([off, on], dim=axis)


def cnot(state: torch.Tensor, control: int, target: int) -> torch.Tensor:
    """CNOT: flip ``target`` where ``control`` is 1.

    Examples
    --------
    >>> one_zero = apply_gate(zero_state(2), PAULI_X, wire=0)  # |10>
    >>> cnot(one_zero, control=0, target=1).reshape(-1).real    # -> |11>
    tensor([0., 0., 0., 1.], dtype=torch.float64)
    """
    return apply_controlled(state, PAULI_X, control, target)


def cz(state: torch.Tensor, control: int, target: int) -> torch.Tensor:
    """CZ: a phase of -1 where both qubits are 1 (symmetric in the two qubits).

    Examples
    --------
    >>> plus = ry(torch.pi / 2)  # |0> -> |+>
    >>> plus_plus = apply_gate(apply_gate(zero_state(2), plus, 0), plus, 1)
    >>> cz(plus_plus, control=0, target=1).reshape(-1).real  # only |11> changes sign
    tensor([ 0.5000,  0.5000,  0.5000, -0.5000], dtype=torch.float64)
    """
    return apply_controlled(state, PAULI_Z, control, target)


_TWO_QUBIT_GATES = {"CNOT": cnot, "CZ": cz}


# --- measurements ------------------------------------------------------------------------------


def probabilities(state: torch.Tensor) -> torch.Tensor:
    """Basis-state probabilities ``|amplitude|**2``, flattened: shape ``(batch, 2**n)``.

    Examples
    --------
    >>> probabilities(apply_gate(zero_state(2), ry(torch.pi / 2), wire=1))  # |0>|+>
    tensor([[0.5000, 0.5000, 0.0000, 0.0000]], dtype=torch.float64)
    """
    return (state.abs() ** 2).reshape(state.shape[0], -1)


def expval_z(state: torch.Tensor) -> torch.Tensor:
    """``<Z_i>`` of every qubit: ``P(qubit i = 0) - P(qubit i = 1)``, shape ``(batch, n)``.

    Examples
    --------
    >>> expval_z(apply_gate(zero_state(2), PAULI_X, wire=0))
    tensor([[-1.,  1.]], dtype=torch.float64)
    """
    probs = state.abs() ** 2
    n_qubits = state.ndim - 1
    values = []
    for wire in range(n_qubits):
        others = [_qubit_axis(w) for w in range(n_qubits) if w != wire]
        p = probs.sum(dim=others) if others else probs  # (batch, 2): P(0), P(1) of this qubit
        values.append(p[:, 0] - p[:, 1])
    return torch.stack(values, dim=-1)


# --- encodings and ansätze ---------------------------------------------------------------------

_ROTATION_GATES = {"X": rx, "Y": ry, "Z": rz}


def _rotate_every_qubit(state: torch.Tensor, gate: Any, angles: torch.Tensor) -> torch.Tensor:
    # angles: (..., n_qubits); qubit i turns by angles[..., i] (a batch of matrices if batched).
    for wire in range(angles.shape[-1]):
        state = apply_gate(state, gate(angles[..., wire]), wire)
    return state


def _encode(
    state: torch.Tensor, name: str, x: torch.Tensor, options: dict[str, Any]
) -> torch.Tensor:
    n_qubits = state.ndim - 1
    if name == "dense_angle":
        x = encodings.tile_features(x, 2 * n_qubits)
        state = _rotate_every_qubit(state, ry, x[..., 0::2])
        return _rotate_every_qubit(state, rz, x[..., 1::2])
    # angle and reuploading: one rotation per qubit, features tiled over the qubits
    gate = _ROTATION_GATES[options["rotation"]]
    return _rotate_every_qubit(state, gate, encodings.tile_features(x, n_qubits))


def _entangle(state: torch.Tensor, pairs: list[tuple[int, int]], gate: str) -> torch.Tensor:
    for control, target in pairs:
        state = _TWO_QUBIT_GATES[gate](state, control, target)
    return state


def _strongly_entangling_layer(
    state: torch.Tensor, w: torch.Tensor, layer: int, entangler: str = "CNOT"
) -> torch.Tensor:
    # w: (..., n, 3). Rot on every qubit, then qubit i controls qubit (i + r) mod n.
    n = state.ndim - 1
    for wire in range(n):
        state = apply_gate(state, rot(w[..., wire, 0], w[..., wire, 1], w[..., wire, 2]), wire)
    if n > 1:
        r = layer % (n - 1) + 1  # PennyLane's default ranges
        state = _entangle(state, [(i, (i + r) % n) for i in range(n)], entangler)
    return state


def _basic_entangler_layer(
    state: torch.Tensor, w: torch.Tensor, layer: int, topology: str = "ring"
) -> torch.Tensor:
    n = state.ndim - 1
    state = _rotate_every_qubit(state, rx, w)
    return _entangle(state, ansatze.entangling_pairs(n, topology), "CNOT")


def _hardware_efficient_layer(
    state: torch.Tensor, w: torch.Tensor, layer: int, topology: str = "linear",
    entangler: str = "CNOT",
) -> torch.Tensor:
    n = state.ndim - 1
    for wire in range(n):
        state = apply_gate(state, ry(w[..., wire, 0]), wire)
        state = apply_gate(state, rz(w[..., wire, 1]), wire)
    return _entangle(state, ansatze.entangling_pairs(n, topology), entangler)


_LAYERS = {
    "strongly_entangling": _strongly_entangling_layer,
    "basic_entangler": _basic_entangler_layer,
    "hardware_efficient": _hardware_efficient_layer,
}


# --- the whole circuit -------------------------------------------------------------------------


def check_supported(config: CircuitConfig) -> None:
    """Raise a ValueError if :func:`simulate` cannot run ``config``, saying what it can run.

    Examples
    --------
    >>> check_supported(CircuitConfig("angle", "basic_entangler", n_qubits=2))  # fine: no output
    >>> check_supported(CircuitConfig("iqp", "basic_entangler", n_qubits=2))
    Traceback (most recent call last):
    ...
    ValueError: The hand-written simulator supports the encodings ['angle', 'dense_angle', ...
    """
    if config.encoding not in SUPPORTED_ENCODINGS:
        raise ValueError(
            f"The hand-written simulator supports the encodings {list(SUPPORTED_ENCODINGS)}; "
            f"got {config.encoding!r}. Use qnnlab.circuits.build_qnode for the others."
        )
    if config.ansatz not in SUPPORTED_ANSATZE:
        raise ValueError(
            f"The hand-written simulator supports the ansätze {list(SUPPORTED_ANSATZE)}; "
            f"got {config.ansatz!r}. Use qnnlab.circuits.build_qnode for the others."
        )
    if config.noisy:
        raise ValueError(
            f"The hand-written simulator is noise-free; got noise={config.noise!r}. Use "
            "qnnlab.circuits.build_qnode (PennyLane's default.mixed) for noisy circuits."
        )
    if config.shots is not None:
        raise ValueError(
            f"The hand-written simulator computes exact values; got shots={config.shots!r}. "
            "Set shots=None."
        )


def _batch_size(x: torch.Tensor, weights: torch.Tensor) -> int:
    sizes = {t.shape[0] for t in (x, weights) if t.ndim == 2}
    if len(sizes) > 1:
        raise ValueError(
            f"x and weights have different batch sizes {sorted(sizes)}; give one of them "
            "without a batch axis or make them equal."
        )
    return sizes.pop() if sizes else 1


def simulate(config: CircuitConfig, x: Any, weights: Any) -> torch.Tensor:
    """Run the circuit of ``config`` on a batch by hand, differentiably.

    The same inputs and outputs as ``build_qnode(config=config)(x, weights)`` (stacked): the
    features are encoded, the ansatz layers applied in the same order, with the same flat weight
    vector (cut by :func:`qnnlab.circuits.split_weights`).

    Parameters
    ----------
    config : CircuitConfig
        A noise-free circuit with an encoding from :data:`SUPPORTED_ENCODINGS` and an ansatz
        from :data:`SUPPORTED_ANSATZE`.
    x : array-like
        Features, shape ``(d,)`` or ``(batch, d)``.
    weights : array-like
        The flat weight vector ``(n_params,)``, or one per sample ``(batch, n_params)``.

    Returns
    -------
    torch.Tensor
        ``expval``: ``(batch, n_qubits)`` values ``<Z_i>``; ``probs``: ``(batch, 2**n)``;
        ``state``: ``(batch, 2**n)`` complex amplitudes. Without a batch axis on either input,
        the batch axis is dropped.

    Raises
    ------
    ValueError
        For an unsupported encoding, ansatz, noise or shots (the message lists what works).

    Examples
    --------
    >>> cfg = CircuitConfig("angle", "basic_entangler", n_qubits=2, n_layers=1)
    >>> simulate(cfg, torch.zeros(3, 2), torch.zeros(cfg.n_params)).shape
    torch.Size([3, 2])
    """
    check_supported(config)
    x = torch.as_tensor(x, dtype=torch.float64)
    weights = torch.as_tensor(weights, dtype=torch.float64)
    enc = encodings.get(config.encoding)
    enc.check_features(x.shape[-1], config.n_qubits)
    batch = _batch_size(x, weights)
    enc_options = enc.options(config.encoding_options)
    ans_options = ansatze.get(config.ansatz).options(config.ansatz_options)
    blocks = split_weights(weights, config)
    scaling = blocks.get("input_scaling")
    wires = list(range(config.n_qubits))
    apply_layer = _LAYERS[config.ansatz]

    state = zero_state(config.n_qubits, batch)
    # Same order as qnnlab.circuits.circuit_function: (encode, layer) once, or before every
    # layer with re-uploading.
    n_uploads = max(config.n_layers, 1) if enc.reuploads else 1
    for layer in range(max(config.n_layers, 1)):
        if layer < n_uploads:
            xs = x if scaling is None else x_times_scaling(x, scaling[..., layer, :], wires)
            state = _encode(state, config.encoding, xs, enc_options)
        if layer < config.n_layers:
            state = apply_layer(state, _select_layer(blocks["layers"], layer, config), layer,
                                **ans_options)
    out = _measure(state, config.measurement)
    return out if (x.ndim == 2 or weights.ndim == 2) else out[0]


def _select_layer(layers: torch.Tensor, layer: int, config: CircuitConfig) -> torch.Tensor:
    # layers: (*batch, n_layers, *layer_shape); pick one layer, keeping any batch axis.
    n_layer_axes = len(ansatze.get(config.ansatz).layer_shape(config.n_qubits))
    return layers.select(layers.ndim - n_layer_axes - 1, layer)


def _measure(state: torch.Tensor, measurement: str) -> torch.Tensor:
    if measurement == "expval":
        return expval_z(state)
    if measurement == "probs":
        return probabilities(state)
    return state.reshape(state.shape[0], -1)

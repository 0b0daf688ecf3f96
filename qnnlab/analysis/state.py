"""Look inside the circuit for one input: Bloch vectors, probabilities, reduced states, entropy.

Examples
--------
>>> from qnnlab.circuits import CircuitConfig
>>> config = CircuitConfig("angle", "hardware_efficient", n_qubits=2, n_layers=0)
>>> view = inspect_state(config, [np.pi / 2, 0.0])  # RY(pi/2) on qubit 0, RY(0) on qubit 1
>>> view.bloch_vectors.round(6).tolist()
[[1.0, 0.0, 0.0], [0.0, 0.0, 1.0]]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import pennylane as qml
import torch

from qnnlab._validation import MAX_LABELLED_QUBITS, check_positive_int
from qnnlab.analysis._common import resolve_circuit
from qnnlab.analysis.entanglement import entanglement_entropy, n_qubits_of
from qnnlab.circuits import build_qnode
from qnnlab.models import DTYPE

__all__ = [
    "StateInspection", "inspect_state", "bloch_vector", "bloch_vectors",
    "reduced_density_matrices", "basis_labels", "PAULIS",
]

#: Pauli X, Y, Z: the Bloch vector of a qubit is ``(Tr(rho X), Tr(rho Y), Tr(rho Z))``.
PAULIS = np.array([[[0, 1], [1, 0]], [[0, -1j], [1j, 0]], [[1, 0], [0, -1]]], dtype=complex)


def bloch_vector(rho: Any) -> np.ndarray:
    """Bloch vector ``(<X>, <Y>, <Z>)`` of a one-qubit density matrix (or a batch ``(..., 2, 2)``).

    Examples
    --------
    >>> bloch_vector(np.array([[1, 0], [0, 0]])).tolist()  # |0>: the north pole
    [0.0, 0.0, 1.0]
    """
    rho = np.asarray(rho, dtype=complex)
    return np.real(np.einsum("...ij,pji->...p", rho, PAULIS))


def reduced_density_matrices(state: Any, n_qubits: int) -> np.ndarray:
    """The one-qubit reduced states of a state vector or density matrix, ``(n_qubits, 2, 2)``.

    Examples
    --------
    >>> plus_zero = np.kron([1, 1], [1, 0]) / np.sqrt(2)  # |+>|0>
    >>> reduced_density_matrices(plus_zero, 2)[1].real.round(6).tolist()
    [[1.0, 0.0], [0.0, 0.0]]
    """
    state = np.asarray(state)
    reduce = qml.math.reduce_dm if state.ndim == 2 else qml.math.reduce_statevector
    return np.stack([np.asarray(reduce(state, indices=[k])) for k in range(n_qubits)])


def bloch_vectors(state: Any, n_qubits: int) -> np.ndarray:
    """Per-qubit Bloch vectors ``(<X>, <Y>, <Z>)`` of a state vector or density matrix.

    Examples
    --------
    >>> plus_zero = np.kron([1, 1], [1, 0]) / np.sqrt(2)  # |+>|0>
    >>> bloch_vectors(plus_zero, 2).round(6).tolist()
    [[1.0, 0.0, 0.0], [0.0, 0.0, 1.0]]
    """
    return bloch_vector(reduced_density_matrices(state, n_qubits))


def basis_labels(n_qubits: int) -> list[str]:
    """Ket labels of the computational basis, qubit 0 leftmost: ``['|00>', '|01>', ...]``.

    At most :data:`qnnlab._validation.MAX_LABELLED_QUBITS` qubits (a million labels).

    Examples
    --------
    >>> basis_labels(2)
    ['|00>', '|01>', '|10>', '|11>']
    """
    check_positive_int("n_qubits", n_qubits, maximum=MAX_LABELLED_QUBITS)
    return [f"|{i:0{n_qubits}b}>" for i in range(2**n_qubits)]


@dataclass(frozen=True)
class StateInspection:
    """The circuit's state for one input, and what can be read from it.

    Attributes
    ----------
    state : numpy.ndarray
        A state vector ``(2**n,)``, or a density matrix ``(2**n, 2**n)`` for a noisy circuit.
    input : numpy.ndarray
        The values that entered the encoding (after any pre-network).
    n_qubits : int

    Examples
    --------
    >>> from qnnlab.circuits import CircuitConfig
    >>> config = CircuitConfig("angle", "hardware_efficient", n_qubits=1, n_layers=0)
    >>> view = inspect_state(config, [np.pi / 2])  # RY(pi/2)|0> = |+>
    >>> view.probabilities.round(6).tolist(), view.mixed
    ([0.5, 0.5], False)
    >>> view.to_frame()[["qubit", "length", "purity", "p0"]]
       qubit  length  purity   p0
    0      0     1.0     1.0  0.5
    """

    state: np.ndarray
    input: np.ndarray
    n_qubits: int

    @property
    def mixed(self) -> bool:
        """True for a density matrix (a noisy circuit)."""
        return self.state.ndim == 2

    @property
    def density_matrix(self) -> np.ndarray:
        """The full density matrix ``(2**n, 2**n)``."""
        if self.mixed:
            return self.state
        return np.outer(self.state, self.state.conj())

    @property
    def probabilities(self) -> np.ndarray:
        """Probability of every basis state (qubit 0 is the most significant bit)."""
        if self.mixed:
            return np.clip(np.real(np.diag(self.state)), 0.0, 1.0)
        return np.abs(self.state) ** 2

    @property
    def reduced_density_matrices(self) -> np.ndarray:
        """The one-qubit reduced states ``rho_k``, shape ``(n_qubits, 2, 2)``."""
        return reduced_density_matrices(self.state, self.n_qubits)

    @property
    def bloch_vectors(self) -> np.ndarray:
        """One Bloch vector per qubit, shape ``(n_qubits, 3)``; length < 1 means mixed."""
        return bloch_vector(self.reduced_density_matrices)

    @property
    def purities(self) -> np.ndarray:
        """``Tr(rho_k^2)`` of every qubit: 1 for a pure, unentangled qubit, 1/2 at least."""
        rho = self.reduced_density_matrices
        return np.real(np.einsum("kij,kji->k", rho, rho))

    def entanglement_entropy(self, cut: int | Sequence[int] = 1) -> float:
        """Von Neumann entropy (bits) of one side of a cut; see
        :func:`qnnlab.analysis.entanglement_entropy`."""
        return entanglement_entropy(self.state, cut)

    def to_frame(self) -> pd.DataFrame:
        """One row per qubit: Bloch vector, its length, purity and ``P(0)``."""
        bloch = self.bloch_vectors
        return pd.DataFrame({
            "qubit": np.arange(self.n_qubits),
            "x": bloch[:, 0], "y": bloch[:, 1], "z": bloch[:, 2],
            "length": np.linalg.norm(bloch, axis=1),
            "purity": self.purities,
            "p0": (1 + bloch[:, 2]) / 2,
        })


def _encoding_input(resolved: Any, x: np.ndarray) -> np.ndarray:
    if resolved.model is None:
        return x
    with torch.no_grad():
        return resolved.model.features(torch.as_tensor(x[None, :], dtype=DTYPE))[0].numpy()


def inspect_state(
    config_or_model: Any,
    x: Any,
    weights: Any = None,
    random_state: int | None = 0,
) -> StateInspection:
    """The state the circuit makes for one input ``x``.

    Parameters
    ----------
    config_or_model : CircuitConfig, HybridNet or fitted estimator
        A config runs with ``weights`` or random ones (seed ``random_state``); a model with its
        trained weights, and ``x`` first goes through its pre-network.
    x : array of shape (n_features,)
        One sample.
    weights : array, optional
        Flat circuit weights overriding the defaults.
    random_state : int or None
        Seed of a config's random weights.

    Returns
    -------
    StateInspection
        State vector (or density matrix for a noisy circuit), probabilities, reduced states,
        Bloch vectors, purities and ``entanglement_entropy(cut)``.

    Examples
    --------
    >>> from qnnlab.circuits import CircuitConfig
    >>> view = inspect_state(CircuitConfig(n_qubits=2, n_layers=1), [0.3, 0.4])
    >>> round(float(view.probabilities.sum()), 6), view.bloch_vectors.shape
    (1.0, (2, 3))
    """
    resolved = resolve_circuit(config_or_model, weights, random_state,
                               needs="inspecting the state")
    x = np.asarray(x, dtype=float)
    if x.ndim != 1:
        raise ValueError(f"inspect_state takes one sample, shape (n_features,); got {x.shape}.")
    encoded = _encoding_input(resolved, x)
    config = resolved.config.replace(measurement="state", shots=None, zne=False,
                                     n_features=len(encoded))
    state = np.asarray(build_qnode(config=config)(encoded, resolved.weights), dtype=complex)
    n_qubits_of(state.shape[-1])
    return StateInspection(state, encoded, config.n_qubits)

"""Entanglement: Meyer-Wallach measure, entangling capability of an ansatz, entanglement entropy.

The Meyer-Wallach measure of an ``n``-qubit pure state is

.. math:: Q = 2 \\Bigl(1 - \\frac{1}{n} \\sum_k \\operatorname{Tr} \\rho_k^2\\Bigr),

with ``rho_k`` the reduced state of qubit ``k`` (Meyer & Wallach 2002, in the form of Brennen
2003). It is 0 exactly for product states and 1 for a GHZ state; Haar-random states average
``(N - 2)/(N + 1)`` with ``N = 2**n``. The **entangling capability** of an ansatz (Sim et al.
2019) is the mean ``Q`` of its output states over uniformly random parameters.

Examples
--------
>>> ghz = np.zeros(8); ghz[[0, 7]] = 2**-0.5
>>> round(float(meyer_wallach(ghz)), 6)
1.0
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pennylane as qml

from qnnlab._validation import (
    MAX_QUBITS,
    MAX_SAMPLES,
    brief_repr,
    check_array_size,
    check_positive_int,
)
from qnnlab.analysis._common import ansatz_config, sample_ansatz_states

__all__ = [
    "meyer_wallach",
    "single_qubit_purities",
    "entangling_capability",
    "entanglement_entropy",
    "haar_random_states",
    "n_qubits_of",
    "check_normalised",
    "as_state_vectors",
]


def n_qubits_of(dimension: int) -> int:
    """Qubits of a Hilbert space of ``dimension`` (a power of two), else a ValueError.

    Examples
    --------
    >>> n_qubits_of(8)
    3
    >>> n_qubits_of(6)
    Traceback (most recent call last):
    ...
    ValueError: A state of n qubits has 2**n amplitudes; got 6.
    """
    n = int(round(np.log2(dimension))) if dimension > 0 else -1
    if n < 1 or 2**n != dimension:
        raise ValueError(f"A state of n qubits has 2**n amplitudes; got {dimension}.")
    return n


#: How far a state's norm (or a density matrix's trace) may stray from 1 by rounding.
NORM_TOLERANCE = 1e-6


def check_normalised(states: np.ndarray) -> None:
    """Raise a ValueError naming the first state vector whose norm is not 1.

    Examples
    --------
    >>> check_normalised(np.array([1.0, 0.0]))
    >>> check_normalised(np.array([[1.0, 0.0], [1.0, 1.0]]))
    Traceback (most recent call last):
    ...
    ValueError: state 1 has norm 1.414214, not 1; normalise it first (psi / np.linalg.norm(psi)).
    """
    norms = np.atleast_1d(np.linalg.norm(states, axis=-1)).ravel()
    bad = np.flatnonzero(~(np.abs(norms - 1) <= NORM_TOLERANCE))
    if bad.size:
        which = "the state" if norms.size == 1 else f"state {bad[0]}"
        raise ValueError(
            f"{which} has norm {norms[bad[0]]:.6f}, not 1; normalise it first "
            "(psi / np.linalg.norm(psi))."
        )


def as_state_vectors(states: Any) -> np.ndarray:
    """``states`` as a complex array of one or more state vectors, else a clear error.

    Examples
    --------
    >>> as_state_vectors([1, 0]).dtype
    dtype('complex128')
    >>> as_state_vectors(None)
    Traceback (most recent call last):
    ...
    ValueError: Expected a state vector (2**n,) or a batch of them; got None
    """
    try:
        psi = np.asarray(states, dtype=complex)
    except (TypeError, ValueError):
        psi = np.zeros(())
    if psi.ndim == 0:
        raise ValueError(
            f"Expected a state vector (2**n,) or a batch of them; got {brief_repr(states)}"
        )
    return psi


def single_qubit_purities(states: Any) -> np.ndarray:
    """``Tr(rho_k^2)`` of every qubit ``k``, shape ``(..., n_qubits)``, for pure state vectors.

    Examples
    --------
    >>> bell = np.array([1, 0, 0, 1]) / np.sqrt(2)
    >>> single_qubit_purities(bell).tolist()
    [0.5, 0.5]
    """
    psi = as_state_vectors(states)
    n = n_qubits_of(psi.shape[-1])
    check_normalised(psi)
    batch = psi.shape[:-1]
    psi = psi.reshape(-1, 2**n)
    purities = np.empty((len(psi), n))
    for k in range(n):
        split = psi.reshape(len(psi), 2**k, 2, 2 ** (n - k - 1))
        rho = np.einsum("baic,bajc->bij", split, split.conj())
        purities[:, k] = np.sum(np.abs(rho) ** 2, axis=(1, 2))
    return purities.reshape(*batch, n)


def meyer_wallach(states: Any) -> np.ndarray | float:
    """Meyer-Wallach entanglement ``Q`` of one state vector or a batch ``(..., 2**n)``.

    Examples
    --------
    >>> product = np.kron([1, 0], [1, 1]) / np.sqrt(2)
    >>> float(meyer_wallach(product))
    0.0
    >>> meyer_wallach(np.array([[1, 0, 0, 1], [1, 0, 0, 0]]) / [[2**0.5], [1]]).round(6).tolist()
    [1.0, 0.0]
    """
    q = 2 * (1 - single_qubit_purities(states).mean(axis=-1))
    q = np.clip(q, 0.0, 1.0)
    return float(q) if q.ndim == 0 else q


def entangling_capability(
    ansatz: str,
    n_qubits: int,
    n_layers: int,
    n_samples: int = 2000,
    random_state: int | None = 0,
    ansatz_options: Mapping[str, Any] | None = None,
) -> float:
    """Mean Meyer-Wallach entanglement of the ansatz's states over random parameters.

    Parameters are uniform in ``[0, 2 pi)``; the ansatz runs alone on ``|0...0>`` for all
    ``n_samples`` draws in one broadcast execution (Sim, Johnson & Aspuru-Guzik 2019).

    Examples
    --------
    >>> entangling_capability("sim_1", n_qubits=3, n_layers=2, n_samples=50)  # no 2-qubit gates
    0.0
    >>> 0.2 < entangling_capability("sim_2", n_qubits=3, n_layers=2, n_samples=200) < 1
    True
    """
    check_positive_int("n_samples", n_samples, minimum=2, maximum=MAX_SAMPLES)
    config = ansatz_config(ansatz, n_qubits, n_layers, ansatz_options)
    states = sample_ansatz_states(config, n_samples, random_state)
    return float(np.round(np.mean(meyer_wallach(states)), 12))


def haar_random_states(
    n_qubits: int, n_states: int, random_state: int | None = 0
) -> np.ndarray:
    """``n_states`` Haar-random pure states, shape ``(n_states, 2**n_qubits)``.

    Normalised vectors of independent complex Gaussian amplitudes are Haar-distributed.
    At most :data:`qnnlab._validation.MAX_AMPLITUDES` amplitudes in all (16 states of 20
    qubits); larger requests are refused before anything is allocated.

    Examples
    --------
    >>> haar_random_states(2, 3).shape
    (3, 4)
    """
    check_positive_int("n_qubits", n_qubits, maximum=MAX_QUBITS)
    check_positive_int("n_states", n_states)
    check_array_size(f"haar_random_states({n_qubits}, {n_states})", n_states * 2**n_qubits,
                     "use fewer qubits or fewer states")
    rng = np.random.default_rng(random_state)
    shape = (n_states, 2**n_qubits)
    z = rng.standard_normal(shape) + 1j * rng.standard_normal(shape)
    return z / np.linalg.norm(z, axis=1, keepdims=True)


def _cut_indices(cut: int | Sequence[int], n: int) -> list[int]:
    if isinstance(cut, (int, np.integer)):
        if not 0 < cut < n:
            raise ValueError(
                f"cut={cut} must split the {n} qubits into two non-empty parts: 1 ... {n - 1} "
                "(qubits 0 .. cut-1 on one side), or a list of qubits."
            )
        return list(range(int(cut)))
    indices = sorted({int(i) for i in cut})
    if not indices or indices[0] < 0 or indices[-1] >= n or len(indices) == n:
        raise ValueError(
            f"cut={list(cut)} must be a non-empty proper subset of the qubits 0 ... {n - 1}."
        )
    return indices


def _check_density_matrix(rho: np.ndarray) -> None:
    trace = np.trace(rho)
    if not abs(trace - 1) <= NORM_TOLERANCE:
        raise ValueError(f"A density matrix has trace 1; got trace {trace.real:.6g}. Divide it "
                         "by its trace first.")
    if not np.allclose(rho, rho.conj().T, atol=NORM_TOLERANCE):
        raise ValueError("A density matrix is Hermitian; this one is not (rho != rho^dagger).")


def entanglement_entropy(state: Any, cut: int | Sequence[int] = 1) -> float:
    """Von Neumann entropy (bits) of one side of a bipartition of a state.

    Parameters
    ----------
    state : array
        One state vector ``(2**n,)`` or one density matrix ``(2**n, 2**n)``.
    cut : int or sequence of int
        An integer ``k`` takes qubits ``0 .. k-1`` as subsystem A; a list names A's qubits.

    Returns
    -------
    float
        ``S(rho_A) = -Tr(rho_A log2 rho_A)``. For a pure state this is the entanglement between
        A and the rest; for a mixed (noisy) state it also counts the classical mixing.

    Raises
    ------
    ValueError
        For a state vector whose norm is not 1, a density matrix whose trace is not 1 or that
        is not Hermitian, a size that is not a power of two, or a bad ``cut``.

    Examples
    --------
    >>> bell = np.array([1, 0, 0, 1]) / np.sqrt(2)
    >>> round(entanglement_entropy(bell, cut=1), 6)
    1.0
    """
    array = as_state_vectors(state)
    if array.ndim == 1:
        check_normalised(array)
        array = qml.math.dm_from_state_vector(array)
    elif array.ndim != 2 or array.shape[0] != array.shape[1]:
        raise ValueError(
            f"Expected one state vector (2**n,) or one density matrix (2**n, 2**n); got shape "
            f"{array.shape}."
        )
    else:
        _check_density_matrix(array)
    n = n_qubits_of(array.shape[0])
    indices = _cut_indices(cut, n)
    return float(np.real(qml.math.vn_entropy(array, indices=indices, base=2)))

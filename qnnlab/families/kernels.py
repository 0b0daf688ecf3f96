"""Quantum kernel classifiers: the IQP fidelity kernel and the projected quantum kernel.

Both precompute a Gram matrix from circuits and fit scikit-learn's ``SVC(kernel="precomputed")``
on it, as in the reference study (Bowles, Ahmed & Schuld 2024, arXiv:2403.07059; models
``IQPKernelClassifier`` and ``ProjectedQuantumKernel`` of github.com/XanaduAI/qml-benchmarks,
``src/qml_benchmarks/models/iqp_kernel.py`` and ``projected_quantum_kernel.py``).

**How the Gram matrix is computed.** The reference runs one circuit
``U(x')^dagger U(x) |0>`` per *pair* of samples (N^2 circuits). Here each sample's state (or
its single-qubit Pauli expectations) is simulated *once*, a whole chunk of samples in one
broadcast execution on ``default.qubit``, and the kernel is computed from those: the overlap
``|<psi(x')|psi(x)>|^2`` equals the probability of ``|0...0>`` after ``U(x')^dagger U(x)``
exactly, so the numbers are the same (tests compare with the per-pair circuit) for N circuit
executions instead of N^2. The training states are kept, so prediction costs one execution
per new sample.

Examples
--------
>>> from qnnlab.datasets import load_dataset
>>> X_train, X_test, y_train, y_test = load_dataset("moons", n_samples=60, random_state=0)
>>> clf = IQPKernelClassifier(repeats=1, random_state=0).fit(X_train, y_train)
>>> clf.gram_matrix(X_test[:2]).shape
(2, 45)
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np
import pennylane as qml
from sklearn.metrics.pairwise import rbf_kernel
from sklearn.svm import SVC
from sklearn.utils.validation import check_is_fitted

from qnnlab._concurrency import circuit_lock, guard_qnode
from qnnlab._validation import MAX_LAYERS, check_choice, check_positive_int
from qnnlab.families._base import (
    CHUNK,
    FeatureMapClassifier,
    check_family_qubits,
    check_positive_real,
    generic_sample,
)

__all__ = ["IQPKernelClassifier", "ProjectedQuantumKernel", "fidelity_gram", "iqp_states"]

PQK_EMBEDDINGS = ("Hamiltonian", "IQP")


def _in_chunks(fn: Callable[[np.ndarray], np.ndarray], X: np.ndarray) -> np.ndarray:
    """``fn`` applied to ``X`` in chunks of :data:`CHUNK` rows, one broadcast execution each."""
    parts = [np.asarray(fn(X[i:i + CHUNK])) for i in range(0, len(X), CHUNK)]
    return np.concatenate(parts) if parts else np.zeros((0,))


def iqp_states(X: Any, repeats: int = 2) -> np.ndarray:
    """State vectors ``IQPEmbedding(x)|0>``, one qubit per feature, shape ``(n, 2**d)``.

    One broadcast execution of ``default.qubit`` per chunk of samples.

    Examples
    --------
    >>> states = iqp_states(np.array([[0.1, 0.2], [0.3, 0.4]]), repeats=1)
    >>> states.shape, np.allclose(np.linalg.norm(states, axis=1), 1.0)
    ((2, 4), True)
    """
    X = np.atleast_2d(np.asarray(X, dtype=np.float64))
    n_qubits = X.shape[1]
    with circuit_lock():
        device = qml.device("default.qubit", wires=n_qubits)

        @qml.qnode(device)
        def circuit(x: Any) -> Any:
            qml.IQPEmbedding(x, wires=range(n_qubits), n_repeats=repeats)
            return qml.state()

    qnode = guard_qnode(circuit)
    return _in_chunks(lambda chunk: np.reshape(qnode(chunk), (len(chunk), -1)), X)


def fidelity_gram(states_a: np.ndarray, states_b: np.ndarray) -> np.ndarray:
    """Fidelity kernel ``K[i, j] = |<b_j|a_i>|^2`` from two sets of state vectors.

    Examples
    --------
    >>> zero, plus = np.array([1.0, 0.0]), np.array([1.0, 1.0]) / np.sqrt(2)
    >>> fidelity_gram(np.array([zero, plus]), np.array([zero])).round(3).tolist()
    [[1.0], [0.5]]
    """
    return np.abs(np.conj(states_b) @ np.asarray(states_a).T).T ** 2


class IQPKernelClassifier(FeatureMapClassifier):
    """Support vector classifier with the IQP fidelity kernel (Havlicek et al. 2019).

    ``k(x, x') = |<0| U(x')^dagger U(x) |0>|^2`` where ``U`` is PennyLane's
    :class:`~pennylane.IQPEmbedding` (Hadamards, ``RZ(x_i)`` and ``ZZ(x_i x_j)`` on every pair,
    repeated ``repeats`` times) on one qubit per feature. The inputs are min-max scaled to
    ``[-pi/2, pi/2]`` on the training data and multiplied by ``scaling``, as in the reference.

    Parameters
    ----------
    repeats : int, default=2
        Repetitions of the IQP layer (reference default 2; its grid 1, 5, 10).
    C : float, default=1.0
        SVC regularisation (reference grid 0.1, 1, 10, 100).
    scaling : float, default=1.0
        Factor applied to the scaled inputs.
    random_state : int, RandomState or None, default=None
        Accepted for a uniform interface; nothing in this model is random.

    Attributes
    ----------
    n_qubits_ : int
        Qubits (one per feature).
    train_states_ : ndarray of shape (n_train, 2**n_qubits_)
        The training samples' states (kept to compute Gram rows of new samples).
    model_ : sklearn.svm.SVC
        The SVC fitted on the training Gram matrix.
    scaler_ : sklearn.preprocessing.MinMaxScaler
        The input scaling fitted on the training data.
    classes_ : ndarray
        Class labels.

    Notes
    -----
    Deviations from the reference ``IQPKernelClassifier``: the Gram matrix comes from one
    state per sample instead of one circuit per pair (the same numbers, see the module
    docstring); no ``predict_proba``: the reference's ``SVC(probability=True)`` is deprecated
    in scikit-learn 1.9 (use ``decision_function``, or wrap the model in
    ``CalibratedClassifierCV``); more than two classes are accepted (SVC's one-vs-one)
    where the reference asserts labels -1 and 1; ``random_state`` defaults to None
    (scikit-learn's convention) instead of 42.

    References
    ----------
    Havlicek et al., "Supervised learning with quantum-enhanced feature spaces", Nature 567,
    209 (2019), arXiv:1804.11326. Bowles, Ahmed & Schuld (2024), arXiv:2403.07059.

    Examples
    --------
    >>> from qnnlab.datasets import load_dataset
    >>> X_train, X_test, y_train, y_test = load_dataset("circles", n_samples=80, random_state=0)
    >>> clf = IQPKernelClassifier(repeats=1, C=10.0, random_state=0).fit(X_train, y_train)
    >>> clf.n_qubits_, clf.predict(X_test[:4]).shape
    (2, (4,))
    """

    def __init__(self, repeats: int = 2, C: float = 1.0, *, scaling: float = 1.0,
                 random_state: Any = None) -> None:
        self.repeats = repeats
        self.C = C
        self.scaling = scaling
        self.random_state = random_state

    def _check_params(self) -> None:
        check_positive_int("repeats", self.repeats, maximum=MAX_LAYERS)
        check_positive_real("C", self.C)

    def _setup(self, n_features: int, rng: np.random.Generator) -> None:
        self.n_qubits_ = check_family_qubits(type(self).__name__, n_features, n_features,
                                             "one qubit per feature")

    def _fit_features(self, Xs: np.ndarray) -> np.ndarray:
        self.train_states_ = iqp_states(Xs, self.repeats)
        return fidelity_gram(self.train_states_, self.train_states_)

    def _features(self, Xs: np.ndarray) -> np.ndarray:
        return fidelity_gram(iqp_states(Xs, self.repeats), self.train_states_)

    def _make_model(self, seed: int) -> SVC:
        return SVC(kernel="precomputed", C=float(self.C), random_state=seed)

    def gram_matrix(self, X: Any) -> np.ndarray:
        """Kernel values between ``X`` and the training samples, shape ``(n, n_train)``."""
        return self._new_features(X)

    def _sample_circuit(self, xs: np.ndarray) -> Any:
        """One Gram entry on hardware: ``U(x')^dagger U(x)|0>``, the probability of ``|0...0>``
        (``x'`` a second generic sample)."""
        other = self._scale(generic_sample(self.n_features_in_, seed=1)[None])[0]
        wires = range(self.n_qubits_)
        qml.IQPEmbedding(xs, wires=wires, n_repeats=self.repeats)
        qml.adjoint(qml.IQPEmbedding(other, wires=wires, n_repeats=self.repeats))
        return qml.probs(wires=wires)

    def circuits_per_prediction(self) -> int:
        """One overlap circuit per training sample: a Gram row."""
        check_is_fitted(self)
        return len(self.train_states_)

    def fit_circuits(self, n_samples: int) -> tuple[int, int]:
        """One broadcast execution per chunk here; on hardware one circuit per pair of distinct
        samples (the training Gram matrix is symmetric with ones on the diagonal)."""
        return math.ceil(n_samples / CHUNK), n_samples * (n_samples - 1) // 2


class ProjectedQuantumKernel(FeatureMapClassifier):
    """Support vector classifier with the projected quantum kernel (Huang et al. 2021).

    ``k(x, x') = exp(-gamma * sum_k sum_{P in X, Y, Z} (tr(P rho_k(x)) - tr(P rho_k(x')))^2)``,
    where ``rho_k(x)`` is the reduced state of qubit ``k`` after the embedding. With
    ``embedding="Hamiltonian"`` (the default) the circuit has ``n_features + 1`` qubits: a layer
    of random ``Rot`` gates (angles uniform in ``[0, 2 pi)``, drawn from ``random_state``),
    then ``trotter_steps`` Trotter steps of a Heisenberg chain, ``IsingXX``, ``IsingYY``,
    ``IsingZZ`` on qubits ``(j, j + 1)`` with angle ``x_j * t * n_features / trotter_steps``;
    with ``embedding="IQP"``, ``IQPEmbedding`` with 2 repeats on one qubit per feature.
    ``gamma = gamma_factor / (n_features * Var)``, ``Var`` the variance of all the training
    samples' Pauli expectations. Inputs are min-max scaled to ``[-pi/2, pi/2]``.

    Parameters
    ----------
    gamma_factor : float, default=1.0
        Multiplies the default bandwidth (reference grid 0.1, 1, 10).
    C : float, default=1.0
        SVC regularisation (reference grid 0.1, 1, 10, 100).
    embedding : {"Hamiltonian", "IQP"}, default="Hamiltonian"
    t : float, default=1/3
        Evolution time (reference grid 0.01, 0.1, 1).
    trotter_steps : int, default=5
        Trotter steps (reference grid 1, 3, 5).
    scaling : float, default=1.0
        Factor applied to the scaled inputs.
    random_state : int, RandomState or None, default=None
        Seed of the random rotations.

    Attributes
    ----------
    n_qubits_ : int
    rotation_angles_ : ndarray of shape (n_qubits_, 3) or None
        The random ``Rot`` angles of the Hamiltonian embedding.
    gamma_ : float
        The bandwidth used (``gamma_factor`` times the default).
    train_expvals_ : ndarray of shape (n_train, 3 * n_qubits_)
        ``<X_k>``, then ``<Y_k>``, then ``<Z_k>`` of every training sample.
    model_, scaler_, classes_ :
        As for :class:`IQPKernelClassifier`.

    Notes
    -----
    Deviations from the reference ``ProjectedQuantumKernel``: the reference recomputes the
    default bandwidth from whichever data it is given, so at prediction time from the *test*
    batch (predictions then depend on the batch); here it is fixed from the training data at
    fit. A zero variance (e.g. one training sample) gives a default of 1. More than two
    classes are accepted. Expectations are computed once per sample in a broadcast execution.

    References
    ----------
    Huang et al., "Power of data in quantum machine learning", Nature Communications 12, 2631
    (2021), arXiv:2011.01938. Bowles, Ahmed & Schuld (2024), arXiv:2403.07059.

    Examples
    --------
    >>> from qnnlab.datasets import load_dataset
    >>> X_train, X_test, y_train, y_test = load_dataset("moons", n_samples=80, random_state=0)
    >>> clf = ProjectedQuantumKernel(random_state=0).fit(X_train, y_train)
    >>> clf.n_qubits_, clf.train_expvals_.shape
    (3, (60, 9))
    """

    def __init__(self, gamma_factor: float = 1.0, C: float = 1.0, *,
                 embedding: str = "Hamiltonian", t: float = 1.0 / 3, trotter_steps: int = 5,
                 scaling: float = 1.0, random_state: Any = None) -> None:
        self.gamma_factor = gamma_factor
        self.C = C
        self.embedding = embedding
        self.t = t
        self.trotter_steps = trotter_steps
        self.scaling = scaling
        self.random_state = random_state

    def _check_params(self) -> None:
        check_positive_real("gamma_factor", self.gamma_factor)
        check_positive_real("C", self.C)
        check_choice("embedding", self.embedding, PQK_EMBEDDINGS)
        check_positive_real("t", self.t)
        check_positive_int("trotter_steps", self.trotter_steps, maximum=MAX_LAYERS)

    def _setup(self, n_features: int, rng: np.random.Generator) -> None:
        hamiltonian = self.embedding == "Hamiltonian"
        rule = "n_features + 1 qubits" if hamiltonian else "one qubit per feature"
        self.n_qubits_ = check_family_qubits(type(self).__name__, n_features + hamiltonian,
                                             n_features, rule)
        self.rotation_angles_ = (rng.uniform(size=(self.n_qubits_, 3)) * 2 * np.pi
                                 if hamiltonian else None)

    def _embed(self, x: Any) -> None:
        n = self.n_qubits_
        if self.embedding == "IQP":
            qml.IQPEmbedding(x, wires=range(n), n_repeats=2)
            return
        for i in range(n):
            qml.Rot(*self.rotation_angles_[i], wires=i)
        step = self.t / self.trotter_steps * (n - 1)
        for _ in range(self.trotter_steps):
            for j in range(n - 1):
                angle = x[..., j] * step
                qml.IsingXX(angle, wires=[j, j + 1])
                qml.IsingYY(angle, wires=[j, j + 1])
                qml.IsingZZ(angle, wires=[j, j + 1])

    def pauli_expvals(self, Xs: np.ndarray) -> np.ndarray:
        """``<X_k>``, ``<Y_k>``, ``<Z_k>`` of every qubit for *scaled* inputs, shape (n, 3q).

        One broadcast execution per chunk of samples.
        """
        with circuit_lock():
            device = qml.device("default.qubit", wires=self.n_qubits_)
            qnode = guard_qnode(qml.QNode(self._sample_circuit, device))
        return _in_chunks(lambda chunk: np.stack(qnode(chunk), axis=-1).reshape(len(chunk), -1),
                          np.asarray(Xs, dtype=np.float64))

    def _sample_circuit(self, xs: np.ndarray) -> Any:
        """The embedding, then ``<X_k>``, ``<Y_k>``, ``<Z_k>`` of every qubit."""
        self._embed(xs)
        return [qml.expval(P(k)) for P in (qml.X, qml.Y, qml.Z) for k in range(self.n_qubits_)]

    def circuits_per_prediction(self) -> int:
        """Three on hardware: the X, the Y and the Z basis (each measures every qubit)."""
        return 3

    def fit_circuits(self, n_samples: int) -> tuple[int, int]:
        """One broadcast execution per chunk here; three bases per sample on hardware."""
        return math.ceil(n_samples / CHUNK), 3 * n_samples

    def _fit_features(self, Xs: np.ndarray) -> np.ndarray:
        self.train_expvals_ = self.pauli_expvals(Xs)
        variance = float(np.var(self.train_expvals_))
        default = 1.0 / (variance * self.n_features_in_) if variance > 1e-12 else 1.0
        self.gamma_ = float(self.gamma_factor) * default
        return self._gram(self.train_expvals_)

    def _gram(self, expvals: np.ndarray) -> np.ndarray:
        return rbf_kernel(expvals, self.train_expvals_, gamma=self.gamma_)

    def _features(self, Xs: np.ndarray) -> np.ndarray:
        return self._gram(self.pauli_expvals(Xs))

    def _make_model(self, seed: int) -> SVC:
        return SVC(kernel="precomputed", C=float(self.C), random_state=seed)

    def gram_matrix(self, X: Any) -> np.ndarray:
        """Kernel values between ``X`` and the training samples, shape ``(n, n_train)``."""
        return self._new_features(X)

"""Quantum kitchen sinks (Wilson et al. 2018): random circuits as features, a linear model on top.

Follows ``QuantumKitchenSinks`` of the reference study (Bowles, Ahmed & Schuld 2024,
arXiv:2403.07059; ``src/qml_benchmarks/models/quantum_kitchen_sinks.py`` of
github.com/XanaduAI/qml-benchmarks).

Examples
--------
>>> kitchen_sink_probs(np.array([[np.pi, 0.0, 0.0]])).round(3).tolist()  # |100> -> |111>
[[0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0]]
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pennylane as qml
from sklearn.linear_model import LogisticRegression

from qnnlab._concurrency import circuit_lock, guard_qnode
from qnnlab._validation import brief_repr, check_positive_int
from qnnlab.families._base import (
    CHUNK,
    FeatureMapClassifier,
    check_family_qubits,
    check_positive_real,
)

__all__ = ["QuantumKitchenSinks", "kitchen_sink_circuit", "kitchen_sink_probs"]

#: Most shots per circuit (each shot is one more row of uniforms per sample and episode).
MAX_KITCHEN_SHOTS = 1024
#: Most episodes (random circuits per sample).
MAX_EPISODES = 100_000
#: Circuits (samples x episodes) simulated per broadcast execution.
KITCHEN_CHUNK = CHUNK * 16


def _cnot_pairs(n_qubits: int) -> list[tuple[int, int]]:
    """The reference's generalisation of Fig. 2(c): CNOTs (0,1), (2,3), ..., then (i, i+2)."""
    return ([(i, i + 1) for i in range(0, n_qubits - 1, 2)]
            + [(i, i + 2) for i in range(n_qubits - 2)])


def kitchen_sink_circuit(q: Any) -> Any:
    """Queue one kitchen-sink circuit: ``RX(q_i)`` on qubit ``i``, the CNOTs, all probabilities.

    Examples
    --------
    >>> tape = qml.tape.make_qscript(kitchen_sink_circuit)(np.zeros(4))
    >>> [op.name for op in tape.operations].count("CNOT")  # (0,1), (2,3), (0,2), (1,3)
    4
    """
    n_qubits = np.shape(q)[-1]
    for i in range(n_qubits):
        qml.RX(q[..., i], wires=i)
    for control, target in _cnot_pairs(n_qubits):
        qml.CNOT(wires=[control, target])
    return qml.probs(wires=range(n_qubits))


def kitchen_sink_probs(angles: Any) -> np.ndarray:
    """Basis-state probabilities of the kitchen-sink circuit for each row of ``angles``.

    ``RX(angle_i)`` on qubit ``i``, then CNOTs on ``(0, 1), (2, 3), ...`` and on
    ``(i, i + 2)``; one broadcast execution of ``default.qubit`` per chunk of rows. Wire 0 is
    the most significant bit of the basis-state index (PennyLane's order).

    Examples
    --------
    >>> kitchen_sink_probs(np.array([[np.pi, 0.0]])).round(3).tolist()  # |10> -> CNOT -> |11>
    [[0.0, 0.0, 0.0, 1.0]]
    """
    angles = np.atleast_2d(np.asarray(angles, dtype=np.float64))
    n_qubits = angles.shape[1]
    with circuit_lock():
        device = qml.device("default.qubit", wires=n_qubits)
        qnode = guard_qnode(qml.QNode(kitchen_sink_circuit, device))
    step = KITCHEN_CHUNK
    parts = [np.reshape(qnode(angles[i:i + step]), (-1, 2**n_qubits))
             for i in range(0, len(angles), step)]
    return np.concatenate(parts) if parts else np.zeros((0, 2**n_qubits))


class QuantumKitchenSinks(FeatureMapClassifier):
    """Quantum kitchen sinks: measured bits of random-angle circuits fed to a linear model.

    For each of ``n_episodes`` episodes ``e`` the scaled input ``x`` (min-max scaled to
    ``[-1, 1]``, times ``scaling``) is mapped linearly to ``q = omega_e x + beta_e`` with
    ``omega_e`` Gaussian (variance ``var``, shape ``(n_qubits, n_features)``) and ``beta_e``
    uniform in ``[0, 2 pi)``, both drawn once from ``random_state``; ``q`` sets the angles of
    ``RX`` gates followed by a fixed CNOT pattern (the reference's generalisation of Fig. 2(c)
    of the paper), and the circuit is measured once. The ``n_episodes * n_qubits`` bits are the
    features of an unregularised logistic regression.

    Parameters
    ----------
    n_episodes : int, default=100
        Random circuits per sample (reference grid 10, 100, 500, 2000).
    n_qfeatures : {"full", "half"} or int, default="full"
        Qubits: one per feature ("full"), half as many rounded up ("half"), or a number
        (reference grid "full", "half").
    var : float, default=1.0
        Variance of the entries of ``omega``.
    shots : int or None, default=1
        Measurements per circuit; the feature is the mean of the bits (the reference measures
        once). None gives the exact probability that each qubit reads 1.
    scaling : float, default=1.0
        Factor applied to the scaled inputs.
    max_iter : int, default=100
        Iterations of the logistic regression (lbfgs, ``tol`` 1e-3, no penalty, as in the
        reference).
    random_state : int, RandomState or None, default=None
        Seed of ``omega``, ``beta`` and of the measurement outcomes.

    Attributes
    ----------
    n_qubits_ : int
    omegas_ : ndarray of shape (n_episodes, n_qubits_, n_features)
    betas_ : ndarray of shape (n_episodes, n_qubits_)
    model_ : sklearn.linear_model.LogisticRegression
    n_iter_ : int
        Iterations the logistic regression ran.
    scaler_ : sklearn.preprocessing.MinMaxScaler
    classes_ : ndarray

    Notes
    -----
    Measurement outcomes are sampled from the simulated probabilities with a generator seeded by
    ``random_state`` *and the sample's values*, so the same sample always gets the same
    outcomes, whatever batch it comes in (the reference fixes the simulator's key once, with the
    same effect); the outcomes are distributed as the circuit's measurements. Deviations: any
    number of classes (the reference asserts labels -1 and 1); ``shots`` other than 1 and
    ``n_qfeatures`` larger than the feature count are extensions; ``random_state`` defaults to
    None instead of 42. The circuit of the paper is only given for 4 qubits; like the reference
    we use its CNOT pattern generalised to ``n`` qubits.

    References
    ----------
    Wilson et al., "Quantum kitchen sinks: An algorithm for machine learning on near-term
    quantum computers", arXiv:1806.08321 (2018). Bowles, Ahmed & Schuld (2024),
    arXiv:2403.07059.

    Examples
    --------
    >>> from qnnlab.datasets import load_dataset
    >>> X_train, X_test, y_train, y_test = load_dataset("moons", n_samples=80, random_state=0)
    >>> clf = QuantumKitchenSinks(n_episodes=20, random_state=0).fit(X_train, y_train)
    >>> clf.transform_features(X_test[:3]).shape  # 20 episodes x 2 qubits
    (3, 40)
    """

    _feature_range = (-1.0, 1.0)
    _has_proba = True

    def __init__(self, n_episodes: int = 100, n_qfeatures: str | int = "full", *,
                 var: float = 1.0, shots: int | None = 1, scaling: float = 1.0,
                 max_iter: int = 100, random_state: Any = None) -> None:
        self.n_episodes = n_episodes
        self.n_qfeatures = n_qfeatures
        self.var = var
        self.shots = shots
        self.scaling = scaling
        self.max_iter = max_iter
        self.random_state = random_state

    def _check_params(self) -> None:
        check_positive_int("n_episodes", self.n_episodes, maximum=MAX_EPISODES)
        if self.n_qfeatures not in ("full", "half"):
            if isinstance(self.n_qfeatures, str):
                raise ValueError("n_qfeatures must be 'full', 'half' or a number of qubits; "
                                 f"got {brief_repr(self.n_qfeatures)}")
            check_positive_int("n_qfeatures", self.n_qfeatures)
        check_positive_real("var", self.var)
        if self.shots is not None:
            check_positive_int("shots", self.shots, maximum=MAX_KITCHEN_SHOTS)
        check_positive_int("max_iter", self.max_iter)

    def _setup(self, n_features: int, rng: np.random.Generator) -> None:
        if self.n_qfeatures == "full":
            n_qubits, rule = n_features, "one qubit per feature (n_qfeatures='full')"
        elif self.n_qfeatures == "half":
            n_qubits, rule = -(-n_features // 2), "a qubit per two features (n_qfeatures='half')"
        else:
            n_qubits, rule = int(self.n_qfeatures), f"n_qfeatures={self.n_qfeatures} qubits"
        self.n_qubits_ = check_family_qubits(type(self).__name__, n_qubits, n_features, rule)
        self.omegas_ = rng.normal(size=(self.n_episodes, n_qubits, n_features)) \
            * np.sqrt(self.var)
        self.betas_ = 2 * np.pi * rng.uniform(size=(self.n_episodes, n_qubits))
        self._outcome_seed = int(rng.integers(2**31 - 1))

    def angles(self, Xs: np.ndarray) -> np.ndarray:
        """Circuit angles ``omega_e x + beta_e`` for *scaled* inputs, shape (n, episodes, q)."""
        return np.einsum("eqf,nf->neq", self.omegas_, Xs) + self.betas_

    def _features(self, Xs: np.ndarray) -> np.ndarray:
        n, episodes, q = len(Xs), self.n_episodes, self.n_qubits_
        probs = kitchen_sink_probs(self.angles(Xs).reshape(n * episodes, q))
        basis_bits = (np.arange(2**q)[:, None] >> np.arange(q - 1, -1, -1)) & 1  # (2**q, q)
        if self.shots is None:
            return (probs @ basis_bits).reshape(n, episodes * q)
        cumulative = np.cumsum(probs.reshape(n, episodes, -1), axis=-1)
        features = np.empty((n, episodes * q))
        for i, x in enumerate(Xs):
            uniforms = self._sample_rng(x).random((episodes, self.shots))
            outcomes = (cumulative[i][:, None, :] < uniforms[..., None]).sum(-1)
            outcomes = np.minimum(outcomes, 2**q - 1)  # guard rounding of the last cumsum
            features[i] = basis_bits[outcomes].mean(axis=1).reshape(-1)
        return features

    def _sample_rng(self, x: np.ndarray) -> np.random.Generator:
        """A generator determined by the seed and the sample's values (not its position)."""
        words = np.ascontiguousarray(x, dtype=np.float64).view(np.uint32)
        return np.random.default_rng([self._outcome_seed, *words.tolist()])

    def fit(self, X: Any, y: Any) -> QuantumKitchenSinks:
        """Draw the random circuits, measure the training data and fit the linear model."""
        super().fit(X, y)
        self.n_iter_ = int(np.max(self.model_.n_iter_))
        return self

    def _sample_circuit(self, xs: np.ndarray) -> Any:
        """The first episode's circuit for the scaled sample ``xs``."""
        return kitchen_sink_circuit(self.angles(xs[None])[0, 0])

    def circuits_per_prediction(self) -> int:
        """One circuit per episode."""
        return int(self.n_episodes)

    def fit_circuits(self, n_samples: int) -> tuple[int, int]:
        """Broadcast executions of :data:`KITCHEN_CHUNK` circuits here; one circuit per sample
        and episode on hardware."""
        total = n_samples * int(self.n_episodes)
        return math.ceil(total / KITCHEN_CHUNK), total

    def _make_model(self, seed: int) -> LogisticRegression:
        return LogisticRegression(C=np.inf, tol=1e-3, max_iter=int(self.max_iter),
                                  random_state=seed)

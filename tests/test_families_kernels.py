"""Quantum kernel families: entries against hand-built circuits, batching, learning, bad input."""

from __future__ import annotations

import numpy as np
import pennylane as qml
import pytest
from sklearn.utils.estimator_checks import parametrize_with_checks

from qnnlab.datasets import load_dataset
from qnnlab.families import IQPKernelClassifier, ProjectedQuantumKernel
from qnnlab.families.kernels import fidelity_gram, iqp_states

RNG = np.random.default_rng(7)
X_SMALL = RNG.uniform(-1.5, 1.5, size=(5, 3))


def _pairwise_fidelity(x1: np.ndarray, x2: np.ndarray, repeats: int) -> float:
    """The reference's circuit: probability of |0...0> after U(x2)^dagger U(x1)."""
    wires = range(len(x1))

    @qml.qnode(qml.device("default.qubit", wires=len(x1)))
    def circuit():
        qml.IQPEmbedding(x1, wires=wires, n_repeats=repeats)
        qml.adjoint(qml.IQPEmbedding(x2, wires=wires, n_repeats=repeats))
        return qml.probs()

    return float(circuit()[0])


class TestIQPKernel:
    @pytest.mark.parametrize("repeats", [1, 2])
    def test_entries_equal_the_per_pair_circuit(self, repeats):
        gram = fidelity_gram(iqp_states(X_SMALL, repeats), iqp_states(X_SMALL[:3], repeats))
        for i, j in [(0, 0), (0, 1), (2, 1), (4, 2), (3, 0)]:
            assert gram[i, j] == pytest.approx(_pairwise_fidelity(X_SMALL[i], X_SMALL[j],
                                                                  repeats), abs=1e-10)

    def test_gram_of_new_samples_uses_the_scaled_inputs(self):
        X_train, X_test, y_train, _ = load_dataset("moons", n_samples=40, random_state=1)
        clf = IQPKernelClassifier(repeats=1, scaling=0.5).fit(X_train, y_train)
        scaled = lambda X: clf.scaler_.transform(X) * 0.5  # noqa: E731
        expected = _pairwise_fidelity(scaled(X_test[:1])[0], scaled(X_train[3:4])[0], 1)
        assert clf.gram_matrix(X_test[:1])[0, 3] == pytest.approx(expected, abs=1e-10)
        # the reference's scaling: training data min-max scaled to [-pi/2, pi/2]
        assert np.allclose(clf.scaler_.transform(X_train).min(0), -np.pi / 2)
        assert np.allclose(clf.scaler_.transform(X_train).max(0), np.pi / 2)

    def test_batched_equals_per_sample_and_the_training_gram_is_a_kernel(self):
        X_train, X_test, y_train, _ = load_dataset("circles", n_samples=50, random_state=0)
        clf = IQPKernelClassifier(repeats=2).fit(X_train, y_train)
        batched = clf.gram_matrix(X_test)
        rows = np.vstack([clf.gram_matrix(x[None]) for x in X_test])
        assert np.allclose(batched, rows, atol=1e-12)
        train = clf.gram_matrix(X_train)
        assert np.allclose(np.diag(train), 1.0) and np.allclose(train, train.T)
        assert np.linalg.eigvalsh(train).min() > -1e-9

    def test_learns_separable_data(self):
        X_train, X_test, y_train, y_test = load_dataset("circles", n_samples=200, random_state=0)
        assert IQPKernelClassifier(repeats=1, C=10.0).fit(X_train, y_train).score(
            X_test, y_test) >= 0.9


def _reduced_states(clf: ProjectedQuantumKernel, x: np.ndarray) -> list[np.ndarray]:
    """Each qubit's reduced density matrix, from a circuit written out by hand."""
    n = clf.n_qubits_
    step = clf.t / clf.trotter_steps * (n - 1)

    @qml.qnode(qml.device("default.qubit", wires=n))
    def circuit(k):
        for i in range(n):
            angles = clf.rotation_angles_[i]
            qml.RZ(angles[0], wires=i)  # Rot(a, b, c) = RZ(c) RY(b) RZ(a)
            qml.RY(angles[1], wires=i)
            qml.RZ(angles[2], wires=i)
        for _ in range(clf.trotter_steps):
            for j in range(n - 1):
                for gate in (qml.IsingXX, qml.IsingYY, qml.IsingZZ):
                    gate(x[j] * step, wires=[j, j + 1])
        return qml.density_matrix(wires=[k])

    return [np.asarray(circuit(k)) for k in range(n)]


PAULIS = [np.array([[0, 1], [1, 0]]), np.array([[0, -1j], [1j, 0]]), np.diag([1.0, -1.0])]


@pytest.fixture(scope="module")
def fitted():
    X_train, X_test, y_train, _ = load_dataset("moons", n_samples=30, random_state=2)
    clf = ProjectedQuantumKernel(gamma_factor=2.0, t=0.7, trotter_steps=2,
                                 random_state=3).fit(X_train, y_train)
    return clf, X_train, X_test


class TestProjectedKernel:
    def test_expectations_equal_reduced_density_matrices(self, fitted):
        clf, X_train, _ = fitted
        Xs = clf.scaler_.transform(X_train[:2])
        for x, expvals in zip(Xs, clf.pauli_expvals(Xs)):
            rhos = _reduced_states(clf, x)
            direct = [np.trace(P @ rho).real for P in PAULIS for rho in rhos]
            assert np.allclose(expvals, direct, atol=1e-10)

    def test_kernel_entry_by_hand(self, fitted):
        clf, X_train, X_test = fitted
        v_train = clf.pauli_expvals(clf.scaler_.transform(X_train))
        gamma = 2.0 / (np.var(v_train) * X_train.shape[1])  # gamma_factor / (d * Var)
        assert clf.gamma_ == pytest.approx(gamma)
        v_test = clf.pauli_expvals(clf.scaler_.transform(X_test[:1]))[0]
        expected = np.exp(-gamma * np.sum((v_test - v_train[4]) ** 2))
        assert clf.gram_matrix(X_test[:1])[0, 4] == pytest.approx(expected, rel=1e-10)

    def test_bandwidth_is_fixed_at_fit_not_by_the_test_batch(self, fitted):
        clf, _, X_test = fitted
        assert np.allclose(clf.gram_matrix(X_test[:3]), clf.gram_matrix(X_test)[:3])

    def test_iqp_embedding_qubits_and_seeded_rotations(self):
        X, y = load_dataset("moons", n_samples=20, random_state=0)[::2]
        assert ProjectedQuantumKernel(embedding="IQP").fit(X, y).n_qubits_ == 2
        a, b, c = (ProjectedQuantumKernel(random_state=s).fit(X, y) for s in (0, 0, 1))
        assert np.array_equal(a.rotation_angles_, b.rotation_angles_)
        assert not np.allclose(a.rotation_angles_, c.rotation_angles_)
        assert np.array_equal(a.decision_function(X), b.decision_function(X))

    def test_learns_separable_data(self):
        X_train, X_test, y_train, y_test = load_dataset("moons", n_samples=200, random_state=0)
        clf = ProjectedQuantumKernel(C=10.0, random_state=0).fit(X_train, y_train)
        assert clf.score(X_test, y_test) >= 0.85


class TestBadInput:
    @pytest.mark.parametrize("estimator, match", [
        (IQPKernelClassifier(C=-1.0), "C must be a finite number > 0; got -1.0"),
        (IQPKernelClassifier(repeats=0), "repeats must be an integer >= 1; got 0"),
        (ProjectedQuantumKernel(embedding="iqp"), "Unknown embedding 'iqp'.*Hamiltonian"),
        (ProjectedQuantumKernel(trotter_steps=1.5), "trotter_steps must be an integer"),
        (ProjectedQuantumKernel(t="1e-3"), "YAML reads 1e-3 as text"),
    ])
    def test_bad_parameters(self, estimator, match):
        with pytest.raises(ValueError, match=match):
            estimator.fit([[0.0, 1.0], [1.0, 0.0]], [0, 1])

    @pytest.mark.parametrize("estimator, qubits", [(IQPKernelClassifier(), 40),
                                                   (ProjectedQuantumKernel(), 41)])
    def test_too_many_features_refused_before_simulating(self, estimator, qubits):
        X = RNG.normal(size=(4, 40))
        with pytest.raises(ValueError, match=f"40 features need {qubits} qubits"):
            estimator.fit(X, [0, 1, 0, 1])


@parametrize_with_checks([IQPKernelClassifier(repeats=1), ProjectedQuantumKernel(trotter_steps=1)])
def test_sklearn_compatible(estimator, check):
    check(estimator)

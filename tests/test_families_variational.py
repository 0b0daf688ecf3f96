"""IQP variational and circuit-centric classifiers: against matrix computations, bad input."""

from __future__ import annotations

import numpy as np
import pennylane as qml
import pytest
import torch
from sklearn.utils.estimator_checks import parametrize_with_checks

from qnnlab.families import CircuitCentricClassifier, IQPVariationalClassifier
from qnnlab.families.circuit_centric import padded_copies
from qnnlab.families.kernels import iqp_states

RNG = np.random.default_rng(0)
X = RNG.normal(size=(40, 3))
Y = (X[:, 0] + X[:, 1] > 0).astype(int)
Z = np.diag([1.0, -1.0])


def _kron(*ops):
    out = np.eye(1)
    for op in ops:
        out = np.kron(out, op)
    return out


def _outputs(clf, X_):
    with torch.no_grad():
        return clf.model_(torch.tensor(X_, dtype=torch.float64))[:, 0].numpy()


def test_iqp_variational_equals_the_matrix_computation():
    clf = IQPVariationalClassifier(repeats=2, n_layers=2, epochs=1, random_state=0).fit(X, Y)
    xs = clf.model_.scaled(torch.tensor(X[:4], dtype=torch.float64)).numpy()
    assert np.allclose(xs.min(), -np.pi / 2, atol=1.5)  # min-max scaled to [-pi/2, pi/2]
    weights = clf.model_.weights_.detach().numpy()
    unitary = qml.matrix(qml.StronglyEntanglingLayers(weights, wires=range(3),
                                                      imprimitive=qml.CZ))
    observable = _kron(Z, Z, np.eye(2))
    for state, out in zip(iqp_states(xs, repeats=2), _outputs(clf, X[:4])):
        final = unitary @ state
        assert out == pytest.approx(np.real(np.conj(final) @ observable @ final), abs=1e-10)


def test_padded_copies_by_hand():
    x = np.array([3.0, 4.0, 0.0])
    padded = np.append(x, 0.25) / np.linalg.norm(np.append(x, 0.25))
    got = padded_copies(torch.tensor(x[None]), 2)[0].numpy()
    assert np.allclose(got, np.kron(padded, padded))


def test_circuit_centric_equals_the_matrix_computation():
    clf = CircuitCentricClassifier(n_input_copies=2, n_layers=1, scaling=0.5, epochs=1,
                                   random_state=0).fit(X, Y)
    assert clf.model_.n_qubits == 4  # 2 copies x ceil(log2 3)
    weights = clf.model_.weights_.detach().numpy()
    unitary = qml.matrix(qml.StronglyEntanglingLayers(weights, wires=range(4)))
    observable = _kron(Z, np.eye(8))
    bias = float(clf.model_.bias.detach())
    for x, out in zip(X[:3], _outputs(clf, X[:3])):
        v = np.append(0.5 * x, 0.25)  # scaling, then padding with 1/4 (no other rescaling)
        v = v / np.linalg.norm(v)
        final = unitary @ np.kron(v, v)
        assert out == pytest.approx(np.real(np.conj(final) @ observable @ final) + bias,
                                    abs=1e-10)


@pytest.mark.parametrize("cls", [IQPVariationalClassifier, CircuitCentricClassifier])
def test_seeds_batching_and_probabilities(cls):
    a, b = (cls(n_layers=1, epochs=2, random_state=5).fit(X, Y) for _ in range(2))
    assert np.array_equal(a.decision_function(X), b.decision_function(X))
    assert np.allclose(a.decision_function(X[:4]),
                       [a.decision_function(x[None])[0] for x in X[:4]], atol=1e-12)
    proba = a.predict_proba(X)
    assert np.allclose(proba.sum(1), 1) and proba.min() >= 0


def test_learn_linearly_separable_data():
    rng = np.random.default_rng(2)
    # Positive features: the circuit-centric encoding keeps only the direction of x, and x and
    # -x give the same state (up to a global phase), so it cannot tell them apart. Classes are
    # balanced about 50:50. The IQP model learns a line less well (its features are products of
    # angles, not the angles themselves): its floor is lower, still above chance.
    X2 = rng.uniform(0, 1, size=(120, 2))
    y2 = (X2[:, 0] - X2[:, 1] > 0).astype(int)
    for clf, floor in ((IQPVariationalClassifier(n_layers=2, epochs=20, learning_rate=0.1,
                                                 random_state=0), 0.7),
                       (CircuitCentricClassifier(n_layers=2, epochs=20, learning_rate=0.1,
                                                 random_state=0), 0.8)):
        assert clf.fit(X2[:80], y2[:80]).score(X2[80:], y2[80:]) >= floor, clf


@pytest.mark.parametrize("estimator, match", [
    (IQPVariationalClassifier(), "needs at least 2 features .* got 1"),
    (CircuitCentricClassifier(), "needs at least 2 features .* got 1"),
])
def test_one_feature_refused(estimator, match):
    with pytest.raises(ValueError, match=match):
        estimator.fit([[0.0], [1.0]], [0, 1])


def test_bad_parameters_and_too_many_qubits():
    with pytest.raises(ValueError, match="n_input_copies must be an integer >= 1; got 0"):
        CircuitCentricClassifier(n_input_copies=0).fit(X, Y)
    with pytest.raises(ValueError, match="repeats must be an integer >= 1"):
        IQPVariationalClassifier(repeats=0).fit(X, Y)
    with pytest.raises(ValueError, match="40 features need 40 qubits"):
        IQPVariationalClassifier().fit(np.ones((2, 40)), [0, 1])
    with pytest.raises(ValueError, match="1000 features need 160 qubits"):
        CircuitCentricClassifier(n_input_copies=16).fit(np.ones((2, 1000)), [0, 1])


@parametrize_with_checks([IQPVariationalClassifier(n_layers=1, epochs=10, learning_rate=0.1),
                          CircuitCentricClassifier(n_input_copies=1, n_layers=1, epochs=10,
                                                   learning_rate=0.1)])
def test_sklearn_compatible(estimator, check):
    check(estimator)

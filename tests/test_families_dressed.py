"""Dressed quantum circuit and its ablations: against closed forms and a hand simulation."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from sklearn.utils.estimator_checks import parametrize_with_checks

from qnnlab.families import DressedQuantumCircuitClassifier

RNG = np.random.default_rng(0)
X = RNG.normal(size=(40, 2))
Y = (X[:, 0] * X[:, 1] > 0).astype(int)


def _fit(**params):
    return DressedQuantumCircuitClassifier(n_layers=2, epochs=1, random_state=4,
                                           **params).fit(X, Y)


def _angles(net, x):
    xs = (x - X.mean(0)) / X.std(0)  # StandardScaler fitted on the training data
    return np.tanh(net.input_weights.detach().numpy() @ xs) * np.pi / 2


def _ry(a):
    c, s = np.cos(a / 2), np.sin(a / 2)
    return np.array([[c, -s], [s, c]])


def _entangled_by_hand(net, x):
    """H, RY(h) on both qubits, then per layer RY(w) on both and CNOT(0, 1): <Z_0>, <Z_1>."""
    h = _angles(net, x)
    w = net.circuit_weights.detach().numpy()
    hadamard = np.array([[1, 1], [1, -1]]) / np.sqrt(2)
    state = np.kron(_ry(h[0]) @ hadamard, _ry(h[1]) @ hadamard) @ np.array([1.0, 0, 0, 0])
    cnot = np.array([[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 0, 1], [0, 0, 1, 0]])
    for layer in range(net.n_layers):
        state = cnot @ np.kron(_ry(w[layer, 0]), _ry(w[layer, 1])) @ state
    z = np.diag([1, -1])
    return np.array([state @ np.kron(z, np.eye(2)) @ state, state @ np.kron(np.eye(2), z) @ state])


def _logits(clf, x):
    with torch.no_grad():
        return clf.model_(torch.tensor(x[None], dtype=torch.float64))[0].numpy()


def test_dressed_circuit_by_hand():
    clf = _fit()
    out_w = clf.model_.output_weights.detach().numpy()
    for x in X[:3]:
        assert np.allclose(_logits(clf, x), out_w @ _entangled_by_hand(clf.model_, x), atol=1e-10)


def test_separable_closed_form():
    # H|0> = RY(pi/2)|0>, so each qubit is RY(pi/2 + h_i + sum_l w_li)|0>: <Z_i> = cos(angle)
    clf = _fit(ablation="separable")
    w = clf.model_.circuit_weights.detach().numpy()
    out_w = clf.model_.output_weights.detach().numpy()
    for x in X[:3]:
        z = np.cos(np.pi / 2 + _angles(clf.model_, x) + w.sum(axis=0))
        assert np.allclose(_logits(clf, x), out_w @ z, atol=1e-10)


def test_classical_ablation_closed_form_and_no_circuit():
    clf = _fit(ablation="classical")
    net = clf.model_
    assert not hasattr(net, "circuit_weights")
    mid = net.mid_weights.detach().numpy()
    for x in X[:3]:
        expected = net.output_weights.detach().numpy() @ (
            np.tanh(mid @ _angles(net, x)) * np.pi / 2)
        assert np.allclose(_logits(clf, x), expected, atol=1e-12)
    # the same sizes as the quantum model: n x n maps in and out of the middle
    assert clf.model_.n_parameters() == {"input_weights": 4, "mid_weights": 4,
                                         "output_weights": 4}


def test_predictions_seed_and_batching():
    a, b = _fit(), _fit()
    assert np.array_equal(a.predict_proba(X), b.predict_proba(X))
    assert np.allclose(a.decision_function(X[:5]),
                       [a.decision_function(x[None])[0] for x in X[:5]], atol=1e-12)
    logits = np.array([_logits(a, x) for x in X[:5]])
    assert np.allclose(a.predict_proba(X[:5])[:, 1], 1 / (1 + np.exp(logits[:, 0] - logits[:, 1])))


def test_learns_linearly_separable_data():
    rng = np.random.default_rng(1)
    X2 = rng.uniform(-1, 1, size=(120, 2))
    y2 = (X2[:, 0] - X2[:, 1] > 0).astype(int)
    clf = DressedQuantumCircuitClassifier(n_layers=1, epochs=20, learning_rate=0.1,
                                          random_state=0).fit(X2[:80], y2[:80])
    assert clf.score(X2[80:], y2[80:]) >= 0.85


@pytest.mark.parametrize("params, match", [
    ({"ablation": "quantum"}, "Unknown ablation 'quantum'.*separable.*classical"),
    ({"n_layers": -1}, "n_layers must be an integer >= 1; got -1"),
])
def test_bad_parameters(params, match):
    with pytest.raises(ValueError, match=match):
        DressedQuantumCircuitClassifier(**params).fit(X, Y)


def test_too_many_features_refused_unless_classical():
    X40 = np.random.default_rng(0).normal(size=(4, 40))
    with pytest.raises(ValueError, match="40 features need 40 qubits"):
        DressedQuantumCircuitClassifier().fit(X40, [0, 1, 0, 1])
    DressedQuantumCircuitClassifier(ablation="classical", epochs=1).fit(X40, [0, 1, 0, 1])


@parametrize_with_checks([DressedQuantumCircuitClassifier(n_layers=1, epochs=10,
                                                          learning_rate=0.1)])
def test_sklearn_compatible(estimator, check):
    check(estimator)

"""Data re-uploading classifier: against a hand-written simulation, cost, learning, bad input."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from sklearn.utils.estimator_checks import parametrize_with_checks

from qnnlab.datasets import load_dataset
from qnnlab.families import DataReuploadingClassifier
from qnnlab.families.reuploading import FidelityCost


def _rz(a):
    return np.diag([np.exp(-0.5j * a), np.exp(0.5j * a)])


def _ry(a):
    c, s = np.cos(a / 2), np.sin(a / 2)
    return np.array([[c, -s], [s, c]])


def _rot(phi, theta, omega):  # PennyLane's Rot(phi, theta, omega) = RZ(omega) RY(theta) RZ(phi)
    return _rz(omega) @ _ry(theta) @ _rz(phi)


def _on(gate, wire, n):
    ops = [np.eye(2)] * n
    ops[wire] = gate
    out = ops[0]
    for op in ops[1:]:
        out = np.kron(out, op)
    return out


def _by_hand(net, x):
    """<Z_0> of the re-uploading circuit, written out with 2x2 matrices (1 or 2 qubits)."""
    n, L = net.n_qubits, net.n_layers
    thetas, omegas = net.thetas.detach().numpy(), net.omegas.detach().numpy()
    xs = np.zeros(3 * n)
    xs[:len(x)] = x * net.scale.numpy() + net.offset.numpy()
    state = np.zeros(2**n, dtype=complex)
    state[0] = 1
    cz = np.diag([1, 1, 1, -1]) if n == 2 else None
    for layer in range(L + 1):
        for i in range(n):
            angles = xs[3 * i:3 * i + 3] * omegas[layer, 3 * i:3 * i + 3]
            if net.separable or layer == L:
                state = _on(_rot(*(angles + thetas[i, layer])), i, n) @ state
            else:
                state = _on(_rot(*thetas[i, layer]), i, n) @ _on(_rot(*angles), i, n) @ state
        if n == 2 and layer % 2 == 0 and layer < L and not net.separable:
            state = cz @ state
    z0 = _on(np.diag([1.0, -1.0]), 0, n)
    return float(np.real(np.conj(state) @ z0 @ state))


@pytest.fixture(scope="module")
def moons():
    return load_dataset("moons", n_samples=100, random_state=0)


@pytest.mark.parametrize("n_features", [2, 5])
@pytest.mark.parametrize("separable", [False, True])
def test_circuit_equals_a_hand_written_simulation(n_features, separable):
    rng = np.random.default_rng(n_features)
    X = rng.normal(size=(12, n_features))
    y = (X[:, 0] > 0).astype(int)
    clf = DataReuploadingClassifier(n_layers=3, separable=separable, epochs=1,
                                    random_state=1).fit(X, y)
    assert clf.model_.n_qubits == -(-n_features // 3)
    with torch.no_grad():
        outputs = clf.model_(torch.tensor(X[:4], dtype=torch.float64))[:, 0].numpy()
    assert np.allclose(outputs, [_by_hand(clf.model_, x) for x in X[:4]], atol=1e-10)
    # batched equals per-sample
    assert np.allclose(clf.decision_function(X[:4]),
                       [clf.decision_function(x[None])[0] for x in X[:4]], atol=1e-12)


def test_cost_with_class_weights():
    X = np.array([[0.0], [1.0]])
    clf = DataReuploadingClassifier(n_layers=1, epochs=0, random_state=0).fit(X, [0, 1])
    with torch.no_grad():
        clf.model_.alphas[:] = torch.tensor([[0.5], [2.0]])
    cost = FidelityCost(clf.model_)
    outputs = torch.tensor([[0.2], [-0.6]], dtype=torch.float64)  # F0 = 0.6, 0.2
    # y=1: (0.5*0.4 - 0)^2 + (2*0.6 - 1)^2 = 0.08; y=0: (0.5*0.8 - 1)^2 + (2*0.2 - 0)^2 = 0.52
    expected = (0.08 + 0.52) / 2 / 2
    assert float(cost(outputs, torch.tensor([1, 0])).detach()) == pytest.approx(expected)


def test_predictions_follow_the_score_and_seeds(moons):
    X_train, X_test, y_train, y_test = moons
    a, b = (DataReuploadingClassifier(n_layers=1, epochs=2, random_state=3).fit(X_train,
                                                                                y_train)
            for _ in range(2))
    assert np.array_equal(a.predict_proba(X_test), b.predict_proba(X_test))
    m = a.decision_function(X_test)
    assert np.allclose(a.predict_proba(X_test)[:, 1], (1 + m) / 2)
    assert np.array_equal(a.predict(X_test), a.classes_[(m > 0).astype(int)])


def test_learns_linearly_separable_data():
    rng = np.random.default_rng(0)
    X = rng.uniform(-1, 1, size=(120, 2))
    y = (X[:, 0] + X[:, 1] > 0).astype(int)
    clf = DataReuploadingClassifier(n_layers=1, epochs=15, learning_rate=0.1,
                                    random_state=0).fit(X[:80], y[:80])
    assert clf.score(X[80:], y[80:]) >= 0.85


@pytest.mark.parametrize("params, match", [
    ({"observable_type": "double"}, "Unknown observable_type 'double'"),
    ({"n_layers": 0}, "n_layers must be an integer >= 1; got 0"),
    ({"separable": "yes"}, "separable must be True or False"),
])
def test_bad_parameters(params, match):
    with pytest.raises((ValueError, TypeError), match=match):
        DataReuploadingClassifier(**params).fit([[0.0], [1.0]], [0, 1])


def test_bad_data():
    with pytest.raises(ValueError, match="Only binary classification is supported.*got 3 classes"):
        DataReuploadingClassifier().fit([[0.0], [1.0], [2.0]], [0, 1, 2])
    with pytest.raises(ValueError, match="120 features need 40 qubits"):
        DataReuploadingClassifier().fit(np.ones((2, 120)), [0, 1])


@parametrize_with_checks([DataReuploadingClassifier(n_layers=1, epochs=10, learning_rate=0.1)])
def test_sklearn_compatible(estimator, check):
    check(estimator)

"""QCNN: against a circuit written out gate by gate, padding, learning, bad input."""

from __future__ import annotations

import numpy as np
import pennylane as qml
import pytest
import torch
from sklearn.utils.estimator_checks import parametrize_with_checks

from qnnlab.families import QCNNClassifier

RNG = np.random.default_rng(0)
X = RNG.uniform(-1, 1, size=(40, 4))
Y = (X[:, 0] + X[:, 1] - X[:, 2] - X[:, 3] > 0).astype(int)


def _block(w, a, b):
    qml.Rot(w[0], w[1], w[2], wires=a)
    qml.Rot(w[3], w[4], w[5], wires=b)
    qml.IsingXX(w[6], wires=[a, b])
    qml.IsingYY(w[7], wires=[a, b])
    qml.IsingZZ(w[8], wires=[a, b])
    qml.Rot(w[9], w[10], w[11], wires=a)
    qml.Rot(w[12], w[13], w[14], wires=b)


def _by_hand(net, x):
    """Four qubits, written out: level 1 on all four, pooling onto 0 and 2, level 2 on (0, 2)."""
    conv, pool = net.conv_weights.detach().numpy(), net.pool_weights.detach().numpy()
    angles = x * net.scale.numpy() + net.offset.numpy()

    @qml.qnode(qml.device("default.qubit", wires=4))
    def circuit():
        for i in range(4):
            qml.RY(angles[i], wires=i)
        for a, b in [(0, 1), (2, 3), (1, 2), (3, 0)]:  # the same weights on every pair
            _block(conv[0], a, b)
        for kept, gone in [(0, 1), (2, 3)]:
            qml.CRZ(pool[0, 0], wires=[gone, kept])
            qml.CRX(pool[0, 1], wires=[gone, kept])
        _block(conv[1], 0, 2)
        qml.CRZ(pool[1, 0], wires=[2, 0])
        qml.CRX(pool[1, 1], wires=[2, 0])
        return qml.expval(qml.PauliZ(0))

    return float(circuit())


def test_circuit_equals_the_written_out_circuit_and_batching():
    clf = QCNNClassifier(epochs=1, random_state=2).fit(X, Y)
    scores = clf.decision_function(X[:3])
    assert np.allclose(scores, [_by_hand(clf.model_, x) for x in X[:3]], atol=1e-10)
    assert np.allclose(scores, [clf.decision_function(x[None])[0] for x in X[:3]], atol=1e-12)
    # inputs min-max scaled to [0, pi] on the training data
    scaled = X * clf.model_.scale.numpy() + clf.model_.offset.numpy()
    assert np.allclose(scaled.min(0), 0) and np.allclose(scaled.max(0), np.pi)


def test_odd_feature_counts_carry_the_unpaired_qubit():
    clf = QCNNClassifier(epochs=1, random_state=0).fit(X[:, :3], Y)
    assert clf.model_.n_qubits == 3 and clf.model_.n_parameters() == {"conv_weights": 30,
                                                                      "pool_weights": 4}
    tape = qml.tape.make_qscript(clf.model_.circuit)(
        torch.zeros(3, dtype=torch.float64), *clf.model_.weights())
    pools = [list(op.wires) for op in tape.operations if op.name == "CRZ"]
    assert pools == [[1, 0], [2, 0]]  # level 1 pools 1 onto 0; qubit 2 waits for level 2
    assert tape.measurements[0].wires.tolist() == [0]


def test_seed_and_learning():
    a, b = (QCNNClassifier(epochs=1, random_state=1).fit(X, Y) for _ in range(2))
    assert np.array_equal(a.predict_proba(X), b.predict_proba(X))
    X2 = RNG.uniform(-1, 1, size=(120, 4))
    y2 = (X2[:, 0] + X2[:, 1] - X2[:, 2] - X2[:, 3] > 0).astype(int)
    clf = QCNNClassifier(epochs=15, learning_rate=0.1, random_state=0).fit(X2[:80], y2[:80])
    assert clf.score(X2[80:], y2[80:]) >= 0.8


def test_bad_input():
    with pytest.raises(ValueError, match="needs at least 2 features .* got 1 feature"):
        QCNNClassifier().fit([[0.0], [1.0]], [0, 1])
    with pytest.raises(ValueError, match="40 features need 40 qubits"):
        QCNNClassifier().fit(np.ones((2, 40)), [0, 1])
    with pytest.raises(ValueError, match="scaling must be a finite number > 0"):
        QCNNClassifier(scaling=0).fit(X, Y)


@parametrize_with_checks([QCNNClassifier(epochs=10, learning_rate=0.1)])
def test_sklearn_compatible(estimator, check):
    check(estimator)

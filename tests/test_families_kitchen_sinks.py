"""Quantum kitchen sinks: circuit against a hand computation, sampling, learning, bad input."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from sklearn.utils.estimator_checks import parametrize_with_checks

from qnnlab.datasets import load_dataset
from qnnlab.families import QuantumKitchenSinks
from qnnlab.families.kitchen_sinks import kitchen_sink_probs


def _by_hand(angles: np.ndarray) -> np.ndarray:
    """RX on |0> gives independent bits (P(1) = sin^2(a/2)); CNOTs then permute basis states."""
    n = len(angles)
    p_one = np.sin(angles / 2) ** 2
    cnots = [(i, i + 1) for i in range(0, n - 1, 2)] + [(i, i + 2) for i in range(n - 2)]
    probs = np.zeros(2**n)
    for bits in itertools.product((0, 1), repeat=n):
        weight = np.prod([p if b else 1 - p for b, p in zip(bits, p_one)])
        bits = list(bits)
        for control, target in cnots:
            bits[target] ^= bits[control]
        probs[int("".join(map(str, bits)), 2)] += weight
    return probs


@pytest.mark.parametrize("n_qubits", [1, 2, 3, 5])
def test_circuit_probabilities_by_hand(n_qubits):
    angles = np.random.default_rng(n_qubits).uniform(0, 2 * np.pi, size=(4, n_qubits))
    expected = np.array([_by_hand(a) for a in angles])
    assert np.allclose(kitchen_sink_probs(angles), expected, atol=1e-12)


@pytest.fixture(scope="module")
def data():
    return load_dataset("circles", n_samples=200, random_state=0)


def test_angles_and_exact_features(data):
    X_train, X_test, y_train, _ = data
    clf = QuantumKitchenSinks(n_episodes=3, shots=None, var=2.0, random_state=1).fit(X_train,
                                                                                    y_train)
    Xs = clf.scaler_.transform(X_test[:2])
    assert np.allclose(clf.scaler_.transform(X_train).min(0), -1) and clf.omegas_.shape == (3, 2, 2)
    angles = clf.angles(Xs)
    assert np.allclose(angles[1, 2], clf.omegas_[2] @ Xs[1] + clf.betas_[2])
    # exact features: the probability that each qubit reads 1, episode after episode
    probs = _by_hand(angles[1, 2])  # 2 qubits: |00>, |01>, |10>, |11>
    features = clf.transform_features(X_test[:2]).reshape(2, 3, 2)
    assert features[1, 2] == pytest.approx([probs[2] + probs[3], probs[1] + probs[3]])


def test_sampled_bits_follow_the_probabilities_and_ignore_the_batch(data):
    X_train, X_test, y_train, _ = data
    exact = QuantumKitchenSinks(n_episodes=5, shots=None, random_state=2).fit(X_train, y_train)
    one = QuantumKitchenSinks(n_episodes=5, random_state=2).fit(X_train, y_train)
    many = QuantumKitchenSinks(n_episodes=5, shots=1024, random_state=2).fit(X_train, y_train)
    bits = one.transform_features(X_test)
    assert set(np.unique(bits)) <= {0.0, 1.0}
    assert np.array_equal(one.transform_features(X_test[3:6]), bits[3:6])
    # 1024 shots: binomial standard error at most 0.016, so 0.08 is five of them
    assert np.abs(many.transform_features(X_test) - exact.transform_features(X_test)).max() < 0.08


def test_half_qubits_seed_and_learning(data):
    X_train, X_test, y_train, y_test = data
    X4 = np.hstack([X_train, X_train ** 2])
    assert QuantumKitchenSinks(n_episodes=2, n_qfeatures="half").fit(X4, y_train).n_qubits_ == 2
    a, b = (QuantumKitchenSinks(n_episodes=50, random_state=0).fit(X_train, y_train)
            for _ in range(2))
    assert np.array_equal(a.predict_proba(X_test), b.predict_proba(X_test))
    clf = QuantumKitchenSinks(n_episodes=500, random_state=0).fit(X_train, y_train)
    assert clf.score(X_test, y_test) >= 0.9


@pytest.mark.parametrize("params, match", [
    ({"n_qfeatures": "quarter"}, "n_qfeatures must be 'full', 'half' or a number of qubits; "
                                 "got 'quarter'"),
    ({"n_episodes": 0}, "n_episodes must be an integer >= 1; got 0"),
    ({"shots": 0}, "shots must be an integer >= 1; got 0"),
    ({"var": float("nan")}, "var must be a finite number > 0"),
    ({"n_qfeatures": 40}, "40 qubits"),
])
def test_bad_parameters(params, match):
    with pytest.raises(ValueError, match=match):
        QuantumKitchenSinks(**params).fit([[0.0, 1.0], [1.0, 0.0]], [0, 1])


def test_too_many_features_refused():
    with pytest.raises(ValueError, match="40 features need 40 qubits"):
        QuantumKitchenSinks().fit(np.ones((2, 40)), [0, 1])


@parametrize_with_checks([QuantumKitchenSinks(n_episodes=30)])
def test_sklearn_compatible(estimator, check):
    check(estimator)

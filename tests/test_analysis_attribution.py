"""Saliency, permutation importance and ablation of fitted estimators."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.inspection import permutation_importance as sk_permutation_importance

from qnnlab import HybridClassifier, HybridRegressor, resources
from qnnlab.analysis import ablation, permutation_importance, saliency, without_entanglement
from qnnlab.analysis.attribution import _fit_frozen
from qnnlab.circuits import CircuitConfig, init_weights


@pytest.fixture(scope="module")
def moons():
    from sklearn.datasets import make_moons

    X, y = make_moons(80, noise=0.1, random_state=0)
    X = (X - X.min(axis=0)) / np.ptp(X, axis=0) * np.pi
    return X[:60], X[60:], y[:60], y[60:]


@pytest.fixture(scope="module")
def classifier(moons):
    X_train, _, y_train, _ = moons
    return HybridClassifier(n_qubits=2, n_layers=1, epochs=3, random_state=0).fit(
        X_train, y_train)


def test_classifier_saliency_equals_finite_differences(classifier, moons):
    X = moons[1][:6]
    grads = saliency(classifier, X, absolute=False)
    chosen = classifier.predict_proba(X).argmax(axis=1)
    h = 1e-5
    for j in range(2):
        shift = np.zeros(2)
        shift[j] = h
        up = classifier.predict_proba(X + shift)[np.arange(6), chosen]
        down = classifier.predict_proba(X - shift)[np.arange(6), chosen]
        assert np.allclose(grads[:, j], (up - down) / (2 * h), atol=1e-7)
    assert np.allclose(saliency(classifier, X), np.abs(grads))


def test_saliency_of_a_chosen_class(classifier, moons):
    X = moons[1][:4]
    g0 = saliency(classifier, X, target=0, absolute=False)
    g1 = saliency(classifier, X, target=1, absolute=False)
    assert np.allclose(g0, -g1)  # two classes: p0 = 1 - p1
    with pytest.raises(ValueError, match="target must be one of the classes"):
        saliency(classifier, X, target=7)


def test_regressor_saliency_equals_finite_differences():
    X = np.linspace(0, 3, 20)[:, None]
    reg = HybridRegressor(n_qubits=1, n_layers=2, ansatz="hardware_efficient",
                          encoding="reuploading", epochs=2, random_state=0)
    reg.fit(X, np.sin(2 * X).ravel() * 5 + 3)  # target units differ from the circuit's
    h = 1e-5
    expected = (reg.predict(X[:5] + h) - reg.predict(X[:5] - h)) / (2 * h)
    assert np.allclose(saliency(reg, X[:5], absolute=False)[:, 0], expected, atol=1e-6)


def test_unfitted_estimators_are_refused():
    for analysis in (lambda e: saliency(e, [[0.0, 0.0]]),
                     lambda e: permutation_importance(e, [[0.0, 0.0]], [0]),
                     lambda e: ablation(e, [[0.0, 0.0]], [0], [[0.0, 0.0]], [0])):
        with pytest.raises(NotFittedError, match="HybridClassifier is not fitted; call fit"):
            analysis(HybridClassifier())


def test_permutation_importance_wraps_sklearn(classifier, moons):
    _, X_test, _, y_test = moons
    df = permutation_importance(classifier, X_test, y_test, n_repeats=3, random_state=1,
                                feature_names=["a", "b"])
    reference = sk_permutation_importance(classifier, X_test, y_test, n_repeats=3,
                                          random_state=1)
    by_name = df.set_index("feature")
    assert by_name.loc["a", "importance_mean"] == pytest.approx(reference.importances_mean[0])
    assert by_name.loc["b", "importance_std"] == pytest.approx(reference.importances_std[1])
    assert df["importance_mean"].is_monotonic_decreasing
    assert df.attrs["importances"].shape == (2, 3)


def test_without_entanglement_drops_two_qubit_gates_only():
    name = without_entanglement("strongly_entangling")
    assert without_entanglement(name) == name  # idempotent
    plain = CircuitConfig("angle", "strongly_entangling", n_qubits=3, n_layers=2)
    free = plain.replace(ansatz=name)
    assert free.n_params == plain.n_params
    assert resources(free)["two_qubit_gates"] == 0
    assert resources(free)["gates"] == resources(plain)["gates"] - resources(plain)[
        "two_qubit_gates"]


def test_frozen_variant_keeps_the_initial_quantum_weights(classifier, moons):
    X_train, _, y_train, _ = moons
    est = _fit_frozen(clone(classifier), X_train, y_train)
    config = est.model_.quantum_layer.config
    assert np.allclose(est.model_.quantum_layer.weights.detach().numpy(),
                       init_weights(config, 0))
    assert est.n_iter_ == classifier.epochs and len(est.history_["loss"]) == 3
    head_before = clone(classifier).set_params(epochs=0).fit(X_train, y_train).model_.head
    assert not np.allclose(est.model_.head.weight.detach(), head_before.weight.detach())


def test_ablation_table(classifier, moons):
    X_train, X_test, y_train, y_test = moons
    df = ablation(classifier, X_train, y_train, X_test, y_test)
    assert df["variant"].tolist() == ["full", "classical", "no_entanglement", "frozen_quantum"]
    assert np.allclose(df["full_score"], classifier.score(X_test, y_test))
    assert np.allclose(df["difference"], df["test_score"] - df["full_score"])
    classical = clone(classifier).set_params(quantum=False).fit(X_train, y_train)
    row = df.set_index("variant").loc["classical"]
    assert row["test_score"] == pytest.approx(classical.score(X_test, y_test))
    frozen = df.set_index("variant").loc["frozen_quantum"]
    full = df.set_index("variant").loc["full"]
    assert frozen["trainable_params"] == full["trainable_params"] - 6  # 6 circuit weights


def test_ablation_rejects_unknown_variants(classifier, moons):
    X_train, X_test, y_train, y_test = moons
    with pytest.raises(ValueError, match="Unknown ablation variant 'quantumless'.*'classical'"):
        ablation(classifier, X_train, y_train, X_test, y_test, variants=["quantumless"])

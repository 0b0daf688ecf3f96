"""HybridClassifier / HybridRegressor: scikit-learn conformance, learning, settings, bad input."""

from __future__ import annotations

import copy
import pickle

import numpy as np
import pytest
import torch
from sklearn.model_selection import GridSearchCV, cross_val_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import MinMaxScaler
from sklearn.utils.estimator_checks import parametrize_with_checks

from qnnlab import HybridClassifier, HybridRegressor
from qnnlab.datasets import load_dataset
from qnnlab.models import ClassicalCounterpart, QuantumLayer

#: Small and fast: any feature count works (pre_layers=()), a few epochs reach the accuracy
#: scikit-learn's checks ask for (> 0.83 on its blobs).
FAST = dict(n_qubits=2, n_layers=1, pre_layers=(), epochs=3, random_state=0)
MOONS = load_dataset("moons", n_samples=200, random_state=0)
SMALL = dict(n_qubits=2, n_layers=1, epochs=2, random_state=0)


@pytest.fixture(scope="module")
def fitted() -> HybridClassifier:
    """A classifier trained briefly on moons (do not mutate: copy it first)."""
    X_train, _, y_train, _ = MOONS
    return HybridClassifier(**SMALL).fit(X_train, y_train)


def weights_of(est) -> dict[str, torch.Tensor]:
    return copy.deepcopy(est.model_.state_dict())


def same_weights(a: dict, b: dict) -> bool:
    return a.keys() == b.keys() and all(torch.equal(a[k], b[k]) for k in a)


# Every check passes, so no check is listed as an expected failure.
@parametrize_with_checks([HybridClassifier(**FAST), HybridRegressor(**FAST)])
def test_sklearn_conformance(estimator, check):
    check(estimator)


class TestLearning:
    def test_classifier_default_settings_on_moons(self):
        X_train, X_test, y_train, y_test = MOONS
        clf = HybridClassifier(random_state=0).fit(X_train, y_train)
        assert clf.score(X_test, y_test) >= 0.9
        proba = clf.predict_proba(X_test)
        np.testing.assert_allclose(proba.sum(axis=1), 1.0)
        np.testing.assert_array_equal(clf.classes_[proba.argmax(axis=1)], clf.predict(X_test))

    def test_regressor_fits_sine(self):
        X_train, X_test, y_train, y_test = load_dataset("sine", n_samples=100, random_state=0)
        reg = HybridRegressor("reuploading", "hardware_efficient", n_qubits=1, n_layers=3,
                              random_state=0).fit(X_train, y_train)
        assert reg.score(X_test, y_test) > 0.8
        assert reg.predict(X_test).shape == y_test.shape

    def test_regressor_multi_output_and_target_scaling(self):
        rng = np.random.default_rng(0)
        X = rng.uniform(0, np.pi, (40, 2))
        Y = np.column_stack([100 + 50 * np.cos(X[:, 0]), -3 * np.cos(X[:, 1])])
        reg = HybridRegressor(**SMALL).fit(X, Y)
        np.testing.assert_allclose(reg.y_mean_, Y.mean(axis=0))
        np.testing.assert_allclose(reg.y_scale_, Y.std(axis=0))
        assert reg.predict(X).shape == (40, 2)

    def test_string_labels_and_three_classes(self):
        X_train, X_test, y_train, _ = load_dataset("iris", n_samples=150, random_state=0)
        names = np.array(["setosa", "versicolor", "virginica"])[y_train]
        clf = HybridClassifier(**SMALL, pre_layers=()).fit(X_train, names)
        assert list(clf.classes_) == ["setosa", "versicolor", "virginica"]
        assert set(clf.predict(X_test)) <= set(names)
        assert clf.decision_function(X_test).shape == (len(X_test), 3)

    def test_binary_decision_function_agrees_with_predict(self, fitted):
        X_test = MOONS[1]
        decision = fitted.decision_function(X_test)
        assert decision.shape == (len(X_test),)
        np.testing.assert_array_equal(fitted.classes_[(decision > 0).astype(int)],
                                      fitted.predict(X_test))


class TestClassicalCounterpart:
    def test_quantum_false_matches_the_parameter_count(self):
        X_train, X_test, y_train, y_test = MOONS
        default_size = dict(SMALL, n_qubits=4, n_layers=2)  # 24 angles
        quantum = HybridClassifier(**default_size).fit(X_train, y_train)
        classical = HybridClassifier(**default_size, quantum=False).fit(X_train, y_train)
        assert isinstance(quantum.model_.quantum_layer, QuantumLayer)
        assert isinstance(classical.model_.quantum_layer, ClassicalCounterpart)
        q = quantum.model_.n_parameters()["quantum"]
        c = classical.model_.n_parameters()["classical_counterpart"]
        assert q == quantum.circuit_config().n_params == 24
        assert c == q
        assert quantum.model_.n_parameters()["head"] == classical.model_.n_parameters()["head"]
        assert classical.predict(X_test).shape == y_test.shape


class TestHistoryAndCallbacks:
    def test_history_has_a_row_per_epoch(self, fitted):
        history = fitted.history_
        assert fitted.n_iter_ == 2
        for key in ("epoch", "loss", "train_score", "time"):
            assert len(history[key]) == 2
        assert np.all(np.diff(history["time"]) >= 0)

    def test_callbacks_each_epoch_and_stop(self):
        X_train, _, y_train, _ = MOONS
        epochs_seen = []

        def callback(trainer, row):
            epochs_seen.append(row["epoch"])
            return row["epoch"] == 3

        clf = HybridClassifier(**{**SMALL, "epochs": 10}, callbacks=[callback]).fit(
            X_train, y_train)
        assert epochs_seen == [1, 2, 3]
        assert clf.n_iter_ == 3 and len(clf.history_["loss"]) == 3

    def test_keyboard_interrupt_keeps_the_last_completed_epoch(self):
        X_train, X_test, y_train, _ = MOONS
        snapshots = {}

        def callback(trainer, row):
            snapshots[trainer.epoch] = copy.deepcopy(trainer.model.state_dict())
            if trainer.epoch == 2:
                raise KeyboardInterrupt

        clf = HybridClassifier(**{**SMALL, "epochs": 10}, callbacks=[callback])
        with pytest.warns(UserWarning, match="interrupted.*epoch 2"):
            clf.fit(X_train, y_train)
        assert clf.n_iter_ == 2 and len(clf.history_["loss"]) == 2
        assert same_weights(weights_of(clf), snapshots[2])
        assert clf.predict(X_test).shape == (len(X_test),)

    def test_early_stopping_restores_the_best_weights(self):
        rng = np.random.default_rng(0)
        X = rng.uniform(0, np.pi, (80, 2))
        y = rng.integers(0, 2, 80)  # random labels: the validation loss soon stops improving
        snapshots = {}

        def callback(trainer, row):
            snapshots[trainer.epoch] = copy.deepcopy(trainer.model.state_dict())

        clf = HybridClassifier(n_qubits=2, n_layers=1, epochs=40, learning_rate=0.2,
                               early_stopping=True, validation_fraction=0.25,
                               n_iter_no_change=3, callbacks=[callback], random_state=0)
        clf.fit(X, y)
        val = clf.history_["val_loss"]
        assert len(val) == clf.n_iter_ < 40
        best_epoch = int(np.argmin(val)) + 1
        assert clf.n_iter_ - best_epoch == 3
        assert same_weights(weights_of(clf), snapshots[best_epoch])
        assert len(clf.trainer_.X) == 60 and len(clf.trainer_.X_val) == 20


class TestEvaluationSettings:
    def test_set_params_noise_after_fit_keeps_weights(self, fitted):
        clf = copy.deepcopy(fitted)
        X_test = MOONS[1]
        before_weights, history = weights_of(clf), copy.deepcopy(clf.history_)
        ideal = clf.predict_proba(X_test)
        clf.set_params(noise="depolarizing", noise_strength=0.2)
        noisy = clf.predict_proba(X_test)
        assert not np.allclose(noisy, ideal)
        assert clf.model_.quantum_layer.config.noise == "depolarizing"
        assert same_weights(weights_of(clf), before_weights)
        assert clf.history_ == history and clf.n_iter_ == 2  # nothing was retrained
        # The noisy circuit's <Z> values shrink by depolarizing noise.
        X_t = torch.as_tensor(X_test)
        with torch.no_grad():
            noisy_q = clf.model_.quantum_features(X_t).abs().mean()
            clf.set_params(noise=None, noise_strength=0.0)
            clf.predict(X_test[:1])  # sync the settings back
            ideal_q = clf.model_.quantum_features(X_t).abs().mean()
        assert noisy_q < ideal_q
        np.testing.assert_allclose(clf.predict_proba(X_test), ideal)

    def test_set_params_shots_after_fit(self, fitted):
        clf = copy.deepcopy(fitted)
        X_test = MOONS[1]
        ideal = clf.decision_function(X_test)
        clf.set_params(shots=20000)
        sampled = clf.decision_function(X_test)
        assert not np.allclose(sampled, ideal)
        np.testing.assert_allclose(sampled, ideal, atol=0.2)


class TestDeterminism:
    def test_same_seed_same_predictions(self):
        X_train, X_test, y_train, _ = MOONS
        a = HybridClassifier(**SMALL).fit(X_train, y_train).predict_proba(X_test)
        b = HybridClassifier(**SMALL).fit(X_train, y_train).predict_proba(X_test)
        c = HybridClassifier(**{**SMALL, "random_state": 1}).fit(X_train, y_train)
        np.testing.assert_array_equal(a, b)
        assert not np.allclose(a, c.predict_proba(X_test))

    def test_fit_does_not_touch_global_rngs(self):
        X_train, _, y_train, _ = MOONS
        torch.manual_seed(0)
        expected = torch.rand(3)
        torch.manual_seed(0)
        HybridClassifier(**SMALL).fit(X_train, y_train)
        assert torch.equal(torch.rand(3), expected)


class TestDevices:
    @pytest.mark.parametrize("diff_method", ["adjoint", "parameter-shift"])
    def test_lightning_trains_the_same_model_as_the_default_simulator(self, diff_method):
        # Same seed, same data, exact gradients either way: the trained models must agree.
        X_train, X_test, y_train, _ = MOONS
        X_train, y_train = X_train[:40], y_train[:40]
        reference = HybridClassifier(**SMALL).fit(X_train, y_train)
        other = HybridClassifier(**SMALL, device="lightning.qubit", diff_method=diff_method)
        other.fit(X_train, y_train)
        np.testing.assert_allclose(other.predict_proba(X_test), reference.predict_proba(X_test),
                                   atol=1e-8)
        assert other.history_["loss"] == pytest.approx(reference.history_["loss"], abs=1e-8)


class TestSklearnTools:
    def test_pipeline(self):
        X_train, X_test, y_train, y_test = MOONS
        pipe = make_pipeline(MinMaxScaler((0, np.pi)), HybridClassifier(**SMALL))
        pipe.fit(X_train * 10 - 3, y_train)
        assert pipe.predict(X_test * 10 - 3).shape == y_test.shape

    def test_grid_search(self):
        X_train, _, y_train, _ = MOONS
        grid = GridSearchCV(HybridClassifier(**SMALL), {"n_layers": [1, 2]}, cv=2)
        grid.fit(X_train, y_train)
        assert grid.best_params_["n_layers"] in (1, 2)
        assert len(grid.cv_results_["mean_test_score"]) == 2

    def test_cross_val_score(self):
        X_train, _, y_train, _ = MOONS
        scores = cross_val_score(HybridRegressor(**SMALL), X_train, y_train.astype(float), cv=3)
        assert scores.shape == (3,) and np.all(np.isfinite(scores))

    def test_pickle_round_trip(self, fitted):
        X_test = MOONS[1]
        clone = pickle.loads(pickle.dumps(fitted))
        assert clone.model_.quantum_layer.qnode is not fitted.model_.quantum_layer.qnode
        np.testing.assert_array_equal(clone.predict_proba(X_test), fitted.predict_proba(X_test))

    def test_pickle_noisy_round_trip(self, fitted):
        clf = copy.deepcopy(fitted).set_params(noise="bit_flip", noise_strength=0.05)
        X_test = MOONS[1][:10]
        expected = clf.predict_proba(X_test)
        np.testing.assert_allclose(pickle.loads(pickle.dumps(clf)).predict_proba(X_test),
                                   expected)

    def test_circuit_config(self):
        cfg = HybridClassifier(encoding="iqp", n_qubits=3, noise="bit_flip",
                               ansatz_options={"entangler": "CZ"}).circuit_config(n_features=3)
        assert (cfg.encoding, cfg.n_qubits, cfg.noise, cfg.n_features) == ("iqp", 3, "bit_flip", 3)
        assert cfg.ansatz_options == {"entangler": "CZ"}


class TestInputs:
    """Bad input: a ValueError naming the value and the choices, before any training."""

    def fit_fails(self, pattern: str, X=None, y=None, **params):
        X_train, _, y_train, _ = MOONS
        est = HybridClassifier(**{**SMALL, **params})
        with pytest.raises(ValueError, match=pattern):
            est.fit(X_train if X is None else X, y_train if y is None else y)
        assert not hasattr(est, "model_")  # refused before the network was even built

    @pytest.mark.parametrize(("param", "value", "pattern"), [
        ("encoding", "angel", r"Unknown encoding 'angel'. Valid choices: 'angle'.*'reuploading'"),
        ("ansatz", "qcnn", r"Unknown ansatz 'qcnn'.*'strongly_entangling'.*'tree_tensor_network'"),
        ("noise", "thermal", r"Unknown noise model 'thermal'.*'depolarizing'.*'readout'"),
        ("optimizer", "lbfgs", r"Unknown optimizer 'lbfgs'.*'adam', 'sgd', 'rmsprop', 'adagrad'"),
        ("noise_placement", "qubit", r"Unknown noise placement 'qubit'.*'gate', 'layer'"),
        ("ansatz_options", {"topology": "star"}, r"Unknown topology 'star'.*'all_to_all'"),
        ("encoding_options", {"rotation": "W"}, r"Unknown rotation axis 'W'.*'X', 'Y', 'Z'"),
    ])
    def test_unknown_names(self, param, value, pattern):
        extra = {"ansatz": "hardware_efficient"} if param == "ansatz_options" else {}
        self.fit_fails(pattern, **{param: value, **extra})

    def test_too_many_qubits(self):
        self.fit_fails(r"40 qubits need about .*TiB", n_qubits=40)

    def test_too_many_noisy_qubits(self):
        self.fit_fails(r"20 qubits need about .*density matrices", n_qubits=20,
                       noise="depolarizing", noise_strength=0.01)

    @pytest.mark.parametrize(("value", "word"), [(np.nan, "nan"), (np.inf, "inf")])
    def test_non_finite_features_in_fit(self, value, word):
        X = MOONS[0].copy()
        X[3, 1] = value
        self.fit_fails(rf"finite.*found {word} at row 3, column 1.*SimpleImputer", X=X)

    @pytest.mark.parametrize(("value", "word"), [(np.nan, "nan"), (-np.inf, "-inf")])
    def test_non_finite_features_in_predict(self, fitted, value, word):
        X = MOONS[1].copy()
        X[4, 0] = value
        with pytest.raises(ValueError, match=rf"found {word} at row 4, column 0"):
            fitted.predict(X)

    def test_non_finite_targets(self):
        y = MOONS[2].astype(float)
        y[0] = np.nan
        with pytest.raises(ValueError, match="y contains NaN"):
            HybridRegressor(**SMALL).fit(MOONS[0], y)

    def test_feature_count_the_encoding_cannot_take(self):
        X = np.random.default_rng(0).uniform(0, np.pi, (20, 3))
        y = np.arange(20) % 2
        self.fit_fails(r"'angle' encoding on 2 qubits takes at most 2 features; got 3.*"
                       r"pre_layers", X=X, y=y)

    def test_amplitude_with_more_than_two_to_the_n_features(self):
        X = np.random.default_rng(0).uniform(0.1, np.pi, (20, 5))
        y = np.arange(20) % 2
        self.fit_fails(r"'amplitude' encoding on 2 qubits takes at most 4 features; got 5",
                       X=X, y=y, encoding="amplitude")

    def test_predict_with_another_feature_count(self, fitted):
        with pytest.raises(ValueError, match="features"):
            fitted.predict(np.zeros((3, 5)))

    @pytest.mark.parametrize("p", [-0.1, 1.2])
    def test_noise_strength_outside_unit_interval(self, p):
        self.fit_fails(rf"noise_strength must be in \[0.0, 1.0\]; got {p}", noise="bit_flip",
                       noise_strength=p)

    @pytest.mark.parametrize("shots", [0, -10])
    def test_shots_not_positive(self, shots):
        self.fit_fails(rf"shots must be an integer >= 1; got {shots}", shots=shots)

    def test_zne_without_noise(self):
        self.fit_fails(r"zne=True needs a noise model.*noise=None", zne=True)

    def test_tree_tensor_network_on_three_qubits(self):
        self.fit_fails(r"'tree_tensor_network' ansatz needs a power-of-two.*got 3 qubits",
                       ansatz="tree_tensor_network", n_qubits=3)

    @pytest.mark.parametrize(("param", "value", "pattern"), [
        ("epochs", -1, r"epochs must be an integer >= 0; got -1"),
        ("batch_size", 0, r"batch_size must be an integer >= 1; got 0"),
        ("learning_rate", 0.0, r"learning_rate must be a finite number > 0; got 0.0"),
        ("pre_layers", (4, 0), r"pre_layers entry must be an integer >= 1; got 0"),
    ])
    def test_bad_training_settings(self, param, value, pattern):
        self.fit_fails(pattern, **{param: value})

    def test_one_class(self):
        X_train = MOONS[0]
        self.fit_fails(r"at least 2 classes", X=X_train, y=np.zeros(len(X_train), dtype=int))

    def test_bad_setting_after_fit_fails_at_predict(self, fitted):
        clf = copy.deepcopy(fitted).set_params(noise="cosmic_rays")
        with pytest.raises(ValueError, match=r"Unknown noise model 'cosmic_rays'"):
            clf.predict(MOONS[1])

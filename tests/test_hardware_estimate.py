"""Cost before running: circuits, shots and device time, checked by hand."""

import pytest

from qnnlab.circuits import CircuitConfig
from qnnlab.hardware import profiles
from qnnlab.hardware.estimate import training_cost

CONFIG = CircuitConfig("angle", "hardware_efficient", n_qubits=2, n_layers=1)


def test_cost_by_hand_on_the_toy_line():
    cost = training_cost(CONFIG, "toy_line", n_samples=50, epochs=3, shots=200, latency_s=0.01)
    # hardware_efficient, 1 layer on 2 qubits: 4 angles -> 50 * (1 + 2 * 4) = 450 per epoch
    assert (cost["circuits_per_epoch"], cost["circuits"], cost["shots"]) == (450, 1350, 270000)
    # compiled: per qubit the encoding and layer rotations fuse into one Rot = RZ SX RZ SX RZ
    # (RZ virtual, 2 x 50 ns SX), then one CNOT (500 ns), then readout (1 us)
    assert cost["compiled"]["gate_counts"] == {"RZ": 6, "SX": 4, "CNOT": 1}
    assert cost["circuit_duration_s"] == pytest.approx(100e-9 + 500e-9 + 1e-6)
    per_shot = 1.6e-6 + profiles.get("toy_line").shot_overhead
    assert cost["device_seconds"] == pytest.approx(1350 * (200 * per_shot + 0.01))
    assert cost["shot_noise"] == pytest.approx(200**-0.5)


def test_ions_need_no_swaps_but_take_longer_per_shot():
    config = CircuitConfig("angle", "hardware_efficient", n_qubits=4, n_layers=1,
                           ansatz_options={"topology": "all_to_all"})
    ions = training_cost(config, "trapped_ion", n_samples=10)
    chip = training_cost(config, "superconducting_heavy_hex", n_samples=10)
    assert ions["compiled"]["swaps"] == 0 < chip["compiled"]["swaps"]
    assert ions["circuit_duration_s"] > 100 * chip["circuit_duration_s"]
    assert ions["seconds_per_shot"] > 5 * chip["seconds_per_shot"]  # the reset delay counts too


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"shots": None}, "shots must be a positive number"),
    ({"n_samples": 0}, "n_samples"),
    ({"latency_s": -1.0}, "latency_s"),
])
def test_bad_inputs_fail_before_compiling(kwargs, message):
    args = {"n_samples": 10, **kwargs}
    with pytest.raises(ValueError, match=message):
        training_cost(CONFIG, "toy_line", **args)


class TestEstimatorProfile:
    """``profile=`` as an estimator parameter: get/set_params, validated before training."""

    @staticmethod
    def _data():
        from qnnlab.datasets import load_dataset

        X_train, X_test, y_train, _ = load_dataset("moons", n_samples=40, random_state=0)
        return X_train, y_train, X_test

    def test_profile_is_a_parameter_validated_before_training(self):
        from sklearn.base import clone

        from qnnlab.estimators import HybridClassifier

        clf = HybridClassifier(n_qubits=2, n_layers=1, profile="toy_line", epochs=1)
        assert clone(clf).get_params()["profile"] == "toy_line"
        X, y, _ = self._data()
        bad = {"name": "x", "coupling": [[0, 1]], "native_gates": ["RX", "RY", "CZ"],
               "gate_errors": {"CZ": 1.5}}
        for profile, message in (("toy", "Unknown device profile 'toy'"),
                                 (bad, r"gate_errors\['CZ'\]"),
                                 ("trapped_ion", None)):
            clf.set_params(profile=profile, n_qubits=9 if message is None else 2)
            with pytest.raises(ValueError, match=message or "needs 9 qubits but profile"):
                clf.fit(X, y)
            assert not hasattr(clf, "model_")  # refused before any training

    def test_set_params_after_fit_runs_the_trained_weights_on_the_device(self):
        import numpy as np

        from qnnlab.estimators import HybridClassifier

        X, y, X_test = self._data()
        clf = HybridClassifier(n_qubits=2, n_layers=1, epochs=2, random_state=0).fit(X, y)
        ideal = clf.predict_proba(X_test)
        clf.set_params(profile="toy_line")
        noisy = clf.predict_proba(X_test)
        assert clf.model_.quantum_layer.config.profile == "toy_line"
        assert 0 < np.abs(noisy - ideal).max() < 0.2  # same weights, a noisy device
        clf.set_params(profile=None)
        np.testing.assert_allclose(clf.predict_proba(X_test), ideal, atol=1e-12)

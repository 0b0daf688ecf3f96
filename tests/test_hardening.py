"""Limits that hold and no silent wrong results (issue 16, items 7-11).

Every test here failed before its fix: a size that was accepted and then hung or exhausted
memory, a YAML alias bomb, a crash deep inside PennyLane, a NaN prediction without an error, or
an internal error message where a clear one naming the bad value belongs.
"""

from __future__ import annotations

import math
import time

import numpy as np
import pandas as pd
import pytest
import torch
import yaml

import qnnlab
from qnnlab import HybridClassifier, HybridRegressor, plots
from qnnlab._validation import (
    MAX_LAYERS,
    MAX_MESSAGE_LENGTH,
    MAX_YAML_NODES,
    safe_load_bounded,
    shorten_message,
)
from qnnlab.analysis import (
    basis_labels,
    entanglement_entropy,
    haar_random_states,
    kl_to_haar,
    meyer_wallach,
)
from qnnlab.bench.config import ConfigError, load_config, parse_config
from qnnlab.circuits import CircuitConfig, build_qnode
from qnnlab.datasets import load_dataset

MOONS = load_dataset("moons", n_samples=40, random_state=0)
TINY = dict(n_qubits=2, n_layers=1, epochs=1, random_state=0)


def fit_tiny(estimator_class=HybridClassifier, **params):
    X_train, _, y_train, _ = MOONS
    return estimator_class(**{**TINY, **params}).fit(X_train, y_train)


@pytest.fixture(scope="module")
def fitted() -> HybridClassifier:
    return fit_tiny()


# ---------------------------------------------------------------------------------------------
# Item 7: unbounded sizes are refused before anything is allocated
# ---------------------------------------------------------------------------------------------


class TestSizeLimits:
    def test_n_layers_beyond_the_limit_is_refused(self):
        with pytest.raises(ValueError, match=rf"n_layers must be an integer <= {MAX_LAYERS}; "
                                             r"got 1000000000"):
            CircuitConfig(n_layers=10**9)
        assert CircuitConfig(n_qubits=1, n_layers=MAX_LAYERS).n_layers == MAX_LAYERS

    def test_estimator_refuses_huge_n_layers_before_training(self):
        with pytest.raises(ValueError, match="n_layers must be an integer <= 1000"):
            fit_tiny(n_layers=10**9)

    def test_haar_random_states_refuses_gigabytes(self):
        start = time.perf_counter()
        with pytest.raises(ValueError, match=r"haar_random_states\(28, 4\) would hold "
                                             r"1073741824 amplitudes \(16.0 GiB\)"):
            haar_random_states(28, 4)
        assert time.perf_counter() - start < 5  # refused before allocating, not after

    def test_haar_random_states_below_the_limit_still_work(self):
        states = haar_random_states(3, 5, random_state=1)
        np.testing.assert_allclose(np.linalg.norm(states, axis=1), 1.0)

    def test_decision_boundary_resolution_is_bounded(self, fitted):
        X_train, _, y_train, _ = MOONS
        with pytest.raises(ValueError, match=r"resolution must be an integer <= 500; "
                                             r"got 100000"):
            plots.decision_boundary_figure(fitted, X_train, y_train, resolution=10**5)
        with pytest.raises(ValueError, match=r"resolution must be an integer >= 2; got 1"):
            plots.decision_boundary_figure(fitted, X_train, y_train, resolution=1)

    def test_basis_labels_refuses_40_qubits_at_once(self):
        start = time.perf_counter()
        with pytest.raises(ValueError, match=r"n_qubits must be an integer <= 20; got 40"):
            basis_labels(40)
        assert time.perf_counter() - start < 1
        assert basis_labels(3)[5] == "|101>"  # 5 = 0b101, qubit 0 leftmost

    def test_shots_are_bounded(self):
        with pytest.raises(ValueError, match=r"shots must be an integer <= 10000000"):
            CircuitConfig(shots=10**12)

    def test_too_many_seeds_are_refused(self):
        raw = {"datasets": [{"name": "moons"}], "models": [{"model": "logistic_regression"}],
               "seeds": list(range(200_000))}
        with pytest.raises(ConfigError, match=r"seeds: 200000 seeds; at most 1000"):
            parse_config(raw)

    def test_a_huge_sweep_is_refused_before_validating_its_points(self):
        raw = {"datasets": [{"name": "moons"}],
               "models": [{"model": "logistic_regression"}],
               "sweep": {"n_samples": list(range(40, 1040)), "noise": [0.1] * 1000}}
        start = time.perf_counter()
        with pytest.raises(ConfigError, match=r"sweep: 1000000 combinations; at most 1000"):
            parse_config(raw)
        assert time.perf_counter() - start < 10


# ---------------------------------------------------------------------------------------------
# Item 8: YAML alias bombs and endless error messages
# ---------------------------------------------------------------------------------------------


def laughs(key: str, levels: int = 9) -> str:
    """A billion-laughs document: ``key`` holds 10**levels strings once aliases expand."""
    lines = ['datasets: [{name: moons}]', 'models: [{model: logistic_regression}]',
             'l0: &l0 "lol"']
    for level in range(1, levels + 1):
        lines.append(f"l{level}: &l{level} [" + ", ".join([f"*l{level - 1}"] * 10) + "]")
    lines.append(f"{key}: *l{levels}")
    return "\n".join(lines) + "\n"


class TestYamlBombs:
    @pytest.mark.parametrize("key", ["description", "seeds"])
    def test_billion_laughs_is_refused_quickly_with_a_short_message(self, tmp_path, key):
        path = tmp_path / "bomb.yaml"
        path.write_text(laughs(key))
        start = time.perf_counter()
        with pytest.raises(ConfigError) as info:
            load_config(path)
        assert time.perf_counter() - start < 5
        message = str(info.value)
        assert "aliases expanded" in message and len(message) <= MAX_MESSAGE_LENGTH

    def test_a_recursive_alias_is_refused(self):
        with pytest.raises(ValueError, match="recursive alias"):
            safe_load_bounded("a: &a [1, *a]")

    def test_small_aliases_still_work(self):
        text = "base: &b {n_qubits: 2}\nmodels: [{params: *b}, {params: *b}]"
        assert safe_load_bounded(text) == yaml.safe_load(text)

    def test_the_expanded_size_is_counted_exactly(self):
        # By hand: the mapping 1, keys "x" and "y" 2 each, [a, b] 1 + 2 + 2 = 5, and the list
        # of ten aliases 1 + 10 * 5 = 51: 61 nodes and characters in all.
        text = "x: &x [a, b]\ny: [" + ", ".join(["*x"] * 10) + "]"
        assert safe_load_bounded(text, max_nodes=61)["y"][9] == ["a", "b"]
        with pytest.raises(ValueError, match=r"more than 60 nodes and characters \(61\)"):
            safe_load_bounded(text, max_nodes=60)

    def test_default_limit_leaves_room_for_real_experiments(self):
        assert MAX_YAML_NODES >= 10_000

    def test_a_huge_value_in_an_error_is_abbreviated(self):
        raw = {"datasets": [{"name": "moons"}], "models": [{"model": "logistic_regression"}],
               "seeds": [[list(range(10_000))] * 1000]}
        with pytest.raises(ConfigError) as info:
            parse_config(raw)
        assert len(str(info.value)) <= MAX_MESSAGE_LENGTH
        assert str(info.value).startswith("seeds[0]: expected an integer >= 0")

    def test_shorten_message_keeps_both_ends(self):
        text = shorten_message("START" + "x" * 10_000 + "END", limit=200)
        assert len(text) <= 200 and text.startswith("START") and text.endswith("END")
        assert "characters left out" in text


# ---------------------------------------------------------------------------------------------
# Item 9: parameter-shift and shots with trainable circuit inputs
# ---------------------------------------------------------------------------------------------


class TestGradientsOfBroadcastInputs:
    @pytest.mark.parametrize("params", [
        dict(pre_layers=()),
        dict(encoding="reuploading"),
    ], ids=["pre_layers", "reuploading"])
    def test_parameter_shift_trains_exactly_like_backprop(self, params):
        # Parameter-shift gradients of these gates are exact: the same trajectory, to rounding.
        reference = fit_tiny(**params, epochs=2)
        shifted = fit_tiny(**params, epochs=2, diff_method="parameter-shift")
        np.testing.assert_allclose(shifted.history_["loss"], reference.history_["loss"],
                                   rtol=1e-9)
        np.testing.assert_allclose(shifted.model_.quantum_layer.weights.detach(),
                                   reference.model_.quantum_layer.weights.detach(), atol=1e-9)

    @pytest.mark.parametrize("params", [dict(pre_layers=()), dict(encoding="reuploading")],
                             ids=["pre_layers", "reuploading"])
    def test_shots_train_with_trainable_inputs(self, params):
        clf = fit_tiny(**params, shots=200)
        assert clf.n_iter_ == 1 and np.isfinite(clf.history_["loss"]).all()
        X_test = MOONS[1]
        assert set(clf.predict(X_test)) <= set(clf.classes_)

    def test_finite_diff_trains_with_a_pre_network(self):
        clf = fit_tiny(pre_layers=(), diff_method="finite-diff")
        reference = fit_tiny(pre_layers=())
        np.testing.assert_allclose(clf.history_["loss"], reference.history_["loss"], rtol=1e-4)


# ---------------------------------------------------------------------------------------------
# Item 10: no NaN prediction without an error naming the cause
# ---------------------------------------------------------------------------------------------


class TestNoSilentNaN:
    @pytest.mark.parametrize("optimizer", ["adam", "sgd", "rmsprop"])
    def test_a_huge_learning_rate_fails_with_a_hint(self, optimizer):
        with pytest.raises(FloatingPointError, match="smaller learning_rate"):
            fit_tiny(learning_rate=1e300, epochs=3, optimizer=optimizer)

    def test_the_step_that_makes_a_weight_infinite_is_reported(self):
        # One SGD step of size 1e308 on gradients of order 1e10 overflows every weight; the
        # loss of that step was still finite, so only a check after the step can catch it.
        from qnnlab.training import Trainer

        X = torch.full((4, 2), 1e10, dtype=torch.float64)
        y = torch.tensor([0, 1, 0, 1])
        model = torch.nn.Linear(2, 2, dtype=torch.float64)
        trainer = Trainer(model, torch.nn.CrossEntropyLoss(), X, y, optimizer="sgd",
                          learning_rate=1e308, batch_size=4, random_state=0)
        with pytest.raises(FloatingPointError, match=r"weights \(\w+\) became NaN or "
                                                     r"infinite in epoch 1; try a smaller "
                                                     r"learning_rate \(now 1e\+308\)"):
            trainer.fit(epochs=1)

    @pytest.mark.parametrize("method", ["predict", "predict_proba", "decision_function"])
    def test_nan_weights_are_reported_at_prediction(self, fitted, method):
        import copy

        broken = copy.deepcopy(fitted)
        with torch.no_grad():
            broken.model_.head.weight.fill_(float("nan"))
        with pytest.raises(FloatingPointError, match="not finite"):
            getattr(broken, method)(MOONS[1])

    def test_regressor_nan_is_reported(self):
        X_train, X_test, y_train, _ = load_dataset("sine", n_samples=30, random_state=0)
        reg = HybridRegressor(n_qubits=1, n_layers=1, epochs=1, random_state=0)
        reg.fit(X_train, y_train)
        with torch.no_grad():
            reg.model_.head.bias.fill_(float("inf"))
        with pytest.raises(FloatingPointError, match="not finite"):
            reg.predict(X_test)


# ---------------------------------------------------------------------------------------------
# Item 11: clear errors instead of wrong answers or internal messages
# ---------------------------------------------------------------------------------------------


class TestCircuitsAndResources:
    def test_draw_of_a_classical_counterpart_is_refused(self):
        twin = fit_tiny(quantum=False)
        with pytest.raises(ValueError, match=r"draw\(\) needs a quantum layer.*quantum=False"):
            qnnlab.draw(twin)

    def test_circuit_diagram_of_a_classical_counterpart_is_refused(self):
        twin = fit_tiny(quantum=False)
        with pytest.raises(ValueError, match=r"needs a quantum layer.*quantum=False"):
            plots.circuit_figure(twin)

    @pytest.mark.parametrize("kwargs, match", [
        (dict(n_samples=-1), r"n_samples must be an integer >= 1; got -1"),
        (dict(n_samples=10, batch_size=0), r"batch_size must be an integer >= 1; got 0"),
        (dict(n_samples=2.5), r"n_samples must be an integer >= 1; got 2.5"),
    ])
    def test_resources_refuses_bad_counts(self, kwargs, match):
        with pytest.raises(ValueError, match=match):
            qnnlab.resources(CircuitConfig(n_qubits=2, n_layers=1), **kwargs)

    def test_build_qnode_with_config_and_arguments_is_a_type_error(self):
        with pytest.raises(TypeError, match=r"takes no other options; got \['n_layers'\]"):
            build_qnode(config=CircuitConfig(n_qubits=2), n_layers=1)

    @pytest.mark.parametrize("encoding", [None, 123, ["angle"]])
    def test_encoding_that_is_not_a_name(self, encoding):
        with pytest.raises(ValueError, match=r"Unknown encoding .* Valid choices: 'angle'"):
            CircuitConfig(encoding=encoding)

    def test_ansatz_that_is_not_a_name(self):
        with pytest.raises(ValueError, match=r"Unknown ansatz \['a'\]\. Valid choices"):
            fit_tiny(ansatz=["a"])

    def test_unknown_device(self):
        with pytest.raises(ValueError, match=r"Unknown device 'foo\.bar'.*'default\.qubit'"):
            CircuitConfig(device="foo.bar")

    def test_adjoint_with_noise(self):
        with pytest.raises(ValueError, match=r"diff_method='adjoint'.*density matrices"):
            CircuitConfig(noise="depolarizing", noise_strength=0.1, diff_method="adjoint")

    def test_adjoint_with_shots(self):
        with pytest.raises(ValueError, match=r"diff_method='adjoint'.*shots"):
            CircuitConfig(shots=100, diff_method="adjoint")


class TestAnalysisInputs:
    def test_entropy_of_an_unnormalised_state(self):
        with pytest.raises(ValueError, match=r"norm 14\.14.*normalise"):
            entanglement_entropy(np.array([10.0, 0, 0, 10.0]))

    def test_entropy_of_a_density_matrix_with_the_wrong_trace(self):
        with pytest.raises(ValueError, match=r"trace 2"):
            entanglement_entropy(np.eye(4) / 2)

    def test_entropy_of_a_normalised_state_is_unchanged(self):
        bell = np.array([1, 0, 0, 1]) / math.sqrt(2)
        assert entanglement_entropy(bell) == pytest.approx(1.0)
        assert entanglement_entropy(np.eye(4) / 4) == pytest.approx(1.0)  # maximally mixed

    def test_meyer_wallach_of_zeros(self):
        with pytest.raises(ValueError, match=r"norm 0"):
            meyer_wallach(np.zeros(4))

    def test_meyer_wallach_names_the_bad_row_of_a_batch(self):
        batch = np.array([[1, 0, 0, 0], [1, 1, 0, 0]], dtype=float)
        with pytest.raises(ValueError, match=r"state 1 has norm 1\.414"):
            meyer_wallach(batch)

    @pytest.mark.parametrize("fidelities, match", [
        ([], "at least one fidelity"),
        ([0.5, np.nan], "finite"),
        ([0.5, 1.7], r"in \[0, 1\]"),
    ])
    def test_kl_to_haar_of_bad_fidelities(self, fidelities, match):
        with pytest.raises(ValueError, match=match):
            kl_to_haar(fidelities, n_qubits=1)

    def test_feature_range_that_overflows(self):
        with pytest.raises(ValueError, match=r"feature_range"):
            load_dataset("moons", n_samples=40, feature_range=(-1e308, 1e308), random_state=0)


class TestEstimatorParameters:
    @pytest.mark.parametrize("params, error, match", [
        (dict(random_state=1.5), TypeError, r"random_state must be None, an integer seed .* "
                                            r"got 1\.5 \(float\)"),
        (dict(random_state=-1), ValueError, r"random_state must be an integer seed in "
                                            r"\[0, 4294967295\]; got -1"),
        (dict(random_state="0"), TypeError, r"random_state must be None"),
        (dict(quantum="no"), TypeError, r"quantum must be True or False; got 'no' \(str\)"),
        (dict(pre_layers=5), TypeError, r"pre_layers must be None or a sequence of hidden "
                                        r"sizes.*got 5"),
        (dict(pre_layers="8"), TypeError, r"pre_layers must be None or a sequence"),
        (dict(callbacks=print), TypeError, r"callbacks must be a list of callables.*"
                                           r"callbacks=\[print\]"),
        (dict(callbacks=[1]), TypeError, r"callbacks\[0\] must be callable; got 1"),
        (dict(optimizer=42), TypeError, r"optimizer must be one of .*'adam'.* or a "
                                        r"torch\.optim\.Optimizer subclass; got 42"),
        (dict(encoding=None), ValueError, r"Unknown encoding None"),
    ])
    def test_bad_parameters_are_named(self, params, error, match):
        with pytest.raises(error, match=match):
            fit_tiny(**params)

    def test_quantum_false_as_numpy_bool_is_fine(self):
        assert fit_tiny(quantum=np.bool_(False)).model_.quantum is False

    def test_a_random_state_object_still_works(self):
        assert fit_tiny(random_state=np.random.RandomState(0)).n_iter_ == 1

    def test_mixed_label_types(self):
        X_train, _, y_train, _ = MOONS
        y = np.array(["a" if v else 1 for v in y_train], dtype=object)
        with pytest.raises(ValueError, match=r"labels mix types.*int.*str"):
            HybridClassifier(**TINY).fit(X_train, y)


class TestPlotInputs:
    @pytest.mark.parametrize("function", [
        plots.expressibility_vs_entanglement, plots.gradient_variance_figure,
        plots.importance_figure, plots.ablation_figure,
    ])
    def test_frames_none_or_empty(self, function):
        with pytest.raises(TypeError, match="expected a pandas DataFrame.*; got None"):
            function(None)
        with pytest.raises(ValueError, match="no rows"):
            function(pd.DataFrame())

    @pytest.mark.parametrize("function", [
        plots.fidelity_histogram, plots.fourier_figure, plots.bloch_figure,
        plots.probabilities_figure, plots.history_figure, plots.saliency_figure,
    ])
    def test_results_none(self, function):
        with pytest.raises(TypeError, match="got None"):
            function(None)

    def test_empty_saliency(self):
        with pytest.raises(ValueError, match="no rows"):
            plots.saliency_figure(np.zeros((0, 2)))

    def test_frame_missing_a_column(self):
        with pytest.raises(ValueError, match=r"missing column\(s\) \['importance_std'\]"):
            plots.importance_figure(pd.DataFrame({"feature": ["x0"], "importance_mean": [0.1]}))


class TestHugeCounts:
    """Counts whose 2**n alone would take minutes are refused at once."""

    @pytest.mark.parametrize("call", [
        lambda: CircuitConfig(n_qubits=10**12),
        lambda: haar_random_states(10**12, 1),
        lambda: kl_to_haar([0.5], n_qubits=10**12),
    ], ids=["CircuitConfig", "haar_random_states", "kl_to_haar"])
    def test_astronomic_qubit_counts(self, call):
        start = time.perf_counter()
        with pytest.raises(ValueError, match=r"n_qubits must be an integer <= 64; "
                                             r"got 1000000000000"):
            call()
        assert time.perf_counter() - start < 5

    def test_astronomic_bin_counts(self):
        with pytest.raises(ValueError, match=r"bins must be an integer <= 100000"):
            kl_to_haar([0.5], n_qubits=1, bins=10**12)


class TestOptions:
    @pytest.mark.parametrize("field", ["encoding_options", "ansatz_options"])
    def test_options_that_are_not_a_mapping(self, field):
        with pytest.raises(TypeError, match=rf"{field} must be a dict of options \(or None\); "
                                            r"got \[1\] \(list\)"):
            fit_tiny(**{field: [1]})

    def test_trainable_scaling_must_be_a_bool(self):
        with pytest.raises(TypeError, match=r"trainable_scaling must be True or False; "
                                            r"got 'no'"):
            CircuitConfig("reuploading", encoding_options={"trainable_scaling": "no"})

    def test_n_repeats_is_bounded(self):
        with pytest.raises(ValueError, match=r"n_repeats must be an integer <= 1000"):
            CircuitConfig("iqp", encoding_options={"n_repeats": 10**9})


class TestMoreJunk:
    """Found by the hypothesis campaign (tests/test_fuzz.py) with fresh random draws."""

    def test_a_device_that_is_not_a_device(self):
        with pytest.raises(TypeError, match=r"device must be None, a PennyLane device name .* "
                                            r"got False \(bool\)"):
            CircuitConfig(device=False)

    def test_a_device_object_still_works(self):
        import pennylane as qml

        config = CircuitConfig(n_qubits=2, n_layers=1, device=qml.device("default.qubit",
                                                                           wires=2))
        assert np.allclose(build_qnode(config=config)(np.zeros(2), np.zeros(config.n_params)),
                           1.0)

    @pytest.mark.parametrize("kwargs, match", [
        (dict(feature=0.0), r"feature must be an integer >= 0; got 0\.0"),
        (dict(output_index="0"), r"output_index must be an integer >= 0; got '0'"),
        (dict(n_points=10**9), r"n_points must be an integer <= 100000"),
    ])
    def test_fourier_spectrum_counts(self, kwargs, match):
        from qnnlab.analysis import fourier_spectrum

        with pytest.raises(ValueError, match=match):
            fourier_spectrum(CircuitConfig(n_qubits=1, n_layers=1), **kwargs)


class TestNetworkSize:
    """HybridNet(n_features=10**12) allocated until the kernel was killed (found by fuzzing)."""

    @pytest.mark.parametrize("kwargs, match", [
        (dict(n_features=10**12, n_outputs=2, pre_layers=()), r"at most 10000000"),
        (dict(n_features=10**12, n_outputs=2), r"takes at most 2 features"),
        (dict(n_features=2, n_outputs=10**12), r"head would have \d+ parameters; at most "
                                                r"10000000"),
        (dict(n_features=2, n_outputs=2, pre_layers=(10**9,)), r"at most 10000000"),
        (dict(n_features=2.0, n_outputs=2), r"n_features must be an integer >= 1; got 2\.0"),
    ])
    def test_hybrid_net_refuses_huge_layers(self, kwargs, match):
        from qnnlab.models import HybridNet

        start = time.perf_counter()
        with pytest.raises(ValueError, match=match):
            HybridNet(config=CircuitConfig(n_qubits=2, n_layers=1), **kwargs)
        assert time.perf_counter() - start < 5

    def test_estimator_refuses_a_huge_pre_network(self):
        with pytest.raises(ValueError, match=r"pre-network and head would have"):
            fit_tiny(pre_layers=(10**5, 10**5))

    def test_hybrid_net_config_and_quantum_types(self):
        from qnnlab.models import HybridNet

        with pytest.raises(TypeError, match="config must be a CircuitConfig; got 'angle'"):
            HybridNet(2, 2, "angle")
        with pytest.raises(TypeError, match="quantum must be True or False"):
            HybridNet(2, 2, CircuitConfig(n_qubits=2), quantum="no")


def test_epochs_are_bounded():
    with pytest.raises(ValueError, match=r"epochs must be an integer <= 100000; got 10\*\*12|"
                                         r"epochs must be an integer <= 100000; got 1000000000000"):
        fit_tiny(epochs=10**12)


@pytest.mark.parametrize("params, error, match", [
    (dict(learning_rate=float("inf")), ValueError, r"learning_rate must be a finite number > 0; "
                                                   r"got inf"),
    (dict(learning_rate=True), ValueError, r"learning_rate must be a finite number > 0; got True"),
    (dict(early_stopping="no"), TypeError, r"early_stopping must be True or False; got 'no'"),
    (dict(zne="no"), TypeError, r"zne must be True or False; got 'no'"),
])
def test_flags_and_rates_are_strict(params, error, match):
    with pytest.raises(error, match=match):
        fit_tiny(**params)


class TestAnalysisSampleCounts:
    """effective_dimension(config, 20, 10**5) ran for minutes in the fuzz campaign."""

    def test_fisher_pairs_are_bounded(self):
        from qnnlab.analysis import effective_dimension

        start = time.perf_counter()
        with pytest.raises(ValueError, match=r"20 inputs x 100000 parameter samples = 2000000 "
                                             r"circuit executions; at most 1000000"):
            effective_dimension(CircuitConfig(n_qubits=2, n_layers=1), 20, 100_000)
        assert time.perf_counter() - start < 5

    @pytest.mark.parametrize("name", ["expressibility", "entangling_capability",
                                      "gradient_variance"])
    def test_sample_counts_are_bounded(self, name):
        import qnnlab.analysis as analysis

        kwargs = dict(n_qubits=[2]) if name == "gradient_variance" else dict(n_qubits=2)
        with pytest.raises(ValueError, match=r"n_samples must be an integer <= 1000000"):
            getattr(analysis, name)("hardware_efficient", n_layers=1, n_samples=10**9, **kwargs)


def test_fit_refuses_a_batch_that_does_not_fit_before_training(monkeypatch):
    # issue 16 item 6: the guard counts the real mini-batch and the circuit's gates
    import qnnlab._validation as validation
    from qnnlab.cost import execution_cost
    from qnnlab.estimators import HybridClassifier
    from qnnlab.resource_count import resources
    from qnnlab.training import Trainer

    monkeypatch.setattr(validation, "total_memory_bytes", lambda: 2 * 2**30)  # a 2 GiB pod

    def no_training(*args, **kwargs):
        raise AssertionError("training started")

    monkeypatch.setattr(Trainer, "fit", no_training)
    X = np.random.default_rng(0).uniform(size=(40, 16))
    y = np.arange(40) % 2
    clf = HybridClassifier(n_qubits=16, n_layers=2, batch_size=32, epochs=1, random_state=0)
    with pytest.raises(ValueError, match="batch of 32"):
        clf.fit(X, y)
    gates = resources(clf.model_.quantum_layer.config)["gates"]
    needed = execution_cost(16, gates, 32, noisy=False, grad=True).peak_bytes
    assert needed > 2**30 > execution_cost(16, gates, 1, noisy=False, grad=True).peak_bytes

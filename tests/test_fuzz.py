"""A bounded hypothesis campaign over the public entry points (issue 16, "done when").

Each test draws valid and junk parameters and checks the one contract: the call either succeeds
with finite numbers, or fails with a clear ValueError or TypeError (a non-empty message of at
most MAX_MESSAGE_LENGTH characters). The only other error allowed is the FloatingPointError
that names the learning rate when training diverges. Examples are few and derandomised, so the
campaign is reproducible and stays within about a minute.
"""

from __future__ import annotations

import os
import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import qnnlab
from qnnlab import HybridClassifier, HybridRegressor, ansatze, encodings, noise, plots
from qnnlab._validation import MAX_MESSAGE_LENGTH, safe_load_bounded
from qnnlab.analysis import (
    basis_labels,
    effective_dimension,
    entanglement_entropy,
    entangling_capability,
    expressibility,
    fourier_spectrum,
    gradient_variance,
    haar_random_states,
    inspect_state,
    kl_to_haar,
    meyer_wallach,
    saliency,
)
from qnnlab.bench.config import parse_config
from qnnlab.circuits import CircuitConfig, build_qnode
from qnnlab.datasets import available as available_datasets
from qnnlab.datasets import load_dataset
from qnnlab.diagram import circuit_diagram

#: Examples per test: 25 in CI; set QNNLAB_FUZZ_EXAMPLES (and QNNLAB_FUZZ_RANDOM=1 for fresh,
#: not derandomised, draws) for a deeper campaign.
EXAMPLES = int(os.environ.get("QNNLAB_FUZZ_EXAMPLES", "25"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, database=None,
                derandomize=os.environ.get("QNNLAB_FUZZ_RANDOM") != "1",
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
FEW = settings(FUZZ, max_examples=max(EXAMPLES // 2, 1))

JUNK = st.one_of(
    st.none(), st.booleans(), st.integers(-3, 10**12), st.integers(-(10**30), 10**30),
    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=6),
    st.lists(st.integers(-2, 5), max_size=3), st.just({"a": 1}), st.just(object()),
)


def maybe_junk(valid: st.SearchStrategy) -> st.SearchStrategy:
    """Mostly valid values, sometimes junk."""
    return st.one_of(valid, valid, valid, JUNK)


def assert_finite(value) -> None:
    if isinstance(value, dict):
        for item in value.values():
            assert_finite(item)
    elif isinstance(value, (float, np.floating, np.ndarray)):
        array = np.asarray(value)
        if array.dtype.kind in "fc":
            assert np.isfinite(array).all(), f"a NaN or infinite result without an error: {value}"


def clear_error_or_result(call, *args, **kwargs):
    """Run ``call``; return its result, or None after a clear ValueError/TypeError."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            result = call(*args, **kwargs)
    except (ValueError, TypeError) as error:
        message = str(error)
        assert message, f"{type(error).__name__} without a message"
        assert len(message) <= MAX_MESSAGE_LENGTH, f"a {len(message)}-character message"
        return None
    except FloatingPointError as error:
        assert "learning_rate" in str(error), f"a FloatingPointError without its cause: {error}"
        return None
    assert_finite(result)
    return result


# -- circuits ---------------------------------------------------------------------------------

CIRCUIT_FIELDS = dict(
    encoding=maybe_junk(st.sampled_from(encodings.available())),
    ansatz=maybe_junk(st.sampled_from(ansatze.available())),
    n_qubits=maybe_junk(st.integers(1, 4)),
    n_layers=maybe_junk(st.integers(0, 3)),
    noise=maybe_junk(st.sampled_from([None, *noise.available()])),
    noise_strength=maybe_junk(st.floats(0, 1)),
    noise_placement=maybe_junk(st.sampled_from(["gate", "layer"])),
    shots=maybe_junk(st.sampled_from([None, 10, 100])),
    measurement=maybe_junk(st.sampled_from(["expval", "probs", "state"])),
    device=maybe_junk(st.sampled_from([None, "default.qubit", "lightning.qubit"])),
    diff_method=maybe_junk(st.sampled_from(["auto", "backprop", "parameter-shift", "adjoint"])),
    zne=maybe_junk(st.booleans()),
)


@FUZZ
@given(st.fixed_dictionaries({}, optional=CIRCUIT_FIELDS))
def test_circuit_config_and_qnode(fields):
    config = clear_error_or_result(CircuitConfig, **fields)
    if config is None:
        return
    n_features = clear_error_or_result(lambda: config.replace(n_features=config.n_qubits))
    if n_features is None:
        return
    qnode = build_qnode(config=n_features)
    x = np.full(config.n_qubits, 0.3)
    out = clear_error_or_result(qnode, x, np.zeros(config.n_params))
    if out is not None:
        assert_finite(np.asarray(out, dtype=complex))


@FUZZ
@given(obj=st.sampled_from(["config", "junk"]), n_samples=maybe_junk(st.integers(1, 500)),
       batch_size=maybe_junk(st.one_of(st.none(), st.integers(1, 64))), junk=JUNK)
def test_resources_and_draw(obj, n_samples, batch_size, junk):
    target = CircuitConfig(n_qubits=2, n_layers=1) if obj == "config" else junk
    result = clear_error_or_result(qnnlab.resources, target, n_samples=n_samples,
                                   batch_size=batch_size)
    if result is not None and n_samples is not None:
        assert result["simulator_executions_per_epoch"] >= 1
        assert result["hardware_circuits_per_epoch"] >= n_samples
    clear_error_or_result(qnnlab.draw, target)


# -- estimators -------------------------------------------------------------------------------

X_TINY = np.random.default_rng(0).uniform(0, np.pi, (12, 2))
Y_TINY = np.array([0, 1] * 6)

VALID_ESTIMATOR_FIELDS = dict(
    encoding=st.sampled_from(["angle", "dense_angle", "reuploading", "iqp"]),
    ansatz=st.sampled_from(["strongly_entangling", "basic_entangler", "sim_9"]),
    n_qubits=st.integers(1, 3),
    n_layers=st.integers(0, 2),
    pre_layers=st.sampled_from([None, (), (3,)]),
    quantum=st.booleans(),
    noise=st.sampled_from([None, "depolarizing", "bit_flip"]),
    noise_strength=st.floats(0, 0.2),
    shots=st.none(),  # shots train slowly; tests/test_hardening.py covers them
    diff_method=st.sampled_from(["auto", "backprop", "parameter-shift"]),
    epochs=st.integers(0, 2),
    learning_rate=st.sampled_from([1e-3, 0.1, 10.0, 1e300]),
    batch_size=st.integers(1, 16),
    optimizer=st.sampled_from(["adam", "sgd", "rmsprop", "adagrad"]),
    early_stopping=st.booleans(),
    callbacks=st.sampled_from([None, [], [lambda trainer, row: False]]),
    random_state=st.integers(0, 2**32 - 1),
)
ESTIMATOR_FIELDS = {name: maybe_junk(strategy) for name, strategy in
                    VALID_ESTIMATOR_FIELDS.items()}
ESTIMATOR_FIELDS["shots"] = st.one_of(st.none(), st.just(50), JUNK)


@FUZZ
@given(st.one_of(
    # epochs always drawn: the default 30 would make the test slow
    st.fixed_dictionaries({"epochs": VALID_ESTIMATOR_FIELDS["epochs"]},
                          optional={k: v for k, v in VALID_ESTIMATOR_FIELDS.items()
                                    if k != "epochs"}),
    st.fixed_dictionaries({"epochs": ESTIMATOR_FIELDS["epochs"]},
                          optional={k: v for k, v in ESTIMATOR_FIELDS.items() if k != "epochs"}),
), st.sampled_from(["int", "str"]))
def test_classifier_fit_and_predict(params, labels):
    y = Y_TINY if labels == "int" else np.array(["no", "yes"])[Y_TINY]
    clf = clear_error_or_result(HybridClassifier(**params).fit, X_TINY, y)
    if clf is None:
        return
    proba = clear_error_or_result(clf.predict_proba, X_TINY)
    if proba is not None:
        np.testing.assert_allclose(proba.sum(axis=1), 1.0)
        assert set(clf.predict(X_TINY)) <= set(clf.classes_)


@FEW
@given(params=st.fixed_dictionaries({}, optional={k: ESTIMATOR_FIELDS[k] for k in (
    "n_qubits", "n_layers", "pre_layers", "quantum", "learning_rate", "random_state")}),
    X=st.sampled_from(["good", "nan", "1d", "empty", "3 features"]))
def test_regressor_fit_and_predict(params, X):
    data = {"good": X_TINY, "nan": np.where(X_TINY > 3, np.nan, X_TINY), "1d": X_TINY[:, 0],
            "empty": X_TINY[:0], "3 features": np.hstack([X_TINY, X_TINY[:, :1]])}[X]
    reg = clear_error_or_result(HybridRegressor(epochs=1, **params).fit, data, X_TINY[:, 0])
    if reg is not None:
        clear_error_or_result(reg.predict, data)


# -- analysis and plots -----------------------------------------------------------------------

ARRAYS = st.one_of(
    st.lists(st.floats(allow_nan=True, allow_infinity=True, width=32), max_size=17).map(
        np.array),
    st.integers(0, 3).map(lambda n: np.zeros(2**n)),
    st.integers(1, 3).map(lambda n: np.eye(2**n) / 2**n),
    st.integers(1, 3).map(lambda n: np.ones(2**n) / 2 ** (n / 2)),
    st.integers(1, 3).map(lambda n: np.ones((2, 2**n))),
    JUNK,
)


@FUZZ
@given(state=ARRAYS, cut=maybe_junk(st.integers(0, 3)))
def test_state_measures(state, cut):
    clear_error_or_result(entanglement_entropy, state, cut)
    clear_error_or_result(meyer_wallach, state)


@FUZZ
@given(fidelities=ARRAYS, n_qubits=maybe_junk(st.integers(1, 4)),
       bins=maybe_junk(st.integers(2, 100)))
def test_kl_to_haar(fidelities, n_qubits, bins):
    value = clear_error_or_result(kl_to_haar, fidelities, n_qubits, bins)
    if value is not None:
        assert value >= -1e-12


@FUZZ
@given(n_qubits=maybe_junk(st.integers(1, 40)), n_states=maybe_junk(st.integers(1, 10**9)))
def test_generated_sizes_are_bounded(n_qubits, n_states):
    states = clear_error_or_result(haar_random_states, n_qubits, n_states)
    if states is not None:
        np.testing.assert_allclose(np.linalg.norm(states, axis=1), 1.0)
    labels = clear_error_or_result(basis_labels, n_qubits)
    if labels is not None:
        assert len(labels) == 2**n_qubits


ANSATZ = maybe_junk(st.sampled_from(["hardware_efficient", "sim_2", "strongly_entangling"]))
SMALL_COUNT = maybe_junk(st.integers(1, 3))


@FEW
@given(ansatz=ANSATZ, n_qubits=SMALL_COUNT, n_layers=maybe_junk(st.integers(0, 2)),
       n_samples=maybe_junk(st.integers(1, 40)), bins=maybe_junk(st.integers(1, 20)),
       random_state=maybe_junk(st.integers(0, 5)))
def test_sampled_circuit_measures(ansatz, n_qubits, n_layers, n_samples, bins, random_state):
    value = clear_error_or_result(expressibility, ansatz, n_qubits, n_layers,
                                  n_samples=n_samples, bins=bins, random_state=random_state)
    if value is not None:
        assert value >= -1e-12
    value = clear_error_or_result(entangling_capability, ansatz, n_qubits, n_layers,
                                  n_samples=n_samples, random_state=random_state)
    if value is not None:
        assert 0 <= value <= 1
    frame = clear_error_or_result(gradient_variance, ansatz, n_qubits=[1, 2],
                                  n_layers=n_layers, n_samples=n_samples,
                                  random_state=random_state)
    if frame is not None:
        assert (frame["variance"] >= 0).all()


@FUZZ
@given(x=maybe_junk(st.lists(st.floats(-4, 4), min_size=1, max_size=3)),
       weights=st.one_of(st.none(), st.none(), JUNK), feature=maybe_junk(st.integers(0, 2)),
       random_state=maybe_junk(st.integers(0, 5)))
def test_single_circuit_views(x, weights, feature, random_state):
    config = CircuitConfig("angle", "basic_entangler", n_qubits=2, n_layers=1)
    clear_error_or_result(inspect_state, config, x, weights=weights, random_state=random_state)
    clear_error_or_result(fourier_spectrum, config, feature=feature, weights=weights,
                          random_state=random_state)
    clear_error_or_result(circuit_diagram, config, weights=weights, random_state=random_state)


@FEW
@given(X=st.sampled_from(["good", "nan", "wide", "empty", "junk"]),
       target=st.one_of(st.none(), st.none(), JUNK))
def test_saliency(X, target):
    clf = _fitted_classifier()
    data = {"good": X_TINY, "nan": np.where(X_TINY > 3, np.nan, X_TINY),
            "wide": np.hstack([X_TINY, X_TINY]), "empty": X_TINY[:0], "junk": "abc"}[X]
    clear_error_or_result(saliency, clf, data, target=target)


@FEW
@given(n_samples_data=maybe_junk(st.integers(1, 20)), n_param_samples=maybe_junk(st.integers(1, 4)),
       dataset_sizes=maybe_junk(st.lists(st.integers(1, 10**6), min_size=1, max_size=3)),
       gamma=maybe_junk(st.floats(0.01, 1)), random_state=maybe_junk(st.integers(0, 5)))
def test_effective_dimension(n_samples_data, n_param_samples, dataset_sizes, gamma,
                             random_state):
    config = CircuitConfig("angle", "hardware_efficient", n_qubits=2, n_layers=1)
    value = clear_error_or_result(effective_dimension, config, n_samples_data, n_param_samples,
                                  dataset_sizes=dataset_sizes, gamma=gamma,
                                  random_state=random_state)
    if value is not None:
        assert np.all(np.asarray(value) >= -1e-9) and np.all(np.asarray(value) <= 1 + 1e-9)


@FEW
@given(n_features=maybe_junk(st.integers(1, 3)), n_outputs=maybe_junk(st.integers(1, 3)),
       pre_layers=maybe_junk(st.sampled_from([None, (), (2,)])),
       quantum=maybe_junk(st.booleans()), learning_rate=maybe_junk(st.floats(1e-4, 1.0)),
       batch_size=maybe_junk(st.integers(1, 8)), epochs=maybe_junk(st.integers(0, 2)),
       optimizer=maybe_junk(st.sampled_from(["adam", "sgd"])))
def test_hybrid_net_and_trainer(n_features, n_outputs, pre_layers, quantum, learning_rate,
                                batch_size, epochs, optimizer):
    import torch

    from qnnlab.models import HybridNet
    from qnnlab.training import Trainer

    config = CircuitConfig("angle", "basic_entangler", n_qubits=2, n_layers=1)
    net = clear_error_or_result(HybridNet, n_features, n_outputs, config, pre_layers=pre_layers,
                                quantum=quantum)
    if net is None:
        return
    X = torch.rand(8, n_features, dtype=torch.float64)
    y = torch.randint(0, n_outputs, (8,))
    trainer = clear_error_or_result(Trainer, net, torch.nn.CrossEntropyLoss(), X, y,
                                    learning_rate=learning_rate, batch_size=batch_size,
                                    optimizer=optimizer)
    if trainer is not None:
        history = clear_error_or_result(trainer.fit, epochs)
        if history is not None:
            assert np.isfinite(history["loss"]).all()


_FITTED: list[HybridClassifier] = []


def _fitted_classifier() -> HybridClassifier:
    if not _FITTED:
        _FITTED.append(HybridClassifier(n_qubits=2, n_layers=1, epochs=1, random_state=0)
                       .fit(X_TINY, Y_TINY))
    return _FITTED[0]


PLOTS = [plots.fidelity_histogram, plots.expressibility_vs_entanglement,
         plots.gradient_variance_figure, plots.fourier_figure, plots.bloch_figure,
         plots.probabilities_figure, plots.saliency_figure, plots.importance_figure,
         plots.ablation_figure, plots.history_figure]


@FUZZ
@given(figure=st.sampled_from(PLOTS),
       value=st.one_of(JUNK, st.just(pd.DataFrame()), st.just(pd.DataFrame({"x": [1.0]})),
                       st.just(np.zeros((0, 3)))))
def test_plots_refuse_junk(figure, value):
    clear_error_or_result(figure, value)


# -- data and benchmark configurations --------------------------------------------------------


@FUZZ
@given(name=maybe_junk(st.sampled_from(available_datasets())),
       n_samples=maybe_junk(st.integers(4, 60)), noise_=maybe_junk(st.floats(0, 0.5)),
       test_size=maybe_junk(st.floats(0.1, 0.5)), random_state=maybe_junk(st.integers(0, 9)))
def test_load_dataset(name, n_samples, noise_, test_size, random_state):
    kwargs = {"n_samples": n_samples, "test_size": test_size, "random_state": random_state}
    if noise_ is not None:
        kwargs["noise"] = noise_
    result = clear_error_or_result(load_dataset, name, **kwargs)
    if result is not None:
        for part in result:
            assert len(part) > 0


@FUZZ
@given(seeds=maybe_junk(st.lists(st.integers(0, 5), min_size=1, max_size=3, unique=True)),
       cv=maybe_junk(st.integers(2, 4)), test_size=maybe_junk(st.floats(0.1, 0.5)),
       model=maybe_junk(st.sampled_from(["logistic_regression", "svc_rbf", "hybrid"])),
       grid=maybe_junk(st.sampled_from([{}, {"C": [1.0]}, {"n_layers": [1, 10**9]}])),
       description=JUNK)
def test_parse_config(seeds, cv, test_size, model, grid, description):
    raw = {"datasets": [{"name": "moons", "n_samples": 40}],
           "models": [{"model": model, "grid": grid}], "seeds": seeds, "cv": cv,
           "test_size": test_size, "description": description}
    clear_error_or_result(parse_config, raw)


@FUZZ
@given(text=st.text(alphabet="ab:&*[]{}, -\n'\"!", max_size=80))
def test_yaml_reading(text):
    try:
        safe_load_bounded(text)
    except ValueError as error:
        assert len(str(error)) <= MAX_MESSAGE_LENGTH
    except Exception as error:  # only YAML's own syntax errors are expected here
        import yaml

        assert isinstance(error, yaml.YAMLError), repr(error)


@pytest.mark.parametrize("depth", [5, 8])
def test_yaml_alias_bombs_of_any_depth(depth):
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, depth)]
    with pytest.raises(ValueError, match="aliases expanded"):
        safe_load_bounded("\n".join(lines))

"""Validation of benchmark experiments: every error names the bad key path and the valid choices."""

from __future__ import annotations

import copy
import warnings
from pathlib import Path

import pytest
import yaml

from qnnlab import datasets
from qnnlab.bench.config import MODELS, ConfigError, load_config, make_estimator
from qnnlab.bench.metrics import METRICS

EXPERIMENTS = Path(__file__).resolve().parents[1] / "benchmarks" / "experiments"

BASE = {
    "datasets": [{"name": "moons", "n_samples": 40}],
    "models": [
        {"model": "hybrid", "params": {"n_qubits": 2, "epochs": 2},
         "grid": {"learning_rate": [0.05, 0.1]}},
        {"model": "svc_rbf", "grid": {"C": [1.0, 10.0]}},
    ],
    "seeds": [0, 1],
}


def with_change(path: tuple, value: object) -> dict:
    """BASE with the entry at ``path`` (keys and indices) replaced by ``value``."""
    config = copy.deepcopy(BASE)
    target = config
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return config


def test_valid_config_parses_into_dataclasses():
    experiment = load_config(BASE)
    assert [m.label for m in experiment.models] == ["hybrid", "svc_rbf"]
    assert experiment.models[0].grid == {"learning_rate": [0.05, 0.1]}
    assert experiment.seeds == (0, 1) and experiment.cv == 5 and experiment.test_size == 0.2
    assert experiment.metrics == tuple(METRICS)
    assert experiment.n_candidates(experiment.models[0]) == 2
    assert experiment.models[1].grid == {"C": [1.0, 10.0]}  # a declared grid is kept


def test_misspelled_grid_parameter_names_path_and_valid_parameters():
    config = with_change(("models", 0, "grid"), {"n_qubitz": [2, 3]})
    with pytest.raises(ConfigError) as error:
        load_config(config)
    message = str(error.value)
    assert message.startswith(
        "models[0].grid.n_qubitz: unknown parameter 'n_qubitz' for HybridClassifier; valid: ")
    assert "n_qubits" in message and "learning_rate" in message


def test_misspelled_params_key_of_a_baseline():
    config = with_change(("models", 1, "params"), {"gama": 1.0})
    with pytest.raises(ConfigError, match=r"^models\[1\]\.params\.gama: unknown parameter "
                                          r"'gama' for SVC; valid: .*gamma"):
        load_config(config)


@pytest.mark.parametrize(
    ("path", "value", "expected"),
    [
        (("datasets", 0, "name"), "moon", r"^datasets\[0\]\.name: Unknown dataset 'moon'.*"
                                          r"'moons'.*Did you mean 'moons'"),
        (("models", 1, "model"), "svm", r"^models\[1\]\.model: Unknown model 'svm'.*'svc_rbf'"),
        (("metrics",), ["accuracy", "auc"], r"^metrics\[1\]: Unknown metric 'auc'.*'roc_auc'"),
        (("seeds",), [0, -1], r"^seeds\[1\]: expected an integer >= 0"),
        (("test_size",), 1.5, r"^test_size: expected a fraction"),
        (("models", 0, "grid", "encoding"), ["angle", "angel"],
         r"^models\[0\]\.grid\.encoding: Unknown encoding 'angel'"),
        (("models", 0, "params", "random_state"), 3,
         r"^models\[0\]\.params\.random_state: random_state is set from the experiment's seeds"),
        (("models", 0, "params", "quantum"), False, r"^models\[0\]\.params\.quantum: 'hybrid' "
                                                    r"fixes quantum=True"),
        (("datasets", 0, "n_features"), 3, r"^datasets\[0\]: .*n_features"),
        (("datasets", 0, "name"), "sine", r"^datasets\[0\]\.name: .*regression"),
    ],
)
def test_bad_entries_name_their_key(path, value, expected):
    with pytest.raises(ConfigError, match=expected):
        load_config(with_change(path, value))


def test_unknown_top_level_key_lists_valid_keys():
    config = {**BASE, "seed": [0]}
    with pytest.raises(ConfigError, match=r"^seed: Unknown key 'seed'.*'seeds'"):
        load_config(config)


def test_unknown_dataset_lists_every_valid_dataset():
    with pytest.raises(ConfigError) as error:
        load_config(with_change(("datasets", 0, "name"), "nope"))
    assert all(repr(name) in str(error.value) for name in datasets.available())


def test_counterpart_of_copies_the_hybrid_settings_with_quantum_false():
    config = copy.deepcopy(BASE)
    config["models"].append({"model": "classical_counterpart", "counterpart_of": "hybrid"})
    counterpart = load_config(config).models[2]
    assert counterpart.params == {"n_qubits": 2, "epochs": 2}
    assert counterpart.grid == {"learning_rate": [0.05, 0.1]}
    assert make_estimator(counterpart.model, counterpart.params).quantum is False
    config["models"][2]["counterpart_of"] = "hybridd"
    with pytest.raises(ConfigError, match=r"^models\[2\]\.counterpart_of: .*'hybrid'"):
        load_config(config)


def test_duplicate_labels_and_sweep_conflicts_are_refused():
    config = copy.deepcopy(BASE)
    config["models"].append({"model": "svc_rbf"})
    with pytest.raises(ConfigError, match=r"^models\[2\]\.label: label 'svc_rbf' is used twice"):
        load_config(config)
    config = {**BASE, "sweep": {"learning_rate": [0.1]}}
    with pytest.raises(ConfigError, match=r"^sweep\.learning_rate: .*models\[0\]"):
        load_config(config)
    config = {**BASE, "sweep": {"n_qubitz": [2]}}
    with pytest.raises(ConfigError, match=r"^sweep\.n_qubitz: unknown sweep parameter.*n_qubits"):
        load_config(config)


def test_noise_sweep_validation():
    good = load_config({**BASE, "noise": {"model": "depolarizing", "strengths": [0, 0.01]}})
    assert good.noise.strengths == (0.0, 0.01) and good.noise.apply == "train"
    with pytest.raises(ConfigError, match=r"^noise\.model: Unknown noise model 'depolarising'"):
        load_config({**BASE, "noise": {"model": "depolarising", "strengths": [0.1]}})
    with pytest.raises(ConfigError, match=r"^noise\.strengths\[0\]: expected a probability"):
        load_config({**BASE, "noise": {"model": "depolarizing", "strengths": [1.5]}})


def test_a_model_without_grid_searches_its_default_grid_minus_fixed_params():
    from qnnlab.baselines import DEFAULT_GRIDS

    experiment = load_config({**BASE, "models": [
        {"model": "svc_rbf"},
        {"model": "mlp", "label": "mlp_fixed_alpha", "params": {"alpha": 0.01}},
        {"model": "hybrid", "params": {"n_qubits": 2}},
    ]})
    svc, mlp, hybrid = experiment.models
    assert svc.grid == DEFAULT_GRIDS["svc_rbf"]
    assert experiment.n_candidates(svc) == 24 and experiment.search_budget is None
    assert experiment.search_mode(svc) == "full grid (24 settings)"
    assert "alpha" not in mlp.grid and mlp.grid["learning_rate_init"] == [0.001, 0.01, 0.1]
    assert hybrid.grid == {"learning_rate": [0.01, 0.03, 0.1]}
    estimator = make_estimator(hybrid.model, hybrid.params)  # trains to convergence by default
    assert estimator.early_stopping and estimator.epochs == 200


def test_search_budget_is_an_opt_in_equal_count_mode_and_must_be_met():
    experiment = load_config({**BASE, "search_budget": 2,
                              "models": [BASE["models"][0], {"model": "svc_rbf"}]})
    assert [experiment.n_candidates(m) for m in experiment.models] == [2, 2]
    assert experiment.search_mode(experiment.models[1]) == (
        "equal-count sample of 2 of 24 settings (search_budget)")
    with pytest.raises(ConfigError, match=r"^search_budget: 3 settings per model cannot be "
                                          r"met: models\[0\] \('hybrid'\) has 2"):
        load_config({**BASE, "search_budget": 3})


def test_empty_grids_are_refused():
    with pytest.raises(ConfigError, match=r"^models\[1\]\.grid: empty grid"):
        load_config(with_change(("models", 1, "grid"), {}))
    with pytest.raises(ConfigError, match=r"^models\[1\]\.grid\.C: expected a non-empty list"):
        load_config(with_change(("models", 1, "grid"), {"C": []}))
    with pytest.raises(ConfigError, match=r"^models\[1\]\.grid\.C: .*C"):
        load_config(with_change(("models", 1, "grid"), {"C": [1.0, -1.0]}))


def test_generator_parameters_are_dataset_keys_and_sweepable():
    config = {**BASE, "datasets": [
        {"name": "hidden_manifold", "n_samples": 40, "n_features": 3,
         "sweep": {"manifold_dimension": [1, 6]}},
        {"name": "two_curves", "n_samples": 40, "n_features": 3, "degree": 4},
    ], "models": [{"model": "svc_rbf", "grid": {"C": [1.0]}}]}
    experiment = load_config(config)
    assert experiment.datasets[0].sweep == {"manifold_dimension": [1, 6]}
    assert experiment.datasets[1].kwargs == {"n_samples": 40, "n_features": 3, "degree": 4}
    from qnnlab.bench.protocol import expand_jobs

    kwargs = [job["dataset"]["kwargs"] for job in expand_jobs(experiment) if job["seed"] == 0]
    assert kwargs == [{"n_samples": 40, "n_features": 3, "manifold_dimension": 1},
                      {"n_samples": 40, "n_features": 3, "manifold_dimension": 6},
                      {"n_samples": 40, "n_features": 3, "degree": 4}]


@pytest.mark.parametrize(("change", "expected"), [
    ({"datasets": [{"name": "two_curves", "degre": 3}]},
     r"^datasets\[0\]\.degre: Unknown key 'degre'.*'degree'"),
    ({"datasets": [{"name": "two_curves", "degree": 0}]}, r"^datasets\[0\]: .*degree"),
    ({"datasets": [{"name": "hidden_manifold", "n_features": 3,
                    "sweep": {"manifold_dimension": [2, -1]}}]},
     r"^datasets\[0\] at sweep \{'manifold_dimension': -1\}: .*manifold_dimension"),
    ({"datasets": [{"name": "moons", "sweep": {"degree": [2]}}]},
     r"^datasets\[0\]\.sweep\.degree: dataset 'moons' has no parameter 'degree'"),
    ({"datasets": [{"name": "two_curves", "sweep": {"degree": []}}]},
     r"^datasets\[0\]\.sweep\.degree: expected a non-empty list"),
    ({"datasets": [{"name": "two_curves"}, {"name": "moons"}], "sweep": {"offset": [0.1]}},
     r"^sweep\.offset: datasets\[1\] \('moons'\) has no parameter 'offset'"),
    ({"datasets": [{"name": "two_curves", "degree": 3, "sweep": {"degree": [2]}}]},
     r"^datasets\[0\]\.sweep\.degree: 'degree' is swept and also fixed"),
])
def test_bad_generator_parameters_name_their_key(change, expected):
    config = {**BASE, **change, "models": [{"model": "svc_rbf", "grid": {"C": [1.0]}}]}
    with pytest.raises(ConfigError, match=expected):
        load_config(config)


def test_an_encoding_that_cannot_take_the_feature_count_fails_at_validation():
    config = {**BASE, "datasets": [{"name": "two_curves", "n_samples": 40, "n_features": 3}]}
    with pytest.raises(ConfigError, match=r"^models\[0\]: cannot take datasets\[0\] "
                                          r"\('two_curves', 3 features\).*at most 2 features"):
        load_config(config)
    config["models"][0] = {"model": "hybrid", "params": {"epochs": 2},
                           "grid": {"n_qubits": [3, 2]}}
    with pytest.raises(ConfigError, match=r"with \{'n_qubits': 2\}"):
        load_config(config)
    config["models"][0]["params"] = {"epochs": 2, "pre_layers": [4]}  # a layer adapts the width
    assert load_config(config).models[0].grid == {"n_qubits": [3, 2]}


def test_yaml_is_read_safely(tmp_path):
    path = tmp_path / "evil.yaml"
    path.write_text("datasets: !!python/object/apply:os.system ['echo hacked']\n")
    with pytest.raises(ConfigError, match="not valid YAML"):
        load_config(path)
    with pytest.raises(FileNotFoundError, match="No experiment file"):
        load_config(tmp_path / "missing.yaml")


def test_model_names_resolve_only_through_the_registry():
    with pytest.raises(ValueError, match="Unknown model 'os.system'"):
        make_estimator("os.system")
    assert set(MODELS) == {"hybrid", "classical_counterpart", "logistic_regression", "svc_rbf",
                           "mlp", "random_forest", "iqp_kernel", "projected_kernel",
                           "quantum_kitchen_sinks", "data_reuploading",
                           "data_reuploading_separable", "dressed", "dressed_separable",
                           "dressed_classical", "iqp_variational", "circuit_centric", "qcnn"}


@pytest.mark.parametrize("name", ["quick.yaml", "bowles2024_small.yaml",
                                  "bowles2024_difficulty.yaml"])
def test_shipped_experiments_follow_the_fair_protocol(name):
    raw = yaml.safe_load((EXPERIMENTS / name).read_text())
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        experiment = load_config(raw)
    assert experiment.search_budget is None  # every model searches its full grid
    for spec in experiment.models:
        estimator = make_estimator(spec.model, spec.params)
        if spec.entry.family == "quantum" or spec.model == "classical_counterpart":
            assert estimator.early_stopping and estimator.epochs >= 100
        if spec.model == "mlp":
            assert estimator.max_iter >= 1000

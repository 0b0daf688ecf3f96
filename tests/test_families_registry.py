"""The families are usable by name in benchmark YAML, with the reference study's grids."""

from __future__ import annotations

import pytest

import qnnlab
from qnnlab import families
from qnnlab.bench.config import MODELS, ConfigError, make_estimator, parse_config

#: XanaduAI/qml-benchmarks, src/qml_benchmarks/hyperparameter_settings.py (without max_vmap).
REFERENCE_GRIDS = {
    "iqp_kernel": {"repeats": [1, 5, 10], "C": [0.1, 1, 10, 100]},
    "projected_kernel": {"gamma_factor": [0.1, 1, 10], "C": [0.1, 1, 10, 100],
                         "trotter_steps": [1, 3, 5], "t": [0.01, 0.1, 1.0]},
    "quantum_kitchen_sinks": {"n_qfeatures": ["full", "half"], "n_episodes": [10, 100, 500, 2000]},
    "data_reuploading": {"learning_rate": [0.001, 0.01, 0.1], "n_layers": [1, 5, 10, 15],
                         "observable_type": ["single", "half", "full"]},
}
REFERENCE_GRIDS["data_reuploading_separable"] = REFERENCE_GRIDS["data_reuploading"]
REFERENCE_GRIDS["dressed"] = {"learning_rate": [0.001, 0.01, 0.1], "n_layers": [1, 5, 10, 15]}
REFERENCE_GRIDS["dressed_separable"] = REFERENCE_GRIDS["dressed"]
REFERENCE_GRIDS["iqp_variational"] = {"learning_rate": [0.001, 0.01, 0.1], "repeats": [1, 5, 10],
                                      "n_layers": [1, 5, 10, 15]}
REFERENCE_GRIDS["circuit_centric"] = {"learning_rate": [0.001, 0.01, 0.1],
                                      "n_input_copies": [1, 2, 3], "n_layers": [1, 5, 10]}
REFERENCE_GRIDS["qcnn"] = {"learning_rate": [0.001, 0.01, 0.1]}  # not in the reference study
CLASSES = {"iqp_kernel": families.IQPKernelClassifier,
           "projected_kernel": families.ProjectedQuantumKernel,
           "quantum_kitchen_sinks": families.QuantumKitchenSinks,
           "data_reuploading": families.DataReuploadingClassifier,
           "data_reuploading_separable": families.DataReuploadingClassifier,
           "dressed": families.DressedQuantumCircuitClassifier,
           "dressed_separable": families.DressedQuantumCircuitClassifier,
           "iqp_variational": families.IQPVariationalClassifier,
           "circuit_centric": families.CircuitCentricClassifier,
           "qcnn": families.QCNNClassifier}


@pytest.mark.parametrize("name", sorted(REFERENCE_GRIDS))
def test_registered_with_the_reference_grid(name):
    entry = MODELS[name]
    assert entry.family == "quantum" and entry.default_grid == REFERENCE_GRIDS[name]
    assert isinstance(make_estimator(name), CLASSES[name])
    experiment = parse_config({"datasets": [{"name": "moons"}], "models": [{"model": name}]})
    assert experiment.models[0].grid == REFERENCE_GRIDS[name]
    assert getattr(qnnlab, CLASSES[name].__name__) is CLASSES[name]


@pytest.mark.parametrize("model, grid, match", [
    ("iqp_kernel", {"C": [1.0, -1.0]}, r"models\[0\]\.grid\.C: C must be a finite number > 0"),
    ("projected_kernel", {"embedding": ["iqp"]}, r"models\[0\]\.grid\.embedding: Unknown"),
    ("quantum_kitchen_sinks", {"n_qfeatures": ["third"]}, r"grid\.n_qfeatures: n_qfeatures must"),
    ("data_reuploading", {"observable_type": ["all"]}, r"grid\.observable_type: Unknown"),
])
def test_bad_grid_values_refused_when_parsed(model, grid, match):
    with pytest.raises(ConfigError, match=match):
        parse_config({"datasets": [{"name": "moons"}], "models": [{"model": model,
                                                                   "grid": grid}]})


def test_ablation_is_one_switch_and_locked():
    assert MODELS["data_reuploading_separable"].factory().separable is True
    assert [MODELS[f"dressed{s}"].factory().ablation for s in ("", "_separable", "_classical")] \
        == [None, "separable", "classical"]
    assert MODELS["dressed_classical"].family == "classical"
    assert MODELS["data_reuploading"].factory().early_stopping is True  # the hybrid protocol
    with pytest.raises(ConfigError, match="separable"):
        parse_config({"datasets": [{"name": "moons"}],
                      "models": [{"model": "data_reuploading", "params": {"separable": True}}]})


#: One job per family from a YAML file: tiny data, one setting, 2 epochs.
_TINY_FAMILY_PARAMS = {
    "iqp_kernel": ({"repeats": 1}, {"C": [1.0]}),
    "projected_kernel": ({"trotter_steps": 1}, {"C": [1.0]}),
    "quantum_kitchen_sinks": ({}, {"n_episodes": [10]}),
    "data_reuploading": ({"n_layers": 1, "epochs": 2}, {"learning_rate": [0.1]}),
    "data_reuploading_separable": ({"n_layers": 1, "epochs": 2}, {"learning_rate": [0.1]}),
    "dressed": ({"n_layers": 1, "epochs": 2}, {"learning_rate": [0.1]}),
    "dressed_separable": ({"n_layers": 1, "epochs": 2}, {"learning_rate": [0.1]}),
    "dressed_classical": ({"n_layers": 1, "epochs": 2}, {"learning_rate": [0.1]}),
    "iqp_variational": ({"n_layers": 1, "epochs": 2}, {"learning_rate": [0.1]}),
    "circuit_centric": ({"n_layers": 1, "epochs": 2}, {"learning_rate": [0.1]}),
    "qcnn": ({"epochs": 2}, {"learning_rate": [0.1]}),
}
#: Qubits of each family's circuit for 2 features (the families' rules, counted by hand).
_QUBITS_AT_2_FEATURES = {
    "iqp_kernel": 2, "projected_kernel": 3, "quantum_kitchen_sinks": 2, "data_reuploading": 1,
    "data_reuploading_separable": 1, "dressed": 2, "dressed_separable": 2,
    "dressed_classical": 0, "iqp_variational": 2, "circuit_centric": 2, "qcnn": 2,
}


def test_every_family_runs_from_a_yaml_file(tmp_path):
    import yaml

    from qnnlab.bench import run

    assert set(_TINY_FAMILY_PARAMS) == set(families.DEFAULT_GRIDS)  # none forgotten
    config = {"name": "every-family", "seeds": [0], "cv": 2,
              "datasets": [{"name": "moons", "n_samples": 30}],
              "models": [{"model": name, "params": params, "grid": grid}
                         for name, (params, grid) in _TINY_FAMILY_PARAMS.items()]}
    path = tmp_path / "families.yaml"
    path.write_text(yaml.safe_dump(config))
    results = run(path, progress=False).set_index("model")
    assert (results["status"] == "ok").all(), results["error"].dropna().to_dict()
    assert results["accuracy"].between(0, 1).all()
    assert results["qubits"].to_dict() == _QUBITS_AT_2_FEATURES
    quantum = results.index != "dressed_classical"
    assert (results.loc[quantum, "gates"] > 0).all()


def test_the_shipped_family_study_runs_every_family_against_fully_tuned_baselines():
    import pathlib

    import yaml

    path = pathlib.Path(__file__).parents[1] / "benchmarks" / "experiments" / "families.yaml"
    experiment = parse_config(yaml.safe_load(path.read_text()))
    by_name = {m.model: m for m in experiment.models}
    assert set(families.DEFAULT_GRIDS) <= set(by_name)
    for baseline in ("svc_rbf", "mlp", "logistic_regression", "random_forest"):
        assert by_name[baseline].grid == MODELS[baseline].default_grid  # never reduced
    for name in ("iqp_kernel", "projected_kernel", "quantum_kitchen_sinks"):
        assert by_name[name].grid == REFERENCE_GRIDS[name]
    assert len({d.name for d in experiment.datasets}) >= 2

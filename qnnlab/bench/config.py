"""Declarative benchmark experiments: the YAML schema, its validation and the model registry.

An experiment file names datasets, models (with fixed parameters and hyperparameter grids),
seeds, an optional noise sweep for the hybrid models and an optional size sweep. It is read with
``yaml.safe_load`` and validated into frozen dataclasses before anything is trained; every error
names the key path of the bad entry, e.g. ``models[2].grid.n_qubitz``.

Schema (every key but ``datasets`` and ``models`` is optional)::

    name: quick                      # used in the report's title
    description: a few words
    seeds: [0, 1]                    # model seeds; also the data seeds unless fixed per dataset
    test_size: 0.2                   # fraction held out, used once after refitting
    cv: 5                            # folds of the (stratified, shuffled) search
    search_budget: 4                 # OPT-IN equal-count mode: sample 4 settings of each grid
    metrics: [accuracy, f1_macro, roc_auc, convergence, time, parameters, resources]
    datasets:
      - name: hidden_manifold        # one of qnnlab.datasets.available()
        n_samples: 60                # any keyword of qnnlab.datasets.load_dataset, including
        n_features: 3                # the generator's own parameters
        random_state: 3              # optional: fix the data; otherwise data seed = model seed
        sweep:                       # optional: this dataset's own sweep (its generator's
          manifold_dimension: [2, 6] # difficulty parameters, n_samples, n_features, noise)
    models:
      - model: hybrid                # one of MODELS
        label: hybrid                # optional, unique; defaults to the model name
        params: {n_qubits: 3, epochs: 100}
        grid: {learning_rate: [0.05, 0.1]}   # omitted: the model's default grid
      - model: classical_counterpart
        counterpart_of: hybrid       # copy that model's params and grid, with quantum=False
      - model: svc_rbf               # no grid: DEFAULT_GRIDS["svc_rbf"] (qnnlab.baselines)
    noise:                           # sweep over noise_strength for the hybrid models only
      model: depolarizing
      strengths: [0.0, 0.01]
      placement: gate
      apply: train                   # or "evaluate": train noise-free, predict under noise
    sweep:                           # problem sizes: one set of jobs per combination
      n_samples: [40, 80]            # dataset keywords that every dataset takes ...
      n_layers: [1, 2]               # ... or model parameters (for the models that have them)

The protocol is fair in substance (Bowles, Ahmed & Schuld 2024): every model searches its FULL
grid by cross-validation on the training part, with a scaler fit inside each fold. A model
without ``grid`` searches its default grid (:data:`qnnlab.baselines.DEFAULT_GRIDS` for the
classical baselines, :data:`GRADIENT_DEFAULT_GRID` for the hybrid models), minus the keys its
``params`` fix. Gradient-trained hybrid models default to validation early stopping with a
generous epoch cap (:data:`GRADIENT_DEFAULT_PARAMS`), the MLP to scikit-learn's convergence
test within ``max_iter`` 2000. ``search_budget`` is an opt-in *equal-count* mode (the same
number of settings per model, sampled with the seed); it under-tunes cheap models and is not
an equal-compute budget. A budget larger than a model's grid cannot be met and is refused.

Examples
--------
>>> experiment = parse_config({
...     "datasets": [{"name": "moons", "n_samples": 40}],
...     "models": [{"model": "svc_rbf", "grid": {"C": [1.0, 10.0]}}],
...     "seeds": [0, 1],
... })
>>> experiment.models[0].label, experiment.models[0].grid
('svc_rbf', {'C': [1.0, 10.0]})
>>> parse_config({"datasets": [{"name": "moons"}],
...               "models": [{"model": "svc_rbf", "grid": {"gama": [1]}}]})
Traceback (most recent call last):
...
qnnlab.bench.config.ConfigError: models[0].grid.gama: unknown parameter 'gama' for SVC; valid: ...
"""

from __future__ import annotations

import copy
import functools
import itertools
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.model_selection import ParameterGrid
from sklearn.preprocessing import MinMaxScaler, StandardScaler

from qnnlab import baselines, families
from qnnlab import datasets as qdatasets
from qnnlab import noise as qnoise
from qnnlab._registry import unknown_choice_error
from qnnlab._validation import safe_load_bounded, shorten_message
from qnnlab.bench.metrics import METRICS
from qnnlab.estimators import HybridClassifier

__all__ = [
    "GRADIENT_DEFAULT_GRID",
    "GRADIENT_DEFAULT_PARAMS",
    "MODELS",
    "ConfigError",
    "DatasetSpec",
    "Experiment",
    "ModelSpec",
    "NoiseSweep",
    "dataset_points",
    "grid_size",
    "load_config",
    "make_estimator",
    "parse_config",
]


class ConfigError(ValueError):
    """A benchmark configuration is invalid; the message starts with the bad key's path.

    Examples
    --------
    >>> parse_config({"datasets": [{"name": "moons"}]})
    Traceback (most recent call last):
    ...
    qnnlab.bench.config.ConfigError: models: missing; an experiment needs datasets and models
    >>> issubclass(ConfigError, ValueError)
    True
    """


@dataclass(frozen=True)
class ModelEntry:
    """A model a configuration may name: how to build it and which parameters it fixes.

    Examples
    --------
    >>> entry = MODELS["svc_rbf"]
    >>> entry.description, entry.locked, entry.family
    ('sklearn SVC with an RBF kernel', {'kernel': 'rbf'}, 'classical')
    >>> entry.factory(), entry.scaler()
    (SVC(), StandardScaler())
    >>> sorted(entry.default_grid)
    ['C', 'gamma']
    """

    name: str
    description: str
    factory: Callable[[], BaseEstimator]
    #: Parameters the name implies; a configuration may not change them.
    locked: Mapping[str, Any] = field(default_factory=dict)
    #: "quantum" (has a circuit) or "classical".
    family: str = "classical"
    #: Gets the noise sweep.
    noisy: bool = False
    #: The grid searched when a configuration gives none.
    default_grid: Mapping[str, list[Any]] = field(default_factory=dict)
    #: The feature scaler put before the model in every fold (a fresh one per call).
    scaler: Callable[[], TransformerMixin] = StandardScaler


#: Fixed settings of the gradient-trained hybrid models (and their classical counterpart) unless
#: a configuration sets them: validation early stopping on the validation loss (20% held out of
#: each training fold, patience 10 epochs) within a generous cap of 200 epochs, so that the
#: comparison does not measure a training budget.
GRADIENT_DEFAULT_PARAMS: dict[str, Any] = {
    "epochs": 200, "early_stopping": True, "validation_fraction": 0.2, "n_iter_no_change": 10,
}
#: The grid searched for a hybrid model (and its counterpart) without a ``grid``.
GRADIENT_DEFAULT_GRID: dict[str, list[Any]] = {"learning_rate": [0.01, 0.03, 0.1]}


def _hybrid() -> BaseEstimator:
    return HybridClassifier(**GRADIENT_DEFAULT_PARAMS)


def _counterpart() -> BaseEstimator:
    return HybridClassifier(quantum=False, **GRADIENT_DEFAULT_PARAMS)


def _family(cls: type[BaseEstimator], **fixed: Any) -> Callable[[], BaseEstimator]:
    """A gradient-trained family with the hybrid models' training protocol."""
    return functools.partial(cls, **GRADIENT_DEFAULT_PARAMS, **fixed)


def _angle_scaler() -> TransformerMixin:
    """Min-max scaling to ``(0, pi)``, the range angle encodings expect (as load_dataset's)."""
    return MinMaxScaler(feature_range=(0.0, math.pi))


def _baseline(name: str) -> Callable[[], BaseEstimator]:
    return functools.partial(baselines.make_baseline, name)


#: The models a configuration may name. Names resolve through this fixed table only: nothing is
#: ever imported by a dotted path read from a file.
MODELS: dict[str, ModelEntry] = {
    entry.name: entry
    for entry in (
        ModelEntry("hybrid", "qnnlab.HybridClassifier (a circuit between classical layers)",
                   _hybrid, {"quantum": True}, family="quantum", noisy=True,
                   default_grid=GRADIENT_DEFAULT_GRID, scaler=_angle_scaler),
        ModelEntry("classical_counterpart",
                   "HybridClassifier(quantum=False): the circuit swapped for a classical layer "
                   "with as many parameters", _counterpart, {"quantum": False},
                   default_grid=GRADIENT_DEFAULT_GRID, scaler=_angle_scaler),
        ModelEntry("logistic_regression", "sklearn LogisticRegression (lbfgs)",
                   _baseline("logistic_regression"),
                   default_grid=baselines.DEFAULT_GRIDS["logistic_regression"]),
        ModelEntry("svc_rbf", "sklearn SVC with an RBF kernel", _baseline("svc_rbf"),
                   {"kernel": "rbf"}, default_grid=baselines.DEFAULT_GRIDS["svc_rbf"]),
        ModelEntry("mlp", "sklearn MLPClassifier (adam, trained until its loss converges)",
                   _baseline("mlp"), default_grid=baselines.DEFAULT_GRIDS["mlp"]),
        ModelEntry("random_forest", "sklearn RandomForestClassifier", _baseline("random_forest"),
                   default_grid=baselines.DEFAULT_GRIDS["random_forest"]),
        # qnnlab.families (issue 13): the reference study's models, with its grids; each scales
        # its inputs itself (min-max, as the reference does), after the fold's scaler.
        ModelEntry("iqp_kernel", "qnnlab.families.IQPKernelClassifier (IQP fidelity kernel SVC)",
                   families.IQPKernelClassifier, family="quantum",
                   default_grid=families.DEFAULT_GRIDS["iqp_kernel"]),
        ModelEntry("projected_kernel",
                   "qnnlab.families.ProjectedQuantumKernel (Huang et al. 2021, SVC)",
                   families.ProjectedQuantumKernel, family="quantum",
                   default_grid=families.DEFAULT_GRIDS["projected_kernel"]),
        ModelEntry("quantum_kitchen_sinks",
                   "qnnlab.families.QuantumKitchenSinks (random circuits + logistic regression)",
                   families.QuantumKitchenSinks, family="quantum",
                   default_grid=families.DEFAULT_GRIDS["quantum_kitchen_sinks"]),
        ModelEntry("data_reuploading",
                   "qnnlab.families.DataReuploadingClassifier (Perez-Salinas et al. 2020)",
                   _family(families.DataReuploadingClassifier, separable=False),
                   {"separable": False}, family="quantum",
                   default_grid=families.DEFAULT_GRIDS["data_reuploading"]),
        ModelEntry("data_reuploading_separable",
                   "DataReuploadingClassifier(separable=True): no entangling gates",
                   _family(families.DataReuploadingClassifier, separable=True),
                   {"separable": True}, family="quantum",
                   default_grid=families.DEFAULT_GRIDS["data_reuploading_separable"]),
        *(ModelEntry(name, description,
                     _family(families.DressedQuantumCircuitClassifier, ablation=ablation),
                     {"ablation": ablation}, family="quantum" if ablation != "classical"
                     else "classical", default_grid=families.DEFAULT_GRIDS[name])
          for name, ablation, description in (
              ("dressed", None, "qnnlab.families.DressedQuantumCircuitClassifier (Mari et al. "
               "2020)"),
              ("dressed_separable", "separable", "the dressed quantum circuit without CNOTs"),
              ("dressed_classical", "classical", "the dressed quantum circuit's classical-only "
               "ablation (a tanh layer instead of the circuit)"))),
        ModelEntry("iqp_variational",
                   "qnnlab.families.IQPVariationalClassifier (IQP embedding + variational)",
                   _family(families.IQPVariationalClassifier), family="quantum",
                   default_grid=families.DEFAULT_GRIDS["iqp_variational"]),
        ModelEntry("circuit_centric",
                   "qnnlab.families.CircuitCentricClassifier (Schuld et al. 2020)",
                   _family(families.CircuitCentricClassifier), family="quantum",
                   default_grid=families.DEFAULT_GRIDS["circuit_centric"]),
        ModelEntry("qcnn", "qnnlab.families.QCNNClassifier (Cong et al. 2019)",
                   _family(families.QCNNClassifier), family="quantum",
                   default_grid=families.DEFAULT_GRIDS["qcnn"]),
    )
}

#: Dataset keywords that every dataset takes and a sweep may vary; a dataset's generator
#: parameters (``qnnlab.datasets.describe(name).parameters``) may be swept too.
DATASET_SWEEP_KEYS = ("n_features", "n_samples", "noise")
_DATASET_KEYS = ("name", "n_samples", "n_features", "noise", "random_state", "sweep")
_MODEL_KEYS = ("model", "label", "params", "grid", "counterpart_of")
_NOISE_KEYS = ("model", "strengths", "placement", "apply")
#: Most seeds, and most points of a size sweep, an experiment may have.
MAX_SEEDS = 1_000
MAX_SWEEP_POINTS = 1_000
_TOP_KEYS = ("name", "description", "seeds", "test_size", "cv", "search_budget", "metrics",
             "datasets", "models", "noise", "sweep")
_NOISE_APPLY = ("train", "evaluate")


@dataclass(frozen=True)
class DatasetSpec:
    """One dataset of an experiment: a name of :mod:`qnnlab.datasets` and its keywords.

    ``random_state`` None means the data are drawn and split anew from every seed.

    Examples
    --------
    >>> experiment = parse_config({"datasets": [{"name": "moons", "n_samples": 40}],
    ...                            "models": [{"model": "svc_rbf"}]})
    >>> experiment.datasets[0]
    DatasetSpec(name='moons', kwargs={'n_samples': 40}, random_state=None, sweep={})
    """

    name: str
    kwargs: dict[str, Any]
    random_state: int | None = None
    #: This dataset's own sweep (keyword -> values), combined with the experiment's sweep.
    sweep: dict[str, list[Any]] = field(default_factory=dict)

    def sweep_points(self) -> list[dict[str, Any]]:
        """Every combination of this dataset's own sweep (one empty dict without a sweep)."""
        return _product(self.sweep)

    def parameter_names(self) -> tuple[str, ...]:
        """Keywords this dataset takes besides the name: the common ones and its generator's."""
        return (*DATASET_SWEEP_KEYS,
                *(p.name for p in qdatasets.describe(self.name).parameters))


@dataclass(frozen=True)
class ModelSpec:
    """One model of an experiment: a :data:`MODELS` name, fixed parameters and a grid.

    Examples
    --------
    >>> experiment = parse_config({"datasets": [{"name": "moons"}],
    ...                            "models": [{"model": "svc_rbf", "grid": {"C": [1.0, 10.0]}}]})
    >>> spec = experiment.models[0]
    >>> spec
    ModelSpec(label='svc_rbf', model='svc_rbf', params={}, grid={'C': [1.0, 10.0]})
    >>> spec.entry.family
    'classical'
    """

    label: str
    model: str
    params: dict[str, Any]
    grid: dict[str, list[Any]]

    @property
    def entry(self) -> ModelEntry:
        """The registry entry of this model."""
        return MODELS[self.model]


@dataclass(frozen=True)
class NoiseSweep:
    """Noise strengths tried on every hybrid model (the classical ones run once).

    Examples
    --------
    >>> experiment = parse_config({
    ...     "datasets": [{"name": "moons"}], "models": [{"model": "hybrid"}],
    ...     "noise": {"model": "depolarizing", "strengths": [0.0, 0.01]}})
    >>> experiment.noise
    NoiseSweep(model='depolarizing', strengths=(0.0, 0.01), placement='gate', apply='train')
    """

    model: str
    strengths: tuple[float, ...]
    placement: str = "gate"
    apply: str = "train"


@dataclass(frozen=True)
class Experiment:
    """A validated benchmark experiment (see the module docstring for the YAML schema).

    Examples
    --------
    >>> experiment = parse_config({
    ...     "datasets": [{"name": "moons"}],
    ...     "models": [{"model": "svc_rbf", "grid": {"C": [0.1, 1.0, 10.0]}}],
    ...     "sweep": {"n_samples": [40, 80]}, "search_budget": 2})
    >>> experiment.seeds, experiment.cv, experiment.test_size  # the defaults
    ((0, 1, 2, 3, 4), 5, 0.2)
    >>> experiment.sweep_points(), experiment.n_candidates(experiment.models[0])
    ([{'n_samples': 40}, {'n_samples': 80}], 2)
    """

    name: str
    description: str
    datasets: tuple[DatasetSpec, ...]
    models: tuple[ModelSpec, ...]
    seeds: tuple[int, ...]
    test_size: float
    cv: int
    search_budget: int | None
    metrics: tuple[str, ...]
    noise: NoiseSweep | None
    sweep: dict[str, list[Any]]
    raw: dict[str, Any]

    def sweep_points(self) -> list[dict[str, Any]]:
        """Every combination of the size sweep (one empty dict when there is no sweep)."""
        return _product(self.sweep)

    def n_candidates(self, model: ModelSpec) -> int:
        """Hyperparameter settings evaluated for ``model`` (its grid, capped by the budget)."""
        size = grid_size(model.grid)
        return size if self.search_budget is None else min(size, self.search_budget)

    def search_mode(self, model: ModelSpec) -> str:
        """What the search gives ``model``, in words (recorded in every result row)."""
        size = grid_size(model.grid)
        if self.search_budget is None or self.search_budget >= size:
            return f"full grid ({size} settings)"
        return (f"equal-count sample of {self.search_budget} of {size} settings "
                "(search_budget)")


def _product(sweep: Mapping[str, list[Any]]) -> list[dict[str, Any]]:
    keys = list(sweep)
    return [dict(zip(keys, values)) for values in itertools.product(*sweep.values())]


def grid_size(grid: Mapping[str, list[Any]]) -> int:
    """Settings in a grid (1 for an empty grid: the fixed parameters only).

    Examples
    --------
    >>> grid_size({"C": [1, 10], "gamma": [0.1, 1, "scale"]}), grid_size({})
    (6, 1)
    """
    return len(ParameterGrid(dict(grid))) if grid else 1


# ----------------------------------------------------------------------------- helpers


def make_estimator(model: str, params: Mapping[str, Any] | None = None) -> BaseEstimator:
    """A fresh estimator of the registered ``model`` with ``params`` set.

    Examples
    --------
    >>> make_estimator("svc_rbf", {"C": 2.0})
    SVC(C=2.0)
    """
    if model not in MODELS:
        raise unknown_choice_error("model", model, MODELS)
    entry = MODELS[model]
    estimator = entry.factory()
    estimator.set_params(**{**dict(params or {}), **entry.locked})
    return estimator


def _fail(path: str, message: str) -> ConfigError:
    return ConfigError(shorten_message(f"{path}: {message}"))


def _expect_mapping(value: Any, path: str) -> dict[str, Any]:
    if not isinstance(value, Mapping):
        raise _fail(path, f"expected a mapping (key: value); got {type(value).__name__} {value!r}")
    return dict(value)


def _expect_list(value: Any, path: str, *, allow_empty: bool = False) -> list[Any]:
    if not isinstance(value, (list, tuple)):
        raise _fail(path, f"expected a list; got {type(value).__name__} {value!r}")
    if not value and not allow_empty:
        raise _fail(path, "expected a non-empty list")
    return list(value)


def _check_keys(mapping: Mapping[str, Any], valid: tuple[str, ...], path: str) -> None:
    for key in mapping:
        if key not in valid:
            where = f"{path}.{key}" if path else str(key)
            raise _fail(where, str(unknown_choice_error("key", key, valid)))


def _int(value: Any, path: str, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise _fail(path, f"expected an integer >= {minimum}; got {value!r}")
    return value


def _check_param_names(names: Any, estimator: BaseEstimator, path: str) -> None:
    valid = sorted(estimator.get_params(deep=False))
    for name in names:
        if name not in valid:
            raise _fail(
                f"{path}.{name}",
                f"unknown parameter {name!r} for {type(estimator).__name__}; valid: "
                + ", ".join(valid),
            )


# ----------------------------------------------------------------------------- parsing


def _parse_dataset(raw: Any, path: str) -> DatasetSpec:
    entry = _expect_mapping(raw, path)
    if "name" not in entry:
        raise _fail(f"{path}.name", "missing; valid names: " + ", ".join(qdatasets.available()))
    name = entry.pop("name")
    if name not in qdatasets.available():
        raise _fail(f"{path}.name", str(unknown_choice_error("dataset", name,
                                                              qdatasets.available())))
    if qdatasets.describe(name).task != "classification":
        raise _fail(f"{path}.name", f"dataset {name!r} is a regression set; the benchmark "
                    "compares classifiers")
    parameters = tuple(p.name for p in qdatasets.describe(name).parameters)
    _check_keys(entry, (*_DATASET_KEYS, *parameters), path)
    random_state = entry.pop("random_state", None)
    if random_state is not None:
        _int(random_state, f"{path}.random_state", 0)
    sweep = _expect_mapping(entry.pop("sweep", None) or {}, f"{path}.sweep")
    for key, values in sweep.items():
        if key not in (*DATASET_SWEEP_KEYS, *parameters):
            raise _fail(f"{path}.sweep.{key}", f"dataset {name!r} has no parameter {key!r}; "
                        "valid: " + ", ".join((*DATASET_SWEEP_KEYS, *parameters)))
        if key in entry:
            raise _fail(f"{path}.sweep.{key}", f"{key!r} is swept and also fixed in {path}; "
                        "set it in one place")
        sweep[key] = _expect_list(values, f"{path}.sweep.{key}")
    return DatasetSpec(name, entry, random_state, sweep)


def _parse_grid(raw: Any, path: str) -> dict[str, list[Any]] | None:
    """The declared grid; None when the entry has no grid (the default grid is used)."""
    if raw is None:
        return None
    grid = _expect_mapping(raw, path)
    if not grid:
        raise _fail(path, "empty grid; leave 'grid' out to search the model's default grid, "
                    "or fix settings under 'params'")
    return {key: _expect_list(values, f"{path}.{key}") for key, values in grid.items()}


def _default_grid(model: str, params: Mapping[str, Any]) -> dict[str, list[Any]]:
    """The model's default grid without the keys that ``params`` fix."""
    return {key: list(values) for key, values in MODELS[model].default_grid.items()
            if key not in params}


def _check_values(model: str, params: dict[str, Any], grid: dict[str, list[Any]],
                  path: str) -> None:
    """Build the estimator with the base params and with each grid value: bad values fail now."""
    for key, value in [(None, None), *[(k, v) for k, vs in grid.items() for v in vs]]:
        settings = dict(params) if key is None else {**params, key: value}
        where = f"{path}.params" if key is None else f"{path}.grid.{key}"
        try:
            estimator = make_estimator(model, settings)
            if isinstance(estimator, HybridClassifier):
                estimator.circuit_config()
                estimator._check_training_params()
            else:
                estimator._validate_params()
        except (ValueError, TypeError) as error:
            raise _fail(where, str(error)) from None


def _parse_model(raw: Any, path: str, previous: list[ModelSpec]) -> ModelSpec:
    entry = _expect_mapping(raw, path)
    _check_keys(entry, _MODEL_KEYS, path)
    model = entry.get("model")
    if model not in MODELS:
        raise _fail(f"{path}.model", str(unknown_choice_error("model", model, MODELS)))
    params = _expect_mapping(entry.get("params") or {}, f"{path}.params")
    declared = _parse_grid(entry.get("grid"), f"{path}.grid")
    grid = _default_grid(model, params) if declared is None else declared
    source = entry.get("counterpart_of")
    if source is not None:
        labels = {spec.label: spec for spec in previous}
        if source not in labels:
            raise _fail(f"{path}.counterpart_of", str(unknown_choice_error(
                "model label (listed earlier)", source, labels)))
        if model != "classical_counterpart" or labels[source].model != "hybrid":
            raise _fail(f"{path}.counterpart_of", "only a classical_counterpart can copy a "
                        "hybrid model's settings")
        base = labels[source]
        params = {**{k: v for k, v in base.params.items() if k != "quantum"}, **params}
        grid = {**base.grid, **(declared or {})}
    estimator = MODELS[model].factory()
    _check_param_names(params, estimator, f"{path}.params")
    _check_param_names(grid, estimator, f"{path}.grid")
    for key in [*params, *grid]:
        if key == "random_state":
            raise _fail(f"{path}.{'params' if key in params else 'grid'}.{key}",
                        "random_state is set from the experiment's seeds")
        if key in MODELS[model].locked:
            raise _fail(f"{path}.{'params' if key in params else 'grid'}.{key}",
                        f"{model!r} fixes {key}={MODELS[model].locked[key]!r}")
        if key in params and key in grid:
            raise _fail(f"{path}.grid.{key}", f"{key!r} is both in params and in grid")
    _check_values(model, params, grid, path)
    label = entry.get("label", model)
    if not isinstance(label, str) or not label:
        raise _fail(f"{path}.label", f"expected a non-empty string; got {label!r}")
    if label in {spec.label for spec in previous}:
        raise _fail(f"{path}.label", f"label {label!r} is used twice; give each model its own "
                    "label")
    return ModelSpec(label, model, params, grid)


def _parse_noise(raw: Any, path: str) -> NoiseSweep:
    entry = _expect_mapping(raw, path)
    _check_keys(entry, _NOISE_KEYS, path)
    name = entry.get("model")
    if name not in qnoise.available():
        raise _fail(f"{path}.model", str(unknown_choice_error("noise model", name,
                                                               qnoise.available())))
    strengths = _expect_list(entry.get("strengths"), f"{path}.strengths")
    for i, p in enumerate(strengths):
        if isinstance(p, bool) or not isinstance(p, (int, float)) or not 0 <= p <= 1:
            raise _fail(f"{path}.strengths[{i}]", f"expected a probability in [0, 1]; got {p!r}")
    placement = entry.get("placement", "gate")
    if placement not in ("gate", "layer"):
        raise _fail(f"{path}.placement", str(unknown_choice_error("noise placement", placement,
                                                                   ("gate", "layer"))))
    apply = entry.get("apply", "train")
    if apply not in _NOISE_APPLY:
        raise _fail(f"{path}.apply", str(unknown_choice_error("noise apply", apply, _NOISE_APPLY)))
    return NoiseSweep(name, tuple(float(p) for p in strengths), placement, apply)


def _check_sweep_key(key: str, datasets: tuple[DatasetSpec, ...], model_params: set[str],
                     path: str) -> None:
    """A global sweep key must be a model parameter or a keyword of every dataset."""
    takers = [key in spec.parameter_names() for spec in datasets]
    if key in model_params or all(takers):
        if any(key in spec.kwargs or key in spec.sweep for spec in datasets):
            raise _fail(f"{path}.{key}", f"{key!r} is swept and also set by a dataset; set it "
                        "in one place")
        return
    if any(takers):
        i = takers.index(False)
        raise _fail(f"{path}.{key}", f"datasets[{i}] ({datasets[i].name!r}) has no parameter "
                    f"{key!r}; sweep it under the dataset that has it (datasets[N].sweep)")
    valid = sorted({*DATASET_SWEEP_KEYS, *model_params})
    raise _fail(f"{path}.{key}", f"unknown sweep parameter {key!r}; valid: " + ", ".join(valid))


def _parse_sweep(raw: Any, models: tuple[ModelSpec, ...], datasets: tuple[DatasetSpec, ...],
                 path: str) -> dict[str, list[Any]]:
    sweep = _expect_mapping(raw or {}, path)
    model_params = {name for spec in models
                    for name in spec.entry.factory().get_params(deep=False)}
    model_params -= {"random_state", "quantum"}
    for key, values in sweep.items():
        _check_sweep_key(key, datasets, model_params, path)
        sweep[key] = _expect_list(values, f"{path}.{key}")
        for i, spec in enumerate(models):
            if key in spec.grid or key in spec.params:
                raise _fail(f"{path}.{key}", f"{key!r} is swept and also set by "
                            f"models[{i}] ({spec.label!r}); set it in one place")
    points = math.prod(len(values) for values in sweep.values())
    if points > MAX_SWEEP_POINTS:
        raise _fail(path, f"{points} combinations; at most {MAX_SWEEP_POINTS} "
                    "(MAX_SWEEP_POINTS): sweep fewer values")
    return sweep


def dataset_points(experiment: Experiment, spec: DatasetSpec) -> list[dict[str, Any]]:
    """Every (dataset sweep x experiment sweep) point of ``spec``, as its own keywords.

    Examples
    --------
    >>> experiment = parse_config({"datasets": [{"name": "two_curves", "n_features": 3,
    ...                                          "sweep": {"degree": [2, 4]}}],
    ...                            "models": [{"model": "svc_rbf"}],
    ...                            "sweep": {"n_samples": [40, 80]}})
    >>> dataset_points(experiment, experiment.datasets[0])
    [{'degree': 2, 'n_samples': 40}, {'degree': 2, 'n_samples': 80}, {'degree': 4, 'n_samples': 40}, {'degree': 4, 'n_samples': 80}]
    """  # noqa: E501
    names = spec.parameter_names()
    return [{**own, **{k: v for k, v in point.items() if k in names}}
            for own in spec.sweep_points() for point in experiment.sweep_points()]


def _check_datasets_load(experiment: Experiment) -> dict[int, set[int]]:
    """Load every dataset once at every sweep point (cheap), so that bad keywords fail now.

    Returns the feature counts each dataset takes over its sweep points.
    """
    features: dict[int, set[int]] = {}
    for i, spec in enumerate(experiment.datasets):
        for point in dataset_points(experiment, spec):
            try:
                X_train, *_ = qdatasets.load_dataset(
                    spec.name, **{**spec.kwargs, **point}, test_size=experiment.test_size,
                    random_state=0, scale=False)
            except (ValueError, TypeError) as error:
                where = f"datasets[{i}]" + (f" at sweep {point}" if point else "")
                raise _fail(where, str(error)) from None
            features.setdefault(i, set()).add(X_train.shape[1])
    return features


#: Most grid settings checked against every feature count (the check is cheap but not free).
_MAX_SETTINGS_CHECKED = 2000
#: Hybrid parameters that decide how many features the circuit can take.
_WIDTH_PARAMS = ("encoding", "encoding_options", "n_qubits", "pre_layers")


def _check_feature_counts(experiment: Experiment, features: dict[int, set[int]]) -> None:
    """Every hybrid setting must take the feature count of every dataset it will see."""
    for m, spec in enumerate(experiment.models):
        if not isinstance(spec.entry.factory(), HybridClassifier):
            continue
        names = spec.entry.factory().get_params(deep=False)
        points = [{k: v for k, v in p.items() if k in names and k not in DATASET_SWEEP_KEYS}
                  for p in experiment.sweep_points()]
        circuit_grid = {k: v for k, v in spec.grid.items() if k in _WIDTH_PARAMS}
        settings = list(itertools.islice(ParameterGrid(circuit_grid), _MAX_SETTINGS_CHECKED))
        for point, setting in itertools.product(points, settings):
            estimator = make_estimator(spec.model, {**spec.params, **point, **setting})
            if estimator.pre_layers is not None:  # a classical layer adapts the width
                continue
            for i, counts in features.items():
                for count in sorted(counts):
                    try:
                        estimator.circuit_config(n_features=count)
                    except ValueError as error:
                        where = {**point, **setting}
                        raise _fail(f"models[{m}]", f"cannot take datasets[{i}] "
                                    f"({experiment.datasets[i].name!r}, {count} features)"
                                    + (f" with {where}" if where else "")
                                    + f": {error}") from None


def _check_budget(experiment: Experiment) -> None:
    """An equal-count budget must be met by every model's grid."""
    if experiment.search_budget is None:
        return
    for i, spec in enumerate(experiment.models):
        size = grid_size(spec.grid)
        if size < experiment.search_budget:
            raise _fail("search_budget", f"{experiment.search_budget} settings per model "
                        f"cannot be met: models[{i}] ({spec.label!r}) has {size} in its grid; "
                        "lower the budget, enlarge that grid, or leave search_budget out to "
                        "search every full grid")


def parse_config(raw: Mapping[str, Any]) -> Experiment:
    """Validate a configuration mapping (as read from YAML) into an :class:`Experiment`.

    Raises
    ------
    ConfigError
        A ValueError whose message starts with the path of the bad key.

    Examples
    --------
    >>> experiment = parse_config({"name": "demo", "datasets": [{"name": "xor"}],
    ...                            "models": [{"model": "logistic_regression"}], "seeds": [0, 1]})
    >>> experiment.name, experiment.seeds, [model.label for model in experiment.models]
    ('demo', (0, 1), ['logistic_regression'])
    >>> parse_config({"datasets": [{"name": "moons"}], "models": [{"model": "svm"}]})
    Traceback (most recent call last):
    ...
    qnnlab.bench.config.ConfigError: models[0].model: Unknown model 'svm'. Valid choices: ...
    """
    top = _expect_mapping(raw, "<config>")
    _check_keys(top, _TOP_KEYS, "")
    for key in ("datasets", "models"):
        if key not in top:
            raise _fail(key, "missing; an experiment needs datasets and models")
    datasets = tuple(_parse_dataset(d, f"datasets[{i}]")
                     for i, d in enumerate(_expect_list(top["datasets"], "datasets")))
    models: list[ModelSpec] = []
    for i, entry in enumerate(_expect_list(top["models"], "models")):
        models.append(_parse_model(entry, f"models[{i}]", models))
    seeds = _expect_list(top.get("seeds", [0, 1, 2, 3, 4]), "seeds")
    if len(seeds) > MAX_SEEDS:
        raise _fail("seeds", f"{len(seeds)} seeds; at most {MAX_SEEDS} (MAX_SEEDS)")
    for i, seed in enumerate(seeds):
        _int(seed, f"seeds[{i}]", 0)
    if len(set(seeds)) != len(seeds):
        raise _fail("seeds", f"seeds repeat: {seeds}")
    test_size = top.get("test_size", 0.2)
    if isinstance(test_size, bool) or not isinstance(test_size, (int, float)) \
            or not 0 < test_size < 1:
        raise _fail("test_size", f"expected a fraction strictly between 0 and 1; got {test_size!r}")
    budget = top.get("search_budget")
    metrics = _expect_list(top.get("metrics", list(METRICS)), "metrics")
    for i, name in enumerate(metrics):
        if name not in METRICS:
            raise _fail(f"metrics[{i}]", str(unknown_choice_error("metric", name, METRICS)))
    experiment = Experiment(
        name=str(top.get("name", "experiment")),
        description=str(top.get("description", "")),
        datasets=datasets,
        models=tuple(models),
        seeds=tuple(seeds),
        test_size=float(test_size),
        cv=_int(top.get("cv", 5), "cv", 2),
        search_budget=None if budget is None else _int(budget, "search_budget", 1),
        metrics=tuple(metrics),
        noise=None if top.get("noise") is None else _parse_noise(top["noise"], "noise"),
        sweep=_parse_sweep(top.get("sweep"), tuple(models), datasets, "sweep"),
        raw=copy.deepcopy(dict(top)),
    )
    if experiment.noise is not None:
        for i, spec in enumerate(experiment.models):
            if {"noise", "noise_strength"} & {*spec.params, *spec.grid}:
                raise _fail(f"models[{i}]", "noise is set by the top-level 'noise' sweep; "
                            "remove noise/noise_strength from this model")
    _check_budget(experiment)
    _check_feature_counts(experiment, _check_datasets_load(experiment))
    return experiment


def load_config(source: str | Path | Mapping[str, Any] | Experiment) -> Experiment:
    """Read and validate an experiment from a YAML file, a mapping or an :class:`Experiment`.

    Parameters
    ----------
    source : path, mapping or Experiment
        A YAML file (read with ``yaml.safe_load``), an already parsed mapping, or an experiment
        (returned unchanged).

    Examples
    --------
    >>> load_config({"datasets": [{"name": "xor"}], "models": [{"model": "mlp"}]}).seeds
    (0, 1, 2, 3, 4)
    """
    if isinstance(source, Experiment):
        return source
    if isinstance(source, Mapping):
        return parse_config(source)
    path = Path(source)
    if not path.is_file():
        raise FileNotFoundError(f"No experiment file at {str(path)!r}")
    with path.open(encoding="utf-8") as handle:
        try:
            raw = safe_load_bounded(handle)
        except yaml.YAMLError as error:
            raise ConfigError(shorten_message(f"{path}: not valid YAML: {error}")) from None
        except ValueError as error:  # too large once its aliases are expanded
            raise ConfigError(f"{path}: {error}") from None
    if raw is None:
        raise ConfigError(f"{path}: the file is empty")
    return parse_config(raw)

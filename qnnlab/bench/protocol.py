"""The fair protocol: one job = dataset x size x model x noise level x seed.

Every job of a seed sees *the same arrays*: the dataset is drawn and split by
:func:`qnnlab.datasets.load_dataset` with ``random_state`` = the dataset's fixed seed or, by
default, the job's seed, *unscaled* (``scale=False``). Each model is a Pipeline of its feature
scaler (``MinMaxScaler`` to ``(0, pi)`` for the circuit models, ``StandardScaler`` for the
classical ones) and the estimator, so that the scaler is fit inside each cross-validation fold.
The hyperparameter search is scikit-learn's ``GridSearchCV`` over the model's FULL grid on the
training part only, with the same stratified, shuffled folds for every model (seeded by the
job's seed), scoring accuracy and (for binary problems) ROC-AUC, refitting the best accuracy
setting on the whole training part (as in Bowles, Ahmed & Schuld 2024). Settings are therefore
chosen on validation folds only; the test part is used once, after the refit. Only when an
experiment opts into ``search_budget`` is a larger grid sampled, with the seed, down to that
many settings (an equal-*count* mode, named in each row's ``search_mode``).

Every row records what the model was given (``search_mode``, ``n_candidates``, ``scaler``,
``epoch_cap``, ``early_stopping``, a plain-words ``budget_note``) and whether it ``converged``,
and the per-sample test correctness (``n_test``, ``test_correct``: one '0'/'1' per test sample
in test order) so that statistics can pair two models on the same test samples.

Real datasets (iris, wine, ...) are still standardised and reduced by PCA on the whole training
part inside :func:`~qnnlab.datasets.load_dataset` (the feature count needs the PCA); only the
final scaling moves into the folds.

A job is a JSON-serialisable dictionary (its *spec*); its key is a hash of the spec, so that a
re-run recognises finished jobs. :func:`run_job` never raises for a failing model: the failure
is returned as a record with ``status == "failed"`` and the error message.

Examples
--------
>>> from qnnlab.bench.config import load_config
>>> experiment = load_config({"datasets": [{"name": "moons", "n_samples": 40}],
...                           "models": [{"model": "logistic_regression"}],
...                           "seeds": [0], "cv": 3})
>>> specs = expand_jobs(experiment)
>>> record = run_job(specs[0])
>>> record["row"]["status"], record["row"]["model"], record["row"]["n_candidates"]
('ok', 'logistic_regression', 7)
>>> record["row"]["search_mode"], record["row"]["n_test"], record["row"]["test_correct"]
('full grid (7 settings)', 8, '11111101')
"""

from __future__ import annotations

import hashlib
import itertools
import json
import math
import time
import traceback
import warnings
from typing import Any

import numpy as np
from sklearn.model_selection import GridSearchCV, ParameterGrid, StratifiedKFold
from sklearn.pipeline import Pipeline

from qnnlab.baselines import baseline_pipeline, prefixed_grid
from qnnlab.bench import metrics as bench_metrics
from qnnlab.bench.config import (
    DATASET_SWEEP_KEYS,
    MODELS,
    Experiment,
    ModelSpec,
    make_estimator,
)
from qnnlab.bench.record import short_hash
from qnnlab.datasets import load_dataset
from qnnlab.models import torch_threads

__all__ = ["ROW_COLUMNS", "array_hash", "candidate_grid", "expand_jobs", "job_key",
           "load_job_data", "run_job"]

#: The columns of ``results.csv``, in order (one row per job).
ROW_COLUMNS = (
    "job_key", "status", "error", "dataset", "dataset_kwargs", "n_samples", "n_features",
    "data_seed", "size",
    "model", "variant", "model_kind", "family", "noise_model", "noise_strength", "noise_apply",
    "seed", "search_mode", "n_candidates", "scaler", "budget_note", "best_params",
    "cv_accuracy", "cv_roc_auc",
    "accuracy", "f1_macro", "roc_auc", "n_test", "test_correct",
    "converged", "epoch_cap", "early_stopping",
    "convergence_epoch", "convergence_basis", "loss_convergence_epoch", "epochs_run",
    "search_time_s", "train_time_s", "inference_time_s",
    "n_parameters", "parameter_basis",
    "qubits", "depth", "gates", "two_qubit_gates", "training_executions",
    "hardware_circuits_per_epoch",
    "train_hash", "test_hash", "cv_hash", "warnings",
)
#: Characters of collected warning messages kept per job.
_MAX_WARNING_CHARS = 500
#: Version of the protocol, part of every job spec: jobs of an older protocol are not reused.
PROTOCOL_VERSION = 2


def job_key(spec: dict[str, Any]) -> str:
    """A short, stable hash of a job spec (canonical JSON, sorted keys).

    Examples
    --------
    >>> job_key({"a": 1, "b": [2]}) == job_key({"b": [2], "a": 1})
    True
    """
    return short_hash(spec)


def array_hash(*arrays: np.ndarray) -> str:
    """A short hash of the bytes, shapes and dtypes of ``arrays`` (to prove two runs saw them).

    Examples
    --------
    >>> array_hash(np.zeros(3)) == array_hash(np.zeros(3)), array_hash(np.zeros(3)) == array_hash(np.ones(3))
    (True, False)
    """  # noqa: E501
    digest = hashlib.sha256()
    for array in arrays:
        array = np.ascontiguousarray(array)
        digest.update(f"{array.dtype.str}{array.shape}".encode())
        digest.update(array.tobytes())
    return digest.hexdigest()[:16]


# ----------------------------------------------------------------------------- job expansion


def _variant(label: str, model_size: dict[str, Any], noise: dict[str, Any] | None) -> str:
    parts = [f"{k}={v}" for k, v in model_size.items()]
    if noise is not None:
        parts.append(f"p={noise['strength']:g}")
    return f"{label}[{', '.join(parts)}]" if parts else label


def _model_job(spec: ModelSpec, point: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The model part of a job at a sweep point, and the model-level sweep values applied."""
    names = spec.entry.factory().get_params(deep=False)
    model_size = {k: v for k, v in point.items() if k in names and k not in DATASET_SWEEP_KEYS}
    model = {"label": spec.label, "model": spec.model,
             "params": {**spec.params, **model_size}, "grid": spec.grid}
    return model, model_size


def _noise_levels(experiment: Experiment, spec: ModelSpec) -> list[dict[str, Any] | None]:
    if experiment.noise is None or not spec.entry.noisy:
        return [None]
    sweep = experiment.noise
    return [{"model": sweep.model, "strength": p, "placement": sweep.placement,
             "apply": sweep.apply} for p in sweep.strengths]


def expand_jobs(experiment: Experiment) -> list[dict[str, Any]]:
    """Every job spec of an experiment, without duplicates, in a stable order.

    A model without a swept parameter runs once per remaining sweep point (its jobs would be
    identical otherwise); the classical models run once, without the noise sweep.

    Examples
    --------
    >>> from qnnlab.bench.config import load_config
    >>> experiment = load_config({
    ...     "datasets": [{"name": "moons"}], "seeds": [0],
    ...     "models": [{"model": "hybrid"}, {"model": "logistic_regression"}],
    ...     "noise": {"model": "depolarizing", "strengths": [0.0, 0.01]}})
    >>> [spec["variant"] for spec in expand_jobs(experiment)]  # the baseline runs once
    ['hybrid[p=0]', 'hybrid[p=0.01]', 'logistic_regression']
    """
    jobs: dict[str, dict[str, Any]] = {}
    for dataset in experiment.datasets:
        for own, point in itertools.product(dataset.sweep_points(), experiment.sweep_points()):
            data_size = {**own, **{k: v for k, v in point.items()
                                   if k in dataset.parameter_names()}}
            for spec in experiment.models:
                model, model_size = _model_job(spec, point)
                for noise in _noise_levels(experiment, spec):
                    for seed in experiment.seeds:
                        job = {
                            "dataset": {"name": dataset.name,
                                        "kwargs": {**dataset.kwargs, **data_size},
                                        "data_seed": (seed if dataset.random_state is None
                                                      else dataset.random_state)},
                            "protocol": PROTOCOL_VERSION,
                            "test_size": experiment.test_size,
                            "search_mode": experiment.search_mode(spec),
                            "model": model,
                            "variant": _variant(spec.label, model_size, noise),
                            "size": {**data_size, **model_size},
                            "noise": noise,
                            "seed": seed,
                            "cv": experiment.cv,
                            "search_budget": experiment.search_budget,
                            "metrics": list(experiment.metrics),
                        }
                        jobs.setdefault(job_key(job), job)
    return list(jobs.values())


# ----------------------------------------------------------------------------- one job


def load_job_data(spec: dict[str, Any]) -> tuple[np.ndarray, ...]:
    """``X_train, X_test, y_train, y_test`` of a job: the same (unscaled) arrays for every model.

    The features are not scaled here: each model's pipeline scales them inside every fold.

    Examples
    --------
    >>> from qnnlab.bench.config import load_config
    >>> experiment = load_config({"datasets": [{"name": "moons", "n_samples": 40}],
    ...                           "models": [{"model": "svc_rbf"}], "seeds": [0]})
    >>> X_train, X_test, y_train, y_test = load_job_data(expand_jobs(experiment)[0])
    >>> X_train.shape, X_test.shape  # test_size 0.2 by default
    ((32, 2), (8, 2))
    """
    dataset = spec["dataset"]
    return load_dataset(dataset["name"], **dataset["kwargs"], test_size=spec["test_size"],
                        random_state=dataset["data_seed"], scale=False)


def candidate_grid(grid: dict[str, list[Any]], budget: int | None,
                   seed: int) -> list[dict[str, list[Any]]]:
    """The settings to search, as a ``GridSearchCV`` ``param_grid``.

    The whole grid when it fits the budget, else ``budget`` settings drawn without replacement
    with ``np.random.default_rng(seed)`` (kept in grid order).

    Examples
    --------
    >>> candidate_grid({"C": [1, 10]}, None, 0)
    [{'C': [1, 10]}]
    >>> len(candidate_grid({"C": [1, 2, 3], "gamma": [1, 2]}, 4, seed=0))
    4
    """
    settings = list(ParameterGrid(grid))
    if budget is None or len(settings) <= budget:
        return [grid] if grid else [{}]
    chosen = np.sort(np.random.default_rng(seed).choice(len(settings), budget, replace=False))
    return [{k: [v] for k, v in settings[i].items()} for i in chosen]


def _cv_hash(cv: StratifiedKFold, X: np.ndarray, y: np.ndarray) -> str:
    return array_hash(*[test for _, test in cv.split(X, y)])


def _estimator(spec: dict[str, Any]) -> Any:
    model = spec["model"]
    params = dict(model["params"])
    noise = spec["noise"]
    if noise is not None and noise["apply"] == "train":
        params.update(_noise_params(noise))
    estimator = make_estimator(model["model"], params)
    if "random_state" in estimator.get_params(deep=False):
        estimator.set_params(random_state=spec["seed"])
    return estimator


def model_pipeline(spec: dict[str, Any]) -> Pipeline:
    """The job's model behind its scaler, one Pipeline: cross-validation refits both per fold.

    Examples
    --------
    >>> from qnnlab.bench.config import load_config
    >>> experiment = load_config({"datasets": [{"name": "moons"}], "seeds": [0],
    ...                           "models": [{"model": "hybrid", "params": {"n_qubits": 2}},
    ...                                      {"model": "svc_rbf"}]})
    >>> [model_pipeline(spec)[0] for spec in expand_jobs(experiment)]
    [MinMaxScaler(feature_range=(0.0, 3.141592653589793)), StandardScaler()]
    """
    return baseline_pipeline(_estimator(spec), MODELS[spec["model"]["model"]].scaler())


def _noise_params(noise: dict[str, Any]) -> dict[str, Any]:
    """Estimator parameters of a noise level; strength 0 runs noise-free (a pure state)."""
    if noise["strength"] == 0:
        return {"noise": None, "noise_strength": 0.0}
    return {"noise": noise["model"], "noise_strength": noise["strength"],
            "noise_placement": noise["placement"]}


def _folds(spec: dict[str, Any]) -> StratifiedKFold:
    """The cross-validation folds of a job: the same for every model of a seed."""
    return StratifiedKFold(n_splits=spec["cv"], shuffle=True, random_state=spec["seed"])


def _search(spec: dict[str, Any], X: np.ndarray, y: np.ndarray) -> GridSearchCV:
    # ROC-AUC only for binary problems: a multi-class AUC needs probabilities not every model has
    scoring = {"accuracy": "accuracy"}
    if len(np.unique(y)) == 2:
        scoring["roc_auc"] = "roc_auc"
    candidates = candidate_grid(spec["model"]["grid"], spec["search_budget"], spec["seed"])
    search = GridSearchCV(
        model_pipeline(spec),
        [prefixed_grid(grid) for grid in candidates],
        scoring=scoring,
        refit="accuracy",
        cv=_folds(spec),
        n_jobs=1,
        error_score=np.nan,
    )
    return search.fit(X, y)


def _base_row(spec: dict[str, Any]) -> dict[str, Any]:
    noise = spec["noise"] or {}
    kwargs = spec["dataset"]["kwargs"]
    return {
        "job_key": job_key(spec),
        "dataset": spec["dataset"]["name"],
        "dataset_kwargs": json.dumps(kwargs, sort_keys=True),
        "n_samples": kwargs.get("n_samples", math.nan),
        "n_features": kwargs.get("n_features", math.nan),
        "data_seed": spec["dataset"]["data_seed"],
        "size": json.dumps(spec["size"], sort_keys=True),
        "model": spec["model"]["label"],
        "variant": spec["variant"],
        "model_kind": spec["model"]["model"],
        "family": MODELS[spec["model"]["model"]].family,
        "noise_model": noise.get("model", ""),
        "noise_strength": noise.get("strength", math.nan),
        "noise_apply": noise.get("apply", ""),
        "seed": spec["seed"],
        "search_mode": spec.get("search_mode", ""),
    }


def _strip_step(params: dict[str, Any]) -> dict[str, Any]:
    """Pipeline parameter names (``model__C``) back to the model's own (``C``)."""
    return {key.split("__", 1)[-1]: value for key, value in params.items()}


def _scaler_text(scaler: Any) -> str:
    if hasattr(scaler, "feature_range"):
        low, high = scaler.feature_range
        return f"{type(scaler).__name__}({low:g}, {high:.4g}) in each fold"
    return f"{type(scaler).__name__} in each fold"


def _budget_note(spec: dict[str, Any], given: dict[str, Any], n_candidates: int) -> str:
    """What the model was given, in plain words (one line of the report)."""
    parts = [f"{spec.get('search_mode') or 'grid'}: {n_candidates} searched, "
             f"{spec['cv']}-fold CV", given["scaler"]]
    cap = given.get("epoch_cap", math.nan)
    if isinstance(cap, (int, float)) and math.isfinite(cap):
        stop = ("validation early stopping" if given.get("early_stopping")
                else "stops when the training loss converges")
        parts.append(f"cap {int(cap)} epochs/iterations, {stop}")
    return "; ".join(parts)


def _measure(spec: dict[str, Any], search: GridSearchCV, data: tuple[np.ndarray, ...],
             search_time: float) -> tuple[dict[str, Any], dict[str, Any]]:
    X_train, X_test, y_train, y_test = data
    best = search.best_estimator_  # the pipeline: scaler, then the model
    model = best[-1]
    if spec["noise"] is not None and spec["noise"]["apply"] == "evaluate":
        model.set_params(**_noise_params(spec["noise"]))
    wanted = spec["metrics"]
    results = search.cv_results_
    row: dict[str, Any] = {
        "n_features": X_train.shape[1],
        "n_samples": len(X_train) + len(X_test),
        "n_candidates": len(results["params"]),
        "scaler": _scaler_text(best[0]),
        "best_params": json.dumps(_strip_step(search.best_params_), sort_keys=True,
                                  default=str),
        "cv_accuracy": float(search.best_score_),
        "cv_roc_auc": (float(results["mean_test_roc_auc"][search.best_index_])
                       if "mean_test_roc_auc" in results else math.nan),
        "search_time_s": search_time,
    }
    if "train_time" in wanted:
        row["train_time_s"] = float(search.refit_time_)
    row.update(bench_metrics.test_scores(best, X_test, y_test, wanted))
    row.update(bench_metrics.training_budget(model))
    if "convergence" in wanted:
        row.update(bench_metrics.convergence(model))
    if "n_parameters" in wanted:
        row["n_parameters"], row["parameter_basis"] = bench_metrics.count_parameters(model)
    if "resources" in wanted:
        row.update(bench_metrics.circuit_resources(model, len(X_train)))
    row["budget_note"] = _budget_note(spec, row, row["n_candidates"])
    return row, bench_metrics.training_curves(model)


def run_job(spec: dict[str, Any]) -> dict[str, Any]:
    """Run one job and return its record: ``key``, ``status``, ``row``, ``curves``, ``spec``.

    Torch runs on one thread during the job (restored afterwards), so that parallel workers do
    not oversubscribe the cores and every execution mode computes the same numbers. Any
    exception (a diverging loss, an invalid setting) is caught and recorded as a failed job.

    Examples
    --------
    >>> from qnnlab.bench.config import load_config
    >>> experiment = load_config({"datasets": [{"name": "moons", "n_samples": 40}], "cv": 3,
    ...                           "models": [{"model": "logistic_regression"}], "seeds": [0]})
    >>> spec = expand_jobs(experiment)[0]
    >>> record = run_job(spec)
    >>> sorted(record), record["row"]["status"], record["row"]["accuracy"]
    (['curves', 'elapsed_s', 'key', 'row', 'spec'], 'ok', 0.875)
    >>> spec["dataset"]["name"] = "nope"  # a failing job is recorded, not raised
    >>> failed = run_job(spec)
    >>> failed["row"]["status"], failed["row"]["error"]
    ('failed', "ValueError: Unknown dataset 'nope'. Valid choices: ...")
    """
    row = _base_row(spec)
    record: dict[str, Any] = {"key": row["job_key"], "spec": spec, "curves": {}}
    start = time.perf_counter()
    with torch_threads(1):
        _run_job_into(spec, row, record, start)
    record["row"] = {column: row.get(column, math.nan) for column in ROW_COLUMNS}
    record["elapsed_s"] = time.perf_counter() - start
    return record


def _run_job_into(spec: dict[str, Any], row: dict[str, Any], record: dict[str, Any],
                  start: float) -> None:
    """Run one job, filling ``row`` and ``record``; any failure is recorded, never raised."""
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            data = load_job_data(spec)
            X_train, X_test, y_train, y_test = data
            row.update(train_hash=array_hash(X_train, y_train),
                       test_hash=array_hash(X_test, y_test),
                       cv_hash=_cv_hash(_folds(spec), X_train, y_train))
            search = _search(spec, X_train, y_train)
            measured, record["curves"] = _measure(spec, search, data,
                                                  time.perf_counter() - start)
            row.update(measured)
        row["warnings"] = _summarise_warnings(caught)
        row["status"], row["error"] = "ok", ""
    except Exception as error:  # noqa: BLE001 - every failure is recorded, the sweep goes on
        row["status"] = "failed"
        row["error"] = f"{type(error).__name__}: {error}"
        record["traceback"] = traceback.format_exc(limit=5)


def _summarise_warnings(caught: list[warnings.WarningMessage]) -> str:
    messages = sorted({f"{w.category.__name__}: {str(w.message).splitlines()[0]}"
                       for w in caught})
    return " | ".join(messages)[:_MAX_WARNING_CHARS]

"""Strong classical baselines: default estimators, default grids, and one tuned reference.

Every comparison of a hybrid model with classical ones should face *tuned* classical models,
not a single default setting. This module is the one home of

* :data:`DEFAULT_PARAMS` and :data:`DEFAULT_GRIDS`: the fixed settings and the hyperparameter
  grids of the classical baselines (the benchmark uses them when a model has no grid);
* :func:`make_baseline` and :func:`baseline_pipeline`: the estimators, with the feature scaler
  *inside* a :class:`~sklearn.pipeline.Pipeline`, so that cross-validation fits it on each
  training fold only;
* :func:`tuned_classical_reference`: tunes several baselines with ``GridSearchCV`` on the
  training data only and returns the best one by cross-validation score.

The grids follow Bowles, Ahmed & Schuld, "Better than classical? The subtle art of benchmarking
quantum machine learning models", arXiv:2403.07059 (2024), file
``src/qml_benchmarks/hyperparameter_settings.py`` of github.com/XanaduAI/qml-benchmarks:
SVC ``C`` in {0.1, 1, 10, 100} and ``gamma`` in {0.001, 0.01, 0.1, 1}; MLP
``hidden_layer_sizes`` in {(100,), (10, 10, 10, 10), (50, 10, 5)}, ``alpha`` and
``learning_rate_init`` on log scales. Deviations, each to make the baseline stronger, not
weaker: the SVC grid adds ``gamma = 10`` and ``"scale"``; the MLP trains until its training loss
stops improving (``tol`` over ``n_iter_no_change`` iterations, scikit-learn's convergence test)
within a generous ``max_iter``. It does *not* use validation early stopping: at these sizes the
held-out part is a handful of samples, and early stopping on it made the MLP much weaker (mean
CV accuracy 0.75 instead of 0.94 on ``two_curves``, 200 samples, 3 features, seed 0); the
``alpha`` chosen by cross-validation regularises it instead. Logistic regression (``C`` from
0.001 to 1000) and a random forest (depth and leaf size) are added (the study used a
perceptron, not these).

Examples
--------
>>> from qnnlab.datasets import load_dataset
>>> X_train, X_test, y_train, y_test = load_dataset("circles", n_samples=120, random_state=0)
>>> reference = tuned_classical_reference(X_train, y_train, models=("logistic_regression",
...                                                                   "svc_rbf"))
>>> reference.name, reference.cv_score > 0.9, reference.score(X_test, y_test) > 0.9
('svc_rbf', True, True)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from sklearn.base import BaseEstimator
from sklearn.ensemble import RandomForestClassifier
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.model_selection import GridSearchCV, KFold, StratifiedKFold
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC, SVR

from qnnlab._registry import unknown_choice_error

__all__ = [
    "BASELINES",
    "DEFAULT_GRIDS",
    "DEFAULT_PARAMS",
    "DEFAULT_REFERENCE_MODELS",
    "ClassicalReference",
    "baseline_pipeline",
    "make_baseline",
    "prefixed_grid",
    "tuned_classical_reference",
    "tuned_regression_reference",
]

#: The classical baselines by name (the names the benchmark's YAML files use).
BASELINES: dict[str, type[BaseEstimator]] = {
    "logistic_regression": LogisticRegression,
    "svc_rbf": SVC,
    "mlp": MLPClassifier,
    "random_forest": RandomForestClassifier,
}

#: Fixed settings of each baseline. The MLP trains to convergence of its training loss
#: (``tol`` over ``n_iter_no_change`` iterations) within a generous ``max_iter``; the alpha
#: chosen by cross-validation regularises it (see the module docstring for why not validation
#: early stopping).
DEFAULT_PARAMS: dict[str, dict[str, Any]] = {
    "logistic_regression": {"max_iter": 5000},
    "svc_rbf": {"kernel": "rbf"},
    "mlp": {"max_iter": 2000, "n_iter_no_change": 20, "tol": 1e-4},
    "random_forest": {"n_estimators": 100},
}

#: Hyperparameter grids searched by default (see the module docstring for their source).
DEFAULT_GRIDS: dict[str, dict[str, list[Any]]] = {
    "logistic_regression": {"C": [0.001, 0.01, 0.1, 1.0, 10.0, 100.0, 1000.0]},
    "svc_rbf": {"C": [0.1, 1.0, 10.0, 100.0],
                "gamma": [0.001, 0.01, 0.1, 1.0, 10.0, "scale"]},
    "mlp": {"hidden_layer_sizes": [(100,), (10, 10, 10, 10), (50, 10, 5)],
            "alpha": [0.0001, 0.001, 0.01],
            "learning_rate_init": [0.001, 0.01, 0.1]},
    "random_forest": {"max_depth": [None, 2, 4, 8], "min_samples_leaf": [1, 5]},
}

#: Regression baselines of :func:`tuned_regression_reference`, each with its grid: ridge
#: regression (linear) and an RBF support-vector regressor (the SVC grid, and the width of the
#: insensitive tube).
REGRESSION_BASELINES: dict[str, tuple[type[BaseEstimator], dict[str, list[Any]]]] = {
    "ridge": (Ridge, {"alpha": [0.001, 0.01, 0.1, 1.0, 10.0, 100.0]}),
    "svr_rbf": (SVR, {"C": [0.1, 1.0, 10.0, 100.0], "gamma": [0.01, 0.1, 1.0, 10.0, "scale"],
                      "epsilon": [0.01, 0.1]}),
}

#: Baselines tuned by :func:`tuned_classical_reference` by default: the two that are fast
#: enough for interactive use (about a second for 200 samples) and strong on small problems.
DEFAULT_REFERENCE_MODELS: tuple[str, ...] = ("logistic_regression", "svc_rbf")

#: Name of the model step in :func:`baseline_pipeline` (grid keys get ``"model__"``).
MODEL_STEP = "model"


def _check_name(name: str) -> None:
    if name not in BASELINES:
        raise unknown_choice_error("baseline", name, BASELINES)


def make_baseline(name: str, params: Mapping[str, Any] | None = None,
                  random_state: int | None = None) -> BaseEstimator:
    """A fresh baseline estimator with its :data:`DEFAULT_PARAMS`, updated by ``params``.

    Parameters
    ----------
    name : str
        One of :data:`BASELINES`.
    params : mapping, optional
        Settings that replace the defaults.
    random_state : int, optional
        Seed, for the estimators that take one.

    Examples
    --------
    >>> make_baseline("svc_rbf", {"C": 10.0})
    SVC(C=10.0)
    >>> make_baseline("mlp", random_state=0).max_iter
    2000
    """
    _check_name(name)
    estimator = BASELINES[name](**{**DEFAULT_PARAMS[name], **dict(params or {})})
    if random_state is not None and "random_state" in estimator.get_params(deep=False):
        estimator.set_params(random_state=random_state)
    return estimator


def baseline_pipeline(estimator: BaseEstimator, scaler: BaseEstimator | None = None) -> Pipeline:
    """``estimator`` behind a feature scaler (default ``StandardScaler``), as one Pipeline.

    In cross-validation the whole pipeline is refit on each training fold, so the scaler never
    sees the fold it is scored on.

    Examples
    --------
    >>> baseline_pipeline(make_baseline("logistic_regression"))
    Pipeline(steps=[('scale', StandardScaler()),
                    ('model', LogisticRegression(max_iter=5000))])
    """
    return Pipeline([("scale", StandardScaler() if scaler is None else scaler),
                     (MODEL_STEP, estimator)])


def prefixed_grid(grid: Mapping[str, Sequence[Any]]) -> dict[str, list[Any]]:
    """A model grid with every key addressed to the pipeline's model step.

    Examples
    --------
    >>> prefixed_grid({"C": [1, 10]})
    {'model__C': [1, 10]}
    """
    return {f"{MODEL_STEP}__{key}": list(values) for key, values in grid.items()}


@dataclass
class ClassicalReference:
    """The best tuned classical baseline, as chosen by :func:`tuned_classical_reference`.

    Attributes
    ----------
    name : str
        Which baseline won (a :data:`BASELINES` name).
    estimator : Pipeline
        Scaler and model, refit with the best settings on the whole training data.
    cv_score : float
        Its mean cross-validation accuracy (the selection score).
    best_params : dict
        The winning settings (without the pipeline prefix).
    cv_scores : dict
        Best mean cross-validation accuracy of every baseline that was tuned.
    n_settings : dict
        Settings searched per baseline.
    metric : str
        The score: ``"accuracy"``, or ``"R²"`` for :func:`tuned_regression_reference`.

    Examples
    --------
    >>> X = [[0.0], [0.1], [0.2], [0.3], [1.0], [1.1], [1.2], [1.3]]
    >>> y = [0, 0, 0, 0, 1, 1, 1, 1]
    >>> ref = tuned_classical_reference(X, y, cv=2, models=("logistic_regression",))
    >>> ref.name, ref.cv_score, ref.predict([[0.05], [1.25]]).tolist()
    ('logistic_regression', 1.0, [0, 1])
    """

    name: str
    estimator: Pipeline
    cv_score: float
    best_params: dict[str, Any]
    cv_scores: dict[str, float] = field(default_factory=dict)
    n_settings: dict[str, int] = field(default_factory=dict)
    metric: str = "accuracy"

    def predict(self, X: Any) -> np.ndarray:
        """Predictions (classes, or targets) of the refit winner."""
        return self.estimator.predict(X)

    def score(self, X: Any, y: Any) -> float:
        """:attr:`metric` of the refit winner on ``X``, ``y`` (use it once, on the test set)."""
        return float(self.estimator.score(X, y))

    def describe(self) -> str:
        """One line saying what won, with which settings and cross-validation score."""
        settings = ", ".join(f"{k}={v!r}" for k, v in self.best_params.items())
        return (f"{self.name} ({settings}): CV {self.metric} {self.cv_score:.3f}, best of "
                + ", ".join(f"{k} {v:.3f}" for k, v in self.cv_scores.items()))


def _strip_prefix(params: Mapping[str, Any]) -> dict[str, Any]:
    return {key.split("__", 1)[-1]: value for key, value in params.items()}


def _check_models(models: Sequence[str]) -> tuple[str, ...]:
    if isinstance(models, str) or not models:
        raise ValueError("models must be a non-empty sequence of baseline names; got "
                         f"{models!r}; valid names: {', '.join(BASELINES)}")
    for name in models:
        _check_name(name)
    return tuple(models)


def tuned_classical_reference(
    X_train: Any,
    y_train: Any,
    *,
    random_state: int = 0,
    cv: int = 5,
    models: Sequence[str] = DEFAULT_REFERENCE_MODELS,
    grids: Mapping[str, Mapping[str, Sequence[Any]]] | None = None,
) -> ClassicalReference:
    """Tune classical baselines by cross-validation on the training data; return the best.

    Each baseline in ``models`` is a Pipeline of ``StandardScaler`` and the model, searched
    over its full grid (:data:`DEFAULT_GRIDS`, or ``grids[name]``) by ``GridSearchCV`` with the
    same stratified, shuffled folds (seeded with ``random_state``), scored by accuracy and refit
    on all of ``X_train``. The winner is the baseline with the highest mean CV accuracy; ties go
    to the one listed first in ``models``. No test data is involved: score the result on the
    test set once, afterwards.

    Parameters
    ----------
    X_train, y_train : array-like
        Training features and class labels.
    random_state : int, default 0
        Seed of the folds and of the models that take one.
    cv : int, default 5
        Folds; reduced to the size of the smallest class when that is smaller (at least 2).
    models : sequence of str, default ("logistic_regression", "svc_rbf")
        Baselines to tune, names of :data:`BASELINES`. ``"mlp"`` and ``"random_forest"`` are
        stronger on some problems but take seconds rather than a fraction of one.
    grids : mapping, optional
        Grids that replace the defaults of some models.

    Returns
    -------
    ClassicalReference

    Raises
    ------
    ValueError
        For an unknown model name or a class with fewer than 2 training samples, before any
        fitting.

    Examples
    --------
    >>> from qnnlab.datasets import load_dataset
    >>> X_train, X_test, y_train, y_test = load_dataset("moons", n_samples=200, random_state=1)
    >>> ref = tuned_classical_reference(X_train, y_train, random_state=1)
    >>> ref.name, sorted(ref.best_params), round(ref.cv_score, 2) >= 0.9
    ('svc_rbf', ['C', 'gamma'], True)
    """
    names = _check_models(models)
    y = np.asarray(y_train)
    _, counts = np.unique(y, return_counts=True)
    if counts.size < 2 or counts.min() < 2:
        raise ValueError("tuned_classical_reference needs at least 2 classes with 2 or more "
                         f"training samples each; got class counts {counts.tolist()}")
    folds = StratifiedKFold(n_splits=max(2, min(cv, int(counts.min()))), shuffle=True,
                            random_state=random_state)
    candidates = {name: (make_baseline(name, random_state=random_state),
                         (grids or {}).get(name, DEFAULT_GRIDS[name])) for name in names}
    return _best_by_cv(candidates, X_train, y, folds, "accuracy")


def _best_by_cv(candidates: Mapping[str, tuple[BaseEstimator, Mapping[str, Sequence[Any]]]],
                X: Any, y: Any, folds: Any, scoring: str) -> ClassicalReference:
    """Grid-search every (estimator, grid) behind a scaler on ``folds``; the best by CV."""
    results: list[ClassicalReference] = []
    for name, (estimator, grid) in candidates.items():
        search = GridSearchCV(
            baseline_pipeline(estimator), prefixed_grid(grid), scoring=scoring, cv=folds,
            n_jobs=1, error_score=np.nan,
        ).fit(X, y)
        results.append(ClassicalReference(
            name, search.best_estimator_, float(search.best_score_),
            _strip_prefix(search.best_params_), n_settings={name: len(search.cv_results_[
                "params"])}, metric="accuracy" if scoring == "accuracy" else "R²"))
    best = max(results, key=lambda r: r.cv_score)  # max keeps the first of equal scores
    best.cv_scores = {r.name: r.cv_score for r in results}
    best.n_settings = {k: v for r in results for k, v in r.n_settings.items()}
    return best


def tuned_regression_reference(X_train: Any, y_train: Any, *, random_state: int = 0,
                               cv: int = 5) -> ClassicalReference:
    """Tune the :data:`REGRESSION_BASELINES` by cross-validated R² on the training data only.

    As :func:`tuned_classical_reference`, for real-valued targets: shuffled ``KFold`` folds
    (seeded with ``random_state``), each baseline behind a ``StandardScaler`` in a Pipeline,
    the winner by mean CV R², refit on all of ``X_train``.

    Raises
    ------
    ValueError
        For fewer than 2 training samples per fold (``cv`` is reduced to the samples there are).

    Examples
    --------
    >>> from qnnlab.datasets import load_dataset
    >>> X_train, X_test, y_train, y_test = load_dataset("sine", n_samples=120, random_state=0)
    >>> ref = tuned_regression_reference(X_train, y_train)
    >>> ref.name, ref.metric, ref.cv_score > 0.9, ref.score(X_test, y_test) > 0.9
    ('svr_rbf', 'R²', True, True)
    """
    y = np.asarray(y_train, dtype=float)
    if len(y) < 4:
        raise ValueError("tuned_regression_reference needs at least 4 training samples (2 "
                         f"folds of 2); got {len(y)}")
    folds = KFold(n_splits=max(2, min(cv, len(y) // 2)), shuffle=True,
                  random_state=random_state)
    candidates = {name: (estimator(), grid)
                  for name, (estimator, grid) in REGRESSION_BASELINES.items()}
    return _best_by_cv(candidates, X_train, y, folds, "r2")

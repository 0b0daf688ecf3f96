"""The strong classical reference: default grids, scaler inside the folds, selection by CV."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.model_selection import GridSearchCV, StratifiedKFold
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC

from qnnlab.baselines import (
    BASELINES,
    DEFAULT_GRIDS,
    DEFAULT_PARAMS,
    make_baseline,
    tuned_classical_reference,
)
from qnnlab.datasets import load_dataset


@pytest.fixture(scope="module")
def moons():
    return load_dataset("moons", n_samples=120, noise=0.2, random_state=3)


def test_default_grids_cover_every_baseline_on_log_scales():
    assert set(DEFAULT_GRIDS) == set(DEFAULT_PARAMS) == set(BASELINES)
    svc = DEFAULT_GRIDS["svc_rbf"]
    assert "scale" in svc["gamma"]
    numeric = [g for g in svc["gamma"] if g != "scale"]
    assert np.allclose(np.diff(np.log10(numeric)), 1.0)  # one decade apart
    assert np.allclose(np.diff(np.log10(svc["C"])), 1.0)
    assert np.allclose(np.diff(np.log10(DEFAULT_GRIDS["logistic_regression"]["C"])), 1.0)
    mlp = DEFAULT_GRIDS["mlp"]
    assert {"hidden_layer_sizes", "alpha", "learning_rate_init"} <= set(mlp)
    assert len({len(h) for h in mlp["hidden_layer_sizes"]}) > 1  # depth varies too
    for name, grid in DEFAULT_GRIDS.items():  # every setting is valid for its estimator
        for key, values in grid.items():
            for value in values:
                make_baseline(name, {key: value})._validate_params()


def test_reference_equals_an_independent_grid_search(moons):
    X_train, _, y_train, _ = moons
    ref = tuned_classical_reference(X_train, y_train, models=("svc_rbf",), random_state=4, cv=4)
    search = GridSearchCV(
        Pipeline([("s", StandardScaler()), ("m", SVC())]),
        {f"m__{k}": v for k, v in DEFAULT_GRIDS["svc_rbf"].items()},
        cv=StratifiedKFold(4, shuffle=True, random_state=4),
    ).fit(X_train, y_train)
    assert ref.cv_score == pytest.approx(search.best_score_)
    assert ref.best_params == {k[3:]: v for k, v in search.best_params_.items()}
    assert ref.n_settings == {"svc_rbf": 24}
    assert isinstance(ref.estimator[0], StandardScaler)  # the scaler is part of the model


def test_best_model_is_chosen_by_cv_score_and_ties_go_to_the_first(moons):
    X_train, _, y_train, _ = moons
    ref = tuned_classical_reference(X_train, y_train, models=("logistic_regression",
                                                               "svc_rbf"))
    assert ref.cv_score == max(ref.cv_scores.values())
    assert ref.name == max(ref.cv_scores, key=ref.cv_scores.get)
    # linearly separable: both reach 1.0, the first listed wins
    X = np.array([[0.0, 0.0], [0.1, 0.3], [0.2, 0.1], [0.3, 0.2], [0.1, 0.1], [0.2, 0.3],
                  [2.0, 2.0], [2.1, 2.3], [2.2, 2.1], [2.3, 2.2], [2.1, 2.1], [2.2, 2.3]])
    y = np.array([0] * 6 + [1] * 6)
    for order in (("svc_rbf", "logistic_regression"), ("logistic_regression", "svc_rbf")):
        tied = tuned_classical_reference(X, y, cv=3, models=order)
        assert tied.cv_scores == {order[0]: 1.0, order[1]: 1.0} and tied.name == order[0]


def test_selection_never_sees_the_test_part(moons):
    X_train, X_test, y_train, y_test = moons
    ref = tuned_classical_reference(X_train, y_train)
    again = tuned_classical_reference(X_train, y_train)
    assert (ref.name, ref.best_params, ref.cv_score) == (again.name, again.best_params,
                                                         again.cv_score)
    assert ref.score(X_test, y_test) + ref.score(X_test, 1 - y_test) == pytest.approx(1.0)


def test_tuned_svc_is_strong_on_two_curves():
    X_train, X_test, y_train, y_test = load_dataset("two_curves", n_samples=200, n_features=3,
                                                    random_state=0)
    ref = tuned_classical_reference(X_train, y_train, models=("svc_rbf",))
    assert ref.score(X_test, y_test) >= 0.8


@pytest.mark.parametrize(("models", "match"), [
    (("svm",), r"Unknown baseline 'svm'.*'svc_rbf'"),
    ("svc_rbf", "non-empty sequence of baseline names"),
    ((), "non-empty sequence"),
])
def test_bad_model_names_fail_before_fitting(models, match):
    with pytest.raises(ValueError, match=match):
        tuned_classical_reference([[0.0], [1.0], [0.1], [1.1]], [0, 1, 0, 1], models=models)


def test_too_few_samples_per_class_is_a_clear_error():
    with pytest.raises(ValueError, match=r"class counts \[3, 1\]"):
        tuned_classical_reference([[0.0], [0.1], [0.2], [1.0]], [0, 0, 0, 1])

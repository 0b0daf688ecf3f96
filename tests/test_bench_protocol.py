"""The fair protocol: full grids, selection on validation folds only, scalers inside the folds,
per-sample test correctness and convergence flags, checked against independent references."""

from __future__ import annotations

import json

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.model_selection import StratifiedKFold
from sklearn.preprocessing import MinMaxScaler, StandardScaler
from sklearn.svm import SVC

from qnnlab.bench import protocol
from qnnlab.bench.config import load_config
from qnnlab.bench.protocol import expand_jobs, load_job_data, run_job
from qnnlab.datasets import load_dataset


def one_job(model: dict, dataset: dict | None = None, **top) -> dict:
    config = {"datasets": [dataset or {"name": "moons", "n_samples": 60, "noise": 0.2}],
              "models": [model], "seeds": [0], "cv": 3, **top}
    (spec,) = expand_jobs(load_config(config))
    return spec


def test_jobs_see_unscaled_data_and_scale_inside_each_fold():
    spec = one_job({"model": "svc_rbf", "grid": {"C": [0.5, 5.0], "gamma": [0.3]}})
    X_train, X_test, y_train, y_test = load_job_data(spec)
    expected = load_dataset("moons", n_samples=60, noise=0.2, test_size=0.2, random_state=0,
                            scale=False)
    for got, want in zip((X_train, X_test, y_train, y_test), expected):
        np.testing.assert_array_equal(got, want)
    row = run_job(spec)["row"]
    assert row["status"] == "ok", row["error"]
    assert row["scaler"] == "StandardScaler in each fold"
    # independent reference: scaler and SVC fit on each training fold by hand
    best = json.loads(row["best_params"])
    folds = StratifiedKFold(3, shuffle=True, random_state=0)
    fold_scores = []
    for train, valid in folds.split(X_train, y_train):
        scaler = StandardScaler().fit(X_train[train])
        svc = SVC(**best).fit(scaler.transform(X_train[train]), y_train[train])
        fold_scores.append(svc.score(scaler.transform(X_train[valid]), y_train[valid]))
    assert row["cv_accuracy"] == pytest.approx(np.mean(fold_scores))
    scaler = StandardScaler().fit(X_train)  # the refit scales with the whole training part
    refit = SVC(**best).fit(scaler.transform(X_train), y_train)
    assert row["accuracy"] == pytest.approx(refit.score(scaler.transform(X_test), y_test))


def test_circuit_models_get_the_angle_range_inside_each_fold():
    spec = one_job({"model": "hybrid", "params": {"n_qubits": 2, "n_layers": 1, "epochs": 2},
                    "grid": {"learning_rate": [0.1]}})
    pipeline = protocol.model_pipeline(spec)
    assert isinstance(pipeline[0], MinMaxScaler)
    assert pipeline[0].feature_range == (0.0, np.pi)
    X_train, *_ = load_job_data(spec)
    scaled = clone(pipeline[0]).fit_transform(X_train)
    assert scaled.min() == 0.0 and scaled.max() == pytest.approx(np.pi)


def test_selection_ignores_the_test_labels(monkeypatch):
    spec = one_job({"model": "svc_rbf"})
    clean = run_job(spec)["row"]
    X_train, X_test, y_train, y_test = load_job_data(spec)
    flipped = 1 - y_test

    def corrupted(job):
        return X_train, X_test, y_train, flipped

    monkeypatch.setattr(protocol, "load_job_data", corrupted)
    dirty = run_job(spec)["row"]
    for column in ("best_params", "cv_accuracy", "cv_roc_auc", "n_candidates"):
        assert dirty[column] == clean[column], column
    # the test part was used once, for the final numbers only: every answer flips
    assert dirty["accuracy"] == pytest.approx(1 - clean["accuracy"])
    assert dirty["test_correct"] == "".join("1" if c == "0" else "0"
                                            for c in clean["test_correct"])


def test_per_sample_correctness_follows_the_test_order(monkeypatch):
    spec = one_job({"model": "logistic_regression", "grid": {"C": [1.0]}})
    clean = run_job(spec)["row"]
    X_train, X_test, y_train, y_test = load_job_data(spec)
    assert clean["n_test"] == len(y_test) == len(clean["test_correct"]) == 12
    assert clean["accuracy"] == pytest.approx(clean["test_correct"].count("1") / 12)
    y_changed = y_test.copy()
    y_changed[4] = 1 - y_changed[4]
    monkeypatch.setattr(protocol, "load_job_data", lambda job: (X_train, X_test, y_train,
                                                                 y_changed))
    changed = run_job(spec)["row"]["test_correct"]
    differs = [i for i, (a, b) in enumerate(zip(clean["test_correct"], changed)) if a != b]
    assert differs == [4]


def test_default_protocol_searches_full_grids_and_records_it():
    spec = one_job({"model": "svc_rbf"})
    row = run_job(spec)["row"]
    assert row["search_mode"] == "full grid (24 settings)" and row["n_candidates"] == 24
    assert row["converged"] is True and row["early_stopping"] is False
    assert "24 searched, 3-fold CV" in row["budget_note"]
    sampled = run_job(one_job({"model": "svc_rbf"}, search_budget=5))["row"]
    assert sampled["n_candidates"] == 5
    assert sampled["search_mode"].startswith("equal-count sample of 5 of 24")


def test_tuned_svc_on_two_curves_reaches_080_under_the_default_protocol():
    experiment = load_config({"datasets": [{"name": "two_curves", "n_features": 3}],
                              "models": [{"model": "svc_rbf"}], "seeds": [0, 1, 2]})
    rows = [run_job(spec)["row"] for spec in expand_jobs(experiment)]
    assert all(row["status"] == "ok" for row in rows)
    assert np.mean([row["accuracy"] for row in rows]) >= 0.8


def test_a_model_capped_at_one_epoch_is_flagged_not_converged():
    hybrid = {"model": "hybrid", "params": {"n_qubits": 2, "n_layers": 1, "epochs": 1},
              "grid": {"learning_rate": [0.1]}}
    row = run_job(one_job(hybrid))["row"]
    assert row["status"] == "ok", row["error"]
    assert row["converged"] is False and row["epoch_cap"] == 1 and row["epochs_run"] == 1
    assert row["early_stopping"] is True
    mlp = run_job(one_job({"model": "mlp", "params": {"max_iter": 2},
                           "grid": {"alpha": [0.001]}}))["row"]
    assert mlp["converged"] is False and mlp["epoch_cap"] == 2
    assert "ConvergenceWarning" in mlp["warnings"]


def test_early_stopping_within_a_generous_cap_converges():
    hybrid = {"model": "hybrid", "params": {"n_qubits": 2, "n_layers": 1, "epochs": 150,
                                            "n_iter_no_change": 5},
              "grid": {"learning_rate": [0.2]}}
    row = run_job(one_job(hybrid, cv=2))["row"]
    assert row["status"] == "ok", row["error"]
    assert row["converged"] is True and row["epochs_run"] < row["epoch_cap"] == 150
    assert "validation early stopping" in row["budget_note"]

"""Statistics and metrics of the benchmark against scipy's own tests and hand computations."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats as sps
from sklearn.ensemble import RandomForestClassifier
from sklearn.neural_network import MLPClassifier
from sklearn.svm import SVC

from qnnlab.bench import metrics, stats


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_mean_ci_equals_scipy_t_interval(seed):
    values = np.random.default_rng(seed).uniform(0.5, 1.0, size=5)
    mean, low, high = stats.mean_ci(values)
    expected = sps.t.interval(0.95, len(values) - 1, loc=values.mean(), scale=sps.sem(values))
    assert mean == pytest.approx(values.mean(), abs=1e-15)
    assert (low, high) == pytest.approx(expected, abs=1e-12)


def test_mean_ci_by_hand():
    # mean 0.9, s = 0.1, sem = 0.1 / sqrt(3), t_{0.975, 2} = 4.302652729749464
    mean, low, high = stats.mean_ci([0.8, 0.9, 1.0])
    half = 4.302652729749464 * 0.1 / math.sqrt(3)
    assert (low, high) == pytest.approx((0.9 - half, 0.9 + half), abs=1e-12)


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_paired_tests_equal_scipy(seed):
    rng = np.random.default_rng(seed)
    a = rng.uniform(0.6, 1.0, size=7)
    b = a - rng.normal(0.02, 0.05, size=7)
    result = stats.paired_tests(a, b)
    assert result["n"] == 7
    assert result["mean_difference"] == pytest.approx(np.mean(a - b), abs=1e-15)
    assert result["t_pvalue"] == pytest.approx(sps.ttest_rel(a, b).pvalue, rel=1e-12)
    assert result["wilcoxon_pvalue"] == pytest.approx(sps.wilcoxon(a, b).pvalue, rel=1e-12)


def test_degenerate_pairs_claim_nothing():
    same = stats.paired_tests([0.9, 0.8, 0.7], [0.9, 0.8, 0.7])
    assert math.isnan(same["t_pvalue"]) and math.isnan(same["wilcoxon_pvalue"])
    assert stats.verdict(same, "svc") == "identical to svc on every seed"
    # the same difference on both seeds: scipy's t-test says p = 0, a claim two seeds can't carry
    with pytest.warns(RuntimeWarning):
        assert sps.ttest_rel([0.9, 0.8], [0.85, 0.75]).pvalue == 0.0
    shifted = stats.paired_tests([0.9, 0.8], [0.85, 0.75])
    assert math.isnan(shifted["t_pvalue"])
    assert shifted["wilcoxon_pvalue"] == pytest.approx(0.5)  # exact: 2 / 2**2
    assert stats.verdict(shifted, "svc").startswith("not significant (p = 0.5")
    assert stats.verdict(stats.paired_tests([0.9], [0.8]), "svc").startswith("too few")
    assert stats.min_wilcoxon_p(5) == 2 / 32


def test_verdict_wording():
    test = {"n": 5, "mean_difference": 0.012, "t_pvalue": 0.4312, "wilcoxon_pvalue": 0.5}
    assert stats.verdict(test, "svc_rbf") == "not significant (p = 0.43)"
    test = {"n": 5, "mean_difference": 0.05, "t_pvalue": 0.0004, "wilcoxon_pvalue": 0.06}
    assert stats.verdict(test, "svc_rbf") == "better than svc_rbf by 5.0 points (p < 0.001)"


def _frame(scores: dict[str, list[float]], families: dict[str, str]) -> pd.DataFrame:
    rows = []
    for variant, values in scores.items():
        for seed, value in enumerate(values):
            rows.append({"dataset": "moons", "dataset_kwargs": "{}", "variant": variant,
                         "model": variant, "model_kind": variant, "family": families[variant],
                         "noise_strength": math.nan, "size": "{}", "seed": seed,
                         "status": "ok", "accuracy": value})
    return pd.DataFrame(rows)


def test_summarize_compares_with_the_best_classical_baseline():
    scores = {"hybrid": [0.90, 0.85, 0.80, 0.95, 0.88],
              "svc": [0.92, 0.86, 0.85, 0.93, 0.91],
              "logistic": [0.70, 0.72, 0.69, 0.75, 0.71]}
    families = {"hybrid": "quantum", "svc": "classical", "logistic": "classical"}
    table = stats.summarize(_frame(scores, families)).set_index("variant")
    assert list(table["rank"].sort_values().index) == ["svc", "hybrid", "logistic"]
    assert (table["baseline"] == "svc").all()
    expected = sps.ttest_rel(scores["hybrid"], scores["svc"]).pvalue
    assert table.loc["hybrid", "t_pvalue"] == pytest.approx(expected, rel=1e-12)
    assert table.loc["hybrid", "verdict"] == f"not significant (p = {expected:.2g})"
    assert table.loc["svc", "verdict"] == "best classical baseline"
    assert table.loc["logistic", "verdict"].startswith("worse than svc by")
    assert table.loc["hybrid", "std"] == pytest.approx(np.std(scores["hybrid"], ddof=1))
    low, high = sps.t.interval(0.95, 4, loc=np.mean(scores["hybrid"]),
                               scale=sps.sem(scores["hybrid"]))
    assert (table.loc["hybrid", "ci_low"], table.loc["hybrid", "ci_high"]) == pytest.approx(
        (low, high))
    lines = stats.describe_findings(table.reset_index())
    assert lines[0].startswith("moons: highest mean accuracy 0.894") and "hybrid: 0.876" in lines[0]


def test_summarize_pairs_only_shared_seeds_and_counts_failures():
    frame = _frame({"hybrid": [0.9, 0.8, 0.7], "svc": [0.95, 0.85, 0.8]},
                   {"hybrid": "quantum", "svc": "classical"})
    frame.loc[(frame["variant"] == "hybrid") & (frame["seed"] == 2), "status"] = "failed"
    table = stats.summarize(frame).set_index("variant")
    assert table.loc["hybrid", "n_ok"] == 2 and table.loc["hybrid", "n_failed"] == 1
    assert table.loc["hybrid", "mean"] == pytest.approx(0.85)
    # seeds 0 and 1: differences -0.05, -0.05 (equal): only Wilcoxon, exact p = 0.5
    assert table.loc["hybrid", "wilcoxon_pvalue"] == pytest.approx(0.5)


# ----------------------------------------------------------------------------- metrics


def test_convergence_epochs_by_hand():
    assert metrics.convergence_epoch([0.5, 0.8, 0.9, 0.92]) == 3  # 0.95 * 0.92 = 0.874
    assert metrics.convergence_epoch([0.9, 0.5, 0.9]) == 1
    assert math.isnan(metrics.convergence_epoch([]))
    assert metrics.loss_convergence_epoch([1.0, 0.5, 0.3, 0.29]) == 3  # 0.29 + 0.05 * 0.71
    assert metrics.loss_convergence_epoch([1.0, 0.6, 0.2]) == 3
    assert math.isnan(metrics.loss_convergence_epoch([0.5, 0.6]))


def test_parameter_counts_by_hand():
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(30, 2)), np.repeat([0, 1], 15)
    mlp = MLPClassifier(hidden_layer_sizes=(3,), max_iter=5, random_state=0)
    with pytest.warns(Warning):
        mlp.fit(X, y)
    assert metrics.count_parameters(mlp) == (2 * 3 + 3 + 3 * 1 + 1, "coefs_ + intercepts_")
    svc = SVC().fit(X, y)
    n_sv = len(svc.support_)
    count, basis = metrics.count_parameters(svc)
    assert count == n_sv * 2 + n_sv + 1 and "support vectors" in basis
    forest = RandomForestClassifier(n_estimators=3, random_state=0).fit(X, y)
    nodes = sum(t.tree_.node_count for t in forest.estimators_)
    assert metrics.count_parameters(forest) == (nodes, "tree nodes")
    curves = metrics.training_curves(mlp)
    assert curves["loss"] == pytest.approx(mlp.loss_curve_) and "score" not in curves
    assert math.isnan(metrics.convergence(svc)["loss_convergence_epoch"])

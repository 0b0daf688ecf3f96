"""Statistics and metrics of the benchmark against scipy, closed forms and hand computations."""

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
    # the same difference on both seeds: scipy's t-test says p = 0, a claim two seeds can't carry
    with pytest.warns(RuntimeWarning):
        assert sps.ttest_rel([0.9, 0.8], [0.85, 0.75]).pvalue == 0.0
    shifted = stats.paired_tests([0.9, 0.8], [0.85, 0.75])
    assert math.isnan(shifted["t_pvalue"])
    assert shifted["wilcoxon_pvalue"] == pytest.approx(0.5)  # exact: 2 / 2**2
    assert stats.min_wilcoxon_p(5) == 2 / 32


# ----------------------------------------------------------------------------- intervals

Outcome = stats.SeedOutcome


@pytest.mark.parametrize("correct, n", [(18, 24), (24, 24), (0, 24), (3, 10)])
def test_one_seed_interval_is_the_jeffreys_interval(correct, n):
    # one seed, nothing to resample: the interval is the Beta(k + 1/2, n - k + 1/2) quantiles
    mean, low, high = stats.accuracy_interval([Outcome(correct, n)], n_boot=100_000)
    expected = sps.beta.ppf([0.025, 0.975], correct + 0.5, n - correct + 0.5)
    assert mean == correct / n
    assert (low, high) == pytest.approx(expected, abs=0.006)


@pytest.mark.parametrize("correct", [0, 24])
def test_equal_seeds_give_an_interval_of_non_zero_width_inside_0_1(correct):
    # the case: 2 seeds, both 1.000 (or 0.000) on 24 test samples
    mean, low, high = stats.accuracy_interval([Outcome(correct, 24), Outcome(correct, 24)])
    assert mean == correct / 24
    assert 0 <= low < high <= 1
    assert high - low > 0.03
    assert low <= mean <= high


def test_intervals_stay_inside_0_1_and_cover_the_mean():
    rng = np.random.default_rng(0)
    for trial in range(30):
        n_seeds, n = rng.integers(1, 8), rng.integers(5, 60)
        correct = rng.binomial(n, rng.uniform(0, 1), size=n_seeds)
        mean, low, high = stats.accuracy_interval([Outcome(k, n) for k in correct],
                                                  n_boot=500, random_state=trial)
        assert 0 <= low < high <= 1
        assert mean == pytest.approx(np.mean(correct / n))


def test_interval_includes_seed_spread_and_test_sampling():
    counts = [Outcome(12, 24), Outcome(23, 24)]
    _, low, high = stats.accuracy_interval(counts)
    # wider than either seed's own test-sampling interval alone
    for seed in counts:
        _, own_low, own_high = stats.accuracy_interval([seed])
        assert high - low > 0.5 * (own_high - own_low)
    assert low < 0.55 and high > 0.9
    # a large test set, seeds far apart: the seed spread dominates
    _, low, high = stats.accuracy_interval([Outcome(5000, 10_000), Outcome(9000, 10_000)])
    assert low < 0.52 and high > 0.88


def test_a_shared_test_set_does_not_average_its_sampling_error_away():
    one = stats.accuracy_interval([Outcome(18, 24, None, "t")], n_boot=20_000)
    shared = stats.accuracy_interval([Outcome(18, 24, None, "t")] * 4, n_boot=20_000)
    separate = stats.accuracy_interval([Outcome(18, 24, None, f"t{i}") for i in range(4)],
                                       n_boot=20_000)
    assert shared == pytest.approx(one, abs=0.01)  # the same test set four times: one test set
    assert separate[2] - separate[1] < 0.75 * (shared[2] - shared[1])


def test_intervals_are_seeded():
    counts = [Outcome(15, 24), Outcome(20, 24), Outcome(18, 24)]
    assert stats.accuracy_interval(counts, random_state=3) == stats.accuracy_interval(
        counts, random_state=3)
    assert stats.accuracy_interval(counts, random_state=3) != stats.accuracy_interval(
        counts, random_state=4)


def test_bad_bootstrap_settings_are_named():
    with pytest.raises(ValueError, match="confidence must be strictly between 0 and 1; got 95"):
        stats.accuracy_interval([Outcome(1, 2)], confidence=95)
    with pytest.raises(ValueError, match="n_boot must be an integer of at least 100; got 10"):
        stats.paired_difference([Outcome(1, 2)], [Outcome(1, 2)], n_boot=10)


# ----------------------------------------------------------------------------- differences


def _paired_samples(rng, n_seeds, n, cells):
    """Per-sample correctness of two models: cells = P(only a, only b, both, neither)."""
    mine, theirs = [], []
    for seed in range(n_seeds):
        cell = rng.choice(4, size=n, p=cells)
        a, b = np.isin(cell, (0, 2)).astype(int), np.isin(cell, (1, 2)).astype(int)
        mine.append(Outcome(a.sum(), n, a, f"test {seed}"))
        theirs.append(Outcome(b.sum(), n, b, f"test {seed}"))
    return mine, theirs


def test_difference_interval_covers_a_known_effect():
    # model right 80%, baseline 70%, errors correlated: the true paired difference is +0.10
    rng = np.random.default_rng(0)
    covered, excludes_zero = 0, 0
    for trial in range(40):
        mine, theirs = _paired_samples(rng, 5, 60, [0.15, 0.05, 0.65, 0.15])
        result = stats.paired_difference(mine, theirs, n_boot=1000, random_state=trial)
        covered += result["diff_low"] <= 0.10 <= result["diff_high"]
        excludes_zero += result["diff_low"] > 0
        assert result["paired_by"] == "test sample"
    assert covered >= 36  # nominal 95% of 40 = 38
    assert excludes_zero >= 30  # 300 paired samples detect a 10-point effect


def test_pairing_by_test_sample_is_tighter_than_counts_alone():
    mine, theirs = _paired_samples(np.random.default_rng(1), 4, 50, [0.12, 0.04, 0.7, 0.14])
    paired = stats.paired_difference(mine, theirs)
    counts_only = stats.paired_difference([o._replace(per_sample=None) for o in mine],
                                          [o._replace(per_sample=None) for o in theirs])
    assert counts_only["paired_by"] == "seed"
    assert paired["mean_difference"] == counts_only["mean_difference"]
    assert (paired["diff_high"] - paired["diff_low"]) < (
        counts_only["diff_high"] - counts_only["diff_low"])


def test_identical_models_have_no_evidence_of_a_difference():
    mine, _ = _paired_samples(np.random.default_rng(2), 3, 24, [0.1, 0.1, 0.6, 0.2])
    result = stats.paired_difference(mine, mine)
    assert result["mean_difference"] == 0
    assert result["diff_low"] < 0 < result["diff_high"]  # never a zero-width interval
    assert result["p_value"] > 0.5
    assert stats.verdict({**result, "p_adjusted": result["p_value"]}, "svc").startswith(
        "not enough evidence of a difference from svc (+0.0 points")


# ----------------------------------------------------------------------------- correction


def test_holm_and_bonferroni_equal_hand_computation():
    p = [0.01, 0.04, 0.03, 0.005, math.nan]
    # Holm, m = 4: sorted 0.005*4 = 0.02, 0.01*3 = 0.03, 0.03*2 = 0.06, 0.04*1 -> max(0.04, 0.06)
    holm = stats.adjust_pvalues(p, "holm")
    assert holm[:4] == pytest.approx([0.03, 0.06, 0.06, 0.02], abs=1e-15)
    assert math.isnan(holm[4])
    assert stats.adjust_pvalues(p, "bonferroni")[:4] == pytest.approx([0.04, 0.16, 0.12, 0.02])
    assert stats.adjust_pvalues(p, "none")[:4] == pytest.approx(p[:4])
    # capped at 1; Holm never exceeds Bonferroni
    assert stats.adjust_pvalues([0.4, 0.6, 0.9], "holm") == pytest.approx([1.0, 1.0, 1.0])
    assert stats.adjust_pvalues([0.001, 0.2], "holm") == pytest.approx([0.002, 0.2])
    with pytest.raises(ValueError, match=r"unknown correction 'fdr'; choose one of \['holm', "):
        stats.adjust_pvalues(p, "fdr")


# ----------------------------------------------------------------------------- verdicts


def test_verdict_needs_the_corrected_p_value_and_the_interval():
    base = {"n": 5, "mean_difference": 0.05, "diff_low": 0.01, "diff_high": 0.09,
            "p_value": 0.004}
    assert stats.verdict({**base, "p_adjusted": 0.02}, "svc_rbf") == (
        "better than svc_rbf by 5.0 points (95% CI +1.0 to +9.0; Holm p = 0.02)")
    # the same effect, but not after the correction: not enough evidence
    assert stats.verdict({**base, "p_adjusted": 0.08}, "svc_rbf") == (
        "not enough evidence of a difference from svc_rbf (+5.0 points, 95% CI +1.0 to +9.0; "
        "Holm p = 0.08)")
    # a small p-value but an interval that includes zero: not enough evidence either
    assert stats.verdict({**base, "diff_low": -0.01, "p_adjusted": 0.04}, "svc_rbf").startswith(
        "not enough evidence")
    assert stats.verdict({**base, "p_adjusted": 0.02}, "svc", correction="bonferroni").endswith(
        "Bonferroni p = 0.02)")
    assert stats.verdict({**base, "n": 1}, "svc").startswith("not enough evidence: 1 seed(s)")
    with pytest.raises(ValueError, match=r"missing \['diff_low', 'diff_high', 'p_value'\]"):
        stats.verdict(stats.paired_tests([0.9, 0.8], [0.8, 0.8]), "svc")  # seed-level only


# ----------------------------------------------------------------------------- summarize


def _frame(scores: dict[str, list[float]], families: dict[str, str],
           cv: dict[str, float] | None = None, n_test: int = 40) -> pd.DataFrame:
    rows = []
    for variant, values in scores.items():
        for seed, value in enumerate(values):
            rows.append({"dataset": "moons", "dataset_kwargs": "{}", "variant": variant,
                         "model": variant, "model_kind": variant, "family": families[variant],
                         "noise_strength": math.nan, "size": "{}", "seed": seed,
                         "status": "ok", "accuracy": value, "n_test": n_test,
                         "cv_accuracy": (cv or {}).get(variant, value)})
    return pd.DataFrame(rows)


SCORES = {"hybrid": [0.900, 0.850, 0.800, 0.950, 0.875],
          "svc": [0.925, 0.850, 0.850, 0.925, 0.900],
          "logistic": [0.700, 0.725, 0.675, 0.750, 0.700]}
FAMILIES = {"hybrid": "quantum", "svc": "classical", "logistic": "classical"}


def test_summarize_compares_with_the_best_classical_baseline():
    table = stats.summarize(_frame(SCORES, FAMILIES)).set_index("variant")
    assert list(table["rank"].sort_values().index) == ["svc", "hybrid", "logistic"]
    assert (table["baseline"] == "svc").all()
    assert table.loc["svc", "verdict"] == "best classical baseline (highest CV accuracy)"
    assert table.loc["hybrid", "verdict"].startswith("not enough evidence of a difference")
    assert table.loc["logistic", "verdict"].startswith("worse than svc by 18.0 points")
    assert table.loc["hybrid", "difference"] == pytest.approx(-0.015)
    assert table.loc["hybrid", "t_pvalue"] == pytest.approx(
        sps.ttest_rel(SCORES["hybrid"], SCORES["svc"]).pvalue, rel=1e-12)
    assert table.loc["hybrid", "std"] == pytest.approx(np.std(SCORES["hybrid"], ddof=1))
    assert ((table["ci_low"] >= 0) & (table["ci_low"] < table["mean"])
            & (table["mean"] < table["ci_high"]) & (table["ci_high"] <= 1)).all()
    compared = table.dropna(subset=["p_value"])
    assert list(compared["p_adjusted"]) == pytest.approx(
        list(stats.adjust_pvalues(compared["p_value"], "holm")))
    assert (table["correction"] == "holm").all()
    lines = stats.describe_findings(table.reset_index())
    assert lines[0].startswith("moons: highest mean accuracy 0.890 (95% CI ")
    assert "hybrid: 0.875, not enough evidence" in lines[0]


def test_the_baseline_is_chosen_on_validation_scores_only():
    # svc has the higher cross-validation score; logistic the higher test scores
    cv = {"hybrid": 0.8, "svc": 0.9, "logistic": 0.7}
    frame = _frame(SCORES, FAMILIES, cv)
    frame.loc[frame["variant"] == "logistic", "accuracy"] = 0.99
    assert set(stats.summarize(frame)["baseline"]) == {"svc"}
    # corrupt the test scores every way: swapped between models, shuffled, inverted
    rng = np.random.default_rng(0)
    for corrupted in (frame["accuracy"].to_numpy()[::-1],
                      rng.permutation(frame["accuracy"].to_numpy()),
                      1 - frame["accuracy"].to_numpy()):
        changed = frame.assign(accuracy=corrupted)
        assert set(stats.summarize(changed, n_boot=200)["baseline"]) == {"svc"}
    # ... while a change of the validation scores does change it
    flipped = frame.assign(cv_accuracy=frame["variant"].map({**cv, "logistic": 0.95}))
    assert set(stats.summarize(flipped, n_boot=200)["baseline"]) == {"logistic"}


def test_summarize_uses_per_sample_correctness_when_recorded():
    frame = _frame({"hybrid": [0.5, 0.5], "svc": [0.75, 0.75]},
                   {"hybrid": "quantum", "svc": "classical"}, n_test=4)
    frame["test_correct"] = ["0011", "0101", "0111", "1101"]
    frame["test_hash"] = ["a", "b", "a", "b"]
    table = stats.summarize(frame).set_index("variant")
    assert table.loc["hybrid", "paired_by"] == "test sample"
    # without them: binomial counts from accuracy x n_test, paired by seed only
    fallback = stats.summarize(frame.drop(columns=["test_correct"])).set_index("variant")
    assert fallback.loc["hybrid", "paired_by"] == "seed"
    assert fallback.loc["hybrid", "difference"] == table.loc["hybrid", "difference"] == -0.25


def test_summarize_counts_test_samples_without_n_test():
    frame = _frame({"hybrid": [1.0, 1.0], "svc": [1.0, 1.0]},
                   {"hybrid": "quantum", "svc": "classical"}).drop(columns=["n_test"])
    frame["n_samples"] = 120
    table = stats.summarize(frame, test_size=0.2).set_index("variant")
    assert (table["n_test"] == 24).all()  # ceil(120 * 0.2), as scikit-learn's split
    assert (table["ci_high"] <= 1).all() and (table["ci_low"] < 0.99).all()
    # a CSV reader turns '0011' into 11: the leading zeros come back from n_test
    outcome = stats.seed_outcomes(pd.DataFrame({"seed": [0], "status": "ok", "accuracy": [0.5],
                                                "n_test": [4], "test_correct": [11]}))[0]
    assert outcome.per_sample.tolist() == [0, 0, 1, 1]


def test_summarize_pairs_only_shared_seeds_and_counts_failures():
    frame = _frame({"hybrid": [0.9, 0.8, 0.7], "svc": [0.95, 0.85, 0.8]},
                   {"hybrid": "quantum", "svc": "classical"})
    frame.loc[(frame["variant"] == "hybrid") & (frame["seed"] == 2), "status"] = "failed"
    table = stats.summarize(frame).set_index("variant")
    assert table.loc["hybrid", "n_ok"] == 2 and table.loc["hybrid", "n_failed"] == 1
    assert table.loc["hybrid", "mean"] == pytest.approx(0.85)
    assert table.loc["hybrid", "n_paired"] == 2
    assert table.loc["hybrid", "difference"] == pytest.approx(-0.05)
    assert table.loc["hybrid", "wilcoxon_pvalue"] == pytest.approx(0.5)  # exact: 2 / 2**2


def test_a_clear_effect_survives_holm_over_many_comparisons():
    # 60 rows: the bootstrap p-value's floor 2 / (n_boot + 1) must not block the verdict
    scores = {"svc": [0.90, 0.925, 0.875, 0.90, 0.90], "bad": [0.40, 0.45, 0.35, 0.40, 0.425]}
    scores.update({f"other{i}": [0.85, 0.875, 0.85, 0.875, 0.85] for i in range(58)})
    families = {name: "quantum" if name == "bad" else "classical" for name in scores}
    table = stats.summarize(_frame(scores, families)).set_index("variant")
    assert table["p_value"].notna().sum() == 59  # 2 / 2001 * 59 > 0.05
    assert table.loc["bad", "p_adjusted"] < 0.05
    assert table.loc["bad", "verdict"].startswith("worse than svc by 49.5 points")


def test_summarize_correction_is_a_choice():
    frame = _frame(SCORES, FAMILIES)
    none = stats.summarize(frame, correction="none")
    compared = none.dropna(subset=["p_value"])
    assert list(compared["p_adjusted"]) == list(compared["p_value"])
    bonferroni = stats.summarize(frame, correction="bonferroni").dropna(subset=["p_value"])
    assert list(bonferroni["p_adjusted"]) == pytest.approx(
        list(np.minimum(1, 2 * compared["p_value"])))
    with pytest.raises(ValueError, match=r"unknown correction 'BH'; choose one of \['holm'"):
        stats.summarize(frame, correction="BH")
    with pytest.raises(ValueError, match="no 'cv_accuracy' column"):
        stats.summarize(frame.drop(columns=["cv_accuracy"]))
    with pytest.raises(ValueError, match="no rows"):
        stats.summarize(frame.iloc[:0])


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


def test_per_sample_correctness_is_used_for_accuracy_only():
    # test_correct describes accuracy; an f1 comparison must be built from the f1 values
    rows = pd.DataFrame({"seed": [0], "status": "ok", "accuracy": [0.75], "f1_macro": [0.5],
                         "n_test": [4], "test_correct": ["1101"]})
    by_accuracy = stats.seed_outcomes(rows, "accuracy")[0]
    by_f1 = stats.seed_outcomes(rows, "f1_macro")[0]
    assert (by_accuracy.correct, by_accuracy.n) == (3.0, 4)
    assert by_accuracy.per_sample is not None
    assert (by_f1.correct, by_f1.n, by_f1.per_sample) == (2.0, 4, None)

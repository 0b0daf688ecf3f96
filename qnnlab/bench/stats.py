"""Benchmark statistics: intervals that respect the data, paired differences, fair verdicts.

A benchmark's numbers carry two kinds of uncertainty: the spread from seed to seed (a different
split, different initial weights) and the sampling error of a small test set (24 test samples
give an accuracy only to about +-10 points). The summary accounts for both:

* **Interval of a model's mean accuracy**: a hierarchical bootstrap. The outer level resamples
  the seeds with replacement; the inner level draws each seed's accuracy from the Jeffreys
  posterior ``Beta(k + 1/2, n - k + 1/2)`` of its ``k`` correct answers among ``n`` test samples
  (the smooth version of resampling the test samples). The percentile interval of the mean over
  seeds (widened, where needed, to hold the observed mean, as Jeffreys' interval is at 0 or n
  correct) stays inside [0, 1] and never has zero width, even when every seed scores 1.000. Seeds
  that share one test set (the same ``test_hash``, e.g. a fixed ``data_seed``) share the
  inner-level random numbers, so their test-sampling error does not average out.
* **Paired difference with the best classical baseline**: the same bootstrap on the difference,
  paired by seed and, where both models recorded per-sample correctness (``test_correct``, a
  string of '0'/'1' in test order) on the same test set, by test sample: the inner level then
  draws the four joint outcomes (both right, only one right, both wrong) from their Jeffreys
  posterior ``Dirichlet(counts + 1/2)``. Without per-sample results each model's accuracy is
  drawn independently from its counts (``accuracy`` x ``n_test``; ``n_samples`` x ``test_size``
  when ``n_test`` is missing), which ignores the correlation of the two models' errors and so
  gives a wider, conservative interval. The two-sided bootstrap p-value is twice the smaller
  tail of the bootstrap differences beyond zero.
* **Multiple comparisons**: the p-values of all comparisons of one study are corrected together,
  by Holm's step-down method by default (``"bonferroni"`` and ``"none"`` are the other choices).
* **Verdicts** say "better" or "worse" only when the corrected p-value is below ``alpha`` *and*
  the interval of the difference excludes zero; otherwise "not enough evidence".
* **The best classical baseline** of a dataset group is the classical model (counterpart
  included) with the highest mean *cross-validation* accuracy (``cv_accuracy``) over the seeds;
  the test scores play no part in choosing it.

With few seeds the outer bootstrap knows only the seeds it saw: 2 seeds cannot show how much a
third would differ. The seed-level paired t-test and Wilcoxon signed-rank test
(:func:`paired_tests`) are kept in the table for reference; they ignore test-sampling error.

Examples
--------
>>> mean, low, high = accuracy_interval([SeedOutcome(24, 24), SeedOutcome(24, 24)])
>>> mean, 0.9 < low < 1.0, high
(1.0, True, 1.0)
>>> [float(p) for p in adjust_pvalues([0.01, 0.04, 0.03], "holm")]
[0.03, 0.06, 0.06]
"""

from __future__ import annotations

import json
import math
import warnings
from collections.abc import Sequence
from typing import Any, NamedTuple

import numpy as np
import pandas as pd
from scipy import stats

__all__ = ["ALPHA", "CONFIDENCE", "CORRECTIONS", "N_BOOTSTRAP", "SeedOutcome", "accuracy_interval",
           "adjust_pvalues", "best_baseline", "boolean_fraction", "describe_findings",
           "group_label", "mean_ci", "min_wilcoxon_p", "paired_difference", "paired_tests",
           "seed_outcomes", "summarize", "verdict"]

#: Confidence level of the intervals.
CONFIDENCE = 0.95
#: Significance level of the verdicts (two-sided, after the correction for multiple comparisons).
ALPHA = 0.05
#: Corrections for multiple comparisons that :func:`summarize` offers; the first is the default.
CORRECTIONS = ("holm", "bonferroni", "none")
#: Bootstrap replicates of every interval and p-value.
N_BOOTSTRAP = 2000
#: Test-set fraction assumed when the results record neither ``n_test`` nor ``test_correct``.
DEFAULT_TEST_SIZE = 0.2
#: Columns that identify one comparison group (a dataset at one size).
GROUP_COLUMNS = ("dataset", "dataset_kwargs")
#: Relative spread below which paired differences count as all equal (t-test undefined).
_SAME_DIFFERENCE = 1e-9
#: Jeffreys prior: half a pseudo-observation in every outcome cell.
_JEFFREYS = 0.5


class SeedOutcome(NamedTuple):
    """What one model got right on one seed's test set.

    Attributes
    ----------
    correct : float
        Correct test predictions (``accuracy * n_test``; may be fractional for other metrics).
    n : int
        Test samples.
    per_sample : numpy.ndarray or None
        0/1 correctness of every test sample, in test order, when recorded.
    test_set : str
        Identifies the test set: seeds with the same value share it.

    Examples
    --------
    >>> SeedOutcome(20, 24).correct / SeedOutcome(20, 24).n
    0.8333333333333334
    """

    correct: float
    n: int
    per_sample: np.ndarray | None = None
    test_set: str = ""

    @property
    def accuracy(self) -> float:
        """The fraction correct."""
        return self.correct / self.n


# ----------------------------------------------------------------------------- seed-level tests


def mean_ci(values: Sequence[float], confidence: float = CONFIDENCE) -> tuple[float, float, float]:
    """Mean and two-sided t confidence interval of ``values`` (NaNs dropped).

    The interval is ``scipy.stats.t.interval(confidence, n - 1, loc=mean, scale=sem)``; it is
    ``(nan, nan)`` for fewer than two values and collapses to the mean when all values agree.
    It is the textbook interval across seeds (notebook 07 teaches it); it ignores test-sampling
    error and is not bounded to [0, 1], which is why :func:`summarize` uses
    :func:`accuracy_interval` instead.

    Examples
    --------
    >>> mean_ci([0.5])
    (0.5, nan, nan)
    >>> mean_ci([0.7, 0.7])
    (0.7, 0.7, 0.7)
    """
    x = np.asarray(values, dtype=float)
    x = x[np.isfinite(x)]
    if x.size == 0:
        return math.nan, math.nan, math.nan
    mean = float(x.mean())
    if x.size < 2:
        return mean, math.nan, math.nan
    sem = float(stats.sem(x))
    if sem == 0:
        return mean, mean, mean
    low, high = stats.t.interval(confidence, x.size - 1, loc=mean, scale=sem)
    return mean, float(low), float(high)


def min_wilcoxon_p(n: int) -> float:
    """Smallest two-sided p-value an exact Wilcoxon test can give with ``n`` paired values.

    Examples
    --------
    >>> min_wilcoxon_p(5)  # five seeds can never give p < 0.05
    0.0625
    """
    return min(1.0, 2.0 / 2**n)


def paired_tests(a: Sequence[float], b: Sequence[float]) -> dict[str, float]:
    """Seed-level paired tests of ``a`` against ``b`` (the same seeds, in the same order).

    Returns
    -------
    dict
        ``n``, ``mean_difference`` (a - b), ``t_pvalue`` (``scipy.stats.ttest_rel``) and
        ``wilcoxon_pvalue`` (``scipy.stats.wilcoxon``, two-sided). Both p-values are NaN with
        fewer than two pairs or when every difference is zero (nothing to test); the Wilcoxon
        p-value needs at least two non-zero differences. When every seed differs by the *same*
        amount the t statistic is infinite (zero spread) and scipy's ``p = 0`` would claim
        certainty from as few as two seeds, so ``t_pvalue`` is NaN there and only the exact
        Wilcoxon test speaks. These tests see only the per-seed scores, not the test-sampling
        error behind each; :func:`paired_difference` sees both.

    Examples
    --------
    >>> result = paired_tests([0.9, 0.8, 0.85, 0.9], [0.8, 0.7, 0.8, 0.85])
    >>> result["n"], round(result["mean_difference"], 4), round(result["t_pvalue"], 4)
    (4, 0.075, 0.0138)
    >>> paired_tests([0.9, 0.8], [0.8, 0.7])["t_pvalue"]  # the same difference twice
    nan
    """
    x, y = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if x.shape != y.shape:
        raise ValueError(f"paired values need equal lengths; got {x.size} and {y.size}")
    diff = x - y
    out = {"n": int(x.size), "mean_difference": float(diff.mean()) if x.size else math.nan,
           "t_pvalue": math.nan, "wilcoxon_pvalue": math.nan}
    if x.size < 2 or not np.any(diff != 0):
        return out
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        if np.ptp(diff) > _SAME_DIFFERENCE * max(1.0, float(np.abs(diff).max())):
            out["t_pvalue"] = float(stats.ttest_rel(x, y).pvalue)
        if np.count_nonzero(diff) >= 2:
            out["wilcoxon_pvalue"] = float(stats.wilcoxon(x, y).pvalue)
    return out


# ----------------------------------------------------------------------------- the bootstrap


def _check_bootstrap(confidence: float, n_boot: int) -> None:
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be strictly between 0 and 1; got {confidence!r}")
    if isinstance(n_boot, bool) or not isinstance(n_boot, (int, np.integer)) or n_boot < 100:
        raise ValueError(f"n_boot must be an integer of at least 100; got {n_boot!r}")


def _posterior_draws(outcomes: Sequence[SeedOutcome], cells: np.ndarray, n_boot: int,
                     rng: np.random.Generator) -> np.ndarray:
    """Gamma variates of the Jeffreys posteriors: cells (seeds, c) of counts -> (n_boot, seeds, c).

    Normalised over the cells they are Dirichlet (Beta for two cells) draws. Seeds that share a
    test set share their random numbers (inverse-CDF draws from common uniforms); with a test
    set per seed the variates are drawn directly (much faster).
    """
    test_sets = [o.test_set or f"seed {i}" for i, o in enumerate(outcomes)]
    shapes = cells[np.newaxis] + _JEFFREYS
    if len(set(test_sets)) == len(test_sets):
        return rng.gamma(shapes, size=(n_boot, *cells.shape))
    drawn = {name: rng.random((n_boot, cells.shape[1])) for name in sorted(set(test_sets))}
    uniforms = np.stack([drawn[name] for name in test_sets], axis=1)
    return stats.gamma.ppf(uniforms, shapes)


def _resample_seeds(per_seed: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Outer level: the mean over seeds resampled with replacement, per replicate."""
    n_boot, n_seeds = per_seed.shape
    chosen = rng.integers(0, n_seeds, size=(n_boot, n_seeds))
    return np.take_along_axis(per_seed, chosen, axis=1).mean(axis=1)


def _percentiles(replicates: np.ndarray, confidence: float,
                 estimate: float) -> tuple[float, float]:
    """Percentile interval, widened to hold the estimate (as Jeffreys' interval at k = 0 or n)."""
    tail = (1 - confidence) / 2
    low, high = np.quantile(replicates, [tail, 1 - tail])
    return min(float(low), estimate), max(float(high), estimate)


def accuracy_interval(outcomes: Sequence[SeedOutcome], confidence: float = CONFIDENCE,
                      n_boot: int = N_BOOTSTRAP,
                      random_state: int | None = 0) -> tuple[float, float, float]:
    """Mean accuracy over seeds and its hierarchical-bootstrap interval (seeds, test samples).

    Parameters
    ----------
    outcomes : sequence of SeedOutcome
        One per seed.
    confidence : float, default 0.95
    n_boot : int, default 2000
        Bootstrap replicates (at least 100).
    random_state : int or None, default 0
        Seed of the bootstrap: the same input gives the same interval.

    Returns
    -------
    tuple of float
        ``(mean, low, high)``; ``low < high`` and both inside [0, 1]. NaNs without outcomes.

    Examples
    --------
    >>> mean, low, high = accuracy_interval([SeedOutcome(18, 24), SeedOutcome(21, 24)])
    >>> round(mean, 4), 0.55 < low < 0.75, 0.85 < high < 0.97
    (0.8125, True, True)
    """
    _check_bootstrap(confidence, n_boot)
    if not outcomes:
        return math.nan, math.nan, math.nan
    rng = np.random.default_rng(random_state)
    cells = np.array([[o.correct, o.n - o.correct] for o in outcomes], dtype=float)
    gammas = _posterior_draws(outcomes, cells, n_boot, rng)
    replicates = _resample_seeds(gammas[..., 0] / gammas.sum(axis=-1), rng)
    mean = float(np.mean([o.accuracy for o in outcomes]))
    return (mean, *_percentiles(replicates, confidence, mean))


def _paired_by_sample(mine: SeedOutcome, theirs: SeedOutcome) -> bool:
    return (mine.per_sample is not None and theirs.per_sample is not None
            and mine.per_sample.shape == theirs.per_sample.shape
            and mine.test_set == theirs.test_set)


def _difference_cells(mine: SeedOutcome, theirs: SeedOutcome) -> tuple[np.ndarray, bool]:
    """Four outcome counts of one seed and whether they are joint (paired by test sample).

    Joint: (only mine right, only theirs right, both right, both wrong). Otherwise: (mine
    right, mine wrong, theirs right, theirs wrong), two independent posteriors.
    """
    if _paired_by_sample(mine, theirs):
        a, b = mine.per_sample.astype(bool), theirs.per_sample.astype(bool)
        joint = [np.sum(a & ~b), np.sum(~a & b), np.sum(a & b), np.sum(~a & ~b)]
        return np.array(joint, dtype=float), True
    return np.array([mine.correct, mine.n - mine.correct, theirs.correct,
                     theirs.n - theirs.correct], dtype=float), False


def _difference_draws(gammas: np.ndarray, joint: np.ndarray) -> np.ndarray:
    """Per-replicate, per-seed accuracy differences from the gamma variates of the cells."""
    dirichlet = gammas[..., 0] / gammas.sum(axis=-1) - gammas[..., 1] / gammas.sum(axis=-1)
    mine = gammas[..., 0] / (gammas[..., 0] + gammas[..., 1])
    theirs = gammas[..., 2] / (gammas[..., 2] + gammas[..., 3])
    return np.where(joint[np.newaxis], dirichlet, mine - theirs)


def paired_difference(mine: Sequence[SeedOutcome], theirs: Sequence[SeedOutcome],
                      confidence: float = CONFIDENCE, n_boot: int = N_BOOTSTRAP,
                      random_state: int | None = 0) -> dict[str, Any]:
    """Accuracy difference ``mine - theirs``, paired by seed (and test sample), with its interval.

    Parameters
    ----------
    mine, theirs : sequence of SeedOutcome
        The two models on the same seeds, in the same order.
    confidence, n_boot, random_state
        As in :func:`accuracy_interval`.

    Returns
    -------
    dict
        ``n`` (paired seeds), ``mean_difference``, ``diff_low``/``diff_high`` (the bootstrap
        interval), ``p_value`` (two-sided bootstrap p-value of "no difference", at least
        ``2 / (n_boot + 1)``) and ``paired_by`` ("test sample" when every seed had per-sample
        results on a shared test set, else "seed").

    Examples
    --------
    >>> ones, mixed = np.ones(24, int), np.r_[np.ones(12, int), np.zeros(12, int)]
    >>> mine = [SeedOutcome(24, 24, ones, "a"), SeedOutcome(24, 24, ones, "b")]
    >>> theirs = [SeedOutcome(12, 24, mixed, "a"), SeedOutcome(12, 24, mixed, "b")]
    >>> result = paired_difference(mine, theirs)
    >>> result["mean_difference"], result["paired_by"], result["p_value"] < 0.01
    (0.5, 'test sample', True)
    """
    _check_bootstrap(confidence, n_boot)
    if len(mine) != len(theirs):
        raise ValueError(f"paired outcomes need equal lengths; got {len(mine)} and {len(theirs)}")
    out: dict[str, Any] = {"n": len(mine), "mean_difference": math.nan, "diff_low": math.nan,
                           "diff_high": math.nan, "p_value": math.nan, "paired_by": ""}
    if not mine:
        return out
    rng = np.random.default_rng(random_state)
    cells, joint = zip(*(_difference_cells(a, b) for a, b in zip(mine, theirs)))
    gammas = _posterior_draws(mine, np.array(cells), n_boot, rng)
    replicates = _resample_seeds(_difference_draws(gammas, np.array(joint)), rng)
    below, above = np.sum(replicates <= 0), np.sum(replicates >= 0)
    difference = float(np.mean([a.accuracy - b.accuracy for a, b in zip(mine, theirs)]))
    low, high = _percentiles(replicates, confidence, difference)
    out.update(mean_difference=difference, diff_low=low, diff_high=high,
               p_value=float(min(1.0, 2 * (min(below, above) + 1) / (n_boot + 1))),
               paired_by="test sample" if all(joint) else "seed")
    return out


def adjust_pvalues(pvalues: Sequence[float], method: str = "holm") -> np.ndarray:
    """P-values corrected for multiple comparisons (NaNs stay NaN and do not count).

    Parameters
    ----------
    pvalues : sequence of float
    method : {"holm", "bonferroni", "none"}, default "holm"
        Holm's step-down method: the i-th smallest of m p-values is multiplied by ``m - i + 1``
        (i from 1), then made non-decreasing in that order and capped at 1. It controls the
        family-wise error rate like Bonferroni (``m * p``) and is never less powerful.

    Examples
    --------
    >>> [float(p) for p in adjust_pvalues([0.01, 0.04, 0.03, float("nan")], "holm")]
    [0.03, 0.06, 0.06, nan]
    >>> [float(p) for p in adjust_pvalues([0.01, 0.04, 0.03], "bonferroni")]
    [0.03, 0.12, 0.09]
    """
    if method not in CORRECTIONS:
        raise ValueError(f"unknown correction {method!r}; choose one of {list(CORRECTIONS)}")
    p = np.asarray(pvalues, dtype=float)
    out = np.full(p.shape, math.nan)
    finite = np.flatnonzero(np.isfinite(p))
    m = finite.size
    if method == "none" or m == 0:
        out[finite] = p[finite]
    elif method == "bonferroni":
        out[finite] = np.minimum(1.0, m * p[finite])
    else:
        order = finite[np.argsort(p[finite], kind="stable")]
        stepped = np.maximum.accumulate((m - np.arange(m)) * p[order])
        out[order] = np.minimum(1.0, stepped)
    return out


# ----------------------------------------------------------------------------- verdicts


def _p(p: float, name: str = "p") -> str:
    return f"{name} = {p:.2g}" if p >= 0.001 else f"{name} < 0.001"


def _points(value: float) -> str:
    return f"{value * 100:+.1f}"


_COMPARISON_KEYS = ("n", "mean_difference", "diff_low", "diff_high", "p_value")


def verdict(comparison: dict[str, Any], baseline: str, alpha: float = ALPHA,
            correction: str = "holm") -> str:
    """A plain-words verdict of a comparison with ``baseline``.

    Parameters
    ----------
    comparison : dict
        A :func:`paired_difference` result, with ``p_adjusted`` (the corrected p-value) when
        corrected; without ``p_adjusted`` the ``p_value`` decides.
    baseline : str
    alpha : float, default 0.05
    correction : str, default "holm"
        The correction's name, for the text.

    Returns
    -------
    str
        "better than" / "worse than" only when the corrected p-value is below ``alpha`` and the
        interval of the difference excludes zero; else "not enough evidence ...".

    Examples
    --------
    >>> verdict({"n": 5, "mean_difference": -0.06, "diff_low": -0.1, "diff_high": -0.02,
    ...          "p_value": 0.002, "p_adjusted": 0.01}, "svc_rbf")
    'worse than svc_rbf by 6.0 points (95% CI -10.0 to -2.0; Holm p = 0.01)'
    >>> verdict({"n": 2, "mean_difference": 0.02, "diff_low": -0.08, "diff_high": 0.12,
    ...          "p_value": 0.6, "p_adjusted": 1.0}, "svc_rbf")
    'not enough evidence of a difference from svc_rbf (+2.0 points, 95% CI -8.0 to +12.0; Holm p = 1)'
    """  # noqa: E501
    missing = [k for k in _COMPARISON_KEYS if k not in comparison]
    if missing:
        raise ValueError(f"a comparison needs {list(_COMPARISON_KEYS)} (a paired_difference "
                         f"result); missing {missing}")
    n = comparison["n"]
    if n < 2:
        return (f"not enough evidence: {n} seed(s) paired with {baseline}; at least 2 are "
                "needed to see the seed-to-seed spread")
    p = comparison.get("p_adjusted", comparison["p_value"])
    name = "p" if correction == "none" or "p_adjusted" not in comparison else \
        f"{correction.capitalize()} p"
    low, high = comparison["diff_low"], comparison["diff_high"]
    interval = f"95% CI {_points(low)} to {_points(high)}"
    difference = comparison["mean_difference"]
    if math.isfinite(p) and p < alpha and (low > 0 or high < 0):
        direction = "better than" if difference > 0 else "worse than"
        return (f"{direction} {baseline} by {abs(difference) * 100:.1f} points "
                f"({interval}; {_p(p, name)})")
    return (f"not enough evidence of a difference from {baseline} ({_points(difference)} "
            f"points, {interval}; {_p(p, name)})")


# ----------------------------------------------------------------------------- from results


def _per_sample(value: Any, n: int | None) -> np.ndarray | None:
    """Parse a ``test_correct`` cell ('0110...'; an int when a CSV reader ate leading zeros)."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value == "":
        return None
    text = str(value).strip()
    if not isinstance(value, str):
        text = str(int(float(value))).zfill(n or 0)
    if not text or set(text) - {"0", "1"}:
        raise ValueError(f"test_correct must be a string of '0'/'1' per test sample; got "
                         f"{text[:40]!r}")
    return np.frombuffer(text.encode(), dtype=np.uint8) - ord("0")


def _number(row: pd.Series, column: str) -> float:
    value = pd.to_numeric(row.get(column, math.nan), errors="coerce")
    return float(value) if pd.notna(value) else math.nan


def _test_count(row: pd.Series, test_size: float) -> int:
    n_test = _number(row, "n_test")
    if math.isfinite(n_test):
        return int(n_test)
    n_samples = _number(row, "n_samples")
    if not math.isfinite(n_samples):
        raise ValueError("results need n_test, test_correct or n_samples to count test samples")
    return int(math.ceil(n_samples * test_size))


def seed_outcomes(rows: pd.DataFrame, metric: str = "accuracy",
                  test_size: float = DEFAULT_TEST_SIZE) -> dict[int, SeedOutcome]:
    """The :class:`SeedOutcome` of every finished job in ``rows`` (one model), by seed.

    Uses ``test_correct`` when present and ``metric`` is accuracy (per-sample correctness
    describes accuracy only), else ``metric`` x ``n_test``,
    else ``metric`` x ceil(``n_samples`` x ``test_size``) (scikit-learn's rounding of the test
    part). Seeds with the same ``test_hash`` share a test set.

    Examples
    --------
    >>> rows = pd.DataFrame({"seed": [0, 1], "status": "ok", "accuracy": [0.75, 1.0],
    ...                      "n_samples": [40, 40]})
    >>> [(o.correct, o.n) for o in seed_outcomes(rows).values()]
    [(6.0, 8), (8.0, 8)]
    """
    out: dict[int, SeedOutcome] = {}
    for _, row in rows[rows["status"] == "ok"].sort_values("seed").iterrows():
        n_known = _number(row, "n_test")
        # per-sample correctness describes accuracy only; any other metric is modelled from
        # its value and the test count (pairing by seed, not by test sample)
        per_sample = (_per_sample(row.get("test_correct"),
                                  int(n_known) if math.isfinite(n_known) else None)
                      if metric == "accuracy" else None)
        n = len(per_sample) if per_sample is not None else _test_count(row, test_size)
        correct = float(per_sample.sum()) if per_sample is not None else float(row[metric]) * n
        test_hash = row.get("test_hash", "")
        test_set = str(test_hash) if isinstance(test_hash, str) and test_hash else \
            f"seed {row['seed']}"
        out[int(row["seed"])] = SeedOutcome(correct, n, per_sample, test_set)
    return out


def boolean_fraction(values: pd.Series) -> float:
    """Fraction of true values in a boolean-ish column (True/False, 1/0, yes/no); NaN if none.

    Examples
    --------
    >>> boolean_fraction(pd.Series(["True", "False", "", "true"]))
    0.6666666666666666
    """
    text = values.astype(str).str.strip().str.lower()
    as_bool = text.map({"true": 1.0, "1": 1.0, "1.0": 1.0, "yes": 1.0,
                        "false": 0.0, "0": 0.0, "0.0": 0.0, "no": 0.0})
    return float(as_bool.mean()) if as_bool.notna().any() else math.nan


_MEAN_COLUMNS = ("cv_accuracy", "f1_macro", "roc_auc", "train_time_s", "inference_time_s",
                 "n_parameters", "qubits", "two_qubit_gates", "loss_convergence_epoch",
                 "epochs_run", "n_candidates")


def _variant_summary(frame: pd.DataFrame, metric: str, options: dict[str, Any]) -> dict[str, Any]:
    ok = frame[frame["status"] == "ok"]
    outcomes = seed_outcomes(frame, metric, options["test_size"])
    mean, low, high = accuracy_interval(list(outcomes.values()), options["confidence"],
                                        options["n_boot"], options["random_state"])
    first = frame.iloc[0]
    model = first.get("model", first["variant"])
    row = {
        "variant": first["variant"], "model": model,
        "model_kind": first.get("model_kind", model), "family": first["family"],
        "noise_strength": first.get("noise_strength", math.nan), "size": first.get("size", "{}"),
        "n_ok": len(ok), "n_failed": int((frame["status"] != "ok").sum()),
        "mean": mean, "ci_low": low, "ci_high": high,
        "std": float(ok[metric].std(ddof=1)) if len(ok) > 1 else math.nan,
        "n_test": float(np.mean([o.n for o in outcomes.values()])) if outcomes else math.nan,
    }
    for column in _MEAN_COLUMNS:
        if column in ok:
            row[column] = float(pd.to_numeric(ok[column], errors="coerce").mean())
    if "converged" in ok:
        row["converged"] = boolean_fraction(ok["converged"])
    if "budget_note" in ok:
        notes = ok["budget_note"].dropna().astype(str)
        row["budget_note"] = next((n for n in notes if n), "")
    return row


def best_baseline(rows: Sequence[dict[str, Any]], n_seeds: int) -> dict[str, Any] | None:
    """The classical variant with the highest mean cross-validation accuracy (validation only).

    Variants that finished on every seed are preferred; ties go to the first listed. The test
    scores (``mean``) are never looked at.

    Examples
    --------
    >>> rows = [{"variant": "svc", "family": "classical", "n_ok": 2, "cv_accuracy": 0.8,
    ...          "mean": 0.70},
    ...         {"variant": "forest", "family": "classical", "n_ok": 2, "cv_accuracy": 0.9,
    ...          "mean": 0.60}]
    >>> best_baseline(rows, n_seeds=2)["variant"]
    'forest'
    """
    classical = [r for r in rows if r["family"] == "classical" and r["n_ok"]
                 and math.isfinite(r.get("cv_accuracy", math.nan))]
    complete = [r for r in classical if r["n_ok"] == n_seeds]
    return max(complete or classical, key=lambda r: r["cv_accuracy"], default=None)


def _options(alpha: float, correction: str, confidence: float, n_boot: int,
             random_state: int | None, test_size: float) -> dict[str, Any]:
    if correction not in CORRECTIONS:
        raise ValueError(f"unknown correction {correction!r}; choose one of {list(CORRECTIONS)}")
    if not 0 < alpha < 1:
        raise ValueError(f"alpha must be strictly between 0 and 1; got {alpha!r}")
    if not 0 < test_size < 1:
        raise ValueError(f"test_size must be strictly between 0 and 1; got {test_size!r}")
    _check_bootstrap(confidence, n_boot)
    return {"alpha": alpha, "correction": correction, "confidence": confidence,
            "n_boot": n_boot, "random_state": random_state, "test_size": test_size}


def summarize(results: pd.DataFrame, metric: str = "accuracy", alpha: float = ALPHA,
              correction: str = "holm", *, confidence: float = CONFIDENCE,
              n_boot: int = N_BOOTSTRAP, random_state: int | None = 0,
              test_size: float = DEFAULT_TEST_SIZE) -> pd.DataFrame:
    """The ranking table: one row per dataset group and model variant.

    Parameters
    ----------
    results : DataFrame
        ``results.csv`` rows (one per job); needs ``cv_accuracy`` to choose the baseline.
    metric : str, default "accuracy"
        The compared test score. The count model of the intervals is exact for accuracy and an
        approximation for other scores in [0, 1].
    alpha : float, default 0.05
        Significance level of the verdicts, applied to the corrected p-values.
    correction : {"holm", "bonferroni", "none"}, default "holm"
        Correction across all comparisons of the table (every group, every model).
    confidence, n_boot, random_state
        Level, replicates and seed of the bootstrap intervals (see :func:`accuracy_interval`).
        Comparisons use at least ``4 m / alpha`` replicates (m: rows of the table), so that the
        bootstrap p-value's floor ``2 / (n_boot + 1)`` cannot by itself block a corrected
        verdict.
    test_size : float, default 0.2
        Test fraction, used only for rows without ``n_test`` and ``test_correct``.

    Returns
    -------
    DataFrame
        The group (``dataset``, ``dataset_kwargs``), ``rank`` (by mean test ``metric``),
        ``variant``, ``n_ok``/``n_failed`` seeds, ``mean`` with ``ci_low``/``ci_high``
        (hierarchical bootstrap), ``std`` across seeds, ``n_test``, the means of the other
        recorded columns (``cv_accuracy``, ``converged`` as a fraction of seeds, ...), and the
        comparison with the group's best classical baseline (chosen on ``cv_accuracy``):
        ``baseline``, ``difference`` with ``diff_low``/``diff_high``, ``paired_by``,
        ``p_value`` (bootstrap), ``p_adjusted``, ``correction``, the seed-level ``t_pvalue`` and
        ``wilcoxon_pvalue`` (for reference) and the ``verdict``.

    Examples
    --------
    >>> results = pd.DataFrame({
    ...     "dataset": "moons", "seed": [0, 1, 0, 1, 0, 1], "status": "ok", "n_test": 20,
    ...     "variant": ["svc", "svc", "forest", "forest", "hybrid", "hybrid"],
    ...     "family": ["classical"] * 4 + ["quantum"] * 2,
    ...     "cv_accuracy": [0.90, 0.88, 0.85, 0.86, 0.80, 0.82],
    ...     "accuracy": [0.85, 0.90, 0.95, 0.95, 0.80, 0.85]})
    >>> table = summarize(results)  # the baseline: svc, best on CV, not on test
    >>> table[["rank", "variant", "mean", "ci_low", "ci_high", "baseline"]].round(3)
       rank variant   mean  ci_low  ci_high baseline
    0     1  forest  0.950   0.809    0.992      svc
    1     2     svc  0.875   0.700    0.960      svc
    2     3  hybrid  0.825   0.639    0.931      svc
    >>> table["verdict"].str.slice(0, 45).tolist()  # doctest: +NORMALIZE_WHITESPACE
    ['not enough evidence of a difference from svc ',
     'best classical baseline (highest CV accuracy)',
     'not enough evidence of a difference from svc ']
    """
    options = _options(alpha, correction, confidence, n_boot, random_state, test_size)
    for column in (metric, "cv_accuracy"):
        if column not in results:
            raise ValueError(f"results have no {column!r} column; columns: {list(results)}")
    if results.empty:
        raise ValueError("results have no rows: nothing to summarize")
    results = results.copy()
    if "dataset_kwargs" not in results:
        results["dataset_kwargs"] = "{}"
    # the bootstrap p-value cannot go below 2 / (n_boot + 1): with m comparisons, at least
    # 4 m / alpha replicates keep that floor from blocking a corrected verdict by itself
    n_rows = results.groupby([*GROUP_COLUMNS, "variant"]).ngroups
    options["n_boot_compare"] = max(n_boot, math.ceil(4 * n_rows / alpha))
    rows: list[dict[str, Any]] = []
    for group, frame in results.groupby(list(GROUP_COLUMNS), sort=False):
        variants = [_variant_summary(v, metric, options)
                    for _, v in frame.groupby("variant", sort=False)]
        best = best_baseline(variants, frame["seed"].nunique())
        for row in variants:
            row.update(dict(zip(GROUP_COLUMNS, group)))
            row.update(_compare(row, best, frame, metric, options))
        ranked = sorted(variants, key=lambda r: -r["mean"] if np.isfinite(r["mean"]) else np.inf)
        for rank, row in enumerate(ranked, start=1):
            row["rank"] = rank
        rows.extend(ranked)
    table = pd.DataFrame(rows)
    table["p_adjusted"] = adjust_pvalues(table["p_value"], correction)
    table["correction"] = correction
    table["verdict"] = [_final_verdict(row, options) for _, row in table.iterrows()]
    columns = [*GROUP_COLUMNS, "rank", "variant"]
    return table[columns + [c for c in table.columns if c not in columns]]


def _compare(row: dict[str, Any], best: dict[str, Any] | None, frame: pd.DataFrame,
             metric: str, options: dict[str, Any]) -> dict[str, Any]:
    out = {"baseline": "", "difference": math.nan, "diff_low": math.nan,
           "diff_high": math.nan, "paired_by": "", "n_paired": 0, "p_value": math.nan,
           "t_pvalue": math.nan, "wilcoxon_pvalue": math.nan, "verdict": ""}
    if best is None:
        return {**out, "verdict": "no classical baseline with a cross-validation score ran"}
    out["baseline"] = best["variant"]
    if row["variant"] == best["variant"]:
        return {**out, "verdict": "best classical baseline (highest CV accuracy)"}
    mine = seed_outcomes(frame[frame["variant"] == row["variant"]], metric, options["test_size"])
    theirs = seed_outcomes(frame[frame["variant"] == best["variant"]], metric,
                           options["test_size"])
    seeds = sorted(set(mine) & set(theirs))
    result = paired_difference([mine[s] for s in seeds], [theirs[s] for s in seeds],
                               options["confidence"], options["n_boot_compare"],
                               options["random_state"])
    seed_level = paired_tests([mine[s].accuracy for s in seeds],
                              [theirs[s].accuracy for s in seeds])
    return {**out, "difference": result["mean_difference"], "diff_low": result["diff_low"],
            "diff_high": result["diff_high"], "paired_by": result["paired_by"],
            "n_paired": result["n"], "p_value": result["p_value"],
            "t_pvalue": seed_level["t_pvalue"], "wilcoxon_pvalue": seed_level["wilcoxon_pvalue"]}


def _final_verdict(row: pd.Series, options: dict[str, Any]) -> str:
    if row["verdict"]:
        return row["verdict"]
    comparison = {"n": row["n_paired"], "mean_difference": row["difference"],
                  "diff_low": row["diff_low"], "diff_high": row["diff_high"],
                  "p_value": row["p_value"], "p_adjusted": row["p_adjusted"]}
    return verdict(comparison, row["baseline"], options["alpha"], options["correction"])


def group_label(dataset: str, kwargs_json: str) -> str:
    """A dataset group's readable name: ``dataset (key=value, ...)``.

    Examples
    --------
    >>> group_label("moons", '{"n_samples": 40}')
    'moons (n_samples=40)'
    """
    kwargs = json.loads(kwargs_json) if isinstance(kwargs_json, str) and kwargs_json else {}
    inner = ", ".join(f"{k}={v}" for k, v in kwargs.items())
    return f"{dataset} ({inner})" if inner else dataset


def describe_findings(table: pd.DataFrame, metric: str = "accuracy") -> list[str]:
    """One plain sentence per dataset group: the top model and each quantum model's verdict.

    Examples
    --------
    >>> results = pd.DataFrame({
    ...     "dataset": "moons", "seed": [0, 1, 0, 1], "status": "ok", "n_test": 20,
    ...     "variant": ["svc", "svc", "hybrid", "hybrid"],
    ...     "family": ["classical"] * 2 + ["quantum"] * 2,
    ...     "cv_accuracy": [0.9, 0.9, 0.8, 0.8], "accuracy": [0.9, 0.95, 0.8, 0.85]})
    >>> describe_findings(summarize(results))  # doctest: +NORMALIZE_WHITESPACE
    ['moons: highest mean accuracy 0.925 (95% CI 0.773 to 0.989) by svc. hybrid: 0.825,
      not enough evidence of a difference from svc (-10.0 points, 95% CI -29.0 to +8.9;
      Holm p = 0.27).']
    """
    lines = []
    for group, frame in table.groupby(list(GROUP_COLUMNS), sort=False):
        top = frame.sort_values("rank").iloc[0]
        line = (f"{group_label(*group)}: highest mean {metric} {top['mean']:.3f} "
                f"(95% CI {top['ci_low']:.3f} to {top['ci_high']:.3f}) by {top['variant']}.")
        for _, row in frame[frame["family"] == "quantum"].iterrows():
            line += f" {row['variant']}: {row['mean']:.3f}, {row['verdict']}."
        lines.append(line)
    return lines

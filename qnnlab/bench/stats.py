"""Statistics across seeds: t confidence intervals and paired tests against the best baseline.

With a handful of seeds, differences of a few points of accuracy are often noise. The summary
therefore reports, for every model, the mean test score with a 95% t-interval across seeds, its
spread (the standard deviation across seeds: training stability), and a paired comparison with
the best classical baseline of the same dataset: a paired t-test (``scipy.stats.ttest_rel``) and,
where there are at least two seeds with a non-zero difference, a Wilcoxon signed-rank test
(``scipy.stats.wilcoxon``). A verdict says "better" or "worse" only when the t-test's p-value is
below ``alpha`` (no correction for multiple comparisons: with many models, expect about one
"significant" result in twenty by chance); otherwise it says plainly "not significant". Where
every seed differs by the same amount the t-test is undefined and the exact Wilcoxon test decides
(it cannot go below p = 2 / 2**n with n seeds). The t-intervals are not clipped to [0, 1].

Examples
--------
>>> mean, low, high = mean_ci([0.8, 0.9, 1.0])
>>> round(mean, 3), round(low, 3), round(high, 3)
(0.9, 0.652, 1.148)
>>> verdict(paired_tests([0.9, 0.8, 0.85], [0.88, 0.82, 0.84]), "svc_rbf")
'not significant (p = 0.81)'
"""

from __future__ import annotations

import json
import math
import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

__all__ = ["ALPHA", "CONFIDENCE", "describe_findings", "mean_ci", "min_wilcoxon_p",
           "paired_tests", "summarize", "verdict"]

#: Confidence level of the intervals.
CONFIDENCE = 0.95
#: Significance level of the verdicts (two-sided, uncorrected).
ALPHA = 0.05
#: Columns that identify one comparison group (a dataset at one size).
GROUP_COLUMNS = ("dataset", "dataset_kwargs")
#: Relative spread below which paired differences count as all equal (t-test undefined).
_SAME_DIFFERENCE = 1e-9


def mean_ci(values: Sequence[float], confidence: float = CONFIDENCE) -> tuple[float, float, float]:
    """Mean and two-sided t confidence interval of ``values`` (NaNs dropped).

    The interval is ``scipy.stats.t.interval(confidence, n - 1, loc=mean, scale=sem)``; it is
    ``(nan, nan)`` for fewer than two values and collapses to the mean when all values agree.

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
    """Paired comparison of ``a`` with ``b`` (the same seeds, in the same order).

    Returns
    -------
    dict
        ``n``, ``mean_difference`` (a - b), ``t_pvalue`` (``scipy.stats.ttest_rel``) and
        ``wilcoxon_pvalue`` (``scipy.stats.wilcoxon``, two-sided). Both p-values are NaN with
        fewer than two pairs or when every difference is zero (nothing to test); the Wilcoxon
        p-value needs at least two non-zero differences. When every seed differs by the *same*
        amount the t statistic is infinite (zero spread) and scipy's ``p = 0`` would claim
        certainty from as few as two seeds, so ``t_pvalue`` is NaN there and only the exact
        Wilcoxon test speaks.

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


def _p(p: float) -> str:
    return f"p = {p:.2g}" if p >= 0.001 else "p < 0.001"


def verdict(test: dict[str, float], baseline: str, alpha: float = ALPHA) -> str:
    """A plain-words verdict of a :func:`paired_tests` result against ``baseline``.

    The paired t-test decides; where it is undefined (every seed differs by the same amount)
    the exact Wilcoxon signed-rank test does, and the verdict says so.

    Examples
    --------
    >>> verdict({"n": 5, "mean_difference": -0.06, "t_pvalue": 0.01, "wilcoxon_pvalue": 0.06},
    ...         "svc_rbf")
    'worse than svc_rbf by 6.0 points (p = 0.01)'
    >>> verdict(paired_tests([0.9, 0.8], [0.8, 0.7]), "svc_rbf")
    'not significant (p = 0.5, Wilcoxon: the same difference on every seed)'
    """
    if test["n"] < 2:
        return f"too few paired seeds ({test['n']}) to test"
    p, note = test["t_pvalue"], ""
    if math.isnan(p):
        if math.isnan(test["wilcoxon_pvalue"]):
            return f"identical to {baseline} on every seed"
        p, note = test["wilcoxon_pvalue"], ", Wilcoxon: the same difference on every seed"
    if p < alpha:
        direction = "better than" if test["mean_difference"] > 0 else "worse than"
        points = abs(test["mean_difference"]) * 100
        return f"{direction} {baseline} by {points:.1f} points ({_p(p)}{note})"
    return f"not significant ({_p(p)}{note})"


def _scores_by_seed(frame: pd.DataFrame, metric: str) -> pd.Series:
    return frame.set_index("seed")[metric].astype(float)


def _variant_summary(frame: pd.DataFrame, metric: str) -> dict[str, Any]:
    ok = frame[frame["status"] == "ok"]
    mean, low, high = mean_ci(ok[metric])
    first = frame.iloc[0]
    row = {
        "variant": first["variant"], "model": first["model"], "model_kind": first["model_kind"],
        "family": first["family"], "noise_strength": first["noise_strength"],
        "size": first["size"], "n_ok": len(ok), "n_failed": int((frame["status"] != "ok").sum()),
        "mean": mean, "ci_low": low, "ci_high": high,
        "std": float(ok[metric].std(ddof=1)) if len(ok) > 1 else math.nan,
    }
    for column in ("f1_macro", "roc_auc", "train_time_s", "inference_time_s", "n_parameters",
                   "qubits", "two_qubit_gates", "loss_convergence_epoch", "n_candidates"):
        if column in ok:
            row[column] = float(pd.to_numeric(ok[column], errors="coerce").mean())
    return row


def _best_classical(rows: list[dict[str, Any]], n_seeds: int) -> dict[str, Any] | None:
    complete = [r for r in rows if r["family"] == "classical" and r["n_ok"] == n_seeds]
    candidates = complete or [r for r in rows if r["family"] == "classical" and r["n_ok"]]
    return max(candidates, key=lambda r: r["mean"], default=None)


def summarize(results: pd.DataFrame, metric: str = "accuracy",
              alpha: float = ALPHA) -> pd.DataFrame:
    """The ranking table: one row per dataset group and model variant.

    Columns: the group (``dataset``, ``dataset_kwargs``), ``variant``, ``rank`` (by mean
    ``metric``), ``n_ok``/``n_failed`` seeds, ``mean``, ``ci_low``/``ci_high`` (95% t-interval),
    ``std`` across seeds (training stability), the means of the other recorded metrics, and the
    comparison with the best classical baseline of the group (highest mean among the classical
    models, counterpart included, that ran on every seed): ``baseline``, ``difference``,
    ``t_pvalue``, ``wilcoxon_pvalue`` and ``verdict``.

    Picking the best baseline on the test scores flatters the baseline a little; that is the
    conservative direction for a claim that a quantum model is better.

    Examples
    --------
    >>> from qnnlab.bench import run
    >>> config = {"datasets": [{"name": "moons", "n_samples": 40}], "seeds": [0, 1], "cv": 3,
    ...           "models": [{"model": "logistic_regression"}, {"model": "svc_rbf"}]}
    >>> table = summarize(run(config, progress=False))
    >>> table[["rank", "variant", "mean", "verdict"]]
       rank              variant   mean                    verdict
    0     1              svc_rbf  0.875    best classical baseline
    1     2  logistic_regression  0.750  not significant (p = 0.5)
    """
    results = results.copy()
    if "dataset_kwargs" not in results:
        results["dataset_kwargs"] = "{}"
    rows: list[dict[str, Any]] = []
    for group, frame in results.groupby(list(GROUP_COLUMNS), sort=False):
        n_seeds = frame["seed"].nunique()
        variants = [_variant_summary(v, metric) for _, v in frame.groupby("variant", sort=False)]
        best = _best_classical(variants, n_seeds)
        ok = frame[frame["status"] == "ok"]
        for row in variants:
            row.update(dict(zip(GROUP_COLUMNS, group)))
            row.update(_compare(row, best, ok, metric, alpha))
        ranked = sorted(variants, key=lambda r: -r["mean"] if np.isfinite(r["mean"]) else np.inf)
        for rank, row in enumerate(ranked, start=1):
            row["rank"] = rank
        rows.extend(ranked)
    columns = [*GROUP_COLUMNS, "rank", "variant"]
    table = pd.DataFrame(rows)
    return table[columns + [c for c in table.columns if c not in columns]]


def _compare(row: dict[str, Any], best: dict[str, Any] | None, ok: pd.DataFrame, metric: str,
             alpha: float) -> dict[str, Any]:
    empty = {"baseline": "", "difference": math.nan, "t_pvalue": math.nan,
             "wilcoxon_pvalue": math.nan, "verdict": ""}
    if best is None:
        return {**empty, "verdict": "no classical baseline ran"}
    if row["variant"] == best["variant"]:
        return {**empty, "baseline": best["variant"], "verdict": "best classical baseline"}
    mine = _scores_by_seed(ok[ok["variant"] == row["variant"]], metric)
    theirs = _scores_by_seed(ok[ok["variant"] == best["variant"]], metric)
    seeds = mine.index.intersection(theirs.index).sort_values()
    test = paired_tests(mine.loc[seeds].to_numpy(), theirs.loc[seeds].to_numpy())
    return {"baseline": best["variant"], "difference": test["mean_difference"],
            "t_pvalue": test["t_pvalue"], "wilcoxon_pvalue": test["wilcoxon_pvalue"],
            "verdict": verdict(test, best["variant"], alpha)}


def describe_findings(table: pd.DataFrame, metric: str = "accuracy") -> list[str]:
    """One plain sentence per dataset group: the winner and each quantum model's verdict.

    Examples
    --------
    >>> from qnnlab.bench import run
    >>> config = {"datasets": [{"name": "moons", "n_samples": 40}], "seeds": [0, 1], "cv": 3,
    ...           "models": [{"model": "logistic_regression"}, {"model": "svc_rbf"}]}
    >>> describe_findings(summarize(run(config, progress=False)))
    ['moons (n_samples=40): highest mean accuracy 0.875 [0.875, 0.875] by svc_rbf.']
    """
    lines = []
    for group, frame in table.groupby(list(GROUP_COLUMNS), sort=False):
        top = frame.sort_values("rank").iloc[0]
        kwargs = json.loads(group[1]) if group[1] else {}
        where = group[0] + (f" ({', '.join(f'{k}={v}' for k, v in kwargs.items())})"
                            if kwargs else "")
        line = (f"{where}: highest mean {metric} {top['mean']:.3f} "
                f"[{top['ci_low']:.3f}, {top['ci_high']:.3f}] by {top['variant']}.")
        for _, row in frame[frame["family"] == "quantum"].iterrows():
            line += f" {row['variant']}: {row['mean']:.3f}, {row['verdict']}."
        lines.append(line)
    return lines

"""Exercise checks for notebook 07, honest benchmarking.

- 7.1 a 95% confidence interval of a mean over seeds: :func:`check_confidence_interval`
- 7.2 the cost of the benchmarking protocol, in trainings: :func:`check_protocol_trainings`
- 7.3 what a claim of quantum advantage leaves out: :func:`check_claim`

The claim-reading checklist of the notebook is :data:`CHECKLIST` (key -> question).

Examples
--------
>>> check_protocol_trainings(35).passed
True
>>> check_claim(...)
❌ No answer yet: replace the ... / None with your answer.
💡 Hint: ...
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

import numpy as np
from scipy import stats

from qnnlab.exercises._core import NO_ANSWER, Feedback, add_solution, check_number, is_unanswered

__all__ = [
    "CHECKLIST",
    "CLAIM",
    "check_claim",
    "check_confidence_interval",
    "check_protocol_trainings",
    "confidence_interval_mistakes",
]


# --- 7.1 ---------------------------------------------------------------------------------------


def _scores_array(scores: Iterable[float]) -> np.ndarray:
    values = np.asarray(list(scores), dtype=float).ravel()
    if values.size < 2 or not np.all(np.isfinite(values)):
        raise ValueError(
            f"scores must hold at least two finite numbers (one per seed); got {values.tolist()}"
        )
    return values


def confidence_interval_mistakes(scores: Iterable[float], level: float = 0.95) -> dict[str, tuple]:
    """The right t-interval of the mean of ``scores`` and the intervals of common mistakes.

    Parameters
    ----------
    scores : iterable of float
        One score per seed.
    level : float, default=0.95
        Confidence level.

    Returns
    -------
    dict
        ``"right"`` (Student t, sample standard deviation with ``ddof=1``), ``"normal"``
        (1.96 instead of the t quantile), ``"ddof0"`` (population standard deviation),
        ``"no_sqrt_n"`` (standard deviation instead of standard error): each ``(low, high)``.

    Examples
    --------
    >>> low, high = confidence_interval_mistakes([0.8, 0.9, 1.0])["right"]
    >>> round(low, 4), round(high, 4)
    (0.6516, 1.1484)
    """
    values = _scores_array(scores)
    n, mean = values.size, float(values.mean())
    sd, sd0 = float(values.std(ddof=1)), float(values.std(ddof=0))
    t = float(stats.t.ppf(0.5 + level / 2, df=n - 1))
    z = float(stats.norm.ppf(0.5 + level / 2))

    def around(half: float) -> tuple[float, float]:
        return mean - half, mean + half

    return {
        "right": around(t * sd / math.sqrt(n)),
        "normal": around(z * sd / math.sqrt(n)),
        "ddof0": around(t * sd0 / math.sqrt(n)),
        "no_sqrt_n": around(t * sd),
    }


_CI_MISTAKES = {
    "normal": "You used the normal quantile 1.96. With only a handful of seeds the mean follows "
    "Student's t distribution with n - 1 degrees of freedom, whose quantile is larger "
    "(4.30 for 3 seeds): the honest interval is WIDER.",
    "ddof0": "You used the population standard deviation (np.std's default ddof=0). For a sample "
    "of seeds use ddof=1 (divide by n - 1).",
    "no_sqrt_n": "Your interval is far too wide: it uses the standard deviation of the scores, "
    "not the standard error of their MEAN, sd / sqrt(n).",
}


def check_confidence_interval(answer: Any, scores: Iterable[float]) -> Feedback:
    """Exercise 7.1: the 95% confidence interval ``(low, high)`` of the mean of ``scores``.

    Parameters
    ----------
    answer : tuple of two floats
        The learner's interval.
    scores : iterable of float
        The per-seed test scores the interval is about.

    Examples
    --------
    >>> check_confidence_interval((0.6516, 1.1484), [0.8, 0.9, 1.0]).passed
    True
    >>> check_confidence_interval((0.8, 1.0), [0.8, 0.9, 1.0]).passed
    False
    """
    hint = (
        "mean ± t · s / sqrt(n), with s = np.std(scores, ddof=1), n the number of seeds and "
        "t = scipy.stats.t.ppf(0.975, df=n - 1); or scipy.stats.t.interval(0.95, df=n - 1, "
        "loc=mean, scale=scipy.stats.sem(scores))."
    )
    if is_unanswered(answer):
        return Feedback(False, NO_ANSWER, hint)
    try:
        pair = np.asarray(answer, dtype=float).ravel()
    except (TypeError, ValueError):
        pair = np.array([])
    if pair.size != 2 or not np.all(np.isfinite(pair)):
        return Feedback(False, f"Expected two numbers (low, high); got {answer!r}.", hint)
    try:
        intervals = confidence_interval_mistakes(scores)
    except ValueError as error:
        return Feedback(False, str(error), "Pass the per-seed scores of ONE model.")
    low, high = intervals["right"]
    if pair[0] > pair[1]:
        return Feedback(False, "low is larger than high: write the interval as (low, high).", hint)
    tol = 1e-3
    if np.allclose(pair, (low, high), atol=tol):
        values = _scores_array(scores)
        return Feedback(
            True,
            f"Right: {values.mean():.3f} ± {(high - low) / 2:.3f}, i.e. [{low:.3f}, {high:.3f}] "
            f"from {values.size} seeds. With so few seeds the interval is wide: two models whose "
            "intervals overlap this much are not shown to differ.",
        )
    for mistake, message in _CI_MISTAKES.items():
        if np.allclose(pair, intervals[mistake], atol=tol):
            return Feedback(False, message, hint)
    if np.isclose(pair.mean(), np.mean(list(scores)), atol=tol):
        return Feedback(False, "The centre (the mean) is right, but the half-width is not.", hint)
    return Feedback(
        False,
        f"[{pair[0]:.4f}, {pair[1]:.4f}] is not centred on the mean of the scores "
        f"({np.mean(list(scores)):.4f}).",
        hint,
    )


add_solution(
    "7.1",
    """import numpy as np
from scipy import stats

scores = np.asarray(scores, dtype=float)
n = len(scores)
half = stats.t.ppf(0.975, df=n - 1) * scores.std(ddof=1) / np.sqrt(n)
answer = (scores.mean() - half, scores.mean() + half)
# the same: stats.t.interval(0.95, df=n - 1, loc=scores.mean(), scale=stats.sem(scores))""",
)


# --- 7.2 ---------------------------------------------------------------------------------------

#: Exercise 7.2: a grid of 3 learning rates x 2 depths, 5-fold CV, then 5 seeds.
GRID = {"learning_rate": [0.01, 0.05, 0.1], "n_layers": [1, 2]}
FOLDS, SEEDS = 5, 5


def check_protocol_trainings(answer: Any) -> Feedback:
    """Exercise 7.2: model trainings of the protocol for ONE model (grid, 5-fold CV, 5 seeds).

    Examples
    --------
    >>> check_protocol_trainings(30).passed
    False
    """
    settings = math.prod(len(values) for values in GRID.values())
    expected = settings * FOLDS + SEEDS
    hint = (
        "Grid search trains every setting once per fold (settings × folds); then the best "
        "setting is trained again on the whole training split, once per seed."
    )
    mistakes = {
        settings * FOLDS: "You counted the grid search but not the final retraining of the best "
        "setting with each of the 5 seeds.",
        settings * FOLDS + 1: "GridSearchCV's single refit is replaced here by 5 retrainings of "
        "the best setting, one per seed (refit=False).",
        settings + SEEDS: "Each setting is trained once PER FOLD in 5-fold cross-validation.",
        settings * FOLDS * SEEDS: "The seeds are used only for the final retraining of the best "
        "setting, not for the whole grid search.",
        settings * FOLDS * SEEDS + SEEDS: "The seeds are used only for the final retraining, not "
        "for the grid search.",
        (settings + 1) * FOLDS: "The final retraining uses the 5 seeds on the whole training "
        "split: 5 trainings, added once, not one more grid setting.",
    }
    return check_number(
        answer, expected, whole=True, mistakes=mistakes, what="a whole number of trainings",
        right=f"Right: {settings} settings × {FOLDS} folds + {SEEDS} seeds = {expected} "
        "trainings for ONE model on ONE dataset. Every baseline gets the same treatment, which "
        "is why honest benchmarks are expensive and quantum models are run at small scale.",
        wrong="{value} is not the number of trainings.", hint=hint,
    )


add_solution(
    "7.2",
    """settings = 3 * 2                 # 3 learning rates x 2 depths
answer = settings * 5 + 5          # 5-fold CV of every setting, then 5 seeds of the best = 35""",
)


# --- 7.3 ---------------------------------------------------------------------------------------

#: The questions to ask of any claim that a quantum model beats classical ones (key -> question).
CHECKLIST: dict[str, str] = {
    "tuned_baselines": "Were strong classical baselines tuned with the same effort (same grid "
    "search, same cross-validation) as the quantum model?",
    "same_data": "Did every model see the same data, the same train/test splits and the same "
    "seeds?",
    "uncertainty": "Are there several seeds, confidence intervals and a paired test?",
    "resources": "Are the resources counted and compared (qubits, parameters, circuit "
    "executions)?",
    "ablation": "Is there an ablation: the same model without entanglement, or its classical "
    "counterpart?",
    "clean_test": "Was the test split used once, at the end (hyperparameters chosen by "
    "cross-validation on the training split)?",
}

#: The claim of exercise 7.3.
CLAIM = (
    "We tuned our 6-qubit QNN and an SVC baseline with the same 5-fold grid search on the "
    "training split of breast_cancer and report, in Table 2, the qubits, parameters and circuit "
    "executions of each. On the common test split, used once after tuning, the QNN reaches "
    "94.1% accuracy and the SVC 92.7% (one training run each). The QNN therefore shows a "
    "quantum advantage."
)

_CLAIM_MISSING = {"uncertainty", "ablation"}
_CLAIM_WHY = {
    "uncertainty": "one training run each: no seeds, no interval, no paired test; a 1.4-point "
    "gap may well be seed noise",
    "ablation": "nothing says whether the same QNN without entanglement (or its classical "
    "counterpart) does as well, so the 'quantum' part is not shown to matter",
    "tuned_baselines": "the SVC went through the same 5-fold grid search",
    "same_data": "both were evaluated on the common test split of the same data",
    "resources": "Table 2 reports qubits, parameters and circuit executions",
    "clean_test": "the test split was used once, after tuning by cross-validation",
}


def check_claim(answer: Any) -> Feedback:
    """Exercise 7.3: the set of :data:`CHECKLIST` keys that :data:`CLAIM` fails.

    Examples
    --------
    >>> check_claim({"uncertainty", "ablation"}).passed
    True
    >>> check_claim({"uncertainty"}).passed
    False
    """
    hint = (
        "Go through CHECKLIST item by item and look for the sentence of the claim that answers "
        "it; only list the items that the claim does NOT answer. Keys: "
        + ", ".join(CHECKLIST)
    )
    if is_unanswered(answer):
        return Feedback(False, NO_ANSWER, hint)
    if isinstance(answer, str):
        answer = {answer}
    try:
        chosen = {str(item).strip() for item in answer}
    except TypeError:
        return Feedback(False, f"Expected a set of checklist keys; got {answer!r}.", hint)
    unknown = sorted(chosen - set(CHECKLIST))
    if unknown:
        return Feedback(
            False, f"Not checklist keys: {unknown}. Valid keys: {', '.join(CHECKLIST)}.", hint
        )
    if chosen == _CLAIM_MISSING:
        return Feedback(
            True,
            "Right: the claim fails 'uncertainty' (" + _CLAIM_WHY["uncertainty"] + ") and "
            "'ablation' (" + _CLAIM_WHY["ablation"] + "). Everything else is done well, and "
            "still the conclusion 'quantum advantage' does not follow.",
        )
    problems = [f"'{key}' is missing: {_CLAIM_WHY[key]}." for key in sorted(_CLAIM_MISSING -
                                                                           chosen)]
    problems += [f"'{key}' is actually addressed: {_CLAIM_WHY[key]}." for key in
                 sorted(chosen - _CLAIM_MISSING)]
    return Feedback(False, " ".join(problems), hint)


add_solution(
    "7.3",
    """answer = {"uncertainty", "ablation"}
# uncertainty: "one training run each" - no seeds, no confidence interval, no paired test
# ablation: no no-entanglement model or classical counterpart to show the quantum part matters
# the rest is addressed: same grid search (tuned_baselines), common split (same_data),
# Table 2 (resources), test split used once after tuning (clean_test)""",
)

"""Exercise checks for notebook 07, honest benchmarking.

- 7.1 Holm's correction for multiple comparisons, by hand: :func:`check_holm`
- 7.2 the cost of the benchmarking protocol, in trainings: :func:`check_protocol_trainings`
- 7.3 what a claim of quantum advantage leaves out: :func:`check_claim`

The advantage-claim checklist of the notebook is :data:`CHECKLIST` (key -> question).

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
from collections.abc import Mapping
from typing import Any

import numpy as np

from qnnlab.bench.stats import adjust_pvalues
from qnnlab.exercises._core import NO_ANSWER, Feedback, add_solution, check_number, is_unanswered

__all__ = [
    "ALPHA",
    "CHECKLIST",
    "CLAIM",
    "P_VALUES",
    "check_claim",
    "check_holm",
    "check_protocol_trainings",
    "holm_mistakes",
]


# --- 7.1 ---------------------------------------------------------------------------------------

#: Exercise 7.1: uncorrected p-values of four comparisons with the best classical baseline.
P_VALUES: dict[str, float] = {"hybrid": 0.004, "no_entanglement": 0.03,
                              "classical_counterpart": 0.012, "logistic_regression": 0.04}
#: Significance level of exercise 7.1 (family-wise, after the correction).
ALPHA = 0.05


def holm_mistakes(pvalues: Mapping[str, float]) -> dict[str, np.ndarray]:
    """Holm-corrected p-values of ``pvalues`` (in their order) and the results of common mistakes.

    Parameters
    ----------
    pvalues : mapping of str to float
        Uncorrected p-values by comparison name.

    Returns
    -------
    dict
        ``"right"`` (Holm's step-down method, :func:`qnnlab.bench.stats.adjust_pvalues`: the
        i-th smallest of m p-values times ``m - i + 1``, made non-decreasing in that order,
        capped at 1), ``"none"`` (uncorrected),
        ``"bonferroni"`` (``m p``), ``"no_max"`` (Holm's factors without the running maximum),
        ``"rank_factor"`` (factor ``i`` instead of ``m - i + 1``) and ``"sorted"`` (the right
        values, but listed from smallest to largest p instead of in the given order).

    Examples
    --------
    >>> [round(float(p), 3) for p in holm_mistakes({"a": 0.01, "b": 0.04, "c": 0.03})["right"]]
    [0.03, 0.06, 0.06]
    """
    p = np.asarray(list(pvalues.values()), dtype=float)
    if p.size == 0 or not np.all((p >= 0) & (p <= 1)):
        raise ValueError(f"pvalues must be numbers in [0, 1]; got {dict(pvalues)}")
    m, order = p.size, np.argsort(p, kind="stable")

    def in_order(sorted_values: np.ndarray) -> np.ndarray:
        out = np.empty(m)
        out[order] = np.minimum(1.0, sorted_values)
        return out

    right = adjust_pvalues(p, "holm")
    return {
        "right": right,
        "none": p.copy(),
        "bonferroni": adjust_pvalues(p, "bonferroni"),
        "no_max": in_order((m - np.arange(m)) * p[order]),
        "rank_factor": in_order(np.maximum.accumulate(np.arange(1, m + 1) * p[order])),
        "sorted": np.sort(right),
    }


_HOLM_MISTAKES = {
    "none": "These are the uncorrected p-values. With several comparisons one of them is "
    "'significant' by chance far more often than 5% of the time: correct them.",
    "bonferroni": "That is Bonferroni (every p times m). Holm multiplies only the SMALLEST p by "
    "m, the next by m - 1, and so on: never less powerful.",
    "no_max": "Almost: you forgot the running maximum. In order of increasing p, a corrected "
    "value may never be smaller than the one before it (np.maximum.accumulate).",
    "rank_factor": "The factors run the other way: the smallest p gets m, the largest gets 1.",
    "sorted": "The values are right but in the wrong order: give them in the order of P_VALUES "
    "(or as a dict by name), not sorted.",
}


def _read_pvalues(answer: Any, names: list[str]) -> np.ndarray | None:
    """The learner's corrected p-values in the order of ``names``, or None if unreadable."""
    if isinstance(answer, Mapping):
        if set(map(str, answer)) != set(names):
            return None
        answer = [answer[name] for name in names]
    if isinstance(answer, (str, bytes)):
        return None
    try:
        values = np.asarray(answer, dtype=float).ravel()
    except (TypeError, ValueError):
        return None
    return values if values.size == len(names) and np.all(np.isfinite(values)) else None


def check_holm(answer: Any, pvalues: Mapping[str, float] | None = None,
               alpha: float = ALPHA) -> Feedback:
    """Exercise 7.1: the Holm-corrected p-values of ``pvalues`` (default :data:`P_VALUES`).

    Parameters
    ----------
    answer : list of float or dict
        The corrected p-values, in the order of ``pvalues`` or by name.
    pvalues : mapping of str to float, optional
        The uncorrected p-values.
    alpha : float, default=0.05
        The level the verdicts use, for the feedback.

    Examples
    --------
    >>> check_holm([0.016, 0.06, 0.036, 0.06]).passed
    True
    >>> check_holm([0.016, 0.12, 0.048, 0.16]).message[:25]
    'That is Bonferroni (every'
    """
    pvalues = dict(P_VALUES if pvalues is None else pvalues)
    names = list(pvalues)
    hint = (
        "Sort the m p-values from smallest to largest; multiply the smallest by m, the next by "
        "m - 1, ..., the largest by 1; then go along that order and replace every value by the "
        "largest seen so far; cap at 1; finally put them back in the order of the names."
    )
    if is_unanswered(answer):
        return Feedback(False, NO_ANSWER, hint)
    values = _read_pvalues(answer, names)
    if values is None:
        return Feedback(False, f"Expected {len(names)} numbers, in the order {names} (a list) "
                        f"or as a dict with those names; got {answer!r}.", hint)
    results = holm_mistakes(pvalues)
    tol = 1e-3
    if np.allclose(values, results["right"], atol=tol):
        kept = [n for n, p in zip(names, results["right"]) if p < alpha]
        raw = [n for n, p in pvalues.items() if p < alpha]
        return Feedback(
            True,
            f"Right. Below {alpha} before the correction: {len(raw)} of {len(names)} "
            f"({', '.join(raw) or 'none'}); after Holm's correction: {len(kept)} "
            f"({', '.join(kept) or 'none'}). The others now say 'not enough evidence'.",
        )
    for mistake, message in _HOLM_MISTAKES.items():
        if np.allclose(values, results[mistake], atol=tol):
            return Feedback(False, message, hint)
    wrong = [n for n, v, r in zip(names, values, results["right"]) if abs(v - r) > tol]
    return Feedback(False, f"Not right for: {', '.join(wrong)}.", hint)


add_solution(
    "7.1",
    """import numpy as np

names = list(P_VALUES)
p = np.array([P_VALUES[name] for name in names])
m = len(p)
order = np.argsort(p)                                  # smallest p first
stepped = np.maximum.accumulate((m - np.arange(m)) * p[order])
corrected = np.empty(m)
corrected[order] = np.minimum(1.0, stepped)            # back in the order of the names
answer = dict(zip(names, corrected))
# the same: qnnlab.bench.stats.adjust_pvalues(p, "holm")""",
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

#: The advantage-claim checklist: the questions to ask of any claim that a quantum model beats
#: classical ones (key -> question).
CHECKLIST: dict[str, str] = {
    "tuned_baselines": "Were strong classical baselines tuned as thoroughly as the quantum model "
    "(their full grids, the same cross-validation)?",
    "validation_selection": "Were every model's settings, and the best baseline, chosen on "
    "validation data only, with the test split used once, at the end?",
    "same_data": "Did every model see the same data, the same train/test splits and the same "
    "seeds?",
    "converged": "Were the gradient-trained models (quantum and classical) trained to "
    "convergence, and are the runs that stopped at their epoch cap flagged?",
    "uncertainty": "Are there several seeds, intervals that include the test-set sampling "
    "error, and the paired difference with its own interval?",
    "multiple_comparisons": "Are the p-values corrected for the number of comparisons "
    "(datasets x models), e.g. by Holm's method?",
    "resources": "Are the resources counted and compared (qubits, parameters, circuit "
    "executions)?",
    "ablation": "Is there an ablation: the same model without entanglement, or its classical "
    "counterpart?",
}

#: The claim of exercise 7.3.
CLAIM = (
    "We compared our 6-qubit QNN with an SVC, a random forest and an MLP on 8 datasets of one "
    "generator family, with the same train/test splits and seeds 0-9 for every model. Every "
    "model was tuned over its full grid with the same 5-fold cross-validation on the training "
    "split; the best baseline is the one with the highest cross-validation score, and the test "
    "split was used once, for the final scores. The QNN was trained for 20 epochs; the "
    "classical models were trained until their loss converged. On 1 of the 8 datasets the QNN "
    "beats the best baseline: paired difference +1.8 points, 95% bootstrap interval over seeds "
    "and test samples +0.4 to +3.1, p = 0.03. Table 3 lists the qubits, parameters and circuit "
    "executions of every model, and on that dataset the QNN without its entangling gates scores "
    "4 points lower. The QNN therefore shows a quantum advantage."
)

_CLAIM_MISSING = {"converged", "multiple_comparisons"}
_CLAIM_WHY = {
    "converged": "the QNN got a fixed 20 epochs while the classical models trained to "
    "convergence: nothing says the QNN had converged, so the comparison partly measures a "
    "training budget",
    "multiple_comparisons": "one 'significant' result out of 8 datasets, with p = 0.03 "
    "uncorrected: Holm's correction over 8 comparisons multiplies the smallest p by 8",
    "tuned_baselines": "every model was tuned over its full grid with the same 5-fold "
    "cross-validation",
    "validation_selection": "settings and the best baseline were chosen on cross-validation "
    "scores, and the test split was used once",
    "same_data": "every model had the same splits and seeds",
    "uncertainty": "10 seeds and a paired bootstrap interval over seeds and test samples",
    "resources": "Table 3 reports qubits, parameters and circuit executions",
    "ablation": "the QNN without entangling gates was run too",
}


def check_claim(answer: Any) -> Feedback:
    """Exercise 7.3: the set of :data:`CHECKLIST` keys that :data:`CLAIM` fails.

    Examples
    --------
    >>> check_claim({"converged", "multiple_comparisons"}).passed
    True
    >>> check_claim({"converged"}).passed
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
            "Right: the claim fails 'converged' (" + _CLAIM_WHY["converged"] + ") and "
            "'multiple_comparisons' (" + _CLAIM_WHY["multiple_comparisons"] + "). Everything "
            "else is done well, and still the conclusion 'quantum advantage' does not follow: "
            "at best, the data do not contradict one, on one dataset.",
        )
    problems = [f"'{key}' is missing: {_CLAIM_WHY[key]}." for key in sorted(_CLAIM_MISSING -
                                                                           chosen)]
    problems += [f"'{key}' is actually addressed: {_CLAIM_WHY[key]}." for key in
                 sorted(chosen - _CLAIM_MISSING)]
    return Feedback(False, " ".join(problems), hint)


add_solution(
    "7.3",
    """answer = {"converged", "multiple_comparisons"}
# converged: the QNN had a fixed 20 epochs, the classical models trained to convergence
# multiple_comparisons: 1 'win' of 8 datasets at p = 0.03, uncorrected (Holm: 8 x 0.03 > 0.05)
# the rest is addressed: full grids with the same CV (tuned_baselines), selection on CV and
# the test split used once (validation_selection), same splits and seeds (same_data), seeds and
# a bootstrap interval over seeds and test samples (uncertainty), Table 3 (resources), the QNN
# without entangling gates (ablation)""",
)

"""Exercise checks for notebook 09, the capstone study.

- 9.1 a research plan written before running: :func:`check_plan`
- 9.2 the experiment config against the honest-science checklist: :func:`check_study_config`
- 9.3 the conclusion the numbers allow: :func:`check_conclusion`

Examples
--------
>>> check_plan(...)
❌ No answer yet: replace the ... / None with your answer.
💡 Hint: ...
>>> check_conclusion("better", None, {}).passed
False
"""

from __future__ import annotations

import math
import re
import warnings
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from qnnlab.exercises._core import NO_ANSWER, Feedback, add_solution, is_unanswered

__all__ = ["STUDY_CHECKLIST", "VERDICTS", "check_conclusion", "check_plan", "check_study_config",
           "expected_conclusion", "paired_comparison", "study_checklist"]

#: Metrics a plan may compare models on (per-seed test scores of ``qnnlab.bench.run``).
SCORE_METRICS = ("accuracy", "f1_macro", "roc_auc")
#: Classical baselines of the benchmark registry (the counterpart is an ablation, not a baseline).
BASELINES = ("logistic_regression", "svc_rbf", "mlp", "random_forest")
#: Smallest test set that still resolves accuracy in steps of 5 points.
MIN_TEST_SAMPLES = 20
_DEFAULT_EPOCHS = 30
_DEFAULT_N_SAMPLES = 200


# --- 9.1 ---------------------------------------------------------------------------------------

_PLAN_KEYS = ("question", "hypothesis", "model", "baseline", "metric", "alpha")
_DIRECTION = re.compile(
    r"\b(higher|lower|better|worse|more|less|fewer|greater|smaller|larger|outperform\w*|beat\w*|"
    r"exceed\w*|match\w*|equal\w*|same|differ\w*|drop\w*|increase\w*|decrease\w*|at least|"
    r"at most|within)\b",
    re.IGNORECASE,
)


def _plan_models(plan: Mapping[str, Any]) -> list[Any]:
    """The plan's model labels: ``model`` is one label or a list of labels."""
    model = plan.get("model")
    return list(model) if isinstance(model, (list, tuple)) else [model]


def _plan_problems(plan: Mapping[str, Any]) -> list[str]:
    problems = []
    missing = [key for key in _PLAN_KEYS if is_unanswered(plan.get(key))]
    if missing:
        return [f"fill in {', '.join(missing)}"]
    question, hypothesis = plan["question"], plan["hypothesis"]
    if not isinstance(question, str) or not question.strip().endswith("?"):
        problems.append("the question should be one sentence ending with '?'")
    if not isinstance(hypothesis, str) or len(hypothesis.split()) < 6:
        problems.append("the hypothesis should be a full sentence (at least 6 words)")
    elif hypothesis.strip().endswith("?"):
        problems.append("the hypothesis is a statement that can turn out false, not a question")
    elif not _DIRECTION.search(hypothesis):
        problems.append("the hypothesis should say which way the comparison goes (e.g. 'higher', "
                        "'lower', 'no better than', 'within 2 points of')")
    models = _plan_models(plan)
    if not models or not all(isinstance(m, str) for m in models) \
            or not isinstance(plan["baseline"], str):
        problems.append("model and baseline are the labels (strings) of models of your config "
                        "(model may be a list of labels, each compared with the baseline)")
    elif plan["baseline"] in models:
        problems.append("model and baseline must be two different models")
    elif len(set(models)) < len(models):
        problems.append("each model label may appear only once")
    if plan["metric"] not in SCORE_METRICS:
        problems.append(f"metric must be one of {', '.join(SCORE_METRICS)}; got "
                        f"{plan['metric']!r}")
    alpha = plan["alpha"]
    if isinstance(alpha, bool) or not isinstance(alpha, (int, float)) or not 0 < alpha <= 0.1:
        problems.append(f"alpha is a significance level such as 0.05 (in (0, 0.1]); got {alpha!r}")
    return problems


def check_plan(answer: Any) -> Feedback:
    """Exercise 9.1: a plan with a question, a testable hypothesis, the comparison and alpha.

    ``answer`` is a dict with the keys ``question``, ``hypothesis``, ``model`` and ``baseline``
    (model labels of the config; ``model`` may be a list of labels, each compared with the
    baseline), ``metric`` and ``alpha``.

    Examples
    --------
    >>> plan = {"question": "Does entanglement help on two_curves?",
    ...         "hypothesis": "The entangling model's accuracy is no higher than without it.",
    ...         "model": "entangled", "baseline": "product", "metric": "accuracy", "alpha": 0.05}
    >>> check_plan(plan).passed
    True
    """
    hint = (
        "Write the plan BEFORE you run anything: a question ending with '?', a hypothesis that "
        "the numbers could prove wrong ('the hybrid's mean accuracy is higher than the tuned "
        "SVC's'), the two model labels it compares, a metric (accuracy, f1_macro or roc_auc) "
        "and alpha, usually 0.05."
    )
    if is_unanswered(answer):
        return Feedback(False, NO_ANSWER, hint)
    if not isinstance(answer, Mapping):
        return Feedback(False, f"Expected a dict with keys {', '.join(_PLAN_KEYS)}; got "
                        f"{type(answer).__name__}.", hint)
    problems = _plan_problems(answer)
    if problems:
        return Feedback(False, "Not yet: " + "; ".join(problems) + ".", hint)
    models = _plan_models(answer)
    several = (f" {len(models)} comparisons: exercise 9.3 corrects their p-values together "
               "(Holm), so every extra comparison costs power." if len(models) > 1 else "")
    return Feedback(
        True,
        f"A clear plan: {' and '.join(map(repr, models))} against {answer['baseline']!r} on "
        f"{answer['metric']} at alpha = {answer['alpha']}.{several} Keep it as written, "
        "whatever the results say; a hypothesis changed after the results is no longer a test.",
    )


add_solution(
    "9.1",
    """plan = {
    "question": "Does entanglement help a 2-qubit hybrid classifier on moons?",
    "hypothesis": "The entangling hybrid's mean test accuracy is no higher than that of the "
                  "same model without entangling gates.",
    "model": "hybrid",            # labels of models in the config
    "baseline": "no_entanglement",
    "metric": "accuracy",
    "alpha": 0.05,
}""",
)


# --- 9.2 ---------------------------------------------------------------------------------------

#: The honest-science checklist of a study config: key -> (required, what it asks).
STUDY_CHECKLIST: dict[str, tuple[bool, str]] = {
    "seeds": (True, "at least 3 seeds, so that there is a spread and a confidence interval"),
    "hybrid": (True, "a hybrid (quantum) model: the thing the study is about"),
    "baseline": (True, "a classical baseline (logistic_regression, svc_rbf, mlp or "
                       "random_forest)"),
    "test_split": (True, f"a held-out test split of at least {MIN_TEST_SAMPLES} samples "
                         "(test_size between 0.1 and 0.5)"),
    "full_grids": (True, "every model searches its whole grid by cross-validation (no "
                         "search_budget that samples a few settings: an equal count of settings "
                         "under-tunes cheap classical baselines)"),
    "training_budget": (True, "the same training budget (epochs) for every hybrid model and "
                              "its classical counterpart"),
    "plan_models": (True, "the plan's model and baseline are labels of the config's models"),
    "ablation": (False, "an ablation: the classical_counterpart, or a hybrid without "
                        "entanglement (e.g. ansatz sim_1)"),
    "cv": (False, "cross-validation with at least 3 folds for the hyperparameter search"),
}


def _load_experiment(config: Any) -> Any:
    from qnnlab.bench.config import load_config

    if isinstance(config, (str, Path)) and not Path(config).is_file() and "\n" in str(config):
        import yaml

        config = yaml.safe_load(str(config))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return load_config(config)


def _setting(spec: Any, name: str, default: Any) -> list[Any]:
    if name in spec.grid:
        return sorted(spec.grid[name], key=repr)
    return [spec.params.get(name, default)]


def _entangling(spec: Any) -> bool:
    from qnnlab import ansatze

    names = _setting(spec, "ansatz", "strongly_entangling")
    return all(ansatze.get(name).entangling for name in names if name in ansatze.available())


def study_checklist(config: Any, plan: Mapping[str, Any] | None = None) -> dict[str, bool]:
    """Evaluate :data:`STUDY_CHECKLIST` on a config (YAML path, YAML text, dict or Experiment).

    Raises
    ------
    ValueError
        If the config itself is invalid (the bench's ``ConfigError``) or unreadable.

    Examples
    --------
    >>> items = study_checklist({"datasets": [{"name": "moons"}],
    ...                          "models": [{"model": "svc_rbf"}], "seeds": [0]})
    >>> items["seeds"], items["baseline"], items["hybrid"]
    (False, True, False)
    """
    from qnnlab.bench.config import grid_size

    experiment = _load_experiment(config)
    models = experiment.models
    hybrids = [spec for spec in models if spec.model == "hybrid"]
    trained = [spec for spec in models if spec.model in ("hybrid", "classical_counterpart")]
    n_test = [experiment.test_size * spec.kwargs.get("n_samples", _DEFAULT_N_SAMPLES)
              for spec in experiment.datasets]
    labels = {spec.label for spec in models}
    plan_ok = plan is None or {*map(str, _plan_models(plan)), str(plan.get("baseline"))} <= labels
    return {
        "seeds": len(experiment.seeds) >= 3,
        "hybrid": bool(hybrids),
        "baseline": any(spec.model in BASELINES for spec in models),
        "test_split": 0.1 <= experiment.test_size <= 0.5 and min(n_test) >= MIN_TEST_SAMPLES,
        "full_grids": all(experiment.n_candidates(spec) == grid_size(spec.grid)
                          for spec in models),
        "training_budget": len({repr(_setting(spec, "epochs", _DEFAULT_EPOCHS))
                                for spec in trained}) <= 1,
        "plan_models": plan_ok,
        "ablation": any(spec.model == "classical_counterpart" for spec in models)
        or any(not _entangling(spec) for spec in hybrids),
        "cv": experiment.cv >= 3,
    }


def check_study_config(answer: Any, plan: Mapping[str, Any] | None = None) -> Feedback:
    """Exercise 9.2: does the study config pass the honest-science checklist?

    Parameters
    ----------
    answer : str, Path, dict or Experiment
        The config: a YAML file, YAML text, a mapping or a parsed experiment.
    plan : dict, optional
        The plan of exercise 9.1; its model and baseline must be labels of the config.

    Examples
    --------
    >>> config = {
    ...     "seeds": [0, 1, 2], "test_size": 0.2, "cv": 3,
    ...     "datasets": [{"name": "moons", "n_samples": 100}],
    ...     "models": [
    ...         {"model": "hybrid", "params": {"n_qubits": 2, "epochs": 5},
    ...          "grid": {"learning_rate": [0.05, 0.1]}},
    ...         {"model": "classical_counterpart", "counterpart_of": "hybrid"},
    ...         {"model": "svc_rbf", "grid": {"C": [1.0, 10.0]}}]}
    >>> check_study_config(config).passed
    True
    """
    hint = (
        "Fix the items marked ❌ in your YAML, write it to the file again and re-run this "
        "check. Common slips: only 1-2 seeds, no sklearn baseline (the counterpart is an "
        "ablation, not a tuned baseline), a search_budget that samples only a few settings of "
        "each grid, "
        "different epochs for the hybrid and its counterpart."
    )
    if is_unanswered(answer):
        return Feedback(False, NO_ANSWER, hint)
    try:
        items = study_checklist(answer, plan)
    except (ValueError, TypeError, FileNotFoundError) as error:
        return Feedback(False, f"The config is not valid yet: {error}", hint)
    lines, missing = [], []
    for key, (required, text) in STUDY_CHECKLIST.items():
        ok = items[key]
        mark = "✅" if ok else ("❌" if required else "⚠️ (recommended)")
        lines.append(f"{mark} {text}")
        if required and not ok:
            missing.append(key)
    table = "\n".join(lines)
    if missing:
        return Feedback(False, f"{len(missing)} required item(s) missing: {', '.join(missing)}."
                        f"\n{table}", hint)
    return Feedback(True, f"The design is fair and reproducible.\n{table}")


add_solution(
    "9.2",
    """config_text = '''
name: my-study
description: Does entanglement help a small hybrid classifier on moons?
seeds: [0, 1, 2]                # >= 3 seeds
test_size: 0.25                 # 100 samples -> 25 test points
cv: 3                           # no search_budget: every model searches its whole grid
datasets:
  - {name: moons, n_samples: 100}
models:
  - model: hybrid
    params: {n_qubits: 2, n_layers: 2, ansatz: sim_2, epochs: 5, batch_size: 16}
    grid: {learning_rate: [0.05, 0.1]}
  - model: hybrid
    label: no_entanglement
    params: {n_qubits: 2, n_layers: 2, ansatz: sim_1, epochs: 5, batch_size: 16}
    grid: {learning_rate: [0.05, 0.1]}
  - {model: classical_counterpart, counterpart_of: hybrid}   # same epochs, same grid
  - {model: svc_rbf}             # a tuned classical baseline: its default grid (C and gamma)
'''
config_path.write_text(config_text)
answer = config_path""",
)


# --- 9.3 ---------------------------------------------------------------------------------------

#: The verdicts of exercise 9.3, in the words of ``qnnlab.bench.stats.verdict`` (notebook 07).
VERDICTS = ("better", "worse", "not enough evidence")
#: Other words for "not enough evidence", accepted with a note on why the course avoids them.
_SYNONYMS = {"not significant": "not enough evidence", "no evidence": "not enough evidence",
             "not enough evidence of a difference": "not enough evidence"}


def _rows(results: pd.DataFrame, label: str) -> pd.DataFrame:
    """The finished jobs of one model (by variant, else by model name): one row per seed."""
    frame = results[results["status"] == "ok"] if "status" in results else results
    rows = frame[frame["variant"] == label] if "variant" in frame else frame.iloc[:0]
    if rows.empty:
        rows = frame[frame["model"] == label] if "model" in frame else rows
    if rows.empty:
        known = sorted(frame["variant"].unique()) if "variant" in frame else []
        raise ValueError(f"no finished results for {label!r}; variants: {known}")
    if rows["seed"].duplicated().any():
        raise ValueError(f"{label!r} has several results per seed (a noise or size sweep); "
                         "compare one variant: select its rows first")
    return rows.assign(status="ok")


def _outcomes(results: pd.DataFrame, label: str, metric: str) -> dict[int, Any]:
    """Per-seed test outcomes of one model; per-sample pairing only where it means ``metric``."""
    from qnnlab.bench.stats import seed_outcomes

    outcomes = seed_outcomes(_rows(results, label), metric)
    if metric != "accuracy":  # per-sample correctness pairs accuracies, not this metric
        outcomes = {seed: o._replace(per_sample=None) for seed, o in outcomes.items()}
    return outcomes


def _comparisons(results: pd.DataFrame, plan: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Every comparison of the plan, paired by seed (and test sample), Holm-corrected together.

    One dict per model of the plan: its :func:`qnnlab.bench.stats.paired_difference` result
    with ``model``, ``baseline``, both means, ``p_adjusted`` and ``correction`` ("holm" for
    several comparisons, "none" for one).
    """
    from qnnlab.bench.stats import N_BOOTSTRAP, adjust_pvalues, paired_difference

    metric, alpha = plan.get("metric", "accuracy"), plan.get("alpha", 0.05)
    models, baseline = _plan_models(plan), plan["baseline"]
    theirs = _outcomes(results, baseline, metric)
    # the bootstrap p-value cannot go below 2 / (n_boot + 1); as in bench.summarize, enough
    # replicates that this floor cannot by itself block a corrected verdict
    n_boot = max(N_BOOTSTRAP, math.ceil(4 * len(models) / alpha))
    found = []
    for model in models:
        mine = _outcomes(results, model, metric)
        seeds = sorted(set(mine) & set(theirs))
        result = paired_difference([mine[s] for s in seeds], [theirs[s] for s in seeds],
                                   n_boot=n_boot, random_state=0)
        found.append({"model": model, "baseline": baseline, **result,
                      "model_mean": float(sum(mine[s].accuracy for s in seeds) / len(seeds))
                      if seeds else math.nan,
                      "baseline_mean": float(sum(theirs[s].accuracy for s in seeds) / len(seeds))
                      if seeds else math.nan})
    correction = "holm" if len(found) > 1 else "none"
    for item, p in zip(found, adjust_pvalues([f["p_value"] for f in found], correction)):
        item.update(p_adjusted=float(p), correction=correction)
    return found


def paired_comparison(results: pd.DataFrame, plan: Mapping[str, Any]) -> pd.DataFrame:
    """The numbers to decide exercise 9.3 from, without the decision.

    One row per model of the plan (``plan["model"]``: a label or a list of labels), each
    compared with ``plan["baseline"]`` on the same seeds: both mean scores, the ``difference``
    (model - baseline) with its 95% bootstrap interval (``diff_low``, ``diff_high``: seeds and
    test samples resampled, see :func:`qnnlab.bench.stats.paired_difference`), what it was
    paired by, the bootstrap ``p_value``, ``p_adjusted`` (Holm across the plan's comparisons
    when there are several; the same p for one) and the plan's ``alpha``. Reading them is the
    exercise; :func:`expected_conclusion` gives the verdict.

    Examples
    --------
    >>> results = pd.DataFrame({"variant": ["a"] * 3 + ["b"] * 3, "seed": [0, 1, 2] * 2,
    ...                         "status": "ok", "n_test": 40,
    ...                         "accuracy": [0.9, 0.8, 0.85, 0.875, 0.825, 0.85]})
    >>> table = paired_comparison(results, {"model": "a", "baseline": "b", "alpha": 0.05})
    >>> table[["baseline", "n", "difference"]].round(3)
      baseline  n  difference
    a        b  3         0.0
    >>> bool(table.loc["a", "diff_low"] < 0 < table.loc["a", "diff_high"])
    True
    """
    columns = ["baseline", "n", "paired_by", "model_mean", "baseline_mean", "mean_difference",
               "diff_low", "diff_high", "p_value", "p_adjusted", "correction"]
    table = pd.DataFrame(_comparisons(results, plan)).set_index("model")[columns]
    table.index.name = None
    table["alpha"] = plan.get("alpha", 0.05)
    return table.rename(columns={"mean_difference": "difference"})


def _word(sentence: str) -> str:
    """The verdict word of a :func:`qnnlab.bench.stats.verdict` sentence."""
    return next(word for word in VERDICTS if sentence.startswith(word))


def expected_conclusion(results: pd.DataFrame, plan: Mapping[str, Any]) -> dict[str, Any]:
    """The verdicts that the plan's comparisons allow, as notebook 07 draws them.

    "better" or "worse" only when the (Holm-corrected, for several comparisons) p-value is
    below the plan's ``alpha`` *and* the 95% interval of the difference excludes zero; else
    "not enough evidence" (:func:`qnnlab.bench.stats.verdict`).

    Returns
    -------
    dict
        ``verdict``: the answer of exercise 9.3, a word of :data:`VERDICTS` when the plan has
        one model, else a dict model label -> word; ``comparisons``: one dict per model with
        the numbers of :func:`paired_comparison`, the ``verdict`` word and the ``sentence``.

    Examples
    --------
    >>> results = pd.DataFrame({"variant": ["a"] * 3 + ["b"] * 3, "seed": [0, 1, 2] * 2,
    ...                         "status": "ok", "n_test": 40,
    ...                         "accuracy": [0.9, 0.8, 0.85, 0.875, 0.825, 0.85]})
    >>> found = expected_conclusion(results, {"model": "a", "baseline": "b",
    ...                                       "metric": "accuracy", "alpha": 0.05})
    >>> found["verdict"]
    'not enough evidence'
    >>> found["comparisons"][0]["sentence"][:40]
    'not enough evidence of a difference from'
    """
    from qnnlab.bench.stats import verdict

    comparisons = _comparisons(results, plan)
    for item in comparisons:
        item["sentence"] = verdict(item, item["baseline"], plan.get("alpha", 0.05),
                                   item["correction"])
        item["verdict"] = _word(item["sentence"])
    words = {item["model"]: item["verdict"] for item in comparisons}
    answer = words if isinstance(plan.get("model"), (list, tuple)) else comparisons[0]["verdict"]
    return {"verdict": answer, "comparisons": comparisons}


def _normalise(word: Any) -> tuple[str | None, str]:
    """A verdict word and a note when a synonym was used; ``None`` if it is not one."""
    text = " ".join(word.strip().lower().split()) if isinstance(word, str) else None
    if text in _SYNONYMS:
        return _SYNONYMS[text], (f" (You wrote {word.strip()!r}: accepted. The course says "
                                 "'not enough evidence', which cannot be misread as 'no "
                                 "difference'.)")
    return (text, "") if text in VERDICTS else (None, "")


def _answers(answer: Any, models: list[str]) -> dict[str, Any] | str:
    """The learner's word per model, or a message saying what shape the answer should have."""
    if len(models) == 1:
        return {models[0]: answer}
    if isinstance(answer, Mapping) and set(answer) == set(models):
        return dict(answer)
    return (f"Your plan compares {len(models)} models with the baseline: answer a dict with "
            f"one verdict per model, keys {models}; got {answer!r}.")


def _numbers(item: Mapping[str, Any], alpha: float) -> str:
    """Difference, interval and (corrected) p of one comparison, in points."""
    if item["n"] < 2:
        return (f"{item['model']} vs {item['baseline']}: only {item['n']} paired seed(s), no "
                "seed-to-seed spread to judge from")
    p_name = "Holm-corrected p" if item["correction"] == "holm" else "p"
    return (f"{item['model']} vs {item['baseline']}: difference "
            f"{item['mean_difference'] * 100:+.1f} points, 95% CI "
            f"{item['diff_low'] * 100:+.1f} to {item['diff_high'] * 100:+.1f}, {p_name} = "
            f"{item['p_adjusted']:.2g} (alpha = {alpha}; {item['n']} seeds, paired by "
            f"{item['paired_by']})")


def _judge(word: str | None, item: Mapping[str, Any], alpha: float) -> tuple[bool, str]:
    """Whether ``word`` is the verdict of one comparison, and why (or why not)."""
    numbers, expected = _numbers(item, alpha), item["verdict"]
    if word is None:
        return False, f"{item['model']}: answer one of {', '.join(map(repr, VERDICTS))}."
    if word == expected:
        return True, f"{numbers} -> {expected}."
    if expected == "not enough evidence":
        why = ("the interval includes 0" if item["diff_low"] <= 0 <= item["diff_high"]
               else f"the p-value is not below alpha = {alpha}")
        return False, f"The data do not support '{word}': {numbers}; {why}."
    return False, f"'{word}' does not follow: {numbers}."


def check_conclusion(answer: Any, results: pd.DataFrame | None,
                     plan: Mapping[str, Any] | None) -> Feedback:
    """Exercise 9.3: "better", "worse" or "not enough evidence": the plan's model vs baseline.

    Parameters
    ----------
    answer : str or dict
        The learner's verdict; a dict model label -> verdict when the plan lists several
        models. "not significant" is accepted for "not enough evidence", with a note.
    results : DataFrame
        The per-job results of ``qnnlab.bench.run`` (columns variant, seed, status, the metric
        and ``n_test``/``test_correct`` for the test-sampling error).
    plan : dict
        The plan of exercise 9.1 (model, baseline, metric, alpha).

    Returns
    -------
    Feedback
        Passed if ``answer`` is the verdict of :func:`expected_conclusion`; the message names
        each difference, its interval and the (corrected) p-value.

    Examples
    --------
    >>> results = pd.DataFrame({"variant": ["hybrid"] * 3 + ["svc"] * 3,
    ...                         "seed": [0, 1, 2] * 2, "status": "ok", "n_test": 40,
    ...                         "accuracy": [0.9, 0.8, 0.85, 0.875, 0.825, 0.85]})
    >>> plan = {"question": "Is the hybrid more accurate than the SVC on moons?",
    ...         "hypothesis": "The hybrid's mean accuracy is higher than the SVC's.",
    ...         "model": "hybrid", "baseline": "svc", "metric": "accuracy", "alpha": 0.05}
    >>> check_conclusion("better", results, plan)
    ❌ The data do not support 'better': hybrid vs svc: difference +0.0 points, 95% CI ...
    💡 Hint: ...
    >>> check_conclusion("not enough evidence", results, plan).passed
    True
    """
    hint = (
        "Read the paired difference of YOUR model and YOUR baseline (the same seeds and test "
        "samples): 'better' or 'worse' needs both a (corrected) p-value below alpha AND a 95% "
        "interval of the difference that excludes 0; a higher mean alone is not enough."
    )
    if is_unanswered(answer):
        return Feedback(False, NO_ANSWER, hint)
    if results is None or not isinstance(plan, Mapping) or _plan_problems(plan):
        return Feedback(False, "First complete exercise 9.1 (the plan) and run the study, then "
                        "pass its results and plan.", hint)
    answers = _answers(answer, _plan_models(plan))
    if isinstance(answers, str):
        return Feedback(False, answers, hint)
    words = {model: _normalise(word) for model, word in answers.items()}
    if len(words) == 1 and next(iter(words.values()))[0] is None:
        return Feedback(False, f"Answer one of {', '.join(map(repr, VERDICTS))}; got "
                        f"{answer!r}.", hint)
    try:
        comparisons = expected_conclusion(results, plan)["comparisons"]
    except (KeyError, ValueError) as error:
        return Feedback(False, f"Cannot compare: {error}", hint)
    judged = [_judge(words[item["model"]][0], item, plan["alpha"]) for item in comparisons]
    notes = "".join(dict.fromkeys(note for _, note in words.values()))
    message = "\n".join(text for _, text in judged)
    if len(comparisons) > 1:
        message = (f"{len(comparisons)} comparisons, Holm-corrected together:\n{message}")
    if all(ok for ok, _ in judged):
        extra = (" 'Not enough evidence' is not 'equal': this study cannot tell them apart; the "
                 "interval shows how large a difference it cannot rule out."
                 if any(item["verdict"] == "not enough evidence" for item in comparisons)
                 else "")
        return Feedback(True, f"Right: {message}{extra}{notes}")
    return Feedback(False, message + notes, hint)


add_solution(
    "9.3",
    """from qnnlab.exercises.nb09 import expected_conclusion

found = expected_conclusion(results, plan)   # paired bootstrap difference, Holm if several
for comparison in found["comparisons"]:
    print(comparison["model"], comparison["sentence"])
answer = found["verdict"]   # 'better'/'worse' only if corrected p < alpha and the CI excludes 0""",
)

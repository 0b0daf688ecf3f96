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

__all__ = ["STUDY_CHECKLIST", "check_conclusion", "check_plan", "check_study_config",
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
    if not isinstance(plan["model"], str) or not isinstance(plan["baseline"], str):
        problems.append("model and baseline are the labels (strings) of two models of your "
                        "config")
    elif plan["model"] == plan["baseline"]:
        problems.append("model and baseline must be two different models")
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
    (model labels of the config), ``metric`` and ``alpha``.

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
    return Feedback(
        True,
        f"A clear plan: {answer['model']!r} against {answer['baseline']!r} on "
        f"{answer['metric']} at alpha = {answer['alpha']}. Keep it as written, whatever the "
        "results say; a hypothesis changed after the results is no longer a test.",
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
    plan_ok = plan is None or {plan.get("model"), plan.get("baseline")} <= labels
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

_VERDICTS = ("better", "worse", "not significant")


def _per_seed(results: pd.DataFrame, label: str, metric: str) -> pd.Series:
    frame = results[results["status"] == "ok"] if "status" in results else results
    rows = frame[frame["variant"] == label] if "variant" in frame else frame.iloc[:0]
    if rows.empty:
        rows = frame[frame["model"] == label]
    if rows["seed"].duplicated().any():
        raise ValueError(f"{label!r} has several results per seed (a noise or size sweep); "
                         "compare one variant: select its rows first")
    if rows.empty:
        known = sorted(frame["variant"].unique()) if "variant" in frame else []
        raise ValueError(f"no finished results for {label!r}; variants: {known}")
    return rows.set_index("seed")[metric].astype(float)


def _paired(results: pd.DataFrame, plan: Mapping[str, Any]) -> tuple[pd.DataFrame, dict]:
    """The plan's model and baseline per seed, and the paired tests of their difference."""
    from qnnlab.bench.stats import paired_tests

    metric = plan.get("metric", "accuracy")
    mine = _per_seed(results, plan["model"], metric)
    theirs = _per_seed(results, plan["baseline"], metric)
    seeds = mine.index.intersection(theirs.index).sort_values()
    table = pd.DataFrame({plan["model"]: mine.loc[seeds], plan["baseline"]: theirs.loc[seeds]})
    table["difference"] = table.iloc[:, 0] - table.iloc[:, 1]
    return table, paired_tests(table.iloc[:, 0].to_numpy(), table.iloc[:, 1].to_numpy())


def paired_comparison(results: pd.DataFrame, plan: Mapping[str, Any]) -> pd.DataFrame:
    """The numbers to decide exercise 9.3 from, without the decision.

    One row per seed: the plan's model, its baseline and their difference; the last rows give
    the mean difference and the paired tests' p-values (``t_pvalue``, ``wilcoxon_pvalue``) and
    the plan's ``alpha``. Reading them is the exercise; :func:`expected_conclusion` gives the
    verdict.

    Examples
    --------
    >>> results = pd.DataFrame({"variant": ["a"] * 3 + ["b"] * 3, "seed": [0, 1, 2] * 2,
    ...                         "status": "ok", "accuracy": [0.9, 0.8, 0.85, 0.88, 0.82, 0.84]})
    >>> table = paired_comparison(results, {"model": "a", "baseline": "b", "alpha": 0.05})
    >>> table.round(3).astype(str).to_dict("index")["mean difference"]["difference"]
    '0.003'
    >>> "verdict" in table.to_string()
    False
    """
    table, test = _paired(results, plan)
    summary = {"mean difference": test["mean_difference"], "t_pvalue": test["t_pvalue"],
               "wilcoxon_pvalue": test["wilcoxon_pvalue"], "alpha": plan.get("alpha", 0.05)}
    extra = pd.DataFrame({"difference": list(summary.values())}, index=list(summary))
    return pd.concat([table.rename(index=lambda seed: f"seed {seed}"), extra])


def expected_conclusion(results: pd.DataFrame, plan: Mapping[str, Any]) -> dict[str, Any]:
    """The paired comparison of the plan's model with its baseline, and the verdict it allows.

    Returns
    -------
    dict
        ``verdict`` ("better", "worse" or "not significant", for the model against the
        baseline), ``mean_difference``, ``t_pvalue`` and ``n`` (paired seeds), from
        :func:`qnnlab.bench.stats.paired_tests`.

    Examples
    --------
    >>> results = pd.DataFrame({"variant": ["a"] * 3 + ["b"] * 3, "seed": [0, 1, 2] * 2,
    ...                         "status": "ok", "accuracy": [0.9, 0.8, 0.85, 0.88, 0.82, 0.84]})
    >>> expected_conclusion(results, {"model": "a", "baseline": "b", "metric": "accuracy",
    ...                               "alpha": 0.05})["verdict"]
    'not significant'
    """
    _, test = _paired(results, plan)
    p = test["t_pvalue"]
    if math.isfinite(p) and p < plan.get("alpha", 0.05):
        verdict = "better" if test["mean_difference"] > 0 else "worse"
    else:
        verdict = "not significant"
    return {"verdict": verdict, **test}


def check_conclusion(answer: Any, results: pd.DataFrame | None,
                     plan: Mapping[str, Any] | None) -> Feedback:
    """Exercise 9.3: "better", "worse" or "not significant": the plan's model vs its baseline.

    Parameters
    ----------
    answer : str
        The learner's verdict.
    results : DataFrame
        The per-job results of ``qnnlab.bench.run`` (columns variant, seed, status, metric).
    plan : dict
        The plan of exercise 9.1 (model, baseline, metric, alpha).

    Returns
    -------
    Feedback
        Passed if ``answer`` is the verdict of :func:`expected_conclusion`.

    Examples
    --------
    >>> results = pd.DataFrame({"variant": ["hybrid"] * 3 + ["svc"] * 3, "seed": [0, 1, 2] * 2,
    ...                         "status": "ok", "accuracy": [0.9, 0.8, 0.85, 0.88, 0.82, 0.84]})
    >>> plan = {"question": "Is the hybrid more accurate than the SVC on moons?",
    ...         "hypothesis": "The hybrid's mean accuracy is higher than the SVC's.",
    ...         "model": "hybrid", "baseline": "svc", "metric": "accuracy", "alpha": 0.05}
    >>> check_conclusion("better", results, plan)
    ❌ The data do not support 'better': mean difference +0.3 points over 3 seeds, paired ...
    💡 Hint: ...
    >>> check_conclusion("not significant", results, plan).passed
    True
    """
    hint = (
        "Look at the paired test of YOUR model against YOUR baseline (the same seeds): only a "
        "p-value below alpha allows 'better' or 'worse'; a higher mean alone is not enough."
    )
    if is_unanswered(answer):
        return Feedback(False, NO_ANSWER, hint)
    text = answer.strip().lower() if isinstance(answer, str) else None
    if text not in _VERDICTS:
        return Feedback(False, f"Answer one of {', '.join(map(repr, _VERDICTS))}; got "
                        f"{answer!r}.", hint)
    if results is None or not isinstance(plan, Mapping) or _plan_problems(plan):
        return Feedback(False, "First complete exercise 9.1 (the plan) and run the study, then "
                        "pass its results and plan.", hint)
    try:
        found = expected_conclusion(results, plan)
    except (KeyError, ValueError) as error:
        return Feedback(False, f"Cannot compare: {error}", hint)
    p, diff = found["t_pvalue"], found["mean_difference"]
    numbers = (f"mean difference {diff * 100:+.1f} points over {found['n']} seeds, paired "
               f"t-test p = {p:.3g}" if math.isfinite(p) else
               f"mean difference {diff * 100:+.1f} points over {found['n']} seed(s), no test "
               "possible")
    if text == found["verdict"]:
        extra = (" Not significant is not 'equal': it means this study cannot tell them apart; "
                 "more seeds or data might." if text == "not significant" else "")
        return Feedback(True, f"Right: {numbers}.{extra}")
    if text in ("better", "worse") and found["verdict"] == "not significant":
        return Feedback(False, f"The data do not support '{text}': {numbers}, not below alpha = "
                        f"{plan['alpha']}.", hint)
    return Feedback(False, f"'{text}' does not follow: {numbers}.", hint)


add_solution(
    "9.3",
    """from qnnlab.exercises.nb09 import expected_conclusion

found = expected_conclusion(results, plan)   # paired t-test on the same seeds
print(found)
answer = found["verdict"]   # 'better'/'worse' only if p < alpha, else 'not significant'""",
)

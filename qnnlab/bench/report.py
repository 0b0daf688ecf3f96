"""A self-contained HTML report of a benchmark run (plotly.js embedded once, no network needed).

The report shows the ranking table (mean test accuracy with 95% t-intervals, spread across seeds,
paired tests against the best classical baseline and a plain verdict), score against resources,
the training curves, the per-seed spread, accuracy against noise (when swept) and the failed jobs,
followed by notes on what every number means.

Examples
--------
>>> report("results/quick")  # doctest: +SKIP
PosixPath('results/quick/report.html')
"""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

from qnnlab.bench import stats
from qnnlab.bench.record import load_record
from qnnlab.bench.stats import describe_findings, summarize

__all__ = ["REPORT_NAME", "figures", "render", "report"]

REPORT_NAME = "report.html"
_TABLE_COLUMNS = {
    "rank": "rank", "variant": "model", "family": "family", "n_ok": "seeds ok",
    "n_failed": "failed", "mean": "mean accuracy", "ci_low": "95% CI low",
    "ci_high": "95% CI high", "std": "std across seeds", "f1_macro": "F1 (macro)",
    "roc_auc": "ROC-AUC", "n_parameters": "parameters", "qubits": "qubits",
    "two_qubit_gates": "2-qubit gates", "train_time_s": "refit time (s)",
    "n_candidates": "settings searched", "baseline": "best classical baseline",
    "difference": "difference", "t_pvalue": "paired t p", "wilcoxon_pvalue": "Wilcoxon p",
    "verdict": "verdict",
}


def _group_label(dataset: str, kwargs_json: str) -> str:
    kwargs = json.loads(kwargs_json) if isinstance(kwargs_json, str) and kwargs_json else {}
    inner = ", ".join(f"{k}={v}" for k, v in kwargs.items())
    return f"{dataset} ({inner})" if inner else dataset


def _with_group(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.copy()
    frame["group"] = [_group_label(d, k) for d, k in zip(frame["dataset"],
                                                         frame["dataset_kwargs"])]
    return frame


def _read_curves(directory: Path, keys: set[str]) -> pd.DataFrame:
    rows = []
    path = directory / "jobs.jsonl"
    if not path.is_file():
        return pd.DataFrame(columns=["job_key", "epoch", "loss"])
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            entry = json.loads(line)
        except json.JSONDecodeError:
            continue
        if entry.get("key") not in keys:
            continue
        for epoch, loss in enumerate(entry.get("curves", {}).get("loss", []), start=1):
            rows.append({"job_key": entry["key"], "epoch": epoch, "loss": loss})
    return pd.DataFrame(rows, columns=["job_key", "epoch", "loss"])


def figures(results: pd.DataFrame, table: pd.DataFrame,
            curves: pd.DataFrame | None = None) -> dict[str, go.Figure]:
    """The report's plotly figures, by title.

    Parameters
    ----------
    results : DataFrame
        ``results.csv`` rows.
    table : DataFrame
        :func:`qnnlab.bench.stats.summarize` of ``results``.
    curves : DataFrame, optional
        Long-form training losses: ``job_key``, ``epoch``, ``loss``.

    Examples
    --------
    >>> from qnnlab.bench import run, summarize
    >>> config = {"datasets": [{"name": "moons", "n_samples": 40}], "seeds": [0, 1], "cv": 3,
    ...           "models": [{"model": "logistic_regression"}, {"model": "svc_rbf"}]}
    >>> results = run(config, progress=False)
    >>> sorted(figures(results, summarize(results)))  # no curves, no noise sweep
    ['Per-seed spread', 'Score vs resources']
    """
    ok = _with_group(results[results["status"] == "ok"])
    table = _with_group(table)
    out: dict[str, go.Figure] = {}
    spread = px.box(ok, x="variant", y="accuracy", color="family", points="all",
                    facet_col="group", facet_col_wrap=2, hover_data=["seed"],
                    title="Test accuracy per seed (spread across seeds = training stability)")
    out["Per-seed spread"] = spread
    plotted = table.assign(err_plus=table["ci_high"] - table["mean"],
                           err_minus=table["mean"] - table["ci_low"])
    out["Score vs resources"] = px.scatter(
        plotted, x="n_parameters", y="mean", color="variant", symbol="family",
        error_y="err_plus", error_y_minus="err_minus", facet_col="group", facet_col_wrap=2,
        log_x=True, hover_data=["qubits", "two_qubit_gates", "train_time_s", "verdict"],
        labels={"n_parameters": "trainable parameters (see notes)", "mean": "mean accuracy"},
        title="Mean test accuracy (95% CI) against model size",
    )
    if curves is not None and len(curves):
        long = curves.merge(ok[["job_key", "variant", "seed", "group"]], on="job_key")
        out["Convergence curves"] = px.line(
            long, x="epoch", y="loss", color="variant", line_group="job_key",
            facet_col="group", facet_col_wrap=2, hover_data=["seed"], log_y=True,
            title="Training loss per epoch (one line per seed; hybrid: history_['loss'], "
                  "MLP: loss_curve_ incl. L2 penalty)",
        )
    noisy = table[table["noise_strength"].notna()].sort_values("noise_strength")
    if noisy["noise_strength"].nunique() > 1:
        sized = noisy["size"].where(noisy["size"] != "{}", "")
        out["Accuracy vs noise"] = px.line(
            noisy.assign(series=noisy["model"] + sized, err=noisy["ci_high"] - noisy["mean"]),
            x="noise_strength", y="mean", color="series", error_y="err", facet_col="group",
            facet_col_wrap=2, markers=True,
            title="Hybrid models: mean test accuracy (95% CI) against noise strength",
        )
    return out


def _format_table(table: pd.DataFrame) -> str:
    shown = _with_group(table)
    parts = []
    for group, frame in shown.groupby("group", sort=False):
        body = frame[[c for c in _TABLE_COLUMNS if c in frame]].rename(columns=_TABLE_COLUMNS)
        parts.append(f"<h3>{html.escape(group)}</h3>")
        parts.append(body.to_html(index=False, float_format=lambda v: f"{v:.4g}", na_rep="–",
                                  classes="ranking", border=0))
    return "\n".join(parts)


def _notes(record: dict[str, Any], results: pd.DataFrame) -> str:
    experiment = record.get("experiment", {})
    n_seeds = results["seed"].nunique()
    items = [
        "Protocol: every model of a seed gets the same training/test arrays (see the train/test/"
        "CV hashes in results.csv); the hyperparameters are chosen by GridSearchCV "
        f"({experiment.get('cv', 5)}-fold stratified CV on the training part, scoring accuracy "
        "and ROC-AUC, refit on accuracy); the test part is used once, after the refit.",
        f"Search budget: {experiment.get('search_budget') or 'each model its full grid'} "
        "settings per model (column 'settings searched').",
        f"Intervals: 95% t-intervals over {n_seeds} seed(s). Verdicts use the paired t-test at "
        f"alpha = {stats.ALPHA}, uncorrected for multiple comparisons; "
        f"with {n_seeds} seeds an exact Wilcoxon test cannot give p below "
        f"{stats.min_wilcoxon_p(n_seeds):.3g}. Where every seed differs by the same amount "
        "the t-test is undefined and the Wilcoxon test decides. Intervals are not clipped to "
        "[0, 1].",
        "The best classical baseline is the classical model (counterpart included) with the "
        "highest mean test accuracy; choosing it on the test set flatters it slightly, which "
        "is the conservative direction for a claim that a quantum model is better.",
        "Parameters: hybrid models count every trainable torch parameter; logistic regression "
        "coef_ + intercept_; MLP weights and biases; SVC support vectors x features + dual "
        "coefficients + intercept; random forest tree nodes. These are not the same kind of "
        "number across families.",
        "Convergence: epochs until the score reaches 95% of its final value, and epochs until "
        "the training loss has made 95% of its total drop (hybrid models and MLP only).",
    ]
    return "<ul>" + "".join(f"<li>{html.escape(i)}</li>" for i in items) + "</ul>"


def _environment(record: dict[str, Any]) -> str:
    versions = ", ".join(f"{k} {v}" for k, v in record.get("versions", {}).items() if v)
    system = record.get("platform", {})
    return html.escape(
        f"qnnlab {record.get('qnnlab_version')}; {versions}; Python {system.get('python')} on "
        f"{system.get('system')} {system.get('machine')} ({system.get('cpu_count')} CPUs); git "
        f"commit {record.get('git_commit') or 'unknown'}; started {record.get('started')}, "
        f"finished {record.get('finished', 'not yet')}."
    )


def render(results: pd.DataFrame, record: dict[str, Any],
           curves: pd.DataFrame | None = None) -> str:
    """The report as one HTML string (plotly.js inlined once).

    Examples
    --------
    >>> from qnnlab.bench import run
    >>> from qnnlab.bench.record import new_record
    >>> config = {"datasets": [{"name": "moons", "n_samples": 40}], "seeds": [0, 1], "cv": 3,
    ...           "models": [{"model": "logistic_regression"}, {"model": "svc_rbf"}]}
    >>> page = render(run(config, progress=False), new_record(config, (0, 1)))
    >>> page.startswith("<!DOCTYPE html>"), "<h2>Findings</h2>" in page
    (True, True)
    """
    table = summarize(results)
    figs = figures(results, table, curves)
    experiment = record.get("experiment", {})
    title = f"qnnlab benchmark: {experiment.get('name', 'experiment')}"
    failed = results[results["status"] != "ok"]
    blocks = [f"<h1>{html.escape(title)}</h1>",
              f"<p>{html.escape(str(experiment.get('description', '')))}</p>",
              "<h2>Findings</h2><ul>"
              + "".join(f"<li>{html.escape(line)}</li>" for line in describe_findings(table))
              + "</ul>",
              "<h2>Ranking</h2>", _format_table(table)]
    for i, (name, fig) in enumerate(figs.items()):
        blocks.append(f"<h2>{html.escape(name)}</h2>")
        blocks.append(fig.to_html(full_html=False, include_plotlyjs=(i == 0)))
    blocks.append(f"<h2>Failed jobs ({len(failed)})</h2>")
    if len(failed):
        blocks.append(failed[["variant", "dataset", "seed", "error"]].to_html(index=False,
                                                                             border=0))
    blocks += ["<h2>Notes</h2>", _notes(record, results),
               "<h2>Environment</h2>", f"<p>{_environment(record)}</p>"]
    style = ("body{font-family:sans-serif;max-width:1200px;margin:auto;padding:1em}"
             "table.ranking{border-collapse:collapse;font-size:0.85em}"
             "table.ranking td,table.ranking th{padding:2px 6px;border-bottom:1px solid #ddd}")
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{html.escape(title)}"
            f"</title><style>{style}</style></head><body>{''.join(blocks)}</body></html>")


def report(directory: str | Path) -> Path:
    """Write ``directory/report.html`` from its ``results.csv``, ``jobs.jsonl`` and record.

    Returns
    -------
    pathlib.Path
        The report's path.

    Examples
    --------
    >>> import tempfile
    >>> from qnnlab.bench import run
    >>> config = {"datasets": [{"name": "moons", "n_samples": 40}], "seeds": [0, 1], "cv": 3,
    ...           "models": [{"model": "logistic_regression"}, {"model": "svc_rbf"}]}
    >>> tmp = tempfile.TemporaryDirectory()
    >>> out = Path(tmp.name) / "run"
    >>> _ = run(config, out=out, progress=False, write_report=False)
    >>> report(out).name
    'report.html'
    >>> tmp.cleanup()
    """
    directory = Path(directory)
    results_path = directory / "results.csv"
    if not results_path.is_file():
        raise FileNotFoundError(f"No results.csv in {str(directory)!r}; run 'qnnlab bench run' "
                                "first (or let it finish)")
    text_columns = ("dataset_kwargs", "size", "error", "warnings", "noise_model", "noise_apply")
    results = pd.read_csv(results_path, dtype={c: str for c in text_columns})
    results[list(text_columns)] = results[list(text_columns)].fillna("")
    record = load_record(directory, check_version=False)
    curves = _read_curves(directory, set(results["job_key"]))
    path = directory / REPORT_NAME
    path.write_text(render(results, record, curves), encoding="utf-8")
    return path

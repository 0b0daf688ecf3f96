"""A self-contained HTML report of a benchmark run (plotly.js embedded once, no network needed).

The report leads with the findings and a compact ranking table per dataset group (mean test
accuracy with its interval, and a plain verdict against the best classical baseline chosen on
cross-validation), readable at 1280 px without horizontal scrolling. Then: what each model was
given (every choice that affects fairness), accuracy against a swept difficulty parameter of the
data (when the study sweeps one), score against resources, the per-seed spread, training curves
per model family (each on its own axes), accuracy against noise (when swept), a details table, the
failed jobs, and notes on what every number means.

Examples
--------
>>> report("results/quick")  # doctest: +SKIP
PosixPath('results/quick/report.html')
"""

from __future__ import annotations

import html
import json
import math
from pathlib import Path
from typing import Any

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

from qnnlab.bench import stats
from qnnlab.bench.record import load_record, parse_job_lines, read_results
from qnnlab.bench.stats import boolean_fraction, describe_findings, group_label, summarize

__all__ = ["REPORT_NAME", "difficulty_sweeps", "figures", "render", "report"]

REPORT_NAME = "report.html"
#: Height in pixels of one row of facets in the report's figures.
_FACET_ROW_PX = 300
#: Facets per row.
_FACET_WRAP = 2
#: Dataset keywords that are not a difficulty (a seed, or the size of the whole data set).
_NOT_DIFFICULTY = ("random_state", "data_seed")
_DETAIL_COLUMNS = {
    "variant": "model", "cv_accuracy": "CV accuracy", "std": "std across seeds",
    "n_test": "test samples / seed", "f1_macro": "F1 (macro)", "roc_auc": "ROC-AUC",
    "n_parameters": "parameters", "qubits": "qubits", "two_qubit_gates": "2-qubit gates",
    "train_time_s": "refit time (s)", "difference_text": "difference vs baseline (95% CI)",
    "paired_by": "paired by", "p_value": "p (bootstrap)", "p_adjusted": "p (corrected)",
    "t_pvalue": "seed t-test p", "wilcoxon_pvalue": "seed Wilcoxon p",
}
_CORRECTION_NAMES = {
    "holm": "corrected together by the Holm step-down method (family-wise error rate)",
    "bonferroni": "corrected together by the Bonferroni method (family-wise error rate)",
    "none": "NOT corrected for multiple comparisons (expect about one false 'significant' "
            "result in twenty)",
}
_STYLE = """
body{font-family:sans-serif;max-width:1200px;margin:auto;padding:1em;line-height:1.35}
table{border-collapse:collapse;font-size:0.85em;width:100%;margin-bottom:1em}
td,th{padding:3px 6px;border-bottom:1px solid #ddd;text-align:left;vertical-align:top}
td{overflow-wrap:anywhere}
table.ranking td.verdict{min-width:22em}
.scroll{overflow-x:auto;max-width:100%}
.note{color:#444;font-size:0.9em}
"""


def _with_group(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.copy()
    frame["group"] = [group_label(d, k) for d, k in zip(frame["dataset"],
                                                        frame["dataset_kwargs"])]
    return frame


def _read_curves(directory: Path, keys: set[str]) -> pd.DataFrame:
    rows = []
    path = directory / "jobs.jsonl"
    if not path.is_file():
        return pd.DataFrame(columns=["job_key", "epoch", "loss"])
    for key, entry in parse_job_lines(path.read_bytes()).records.items():  # damaged lines skipped
        if key not in keys:
            continue
        for epoch, loss in enumerate((entry.get("curves") or {}).get("loss", []), start=1):
            rows.append({"job_key": key, "epoch": epoch, "loss": loss})
    return pd.DataFrame(rows, columns=["job_key", "epoch", "loss"])


def _facet_layout(fig: go.Figure, n_panels: int, *, independent_x: bool = False) -> go.Figure:
    """Give every row of facets room, short panel titles, and (optionally) own x-axes."""
    rows = max(1, math.ceil(n_panels / _FACET_WRAP))
    fig.update_layout(height=150 + _FACET_ROW_PX * rows, margin={"t": 80})
    fig.for_each_annotation(lambda a: a.update(text=a.text.split("=", 1)[-1]))
    if independent_x:
        fig.update_xaxes(matches=None, showticklabels=True)
    return fig


def difficulty_sweeps(table: pd.DataFrame) -> pd.DataFrame:
    """The ranking rows of every dataset whose keywords sweep a numeric parameter, long form.

    A *difficulty* parameter is a numeric ``dataset_kwargs`` entry that takes at least two
    values within one dataset (e.g. ``manifold_dimension``, ``n_hyperplanes``, ``degree``,
    ``n_features``); seeds are not. Each row carries ``parameter``, its ``value`` and a
    ``panel`` name (dataset, parameter and the other keywords held fixed).

    Examples
    --------
    >>> table = pd.DataFrame({"dataset": ["hm", "hm"], "model": ["svc", "svc"],
    ...     "dataset_kwargs": ['{"manifold_dimension": 2}', '{"manifold_dimension": 6}'],
    ...     "mean": [0.9, 0.7], "ci_low": [0.8, 0.6], "ci_high": [0.95, 0.8]})
    >>> difficulty_sweeps(table)[["panel", "value", "mean"]].values.tolist()
    [['hm: manifold_dimension', 2.0, 0.9], ['hm: manifold_dimension', 6.0, 0.7]]
    """
    rows = []
    for dataset, frame in table.groupby("dataset", sort=False):
        kwargs = [json.loads(k) if k else {} for k in frame["dataset_kwargs"]]
        keys = sorted({k for kw in kwargs for k, v in kw.items()
                       if isinstance(v, (int, float)) and not isinstance(v, bool)
                       and k not in _NOT_DIFFICULTY})
        for key in keys:
            if len({kw.get(key) for kw in kwargs}) < 2:
                continue
            for kw, (_, row) in zip(kwargs, frame.iterrows()):
                if key not in kw:
                    continue
                fixed = ", ".join(f"{k}={v}" for k, v in sorted(kw.items()) if k != key)
                panel = f"{dataset}: {key}" + (f" ({fixed})" if fixed else "")
                rows.append({**row.to_dict(), "parameter": key, "value": float(kw[key]),
                             "panel": panel})
    columns = [*table.columns, "parameter", "value", "panel"]
    return pd.DataFrame(rows, columns=columns).sort_values(["panel", "value"], kind="stable")


def _seed_spread_meaning(ok: pd.DataFrame) -> str:
    """What differs between seeds: the training alone, or the data drawn and split as well.

    Examples
    --------
    >>> _seed_spread_meaning(pd.DataFrame({"seed": [0, 1], "data_seed": [7, 7]}))
    'training randomness on the same data'
    >>> _seed_spread_meaning(pd.DataFrame({"seed": [0, 1], "data_seed": [0, 1]}))
    'data drawn and split anew plus training randomness'
    """
    if "data_seed" in ok and ok.groupby("seed")["data_seed"].first().nunique() > 1:
        return "data drawn and split anew plus training randomness"
    return "training randomness on the same data"


def _difficulty_figure(table: pd.DataFrame) -> go.Figure | None:
    long = difficulty_sweeps(table)
    if long.empty:
        return None
    long = long.assign(err_plus=long["ci_high"] - long["mean"],
                       err_minus=long["mean"] - long["ci_low"])
    fig = px.line(long, x="value", y="mean", color="model", error_y="err_plus",
                  error_y_minus="err_minus", facet_col="panel", facet_col_wrap=_FACET_WRAP,
                  markers=True, range_y=[0, 1.05], hover_data=["variant", "verdict"],
                  labels={"value": "dataset parameter (panel title)",
                          "mean": "mean test accuracy"},
                  title="Mean test accuracy (95% CI) against the swept dataset parameter")
    return _facet_layout(fig, long["panel"].nunique(), independent_x=True)


def _convergence_figure(curves: pd.DataFrame, ok: pd.DataFrame) -> go.Figure | None:
    if curves is None or not len(curves):
        return None
    long = curves.merge(ok[["job_key", "variant", "model_kind", "seed", "group"]], on="job_key")
    if long.empty:
        return None
    fig = px.line(long, x="epoch", y="loss", color="variant", line_group="job_key",
                  facet_col="model_kind", facet_col_wrap=_FACET_WRAP, log_y=True,
                  facet_col_spacing=0.08,
                  hover_data=["seed", "group"],
                  labels={"epoch": "epoch (hybrid) or iteration (MLP) of the final refit"},
                  title="Training loss of the final refit, one panel per model family, each on "
                        "its own x-axis (one line per seed and dataset)")
    fig.update_yaxes(matches=None, showticklabels=True)
    return _facet_layout(fig, long["model_kind"].nunique(), independent_x=True)


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
    >>> sorted(figures(results, summarize(results)))  # no curves, no noise or difficulty sweep
    ['Per-seed spread', 'Score vs resources']
    """
    ok = _with_group(results[results["status"] == "ok"])
    table = _with_group(table)
    n_groups = table["group"].nunique()
    out: dict[str, go.Figure] = {}
    difficulty = _difficulty_figure(table)
    if difficulty is not None:
        out["Accuracy vs difficulty"] = difficulty
    plotted = table.assign(err_plus=table["ci_high"] - table["mean"],
                           err_minus=table["mean"] - table["ci_low"])
    if "n_parameters" in table:
        out["Score vs resources"] = _facet_layout(px.scatter(
            plotted, x="n_parameters", y="mean", color="variant", symbol="family",
            error_y="err_plus", error_y_minus="err_minus", facet_col="group",
            facet_col_wrap=_FACET_WRAP, log_x=True,
            hover_data=[c for c in ("qubits", "two_qubit_gates", "train_time_s", "verdict")
                        if c in table],
            labels={"n_parameters": "trainable parameters (see notes)",
                    "mean": "mean accuracy"},
            title="Mean test accuracy (95% CI) against model size",
        ), n_groups)
    out["Per-seed spread"] = _facet_layout(px.box(
        ok, x="variant", y="accuracy", color="family", points="all", facet_col="group",
        facet_col_wrap=_FACET_WRAP, hover_data=["seed"],
        title=f"Test accuracy per seed (spread = {_seed_spread_meaning(ok)})"), n_groups)
    convergence = _convergence_figure(curves, ok)
    if convergence is not None:
        out["Convergence curves"] = convergence
    noisy = table[table["noise_strength"].notna()].sort_values("noise_strength")
    if noisy["noise_strength"].nunique() > 1:
        sized = noisy["size"].where(noisy["size"] != "{}", "")
        out["Accuracy vs noise"] = _facet_layout(px.line(
            noisy.assign(series=noisy["model"] + sized, err=noisy["ci_high"] - noisy["mean"],
                         err_minus=noisy["mean"] - noisy["ci_low"]),
            x="noise_strength", y="mean", color="series", error_y="err",
            error_y_minus="err_minus", facet_col="group", facet_col_wrap=_FACET_WRAP,
            markers=True,
            title="Hybrid models: mean test accuracy (95% CI) against noise strength",
        ), noisy["group"].nunique())
    return out


# ----------------------------------------------------------------------------- tables


def _cell(value: Any) -> str:
    if isinstance(value, float):
        if math.isnan(value):
            return "–"
        return f"{value:.0f}" if abs(value) >= 1000 else f"{value:.3g}"
    return html.escape(str(value))


def _html_table(header: list[str], rows: list[list[str]], css: str = "",
                cell_classes: list[str] | None = None) -> str:
    classes = cell_classes or [""] * len(header)
    head = "".join(f"<th>{html.escape(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td class='{c}'>{v}</td>" for c, v in zip(classes, row))
                   + "</tr>" for row in rows)
    return f"<table class='{css}'><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _accuracy_text(row: pd.Series) -> str:
    if not math.isfinite(row["mean"]):
        return "–"
    return f"{row['mean']:.3f} ({row['ci_low']:.2f}–{row['ci_high']:.2f})"


def _ranking_tables(table: pd.DataFrame) -> str:
    """Compact: rank, model, family, accuracy (CI), seeds, verdict; one table per group."""
    parts = []
    header = ["rank", "model", "family", "test accuracy (95% CI)", "seeds ok",
              "verdict against the best classical baseline (chosen on CV accuracy)"]
    for group, frame in _with_group(table).groupby("group", sort=False):
        rows = [[str(r["rank"]), html.escape(r["variant"]), html.escape(r["family"]),
                 _accuracy_text(r), f"{r['n_ok']}/{r['n_ok'] + r['n_failed']}",
                 html.escape(r["verdict"])] for _, r in frame.iterrows()]
        parts.append(f"<h3>{html.escape(group)}</h3>")
        parts.append(_html_table(header, rows, "ranking",
                                 ["", "", "", "", "", "verdict"]))
    return "\n".join(parts)


def _difference_text(row: pd.Series) -> str:
    if not math.isfinite(row["difference"]):
        return "–"
    return (f"{row['difference'] * 100:+.1f} pts ({row['diff_low'] * 100:+.1f} to "
            f"{row['diff_high'] * 100:+.1f})")


def _details_tables(table: pd.DataFrame) -> str:
    shown = _with_group(table)
    shown["difference_text"] = [_difference_text(r) for _, r in shown.iterrows()]
    parts = []
    for group, frame in shown.groupby("group", sort=False):
        columns = [c for c in _DETAIL_COLUMNS if c in frame]
        rows = [[_cell(r[c]) for c in columns] for _, r in frame.iterrows()]
        parts.append(f"<h3>{html.escape(group)}</h3><div class='scroll'>"
                     + _html_table([_DETAIL_COLUMNS[c] for c in columns], rows, "details")
                     + "</div>")
    return "\n".join(parts)


# ----------------------------------------------------------------------------- fairness


def _grid_text(grid: Any) -> str:
    if not isinstance(grid, dict) or not grid:
        return "none (fixed settings)"
    sizes = {k: len(v) if isinstance(v, list) else 1 for k, v in grid.items()}
    total = math.prod(sizes.values())
    return " × ".join(f"{k} ({n})" for k, n in sizes.items()) + f" = {total} settings"


def _declared_models(record: dict[str, Any]) -> dict[str, dict[str, Any]]:
    models = record.get("experiment", {}).get("models", [])
    declared = {}
    for entry in models if isinstance(models, list) else []:
        if isinstance(entry, dict) and "model" in entry:
            declared[str(entry.get("label", entry["model"]))] = entry
    return declared


def _converged_text(frame: pd.DataFrame) -> str:
    if "converged" not in frame:
        return "not recorded"
    fraction = boolean_fraction(frame["converged"])
    if not math.isfinite(fraction):
        return "n/a (not iterative)"
    return f"{round(fraction * len(frame))} of {len(frame)} jobs"


def _column_mean(frame: pd.DataFrame, column: str) -> float:
    values = pd.to_numeric(frame[column], errors="coerce") if column in frame else pd.Series()
    return float(values.mean()) if values.notna().any() else math.nan


def _epochs_text(frame: pd.DataFrame) -> str:
    """Mean epochs/iterations run, and the cap and early stopping where recorded."""
    run, cap = _column_mean(frame, "epochs_run"), _column_mean(frame, "epoch_cap")
    if not math.isfinite(run):
        return "–"
    text = _cell(run) + (f" of at most {cap:g}" if math.isfinite(cap) else "")
    if "early_stopping" in frame and boolean_fraction(frame["early_stopping"]) == 1:
        text += " (validation early stopping)"
    return text


def _fairness(results: pd.DataFrame, record: dict[str, Any], table: pd.DataFrame) -> str:
    experiment = record.get("experiment", {})
    ok = results[results["status"] == "ok"]
    declared = _declared_models(record)
    header = ["model", "fixed settings given", "grid declared", "settings searched per job",
              "epochs / iterations run (mean)", "converged", "note"]
    rows = []
    for model, frame in ok.groupby("model", sort=False):
        entry = declared.get(model, {})
        params = entry.get("params") or {}
        notes = frame.get("budget_note", pd.Series(dtype=str)).dropna().astype(str)
        rows.append([
            html.escape(model),
            html.escape(", ".join(f"{k}={v}" for k, v in params.items()) or "defaults"),
            html.escape(_grid_text(entry.get("grid"))),
            _cell(_column_mean(frame, "n_candidates")),
            _epochs_text(frame),
            html.escape(_converged_text(frame)),
            html.escape(next((n for n in notes if n), "")),
        ])
    budget = experiment.get("search_budget")
    correction = table["correction"].iloc[0] if len(table) else "holm"
    items = [
        f"Hyperparameters: GridSearchCV with {experiment.get('cv', 5)}-fold stratified, shuffled "
        "cross-validation on the training part only, the same folds for every model of a seed; "
        "the setting with the best CV accuracy is refitted on the whole training part.",
        "Search: " + (f"at most {budget} settings per model, drawn from its grid with the seed "
                      "(an equal-count budget: cheap models may be under-tuned)."
                      if budget else "every model searches its full declared grid."),
        f"Test part: {experiment.get('test_size', 0.2)} of the data, used once per job, after "
        "the refit; the same training and test arrays for every model of a seed.",
        "Best classical baseline: the classical model (counterpart included) with the highest "
        "mean cross-validation accuracy over the seeds; test scores play no part.",
        f"Comparisons: {int(table['p_value'].notna().sum()) if len(table) else 0} in this "
        f"study, {_CORRECTION_NAMES[correction]}; verdicts at alpha = {stats.ALPHA}.",
    ]
    return ("<ul>" + "".join(f"<li>{html.escape(i)}</li>" for i in items) + "</ul>"
            + _html_table(header, rows, "fairness"))


def _notes(results: pd.DataFrame, table: pd.DataFrame) -> str:
    n_seeds = results["seed"].nunique()
    by_sample = bool(len(table)) and bool((table["paired_by"] == "test sample").any())
    correction = table["correction"].iloc[0] if len(table) else "holm"
    items = [
        f"Intervals: 95% hierarchical bootstrap over the {n_seeds} seed(s) (resampled with "
        "replacement) and each seed's test samples (its accuracy drawn from the Jeffreys "
        "posterior Beta(k + 1/2, n - k + 1/2) of k correct out of n). They include seed-to-seed "
        "spread and test-set sampling error, stay inside [0, 1] and never have zero width. "
        "With few seeds the seed part is only as good as the seeds seen.",
        "Differences: the same bootstrap on model minus baseline, paired by seed and, "
        + ("where per-sample correctness was recorded (test_correct), by test sample."
           if by_sample else
           "without per-sample results in this run, with each model's accuracy drawn "
           "independently from its counts (wider, conservative).")
        + " The p-value is the two-sided bootstrap p of 'no difference'.",
        f"Verdicts: 'better'/'worse' only when the {correction}-corrected p-value is below "
        f"{stats.ALPHA} and the 95% interval of the difference excludes zero; otherwise 'not "
        "enough evidence', which means the study cannot tell the models apart, not that they "
        "are equal. The seed-level paired t-test and Wilcoxon test in the details ignore "
        f"test-sampling error; with {n_seeds} seeds an exact Wilcoxon test cannot give p below "
        f"{stats.min_wilcoxon_p(n_seeds):.3g}.",
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
    dirty = {True: " (uncommitted changes)", False: ""}.get(record.get("git_dirty"), "")
    return html.escape(
        f"qnnlab {record.get('qnnlab_version')}; {versions}; Python {system.get('python')} on "
        f"{system.get('system')} {system.get('machine')} ({system.get('cpu_count')} CPUs); git "
        f"commit {record.get('git_commit') or 'unknown'}{dirty}; started "
        f"{record.get('started')}, finished {record.get('finished', 'not yet')}."
    )


def render(results: pd.DataFrame, record: dict[str, Any], curves: pd.DataFrame | None = None,
           correction: str = "holm") -> str:
    """The report as one HTML string (plotly.js inlined once).

    Parameters
    ----------
    results : DataFrame
        ``results.csv`` rows.
    record : dict
        The run record (``record.json``); its experiment gives CV folds, test size and the
        declared models.
    curves : DataFrame, optional
        Training losses (see :func:`figures`).
    correction : {"holm", "bonferroni", "none"}, default "holm"
        Correction for multiple comparisons, named in the report.

    Examples
    --------
    >>> from qnnlab.bench import run
    >>> from qnnlab.bench.record import new_record
    >>> config = {"datasets": [{"name": "moons", "n_samples": 40}], "seeds": [0, 1], "cv": 3,
    ...           "models": [{"model": "logistic_regression"}, {"model": "svc_rbf"}]}
    >>> page = render(run(config, progress=False), new_record(config, (0, 1)))
    >>> page.startswith("<!DOCTYPE html>"), "<h2>Findings</h2>" in page, "Holm step-down" in page
    (True, True, True)
    """
    experiment = record.get("experiment", {})
    table = summarize(results, correction=correction,
                      test_size=float(experiment.get("test_size", stats.DEFAULT_TEST_SIZE)))
    figs = figures(results, table, curves)
    title = f"qnnlab benchmark: {experiment.get('name', 'experiment')}"
    failed = results[results["status"] != "ok"]
    blocks = [f"<h1>{html.escape(title)}</h1>",
              f"<p>{html.escape(str(experiment.get('description', '')))}</p>",
              "<h2>Findings</h2><ul>"
              + "".join(f"<li>{html.escape(line)}</li>" for line in describe_findings(table))
              + "</ul>",
              "<h2>Ranking</h2>", _ranking_tables(table),
              "<h2>What each model was given</h2>", _fairness(results, record, table)]
    for i, (name, fig) in enumerate(figs.items()):
        blocks.append(f"<h2>{html.escape(name)}</h2>")
        blocks.append(fig.to_html(full_html=False, include_plotlyjs=(i == 0),
                                  default_width="100%"))
    blocks += ["<h2>Details</h2>", _details_tables(table),
               f"<h2>Failed jobs ({len(failed)})</h2>"]
    if len(failed):
        blocks.append("<div class='scroll'>" + failed[["variant", "dataset", "seed", "error"]]
                      .to_html(index=False, border=0) + "</div>")
    blocks += ["<h2>Notes</h2>", _notes(results, table),
               "<h2>Environment</h2>", f"<p>{_environment(record)}</p>"]
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'>"
            f"<meta name='viewport' content='width=device-width, initial-scale=1'>"
            f"<title>{html.escape(title)}</title><style>{_STYLE}</style></head>"
            f"<body>{''.join(blocks)}</body></html>")


def report(directory: str | Path, correction: str = "holm") -> Path:
    """Write ``directory/report.html`` from its ``results.csv``, ``jobs.jsonl`` and record.

    Parameters
    ----------
    directory : str or Path
        The run's folder.
    correction : {"holm", "bonferroni", "none"}, default "holm"
        Correction for multiple comparisons (see :func:`qnnlab.bench.stats.summarize`).

    Returns
    -------
    pathlib.Path
        The report's path.

    Raises
    ------
    FileNotFoundError
        When the run has not finished (no ``results.csv``).
    ValueError
        When ``results.csv`` does not match its record (edited, rows added or removed):
        :class:`qnnlab.bench.record.ResultsMismatch` says what differs; or for an unknown
        ``correction``.

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
    if correction not in stats.CORRECTIONS:
        raise ValueError(f"unknown correction {correction!r}; choose one of "
                         f"{list(stats.CORRECTIONS)}")
    directory = Path(directory)
    record = load_record(directory, check_version=False)
    results = read_results(directory, record)  # refuses a results.csv that is not the run's
    curves = _read_curves(directory, set(results["job_key"]))
    path = directory / REPORT_NAME
    path.write_text(render(results, record, curves, correction), encoding="utf-8")
    return path

"""The HTML report: compact ranking, fairness section, difficulty and per-family convergence."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from qnnlab.bench.report import difficulty_sweeps, figures, render, report
from qnnlab.bench.stats import summarize

HYBRID = "hybrid[n_qubits=6, n_layers=3, encoding=angle, ansatz=strongly_entangling]"
#: label -> (variant, model kind, family, accuracy, converged)
MODELS = {
    "hybrid": (HYBRID, "hybrid", "quantum", 0.70, "True"),
    "classical_counterpart": ("classical_counterpart[n_qubits=6, n_layers=3]",
                              "classical_counterpart", "classical", 0.65, "True"),
    "svc_rbf": ("svc_rbf", "svc_rbf", "classical", 0.85, ""),
    "mlp": ("mlp", "mlp", "classical", 0.80, "True"),
    "logistic_regression": ("logistic_regression", "logistic_regression", "classical", 0.60,
                            ""),
}
CURVE_LENGTH = {"hybrid": 15, "classical_counterpart": 15, "mlp": 800}


def synthetic_results(n_seeds: int = 5, n_test: int = 40, dimensions=(2, 4, 6),
                      random_state: int = 0) -> tuple[pd.DataFrame, pd.DataFrame, dict]:
    """Results, training curves and record of a fake hidden-manifold difficulty sweep."""
    rng = np.random.default_rng(random_state)
    rows, curves = [], []
    for dimension in dimensions:
        kwargs = json.dumps({"manifold_dimension": dimension, "n_features": 6,
                             "n_samples": 5 * n_test}, sort_keys=True)
        for seed in range(n_seeds):
            for label, (variant, kind, family, accuracy, converged) in MODELS.items():
                correct = rng.random(n_test) < accuracy - 0.03 * dimension
                key = f"{label}-{dimension}-{seed}"
                rows.append({
                    "job_key": key, "status": "ok", "error": "", "dataset": "hidden_manifold",
                    "dataset_kwargs": kwargs, "n_samples": 5 * n_test, "size": "{}",
                    "model": label, "variant": variant, "model_kind": kind, "family": family,
                    "noise_strength": np.nan, "seed": seed, "n_candidates": 12.0,
                    "cv_accuracy": accuracy - 0.03 * dimension + 0.01 * rng.standard_normal(),
                    "accuracy": correct.mean(), "n_test": n_test,
                    "test_correct": "".join("1" if c else "0" for c in correct),
                    "test_hash": f"{dimension}-{seed}", "n_parameters": 100.0,
                    "qubits": 6.0 if family == "quantum" else np.nan,
                    "epochs_run": float(CURVE_LENGTH.get(label, np.nan)),
                    "converged": "False" if label == "hybrid" and seed % 2 == 0 else converged,
                })
                for epoch in range(1, CURVE_LENGTH.get(label, 0) + 1):
                    curves.append({"job_key": key, "epoch": epoch, "loss": 1.0 / epoch})
    record = {"experiment": {"name": "synthetic sweep", "cv": 5, "test_size": 0.2,
                             "models": [{"model": "svc_rbf", "grid": {"C": [1, 10, 100],
                                                                       "gamma": [0.1, 1]}},
                                        {"model": "hybrid", "params": {"epochs": 15}}]},
              "versions": {}, "platform": {}}
    return pd.DataFrame(rows), pd.DataFrame(curves), record


@pytest.fixture(scope="module")
def sweep():
    results, curves, record = synthetic_results()
    return results, curves, record, summarize(results, n_boot=300)


def test_difficulty_figure_plots_each_model_against_the_swept_parameter(sweep):
    results, curves, _, table = sweep
    figs = figures(results, table, curves)
    assert "Accuracy vs difficulty" in figs
    traces = {trace.name: trace for trace in figs["Accuracy vs difficulty"].data}
    assert set(traces) == set(MODELS)
    svc = table[table["model"] == "svc_rbf"].sort_values("dataset_kwargs")
    assert list(traces["svc_rbf"].x) == [2.0, 4.0, 6.0]
    assert list(traces["svc_rbf"].y) == pytest.approx(list(svc["mean"]))
    panels = difficulty_sweeps(table)["panel"].unique()
    assert list(panels) == ["hidden_manifold: manifold_dimension (n_features=6, n_samples=200)"]


def test_no_difficulty_figure_without_a_sweep():
    results, curves, _ = synthetic_results(n_seeds=2, dimensions=(2,))
    table = summarize(results, n_boot=200)
    assert difficulty_sweeps(table).empty
    assert "Accuracy vs difficulty" not in figures(results, table, curves)


def test_convergence_has_one_panel_per_family_on_its_own_axis(sweep):
    results, curves, _, table = sweep
    fig = figures(results, table, curves)["Convergence curves"]
    longest = {}
    for trace in fig.data:
        longest[trace.xaxis] = max(longest.get(trace.xaxis, 0), max(trace.x))
    # hybrid and counterpart: 15 epochs; MLP: 800 iterations, each on its own x-axis
    assert sorted(longest.values()) == [15, 15, 800]
    axes = [fig.layout[name] for name in fig.layout if name.startswith("xaxis")]
    assert len(axes) >= 3 and all(axis.matches is None for axis in axes)


def test_report_page_ranks_compactly_and_states_what_each_model_was_given(sweep):
    results, curves, record, _ = sweep
    page = render(results, record, curves)
    ranking = page[page.index("<h2>Ranking</h2>"):page.index("<h2>What each model was given")]
    first = ranking[:ranking.index("</table>")]
    assert first.count("<th>") == 6 and "verdict against the best classical baseline" in first
    assert "chosen on CV accuracy" in first
    for verdict in summarize(results)["verdict"]:  # the report's own bootstrap settings
        assert verdict in first or verdict in ranking
    fairness = page[page.index("What each model was given"):page.index("<h2>Accuracy vs")]
    assert "C (3) × gamma (2) = 6 settings" in fairness
    assert "epochs=15" in fairness
    def row(model):
        start = fairness[fairness.index(f"<td class=''>{model}</td>"):]
        return start[:start.index("</tr>")]

    # hybrid did not converge on seeds 0, 2, 4 of each of 3 datasets; the SVC is not iterative
    assert "6 of 15 jobs" in row("hybrid")
    assert "15 of 15 jobs" in row("mlp")
    assert "n/a (not iterative)" in row("svc_rbf")
    assert "5-fold stratified" in fairness and "Holm step-down" in fairness
    assert "by test sample" in page


def test_report_names_the_chosen_correction(sweep):
    results, curves, record, _ = sweep
    page = render(results, record, curves, correction="none")
    assert "NOT corrected for multiple comparisons" in page
    with pytest.raises(ValueError, match=r"unknown correction 'holmes'; choose one of"):
        report("/nonexistent", correction="holmes")


def test_command_line_report_takes_the_correction(tmp_path, capsys):
    from qnnlab.bench import run
    from qnnlab.cli import main

    config = {"datasets": [{"name": "moons", "n_samples": 40}], "seeds": [0, 1], "cv": 3,
              "models": [{"model": "logistic_regression"}, {"model": "svc_rbf"}]}
    run(config, out=tmp_path / "run", progress=False, write_report=False)
    assert main(["bench", "report", str(tmp_path / "run"), "--correction", "none"]) == 0
    page = (tmp_path / "run" / "report.html").read_text()
    assert "NOT corrected for multiple comparisons" in page
    with pytest.raises(SystemExit):
        main(["bench", "report", str(tmp_path / "run"), "--correction", "fdr"])
    assert "invalid choice: 'fdr'" in capsys.readouterr().err


def test_results_without_the_new_columns_still_render():
    results, curves, record = synthetic_results(n_seeds=2, dimensions=(2,))
    old = results.drop(columns=["test_correct", "n_test", "converged", "epochs_run",
                                "n_parameters", "test_hash"])
    page = render(old, record, curves)
    assert "not recorded" in page  # converged
    assert "each model&#x27;s accuracy drawn independently from its counts" in page
    assert "Score vs resources" not in page

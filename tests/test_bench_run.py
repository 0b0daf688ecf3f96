"""End-to-end benchmark runs: the fair protocol, resuming, reproducing, Dask, the CLI, the report.

One tiny experiment (moons, 40 samples, 2 seeds, a 2-qubit hybrid model trained for 2 epochs,
its counterpart and two baselines) is run once per module and reused.
"""

from __future__ import annotations

import io
import json
import re
import shutil

import numpy as np
import pandas as pd
import pytest
import yaml
from sklearn.model_selection import ParameterGrid

from qnnlab import __version__
from qnnlab.bench import execution, load_config, metrics, protocol, reproduce, run
from qnnlab.bench.execution import ReproduceResult
from qnnlab.bench.protocol import array_hash
from qnnlab.bench.record import compare_results
from qnnlab.cli import main
from qnnlab.datasets import load_dataset

TINY = {
    "name": "tiny",
    "seeds": [0, 1],
    "cv": 2,
    "search_budget": 2,
    "datasets": [{"name": "moons", "n_samples": 40, "noise": 0.1}],
    "models": [
        {"model": "hybrid", "params": {"n_qubits": 2, "n_layers": 1, "epochs": 2,
                                       "batch_size": 16},
         "grid": {"learning_rate": [0.05, 0.1, 0.2]}},
        {"model": "classical_counterpart", "label": "counterpart", "counterpart_of": "hybrid"},
        {"model": "logistic_regression", "grid": {"C": [0.1, 1.0, 10.0]}},
        {"model": "svc_rbf", "grid": {"C": [1.0, 10.0], "gamma": ["scale", 1.0]}},
    ],
}
SKLEARN_ONLY = {
    "name": "sklearn-only",
    "seeds": [0, 1],
    "cv": 2,
    "datasets": [{"name": "moons", "n_samples": 40}, {"name": "xor", "n_samples": 40}],
    "models": [{"model": "logistic_regression"}, {"model": "svc_rbf"}],
}
TIMING = ["search_time_s", "train_time_s", "inference_time_s"]


def same_results(a: pd.DataFrame, b: pd.DataFrame) -> None:
    """Equal results apart from timings (both as results.csv would store them)."""
    def stored(frame: pd.DataFrame) -> pd.DataFrame:
        return pd.read_csv(io.StringIO(frame.drop(columns=TIMING).to_csv(index=False)))

    pd.testing.assert_frame_equal(stored(a), stored(b))


@pytest.fixture(scope="module")
def spied_run(tmp_path_factory):
    """TINY run into a folder, with spies on the arrays and searches each model really saw."""
    seen: list[dict] = []
    real_search, real_scores = protocol._search, metrics.test_scores

    def search_spy(spec, X, y):
        search = real_search(spec, X, y)
        params = [{k.split("__", 1)[-1]: v for k, v in p.items()}  # without the pipeline step
                  for p in search.cv_results_["params"]]
        seen.append({"variant": spec["variant"], "seed": spec["seed"],
                     "train": array_hash(X, y), "params": params})
        return search

    def scores_spy(estimator, X, y, wanted):
        seen[-1]["test"] = array_hash(X, y)
        return real_scores(estimator, X, y, wanted)

    out = tmp_path_factory.mktemp("bench") / "tiny"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(protocol, "_search", search_spy)
        patch.setattr(metrics, "test_scores", scores_spy)
        results = run(TINY, out=out, progress=False)
    return out, results, seen


def test_every_model_of_a_seed_sees_the_same_arrays(spied_run):
    _, results, seen = spied_run
    assert (results["status"] == "ok").all(), results["error"].tolist()
    assert len(seen) == 8
    for seed in (0, 1):
        X_train, X_test, y_train, y_test = load_dataset("moons", n_samples=40, noise=0.1,
                                                        test_size=0.2, random_state=seed,
                                                        scale=False)  # scaled in each fold
        jobs = [s for s in seen if s["seed"] == seed]
        assert {s["train"] for s in jobs} == {array_hash(X_train, y_train)}
        assert {s["test"] for s in jobs} == {array_hash(X_test, y_test)}
        rows = results[results["seed"] == seed]
        assert rows["cv_hash"].nunique() == 1 and rows["train_hash"].nunique() == 1
    assert results.groupby("seed")["cv_hash"].first().nunique() == 2  # new folds per seed


def test_every_model_searches_the_same_budget(spied_run):
    _, results, seen = spied_run
    assert (results["n_candidates"] == 2).all()
    grids = {m.get("label", m["model"]): m.get("grid") for m in TINY["models"]}
    grids["counterpart"] = grids["hybrid"]
    for job in seen:
        assert len(job["params"]) == 2
        full = list(ParameterGrid(grids[job["variant"]]))
        assert all(p in full for p in job["params"])
    # the sample is drawn with the seed: same seed, same settings, for hybrid and counterpart
    by = {(s["variant"], s["seed"]): s["params"] for s in seen}
    assert by[("hybrid", 0)] == by[("counterpart", 0)]


def test_results_record_and_metrics(spied_run):
    out, results, _ = spied_run
    assert sorted(p.name for p in out.iterdir()) == ["jobs.jsonl", "record.json", "report.html",
                                                     "results.csv"]
    on_disk = pd.read_csv(out / "results.csv")
    assert len(on_disk) == 8 and list(on_disk.columns) == list(protocol.ROW_COLUMNS)
    record = json.loads((out / "record.json").read_text())
    assert record["qnnlab_version"] == __version__ and record["seeds"] == [0, 1]
    assert record["experiment"] == TINY and record["n_jobs"] == 8
    assert {"pennylane", "torch", "scikit-learn", "numpy"} <= set(record["versions"])
    hybrid = results[results["model"] == "hybrid"].iloc[0]
    assert hybrid["qubits"] == 2 and hybrid["two_qubit_gates"] > 0
    assert hybrid["n_parameters"] == 2 * 3 * 1 + (2 * 2 + 2)  # Rot on 2 qubits + linear head
    assert hybrid["epochs_run"] == 2 and 1 <= hybrid["convergence_epoch"] <= 2
    svc = results[results["model"] == "svc_rbf"].iloc[0]
    assert svc["qubits"] == 0 and np.isnan(svc["convergence_epoch"])
    assert results["accuracy"].between(0, 1).all() and results["roc_auc"].between(0, 1).all()


def test_report_is_self_contained_with_figures(spied_run):
    out, _, _ = spied_run
    text = (out / "report.html").read_text()
    assert not re.search(r"<script[^>]+src=[\"']?(https?:)?//", text)
    assert text.count("plotly-graph-div") >= 3
    assert len(re.findall(r"\* plotly\.js v\d", text)) == 1  # the library, inlined once
    for title in ("Ranking", "Score vs resources", "Convergence curves", "Per-seed spread"):
        assert f"<h2>{title}</h2>" in text
    assert "best classical baseline" in text


def test_reproduce_matches_and_detects_tampering(spied_run, tmp_path, capsys):
    out, _, _ = spied_run
    outcome = reproduce(out, out=tmp_path / "again", progress=False)
    assert outcome.matches, outcome.summary()
    tolerances = outcome.table.set_index("metric")["tolerance"]
    assert tolerances["accuracy"] == "exact" and tolerances["roc_auc"] == "abs 1e-09"

    # a re-run whose numbers differ fails (here: the re-run's own results edited consistently,
    # as if another machine had produced them)
    again = tmp_path / "again"
    frame = pd.read_csv(again / "results.csv")
    frame.loc[3, "accuracy"] = 1.0 - frame.loc[3, "accuracy"] / 2
    changed = ReproduceResult(compare_results(pd.read_csv(out / "results.csv"), frame), again)
    assert not changed.matches
    assert "NOT REPRODUCED: accuracy differ" in changed.summary()

    # an edited results.csv is refused before anything runs (tests/test_bench_integrity.py)
    tampered = tmp_path / "tampered"
    shutil.copytree(out, tampered)
    frame = pd.read_csv(tampered / "results.csv")
    frame.loc[3, "accuracy"] = 1.0 - frame.loc[3, "accuracy"] / 2
    frame.to_csv(tampered / "results.csv", index=False)
    code = main(["bench", "reproduce", str(tampered), "--out", str(tmp_path / "again"), "-q"])
    error = capsys.readouterr().err
    assert code == 2
    assert "does not match its run record" in error and frame.loc[3, "job_key"] in error
    assert "accuracy is " in error


def test_record_of_another_version_is_refused(spied_run, tmp_path, capsys):
    out, _, _ = spied_run
    other = tmp_path / "old"
    shutil.copytree(out, other)
    record = json.loads((other / "record.json").read_text())
    record["qnnlab_version"] = "0.0.1"
    (other / "record.json").write_text(json.dumps(record))
    with pytest.raises(ValueError, match=r"written by qnnlab 0\.0\.1, but this is qnnlab"):
        reproduce(other)
    assert main(["bench", "reproduce", str(other)]) == 2
    assert "written by qnnlab 0.0.1" in capsys.readouterr().err
    assert main(["bench", "report", str(other)]) == 0  # a report needs no re-run


def test_cli_run_on_two_processes_matches(spied_run, tmp_path, capsys):
    _, results, _ = spied_run
    config = tmp_path / "tiny.yaml"
    config.write_text(yaml.safe_dump(TINY))
    code = main(["bench", "run", str(config), "--out", str(tmp_path / "cli"), "--jobs", "2",
                 "-q"])
    assert code == 0, capsys.readouterr().err
    assert "8 jobs (0 failed)" in capsys.readouterr().out
    same_results(pd.read_csv(tmp_path / "cli" / "results.csv"), pd.read_csv(
        spied_run[0] / "results.csv"))
    assert main(["bench", "report", str(tmp_path / "cli")]) == 0


@pytest.fixture(scope="module")
def sklearn_reference():
    """SKLEARN_ONLY run locally, in memory."""
    return run(SKLEARN_ONLY, progress=False)


def test_dask_local_cluster_gives_the_local_results(sklearn_reference, tmp_path):
    distributed = pytest.importorskip("distributed")
    config = tmp_path / "sklearn.yaml"
    config.write_text(yaml.safe_dump(SKLEARN_ONLY))
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  host="127.0.0.1", dashboard_address=None) as cluster:
        with distributed.Client(cluster) as client:
            on_dask = run(SKLEARN_ONLY, client=client, progress=False)
        code = main(["bench", "run", str(config), "--out", str(tmp_path / "d"), "--dask",
                     cluster.scheduler_address, "-q"])
    same_results(on_dask, sklearn_reference)
    assert code == 0
    same_results(pd.read_csv(tmp_path / "d" / "results.csv"), sklearn_reference)
    record = json.loads((tmp_path / "d" / "record.json").read_text())
    assert record["execution"] == {"mode": "dask", "scheduler": cluster.scheduler_address}


def test_cli_reports_bad_input(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text(yaml.safe_dump({**TINY, "models": [{"model": "svc_rbf",
                                                       "grid": {"C": [1], "gama": [1]}}]}))
    assert main(["bench", "run", str(bad), "--out", str(tmp_path / "x")]) == 2
    assert "models[0].grid.gama: unknown parameter 'gama' for SVC" in capsys.readouterr().err
    good = tmp_path / "good.yaml"
    good.write_text(yaml.safe_dump(SKLEARN_ONLY))
    assert main(["bench", "run", str(good), "--out", str(tmp_path / "no" / "such")]) == 2
    assert "parent folder" in capsys.readouterr().err
    assert not (tmp_path / "x").exists()


def test_failed_job_is_recorded_and_the_sweep_goes_on(monkeypatch):
    # (an encoding too narrow for the data is now refused at validation: test_bench_config)
    config = {**SKLEARN_ONLY, "seeds": [0], "datasets": [{"name": "moons", "n_samples": 40}],
              "models": [{"model": "hybrid", "params": {"n_qubits": 2, "epochs": 1}},
                         {"model": "logistic_regression", "grid": {"C": [1.0]}}]}
    real_search = protocol._search

    def failing_hybrid(spec, X, y):
        if spec["model"]["model"] == "hybrid":
            raise ValueError("the circuit diverged")
        return real_search(spec, X, y)

    monkeypatch.setattr(protocol, "_search", failing_hybrid)
    results = run(config, progress=False).set_index("model")
    assert results.loc["hybrid", "status"] == "failed"
    assert results.loc["hybrid", "error"] == "ValueError: the circuit diverged"
    assert results.loc["logistic_regression", "status"] == "ok"


def test_resume_after_interruption_loses_and_duplicates_nothing(sklearn_reference, tmp_path,
                                                               monkeypatch):
    reference = sklearn_reference
    out = tmp_path / "resume"
    real_run_job = execution.run_job
    calls = []

    def interrupted(spec):
        if len(calls) == 3:
            raise KeyboardInterrupt
        calls.append(spec)
        return real_run_job(spec)

    monkeypatch.setattr(execution, "run_job", interrupted)
    with pytest.raises(KeyboardInterrupt):
        run(SKLEARN_ONLY, out=out, progress=False)
    assert len((out / "jobs.jsonl").read_text().splitlines()) == 3
    first = json.loads((out / "record.json").read_text())
    assert first["resumed"] == [] and "finished" not in first and "results" not in first

    calls.clear()
    monkeypatch.setattr(execution, "run_job", lambda spec: calls.append(spec)
                        or real_run_job(spec))
    resumed = run(SKLEARN_ONLY, out=out, progress=False, write_report=False)
    assert len(calls) == len(reference) - 3
    record = json.loads((out / "record.json").read_text())
    assert record["started"] == first["started"]  # the original start time is kept
    assert len(record["resumed"]) == 1  # with "changes" only if a commit came in between
    assert first["started"] <= record["resumed"][0]["at"] <= record["finished"]
    lines = (out / "jobs.jsonl").read_text().splitlines()
    assert len({json.loads(line)["key"] for line in lines}) == len(lines) == len(reference)
    same_results(resumed, reference)

    # a torn last line (killed while writing) is dropped and only that job runs again
    text = (out / "jobs.jsonl").read_bytes()
    (out / "jobs.jsonl").write_bytes(text[: len(text) - len(lines[-1]) // 2])
    calls.clear()
    again = run(SKLEARN_ONLY, out=out, progress=False, write_report=False)
    assert len(calls) == 1
    lines = (out / "jobs.jsonl").read_text().splitlines()
    assert len({json.loads(line)["key"] for line in lines}) == len(lines) == len(reference)
    same_results(again, reference)

    other = {**SKLEARN_ONLY, "seeds": [5]}
    with pytest.raises(ValueError, match="holds the results of another experiment"):
        run(other, out=out, progress=False)


def test_noise_and_size_sweeps_expand_and_run(tmp_path):
    config = {
        "name": "sweeps", "seeds": [0, 1], "cv": 2,
        "datasets": [{"name": "moons", "n_samples": 40}],
        "models": [{"model": "hybrid", "params": {"n_qubits": 2, "epochs": 1}},
                   {"model": "svc_rbf"}],
        "noise": {"model": "depolarizing", "strengths": [0.0, 0.2], "apply": "evaluate"},
        "sweep": {"n_layers": [1, 2]},
    }
    specs = protocol.expand_jobs(load_config(config))
    assert {s["variant"] for s in specs} == {
        "hybrid[n_layers=1, p=0]", "hybrid[n_layers=1, p=0.2]", "hybrid[n_layers=2, p=0]",
        "hybrid[n_layers=2, p=0.2]", "svc_rbf"}
    assert len(specs) == 4 * 2 + 2  # the SVC has no n_layers and no noise: one job per seed
    results = run(config, out=tmp_path / "sweeps", progress=False)
    assert (results["status"] == "ok").all(), results["error"].tolist()
    hybrid = results[results["model"] == "hybrid"]
    # noise applied at evaluation only: the same search and weights, the same CV scores
    for _, pair in hybrid.groupby(["seed", "size"]):
        assert pair["cv_accuracy"].nunique() == 1 and len(pair) == 2
    depth = hybrid.groupby("size")["depth"].first()
    assert depth['{"n_layers": 2}'] > depth['{"n_layers": 1}'] > 0
    text = (tmp_path / "sweeps" / "report.html").read_text()
    assert "<h2>Accuracy vs noise</h2>" in text


def test_multiclass_problems_search_on_accuracy_alone():
    config = {"seeds": [0], "cv": 3, "datasets": [{"name": "iris", "n_samples": 60}],
              "models": [{"model": "svc_rbf"}, {"model": "logistic_regression"}]}
    results = run(config, progress=False)
    assert (results["status"] == "ok").all(), results["error"].tolist()
    assert results["roc_auc"].isna().all() and results["cv_roc_auc"].isna().all()
    X_train, X_test, y_train, y_test = load_dataset("iris", n_samples=60, test_size=0.2,
                                                    random_state=0, scale=False)
    from sklearn.model_selection import GridSearchCV, StratifiedKFold
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler
    from sklearn.svm import SVC

    from qnnlab.baselines import DEFAULT_GRIDS

    search = GridSearchCV(make_pipeline(StandardScaler(), SVC()),
                          {f"svc__{k}": v for k, v in DEFAULT_GRIDS["svc_rbf"].items()},
                          cv=StratifiedKFold(3, shuffle=True, random_state=0))
    expected = search.fit(X_train, y_train).score(X_test, y_test)
    assert results.set_index("model").loc["svc_rbf", "accuracy"] == expected

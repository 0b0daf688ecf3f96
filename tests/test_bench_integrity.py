"""Benchmark records you can trust (issue 16, items 1-5; issue 9, item 7's record parts).

Tampered results are refused, damaged job files keep their good records, another run's folder is
never overwritten silently, Ctrl-C stops a run at once without recording the job it cut short,
and worker processes die with their parent. Scikit-learn models keep most tests fast; the
interrupt tests run the real command line in a subprocess and send it real signals.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
import yaml

from qnnlab.bench import execution, load_config, protocol, record, reproduce, run
from qnnlab.bench.execution import JobStore
from qnnlab.bench.record import ResultsMismatch, read_results
from qnnlab.bench.report import report
from qnnlab.cli import main

FAST = {
    "name": "fast",
    "seeds": [0, 1],
    "cv": 2,
    "datasets": [{"name": "moons", "n_samples": 40}],
    "models": [{"model": "logistic_regression", "grid": {"C": [0.1, 1.0]}},
               {"model": "svc_rbf", "grid": {"C": [1.0, 10.0]}}],
}


@pytest.fixture(scope="module")
def finished(tmp_path_factory):
    """A finished FAST run (no report: the report tests write one)."""
    out = tmp_path_factory.mktemp("integrity") / "fast"
    run(FAST, out=out, progress=False, write_report=False)
    return out


@pytest.fixture
def copy_of(finished, tmp_path):
    """A fresh copy of the finished run, to damage."""
    def make(name: str = "copy") -> Path:
        return Path(shutil.copytree(finished, tmp_path / name))
    return make


def count_jobs(monkeypatch) -> list:
    """Record every job that really runs from now on."""
    calls: list = []
    real = execution.run_job
    monkeypatch.setattr(execution, "run_job", lambda spec: calls.append(spec) or real(spec))
    return calls


def edit_results(folder: Path, change) -> pd.DataFrame:
    """Rewrite folder/results.csv after ``change`` (a function of the text table)."""
    frame = pd.read_csv(folder / "results.csv", dtype=str, keep_default_na=False)
    frame = change(frame.copy())
    frame.to_csv(folder / "results.csv", index=False)
    return frame


def swap_labels(frame):
    rows = frame.index[frame["seed"] == "0"]
    frame.loc[rows, "model"] = frame.loc[rows[::-1], "model"].to_numpy()
    return frame


def edit_kwargs(frame):
    frame.loc[1, "dataset_kwargs"] = '{"n_samples": 4000}'
    return frame


TAMPERING = {
    "swapped model labels": (swap_labels, r"model is 'svc_rbf', recorded 'logistic_regression'"),
    "deleted accuracy columns": (lambda f: f.drop(columns=["accuracy", "f1_macro"]),
                                 r"column\(s\) deleted: accuracy, f1_macro"),
    "appended duplicate rows": (lambda f: pd.concat([f, f.iloc[[0, 1]]]),
                                r"2 duplicate row\(s\) of job\(s\)"),
    "edited dataset_kwargs": (edit_kwargs,
                              r"dataset_kwargs is '\{\"n_samples\": 4000\}', recorded "
                              r"'\{\"n_samples\": 40\}'"),
    "deleted row": (lambda f: f.drop(index=2), r"1 recorded job\(s\) missing"),
    "edited accuracy": (lambda f: f.assign(accuracy=["1.0"] * len(f)), r"accuracy is '1.0'"),
}


class TestResultsIntegrity:
    def test_the_record_holds_the_hash_of_the_file_as_written(self, finished):
        stored = json.loads((finished / "record.json").read_text())["results"]
        data = (finished / "results.csv").read_bytes()
        assert stored["sha256"] == hashlib.sha256(data).hexdigest()
        assert stored["columns"] == list(protocol.ROW_COLUMNS)
        keys = pd.read_csv(finished / "results.csv")["job_key"].tolist()
        assert [key for key, _ in stored["rows"]] == keys and len(keys) == 4
        lines = (finished / "jobs.jsonl").read_text().splitlines()
        for entry in map(json.loads, lines):
            assert entry["row_sha256"] == record.row_hash(entry["row"])
        verified = read_results(finished)
        assert verified["job_key"].tolist() == keys
        assert verified["accuracy"].tolist() == pd.read_csv(finished / "results.csv")[
            "accuracy"].tolist()

    def test_an_untouched_round_trip_verifies(self, copy_of):
        folder = copy_of()
        edit_results(folder, lambda frame: frame)  # read and written again, nothing changed
        assert len(read_results(folder)) == 4

    @pytest.mark.parametrize("case", list(TAMPERING))
    def test_tampering_is_refused_by_reproduce_and_report(self, case, copy_of, monkeypatch,
                                                          capsys):
        change, message = TAMPERING[case]
        folder = copy_of()
        edit_results(folder, change)
        with pytest.raises(ResultsMismatch, match=message):
            read_results(folder)
        calls = count_jobs(monkeypatch)
        with pytest.raises(ValueError, match="does not match its run record"):
            reproduce(folder, progress=False)
        assert calls == []  # refused before any job ran
        assert not list(folder.glob("reproduce-*"))
        assert main(["bench", "reproduce", str(folder), "-q"]) == 2
        assert main(["bench", "report", str(folder)]) == 2
        error = capsys.readouterr().err
        assert error.count("does not match its run record") == 2
        assert not (folder / "report.html").exists()

    def test_the_refusal_stays_short(self, copy_of):
        folder = copy_of()
        edit_results(folder, lambda f: pd.concat([f.assign(best_params="x" * 10_000)] * 5))
        with pytest.raises(ResultsMismatch) as caught:
            read_results(folder)
        message = str(caught.value)
        assert len(message) < 2000, len(message)
        assert "16 duplicate row(s)" in message and "best_params is 'xxx" in message

    def test_running_again_rebuilds_the_results_from_the_job_records(self, copy_of,
                                                                     monkeypatch, finished):
        folder = copy_of()
        edit_results(folder, swap_labels)
        calls = count_jobs(monkeypatch)
        run(FAST, out=folder, progress=False, write_report=False)
        assert calls == []
        assert (folder / "results.csv").read_bytes() == (finished / "results.csv").read_bytes()
        assert len(read_results(folder)) == 4

    def test_a_run_that_did_not_finish_cannot_be_verified(self, copy_of):
        folder = copy_of()
        stored = json.loads((folder / "record.json").read_text())
        del stored["results"]
        (folder / "record.json").write_text(json.dumps(stored))
        with pytest.raises(ResultsMismatch, match="holds no fingerprint of results.csv"):
            read_results(folder)
        (folder / "results.csv").unlink()
        with pytest.raises(FileNotFoundError, match="the run did not finish"):
            read_results(folder)

    def test_a_record_of_the_old_layout_is_refused_with_a_reason(self, copy_of):
        folder = copy_of()
        stored = json.loads((folder / "record.json").read_text())
        (folder / "record.json").write_text(json.dumps({**stored, "format": 1}))
        with pytest.raises(ValueError, match="found format 1.*no integrity hashes"):
            reproduce(folder)


def lines_of(folder: Path) -> list[bytes]:
    return (folder / "jobs.jsonl").read_bytes().splitlines(keepends=True)


class TestJobsFile:
    def test_damaged_lines_are_reported_by_number_and_later_records_kept(self, copy_of):
        folder = copy_of()
        good = lines_of(folder)
        edited = json.loads(good[3])
        edited["row"]["accuracy"] = 0.123  # row_sha256 no longer matches
        damaged = [good[0], b'{"key": "x", "row": {"acc\n', good[1], b"null\n",
                   b'{"row": {}}\n', good[2], b"[1, 2]\n", json.dumps(edited).encode() + b"\n"]
        (folder / "jobs.jsonl").write_bytes(b"".join(damaged))
        store = JobStore(folder)
        with pytest.warns(RuntimeWarning, match="5 damaged line") as caught:
            records = store.load()
        message = str(caught[0].message)
        for expected in ("line 2: not valid JSON", "line 4: a JSON null, not a job record",
                         "line 5: a JSON object without a job 'key'",
                         "line 7: a JSON list, not a job record",
                         "line 8: the row of job", "does not match its row_sha256"):
            assert expected in message
        assert sorted(records) == sorted(json.loads(line)["key"] for line in good[:3])
        assert (folder / "jobs.jsonl").read_bytes() == b"".join(damaged)  # nothing dropped

    def test_resume_reruns_only_the_jobs_of_damaged_lines(self, copy_of, monkeypatch,
                                                          finished):
        folder = copy_of()
        good = lines_of(folder)
        lost = json.loads(good[1])["key"]
        (folder / "jobs.jsonl").write_bytes(good[0] + b"{garbage\n" + b"".join(good[2:]))
        calls = count_jobs(monkeypatch)
        with pytest.warns(RuntimeWarning, match="line 2: not valid JSON"):
            results = run(FAST, out=folder, progress=False, write_report=False)
        assert [protocol.job_key(spec) for spec in calls] == [lost]
        assert (results["status"] == "ok").all() and len(results) == 4
        timings = ["search_time_s", "train_time_s", "inference_time_s"]  # the re-run's own
        pd.testing.assert_frame_equal(read_results(folder).drop(columns=timings),
                                      read_results(finished).drop(columns=timings))

    def test_a_torn_last_line_is_cut_and_a_complete_one_kept(self, copy_of):
        folder = copy_of()
        good = lines_of(folder)
        (folder / "jobs.jsonl").write_bytes(b"".join(good[:3]) + good[3][:20])
        assert len(JobStore(folder).load()) == 3
        assert lines_of(folder) == good[:3]
        (folder / "jobs.jsonl").write_bytes(b"".join(good).rstrip(b"\n"))  # no final newline
        store = JobStore(folder)
        assert len(store.load()) == 4 and store.damaged == []
        store.append(json.loads(good[0]))
        assert len(lines_of(folder)) == 5 and len(JobStore(folder).load()) == 4


    def test_the_report_skips_damaged_lines(self, copy_of):
        folder = copy_of()
        junk = b'null\n[]\n{"key": 1}\n{"key": "k", "row": {}, "curves": null}\n{oops\n'
        (folder / "jobs.jsonl").write_bytes(junk + b"".join(lines_of(folder)))
        assert report(folder).read_text().startswith("<!DOCTYPE html>")


class TestOutFolder:
    def test_another_experiment_is_refused_and_force_moves_it_aside(self, copy_of,
                                                                     monkeypatch):
        folder = copy_of()
        before = {p.name: p.read_bytes() for p in folder.iterdir()}
        other = {**FAST, "name": "other", "seeds": [3]}
        with pytest.raises(ValueError, match=r"holds the results of another experiment "
                                             r"\('fast'\): record\.json, jobs\.jsonl, "
                                             r"results\.csv.*--force"):
            run(other, out=folder, progress=False)
        assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
        with pytest.warns(UserWarning, match="--force: the files of another experiment"):
            results = run(other, out=folder, progress=False, write_report=False, force=True)
        assert set(results["seed"]) == {3}
        (aside,) = folder.glob("replaced-*")
        assert {p.name: p.read_bytes() for p in aside.iterdir()} == before
        assert json.loads((folder / "record.json").read_text())["experiment"] == other

    def test_results_without_a_record_are_not_overwritten(self, tmp_path, capsys):
        folder = tmp_path / "someone"
        folder.mkdir()
        (folder / "results.csv").write_text("precious\n")
        (folder / "report.html").write_text("<html>mine</html>")
        config = tmp_path / "fast.yaml"
        config.write_text(yaml.safe_dump(FAST))
        assert main(["bench", "run", str(config), "--out", str(folder), "-q"]) == 2
        error = capsys.readouterr().err
        assert "another run (it has no record.json): results.csv, report.html" in error
        assert (folder / "results.csv").read_text() == "precious\n"
        assert main(["bench", "run", str(config), "--out", str(folder), "-q", "--force"]) == 0
        (aside,) = folder.glob("replaced-*")
        assert (aside / "results.csv").read_text() == "precious\n"
        assert len(read_results(folder)) == 4

    def test_a_record_of_another_qnnlab_version_is_not_resumed(self, copy_of):
        folder = copy_of()
        stored = json.loads((folder / "record.json").read_text())
        (folder / "record.json").write_text(json.dumps({**stored, "qnnlab_version": "0.0.1"}))
        with pytest.raises(ValueError, match=r"a run by qnnlab 0\.0\.1"):
            run(FAST, out=folder, progress=False)


def git(folder: Path, *arguments: str) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", *arguments],
                   cwd=folder, check=True, capture_output=True)


class TestEnvironment:
    def test_git_dirty_counts_tracked_changes_only(self, tmp_path):
        if shutil.which("git") is None:
            pytest.skip("git is not installed")
        git(tmp_path, "init", "-q")
        (tmp_path / "module.py").write_text("x = 1\n")
        git(tmp_path, "add", "module.py")
        git(tmp_path, "commit", "-q", "-m", "first")
        assert record.git_dirty(tmp_path) is False
        assert len(record.git_commit(tmp_path)) == 40
        (tmp_path / "stray-output.csv").write_text("untracked\n")
        assert record.git_dirty(tmp_path) is False
        (tmp_path / "module.py").write_text("x = 2\n")
        assert record.git_dirty(tmp_path) is True

    def test_reproduce_reports_what_differs_and_the_numbers_decide(self, copy_of, tmp_path):
        folder = copy_of()
        stored = json.loads((folder / "record.json").read_text())
        stored["versions"]["torch"] = "0.0-recorded"
        stored["git_commit"], stored["git_dirty"] = "0" * 40, False
        stored["resumed"] = [{"at": "x", "changes": {"git commit": ["a", "b"]}}]
        (folder / "record.json").write_text(json.dumps(stored))
        outcome = reproduce(folder, out=tmp_path / "again", progress=False)
        assert outcome.matches  # differences of environment are reported, not refused
        different = set(outcome.environment.loc[~outcome.environment["same"], "item"])
        assert {"version of torch", "git commit"} <= different
        text = outcome.summary()
        assert "version of torch: recorded 0.0-recorded, now " in text
        assert f"git commit: recorded {'0' * 40}, now {record.git_commit()}" in text
        assert "resumed 1 time(s) in another environment" in text
        assert text.endswith("REPRODUCED: every compared metric matches.")

    def test_the_same_environment_says_so(self):
        env = record.environment()
        table = record.compare_environment({**env, "git_dirty": False},
                                           {**env, "git_dirty": False})
        assert table["same"].all()
        dirty = record.compare_environment({**env, "git_dirty": True}, {**env, "git_dirty": True})
        assert list(dirty.loc[~dirty["same"], "item"]) == ["uncommitted changes"]


class TestCliExitStatus:
    @pytest.fixture
    def config(self, tmp_path):
        path = tmp_path / "fast.yaml"
        path.write_text(yaml.safe_dump(FAST))
        return path

    def test_every_job_failed_exits_1_and_says_so(self, config, tmp_path, monkeypatch, capsys):
        def broken(spec):
            raise OSError("disk on fire")

        monkeypatch.setattr(protocol, "load_job_data", broken)
        assert main(["bench", "run", str(config), "--out", str(tmp_path / "o"), "-q"]) == 1
        error = capsys.readouterr().err
        assert "every job failed (4 of 4)" in error
        assert "2 x logistic_regression: OSError: disk on fire" in error

    def test_partial_failure_is_reported_on_stderr(self, config, tmp_path, monkeypatch, capsys):
        real = protocol.load_job_data

        def svc_breaks(spec):
            if spec["model"]["model"] == "svc_rbf":
                raise OSError("no data for you")
            return real(spec)

        monkeypatch.setattr(protocol, "load_job_data", svc_breaks)
        assert main(["bench", "run", str(config), "--out", str(tmp_path / "o"), "-q"]) == 0
        captured = capsys.readouterr()
        assert "warning: 2 of 4 jobs failed" in captured.err
        assert "2 x svc_rbf: OSError: no data for you" in captured.err
        assert "4 jobs (2 failed)" in captured.out


# ----------------------------------------------------------------------------- real signals

#: A job that trains far longer than any test waits (no early stopping), after a short hybrid
#: job that has every library imported by the time the long one starts training.
_HYBRID = {"n_qubits": 2, "n_layers": 1, "batch_size": 8, "early_stopping": False}
SLOW = {
    "name": "slow",
    "seeds": [0],
    "cv": 2,
    "datasets": [{"name": "moons", "n_samples": 40}],
    "models": [{"model": "hybrid", "label": "warm-up", "params": {**_HYBRID, "epochs": 1}},
               {"model": "hybrid", "label": "long", "params": {**_HYBRID, "epochs": 5000}}],
}
#: Seconds a stopped run may take to exit (a hang guard, not a performance assertion: the
#: slow job alone takes minutes).
EXIT_WITHIN = 30


def start_run(tmp_path: Path, config: dict, *arguments: str) -> tuple[subprocess.Popen, Path]:
    path = tmp_path / "slow.yaml"
    path.write_text(yaml.safe_dump(config))
    out = tmp_path / "out"
    command = [sys.executable, "-m", "qnnlab.cli", "bench", "run", str(path), "--out", str(out),
               "-q", *arguments]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, start_new_session=True)
    return process, out


def wait_for(condition, process: subprocess.Popen, timeout: float = 240) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if process.poll() is not None:
            pytest.fail(f"the run ended early: {process.communicate()}")
        if time.monotonic() > deadline:
            process.kill()
            pytest.fail("timed out waiting for the run")
        time.sleep(0.2)


def finished_lines(out: Path) -> list[dict]:
    path = out / "jobs.jsonl"
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


def descendants(pid: int) -> set[int]:
    """Process ids below ``pid`` (from /proc)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    found, frontier = set(), {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier}
        found |= frontier
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")  # a zombie has exited


def wait_until_gone(pids: set[int], timeout: float = EXIT_WITHIN) -> set[int]:
    deadline = time.monotonic() + timeout
    while any(alive(p) for p in pids) and time.monotonic() < deadline:
        time.sleep(0.2)
    return {p for p in pids if alive(p)}


needs_proc = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="reads worker processes from /proc")


@pytest.mark.slow
def test_ctrl_c_stops_at_once_and_never_records_the_cut_short_job(tmp_path):
    process, out = start_run(tmp_path, SLOW)
    wait_for(lambda: len(finished_lines(out)) == 1, process)
    time.sleep(3)  # the long job is in Trainer.fit now (which used to swallow the Ctrl-C)
    process.send_signal(signal.SIGINT)
    try:
        _, error = process.communicate(timeout=EXIT_WITHIN)
    except subprocess.TimeoutExpired:
        process.kill()
        pytest.fail("the run went on after Ctrl-C")
    assert process.returncode == 130, error
    assert "interrupted; 1 finished job(s) are kept" in error
    assert "Traceback" not in error and "Training interrupted" not in error
    (kept,) = finished_lines(out)
    assert kept["row"]["model"] == "warm-up" and kept["row"]["status"] == "ok"
    assert not (out / "results.csv").exists()
    # a resume would run exactly the cut-short job again
    specs = protocol.expand_jobs(load_config(SLOW))
    todo = [s["model"]["label"] for s in specs if protocol.job_key(s) not in JobStore(out).load()]
    assert todo == ["long"]


@needs_proc
@pytest.mark.slow
@pytest.mark.parametrize("how, settle", [("ctrl-c to the process group", 5),
                                         ("SIGKILL", 5), ("SIGKILL", 0)],
                         ids=["ctrl-c", "sigkill-while-training", "sigkill-at-start-up"])
def test_workers_die_with_the_run(tmp_path, how, settle):
    config = {**SLOW, "seeds": [0, 1], "models": SLOW["models"][1:]}  # two long jobs
    process, _ = start_run(tmp_path, config, "--jobs", "2")
    workers: set[int] = set()

    def two_workers_running() -> bool:
        workers.update(descendants(process.pid))
        running = [p for p in workers if alive(p) and
                   "spawn_main" in Path(f"/proc/{p}/cmdline").read_bytes().decode(errors="replace")]
        return len(running) >= 2

    wait_for(two_workers_running, process)
    time.sleep(settle)  # 5 s: the workers are importing qnnlab or training
    if how == "SIGKILL":
        process.kill()
    else:
        os.killpg(process.pid, signal.SIGINT)  # what a terminal's Ctrl-C does
    try:
        _, error = process.communicate(timeout=EXIT_WITHIN)  # the workers hold its pipes too
    except subprocess.TimeoutExpired:
        process.kill()
        pytest.fail(f"the run or its workers went on after {how}")
    assert process.returncode == (-signal.SIGKILL if how == "SIGKILL" else 130), error
    assert wait_until_gone(workers) == set(), "worker processes outlived the run"

"""Safe under threads: the process-wide circuit lock, models trained side by side in threads,
helper processes per thread, and benchmark sweeps on Dask workers with several threads.

Every multi-threaded result is compared with the same work done one call after another in this
process (which must agree bit for bit), and the Dask sweep with the local run.
"""

from __future__ import annotations

import copy
import io
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import distributed
import joblib
import numpy as np
import pandas as pd
import pennylane as qml
import pytest
import yaml
from sklearn.model_selection import GridSearchCV

import qnnlab
from qnnlab import _concurrency, ansatze
from qnnlab._concurrency import (
    GuardedQNode,
    HelperProcessDied,
    circuit_lock,
    guard_qnode,
    holds_circuit_lock,
    run_in_thread_process,
)
from qnnlab.analysis import available_spectrum, fisher_information, saliency
from qnnlab.analysis._common import ansatz_config
from qnnlab.analysis.attribution import NO_ENTANGLEMENT_SUFFIX, without_entanglement
from qnnlab.analysis.barren import per_sample_gradients
from qnnlab.bench import run
from qnnlab.circuits import CircuitConfig, build_qnode, init_weights
from qnnlab.datasets import load_dataset
from qnnlab.estimators import HybridClassifier, HybridRegressor

#: Seconds a group of threads may take before the test reports a hang (far above the need).
THREAD_DEADLINE_S = 240


def in_threads(tasks: list[Callable[[], Any]]) -> list[Any]:
    """Run every task in a thread of its own, all released at once; their results in order.

    A thread that is still running after THREAD_DEADLINE_S fails the test (a hang), and an
    exception in any thread is raised here.
    """
    results: list[Any] = [None] * len(tasks)
    errors: list[BaseException | None] = [None] * len(tasks)
    start = threading.Barrier(len(tasks))

    def work(i: int) -> None:
        try:
            start.wait()
            results[i] = tasks[i]()
        except BaseException as error:  # noqa: BLE001 - reported by the main thread
            errors[i] = error

    threads = [threading.Thread(target=work, args=(i,), daemon=True) for i in range(len(tasks))]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + THREAD_DEADLINE_S
    for thread in threads:
        thread.join(max(0.0, deadline - time.monotonic()))
    hung = [i for i, thread in enumerate(threads) if thread.is_alive()]
    assert not hung, f"threads {hung} still running after {THREAD_DEADLINE_S} s: a hang"
    for error in errors:
        if error is not None:
            raise error
    return results


@pytest.fixture(scope="module")
def moons():
    return load_dataset("moons", n_samples=40, noise=0.1, random_state=0)


# ----------------------------------------------------------------------------- the lock


class TestCircuitLock:
    @pytest.mark.parametrize("options", [
        {},
        {"shots": 50},
        {"noise": "depolarizing", "noise_strength": 0.05, "zne": True},
    ], ids=["exact", "shots", "noise-zne"])
    def test_build_qnode_returns_a_qnode_that_holds_the_lock_while_it_runs(self, options):
        # PennyLane's transforms (set_shots, mitigate_with_zne) return plain QNodes: the
        # guard must come last, whatever the options.
        seen = []
        config = CircuitConfig("angle", "basic_entangler", n_qubits=2, n_layers=1, **options)
        qnode = build_qnode(config=config)
        assert isinstance(qnode, GuardedQNode)
        original = qnode.func
        qnode.func = lambda *a: (seen.append(holds_circuit_lock()), original(*a))[1]
        qnode(np.array([0.1, 0.2]), init_weights(config))
        assert seen and all(seen)
        assert not holds_circuit_lock()

    def test_the_lock_is_reentrant_and_released_after_an_error(self):
        def broken() -> Any:
            raise RuntimeError("inside the circuit")

        circuit = guard_qnode(qml.QNode(broken, qml.device("default.qubit", wires=1)))
        with circuit_lock(), pytest.raises(RuntimeError, match="inside the circuit"):
            circuit()
        assert not holds_circuit_lock()
        got = []
        thread = threading.Thread(target=lambda: got.append(_concurrency._LOCK.acquire(
            timeout=10)) or _concurrency._LOCK.release())
        thread.start()
        thread.join(20)
        assert got == [True]

    def test_a_forked_child_gets_an_unlocked_lock(self):
        held, release = threading.Event(), threading.Event()

        def hold() -> None:
            with circuit_lock():
                held.set()
                release.wait(30)

        holder = threading.Thread(target=hold, daemon=True)
        holder.start()
        assert held.wait(30)
        try:
            pid = os.fork()
            if pid == 0:  # the child: the holder thread does not exist here
                os._exit(0 if _concurrency._LOCK.acquire(timeout=5) else 1)
            _, status = os.waitpid(pid, 0)
        finally:
            release.set()
            holder.join(30)
        assert os.waitstatus_to_exitcode(status) == 0


# ----------------------------------------------------------------------------- models in threads


def fit_and_predict(make: Callable[[], Any], X: np.ndarray, y: np.ndarray,
                    X_test: np.ndarray) -> tuple[list[float], np.ndarray]:
    estimator = make().fit(X, y)
    predict = getattr(estimator, "predict_proba", estimator.predict)
    return list(estimator.history_["loss"]), predict(X_test)


def test_four_estimators_in_four_threads_equal_their_sequential_fits(moons):
    X, X_test, y, _ = moons
    small = {"n_qubits": 2, "n_layers": 1, "epochs": 3, "batch_size": 8}
    makes = [
        lambda: HybridClassifier(**small, random_state=0),
        lambda: HybridClassifier(**small, encoding="reuploading", ansatz="hardware_efficient",
                                 random_state=1),
        # parameter-shift: the backward pass runs PennyLane again, so it needs the lock too
        lambda: HybridClassifier(**small, diff_method="parameter-shift", random_state=2),
        lambda: HybridRegressor(**small, pre_layers=(3,), random_state=3),
    ]
    y_reg = X[:, 0] - X[:, 1]
    targets = [y, y, y, y_reg]
    sequential = [fit_and_predict(make, X, t, X_test) for make, t in zip(makes, targets)]
    threaded = in_threads([lambda m=m, t=t: fit_and_predict(m, X, t, X_test)
                           for m, t in zip(makes, targets)])
    for (loss_seq, out_seq), (loss_thr, out_thr) in zip(sequential, threaded):
        assert loss_thr == loss_seq
        np.testing.assert_array_equal(out_thr, out_seq)
    # the four models really differ, so a mix-up between threads could not go unnoticed
    assert len({round(losses[-1], 12) for losses, _ in sequential}) == 4


def test_grid_search_with_the_threading_backend_finds_the_sequential_best(moons):
    X, _, y, _ = moons
    grid = {"learning_rate": [0.005, 0.3], "n_layers": [1, 2]}

    def search(n_jobs: int) -> GridSearchCV:
        estimator = HybridClassifier(n_qubits=2, epochs=3, batch_size=8, random_state=0)
        return GridSearchCV(estimator, grid, cv=2, n_jobs=n_jobs).fit(X, y)

    sequential = search(n_jobs=1)
    with joblib.parallel_backend("threading", n_jobs=2):
        threaded = search(n_jobs=2)
    assert threaded.best_params_ == sequential.best_params_
    np.testing.assert_array_equal(threaded.cv_results_["mean_test_score"],
                                  sequential.cv_results_["mean_test_score"])
    assert np.ptp(sequential.cv_results_["mean_test_score"]) > 0  # a real choice was made


def test_the_playground_trains_while_other_threads_fit_models(moons):
    from qnnlab.widgets import Playground

    settings = {
        "dataset": {"name": "moons", "n_samples": 40, "noise": 0.1, "test_size": 0.25},
        "ansatz": {"ansatz": "strongly_entangling", "n_qubits": 2, "n_layers": 1},
        "training": {"learning_rate": 0.1, "batch_size": 10, "epochs": 2},
    }

    def playground_losses() -> list[float]:
        return list(Playground(**copy.deepcopy(settings)).train_epochs(2).history["loss"])

    X, X_test, y, _ = moons

    def make() -> HybridClassifier:
        return HybridClassifier(n_qubits=2, n_layers=1, epochs=3, batch_size=8, random_state=7)

    alone = playground_losses()
    fitted_alone = fit_and_predict(make, X, y, X_test)
    together = in_threads([playground_losses] + [lambda: fit_and_predict(make, X, y,
                                                                         X_test)] * 2)
    assert together[0] == alone
    for losses, probabilities in together[1:]:
        assert losses == fitted_alone[0]
        np.testing.assert_array_equal(probabilities, fitted_alone[1])


def test_analyses_and_drawings_in_threads_equal_sequential_calls(moons):
    X, _, y, _ = moons
    fitted = HybridClassifier(n_qubits=2, n_layers=1, epochs=1, random_state=0).fit(X, y)
    config = CircuitConfig("iqp", "strongly_entangling", n_qubits=2, n_layers=1)
    ansatz = ansatz_config("hardware_efficient", 2, 2)
    weights = np.random.default_rng(0).uniform(0, 2 * np.pi, (3, ansatz.n_params))
    tasks = [
        lambda: qnnlab.draw(fitted),
        lambda: qnnlab.resources(config.replace(n_features=2)),
        lambda: available_spectrum(config, init_weights(config), np.zeros(2)),
        lambda: per_sample_gradients(ansatz, weights),
        lambda: fisher_information(config, n_samples_data=4, n_param_samples=2),
        lambda: saliency(fitted, X[:5]),
        lambda: HybridClassifier(n_qubits=2, n_layers=1, epochs=2,
                                 random_state=5).fit(X, y).predict_proba(X[:5]),
    ]
    sequential = [task() for task in tasks]
    threaded = in_threads(tasks)
    for got, expected in zip(threaded, sequential):
        if isinstance(expected, tuple):
            for a, b in zip(got, expected):
                np.testing.assert_array_equal(a, b)
        elif isinstance(expected, (str, dict)):
            assert got == expected
        else:
            np.testing.assert_array_equal(got, expected)


def test_the_no_entanglement_ablation_is_registered_once_from_many_threads(monkeypatch):
    name = "basic_entangler" + NO_ENTANGLEMENT_SUFFIX
    monkeypatch.delitem(ansatze._registry._entries, name, raising=False)
    available = ansatze.available

    def slow_available() -> list[str]:  # widens the gap between looking and registering
        names = available()
        time.sleep(0.05)
        return names

    monkeypatch.setattr(ansatze, "available", slow_available)
    assert in_threads([lambda: without_entanglement("basic_entangler")] * 4) == [name] * 4


# ----------------------------------------------------------------------------- helper processes


class TestRunInThreadProcess:
    def test_each_thread_has_its_own_reused_process(self):
        first, again = run_in_thread_process(os.getpid), run_in_thread_process(os.getpid)
        assert first == again != os.getpid()
        (other,) = in_threads([lambda: run_in_thread_process(os.getpid)])
        assert other not in (first, os.getpid())

    def test_results_and_errors_come_back(self):
        assert run_in_thread_process(divmod, 17, 5) == (3, 2)
        with pytest.raises(ZeroDivisionError):
            run_in_thread_process(divmod, 1, 0)

    def test_a_process_that_dies_is_reported_and_replaced(self):
        before = run_in_thread_process(os.getpid)
        with pytest.raises(HelperProcessDied, match="_exit ended with exit code 3"):
            run_in_thread_process(os._exit, 3)
        after = run_in_thread_process(os.getpid)
        assert after != before

    def test_an_idle_process_leaves_and_the_next_call_starts_another(self, monkeypatch):
        monkeypatch.setattr(_concurrency, "HELPER_IDLE_S", 0.5)

        def idle_then_call() -> tuple[int, int, int | None]:
            first = run_in_thread_process(os.getpid)
            helper = _concurrency._THREAD_HELPERS.helper
            helper.process.wait(timeout=60)  # it leaves by itself, with exit code 0
            return first, run_in_thread_process(os.getpid), helper.process.returncode

        first, second, code = in_threads([idle_then_call])[0]
        assert code == 0 and second != first


# ----------------------------------------------------------------------------- Dask


QUICK = Path(__file__).resolve().parents[1] / "benchmarks" / "experiments" / "quick.yaml"


def small_quick_sweep() -> dict[str, Any]:
    """benchmarks/experiments/quick.yaml made small: one dataset of 40 samples, one seed, two
    training epochs (its four models and their searches unchanged)."""
    config = yaml.safe_load(QUICK.read_text())
    config.update(seeds=[0], datasets=[{**config["datasets"][0], "n_samples": 40}])
    config["models"][0]["params"]["epochs"] = 2
    return config


TIMING = ["search_time_s", "train_time_s", "inference_time_s"]


def stored(frame: pd.DataFrame) -> pd.DataFrame:
    """The results as results.csv stores them, timings left out."""
    return pd.read_csv(io.StringIO(frame.drop(columns=TIMING).to_csv(index=False)))


@pytest.mark.slow
@pytest.mark.timeout(420)
def test_sweep_on_a_dask_worker_with_two_threads_equals_the_local_run():
    sweep = small_quick_sweep()
    local = run(sweep, progress=False)
    assert (local["status"] == "ok").all()
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=True,
                                  host="127.0.0.1", dashboard_address="127.0.0.1:0") as cluster:
        with distributed.Client(cluster) as client:
            on_dask = run(sweep, client=client, progress=False)
    pd.testing.assert_frame_equal(stored(on_dask), stored(local))
    assert on_dask["train_hash"].nunique() == 1 and on_dask["cv_hash"].notna().all()

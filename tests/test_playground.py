"""The Playground without a browser: buttons, resets, the async loop and Pause, noise after
training, the classical twin, point selection, and the ``qnnlab playground`` command.

Small settings (60 points, 2 qubits, 1 layer, 3 mini-batches per epoch) keep each run short.
"""

from __future__ import annotations

import argparse
import asyncio
import copy
import json
import socket

import nbformat
import numpy as np
import pytest
import torch
from plotly.callbacks import Points
from torch import nn

from qnnlab.analysis.state import bloch_vectors
from qnnlab.circuits import CircuitConfig
from qnnlab.datasets import load_dataset
from qnnlab.models import HybridNet
from qnnlab.training import Trainer, accuracy
from qnnlab.widgets import Playground, PlaygroundState
from qnnlab.widgets import app as app_module

SMALL = {
    "dataset": {"name": "moons", "n_samples": 60, "noise": 0.1, "test_size": 0.25},
    "ansatz": {"ansatz": "strongly_entangling", "n_qubits": 2, "n_layers": 1},
    "training": {"learning_rate": 0.1, "batch_size": 15, "epochs": 40},
}


@pytest.fixture()
def pg() -> Playground:
    return Playground(**copy.deepcopy(SMALL))


def _surface(pg: Playground) -> np.ndarray:
    return np.array(pg.figure.trace("surface").z, dtype=float)


def _loss_points(pg: Playground) -> int:
    return len(pg.figure.trace("quantum train loss").x)


# -- construction and buttons -------------------------------------------------------------------


def test_ready_state_and_button_states(pg):
    state = pg.state
    assert isinstance(state, PlaygroundState)
    assert (state.epoch, state.running, state.valid, state.problem) == (0, False, True, "")
    assert not pg.train_button.disabled and not pg.step_button.disabled
    assert pg.pause_button.disabled
    assert _loss_points(pg) == 1  # epoch 0: the untrained model
    assert _surface(pg).shape == (30, 30)  # one batched evaluation on a coarse grid
    assert "Epoch <b>0</b> / 40" in pg.epoch_html.value


def test_training_matches_the_core_trainer_step_for_step(pg):
    # The same seeds through HybridNet + Trainer directly give the same numbers.
    X_train, X_test, y_train, y_test = load_dataset(**SMALL["dataset"], n_features=2)
    config = CircuitConfig("angle", "strongly_entangling", 2, 1, n_features=2)
    net = HybridNet(2, 2, config, random_state=0)
    t = torch.as_tensor
    trainer = Trainer(net, nn.CrossEntropyLoss(), t(X_train), t(y_train), X_val=t(X_test),
                      y_val=t(y_test), metric=accuracy, learning_rate=0.1, batch_size=15,
                      random_state=0)
    trainer.fit(2)
    state = pg.train_epochs(2)
    assert state.epoch == 2
    assert state.history["loss"] == pytest.approx(trainer.history["loss"], rel=1e-10)
    assert state.test_accuracy == pytest.approx(trainer.history["val_score"][-1])
    # The figure shows the same numbers (after the epoch-0 point).
    assert list(pg.figure.trace("quantum train loss").y[1:]) == pytest.approx(
        trainer.history["loss"])
    assert list(pg.figure.trace("quantum test accuracy").y[1:]) == pytest.approx(
        trainer.history["val_score"])


def test_figure_changes_in_place_after_steps(pg):
    widget, n_traces, before = pg.figure.widget, len(pg.figure.widget.data), _surface(pg)
    updates = pg.figure.updates
    pg.train_steps(3)  # one epoch of 3 mini-batches
    assert pg.figure.widget is widget and len(widget.data) == n_traces
    assert _loss_points(pg) == 2
    assert not np.allclose(_surface(pg), before)
    assert pg.figure.updates == updates + 1  # one batched refresh


def test_step_button_trains_one_epoch(pg):
    pg.step_button.click()
    pg.step_button.click()
    assert pg.state.epoch == 2 and _loss_points(pg) == 3


def test_reset_button_starts_over(pg):
    pg.train_epochs(1)
    pg.reset_button.click()
    assert pg.state.epoch == 0 and _loss_points(pg) == 1 and pg.state.history["epoch"] == []


# -- settings -----------------------------------------------------------------------------------


def test_invalid_settings_disable_train_and_show_the_reason(pg):
    pg.ansatz_picker.value = {"ansatz": "tree_tensor_network", "n_qubits": 3}
    assert not pg.valid and pg.train_button.disabled and pg.step_button.disabled
    assert "power-of-two" in pg.problem
    assert pg.problem_html.layout.display is None and "power-of-two" in pg.problem_html.value
    pg.train_button.click()  # a click on a disabled button does nothing, raises nothing
    assert pg.state.epoch == 0 and not pg.running
    with pytest.raises(ValueError, match="power-of-two"):
        pg.train_steps(1)
    pg.ansatz_picker.qubits_slider.value = 4
    assert pg.valid and not pg.train_button.disabled
    assert pg.problem_html.layout.display == "none"
    assert pg.session.config.n_qubits == 4


def test_changing_a_picker_resets_cleanly(pg):
    pg.train_epochs(1)
    before = np.array(pg.figure.trace("train points").x, dtype=float)
    pg.dataset_picker.name_dropdown.value = "circles"
    assert pg.state.epoch == 0 and _loss_points(pg) == 1
    assert pg.state.settings["dataset"]["name"] == "circles"
    assert not np.array_equal(np.array(pg.figure.trace("train points").x, dtype=float), before)


def test_changing_epochs_keeps_the_run(pg):
    pg.train_epochs(1)
    pg.training_controls.epochs_slider.value = 5
    assert pg.state.epoch == 1 and "/ 5" in pg.epoch_html.value


def test_circuit_drawing_follows_the_ansatz(pg):
    def count(role):
        return len(pg.figure.trace(f"circuit {role}").x)

    assert (count("data"), count("trainable")) == (2, 2)  # RY per qubit, one Rot per qubit
    pg.ansatz_picker.layers_slider.value = 3
    assert count("trainable") == 3 * 2
    # CNOT targets drawn = two-qubit gates counted by qml.specs (via the picker).
    assert len(pg.figure.trace("circuit targets").x) == (
        pg.ansatz_picker.model.resources["two_qubit_gates"])


# -- the async loop -----------------------------------------------------------------------------


def test_pause_in_the_middle_of_an_async_run(pg):
    heartbeats = []

    async def heartbeat():
        while True:
            heartbeats.append(pg.session.trainer.steps)
            await asyncio.sleep(0)

    async def scenario():
        beat = asyncio.get_running_loop().create_task(heartbeat())
        pg.train_button.click()
        assert pg.running and pg.train_button.disabled and not pg.pause_button.disabled
        while pg.state.epoch < 2:
            await asyncio.sleep(0.005)
        pg.pause_button.click()
        await pg.wait()
        beat.cancel()
        return pg.state

    state = asyncio.run(scenario())
    assert not state.running and 2 <= state.epoch < 40
    assert not pg.train_button.disabled and pg.pause_button.disabled
    assert "Paused after epoch" in pg.status_html.value
    assert _loss_points(pg) == state.epoch + 1  # the last refresh shows every epoch
    # The loop yielded between mini-batches: other tasks ran while it trained.
    assert len(set(heartbeats)) > 3


def test_redraws_are_throttled():
    pg = Playground(**copy.deepcopy(SMALL), max_redraws_per_second=4)

    async def scenario():
        start_count = pg.redraw_count
        pg.start()
        loop = asyncio.get_running_loop()
        t0 = loop.time()
        while pg.running and loop.time() - t0 < 1.5:
            await asyncio.sleep(0.01)
        pg.pause()
        await pg.wait()
        return pg.redraw_count - start_count, loop.time() - t0

    redraws, seconds = asyncio.run(scenario())
    assert 1 <= redraws <= 4 * seconds + 2


def test_reset_during_a_run_detaches_the_old_task(pg):
    async def scenario():
        pg.start()
        while pg.state.epoch < 1:
            await asyncio.sleep(0.005)
        old_task = pg._task
        pg.ansatz_picker.layers_slider.value = 2  # reset
        assert not pg.running and pg.state.epoch == 0
        await old_task
        return pg.state

    state = asyncio.run(scenario())
    assert state.epoch == 0 and state.history["epoch"] == [] and not state.running


def test_close_stops_a_run(pg):
    async def scenario():
        task = pg.start()
        await asyncio.sleep(0.05)
        pg.close()
        await task
        return pg.state

    state = asyncio.run(scenario())
    assert not state.running and state.epoch < 40


def test_start_without_an_event_loop_trains_synchronously(pg):
    pg.training_controls.epochs_slider.value = 2
    assert pg.start() is None
    assert pg.state.epoch == 2 and not pg.running


# -- noise after training, classical twin -------------------------------------------------------


def test_noise_after_training_evaluates_the_same_weights(pg):
    pg.train_epochs(3)
    weights = pg.session.model.quantum_layer.weights.detach().clone()
    clean = copy.deepcopy(pg.session.model)
    pg.noise_picker.value = {"noise": "depolarizing", "noise_strength": 0.1}
    assert pg.state.epoch == 3  # no retraining
    assert torch.equal(pg.session.model.quantum_layer.weights.detach(), weights)
    # Reference: the trained copy reconfigured with the same noise.
    clean.quantum_layer.reconfigure(noise="depolarizing", noise_strength=0.1)
    with torch.no_grad():
        X_test = torch.as_tensor(pg.session.X_test)
        expected = accuracy(clean(X_test), torch.as_tensor(pg.session.y_test))
    assert pg.state.noisy_test_accuracy == pytest.approx(expected)
    assert pg.report_html.layout.display is None and "no retraining" in pg.report_html.value
    assert _surface(pg).shape == (15, 15)  # the coarser grid for density matrices
    pg.noise_picker.noise_dropdown.value = "none"
    assert pg.session.config.noise is None and pg.state.epoch == 3


def test_classical_twin_trains_side_by_side(pg):
    pg.classical_toggle.value = True
    state = pg.train_epochs(2)
    assert state.twin_history is not None and len(state.twin_history["loss"]) == 2
    assert state.twin_test_accuracy is not None
    assert len(pg.figure.trace("classical test accuracy").x) == 3
    assert pg.figure.trace("twin boundary").visible
    assert "twin" in pg.figure.widget.layout.annotations[1].text
    counts = pg.session.twin.n_parameters()
    quantum = pg.session.model.n_parameters()["quantum"]
    assert abs(counts["classical_counterpart"] - quantum) <= 2 + 1 + 2  # within one hidden unit


# -- the selected point -------------------------------------------------------------------------


def test_selected_point_shows_its_bloch_vectors(pg):
    pg.train_epochs(1)
    pg.select_point(5)
    x = pg.session.X_test[5]
    assert list(pg.figure.trace("selected").x) == [x[0]]
    z_bars = np.array(pg.figure.trace("bloch Z").y, dtype=float)
    # The Z components are the quantum layer's <Z_i> outputs (another code path).
    with torch.no_grad():
        expected = pg.session.model.quantum_features(torch.as_tensor(x[None, :]))[0].numpy()
    assert z_bars == pytest.approx(expected, abs=1e-4)
    vectors = np.column_stack([np.array(pg.figure.trace(f"bloch {a}").y, float) for a in "XYZ"])
    assert (np.linalg.norm(vectors, axis=1) <= 1 + 1e-6).all()


def test_clicking_the_plot_selects_the_nearest_test_point(pg):
    test = pg.figure.trace("test points")
    pg._on_plot_click(test, Points(point_inds=[7], xs=[test.x[7]], ys=[test.y[7]],
                                   trace_name="test", trace_index=0), None)
    assert pg.point_slider.value == 7
    target = pg.session.X_test[3] + 1e-3
    surface = pg.figure.trace("surface")
    pg._on_plot_click(surface, Points(point_inds=[0], xs=[target[0]], ys=[target[1]],
                                      trace_name=None, trace_index=0), None)
    assert pg.point_slider.value == 3


def test_bloch_vectors_closed_forms():
    bell = np.array([1, 0, 0, 1]) / np.sqrt(2)
    assert bloch_vectors(bell, 2) == pytest.approx(np.zeros((2, 3)))  # maximally entangled
    # RY(t)|0>: (sin t, 0, cos t); the density-matrix path gives the same.
    t = 0.7
    psi = np.array([np.cos(t / 2), np.sin(t / 2)])
    expected = np.array([[np.sin(t), 0.0, np.cos(t)]])
    assert bloch_vectors(psi, 1) == pytest.approx(expected)
    assert bloch_vectors(np.outer(psi, psi), 1) == pytest.approx(expected)


# -- notebook and command -----------------------------------------------------------------------


def test_shipped_notebook_is_clean_and_builds_a_playground(monkeypatch):
    path = app_module.notebook_path()
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(not c.outputs and c.execution_count is None for c in code)
    assert "widgets" not in json.dumps(nb.metadata)  # no saved widget state
    monkeypatch.setenv("QNNLAB_FAST", "1")
    namespace: dict = {}
    exec(compile("\n".join(c.source for c in code), str(path), "exec"), namespace)
    playground = namespace["playground"]
    assert isinstance(playground, Playground) and playground.valid
    assert playground.state.settings["dataset"]["n_samples"] == 200  # not shrunk by QNNLAB_FAST
    assert playground.state.settings["ansatz"]["n_qubits"] == 4
    assert playground.state.settings["training"]["epochs"] == 100


def test_playground_command_line():
    parser = argparse.ArgumentParser()
    app_module.add_parser(parser.add_subparsers())
    args = parser.parse_args(["playground", "--port", "9123", "--no-browser"])
    assert (args.port, args.no_browser, args.func) == (9123, True, app_module.run)
    cmd = app_module.voila_command(app_module.notebook_path(), 9123)
    assert cmd[1:3] == ["-m", "qnnlab.widgets.app"] and "--no-browser" in cmd
    assert "--port=9123" in cmd and "--Voila.ip=127.0.0.1" in cmd
    assert not any("token" in part for part in cmd)  # the token travels in the environment


def test_busy_port_is_a_clear_error():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        port = sock.getsockname()[1]
        with pytest.raises(ValueError, match=f"Port {port} on 127.0.0.1 is already in use"):
            app_module.choose_port(port)
    with pytest.raises(ValueError, match="between 1 and 65535"):
        app_module.choose_port(70000)


def test_built_not_displayed_and_torch_threads_restored(monkeypatch):
    import IPython.display

    shown = []
    monkeypatch.setattr(IPython.display, "display", lambda *a, **k: shown.append(a))
    before = torch.get_num_threads()
    torch.set_num_threads(2)
    try:
        pg = Playground(**copy.deepcopy(SMALL))
        pg.train_steps(1)
        assert torch.get_num_threads() == 2  # one thread only while the Playground computes
    finally:
        torch.set_num_threads(before)
    assert shown == []

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


def _receipt(pg: Playground, number: int) -> None:
    """What the browser sends once plotly has drawn refresh ``number`` of the live figure."""
    pg.pane_hook._on_message(pg.pane_hook, {"drawn": f"{pg.figure.pacer.token}{number}"}, [])


def test_refreshes_wait_for_the_browser_to_draw_them():
    """Flow control: no refresh while more than ``max_behind`` are not drawn; training goes on."""
    pg = Playground(**{**copy.deepcopy(SMALL), "training": {**SMALL["training"], "epochs": 400}})
    pacer = pg.figure.pacer

    async def scenario():
        pg.start()
        while pacer.sent < 2:
            await asyncio.sleep(0.005)
        _receipt(pg, pacer.sent)  # the browser drew everything so far, then stops drawing
        held_at = pacer.sent
        steps = pg.session.trainer.steps
        await asyncio.sleep(0.6)  # well over 10 refresh intervals, under give_up_after (1 s)
        held = pacer.sent - held_at, pg.session.trainer.steps - steps
        _receipt(pg, pacer.sent)  # it catches up: refreshes resume
        resumed_from = pacer.sent
        await asyncio.sleep(0.4)
        resumed = pacer.sent - resumed_from
        pg.pause()
        await pg.wait()
        return held, resumed

    (sent_while_held, steps_while_held), resumed = asyncio.run(scenario())
    # sent while at most max_behind were not drawn: max_behind + 1 more went, then none
    assert sent_while_held == pacer.max_behind + 1
    assert steps_while_held > 5  # training did not wait for the browser
    assert resumed >= 2


def test_refreshes_go_on_when_the_browser_stops_answering():
    """A closed tab sends no receipts: after ``give_up_after`` seconds nothing is held back."""
    pg = Playground(**{**copy.deepcopy(SMALL), "training": {**SMALL["training"], "epochs": 400}})
    pacer = pg.figure.pacer
    pacer.give_up_after = 0.2

    async def scenario():
        pg.start()
        while pacer.sent < 1:
            await asyncio.sleep(0.005)
        _receipt(pg, 1)
        await asyncio.sleep(0.8)
        pg.pause()
        await pg.wait()

    asyncio.run(scenario())
    assert pacer.sent - 1 > pacer.max_behind + 2


def test_receipts_of_another_figure_are_ignored(pg):
    other = Playground(**copy.deepcopy(SMALL))
    pg.figure.pacer.sent = 5
    pg.pane_hook._on_message(pg.pane_hook, {"drawn": f"{other.figure.pacer.token}5"}, [])
    pg.pane_hook._on_message(pg.pane_hook, {"drawn": "qnnlab-drawn:oops"}, [])
    pg.pane_hook._on_message(pg.pane_hook, ["not", "a", "dict"], [])
    assert pg.figure.pacer.drawn is None and pg.figure.pacer.ready()
    _receipt(pg, 2)
    assert (pg.figure.pacer.drawn, pg.figure.pacer.behind) == (2, 3)


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


# -- issue 10: never frozen, keep what the learner did, messages ------------------------------


def _busy_then_idle(pg, change):
    """Make ``change`` inside an event loop; return (state while busy, state after waiting)."""

    async def scenario():
        change()
        during = (pg.state.busy, pg.status_html.value)
        await pg.wait()
        return during, (pg.state.busy, pg.status_html.value)

    return asyncio.run(scenario())


def test_cost_is_shown_and_follows_the_pickers(pg):
    assert "per epoch" in pg.cost_html.value and "allowed" in pg.cost_html.value
    before = pg.cost_html.value
    pg.ansatz_picker.qubits_slider.value = 8
    assert pg.cost_html.value != before and pg.plan.epoch.seconds > 0


def test_16_qubits_refused_at_once_without_computing(pg, monkeypatch):
    # Nothing heavy may run for refused settings: no session is built, nothing is evaluated.
    from qnnlab.widgets import session as session_module

    built = []
    monkeypatch.setattr(session_module.PlaygroundSession, "__init__",
                        lambda *a, **k: built.append(1))
    pg.training_controls.batch_slider.value = 32
    pg.ansatz_picker.qubits_slider.value = 16
    assert not pg.valid and pg.session is None and built == []
    assert "16 qubits" in pg.problem and "memory" in pg.problem
    assert "over the budget" in pg.cost_html.value
    assert pg.train_button.disabled and not pg.reset_button.disabled
    assert "Ready" not in pg.status_html.value
    # Stale pictures are cleared, not left on screen.
    assert len(pg.figure.trace("surface").z) == 0 and len(pg.figure.trace("train points").x) == 0
    assert len(pg.figure.trace("circuit data").x) == 0


def test_12_noisy_qubits_refused_with_advice(pg):
    pg.ansatz_picker.qubits_slider.value = 12
    pg.noise_picker.value = {"noise": "depolarizing", "noise_strength": 0.01}
    assert not pg.valid and "density matrices" in pg.problem and "no noise" in pg.problem


def test_refused_then_back_to_a_small_setting_works(pg):
    pg.ansatz_picker.qubits_slider.value = 16
    pg.ansatz_picker.qubits_slider.value = 2
    assert pg.valid and pg.state.epoch == 0 and _loss_points(pg) == 1


def test_learning_rate_changes_live_and_keeps_the_epochs(pg):
    pg.train_epochs(2)
    weights = pg.session.model.quantum_layer.weights.detach().clone()
    pg.training_controls.lr_slider.value = 0.01
    assert pg.state.epoch == 2 and _loss_points(pg) == 3  # nothing thrown away
    assert torch.equal(pg.session.model.quantum_layer.weights.detach(), weights)
    assert pg.session.trainer.optimizer.param_groups[0]["lr"] == pytest.approx(0.01)
    assert pg.state.marks == [(2, "learning rate 0.1 → 0.01")]
    assert "Changed live at epoch 2" in pg.report_html.value
    assert len(pg.figure.widget.layout.shapes) == 2  # a dotted line on loss and accuracy
    pg.train_epochs(1)
    assert pg.state.epoch == 3


def test_batch_size_and_optimizer_change_live(pg):
    pg.train_epochs(1)
    pg.training_controls.batch_slider.value = 45
    pg.training_controls.optimizer_dropdown.value = "sgd"
    trainer = pg.session.trainer
    assert pg.state.epoch == 1 and trainer.batch_size == 45
    assert type(trainer.optimizer).__name__ == "SGD"
    assert trainer.optimizer.param_groups[0]["lr"] == pytest.approx(0.1)
    pg.train_epochs(1)
    assert pg.state.epoch == 2 and trainer.steps_per_epoch == 1  # 45 training points


def test_a_new_model_keeps_the_previous_run_faded(pg):
    pg.train_epochs(2)
    old_loss = list(pg.figure.trace("quantum train loss").y)
    pg.ansatz_picker.layers_slider.value = 2
    assert pg.state.epoch == 0
    assert list(pg.figure.trace("previous train loss").y) == pytest.approx(old_loss)
    assert "ansatz changed" in pg.report_html.value and "faded" in pg.report_html.value


def test_twin_toggle_keeps_the_quantum_run(pg):
    pg.train_epochs(2)
    history = pg.state.history
    pg.classical_toggle.value = True
    assert pg.state.epoch == 2 and pg.state.history == history
    assert "controls for size, not for what classical models can do" in pg.report_html.value
    pg.train_epochs(1)
    # The twin started at epoch 2: its curve begins there.
    assert list(pg.figure.trace("classical test accuracy").x) == [2, 3]
    pg.classical_toggle.value = False
    assert pg.state.epoch == 3 and pg.session.twin is None


def test_twin_too_small_says_so_and_the_tuned_reference_is_shown():
    pg = Playground(dataset={"name": "circles", "n_samples": 80},
                    ansatz={"ansatz": "basic_entangler", "n_qubits": 2, "n_layers": 1},
                    classical_twin=True)
    hidden = pg.session.twin.quantum_layer.hidden
    assert hidden < 4 and "too small" in pg.report_html.value
    # The reference is B1's tuned_classical_reference on the same split, scored once on test.
    from qnnlab.baselines import tuned_classical_reference

    reference = tuned_classical_reference(pg.session.X_train, pg.session.y_train)
    expected = reference.score(pg.session.X_test, pg.session.y_test)
    assert pg.state.reference_test_accuracy == pytest.approx(expected)
    assert f"{expected:.2f}" in pg.report_html.value


def test_noise_after_training_then_train_says_so_and_marks_the_curves(pg):
    pg.train_epochs(2)
    pg.noise_picker.value = {"noise": "bit_flip", "noise_strength": 0.05}
    assert "Same trained weights (epoch 2)" in pg.report_html.value
    assert pg.state.marks == [(2, "bit_flip p=0.05")]
    pg.train_epochs(1)
    assert pg.state.epoch == 3 and pg.session.config.noise == "bit_flip"
    assert "Train continues under this noise" in pg.report_html.value


def test_epochs_below_the_current_epoch_is_explained(pg):
    pg.train_epochs(3)
    pg.training_controls.epochs_slider.value = 2
    assert pg.state.epoch == 3
    assert "Reached the epoch target (2) at epoch 3: Train adds 2 more (to 5)" in (
        pg.status_html.value)
    pg.start()  # no event loop: synchronous
    assert pg.state.epoch == 5


def test_messages_speak_of_the_playgrounds_controls(pg):
    pg.ansatz_picker.qubits_slider.value = 1
    assert not pg.valid
    assert "1 qubit takes at most 1 feature;" in pg.problem
    assert "qubits slider" in pg.problem and "pre_layers" not in pg.problem


def test_axes_are_not_degenerate_at_epoch_0(pg):
    layout = pg.figure.widget.layout
    assert list(layout.xaxis.range) == [0, 40]  # the epoch target, not -1..1
    losses = [*pg.figure.trace("quantum train loss").y, *pg.figure.trace("quantum test loss").y]
    assert list(layout.yaxis.range) == pytest.approx([0, 1.1 * max(losses)])  # not 0.7..0.7015


def test_disabled_buttons_lose_their_colour(pg):
    assert pg.pause_button.disabled and pg.pause_button.button_style == ""
    assert not pg.train_button.disabled and pg.train_button.button_style == "success"


def test_tiny_training_set_gets_a_warning():
    pg = Playground(dataset={"n_samples": 20, "test_size": 0.9},
                    ansatz={"n_qubits": 2, "n_layers": 1})
    assert pg.valid and len(pg.session.X_train) == 2
    assert "Only 2 training points" in pg.report_html.value


def test_status_never_says_ready_while_work_runs(pg):
    during, after = _busy_then_idle(pg, lambda: setattr(pg.ansatz_picker.layers_slider,
                                                        "value", 2))
    assert during[0] and "Working" in during[1] and "Ready" not in during[1]
    assert not after[0] and "Ready" in after[1]
    assert _surface(pg).shape == (30, 30) and _loss_points(pg) == 1


def test_reset_interrupts_background_work_between_chunks():
    pg = Playground(**copy.deepcopy(SMALL))
    pg.session.eval_chunk = 4  # many small chunks

    async def scenario():
        pg.ansatz_picker.layers_slider.value = 2  # starts chunked work in the background
        pg.session.eval_chunk = 4
        old = pg._task
        await asyncio.sleep(0)
        await asyncio.sleep(0)
        pg.reset_button.click()  # handled between two chunks
        assert old is not pg._task
        await old  # the old work notices at its next chunk and ends
        await pg.wait()
        return pg.state

    state = asyncio.run(scenario())
    assert state.valid and not state.busy and state.epoch == 0
    assert _surface(pg).shape == (30, 30)


def test_pause_answers_at_once(pg):
    async def scenario():
        pg.start()
        while pg.state.epoch < 1:
            await asyncio.sleep(0.005)
        pg.pause_button.click()
        answered = (pg.running, pg.pause_button.disabled, pg.train_button.disabled)
        await pg.wait()
        return answered

    running, pause_disabled, train_disabled = asyncio.run(scenario())
    assert not running and pause_disabled and not train_disabled
    assert "Paused after epoch" in pg.status_html.value


def test_twin_toggle_inside_an_event_loop_tunes_the_reference_off_the_loop(pg):
    from qnnlab.widgets import playground as playground_module

    playground_module._reference.cache_clear()  # tune for real, not from the cache
    ticks = []

    async def scenario():
        async def heartbeat():
            while True:
                ticks.append(1)
                await asyncio.sleep(0.01)

        beat = asyncio.get_running_loop().create_task(heartbeat())
        pg.classical_toggle.value = True
        assert "controls for size" in pg.report_html.value  # said at once, tuning follows
        assert pg.reference_test_accuracy is None
        await pg.wait()
        for _ in range(1000):
            if pg.reference_test_accuracy is not None:
                break
            await asyncio.sleep(0.01)
        beat.cancel()
        return pg.state

    state = asyncio.run(scenario())
    assert state.reference_test_accuracy is not None and "Tuned classical reference" in (
        pg.report_html.value)
    assert len(ticks) > 5  # the loop kept running while the reference was tuned
    assert len(pg.figure.trace("classical test accuracy").x) == 1  # the twin's epoch 0


def test_first_playground_inside_an_event_loop_draws_later(pg):
    # In Jupyter the constructor only builds the controls; scores and surface follow in chunks.
    async def scenario():
        fresh = Playground(**copy.deepcopy(SMALL))
        drawn_at_once = len(fresh.figure.trace("surface").z)
        busy = fresh.state.busy
        await fresh.wait()
        return fresh, drawn_at_once, busy

    fresh, drawn_at_once, busy = asyncio.run(scenario())
    assert drawn_at_once == 0 and busy
    assert _surface(fresh).shape == (30, 30) and _loss_points(fresh) == 1
    assert "Ready: press Train." in fresh.status_html.value


def test_cost_line_shows_the_compiled_circuit_of_a_device_profile():
    """SWAP overhead, depth and two-qubit count after compilation, as resources() counts them."""
    from qnnlab.resource_count import compiled_resources

    pg = Playground(noise={"profile": "toy_line"})
    try:
        config = CircuitConfig(**pg.circuit_settings(pg.settings()), n_features=2)
        compiled = compiled_resources(config, config.profile)
        assert compiled["swaps"] > 0  # angle + strongly_entangling on a line needs routing
        expected = (f"Compiled for toy_line: {compiled['gates']} native gates "
                    f"({compiled['two_qubit_gates']} two-qubit, {compiled['swaps']} SWAPs), "
                    f"depth {compiled['depth']}.")
        assert expected in pg.cost_html.value
        assert "device time per epoch" in pg.cost_html.value
    finally:
        pg.close()

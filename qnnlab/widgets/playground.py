"""The Playground: TensorFlow Playground for hybrid quantum networks, live in Jupyter.

Pick data, an encoding, an ansatz, noise and training settings; press Train and watch the loss
and accuracy curves, the decision boundary over the input plane, the circuit and the Bloch
vectors of any test point change as the network learns. A toggle trains the matched classical
network (same size) side by side; moving the noise controls after training shows the same trained
weights under that noise, without retraining.

Training runs as an asyncio task on the kernel's event loop: one mini-batch
(:meth:`qnnlab.training.Trainer.step`), then ``await asyncio.sleep(0)``, so the kernel handles
button clicks (Pause) between steps (a busy kernel would block widget messages, ipywidgets#3468).
Figures refresh in place, batched, at most ``max_redraws_per_second`` times a second.

Examples
--------
>>> pg = Playground(dataset={"n_samples": 60}, ansatz={"n_qubits": 2, "n_layers": 1})
>>> pg.state.epoch, pg.valid
(0, True)
>>> pg.train_epochs(2).epoch
2
>>> list(pg.figure.trace("quantum train loss").x)  # the untrained model is epoch 0
[0, 1, 2]
"""

from __future__ import annotations

import asyncio
import html
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import ipywidgets as widgets
import numpy as np
import traitlets
from traitlets import Bool

from qnnlab.circuits import CircuitConfig
from qnnlab.diagram import Diagram, circuit_diagram
from qnnlab.models import torch_threads
from qnnlab.widgets._base import error_text, freeze, memoize
from qnnlab.widgets.figures import BLOCH_KEY, PlaygroundFigure
from qnnlab.widgets.pickers import (
    AnsatzPicker,
    DatasetPicker,
    EncodingPicker,
    NoisePicker,
    TrainingControls,
    circuit_problem,
)
from qnnlab.widgets.session import NOISE_KEYS, PlaygroundSession

__all__ = ["Playground", "PlaygroundState"]

_STATUS_STYLE = "font-size:12px;color:#333"
_PROBLEM_STYLE = ("color:#9b1c1c;background:#fdecea;border-left:3px solid #d93025;"
                  "padding:4px 8px;font-size:12px")
_REPORT_STYLE = ("color:#3b2a55;background:#f1ecf7;border-left:3px solid #6a3d9a;"
                 "padding:4px 8px;font-size:12px")
_DEFAULT_DATASET = {"name": "moons", "n_samples": 200, "noise": 0.1, "test_size": 0.25,
                    "random_state": 0}


@dataclass(frozen=True)
class PlaygroundState:
    """A snapshot of the Playground, for tests and scripts.

    Attributes
    ----------
    epoch, target_epoch : int
        Completed epochs, and where the current (or next) run stops.
    running, valid : bool
        Whether training is in progress, and whether the settings can work.
    problem : str
        Why the settings cannot work (empty when valid).
    settings : dict
        Every picker's value.
    history, twin_history : dict
        Per-epoch history of the quantum model and of the classical twin (None without one).
    test_accuracy, twin_test_accuracy : float or None
        Test accuracy after the last epoch (quantum, classical twin).
    noisy_test_accuracy : float or None
        Test accuracy of the same weights under the current noise settings, when they were
        changed after training.
    selected_point : int
        Index of the test point whose Bloch vectors are shown.
    redraws : int
        Figure refreshes sent so far.

    Examples
    --------
    >>> pg = Playground(dataset={"n_samples": 60}, ansatz={"n_qubits": 2, "n_layers": 1})
    >>> state = pg.train_epochs(2)  # every training call returns a fresh snapshot
    >>> state.epoch, state.running, state.settings["dataset"]["name"]
    (2, False, 'moons')
    >>> sorted(state.history)
    ['epoch', 'loss', 'time', 'train_score', 'val_loss', 'val_score']
    """

    epoch: int
    target_epoch: int
    running: bool
    valid: bool
    problem: str
    settings: dict[str, Any]
    history: dict[str, list[float]] = field(default_factory=dict)
    twin_history: dict[str, list[float]] | None = None
    test_accuracy: float | None = None
    twin_test_accuracy: float | None = None
    noisy_test_accuracy: float | None = None
    selected_point: int = 0
    redraws: int = 0


@memoize(maxsize=64)
def _diagram(**config: Any) -> Diagram:
    return circuit_diagram(CircuitConfig(**config))


def _last(history: Mapping[str, list[float]] | None, key: str) -> float | None:
    values = (history or {}).get(key) or []
    return float(values[-1]) if values else None


def _button(description: str, style: str, tooltip: str) -> widgets.Button:
    return widgets.Button(description=description, button_style=style, tooltip=tooltip,
                          layout=widgets.Layout(width="92px"))


class Playground(widgets.VBox):
    """The live Playground: pickers, Train/Pause/Step/Reset, and one live figure.

    Parameters
    ----------
    dataset, encoding, ansatz, noise, training : dict, optional
        Initial values of the pickers (partial dicts are fine), e.g.
        ``dataset={"name": "circles"}``, ``ansatz={"n_qubits": 3}``.
    classical_twin : bool
        Also train the matched classical network side by side.
    random_state : int
        Seed of the initial weights and of the mini-batch order.
    resolution, noisy_resolution : int
        Decision-surface grid size, without and with noise or shots.
    max_redraws_per_second : float
        Upper limit of figure refreshes while training.
    torch_threads : int or None
        Torch intra-op threads while the Playground computes (restored in between); the
        circuits are tiny, so 1 is fastest. None leaves torch's setting alone.

    Attributes
    ----------
    dataset_picker, encoding_picker, ansatz_picker, noise_picker, training_controls
        The pickers.
    train_button, pause_button, step_button, reset_button : ipywidgets.Button
        The controls (``button.click()`` presses them).
    classical_toggle : ipywidgets.Checkbox
        Train the classical twin too.
    point_slider : ipywidgets.IntSlider
        The test point whose Bloch vectors are shown (clicking a point in the plot sets it).
    figure : PlaygroundFigure
        The live figure (``figure.widget`` is the plotly FigureWidget).
    session : PlaygroundSession or None
        The data, models and trainers of the current run (None while the settings are invalid).

    Examples
    --------
    Settings that cannot work disable Train and say why, without raising:

    >>> pg = Playground(dataset={"name": "circles", "n_samples": 60},
    ...                 ansatz={"n_qubits": 2, "n_layers": 1})
    >>> pg.ansatz_picker.value = {"ansatz": "tree_tensor_network", "n_qubits": 3}
    >>> pg.valid, pg.train_button.disabled, pg.state.problem
    (False, True, "The 'tree_tensor_network' ansatz needs a power-of-two number of qubits ...")
    >>> pg.ansatz_picker.value = {"ansatz": "basic_entangler", "n_qubits": 2}
    >>> pg.train_epochs(3).epoch  # in a notebook, display pg and press Train instead
    3
    """

    running = Bool(False, help="True while the training task runs.")
    valid = Bool(True, help="False when the settings cannot work (Train is disabled).")

    def __init__(
        self,
        dataset: Mapping[str, Any] | None = None,
        encoding: Mapping[str, Any] | None = None,
        ansatz: Mapping[str, Any] | None = None,
        noise: Mapping[str, Any] | None = None,
        training: Mapping[str, Any] | None = None,
        *,
        classical_twin: bool = False,
        random_state: int = 0,
        resolution: int = 30,
        noisy_resolution: int = 15,
        max_redraws_per_second: float = 10.0,
        torch_threads: int | None = 1,
    ) -> None:
        super().__init__()
        self.torch_threads = torch_threads
        self.random_state = random_state
        self.resolution, self.noisy_resolution = resolution, noisy_resolution
        self.min_redraw_interval = 1.0 / max_redraws_per_second
        self.session: PlaygroundSession | None = None
        self.problem = ""
        self.noisy_test_accuracy: float | None = None
        self.redraw_count = 0
        self.last_redraw_cost = 0.0
        self._last_redraw = 0.0
        self._reset_key: Any = None
        self._target_epoch = 0
        self._task: asyncio.Task | None = None
        self._pause_requested = False
        self._building = True
        self._make_pickers(dataset, encoding, ansatz, noise, training)
        self._make_controls(classical_twin)
        self.figure = PlaygroundFigure()
        self._connect()
        self.children = self._layout()
        self._building = False
        self.reset()

    # -- construction ---------------------------------------------------------------------------

    def _make_pickers(self, dataset: Mapping[str, Any] | None, encoding: Mapping[str, Any] | None,
                      ansatz: Mapping[str, Any] | None, noise: Mapping[str, Any] | None,
                      training: Mapping[str, Any] | None) -> None:
        self.dataset_picker = DatasetPicker({**_DEFAULT_DATASET, **(dataset or {})},
                                            n_features=2)
        self.ansatz_picker = AnsatzPicker(ansatz)
        n_qubits = self.ansatz_picker.model.n_qubits
        self.encoding_picker = EncodingPicker(encoding, n_qubits=n_qubits, n_features=2)
        self.noise_picker = NoisePicker(noise, n_qubits=n_qubits)
        self.training_controls = TrainingControls(training)
        # Context the pickers need from each other (to explain what fits).
        ansatz_model = self.ansatz_picker.model
        traitlets.dlink((ansatz_model, "n_qubits"), (self.encoding_picker.model, "n_qubits"))
        traitlets.dlink((ansatz_model, "n_qubits"), (self.noise_picker.model, "n_qubits"))
        traitlets.dlink((self.encoding_picker.model, "encoding"), (ansatz_model, "encoding"))
        traitlets.dlink((self.encoding_picker.model, "value"), (ansatz_model, "encoding_options"),
                        transform=lambda value: dict(value["encoding_options"]))

    def _make_controls(self, classical_twin: bool) -> None:
        self.train_button = _button("▶ Train", "success", "Train until the epoch target")
        self.pause_button = _button("‖ Pause", "warning", "Pause after the current mini-batch")
        self.step_button = _button("» Step", "", "Train one epoch")
        self.reset_button = _button("↺ Reset", "", "Start again at epoch 0 (same seed, same start)")
        self.epoch_html = widgets.HTML(layout=widgets.Layout(margin="0 0 0 12px"))
        self.status_html = widgets.HTML()
        self.problem_html = widgets.HTML(layout=widgets.Layout(display="none"))
        self.report_html = widgets.HTML(layout=widgets.Layout(display="none"))
        self.classical_toggle = widgets.Checkbox(
            value=classical_twin, indent=False, description="classical twin (same size)",
            tooltip="Also train a classical network with about as many parameters",
            layout=widgets.Layout(width="200px"))
        self.point_slider = widgets.IntSlider(
            min=0, max=1, description="test point", continuous_update=False,
            style={"description_width": "70px"}, layout=widgets.Layout(width="330px"))

    def _connect(self) -> None:
        self.train_button.on_click(self._guarded(self.start))
        self.pause_button.on_click(self._guarded(self.pause))
        self.step_button.on_click(self._guarded(self.step_epoch))
        self.reset_button.on_click(self._guarded(self.reset))
        for picker in (self.dataset_picker, self.encoding_picker, self.ansatz_picker,
                       self.noise_picker, self.training_controls):
            picker.observe(self._guarded(self._on_settings_change), names=["value", "valid"])
        self.classical_toggle.observe(self._guarded(self._on_settings_change), names="value")
        self.point_slider.observe(self._guarded(self._on_point_change), names="value")
        for name in ("test points", "train points", "surface"):
            self.figure.trace(name).on_click(self._on_plot_click)

    def _layout(self) -> list[widgets.Widget]:
        header = widgets.HTML(
            "<div style='font-size:12px;color:#555;margin-bottom:6px'>The data enter the qubits "
            "through the <b>encoding</b>; the trainable circuit (<b>ansatz</b>) turns the "
            "qubits; the measured ⟨Z⟩ of every qubit feed a small classical head that "
            "predicts the class.</div>")
        pickers = widgets.VBox(
            [self.dataset_picker, self.encoding_picker, self.ansatz_picker, self.noise_picker,
             self.training_controls],
            layout=widgets.Layout(width="340px", min_width="340px", margin="0 12px 0 0"))
        toolbar = widgets.HBox(
            [self.train_button, self.pause_button, self.step_button, self.reset_button,
             self.epoch_html], layout=widgets.Layout(align_items="center"))
        options = widgets.HBox([self.classical_toggle, self.point_slider])
        right = widgets.VBox([toolbar, options, self.status_html, self.problem_html,
                              self.report_html, self.figure.widget])
        body = widgets.HBox([pickers, right], layout=widgets.Layout(flex_flow="row wrap"))
        return [header, body]

    def _guarded(self, action: Callable[..., Any]) -> Callable[..., None]:
        """Wrap a widget callback: errors appear as a message, never as a traceback."""

        def callback(*_args: Any) -> None:
            try:
                with torch_threads(self.torch_threads):
                    action()
            except Exception as error:
                self._show_problem(error_text(error))

        return callback

    # -- settings -------------------------------------------------------------------------------

    def settings(self) -> dict[str, Any]:
        """Every choice: ``dataset``, ``encoding``, ``ansatz``, ``noise``, ``training``..."""
        return {
            "dataset": dict(self.dataset_picker.value),
            "encoding": dict(self.encoding_picker.value),
            "ansatz": dict(self.ansatz_picker.value),
            "noise": dict(self.noise_picker.value),
            "training": dict(self.training_controls.value),
            "classical_twin": bool(self.classical_toggle.value),
            "random_state": self.random_state,
        }

    @staticmethod
    def circuit_settings(settings: Mapping[str, Any]) -> dict[str, Any]:
        """The :class:`CircuitConfig` keyword arguments of ``settings``."""
        return {**settings["encoding"], **settings["ansatz"], **settings["noise"]}

    def find_problem(self, settings: Mapping[str, Any] | None = None) -> str:
        """Why ``settings`` (default: the current ones) cannot work, or ``""``."""
        settings = settings or self.settings()
        dataset_model, training_model = self.dataset_picker.model, self.training_controls.model
        checks = (
            lambda: dataset_model.find_problem(settings["dataset"]),
            lambda: circuit_problem(**self.circuit_settings(settings), n_features=2),
            lambda: training_model.find_problem(settings["training"]),
        )
        for check in checks:
            try:
                problem = check()
            except Exception as error:
                problem = error_text(error)
            if problem:
                return problem
        return ""

    @staticmethod
    def _session_key(settings: Mapping[str, Any]) -> Any:
        # Everything but the noise settings and the epoch target: changing it starts over.
        training = {k: v for k, v in settings["training"].items() if k != "epochs"}
        return freeze({**settings, "noise": None, "training": training})

    def _on_settings_change(self) -> None:
        if self._building:
            return
        settings = self.settings()
        problem = self.find_problem(settings)
        if problem:
            self._request_stop()
            self._show_problem(problem)
            self.valid = False
            self._update_controls()
            return
        self.valid = True
        self._show_problem("")
        if self.session is None or self._session_key(settings) != self._reset_key:
            self.reset()
            return
        if self.session.noise_settings() != settings["noise"]:
            self._apply_noise(settings["noise"])
        if self.running:
            self._target_epoch = settings["training"]["epochs"]
        self._update_controls()

    # -- runs -----------------------------------------------------------------------------------

    def reset(self) -> None:
        """Start over: stop training, rebuild data and models from the pickers, redraw."""
        self._request_stop()
        self.noisy_test_accuracy = None
        self._show_report("")
        settings = self.settings()
        problem = self.find_problem(settings)
        session = None
        if not problem:
            try:
                with torch_threads(self.torch_threads):
                    session = PlaygroundSession(
                        settings["dataset"], self.circuit_settings(settings),
                        settings["training"], classical_twin=settings["classical_twin"],
                        resolution=self.resolution, noisy_resolution=self.noisy_resolution,
                        random_state=self.random_state)
            except Exception as error:
                problem = error_text(error)
        self.session = session
        self._reset_key = self._session_key(settings) if session else None
        self.valid = session is not None
        self._show_problem(problem)
        if session is not None:
            self.training_controls.model.n_train = len(session.X_train)
            self.point_slider.max = len(session.X_test) - 1
            self._target_epoch = settings["training"]["epochs"]
        self.redraw(full=True)
        self.figure.resync()
        self._update_controls()

    def _next_target(self) -> int:
        epochs = self.training_controls.value["epochs"]
        epoch = self.session.epoch if self.session else 0
        return epochs if epoch < epochs else epoch + epochs

    def _check_can_train(self) -> PlaygroundSession:
        if self.session is None or not self.valid:
            raise ValueError(self.problem or "The settings cannot work; see the message.")
        return self.session

    def start(self) -> asyncio.Task | None:
        """Train in the background until the epoch target (the Train button).

        Returns the asyncio task running on the current event loop (the kernel's, in
        Jupyter). Without a running event loop (a plain script) it trains synchronously and
        returns None.
        """
        if self.running:
            return self._task
        session = self._check_can_train()
        self._target_epoch = self._next_target()
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            self.train_epochs(self._target_epoch - session.epoch)
            return None
        self._pause_requested = False
        self.running = True
        self._update_controls()
        self._task = loop.create_task(self._run(session))
        return self._task

    async def _run(self, session: PlaygroundSession) -> None:
        try:
            while (not self._pause_requested and session is self.session
                   and session.epoch < self._target_epoch):
                with torch_threads(self.torch_threads):
                    session.step()
                    if time.perf_counter() - self._last_redraw >= self.redraw_interval:
                        self.redraw()
                await asyncio.sleep(0)  # let the kernel handle clicks (Pause) between steps
        except Exception as error:
            if session is self.session:
                self._show_problem(f"Training stopped: {error_text(error)}")
        finally:
            if session is self.session:
                self.running = False
                self.redraw()
                self.figure.resync()
                self._update_controls()

    def pause(self) -> None:
        """Stop the background training after the current mini-batch (the Pause button)."""
        if self.running:
            self._pause_requested = True
            self.status_html.value = self._status("Pausing…")
            self.pause_button.disabled = True

    async def wait(self) -> None:
        """Wait until the background training task has finished."""
        if self._task is not None:
            await asyncio.shield(self._task)

    def _request_stop(self) -> None:
        # Detach a running task; it notices (session changed or pause requested) and ends.
        self._pause_requested = True
        self._task = None
        self.running = False

    def train_steps(self, n_steps: int) -> PlaygroundState:
        """Train ``n_steps`` mini-batches now (synchronously), then redraw once."""
        session = self._check_can_train()
        if self.running:
            raise RuntimeError("Training is running in the background; pause() it first.")
        with torch_threads(self.torch_threads):
            for _ in range(int(n_steps)):
                session.step()
        self.redraw()
        self.figure.resync()
        self._update_controls()
        return self.state

    def train_epochs(self, n_epochs: int) -> PlaygroundState:
        """Train until ``n_epochs`` more epochs have completed (synchronously)."""
        session = self._check_can_train()
        target = session.epoch + int(n_epochs)
        steps = 0
        with torch_threads(self.torch_threads):
            while session.epoch < target:
                session.step()
                steps += 1
        return self.train_steps(0) if steps else self.state

    def step_epoch(self) -> PlaygroundState:
        """Train exactly one epoch (the Step button)."""
        if self.running:
            return self.state
        return self.train_epochs(1)

    def select_point(self, index: int) -> None:
        """Show the Bloch vectors of test point ``index``."""
        self.point_slider.value = int(index)

    # -- noise after training -------------------------------------------------------------------

    def _apply_noise(self, noise: Mapping[str, Any]) -> None:
        session = self.session
        if session is None:
            return
        session.set_noise(**{key: noise[key] for key in NOISE_KEYS})
        trained = session.epoch > 0 or self.running
        if not trained:
            self.noisy_test_accuracy = None
            self._show_report(f"The circuit will train with {session.describe_noise()}.")
            self.redraw()
            return
        self.status_html.value = self._status("Evaluating the trained weights…")
        with torch_threads(self.torch_threads):
            self.noisy_test_accuracy = session.test_accuracy()
        before = _last(session.history, "val_score")
        self._show_report(
            f"Same trained weights (epoch {session.epoch}), no retraining: with "
            f"{session.describe_noise()} the test accuracy is "
            f"<b>{self.noisy_test_accuracy:.2f}</b>"
            + (f" (last training epoch: {before:.2f})." if before is not None else "."))
        self.redraw()
        self.figure.resync()

    # -- drawing --------------------------------------------------------------------------------

    @property
    def redraw_interval(self) -> float:
        """Seconds between refreshes while training: at least ``1 / max_redraws_per_second``,
        and at least 3 times the last refresh's cost (slow noisy surfaces stay a small share).
        """
        return max(self.min_redraw_interval, 3.0 * self.last_redraw_cost)

    def redraw(self, full: bool = False) -> None:
        """Refresh the figure in place (``full``: the data points and the circuit too)."""
        start = time.perf_counter()
        session = self.session
        with torch_threads(self.torch_threads), self.figure.batch():
            if session is None:
                self._draw_empty()
            else:
                if full:
                    self._draw_static(session)
                self._draw_dynamic(session)
        self.redraw_count += 1
        self._last_redraw = time.perf_counter()
        self.last_redraw_cost = self._last_redraw - start
        self._show_epoch()

    def _draw_empty(self) -> None:
        fig = self.figure
        fig.set_curves({}, None)
        fig.set_surface(np.zeros(0), np.zeros(0), np.zeros((0, 0)))
        fig.set_selected(None)
        fig.set_bloch(None)
        fig.set_circuit(None)
        fig.set_title(4, "Circuit: the settings cannot work (see the message)")

    def _draw_static(self, session: PlaygroundSession) -> None:
        fig, config = self.figure, session.config
        fig.set_points(session.X_train, session.y_train, session.X_test, session.y_test)
        fig.set_circuit(_diagram(**{**config.to_dict(), "noise": None, "shots": None}))
        layers = f"{config.n_layers} layer{'s' if config.n_layers != 1 else ''}"
        fig.set_title(4, f"Circuit: {config.encoding} encoding → {config.ansatz} × {layers} "
                         f"on {config.n_qubits} qubits  (boxes: <span style='color:#e6550d'>"
                         "data</span>, <span style='color:#6a3d9a'>trainable</span>, fixed)")

    def _draw_dynamic(self, session: PlaygroundSession) -> None:
        fig = self.figure
        fig.set_curves(session.curves(), session.curves(twin=True))
        grid = session.grid
        twin_z = session.surface(twin=True, grid=grid) if session.twin is not None else None
        fig.set_surface(grid.xs, grid.ys, session.surface(grid=grid), twin_z)
        self._draw_selection(session)
        fig.set_title(1, self._accuracy_title(session))
        title = f"Decision boundary, epoch {session.epoch}"
        if session.slow_circuit:
            title += f" · {session.describe_noise(short=True)}"
        fig.set_title(2, title)

    def _draw_selection(self, session: PlaygroundSession) -> None:
        index = min(self.point_slider.value, len(session.X_test) - 1)
        point = session.X_test[index]
        self.figure.set_selected(point)
        self.figure.set_bloch(session.bloch(index))
        label = int(session.y_test[index])
        prob = float(session.probabilities(point[None, :])[0])
        self.figure.set_title(3, f"Test point #{index} (class {label}, P(1) = {prob:.2f}): "
                                 f"{BLOCH_KEY}")

    def _accuracy_title(self, session: PlaygroundSession) -> str:
        quantum = _last(session.history, "val_score")
        if quantum is None:
            return "Accuracy (train solid, test dashed)"
        text = f"Test accuracy: quantum {quantum:.2f}"
        twin = _last(session.twin_history, "val_score")
        if twin is not None:
            text += f" · classical {twin:.2f}"
        return text

    def _on_point_change(self) -> None:
        if self.session is None:
            return
        with self.figure.batch():
            self._draw_selection(self.session)

    def _on_plot_click(self, trace: Any, points: Any, _state: Any) -> None:
        if self.session is None or not points.xs:
            return
        if trace.name == "test" and points.point_inds:
            self.select_point(points.point_inds[0])
            return
        clicked = np.array([points.xs[0], points.ys[0]], dtype=float)
        distances = np.linalg.norm(self.session.X_test - clicked, axis=1)
        self.select_point(int(np.argmin(distances)))

    # -- status ---------------------------------------------------------------------------------

    @staticmethod
    def _status(text: str) -> str:
        return f'<span style="{_STATUS_STYLE}">{text}</span>'

    def _show_problem(self, problem: str) -> None:
        self.problem = problem
        self.problem_html.value = (f'<div style="{_PROBLEM_STYLE}">{html.escape(problem)}</div>'
                                   if problem else "")
        self.problem_html.layout.display = None if problem else "none"

    def _show_report(self, text: str) -> None:
        self.report_html.value = f'<div style="{_REPORT_STYLE}">{text}</div>' if text else ""
        self.report_html.layout.display = None if text else "none"

    def _show_epoch(self) -> None:
        session = self.session
        epoch = session.epoch if session else 0
        target = self._target_epoch if self.running else self.training_controls.value["epochs"]
        self.epoch_html.value = (f'<span style="font-size:14px">Epoch <b>{epoch}</b> / '
                                 f"{max(target, epoch)}</span>")

    def _update_controls(self) -> None:
        ready = self.session is not None and self.valid
        self.train_button.disabled = self.running or not ready
        self.step_button.disabled = self.running or not ready
        self.pause_button.disabled = not self.running
        self.reset_button.disabled = not self.valid
        if self.running:
            text = "Training… (Pause stops after the current mini-batch)"
        elif not ready:
            text = "Fix the settings to train."
        elif self.session.epoch == 0:
            text = "Ready: press Train."
        else:
            text = f"Paused after epoch {self.session.epoch}: Train continues, Reset starts over."
        self.status_html.value = self._status(text)
        self._show_epoch()

    # -- snapshot -------------------------------------------------------------------------------

    @property
    def state(self) -> PlaygroundState:
        """A snapshot of the run (epoch, histories, accuracies, settings...)."""
        session = self.session
        history = {k: list(v) for k, v in session.history.items()} if session else {}
        twin = session.twin_history if session else None
        return PlaygroundState(
            epoch=session.epoch if session else 0,
            target_epoch=self._target_epoch,
            running=self.running,
            valid=self.valid,
            problem=self.problem,
            settings=self.settings(),
            history=history,
            twin_history={k: list(v) for k, v in twin.items()} if twin else None,
            test_accuracy=_last(history, "val_score"),
            twin_test_accuracy=_last(twin, "val_score"),
            noisy_test_accuracy=self.noisy_test_accuracy,
            selected_point=self.point_slider.value,
            redraws=self.redraw_count,
        )

    def close(self) -> None:
        """Stop training and close the widget (e.g. when its cell is run again)."""
        self._request_stop()
        super().close()

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        # A view made now must start from the figure's current state, not its first one.
        self.figure.resync()
        return super()._repr_mimebundle_(**kwargs)

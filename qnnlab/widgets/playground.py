"""The Playground: TensorFlow Playground for hybrid quantum networks, live in Jupyter.

Pick data, an encoding, an ansatz, noise and training settings; press Train and watch the loss
and accuracy curves, the decision boundary over the input plane, the circuit and the Bloch
vectors of any test point change as the network learns. A toggle trains the matched classical
network (same size) side by side, next to a tuned classical reference; moving the noise controls
after training shows the same trained weights under that noise, without retraining.

Never frozen: before anything runs, :func:`qnnlab.cost.plan_playground` estimates the seconds
per epoch and the peak memory of the settings (shown beside the pickers) and refuses settings
over the :class:`qnnlab.cost.Budget` with a plain explanation. All heavy work (scores of the
untrained model, the decision surface, training, noise re-evaluation) runs as an asyncio task in
small chunks (one mini-batch, or ``eval_chunk`` samples), with ``await asyncio.sleep(0)`` between
them, so the kernel handles Pause, Reset and picker changes between chunks (a busy kernel would
block widget messages, ipywidgets#3468). Figures refresh in place, batched, at most
``max_redraws_per_second`` times a second.

Learning rate, batch size and optimizer change live; a change that needs a new model (data,
encoding, ansatz) says so and keeps the previous run's curves, faded (not across a switch between
classification and regression: their curves have other axes).

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
from collections.abc import Callable, Generator, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import ipywidgets as widgets
import numpy as np
import traitlets
from traitlets import Bool

from qnnlab.analysis.quick import cpu_timed
from qnnlab.circuits import CircuitConfig
from qnnlab.cost import Budget, PlaygroundPlan, format_seconds, plan_playground
from qnnlab.diagram import Diagram, circuit_diagram
from qnnlab.models import torch_threads
from qnnlab.widgets._base import error_text, freeze, memoize, plural
from qnnlab.widgets.challenges import Challenge, get_challenge
from qnnlab.widgets.figures import BLOCH_KEY, CLASS_COLORS, FigurePaneHook, PlaygroundFigure
from qnnlab.widgets.insight import InsightPanel, ModelViews, ViewsData
from qnnlab.widgets.instructor import LOCKED_NOTE, Instructor, apply_link
from qnnlab.widgets.permalink import LinkState, base_settings, check_controls
from qnnlab.widgets.pickers import (
    AnsatzPicker,
    DatasetPicker,
    EncodingPicker,
    NoisePicker,
    TrainingControls,
    circuit_problem,
    circuit_resources,
)
from qnnlab.widgets.session import NOISE_KEYS, TRAINING_KEYS, PlaygroundSession, Spectra, drain

__all__ = ["Playground", "PlaygroundState"]

#: The narrowest the figure pane gets beside the pickers; a narrower page puts it below them.
FIGURE_MIN_WIDTH = "440px"

_STATUS_STYLE = "font-size:12px;color:#333"
_PROBLEM_STYLE = ("color:#9b1c1c;background:#fdecea;border-left:3px solid #d93025;"
                  "padding:3px 8px;font-size:12px;line-height:1.35")
_REPORT_STYLE = ("color:#3b2a55;background:#f1ecf7;border-left:3px solid #6a3d9a;"
                 "padding:3px 8px;font-size:12px;line-height:1.35")
_COST_STYLE = "font-size:12px;line-height:1.35;color:#333;background:#f4f6f8;padding:3px 6px"
_DEFAULT_DATASET = {"name": "moons", "n_samples": 200, "noise": 0.1, "test_size": 0.25,
                    "random_state": 0}
#: Fewer training points than this get a warning: the curves say little.
MIN_TRAIN_POINTS = 10
#: A twin with fewer hidden units than this is too small to say what classical models can do.
MIN_TWIN_HIDDEN = 4
#: What the loss curve and the score curve are, per task (for messages).
_LOSS_AND_SCORE = {"classification": "cross-entropy, accuracy", "regression": "MSE, R²"}
#: Height of the message area (fixed, so messages never move the figure).
MESSAGE_HEIGHT = "50px"


@dataclass(frozen=True)
class PlaygroundState:
    """A snapshot of the Playground, for tests and scripts.

    Attributes
    ----------
    epoch, target_epoch : int
        Completed epochs, and where the current (or next) run stops.
    running, valid, busy : bool
        Whether training is in progress, whether the settings can work, and whether any
        background work (training, scores, surface) is still going on.
    problem : str
        Why the settings cannot work (empty when valid).
    settings : dict
        Every picker's value.
    history, twin_history : dict
        Per-epoch history of the quantum model and of the classical twin (None without one).
    test_accuracy, twin_test_accuracy : float or None
        Test score after the last epoch (quantum, classical twin): the accuracy, or R² for a
        regression (``session.score_name``); the other ``*_accuracy`` fields likewise.
    noisy_test_accuracy : float or None
        Test accuracy of the same weights under the current noise settings, when they were
        changed after training.
    reference_test_accuracy : float or None
        Test accuracy of the tuned classical reference (shown with the twin).
    selected_point : int
        Index of the test point whose Bloch vectors are shown.
    redraws : int
        Figure refreshes sent so far.
    marks : list of (int, str)
        Changes marked on the curves (epoch, what changed).

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
    reference_test_accuracy: float | None = None
    selected_point: int = 0
    redraws: int = 0
    busy: bool = False
    marks: list[tuple[int, str]] = field(default_factory=list)


@dataclass
class _View:
    """Everything one refresh draws, computed (in chunks) before drawing."""

    z: np.ndarray
    twin_z: np.ndarray | None
    bloch: np.ndarray
    probability: Any  # the selected point: class probabilities, or the prediction (regression)
    inside: ViewsData | None = None
    spectra: Spectra | None = None
    index: int = 0  # the selected test point


def _n_features(dataset: Mapping[str, Any]) -> int:
    """Features of the data settings ``dataset`` (2, or 1 for a 1-D regression)."""
    return int(dataset.get("n_features") or 2)


def _view_name(session: PlaygroundSession) -> str:
    return "Fitted curve" if session.regression else "Decision boundary"


def _spectra_title(spectra: Spectra) -> str:
    # Two short lines (a 500 px pane): the encoding's reach is "reach ω ≤ L".
    allowed = ("no finite spectrum" if spectra.available is None
               else f"reach ω ≤ {spectra.available:g}")
    return (f"|c_ω|, epoch {spectra.epoch}: <span style='color:#6a3d9a'>model</span>"
            f" vs <span style='color:#555'>target</span><br>({allowed})")


@memoize(maxsize=64)
def _diagram(**config: Any) -> Diagram:
    return circuit_diagram(CircuitConfig(**config))


@memoize(maxsize=16)
def _reference(*, X_train: tuple, y_train: tuple, random_state: int,
               regression: bool = False) -> Any:
    from qnnlab.baselines import tuned_classical_reference, tuned_regression_reference

    tune = tuned_regression_reference if regression else tuned_classical_reference
    return tune(np.array(X_train), np.array(y_train), random_state=random_state)


def _last(history: Mapping[str, list[float]] | None, key: str) -> float | None:
    values = (history or {}).get(key) or []
    return float(values[-1]) if values else None


def _button(description: str, style: str, tooltip: str) -> widgets.Button:
    button = widgets.Button(description=description, button_style=style, tooltip=tooltip,
                            layout=widgets.Layout(width="84px"))
    button.enabled_style = style  # type: ignore[attr-defined]
    return button


def _enable(button: widgets.Button, enabled: bool) -> None:
    # A disabled button loses its colour too, so it never looks pressable.
    button.disabled = not enabled
    button.button_style = button.enabled_style if enabled else ""  # type: ignore[attr-defined]


@memoize(maxsize=64)
def _device_cost_line(*, circuit: Mapping[str, Any], n_features: int | None, n_samples: int,
                      epochs: int, shots: int) -> str:
    """The compiled circuit's size, then :func:`qnnlab.hardware.estimate.cost_line` (cached)."""
    from qnnlab.hardware.estimate import cost_line
    from qnnlab.resource_count import compiled_resources

    config = CircuitConfig(**circuit, n_features=n_features)
    compiled = compiled_resources(config, config.profile)
    size = (f"Compiled for {compiled['profile']}: {compiled['gates']} native gates "
            f"({compiled['two_qubit_gates']} two-qubit, {compiled['swaps']} SWAPs), "
            f"depth {compiled['depth']}. ")
    return size + cost_line(config, config.profile, n_samples=n_samples, epochs=epochs,
                            shots=shots)


class Playground(widgets.VBox):
    """The live Playground: pickers, Train/Pause/Step/Reset, and one live figure.

    Parameters
    ----------
    dataset, encoding, ansatz, noise, training : dict, optional
        Initial values of the pickers (partial dicts are fine), e.g.
        ``dataset={"name": "circles"}``, ``ansatz={"n_qubits": 3}``.
    classical_twin : bool
        Also train the matched classical network side by side (and show a tuned classical
        reference).
    random_state : int
        Seed of the initial weights and of the mini-batch order.
    resolution, noisy_resolution : int
        Decision-surface grid size, without and with noise or shots (drawn on fewer points,
        visibly, when the budget requires).
    max_redraws_per_second : float
        Upper limit of figure refreshes while training.
    torch_threads : int or None
        Torch intra-op threads while the Playground computes (restored in between); the
        circuits are tiny, so 1 is fastest. None leaves torch's setting alone.
    budget : qnnlab.cost.Budget, optional
        Limits of time and memory (default: a 1-CPU, 2 GB Binder pod).
    hide, lock : sequence of str, optional
        Instructor mode: controls removed from the page, and controls disabled with their
        values kept (names in :data:`qnnlab.widgets.permalink.CONTROLS`; ValueError for others).
    challenge : str or Challenge, optional
        A goal checked whenever training stops (see :mod:`qnnlab.widgets.challenges`); its
        settings are the starting point of the pickers not given here.

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
    cost_html : ipywidgets.HTML
        The cost of the current settings (time per epoch, peak memory), updated live.
    figure : PlaygroundFigure
        The live figure (``figure.widget`` is the plotly FigureWidget).
    pane_hook : qnnlab.widgets.figures.FigurePaneHook
        In the figures' pane: they follow its width, and while training a refresh waits while
        more than two earlier ones are not yet drawn in the browser (``figure.pacer``).
    session : PlaygroundSession or None
        The data, models and trainers of the current run (None while the settings are invalid).
    plan : qnnlab.cost.PlaygroundPlan or None
        The cost estimate of the current settings.

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

    Settings over the budget are refused before anything is computed:

    >>> pg.ansatz_picker.value = {"n_qubits": 16}
    >>> pg.valid, pg.problem.startswith("One training mini-batch of 32 samples on 16 qubits")
    (False, True)
    """

    running = Bool(False, help="True while the training task runs.")
    valid = Bool(True, help="False when the settings cannot work (Train is disabled).")
    busy = Bool(False, help="True while background work (scores, surface) runs.")

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
        budget: Budget | None = None,
        hide: Sequence[str] | None = None,
        lock: Sequence[str] | None = None,
        challenge: str | Challenge | None = None,
    ) -> None:
        # Instructor mode is checked before anything is built (bad names fail at once).
        hide, lock = check_controls(hide, "hide"), check_controls(lock, "lock")
        if challenge is not None:
            challenge = get_challenge(challenge)
            start = base_settings(challenge=challenge.name)
            dataset, encoding, ansatz, noise, training = (
                {**start[key], **(given or {})} for key, given in (
                    ("dataset", dataset), ("encoding", encoding), ("ansatz", ansatz),
                    ("noise", noise), ("training", training)))
        super().__init__()
        #: Called (without arguments) whenever training stops: target reached, Pause, error.
        self.stop_callbacks: list[Callable[[], None]] = []
        self.torch_threads = torch_threads
        self.random_state = random_state
        self.resolution, self.noisy_resolution = resolution, noisy_resolution
        self.min_redraw_interval = 1.0 / max_redraws_per_second
        self.budget = budget or Budget()
        self.session: PlaygroundSession | None = None
        self.plan: PlaygroundPlan | None = None
        self.problem = ""
        self.noisy_test_accuracy: float | None = None
        self.reference_test_accuracy: float | None = None
        self.redraw_count = 0
        self.last_redraw_cost = 0.0
        self._last_redraw = 0.0
        self._reset_key: Any = None
        self._session_settings: dict[str, Any] | None = None
        self._target_epoch = 0
        self._task: asyncio.Task | None = None
        self._generation = 0  # bumped whenever running work must stop (reset, new settings)
        self._pause_requested = False
        self._building = True
        self._report_lines: dict[str, str] = {}
        self._noise_pending = False
        self._next_view: _View | None = None
        self._previous_task: str | None = None  # the task of the faded previous run
        self._make_pickers(dataset, encoding, ansatz, noise, training)
        self._make_controls(classical_twin)
        self.figure = PlaygroundFigure()
        # Circuit analyses beside the ansatz picker; views inside the model under the figure.
        self.insight_panel = InsightPanel(self.ansatz_picker.value, torch_threads=torch_threads)
        self.model_views = ModelViews()
        # The figures follow their pane's width; their draw receipts pace the refreshes.
        self.pane_hook = FigurePaneHook()
        self.pane_hook.follow(self.figure.pacer)
        self.pane_hook.follow(self.model_views.pacer)
        self._connect()
        self.children = self._layout()
        self._building = False
        self.instructor = Instructor(self, hide=hide, lock=lock, challenge=challenge)
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
        # The data's features (2; 1 for a 1-D regression function) reach the circuit pickers.
        for model in (self.encoding_picker.model, ansatz_model):
            traitlets.dlink((self.dataset_picker.model, "value"), (model, "n_features"),
                            transform=_n_features)

    def _make_controls(self, classical_twin: bool) -> None:
        self.train_button = _button("▶ Train", "success", "Train until the epoch target")
        self.pause_button = _button("‖ Pause", "warning", "Pause after the current mini-batch")
        self.step_button = _button("» Step", "info", "Train one epoch")
        self.reset_button = _button("↺ Reset", "", "Start again at epoch 0 (same seed, same start)")
        self.epoch_html = widgets.HTML(layout=widgets.Layout(margin="0 12px 0 8px"))
        self.status_html = widgets.HTML(layout=widgets.Layout(height="20px", overflow="hidden"))
        self.cost_html = widgets.HTML(layout=widgets.Layout(margin="0 0 6px 0"))
        self.problem_html = widgets.HTML(layout=widgets.Layout(display="none"))
        self.report_html = widgets.HTML(layout=widgets.Layout(display="none"))
        self.classical_toggle = widgets.Checkbox(
            value=classical_twin, indent=False, description="classical twin (same size)",
            tooltip="Also train a classical network with as many parameters as the circuit, "
                    "and show a tuned classical reference",
            layout=widgets.Layout(width="190px"))
        self.point_slider = widgets.IntSlider(
            min=0, max=1, description="test point", continuous_update=False,
            style={"description_width": "64px"}, layout=widgets.Layout(width="260px"))

    def _connect(self) -> None:
        self.train_button.on_click(self._guarded(self.start))
        self.pause_button.on_click(self._guarded(self.pause))
        self.step_button.on_click(self._guarded(self.step_epoch))
        self.reset_button.on_click(self._guarded(self.reset))
        # First: the circuit analyses appear before the new model is built (observer order).
        self.ansatz_picker.observe(
            self._guarded(lambda: self.insight_panel.show(self.ansatz_picker.value)), names="value")
        for picker in (self.dataset_picker, self.encoding_picker, self.ansatz_picker,
                       self.noise_picker, self.training_controls):
            picker.observe(self._guarded(self._on_settings_change), names=["value", "valid"])
        self.classical_toggle.observe(self._guarded(self._on_twin_toggle), names="value")
        self.point_slider.observe(self._guarded(self._on_point_change), names="value")
        for name in ("test points", "train points", "surface"):
            self.figure.trace(name).on_click(self._on_plot_click)

    def _layout(self) -> list[widgets.Widget]:
        header = widgets.HTML(
            "<div style='font-size:12px;color:#555;line-height:1.3;margin-bottom:4px'>"
            "The data enter the qubits through the <b>encoding</b>; the trainable circuit "
            "(<b>ansatz</b>) turns them; the measured ⟨Z⟩ of every qubit feed a small classical "
            "head that predicts the class (or the value y of a 1-D function: sine, step...). "
            "Press <b>Train</b>; <b>Pause</b> stops between two "
            "mini-batches, <b>Step</b> trains one epoch, <b>Reset</b> starts again. Learning "
            "rate, batch size and optimizer change live. After training, change the "
            "<b>noise</b>: the same weights are evaluated under it. Click a test point "
            "(diamond) to see its qubits.</div>")
        # The pickers scroll in their own column; the figure stays in view beside them.
        pickers = widgets.VBox(
            [header, self.cost_html, self.dataset_picker, self.encoding_picker,
             self.ansatz_picker, self.insight_panel, self.noise_picker, self.training_controls],
            layout=widgets.Layout(width="318px", min_width="318px", max_height="calc(100vh - 24px)",
                                  overflow="hidden auto", margin="0 8px 0 0"))
        pickers.add_class("qnnlab-pickers")
        for child in pickers.children:  # a scrolling column must not squeeze its children
            child.layout.flex = "0 0 auto"
        toolbar = widgets.HBox(
            [self.train_button, self.pause_button, self.step_button, self.reset_button,
             self.epoch_html, self.classical_toggle, self.point_slider],
            layout=widgets.Layout(align_items="center", flex_flow="row wrap"))
        messages = widgets.VBox(
            [self.problem_html, self.report_html],
            layout=widgets.Layout(height=MESSAGE_HEIGHT, min_height=MESSAGE_HEIGHT,
                                  overflow="hidden auto"))
        messages.add_class("qnnlab-messages")
        # Beside the pickers while the figure gets FIGURE_MIN_WIDTH, else below them at full
        # width (JupyterLab at 1024 px with its sidebar open left it 270 px: unreadable).
        right = widgets.VBox([toolbar, self.status_html, messages, self.figure.widget,
                              self.model_views, self.pane_hook],
                             layout=widgets.Layout(flex=f"1 1 {FIGURE_MIN_WIDTH}",
                                                   min_width=FIGURE_MIN_WIDTH))
        right.add_class("qnnlab-figure-pane")
        body = widgets.HBox([pickers, right],
                            layout=widgets.Layout(flex_flow="row wrap", width="100%"))
        return [body]

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

    def set_settings(self, settings: Mapping[str, Any]) -> None:
        """Set the pickers from ``settings`` (as :meth:`settings` returns; parts are fine),
        then start over once."""
        self._building = True
        try:
            for key, picker in (("dataset", self.dataset_picker), ("ansatz", self.ansatz_picker),
                                ("encoding", self.encoding_picker), ("noise", self.noise_picker),
                                ("training", self.training_controls)):
                if key in settings:
                    picker.value = dict(settings[key])
            if "classical_twin" in settings:
                self.classical_toggle.value = bool(settings["classical_twin"])
            self.random_state = int(settings.get("random_state", self.random_state))
        finally:
            self._building = False
        self.reset()

    # -- permalinks (qnnlab.widgets.permalink) --------------------------------------------------

    def link_state(self) -> LinkState:
        """What a permalink holds: the settings, the epoch, the instructor's choices."""
        instructor = self.instructor
        return LinkState(self.settings(), epoch=self.session.epoch if self.session else 0,
                         hide=tuple(sorted(instructor.hidden)),
                         lock=tuple(sorted(instructor.locked)),
                         challenge=instructor.challenge.name if instructor.challenge else None)

    def permalink(self) -> str:
        """The URL query (no ``?``) that restores this Playground: changed settings, epoch.

        >>> Playground(ansatz={"n_qubits": 2}).permalink()
        'qubits=2'
        """
        return self.link_state().to_query()

    def to_json(self) -> str:
        """Every setting, the epoch and the instructor's choices as JSON."""
        return self.link_state().to_json()

    def restore(self, link: str | LinkState, background: bool = False) -> list[str]:
        """Apply a permalink query (or a :class:`LinkState`), train to its epoch; the problems.

        Bad or unknown fields get their defaults and a message (also returned), never an error.
        With ``background`` the replay runs as a task on the event loop (the Voila app).
        """
        state = link if isinstance(link, LinkState) else LinkState.parse_query(link)
        return apply_link(self, state, background=background)

    @classmethod
    def from_query(cls, query: str, **kwargs: Any) -> Playground:
        """A Playground restored from a permalink query (trained to its epoch)."""
        playground = cls(**kwargs)
        playground.restore(query)
        return playground

    @classmethod
    def from_json(cls, text: str, **kwargs: Any) -> Playground:
        """A Playground restored from :meth:`to_json` text (JSON only, never pickle)."""
        playground = cls(**kwargs)
        playground.restore(LinkState.parse_json(text))
        return playground

    def show_note(self, key: str, text: str) -> None:
        """Show (or with ``text=""`` clear) a message line ``key`` above the figure."""
        self._report(key, text)

    @staticmethod
    def circuit_settings(settings: Mapping[str, Any]) -> dict[str, Any]:
        """The :class:`CircuitConfig` keyword arguments of ``settings``."""
        return {**settings["encoding"], **settings["ansatz"], **settings["noise"]}

    def find_problem(self, settings: Mapping[str, Any] | None = None) -> str:
        """Why ``settings`` (default: the current ones) cannot work, or ``""``.

        The budget counts too: settings the cost model refuses are a problem.
        """
        settings = settings or self.settings()
        dataset_model, training_model = self.dataset_picker.model, self.training_controls.model
        checks = (
            lambda: dataset_model.find_problem(settings["dataset"]),
            lambda: self.encoding_picker.model.error,
            lambda: circuit_problem(**self.circuit_settings(settings),
                                    n_features=_n_features(settings["dataset"])),
            lambda: training_model.find_problem(settings["training"]),
            lambda: self.make_plan(settings).problem,
        )
        for check in checks:
            try:
                problem = check()
            except Exception as error:
                problem = error_text(error)
            if problem:
                return problem
        return ""

    def make_plan(self, settings: Mapping[str, Any] | None = None) -> PlaygroundPlan:
        """The cost of ``settings`` (default: the current ones); see :func:`plan_playground`."""
        from qnnlab.datasets import describe

        settings = settings or self.settings()
        circuit = self.circuit_settings(settings)
        counts = circuit_resources(**circuit, n_features=_n_features(settings["dataset"]))
        X_train, X_test = self.dataset_picker.model.load(settings["dataset"])[:2]
        noisy = circuit.get("noise") is not None or circuit.get("profile") is not None
        slow = noisy or circuit.get("shots") is not None
        compiled_ops = None
        if circuit.get("profile") is not None:  # the device's circuit: native gates, SWAPs
            from qnnlab.resource_count import compiled_resources

            config = CircuitConfig(**circuit, n_features=_n_features(settings["dataset"]))
            compiled_ops = compiled_resources(config, circuit["profile"])["gates"]
        return plan_playground(
            n_qubits=counts["qubits"], n_ops=counts["gates"],
            noisy=noisy, compiled_ops=compiled_ops,
            n_train=len(X_train), n_test=len(X_test),
            batch_size=settings["training"]["batch_size"],
            resolution=self.noisy_resolution if slow else self.resolution,
            twin=settings["classical_twin"], budget=self.budget,
            task=describe(settings["dataset"]["name"]).task)

    def _device_cost(self, settings: Mapping[str, Any]) -> str:
        """With a device profile: executions, shots and device time of training on it."""
        if settings["noise"].get("profile") is None:
            return ""
        try:
            line = _device_cost_line(
                circuit=self.circuit_settings(settings),
                n_features=_n_features(settings["dataset"]),
                n_samples=len(self.dataset_picker.model.load(settings["dataset"])[0]),
                epochs=settings["training"]["epochs"],
                shots=settings["noise"].get("shots") or 1000)
        except Exception as error:  # shown, never raised into the notebook
            line = f"Device cost: unavailable ({error_text(error)})"
        return f"<br>{html.escape(line)}"

    def _show_cost(self, settings: Mapping[str, Any]) -> None:
        try:
            self.plan = self.make_plan(settings)
        except Exception:  # invalid settings: their problem is shown elsewhere
            self.plan = None
        if self.plan is None:
            self.cost_html.value = f'<div style="{_COST_STYLE}">Cost: — (settings invalid)</div>'
            return
        text = html.escape(self.plan.summary())
        if not self.plan.allowed:
            text += " — <b>over the budget</b>"
        for note in self.plan.notes:
            text += f"<br>{html.escape(note)}"
        text += self._device_cost(settings)
        self.cost_html.value = f'<div style="{_COST_STYLE}">{text}</div>'

    @staticmethod
    def _session_key(settings: Mapping[str, Any]) -> Any:
        # What needs a new model: data, encoding, ansatz (not noise, training or the twin).
        return freeze({key: settings[key] for key in ("dataset", "encoding", "ansatz",
                                                      "random_state")})

    def _on_settings_change(self) -> None:
        if self._building:
            return
        settings = self.settings()
        self._show_cost(settings)
        problem = self.find_problem(settings)
        if problem:
            self._invalidate(problem)
            return
        self.valid = True
        self._show_problem("")
        if self.session is None or self._session_key(settings) != self._reset_key:
            self.reset(reason=self._what_changed(settings))
            return
        session = self.session
        changes = session.set_training(**{k: settings["training"][k] for k in TRAINING_KEYS})
        if changes:
            self._report("training", f"Changed live at epoch {session.epoch}: "
                         + ", ".join(changes) + " (weights kept; marked on the curves).")
        noise_changed = session.noise_settings() != settings["noise"]
        if noise_changed:
            self._apply_noise(settings["noise"])
        self._target_epoch = self._next_target() if not self.running else (
            settings["training"]["epochs"])
        self._refresh(curves_only=not noise_changed)
        self._update_controls()

    def _invalidate(self, problem: str) -> None:
        # Invalid settings: stop, clear the picture (never leave a stale one), keep the run.
        self._stop()
        self._keep_previous_run()
        self.session = None
        self._reset_key = None
        self.valid = False
        self._show_problem(problem)
        self.redraw(full=True)
        self._update_controls()

    def _what_changed(self, settings: Mapping[str, Any]) -> str:
        old = self._session_settings
        if old is None:
            return ""
        changed = [name for name in ("dataset", "encoding", "ansatz")
                   if old[name] != settings[name]]
        return " and ".join(changed)

    # -- runs -----------------------------------------------------------------------------------

    def reset(self, reason: str = "") -> None:
        """Start over: stop training, rebuild data and models from the pickers, redraw.

        The previous run's curves stay visible, faded, for comparison.
        """
        self._stop()
        self._keep_previous_run()
        self.noisy_test_accuracy = None
        self.reference_test_accuracy = None
        self._report_lines = {}
        settings = self.settings()
        self._show_cost(settings)
        problem = self.find_problem(settings)
        session = None
        if not problem:
            try:
                with torch_threads(self.torch_threads):
                    session = self._new_session(settings)
            except Exception as error:
                problem = error_text(error)
        self.session = session
        self._session_settings = settings if session else None
        self._reset_key = self._session_key(settings) if session else None
        self.valid = session is not None
        self._show_problem(problem)
        if session is not None:
            self.training_controls.model.n_train = len(session.X_train)
            self.point_slider.value = min(self.point_slider.value, len(session.X_test) - 1)
            self.point_slider.max = len(session.X_test) - 1
            self._target_epoch = settings["training"]["epochs"]
            self._report_start(session, reason)
        self.redraw(full=True, compute=False)
        self._refresh()
        self._update_controls()

    def _new_session(self, settings: Mapping[str, Any]) -> PlaygroundSession:
        plan = self.plan or self.make_plan(settings)
        slow = settings["noise"].get("noise") is not None or settings["noise"].get("shots") \
            or settings["noise"].get("profile") is not None
        return PlaygroundSession(
            settings["dataset"], self.circuit_settings(settings), settings["training"],
            classical_twin=settings["classical_twin"],
            resolution=self.resolution if slow else plan.resolution,
            noisy_resolution=plan.resolution if slow else self.noisy_resolution,
            random_state=self.random_state, eval_chunk=plan.eval_chunk)

    def _report_start(self, session: PlaygroundSession, reason: str) -> None:
        n_train = len(session.X_train)
        if n_train < MIN_TRAIN_POINTS:
            data = self.dataset_picker.value
            self._report("data", f"Only {plural(n_train, 'training point')} "
                         f"({data['n_samples']} samples, test fraction {data['test_size']:g}): "
                         "the curves will say little. Use more samples or a smaller test "
                         "fraction.")
        if reason and self.figure.has_previous:
            if self._previous_task not in (None, session.task):
                # other axes (MSE and R², or cross-entropy and accuracy): not drawn on these
                self.figure.set_previous(None)
                text = (f"The {reason} changed, so a new model starts at epoch 0. The previous "
                        f"run was a {self._previous_task}: its curves "
                        f"({_LOSS_AND_SCORE[self._previous_task]}) do not compare with these "
                        f"({_LOSS_AND_SCORE[session.task]}), so they are not shown.")
            else:
                text = (f"The {reason} changed, so a new model starts at epoch 0; the "
                        "previous run is the faded curve.")
            self._report("reset", text)
        if session.twin_run is not None:
            self._report_twin(session)

    def _keep_previous_run(self) -> None:
        session = self.session
        if session is not None and session.epoch > 0:
            self._previous_task = session.task
            self.figure.set_previous(session.curves(), f"previous run (epoch {session.epoch})")

    def _next_target(self) -> int:
        epochs = self.training_controls.value["epochs"]
        epoch = self.session.epoch if self.session else 0
        return epochs if epoch < epochs else epoch + epochs

    def _clear_stale_notes(self) -> None:
        """A run starts: "kept as it was" answered a change made before it."""
        self.show_note(LOCKED_NOTE, "")

    def _check_can_train(self) -> PlaygroundSession:
        if self.session is None or not self.valid:
            raise ValueError(self.problem or "The settings cannot work; see the message.")
        return self.session

    @staticmethod
    def _event_loop() -> asyncio.AbstractEventLoop | None:
        try:
            return asyncio.get_running_loop()
        except RuntimeError:
            return None

    def start(self) -> asyncio.Task | None:
        """Train in the background until the epoch target (the Train button).

        Returns the asyncio task running on the current event loop (the kernel's, in
        Jupyter). Without a running event loop (a plain script) it trains synchronously and
        returns None.
        """
        if self.running:
            return self._task
        self._check_can_train()
        return self.train_to(self._next_target())

    def train_to(self, epoch: int) -> asyncio.Task | None:
        """Train until ``epoch`` (a link's replay; :meth:`start` with a target of your own).

        In the background on a running event loop (returns the task), else synchronously.
        """
        session = self._check_can_train()
        if self.running:
            raise RuntimeError("Training is running in the background; pause() it first.")
        self._clear_stale_notes()
        self._target_epoch = max(int(epoch), session.epoch)
        loop = self._event_loop()
        if loop is None:
            self.train_epochs(self._target_epoch - session.epoch)
            return None
        self._stop()  # a refresh in progress is redone by the run
        self._pause_requested = False
        self.running = True
        self._update_controls()
        self._task = loop.create_task(self._run(session, self._generation))
        return self._task

    def _alive(self, session: PlaygroundSession, generation: int) -> bool:
        return session is self.session and generation == self._generation

    async def _chunks(self, work: Iterator[Any], session: PlaygroundSession,
                      generation: int) -> bool:
        """Run chunked work, yielding to the event loop after each chunk; False if stopped."""
        work = iter(work)
        while True:
            with torch_threads(self.torch_threads):
                try:
                    next(work)
                except StopIteration:
                    return True
            await asyncio.sleep(0)
            if not self._alive(session, generation):
                return False

    async def _run(self, session: PlaygroundSession, generation: int) -> None:
        try:
            while (not self._pause_requested and self._alive(session, generation)
                   and session.epoch < self._target_epoch):
                if not await self._chunks(session.pending_work(), session, generation):
                    return
                with torch_threads(self.torch_threads):
                    session.step()  # one mini-batch: the plan keeps it short
                # a refresh is due, and the browser has drawn the last ones (else it would
                # queue them: an old picture on screen, and Pause answered after the queue)
                if (time.perf_counter() - self._last_redraw >= self.redraw_interval
                        and self.figure.pacer.ready()):
                    if not await self._redraw_async(session, generation):
                        return
                await asyncio.sleep(0)  # let the kernel handle clicks between steps
            if self._alive(session, generation):
                await self._redraw_async(session, generation)
        except Exception as error:
            if self._alive(session, generation):
                self._show_problem(f"Training stopped: {error_text(error)}")
        finally:
            if self._alive(session, generation):
                self.running = False
                self.busy = False
                self._update_controls()  # first: the buttons answer before the large resync
                self.figure.resync()
                self.model_views.resync()
                self._training_stopped()

    def _training_stopped(self) -> None:
        for callback in self.stop_callbacks:
            callback()

    async def _redraw_async(self, session: PlaygroundSession, generation: int) -> bool:
        started = time.perf_counter()
        if not await self._chunks(session.pending_work(), session, generation):
            return False
        holder: list[_View] = []
        if not await self._chunks(self._view_work(session, holder), session, generation):
            return False
        self._next_view = holder[0]
        self.redraw()  # draws the view just computed (redraw keeps its simple signature)
        # Refreshes are paced start to start: the interval includes the computation, so a
        # cap of 10 a second gives 10 a second whenever one refresh costs under 1/30 s.
        self._last_redraw = started
        return True

    def _refresh(self, curves_only: bool = False) -> None:
        """Recompute and redraw the figure: at once without an event loop, else in chunks."""
        session = self.session
        if session is None:
            return
        loop = self._event_loop()
        if loop is None:
            with torch_threads(self.torch_threads):
                session.finish()
            self.redraw()
            self.figure.resync()
            return
        if self.running:
            self._last_redraw = 0.0  # the run redraws at its next step
            return
        if curves_only and not session.busy:
            with self.figure.batch():
                self._draw_curves(session)
            return
        self._generation += 1
        self.busy = True
        self._update_controls()
        self._task = loop.create_task(self._refresh_task(session, self._generation))

    async def _refresh_task(self, session: PlaygroundSession, generation: int) -> None:
        try:
            await asyncio.sleep(0)  # let the controls appear first
            await self._redraw_async(session, generation)
        except Exception as error:
            if self._alive(session, generation):
                self._show_problem(error_text(error))
        finally:
            if self._alive(session, generation):
                self.busy = False
                self.figure.resync()
                self.model_views.resync()
                self._update_controls()

    def pause(self) -> None:
        """Stop the background training after the current mini-batch (the Pause button).

        The controls answer at once; the picture of the current epoch is finished in the
        background.
        """
        if self.running:
            self._pause_requested = True
            self.running = False
            self.busy = True
            self._update_controls()

    async def wait(self) -> None:
        """Wait until the background work (training, refresh) has finished."""
        while self._task is not None and not self._task.done():
            await asyncio.shield(self._task)

    def _stop(self) -> None:
        # Detach any running task; it notices (generation changed) at its next chunk and ends.
        self._pause_requested = True
        self._generation += 1
        self._task = None
        self.running = False
        self.busy = False

    def train_steps(self, n_steps: int) -> PlaygroundState:
        """Train ``n_steps`` mini-batches now (synchronously), then redraw once."""
        session = self._check_can_train()
        if self.running:
            raise RuntimeError("Training is running in the background; pause() it first.")
        self._stop()
        with torch_threads(self.torch_threads):
            for _ in range(int(n_steps)):
                session.step()
            session.finish()
        self.redraw()
        self.figure.resync()
        self._update_controls()
        self._training_stopped()
        return self.state

    def train_epochs(self, n_epochs: int) -> PlaygroundState:
        """Train until ``n_epochs`` more epochs have completed (synchronously)."""
        session = self._check_can_train()
        if self.running:
            raise RuntimeError("Training is running in the background; pause() it first.")
        self._clear_stale_notes()
        target = session.epoch + int(n_epochs)
        steps = 0
        with torch_threads(self.torch_threads):
            while session.epoch < target:
                session.step()
                steps += 1
        return self.train_steps(0)

    def step_epoch(self) -> PlaygroundState:
        """Train exactly one epoch (the Step button)."""
        if self.running:
            return self.state
        return self.train_epochs(1)

    def select_point(self, index: int) -> None:
        """Show the Bloch vectors of test point ``index``."""
        self.point_slider.value = int(index)

    # -- the twin and the tuned reference -------------------------------------------------------

    def _on_twin_toggle(self) -> None:
        session = self.session
        if session is None or self._building:
            return
        session.set_twin(self.classical_toggle.value)
        self._show_cost(self.settings())
        if session.twin_run is None:
            self._report_lines.pop("twin", None)
            self._show_reports()
        else:
            self._report_twin(session)
        self._refresh()
        self._update_controls()

    def _report_twin(self, session: PlaygroundSession) -> None:
        """The twin's meaning in plain words, and the tuned classical reference."""
        hidden = int(getattr(session.twin.quantum_layer, "hidden", 0))
        text = (f"The classical twin has as many parameters as the circuit ({hidden} hidden "
                "units): it controls for size, not for what classical models can do.")
        if hidden < MIN_TWIN_HIDDEN:
            text += (f" With {plural(hidden, 'hidden unit')} it is too small to represent most "
                     "of these tasks, so its losing says nothing about quantum against "
                     "classical.")
        self._report("twin", text, escape=False)
        key = {"X_train": freeze(session.X_train.tolist()), "regression": session.regression,
               "y_train": freeze(session.y_train.tolist()), "random_state": self.random_state}
        loop = self._event_loop()
        if loop is None:
            self._report_reference(session, text, lambda: _reference(**key))
            return
        # Tuning takes about a second: in a worker thread, so the kernel stays responsive.
        future = loop.run_in_executor(None, lambda: _reference(**key))
        future.add_done_callback(
            lambda done: self._report_reference(session, text, done.result)
            if session is self.session and session.twin_run is not None else None)

    def _report_reference(self, session: PlaygroundSession, text: str,
                          get: Callable[[], Any]) -> None:
        try:
            reference = get()
            self.reference_test_accuracy = reference.score(session.X_test, session.y_test)
            text += (f" Tuned classical reference ({html.escape(reference.name)}, chosen by "
                     f"cross-validation on the same training points): test "
                     f"{session.score_name} <b>{self.reference_test_accuracy:.2f}</b>.")
        except Exception as error:  # the reference is extra information, never a blocker
            text += f" (No tuned reference: {html.escape(error_text(error))}.)"
        self._report("twin", text, escape=False)
        self.figure.set_title(1, self._accuracy_title(session))

    # -- noise after training -------------------------------------------------------------------

    def _apply_noise(self, noise: Mapping[str, Any]) -> None:
        session = self.session
        if session is None:
            return
        session.set_noise(**{key: noise[key] for key in NOISE_KEYS})
        if self.plan is not None:
            session.eval_chunk = self.plan.eval_chunk
            session.set_resolution(self.plan.resolution)
        if session.epoch == 0 and not self.running:
            self.noisy_test_accuracy = None
            self._report("noise", f"The circuit will train with {session.describe_noise()}.")
            return
        if self.running:
            self._report("noise", f"From epoch {session.epoch} training continues with "
                         f"{session.describe_noise()} (marked on the curves).")
            return
        self._report("noise", f"Evaluating the epoch-{session.epoch} weights with "
                     f"{session.describe_noise()}…")
        if self._event_loop() is None:
            with torch_threads(self.torch_threads):
                self._noise_report(session, session.test_accuracy())
        else:
            self._noise_pending = True

    def _noise_report(self, session: PlaygroundSession, accuracy: float) -> None:
        self.noisy_test_accuracy = accuracy
        before = _last(session.history, "val_score")
        self._report(
            "noise",
            f"Same trained weights (epoch {session.epoch}), no retraining: with "
            f"{session.describe_noise()} the test {session.score_name} is <b>{accuracy:.2f}</b>"
            + (f" (noise-free at the last epoch: {before:.2f})." if before is not None else ".")
            + " Train continues under this noise (marked on the curves).", escape=False)

    # -- drawing --------------------------------------------------------------------------------

    @property
    def redraw_interval(self) -> float:
        """Seconds from the start of one refresh to the next while training: at least
        ``1 / max_redraws_per_second``, and at least 3 times the last refresh's cost (slow
        noisy surfaces take at most a third of the loop).
        """
        return max(self.min_redraw_interval, 3.0 * self.last_redraw_cost)

    def _view_work(self, session: PlaygroundSession, out: list[_View]) -> Generator[None]:
        """Chunked computation of one refresh (surfaces, selected point); appends to ``out``."""
        spent = [0.0]  # this thread's CPU time in the chunks: pauses and other processes excluded
        partial = yield from cpu_timed(self._main_view_work(session), spent)
        self.last_redraw_cost = spent[0]
        # While training, Bloch spheres at most once a second, heatmaps and spectra at most
        # once a second and 5 times their cost apart (their own throttle, outside the refresh
        # cost above); all at the end.
        inside = None
        if not session.regression:  # the views inside the model need 2-D inputs
            final = not self.running or session.epoch >= self._target_epoch
            inside = yield from self.model_views.work(session, partial.index, force=final)
        out.append(replace(partial, inside=inside))

    def _main_view_work(self, session: PlaygroundSession) -> Generator[None, None, _View]:
        """Chunked computation of the main figure's refresh (no views inside the model)."""
        grid = session.grid
        z = yield from session.surface_work(grid=grid)
        twin_z = None
        if session.twin is not None:
            twin_z = yield from session.surface_work(twin=True, grid=grid)
        spectra = (yield from session.spectra_work()) if session.regression else None
        index = min(self.point_slider.value, len(session.X_test) - 1)
        bloch = session.bloch(index)
        probability = self._point_output(session, index)
        if self._noise_pending:
            accuracy = yield from session.test_accuracy_work()
            self._noise_pending = False
            self._noise_report(session, accuracy)
        return _View(z, twin_z, bloch, probability, None, spectra, index)

    def redraw(self, full: bool = False, compute: bool = True) -> None:
        """Refresh the figure in place (``full``: the data points and the circuit too).

        Draws the view the background task has just computed in chunks; without one, the view
        is computed now, unless ``compute`` is False (then only curves and static parts).
        """
        view, self._next_view = self._next_view, None
        session = self.session
        with torch_threads(self.torch_threads), self.figure.batch():
            if session is None:
                self._draw_empty()
            else:
                if full:
                    self._draw_static(session)
                if view is None and compute:
                    session.finish()
                    holder: list[_View] = []
                    drain(self._view_work(session, holder))
                    view = holder[0]
                self._draw_curves(session)
                if view is not None:
                    self._draw_view(session, view)
        self.redraw_count += 1
        self._last_redraw = time.perf_counter()
        self._show_epoch()

    def _draw_empty(self) -> None:
        fig = self.figure
        fig.set_task(fig.task, fig.n_classes)  # empties a regression's curves and spectra
        fig.set_curves({}, None, marks=[], target=self._target_epoch)
        fig.set_surface(np.zeros(0), np.zeros(0), np.zeros((0, 0)))
        none = np.zeros(0, dtype=int)
        fig.set_points(np.zeros((0, 2)), none, np.zeros((0, 2)), none)
        fig.set_selected(None)
        fig.set_bloch(None)
        fig.set_circuit(None)
        self.model_views.clear("the settings cannot work")
        fig.set_title(2, "Decision boundary: the settings cannot work (see the message)")
        fig.set_title(3, "Bloch vectors: —")
        fig.set_title(4, "Circuit: the settings cannot work (see the message)")

    def _draw_static(self, session: PlaygroundSession) -> None:
        fig, config = self.figure, session.config
        fig.set_task(session.task, session.n_classes)
        # The views inside the model are drawn over a 2-D input plane: none for a 1-D task.
        self.model_views.layout.display = "none" if session.regression else None
        if session.regression:
            self.model_views.clear("shown for 2-D data (this task has 1-D inputs)")
        fig.set_points(session.X_train, session.y_train, session.X_test, session.y_test)
        fig.set_circuit(_diagram(**{**config.to_dict(), "noise": None, "shots": None}))
        # One line, short enough for a 500 px pane (JupyterLab with its sidebar open).
        fig.set_title(4, f"{config.encoding} encoding → {config.ansatz} × "
                         f"{plural(config.n_layers, 'layer')}, {plural(config.n_qubits, 'qubit')}"
                         " · boxes: <span style='color:#e6550d'>data</span>, "
                         "<span style='color:#6a3d9a'>trainable</span>, fixed")
        fig.set_surface(np.zeros(0), np.zeros(0), np.zeros((0, 0)))
        fig.set_title(2, f"{_view_name(session)}: computing…")

    def _draw_curves(self, session: PlaygroundSession) -> None:
        target = max(self._target_epoch, self.training_controls.value["epochs"], session.epoch)
        self.figure.set_curves(session.curves() or {}, session.curves(twin=True),
                               marks=session.marks, target=target)
        self.figure.set_title(1, self._accuracy_title(session))

    def _draw_view(self, session: PlaygroundSession, view: _View) -> None:
        fig, grid = self.figure, session.grid
        index = min(self.point_slider.value, len(session.X_test) - 1)
        if session.regression:
            from qnnlab.datasets import regression_target

            fig.set_fit(grid.xs, view.z, regression_target(session.dataset_name, grid.xs),
                        view.twin_z)
            if view.spectra is not None:
                fig.set_spectra(view.spectra.frequencies, view.spectra.model,
                                view.spectra.target)
                fig.set_title(3, _spectra_title(view.spectra))
        else:
            fig.set_surface(grid.xs, grid.ys, view.z, view.twin_z)
            fig.set_bloch(view.bloch)
        if view.inside is not None:
            self.model_views.draw(view.inside)
        self._draw_point(session, index, view.probability)

    def _draw_point(self, session: PlaygroundSession, index: int, output: Any) -> None:
        """Circle test point ``index``; say what the model gives it (panel titles)."""
        fig = self.figure
        title = f"{_view_name(session)}, epoch {session.epoch}"
        if session.slow_circuit:
            title += f" · {session.describe_noise(short=True)}"
        if session.regression:
            x, y = float(session.X_test[index, 0]), float(session.y_test[index])
            fig.set_selected(np.array([x, y]))
            fig.set_title(2, f"{title}<br>test point #{index}: y = {y:.2f}, fit {output:.2f}")
            return
        fig.set_selected(session.X_test[index])
        fig.set_title(2, title)
        label = int(session.y_test[index])
        if session.n_classes == 2:
            said = f"P(1) = {output[1]:.2f}"
        else:
            said = "P=" + "·".join(
                f"<span style='color:{CLASS_COLORS[k % len(CLASS_COLORS)]}'>{p:.2f}</span>"
                for k, p in enumerate(output))
        fig.set_title(3, f"Test point #{index}, class {label}: {BLOCH_KEY}<br>{said}")

    @staticmethod
    def _point_output(session: PlaygroundSession, index: int) -> Any:
        """Test point ``index``'s class probabilities, or its prediction (regression)."""
        x = session.X_test[index : index + 1]
        if session.regression:
            return float(session.predictions(x)[0])
        return session.class_probabilities(x)[0]

    def _accuracy_title(self, session: PlaygroundSession) -> str:
        quantum = _last(session.history, "val_score")
        if quantum is None:
            return f"{session.score_name.capitalize()} (train solid, test dashed)"
        text = f"Test {session.score_name}: quantum {quantum:.2f}"
        twin = _last(session.twin_history, "val_score")
        if twin is not None:
            text += f" · twin {twin:.2f}"
        if self.reference_test_accuracy is not None and session.twin_run is not None:
            text += f" · tuned {self.reference_test_accuracy:.2f}"
        return text

    def _on_point_change(self) -> None:
        session = self.session
        if session is None:
            return
        index = min(self.point_slider.value, len(session.X_test) - 1)
        with torch_threads(self.torch_threads), self.figure.batch():
            # One sample: a single small chunk.
            if not session.regression:
                self.figure.set_bloch(session.bloch(index))
            self._draw_point(session, index, self._point_output(session, index))
            if not session.regression:
                inside = drain(self.model_views.work(session, index, force=True))
                if inside is not None:
                    self.model_views.draw(inside)

    def _on_plot_click(self, trace: Any, points: Any, _state: Any) -> None:
        if self.session is None or not points.xs:
            return
        if trace.name == "test" and points.point_inds:
            self.select_point(points.point_inds[0])
            return
        clicked = np.array([points.xs[0], points.ys[0]], dtype=float)
        session = self.session
        shown = (np.column_stack([session.X_test[:, 0], session.y_test]) if session.regression
                 else session.X_test)  # the test points as drawn: (x, y) for a regression
        distances = np.linalg.norm(shown - clicked, axis=1)
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

    def _report(self, key: str, text: str, escape: bool = True) -> None:
        self._report_lines[key] = html.escape(text) if escape else text
        self._show_reports()

    def _show_report(self, text: str) -> None:  # kept for callers of the earlier API
        self._report_lines = {"note": text} if text else {}
        self._show_reports()

    def _show_reports(self) -> None:
        lines = [text for text in self._report_lines.values() if text]
        self.report_html.value = "".join(f'<div style="{_REPORT_STYLE}">{line}</div>'
                                         for line in lines)
        self.report_html.layout.display = None if lines else "none"

    def _show_epoch(self) -> None:
        session = self.session
        epoch = session.epoch if session else 0
        target = self._target_epoch if self.running else self.training_controls.value["epochs"]
        self.epoch_html.value = (f'<span style="font-size:14px">Epoch <b>{epoch}</b> / '
                                 f"{max(target, epoch)}</span>")

    def _update_controls(self) -> None:
        ready = self.session is not None and self.valid
        _enable(self.train_button, ready and not self.running)
        _enable(self.step_button, ready and not self.running)
        _enable(self.pause_button, self.running)
        _enable(self.reset_button, True)
        self.status_html.value = self._status(self._status_text(ready))
        self._show_epoch()

    def _status_text(self, ready: bool) -> str:
        epochs = self.training_controls.value["epochs"]
        if self.running:
            return "Training… (Pause stops after the current mini-batch)"
        if not ready:
            return "Fix the settings to train (see the message)."
        session = self.session
        if self.busy:
            seconds = self.plan.first_view.seconds if self.plan else 0.0
            return (f"Working: scoring the model and drawing the decision surface (about "
                    f"{format_seconds(seconds)}); the buttons answer meanwhile.")
        if session.epoch == 0:
            return "Ready: press Train."
        if session.epoch >= epochs:
            return (f"Reached the epoch target ({epochs}) at epoch {session.epoch}: Train adds "
                    f"{epochs} more (to {session.epoch + epochs}), Reset starts over.")
        return f"Paused after epoch {session.epoch}: Train continues, Reset starts over."

    # -- snapshot -------------------------------------------------------------------------------

    @property
    def state(self) -> PlaygroundState:
        """A snapshot of the run (epoch, histories, accuracies, settings...)."""
        session = self.session
        history = session.history if session else {}
        twin = session.twin_history if session else None
        return PlaygroundState(
            epoch=session.epoch if session else 0,
            target_epoch=self._target_epoch,
            running=self.running,
            valid=self.valid,
            problem=self.problem,
            settings=self.settings(),
            history=history,
            twin_history=twin,
            test_accuracy=_last(history, "val_score"),
            twin_test_accuracy=_last(twin, "val_score"),
            noisy_test_accuracy=self.noisy_test_accuracy,
            reference_test_accuracy=self.reference_test_accuracy,
            selected_point=self.point_slider.value,
            redraws=self.redraw_count,
            busy=self.busy or self.running,
            marks=list(session.marks) if session else [],
        )

    def close(self) -> None:
        """Stop training and close the widget (e.g. when its cell is run again)."""
        if hasattr(self, "_generation"):  # not when __init__ refused its arguments
            self._stop()
        super().close()

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        # A view made now must start from the figure's current state, not its first one.
        self.figure.resync()
        self.model_views.resync()
        return super()._repr_mimebundle_(**kwargs)

"""Live insight for the Playground: circuit analyses beside the ansatz picker, views inside.

Two widgets, both fed by :mod:`qnnlab.analysis` (this module only lays the numbers out):

* :class:`InsightPanel` sits beside the ansatz picker and shows, for the chosen ansatz, width and
  depth, its expressibility (KL to Haar), its entangling capability (Meyer-Wallach) with the
  Haar-random reference, and a barren-plateau warning from the gradient variance at random
  initialisation (:class:`qnnlab.analysis.quick.AnsatzInsight`). Entries of the precomputed table
  appear at once; others are computed in small chunks on the kernel's event loop (a spinner
  meanwhile), so the kernel keeps answering clicks.
* :class:`ModelViews` (behind a checkbox, off by default: nothing is computed while hidden, and
  the page opens with one plotly widget only) shows inside the trained model, for the selected
  input point, each qubit's
  Bloch vector after every stage of the circuit on real Bloch spheres (one sphere per qubit,
  the stages as a path from light to dark, the final vector as a line from the centre); each
  qubit's measured ``<Z>`` over the input plane as small heatmaps (TensorFlow Playground's
  neuron thumbnails); and the Fourier panel: the frequencies the encoding makes available
  along each feature and the trained model's coefficients (:func:`fourier_spectrum`).

The heatmaps and the Fourier panel cost as much as a decision surface; while training they
refresh at most once every :data:`HEAVY_INTERVAL` seconds (and at least 5 times their own cost
apart), the Bloch spheres at most every :data:`LIGHT_INTERVAL` seconds; when training stops, or a
test point is chosen, everything is redrawn at once.

Examples
--------
>>> panel = InsightPanel({"ansatz": "strongly_entangling", "n_qubits": 4, "n_layers": 2})
>>> panel.insight.source, round(panel.insight.haar_entangling_capability, 3)
('table', 0.824)
>>> "Meyer-Wallach" in panel.html.value
True
"""

from __future__ import annotations

import asyncio
import copy
import html
import time
from collections import OrderedDict
from collections.abc import Generator, Mapping
from dataclasses import dataclass
from typing import Any

import ipywidgets as widgets
import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from qnnlab.analysis.fourier import FourierSpectrum, fourier_spectrum
from qnnlab.analysis.layers import LayerStates, layer_bloch_vectors, layer_state_qnode
from qnnlab.analysis.quick import (
    MAX_LIVE_QUBITS,
    AnsatzInsight,
    cpu_timed,
    drain,
    insight_key,
    insight_work,
    lookup_insight,
)
from qnnlab.models import torch_threads
from qnnlab.widgets._base import error_text, plural
from qnnlab.widgets.figures import SURFACE_COLORSCALE, FrontendPacer, responsive_widget

__all__ = ["InsightPanel", "ModelViews", "ViewsData", "HEAVY_INTERVAL", "LIGHT_INTERVAL",
           "MAX_SPHERES", "MAX_THUMBNAILS"]

#: Shortest time between two refreshes of the heatmaps and the Fourier panel while training.
HEAVY_INTERVAL = 1.0
#: Shortest time between two refreshes of the Bloch spheres while training (each refresh of the
#: views redraws their whole figure in the browser, time the main figure's refreshes need).
LIGHT_INTERVAL = 1.0
#: Qubits drawn as Bloch spheres (the first ones) and as heatmaps.
MAX_SPHERES = 8
MAX_THUMBNAILS = 16
#: Thumbnails per row of heatmaps.
_THUMBS_PER_ROW = 8
_CARD_STYLE = "font-size:12px;line-height:1.4;color:#333;background:#f4f6f8;padding:4px 6px"
_WARN_STYLE = "color:#8a4b00;background:#fff4e0;border-left:3px solid #e08a00;padding:2px 6px"
_SPINNER = '<i class="fa fa-spinner fa-spin" aria-hidden="true"></i>'
#: Computed entries, shared by every panel of the kernel (key: insight_key).
_COMPUTED: OrderedDict[str, AnsatzInsight] = OrderedDict()
_COMPUTED_MAX = 256
_SPHERE_GAP = 2.7  # distance between sphere centres in the scene (radius 1)
_STAGE_SCALE = "Viridis"


# ---------------------------------------------------------------------------- the analyses


def _bar(value: float, top: float, color: str) -> str:
    width = 0 if not np.isfinite(value) or top <= 0 else int(round(100 * min(value / top, 1)))
    return (f"<span style='display:inline-block;width:60px;height:7px;background:#dde3ea;"
            f"vertical-align:middle'><span style='display:block;width:{width}%;height:7px;"
            f"background:{color}'></span></span>")


def insight_html(insight: AnsatzInsight) -> str:
    """The analysis card of one :class:`AnsatzInsight` (HTML).

    Examples
    --------
    >>> text = insight_html(lookup_insight("sim_1", 2, 1))
    >>> "no two-qubit gates" in text
    True
    """
    i = insight
    head = (f"<b>{html.escape(i.ansatz)}</b>, {plural(i.n_qubits, 'qubit')}, "
            f"{plural(i.n_layers, 'layer')} · random parameters")
    express = (f"Expressibility (KL to Haar) <b>{i.expressibility:.3f}</b> "
               f"{_bar(i.expressibility, 1.0, '#6a3d9a')} <span style='color:#666'>"
               f"(Haar-random 0; one fixed state {i.idle_expressibility:.3g})</span>")
    if i.n_qubits == 1:
        entangle = "Entangling capability: — (one qubit)"
    else:
        entangle = (f"Entangling capability (Meyer-Wallach) <b>{i.entangling_capability:.2f}"
                    f"</b> {_bar(i.entangling_capability, 1.0, '#1b9e77')} "
                    f"<span style='color:#666'>(Haar-random {i.haar_entangling_capability:.2f})"
                    "</span>")
        if i.entangling_capability == 0:
            entangle += " <span style='color:#666'>no two-qubit gates</span>"
    gradients = (f"Gradient variance at random start: <b>{i.gradient_variance_global:.1e}</b> "
                 f"(global cost), {i.gradient_variance_local:.1e} (local)")
    lines = [head, express, entangle, gradients]
    warning = _barren_warning(i)
    if warning:
        lines.append(f"<div style='{_WARN_STYLE}'>{warning}</div>")
    where = "precomputed" if i.source == "table" else "computed now"
    lines.append(f"<span style='color:#777;font-size:11px'>{where}: {i.n_samples} state pairs, "
                 f"{i.n_gradient_samples} gradient samples, seed {i.random_state}. Properties "
                 "of the circuit alone, not of how well it will learn these data.</span>")
    return "<br>".join(lines[:4]) + "".join(f"<div>{line}</div>" for line in lines[4:])


def _barren_warning(insight: AnsatzInsight) -> str:
    level = insight.barren_level
    shots = f"{insight.shots_per_gradient:,.0f}"
    if level == "plateau":
        return (f"⚠ Barren plateau: gradients this small need about {shots} shots each to "
                "resolve on hardware, and shrink further with every qubit. Fewer qubits or "
                "layers, a local cost, or a careful initialisation help.")
    if level == "small":
        return (f"⚠ Small gradients: about {shots} shots per gradient on hardware; one or two "
                "more qubits reach a barren plateau.")
    return ""


class InsightPanel(widgets.VBox):
    """Expressibility, entangling capability and a barren-plateau warning for an ansatz choice.

    Parameters
    ----------
    value : dict, optional
        The ansatz picker's value (``ansatz``, ``n_qubits``, ``n_layers``, ``ansatz_options``).
    torch_threads : int or None
        Torch threads while computing (as the Playground's).

    Attributes
    ----------
    html : ipywidgets.HTML
        The card.
    insight : AnsatzInsight or None
        What the card shows (None while computing or when nothing can be shown).
    computing : bool
        True while an entry is computed in the background.

    Examples
    --------
    >>> panel = InsightPanel({"ansatz": "hardware_efficient", "n_qubits": 2, "n_layers": 1})
    >>> panel.show({"ansatz": "hardware_efficient", "n_qubits": 12, "n_layers": 1})
    >>> panel.insight is None, "not computed live" in panel.html.value
    (True, True)
    """

    def __init__(self, value: Mapping[str, Any] | None = None, *,
                 torch_threads: int | None = 1) -> None:
        self.html = widgets.HTML(layout=widgets.Layout(margin="0 0 6px 0"))
        super().__init__([self.html])
        self.add_class("qnnlab-insight")
        self.torch_threads = torch_threads
        self.insight: AnsatzInsight | None = None
        self.computing = False
        self._generation = 0
        self._task: asyncio.Task | None = None
        if value is not None:
            self.show(value)

    def show(self, value: Mapping[str, Any]) -> None:
        """Show the analyses of ``value`` (at once from the table, else in the background)."""
        self._generation += 1
        self.computing = False
        args = (value["ansatz"], int(value["n_qubits"]), int(value["n_layers"]),
                dict(value.get("ansatz_options") or {}))
        try:
            key = insight_key(*args)
            found = lookup_insight(*args) or _COMPUTED.get(key)
        except ValueError as error:  # the picker says what is wrong; no analysis then
            self._set(None, f"Circuit analyses: — ({html.escape(error_text(error))})")
            return
        if found is not None:
            self._set(found)
            return
        if args[1] > MAX_LIVE_QUBITS:
            self._set(None, f"Circuit analyses: not computed live above {MAX_LIVE_QUBITS} "
                      "qubits (minutes on one core); see the notebooks on expressibility "
                      "and barren plateaus.")
            return
        self._set(None, f"{_SPINNER} Computing expressibility, entanglement and gradients "
                  f"of {html.escape(args[0])} on {plural(args[1], 'qubit')}…")
        self._start(key, insight_work(*args))

    def _set(self, insight: AnsatzInsight | None, text: str = "") -> None:
        self.insight = insight
        body = insight_html(insight) if insight is not None else text
        self.html.value = f"<div style='{_CARD_STYLE}'>{body}</div>"

    def _start(self, key: str, work: Generator[None, None, AnsatzInsight]) -> None:
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # a plain script: seconds of work on every change would be too
            work.close()      # slow; compute_insight(...) gives the numbers on request
            self._set(None, "Circuit analyses: not precomputed for these settings; computed in "
                      "the background when the Playground runs in Jupyter, or with "
                      "qnnlab.analysis.quick.compute_insight(...).")
            return
        self.computing = True
        self._task = loop.create_task(self._compute(key, work, self._generation))

    async def _compute(self, key: str, work: Generator[None, None, AnsatzInsight],
                       generation: int) -> None:
        try:
            while True:
                with torch_threads(self.torch_threads):
                    try:
                        next(work)
                    except StopIteration as stop:
                        insight = stop.value
                        break
                await asyncio.sleep(0)
                if generation != self._generation:
                    return  # a newer choice replaced this one
            _remember(key, insight)
            if generation == self._generation:
                self._set(insight)
        except Exception as error:  # the analyses are extra information, never a blocker
            if generation == self._generation:
                self._set(None, f"Circuit analyses failed: {html.escape(error_text(error))}")
        finally:
            if generation == self._generation:
                self.computing = False

    async def wait(self) -> None:
        """Wait until a background computation has finished."""
        while self._task is not None and not self._task.done():
            await asyncio.shield(self._task)


def _remember(key: str, insight: AnsatzInsight) -> None:
    _COMPUTED[key] = insight
    while len(_COMPUTED) > _COMPUTED_MAX:
        _COMPUTED.popitem(last=False)


# ---------------------------------------------------------------------------- inside the model


@dataclass
class ViewsData:
    """Everything one refresh of :class:`ModelViews` draws (None: keep what is drawn).

    Attributes
    ----------
    index : int
        The selected test point.
    layers : LayerStates
        Bloch vectors after every stage for that point.
    maps : numpy.ndarray or None
        Each qubit's ``<Z>`` over the grid, shape ``(n_qubits, ny, nx)``.
    xs, ys : numpy.ndarray or None
        The grid of the maps.
    spectra : list of FourierSpectrum or None
        The trained model's spectrum along each feature, through the selected point.
    """

    index: int
    layers: LayerStates
    maps: np.ndarray | None = None
    xs: np.ndarray | None = None
    ys: np.ndarray | None = None
    spectra: list[FourierSpectrum] | None = None


def _sphere_mesh() -> tuple[np.ndarray, np.ndarray]:
    """Vertices ``(m, 3)`` and triangles ``(t, 3)`` of a unit sphere."""
    u, v = np.meshgrid(np.linspace(0, 2 * np.pi, 25), np.linspace(0, np.pi, 13))
    vertices = np.column_stack([(np.cos(u) * np.sin(v)).ravel(), (np.sin(u) * np.sin(v)).ravel(),
                                np.cos(v).ravel()])
    rows, cols = u.shape
    triangles = []
    for r in range(rows - 1):
        for c in range(cols - 1):
            a, b, d, e = r * cols + c, r * cols + c + 1, (r + 1) * cols + c, (r + 1) * cols + c + 1
            triangles += [(a, b, d), (b, e, d)]
    return vertices, np.array(triangles)


_SPHERE = _sphere_mesh()


def _joined(parts: list[np.ndarray]) -> np.ndarray:
    """Stack point lists with a row of NaN between them (gaps in one plotly line trace)."""
    out: list[np.ndarray] = []
    for part in parts:
        if out:
            out.append(np.full((1, 3), np.nan))
        out.append(part)
    return np.concatenate(out) if out else np.zeros((0, 3))


def _xyz(points: np.ndarray) -> dict[str, list[float | None]]:
    def column(k: int) -> list[float | None]:
        return [None if np.isnan(v) else float(v) for v in points[:, k]]

    return {"x": column(0), "y": column(1), "z": column(2)}


def _model_output(model: Any) -> int:
    """The output whose spectrum is shown: class 1's logit (the only output of a regressor)."""
    return min(1, int(model.head.out_features) - 1)


def views_work(session: Any, index: int, heavy: bool = True,
               qnode: Any = None) -> Generator[None, None, ViewsData]:
    """Chunked computation of :class:`ViewsData` for a Playground session and test point.

    ``heavy``: also the per-qubit maps over the session's coarse grid (in chunks of
    ``session.eval_chunk`` points) and the Fourier spectra along each feature.

    Examples
    --------
    >>> from qnnlab.widgets.session import PlaygroundSession
    >>> session = PlaygroundSession({"name": "moons", "n_samples": 40, "n_features": 2},
    ...                             {"n_qubits": 2, "n_layers": 1}, {}, noisy_resolution=6)
    >>> data = drain(views_work(session, 0))
    >>> data.layers.bloch.shape, data.maps.shape, len(data.spectra)
    ((2, 2, 3), (2, 6, 6), 2)
    """
    import torch

    from qnnlab.models import DTYPE

    model = session.model
    point = np.asarray(session.X_test[index], dtype=float)
    layers = layer_bloch_vectors(model, point, qnode=qnode)
    data = ViewsData(index, layers)
    if not heavy:
        return data
    grid = session.coarse_grid
    points = grid.points
    chunk = max(1, int(session.eval_chunk))
    parts = []
    for start in range(0, len(points), chunk):
        x = torch.as_tensor(points[start : start + chunk], dtype=DTYPE)
        with torch.no_grad():  # never across a yield: the caller's code would run without grad
            parts.append(model.quantum_features(x).numpy())
        yield
    maps = np.concatenate(parts).T.reshape(-1, len(grid.ys), len(grid.xs))
    spectra = []
    for feature in range(len(point)):
        spectra.append(fourier_spectrum(model, feature=feature, x0=point, output="model",
                                        output_index=_model_output(model)))
        yield
    data.maps, data.xs, data.ys, data.spectra = maps, grid.xs, grid.ys, spectra
    return data


class ModelViews(widgets.VBox):
    """Bloch spheres after every layer, per-qubit heatmaps and the Fourier panel: one figure.

    Parameters
    ----------
    show : bool
        Start shown (the checkbox ticked).

    Attributes
    ----------
    toggle : ipywidgets.Checkbox
        Shows or hides the views.
    figure : plotly.graph_objects.FigureWidget or None
        Made when first shown.
    pacer : qnnlab.widgets.figures.FrontendPacer
        Stamps each update: no refresh while the browser has not drawn the last ones.
    last_heavy, heavy_cost : float
        When the heatmaps and spectra were last computed (``time.perf_counter``), and the CPU
        time that took (pauses between its chunks excluded).

    Examples
    --------
    >>> from qnnlab.widgets.session import PlaygroundSession
    >>> session = PlaygroundSession({"name": "moons", "n_samples": 40, "n_features": 2},
    ...                             {"n_qubits": 2, "n_layers": 1}, {}, noisy_resolution=6)
    >>> views = ModelViews()  # hidden: nothing computed, no figure
    >>> drain(views.work(session, 0)) is None, views.figure is None
    (True, True)
    >>> views.toggle.value = True  # the learner ticks the box: drawn at once
    >>> views.draw(drain(views.work(session, 0, force=True)))
    >>> len(views.trace("thumbnails").z), views.trace("fourier x1").x[:3]
    (6, (0, 1, 2))
    """

    _template: dict[str, Any] | None = None

    def __init__(self, show: bool = False) -> None:
        self.toggle = widgets.Checkbox(
            value=False, indent=False, layout=widgets.Layout(width="auto"),
            description="Inside the model: Bloch spheres per layer, ⟨Z⟩ maps, Fourier")
        super().__init__([self.toggle], layout=widgets.Layout(width="100%"))
        self.add_class("qnnlab-inside")
        #: The figure, made when first shown (None before): a second plotly widget loading
        #: while the page opens has been seen to stop updating (anywidget's 2 s start limit).
        self.figure: go.FigureWidget | None = None
        self.pacer = FrontendPacer()
        self._index: dict[str, int] = {}
        self.last_heavy = -np.inf
        self.last_light = -np.inf
        self.heavy_cost = 0.0
        self._qnode: Any = None
        self._qnode_config: Any = None
        self._latest: tuple[Any, int] | None = None  # (session, point) of the last refresh
        self._cleared = ""
        self._spheres_drawn = 0  # how many spheres the figure holds
        self.toggle.observe(self._on_toggle, names="value")
        self.toggle.value = show

    @property
    def shown(self) -> bool:
        """Whether the views are shown (and computed)."""
        return bool(self.toggle.value)

    def _on_toggle(self, _change: Any = None) -> None:
        if not self.shown:
            self.children = [self.toggle]
            return
        if self.figure is None:
            if ModelViews._template is None:
                ModelViews._template = self._build()
            self.figure = responsive_widget(copy.deepcopy(ModelViews._template))
            self._index = {trace.meta: k for k, trace in enumerate(self.figure.data)}
        self.children = [self.toggle, self.figure]
        if self._cleared:
            self.clear(self._cleared)
        elif self._latest is not None:  # draw the current model at once (one point: small)
            session, index = self._latest
            data = drain(self.work(session, index, force=True))
            if data is not None:
                self.draw(data)

    # -- construction -----------------------------------------------------------------------

    @staticmethod
    def _build() -> dict[str, Any]:
        fig = make_subplots(
            rows=3, cols=2, specs=[[{"type": "scene", "colspan": 2}, None],
                                   [{"colspan": 2}, None], [{}, {}]],
            row_heights=[0.40, 0.32, 0.28], vertical_spacing=0.09, horizontal_spacing=0.08,
            subplot_titles=("Bloch sphere of each qubit after every stage", "⟨Z⟩ of each qubit",
                            "Fourier along x1", "Fourier along x2"))
        scene_traces = [
            ("spheres", go.Mesh3d(x=[], y=[], z=[], i=[], j=[], k=[], opacity=0.18,
                                  color="lightblue", hoverinfo="skip", flatshading=False)),
            ("sphere axes", go.Scatter3d(x=[], y=[], z=[], mode="lines", hoverinfo="skip",
                                         line={"color": "#9e9e9e", "width": 2})),
            ("paths", go.Scatter3d(x=[], y=[], z=[], mode="lines+markers", hoverinfo="text",
                                   line={"color": "#bbbbbb", "width": 3},
                                   marker={"size": 4, "colorscale": _STAGE_SCALE, "cmin": 0,
                                           "cmax": 1, "color": []})),
            ("vectors", go.Scatter3d(x=[], y=[], z=[], mode="lines", hoverinfo="skip",
                                     line={"color": "#6a3d9a", "width": 6})),
            ("sphere labels", go.Scatter3d(x=[], y=[], z=[], mode="text", text=[],
                                           hoverinfo="skip", textfont={"size": 11})),
        ]
        for name, trace in scene_traces:
            trace.meta, trace.showlegend = name, False
            fig.add_trace(trace, row=1, col=1)
        fig.add_trace(go.Heatmap(
            z=[], zmin=-1, zmax=1, colorscale=SURFACE_COLORSCALE, showscale=False,
            meta="thumbnails", hovertemplate="⟨Z⟩ = %{z:.2f}<extra></extra>"), row=2, col=1)
        fig.add_trace(go.Scatter(x=[], y=[], mode="text", text=[], meta="thumbnail labels",
                                 showlegend=False, hoverinfo="skip", textfont={"size": 10}),
                      row=2, col=1)
        for col, feature in ((1, "x1"), (2, "x2")):
            fig.add_trace(go.Bar(x=[], y=[], meta=f"fourier {feature}", name="|c_ω| of the model",
                                 marker_color="#6a3d9a", showlegend=col == 1,
                                 hovertemplate="ω = %{x}: |c_ω| = %{y:.3g}<extra></extra>"),
                          row=3, col=col)
            fig.add_trace(go.Scatter(x=[], y=[], mode="markers", meta=f"available {feature}",
                                     name="frequency the encoding allows", showlegend=col == 1,
                                     marker={"symbol": "triangle-up", "size": 9,
                                             "color": "#e6550d"},
                                     hovertemplate="ω = %{x} is available<extra></extra>"),
                          row=3, col=col)
        hidden = {"visible": False}
        fig.update_scenes(xaxis=hidden, yaxis=hidden, zaxis=hidden, aspectmode="manual",
                          camera={"eye": {"x": 0.25, "y": -1.0, "z": 0.35},
                                  "projection": {"type": "orthographic"}})
        fig.update_xaxes(visible=False, row=2, col=1)
        # square tiles (the heatmap's axes are x and y: a scene does not count as an xy pair)
        fig.update_yaxes(visible=False, scaleanchor="x", constrain="domain", row=2, col=1)
        for col in (1, 2):
            fig.update_xaxes(title_text="frequency ω", title_standoff=2, dtick=1, row=3, col=col)
        fig.update_yaxes(title_text="|c_ω|", row=3, col=1)
        fig.update_annotations(font_size=11)
        fig.update_layout(autosize=True, height=540, margin={"l": 44, "r": 10, "t": 46, "b": 56},
                          template="plotly_white", font={"size": 10}, uirevision="inside",
                          legend={"orientation": "h", "x": 0, "y": -0.07, "yanchor": "top",
                                  "font": {"size": 10}})
        return fig.to_dict()

    def trace(self, name: str) -> Any:
        """The trace called ``name`` (``"paths"``, ``"thumbnails"``, ``"fourier x1"``...)."""
        if self.figure is None:
            raise ValueError("The views have not been shown yet: set toggle.value = True.")
        return self.figure.data[self._index[name]]

    def resync(self) -> None:
        """Store the figure's current state in the widget model (for views made later)."""
        if self.figure is None:
            return
        self.figure._widget_data = copy.deepcopy(self.figure._data)
        self.figure._widget_layout = copy.deepcopy(self.figure._layout_obj._props)

    # -- computation --------------------------------------------------------------------------

    def due(self, now: float | None = None) -> bool:
        """Whether the heavy views (heatmaps, spectra) should be recomputed while training."""
        now = time.perf_counter() if now is None else now
        return now - self.last_heavy >= max(HEAVY_INTERVAL, 5 * self.heavy_cost)

    def work(self, session: Any, index: int, force: bool = False
             ) -> Generator[None, None, ViewsData | None]:
        """Chunked data of one refresh; the heavy views only when :meth:`due` or ``force``.

        A circuit the views cannot show empties them with the reason (returns None) and never
        stops the Playground's refresh.
        """
        self._latest, self._cleared = (session, index), ""
        start = time.perf_counter()
        if not self.shown or not (force or (start - self.last_light >= LIGHT_INTERVAL
                                            and self.pacer.ready())):
            # nothing to compute while hidden, more than once a second, or while the browser
            # has not drawn the last ones
            return None
        self.last_light = start
        heavy = force or self.due()
        spent = [0.0]  # CPU time in the chunks, as the Playground's own refresh cost
        try:
            data = yield from cpu_timed(views_work(session, index, heavy,
                                                   qnode=self._layer_qnode(session)), spent)
        except Exception as error:  # the views are extra information, never a blocker
            self.clear(f"not available ({error_text(error)})")
            return None
        if heavy:
            self.last_heavy = time.perf_counter()
            self.heavy_cost = spent[0]
        return data

    def _layer_qnode(self, session: Any) -> Any:
        config = session.config
        if config != self._qnode_config:
            self._qnode, self._qnode_config = layer_state_qnode(config), config
        return self._qnode

    # -- drawing ------------------------------------------------------------------------------

    def draw(self, data: ViewsData) -> None:
        """Draw ``data`` in place (one message to the browser); nothing while hidden."""
        if self.figure is None or not self.shown:
            return
        with self.figure.batch_update():
            self.pacer.stamp(self.figure.layout)
            self._draw_spheres(data.layers, data.index)
            if data.maps is not None:
                self._draw_maps(data.maps)
            if data.spectra is not None:
                for spectrum in data.spectra[:2]:
                    self._draw_spectrum(spectrum)
                for feature in range(len(data.spectra), 2):  # a 1-D input has one
                    self.trace(f"fourier x{feature + 1}").update(x=[], y=[])
                    self.trace(f"available x{feature + 1}").update(x=[], y=[])
                    self._title(2 + feature, f"Fourier along x{feature + 1}: —")

    def clear(self, reason: str = "—") -> None:
        """Empty every panel (settings that cannot work)."""
        self._cleared, self._latest = reason, None
        if self.figure is None:
            return
        self._spheres_drawn = 0
        with self.figure.batch_update():
            self.pacer.stamp(self.figure.layout)
            for name in self._index:
                trace = self.trace(name)
                for key in ("x", "y", "z"):
                    if key in trace:
                        setattr(trace, key, [])
            self._title(0, f"Bloch sphere of each qubit after every stage: {reason}")

    def _title(self, panel: int, text: str) -> None:
        self.figure.layout.annotations[panel].text = text

    def _draw_spheres(self, layers: LayerStates, index: int) -> None:
        n_stages, n_qubits, _ = layers.bloch.shape
        shown = min(n_qubits, MAX_SPHERES)
        offsets = np.array([[k * _SPHERE_GAP, 0.0, 0.0] for k in range(shown)])
        if shown != self._spheres_drawn:  # the spheres themselves change only with the width
            self._draw_sphere_row(offsets)
            self._spheres_drawn = shown
        start = np.array([[0.0, 0.0, 1.0]])  # every qubit starts in |0>
        paths, colors, texts = [], [], []
        stage_names = ["start |0⟩", *layers.stages]
        for k in range(shown):
            path = np.concatenate([start, layers.bloch[:, k]]) + offsets[k]
            paths.append(path)
            colors += list(np.linspace(0, 1, n_stages + 1)) + [0.0]
            for s, vector in enumerate(np.concatenate([start, layers.bloch[:, k]])):
                texts.append(f"qubit {k}, {stage_names[s]}: ⟨X⟩ {vector[0]:.2f}, ⟨Y⟩ "
                             f"{vector[1]:.2f}, ⟨Z⟩ {vector[2]:.2f}, length "
                             f"{np.linalg.norm(vector):.2f}")
            texts.append("")
        self.trace("paths").update(**_xyz(_joined(paths)), text=texts[:-1] if texts else [],
                                   marker={"color": colors[:-1] if colors else []})
        final = _joined([np.array([o, layers.bloch[-1, k] + o]) for k, o in enumerate(offsets)])
        self.trace("vectors").update(**_xyz(final))
        more = f" (first {shown} of {n_qubits})" if shown < n_qubits else ""
        self._title(0, f"Test point #{index}: Bloch vector of each qubit after every stage"
                       f"{more}<br>path light → dark: |0⟩, {', '.join(layers.stages)} · length < 1:"
                       " entangled or noisy")

    def _draw_sphere_row(self, offsets: np.ndarray) -> None:
        """The spheres, their axes and labels, and the scene's box, for ``len(offsets)`` qubits."""
        shown = len(offsets)
        vertices, triangles = _SPHERE
        mesh = self.trace("spheres")
        all_vertices = np.concatenate([vertices + o for o in offsets])
        all_triangles = np.concatenate([triangles + k * len(vertices) for k in range(shown)])
        mesh.update(x=all_vertices[:, 0], y=all_vertices[:, 1], z=all_vertices[:, 2],
                    i=all_triangles[:, 0], j=all_triangles[:, 1], k=all_triangles[:, 2])
        unit = np.eye(3)
        axes = _joined([np.array([-unit[a], unit[a]]) + o for o in offsets for a in range(3)])
        self.trace("sphere axes").update(**_xyz(axes))
        labels = offsets + np.array([-0.95, 0.0, -1.05])
        self.trace("sphere labels").update(**_xyz(labels),
                                           text=[f"q{k}" for k in range(shown)])
        width = (shown - 1) * _SPHERE_GAP + 2.6
        # Orthographic zoom is fixed: the box's size sets the spheres' size on screen.
        # About 72 px per unit: at most 6.3 units across fits a 470 px wide plot (JupyterLab).
        scale = min(2.0, 6.3 * 2.6 / width)
        self.figure.layout.scene.update(
            xaxis={"range": [-1.3, width - 1.3]}, yaxis={"range": [-1.3, 1.3]},
            zaxis={"range": [-1.3, 1.3]},
            aspectratio={"x": scale * width / 2.6, "y": scale, "z": scale})

    def _draw_maps(self, maps: np.ndarray) -> None:
        n = min(len(maps), MAX_THUMBNAILS)
        ny, nx = maps.shape[1:]
        per_row = min(n, _THUMBS_PER_ROW)
        rows = -(-n // per_row)
        z = np.full((rows * (ny + 1) - 1, per_row * (nx + 1) - 1), np.nan)
        label_x, label_y, labels = [], [], []
        for k in range(n):
            r, c = divmod(k, per_row)
            top = (rows - 1 - r) * (ny + 1)
            z[top : top + ny, c * (nx + 1) : c * (nx + 1) + nx] = maps[k]
            label_x.append(c * (nx + 1) + (nx - 1) / 2)
            label_y.append(top - 1.0)
            labels.append(f"q{k}")
        thumbs = self.trace("thumbnails")
        thumbs.z = [[None if np.isnan(v) else float(v) for v in row] for row in z]
        self.trace("thumbnail labels").update(x=label_x, y=label_y, text=labels)
        more = f" (first {n} of {len(maps)})" if n < len(maps) else ""
        self._title(1, "⟨Z⟩ of each qubit over the input plane (blue +1 = |0⟩, orange −1 = |1⟩)"
                       + more)
        self.figure.layout.yaxis.range = [-2.0, len(z) - 0.5]

    def _draw_spectrum(self, spectrum: FourierSpectrum) -> None:
        feature = f"x{spectrum.feature + 1}"
        top = int(np.ceil(spectrum.max_available)) + 2 if spectrum.available is not None else 8
        keep = (spectrum.frequencies >= 0) & (spectrum.frequencies <= top)
        self.trace(f"fourier {feature}").update(x=spectrum.frequencies[keep].tolist(),
                                                y=spectrum.magnitudes[keep].round(6).tolist())
        available = self.trace(f"available {feature}")
        if spectrum.available is None:
            available.update(x=[], y=[])
            allows = "no finite spectrum"
        else:
            allowed = np.unique(np.abs(spectrum.available))
            available.update(x=allowed.round(3).tolist(), y=[0.0] * len(allowed))
            allows = f"encoding allows |ω| ≤ {spectrum.max_available:g}"
        self._title(2 + spectrum.feature, f"Fourier along {feature}: {allows}")

"""The Playground's live figure: ONE plotly ``FigureWidget`` with every panel as a subplot.

Panels: loss curves, accuracy curves (train and test; quantum solid, classical twin dashed), the
decision boundary over the input plane with the data points, the per-qubit Bloch vectors of the
selected test point, and the circuit. Every update goes through ``FigureWidget.batch_update()``
into traces made once (by name), so a refresh sends one message and never rebuilds the figure.
One figure rather than several: views of several FigureWidgets restored from the kernel (Voila,
a page reload) have been seen to stop updating.

Examples
--------
>>> fig = PlaygroundFigure()
>>> fig.set_curves({"epoch": [1, 2], "loss": [0.7, 0.5], "val_loss": [0.8, 0.6],
...                 "train_score": [0.6, 0.8], "val_score": [0.5, 0.7]})
>>> list(fig.trace("quantum train loss").y)
[0.7, 0.5]
"""

from __future__ import annotations

import copy
import html
import itertools
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any, ClassVar

import anywidget
import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from qnnlab.diagram import Diagram
from qnnlab.plots import CIRCUIT_TRACES, add_circuit_diagram

__all__ = ["PlaygroundFigure", "CLASS_COLORS", "SURFACE_COLORSCALE", "BLOCH_KEY",
           "class_colorscale", "class_regions", "responsive_widget", "FigurePaneHook",
           "FrontendPacer"]

#: Class 0 orange, class 1 blue (as in TensorFlow Playground), then green and magenta.
CLASS_COLORS = ("#f59322", "#0877bd", "#2ca25f", "#c51b7d")
SURFACE_COLORSCALE = [[0.0, "#f59322"], [0.5, "#f4f4f4"], [1.0, "#0877bd"]]
_QUANTUM_COLOR = "#6a3d9a"
_CLASSICAL_COLOR = "#1b9e77"
_BLOCH_COLORS = {"⟨X⟩": "#e41a1c", "⟨Y⟩": "#4daf4a", "⟨Z⟩": "#377eb8"}
_TARGET_COLOR = "#555555"
_LIGHT = "#f4f4f4"
_SURFACE_HOVER = "x1 %{x:.2f}, x2 %{y:.2f}: P(class 1) = %{z:.2f}<extra></extra>"
#: Most frequencies the regression's spectrum panel shows (0 ... this).
MAX_SHOWN_FREQUENCY = 12
#: Figure height: the loss curves and the decision boundary fit above 640 px of screen height.
#: No fixed width: plotly's widget fills the space beside the pickers (autosize), whether that
#: is 525 px (JupyterLab with its sidebar at 1280) or 930 px (Voila at 1280), and follows the
#: pane when it changes (:func:`responsive_widget`, :class:`FigurePaneHook`).
_HEIGHT = 500
_PREVIOUS_COLOR = "#9e9e9e"
_TITLES = ("Loss per epoch", "Accuracy per epoch", "Decision boundary",
           "Bloch vector of each qubit", "Circuit")
#: The colours of the Bloch bars, for titles.
BLOCH_KEY = " ".join(f"<span style='color:{c}'>{html.escape(n)}</span>"
                     for n, c in _BLOCH_COLORS.items())


def responsive_widget(figure: dict[str, Any] | go.Figure) -> go.FigureWidget:
    """A ``FigureWidget`` that is drawn again at its pane's width when the window is resized.

    plotly 6's anywidget view registers no resize listener of its own (its ``autosizeFigure``
    hangs on Lumino messages that anywidget never forwards; plotly.py issue #5208), so an
    ``autosize`` figure keeps the width it was first drawn at. plotly.js's ``responsive`` config
    redraws it on every window resize. ``FigureWidget`` takes no config argument; its view
    passes the synced ``_config`` trait to ``Plotly.newPlot``, so that is where it goes.

    Parameters
    ----------
    figure : dict or plotly.graph_objects.Figure
        The figure to show (``layout.autosize`` and no fixed ``width``, else it cannot follow).

    Returns
    -------
    plotly.graph_objects.FigureWidget
        The widget, with ``responsive`` added to its plotly.js config.

    See Also
    --------
    FigurePaneHook : redraws it when its pane changes width while the window does not.

    Examples
    --------
    >>> widget = responsive_widget({"layout": {"autosize": True}})
    >>> widget._config["responsive"], widget.layout.width is None
    (True, True)
    """
    widget = go.FigureWidget(figure)
    widget._config = {**widget._config, "responsive": True}
    return widget


#: The hook's browser side. (1) Watch the element's width (the hook fills its pane's width) and
#: send a window ``resize`` event when it changes, which the ``responsive`` figures redraw on.
#: (2) Draw receipts: after plotly draws a figure of the pane, send its ``layout.meta`` stamp
#: (see :class:`FrontendPacer`) to the kernel. Figures appear and are re-created later (Voila
#: restoring views, a notebook output re-rendered), so the pane is scanned twice a second;
#: (3) a figure whose drawn width is not its element's (drawn while detached) is resized.
#: Every stamp starts with ``_STAMP_PREFIX`` (filled in below, where the pacer makes them too).
_STAMP_PREFIX = "qnnlab-drawn:"
_PANE_HOOK_ESM = """
export default {
  render({ model, el }) {
    let width = el.clientWidth;
    const observer = new ResizeObserver(() => {
      if (el.clientWidth !== width) {
        width = el.clientWidth;
        window.dispatchEvent(new Event("resize"));
      }
    });
    observer.observe(el);
    const watched = new WeakSet();
    const report = (gd) => {
      const stamp = gd.layout && gd.layout.meta;
      if (typeof stamp === "string" && stamp.startsWith("STAMP_PREFIX")) {
        model.send({ drawn: stamp });
      }
    };
    // A figure first drawn while its view was detached (no width yet) takes plotly's default
    // 700 px; a window resize event makes the responsive figures measure their pane again.
    const tries = new WeakMap();
    const misfit = (gd) => {
      const drawn = gd._fullLayout && gd._fullLayout.width;
      if (!drawn || (gd.layout && gd.layout.width) || gd.clientWidth === 0) return false;
      if (Math.abs(drawn - gd.clientWidth) <= 2) return false;
      const key = gd.clientWidth, seen = tries.get(gd);
      const count = seen && seen.key === key ? seen.count + 1 : 1;
      tries.set(gd, { key, count });
      return count <= 3;  // a figure that cannot follow is not asked again and again
    };
    const attach = () => {
      const pane = el.closest(".qnnlab-figure-pane") || el.parentElement;
      if (!pane) return;
      let resize = false;
      for (const gd of pane.querySelectorAll(".js-plotly-plot")) {
        if (!watched.has(gd) && typeof gd.on === "function") {
          watched.add(gd);
          gd.on("plotly_afterplot", () => report(gd));
          report(gd);
        }
        resize = misfit(gd) || resize;
      }
      if (resize) window.dispatchEvent(new Event("resize"));
    };
    attach();
    const timer = setInterval(attach, 500);
    return () => { observer.disconnect(); clearInterval(timer); };
  },
};
""".replace("STAMP_PREFIX", _STAMP_PREFIX)


class FrontendPacer:
    """Flow control: whether the browser has drawn a figure's recent updates.

    A kernel that sends figure updates faster than the browser draws them builds a queue: the
    page shows the model of seconds ago and answers a click (Pause) only after the queue. Each
    update is stamped (:meth:`stamp`, in ``layout.meta``); a :class:`FigurePaneHook` beside the
    figure sends the stamp back once plotly has drawn it (:meth:`acknowledge`). A new update
    may go while at most ``max_behind`` sent updates are not yet drawn. Without a receipt
    (no browser, a figure shown outside the hook's pane, a closed tab) nothing is held back:
    not before a first receipt, nor once none has come for ``give_up_after`` seconds.

    Parameters
    ----------
    max_behind : int
        Updates that may be on their way to the browser or queued there.
    give_up_after : float
        Seconds without a receipt after which updates are no longer held back.

    Examples
    --------
    >>> widget = go.FigureWidget()
    >>> pacer = FrontendPacer(max_behind=1)
    >>> pacer.ready()  # nothing drawn, no browser known: never held back
    True
    >>> for _ in range(3):
    ...     pacer.stamp(widget.layout)  # three updates sent
    >>> pacer.acknowledge(f"{pacer.token}1")  # the browser drew the first
    >>> pacer.behind, pacer.ready()
    (2, False)
    >>> pacer.acknowledge(widget.layout.meta)
    >>> pacer.behind, pacer.ready()
    (0, True)
    """

    _tokens = itertools.count()

    def __init__(self, max_behind: int = 2, give_up_after: float = 1.0) -> None:
        self.max_behind, self.give_up_after = max_behind, give_up_after
        self.token = f"{_STAMP_PREFIX}{next(FrontendPacer._tokens)}:"
        self.sent = 0
        self.drawn: int | None = None  # the newest update the browser has drawn
        self._drawn_at = 0.0

    def stamp(self, layout: Any) -> None:
        """Count one more update and mark it in ``layout`` (call inside the update's batch)."""
        self.sent += 1
        layout.meta = f"{self.token}{self.sent}"

    def acknowledge(self, stamp: str) -> None:
        """The browser drew the update stamped ``stamp`` (stamps of other pacers are ignored)."""
        if isinstance(stamp, str) and stamp.startswith(self.token):
            number = stamp[len(self.token):]
            if number.isdigit():
                self.drawn = max(int(number), self.drawn or 0)
                self._drawn_at = time.perf_counter()

    @property
    def behind(self) -> int:
        """Updates sent and not yet drawn (0 before the first receipt)."""
        return 0 if self.drawn is None else max(0, self.sent - self.drawn)

    def ready(self) -> bool:
        """True when a new update may be sent now."""
        return (self.behind <= self.max_behind
                or time.perf_counter() - self._drawn_at > self.give_up_after)


class FigurePaneHook(anywidget.AnyWidget):
    """An invisible full-width widget in the figures' pane: resizes, and draw receipts.

    plotly.js's ``responsive`` config redraws a figure on window resizes only; a pane that
    changes width while the window does not (JupyterLab's sidebar opened or closed, a tab
    shown again) goes unnoticed. A ``ResizeObserver`` on the hook sends a window ``resize``
    event whenever the pane's width changes, which :func:`responsive_widget` figures follow.

    It also tells the kernel which update of each figure in the pane the browser has drawn,
    for the :class:`FrontendPacer` s passed to :meth:`follow`.

    Examples
    --------
    >>> hook, pacer = FigurePaneHook(), FrontendPacer()
    >>> hook.follow(pacer)
    >>> pacer.stamp(go.FigureWidget().layout)
    >>> hook._on_message(hook, {"drawn": f"{pacer.token}1"}, [])  # as the browser sends it
    >>> pacer.drawn, hook.layout.height
    (1, '0px')
    """

    _esm = _PANE_HOOK_ESM

    def __init__(self) -> None:
        super().__init__(layout={"width": "100%", "height": "0px"})
        self._pacers: list[FrontendPacer] = []
        self.on_msg(self._on_message)

    def follow(self, pacer: FrontendPacer) -> None:
        """Pass the receipts of the figure stamped by ``pacer`` to it."""
        self._pacers.append(pacer)

    def _on_message(self, _widget: Any, content: Any, _buffers: Any) -> None:
        stamp = content.get("drawn") if isinstance(content, dict) else None
        for pacer in self._pacers:
            pacer.acknowledge(stamp)


def _curve(name: str, color: str, dash: str, legend: bool, group: str) -> go.Scatter:
    return go.Scatter(x=[], y=[], mode="lines+markers", marker={"size": 4}, name=name,
                      legendgroup=group, showlegend=legend,
                      line={"color": color, "dash": dash, "width": 2},
                      hovertemplate="epoch %{x}: %{y:.3f}<extra>" + html.escape(name) + "</extra>")


class PlaygroundFigure:
    """Build the figure once; update its traces in place.

    Attributes
    ----------
    widget : plotly.graph_objects.FigureWidget
        The figure to display.
    pacer : FrontendPacer
        Whether the browser has drawn the recent refreshes (the Playground waits if not).

    Examples
    --------
    >>> fig = PlaygroundFigure()  # nothing is displayed until ``fig.widget`` is shown
    >>> with fig.batch():  # one message to the browser for both updates
    ...     fig.set_bloch(np.array([[0.0, 0.0, 1.0], [1.0, 0.0, 0.0]]))
    ...     fig.set_selected(np.array([0.5, 1.5]))
    >>> fig.updates, fig.trace("bloch Z").y.tolist(), fig.trace("selected").x
    (1, [1.0, 0.0], (0.5,))
    """

    #: The empty figure as a plain dict and the trace index, built once per process (building
    #: and validating it takes most of a second; copying the dict a few hundredths).
    _template: ClassVar[tuple[dict[str, Any], dict[str, int], Any] | None] = None

    def __init__(self) -> None:
        if PlaygroundFigure._template is None:
            PlaygroundFigure._template = self._build()
        figure, index, grid = PlaygroundFigure._template
        self._index = dict(index)
        self.widget = responsive_widget(copy.deepcopy(figure))
        self.widget._grid_ref = grid  # the subplot grid (row=, col= in updates)
        self.pacer = FrontendPacer()
        self._titles = [a.text for a in self.widget.layout.annotations]
        self.task, self.n_classes = "classification", 2

    def _build(self) -> tuple[dict[str, Any], dict[str, int], Any]:
        fig = make_subplots(
            rows=3, cols=2, specs=[[{}, {}], [{}, {}], [{"colspan": 2}, None]],
            row_heights=[0.3, 0.5, 0.2], column_widths=[0.56, 0.44],
            vertical_spacing=0.105, horizontal_spacing=0.1, subplot_titles=_TITLES,
        )
        self._index = {}
        self._add_previous(fig)
        self._add_curves(fig)
        self._add_boundary(fig)
        self._add_bloch(fig)
        self._add_spectra(fig)
        self._add_circuit(fig)
        fig.update_layout(
            autosize=True, height=_HEIGHT, margin={"l": 44, "r": 10, "t": 42, "b": 8},
            template="plotly_white", barmode="group", uirevision="playground",
            legend={"orientation": "h", "x": 0, "y": 1.09, "font": {"size": 10}},
            font={"size": 10}, hovermode="closest",
        )
        fig.update_yaxes(title_text="loss", range=[0, 1], row=1, col=1)
        fig.update_xaxes(range=[0, 1], row=1, col=1)
        fig.update_xaxes(range=[0, 1], row=1, col=2)
        fig.update_annotations(font_size=11)
        fig.update_yaxes(title_text="accuracy", range=[0, 1.02], row=1, col=2)
        fig.update_xaxes(title_text="x1", title_standoff=0, row=2, col=1, constrain="domain")
        fig.update_yaxes(title_text="x2", row=2, col=1)
        fig.update_yaxes(range=[-1.05, 1.05], dtick=1, row=2, col=2, zeroline=True)
        _place_colorbar(fig)
        return fig.to_dict(), dict(self._index), fig._grid_ref

    # -- construction ---------------------------------------------------------------------------

    def _add(self, fig: go.Figure, name: str, trace: Any, row: int, col: int) -> None:
        self._index[name] = len(fig.data)
        trace.meta = name  # lets a browser test find the trace: data.find(t => t.meta === name)
        fig.add_trace(trace, row=row, col=col)

    def _add_curves(self, fig: go.Figure) -> None:
        for model, color, legend_name in (("quantum", _QUANTUM_COLOR, "quantum"),
                                          ("classical", _CLASSICAL_COLOR, "classical twin")):
            for part, dash in (("train", "solid"), ("test", "dash")):
                for col, metric in ((1, "loss"), (2, "accuracy")):
                    self._add(fig, f"{model} {part} {metric}",
                              _curve(f"{legend_name} · {part}", color, dash, col == 1,
                                     f"{model} {part}"), 1, col)

    def _add_previous(self, fig: go.Figure) -> None:
        # The run before the last change of model, faded, for comparison.
        for col, metric in ((1, "train loss"), (2, "test accuracy")):
            self._add(fig, f"previous {metric}", go.Scatter(
                x=[], y=[], mode="lines", name="previous run", legendgroup="previous",
                showlegend=col == 1, opacity=0.45, hoverinfo="skip",
                line={"color": _PREVIOUS_COLOR, "width": 2, "dash": "solid" if col == 1
                      else "dash"}), 1, col)

    def _add_boundary(self, fig: go.Figure) -> None:
        self._add(fig, "surface", go.Heatmap(
            x=[], y=[], z=[], zmin=0, zmax=1, colorscale=SURFACE_COLORSCALE, opacity=0.85,
            # "fast": the browser scales a 30x30 image (bilinear); "best" interpolates every
            # pixel in JavaScript, a quarter of each refresh's drawing time
            showscale=True, zsmooth="fast",
            colorbar={"title": {"text": "P(1)"}, "thickness": 10},
            hovertemplate="x1 %{x:.2f}, x2 %{y:.2f}: P(class 1) = %{z:.2f}<extra></extra>"),
            2, 1)
        self._add(fig, "twin boundary", go.Contour(
            x=[], y=[], z=[], showscale=False, contours={"start": 0.5, "end": 0.5, "size": 1,
                                                         "coloring": "lines"},
            line={"color": _CLASSICAL_COLOR, "width": 2, "dash": "dash"},
            colorscale=[[0, _CLASSICAL_COLOR], [1, _CLASSICAL_COLOR]], hoverinfo="skip",
            visible=False, name="classical twin boundary"), 2, 1)
        self._add_fitted_curves(fig)
        self._add(fig, "train points", go.Scatter(
            x=[], y=[], mode="markers", showlegend=False, name="train",
            marker={"size": 7, "line": {"width": 1, "color": "white"}},
            hovertemplate="train point: %{x:.2f}, %{y:.2f}<extra></extra>"), 2, 1)
        self._add(fig, "test points", go.Scatter(
            x=[], y=[], mode="markers", showlegend=False, name="test",
            marker={"size": 8, "symbol": "diamond", "line": {"width": 1.5, "color": "black"}},
            customdata=[], hovertemplate="test point #%{customdata}: %{x:.2f}, %{y:.2f}"
            "<extra>click to inspect</extra>"), 2, 1)
        self._add(fig, "selected", go.Scatter(
            x=[], y=[], mode="markers", showlegend=False, name="selected", hoverinfo="skip",
            marker={"size": 18, "symbol": "circle-open", "line": {"width": 3},
                    "color": "black"}), 2, 1)

    def _add_bloch(self, fig: go.Figure) -> None:
        for axis, (name, color) in zip("XYZ", _BLOCH_COLORS.items()):
            self._add(fig, f"bloch {axis}", go.Bar(
                x=[], y=[], name=name, marker_color=color, showlegend=False,
                hovertemplate=f"qubit %{{x}}: {name} = %{{y:.3f}}<extra></extra>"), 2, 2)

    def _add_fitted_curves(self, fig: go.Figure) -> None:
        # 1-D regression: the target and the fitted curves, under the data points.
        for name, color, dash, label in (
                ("target curve", _TARGET_COLOR, "dot", "target (noise-free)"),
                ("fitted curve", _QUANTUM_COLOR, "solid", "quantum fit"),
                ("twin fitted curve", _CLASSICAL_COLOR, "dash", "classical twin fit")):
            self._add(fig, name, go.Scatter(
                x=[], y=[], mode="lines", name=label, showlegend=False, hoverinfo="skip",
                line={"color": color, "dash": dash, "width": 2.5 if name == "fitted curve"
                      else 1.5}), 2, 1)

    def _add_spectra(self, fig: go.Figure) -> None:
        # 1-D regression: |c_w| of the target and of the model, where the Bloch bars are.
        for name, color, label in (("spectrum target", _TARGET_COLOR, "target"),
                                   ("spectrum model", _QUANTUM_COLOR, "quantum model")):
            self._add(fig, name, go.Bar(
                x=[], y=[], name=label, marker_color=color, showlegend=False,
                hovertemplate=f"{label}: |c_%{{x}}| = %{{y:.3f}}<extra></extra>"), 2, 2)

    def _add_circuit(self, fig: go.Figure) -> None:
        # The same drawing as qnnlab.plots.circuit_figure; set_circuit updates these traces.
        indices = add_circuit_diagram(fig, None, row=3, col=1)
        self._index.update(zip(CIRCUIT_TRACES, indices))

    # -- access ---------------------------------------------------------------------------------

    def trace(self, name: str) -> Any:
        """The trace called ``name`` (see :attr:`trace_names`)."""
        return self.widget.data[self._index[name]]

    @property
    def trace_names(self) -> list[str]:
        """Names of all traces, in order."""
        return list(self._index)

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Group updates into one message to the browser (``FigureWidget.batch_update``)."""
        with self.widget.batch_update():
            yield
            self.pacer.stamp(self.widget.layout)

    @property
    def updates(self) -> int:
        """How many refreshes have been sent (each :meth:`batch` counts one, stamped)."""
        return self.pacer.sent

    def resync(self) -> None:
        """Store the full figure state in the widget model.

        Updates are transient messages; a view created later (Voila connecting after the
        notebook ran, a page reload) shows the widget model's stored state instead.
        """
        self.widget._widget_data = copy.deepcopy(self.widget._data)
        self.widget._widget_layout = copy.deepcopy(self.widget._layout_obj._props)

    def set_title(self, panel: int, text: str) -> None:
        """Set the title of panel ``panel`` (0 loss, 1 accuracy, 2 boundary, 3 Bloch, 4 circuit)."""
        self._titles[panel] = text
        self.widget.layout.annotations[panel].text = text

    # -- updates (call inside batch()) ----------------------------------------------------------

    def set_curves(self, history: Mapping[str, Sequence[float]],
                   twin: Mapping[str, Sequence[float]] | None = None, *,
                   marks: Sequence[tuple[float, str]] = (), target: int = 0) -> None:
        """Loss and accuracy curves from histories (twin: the classical model's).

        ``marks`` are changes during the run (epoch, text), drawn as dotted lines; ``target``
        is the epoch target, so the epoch axis does not jump as the run goes on.
        """
        losses: list[float] = list(self.trace("previous train loss").y or [])
        for model, hist in (("quantum", history), ("classical", twin)):
            hist = hist or {}
            epochs = list(hist.get("epoch", []))
            for part, loss_key, score_key in (("train", "loss", "train_score"),
                                              ("test", "val_loss", "val_score")):
                for metric, key in (("loss", loss_key), ("accuracy", score_key)):
                    trace = self.trace(f"{model} {part} {metric}")
                    trace.x, trace.y = epochs, list(hist.get(key, []))
                    if metric == "loss":
                        losses += list(hist.get(key, []))
        last_epoch = max([0, *(history or {}).get("epoch", [])])
        high = max(1, target, last_epoch)
        dtick = next(step for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 500, 1000, high)
                     if high / step <= 8)
        for axis in (self.widget.layout.xaxis, self.widget.layout.xaxis2):
            axis.dtick, axis.tick0, axis.range = dtick, 0, [0, high]
        finite = [v for v in losses if np.isfinite(v)]
        # Never a degenerate range (0.7 to 0.7015 at epoch 0): from 0 to above the highest loss.
        self.widget.layout.yaxis.range = [0, 1.1 * max(finite) if finite else 1.0]
        if self.task == "regression":  # R² may start far below 0: show down to -1 at most
            scores = [v for hist in (history, twin) for key in ("train_score", "val_score")
                      for v in (hist or {}).get(key, []) if np.isfinite(v)]
            low = max(-1.0, min([0.0, *scores]))
            self.widget.layout.yaxis2.range = [low - 0.02 if low < 0 else 0, 1.02]
        self._set_marks(marks)

    def _set_marks(self, marks: Sequence[tuple[float, str]]) -> None:
        shapes, labels = [], []
        for epoch, text in marks:
            for xref, yref in (("x", "y domain"), ("x2", "y2 domain")):
                shapes.append({"type": "line", "xref": xref, "yref": yref, "x0": epoch,
                               "x1": epoch, "y0": 0, "y1": 1,
                               "line": {"color": "#d95f02", "width": 1.5, "dash": "dot"}})
            labels.append({"xref": "x", "yref": "y domain", "x": epoch, "y": 1.0,
                           "text": html.escape(text if len(text) <= 28 else text[:27] + "…"),
                           "showarrow": False, "xanchor": "left", "yanchor": "top",
                           "font": {"size": 9, "color": "#d95f02"},
                           "hovertext": html.escape(text)})
        self.widget.layout.shapes = shapes
        n_titles = len(self._titles)
        titles = [a.to_plotly_json() for a in self.widget.layout.annotations[:n_titles]]
        self.widget.layout.annotations = titles + labels

    def set_previous(self, history: Mapping[str, Sequence[float]] | None, label: str = "") -> None:
        """Show ``history`` (a run before the model changed) faded; None removes it."""
        history = history or {}
        for metric, key in (("train loss", "loss"), ("test accuracy", "val_score")):
            trace = self.trace(f"previous {metric}")
            trace.x, trace.y = list(history.get("epoch", [])), list(history.get(key, []))
            trace.name = label or "previous run"

    @property
    def has_previous(self) -> bool:
        """True when a previous run is shown."""
        return bool(self.trace("previous train loss").x)

    def set_task(self, task: str, n_classes: int = 2) -> None:
        """Arrange the panels for ``task``: ``"classification"`` with ``n_classes`` classes
        (decision regions, Bloch bars) or ``"regression"`` (fitted curve, Fourier spectra).

        Examples
        --------
        >>> fig = PlaygroundFigure()
        >>> fig.set_task("regression")
        >>> fig.widget.layout.yaxis2.title.text, fig.trace("surface").showscale
        ('R²', False)
        """
        self.task, self.n_classes = task, int(n_classes)
        layout, regression = self.widget.layout, task == "regression"
        layout.yaxis2.title.text = "R²" if regression else "accuracy"
        layout.yaxis2.range = [0, 1.02]
        layout.xaxis3.title.text = "x" if regression else "x1"
        layout.yaxis3.title.text = "y" if regression else "x2"
        layout.yaxis4.title.text = "|c_ω|" if regression else None  # ω: in the panel's title
        layout.yaxis4.range = None if regression else [-1.05, 1.05]
        # -1, 0, 1 only: short labels leave the gap to the colour bar's title
        layout.yaxis4.dtick = None if regression else 1
        surface = self.trace("surface")
        surface.showscale = not regression
        if not regression:
            self._style_surface(surface, self.n_classes)
        for name in ("target curve", "fitted curve", "twin fitted curve", "spectrum target",
                     "spectrum model"):
            trace = self.trace(name)
            trace.x, trace.y = [], []
        if regression:
            surface.x, surface.y, surface.z = [], [], []
            self.set_bloch(None)

    @staticmethod
    def _style_surface(surface: Any, n_classes: int) -> None:
        if n_classes <= 2:
            surface.update(zmin=0, zmax=1, colorscale=SURFACE_COLORSCALE, text=None,
                           hovertemplate=_SURFACE_HOVER,
                           colorbar={"title": {"text": "P(1)"}, "tickvals": None,
                                     "ticktext": None})
            return
        surface.update(zmin=0, zmax=n_classes, colorscale=class_colorscale(n_classes),
                       hovertemplate="x1 %{x:.2f}, x2 %{y:.2f}: %{text}<extra></extra>",
                       colorbar={"title": {"text": "class"},
                                 "tickvals": [k + 0.5 for k in range(n_classes)],
                                 "ticktext": [str(k) for k in range(n_classes)]})

    def set_points(self, X_train: np.ndarray, y_train: np.ndarray, X_test: np.ndarray,
                   y_test: np.ndarray) -> None:
        """The data points, coloured by class (test points as outlined diamonds).

        One feature (regression): the points are ``(x, y)``, in one neutral colour.
        """
        colors = np.array(CLASS_COLORS)
        train, test = self.trace("train points"), self.trace("test points")
        if X_train.shape[1] == 1:
            train.x, train.y = X_train[:, 0], np.asarray(y_train, dtype=float)
            test.x, test.y = X_test[:, 0], np.asarray(y_test, dtype=float)
            train.marker.color, test.marker.color = "#9ecae1", "#f59322"
        else:
            train.x, train.y = X_train[:, 0], X_train[:, 1]
            train.marker.color = colors[np.asarray(y_train) % len(colors)].tolist()
            test.x, test.y = X_test[:, 0], X_test[:, 1]
            test.marker.color = colors[np.asarray(y_test) % len(colors)].tolist()
        test.customdata = np.arange(len(X_test))

    def set_surface(self, xs: np.ndarray, ys: np.ndarray, z: np.ndarray,
                    twin_z: np.ndarray | None = None) -> None:
        """The decision surface and the twin's decision boundary.

        ``z`` of shape ``(ny, nx)``: the probability of class 1 (two classes, the twin's 0.5
        contour); ``(ny, nx, K)``: every class's probability, drawn as regions coloured by
        the most probable class, paler where it is less sure (the twin's class borders).

        Examples
        --------
        >>> fig = PlaygroundFigure()
        >>> fig.set_task("classification", n_classes=3)
        >>> p = np.array([[[0.8, 0.1, 0.1], [0.2, 0.2, 0.6]]])  # 1 x 2 grid, 3 classes
        >>> fig.set_surface(np.array([0.0, 1.0]), np.array([0.0]), p)
        >>> np.round(fig.trace("surface").z, 2).tolist()  # class + how sure (0 at 1/3, 1 at 1)
        [[0.7, 2.4]]
        """
        surface = self.trace("surface")
        z = np.asarray(z, dtype=float)
        contour = self.trace("twin boundary")
        contour.visible = twin_z is not None
        if z.ndim == 3:
            surface.x, surface.y, surface.z = xs, ys, class_regions(z)
            winner = z.argmax(axis=-1)
            surface.text = [[f"class {k} (P = {p:.2f})" for k, p in zip(row_k, row_p)]
                            for row_k, row_p in zip(winner, z.max(axis=-1))]
            if twin_z is not None:
                contour.contours = {"start": 0.5, "end": z.shape[-1] - 1.5, "size": 1,
                                    "coloring": "lines"}
                contour.x, contour.y = xs, ys
                contour.z = np.asarray(twin_z).argmax(axis=-1)
            return
        surface.x, surface.y, surface.z = xs, ys, z
        if twin_z is not None:
            contour.contours = {"start": 0.5, "end": 0.5, "size": 1, "coloring": "lines"}
            contour.x, contour.y, contour.z = xs, ys, twin_z

    def set_fit(self, xs: np.ndarray, fitted: np.ndarray, target: np.ndarray | None = None,
                twin: np.ndarray | None = None) -> None:
        """Regression: the fitted curve at ``xs`` (and the noise-free target, the twin's fit).

        Examples
        --------
        >>> fig = PlaygroundFigure()
        >>> fig.set_fit(np.array([0.0, 1.0]), np.array([0.1, 0.9]), target=np.zeros(2))
        >>> fig.trace("fitted curve").y.tolist(), fig.trace("twin fitted curve").x
        ([0.1, 0.9], ())
        """
        for name, values in (("fitted curve", fitted), ("target curve", target),
                             ("twin fitted curve", twin)):
            trace = self.trace(name)
            trace.x, trace.y = ((xs, np.asarray(values, dtype=float)) if values is not None
                                else ([], []))

    def set_spectra(self, frequencies: np.ndarray, model: np.ndarray,
                    target: np.ndarray) -> None:
        """Regression: ``|c_ω|`` of the model and of the target, side by side, ω ≥ 0.

        Examples
        --------
        >>> fig = PlaygroundFigure()
        >>> fig.set_task("regression")
        >>> fig.set_spectra(np.arange(4), np.array([0.1, 0.5, 0.0, 0.0]), np.zeros(4))
        >>> fig.trace("spectrum model").x
        ('0', '1', '2', '3')
        """
        shown = np.asarray(frequencies) <= MAX_SHOWN_FREQUENCY
        labels = [str(int(w)) for w in np.asarray(frequencies)[shown]]
        for name, values in (("spectrum model", model), ("spectrum target", target)):
            trace = self.trace(name)
            trace.x, trace.y = labels, np.round(np.asarray(values)[shown], 5)
        top = max([float(np.max(model[shown], initial=0)),
                   float(np.max(target[shown], initial=0)), 0.05])
        self.widget.layout.yaxis4.range = [0, 1.1 * top]

    def set_selected(self, point: np.ndarray | None) -> None:
        """Circle the selected test point (None: no selection)."""
        selected = self.trace("selected")
        selected.x, selected.y = ([point[0]], [point[1]]) if point is not None else ([], [])

    def set_bloch(self, vectors: np.ndarray | None) -> None:
        """Bars of ``<X>, <Y>, <Z>`` per qubit (rows of ``vectors``)."""
        n = 0 if vectors is None else len(vectors)
        labels = [f"q{q}" for q in range(n)]
        for k, axis in enumerate("XYZ"):
            bars = self.trace(f"bloch {axis}")
            bars.x = labels
            bars.y = [] if vectors is None else np.round(vectors[:, k], 4)

    def set_circuit(self, diagram: Diagram | None) -> None:
        """Draw ``diagram`` (None: none) in place with :func:`qnnlab.plots.add_circuit_diagram`."""
        add_circuit_diagram(self.widget, diagram, row=3, col=1)


def _blend(color: str, other: str, weight: float) -> str:
    """``color`` mixed with ``other`` (``weight`` of ``other``), as ``#rrggbb``."""
    a = np.array([int(color[i : i + 2], 16) for i in (1, 3, 5)])
    b = np.array([int(other[i : i + 2], 16) for i in (1, 3, 5)])
    mixed = np.round((1 - weight) * a + weight * b).astype(int)
    return "#" + "".join(f"{v:02x}" for v in mixed)


def class_colorscale(n_classes: int) -> list[list[Any]]:
    """A colour scale over ``[0, n_classes]``: class ``k`` pale at ``k``, full at ``k + 1``.

    Examples
    --------
    >>> class_colorscale(3)[:2]
    [[0.0, '#f4e1ca'], [0.333333, '#f59322']]
    """
    scale: list[list[Any]] = []
    for k in range(n_classes):
        color = CLASS_COLORS[k % len(CLASS_COLORS)]
        scale.append([round(k / n_classes, 6), _blend(color, _LIGHT, 0.8)])
        scale.append([round((k + 1) / n_classes, 6), color])
    return scale


def class_regions(probabilities: np.ndarray) -> np.ndarray:
    """Heatmap values of :func:`class_colorscale`: the most probable class ``k`` plus how sure
    it is, ``(p_max - 1/K) / (1 - 1/K)`` in ``[0, 1)`` (0: all classes equally likely).

    Examples
    --------
    >>> class_regions(np.array([[1 / 3, 1 / 3, 1 / 3], [0.0, 0.0, 1.0]])).round(3).tolist()
    [0.0, 2.999]
    """
    k = probabilities.shape[-1]
    sure = (probabilities.max(axis=-1) - 1 / k) / (1 - 1 / k)
    return probabilities.argmax(axis=-1) + np.clip(sure, 0.0, 0.999)


def _place_colorbar(fig: go.Figure) -> None:
    # The colour bar of the decision surface sits just right of its panel (row 2, column 1).
    # Its title goes on top, inside the panel's height: a title at the side sat on the next
    # panel's axis labels in a 500 px pane.
    low, high = fig.layout.yaxis3.domain
    right = fig.layout.xaxis3.domain[1]
    fig.update_traces(selector={"type": "heatmap"}, colorbar={
        "x": right + 0.005, "xanchor": "left", "y": low, "yanchor": "bottom",
        "len": 0.82 * (high - low), "title": {"side": "top"}})

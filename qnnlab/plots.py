"""Plotly figures for qnnlab's analyses, models and circuits.

Every function returns a :class:`plotly.graph_objects.Figure` with a title, labelled axes and
hover text, built from plain plotly (no widgets), so it shows in Jupyter, exports to HTML and
can be updated in place by the widgets.

Examples
--------
>>> from qnnlab.analysis import expressibility
>>> result = expressibility("hardware_efficient", 2, 1, n_samples=200, return_details=True)
>>> fig = fidelity_histogram(result)
>>> [trace.name for trace in fig.data]
['circuit', 'Haar-random states']
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from qnnlab._validation import brief_repr, check_positive_int
from qnnlab.analysis._common import check_fitted, resolve_circuit
from qnnlab.analysis.expressibility import ExpressibilityResult
from qnnlab.analysis.fourier import FourierSpectrum
from qnnlab.analysis.state import StateInspection, basis_labels
from qnnlab.diagram import ROLES, Diagram, circuit_diagram

__all__ = [
    "fidelity_histogram",
    "expressibility_vs_entanglement",
    "gradient_variance_figure",
    "fourier_figure",
    "bloch_figure",
    "bloch_paths_figure",
    "probabilities_figure",
    "saliency_figure",
    "importance_figure",
    "ablation_figure",
    "history_figure",
    "decision_boundary_figure",
    "circuit_figure",
    "add_circuit_diagram",
    "ROLE_COLORS",
    "CIRCUIT_TRACES",
]

#: Colours used across figures (plotly's default qualitative palette).
COLORS = ("#636EFA", "#EF553B", "#00CC96", "#AB63FA", "#FFA15A", "#19D3F3", "#FF6692")
_TEMPLATE = "plotly_white"
#: Largest grid side of :func:`decision_boundary_figure` (500 x 500 = 250,000 model calls).
MAX_RESOLUTION = 500


def _check_instance(value: Any, expected: type, figure: str) -> None:
    if not isinstance(value, expected):
        raise TypeError(f"{figure} expected a {expected.__name__}; got {brief_repr(value)}")


def _check_frame(df: Any, figure: str, columns: Sequence[str]) -> pd.DataFrame:
    """Refuse anything but a DataFrame with rows and the columns a figure reads."""
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"{figure} expected a pandas DataFrame; got {brief_repr(df)}")
    if df.empty:
        raise ValueError(f"{figure}: the DataFrame has no rows; there is nothing to plot.")
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise ValueError(f"{figure}: missing column(s) {missing}; expected {list(columns)}.")
    return df


def _layout(fig: go.Figure, title: str, **kwargs: Any) -> go.Figure:
    fig.update_layout(title=title, template=_TEMPLATE, **kwargs)
    return fig


# --- expressibility ----------------------------------------------------------------------------


def fidelity_histogram(result: ExpressibilityResult) -> go.Figure:
    """Histogram of pair fidelities of an ansatz against the Haar-random distribution.

    ``result`` comes from ``expressibility(..., return_details=True)``. Bars: the fraction of
    pairs in each bin; line: the Haar probability of each bin. The closer, the more expressive.

    Examples
    --------
    >>> from qnnlab.analysis import expressibility
    >>> result = expressibility("hardware_efficient", 1, 1, n_samples=100, return_details=True)
    >>> fig = fidelity_histogram(result)
    >>> [trace.type for trace in fig.data], len(fig.data[0].x)  # 75 bins, then the Haar curve
    (['bar', 'scatter'], 75)
    >>> fig.layout.title.text
    'Fidelities of random hardware_efficient states (1 qubit, 1 layer)<br><sup>expressibility...'
    """
    _check_instance(result, ExpressibilityResult, "fidelity_histogram")
    centers = result.bin_centers
    fig = go.Figure()
    fig.add_bar(
        x=centers, y=result.probabilities, name="circuit", marker_color=COLORS[0],
        width=np.diff(result.bin_edges),
        hovertemplate="F in [%{customdata[0]:.3f}, %{customdata[1]:.3f})<br>"
                      "fraction of pairs: %{y:.4f}<extra>circuit</extra>",
        customdata=np.column_stack([result.bin_edges[:-1], result.bin_edges[1:]]),
    )
    fig.add_scatter(
        x=centers, y=result.haar_probabilities, name="Haar-random states", mode="lines",
        line={"color": COLORS[1], "width": 3},
        hovertemplate="F = %{x:.3f}<br>Haar probability: %{y:.4f}<extra>Haar</extra>",
    )
    title = (f"Fidelities of random {result.ansatz} states ({_count(result.n_qubits, 'qubit')}, "
             f"{_count(result.n_layers, 'layer')})<br><sup>expressibility KL = "
             f"{result.expressibility:.4f} (0 = Haar, {result.idle_value:.1f} = one state)</sup>")
    return _layout(fig, title, xaxis_title="fidelity F = |<psi|phi>|²",
                   yaxis_title="fraction of pairs", bargap=0, legend={"x": 0.7, "y": 0.95},
                   margin={"t": 90})


def _count(n: int, noun: str) -> str:
    """``"1 layer"``, ``"2 layers"``."""
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _label_positions(x: np.ndarray, y: np.ndarray) -> list[str]:
    """Text positions that keep the labels of nearby markers apart.

    ``x`` and ``y`` are in plot units scaled to [0, 1]. A label goes above its marker (below it
    at the top of the plot, where the title is) unless a label already placed on that side of a
    marker closer than about a label's size would overlap it; then on the other side, then to
    the right, then to the left.
    """
    order = np.lexsort((y, x))
    placed: list[tuple[float, float, str]] = []
    positions = [""] * len(x)
    for i in order:
        taken = {pos for px_, py_, pos in placed
                 if abs(px_ - x[i]) < 0.12 and abs(py_ - y[i]) < 0.08}
        sides = ("top center", "bottom center")
        preferred = (*(sides[::-1] if y[i] > 0.9 else sides), "middle right", "middle left")
        choice = next((pos for pos in preferred if pos not in taken), preferred[0])
        positions[i] = choice
        placed.append((float(x[i]), float(y[i]), choice))
    return positions


def _unit(values: np.ndarray, log: bool = False) -> np.ndarray:
    v = np.log10(np.clip(values, 1e-12, None)) if log else np.asarray(values, dtype=float)
    span = float(np.ptp(v)) if v.size else 0.0
    return (v - v.min()) / span if span > 0 else np.zeros_like(v)


def expressibility_vs_entanglement(df: pd.DataFrame) -> go.Figure:
    """Expressibility (log scale, lower is better) against entangling capability, per ansatz.

    ``df`` comes from :func:`qnnlab.analysis.compare_ansatze`; one marker series per depth.

    Examples
    --------
    >>> from qnnlab.analysis import compare_ansatze
    >>> df = compare_ansatze(["hardware_efficient", "basic_entangler"], n_qubits=2,
    ...                      n_layers=[1, 2], n_samples=100)
    >>> fig = expressibility_vs_entanglement(df)
    >>> [trace.name for trace in fig.data], list(fig.data[0].text)
    (['1 layer(s)', '2 layer(s)'], ['hardware_efficient', 'basic_entangler'])
    >>> fig.layout.yaxis.type
    'log'
    """
    _check_frame(df, "expressibility_vs_entanglement", ("ansatz", "n_qubits", "n_layers",
                 "n_params", "entangling_capability", "expressibility"))
    df = df.reset_index(drop=True)
    fig = go.Figure()
    x_unit = _unit(df["entangling_capability"].to_numpy(float))
    y_unit = _unit(df["expressibility"].to_numpy(float), log=True)
    where = pd.Series(_label_positions(x_unit, y_unit), index=df.index)
    for i, (depth, rows) in enumerate(df.groupby("n_layers", sort=True)):
        fig.add_scatter(
            x=rows["entangling_capability"], y=rows["expressibility"], mode="markers+text",
            text=rows["ansatz"], textposition=where[rows.index].tolist(),
            name=f"{depth} layer(s)", cliponaxis=False,
            marker={"size": 10, "color": COLORS[i % len(COLORS)]},
            customdata=np.column_stack([rows["ansatz"], rows["n_params"]]),
            hovertemplate="%{customdata[0]}<br>parameters: %{customdata[1]}<br>"
                          "entangling capability: %{x:.3f}<br>expressibility (KL): %{y:.4f}"
                          "<extra>%{fullData.name}</extra>",
        )
    n = int(df["n_qubits"].iloc[0]) if len(df) else 0
    return _layout(fig, f"Expressibility vs entangling capability ({n} qubits)<br><sup>lower = "
                   "more expressive, further right = more entangling</sup>",
                   xaxis_title="entangling capability (mean Meyer-Wallach Q)",
                   yaxis_title="expressibility (KL to Haar, log scale)", yaxis_type="log",
                   yaxis_exponentformat="power", margin={"t": 90, "l": 90, "r": 60, "b": 70})


# --- barren plateaus ---------------------------------------------------------------------------


def gradient_variance_figure(results: pd.DataFrame | Sequence[pd.DataFrame]) -> go.Figure:
    """Gradient variance against qubits on a log scale, with the fitted exponential decay.

    ``results``: one DataFrame from :func:`qnnlab.analysis.gradient_variance`, or several (for
    example a global and a local cost) to compare.

    Examples
    --------
    >>> from qnnlab.analysis import gradient_variance
    >>> df = gradient_variance("hardware_efficient", n_qubits=(1, 2), n_layers=1, n_samples=50)
    >>> fig = gradient_variance_figure(df)
    >>> [trace.name for trace in fig.data]  # the measured variances and the fitted decay
    ['hardware_efficient, global cost', 'fit: Var ∝ exp(-1.03 n)']
    """
    if results is None or isinstance(results, (str, bytes)) or not isinstance(
            results, (pd.DataFrame, Sequence)):
        raise TypeError("gradient_variance_figure expected a pandas DataFrame or a list of "
                        f"them; got {brief_repr(results)}")
    frames = [results] if isinstance(results, pd.DataFrame) else list(results)
    if not frames:
        raise ValueError("gradient_variance_figure: no rows; give at least one DataFrame.")
    for df in frames:
        _check_frame(df, "gradient_variance_figure", ("n_qubits", "variance"))
    fig = go.Figure()
    for i, df in enumerate(frames):
        color = COLORS[i % len(COLORS)]
        label = f"{df.attrs.get('ansatz', '')}, {df.attrs.get('cost', '')} cost".strip(", ")
        fit = df.attrs.get("fit", {})
        fig.add_scatter(
            x=df["n_qubits"], y=df["variance"], mode="markers", name=label,
            marker={"size": 10, "color": color},
            hovertemplate="%{x} qubits<br>Var[dC/dθ] = %{y:.3e}<extra>" + label + "</extra>",
        )
        rate = fit.get("exponent", fit.get("decay_rate", np.nan))
        if "fit_variance" in df and np.isfinite(rate):
            form = f"n^-{rate:.2f}" if "exponent" in fit else f"exp(-{rate:.2f} n)"
            fig.add_scatter(
                x=df["n_qubits"], y=df["fit_variance"], mode="lines",
                name=f"fit: Var ∝ {form}",
                line={"dash": "dash", "color": color},
                hovertemplate="fit at %{x} qubits: %{y:.3e}<extra></extra>",
            )
    return _layout(fig, "Barren plateaus: variance of a cost gradient at random parameters",
                   xaxis_title="qubits n", yaxis_title="Var[dC/dθ] (log scale)",
                   yaxis_type="log")


# --- Fourier -----------------------------------------------------------------------------------


def fourier_figure(spectrum: FourierSpectrum, max_frequency: int | None = None) -> go.Figure:
    """The sampled function and its Fourier coefficients ``|c_w|``, available ones highlighted.

    Frequencies up to ``max_frequency`` are shown (default: the largest available one + 3).

    Examples
    --------
    >>> from qnnlab.analysis import fourier_spectrum
    >>> from qnnlab.circuits import CircuitConfig
    >>> spectrum = fourier_spectrum(CircuitConfig("angle", "hardware_efficient", n_qubits=1,
    ...                                           n_layers=1))
    >>> fig = fourier_figure(spectrum)
    >>> [trace.name for trace in fig.data]
    ['f(x)', 'available frequency', 'not available']
    >>> fig.data[1].x.tolist(), fig.data[2].x.tolist()  # frequencies 0 ... 1 + 3 are shown
    ([0, 1], [2, 3, 4])
    >>> fig.layout.title.text
    'Fourier spectrum of the model (the encoding allows |ω| ≤ 1)'
    """
    _check_instance(spectrum, FourierSpectrum, "fourier_figure")
    top = max_frequency
    if top is None:
        top = int(np.ceil(spectrum.max_available)) + 3 if spectrum.available is not None else 10
    keep = (spectrum.frequencies >= 0) & (spectrum.frequencies <= top)
    freqs, mags = spectrum.frequencies[keep], spectrum.magnitudes[keep]
    fig = make_subplots(rows=1, cols=2, subplot_titles=(
        f"f(x) along feature {spectrum.feature}", "Fourier coefficients |c_ω|"))
    fig.add_scatter(x=spectrum.x, y=spectrum.values, mode="lines", name="f(x)",
                    line={"color": COLORS[0]}, row=1, col=1,
                    hovertemplate="x = %{x:.3f}<br>f(x) = %{y:.4f}<extra></extra>")
    if spectrum.available is None:
        groups = [(np.ones(len(freqs), dtype=bool), "coefficient (no finite spectrum known)",
                   COLORS[0])]
    else:
        allowed = np.isclose(freqs[:, None], np.abs(spectrum.available)[None, :]).any(axis=1)
        groups = [(allowed, "available frequency", COLORS[2]),
                  (~allowed, "not available", COLORS[1])]
    for mask, name, color in groups:
        fig.add_bar(x=freqs[mask], y=mags[mask], name=name, marker_color=color, row=1, col=2,
                    hovertemplate="ω = %{x}<br>|c_ω| = %{y:.3e}<extra>" + name + "</extra>")
    fig.update_xaxes(title_text="x (radians)", row=1, col=1)
    fig.update_yaxes(title_text=_output_label(spectrum), row=1, col=1)
    fig.update_xaxes(title_text="frequency ω (c_-ω is the conjugate of c_ω)", row=1, col=2,
                     dtick=1)
    fig.update_yaxes(title_text="|c_ω|", row=1, col=2)
    title = "Fourier spectrum of the model"
    if spectrum.available is not None:
        title += f" (the encoding allows |ω| ≤ {spectrum.max_available:g})"
    return _layout(fig, title)


def _output_label(spectrum: FourierSpectrum) -> str:
    if spectrum.output == "quantum":
        return f"<Z_{spectrum.output_index}>"
    return f"model output {spectrum.output_index}"


# --- states ------------------------------------------------------------------------------------


def _sphere_traces(scene: str) -> list[Any]:
    u, v = np.meshgrid(np.linspace(0, 2 * np.pi, 30), np.linspace(0, np.pi, 16))
    sphere = go.Surface(
        x=np.cos(u) * np.sin(v), y=np.sin(u) * np.sin(v), z=np.cos(v), opacity=0.15,
        showscale=False, colorscale=[[0, "lightblue"], [1, "lightblue"]], hoverinfo="skip",
        scene=scene,
    )
    axes = []
    for end in ((1, 0, 0), (0, 1, 0), (0, 0, 1)):
        axes.append(go.Scatter3d(
            x=[-end[0], end[0]], y=[-end[1], end[1]], z=[-end[2], end[2]], mode="lines",
            line={"color": "grey", "width": 2}, hoverinfo="skip", showlegend=False, scene=scene,
        ))
    poles = go.Scatter3d(x=[0, 0], y=[0, 0], z=[1.15, -1.15], mode="text", text=["|0>", "|1>"],
                         hoverinfo="skip", showlegend=False, scene=scene)
    return [sphere, *axes, poles]


def bloch_paths_figure(paths: pd.DataFrame, group: str = "rotation") -> go.Figure:
    """Paths of one qubit's Bloch vector on the Bloch sphere, one line per ``group``.

    ``paths`` has columns ``X``, ``Y``, ``Z`` (the Bloch vector), ``group`` and ``x`` (the
    parameter along the path, shown on hover). A path that does not move (for example RZ
    acting on ``|0>``) is drawn as one large marker, on top, and says so in the legend.

    Examples
    --------
    >>> paths = pd.DataFrame({"X": [0.0, 1.0, 0.0, 0.0], "Y": [0.0] * 4, "Z": [1.0, 0.0, 1.0, 1.0],
    ...                       "rotation": ["RY", "RY", "RZ", "RZ"], "x": [0.0, 1.57, 0.0, 1.57]})
    >>> [trace.name for trace in bloch_paths_figure(paths).data if trace.showlegend]
    ['RY', 'RZ (does not move)']
    """
    _check_frame(paths, "bloch_paths_figure", ("X", "Y", "Z", group, "x"))
    fig = go.Figure(_sphere_traces("scene"))
    groups = list(dict.fromkeys(paths[group]))
    static = {g: bool(np.ptp(paths.loc[paths[group] == g, ["X", "Y", "Z"]].to_numpy(float),
                             axis=0).max() < 1e-9) for g in groups}
    for i, name in sorted(enumerate(groups), key=lambda item: static[item[1]]):
        rows = paths[paths[group] == name]
        color = COLORS[i % len(COLORS)]
        fig.add_trace(go.Scatter3d(
            x=rows["X"], y=rows["Y"], z=rows["Z"], mode="markers" if static[name] else
            "lines+markers", name=f"{name} (does not move)" if static[name] else str(name),
            showlegend=True, line={"color": color, "width": 5,
                                   "dash": ("solid", "dash", "dot")[i % 3]},
            marker={"size": 9 if static[name] else 3, "color": color,
                    "symbol": "diamond" if static[name] else "circle"},
            customdata=rows["x"], hovertemplate=f"{name}: x = %{{customdata:.2f}}<br>"
            "(%{x:.2f}, %{y:.2f}, %{z:.2f})<extra></extra>",
        ))
    axis = {"range": [-1.2, 1.2], "showticklabels": False}
    fig.update_scenes(xaxis={**axis, "title": "x"}, yaxis={**axis, "title": "y"},
                      zaxis={**axis, "title": "z"}, aspectmode="cube")
    return _layout(fig, "Bloch vector of one qubit along each path", height=480,
                   margin={"l": 0, "r": 0, "t": 50, "b": 0})


def bloch_figure(inspection: StateInspection) -> go.Figure:
    """One Bloch sphere per qubit with its Bloch vector (shorter than 1: mixed or entangled).

    Examples
    --------
    >>> from qnnlab.analysis import inspect_state
    >>> from qnnlab.circuits import CircuitConfig
    >>> view = inspect_state(CircuitConfig(n_qubits=2, n_layers=1), [0.3, 0.4])
    >>> fig = bloch_figure(view)
    >>> [annotation.text for annotation in fig.layout.annotations]  # one 3D scene per qubit
    ['qubit 0', 'qubit 1']
    """
    _check_instance(inspection, StateInspection, "bloch_figure")
    n = inspection.n_qubits
    bloch = inspection.bloch_vectors
    fig = make_subplots(rows=1, cols=n, specs=[[{"type": "scene"}] * n],
                        subplot_titles=[f"qubit {k}" for k in range(n)])
    for k in range(n):
        scene = "scene" if k == 0 else f"scene{k + 1}"
        for trace in _sphere_traces(scene):
            fig.add_trace(trace)
        x, y, z = bloch[k]
        fig.add_trace(go.Scatter3d(
            x=[0, x], y=[0, y], z=[0, z], mode="lines+markers", name=f"qubit {k}",
            line={"color": COLORS[1], "width": 6}, marker={"size": [0, 5], "color": COLORS[1]},
            hovertext=f"qubit {k}: (x, y, z) = ({x:.3f}, {y:.3f}, {z:.3f}), "
                      f"length {np.linalg.norm(bloch[k]):.3f}",
            hoverinfo="text", scene=scene, showlegend=False,
        ))
    axis = {"range": [-1.2, 1.2], "showticklabels": False, "title": ""}
    for k in range(n):
        key = "scene" if k == 0 else f"scene{k + 1}"
        fig.layout[key].update(xaxis={**axis, "title": "x"}, yaxis={**axis, "title": "y"},
                               zaxis={**axis, "title": "z"}, aspectmode="cube")
    return _layout(fig, "Bloch vectors of every qubit (length 1 = pure; shorter = entangled "
                   "or noisy)", height=380, margin={"l": 0, "r": 0, "t": 70, "b": 0})


def probabilities_figure(inspection: StateInspection) -> go.Figure:
    """Measurement probability of every basis state (qubit 0 is the leftmost bit).

    Examples
    --------
    >>> from qnnlab.analysis import inspect_state
    >>> from qnnlab.circuits import CircuitConfig
    >>> view = inspect_state(CircuitConfig(n_qubits=2, n_layers=1), [0.3, 0.4])
    >>> bars = probabilities_figure(view).data[0]
    >>> list(bars.x), round(float(bars.y.sum()), 6)
    (['|00>', '|01>', '|10>', '|11>'], 1.0)
    """
    _check_instance(inspection, StateInspection, "probabilities_figure")
    labels = basis_labels(inspection.n_qubits)
    fig = go.Figure(go.Bar(x=labels, y=inspection.probabilities, marker_color=COLORS[0],
                           hovertemplate="%{x}: probability %{y:.4f}<extra></extra>"))
    return _layout(fig, "Measurement probabilities", xaxis_title="basis state (qubit 0 first)",
                   yaxis_title="probability", yaxis_range=[0, 1])


# --- attribution -------------------------------------------------------------------------------


def _feature_names(n: int, names: Sequence[str] | None) -> list[str]:
    return list(names) if names is not None else [f"x{i}" for i in range(n)]


def saliency_figure(saliency: Any, feature_names: Sequence[str] | None = None) -> go.Figure:
    """Mean saliency ``|d output / d x|`` per feature, with the standard deviation over samples.

    ``saliency`` is the ``(n_samples, n_features)`` array of :func:`qnnlab.analysis.saliency`.

    Examples
    --------
    >>> fig = saliency_figure(np.array([[0.1, -0.3], [0.3, 0.1]]), feature_names=["a", "b"])
    >>> list(fig.data[0].x), fig.data[0].y.round(3).tolist()  # mean |gradient| per feature
    (['a', 'b'], [0.2, 0.2])
    """
    if saliency is None:
        raise TypeError("saliency_figure expected an array (n_samples, n_features) from "
                        "qnnlab.analysis.saliency; got None")
    s = np.abs(np.atleast_2d(np.asarray(saliency, dtype=float)))
    if s.ndim != 2 or s.shape[0] == 0:
        raise ValueError(f"saliency_figure: no rows (shape {s.shape}); expected an array "
                         "(n_samples, n_features) with at least one sample.")
    names = _feature_names(s.shape[1], feature_names)
    fig = go.Figure(go.Bar(
        x=names, y=s.mean(axis=0), error_y={"type": "data", "array": s.std(axis=0)},
        marker_color=COLORS[0],
        hovertemplate="%{x}: mean |gradient| %{y:.4f}<extra></extra>",
    ))
    return _layout(fig, f"Saliency: how strongly the output reacts to each feature "
                   f"({s.shape[0]} samples)", xaxis_title="feature",
                   yaxis_title="mean |d output / d x|")


def importance_figure(df: pd.DataFrame) -> go.Figure:
    """Permutation importance per feature (from :func:`qnnlab.analysis.permutation_importance`).

    Examples
    --------
    >>> df = pd.DataFrame({"feature": ["x0", "x1"], "importance_mean": [0.2, 0.01],
    ...                    "importance_std": [0.05, 0.02]})
    >>> fig = importance_figure(df)
    >>> list(fig.data[0].x), fig.layout.yaxis.title.text
    (['x0', 'x1'], 'drop in test score')
    """
    _check_frame(df, "importance_figure", ("feature", "importance_mean", "importance_std"))
    fig = go.Figure(go.Bar(
        x=df["feature"], y=df["importance_mean"],
        error_y={"type": "data", "array": df["importance_std"]}, marker_color=COLORS[2],
        hovertemplate="%{x}: score drop %{y:.4f}<extra></extra>",
    ))
    return _layout(fig, "Permutation importance: score lost when a feature is shuffled",
                   xaxis_title="feature", yaxis_title="drop in test score")


def ablation_figure(df: pd.DataFrame) -> go.Figure:
    """Test score of every ablation variant, with the full model's score as a line.

    ``df`` comes from :func:`qnnlab.analysis.ablation`.

    Examples
    --------
    >>> df = pd.DataFrame({"variant": ["full", "classical"], "description": ["as fitted",
    ...                    "quantum=False"], "test_score": [0.9, 0.85], "full_score": [0.9, 0.9],
    ...                    "difference": [0.0, -0.05], "trainable_params": [12, 13]})
    >>> fig = ablation_figure(df)
    >>> list(fig.data[0].x), fig.layout.annotations[0].text
    (['full', 'classical'], 'full model 0.900')
    """
    _check_frame(df, "ablation_figure", ("variant", "description", "test_score",
                 "difference", "trainable_params"))
    colors = [COLORS[0] if v == "full" else COLORS[4] for v in df["variant"]]
    fig = go.Figure(go.Bar(
        x=df["variant"], y=df["test_score"], marker_color=colors,
        customdata=np.column_stack([df["description"], df["difference"],
                                    df["trainable_params"]]),
        hovertemplate="%{x}: test score %{y:.3f}<br>%{customdata[0]}<br>"
                      "vs full: %{customdata[1]:+.3f}<br>trainable parameters: "
                      "%{customdata[2]}<extra></extra>",
    ))
    full = df.attrs.get("full_score", float(df["full_score"].iloc[0]) if len(df) else None)
    if full is not None:
        fig.add_hline(y=full, line_dash="dash", annotation_text=f"full model {full:.3f}")
    return _layout(fig, "Ablation: what each part of the model contributes",
                   xaxis_title="variant", yaxis_title="test score")


# --- training ----------------------------------------------------------------------------------


def history_figure(estimator_or_history: Any) -> go.Figure:
    """Loss and score per epoch (train, and validation when there is some).

    Takes a fitted estimator (its ``history_``), a :class:`~qnnlab.training.Trainer` or the
    history dictionary itself.

    Examples
    --------
    >>> fig = history_figure({"epoch": [1, 2, 3], "loss": [0.7, 0.5, 0.4],
    ...                       "train_score": [0.6, 0.8, 0.9]})
    >>> [trace.name for trace in fig.data]  # no validation data: no validation curves
    ['training loss', 'training score']
    """
    history = _history(estimator_or_history)
    epochs = history.get("epoch", list(range(1, len(history.get("loss", [])) + 1)))
    fig = make_subplots(rows=1, cols=2, subplot_titles=("loss", "score"))
    series = (("loss", "training loss", 1, COLORS[0]), ("val_loss", "validation loss", 1,
              COLORS[1]), ("train_score", "training score", 2, COLORS[0]),
              ("val_score", "validation score", 2, COLORS[1]))
    for key, name, col, color in series:
        if history.get(key):
            fig.add_scatter(x=epochs, y=history[key], mode="lines+markers", name=name,
                            line={"color": color, "dash": "dot" if "val" in key else "solid"},
                            row=1, col=col,
                            hovertemplate="epoch %{x}: %{y:.4f}<extra>" + name + "</extra>")
    fig.update_xaxes(title_text="epoch")
    fig.update_yaxes(title_text="loss", row=1, col=1)
    fig.update_yaxes(title_text="score (accuracy or R²)", row=1, col=2)
    return _layout(fig, "Training history")


def _history(obj: Any) -> Mapping[str, list[float]]:
    if isinstance(obj, Mapping):
        return obj
    if hasattr(obj, "history") and isinstance(obj.history, Mapping):
        return obj.history
    if hasattr(obj, "get_params"):
        check_fitted(obj, "history_figure")
        return obj.history_
    raise TypeError("history_figure expected a fitted estimator, a Trainer or a history dict; "
                    f"got {brief_repr(obj)}")


def decision_boundary_figure(
    estimator: Any,
    X_train: Any,
    y_train: Any,
    X_test: Any = None,
    y_test: Any = None,
    resolution: int = 60,
) -> go.Figure:
    """The model's output over the input plane of a 2-feature model, with the data points.

    Binary classifier: probability of the second class; more classes: the predicted class;
    regressor: the prediction. Training points are circles, test points crosses. The grid has
    ``resolution`` x ``resolution`` points, 2 to :data:`MAX_RESOLUTION` per side.

    Examples
    --------
    >>> from qnnlab import HybridClassifier
    >>> from qnnlab.datasets import load_dataset
    >>> X_train, X_test, y_train, y_test = load_dataset("moons", n_samples=40)
    >>> clf = HybridClassifier(n_qubits=2, n_layers=1, epochs=1).fit(X_train, y_train)
    >>> fig = decision_boundary_figure(clf, X_train, y_train, X_test, y_test, resolution=10)
    >>> [trace.name for trace in fig.data], fig.data[0].z.shape  # P(class 1) on a 10 x 10 grid
    (['model', 'train', 'test'], (10, 10))
    """
    from qnnlab.surface import decision_surface, input_grid

    check_positive_int("resolution", resolution, minimum=2, maximum=MAX_RESOLUTION)
    check_fitted(estimator, "decision_boundary_figure")
    X_train = np.asarray(X_train, dtype=float)
    both = X_train if X_test is None else np.vstack([X_train, np.asarray(X_test, dtype=float)])
    grid = input_grid(both, resolution=resolution)
    score, label = _surface_score(estimator)
    z = decision_surface(score, grid)
    fig = go.Figure(go.Contour(
        x=grid.xs, y=grid.ys, z=z, colorscale="RdBu", opacity=0.6, colorbar={"title": label},
        hovertemplate="x0 = %{x:.3f}<br>x1 = %{y:.3f}<br>" + label + ": %{z:.3f}<extra></extra>",
        name="model",
    ))
    for X, y, name, symbol in ((X_train, y_train, "train", "circle"),
                               (X_test, y_test, "test", "x")):
        if X is None:
            continue
        X = np.asarray(X, dtype=float)
        fig.add_scatter(
            x=X[:, 0], y=X[:, 1], mode="markers", name=name,
            marker={"symbol": symbol, "size": 8, "color": _point_colors(estimator, y),
                    "colorscale": "RdBu", "line": {"width": 1, "color": "black"}},
            text=[f"{name}: y = {v}" for v in np.asarray(y)],
            hovertemplate="%{text}<br>x0 = %{x:.3f}, x1 = %{y:.3f}<extra></extra>",
        )
    # The legend sits below the plot: on the right it covered the colour bar's title.
    return _layout(fig, f"Decision surface of the fitted {type(estimator).__name__}",
                   xaxis_title="feature x0", yaxis_title="feature x1",
                   legend={"orientation": "h", "x": 0, "y": -0.15, "yanchor": "top"})


def _surface_score(estimator: Any) -> tuple[Any, str]:
    if hasattr(estimator, "classes_"):
        classes = estimator.classes_
        if len(classes) == 2:
            return (lambda P: estimator.predict_proba(P)[:, 1]), f"P(class {classes[1]})"
        return (lambda P: estimator.predict_proba(P).argmax(axis=1)), "predicted class index"
    return estimator.predict, "prediction"


def _point_colors(estimator: Any, y: Any) -> np.ndarray:
    y = np.asarray(y)
    if hasattr(estimator, "classes_"):
        return np.searchsorted(estimator.classes_, y).astype(float)
    return y.astype(float)


# --- circuits ----------------------------------------------------------------------------------

#: Fill colours of gate boxes by role (light, so that the labels on them stay readable).
ROLE_COLORS = {"data": "#fdd49e", "trainable": "#cab2d6", "fixed": "#e0e0e0"}
_ROLE_NAMES = {"data": "data gate (depends on x)", "trainable": "trainable gate",
               "fixed": "fixed gate"}
#: Names (trace ``meta``) of the traces a circuit diagram is drawn with, in drawing order.
CIRCUIT_TRACES = ("circuit wires", "circuit links", "circuit labels",
                  *(f"circuit {role}" for role in ROLES), "circuit controls", "circuit targets")
_MEASURED = {"expval": "⟨Z⟩", "probs": "P", "state": "ψ"}


def _circuit_trace(name: str, legend: bool) -> go.Scatter:
    """The empty, styled trace ``name`` of :data:`CIRCUIT_TRACES`."""
    quiet = {"showlegend": False, "hoverinfo": "skip"}
    if name == "circuit wires":
        return go.Scatter(mode="lines", line={"color": "#555", "width": 1.2}, **quiet)
    if name == "circuit links":
        return go.Scatter(mode="lines", line={"color": "#333", "width": 1.5}, **quiet)
    if name == "circuit labels":
        return go.Scatter(mode="text", textfont={"size": 11}, **quiet)
    if name == "circuit controls":
        return go.Scatter(mode="markers", marker={"size": 8, "color": "#222"},
                          showlegend=False, hoverinfo="text")
    if name == "circuit targets":
        return go.Scatter(mode="markers", showlegend=False, hoverinfo="text", marker={
            "symbol": "circle-cross-open", "color": "#222", "line": {"width": 1.5}})
    role = name.removeprefix("circuit ")
    return go.Scatter(mode="markers+text", name=_ROLE_NAMES[role], showlegend=legend,
                      hoverinfo="text", legendgroup="circuit", marker={
                          "symbol": "square", "color": ROLE_COLORS[role],
                          "line": {"width": 1, "color": "#444"}})


def _circuit_points(diagram: Diagram | None) -> dict[str, dict[str, list[Any]]]:
    """x, y, text and hover text of every circuit trace (wires drawn downwards from y = 0)."""
    points: dict[str, dict[str, list[Any]]] = {
        name: {"x": [], "y": [], "text": [], "hovertext": []} for name in CIRCUIT_TRACES}

    def put(name: str, x: float, y: float, text: str = "", hover: str = "") -> None:
        for key, value in zip(("x", "y", "text", "hovertext"), (x, y, text, hover)):
            points[name][key].append(value)

    if diagram is None:
        return points
    end = diagram.n_columns + 0.4
    measured = _MEASURED.get(diagram.config.measurement if diagram.config else "expval", "")
    for q in range(diagram.n_qubits):
        points["circuit wires"]["x"] += [-0.6, end, None]
        points["circuit wires"]["y"] += [-q, -q, None]
        put("circuit labels", -1.1, -q, f"q{q}")
    for q in range(diagram.n_qubits):
        put("circuit labels", end + 0.5, -q, measured)
    for gate in diagram.gates:
        c, hover = gate.column, f"{gate.role}: {gate.description}"
        if len(gate.wires) > 1:
            points["circuit links"]["x"] += [c, c, None]
            points["circuit links"]["y"] += [-min(gate.wires), -max(gate.wires), None]
        for w in gate.controls:
            put("circuit controls", c, -w, hover=hover)
        for w in gate.targets:
            if gate.n_controls and gate.label == "X":  # CNOT, Toffoli: ⊕
                put("circuit targets", c, -w, hover=hover)
            elif gate.n_controls and gate.label == "Z":  # CZ: a dot on both wires
                put("circuit controls", c, -w, hover=hover)
            else:
                put(f"circuit {gate.role}", c, -w, gate.label, hover)
    return points


def _box_size(diagram: Diagram | None) -> int:
    return int(np.clip(560 / max(diagram.n_columns if diagram else 0, 1), 12, 26))


def _circuit_updates(diagram: Diagram | None, box_size: int) -> dict[str, dict[str, Any]]:
    """Everything of the circuit traces that depends on the diagram."""
    updates: dict[str, dict[str, Any]] = {}
    for name, p in _circuit_points(diagram).items():
        update: dict[str, Any] = {"x": p["x"], "y": p["y"]}
        if name == "circuit labels":
            update["text"] = p["text"]
        elif name in ("circuit controls", "circuit targets"):
            update["hovertext"] = p["hovertext"]
        elif name != "circuit wires" and name != "circuit links":
            update.update(text=p["text"], hovertext=p["hovertext"], marker_size=box_size,
                          textfont_size=max(6, min(9, box_size // 3 + 1)))
        updates[name] = update
    updates["circuit targets"]["marker_size"] = max(10, int(box_size * 0.65))
    return updates


def _axis_refs(fig: go.Figure, row: int | None, col: int | None, xaxis: str | None,
               yaxis: str | None) -> tuple[str, str]:
    if row is None and col is None:
        return xaxis or "x", yaxis or "y"
    if row is None or col is None or xaxis or yaxis:
        raise ValueError(f"Give both row and col (got row={row!r}, col={col!r}), or axis "
                         "references xaxis/yaxis instead, not both.")
    subplot = fig.get_subplot(row, col)
    return (subplot.xaxis.plotly_name.replace("axis", ""),
            subplot.yaxis.plotly_name.replace("axis", ""))


def add_circuit_diagram(fig: go.Figure, diagram: Diagram | None, row: int | None = None,
                        col: int | None = None, *, xaxis: str | None = None,
                        yaxis: str | None = None, box_size: int | None = None,
                        legend: bool = False) -> list[int]:
    """Draw a circuit diagram into one subplot of ``fig``: wires, gate boxes coloured by role
    (:data:`ROLE_COLORS`), control dots, ⊕ targets, connectors and hover text for every gate.

    The circuit is drawn with the scatter traces :data:`CIRCUIT_TRACES` (their ``meta`` is the
    name). Drawn again into the same subplot, it updates those traces in place instead of adding
    new ones - so a ``FigureWidget`` can show another circuit without being rebuilt.

    Parameters
    ----------
    fig : plotly.graph_objects.Figure or FigureWidget
        The figure to draw into.
    diagram : Diagram or None
        From :func:`qnnlab.diagram.circuit_diagram`; None draws nothing (empty traces).
    row, col : int, optional
        The subplot of a figure made with ``make_subplots``.
    xaxis, yaxis : str, optional
        Or the subplot's axis references (``"x5"``, ``"y5"``); default ``"x"``, ``"y"``.
    box_size : int, optional
        Gate box size in pixels; default: 26, smaller for circuits with many columns.
    legend : bool, default=False
        Show the role colours in the legend.

    Returns
    -------
    list of int
        Indices in ``fig.data`` of the circuit traces, in the order of :data:`CIRCUIT_TRACES`.

    Examples
    --------
    >>> from plotly.subplots import make_subplots
    >>> from qnnlab.circuits import CircuitConfig
    >>> from qnnlab.diagram import circuit_diagram
    >>> fig = make_subplots(rows=1, cols=2)
    >>> diagram = circuit_diagram(CircuitConfig("angle", "basic_entangler", n_qubits=2,
    ...                                         n_layers=1))
    >>> indices = add_circuit_diagram(fig, diagram, row=1, col=2)
    >>> boxes = fig.data[indices[CIRCUIT_TRACES.index("circuit data")]]
    >>> list(boxes.text), boxes.xaxis
    (['RY', 'RY'], 'x2')
    >>> add_circuit_diagram(fig, None, row=1, col=2) == indices  # updated, not added again
    True
    """
    xref, yref = _axis_refs(fig, row, col, xaxis, yaxis)
    drawn = {trace.meta: i for i, trace in enumerate(fig.data)
             if trace.meta in CIRCUIT_TRACES and (trace.xaxis or "x", trace.yaxis or "y")
             == (xref, yref)}
    updates = _circuit_updates(diagram, box_size or _box_size(diagram))
    indices = []
    for name in CIRCUIT_TRACES:
        if name in drawn:
            fig.data[drawn[name]].update(updates[name])
            indices.append(drawn[name])
        else:
            trace = _circuit_trace(name, legend).update(updates[name])
            fig.add_trace(trace.update(meta=name, xaxis=xref, yaxis=yref))
            indices.append(len(fig.data) - 1)
    n_qubits = diagram.n_qubits if diagram else 0
    x_range = [-1.6, (diagram.n_columns if diagram else 0) + 1.5]
    y_range = [-(n_qubits - 1) - 0.6, 0.6] if n_qubits else [-1, 1]
    fig.layout[xref.replace("x", "xaxis", 1)].update(range=x_range, visible=False)
    fig.layout[yref.replace("y", "yaxis", 1)].update(range=y_range, visible=False)
    return indices


def circuit_figure(config_or_model: Any, weights: Any = None, random_state: int | None = 0
                   ) -> go.Figure:
    """The decomposed circuit: wires as lines, gates as labelled boxes coloured by role (data,
    trainable, fixed), control dots, ⊕ targets and connectors for multi-qubit gates.

    The gates and their roles come from :func:`qnnlab.diagram.circuit_diagram` (the operations
    the device runs, noise-free); hover over a gate for its angles. The drawing is
    :func:`add_circuit_diagram`.

    Examples
    --------
    >>> from qnnlab.circuits import CircuitConfig
    >>> fig = circuit_figure(CircuitConfig("angle", "basic_entangler", n_qubits=2, n_layers=1))
    >>> [trace.meta for trace in fig.data if len(trace.x)]
    ['circuit wires', 'circuit links', 'circuit labels', 'circuit data', 'circuit trainable', \
'circuit controls', 'circuit targets']
    """
    resolved = resolve_circuit(config_or_model, weights, random_state, needs="circuit_figure")
    diagram = circuit_diagram(resolved.config, resolved.weights, random_state)
    fig = go.Figure()
    add_circuit_diagram(fig, diagram, box_size=26, legend=True)
    config = resolved.config
    qubits = f"{config.n_qubits} qubit{'s' if config.n_qubits != 1 else ''}"
    layers = f"{config.n_layers} layer{'s' if config.n_layers != 1 else ''}"
    title = (f"Circuit: {config.encoding} encoding + {config.ansatz} ansatz"
             f"<br><sup>{qubits}, {layers}, {diagram.n_gates} gates")
    if config.noisy:
        title += " (noise channels not shown)"
    # Wide and tall enough for the two-line title and the legend even for one qubit.
    return _layout(fig, title + "</sup>", height=max(300, 160 + 60 * config.n_qubits),
                   width=max(640, 200 + 45 * diagram.n_columns), margin={"t": 80},
                   legend={"orientation": "h", "y": -0.05}, hovermode="closest")

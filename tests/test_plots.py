"""Every figure of qnnlab.plots: traces carry the analysed numbers, axes and titles are set."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
import pytest
from plotly.subplots import make_subplots

from qnnlab import HybridClassifier, HybridRegressor, plots
from qnnlab.analysis import (
    ablation,
    compare_ansatze,
    expressibility,
    fourier_spectrum,
    gradient_variance,
    inspect_state,
    permutation_importance,
    saliency,
)
from qnnlab.circuits import CircuitConfig
from qnnlab.diagram import ROLES, circuit_diagram


@pytest.fixture(scope="module")
def data():
    from sklearn.datasets import make_moons

    X, y = make_moons(60, noise=0.1, random_state=0)
    X = (X - X.min(axis=0)) / np.ptp(X, axis=0) * np.pi
    return X[:45], X[45:], y[:45], y[45:]


@pytest.fixture(scope="module")
def classifier(data):
    return HybridClassifier(n_qubits=2, n_layers=1, epochs=2, random_state=0).fit(
        data[0], data[2])


def _check_labelled(fig):
    assert isinstance(fig, go.Figure)
    assert fig.layout.title.text


def test_fidelity_histogram():
    result = expressibility("hardware_efficient", 2, 1, n_samples=100, bins=10,
                            return_details=True)
    fig = plots.fidelity_histogram(result)
    _check_labelled(fig)
    bars, haar = fig.data
    assert np.allclose(bars.y, result.probabilities)
    assert np.allclose(haar.y, result.haar_probabilities)
    assert f"{result.expressibility:.4f}" in fig.layout.title.text
    assert fig.layout.xaxis.title.text.startswith("fidelity")


def test_expressibility_vs_entanglement():
    df = compare_ansatze(["hardware_efficient", "basic_entangler"], 2, [1, 2], n_samples=50)
    fig = plots.expressibility_vs_entanglement(df)
    _check_labelled(fig)
    assert len(fig.data) == 2  # one series per depth
    first = fig.data[0]
    assert list(first.text) == ["hardware_efficient", "basic_entangler"]
    assert np.allclose(first.y, df[df.n_layers == 1]["expressibility"])
    assert fig.layout.yaxis.type == "log"


def test_gradient_variance_figure():
    global_df = gradient_variance("hardware_efficient", (2, 3, 4), 1, n_samples=20)
    local_df = gradient_variance("hardware_efficient", (2, 3, 4), 1, "local", n_samples=20)
    fig = plots.gradient_variance_figure([global_df, local_df])
    _check_labelled(fig)
    assert len(fig.data) == 4  # points and fit line per cost
    assert np.allclose(fig.data[0].y, global_df["variance"])
    assert np.allclose(fig.data[1].y, global_df["fit_variance"])
    assert "local" in fig.data[2].name
    assert fig.layout.yaxis.type == "log"


def test_fourier_figure():
    config = CircuitConfig("reuploading", "hardware_efficient", n_qubits=1, n_layers=2)
    spectrum = fourier_spectrum(config)
    fig = plots.fourier_figure(spectrum)
    _check_labelled(fig)
    line, available, unavailable = fig.data
    assert np.allclose(line.y, spectrum.values)
    assert list(available.x) == [0, 1, 2] and list(unavailable.x) == [3, 4, 5]
    assert np.allclose(unavailable.y, 0, atol=1e-10)


def test_bloch_and_probability_figures():
    config = CircuitConfig("angle", "hardware_efficient", n_qubits=2, n_layers=0)
    view = inspect_state(config, [np.pi / 2, np.pi])
    fig = plots.bloch_figure(view)
    _check_labelled(fig)
    vectors = [t for t in fig.data if t.type == "scatter3d" and t.mode == "lines+markers"]
    assert len(vectors) == 2
    assert np.allclose([vectors[0].x[1], vectors[0].z[1]], [1.0, 0.0], atol=1e-12)
    assert np.allclose([vectors[1].x[1], vectors[1].z[1]], [0.0, -1.0], atol=1e-12)
    assert sum(t.type == "surface" for t in fig.data) == 2
    probs = plots.probabilities_figure(view)
    _check_labelled(probs)
    assert list(probs.data[0].x) == ["|00>", "|01>", "|10>", "|11>"]
    assert np.allclose(probs.data[0].y, [0, 0.5, 0, 0.5], atol=1e-12)


def test_saliency_and_importance_figures(classifier, data):
    s = saliency(classifier, data[1])
    fig = plots.saliency_figure(s, feature_names=["a", "b"])
    _check_labelled(fig)
    assert list(fig.data[0].x) == ["a", "b"]
    assert np.allclose(fig.data[0].y, s.mean(axis=0))
    assert np.allclose(fig.data[0].error_y.array, s.std(axis=0))
    df = permutation_importance(classifier, data[1], data[3], n_repeats=2)
    imp = plots.importance_figure(df)
    _check_labelled(imp)
    assert np.allclose(imp.data[0].y, df["importance_mean"])


def test_ablation_figure(classifier, data):
    df = ablation(classifier, data[0], data[2], data[1], data[3], variants=["full", "classical"])
    fig = plots.ablation_figure(df)
    _check_labelled(fig)
    assert list(fig.data[0].x) == ["full", "classical"]
    assert np.allclose(fig.data[0].y, df["test_score"])
    assert fig.layout.shapes[0].y0 == pytest.approx(df.attrs["full_score"])


def test_history_figure(classifier):
    fig = plots.history_figure(classifier)
    _check_labelled(fig)
    names = [t.name for t in fig.data]
    assert names == ["training loss", "training score"]
    assert list(fig.data[0].y) == classifier.history_["loss"]
    assert plots.history_figure(classifier.history_).data[0].y == fig.data[0].y
    with pytest.raises(ValueError, match="is not fitted; call fit first"):
        plots.history_figure(HybridClassifier())


def test_decision_boundary_figure(classifier, data):
    X_train, X_test, y_train, y_test = data
    fig = plots.decision_boundary_figure(classifier, X_train, y_train, X_test, y_test,
                                         resolution=12)
    _check_labelled(fig)
    contour, train, test = fig.data
    assert np.asarray(contour.z).shape == (12, 12)
    point = np.array([[contour.x[3], contour.y[5]]])
    assert contour.z[5][3] == pytest.approx(classifier.predict_proba(point)[0, 1])
    assert len(train.x) == len(X_train) and test.marker.symbol == "x"


def test_decision_boundary_of_a_regressor():
    X = np.random.default_rng(0).uniform(0, 3, size=(30, 2))
    reg = HybridRegressor(n_qubits=2, n_layers=1, epochs=1, random_state=0).fit(X, X.sum(1))
    fig = plots.decision_boundary_figure(reg, X, X.sum(1), resolution=5)
    assert fig.data[0].colorbar.title.text == "prediction"


def _circuit_traces(fig):
    return {trace.meta: trace for trace in fig.data if trace.meta in plots.CIRCUIT_TRACES}


def test_circuit_figure_shows_every_gate():
    config = CircuitConfig("angle", "basic_entangler", n_qubits=3, n_layers=1)
    fig = plots.circuit_figure(config)
    _check_labelled(fig)
    traces = _circuit_traces(fig)
    labels = list(traces["circuit labels"].text)
    assert labels[:3] == ["q0", "q1", "q2"]
    boxes = [t for role in ROLES for t in traces[f"circuit {role}"].text]
    assert boxes.count("RY") == 3 and boxes.count("RX") == 3
    assert list(traces["circuit data"].text) == ["RY"] * 3
    assert len(traces["circuit targets"].x) == 3  # CNOT targets of the ring
    hover = [h for t in traces.values() if t.hovertext for h in t.hovertext]
    assert sum(h.startswith("data: RY") for h in hover) == 3
    assert sum(h.startswith("fixed: CNOT") for h in hover) == 6  # 3 CNOTs x 2 wires
    vertical = list(traces["circuit links"].x)
    assert vertical.count(None) == 3 and vertical[:2] == [2, 2]  # one connector per CNOT


def test_circuit_figure_of_a_fitted_model(classifier):
    fig = plots.circuit_figure(classifier)
    assert "strongly_entangling" in fig.layout.title.text
    hover = _circuit_traces(fig)["circuit trainable"].hovertext
    assert any(t.startswith("trainable: Rot") for t in hover)
    weights = classifier.model_.quantum_layer.weights.detach().numpy()
    assert f"Rot({weights[0]:.3f}, {weights[1]:.3f}, {weights[2]:.3f})" in hover[0]


def test_circuit_diagram_drawn_into_a_subplot_and_updated_in_place():
    fig = make_subplots(rows=2, cols=2)
    small = circuit_diagram(CircuitConfig("angle", "basic_entangler", n_qubits=2, n_layers=1))
    large = circuit_diagram(CircuitConfig("angle", "hardware_efficient", n_qubits=3,
                                          n_layers=2))
    indices = plots.add_circuit_diagram(fig, small, xaxis="x4", yaxis="y4")
    assert len(fig.data) == len(plots.CIRCUIT_TRACES) == len(indices)
    assert {(t.xaxis, t.yaxis) for t in fig.data} == {("x4", "y4")}
    assert list(fig.layout.yaxis4.range) == [-1.6, 0.6]  # 2 wires at y = 0, -1
    # The same subplot again (by row/col): the traces are updated, not added.
    assert plots.add_circuit_diagram(fig, large, row=2, col=2) == indices
    traces = _circuit_traces(fig)
    assert len(traces["circuit data"].x) == 3 and len(traces["circuit trainable"].x) == 12
    assert list(fig.layout.xaxis4.range) == [-1.6, large.n_columns + 1.5]
    # Another subplot gets its own traces.
    plots.add_circuit_diagram(fig, small, row=1, col=1)
    assert len(fig.data) == 2 * len(plots.CIRCUIT_TRACES)
    plots.add_circuit_diagram(fig, None, row=2, col=2)
    assert len(_circuit_traces(fig)["circuit data"].x) == 2  # row 1 col 1 is the last added
    assert all(len(fig.data[i].x) == 0 for i in indices)
    with pytest.raises(ValueError, match="Give both row and col"):
        plots.add_circuit_diagram(fig, small, row=1)


def test_fourier_figure_without_a_known_spectrum():
    from qnnlab.models import HybridNet

    net = HybridNet(2, 2, CircuitConfig(n_qubits=2, n_layers=1), pre_layers=(), random_state=0)
    spectrum = fourier_spectrum(net, n_points=33)
    fig = plots.fourier_figure(spectrum, max_frequency=4)
    assert [t.name for t in fig.data][1] == "coefficient (no finite spectrum known)"
    assert list(fig.data[1].x) == [0, 1, 2, 3, 4]
    assert np.allclose(fig.data[1].y, spectrum.magnitudes[16:21])


def test_gradient_variance_figure_of_one_frame():
    df = gradient_variance("hardware_efficient", (2, 3), 1, n_samples=10)
    fig = plots.gradient_variance_figure(df)
    assert fig.data[0].name == "hardware_efficient, global cost"
    assert "exp(-" in fig.data[1].name


def test_figures_reject_unfitted_models():
    with pytest.raises(ValueError, match="is not fitted; call fit first"):
        plots.decision_boundary_figure(HybridClassifier(), np.zeros((2, 2)), [0, 1])
    with pytest.raises(ValueError, match="is not fitted; call fit first"):
        plots.circuit_figure(HybridClassifier())


# --- readable at 1280 px: labels apart, no "1 layers", the static Bloch path visible -------------


def test_fidelity_histogram_title_counts_in_words_and_keeps_the_kl_on_its_own_line():
    result = expressibility("hardware_efficient", 2, 1, n_samples=60, return_details=True)
    title = plots.fidelity_histogram(result).layout.title.text
    assert "(2 qubits, 1 layer)" in title and "1 layers" not in title
    assert "<br>" in title  # the KL on a second line: the title fits at 1280 px


def test_expressibility_map_keeps_labels_of_close_markers_apart():
    import pandas as pd

    df = pd.DataFrame({"ansatz": ["a", "b", "c", "far"], "n_qubits": 4, "n_layers": 1,
                       "n_params": 8, "entangling_capability": [0.30, 0.31, 0.32, 0.9],
                       "expressibility": [0.10, 0.105, 0.11, 0.001]})
    fig = plots.expressibility_vs_entanglement(df)
    positions = list(fig.data[0].textposition)
    assert len(set(positions[:3])) == 3  # three markers on top of each other: three sides
    assert fig.data[0].cliponaxis is False  # labels at the edge are not cut off
    assert "log scale" in fig.layout.yaxis.title.text and len(fig.layout.yaxis.title.text) < 45


def test_bloch_paths_figure_draws_a_sphere_and_the_static_path_on_top():
    import pandas as pd

    xs = np.linspace(0, np.pi, 5)
    paths = pd.concat([
        pd.DataFrame({"X": np.sin(xs), "Y": 0.0, "Z": np.cos(xs), "rotation": "RY", "x": xs}),
        pd.DataFrame({"X": 0.0, "Y": 0.0, "Z": np.ones(5), "rotation": "RZ", "x": xs}),
        pd.DataFrame({"X": 0.0, "Y": -np.sin(xs), "Z": np.cos(xs), "rotation": "RX", "x": xs}),
    ])
    fig = plots.bloch_paths_figure(paths)
    assert any(isinstance(trace, go.Surface) for trace in fig.data)
    last = fig.data[-1]
    assert last.name == "RZ (does not move)" and last.mode == "markers"
    assert last.marker.size > max(t.marker.size for t in fig.data[:-1]
                                  if isinstance(t, go.Scatter3d) and t.marker.size)
    with pytest.raises(ValueError, match="missing column"):
        plots.bloch_paths_figure(paths.drop(columns="x"))

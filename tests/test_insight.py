"""Live insight beside the Playground: the precomputed table, the analysis card, the views inside.

The numbers shown must be those of ``qnnlab.analysis`` on the same circuit (same seeds and sample
counts), the Bloch vectors after every layer those of a circuit written out by hand in
PennyLane, the heatmaps those of the circuit evaluated directly, the Fourier panel that of
``fourier_spectrum``.
"""

from __future__ import annotations

import asyncio
import json

import numpy as np
import pennylane as qml
import pytest

from qnnlab import ansatze
from qnnlab.analysis import (
    entangling_capability,
    expressibility,
    fourier_spectrum,
    gradient_variance,
    inspect_state,
)
from qnnlab.analysis.attribution import NO_ENTANGLEMENT_SUFFIX
from qnnlab.analysis.layers import layer_bloch_vectors, qubit_expectations
from qnnlab.analysis.quick import (
    BARREN_LEVELS,
    SETTINGS,
    AnsatzInsight,
    compute_insight,
    drain,
    insight_key,
    load_table,
    lookup_insight,
)
from qnnlab.circuits import CircuitConfig, build_qnode
from qnnlab.widgets.insight import (
    LIGHT_INTERVAL,
    InsightPanel,
    ModelViews,
    insight_html,
    views_work,
)
from qnnlab.widgets.session import PlaygroundSession


def _mean_gradient_variance(ansatz: str, n_qubits: int, n_layers: int, cost: str) -> float:
    """Mean over every parameter of qnnlab.analysis.gradient_variance (the table's seeds)."""
    config = CircuitConfig("angle", ansatz, n_qubits=n_qubits, n_layers=n_layers)
    values = [gradient_variance(ansatz, (n_qubits,), n_layers, cost,
                                n_samples=SETTINGS["n_gradient_samples"],
                                random_state=SETTINGS["random_state"], param_index=k)
              ["variance"].iloc[0] for k in range(config.n_params)]
    return float(np.mean(values))


class TestTable:
    @pytest.mark.parametrize("ansatz, n_qubits, n_layers", [
        ("hardware_efficient", 2, 1), ("sim_2", 3, 2), ("basic_entangler", 4, 1)])
    def test_entries_equal_the_analysis_functions(self, ansatz, n_qubits, n_layers):
        row = lookup_insight(ansatz, n_qubits, n_layers)
        assert row is not None and row.source == "table"
        n = SETTINGS["n_samples"]
        assert row.expressibility == pytest.approx(
            expressibility(ansatz, n_qubits, n_layers, n_samples=n, random_state=0), abs=1e-9)
        assert row.entangling_capability == pytest.approx(
            entangling_capability(ansatz, n_qubits, n_layers, n_samples=n, random_state=0),
            abs=1e-9)
        for cost in ("global", "local"):
            assert getattr(row, f"gradient_variance_{cost}") == pytest.approx(
                _mean_gradient_variance(ansatz, n_qubits, n_layers, cost), rel=1e-9)

    def test_another_seed_agrees_within_the_sampling_error(self):
        row = lookup_insight("strongly_entangling", 3, 2)
        other = entangling_capability("strongly_entangling", 3, 2, n_samples=2000,
                                      random_state=1)
        # two independent means of 2000 samples each: the difference has sqrt(2) times the SE
        assert abs(other - row.entangling_capability) < 4 * np.sqrt(2) * (
            row.entangling_capability_se)
        assert row.entangling_capability_se > 0

    def test_records_its_settings_and_covers_the_registered_ansaetze(self):
        table = load_table()
        settings = table["settings"]
        for key, value in SETTINGS.items():
            assert settings[key] == value
        assert "script" in settings and "created" in settings
        for name in ansatze.available():
            if name == "tree_tensor_network":
                continue  # powers of two only: 4 qubits is covered below
            if name.endswith(NO_ENTANGLEMENT_SUFFIX):
                continue  # an ablation registered at run time (by a test run before this one)
            assert insight_key(name, 4, 2) in table["entries"], name
        assert insight_key("tree_tensor_network", 4, 2) in table["entries"]
        row = table["entries"][insight_key("sim_1", 3, 1)]
        assert row["n_samples"] == SETTINGS["n_samples"] and row["random_state"] == 0

    def test_other_options_and_sizes_are_not_in_the_table(self):
        assert lookup_insight("hardware_efficient", 3, 2, {"entangler": "CZ"}) is None
        assert lookup_insight("hardware_efficient", 9, 2) is None
        assert lookup_insight("tree_tensor_network", 3, 1) is None  # impossible, not an error

    def test_haar_reference_is_the_haar_average(self):
        from qnnlab.analysis import haar_random_states, meyer_wallach

        states = haar_random_states(3, 4000, random_state=0)
        measured = float(np.mean(meyer_wallach(states)))
        insight = lookup_insight("sim_2", 3, 1)
        assert insight.haar_entangling_capability == pytest.approx(6 / 9)
        assert measured == pytest.approx(6 / 9, abs=0.01)


class TestComputed:
    def test_chunked_computation_equals_the_analysis_functions(self):
        insight = compute_insight("hardware_efficient", 3, 2, {"entangler": "CZ"},
                                  n_samples=300, n_gradient_samples=40, random_state=5)
        options = {"entangler": "CZ"}
        assert insight.expressibility == pytest.approx(expressibility(
            "hardware_efficient", 3, 2, n_samples=300, random_state=5,
            ansatz_options=options), abs=1e-9)
        assert insight.entangling_capability == pytest.approx(entangling_capability(
            "hardware_efficient", 3, 2, n_samples=300, random_state=5,
            ansatz_options=options), abs=1e-9)
        variance = gradient_variance("hardware_efficient", (3,), 2, "global", n_samples=40,
                                     random_state=5, param_index=4,
                                     ansatz_options=options)["variance"].iloc[0]
        assert variance > 0  # the mean below includes it; check the mean by hand too
        per_param = [gradient_variance("hardware_efficient", (3,), 2, "global", n_samples=40,
                                       random_state=5, param_index=k,
                                       ansatz_options=options)["variance"].iloc[0]
                     for k in range(12)]
        assert insight.gradient_variance_global == pytest.approx(np.mean(per_param), rel=1e-9)

    @pytest.mark.parametrize("variance, level", [(2e-3, "ok"), (5e-4, "small"), (5e-5, "plateau")])
    def test_barren_levels_and_warning(self, variance, level):
        insight = AnsatzInsight("sim_1", 2, 1, {}, 0.1, 13.0, 0.0, 0.0, variance, variance,
                                10, 10, 75, 0)
        assert insight.barren_level == level
        assert insight.shots_per_gradient == pytest.approx(1 / variance)
        text = insight_html(insight)
        assert ("Barren plateau" in text) == (level == "plateau")
        assert ("Small gradients" in text) == (level == "small")
        assert BARREN_LEVELS["plateau"] < BARREN_LEVELS["small"]

    def test_idle_value_is_the_analysis_closed_form(self):
        from qnnlab.analysis import idle_expressibility

        insight = compute_insight("sim_1", 3, 1, n_samples=10, n_gradient_samples=4)
        assert insight.idle_expressibility == pytest.approx(idle_expressibility(3))

    def test_without_an_event_loop_nothing_is_computed(self):
        panel = InsightPanel({"ansatz": "sim_2", "n_qubits": 7, "n_layers": 1})
        assert panel.insight is None and not panel.computing
        assert "compute_insight" in panel.html.value

    def test_bad_input_fails_before_work(self):
        with pytest.raises(ValueError, match="n_samples"):
            compute_insight("sim_1", 2, 1, n_samples=1)
        with pytest.raises(ValueError, match="not_an_ansatz|Unknown|unknown"):
            compute_insight("not_an_ansatz", 2, 1)


class TestInsightPanel:
    def test_table_entry_shows_at_once_with_the_table_values(self):
        panel = InsightPanel({"ansatz": "basic_entangler", "n_qubits": 4, "n_layers": 1,
                              "ansatz_options": {"topology": "ring"}})
        row = lookup_insight("basic_entangler", 4, 1)
        assert panel.insight == row and not panel.computing
        text = panel.html.value
        assert f"{row.expressibility:.3f}" in text
        assert f"{row.entangling_capability:.2f}" in text
        assert f"Haar-random {row.haar_entangling_capability:.2f}" in text
        assert f"{row.gradient_variance_global:.1e}" in text
        assert "precomputed" in text

    def test_other_entries_compute_in_the_background_and_the_kernel_stays_free(self):
        value = {"ansatz": "hardware_efficient", "n_qubits": 3, "n_layers": 2,
                 "ansatz_options": {"entangler": "CZ", "topology": "ring"}}

        async def scenario():
            panel = InsightPanel()
            panel.show(value)
            assert panel.computing and panel.insight is None
            assert "fa-spinner" in panel.html.value
            ticks = 0
            while panel.computing:  # the loop runs other tasks between chunks
                ticks += 1
                await asyncio.sleep(0)
            return panel, ticks

        panel, ticks = asyncio.run(scenario())
        assert ticks > 3
        expected = compute_insight(value["ansatz"], 3, 2, value["ansatz_options"])
        assert panel.insight == expected and panel.insight.source == "computed"
        assert "computed now" in panel.html.value

    def test_a_newer_choice_replaces_a_computation_in_progress(self):
        async def scenario():
            panel = InsightPanel()
            panel.show({"ansatz": "hardware_efficient", "n_qubits": 3, "n_layers": 2,
                        "ansatz_options": {"entangler": "CZ"}})
            await asyncio.sleep(0)
            panel.show({"ansatz": "sim_1", "n_qubits": 2, "n_layers": 1})
            await asyncio.sleep(0.05)
            return panel

        panel = asyncio.run(scenario())
        assert panel.insight == lookup_insight("sim_1", 2, 1)

    def test_impossible_or_too_wide_settings_say_so(self):
        panel = InsightPanel()
        panel.show({"ansatz": "tree_tensor_network", "n_qubits": 3, "n_layers": 1})
        assert panel.insight is None and "power" in panel.html.value
        panel.show({"ansatz": "sim_1", "n_qubits": 14, "n_layers": 1})
        assert panel.insight is None and "not computed live" in panel.html.value


@pytest.fixture(scope="module")
def session():
    s = PlaygroundSession({"name": "moons", "n_samples": 60, "n_features": 2, "random_state": 0},
                          {"encoding": "angle", "ansatz": "hardware_efficient", "n_qubits": 2,
                           "n_layers": 2}, {"batch_size": 15}, noisy_resolution=7)
    for _ in range(5):
        s.step()
    s.finish()
    return s


def _density_bloch(rho: np.ndarray) -> np.ndarray:
    paulis = [np.array([[0, 1], [1, 0]]), np.array([[0, -1j], [1j, 0]]), np.diag([1, -1])]
    return np.array([np.real(np.trace(rho @ p)) for p in paulis])


def _hand_built_stage_blochs(x: np.ndarray, w: np.ndarray) -> list[np.ndarray]:
    """Angle (RY) encoding, then hardware-efficient layers (RY, RZ per qubit, CNOT 0-1), written
    out gate by gate; one circuit per stage, reduced states from qml.density_matrix."""
    dev = qml.device("default.qubit", wires=2)
    layers = w.reshape(2, 2, 2)

    def gates(n_layers: int) -> None:
        qml.RY(x[0], wires=0)
        qml.RY(x[1], wires=1)
        for layer in range(n_layers):
            for q in range(2):
                qml.RY(layers[layer, q, 0], wires=q)
                qml.RZ(layers[layer, q, 1], wires=q)
            qml.CNOT(wires=[0, 1])

    out = []
    for n_layers in range(3):
        @qml.qnode(dev)
        def stage(k, depth=n_layers):
            gates(depth)
            return qml.density_matrix(wires=[k])

        out.append(np.array([_density_bloch(np.asarray(stage(k))) for k in range(2)]))
    return out


class TestViewsInside:
    def test_bloch_vectors_after_every_layer_match_a_hand_built_circuit(self, session):
        x = session.X_test[3]
        weights = session.model.quantum_layer.weights.detach().numpy()
        view = layer_bloch_vectors(session.model, x)
        assert view.stages == ["encoding 1", "layer 1", "layer 2"]
        expected = _hand_built_stage_blochs(x, weights)
        for stage, blochs in enumerate(expected):
            np.testing.assert_allclose(view.bloch[stage], blochs, atol=1e-10)
        np.testing.assert_allclose(view.bloch[-1], session.bloch(3), atol=1e-10)

    def test_reuploading_and_noise_stages(self):
        config = CircuitConfig("reuploading", "basic_entangler", n_qubits=2, n_layers=2,
                               noise="depolarizing", noise_strength=0.1)
        view = layer_bloch_vectors(config, [0.4, -0.7])
        assert view.stages == ["encoding 1", "layer 1", "encoding 2", "layer 2"]
        final = inspect_state(config, [0.4, -0.7]).bloch_vectors
        np.testing.assert_allclose(view.bloch[-1], final, atol=1e-10)
        assert np.all(view.lengths[-1] < 1)  # noise shortens the vectors

    def test_views_data_equal_direct_evaluation(self, session):
        data = drain(views_work(session, 3))
        grid = session.coarse_grid
        config = session.config.replace(n_features=2)
        weights = session.model.quantum_layer.weights.detach().numpy()
        direct = np.array(build_qnode(config=config)(grid.points, weights))  # (qubits, points)
        np.testing.assert_allclose(data.maps, direct.reshape(2, len(grid.ys), len(grid.xs)),
                                   atol=1e-10)
        np.testing.assert_allclose(data.maps, qubit_expectations(
            session.model, grid.points).T.reshape(data.maps.shape), atol=1e-12)
        for feature, spectrum in enumerate(data.spectra):
            reference = fourier_spectrum(session.model, feature=feature, x0=session.X_test[3],
                                         output="model", output_index=1)
            np.testing.assert_allclose(spectrum.coefficients, reference.coefficients,
                                       atol=1e-12)
            np.testing.assert_array_equal(spectrum.available, reference.available)

    def test_hidden_views_cost_nothing_and_show_the_current_point_at_once(self, session):
        views = ModelViews()
        assert drain(views.work(session, 2)) is None and views.figure is None
        views.toggle.value = True
        expected = layer_bloch_vectors(session.model, session.X_test[2])
        zs = [v for v in views.trace("paths").z if v is not None]
        np.testing.assert_allclose(zs[-len(expected.stages):], expected.bloch[:, 1, 2])
        assert views.children[-1] is views.figure
        views.toggle.value = False
        assert views.figure not in views.children

    def test_figure_shows_the_data(self, session):
        views = ModelViews(show=True)
        data = drain(views.work(session, 3, force=True))
        views.draw(data)
        # spheres: the path of qubit 1 starts at |0> and visits every stage, offset along x
        xs = np.array([np.nan if v is None else v for v in views.trace("paths").x])
        zs = np.array([np.nan if v is None else v for v in views.trace("paths").z])
        n = len(data.layers.stages) + 1
        second = slice(n + 1, 2 * n + 1)
        offset = xs[second][0]
        assert offset > 2 and zs[second][0] == 1.0
        np.testing.assert_allclose(xs[second][1:] - offset, data.layers.bloch[:, 1, 0])
        np.testing.assert_allclose(zs[second][1:], data.layers.bloch[:, 1, 2])
        # heatmap tiles: qubit 0 left, qubit 1 right of a gap
        z = np.array([[np.nan if v is None else v for v in row]
                      for row in views.trace("thumbnails").z])
        ny, nx = data.maps.shape[1:]
        np.testing.assert_allclose(z[:, :nx], data.maps[0])
        assert np.isnan(z[:, nx]).all()
        np.testing.assert_allclose(z[:, nx + 1 :], data.maps[1])
        # Fourier: |c_w| for w >= 0 and the available frequencies of x1
        spectrum = data.spectra[0]
        bars = views.trace("fourier x1")
        keep = (spectrum.frequencies >= 0) & (spectrum.frequencies <= 3)
        np.testing.assert_allclose(bars.y, spectrum.magnitudes[keep], atol=1e-6)
        assert list(views.trace("available x1").x) == [0.0, 1.0]
        assert "encoding allows |ω| ≤ 1" in views.figure.layout.annotations[2].text

    def test_heavy_views_are_throttled(self, session):
        views = ModelViews(show=True)
        first = drain(views.work(session, 0))
        assert first.maps is not None
        assert not views.due(views.last_heavy + 0.5)
        assert views.due(views.last_heavy + max(1.0, 5 * views.heavy_cost) + 1e-6)
        assert drain(views.work(session, 0)) is None  # at once: nothing (spheres once a second)
        views.last_light -= LIGHT_INTERVAL + 0.1
        views.last_heavy = views.last_light + 0.5  # the heavy views are not due yet
        second = drain(views.work(session, 0))  # a second later: the spheres only
        assert second.maps is None and second.spectra is None and second.layers is not None


class TestPlayground:
    def test_panels_follow_the_ansatz_and_training(self):
        from qnnlab.widgets import Playground

        pg = Playground(dataset={"n_samples": 60}, ansatz={"n_qubits": 2, "n_layers": 1})
        assert pg.insight_panel.insight == lookup_insight("strongly_entangling", 2, 1)
        views = pg.model_views
        views.toggle.value = True
        pg.train_epochs(1)
        assert len(views.trace("thumbnails").z) == pg.noisy_resolution  # one row of tiles
        pg.ansatz_picker.value = {"ansatz": "basic_entangler", "n_qubits": 3, "n_layers": 2}
        assert pg.insight_panel.insight == lookup_insight("basic_entangler", 3, 2)
        pg.train_epochs(1)
        labels = list(views.trace("sphere labels").text)
        assert len(labels) == 3
        index = pg.point_slider.value
        expected = layer_bloch_vectors(pg.session.model, pg.session.X_test[index])
        assert views.figure.layout.annotations[0].text.startswith(f"Test point #{index}")
        zs = [v for v in views.trace("paths").z if v is not None]
        np.testing.assert_allclose(zs[-len(expected.stages):], expected.bloch[:, 2, 2])

    def test_invalid_settings_clear_the_views(self):
        from qnnlab.widgets import Playground

        pg = Playground(dataset={"n_samples": 60}, ansatz={"n_qubits": 2, "n_layers": 1})
        pg.model_views.toggle.value = True
        assert len(pg.model_views.trace("paths").x) > 0
        pg.ansatz_picker.value = {"ansatz": "tree_tensor_network", "n_qubits": 3}
        assert not pg.valid
        assert len(pg.model_views.trace("paths").x) == 0
        assert "cannot work" in pg.model_views.figure.layout.annotations[0].text


def test_table_file_is_plain_json():
    from importlib import resources

    text = (resources.files("qnnlab.analysis") / "insight_table.json").read_text()
    table = json.loads(text)
    assert set(table) == {"settings", "entries"}
    row = next(iter(table["entries"].values()))
    assert set(row) == set(AnsatzInsight.__dataclass_fields__) - {"source"}

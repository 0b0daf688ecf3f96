"""Regression and multi-class tasks in the Playground (issue 11, item 5).

The data generators against their formulas; a regression session trains (MSE falls, R² above a
floor, R² and MSE equal scikit-learn's on the same predictions); its Fourier view equals
``qnnlab.analysis.fourier.fourier_spectrum`` on the same model and the closed forms of the
targets; a 3-class session trains (accuracy equal to scikit-learn's on the argmax of its class
probabilities); the figure draws both; a switch between classification and regression drops the
previous run's curves (other axes) and says so;
the cost model plans both; bad input fails clearly.
"""

from __future__ import annotations

import asyncio
import math
import re

import numpy as np
import pytest
from sklearn.metrics import accuracy_score, mean_squared_error, r2_score

from qnnlab import datasets
from qnnlab.analysis.fourier import fourier_spectrum
from qnnlab.cost import Budget, plan_playground, view_points
from qnnlab.datasets import describe, load_dataset, regression_target
from qnnlab.models import torch_threads
from qnnlab.widgets import Playground
from qnnlab.widgets.figures import CLASS_COLORS, SURFACE_COLORSCALE, class_regions
from qnnlab.widgets.session import PlaygroundSession

CIRCUIT = {"ansatz": "strongly_entangling", "n_qubits": 2, "n_layers": 1}
TRAINING = {"learning_rate": 0.1, "batch_size": 16}
SINE = {"name": "sine", "n_samples": 80, "noise": 0.1, "random_state": 0}
BLOBS = {"name": "blobs", "n_samples": 90, "random_state": 0}
SMALL = {"ansatz": dict(CIRCUIT), "training": {**TRAINING, "epochs": 30}}


def _trained(dataset: dict, epochs: int, **kwargs) -> PlaygroundSession:
    with torch_threads(1):
        session = PlaygroundSession(dataset, CIRCUIT, TRAINING, resolution=10, **kwargs)
        while session.epoch < epochs:
            session.step()
        session.finish()
    return session


# -- data ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["sine", "fourier", "step", "polynomial"])
def test_functions_are_their_targets_without_noise(name):
    x, y = datasets._generate(name, n_samples=64, noise=0.0, random_state=3)
    assert x.shape == (64, 1) and np.all(np.abs(x) <= np.pi)
    np.testing.assert_array_equal(y, regression_target(name, x[:, 0]))


def test_target_closed_forms():
    x = np.linspace(-np.pi, np.pi, 101)
    u = x / np.pi
    np.testing.assert_allclose(regression_target("sine", x), np.sin(x))
    np.testing.assert_allclose(regression_target("step", x), np.where(x < 0, -1.0, 1.0))
    np.testing.assert_allclose(regression_target("polynomial", x),
                               1.5 * math.sqrt(3) * (u**3 - u), atol=1e-15)
    # The cubic spans [-1, 1]: its extremes at u = -+1/sqrt(3).
    extreme = regression_target("polynomial", np.array([-np.pi, np.pi]) / math.sqrt(3))
    np.testing.assert_allclose(extreme, [1.0, -1.0])


@pytest.mark.parametrize("name", ["step", "polynomial"])
def test_noise_level_is_the_spread_around_the_target(name):
    x, y = datasets._generate(name, n_samples=4000, noise=0.3, random_state=1)
    residual = y - regression_target(name, x[:, 0])
    assert np.std(residual) == pytest.approx(0.3, rel=0.05)
    x2, y2 = datasets._generate(name, n_samples=4000, noise=0.3, random_state=1)
    np.testing.assert_array_equal(y, y2)  # seeded


def test_unknown_function_name_is_a_clear_error():
    with pytest.raises(ValueError, match="Unknown regression function 'cosine'") as error:
        regression_target("cosine", [0.0])
    for name in ("sine", "step", "polynomial", "fourier"):
        assert repr(name) in str(error.value)
    with pytest.raises(ValueError, match="Unknown dataset 'cosine'.*Did you mean 'sine'"):
        PlaygroundSession({"name": "cosine"}, CIRCUIT, {})
    with pytest.raises(ValueError, match="Unknown dataset 'cosine'.*'step'"):
        Playground(dataset={"name": "cosine"})


def test_blobs_and_three_spirals_have_three_balanced_classes():
    X, y, params = datasets._generate("blobs", n_samples=300, noise=0.3, random_state=0,
                                      return_params=True)
    assert np.bincount(y).tolist() == [100, 100, 100] and describe("blobs").n_classes == 3
    for k, center in enumerate(params["centers"]):  # each class around its own centre
        assert np.linalg.norm(X[y == k].mean(axis=0) - center) < 0.1
        assert np.linalg.norm(center) == pytest.approx(2.0)
    X, y = datasets._generate("spirals_3", n_samples=300, noise=0.0, random_state=0)
    assert np.bincount(y).tolist() == [100, 100, 100]
    # Class = arm: the angle minus one turn per unit radius is 120 degrees times the class.
    radius, angle = np.hypot(X[:, 0], X[:, 1]), np.arctan2(X[:, 1], X[:, 0])
    offset = np.mod(angle - 2 * np.pi * radius, 2 * np.pi)
    np.testing.assert_allclose(np.cos(offset), np.cos(2 * np.pi * y / 3), atol=1e-9)


# -- regression ---------------------------------------------------------------------------------


def test_regression_trains_to_a_good_fit_scored_as_sklearn_does():
    session = _trained(SINE, 20)
    history = session.history
    assert session.task == "regression" and session.score_name == "R²"
    assert history["loss"][-1] < 0.25 * history["loss"][0]
    predictions = session.predictions(session.X_test)
    r2 = r2_score(session.y_test, predictions)
    assert r2 > 0.9
    assert history["val_score"][-1] == pytest.approx(r2, abs=1e-10)
    assert history["val_loss"][-1] == pytest.approx(
        mean_squared_error(session.y_test, predictions), abs=1e-10)
    assert session.test_accuracy() == pytest.approx(r2, abs=1e-10)


def test_regression_keeps_x_as_drawn_in_minus_pi_to_pi():
    session = PlaygroundSession({**SINE, "n_features": 1}, CIRCUIT, {})
    raw = load_dataset(**SINE, scale=False)
    for got, want in zip((session.X_train, session.X_test, session.y_train, session.y_test),
                         raw):
        np.testing.assert_array_equal(got, want)
    assert session.X_train.shape[1] == 1 and session.n_outputs == 1


def test_fourier_view_equals_the_analysis_module_and_the_closed_forms():
    session = _trained({**SINE, "name": "step"}, 2)
    spectra = session.spectra()
    reference = fourier_spectrum(session.model, output="model",
                                 n_points=2 * len(spectra.frequencies) - 1)
    magnitudes = dict(zip(reference.frequencies.tolist(), reference.magnitudes))
    np.testing.assert_allclose(spectra.model, [magnitudes[w] for w in spectra.frequencies],
                               atol=1e-12)
    # Angle encoding of one feature on 2 qubits: frequencies up to 2, nothing above.
    assert spectra.available == 2.0 and np.all(spectra.model[3:] < 1e-10)
    # A +-1 square wave: |c_w| = 2 / (pi w) for odd w, 0 for even w (up to the sampling).
    for w in (1, 3, 5):
        assert spectra.target[w] == pytest.approx(2 / (np.pi * w), abs=0.02)
    assert np.all(spectra.target[[0, 2, 4]] < 0.03)
    sine = PlaygroundSession(SINE, CIRCUIT, {}).spectra().target
    np.testing.assert_allclose(sine[:4], [0.0, 0.5, 0.0, 0.0], atol=1e-12)


def test_spectra_are_refused_for_classification():
    with pytest.raises(ValueError, match="regression"):
        PlaygroundSession(BLOBS, CIRCUIT, {}).spectra()
    with pytest.raises(ValueError, match="regression task has no class probabilities"):
        PlaygroundSession(SINE, CIRCUIT, {}).class_probabilities(np.zeros((1, 1)))


def test_classical_twin_trains_on_a_regression_too():
    session = _trained(SINE, 3, classical_twin=True)
    twin = session.twin_history
    assert len(twin["val_score"]) == 3 and np.all(np.isfinite(twin["val_score"]))
    predictions = session.predictions(session.X_test, twin=True)
    assert twin["val_score"][-1] == pytest.approx(r2_score(session.y_test, predictions),
                                                  abs=1e-10)


# -- multi-class --------------------------------------------------------------------------------


def test_three_classes_train_and_accuracy_is_sklearns():
    session = _trained(BLOBS, 10)
    assert session.n_classes == 3 and session.score_name == "accuracy"
    probabilities = session.class_probabilities(session.X_test)
    np.testing.assert_allclose(probabilities.sum(axis=1), 1.0)
    accuracy = accuracy_score(session.y_test, probabilities.argmax(axis=1))
    assert accuracy >= 0.9
    assert session.history["val_score"][-1] == pytest.approx(accuracy)
    assert session.test_accuracy() == pytest.approx(accuracy)
    np.testing.assert_array_equal(session.predictions(session.X_test),
                                  probabilities.argmax(axis=1))
    surface = session.surface()
    assert surface.shape == (10, 10, 3)
    np.testing.assert_allclose(surface.reshape(-1, 3),
                               session.class_probabilities(session.grid.points))


def test_class_regions_encode_the_winner_and_its_confidence():
    p = np.array([[0.2, 0.7, 0.1], [1 / 3, 1 / 3, 1 / 3], [0.0, 0.0, 1.0]])
    z = class_regions(p)
    np.testing.assert_array_equal(np.floor(z), [1, 0, 2])
    # (p_max - 1/K) / (1 - 1/K) by hand: (0.7 - 1/3) / (2/3) = 0.55; 0; 1 (kept below 1).
    np.testing.assert_allclose(z - np.floor(z), [0.55, 0.0, 0.999])


# -- the Playground -----------------------------------------------------------------------------


def _numbers(text: str) -> list[float]:
    return [float(v) for v in re.findall(r">(\d\.\d\d)<", text)]


def test_playground_draws_three_classes():
    pg = Playground(dataset=dict(BLOBS), **SMALL)
    pg.train_epochs(4)
    session = pg.session
    surface = pg.figure.trace("surface")
    assert surface.zmax == 3 and list(surface.colorbar.ticktext) == ["0", "1", "2"]
    probabilities = session.class_probabilities(session.grid.points).reshape(
        len(session.grid.ys), len(session.grid.xs), 3)
    np.testing.assert_array_equal(np.floor(np.asarray(surface.z)),
                                  probabilities.argmax(axis=-1))
    assert set(pg.figure.trace("train points").marker.color) == set(CLASS_COLORS[:3])
    pg.select_point(5)
    title = pg.figure.widget.layout.annotations[3].text
    shown = _numbers(title)
    expected = session.class_probabilities(session.X_test[5:6])[0]
    assert f"class {session.y_test[5]}" in title
    np.testing.assert_allclose(shown, expected, atol=0.006)
    assert pg.state.test_accuracy == pytest.approx(
        accuracy_score(session.y_test, session.predictions(session.X_test)))


def test_playground_draws_a_regression_fit_and_its_spectra():
    pg = Playground(dataset=dict(SINE), **SMALL, resolution=20)
    pg.train_epochs(3)
    session, fig = pg.session, pg.figure
    fitted = fig.trace("fitted curve")
    assert len(fitted.x) == 4 * 20  # the plan's points per unit of resolution
    np.testing.assert_allclose(fitted.y, session.predictions(np.array(fitted.x)[:, None]))
    np.testing.assert_allclose(fig.trace("target curve").y, np.sin(fitted.x))
    np.testing.assert_allclose(fig.trace("test points").y, session.y_test)
    spectra = session.spectra()
    np.testing.assert_allclose(fig.trace("spectrum model").y, np.round(spectra.model[:13], 5))
    assert fig.trace("bloch Z").y is None or len(fig.trace("bloch Z").y) == 0
    assert fig.widget.layout.yaxis2.title.text == "R²"
    assert pg.state.test_accuracy == pytest.approx(
        r2_score(session.y_test, session.predictions(session.X_test)))
    assert "Test R²: quantum" in fig.widget.layout.annotations[1].text
    assert "(reach ω ≤ 2)" in fig.widget.layout.annotations[3].text
    # Clicking the plot picks the nearest test point as drawn: (x, y).
    pg.select_point(0)
    x, y = session.X_test[7, 0], session.y_test[7]
    from plotly.callbacks import Points

    pg._on_plot_click(fig.trace("fitted curve"), Points(point_inds=[0], xs=[x], ys=[y]), None)
    assert pg.point_slider.value == 7
    assert f"test point #7: y = {y:.2f}" in fig.widget.layout.annotations[2].text


def test_switching_task_says_why_the_previous_run_is_not_drawn():
    pg = Playground(dataset={"n_samples": 60}, **SMALL)
    pg.train_epochs(2)
    pg.dataset_picker.name_dropdown.value = "sine"
    assert pg.state.epoch == 0 and pg.valid and pg.session.task == "regression"
    assert not pg.figure.has_previous  # cross-entropy and accuracy on MSE and R² axes: no
    report = pg.report_html.value
    assert "dataset changed" in report and "not shown" in report
    assert "cross-entropy, accuracy" in report and "MSE, R²" in report
    pg.train_epochs(1)
    pg.dataset_picker.name_dropdown.value = "moons"  # back: the binary surface again
    surface = pg.figure.trace("surface")
    assert surface.zmax == 1 and [list(s) for s in surface.colorscale] == SURFACE_COLORSCALE
    assert len(pg.figure.trace("fitted curve").x) == 0
    assert len(pg.figure.trace("spectrum model").x) == 0
    assert len(surface.z) == 30 and pg.figure.widget.layout.yaxis2.title.text == "accuracy"


def test_switching_task_mid_run_detaches_the_run_and_keeps_it():
    pg = Playground(dataset={"n_samples": 60}, **SMALL)

    async def scenario():
        pg.start()
        while pg.state.epoch < 1:
            await asyncio.sleep(0.005)
        old_task = pg._task
        pg.dataset_picker.name_dropdown.value = "blobs"  # a new model: stops and resets
        assert not pg.running and pg.state.epoch == 0
        await old_task
        await pg.wait()
        return pg.state

    state = asyncio.run(scenario())
    assert state.epoch == 0 and not state.running and pg.session.n_classes == 3
    assert pg.figure.has_previous and "dataset changed" in pg.report_html.value
    assert pg.train_epochs(1).epoch == 1


def test_a_run_of_another_task_is_not_drawn_as_the_previous_run():
    """R² curves on an accuracy axis would mislead: a switch of task kind drops them."""
    pg = Playground(dataset=dict(SINE), **SMALL)
    pg.train_epochs(1)
    pg.dataset_picker.name_dropdown.value = "blobs"
    assert pg.session.task == "classification" and not pg.figure.has_previous
    assert len(pg.figure.trace("previous test accuracy").x) == 0
    assert "was a regression" in pg.report_html.value and "not shown" in pg.report_html.value
    pg.train_epochs(1)
    pg.dataset_picker.name_dropdown.value = "moons"  # classification again: kept, faded
    assert pg.figure.has_previous and "faded curve" in pg.report_html.value


def test_invalid_settings_clear_a_regression_picture():
    pg = Playground(dataset=dict(SINE), **SMALL)
    pg.ansatz_picker.qubits_slider.value = 16
    assert not pg.valid and pg.session is None and "16 qubits" in pg.problem
    for name in ("fitted curve", "target curve", "spectrum model", "train points"):
        assert len(pg.figure.trace(name).x) == 0


# -- the cost model -----------------------------------------------------------------------------


def test_the_plan_counts_a_regression_picture():
    assert view_points(30) == 900 and view_points(30, "regression") == 4 * 30 + 65
    settings = {"n_qubits": 4, "n_ops": 20, "noisy": False, "n_train": 150, "n_test": 50,
                "batch_size": 32, "resolution": 30, "memory_limit": 2 * 1024**3}
    regression = plan_playground(**settings, task="regression")
    classification = plan_playground(**settings)
    assert regression.step == classification.step  # the same circuit trains
    assert regression.first_view.seconds < classification.first_view.seconds
    with pytest.raises(ValueError, match=r"task must be one of \['classification', "
                                         r"'regression'\]; got 'ranking'"):
        plan_playground(**settings, task="ranking")
    slow = plan_playground(**{**settings, "n_qubits": 10, "noisy": True, "n_ops": 60},
                           task="regression", budget=Budget(seconds_per_view=0.01))
    assert slow.resolution < 30 and "fitted curve is drawn on" in slow.notes[0]


def test_the_playground_plans_and_guards_each_task():
    pg = Playground(dataset=dict(SINE), **SMALL)
    settings = pg.settings()
    assert settings["dataset"]["n_features"] == 1
    assert pg.encoding_picker.model.n_features == 1
    X_train, X_test = pg.dataset_picker.load()[:2]
    expected = plan_playground(
        n_qubits=2, n_ops=_gates(pg), noisy=False,
        n_train=len(X_train), n_test=len(X_test), batch_size=16, resolution=30,
        task="regression")
    assert pg.plan.first_view == expected.first_view
    # The memory guard refuses as for a classification, before any session is built.
    pg.training_controls.batch_slider.value = 32
    pg.ansatz_picker.qubits_slider.value = 16
    assert not pg.valid and "memory" in pg.problem and pg.session is None


def _gates(pg: Playground) -> int:
    from qnnlab.widgets.pickers import circuit_resources

    circuit = pg.circuit_settings(pg.settings())
    return circuit_resources(**circuit, n_features=1)["gates"]

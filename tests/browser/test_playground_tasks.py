"""Regression and multi-class tasks in the Voila Playground, in headless Chromium (issue 11, 5).

At 1280x800 and 1024x640, against ``qnnlab playground``:

- choosing ``sine`` in the dataset picker draws the data as (x, y), the fitted curve and the
  Fourier spectra of model and target; Train trains it (the loss falls, the fitted curve moves,
  the score panel reports R²);
- choosing ``blobs`` draws three coloured class regions; Train trains it (test accuracy shown);
- the loss curve and the data panel stay inside the viewport, beside the controls (issue 10).

Screenshots go to ``test-artifacts/playground-tasks-*.png`` (look at them).
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from .playground_page import ARTIFACTS, TRACE, set_slider, wait_until_drawn
from .test_playground_layout import _RECT
from .test_playground_layout import _inside_viewport as inside_viewport

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser"), pytest.mark.timeout(480)]

EPOCHS = 4
_TITLES = "[...document.querySelector('.js-plotly-plot').layout.annotations].map(a => a.text)"


def _inside_viewport(page, what: str, area: str) -> None:
    inside_viewport(page, what, page.evaluate(_RECT, area))


#: Checks that a plot area (plotly subplot id: "xy", "x3y3") is where a learner sees it.
Placement = Callable[[object, str, str], None]


def _choose_dataset(page, name: str) -> None:
    picker = page.locator(".widget-dropdown",
                          has=page.locator("label", has_text=re.compile(r"^dataset$")))
    picker.locator("select").select_option(name)


def _train(page) -> None:
    page.get_by_role("button", name=re.compile("Train")).click()
    page.get_by_text(re.compile(rf"Reached the epoch target \({EPOCHS}\)")).first.wait_for()
    page.wait_for_function(f"{TRACE}('quantum train loss').x.length === {EPOCHS + 1}")


def _losses(page) -> list[float]:
    return page.evaluate(f"{TRACE}('quantum train loss').y")


def _title_starting(page, start: str) -> str:
    """The figure's panel title that starts with ``start`` ("" when there is none)."""
    return next((t for t in page.evaluate(_TITLES) if t.startswith(start)), "")


def _check_score_title(page, score: str) -> None:
    """The panel title says the test score that the plotted test curve ends at."""
    title = _title_starting(page, f"Test {score}: quantum ")
    assert title, page.evaluate(_TITLES)
    shown = float(re.match(rf"Test {score}: quantum (-?[\d.]+)", title).group(1))
    curve = page.evaluate(f"{TRACE}('quantum test accuracy').y")
    assert len(curve) == EPOCHS + 1 and shown == pytest.approx(curve[-1], abs=0.005), (
        title, curve)


def check_regression(page, shot: str, placed: Placement = _inside_viewport) -> None:
    """Sine: data as (x, y), fitted curve and spectra; Train moves the curve and shows R²."""
    _choose_dataset(page, "sine")
    page.wait_for_function(f"{TRACE}('fitted curve')?.x?.length > 0 && "
                           f"{TRACE}('spectrum target')?.y?.length > 0 && "
                           f"{TRACE}('quantum train loss')?.x?.length === 1")
    assert page.evaluate(f"{TRACE}('surface').z.length") == 0  # no decision surface
    assert not page.locator(".qnnlab-inside").is_visible()  # its views need a 2-D plane
    points = page.evaluate(f"{TRACE}('train points').y")
    assert min(points) < -0.8 and max(points) > 0.8  # sin(x) + noise drawn as (x, y)
    assert "|c_ω|, epoch 0" in _title_starting(page, "|c_ω|, epoch")
    assert not _title_starting(page, "Test R²")  # no score before training
    before = page.evaluate(f"JSON.stringify({TRACE}('fitted curve').y)")
    spectrum = page.evaluate(f"JSON.stringify({TRACE}('spectrum model').y)")
    _train(page)
    page.wait_for_function(f"(b) => JSON.stringify({TRACE}('fitted curve').y) !== b",
                           arg=before)
    page.wait_for_function(f"(b) => JSON.stringify({TRACE}('spectrum model').y) !== b",
                           arg=spectrum)
    losses = _losses(page)
    assert losses[-1] < losses[0], losses
    _check_score_title(page, "R²")
    assert f"|c_ω|, epoch {EPOCHS}" in _title_starting(page, "|c_ω|, epoch")
    assert sum(page.evaluate(f"{TRACE}('spectrum model').y")) > 0
    placed(page, "loss curve", "xy")
    placed(page, "fitted curve", "x3y3")
    page.screenshot(path=str(ARTIFACTS / f"{shot}-regression.png"))


def check_three_classes(page, shot: str, placed: Placement = _inside_viewport) -> None:
    """Blobs: three coloured class regions; Train lowers the loss and shows the accuracy."""
    _choose_dataset(page, "blobs")
    page.wait_for_function(f"{TRACE}('surface')?.zmax === 3 && "
                           f"{TRACE}('surface')?.z?.length > 0 && "
                           f"{TRACE}('quantum train loss')?.x?.length === 1")
    colors = page.evaluate(f"[...new Set({TRACE}('train points').marker.color)]")
    assert len(colors) == 3, colors
    assert page.evaluate(f"{TRACE}('fitted curve').x.length") == 0
    _train(page)
    losses = _losses(page)
    assert losses[-1] < losses[0], losses
    _check_score_title(page, "accuracy")
    titles = page.evaluate(_TITLES)
    assert any(re.search(r"P=.*·.*·", t) for t in titles), titles  # 3 class probabilities
    placed(page, "loss curve", "xy")
    placed(page, "decision regions", "x3y3")
    page.screenshot(path=str(ARTIFACTS / f"{shot}-classes.png"))


@pytest.mark.parametrize("width, height", [(1280, 800), (1024, 640)])
def test_regression_and_three_classes_train_in_voila(voila_app, browser_page, width, height):
    page = browser_page.page
    page.set_viewport_size({"width": width, "height": height})
    shot = f"playground-tasks-voila-{width}x{height}"
    try:
        page.goto(voila_app.url)
        wait_until_drawn(page)
        set_slider(page, "epochs", EPOCHS)
        check_regression(page, shot)
        check_three_classes(page, shot)
        assert page.get_by_text("Error displaying widget").count() == 0
        assert page.evaluate("window.scrollY") == 0
    except Exception:
        page.screenshot(path=str(ARTIFACTS / f"{shot}-FAILED.png"))
        print(voila_app.log_tail())
        raise
    assert not browser_page.page_errors, browser_page.page_errors
    assert not browser_page.unexpected_console_errors(), browser_page.console_errors

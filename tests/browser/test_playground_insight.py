"""The Playground's insight panels in a real browser (issue 11, part 3): visible, and updated.

Against ``qnnlab playground`` (Voila) in headless Chromium, at 1280x800 and 1024x640:

- the circuit-analysis card beside the ansatz picker shows expressibility, entangling capability
  and the gradient variance, and changes with the ansatz (a table entry: within 1 s);
- the figure inside the model (Bloch spheres after every stage, per-qubit heatmaps, Fourier
  panel) appears under the main figure when its checkbox is ticked, and is redrawn for the new
  ansatz, while the main figure keeps updating too;
- the main figure stays on one screen beside the controls (issue 10).

The same checks run in JupyterLab (without the one-screen check: the notebook scrolls).
Screenshots go to ``test-artifacts/playground-insight-*.png`` (look at them).
"""

from __future__ import annotations

import re
import time

import pytest

from .playground_page import ARTIFACTS, wait_until_drawn
from .test_playground_layout import _RECT, _inside_viewport

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser"), pytest.mark.timeout(420)]

#: The figure inside the model: the second plotly plot of the page.
INSIDE = "document.querySelectorAll('.js-plotly-plot')[1]"
INSIDE_TRACE = f"((name) => {INSIDE}?.data?.find(t => t.meta === name))"


def _paths(page) -> str:
    return page.evaluate(f"JSON.stringify({INSIDE_TRACE}('paths').x)")


def _card(page):
    return page.locator(".qnnlab-insight")


def check_insight_follows_the_ansatz(page, shots: str) -> None:
    """The card and the inside figure are drawn, and both change with the ansatz."""
    assert page.locator(".js-plotly-plot").count() == 1  # the views start hidden
    page.locator(".qnnlab-inside input[type=checkbox]").check()
    page.wait_for_function(f"{INSIDE_TRACE}('paths')?.x?.length > 0 && "
                           f"{INSIDE_TRACE}('thumbnails')?.z?.length > 0 && "
                           f"{INSIDE_TRACE}('fourier x1')?.x?.length > 0")
    card = _card(page)
    card.get_by_text(re.compile("Expressibility")).wait_for()
    text = card.inner_text()
    assert "strongly_entangling" in text and "Meyer-Wallach" in text
    assert "Gradient variance" in text and "Haar-random" in text
    # the card fits its column: nothing clipped at the right
    column = page.locator(".qnnlab-pickers").bounding_box()
    box = card.bounding_box()
    assert box["x"] + box["width"] <= column["x"] + column["width"] + 1
    page.screenshot(path=str(ARTIFACTS / f"{shots}-top.png"))
    card.scroll_into_view_if_needed()  # the pickers column scrolls; the figure stays
    page.screenshot(path=str(ARTIFACTS / f"{shots}-card.png"))
    before = _paths(page)
    select = page.locator(".widget-dropdown",
                          has=page.locator("label", has_text=re.compile(r"^ansatz$")))
    start = time.monotonic()
    select.locator("select").select_option("basic_entangler")
    card.get_by_text(re.compile("basic_entangler")).wait_for(timeout=5000)
    shown_after = time.monotonic() - start
    assert "precomputed" in card.inner_text()
    page.screenshot(path=str(ARTIFACTS / f"{shots}-card-changed.png"))
    page.wait_for_function(f"(b) => JSON.stringify({INSIDE_TRACE}('paths').x) !== b",
                           arg=before)
    # the main figure keeps updating beside the second one (its circuit title names the ansatz)
    page.wait_for_function("[...document.querySelector('.js-plotly-plot').layout.annotations]"
                           ".some(a => a.text.includes('basic_entangler'))", timeout=30_000)
    assert shown_after < 1.0 + 0.5, f"the analyses took {shown_after:.2f} s to appear"
    inside = page.locator(".qnnlab-inside")
    inside.scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    box = inside.bounding_box()
    assert box["width"] > 300 and box["height"] > 300, box
    page.screenshot(path=str(ARTIFACTS / f"{shots}-inside.png"))
    assert page.get_by_text("Error displaying widget").count() == 0


@pytest.mark.parametrize("width, height", [(1280, 800), (1024, 640)])
def test_insight_panels_in_voila(voila_app, browser_page, width, height):
    page = browser_page.page
    page.set_viewport_size({"width": width, "height": height})
    shots = f"playground-insight-voila-{width}x{height}"
    try:
        page.goto(voila_app.url)
        wait_until_drawn(page)
        # the main figure still shares the screen with the controls (issue 10)
        assert page.evaluate("window.scrollY") == 0
        _inside_viewport(page, "loss curve", page.evaluate(_RECT, "xy"))
        _inside_viewport(page, "decision boundary", page.evaluate(_RECT, "x3y3"))
        check_insight_follows_the_ansatz(page, shots)
        page.screenshot(path=str(ARTIFACTS / f"{shots}-full.png"), full_page=True)
    except Exception:
        page.screenshot(path=str(ARTIFACTS / f"{shots}-FAILED.png"))
        print(voila_app.log_tail(), browser_page.page_errors)
        raise
    assert not browser_page.page_errors, browser_page.page_errors
    assert not browser_page.unexpected_console_errors(), browser_page.console_errors


def test_insight_panels_in_jupyterlab(lab_server, browser_page):
    from .test_browser_lab import _run_all_cells

    page = browser_page.page
    page.set_viewport_size({"width": 1280, "height": 800})
    try:
        page.goto(lab_server.url)
        _run_all_cells(page)
        wait_until_drawn(page)
        check_insight_follows_the_ansatz(page, "playground-insight-lab-1280x800")
    except Exception:
        page.screenshot(path=str(ARTIFACTS / "playground-insight-lab-FAILED.png"))
        print(lab_server.log_tail())
        raise
    assert not browser_page.page_errors, browser_page.page_errors
    assert not browser_page.unexpected_console_errors(), browser_page.console_errors

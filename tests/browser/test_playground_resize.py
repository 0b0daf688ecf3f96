"""The Playground's figure follows the window size (Voila): a page opened at 1600x1400 and then
made smaller (a projector plugged in, a window resized) redraws its plotly figure to fit the pane.

plotly 6's anywidget ``FigureWidget`` gets no resize message from Voila or JupyterLab; without
plotly.js's ``responsive`` config the figure keeps the width it was first drawn at and the right
panels (accuracy, test point) are cut off.
"""

from __future__ import annotations

import re

import pytest

from .playground_page import ARTIFACTS, wait_until_drawn

pytestmark = pytest.mark.browser

#: The drawn figures (plotly's main svg: the live figure, then the views inside the model if
#: shown), the pane they live in, and the viewport, as [left, top, right, bottom] boxes.
_BOXES = """() => {
  const box = (el) => { const r = el.getBoundingClientRect();
                        return [r.left, r.top, r.right, r.bottom]; };
  const pane = document.querySelector('.qnnlab-figure-pane');
  const figures = [...pane.querySelectorAll('.js-plotly-plot')].map(
    (plot) => box(plot.querySelector('.main-svg')));
  return {figure: figures[0], figures: figures, pane: box(pane),
          viewport: [0, 0, window.innerWidth, 1e9]};
}"""
#: Every figure is inside its pane and the viewport, and fills most of the pane's width (so it
#: was laid out again, not merely clipped).
_FITS = f"""() => {{
  const b = ({_BOXES})();
  const [pl, , pr] = b.pane;
  return b.figures.every(([fl, , fr]) => fl >= pl - 1 && fr <= pr + 1
                         && fr <= b.viewport[2] + 1 && (fr - fl) >= 0.9 * (pr - pl));
}}"""
#: How long a resize may take to reach the figure.
_WAIT_MS = 5000
#: The sizes the page is made, in turn, after opening at 1600x1400.
_SMALLER = [(1280, 800), (1024, 640)]


def _wait_until_it_fits(page, when: str) -> dict:
    """Wait (up to ``_WAIT_MS``) until the figure fits; fail with the boxes if it never does."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_function(_FITS, timeout=_WAIT_MS)
    except PlaywrightTimeout:
        pytest.fail(f"{when}: the figure does not fit its pane within {_WAIT_MS} ms: "
                    f"{page.evaluate(_BOXES)}")
    return page.evaluate(_BOXES)


def test_figure_follows_window_resize(voila_app, browser_page):
    page = browser_page.page
    page.set_viewport_size({"width": 1600, "height": 1400})
    page.goto(voila_app.url)
    wait_until_drawn(page)
    page.get_by_label(re.compile("^Inside the model")).check()  # the second figure
    page.wait_for_function("document.querySelectorAll('.qnnlab-figure-pane .main-svg').length"
                           " > document.querySelector('.qnnlab-figure-pane .js-plotly-plot')"
                           ".querySelectorAll('.main-svg').length")
    wide = _wait_until_it_fits(page, "at 1600x1400")["figure"]
    for width, height in _SMALLER:
        page.set_viewport_size({"width": width, "height": height})
        try:
            boxes = _wait_until_it_fits(page, f"resized to {width}x{height}")
        finally:
            page.screenshot(path=str(ARTIFACTS / f"playground-resize-{width}x{height}.png"))
        assert boxes["figure"][2] <= width + 1, (width, boxes)
        assert boxes["figure"][2] - boxes["figure"][0] < wide[2] - wide[0], (
            f"at {width} px the figure is as wide as at 1600 px: {boxes} vs {wide}")
    assert browser_page.page_errors == []


#: Whether JupyterLab's left sidebar (the file browser) is open.
_SIDEBAR_OPEN = "document.querySelector('#jp-left-stack')?.offsetWidth > 150"


def _set_sidebar(page, open_: bool) -> None:
    if page.evaluate(_SIDEBAR_OPEN) != open_:
        page.keyboard.press("Control+B")  # View > Show Left Sidebar
    page.wait_for_function(_SIDEBAR_OPEN if open_ else f"!({_SIDEBAR_OPEN})")


def _select_kernel_if_asked(page) -> None:
    """Answer JupyterLab's "Select Kernel" dialog (it may come late, and more than once)."""
    page.wait_for_selector('.jp-Notebook-ExecutionIndicator[data-status="idle"]')
    for _ in range(10):
        page.wait_for_timeout(1000)
        dialog = page.locator(".jp-Dialog")
        if dialog.count() == 0:
            return
        dialog.get_by_role("button", name="Select").click()


@pytest.mark.timeout(420)
def test_figure_follows_sidebar_and_window_in_jupyterlab(lab_server, browser_page):
    from .test_browser_lab import _run_all_cells

    page = browser_page.page
    page.set_viewport_size({"width": 1600, "height": 1400})
    page.goto(lab_server.url)
    _select_kernel_if_asked(page)
    try:
        _run_all_cells(page)
    finally:
        page.screenshot(path=str(ARTIFACTS / "playground-resize-lab-opened.png"))
    wait_until_drawn(page)
    _set_sidebar(page, False)
    wide = _wait_until_it_fits(page, "JupyterLab at 1600x1400, sidebar closed")["figure"]
    _set_sidebar(page, True)  # the notebook gets narrower, the window does not change
    try:
        boxes = _wait_until_it_fits(page, "JupyterLab at 1600x1400 after opening the sidebar")
    finally:
        page.screenshot(path=str(ARTIFACTS / "playground-resize-lab-sidebar-1600x1400.png"))
    assert boxes["figure"][2] - boxes["figure"][0] < wide[2] - wide[0], (boxes, wide)
    for width, height in _SMALLER:
        page.set_viewport_size({"width": width, "height": height})
        try:
            _wait_until_it_fits(page, f"JupyterLab resized to {width}x{height}")
        finally:
            page.locator(".qnnlab-figure-pane .js-plotly-plot").first.scroll_into_view_if_needed()
            page.screenshot(path=str(ARTIFACTS / f"playground-resize-lab-{width}x{height}.png"))
    assert browser_page.page_errors == []

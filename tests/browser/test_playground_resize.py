"""The Playground's figure follows the window size (Voila): a page opened at 1600x1400 and then
made smaller (a projector plugged in, a window resized) redraws its plotly figure to fit the pane.

plotly 6's anywidget ``FigureWidget`` gets no resize message from Voila or JupyterLab; without
plotly.js's ``responsive`` config the figure keeps the width it was first drawn at and the right
panels (accuracy, test point) are cut off.
"""

from __future__ import annotations

import pytest

from .playground_page import ARTIFACTS, wait_until_drawn

pytestmark = pytest.mark.browser

#: The drawn figure (plotly's main svg), the pane it lives in, and the viewport, as
#: [left, top, right, bottom] boxes.
_BOXES = """() => {
  const box = (el) => { const r = el.getBoundingClientRect();
                        return [r.left, r.top, r.right, r.bottom]; };
  const figure = document.querySelector('.qnnlab-figure-pane .js-plotly-plot .main-svg');
  const pane = document.querySelector('.qnnlab-figure-pane');
  return {figure: box(figure), pane: box(pane), viewport: [0, 0, window.innerWidth, 1e9]};
}"""
#: The figure is inside its pane and the viewport, and fills most of the pane's width (so it was
#: laid out again, not merely clipped).
_FITS = f"""() => {{
  const b = ({_BOXES})();
  const [fl, , fr] = b.figure, [pl, , pr] = b.pane;
  return fl >= pl - 1 && fr <= pr + 1 && fr <= b.viewport[2] + 1 && (fr - fl) >= 0.9 * (pr - pl);
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

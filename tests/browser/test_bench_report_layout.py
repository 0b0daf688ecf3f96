"""The benchmark report at 1280 x 800 in headless Chromium: verdicts reachable without scrolling."""

from __future__ import annotations

import pytest

from qnnlab.bench.report import render

from .conftest import CHROMIUM_ARGS

pytestmark = pytest.mark.browser

WIDTH = 1280


def test_ranking_verdicts_fit_a_1280_px_window(chromium_path, tmp_path):
    from playwright.sync_api import sync_playwright
    from test_bench_report import synthetic_results  # tests/ is on sys.path under pytest

    results, curves, record = synthetic_results()
    page_file = tmp_path / "report.html"
    page_file.write_text(render(results, record, curves), encoding="utf-8")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": WIDTH, "height": 800})
            page.goto(page_file.as_uri())
            page.wait_for_selector("table.ranking td.verdict")
            rights = page.eval_on_selector_all(
                "table.ranking td.verdict",
                "cells => cells.map(c => c.getBoundingClientRect().right)")
            scroll_width = page.evaluate("document.documentElement.scrollWidth")
            page.screenshot(path=str(tmp_path / "report_1280.png"))
        finally:
            browser.close()
    assert len(rights) == len(results.groupby(["dataset_kwargs", "variant"]))
    assert max(rights) <= WIDTH, f"a verdict ends at {max(rights):.0f} px, beyond {WIDTH} px"
    assert scroll_width <= WIDTH, f"the page scrolls sideways: {scroll_width} px wide"

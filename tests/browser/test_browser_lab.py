"""The Playground notebook in JupyterLab, in headless Chromium: run it, train, pause."""

from __future__ import annotations

import pytest

from .playground_page import (
    ARTIFACTS,
    BrowserPage,
    Server,
    record_draw_receipts,
    train_pause_and_check,
)

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser"), pytest.mark.timeout(420)]


PROMPTS = "[...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')]"
ALL_CELLS_RAN = f"{PROMPTS}.every(e => /\\[\\d+\\]/.test(e.textContent))"
ALL_CELLS_STARTED = f"{PROMPTS}.every(e => /\\[(\\d+|\\*)\\]/.test(e.textContent))"
RUN_ALL_RETRY_MS = 30_000
KERNEL_DIALOG = "!!document.querySelector('.jp-Dialog')"


def _accept_kernel_dialog(page) -> None:
    # JupyterLab sometimes asks which kernel to use although the notebook names one.
    if page.evaluate(KERNEL_DIALOG):
        page.locator(".jp-Dialog .jp-mod-accept").first.click()
        page.wait_for_function(f"!{KERNEL_DIALOG}")


def _run_all_cells(page) -> None:
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

    page.wait_for_selector('.jp-Notebook-ExecutionIndicator[data-status="idle"]')
    for _ in range(4):  # a kernel dialog, or a busy page, may swallow "Run All Cells"
        _accept_kernel_dialog(page)
        page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
        page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()
        try:
            page.wait_for_function(f"({ALL_CELLS_STARTED}) || {KERNEL_DIALOG}",
                                   timeout=RUN_ALL_RETRY_MS)
        except PlaywrightTimeoutError:
            continue
        if page.evaluate(ALL_CELLS_STARTED):
            page.wait_for_function(ALL_CELLS_RAN)
            return
    raise AssertionError("JupyterLab did not run the cells")


def test_playground_trains_and_pauses_in_jupyterlab(lab_server: Server,
                                                    browser_page: BrowserPage) -> None:
    page = browser_page.page
    shot = ARTIFACTS / "playground_lab.png"
    try:
        receipts = record_draw_receipts(page)
        page.goto(lab_server.url)
        _run_all_cells(page)
        result = train_pause_and_check(page, shot)
    except Exception:
        page.screenshot(path=str(ARTIFACTS / "playground_lab_FAILED.png"))
        print(lab_server.log_tail())
        raise
    assert result["surface_changed"]
    # the page told the kernel which refreshes it had drawn (the Playground paces on them)
    assert len(set(receipts)) >= 3, receipts
    assert not browser_page.page_errors, browser_page.page_errors
    assert not browser_page.unexpected_console_errors(), browser_page.console_errors

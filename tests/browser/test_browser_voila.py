"""The workshop app (``qnnlab playground``, Voila) in headless Chromium: train, pause."""

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


def test_playground_app_trains_and_pauses_in_voila(voila_app: Server,
                                                   browser_page: BrowserPage) -> None:
    page = browser_page.page
    shot = ARTIFACTS / "playground_voila.png"
    try:
        receipts = record_draw_receipts(page)
        page.goto(voila_app.url)
        result = train_pause_and_check(page, shot)
    except Exception:
        page.screenshot(path=str(ARTIFACTS / "playground_voila_FAILED.png"))
        print(voila_app.log_tail())
        raise
    assert result["surface_changed"]
    # the page told the kernel which refreshes it had drawn (the Playground paces on them)
    assert len(set(receipts)) >= 3, receipts
    assert not browser_page.page_errors, browser_page.page_errors
    assert not browser_page.unexpected_console_errors(), browser_page.console_errors
    assert voila_app.extra["process"].poll() is None, "the server died during the test"

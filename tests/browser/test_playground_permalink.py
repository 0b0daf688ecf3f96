"""Permalinks, instructor mode and challenges in the workshop app (Voila), in headless Chromium.

- a link copied from a trained Playground, opened in a fresh page, shows the same settings and,
  after its replay, the same loss curve;
- a hidden control is absent from the page, a locked one is disabled, a tampered field is
  explained in the page (no traceback);
- a challenge shows its goal and, when training stops, its verdict with the reason.
"""

from __future__ import annotations

import re

import pytest

from .playground_page import ARTIFACTS, TRACE, set_slider, shown_epoch, wait_until_drawn

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser"), pytest.mark.timeout(420)]

LOSS = f"{TRACE}('quantum train loss').y"
EPOCHS = 3


def _readout(page, label: str) -> str:
    slider = page.locator(".widget-slider",
                          has=page.locator("label", has_text=re.compile(f"^{label}$")))
    return slider.locator(".widget-readout").inner_text().strip()


def _control(page, kind: str, label: str):
    return page.locator(f".widget-{kind}",
                        has=page.locator("label", has_text=re.compile(f"^{label}$")))


def _train_to_target(page, epochs: int) -> None:
    set_slider(page, "epochs", epochs)
    page.get_by_role("button", name="▶ Train", exact=True).click()
    page.get_by_text(re.compile(f"Reached the epoch target \\({epochs}\\)")).first.wait_for()
    page.wait_for_function(f"{TRACE}('quantum train loss').x.length === {epochs + 1}")


def _screenshots(page, name: str) -> None:
    page.locator(".qnnlab-pickers").evaluate("e => e.scrollTo(0, 0)")  # the goal and the link
    for width, height in ((1280, 800), (1024, 640)):
        page.set_viewport_size({"width": width, "height": height})
        page.wait_for_timeout(400)
        page.screenshot(path=str(ARTIFACTS / f"{name}-{width}x{height}.png"))


def test_copied_link_replays_settings_and_loss_curve(voila_app, browser_page):
    page = browser_page.page
    page.set_viewport_size({"width": 1280, "height": 800})
    try:
        page.goto(voila_app.url)
        wait_until_drawn(page)
        set_slider(page, "qubits", 2)
        set_slider(page, "layers", 1)
        page.wait_for_function(f"{TRACE}('quantum train loss').x.length === 1")
        _train_to_target(page, EPOCHS)
        original = page.evaluate(LOSS)
        page.get_by_role("button", name="Copy link").click()
        box = page.locator(".qnnlab-link input")
        page.wait_for_function("(el) => el.value.includes('epoch=')", arg=box.element_handle())
        link = box.input_value()
        assert link.startswith(voila_app.url.split("?")[0]), link
        assert "token" not in link and f"epoch={EPOCHS}" in link and "qubits=2" in link, link

        fresh = page.context.new_page()  # a fresh page (same browser: logged in by cookie)
        fresh.set_viewport_size({"width": 1280, "height": 800})
        fresh.goto(link)
        wait_until_drawn(fresh)
        fresh.wait_for_function(f"{TRACE}('quantum train loss').x.length === {EPOCHS + 1}")
        assert _readout(fresh, "qubits") == "2" and _readout(fresh, "layers") == "1"
        assert _readout(fresh, "epochs") == str(EPOCHS)
        assert shown_epoch(fresh) == EPOCHS
        replayed = fresh.evaluate(LOSS)
        assert replayed == pytest.approx(original, abs=1e-12), (original, replayed)
        assert fresh.get_by_text("Traceback").count() == 0
        _screenshots(fresh, "playground-permalink")
    except Exception:
        page.screenshot(path=str(ARTIFACTS / "playground-permalink_FAILED.png"))
        print(voila_app.log_tail())
        raise
    assert not browser_page.page_errors, browser_page.page_errors


def test_instructor_link_hides_locks_and_checks_a_challenge(voila_app, browser_page):
    page = browser_page.page
    page.set_viewport_size({"width": 1280, "height": 800})
    query = "&hide=noise_picker,test_point&lock=qubits&challenge=circles-12-params&layers=abc"
    try:
        page.goto(voila_app.url + query)
        wait_until_drawn(page)
        page.get_by_text(re.compile("Challenge")).first.wait_for()
        # hidden: not in the page at all; locked: disabled
        assert _control(page, "dropdown", "noise").count() == 0
        assert _control(page, "slider", "test point").count() == 0
        assert _control(page, "dropdown", "dataset").locator("select").is_disabled()
        qubits = _control(page, "slider", "qubits")
        assert qubits.locator(".widget-readout").get_attribute("contenteditable") == "false"
        # the tampered field is explained, with the default used
        page.get_by_text(re.compile("'layers' = 'abc' is not valid")).first.wait_for()
        assert _readout(page, "layers") == "2"
        _train_to_target(page, 1)
        page.wait_for_function(
            "(text) => document.querySelector('.qnnlab-challenge')?.textContent.includes(text)",
            arg="❌ Not allowed: 34 trainable parameters; the challenge allows at most 12.")
        assert page.get_by_text("Traceback").count() == 0
        _screenshots(page, "playground-challenge")
    except Exception:
        page.screenshot(path=str(ARTIFACTS / "playground-challenge_FAILED.png"))
        print(voila_app.log_tail())
        raise
    assert not browser_page.page_errors, browser_page.page_errors

"""Permalinks, instructor mode and challenges in the workshop app (Voila), in headless Chromium.

- a link copied from a trained Playground, opened in a fresh page, shows the same settings and,
  after its replay, the same loss curve;
- a hidden control is absent from the page, a locked one is disabled, a tampered field is
  explained in the page (no traceback);
- a challenge shows its goal and, when training stops, its verdict with the reason.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from .playground_page import ARTIFACTS, TRACE, set_slider, shown_epoch, wait_until_drawn

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser"), pytest.mark.timeout(420)]

LOSS = f"{TRACE}('quantum train loss').y"
EPOCHS = 3
SAMPLES = 120


def _readout(page, label: str) -> str:
    slider = page.locator(".widget-slider",
                          has=page.locator("label", has_text=re.compile(f"^{label}$")))
    return slider.locator(".widget-readout").inner_text().strip()


def _control(page, kind: str, label: str):
    return page.locator(f".widget-{kind}",
                        has=page.locator("label", has_text=re.compile(f"^{label}$")))


def _open(page, url: str) -> None:
    """Open the app and wait until it answers (a widget update arrives) before acting."""
    page.goto(url)
    wait_until_drawn(page)
    page.get_by_text(re.compile("Ready: press Train")).first.wait_for()


def _train_to_target(page, epochs: int) -> None:
    """Train to ``epochs`` with the page's controls; wait until the status says so."""
    set_slider(page, "epochs", epochs)
    page.get_by_text(f"Epoch 0 / {epochs}").first.wait_for()
    page.get_by_role("button", name="▶ Train", exact=True).click()
    page.get_by_text(re.compile(f"Reached the epoch target \\({epochs}\\)")).first.wait_for()


def _screenshots(page, name: str) -> None:
    page.locator(".qnnlab-pickers").evaluate("e => e.scrollTo(0, 0)")  # the goal and the link
    for width, height in ((1280, 800), (1024, 640)):
        page.set_viewport_size({"width": width, "height": height})
        page.wait_for_timeout(400)
        page.screenshot(path=str(ARTIFACTS / f"{name}-{width}x{height}.png"))


@contextmanager
def _evidence_on_failure(page, server, name: str) -> Iterator[None]:
    """On failure: a screenshot and the server's log.

    Also when pytest-timeout ends the test (its ``Failed`` is a BaseException); a screenshot
    that cannot be taken then is said, and the first error raised.
    """
    try:
        yield
    except BaseException:
        try:
            page.screenshot(path=str(ARTIFACTS / f"{name}_FAILED.png"), timeout=10_000)
        except Exception as error:  # the page may be what hangs
            print(f"(no screenshot: {error})")
        print(server.log_tail())
        raise


def test_copied_link_replays_settings_and_loss_curve(voila_app, browser_page):
    page = browser_page.page
    with _evidence_on_failure(page, voila_app, "playground-permalink"):
        _open(page, voila_app.url)
        set_slider(page, "qubits", 2)
        page.wait_for_function(f"{TRACE}('circuit trainable').y.length === 4")
        set_slider(page, "samples", SAMPLES)
        page.wait_for_function(f"{TRACE}('train points').x.length === {SAMPLES * 3 // 4}")
        set_slider(page, "batch size", 16)
        _train_to_target(page, EPOCHS)
        page.wait_for_function(f"{TRACE}('quantum train loss').x.length === {EPOCHS + 1}")
        original = page.evaluate(LOSS)
        page.get_by_role("button", name="Copy link").click()
        box = page.locator(".qnnlab-link input")
        page.wait_for_function("(el) => el.value.includes('epoch=')", arg=box.element_handle())
        link = box.input_value()
        page.context.grant_permissions(["clipboard-read", "clipboard-write"])
        page.locator(".qnnlab-clipboard").click()
        page.get_by_text("Copied to the clipboard").wait_for()
        assert page.evaluate("navigator.clipboard.readText()") == link
        assert link.startswith(voila_app.url.split("?")[0]), link
        assert "token" not in link and f"epoch={EPOCHS}" in link, link
        assert f"samples={SAMPLES}" in link and "batch_size=16" in link, link
        assert "qubits=2" in link, link

        fresh = page.context.new_page()  # a fresh page (same browser: logged in by cookie)
        fresh.goto(link)
        wait_until_drawn(fresh)
        fresh.wait_for_function(f"{TRACE}('quantum train loss').x.length === {EPOCHS + 1}")
        assert _readout(fresh, "samples") == str(SAMPLES) and _readout(fresh, "qubits") == "2"
        assert _readout(fresh, "batch size") == "16"
        assert _readout(fresh, "epochs") == str(EPOCHS)
        assert shown_epoch(fresh) == EPOCHS
        replayed = fresh.evaluate(LOSS)
        assert replayed == pytest.approx(original, abs=1e-12), (original, replayed)
        assert fresh.get_by_text("Traceback").count() == 0
        _screenshots(fresh, "playground-permalink")
    assert not browser_page.page_errors, browser_page.page_errors


def test_instructor_link_hides_locks_and_checks_a_challenge(voila_app, browser_page):
    page = browser_page.page
    query = "&hide=noise_picker,test_point&lock=qubits&challenge=circles-12-params&layers=abc"
    with _evidence_on_failure(page, voila_app, "playground-challenge"):
        _open(page, voila_app.url + query)
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
        page.wait_for_function(f"{TRACE}('quantum train loss').x.length === 2")
        page.wait_for_function(
            "(text) => document.querySelector('.qnnlab-challenge')?.textContent.includes(text)",
            arg="Not allowed: 34 trainable parameters; the challenge allows at most 12.")
        assert page.get_by_text("Traceback").count() == 0
        _screenshots(page, "playground-challenge")
    assert not browser_page.page_errors, browser_page.page_errors

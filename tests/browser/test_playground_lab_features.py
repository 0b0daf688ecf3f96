"""The Playground's teaching features in JupyterLab, in headless Chromium (issue 11, part 6).

The Voila app has its own tests (``test_playground_tasks.py``, ``test_playground_permalink.py``);
these run the same features from notebook cells, as a learner or an instructor writes them:

- ``Playground(dataset={"name": "sine"})`` trains (Train button): the fitted curve, the spectra
  and R² appear and change; then blobs (3 classes) trains and shows three class regions and its
  accuracy; at 1280x800 and 1024x640;
- ``Playground.from_json(original.to_json())`` and ``Playground.from_query(link)`` (the link the
  Copy link button wrote) restore the settings and replay the same loss curve as the original
  trained in the page;
- ``Playground(hide=[...], lock=[...], challenge=...)``: hidden controls are not in the page,
  locked ones are disabled and do not change when clicked or typed into, and the challenge says
  "not yet" with its reason, then "met", when training stops (the same verdicts as the Python
  API gives for the same run).

Each notebook's kernel is started by the server's REST API before the page opens it (no
"Select Kernel" dialog, see ``conftest.lab_notebook``); cells are run one at a time. A failed
step leaves a screenshot ``test-artifacts/playground-lab-*_FAILED.png`` and prints the server
log. Screenshots: ``test-artifacts/playground-lab-*.png`` (look at them).
"""

from __future__ import annotations

import re

import pytest

from .playground_page import ARTIFACTS, set_slider
from .test_playground_permalink import _evidence_on_failure
from .test_playground_tasks import EPOCHS, check_regression, check_three_classes

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser"), pytest.mark.timeout(300)]

SIZES = [(1280, 800), (1024, 640)]
IMPORT = "from qnnlab.widgets import Playground\n"
#: The code cells' prompts: "[3]:" once run, "[*]:" while running, "[ ]:" before.
_PROMPT = ".jp-InputPrompt"
_RAN = "(el) => /\\[\\d+\\]/.test(el.textContent)"
_LOSS = "(el) => el.data.find(t => t.meta === 'quantum train loss')?.y"


# ---------------------------------------------------------------------------- notebook helpers


def _cell(page, index: int):
    return page.locator(".jp-Notebook .jp-CodeCell").nth(index)


def _output(page, index: int):
    """The output area of code cell ``index`` (a Playground displayed there)."""
    return _cell(page, index).locator(".jp-OutputArea")


def _control(page, scope, kind: str, label: str):
    """The ``.widget-{kind}`` labelled ``label`` inside ``scope`` (one Playground's output)."""
    return scope.locator(f".widget-{kind}",
                         has=page.locator("label", has_text=re.compile(f"^{label}$")))


def _readout(page, scope, label: str) -> str:
    return _control(page, scope, "slider", label).locator(".widget-readout").inner_text().strip()


def _open_notebook(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector('.jp-Notebook-ExecutionIndicator[data-status="idle"]')
    assert page.locator(".jp-Dialog").count() == 0, page.locator(".jp-Dialog").inner_text()


def run_cell(page, index: int) -> None:
    """Run code cell ``index`` (click into it, Shift+Enter) and wait until it has run."""
    cell = _cell(page, index)
    cell.locator(".jp-InputArea-editor").click()
    page.keyboard.press("Shift+Enter")
    page.wait_for_function(_RAN, arg=cell.locator(_PROMPT).element_handle())
    errors = cell.locator(".jp-OutputArea-output[data-mime-type*='error']")
    assert errors.count() == 0, errors.first.inner_text()


def _plot(output):
    return output.locator(".js-plotly-plot").first


def _wait_for_epochs(page, output, epochs: int) -> list[float]:
    """Wait until the loss curve in ``output`` holds epochs 0..``epochs``; its values."""
    page.wait_for_function(f"(el) => ({_LOSS})(el)?.length === {epochs + 1}",
                           arg=_plot(output).element_handle())
    return _plot(output).evaluate(_LOSS)


def _train(page, output, epochs: int) -> None:
    """Press this Playground's Train; wait until it says it reached ``epochs``."""
    output.get_by_role("button", name="▶ Train", exact=True).click()
    output.get_by_text(re.compile(rf"Reached the epoch target \({epochs}\)")).first.wait_for()


def _inside_notebook(page, what: str, area: str) -> None:
    """Plot area ``area`` can be scrolled fully into the notebook's view (nothing cut off)."""
    rect = page.evaluate(
        "(id) => { const a = document.querySelector(`.js-plotly-plot .draglayer .${id} "
        ".nsewdrag`); a.scrollIntoView({block: 'center'}); const r = a.getBoundingClientRect();"
        " const n = document.querySelector('.jp-NotebookPanel-notebook')"
        ".getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom, n.left, n.top, "
        "n.right, n.bottom]; }", area)
    left, top, right, bottom, n_left, n_top, n_right, n_bottom = rect
    assert n_left <= left and right <= n_right + 1 and n_top <= top and bottom <= n_bottom + 1, (
        f"{what} at {rect[:4]} is not inside the notebook's view {rect[4:]}")


def _shoot(page, locator, name: str) -> None:
    """Screenshots at both sizes with ``locator`` scrolled to the top of the notebook."""
    for width, height in SIZES:
        page.set_viewport_size({"width": width, "height": height})
        page.wait_for_timeout(400)
        locator.evaluate("e => e.scrollIntoView({block: 'start'})")
        page.wait_for_timeout(300)
        page.screenshot(path=str(ARTIFACTS / f"{name}-{width}x{height}.png"))


def _no_errors(browser_page) -> None:
    assert browser_page.page.get_by_text("Error displaying widget").count() == 0
    assert browser_page.page.get_by_text("Traceback").count() == 0
    assert not browser_page.page_errors, browser_page.page_errors
    assert not browser_page.unexpected_console_errors(), browser_page.console_errors


# ---------------------------------------------------------------------------- the tests


@pytest.mark.parametrize("width, height", SIZES)
def test_regression_and_three_classes_train_in_jupyterlab(lab_server, lab_notebook, browser_page,
                                                          width, height):
    page = browser_page.page
    page.set_viewport_size({"width": width, "height": height})
    shot = f"playground-lab-tasks-{width}x{height}"
    url = lab_notebook("tasks.ipynb", [
        IMPORT + f'playground = Playground(dataset={{"name": "sine"}}, '
                 f'training={{"epochs": {EPOCHS}}})\nplayground'])
    with _evidence_on_failure(page, lab_server, shot):
        _open_notebook(page, url)
        run_cell(page, 0)
        check_regression(page, shot, placed=_inside_notebook)
        check_three_classes(page, shot, placed=_inside_notebook)
    _no_errors(browser_page)


def test_json_and_link_replay_the_loss_curve_in_jupyterlab(lab_server, lab_notebook,
                                                           browser_page):
    page = browser_page.page
    page.set_viewport_size({"width": 1280, "height": 800})
    epochs, samples = 3, 120
    url = lab_notebook("replay.ipynb", [
        IMPORT + f'original = Playground(dataset={{"n_samples": {samples}}}, '
                 f'ansatz={{"n_qubits": 2}}, training={{"batch_size": 16, "epochs": {epochs}}})'
                 "\noriginal",
        "replay = Playground.from_json(original.to_json())\nreplay",
        "link = original.instructor.link_box.text.value  # written by Copy link\n"
        "from_link = Playground.from_query(link)\nfrom_link"])
    with _evidence_on_failure(page, lab_server, "playground-lab-replay"):
        _open_notebook(page, url)
        run_cell(page, 0)
        original = _output(page, 0)
        _wait_for_epochs(page, original, 0)
        _train(page, original, epochs)
        losses = _wait_for_epochs(page, original, epochs)
        assert losses[-1] < losses[0], losses
        original.get_by_role("button", name="Copy link").click()
        box = original.locator(".qnnlab-link input")
        page.wait_for_function("(el) => el.value.includes('epoch=')", arg=box.element_handle())
        link = box.input_value()  # outside Voila the link is its query
        assert link == f"?samples={samples}&qubits=2&batch_size=16&epochs={epochs}&epoch={epochs}"
        for index in (1, 2):
            run_cell(page, index)
            replay = _output(page, index)
            replayed = _wait_for_epochs(page, replay, epochs)
            assert replayed == pytest.approx(losses, abs=1e-12), (index, losses, replayed)
            assert _readout(page, replay, "samples") == str(samples)
            assert _readout(page, replay, "qubits") == "2"
            assert _readout(page, replay, "batch size") == "16"
            assert _readout(page, replay, "epochs") == str(epochs)
            assert replay.get_by_text(re.compile(rf"Epoch {epochs} /")).count() > 0
        _shoot(page, _output(page, 1), "playground-lab-replay")
    _no_errors(browser_page)


def _reference_verdicts(settings: dict, first: int, second: int) -> tuple[str, str]:
    """The challenge's verdicts after ``first`` and then ``second`` epochs, from Python."""
    from qnnlab.widgets import Playground

    playground = Playground(**settings, training={"epochs": first})
    playground.train_epochs(first)
    early = playground.instructor.check_challenge().message
    playground.training_controls.value = {"epochs": second}
    playground.train_epochs(second - first)
    return early, playground.instructor.check_challenge().message


def _try_to_change_locked(page, output) -> None:
    """Drag, type into and choose from the locked qubits slider and data picker: no change.

    No key presses on the page (JupyterLab would read them as notebook shortcuts). Last, the
    data picker is enabled by hand in the page (as a tampering learner could): the kernel puts
    the locked value back and says so.
    """
    from playwright.sync_api import Error as PlaywrightError

    qubits = _control(page, output, "slider", "qubits")
    handle = qubits.locator(".noUi-handle").bounding_box()
    page.mouse.move(handle["x"] + handle["width"] / 2, handle["y"] + handle["height"] / 2)
    page.mouse.down()
    page.mouse.move(handle["x"] + 80, handle["y"] + handle["height"] / 2, steps=5)
    page.mouse.up()
    with pytest.raises(PlaywrightError, match="editable"):
        qubits.locator(".widget-readout").fill("3", timeout=2000)
    dataset = _control(page, output, "dropdown", "dataset").locator("select")
    with pytest.raises(PlaywrightError, match="not enabled|disabled"):
        dataset.select_option("moons", timeout=2000)
    page.wait_for_timeout(1000)  # a change would have reached the kernel and come back
    assert _readout(page, output, "qubits") == "2"
    assert dataset.input_value() == "xor"
    dataset.evaluate("select => { select.disabled = false; }")
    dataset.select_option("moons")
    output.get_by_text(re.compile("Locked by the instructor: .*dataset")).first.wait_for()
    page.wait_for_function("(el) => el.value === 'xor'", arg=dataset.element_handle())


def test_hidden_locked_controls_and_challenge_in_jupyterlab(lab_server, lab_notebook,
                                                            browser_page):
    page = browser_page.page
    page.set_viewport_size({"width": 1280, "height": 800})
    first, second = 2, 8
    settings = {"hide": ["noise_picker", "test_point"], "lock": ["qubits"],
                "challenge": "xor-2-qubits"}
    url = lab_notebook("instructor.ipynb", [
        IMPORT + f"playground = Playground(hide={settings['hide']}, lock={settings['lock']}, "
                 f"challenge={settings['challenge']!r}, training={{'epochs': {first}}})\n"
                 "playground"])
    early, met = _reference_verdicts(settings, first, second)
    assert early.startswith("Not yet") and met.startswith("Challenge met"), (early, met)
    with _evidence_on_failure(page, lab_server, "playground-lab-instructor"):
        _open_notebook(page, url)
        run_cell(page, 0)
        output = _output(page, 0)
        _wait_for_epochs(page, output, 0)
        banner = output.locator(".qnnlab-challenge")
        assert "Challenge (xor-2-qubits)" in banner.inner_text()
        # hidden: not in the page at all (the noise picker's controls, the test point slider)
        for kind, label in (("dropdown", "noise"), ("dropdown", "placement"),
                            ("dropdown", "device"), ("slider", "test point")):
            assert _control(page, output, kind, label).count() == 0, label
        assert _control(page, output, "slider", "layers").count() == 1  # the rest is there
        # locked: disabled, and clicking or typing changes nothing
        readout = _control(page, output, "slider", "qubits").locator(".widget-readout")
        assert readout.get_attribute("contenteditable") == "false"
        assert _control(page, output, "dropdown", "dataset").locator("select").is_disabled()
        _try_to_change_locked(page, output)
        # the challenge's verdict when training stops: not yet (with the reason), then met
        _train(page, output, first)
        banner.locator(".qnnlab-challenge-failed").wait_for()
        assert banner.locator(".qnnlab-challenge-failed").inner_text() == early
        _shoot(page, banner, "playground-lab-challenge-failed")
        page.set_viewport_size({"width": 1280, "height": 800})
        set_slider(page, "epochs", second)
        _train(page, output, second)
        banner.locator(".qnnlab-challenge-passed").wait_for()
        assert banner.locator(".qnnlab-challenge-passed").inner_text() == met
        _shoot(page, banner, "playground-lab-challenge-met")
    _no_errors(browser_page)


#: Each Playground figure's plotly svg against its pane, as [pane left, pane right, svg left,
#: svg right] (the views inside the model are not shown here).
_FIGURE_BOXES = """() => [...document.querySelectorAll('.qnnlab-figure-pane')].map((pane) => {
  const p = pane.getBoundingClientRect();
  const svg = pane.querySelector('.js-plotly-plot .main-svg')?.getBoundingClientRect();
  return [p.left, p.right, svg?.left ?? NaN, svg?.right ?? NaN]; })"""
_ALL_FIT = (f"() => ({_FIGURE_BOXES})().every(([pl, pr, sl, sr]) => sl >= pl - 1 && "
            "sr <= pr + 1 && sr - sl >= 0.9 * (pr - pl))")


def test_restored_playground_fits_its_pane_in_jupyterlab(lab_server, lab_notebook, browser_page):
    """A restored Playground below a trained one: its figure was drawn detached (plotly's
    default 700 px in a 522 px pane) until FigurePaneHook resized it."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    page = browser_page.page
    page.set_viewport_size({"width": 1280, "height": 800})
    url = lab_notebook("fit.ipynb", [
        IMPORT + 'original = Playground(dataset={"n_samples": 60}, ansatz={"n_qubits": 2}, '
                 'training={"epochs": 2})\noriginal',
        "replay = Playground.from_json(original.to_json())\nreplay"])
    with _evidence_on_failure(page, lab_server, "playground-lab-fit"):
        _open_notebook(page, url)
        run_cell(page, 0)
        _wait_for_epochs(page, _output(page, 0), 0)
        _train(page, _output(page, 0), 2)
        run_cell(page, 1)
        _wait_for_epochs(page, _output(page, 1), 2)
    try:
        page.wait_for_function(_ALL_FIT, timeout=5000)
    except PlaywrightTimeout:
        _output(page, 1).evaluate("e => e.scrollIntoView({block: 'start'})")
        page.screenshot(path=str(ARTIFACTS / "playground-lab-fit-1280x800.png"))
        pytest.fail(f"a figure does not fit its pane: {page.evaluate(_FIGURE_BOXES)}")

"""What both browser tests do with a Playground page (JupyterLab or the Voila app).

The figure's state is read from the plotly graph div in the page (``div.data``): each trace
carries its name in ``meta`` (see ``qnnlab.widgets.figures``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
#: Console messages known to be harmless offline (see shared/recipes/browser_test/README.md):
#: Voila's CDN font links, Voila's bundled JupyterLab core vs the extensions' versions.
HARMLESS_CONSOLE = re.compile(
    r"ERR_NAME_NOT_RESOLVED|ERR_INTERNET_DISCONNECTED|Failed to load resource|font|cdn|"
    r"Unsatisfied version|No version specified|favicon|ERR_CONNECTION_REFUSED.*(news|update)",
    re.IGNORECASE,
)


@dataclass
class Server:
    """A running server: the page to open and its log."""

    url: str
    log: Path
    extra: dict[str, Any] = field(default_factory=dict)

    def log_tail(self, n_chars: int = 3000) -> str:
        """The end of the server's log (printed when a test fails)."""
        text = self.log.read_text(errors="replace") if self.log.exists() else "(no log)"
        return text[-n_chars:]


@dataclass
class BrowserPage:
    """A Playwright page with the errors it reported."""

    page: Any
    page_errors: list[str]
    console_errors: list[str]

    def unexpected_console_errors(self) -> list[str]:
        return [m for m in self.console_errors if not HARMLESS_CONSOLE.search(m)]


def record_draw_receipts(page) -> list[str]:
    """The draw receipts (``FigurePaneHook``: "plotly has drawn update N") the page will send.

    Call before ``page.goto``: the list fills as the page sends them to the kernel.
    """
    stamps: list[str] = []

    def on_frame(payload: str | bytes) -> None:
        text = payload if isinstance(payload, str) else payload.decode("latin-1")
        stamps.extend(re.findall(r"qnnlab-drawn:\d+:\d+", text))

    page.on("websocket", lambda socket: socket.on("framesent", on_frame))
    return stamps


PLOT = "document.querySelector('.js-plotly-plot')"
TRACE = f"((name) => {PLOT}?.data?.find(t => t.meta === name))"
#: How many epochs must appear before Pause is pressed, and the epoch target set in the page
#: (with 600 points an epoch takes long enough that Pause arrives well before the target).
EPOCHS_BEFORE_PAUSE = 2
TARGET_EPOCHS = 200
N_SAMPLES = 600


def loss_points(page) -> int:
    return page.evaluate(f"{TRACE}('quantum train loss').x.length")


def surface_signature(page) -> str:
    return page.evaluate(f"JSON.stringify({TRACE}('surface').z)")


def shown_epoch(page) -> int:
    text = page.get_by_text(re.compile(r"Epoch \d+ /")).first.inner_text()
    return int(re.search(r"Epoch (\d+)", text).group(1))


def set_slider(page, label: str, value: int) -> None:
    """Type ``value`` into the readout of the slider labelled ``label`` (as a learner can)."""
    slider = page.locator(".widget-slider",
                          has=page.locator("label", has_text=re.compile(f"^{label}$")))
    readout = slider.locator(".widget-readout")
    readout.click()
    page.keyboard.press("Control+A")
    page.keyboard.type(str(value))
    page.keyboard.press("Enter")
    page.wait_for_function("([el, v]) => el.textContent.trim() === v",
                           arg=[readout.element_handle(), str(value)])


def wait_until_drawn(page) -> None:
    """The live figure is drawn: decision surface, data points and circuit present."""
    page.wait_for_function(
        f"{TRACE}('surface')?.z?.length > 0 && {TRACE}('train points')?.x?.length > 0"
        f" && {TRACE}('circuit trainable')?.x?.length > 0")
    page.get_by_role("button", name=re.compile("Train")).wait_for()


def train_pause_and_check(page, screenshot: Path) -> dict:
    """Press Train, watch curves and boundary change, press Pause, check it stopped."""
    wait_until_drawn(page)
    set_slider(page, "epochs", TARGET_EPOCHS)
    page.get_by_text(f"Epoch 0 / {TARGET_EPOCHS}").first.wait_for()
    set_slider(page, "samples", N_SAMPLES)  # a new dataset: the Playground resets
    n_train = N_SAMPLES - N_SAMPLES // 4
    page.get_by_text(f"{n_train} training and").first.wait_for()
    page.wait_for_function(f"{TRACE}('train points').x.length === {n_train}")
    # the reset redraws in chunks: the data points may arrive before the curves are cleared
    page.wait_for_function(f"{TRACE}('quantum train loss').x.length === 1")
    assert loss_points(page) == 1, "before training the curves hold epoch 0 only"
    before = surface_signature(page)
    page.get_by_role("button", name=re.compile("Train")).click()
    page.wait_for_function(f"{TRACE}('quantum train loss').x.length > {EPOCHS_BEFORE_PAUSE}")
    page.wait_for_function(f"(b) => JSON.stringify({TRACE}('surface').z) !== b", arg=before)
    page.get_by_role("button", name=re.compile("Pause")).click()
    page.get_by_text(re.compile(r"Paused after epoch \d+")).first.wait_for()
    stopped_at = loss_points(page) - 1  # the curves start at epoch 0
    page.wait_for_timeout(1500)
    assert loss_points(page) - 1 == stopped_at, "training went on after Pause"
    assert EPOCHS_BEFORE_PAUSE <= stopped_at < TARGET_EPOCHS, stopped_at
    assert shown_epoch(page) == stopped_at
    trained = surface_signature(page)
    assert trained != before
    noise_under_training(page, stopped_at)
    assert page.get_by_text("Error displaying widget").count() == 0
    page.locator(".js-plotly-plot").first.scroll_into_view_if_needed()
    page.screenshot(path=str(screenshot))
    return {"epochs": stopped_at, "surface_changed": trained != before}


def noise_under_training(page, epochs: int) -> None:
    """Choose a noise model after training: same weights re-evaluated, nothing retrained."""
    before = surface_signature(page)
    noise = page.locator(".widget-dropdown",
                         has=page.locator("label", has_text=re.compile(r"^noise$")))
    noise.locator("select").select_option("depolarizing")
    page.get_by_text(re.compile("no retraining")).first.wait_for()
    page.wait_for_function(f"(b) => JSON.stringify({TRACE}('surface').z) !== b", arg=before)
    assert loss_points(page) - 1 == epochs, "changing the noise retrained the model"

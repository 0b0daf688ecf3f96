"""Instructor mode of the Playground: hidden and locked controls, a challenge, the copy-link box.

``Playground(hide=[...], lock=[...], challenge=...)`` and the same fields in a link
(``?hide=noise_picker&lock=dataset``, as TensorFlow Playground's hide flags) end here. A hidden
control is removed from the page (not just made invisible); a locked one is disabled, and its
value is put back if anything changes it (a page message, a link, code). A link can add hidden
and locked controls, never take them away.

Examples
--------
>>> from qnnlab.widgets.playground import Playground
>>> pg = Playground(dataset={"n_samples": 60}, ansatz={"n_qubits": 2, "n_layers": 1},
...                 hide=["noise_picker"], lock=["qubits"])
>>> pg.ansatz_picker.qubits_slider.disabled, contains(pg, pg.noise_picker)
(True, False)
>>> pg.ansatz_picker.value = {"n_qubits": 3}  # locked: put back
>>> pg.ansatz_picker.value["n_qubits"]
2
"""

from __future__ import annotations

import asyncio
import html
from collections.abc import Iterable, Iterator
from typing import Any

import ipywidgets as widgets

from qnnlab.widgets.challenges import Challenge, ChallengeResult, get_challenge
from qnnlab.widgets.permalink import CONTROLS, FIELDS, SECTIONS, LinkState, check_controls, page_url

__all__ = ["Instructor", "LinkBox", "contains", "apply_link"]

#: The message line that says a locked control was put back (cleared when training starts).
LOCKED_NOTE = "locked"

#: Controls that come with another one (hidden or locked together).
_COMPANIONS = {"shots": ("noise_picker.shots_checkbox",)}
#: Settings sections -> the Playground's picker holding them.
_PICKERS = {"dataset": "dataset_picker", "encoding": "encoding_picker",
            "ansatz": "ansatz_picker", "noise": "noise_picker", "training": "training_controls"}
#: A button that copies the link (browser code in the page only; the text box works without it).
_CLIPBOARD = ('<button class="qnnlab-clipboard" data-link="{link}" style="font-size:11px;'
              'margin:2px 0" title="Copy the link to the clipboard" onclick="navigator.clipboard'
              ' &amp;&amp; navigator.clipboard.writeText(this.dataset.link).then(() =&gt; '
              '{{ this.textContent = \'Copied to the clipboard\'; }})">Copy to clipboard</button>')
_BANNER_STYLE = ("font-size:12px;line-height:1.35;color:#1d3b2a;background:#eaf6ee;"
                 "border-left:3px solid #2e7d32;padding:3px 8px;margin-bottom:4px")


def _resolve(root: Any, dotted: str) -> Any:
    target = root
    for part in dotted.split("."):
        target = getattr(target, part)
    return target


def _boxes(root: widgets.Widget) -> Iterator[widgets.Box]:
    if isinstance(root, widgets.Box):
        yield root
        for child in root.children:
            yield from _boxes(child)


def contains(root: widgets.Widget, widget: widgets.Widget) -> bool:
    """True if ``widget`` is ``root`` or inside it (in the page when ``root`` is shown).

    Examples
    --------
    >>> slider = widgets.IntSlider()
    >>> contains(widgets.VBox([widgets.HBox([slider])]), slider)
    True
    """
    return root is widget or any(widget in box.children for box in _boxes(root))


def _remove(root: widgets.Widget, widget: widgets.Widget) -> None:
    for box in _boxes(root):
        if widget in box.children:
            box.children = tuple(child for child in box.children if child is not widget)


def _leaves(widget: widgets.Widget) -> list[widgets.Widget]:
    """``widget`` itself, or every control with a ``disabled`` trait inside it."""
    if not isinstance(widget, widgets.Box):
        return [widget] if widget.has_trait("disabled") else []
    return [leaf for child in widget.children for leaf in _leaves(child)]


class LinkBox(widgets.VBox):
    """The "copy link" control: a button that writes the Playground's permalink into a text box.

    Examples
    --------
    >>> from qnnlab.widgets.playground import Playground
    >>> pg = Playground(dataset={"n_samples": 60}, ansatz={"n_qubits": 2, "n_layers": 1})
    >>> pg.instructor.link_box.button.click()
    >>> pg.instructor.link_box.text.value  # outside Voila, the query alone
    '?samples=60&qubits=2&layers=1'
    >>> 'data-link="?samples=60&amp;qubits=2&amp;layers=1"' in pg.instructor.link_box.note.value
    True
    """

    def __init__(self, playground: Any) -> None:
        self.playground = playground
        self.button = widgets.Button(description="Copy link", icon="link", tooltip=(
            "Write a link to these settings and this epoch below (select it and copy)"),
            layout=widgets.Layout(width="110px"))
        self.text = widgets.Text(placeholder="press Copy link", layout=widgets.Layout(
            width="200px"))
        self.text.add_class("qnnlab-link")
        self.note = widgets.HTML()
        self.button.on_click(lambda _button: self.update())
        super().__init__([widgets.HBox([self.button, self.text]), self.note],
                         layout=widgets.Layout(margin="0 0 6px 0"))

    def update(self) -> None:
        """Write the current permalink (and what it cannot replay) into the box."""
        pg = self.playground
        self.text.value = page_url(pg.permalink())
        notes = []
        session = pg.session
        if session is not None and session.marks:
            epochs = ", ".join(str(epoch) for epoch, _ in session.marks)
            notes.append(f"Settings changed during this run (epoch {epochs}): the link "
                         "replays today's settings from epoch 0, so its curves differ from "
                         "there on.")
        if session is not None and session.trainer.steps % session.trainer.steps_per_epoch:
            notes.append(f"Paused inside an epoch: the link replays to epoch {session.epoch}.")
        self.note.value = _CLIPBOARD.format(link=html.escape(self.text.value, quote=True)) + (
            "".join(f'<div style="font-size:11px;color:#555">{html.escape(n)}</div>'
                    for n in notes))


class Instructor:
    """Hidden and locked controls and the challenge of one Playground.

    Parameters
    ----------
    playground : Playground
        The Playground (built, with its layout).
    hide, lock : iterable of str
        Control names (see :data:`qnnlab.widgets.permalink.CONTROLS`).
    challenge : str or Challenge, optional
        The challenge shown above the controls and checked when training stops.

    Attributes
    ----------
    hidden, locked : set of str
        The hidden and locked control names.
    challenge : Challenge or None
    result : ChallengeResult or None
        The last verdict of the challenge.
    banner : ipywidgets.HTML
        The challenge's goal and verdict.
    link_box : LinkBox
        The copy-link control.
    """

    def __init__(self, playground: Any, hide: Iterable[str] = (), lock: Iterable[str] = (),
                 challenge: str | Challenge | None = None) -> None:
        self.playground = playground
        self.hidden: set[str] = set()
        self.locked: set[str] = set()
        self.challenge: Challenge | None = None
        self.result: ChallengeResult | None = None
        self._locked_values: dict[str, Any] = {}  # setting name -> its locked value
        self._watched: set[str] = set()
        self.banner = widgets.HTML(layout=widgets.Layout(display="none"))
        self.link_box = LinkBox(playground)
        self._insert_after(playground.cost_html, [self.banner, self.link_box])
        playground.stop_callbacks.append(self.check_challenge)
        if challenge is not None:
            self.set_challenge(challenge)
        self.hide(hide)
        self.lock(lock)

    def _insert_after(self, anchor: widgets.Widget, new: list[widgets.Widget]) -> None:
        for box in _boxes(self.playground):
            if anchor in box.children:
                children = list(box.children)
                at = children.index(anchor) + 1
                for widget in new:
                    widget.layout.flex = "0 0 auto"
                box.children = tuple(children[:at] + new + children[at:])
                return
        self.playground.children = (*new, *self.playground.children)

    def widgets_of(self, name: str) -> list[widgets.Widget]:
        """The widgets of control ``name`` (the control and its companions)."""
        dotted = [CONTROLS[name], *_COMPANIONS.get(name, ())]
        return [self.link_box if d == "link_box" else _resolve(self.playground, d)
                for d in dotted]

    def hide(self, names: Iterable[str]) -> None:
        """Remove the controls ``names`` from the page (ValueError for an unknown name)."""
        for name in check_controls(names, "hide"):
            self.hidden.add(name)
            for widget in self.widgets_of(name):
                _remove(self.playground, widget)

    def lock(self, names: Iterable[str]) -> None:
        """Disable the controls ``names`` and keep their values (ValueError for an unknown name)."""
        for name in check_controls(names, "lock"):
            self.locked.add(name)
            for widget in self.widgets_of(name):
                for leaf in _leaves(widget):
                    self._disable(leaf)
        settings = self.playground.settings()
        for name in self.locked_fields():
            if name not in self._locked_values:
                self._locked_values[name] = FIELDS[name].get(settings)
                self._watch(FIELDS[name].path[0])

    def _disable(self, widget: widgets.Widget) -> None:
        if widget.disabled:
            return
        widget.disabled = True
        widget.observe(lambda change: setattr(change["owner"], "disabled", True)
                       if not change["new"] else None, names="disabled")

    def _watch(self, section: str) -> None:
        if section in self._watched:
            return
        self._watched.add(section)
        if section in _PICKERS:
            model = getattr(self.playground, _PICKERS[section]).model
            model.observe(lambda _change: self._put_back(section), names="value")
        else:  # a setting of the Playground itself: its checkbox
            self.playground.classical_toggle.observe(lambda _change: self._put_back(section),
                                                     names="value")

    def _put_back(self, section: str) -> None:
        """Restore the locked settings of ``section`` soon after anything changed them.

        In a kernel (an event loop runs) the restore waits until the change that called this
        has finished: a page's change of the data picker runs through traitlets links (the
        dataset brings its default noise, linked to its slider), and a value put back in the
        middle of a link's update broke the link (TraitError) and left the page showing the
        changed value. Without an event loop (plain Python) it restores at once.
        """
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            self._restore_locked(section)
            return
        loop.call_soon(self._restore_locked, section)

    def _restore_locked(self, section: str) -> None:
        settings = self.playground.settings()
        changed = {name: value for name, value in self._locked_values.items()
                   if FIELDS[name].path[0] == section and FIELDS[name].get(settings) != value}
        if not changed:
            return
        for name, value in changed.items():
            FIELDS[name].put(settings, value)
        if section in _PICKERS:
            getattr(self.playground, _PICKERS[section]).model.set_value(settings[section])
        else:
            self.playground.classical_toggle.value = settings[section]
        self.playground.show_note(LOCKED_NOTE, f"Locked by the instructor: {', '.join(changed)} "
                                  "kept as it was.")

    def locked_fields(self) -> list[str]:
        """Setting names (see :data:`FIELDS`) whose control is locked."""
        locked = []
        for name, field_ in FIELDS.items():
            section = next((s for s, attr in SECTIONS.items()
                            if field_.control.startswith(attr + ".")), None)
            if name in self.locked or (section is not None and section in self.locked):
                locked.append(name)
        return locked

    # -- challenge ------------------------------------------------------------------------------

    def set_challenge(self, challenge: str | Challenge) -> None:
        """Show ``challenge`` above the controls, lock its controls, check it at every stop."""
        self.challenge = get_challenge(challenge)
        self.result = None
        self.lock(self.challenge.lock)
        self._show_banner()

    def check_challenge(self) -> ChallengeResult | None:
        """Check the challenge now (called when training stops); None without one."""
        if self.challenge is None:
            return None
        self.result = self.challenge.check(self.playground)
        self._show_banner()
        return self.result

    def _show_banner(self) -> None:
        challenge = self.challenge
        if challenge is None:
            self.banner.layout.display = "none"
            return
        text = f"<b>Challenge</b> ({html.escape(challenge.name)}): {html.escape(challenge.goal)}"
        if self.result is not None:  # in words and colour (emoji fonts are often missing)
            passed = self.result.passed
            text += (f'<br><span class="qnnlab-challenge-{"passed" if passed else "failed"}" '
                     f'style="font-weight:600;color:{"#1b5e20" if passed else "#b71c1c"}">'
                     f"{html.escape(self.result.message)}</span>")
        self.banner.value = f'<div class="qnnlab-challenge" style="{_BANNER_STYLE}">{text}</div>'
        self.banner.layout.display = None


def apply_link(playground: Any, state: LinkState, background: bool = False) -> list[str]:
    """Restore a link's state: settings (locked ones kept), instructor mode, then the replay.

    Returns the problems found (also shown in the Playground's message area). The replay to
    the link's epoch runs now, or with ``background`` as a task on the running event loop (the
    page stays responsive; without a loop it runs now anyway).

    Examples
    --------
    >>> from qnnlab.widgets.playground import Playground
    >>> pg = Playground(dataset={"n_samples": 60}, ansatz={"n_qubits": 2, "n_layers": 1},
    ...                 lock=["qubits"])
    >>> apply_link(pg, LinkState.parse_query("samples=80&qubits=3&layers=2"))
    ["'qubits' is locked by the instructor: kept at 2, not 3."]
    >>> pg.settings()["dataset"]["n_samples"], pg.settings()["ansatz"]["n_qubits"]
    (80, 2)
    """
    if state.is_empty:
        return []
    instructor = playground.instructor
    problems = list(state.problems)
    current = playground.settings()
    settings = state.settings
    for name in instructor.locked_fields():
        field_ = FIELDS[name]
        try:
            wanted, kept = field_.get(settings), field_.get(current)
        except KeyError:
            continue
        if wanted == kept:
            continue
        field_.put(settings, kept)
        if name in state.given:  # settings the link left out are no conflict
            problems.append(f"{name!r} is locked by the instructor: kept at "
                            f"{field_.format(kept)}, not {field_.format(wanted)}.")
    if state.challenge and instructor.challenge is not None and (
            state.challenge != instructor.challenge.name):
        problems.append(f"This Playground runs the challenge {instructor.challenge.name!r}; "
                        f"the link's {state.challenge!r} is ignored.")
    try:
        playground.set_settings(settings)
    except ValueError as error:
        problems.append(f"The link's settings could not be used ({error}); defaults kept.")
    if state.challenge and instructor.challenge is None:
        instructor.set_challenge(state.challenge)
    instructor.hide(state.hide)
    instructor.lock(state.lock)
    playground.show_note("link", " ".join(problems))
    if state.epoch and playground.valid:
        if background:
            playground.train_to(state.epoch)
        elif state.epoch > playground.state.epoch:
            playground.train_epochs(state.epoch - playground.state.epoch)
    return problems

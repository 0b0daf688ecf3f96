"""Shared parts of the pickers: a traitlets model apart from its ipywidgets view.

A picker is two objects. Its *model* (a :class:`PickerModel`, plain ``traitlets.HasTraits``) holds
the learner's choices as traits and derives from them ``value`` (a plain dict the core accepts),
``valid``, ``error`` and a one-line ``explanation``. Its *view* (a :class:`Picker`, an ipywidgets
``VBox``) shows controls linked to the model's traits with ``traitlets.link`` plus the explanation
and a visible message when the choice cannot work. Tests drive either side.

Examples
--------
>>> freeze({"b": [1, 2], "a": {"x": 1}})
(('a', (('x', 1),)), ('b', (1, 2)))
"""

from __future__ import annotations

import functools
import html
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any, ClassVar, TypeVar

import ipywidgets as widgets
import traitlets
from traitlets import Bool, Dict, Enum, HasTraits, Unicode

from qnnlab._validation import check_choice

__all__ = ["PickerModel", "Picker", "freeze", "memoize", "error_text", "muted_html",
           "section_title", "plural"]

R = TypeVar("R")

#: CSS of the one-line explanation under a picker.
_EXPLANATION_STYLE = "color:#555;font-size:12px;line-height:1.35"
#: CSS of the message shown when a choice cannot work.
_ERROR_STYLE = (
    "color:#9b1c1c;background:#fdecea;border-left:3px solid #d93025;padding:3px 6px;"
    "font-size:12px;line-height:1.35"
)


def freeze(obj: Any) -> Hashable:
    """A hashable, order-independent copy of nested dicts/lists (a cache key).

    Examples
    --------
    >>> freeze({"n_qubits": 2, "options": {"topology": "ring"}})
    (('n_qubits', 2), ('options', (('topology', 'ring'),)))
    >>> freeze({"a": 1, "b": [2, 3]}) == freeze({"b": [2, 3], "a": 1})  # order does not matter
    True
    """
    if isinstance(obj, Mapping):
        return tuple(sorted((str(k), freeze(v)) for k, v in obj.items()))
    if isinstance(obj, (list, tuple)):
        return tuple(freeze(v) for v in obj)
    return obj


def memoize(maxsize: int = 256) -> Callable[[Callable[..., R]], Callable[..., R]]:
    """Cache a keyword-only function on :func:`freeze` of its arguments (dicts allowed).

    Examples
    --------
    >>> calls = []
    >>> @memoize()
    ... def double(*, x):
    ...     calls.append(x)
    ...     return 2 * x
    >>> double(x=2), double(x=2), calls
    (4, 4, [2])
    """

    def decorate(fn: Callable[..., R]) -> Callable[..., R]:
        cache: OrderedDict[Hashable, R] = OrderedDict()

        @functools.wraps(fn)
        def wrapper(**kwargs: Any) -> R:
            key = freeze(kwargs)
            if key in cache:
                cache.move_to_end(key)
                return cache[key]
            result = fn(**kwargs)
            cache[key] = result
            if len(cache) > maxsize:
                cache.popitem(last=False)
            return result

        wrapper.cache_clear = cache.clear  # type: ignore[attr-defined]
        return wrapper

    return decorate


def plural(count: int, noun: str) -> str:
    """``count`` and ``noun``, with an ``s`` unless the count is one.

    Examples
    --------
    >>> plural(1, "qubit"), plural(3, "qubit"), plural(0, "training point")
    ('1 qubit', '3 qubits', '0 training points')
    """
    return f"{count} {noun}{'' if count == 1 else 's'}"


def error_text(error: BaseException) -> str:
    """The message of ``error`` for a learner: the text only, never a traceback.

    Examples
    --------
    >>> error_text(ValueError("n_qubits must be an integer >= 1; got 0"))
    'n_qubits must be an integer >= 1; got 0'
    >>> error_text(KeyError("encoding"))  # other errors keep their type
    "KeyError: 'encoding'"
    """
    text = str(error).strip() or type(error).__name__
    return text if isinstance(error, ValueError) else f"{type(error).__name__}: {text}"


def muted_html(text: str) -> str:
    """HTML of a grey explanation line.

    Examples
    --------
    >>> muted_html("2 qubits <= 4 features")
    '<div style="color:#555;...">2 qubits &lt;= 4 features</div>'
    """
    return f'<div style="{_EXPLANATION_STYLE}">{html.escape(text)}</div>'


def _error_html(text: str) -> str:
    return f'<div class="qnnlab-error" style="{_ERROR_STYLE}">{html.escape(text)}</div>'


def section_title(text: str) -> widgets.HTML:
    """A small bold heading for one picker.

    Examples
    --------
    >>> section_title("Noise").value
    '<b style="font-size:13px">Noise</b>'
    """
    return widgets.HTML(f'<b style="font-size:13px">{html.escape(text)}</b>')


class PickerModel(HasTraits):
    """State of a picker, independent of any widget.

    Subclasses list their choice traits in ``choice_traits`` (these make up ``value``) and the
    traits they only read from other pickers in ``context_traits``; they implement
    :meth:`make_value`, :meth:`find_problem` and :meth:`explain`, and may override
    :meth:`traits_from_value`. Assigning ``value`` (a full or partial dict) sets the choices.

    Examples
    --------
    >>> class QubitsModel(PickerModel):
    ...     n_qubits = traitlets.Int(2)
    ...     choice_traits = ("n_qubits",)
    ...     def make_value(self):
    ...         return {"n_qubits": self.n_qubits}
    ...     def find_problem(self, value):
    ...         return "" if value["n_qubits"] <= 20 else "Too many qubits for this laptop."
    ...     def explain(self, value):
    ...         return f"{2 ** value['n_qubits']} amplitudes."
    >>> model = QubitsModel()
    >>> model.value, model.explanation
    ({'n_qubits': 2}, '4 amplitudes.')
    >>> model.value = {"n_qubits": 30}
    >>> model.valid, model.error
    (False, 'Too many qubits for this laptop.')
    """

    value = Dict(help="The current choice as a plain dict of keyword arguments for the core.")
    valid = Bool(True, help="False when the choice cannot work (see ``error``).")
    error = Unicode("", help="Why the choice cannot work, in plain words; empty when valid.")
    explanation = Unicode("", help="One line for learners about the current choice.")
    details = Unicode("", help="A second line: live resource counts or sizes, when known.")

    choice_traits: ClassVar[tuple[str, ...]] = ()
    context_traits: ClassVar[tuple[str, ...]] = ()

    def __init__(self, **traits: Any) -> None:
        self._quiet = False
        value = traits.pop("value", None)
        super().__init__(**traits)
        self.observe(self._on_setting, names=[*self.choice_traits, *self.context_traits])
        self.observe(self._on_value, names="value")
        if value is not None:
            self.set_value(value)
        self.refresh()

    # -- to implement ---------------------------------------------------------------------------

    def make_value(self) -> dict[str, Any]:
        """The plain dict of the current choice."""
        raise NotImplementedError

    def find_problem(self, value: dict[str, Any]) -> str:
        """Why ``value`` cannot work (with the context), or ``""``."""
        raise NotImplementedError

    def explain(self, value: dict[str, Any]) -> str:
        """One line for learners about ``value``."""
        raise NotImplementedError

    def compute_details(self, value: dict[str, Any], problem: str) -> str:
        """The ``details`` line (resource counts...); ``""`` by default."""
        return ""

    def traits_from_value(self, value: Mapping[str, Any]) -> dict[str, Any]:
        """Trait assignments that produce ``value`` (keys missing from ``value`` stay)."""
        return dict(value)

    # -- machinery ------------------------------------------------------------------------------

    @contextmanager
    def _hold(self) -> Iterator[None]:
        previous, self._quiet = self._quiet, True
        try:
            yield
        finally:
            self._quiet = previous

    def set_value(self, value: Mapping[str, Any]) -> None:
        """Set the choices from a (possibly partial) dict, then refresh once.

        Raises
        ------
        ValueError
            For a key this picker does not know, or a choice not among the valid ones.
        """
        updates = self.traits_from_value(value)
        unknown = [k for k in updates if k not in self.choice_traits]
        if unknown:
            raise ValueError(
                f"{type(self).__name__} got unknown setting(s) {unknown}; "
                f"valid: {list(self.choice_traits)}"
            )
        traits = self.traits()
        for name, new in updates.items():
            if isinstance(traits[name], Enum):
                check_choice(name.replace("_", " "), new, traits[name].values)
        with self._hold():
            for name in self.choice_traits:  # in declaration order: dependants come later
                if name in updates:
                    setattr(self, name, updates[name])
        self.refresh()

    def refresh(self) -> None:
        """Recompute ``value``, ``valid``, ``error`` and ``explanation`` from the choices."""
        value = self.make_value()
        try:
            problem = self.find_problem(value)
        except Exception as error:  # a learner never sees a traceback
            problem = error_text(error)
        explanation = _safe_text(self.explain, value)
        details = _safe_text(self.compute_details, value, problem)
        with self._hold(), self.hold_trait_notifications():
            self.error = problem
            self.valid = not problem
            self.explanation = explanation
            self.details = details
            self.value = value

    def _on_setting(self, _change: dict[str, Any]) -> None:
        if not self._quiet:
            self.refresh()

    def _on_value(self, change: dict[str, Any]) -> None:
        if not self._quiet:
            self.set_value(change["new"])


def _safe_text(fn: Callable[..., str], *args: Any) -> str:
    try:
        return fn(*args)
    except Exception:  # an explanation must never break the widget
        return ""


class Picker(widgets.VBox):
    """View of a :class:`PickerModel`: controls, an explanation and a message for bad choices.

    ``value`` and ``valid`` mirror the model's traits, so ``picker.observe(f, "value")`` works
    and ``picker.value = {...}`` sets the choices.

    Examples
    --------
    A view over the model of a training picker, with one slider:

    >>> from qnnlab.widgets.pickers import TrainingModel
    >>> model = TrainingModel()
    >>> slider = linked(widgets.IntSlider(min=1, max=128), model, "batch_size")
    >>> picker = Picker(model, "Training", [slider])
    >>> slider.value = 8  # as if the learner moved the slider
    >>> picker.value["batch_size"], picker.valid, picker.message
    (8, True, '')
    """

    value = Dict(help="Mirror of ``model.value``.")
    valid = Bool(True, help="Mirror of ``model.valid``.")

    def __init__(self, model: PickerModel, title: str, controls: Sequence[widgets.Widget],
                 **kwargs: Any) -> None:
        self.model = model
        self.explanation_html = widgets.HTML()
        self.message_html = widgets.HTML(layout=widgets.Layout(display="none"))
        self.extra_html = widgets.HTML()
        super().__init__(
            children=[section_title(title), *controls, self.explanation_html, self.extra_html,
                      self.message_html],
            **kwargs,
        )
        self.layout.margin = "0 0 8px 0"
        self._mirroring = False
        self._mirror_value()
        model.observe(self._mirror_value, names="value")
        self.observe(self._on_view_value, names="value")
        traitlets.dlink((model, "valid"), (self, "valid"))
        model.observe(self._show_status, names=["explanation", "error", "details"])
        self._show_status()

    @property
    def error(self) -> str:
        """Why the current choice cannot work, or ``""``."""
        return self.model.error

    @property
    def explanation(self) -> str:
        """The one-line explanation shown to the learner."""
        return self.model.explanation

    @property
    def message(self) -> str:
        """The visible message text (``""`` when none is shown)."""
        return self.model.error if self.message_html.layout.display != "none" else ""

    def _mirror_value(self, _change: Any = None) -> None:
        self._mirroring = True
        try:
            self.value = dict(self.model.value)
        finally:
            self._mirroring = False

    def _on_view_value(self, change: dict[str, Any]) -> None:
        if self._mirroring:
            return
        try:
            self.model.set_value(change["new"])
        finally:
            self._mirror_value()

    def _show_status(self, _change: Any = None) -> None:
        self.explanation_html.value = muted_html(self.model.explanation)
        self.extra_html.value = muted_html(self.model.details) if self.model.details else ""
        if self.model.error:
            self.message_html.value = _error_html(self.model.error)
            self.message_html.layout.display = None
        else:
            self.message_html.value = ""
            self.message_html.layout.display = "none"


def linked(control: widgets.Widget, model: HasTraits, name: str) -> widgets.Widget:
    """Link ``model.<name>`` both ways to ``control.value`` and return the control.

    The model's value wins at first; a slider's range widens to show any value the model holds
    (a slider would otherwise clamp it and change the model).

    Examples
    --------
    >>> from qnnlab.widgets.pickers import TrainingModel
    >>> model = TrainingModel(value={"epochs": 500})
    >>> slider = linked(widgets.IntSlider(min=1, max=200), model, "epochs")
    >>> slider.value, slider.max  # the range widened to keep 500
    (500, 500)
    >>> slider.value = 40
    >>> model.epochs
    40
    """
    if hasattr(control, "max") and hasattr(control, "min"):
        def widen(change: dict[str, Any]) -> None:
            value = change["new"]
            if value is not None and value > control.max:
                control.max = value
            if value is not None and value < control.min:
                control.min = value

        widen({"new": getattr(model, name)})
        model.observe(widen, names=name)
    traitlets.link((model, name), (control, "value"))
    return control


def show_if(control: widgets.Widget, visible: bool) -> None:
    """Show or hide a control without removing it from its box.

    Examples
    --------
    >>> checkbox = widgets.Checkbox(description="finite shots")
    >>> show_if(checkbox, False)
    >>> checkbox.layout.display
    'none'
    """
    control.layout.display = None if visible else "none"


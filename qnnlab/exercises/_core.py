"""The small framework every exercise check is built from."""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

_SOLUTIONS: dict[str, str] = {}


@dataclass(frozen=True)
class Feedback:
    """The verdict of an exercise check.

    Attributes
    ----------
    passed : bool
        Whether the answer is right.
    message : str
        What is right, or what is wrong.
    hint : str
        A nudge towards the answer (wrong answers only).
    """

    passed: bool
    message: str
    hint: str = ""

    def __bool__(self) -> bool:
        return self.passed

    def __repr__(self) -> str:
        mark = "✅" if self.passed else "❌"
        text = f"{mark} {self.message}"
        if self.hint and not self.passed:
            text += f"\n💡 Hint: {self.hint}"
        return text

    def _repr_html_(self) -> str:
        colour = "#1a7f37" if self.passed else "#cf222e"
        mark = "✅" if self.passed else "❌"
        body = f"<b style='color:{colour}'>{mark} {html.escape(self.message)}</b>"
        if self.hint and not self.passed:
            body += f"<br>💡 <i>Hint:</i> {html.escape(self.hint)}"
        style = f"padding:4px 8px;white-space:pre-line;border-left:4px solid {colour}"
        return f"<div style='{style}'>{body}</div>"


def check_equal(answer: Any, expected: Any, *, right: str, wrong: str, hint: str = "") -> Feedback:
    """Feedback for an exact answer (``None`` means "not answered yet")."""
    if answer is None or answer is Ellipsis:
        return Feedback(False, "No answer yet: replace the ... / None with your answer.", hint)
    if answer == expected:
        return Feedback(True, right)
    return Feedback(False, wrong.format(answer=answer, expected=expected), hint)


def check_close(
    answer: Any, expected: Any, *, right: str, wrong: str, hint: str = "", atol: float = 1e-6
) -> Feedback:
    """Feedback for a numeric answer (scalar or array) within ``atol`` of ``expected``."""
    if answer is None or answer is Ellipsis:
        return Feedback(False, "No answer yet: replace the ... / None with your answer.", hint)
    try:
        a = np.asarray(answer, dtype=complex)
        e = np.asarray(expected, dtype=complex)
    except (TypeError, ValueError):
        return Feedback(False, f"Expected a number or an array of numbers; got {answer!r}.", hint)
    if a.shape != e.shape:
        return Feedback(False, f"Expected shape {e.shape}; got shape {a.shape}.", hint)
    if np.allclose(a, e, atol=atol):
        return Feedback(True, right)
    return Feedback(False, wrong.format(answer=answer, expected=expected), hint)


def solution(exercise: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register the decorated function's source as the solution of ``exercise``."""

    def register(func: Callable[..., Any]) -> Callable[..., Any]:
        import inspect
        import textwrap

        _SOLUTIONS[exercise] = textwrap.dedent(inspect.getsource(func))
        return func

    return register


def add_solution(exercise: str, text: str) -> None:
    """Register ``text`` (code or prose) as the solution of ``exercise``."""
    _SOLUTIONS[exercise] = text


class _Solution:
    def __init__(self, exercise: str, text: str) -> None:
        self.exercise, self.text = exercise, text

    def __repr__(self) -> str:
        return f"Solution of {self.exercise}:\n{self.text}"

    def _repr_html_(self) -> str:
        return (f"<details open><summary><b>Solution of {html.escape(self.exercise)}</b>"
                f"</summary><pre>{html.escape(self.text)}</pre></details>")


def reveal(exercise: str) -> _Solution:
    """Show the solution of ``exercise`` (e.g. ``"1.2"`` for notebook 1, exercise 2)."""
    import importlib

    notebook = exercise.split(".")[0].zfill(2)
    try:
        importlib.import_module(f"qnnlab.exercises.nb{notebook}")
    except ModuleNotFoundError:
        pass
    if exercise not in _SOLUTIONS:
        valid = ", ".join(sorted(_SOLUTIONS)) or "none loaded"
        raise ValueError(f"No solution for exercise {exercise!r}. Known exercises: {valid}")
    return _Solution(exercise, _SOLUTIONS[exercise])

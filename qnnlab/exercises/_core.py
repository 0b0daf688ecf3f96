"""The small framework every exercise check is built from.

- :class:`Feedback`: the verdict of a check (prints and renders as a clear message).
- Reading answers: :data:`NO_ANSWER`, :func:`is_unanswered`, :func:`as_number`, :func:`as_int`,
  :func:`as_choice`, :func:`as_letter`, :func:`as_int_set`.
- Whole checks: :func:`check_number` (a number, with the feedback of known mistakes),
  :func:`check_choice` (one of a few named options), :func:`check_close` (numbers or arrays),
  :func:`check_equal` (exact answers).
- Known mistakes: :func:`match_mistake`.
- Solutions: :func:`solution`, :func:`add_solution`, :func:`reveal`.

Examples
--------
>>> check_number(12, 12, right="Right: 12.", hint="Count them.").passed
True
>>> check_number(None, 12, right="Right: 12.", hint="Count them.").message
'No answer yet: replace the ... / None with your answer.'
"""

from __future__ import annotations

import html
import numbers
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, TypeAlias

import numpy as np

_SOLUTIONS: dict[str, str] = {}

#: What every check says while its exercise still holds the ``...`` / ``None`` placeholder.
NO_ANSWER = "No answer yet: replace the ... / None with your answer."

#: A feedback message about a numeric answer: a template whose ``{value}`` field is replaced by
#: the learner's number as a float or int, and ``{answer}`` by the answer as given (write literal
#: braces as ``{{`` and ``}}``); or a function of the number that returns the message.
Message: TypeAlias = str | Callable[[float], str]

#: Known mistakes: wrong value -> message, or (wrong value, message) pairs, tried in order.
Mistakes: TypeAlias = Mapping[float, Message] | Iterable[tuple[float, Message]]


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

    Examples
    --------
    >>> Feedback(False, "Not 3: count the CNOTs again.", hint="One CNOT per pair of qubits.")
    ❌ Not 3: count the CNOTs again.
    💡 Hint: One CNOT per pair of qubits.
    >>> bool(Feedback(True, "Right: 4 CNOTs."))  # a Feedback is truthy when passed
    True
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


def is_unanswered(answer: Any) -> bool:
    """Whether ``answer`` is still the placeholder of the exercise (``None`` or ``...``).

    Examples
    --------
    >>> is_unanswered(...), is_unanswered(None), is_unanswered(0)
    (True, True, False)
    """
    return answer is None or answer is Ellipsis


def as_number(answer: Any, *, one_element: bool = False) -> float | None:
    """``answer`` as a float if it is one real number, else ``None``.

    Accepted: Python and NumPy real numbers and 0-d arrays or tensors (a torch tensor that
    requires grad too); with ``one_element=True`` also any array, tensor or list holding exactly
    one number. Booleans, strings and everything else give ``None``.

    Examples
    --------
    >>> as_number(0.5), as_number(np.float32(2)), as_number(np.array(3))
    (0.5, 2.0, 3.0)
    >>> as_number(True), as_number("0.5"), as_number([0.5])
    (None, None, None)
    >>> as_number([0.5], one_element=True)
    0.5
    """
    if isinstance(answer, (bool, np.bool_, str, bytes)):
        return None
    if isinstance(answer, numbers.Real):
        return float(answer)
    if hasattr(answer, "detach"):  # a torch tensor, possibly requiring grad
        answer = answer.detach()
    if not one_element and getattr(answer, "ndim", None) != 0:
        return None
    try:
        values = np.asarray(answer, dtype=float).ravel()
    except (TypeError, ValueError, RuntimeError):
        return None
    return float(values[0]) if values.size == 1 else None


def as_int(answer: Any, *, one_element: bool = False) -> int | None:
    """``answer`` as an int if it is a whole number (``56``, ``np.int64(56)``, ``56.0``), else None.

    Examples
    --------
    >>> as_int(56), as_int(56.0), as_int(np.int64(56))
    (56, 56, 56)
    >>> as_int(56.5), as_int(True), as_int("56")
    (None, None, None)
    """
    value = as_number(answer, one_element=one_element)
    return int(value) if value is not None and value.is_integer() else None


def _say(message: Message, value: float, answer: Any) -> str:
    """The text of ``message`` for the learner's ``value`` (read from ``answer``)."""
    return message(value) if callable(message) else message.format(value=value, answer=answer)


def match_mistake(
    value: float, mistakes: Mistakes, tol: float = 1e-6, answer: Any = None
) -> str | None:
    """The message of the first known mistake within ``tol`` of ``value``, or ``None``.

    Parameters
    ----------
    value : float
        The learner's number.
    mistakes : mapping or iterable of pairs
        Wrong value -> :data:`Message` (a template with ``{value}`` and ``{answer}``, or a
        function of the value).
    tol : float, default=1e-6
        Largest distance at which ``value`` counts as that mistake (``0``: exactly).
    answer : Any, optional
        The answer as given, for ``{answer}`` in the messages (default ``value``).

    Examples
    --------
    >>> mistakes = {0.75: "{value:g} is P(0), not <Z>.", -0.5: "Check the sign."}
    >>> match_mistake(0.751, mistakes, tol=5e-3)
    '0.751 is P(0), not <Z>.'
    >>> match_mistake(0.2, mistakes, tol=5e-3) is None
    True
    """
    pairs = mistakes.items() if isinstance(mistakes, Mapping) else mistakes
    for wrong, message in pairs:
        if abs(value - wrong) <= tol:
            return _say(message, value, value if answer is None else answer)
    return None


def check_number(
    answer: Any,
    expected: float,
    *,
    right: str,
    hint: str,
    mistakes: Mistakes = (),
    wrong: Message = "{value:g} is not the answer.",
    what: str = "a number",
    tol: float = 1e-6,
    mistake_tol: float | None = None,
    whole: bool = False,
    one_element: bool = False,
    valid: Callable[[float], bool] | None = None,
) -> Feedback:
    """Feedback for a numeric answer, naming the known mistakes it matches.

    In order: the placeholder gives :data:`NO_ANSWER`; an answer that is not a number (or not a
    whole one with ``whole=True``, or fails ``valid``) gives "Expected {what}; got ...";
    within ``tol`` of ``expected`` it is right; then the first of ``mistakes`` within
    ``mistake_tol`` gives its message; anything else gives ``wrong``. Every wrong answer comes
    with ``hint``.

    Parameters
    ----------
    answer : Any
        The learner's answer.
    expected : float
        The right value.
    right : str
        The message of a right answer.
    hint : str
        The hint shown with every wrong answer.
    mistakes : mapping or iterable of pairs, optional
        Known wrong values -> :data:`Message` (a template with ``{value}`` and ``{answer}``, or
        a function of the learner's value), tried in order.
    wrong : Message, default="{value:g} is not the answer."
        The message of any other wrong number.
    what : str, default="a number"
        What a valid answer is, for "Expected {what}; got ...".
    tol : float, default=1e-6
        Largest distance from ``expected`` that is still right (``0``: exactly).
    mistake_tol : float, optional
        Largest distance from a known mistake that is that mistake (default ``tol``).
    whole : bool, default=False
        Only whole numbers are valid (the value is then an ``int``).
    one_element : bool, default=False
        Also accept an array, tensor or list holding exactly one number (see :func:`as_number`).
    valid : callable, optional
        ``valid(value)`` is False for numbers that are no answer at all (e.g. negative counts).

    Examples
    --------
    >>> hint = "Two qubits have 2^2 amplitudes."
    >>> check_number(4, 4, right="Right: 4 amplitudes.", hint=hint, whole=True)
    ✅ Right: 4 amplitudes.
    >>> check_number(2, 4, right="Right.", hint=hint, whole=True,
    ...              mistakes={2: "{value} is the number of qubits."})
    ❌ 2 is the number of qubits.
    💡 Hint: Two qubits have 2^2 amplitudes.
    >>> print(check_number(4.5, 4, right="Right.", hint=hint, whole=True,
    ...                    what="a whole number of amplitudes").message)
    Expected a whole number of amplitudes; got 4.5.
    """
    if is_unanswered(answer):
        return Feedback(False, NO_ANSWER, hint)
    read = as_int if whole else as_number
    value = read(answer, one_element=one_element)
    if value is None or (valid is not None and not valid(value)):
        return Feedback(False, f"Expected {what}; got {answer!r}.", hint)
    if abs(value - expected) <= tol:
        return Feedback(True, right)
    message = match_mistake(value, mistakes, tol if mistake_tol is None else mistake_tol, answer)
    return Feedback(False, _say(wrong, value, answer) if message is None else message, hint)


def as_choice(answer: Any) -> str | None:
    """A text answer stripped and lower-cased, or ``None`` if ``answer`` is not a string.

    Examples
    --------
    >>> as_choice(" Local "), as_choice(1)
    ('local', None)
    """
    return answer.strip().lower() if isinstance(answer, str) else None


def as_letter(answer: Any) -> str | None:
    """A one-letter option as written in many ways (``"(B) "`` -> ``"b"``), else ``None``.

    Examples
    --------
    >>> as_letter("(B) "), as_letter("c"), as_letter(2)
    ('b', 'c', None)
    """
    text = as_choice(answer)
    return None if text is None else text.strip("()")


def as_int_set(answer: Any) -> set[int] | None:
    """The whole numbers of a list, set, range or array answer, or ``None`` if it is not one.

    Examples
    --------
    >>> sorted(as_int_set(range(-1, 2))), sorted(as_int_set(np.array([2.0, 1.0, 2.0])))
    ([-1, 0, 1], [1, 2])
    >>> as_int_set([0.5, 1]), as_int_set("0..3"), as_int_set(3)
    (None, None, None)
    """
    if isinstance(answer, (str, bytes)) or not isinstance(answer, (Iterable, np.ndarray)):
        return None
    values = {as_int(item) for item in np.asarray(list(answer), dtype=object).ravel()}
    return None if None in values else values


def check_choice(
    answer: Any,
    expected: str,
    *,
    right: str,
    hint: str,
    mistakes: Mapping[str, str],
    invalid: str | Callable[[Any], str],
    read: Callable[[Any], str | None] = as_choice,
) -> Feedback:
    """Feedback for a choice among a few named options, naming what is wrong with each.

    In order: the placeholder gives :data:`NO_ANSWER`; ``read(answer)`` equal to ``expected``
    is right; a key of ``mistakes`` gives its message; anything else (including ``None`` from
    ``read``) gives ``invalid``. Every wrong answer comes with ``hint``.

    Parameters
    ----------
    answer : Any
        The learner's answer.
    expected : str
        The right option, as ``read`` returns it.
    right : str
        The message of the right option.
    hint : str
        The hint shown with every wrong answer.
    mistakes : mapping
        Every other valid option -> why it is wrong.
    invalid : str or callable
        The message for an answer that is no option: a template with ``{answer}`` (e.g.
        ``"Answer with 'a' or 'b'; got {answer!r}."``) or a function of the answer.
    read : callable, default=as_choice
        Turns the answer into an option (or ``None``), e.g. normalising spelling.

    Examples
    --------
    >>> kwargs = dict(right="Right: local.", hint="Look at the plot.",
    ...               mistakes={"global": "The global cost has a barren plateau."},
    ...               invalid="Answer with 'global' or 'local'; got {answer!r}.")
    >>> check_choice(" Local", "local", **kwargs).passed
    True
    >>> check_choice("global", "local", **kwargs).message
    'The global cost has a barren plateau.'
    >>> check_choice(3, "local", **kwargs).message
    "Answer with 'global' or 'local'; got 3."
    """
    if is_unanswered(answer):
        return Feedback(False, NO_ANSWER, hint)
    choice = read(answer)
    if choice == expected:
        return Feedback(True, right)
    if choice in mistakes:
        return Feedback(False, mistakes[choice], hint)
    message = invalid(answer) if callable(invalid) else invalid.format(answer=answer)
    return Feedback(False, message, hint)


def check_equal(answer: Any, expected: Any, *, right: str, wrong: str, hint: str = "") -> Feedback:
    """Feedback for an exact answer (``None`` means "not answered yet").

    Examples
    --------
    >>> check_equal("amplitude", "amplitude", right="Right.", wrong="Not {answer}.").passed
    True
    """
    if is_unanswered(answer):
        return Feedback(False, NO_ANSWER, hint)
    if answer == expected:
        return Feedback(True, right)
    return Feedback(False, wrong.format(answer=answer, expected=expected), hint)


def check_close(
    answer: Any, expected: Any, *, right: str, wrong: str, hint: str = "", atol: float = 1e-6
) -> Feedback:
    """Feedback for a numeric answer (scalar or array) within ``atol`` of ``expected``.

    For one number with known mistakes, :func:`check_number` says more.

    Examples
    --------
    >>> check_close([0.5, 0.5], [0.5, 0.5], right="Right.", wrong="Not {answer}.").passed
    True
    >>> check_close([0.5], [0.5, 0.5], right="Right.", wrong="Not {answer}.").message
    'Expected shape (2,); got shape (1,).'
    """
    if is_unanswered(answer):
        return Feedback(False, NO_ANSWER, hint)
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
    """Register the decorated function's source as the solution of ``exercise``.

    Examples
    --------
    >>> @solution("0.1")
    ... def solve_0_1():
    ...     answer = 2**3  # amplitudes of 3 qubits
    >>> reveal("0.1")
    Solution of 0.1:
    @solution("0.1")
    def solve_0_1():
        answer = 2**3  # amplitudes of 3 qubits
    """

    def register(func: Callable[..., Any]) -> Callable[..., Any]:
        import inspect
        import textwrap

        _SOLUTIONS[exercise] = textwrap.dedent(inspect.getsource(func))
        return func

    return register


def add_solution(exercise: str, text: str) -> None:
    """Register ``text`` (code or prose) as the solution of ``exercise``.

    Examples
    --------
    >>> add_solution("0.2", "answer = 4  # one CNOT per pair of neighbours in a ring")
    >>> reveal("0.2")
    Solution of 0.2:
    answer = 4  # one CNOT per pair of neighbours in a ring
    """
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
    """Show the solution of ``exercise`` (e.g. ``"1.2"`` for notebook 1, exercise 2).

    The notebook's exercise module is imported on demand, so its solutions are found.

    Raises
    ------
    TypeError
        If ``exercise`` is not a string (``reveal(1.1)``: a float cannot tell 1.1 from 1.10).
    ValueError
        If no solution is registered for ``exercise``; the message lists the known ones.

    Examples
    --------
    >>> reveal("8.1")
    Solution of 8.1:
    picker_81.value = {"ansatz": "hardware_efficient", "n_qubits": 3, "n_layers": 4}
    ...
    >>> reveal("8.9")
    Traceback (most recent call last):
    ...
    ValueError: No solution for exercise '8.9'. Known exercises: ...
    >>> reveal(1.1)
    Traceback (most recent call last):
    ...
    TypeError: Write the exercise as a string in quotes, reveal("1.1"); got 1.1 (a float).
    """
    import importlib

    if not isinstance(exercise, str):
        raise TypeError(f'Write the exercise as a string in quotes, reveal("{exercise}"); got '
                        f"{exercise!r} (a {type(exercise).__name__}).")

    notebook = exercise.split(".")[0].zfill(2)
    try:
        importlib.import_module(f"qnnlab.exercises.nb{notebook}")
    except ModuleNotFoundError:
        pass
    if exercise not in _SOLUTIONS:
        valid = ", ".join(sorted(_SOLUTIONS)) or "none loaded"
        raise ValueError(f"No solution for exercise {exercise!r}. Known exercises: {valid}")
    return _Solution(exercise, _SOLUTIONS[exercise])

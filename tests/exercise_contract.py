"""What every exercise check promises, as assertions the per-notebook exercise tests share.

A check returns a :class:`~qnnlab.exercises.Feedback`: a right answer passes with a message
starting "Right"; a wrong one is rejected with its own message and a hint; the placeholder
(``None`` or ``...``) says "No answer yet"; the solution that ``reveal`` shows passes its check.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from qnnlab.exercises import Feedback, reveal

NO_ANSWER = "No answer yet"

Check = Callable[[Any], Feedback]


def assert_right(check: Check, right: Any) -> None:
    """``right`` passes ``check`` with a message that starts with "Right"."""
    feedback = check(right)
    assert isinstance(feedback, Feedback)
    assert feedback.passed, feedback
    assert feedback.message.startswith("Right")


def assert_wrong(check: Check, wrongs: Iterable[Any]) -> None:
    """Each of ``wrongs`` is rejected with a message of its own and a hint, in text and HTML."""
    for wrong in wrongs:
        feedback = check(wrong)
        assert not feedback.passed, (wrong, feedback)
        assert feedback.message and not feedback.message.startswith("Right"), wrong
        assert NO_ANSWER not in feedback.message
        assert len(feedback.hint) > 20, wrong
        assert "Hint" in repr(feedback) and "Hint" in feedback._repr_html_()


def assert_unanswered(check: Check, placeholder: Any) -> None:
    """The placeholder is not an answer: "No answer yet", with the hint."""
    feedback = check(placeholder)
    assert not feedback.passed
    assert feedback.message.startswith(NO_ANSWER)
    assert feedback.hint


def assert_solution_passes(exercise: str, check: Check, namespace: dict[str, Any]) -> None:
    """The code ``reveal(exercise)`` shows, run in ``namespace``, sets an answer that passes."""
    solution = reveal(exercise)
    assert f"Solution of {exercise}" in repr(solution)
    exec(solution.text, namespace)  # our own registered solution code
    assert check(namespace["answer"]).passed, solution.text

"""Self-checking exercises for the notebook sequence.

Each notebook ``NN`` has a module ``qnnlab.exercises.nbNN`` with one check function per exercise.
A check returns a :class:`Feedback` that prints (and renders in Jupyter) as a clear verdict:
a confirmation, or what is wrong and a hint. Solutions are revealed with :func:`reveal`.

The checks are built from the pieces of :mod:`qnnlab.exercises._core`: :func:`check_number`
(a number, naming the known mistakes it matches), :func:`check_choice` (one of a few named
options), :func:`check_close` and :func:`check_equal`, and the answer readers
:func:`is_unanswered`, :func:`as_number`, :func:`as_int` and :func:`as_choice`.

Examples
--------
>>> from qnnlab.exercises import Feedback
>>> Feedback(True, "Right: 4 qubits.")
✅ Right: 4 qubits.
"""

from qnnlab.exercises._core import (
    NO_ANSWER,
    Feedback,
    add_solution,
    as_choice,
    as_int,
    as_number,
    check_choice,
    check_close,
    check_equal,
    check_number,
    is_unanswered,
    match_mistake,
    reveal,
    solution,
)

__all__ = [
    "NO_ANSWER",
    "Feedback",
    "add_solution",
    "as_choice",
    "as_int",
    "as_number",
    "check_choice",
    "check_close",
    "check_equal",
    "check_number",
    "is_unanswered",
    "match_mistake",
    "reveal",
    "solution",
]

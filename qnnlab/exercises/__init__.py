"""Self-checking exercises for the notebook sequence.

Each notebook ``NN`` has a module ``qnnlab.exercises.nbNN`` with one check function per exercise.
A check returns a :class:`Feedback` that prints (and renders in Jupyter) as a clear verdict:
a confirmation, or what is wrong and a hint. Solutions are revealed with :func:`reveal`.

Examples
--------
>>> from qnnlab.exercises import Feedback
>>> Feedback(True, "Right: 4 qubits.")
✅ Right: 4 qubits.
"""

from qnnlab.exercises._core import Feedback, check_close, check_equal, reveal, solution

__all__ = ["Feedback", "check_close", "check_equal", "reveal", "solution"]

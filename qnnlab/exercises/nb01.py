"""Exercise checks for notebook 01, qubits and data encodings.

- 1.1 ``<Z>`` of ``RY(pi/3)|0>`` by hand: :func:`check_expval_ry`
- 1.2 the qubits amplitude encoding needs for 10 features: :func:`check_amplitude_qubits`
- 1.3 which encoding produced a given state: :func:`check_which_encoding`

Examples
--------
>>> check_amplitude_qubits(4)
✅ Right: 2^4 = 16 amplitudes hold the 10 features (padded with 6 zeros); 3 qubits hold only 8.
>>> check_amplitude_qubits(None).passed
False
"""

from __future__ import annotations

import math
import numbers
from typing import Any

from qnnlab import encodings
from qnnlab.exercises._core import Feedback, add_solution

__all__ = ["check_amplitude_qubits", "check_expval_ry", "check_which_encoding",
           "WHICH_ENCODING_FEATURES"]

_NO_ANSWER = "No answer yet: replace the ... / None with your answer."


def _unanswered(answer: Any) -> bool:
    return answer is None or answer is Ellipsis


def _as_number(answer: Any) -> float | None:
    """``answer`` as a float if it is a real number (not a bool), else None."""
    if isinstance(answer, bool) or not isinstance(answer, numbers.Real):
        try:  # a 0-d numpy array or torch tensor
            return float(answer) if getattr(answer, "ndim", None) == 0 else None
        except (TypeError, ValueError):
            return None
    return float(answer)


# --- 1.1 ---------------------------------------------------------------------------------------

_THETA = math.pi / 3


def check_expval_ry(answer: Any) -> Feedback:
    """Exercise 1.1: ``<Z>`` of the state ``RY(pi/3)|0>``, by hand (to 3 decimals).

    Examples
    --------
    >>> check_expval_ry(0.5).passed
    True
    >>> print(check_expval_ry(0.75).message)  # doctest: +ELLIPSIS
    0.75 is the probability P(0)...
    """
    expected = math.cos(_THETA)
    hint = (
        "RY(θ)|0> = cos(θ/2)|0> + sin(θ/2)|1>: square the amplitudes to get P(0) and P(1), "
        "then <Z> = P(0) - P(1)."
    )
    if _unanswered(answer):
        return Feedback(False, _NO_ANSWER, hint)
    value = _as_number(answer)
    if value is None:
        return Feedback(False, f"Expected a number between -1 and 1; got {answer!r}.", hint)
    if abs(value - expected) < 5e-3:
        return Feedback(True, "Right: <Z> = cos²(π/6) - sin²(π/6) = cos(π/3) = 0.5.")
    mistakes = [
        (math.cos(_THETA / 2) ** 2, f"{value:g} is the probability P(0) = cos²(π/6). <Z> weighs "
         "the outcomes with +1 and -1: <Z> = P(0) - P(1)."),
        (math.sin(_THETA / 2) ** 2, f"{value:g} is the probability P(1) = sin²(π/6). <Z> is "
         "P(0) - P(1)."),
        (math.sin(_THETA), f"{value:g} = sin(π/3) is <X> of this state (the Bloch vector's x "
         "component). <Z> is its z component."),
        (math.cos(_THETA / 2), f"{value:g} = cos(π/6) is the amplitude of |0>, not an "
         "expectation value: square the amplitudes to get probabilities first."),
        (-expected, "Check the sign: RY(π/3) tips the state only a third of the way from |0> "
         "(<Z> = +1) towards |1> (<Z> = -1), so <Z> is still positive."),
        (math.cos(_THETA * 180 / math.pi), "Looks like a cosine of π/3 taken in degrees; use "
         "radians (π/3 = 60°)."),
    ]
    for value_of_mistake, message in mistakes:
        if abs(value - value_of_mistake) < 5e-3:
            return Feedback(False, message, hint)
    if not -1 <= value <= 1:
        return Feedback(False, f"{value:g} cannot be <Z>: expectation values of Z lie in "
                        "[-1, 1].", hint)
    return Feedback(False, f"{value:g} is not <Z> of RY(π/3)|0>.", hint)


add_solution(
    "1.1",
    "RY(θ)|0> = cos(θ/2)|0> + sin(θ/2)|1> with θ = π/3:\n"
    "P(0) = cos²(π/6) = 3/4, P(1) = sin²(π/6) = 1/4,\n"
    "<Z> = (+1)·P(0) + (-1)·P(1) = 3/4 - 1/4 = 0.5   (= cos θ).\n\n"
    "Check with PennyLane:\n"
    "    dev = qml.device('default.qubit', wires=1)\n"
    "    qml.QNode(lambda: (qml.RY(np.pi / 3, 0), qml.expval(qml.PauliZ(0)))[1], dev)()",
)

# --- 1.2 ---------------------------------------------------------------------------------------

_N_FEATURES = 10


def check_amplitude_qubits(answer: Any) -> Feedback:
    """Exercise 1.2: how many qubits does amplitude encoding need for 10 features?

    Examples
    --------
    >>> print(check_amplitude_qubits(10).message)  # doctest: +ELLIPSIS
    That is one qubit per feature...
    """
    d = _N_FEATURES
    expected = encodings.get("amplitude").qubits_for(d)
    hint = (
        "n qubits have 2^n amplitudes. Find the smallest n with 2^n >= 10 (the unused "
        "amplitudes are padded with zeros): n = ceil(log2(10))."
    )
    if _unanswered(answer):
        return Feedback(False, _NO_ANSWER, hint)
    value = _as_number(answer)
    if value is None:
        return Feedback(False, f"Expected a whole number of qubits; got {answer!r}.", hint)
    if not value.is_integer():
        return Feedback(
            False,
            f"{value:g} is not a whole number of qubits. log2(10) = 3.32, and qubits come in "
            "whole numbers: round up.",
            hint,
        )
    n = int(value)
    if n == expected:
        return Feedback(
            True,
            f"Right: 2^{n} = {2**n} amplitudes hold the {d} features (padded with "
            f"{2**n - d} zeros); {n - 1} qubits hold only {2 ** (n - 1)}.",
        )
    mistakes = {
        d: "That is one qubit per feature, as in angle encoding. Amplitude encoding stores the "
        "features in the 2^n amplitudes of the state, exponentially many in n.",
        math.ceil(d / 2): "That is dense angle encoding (two features per qubit). Amplitude "
        "encoding packs far more: 2^n features on n qubits.",
        expected - 1: f"{n} qubits have only 2^{n} = {2**n} amplitudes: too few for {d} "
        "features. Round log2(10) = 3.32 up, not down.",
        2**expected: f"{n} is the number of amplitudes (2^{expected}), not of qubits.",
    }
    return Feedback(False, mistakes.get(n, f"{n} qubits is not the fewest that work."), hint)


add_solution(
    "1.2",
    "n qubits have 2^n amplitudes, so we need 2^n >= 10: n = ceil(log2(10)) = 4 qubits\n"
    "(16 amplitudes: the 10 normalised features and 6 zeros of padding).\n\n"
    "In code: qnnlab.encodings.get('amplitude').qubits_for(10)  # -> 4",
)

# --- 1.3 ---------------------------------------------------------------------------------------

#: The features of exercise 1.3, encoded on 2 qubits.
WHICH_ENCODING_FEATURES = (1.0, 2.0, 2.0, 0.0)


def check_which_encoding(answer: Any) -> Feedback:
    """Exercise 1.3: which encoding turns ``x = (1, 2, 2, 0)`` into ``P = (1/9, 4/9, 4/9, 0)``?

    Examples
    --------
    >>> check_which_encoding("Amplitude").passed
    True
    >>> check_which_encoding("angle").passed
    False
    """
    hint = (
        "Only two encodings fit 4 features on 2 qubits; work out what each of them gives, or "
        "compare the probabilities with the features 1, 2, 2, 0 (what is 1 + 4 + 4 + 0?)."
    )
    if _unanswered(answer):
        return Feedback(False, _NO_ANSWER, hint)
    if not isinstance(answer, str):
        return Feedback(False, f"Expected the encoding's name as a string, e.g. 'angle'; got "
                        f"{answer!r}.", hint)
    name = answer.strip().lower().replace(" encoding", "").replace(" ", "_").replace("-", "_")
    valid = encodings.available()
    if name == "amplitude":
        return Feedback(True, "Right: amplitude encoding normalises x to x/|x| = (1, 2, 2, 0)/3 "
                        "and uses it as the amplitudes, so P = (1, 4, 4, 0)/9.")
    one_per_qubit = (
        "takes one feature per qubit, so on 2 qubits it cannot even take 4 features (qnnlab "
        "refuses: try it). Only two encodings fit 4 features on 2 qubits."
    )
    mistakes = {
        "angle": f"Angle encoding {one_per_qubit}",
        "basis": f"Basis encoding {one_per_qubit} Besides, it gives one basis state with "
        "probability 1, never a spread of probabilities.",
        "iqp": f"IQP {one_per_qubit}",
        "reuploading": f"Re-uploading (repeated angle encoding) {one_per_qubit}",
        "dense_angle": "Dense angle encoding does fit 4 features on 2 qubits, but as RY and RZ "
        "angles of a product state: P(00) = cos²(x0/2)·cos²(x2/2) = cos²(0.5)·cos²(1) ≈ 0.22, "
        "not 1/9.",
    }
    if name in mistakes:
        return Feedback(False, mistakes[name], hint)
    return Feedback(False, f"{answer!r} is not one of the encodings {valid}.", hint)


add_solution(
    "1.3",
    "'amplitude': the probabilities are the squared features divided by their sum,\n"
    "(1, 4, 4, 0) / 9, so the features themselves (normalised) are the amplitudes.\n\n"
    "Check: qnode = build_qnode('amplitude', 'basic_entangler', n_qubits=2, n_layers=0,\n"
    "                           measurement='probs')\n"
    "       qnode(np.array([1.0, 2.0, 2.0, 0.0]), np.zeros(0))  # -> [0.111, 0.444, 0.444, 0]",
)

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
from typing import Any

from qnnlab import encodings
from qnnlab.exercises._core import Feedback, add_solution, as_choice, check_choice, check_number

__all__ = ["check_amplitude_qubits", "check_expval_ry", "check_which_encoding",
           "WHICH_ENCODING_FEATURES"]


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
    hint = (
        "RY(θ)|0> = cos(θ/2)|0> + sin(θ/2)|1>: square the amplitudes to get P(0) and P(1), "
        "then <Z> = P(0) - P(1)."
    )
    mistakes = [
        (math.cos(_THETA / 2) ** 2, "{value:g} is the probability P(0) = cos²(π/6). <Z> weighs "
         "the outcomes with +1 and -1: <Z> = P(0) - P(1)."),
        (math.sin(_THETA / 2) ** 2, "{value:g} is the probability P(1) = sin²(π/6). <Z> is "
         "P(0) - P(1)."),
        (math.sin(_THETA), "{value:g} = sin(π/3) is <X> of this state (the Bloch vector's x "
         "component). <Z> is its z component."),
        (math.cos(_THETA / 2), "{value:g} = cos(π/6) is the amplitude of |0>, not an "
         "expectation value: square the amplitudes to get probabilities first."),
        (-math.cos(_THETA), "Check the sign: RY(π/3) tips the state only a third of the way "
         "from |0> (<Z> = +1) towards |1> (<Z> = -1), so <Z> is still positive."),
        (math.cos(_THETA * 180 / math.pi), "Looks like a cosine of π/3 taken in degrees; use "
         "radians (π/3 = 60°)."),
    ]
    return check_number(
        answer, math.cos(_THETA), tol=5e-3, mistakes=mistakes, what="a number between -1 and 1",
        right="Right: <Z> = cos²(π/6) - sin²(π/6) = cos(π/3) = 0.5.", wrong=_not_expval_ry,
        hint=hint,
    )


def _not_expval_ry(value: float) -> str:
    if not -1 <= value <= 1:
        return f"{value:g} cannot be <Z>: expectation values of Z lie in [-1, 1]."
    return f"{value:g} is not <Z> of RY(π/3)|0>."


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
    n = encodings.get("amplitude").qubits_for(d)
    hint = (
        "n qubits have 2^n amplitudes. Find the smallest n with 2^n >= 10 (the unused "
        "amplitudes are padded with zeros): n = ceil(log2(10))."
    )
    mistakes = {
        d: "That is one qubit per feature, as in angle encoding. Amplitude encoding stores the "
        "features in the 2^n amplitudes of the state, exponentially many in n.",
        math.ceil(d / 2): "That is dense angle encoding (two features per qubit). Amplitude "
        "encoding packs far more: 2^n features on n qubits.",
        n - 1: f"{n - 1} qubits have only 2^{n - 1} = {2 ** (n - 1)} amplitudes: too few for "
        f"{d} features. Round log2(10) = 3.32 up, not down.",
        2**n: f"{2**n} is the number of amplitudes (2^{n}), not of qubits.",
    }
    return check_number(
        answer, n, tol=0, mistakes=mistakes, what="a whole number of qubits",
        right=f"Right: 2^{n} = {2**n} amplitudes hold the {d} features (padded with "
        f"{2**n - d} zeros); {n - 1} qubits hold only {2 ** (n - 1)}.",
        wrong=_not_fewest_qubits, hint=hint,
    )


def _not_fewest_qubits(value: float) -> str:
    if not value.is_integer():
        return (f"{value:g} is not a whole number of qubits. log2(10) = 3.32, and qubits come "
                "in whole numbers: round up.")
    return f"{int(value)} qubits is not the fewest that work."


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
    return check_choice(
        answer, "amplitude", read=_encoding_name, mistakes=mistakes, invalid=_not_an_encoding,
        right="Right: amplitude encoding normalises x to x/|x| = (1, 2, 2, 0)/3 and uses it as "
        "the amplitudes, so P = (1, 4, 4, 0)/9.",
        hint=hint,
    )


def _encoding_name(answer: Any) -> str | None:
    """``" Dense-angle encoding"`` -> ``"dense_angle"``; None if ``answer`` is no string."""
    text = as_choice(answer)
    if text is None:
        return None
    return text.replace(" encoding", "").replace(" ", "_").replace("-", "_")


def _not_an_encoding(answer: Any) -> str:
    if not isinstance(answer, str):
        return f"Expected the encoding's name as a string, e.g. 'angle'; got {answer!r}."
    return f"{answer!r} is not one of the encodings {encodings.available()}."


add_solution(
    "1.3",
    "'amplitude': the probabilities are the squared features divided by their sum,\n"
    "(1, 4, 4, 0) / 9, so the features themselves (normalised) are the amplitudes.\n\n"
    "Check: qnode = build_qnode('amplitude', 'basic_entangler', n_qubits=2, n_layers=0,\n"
    "                           measurement='probs')\n"
    "       qnode(np.array([1.0, 2.0, 2.0, 0.0]), np.zeros(0))  # -> [0.111, 0.444, 0.444, 0]",
)

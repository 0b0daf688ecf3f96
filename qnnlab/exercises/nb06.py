"""Exercise checks for notebook 06, interpreting hybrid networks.

- 6.1 the frequencies a 1-qubit model with 3 re-uploads can express: :func:`check_frequencies`
- 6.2 the entanglement entropy of a Bell state: :func:`check_bell_entropy`
- 6.3 reading a stage ablation: :func:`check_ablation_reading`

Examples
--------
>>> check_frequencies(range(-3, 4)).passed
True
>>> check_ablation_reading(None).message
'No answer yet: replace the ... / None with your answer.'
"""

from __future__ import annotations

import math
from typing import Any

from qnnlab.exercises._core import (
    NO_ANSWER,
    Feedback,
    add_solution,
    as_int_set,
    as_letter,
    check_choice,
    check_number,
    is_unanswered,
)

__all__ = ["check_frequencies", "check_bell_entropy", "check_ablation_reading", "ABLATION_TABLE"]


# --- 6.1 ---------------------------------------------------------------------------------------

N_REUPLOADS = 3


def check_frequencies(answer: Any) -> Feedback:
    """Exercise 6.1: the frequency set of ``f(x)`` for one qubit with 3 RY(x) re-uploads.

    Examples
    --------
    >>> check_frequencies({0, 1, 2, 3}).passed
    False
    """
    expected = set(range(-N_REUPLOADS, N_REUPLOADS + 1))
    hint = (
        "Each upload RY(x) = exp(-i x Y/2) has the generator Y/2, with eigenvalues ±1/2; the "
        "frequencies of f(x) are all differences of sums of these over the L uploads. "
        "Give all of them (negative ones and 0 included), e.g. list(range(...))."
    )
    if is_unanswered(answer):
        return Feedback(False, NO_ANSWER, hint)
    values = as_int_set(answer)
    if values is None:
        return Feedback(
            False, f"Expected a collection of whole numbers, like [-1, 0, 1]; got {answer!r}.", hint
        )
    if values == expected:
        return Feedback(
            True,
            "Right: {-3, ..., 3}. Each re-upload adds one more integer frequency, so the model "
            "is a Fourier series of degree L = 3; which coefficients it can reach is up to the "
            "trainable gates.",
        )
    largest = max((abs(v) for v in values), default=0)
    if values == {v for v in expected if v >= 0}:
        message = "Those are the non-negative frequencies; f(x) is real, so every frequency ω " \
            "comes with -ω. Include the negative ones."
    elif values == {v for v in expected if v > 0} or values == {v for v in expected if v != 0}:
        message = "Almost: the constant term (frequency 0) is part of the spectrum too."
    elif largest == 2 * N_REUPLOADS:
        message = "Too wide: with RY(x) = exp(-i x Y/2) each upload widens the spectrum by 1, " \
            "not by 2 (the factor 1/2 in the exponent halves the eigenvalue gaps)."
    elif largest == 1:
        message = "That is the spectrum of a single upload; each re-upload adds a frequency."
    elif values < expected:
        message = f"Some frequencies are missing: {sorted(expected - values)}."
    else:
        message = f"{sorted(values)} is not the spectrum of 3 re-uploads."
    return Feedback(False, message, hint)


add_solution(
    "6.1",
    """answer = list(range(-3, 4))   # [-3, -2, -1, 0, 1, 2, 3]
# L uploads of RY(x) give the integer frequencies -L ... L (Schuld, Sweke & Meyer 2021);
# check with the spectrum computed in the notebook: its non-zero coefficients sit at |ω| <= 3""",
)


# --- 6.2 ---------------------------------------------------------------------------------------


def check_bell_entropy(answer: Any) -> Feedback:
    """Exercise 6.2: entanglement entropy, in bits, of one qubit of a Bell state.

    Examples
    --------
    >>> check_bell_entropy(1.0).passed
    True
    """
    expected = 1.0
    hint = (
        "Trace out one qubit of (|00> + |11>)/√2: the reduced state is the maximally mixed "
        "ρ = I/2, with eigenvalues 1/2 and 1/2. S(ρ) = -Σ λ log₂ λ, in bits, as qnnlab's "
        "entanglement_entropy reports it."
    )
    mistakes = {
        math.log(2): "ln 2 is the entropy in NATS (natural log); the question asks for bits "
        "(log base 2), the unit of entanglement_entropy.",
        0.0: "0 is the entropy of the WHOLE two-qubit state (it is pure); the entanglement "
        "entropy is that of ONE qubit after tracing out the other.",
        2.0: "Too large: one qubit holds at most 1 bit of entropy.",
        0.5: "0.5 is an eigenvalue (or the purity Tr ρ²) of the reduced state, not its entropy "
        "-Σ λ log₂ λ.",
    }
    return check_number(
        answer, expected, tol=1e-3, mistakes=mistakes,
        right="Right: S = 1 bit (ln 2 ≈ 0.693 in nats): one qubit of a Bell pair is maximally "
        "mixed, the most a single qubit can be entangled with the rest.",
        wrong="{answer} is not the entropy of one qubit of a Bell state.", hint=hint,
    )


add_solution(
    "6.2",
    """import numpy as np
from qnnlab.analysis import entanglement_entropy

bell = np.array([1, 0, 0, 1]) / np.sqrt(2)
answer = entanglement_entropy(bell, cut=1)   # 1.0 bit
# by hand: reduced state I/2, eigenvalues 1/2, 1/2: -2 · (1/2) log2(1/2) = 1""",
)


# --- 6.3 ---------------------------------------------------------------------------------------

#: The ablation shown in exercise 6.3: test accuracy, mean and standard deviation over 5 seeds.
ABLATION_TABLE = {
    "full": (0.93, 0.02),
    "classical": (0.94, 0.02),
    "no_entanglement": (0.93, 0.03),
    "frozen_quantum": (0.92, 0.02),
}

_CHOICES = {
    "a": "The quantum layer carries the model: the full hybrid network is the best.",
    "b": "The quantum stage is not what carries the model: every variant scores the same "
    "within the seed-to-seed spread.",
    "c": "Entanglement is essential: removing it is what costs the most accuracy.",
    "d": "Training the circuit weights matters: frozen random weights are much worse.",
}


def check_ablation_reading(answer: Any) -> Feedback:
    """Exercise 6.3: the honest reading of :data:`ABLATION_TABLE` (answer "a", "b", "c" or "d").

    Examples
    --------
    >>> check_ablation_reading("b").passed
    True
    """
    hint = (
        "Compare the differences between the variants with the standard deviations over seeds "
        "(about 0.02): a difference smaller than the spread is no evidence. If swapping, "
        "un-entangling or freezing the circuit changes nothing, the other stages do the work."
    )
    wrong = {
        "a": "The full model (0.93) does not beat its classical counterpart (0.94); the gap is "
        "smaller than the spread over seeds.",
        "c": "Without entanglement the accuracy is the same (0.93 ± 0.03): nothing is lost.",
        "d": "Frozen random weights score 0.92 ± 0.02, within the spread of the trained 0.93.",
    }
    return check_choice(
        answer, "b", read=as_letter, mistakes=wrong,
        invalid=f"Answer with one letter of {sorted(_CHOICES)}; got {{answer!r}}.",
        right="Right: 0.92-0.94 with a spread of 0.02-0.03 is one result, four times. The "
        "pre-network and the head can solve this task alone; to claim a quantum contribution, "
        "the full model must beat its ablations by more than the noise.",
        hint=hint,
    )


add_solution(
    "6.3",
    """answer = "b"
# every variant lies within about one standard deviation (0.02) of the others: the classical
# stages carry the model; this ablation gives no evidence that the quantum layer contributes""",
)

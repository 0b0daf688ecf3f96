"""Exercise checks for notebook 05, noise and error mitigation.

- 5.1 ``<Z>`` of ``|0>`` after one depolarizing channel with ``p = 0.3``:
  :func:`check_depolarized_expval`
- 5.2 the shots needed for a standard error of 0.01: :func:`check_shots_for_error`
- 5.3 the circuit executions of zero-noise extrapolation: :func:`check_zne_executions`

Examples
--------
>>> check_depolarized_expval(0.6)
✅ Right: X and Y errors (probability 2p/3) flip |0> to |1>, so <Z> = 1 - 4p/3 = 0.6.
>>> check_shots_for_error(None).passed
False
"""

from __future__ import annotations

import math
from typing import Any

from qnnlab.exercises._core import Feedback, add_solution, check_number

__all__ = ["check_depolarized_expval", "check_shots_for_error", "check_zne_executions",
           "ZNE_EXERCISE"]


# --- 5.1 ---------------------------------------------------------------------------------------

_P = 0.3


def check_depolarized_expval(answer: Any) -> Feedback:
    """Exercise 5.1: ``<Z>`` after ``DepolarizingChannel(0.3)`` on ``|0>``, by hand.

    Examples
    --------
    >>> print(check_depolarized_expval(0.7).message)  # doctest: +ELLIPSIS
    0.7 = 1 - p: as if every error lowered <Z> by 1...
    """
    p = _P
    expected = 1 - 4 * p / 3
    hint = (
        "PennyLane's DepolarizingChannel(p) applies X, Y or Z, each with probability p/3. "
        "Which of them flip |0> to |1> (<Z> = -1), and which leave it alone (<Z> = +1)?"
    )
    mistakes = [
        (1 - p, "{value:g} = 1 - p: as if every error lowered <Z> by 1. But Z errors leave "
         "|0> alone, and X or Y errors turn +1 into -1, a change of 2."),
        (1 - 2 * p, "{value:g} = 1 - 2p treats all three errors as flips; Z leaves |0> "
         "unchanged (Z|0> = |0>)."),
        (1 - 2 * p / 3, "{value:g} = 1 - 2p/3: right that only X and Y flip, but each flip "
         "turns +1 into -1, a change of 2, not 1."),
        (1 - p / 3, "{value:g} = 1 - p/3 counts only one of the flipping errors."),
    ]
    return check_number(
        answer, expected, tol=5e-3, mistakes=mistakes, what="a number between -1 and 1",
        right=f"Right: X and Y errors (probability 2p/3) flip |0> to |1>, so <Z> = 1 - 4p/3 = "
        f"{expected:g}.",
        wrong="{value:g} is not <Z> after the channel.", hint=hint,
    )


add_solution(
    "5.1",
    "DepolarizingChannel(p): nothing with probability 1 - p; X, Y or Z with p/3 each.\n"
    "On |0>:  no error -> |0> (+1);  X -> |1> (-1);  Y -> i|1> (-1);  Z -> |0> (+1).\n"
    "<Z> = (1 - p) - p/3 - p/3 + p/3 = 1 - 4p/3 = 1 - 0.4 = 0.6.\n\n"
    "Check: build a one-qubit default.mixed QNode with qml.DepolarizingChannel(0.3, wires=0)\n"
    "and return qml.expval(qml.PauliZ(0)).",
)

# --- 5.2 ---------------------------------------------------------------------------------------

_TARGET_ERROR = 0.01


def check_shots_for_error(answer: Any) -> Feedback:
    """Exercise 5.2: shots for a standard error of 0.01 on ``<Z>`` of a state with ``<Z> = 0``.

    Examples
    --------
    >>> check_shots_for_error(10_000).passed
    True
    >>> print(check_shots_for_error(100).message)  # doctest: +ELLIPSIS
    With 100 shots the standard error is 1/sqrt(100) = 0.1...
    """
    eps = _TARGET_ERROR
    expected = round(1 / eps**2)
    hint = (
        "One shot gives +1 or -1; with <Z> = 0 its variance is 1 - <Z>² = 1. The mean of N "
        "shots has standard error sqrt(variance / N) = 1/sqrt(N). Solve 1/sqrt(N) = 0.01."
    )
    mistakes = [
        (1 / eps, lambda value: f"With {value:g} shots the standard error is "
         f"1/sqrt({value:g}) = {1 / math.sqrt(value):g}, not 0.01: the error falls like "
         "1/sqrt(N), not 1/N."),
        (1 / eps**2 / 4, "{value:g} would be right for a 0/1 bit with variance 1/4; <Z> "
         "takes the values ±1, whose variance is 1 when <Z> = 0."),
        (1 / eps**4, "{value:g} is too many: N = 1/0.01² = 10⁴, not 10⁸."),
        (2 / eps**2, "{value:g}: the variance of a ±1 outcome with <Z> = 0 is 1, not 2."),
    ]
    return check_number(
        answer, expected, tol=0.01 * expected, mistakes=mistakes, mistake_tol=0.5,
        what="a positive number of shots", valid=lambda value: value > 0,
        right=f"Right: standard error = 1/sqrt(N) = 0.01 needs N = 1/0.01² = {expected:,} shots. "
        "Ten times more precision costs 100 times more shots.",
        wrong=lambda value: f"With {value:g} shots the standard error is 1/sqrt(N) = "
        f"{1 / math.sqrt(value):.3g}, not 0.01.",
        hint=hint,
    )


add_solution(
    "5.2",
    "Each shot is +1 or -1. With <Z> = 0 the two are equally likely: variance = 1 - <Z>² = 1.\n"
    "The mean of N shots has standard error sqrt(1 / N). 1/sqrt(N) = 0.01  =>  N = 10,000.\n"
    "(For other states the variance 1 - <Z>² is smaller, so 10,000 is the worst case.)",
)

# --- 5.3 ---------------------------------------------------------------------------------------

#: Exercise 5.3: noise scale factors and how many inputs are evaluated.
ZNE_EXERCISE = {"scale_factors": (1, 3, 5), "n_inputs": 20}


def check_zne_executions(answer: Any) -> Feedback:
    """Exercise 5.3: circuit executions for ZNE with scale factors (1, 3, 5) on 20 inputs.

    Examples
    --------
    >>> check_zne_executions(60).passed
    True
    >>> check_zne_executions(180).passed
    False
    """
    factors, n_inputs = ZNE_EXERCISE["scale_factors"], ZNE_EXERCISE["n_inputs"]
    expected = len(factors) * n_inputs
    hint = (
        "For each input, ZNE runs the circuit once per scale factor (the folded circuits are "
        "longer, but each is still one execution), then extrapolates the results to zero noise."
    )
    mistakes = {
        n_inputs: "That is the count without mitigation. ZNE runs every input at every noise "
        "scale factor.",
        sum(factors) * n_inputs: "The scale factors make the circuits longer (λ = 3 runs "
        "U U† U), but each folded circuit is still executed once, not λ times.",
        len(factors): "That is the count for a single input; there are 20.",
        (len(factors) + 1) * n_inputs: "The unscaled circuit (λ = 1) is already one of the "
        "three scale factors; no extra run is needed.",
    }
    return check_number(
        answer, expected, whole=True, mistakes=mistakes, what="a whole number of executions",
        right=f"Right: {len(factors)} scale factors × {n_inputs} inputs = {expected} executions, "
        f"{len(factors)}× the cost of the noisy model (and each folded circuit is up to 5× "
        "deeper).",
        wrong="{value} is not the number of executions.", hint=hint,
    )


add_solution(
    "5.3",
    "One execution per input and scale factor: 3 × 20 = 60 circuit executions (3× the\n"
    "unmitigated cost). Each folded circuit is longer: λ = 3 runs U U† U, λ = 5 runs\n"
    "U U† U U† U, so the total gate count is (1 + 3 + 5) = 9× that of one plain run.\n"
    "On hardware multiply again by the shots per execution.",
)

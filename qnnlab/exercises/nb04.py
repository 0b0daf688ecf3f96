"""Exercise checks for notebook 04, training.

- 4.1 the parameter-shift gradient of ``<Z>`` after ``RY(0.7)``: :func:`check_parameter_shift`
- 4.2 circuit executions of one parameter-shift gradient: :func:`check_shift_executions`
- 4.3 the cost whose gradients survive more qubits: :func:`check_trainable_cost`

Examples
--------
>>> import math
>>> check_parameter_shift(-math.sin(0.7)).passed
True
>>> check_shift_executions(...)
❌ No answer yet: replace the ... / None with your answer.
💡 Hint: ...
"""

from __future__ import annotations

import math
from typing import Any

from qnnlab.exercises._core import Feedback, add_solution, check_choice, check_number

__all__ = ["check_parameter_shift", "check_shift_executions", "check_trainable_cost"]


# --- 4.1 ---------------------------------------------------------------------------------------

THETA = 0.7
#: Answers within this distance of -sin(0.7) are right: three decimals, -0.644, are enough.
PRECISION = 5e-4
#: Answers within this distance are "close": the feedback asks for three decimals.
CLOSE = 0.02


def check_parameter_shift(answer: Any) -> Feedback:
    """Exercise 4.1: ``d<Z>/dθ`` for ``RY(θ)|0>`` at ``θ = 0.7``, by the parameter-shift rule.

    Examples
    --------
    >>> check_parameter_shift(math.cos(0.7)).passed
    False
    >>> check_parameter_shift(-0.644).passed  # three decimals are enough
    True
    >>> print(check_parameter_shift(-0.65).message)
    -0.650000 is close but not close enough: give the derivative to at least three decimals ...
    """
    expected = -math.sin(THETA)
    hint = (
        "<Z> after RY(θ) on |0> is f(θ) = cos θ. The parameter-shift rule evaluates the SAME "
        "circuit at θ + π/2 and θ - π/2: df/dθ = [f(θ + π/2) - f(θ - π/2)] / 2. Mind the sign "
        "and the factor 1/2."
    )
    mistakes = {
        math.sin(THETA): "The sign is wrong: cos θ DEcreases at θ = 0.7, so the gradient is "
        "negative. Did you subtract f(θ - π/2) - f(θ + π/2)?",
        math.cos(THETA): "That is f(0.7) = <Z> itself, not its derivative.",
        2 * expected: "Twice too large: the rule divides the difference by 2.",
        expected / 2: "Half the answer: for rotation gates RY(θ) = exp(-iθY/2) the shift is "
        "π/2 and the difference is divided by 2 (once).",
        -math.sin(THETA) * math.pi / 2: "Looks like a shift/difference mix-up: use shifts of "
        "exactly ±π/2 and divide by 2.",
    }
    return check_number(
        answer, expected, tol=PRECISION, one_element=True, mistakes=mistakes,
        mistake_tol=PRECISION, what="one number",
        right=f"Right: [cos(0.7 + π/2) - cos(0.7 - π/2)] / 2 = -sin(0.7) = {expected:.6f}, "
        "exactly the analytic derivative (not an approximation like a finite difference).",
        wrong=_not_the_derivative, hint=hint,
    )


def _not_the_derivative(value: float) -> str:
    if abs(value + math.sin(THETA)) <= CLOSE:
        return (f"{value:.6f} is close but not close enough: give the derivative to at least "
                "three decimals (within 0.0005).")
    return f"{value:.6f} is not the derivative of <Z> at θ = 0.7."


add_solution(
    "4.1",
    """import numpy as np
import pennylane as qml

dev = qml.device("default.qubit", wires=1)

@qml.qnode(dev)
def f(theta):
    qml.RY(theta, wires=0)
    return qml.expval(qml.PauliZ(0))

theta = 0.7
answer = (f(theta + np.pi / 2) - f(theta - np.pi / 2)) / 2   # = -sin(0.7) ≈ -0.644218""",
)


# --- 4.2 ---------------------------------------------------------------------------------------

N_PARAMS, N_SAMPLES = 24, 50


def check_shift_executions(answer: Any) -> Feedback:
    """Exercise 4.2: circuit executions for one parameter-shift gradient (24 params, 50 samples).

    Examples
    --------
    >>> check_shift_executions(2400).passed
    True
    """
    expected = 2 * N_PARAMS * N_SAMPLES
    hint = (
        "On hardware every sample is its own circuit, and each parameter needs two shifted "
        "evaluations (θ + π/2 and θ - π/2) of it. Count: samples × parameters × shifts."
    )
    mistakes = {
        N_PARAMS * N_SAMPLES: "You forgot a factor 2: every parameter needs TWO shifted "
        "circuits (+π/2 and -π/2).",
        2 * N_PARAMS: "That is the count for ONE sample; the loss averages over all 50 samples, "
        "each a separate circuit on hardware.",
        N_SAMPLES * (2 * N_PARAMS + 1): "You also counted the unshifted forward pass (50 more). "
        "The question asks about the gradient alone; fine to remember the forward pass exists.",
        2 * N_PARAMS + 1: "That is one sample's gradient plus forward pass; there are 50 samples.",
        N_SAMPLES: "That is one execution per sample: the forward pass only.",
    }
    return check_number(
        answer, expected, whole=True, one_element=True, mistakes=mistakes,
        what="a whole number of executions",
        right=f"Right: 2 × {N_PARAMS} × {N_SAMPLES} = {expected} circuit executions (each with "
        "many shots on hardware), against ONE forward and one backward pass of a simulator "
        "with backpropagation.",
        wrong="{value} is not the number of executions.", hint=hint,
    )


add_solution(
    "4.2",
    """n_params, n_samples = 24, 50
answer = 2 * n_params * n_samples   # 2400: two shifted circuits per parameter per sample""",
)


# --- 4.3 ---------------------------------------------------------------------------------------


def check_trainable_cost(answer: Any) -> Feedback:
    """Exercise 4.3: which cost keeps larger gradients as qubits are added, "global" or "local"?

    Examples
    --------
    >>> check_trainable_cost("local").passed
    True
    """
    hint = (
        "Look at the log-scale plot of the gradient variance against the number of qubits: "
        "the line that falls steeply (exponentially in n) is the barren plateau. A global "
        "cost compares ALL qubits at once; a local one averages single-qubit terms."
    )
    wrong = {
        "global": "The global cost (e.g. the probability of |00...0>) is the one whose gradient "
        "variance collapses exponentially with the qubit count: a barren plateau.",
    }
    return check_choice(
        answer, "local", mistakes=wrong, invalid="Answer with 'global' or 'local'; got {answer!r}.",
        right="Right: for shallow circuits a local cost's gradient variance decays only "
        "polynomially with the number of qubits, a global cost's exponentially "
        "(Cerezo et al. 2021). The cost function is a design choice, not a detail.",
        hint=hint,
    )


add_solution(
    "4.3",
    """answer = "local"
# gradient_variance(..., cost="global") falls like 2^-n; cost="local" falls far more slowly
# for shallow circuits (Cerezo et al. 2021, Nat. Commun. 12, 1791)""",
)

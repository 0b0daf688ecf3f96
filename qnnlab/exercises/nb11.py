"""Exercise checks for notebook 11, data re-uploading and Fourier series.

- 11.1 the frequencies of RX(x) on 2 qubits, uploaded in 3 layers: :func:`check_spectrum`
- 11.2 which model has every frequency a target with frequency 3 needs: :func:`check_model_choice`
- 11.3 the best R² of any degree-2 model on :data:`TARGET_3`: :func:`check_best_r2`

The two target series of the notebook live here too (:data:`TARGET`, :data:`TARGET_3`), so that
the notebook and the checks cannot disagree about them; :func:`fourier_series` evaluates them.

Examples
--------
>>> check_spectrum(range(-6, 7)).passed
True
>>> check_model_choice(None).message
'No answer yet: replace the ... / None with your answer.'
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

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

__all__ = [
    "TARGET",
    "TARGET_3",
    "best_r2",
    "check_best_r2",
    "check_model_choice",
    "check_spectrum",
    "fourier_series",
]

#: The degree-2 target of Schuld, Sweke & Meyer (2021) and PennyLane's demo: coefficients
#: ``c_w`` for ``w >= 0`` of ``g(x) = sum_w c_w e^{iwx}`` (``c_{-w}`` is the conjugate of ``c_w``).
TARGET: dict[int, complex] = {0: 0.1, 1: 0.15 - 0.15j, 2: 0.15 - 0.15j}

#: :data:`TARGET` plus a frequency-3 term, ``2 Re(0.2j e^{3ix}) = -0.4 sin 3x``.
TARGET_3: dict[int, complex] = {**TARGET, 3: 0.2j}


def fourier_series(x: Any, coefficients: Mapping[int, complex]) -> np.ndarray:
    """The real series ``sum_w c_w e^{iwx}`` given ``c_w`` for ``w >= 0`` (``c_{-w} = conj(c_w)``).

    Examples
    --------
    >>> fourier_series([0.0, np.pi], {0: 0.5, 1: 0.25})  # 0.5 + 0.5 cos x
    array([1., 0.])
    """
    x = np.asarray(x, dtype=float)
    total = np.zeros_like(x)
    for omega, c in coefficients.items():
        term = (complex(c) * np.exp(1j * omega * x)).real
        total = total + (term if omega == 0 else 2 * term)
    return total


def best_r2(coefficients: Mapping[int, complex], degree: int) -> float:
    """The largest R² that any series of degree ``degree`` reaches on the target, over a period.

    Over an even grid of a whole period the frequencies are orthogonal (Parseval), so the best
    fit keeps the terms with ``|w| <= degree`` and misses the rest: R² = 1 - (missed variance) /
    (variance), with the variance ``2 sum_{w >= 1} |c_w|^2`` (the constant term is not variance).

    Examples
    --------
    >>> round(best_r2(TARGET_3, 2), 4), best_r2(TARGET_3, 3)
    (0.6923, 1.0)
    """
    power = {omega: 2 * abs(complex(c)) ** 2 for omega, c in coefficients.items() if omega > 0}
    missed = sum(p for omega, p in power.items() if omega > degree)
    return 1.0 - missed / sum(power.values())


# --- 11.1 --------------------------------------------------------------------------------------

N_QUBITS_11_1, N_LAYERS_11_1 = 2, 3


def check_spectrum(answer: Any) -> Feedback:
    """Exercise 11.1: the frequencies of RX(x) on each of 2 qubits, in each of 3 layers.

    Examples
    --------
    >>> check_spectrum([-3, -2, -1, 0, 1, 2, 3]).passed
    False
    """
    gates = N_QUBITS_11_1 * N_LAYERS_11_1
    expected = set(range(-gates, gates + 1))
    hint = (
        "Count the gates that x enters: every RX(x) = exp(-i x X/2) contributes a phase "
        "e^{-ix/2} or e^{+ix/2}, and a frequency is a difference of two sums of such phases. "
        "Serial and parallel uploads add up in the same way."
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
            f"Right: {{-{gates}, ..., {gates}}}. x enters {gates} RX gates; the layers (serial) "
            "and the qubits (parallel) add their frequencies alike, so this circuit is a "
            f"Fourier series of degree {gates}.",
        )
    largest = max((abs(v) for v in values), default=0)
    if values == {v for v in expected if v >= 0}:
        message = ("Those are the non-negative frequencies; f(x) is real, so every frequency ω "
                   "comes with -ω. Include the negative ones.")
    elif values == expected - {0}:
        message = "Almost: the constant term (frequency 0) is part of the spectrum too."
    elif largest == N_LAYERS_11_1:
        message = ("That counts the layers only: in each layer x enters both qubits, and "
                   "parallel gates add frequencies just as repeated ones do.")
    elif largest == N_QUBITS_11_1:
        message = ("That counts the qubits only: each of the 3 layers uploads x again, and "
                   "every upload adds frequencies.")
    elif largest == 2 * gates:
        message = ("Too wide: each RX(x) = exp(-i x X/2) widens the spectrum by 1, not by 2 "
                   "(the factor 1/2 in the exponent halves the eigenvalue gaps).")
    elif values < expected:
        message = f"Some frequencies are missing: {sorted(expected - values)}."
    else:
        message = f"{sorted(values)} is not the spectrum of this circuit."
    return Feedback(False, message, hint)


add_solution(
    "11.1",
    """answer = list(range(-6, 7))   # [-6, ..., 6]
# x enters 2 qubits x 3 layers = 6 RX gates; each adds the integers -1, 0, 1 to the spectrum.
# check with qnnlab:
# config = CircuitConfig("reuploading", "strongly_entangling", n_qubits=2, n_layers=3,
#                        encoding_options={"rotation": "X", "trainable_scaling": False})
# fourier_spectrum(config).available   # -6 ... 6""",
)


# --- 11.2 --------------------------------------------------------------------------------------

#: The models of exercise 11.2.
MODEL_CHOICES = {
    "a": "one qubit, x uploaded twice (serial, L = 2), then 10 trainable layers",
    "b": "one qubit, x uploaded once as RX(3x) (the input multiplied by 3)",
    "c": "three qubits, x uploaded once on each (parallel, L = 3), then one trainable layer",
    "d": "two qubits, x uploaded once on each (parallel, L = 2), then 5 entangling layers",
}


def check_model_choice(answer: Any) -> Feedback:
    """Exercise 11.2: the model of :data:`MODEL_CHOICES` that can reach every frequency of
    :data:`TARGET_3` (answer "a", "b", "c" or "d").

    Examples
    --------
    >>> check_model_choice("c").passed, check_model_choice("a").passed
    (True, False)
    """
    hint = (
        "The target needs the frequencies 1, 2 and 3 (and 0). For each model, list the "
        "frequencies its encoding allows: count the gates x enters, and remember that a "
        "factor in front of x multiplies every frequency. Trainable layers choose "
        "coefficients, never frequencies."
    )
    wrong = {
        "a": "x enters only 2 gates: the spectrum is {-2, ..., 2}. Trainable layers after the "
        "last upload reshape the coefficients, they add no frequency; ω = 3 is out of reach.",
        "b": "RX(3x) gives the spectrum {-3, 0, 3}: ω = 3 is there, but ω = 1 and 2, which the "
        "target also needs, are not.",
        "d": "Two uploads (one per qubit) give {-2, ..., 2}, however deep and entangling the "
        "layers after them: ω = 3 is out of reach.",
    }
    return check_choice(
        answer, "c", read=as_letter, mistakes=wrong,
        invalid=f"Answer with one letter of {sorted(MODEL_CHOICES)}; got {{answer!r}}.",
        right="Right: three parallel uploads give {-3, ..., 3}, every frequency of the target. "
        "Having the frequencies is necessary, not sufficient: the trainable layer must also "
        "reach the right coefficients, and training must find them (the notebook checks).",
        hint=hint,
    )


add_solution(
    "11.2",
    """answer = "c"
# spectra: a {-2..2} (depth adds no frequency), b {-3, 0, 3} (no 1 or 2),
# c {-3..3} (three uploads), d {-2..2}; the target needs 0, 1, 2 and 3""",
)


# --- 11.3 --------------------------------------------------------------------------------------


def check_best_r2(answer: Any) -> Feedback:
    """Exercise 11.3: the best R² of a degree-2 series on :data:`TARGET_3`, over a whole period.

    Examples
    --------
    >>> check_best_r2(0.69).passed, check_best_r2(0.75).passed
    (True, False)
    """
    expected = best_r2(TARGET_3, 2)
    power = {omega: 2 * abs(complex(c)) ** 2 for omega, c in TARGET_3.items() if omega > 0}
    magnitudes = {omega: abs(complex(c)) for omega, c in TARGET_3.items() if omega > 0}
    with_constant = 1 - power[3] / (sum(power.values()) + abs(TARGET_3[0]) ** 2)
    by_magnitude = 1 - magnitudes[3] / sum(magnitudes.values())
    hint = (
        "R² = 1 - (mean squared error) / (variance of the target). Over a whole period the "
        "mean of g(x)² is Σ_ω |c_ω|² (Parseval), summed over negative and positive ω, and the "
        "frequencies do not interfere; the best degree-2 model keeps every term with |ω| <= 2. "
        "Or numerically: evaluate the target and the target without its ω = 3 term on an even "
        "grid with NumPy and compute R² from its definition."
    )
    mistakes = [
        (with_constant, "You counted c_0 in the variance: the constant term is the mean, and "
         "R² measures the variance around the mean."),
        (by_magnitude, "You weighed the terms by |c_ω|; the squared error adds up squared "
         "magnitudes, |c_ω|²."),
        (2 / 3, "Counting terms (2 of 3 frequencies) ignores that ω = 3 has another "
         "magnitude than ω = 1 and 2: weigh each by its power 2|c_ω|²."),
        (0.75, "Counting coefficients (3 of 4) ignores their sizes: weigh each frequency by its "
         "power 2|c_ω|², and leave the constant out."),
        (0.0, "The model cannot fit the ω = 3 part, but it fits the rest exactly: most of the "
         "variance is explained."),
        (1 - expected, "That is the share of the variance the model misses (the ω = 3 part); "
         "R² is the share it explains."),
    ]
    return check_number(
        answer, expected, tol=0.005, mistakes=mistakes, mistake_tol=0.002,
        right=f"Right: R² = 1 - {power[3]:.2f} / {sum(power.values()):.2f} = {expected:.4f}. "
        "No weight setting of a degree-2 model does better over a whole period: the ω = 3 "
        "term is orthogonal to everything the model can express, so its share of the "
        "variance stays unexplained.",
        wrong="{value:g} is not the best R² (it is needed to two decimals, ±0.005).",
        what="a number (an R², at most 1)",
        valid=lambda value: value <= 1.0,
        hint=hint,
    )


add_solution(
    "11.3",
    """import numpy as np
from qnnlab.exercises.nb11 import TARGET, TARGET_3, fourier_series

# Parseval: variance = 2 (|c1|^2 + |c2|^2 + |c3|^2) = 2 (0.045 + 0.045 + 0.04) = 0.26;
# the best degree-2 model misses the w = 3 part, 2 |c3|^2 = 0.08
answer = 1 - 0.08 / 0.26                       # 0.6923
# numerically, on an even grid over one period
x = np.linspace(0, 2 * np.pi, 200, endpoint=False)
g = fourier_series(x, TARGET_3)
best = fourier_series(x, TARGET)               # the target without its w = 3 term
print(1 - np.mean((g - best) ** 2) / np.var(g))  # 0.6923""",
)

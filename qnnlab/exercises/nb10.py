"""Exercise checks for notebook 10, quantum kernels.

- 10.1 one fidelity-kernel entry by hand, from two states' overlap: :func:`check_kernel_entry`
- 10.2 the kernel-target alignment of a small Gram matrix: :func:`check_alignment`
- 10.3 predicting exponential concentration and the bandwidth fix: :func:`check_concentration`

Examples
--------
>>> check_kernel_entry(KERNEL_ENTRY).passed
True
>>> check_alignment(None).message
'No answer yet: replace the ... / None with your answer.'
"""

from __future__ import annotations

from typing import Any

import numpy as np

from qnnlab.exercises._core import Feedback, add_solution, as_letter, check_choice, check_number

__all__ = [
    "CONCENTRATION_CHOICES",
    "GRAM",
    "KERNEL_ENTRY",
    "LABELS",
    "STATE_A",
    "STATE_B",
    "X_PAIR",
    "check_alignment",
    "check_concentration",
    "check_kernel_entry",
    "iqp_state_one_repeat",
]


# --- 10.1 --------------------------------------------------------------------------------------

#: The two inputs of exercise 10.1, one per row (already scaled: angles in radians).
X_PAIR = np.array([[1.5, -1.4], [-0.6, 0.6]])


def iqp_state_one_repeat(x: Any) -> np.ndarray:
    """The state ``IQPEmbedding(x)|00>`` of two qubits, one repeat, written out by hand.

    Hadamards make the uniform superposition; ``RZ(x_k)`` and ``MultiRZ(x_0 x_1)`` are diagonal,
    so basis state ``|b_0 b_1>`` (with ``z_k = 1 - 2 b_k``) gets the amplitude
    ``exp(-i (x_0 z_0 + x_1 z_1 + x_0 x_1 z_0 z_1) / 2) / 2``.

    Examples
    --------
    >>> np.allclose(iqp_state_one_repeat([0.0, 0.0]), 0.5)  # x = 0: the uniform superposition
    True
    """
    x = np.asarray(x, dtype=float)
    z = np.array([[1, 1], [1, -1], [-1, 1], [-1, -1]])
    phase = z @ x + x[0] * x[1] * z[:, 0] * z[:, 1]
    return np.exp(-0.5j * phase) / 2


#: The states of the two inputs of :data:`X_PAIR` (``IQPEmbedding``, 2 qubits, one repeat).
STATE_A, STATE_B = (iqp_state_one_repeat(x) for x in X_PAIR)

_OVERLAP = complex(np.sum(np.conj(STATE_B) * STATE_A))
#: The fidelity-kernel entry ``|<psi(x_b)|psi(x_a)>|^2`` of exercise 10.1.
KERNEL_ENTRY = abs(_OVERLAP) ** 2


def check_kernel_entry(answer: Any) -> Feedback:
    """Exercise 10.1: the fidelity kernel ``|<b|a>|^2`` of :data:`STATE_A` and :data:`STATE_B`.

    Examples
    --------
    >>> check_kernel_entry(0.25).passed
    False
    """
    hint = (
        "The overlap <b|a> is the sum over the 4 amplitudes of conj(b_j) * a_j: complex "
        "conjugate the FIRST state of the bracket (np.conj). The kernel is the squared "
        "magnitude of that complex number, a real number between 0 and 1. Three decimals "
        "are enough."
    )
    mistakes = [
        (abs(np.sum(STATE_B * STATE_A)) ** 2,
         "{value:.3f} is |sum b_j a_j|^2 without the complex conjugate: for complex amplitudes "
         "the overlap needs conj(b_j)."),
        (abs(_OVERLAP),
         "{value:.3f} is |<b|a>|, the magnitude of the overlap; the fidelity kernel is its "
         "SQUARE."),
        (_OVERLAP.real ** 2,
         "{value:.3f} is (Re <b|a>)^2: the imaginary part of the overlap counts too; take the "
         "squared magnitude |<b|a>|^2 = Re^2 + Im^2."),
        (_OVERLAP.real,
         "{value:.3f} is the real part of the overlap; the kernel is |<b|a>|^2."),
        (float(np.sum(np.abs(STATE_A) ** 2 * np.abs(STATE_B) ** 2)),
         "0.25 compares the measurement PROBABILITIES |a_j|^2 |b_j|^2. Every IQP state of one "
         "repeat has the same probabilities (1/4 each): all the information is in the PHASES, "
         "so the overlap of the amplitudes is needed."),
        (1.0, "1 is the kernel of a state with itself (or sum |a_j| |b_j|, which ignores the "
         "phases); these two states differ."),
        (1 - KERNEL_ENTRY, "{value:.3f} is 1 - k, a distance; the kernel is the similarity "
         "|<b|a>|^2 itself."),
    ]
    return check_number(
        answer, KERNEL_ENTRY, tol=1e-3, mistake_tol=2e-3, mistakes=mistakes,
        right=f"Right: k(x_a, x_b) = |<psi(x_b)|psi(x_a)>|^2 = {KERNEL_ENTRY:.3f}. The two "
        "states have the same measurement probabilities; only their phases differ, and the "
        "overlap sees them. A quantum computer estimates this number as the probability of "
        "measuring |00> after U(x_a) and then U(x_b)^dagger.",
        wrong="{value:.4g} is not |<psi(x_b)|psi(x_a)>|^2 (to three decimals).",
        what="one real number between 0 and 1", valid=lambda v: 0 <= v <= 1, hint=hint,
    )


add_solution(
    "10.1",
    """import numpy as np

overlap = np.sum(np.conj(STATE_B) * STATE_A)   # <b|a>, a complex number
answer = abs(overlap) ** 2                      # about 0.341
# the same: np.vdot(STATE_B, STATE_A) conjugates its first argument""",
)


# --- 10.2 --------------------------------------------------------------------------------------

#: The Gram matrix of exercise 10.2 (four samples).
GRAM = np.array([
    [1.0, 0.8, 0.3, 0.1],
    [0.8, 1.0, 0.2, 0.3],
    [0.3, 0.2, 1.0, 0.7],
    [0.1, 0.3, 0.7, 1.0],
])
#: The class labels of the four samples of :data:`GRAM`, as datasets give them (0 and 1).
LABELS = np.array([0, 0, 1, 1])


def _alignment(gram: np.ndarray, labels: np.ndarray) -> float:
    """``<K, y y^T>_F / (||K||_F ||y y^T||_F)``, with the labels used as given."""
    target = np.outer(labels, labels)
    return float(np.sum(gram * target) / (np.linalg.norm(gram) * np.linalg.norm(target)))


_SIGNED = 2 * LABELS - 1


def check_alignment(answer: Any) -> Feedback:
    """Exercise 10.2: the kernel-target alignment of :data:`GRAM` with :data:`LABELS`.

    Examples
    --------
    >>> check_alignment(0.501).passed
    True
    """
    expected = _alignment(GRAM, _SIGNED)
    signed_sum = float(_SIGNED @ GRAM @ _SIGNED)
    n = len(LABELS)
    hint = (
        "Turn the labels 0/1 into -1/+1 first. The ideal kernel is y y^T (+1 for a pair of the "
        "same class, -1 otherwise); the alignment is the Frobenius inner product "
        "sum_ij K_ij (y y^T)_ij divided by BOTH Frobenius norms, ||K||_F and ||y y^T||_F (= n "
        "for labels +-1). Three decimals are enough."
    )
    mistakes = [
        (_alignment(GRAM, LABELS),
         "{value:.3f} uses the labels 0 and 1 as they are: then pairs of class 0 count for "
         "nothing and pairs of different classes are not penalised. Use y = 2 * labels - 1."),
        (signed_sum, "{value:.3f} is y^T K y, not yet normalised: divide by ||K||_F and by "
         "||y y^T||_F."),
        (signed_sum / n, "{value:.3f} is divided by ||y y^T||_F = n only; divide by ||K||_F "
         "too."),
        (signed_sum / n**2, "{value:.3f} is y^T K y / n^2; the normalisation is "
         "||K||_F ||y y^T||_F, not n^2."),
        (signed_sum / np.linalg.norm(GRAM), "{value:.3f} is divided by ||K||_F only; divide by "
         "||y y^T||_F = n too."),
    ]
    return check_number(
        answer, expected, tol=1e-3, mistake_tol=2e-3, mistakes=mistakes,
        right=f"Right: A = {signed_sum:g} / ({n} x {np.linalg.norm(GRAM):.3f}) = {expected:.3f}. "
        "The kernel sees the two classes (large values within a class, small across) but not "
        "perfectly: a kernel equal to y y^T would reach 1.",
        wrong="{value:.4g} is not the alignment of GRAM with the labels (to three decimals).",
        hint=hint,
    )


add_solution(
    "10.2",
    """import numpy as np

y = 2 * LABELS - 1                           # 0/1 -> -1/+1
target = np.outer(y, y)                      # the ideal kernel
answer = np.sum(GRAM * target) / (np.linalg.norm(GRAM) * np.linalg.norm(target))   # about 0.502
# the same as kernel_target_alignment(GRAM, LABELS) in the notebook""",
)


# --- 10.3 --------------------------------------------------------------------------------------

#: The statements of exercise 10.3: what happens to the off-diagonal fidelity-kernel values.
CONCENTRATION_CHOICES = {
    "a": "More qubits at the same input scaling: the off-diagonal values crowd ever closer to "
    "0, their variance shrinking exponentially. A bandwidth shrunk towards 0: every value "
    "tends to 1 and the variance shrinks too. A moderate bandwidth, chosen on validation "
    "data, keeps the values spread.",
    "b": "More qubits: the values crowd towards 0. A bandwidth shrunk towards 0: the variance "
    "keeps growing, so the smaller the bandwidth the better.",
    "c": "More qubits: the variance grows, because more qubits hold more information about "
    "the input. The bandwidth does not change the variance.",
    "d": "More qubits: the values crowd towards 1, because every state looks alike in a large "
    "space. A smaller bandwidth spreads them out again.",
}


def check_concentration(answer: Any) -> Feedback:
    """Exercise 10.3: which statement of :data:`CONCENTRATION_CHOICES` is right ("a"-"d").

    Examples
    --------
    >>> check_concentration("a").passed
    True
    """
    hint = (
        "Think of the states as unit vectors in a space of 2^n dimensions: two vectors that are "
        "not forced to be alike overlap less and less as the space grows. Now make every input "
        "angle tiny: which state does every input then produce, and what is the overlap of two "
        "nearly equal states? The measurements of section 5 show both effects."
    )
    wrong = {
        "b": "The first half is right, but at a bandwidth near 0 every input gives almost the "
        "same state, so every kernel value is near 1 and the variance falls again: it "
        "concentrates at 1 instead of 0.",
        "c": "More information per state does not spread the kernel: the states of different "
        "inputs become nearly orthogonal, so the values crowd towards 0 and the variance "
        "shrinks. And the bandwidth changes the variance a lot (section 5).",
        "d": "At the same input scaling, different inputs give nearly ORTHOGONAL states in a "
        "large space: overlaps near 0, not 1 (the mean in section 5 falls with the width).",
    }
    return check_choice(
        answer, "a", read=as_letter, mistakes=wrong,
        invalid=f"Answer with one letter of {sorted(CONCENTRATION_CHOICES)}; got {{answer!r}}.",
        right="Right: concentration at 0 with width, concentration at 1 at a vanishing "
        "bandwidth. Both leave an SVM little to work with (and a quantum computer would need "
        "ever more shots to resolve the small differences). The bandwidth is a hyperparameter "
        "like C: choose it by cross-validation.",
        hint=hint,
    )


add_solution(
    "10.3",
    """answer = "a"
# same scaling, more qubits: states of different inputs become nearly orthogonal, k -> 0
# bandwidth -> 0: every input maps to nearly the same state, k -> 1; in between, the spread
# of kernel values survives (section 5 measures all three)""",
)

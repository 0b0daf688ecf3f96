"""Exercise checks for notebook 12, quantum data.

- 12.1 how many trigonometric features make the circuit-label score linear:
  :func:`check_trig_features`
- 12.2 the memory a classical computer needs for the state of 30 spins:
  :func:`check_state_memory`
- 12.3 the honest reading of the phase-classification comparison: :func:`check_data_access`

Examples
--------
>>> check_trig_features(81).passed
True
>>> check_data_access(None).message
'No answer yet: replace the ... / None with your answer.'
"""

from __future__ import annotations

from typing import Any

from qnnlab.exercises._core import Feedback, add_solution, check_choice, check_number

__all__ = ["DATA_ACCESS_CHOICES", "check_data_access", "check_state_memory",
           "check_trig_features"]


# --- 12.1 --------------------------------------------------------------------------------------

#: Qubits (features) of exercise 12.1.
N_FEATURES = 4


def check_trig_features(answer: Any) -> Feedback:
    """Exercise 12.1: the number of products of ``(1, cos x_i, sin x_i)`` over 4 features.

    Examples
    --------
    >>> check_trig_features(12).message.startswith("12 = 3 x 4 adds the three values")
    True
    """
    hint = (
        "The state of qubit i is described by three numbers, (1, sin x_i, cos x_i) (its "
        "Bloch vector with a 1 for the identity). The state of all qubits is the tensor "
        "product, and one feature is one choice of a factor for every qubit."
    )
    d = N_FEATURES
    mistakes = {
        3 * d: f"{3 * d} = 3 x {d} adds the three values of each qubit; the score multiplies "
        "them (one factor per qubit), so the counts multiply.",
        3**d - 1: f"{3**d - 1} leaves out the product of the four 1s, the constant feature; it "
        "is one of the products too (a linear model usually calls it the intercept).",
        2**d: f"{2**d} = 2^{d} forgets the constant 1: each qubit offers three factors, "
        "1, sin and cos.",
        4**d: f"{4**d} = 4^{d} counts all Pauli strings (I, X, Y, Z per qubit); an RY rotation "
        "of |0> has no Y component, so only three factors per qubit appear.",
        d**3: f"{d**3} = {d}^3 has base and exponent swapped: {d} qubits, 3 choices each.",
    }
    return check_number(
        answer, 3**d, whole=True, tol=0, mistakes=mistakes,
        what="a whole number of features", valid=lambda v: v >= 0,
        right=f"Right: 3^{d} = {3**d}. The label score is a linear function of these "
        f"{3**d} products, so a linear classical model given them can learn it; with d "
        "qubits the count grows as 3^d.",
        wrong="{answer} is not the number of products.", hint=hint,
    )


add_solution(
    "12.1",
    """answer = 3**4   # 81: one of (1, sin x_i, cos x_i) for each of the 4 qubits
# len(trig_features(X_train[:1])[0]) in the notebook gives the same number""",
)


# --- 12.2 --------------------------------------------------------------------------------------

#: Spins of exercise 12.2.
N_SPINS = 30
#: Bytes of one float64 amplitude.
BYTES_PER_AMPLITUDE = 8


def check_state_memory(answer: Any) -> Feedback:
    """Exercise 12.2: gigabytes (10^9 bytes) for the 2^30 real float64 amplitudes of 30 spins.

    Examples
    --------
    >>> check_state_memory(2**30 * 8 / 1e9).passed
    True
    """
    expected = 2**N_SPINS * BYTES_PER_AMPLITUDE / 1e9
    hint = (
        f"A chain of n spins has 2^n basis states, one amplitude each; here n = {N_SPINS} and "
        f"each real amplitude is a float64 of {BYTES_PER_AMPLITUDE} bytes. A gigabyte is "
        "10^9 bytes."
    )
    mistakes = [
        (2**N_SPINS * 16 / 1e9, "That is for complex amplitudes (16 bytes each); the ground "
         "states here are real, 8 bytes per amplitude."),
        (2**N_SPINS * BYTES_PER_AMPLITUDE / 2**30, "That is in GiB (2^30 bytes); the question "
         "asks for gigabytes, 10^9 bytes."),
        (2**N_SPINS / 1e9, "That counts amplitudes (in billions), not bytes: each takes 8 bytes."),
        (N_SPINS * BYTES_PER_AMPLITUDE / 1e9, "That stores one number per spin; the state needs "
         "one amplitude per basis state, 2^30 of them."),
    ]
    return check_number(
        answer, expected, tol=0.01, mistake_tol=0.01, mistakes=mistakes,
        what="a number of gigabytes", valid=lambda v: v >= 0,
        right=f"Right: 2^{N_SPINS} x {BYTES_PER_AMPLITUDE} bytes = {expected:.2f} GB. Every "
        "extra spin doubles it; at 50 spins it would be 9 petabytes. A classical learner that "
        "needs the whole state vector runs out of memory fast; one that needs only a few "
        "measured numbers per state does not.",
        wrong="{answer} GB is not it (the answer is needed to 0.01 GB).", hint=hint,
    )


add_solution(
    "12.2",
    """answer = 2**30 * 8 / 1e9   # 8.59 GB: 2^30 amplitudes, 8 bytes each""",
)


# --- 12.3 --------------------------------------------------------------------------------------

#: The statements of exercise 12.3.
DATA_ACCESS_CHOICES = {
    "a": "The QCNN shows a quantum advantage on quantum data: it reads the state itself.",
    "b": "The task is easy for anyone who knows h: the labels are defined by h. The question "
    "'does the quantum part help?' is only interesting when the learner gets states, and "
    "then it must be compared with classical learners given measurement data from the same "
    "number of copies of each state.",
    "c": "Classical models are better at quantum data: the tuned model on the state vector "
    "is at least as accurate as the QCNN.",
    "d": "The comparison is unfair to the QCNN, so nothing can be learned from it.",
}


def check_data_access(answer: Any) -> Feedback:
    """Exercise 12.3: the honest reading of the phase comparison ("a", "b", "c" or "d").

    Examples
    --------
    >>> check_data_access("b").passed
    True
    >>> check_data_access("e").message
    "Answer with one letter of ['a', 'b', 'c', 'd']; got 'e'."
    """
    hint = (
        "Ask for each learner what it was given: h, the full state vector (which needs 2^n "
        "numbers, exponential memory), measurement outcomes from some copies of the state, or "
        "the state itself in a quantum computer. An advantage can only be claimed against the "
        "best learner given the same access."
    )
    wrong = {
        "a": "Reading the state is a difference in what the model is given, not evidence of a "
        "better model: classical learners given measurement data (classical shadows) from the "
        "same copies are the fair opponents, and an advantage would need a 'better than' "
        "verdict against them.",
        "c": "The state-vector model gets 2^n numbers per state: exact, but it is not available "
        "for a real experiment (and needs exponential memory). Being at least as accurate with "
        "more access is no statement about classical models in general.",
        "d": "Each comparison answers a clear question once you say what each learner was "
        "given; that is exactly what can be learned.",
    }
    return check_choice(
        answer, "b", mistakes=wrong,
        invalid=f"Answer with one letter of {sorted(DATA_ACCESS_CHOICES)}; got {{answer!r}}.",
        right="Right. Given h, a threshold does it. Given states, the fair comparison is copies "
        "against copies: a quantum model that measures each copy after processing it, against "
        "a classical model that learns from measurements of each copy (Huang et al. 2022 prove "
        "that classical shadows suffice for phases like these).",
        hint=hint,
    )


add_solution(
    "12.3",
    """answer = "b"
# h defines the labels; with states, compare copies against copies: the QCNN measured T times
# against a tuned classical model on classical shadows of T snapshots.""",
)

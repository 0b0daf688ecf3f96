"""Exercise checks for notebook 13, from simulator to hardware.

- 13.1 native CNOTs of one CNOT between the ends of a line of 4 qubits: :func:`check_line_cnots`
- 13.2 the ``<Z>`` a readout error reports: :func:`check_raw_expval`
- 13.3 circuits of one parameter-shift epoch: :func:`check_shift_circuits`

Examples
--------
>>> check_line_cnots(7).passed
True
>>> check_shift_circuits(None).message
'No answer yet: replace the ... / None with your answer.'
"""

from __future__ import annotations

from typing import Any

from qnnlab.exercises._core import Feedback, add_solution, check_number

__all__ = ["check_line_cnots", "check_raw_expval", "check_shift_circuits",
           "READOUT_P01", "READOUT_P10", "TRUE_Z", "SHIFT_SAMPLES", "SHIFT_PARAMS"]


# --- 13.1 --------------------------------------------------------------------------------------

#: Qubits of the line in exercise 13.1 (the CNOT joins qubit 0 and qubit LINE_QUBITS - 1).
LINE_QUBITS = 4


def check_line_cnots(answer: Any) -> Feedback:
    """Exercise 13.1: native CNOTs for ``CNOT(0, 3)`` on the line ``0-1-2-3``, routed with SWAPs.

    Examples
    --------
    >>> print(check_line_cnots(2).message.split(":")[0])
    2 is the number of SWAPs
    """
    swaps = LINE_QUBITS - 2  # the distance is LINE_QUBITS - 1; the last hop is the CNOT itself
    expected = 3 * swaps + 1
    hint = (
        "A CNOT needs its two qubits to be neighbours. Count the SWAPs that bring qubit 0 next "
        "to qubit 3 on the line, then how many CNOTs one SWAP costs (a SWAP is no native gate "
        "here), and do not forget the CNOT that was asked for."
    )
    mistakes = {
        swaps: f"{swaps} is the number of SWAPs: each SWAP is itself three CNOTs, and the "
        "original CNOT still has to run.",
        swaps + 1: f"{swaps + 1} counts every SWAP as one gate; on a CNOT device a SWAP costs "
        "three CNOTs.",
        3 * swaps: f"{3 * swaps} are the CNOTs of the SWAPs; add the CNOT that was asked for.",
        3 * (LINE_QUBITS - 1) + 1: f"{3 * (LINE_QUBITS - 1) + 1} uses one SWAP per step of the "
        "distance; after the second SWAP the qubits are already neighbours, so the last step is "
        "the CNOT itself.",
        1: "1 is the CNOT on an all-to-all device; on a line, qubits 0 and 3 are not neighbours.",
    }
    return check_number(
        answer, expected, whole=True, tol=0, mistakes=mistakes,
        what="a whole number of CNOTs", valid=lambda v: v >= 0,
        right=f"Right: {swaps} SWAPs x 3 CNOTs + the CNOT itself = {expected}. One two-qubit "
        f"gate became {expected}: every one of them adds error and time, which is why the "
        "coupling map matters.",
        wrong="{answer} is not the number of native CNOTs.", hint=hint,
    )


add_solution(
    "13.1",
    """answer = 2 * 3 + 1   # 7: two SWAPs (3 CNOTs each) bring qubits 0 and 3 together, + the CNOT
# check: compiled_summary(qml.tape.QuantumScript([qml.CNOT([0, 3])]), profiles.get("toy_line"),
#                         n_qubits=4)["gate_counts"]""",
)


# --- 13.2 --------------------------------------------------------------------------------------

#: Readout error of exercise 13.2: p(read 1 | 0) and p(read 0 | 1).
READOUT_P01, READOUT_P10 = 0.02, 0.05
#: The noise-free ``<Z>`` of exercise 13.2.
TRUE_Z = 0.6


def _raw_z(p01: float, p10: float, z: float) -> float:
    p0, p1 = (1 + z) / 2, (1 - z) / 2
    return ((1 - p01) * p0 + p10 * p1) - (p01 * p0 + (1 - p10) * p1)


def check_raw_expval(answer: Any) -> Feedback:
    """Exercise 13.2: the ``<Z>`` reported for true ``<Z> = 0.6`` with readout errors 2% / 5%.

    Examples
    --------
    >>> check_raw_expval(0.588).passed
    True
    """
    expected = _raw_z(READOUT_P01, READOUT_P10, TRUE_Z)
    hint = (
        "From <Z> = P(0) - P(1) and P(0) + P(1) = 1 get the true P(0) and P(1). A 0 is read "
        f"as 1 with p(1|0) = {READOUT_P01} and a 1 as 0 with p(0|1) = {READOUT_P10}; compute "
        "the reported P(0) and P(1), then their difference."
    )
    mistakes = [
        (_raw_z(READOUT_P10, READOUT_P01, TRUE_Z), "That swaps the two error rates: a 0 is "
         f"misread with p(1|0) = {READOUT_P01}, a 1 with p(0|1) = {READOUT_P10}."),
        (TRUE_Z * (1 - READOUT_P01 - READOUT_P10), "That scales <Z> by (1 - p01 - p10) only; "
         "with unequal rates the readout also shifts <Z> by p10 - p01."),
        (TRUE_Z, "That is the true value: the readout error changes what is reported."),
        ((1 + TRUE_Z) / 2 * (1 - READOUT_P01) + (1 - TRUE_Z) / 2 * READOUT_P10,
         "That is the reported P(0); the question asks for <Z> = P(0) - P(1)."),
    ]
    return check_number(
        answer, expected, tol=5e-4, mistake_tol=5e-4, mistakes=mistakes,
        what="a number between -1 and 1", valid=lambda v: -1 <= v <= 1,
        right=f"Right: {expected:.3f} instead of {TRUE_Z}. Readout errors pull every <Z> towards "
        "p10 - p01; knowing the two rates (a calibration), the inversion in this notebook undoes "
        "exactly this.",
        wrong="{answer} is not the reported <Z> (the answer is needed to 0.001).", hint=hint,
    )


add_solution(
    "13.2",
    """p0, p1 = 0.8, 0.2                    # <Z> = 0.6 = p0 - p1
read0 = (1 - 0.02) * p0 + 0.05 * p1    # a 0 stays 0, or a 1 is misread as 0
read1 = 0.02 * p0 + (1 - 0.05) * p1
answer = read0 - read1                 # 0.588
# check: confusion_matrix(0.02, 0.05) @ [0.8, 0.2] gives [read0, read1]""",
)


# --- 13.3 --------------------------------------------------------------------------------------

#: Training samples and trainable circuit parameters of exercise 13.3.
SHIFT_SAMPLES, SHIFT_PARAMS = 50, 12


def check_shift_circuits(answer: Any) -> Feedback:
    """Exercise 13.3: circuits of one parameter-shift epoch, 50 samples and 12 parameters.

    Examples
    --------
    >>> check_shift_circuits(1250).passed
    True
    """
    n, p = SHIFT_SAMPLES, SHIFT_PARAMS
    expected = n * (1 + 2 * p)
    hint = (
        "For each sample the device runs the circuit once for the output, and for the gradient "
        "the parameter-shift rule runs it again with each parameter shifted up by pi/2 and down "
        "by pi/2. Count the circuits of one sample, then of all samples."
    )
    mistakes = {
        n * 2 * p: f"{n * 2 * p} counts the shifted circuits only; the forward circuit (the "
        "prediction itself) runs too.",
        n * (1 + p): f"{n * (1 + p)} uses one shifted circuit per parameter; the rule needs "
        "two, one shifted by +pi/2 and one by -pi/2.",
        1 + 2 * p: f"{1 + 2 * p} is for one sample; an epoch has {n}.",
        n: f"{n} is one circuit per sample: enough to predict, not to get gradients.",
        2 * p: f"{2 * p} is the shifted circuits of one sample.",
    }
    return check_number(
        answer, expected, whole=True, tol=0, mistakes=mistakes,
        what="a whole number of circuits", valid=lambda v: v >= 0,
        right=f"Right: {n} x (1 + 2 x {p}) = {expected} circuits per epoch, each repeated for "
        "every shot. On a simulator, backpropagation gets all gradients from one pass; on a "
        "device the count grows with the number of parameters.",
        wrong="{answer} is not the number of circuits.", hint=hint,
    )


add_solution(
    "13.3",
    """answer = 50 * (1 + 2 * 12)   # 1250: per sample one forward circuit and two per parameter
# check: training_cost(CircuitConfig(n_qubits=2, n_layers=2), "toy_line",
#                      n_samples=50)["circuits_per_epoch"]""",
)

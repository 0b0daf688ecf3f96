"""Exercise checks for notebook 02, variational circuits.

- 2.1 the parameters of sim_5 on 4 qubits with 2 layers: :func:`check_sim5_parameters`
- 2.2 the mean fidelity of two Haar-random 2-qubit states: :func:`check_haar_mean_fidelity`
- 2.3 the more expressible of sim_1 and sim_9: :func:`check_more_expressible`

Examples
--------
>>> check_sim5_parameters(56)
✅ Right: sim_5 has n² + 3n = 28 parameters per layer on 4 qubits, so 56 for 2 layers.
>>> check_sim5_parameters(None).passed
False
"""

from __future__ import annotations

from typing import Any

from qnnlab import ansatze
from qnnlab.exercises._core import (
    Feedback,
    add_solution,
    as_int,
    check_choice,
    check_number,
)

__all__ = ["check_sim5_parameters", "check_more_expressible", "check_haar_mean_fidelity"]


# --- 2.1 ---------------------------------------------------------------------------------------

_SIM5 = ("sim_5", 4, 2)


def check_sim5_parameters(answer: Any) -> Feedback:
    """Exercise 2.1: how many trainable parameters has ``sim_5`` on 4 qubits with 2 layers?

    Examples
    --------
    >>> check_sim5_parameters(28).passed
    False
    """
    name, n, layers = _SIM5
    expected = ansatze.get(name).n_params(n, layers)
    per_layer = expected // layers
    hint = (
        "One layer of sim_5 is: RX and RZ on every qubit (2n), a controlled RZ from every qubit "
        "to every other one (n(n-1)), then RX and RZ again (2n). Add them up for n = 4 and "
        "multiply by the number of layers."
    )
    mistakes = {
        per_layer: f"{per_layer} is the count of ONE layer; the circuit has {layers} layers.",
        n * (n - 1) * layers: "You counted only the controlled-RZ gates; the single-qubit "
        "rotation blocks before and after them are trainable too.",
        2 * n * layers: "You counted only one rotation block per layer; sim_5 has the "
        "all-to-all controlled RZs and a second RX, RZ block as well.",
        ansatze.get("strongly_entangling").n_params(n, layers): "That is the count of "
        "strongly_entangling (3 angles per qubit per layer), not of sim_5.",
    }
    return check_number(
        answer, expected, whole=True, mistakes=mistakes, what="a whole number of parameters",
        right=f"Right: sim_5 has n² + 3n = {per_layer} parameters per layer on {n} qubits, so "
        f"{expected} for {layers} layers.",
        wrong="{value} is not the number of parameters of sim_5 here.", hint=hint,
    )


add_solution(
    "2.1",
    """from qnnlab import ansatze

answer = ansatze.get("sim_5").n_params(4, 2)   # 56
# by hand: per layer 2n (RX, RZ) + n(n-1) (all-to-all CRZ) + 2n (RX, RZ) = n² + 3n = 28 for n = 4;
# two layers: 2 × 28 = 56""",
)


# --- 2.2 ---------------------------------------------------------------------------------------

_HAAR_QUBITS = 2


def check_haar_mean_fidelity(answer: Any) -> Feedback:
    """Exercise 2.2: mean fidelity ``|<psi|phi>|²`` of two Haar-random 2-qubit states.

    Examples
    --------
    >>> check_haar_mean_fidelity(0.25).passed
    True
    """
    dim = 2**_HAAR_QUBITS
    expected = 1 / dim
    hint = (
        f"With N = 2^n = {dim} the Haar fidelity density is P(F) = (N-1)(1-F)^(N-2). The mean "
        "is the integral of F·P(F) over [0, 1] (substitute u = 1 - F). Or estimate it: the mean "
        "of the fidelities sampled for the histogram above."
    )
    mistakes = {
        1 / _HAAR_QUBITS: "That is 1/n with n the number of QUBITS; the mean fidelity depends "
        "on the dimension N = 2^n of the state space.",
        1 / dim**2: "That is 1/N², too small: the mean is 1/N, with N = 2^n.",
        0.0: "Two random states are rarely exactly orthogonal: the mean fidelity is small but "
        "not 0.",
    }
    return check_number(
        answer, expected, tol=0.01, mistakes=mistakes,
        right=f"Right: the mean Haar fidelity is 1/N = 1/{dim} = {expected}. Random states in "
        "large spaces are almost orthogonal; an expressive circuit's fidelities crowd near 0 too.",
        wrong="{answer} is not the mean fidelity of two Haar-random 2-qubit states.", hint=hint,
    )


add_solution(
    "2.2",
    """answer = 1 / 4   # N = 2**2; mean of F under P(F) = (N-1)(1-F)**(N-2) is 1/N
# check numerically:
# from scipy.integrate import quad
# quad(lambda F: F * 3 * (1 - F) ** 2, 0, 1)[0]  ->  0.25""",
)


# --- 2.3 ---------------------------------------------------------------------------------------

_PAIR = ("sim_1", "sim_9")
_MORE_EXPRESSIBLE = "sim_1"


def _circuit_name(answer: Any) -> str | None:
    """Normalise ``"sim_9"``, ``"SIM 9"``, ``"circuit 9"``, ``9`` to ``"sim_9"``."""
    number = as_int(answer)
    if number is not None:
        return f"sim_{number}"
    if not isinstance(answer, str):
        return None
    text = answer.strip().lower().replace(" ", "_").replace("-", "_")
    for prefix in ("sim_", "sim", "circuit_", "circuit"):
        if text.startswith(prefix) and text[len(prefix):].isdigit():
            return f"sim_{int(text[len(prefix):])}"
    return text or None


def check_more_expressible(answer: Any) -> Feedback:
    """Exercise 2.3: which is more expressible on 4 qubits with 1 layer, sim_1 or sim_9?

    Examples
    --------
    >>> check_more_expressible("sim_1").passed
    True
    """
    hint = (
        "Compute expressibility(name, n_qubits=4, n_layers=1) for both: it is a KL divergence "
        "from the Haar distribution, so SMALLER means MORE expressible. Entangling gates alone "
        "do not make a circuit expressive; what matters is how much of the state space the "
        "random parameters reach."
    )
    wrong = {
        "sim_9": "sim_9 has the LARGER KL divergence from Haar (≈ 0.7 against ≈ 0.3), so it is "
        "the LESS expressible one, despite its entangling CZ gates.",
    }
    return check_choice(
        answer, _MORE_EXPRESSIBLE, read=_circuit_name, mistakes=wrong,
        invalid=f"Answer with one of {list(_PAIR)}; got {{answer!r}}.",
        right="Right: sim_1 (KL ≈ 0.3) is more expressible than sim_9 (KL ≈ 0.7), although "
        "sim_1 has no entangling gate at all. sim_9 has only one trainable RX per qubit, so its "
        "random states cover less of the state space.",
        hint=hint,
    )


add_solution(
    "2.3",
    """from qnnlab.analysis import expressibility

kl = {name: expressibility(name, n_qubits=4, n_layers=1) for name in ("sim_1", "sim_9")}
answer = min(kl, key=kl.get)   # "sim_1": lower KL = closer to Haar = more expressible
# sim_9 entangles (H, CZ ladder) but has only one RX per qubit to vary: KL ≈ 0.7 vs ≈ 0.3""",
)

"""Exercise checks for notebook 03, building a hybrid network.

- 3.1 the parameters of StronglyEntanglingLayers on 3 qubits, 2 layers: :func:`check_sel_parameters`
- 3.2 a HybridClassifier with a pre-network for 8 features on 4 qubits: :func:`check_pre_network`
- 3.3 the parameters of the classical head: :func:`check_head_parameters`

Examples
--------
>>> check_sel_parameters(18)
✅ Right: one Rot(φ, θ, ω) - 3 angles - per qubit per layer: 2 × 3 × 3 = 18.
>>> check_sel_parameters(...).passed
False
"""

from __future__ import annotations

from typing import Any

from qnnlab import ansatze
from qnnlab.exercises._core import NO_ANSWER, Feedback, add_solution, check_number, is_unanswered

__all__ = ["check_sel_parameters", "check_pre_network", "check_head_parameters"]


# --- 3.1 ---------------------------------------------------------------------------------------

_SEL = (3, 2)  # qubits, layers


def check_sel_parameters(answer: Any) -> Feedback:
    """Exercise 3.1: trainable parameters of StronglyEntanglingLayers on 3 qubits, 2 layers.

    Examples
    --------
    >>> print(check_sel_parameters(6).message)  # doctest: +ELLIPSIS
    That is one angle per qubit per layer...
    """
    n, layers = _SEL
    expected = ansatze.get("strongly_entangling").n_params(n, layers)
    hint = (
        "Look at the drawing of one layer: which gates carry angles, and how many angles does "
        "each of them take? The CNOTs have none. Then count per qubit, per layer."
    )
    mistakes = {
        n * layers: "That is one angle per qubit per layer. Each qubit gets a general rotation "
        "Rot(φ, θ, ω) with three angles.",
        3 * n: f"That is the count of one layer; there are {layers}.",
        2 * n * layers: "Two angles per rotation? Rot(φ, θ, ω) = RZ(ω) RY(θ) RZ(φ) has three.",
        expected + n * layers: "The CNOTs that entangle the qubits have no trainable angle.",
    }
    return check_number(
        answer, expected, whole=True, mistakes=mistakes, what="a whole number of parameters",
        right=f"Right: one Rot(φ, θ, ω) - 3 angles - per qubit per layer: {layers} × {n} × 3 = "
        f"{expected}.",
        wrong="{value} is not the parameter count.", hint=hint,
    )


add_solution(
    "3.1",
    "Each layer applies Rot(φ, θ, ω) (3 angles) to each qubit, then parameter-free CNOTs:\n"
    "2 layers × 3 qubits × 3 angles = 18.\n\n"
    "In code: qml.StronglyEntanglingLayers.shape(n_layers=2, n_wires=3)  # (2, 3, 3)\n"
    "     or: qnnlab.ansatze.get('strongly_entangling').n_params(3, 2)   # 18",
)

# --- 3.2 ---------------------------------------------------------------------------------------

_N_FEATURES, _N_QUBITS = 8, 4


def _runs_on_eight_features(estimator: Any) -> str | None:
    """None if the estimator's network takes 8 features, else the reason why not."""
    import torch

    from qnnlab.models import DTYPE, HybridNet

    try:
        config = estimator.circuit_config()
        net = HybridNet(_N_FEATURES, 2, config, pre_layers=estimator.pre_layers,
                        quantum=estimator.quantum, random_state=0)
        with torch.no_grad():
            net(torch.full((3, _N_FEATURES), 0.5, dtype=DTYPE))
    except (ValueError, TypeError, RuntimeError) as error:
        return str(error)
    return None


def check_pre_network(answer: Any) -> Feedback:
    """Exercise 3.2: a HybridClassifier with a pre-network that takes 8 features on 4 qubits.

    Examples
    --------
    >>> from qnnlab import HybridClassifier
    >>> check_pre_network(HybridClassifier(n_qubits=4, pre_layers=(8,))).passed
    True
    >>> check_pre_network(HybridClassifier(n_qubits=4)).passed
    False
    """
    from qnnlab.estimators import HybridClassifier

    hint = (
        "The circuit takes one angle per qubit, so something classical has to turn 8 numbers "
        "into 4 first. Which argument of HybridClassifier adds such a network in front of the "
        "circuit? Read help(HybridClassifier), and keep n_qubits=4 and quantum=True."
    )
    if is_unanswered(answer):
        return Feedback(False, NO_ANSWER, hint)
    if not isinstance(answer, HybridClassifier):
        return Feedback(False, f"Expected a HybridClassifier(...); got {type(answer).__name__}.",
                        hint)
    if answer.n_qubits != _N_QUBITS:
        return Feedback(False, f"The circuit should have {_N_QUBITS} qubits; yours has "
                        f"n_qubits={answer.n_qubits!r}.", hint)
    if answer.pre_layers is None:
        if _runs_on_eight_features(answer) is None:
            return Feedback(False, f"This takes 8 features without a pre-network (the "
                            f"{answer.encoding!r} encoding fits them on 4 qubits) - well spotted, "
                            "but the exercise asks for a classical pre-network.", hint)
        return Feedback(False, "pre_layers=None means no pre-network: the features go straight "
                        f"into the {answer.encoding!r} encoding, which takes only 4 features on "
                        "4 qubits, so fitting on 8 features would fail.", hint)
    if not answer.quantum:
        return Feedback(False, "quantum=False swaps the circuit for its classical counterpart; "
                        "keep quantum=True.", hint)
    problem = _runs_on_eight_features(answer)
    if problem is not None:
        return Feedback(False, f"This network does not run on 8 features: {problem}", hint)
    return Feedback(True, f"Right: pre_layers={tuple(answer.pre_layers)!r} maps the 8 features "
                    f"to what the {answer.encoding!r} encoding takes on 4 qubits, squashed "
                    "into (0, π).")


add_solution(
    "3.2",
    "clf = HybridClassifier(n_qubits=4, pre_layers=(8,), random_state=0)\n\n"
    "The pre-network 8 -> 8 -> 4 (Linear, tanh, Linear, then π·sigmoid) turns the 8 features\n"
    "into 4 angles, one per qubit. pre_layers=() (a single Linear 8 -> 4) works too.\n"
    "Try it: clf.fit(X8_train, y8_train).score(X8_test, y8_test)",
)

# --- 3.3 ---------------------------------------------------------------------------------------

_HEAD = (4, 3)  # <Z> values in, classes out


def check_head_parameters(answer: Any) -> Feedback:
    """Exercise 3.3: parameters of the head that maps 4 ``<Z>`` values to 3 class scores.

    Examples
    --------
    >>> check_head_parameters(15).passed
    True
    """
    n_in, n_out = _HEAD
    expected = n_in * n_out + n_out
    hint = "The head is torch.nn.Linear(4, 3): a 3 × 4 weight matrix plus one bias per output."
    mistakes = {
        n_in * n_out: "You counted the weights; the biases (one per output) are trainable too.",
        n_in * n_out + n_in: "One bias per OUTPUT (3), not per input.",
        (n_in + 1) * (n_out + 1): "Only the outputs have biases: 3 × 4 + 3.",
    }
    return check_number(
        answer, expected, whole=True, mistakes=mistakes, what="a whole number of parameters",
        right=f"Right: {n_out} × {n_in} weights + {n_out} biases = {expected}.",
        wrong="{value} is not the head's parameter count.", hint=hint,
    )


add_solution(
    "3.3",
    "The head is nn.Linear(4, 3): 4 × 3 = 12 weights + 3 biases = 15.\n\n"
    "Check: sum(p.numel() for p in torch.nn.Linear(4, 3).parameters())  # 15\n"
    "   or: HybridNet(4, 3, CircuitConfig(n_qubits=4)).n_parameters()['head']",
)

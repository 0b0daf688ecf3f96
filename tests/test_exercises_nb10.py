"""Exercise checks of notebook 10 (quantum kernels): right answers pass, wrong ones explain.

The expected answers are computed here independently of the checks: the kernel entry from
PennyLane's own circuit (the probability of |00> after U(x_a) and U(x_b)^dagger), the
alignment by hand and with PennyLane's ``qml.kernels.target_alignment``.
"""

from __future__ import annotations

import math

import numpy as np
import pennylane as qml
import pytest
from exercise_contract import assert_right, assert_solution_passes, assert_unanswered, assert_wrong

from qnnlab.exercises import nb10
from qnnlab.families.kernels import iqp_states


def _kernel_by_circuit(x_a: np.ndarray, x_b: np.ndarray) -> float:
    """|<psi(x_b)|psi(x_a)>|^2 as the probability of |00> after U(x_a), then U(x_b)^dagger."""

    @qml.qnode(qml.device("default.qubit", wires=2))
    def circuit() -> object:
        qml.IQPEmbedding(x_a, wires=[0, 1], n_repeats=1)
        qml.adjoint(qml.IQPEmbedding)(x_b, wires=[0, 1], n_repeats=1)
        return qml.probs(wires=[0, 1])

    return float(circuit()[0])


KERNEL_ENTRY = _kernel_by_circuit(*nb10.X_PAIR)
# GRAM with labels -1, -1, +1, +1: y^T K y = 4 + 2 (0.8 + 0.7) - 2 (0.3 + 0.1 + 0.2 + 0.3) = 5.2,
# ||K||_F^2 = 4 + 2 (0.64 + 0.09 + 0.01 + 0.04 + 0.09 + 0.49) = 6.72, ||y y^T||_F = 4
ALIGNMENT = 5.2 / (4 * math.sqrt(6.72))

# exercise id, check, a right answer (independent reference), wrong answers (common mistakes)
CASES = [
    ("10.1", nb10.check_kernel_entry, KERNEL_ENTRY,
     [math.sqrt(KERNEL_ENTRY), 1 - KERNEL_ENTRY, 0.25, 1.0, 0.5, -0.3, 1.7, "0.34", [0.1, 0.2]]),
    ("10.2", nb10.check_alignment, ALIGNMENT,
     [5.2, 5.2 / 4, 5.2 / 16, 0.6558, 0.9, 0.0, "0.5", [0.5, 0.5]]),
    ("10.3", nb10.check_concentration, "a", ["b", "c", "d", "e", 1]),
]
IDS = [case[0] for case in CASES]


@pytest.mark.parametrize(("ex_id", "check", "right", "wrongs"), CASES, ids=IDS)
def test_right_answer_passes(ex_id, check, right, wrongs):
    assert_right(check, right)


@pytest.mark.parametrize(("ex_id", "check", "right", "wrongs"), CASES, ids=IDS)
def test_wrong_answers_are_rejected_with_message_and_hint(ex_id, check, right, wrongs):
    assert_wrong(check, wrongs)


@pytest.mark.parametrize(("ex_id", "check", "right", "wrongs"), CASES, ids=IDS)
@pytest.mark.parametrize("placeholder", [None, ...])
def test_unanswered_says_no_answer_yet(ex_id, check, right, wrongs, placeholder):
    assert_unanswered(check, placeholder)


@pytest.mark.parametrize(("ex_id", "check", "right", "wrongs"), CASES, ids=IDS)
def test_reveal_shows_a_solution_that_passes_its_check(ex_id, check, right, wrongs):
    assert_solution_passes(ex_id, check, {name: getattr(nb10, name) for name in nb10.__all__})


def test_exercise_states_are_pennylanes_iqp_states():
    # The hand-written closed form of nb10 against PennyLane's IQPEmbedding (via qnnlab).
    assert np.allclose(iqp_states(nb10.X_PAIR, repeats=1), [nb10.STATE_A, nb10.STATE_B])
    # all the information is in the phases: equal measurement probabilities
    assert np.allclose(np.abs(nb10.STATE_A) ** 2, 0.25)
    assert np.allclose(np.abs(nb10.STATE_B) ** 2, 0.25)


def test_alignment_agrees_with_pennylane():
    index = np.arange(4).reshape(-1, 1)
    value = qml.kernels.target_alignment(
        index, 2 * nb10.LABELS - 1, lambda i, j: nb10.GRAM[int(i[0]), int(j[0])],
        rescale_class_labels=False)
    assert float(value) == pytest.approx(ALIGNMENT, abs=1e-12)
    assert nb10.check_alignment(float(value)).passed


def test_answers_are_accepted_to_three_decimals_and_the_precision_is_named():
    assert nb10.check_kernel_entry(round(KERNEL_ENTRY, 3)).passed
    assert nb10.check_alignment(round(ALIGNMENT, 3)).passed
    off = nb10.check_kernel_entry(round(KERNEL_ENTRY, 3) + 0.01)
    assert not off.passed and "three decimals" in off.message
    assert "three decimals" in nb10.check_alignment(0.9).message


def test_common_mistakes_get_specific_messages():
    overlap = np.vdot(nb10.STATE_B, nb10.STATE_A)
    assert "conjugate" in nb10.check_kernel_entry(abs(np.sum(nb10.STATE_B * nb10.STATE_A)) ** 2
                                                  ).message
    assert "SQUARE" in nb10.check_kernel_entry(abs(overlap)).message
    assert "imaginary" in nb10.check_kernel_entry(overlap.real ** 2).message
    assert "PROBABILITIES" in nb10.check_kernel_entry(0.25).message
    assert "distance" in nb10.check_kernel_entry(1 - KERNEL_ENTRY).message
    zero_one = np.outer(nb10.LABELS, nb10.LABELS)
    as_given = np.sum(nb10.GRAM * zero_one) / (np.linalg.norm(nb10.GRAM) * 2)
    assert "labels 0 and 1" in nb10.check_alignment(as_given).message
    assert "not yet normalised" in nb10.check_alignment(5.2).message
    assert "n^2" in nb10.check_alignment(5.2 / 16).message
    assert "concentrates at 1" in nb10.check_concentration("b").message
    assert "ORTHOGONAL" in nb10.check_concentration("d").message


def test_answers_of_other_types_are_understood():
    import torch

    assert nb10.check_kernel_entry(np.float32(KERNEL_ENTRY)).passed
    assert nb10.check_kernel_entry(torch.tensor(KERNEL_ENTRY, requires_grad=True)).passed
    assert nb10.check_alignment(np.array(ALIGNMENT)).passed
    assert nb10.check_concentration(" (A) ").passed


# --- what notebook 10's text claims ----------------------------------------------------------
# Section 5 says: at input scaling 1 the off-diagonal fidelity-kernel values crowd towards 0 and
# their variance falls with every added qubit; s = 1/sqrt(n) keeps the spread; s = 0.1 crowds
# them near 1. Checked on the notebook's data (fast-mode size) with states from PennyLane's own
# IQPEmbedding circuit, independently of qnnlab's kernel code.


def _iqp_gram(X: np.ndarray) -> np.ndarray:
    n = X.shape[1]

    @qml.qnode(qml.device("default.qubit", wires=n))
    def state(x: np.ndarray) -> object:
        qml.IQPEmbedding(x, wires=range(n), n_repeats=2)
        return qml.state()

    states = np.asarray(state(X))
    return np.abs(states.conj() @ states.T) ** 2


def test_notebook_10_concentration_claims():
    from qnnlab.datasets import load_dataset

    X, _, _, _ = load_dataset("hidden_manifold", n_samples=40, n_features=8, test_size=0.25,
                              random_state=0, feature_range=(-np.pi / 2, np.pi / 2))
    off = ~np.eye(len(X), dtype=bool)
    stats = {}
    for n in (2, 4, 6, 8):
        for label, s in (("1", 1.0), ("sqrt", 1 / np.sqrt(n)), ("0.1", 0.1)):
            values = _iqp_gram(X[:, :n] * s)[off]
            stats[label, n] = (values.var(), values.mean())
    widths = (2, 4, 6, 8)
    variances = [stats["1", n][0] for n in widths]
    means = [stats["1", n][1] for n in widths]
    assert all(b < a / 2 for a, b in zip(variances, variances[1:])), variances
    assert means == sorted(means, reverse=True) and means[-1] < 0.1, means
    kept = [stats["sqrt", n][0] for n in widths]
    assert max(kept) < 2 * min(kept), kept
    assert min(stats["0.1", n][1] for n in widths) > 0.9

"""Exercise checks of notebooks 02, 04 and 06: right answers pass, wrong ones explain and hint.

The expected answers here are computed independently of the checks (closed forms, hand counts,
PennyLane), and every registered solution is executed and must pass its own check.
"""

from __future__ import annotations

import math

import numpy as np
import pennylane as qml
import pytest
from scipy.integrate import quad

from qnnlab.exercises import Feedback, nb02, nb04, nb06, reveal

NO_ANSWER = "No answer yet"

# exercise id, check, a right answer (independent reference), wrong answers (common mistakes)
CASES = [
    ("2.1", nb02.check_sim5_parameters, 2 * (4**2 + 3 * 4), [28, 24, 16, 8, 57, "56?"]),
    (
        "2.2",
        nb02.check_haar_mean_fidelity,
        quad(lambda f: f * 3 * (1 - f) ** 2, 0, 1)[0],  # mean of P(F) = (N-1)(1-F)^(N-2), N=4
        [0.5, 1 / 16, 0.0, 1.0, "a quarter"],
    ),
    ("2.3", nb02.check_more_expressible, "sim_1", ["sim_9", 9, "sim_5", 3.5]),
    ("4.1", nb04.check_parameter_shift, -math.sin(0.7),
     [math.sin(0.7), math.cos(0.7), -2 * math.sin(0.7), -math.sin(0.7) / 2, 0.1, "x", [1, 2]]),
    ("4.2", nb04.check_shift_executions, 2 * 24 * 50, [1200, 48, 2450, 49, 50, 7, 2400.5, "2400"]),
    ("4.3", nb04.check_trainable_cost, "local", ["global", "both", 1]),
    ("6.1", nb06.check_frequencies, [-3, -2, -1, 0, 1, 2, 3],
     [[0, 1, 2, 3], list(range(-6, 7)), [-1, 0, 1], [-3, -1, 1, 3], [-3, 3], 3, "0..3"]),
    (
        "6.2",
        nb06.check_bell_entropy,
        float(qml.math.vn_entropy(np.outer([1, 0, 0, 1], [1, 0, 0, 1]) / 2, indices=[0], base=2)),
        [math.log(2), 0.0, 2.0, 0.5, 0.3, "ln2"],
    ),
    ("6.3", nb06.check_ablation_reading, "b", ["a", "c", "d", "e", 2]),
]
IDS = [case[0] for case in CASES]


@pytest.mark.parametrize(("ex_id", "check", "right", "wrongs"), CASES, ids=IDS)
def test_right_answer_passes(ex_id, check, right, wrongs):
    feedback = check(right)
    assert isinstance(feedback, Feedback)
    assert feedback.passed, feedback
    assert feedback.message.startswith("Right")


@pytest.mark.parametrize(("ex_id", "check", "right", "wrongs"), CASES, ids=IDS)
def test_wrong_answers_are_rejected_with_message_and_hint(ex_id, check, right, wrongs):
    for wrong in wrongs:
        feedback = check(wrong)
        assert not feedback.passed, (wrong, feedback)
        assert feedback.message and not feedback.message.startswith("Right"), wrong
        assert NO_ANSWER not in feedback.message
        assert len(feedback.hint) > 20, wrong
        assert "Hint" in repr(feedback) and "Hint" in feedback._repr_html_()


@pytest.mark.parametrize(("ex_id", "check", "right", "wrongs"), CASES, ids=IDS)
@pytest.mark.parametrize("placeholder", [None, ...])
def test_unanswered_says_no_answer_yet(ex_id, check, right, wrongs, placeholder):
    feedback = check(placeholder)
    assert not feedback.passed
    assert feedback.message.startswith(NO_ANSWER)
    assert feedback.hint


@pytest.mark.parametrize("ex_id", IDS)
def test_reveal_shows_a_solution_that_passes_its_check(ex_id):
    check = dict((case[0], case[1]) for case in CASES)[ex_id]
    solution = reveal(ex_id)
    assert f"Solution of {ex_id}" in repr(solution)
    assert "answer" in solution.text
    namespace: dict = {}
    exec(solution.text, namespace)  # our own registered solution code
    assert check(namespace["answer"]).passed, solution.text


def test_common_mistakes_get_specific_messages():
    # The message names the mistake, not only "wrong".
    assert "ONE layer" in nb02.check_sim5_parameters(28).message
    assert "LARGER KL" in nb02.check_more_expressible("sim_9").message
    assert "QUBITS" in nb02.check_haar_mean_fidelity(0.5).message
    assert "sign" in nb04.check_parameter_shift(math.sin(0.7)).message
    assert "factor 2" in nb04.check_shift_executions(1200).message
    assert "forward pass" in nb04.check_shift_executions(2450).message
    assert "negative" in nb06.check_frequencies([0, 1, 2, 3]).message
    assert "NATS" in nb06.check_bell_entropy(math.log(2)).message
    assert "WHOLE" in nb06.check_bell_entropy(0.0).message


def test_answers_of_other_types_are_understood():
    import torch

    assert nb02.check_sim5_parameters(np.int64(56)).passed
    assert nb02.check_sim5_parameters(56.0).passed
    assert nb02.check_more_expressible("SIM 1").passed
    assert nb02.check_more_expressible(1).passed
    assert nb04.check_parameter_shift(torch.tensor(-math.sin(0.7), requires_grad=True)).passed
    assert nb04.check_parameter_shift(np.array([-math.sin(0.7)])).passed
    assert nb04.check_trainable_cost(" Local ").passed
    assert nb06.check_frequencies(range(-3, 4)).passed
    assert nb06.check_frequencies(np.arange(-3, 4)).passed
    assert nb06.check_ablation_reading("(B)").passed


def test_unknown_exercise_lists_the_known_ones():
    with pytest.raises(ValueError, match="2.1"):
        reveal("2.99")


def test_ablation_exercise_uses_the_variants_of_the_analysis():
    from qnnlab.analysis import VARIANTS

    assert set(nb06.ABLATION_TABLE) == set(VARIANTS)

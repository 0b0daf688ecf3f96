"""Exercise checks of notebooks 01, 03 and 05.

Right answers are computed independently here (closed forms, PennyLane, torch), so a check
that expects the wrong value fails. Every check must: accept the right answer, reject a wrong one
with a message and a hint, say "No answer yet" for ``None`` / ``...``, and never raise.
"""

from __future__ import annotations

import math

import numpy as np
import pennylane as qml
import pytest
import torch

from qnnlab import HybridClassifier
from qnnlab.circuits import build_qnode
from qnnlab.exercises import Feedback, nb01, nb03, nb05, reveal


def _ideal_expval_z(prepare) -> float:
    dev = qml.device("default.mixed", wires=1)

    @qml.qnode(dev)
    def circuit():
        prepare()
        return qml.expval(qml.PauliZ(0))

    return float(circuit())


def _right_answers() -> dict[str, object]:
    """The answer of every exercise, computed without the exercise modules."""
    ry = _ideal_expval_z(lambda: qml.RY(math.pi / 3, wires=0))
    depolarized = _ideal_expval_z(lambda: qml.DepolarizingChannel(0.3, wires=0))
    return {
        "1.1": ry,
        "1.2": min(n for n in range(1, 20) if 2**n >= 10),
        "1.3": "amplitude",
        "3.1": int(np.prod(qml.StronglyEntanglingLayers.shape(n_layers=2, n_wires=3))),
        "3.2": HybridClassifier(n_qubits=4, pre_layers=(8,), random_state=0),
        "3.3": sum(p.numel() for p in torch.nn.Linear(4, 3).parameters()),
        "5.1": depolarized,
        "5.2": 10_000,
        "5.3": 60,
    }


CHECKS = {
    "1.1": nb01.check_expval_ry,
    "1.2": nb01.check_amplitude_qubits,
    "1.3": nb01.check_which_encoding,
    "3.1": nb03.check_sel_parameters,
    "3.2": nb03.check_pre_network,
    "3.3": nb03.check_head_parameters,
    "5.1": nb05.check_depolarized_expval,
    "5.2": nb05.check_shots_for_error,
    "5.3": nb05.check_zne_executions,
}

#: Typical mistakes, and a word the feedback must contain.
MISTAKES = {
    "1.1": [(0.75, "P(0)"), (math.sin(math.pi / 3), "<X>"), (-0.5, "sign"), (2.0, "[-1, 1]")],
    "1.2": [(10, "one qubit per feature"), (3, "Round"), (16, "amplitudes"), (3.32, "whole")],
    "1.3": [("angle", "one feature per qubit"), ("dense_angle", "RZ"), ("basis", "probability 1"),
            ("qubit", "not one of the encodings")],
    "3.1": [(6, "three angles"), (9, "one layer"), (12, "three"), (24, "CNOT")],
    "3.2": [(HybridClassifier(n_qubits=4), "pre_layers=None"),
            (HybridClassifier(n_qubits=2, pre_layers=()), "4 qubits"),
            (HybridClassifier(n_qubits=4, pre_layers=(), quantum=False), "quantum=False"),
            (HybridClassifier(encoding="dense_angle", n_qubits=4), "without a pre-network"),
            ("HybridClassifier", "Expected a HybridClassifier")],
    "3.3": [(12, "biases"), (16, "OUTPUT"), (20, "outputs have biases")],
    "5.1": [(0.7, "Z errors leave"), (0.4, "Z leaves |0> unchanged"), (0.8, "change of 2"),
            (1.0, "not <Z>")],
    "5.2": [(100, "1/sqrt(N)"), (2_500, "variance"), (1e8, "too many"), (5_000, "not 0.01")],
    "5.3": [(20, "without mitigation"), (180, "executed once"), (3, "single input"),
            (80, "already one of")],
}


@pytest.fixture(scope="module")
def right_answers() -> dict[str, object]:
    return _right_answers()


@pytest.mark.parametrize("exercise", sorted(CHECKS))
def test_right_answer_passes(exercise: str, right_answers: dict[str, object]) -> None:
    feedback = CHECKS[exercise](right_answers[exercise])
    assert isinstance(feedback, Feedback)
    assert feedback.passed, feedback
    assert feedback.message.startswith("Right")
    assert "✅" in repr(feedback)


@pytest.mark.parametrize(
    ("exercise", "answer", "word"),
    [(ex, answer, word) for ex, cases in MISTAKES.items() for answer, word in cases],
)
def test_wrong_answer_is_explained_with_a_hint(exercise: str, answer: object, word: str) -> None:
    feedback = CHECKS[exercise](answer)
    assert not feedback.passed
    assert word in feedback.message, feedback.message
    assert feedback.hint, "a wrong answer must come with a hint"
    assert "Hint" in repr(feedback) and "Hint" in feedback._repr_html_()


@pytest.mark.parametrize("exercise", sorted(CHECKS))
@pytest.mark.parametrize("placeholder", [None, ...])
def test_unanswered_exercise_says_no_answer_yet(exercise: str, placeholder: object) -> None:
    feedback = CHECKS[exercise](placeholder)
    assert not feedback.passed
    assert feedback.message.startswith("No answer yet")
    assert feedback.hint


@pytest.mark.parametrize("exercise", sorted(CHECKS))
@pytest.mark.parametrize("odd", ["four", [1, 2], np.array([1.0, 2.0]), True, {"a": 1}, -3])
def test_checks_never_raise_on_odd_answers(exercise: str, odd: object) -> None:
    feedback = CHECKS[exercise](odd)
    assert isinstance(feedback, Feedback) and not feedback.passed
    assert feedback.message


def test_numbers_from_numpy_and_torch_are_accepted(right_answers: dict[str, object]) -> None:
    assert nb01.check_amplitude_qubits(np.int64(4)).passed
    assert nb01.check_expval_ry(torch.tensor(0.5)).passed
    assert nb01.check_expval_ry(np.float64(right_answers["1.1"])).passed
    assert nb03.check_sel_parameters(18.0).passed
    assert nb05.check_shots_for_error(1e4).passed


def test_which_encoding_only_amplitude_reproduces_the_state() -> None:
    x = np.array(nb01.WHICH_ENCODING_FEATURES)
    target = np.array([1, 4, 4, 0]) / 9
    for name in ("amplitude", "dense_angle"):  # the only encodings taking 4 features on 2 qubits
        qnode = build_qnode(name, "basic_entangler", n_qubits=2, n_layers=0, measurement="probs")
        probs = np.asarray(qnode(x, np.zeros(qnode.config.n_params)))
        assert np.allclose(probs, target) == nb01.check_which_encoding(name).passed
    assert nb01.check_which_encoding(" Amplitude encoding").passed


def test_pre_network_solution_really_fits_eight_features(right_answers) -> None:
    rng = np.random.default_rng(0)
    X = rng.uniform(0, np.pi, size=(12, 8))
    y = np.arange(12) % 2
    clf = right_answers["3.2"].set_params(epochs=1)
    assert clf.fit(X, y).predict(X).shape == (12,)
    with pytest.raises(ValueError, match="takes at most 4 features"):
        HybridClassifier(n_qubits=4, epochs=1).fit(X, y)


def test_zne_exercise_matches_pennylane_scale_factors() -> None:
    from qnnlab.circuits import ZNE_SCALE_FACTORS

    assert tuple(nb05.ZNE_EXERCISE["scale_factors"]) == tuple(int(f) for f in ZNE_SCALE_FACTORS)


@pytest.mark.parametrize("exercise", sorted(CHECKS))
def test_reveal_shows_a_solution(exercise: str) -> None:
    shown = reveal(exercise)
    assert repr(shown).startswith(f"Solution of {exercise}:")
    assert len(shown.text) > 20
    assert "<details" in shown._repr_html_()


def test_reveal_of_an_unknown_exercise_lists_the_known_ones() -> None:
    with pytest.raises(ValueError, match="1.1"):
        reveal("1.99")


def test_reveal_with_a_number_says_to_write_a_string() -> None:
    with pytest.raises(TypeError, match=r'reveal\("1.1"\)'):
        reveal(1.1)  # type: ignore[arg-type]


# --- hints nudge, they do not hand over the answer ----------------------------------------------

#: exercise -> (a wrong answer, what its hint must not contain: a call that returns the answer,
#: or the solution itself).
GIVEAWAYS = {
    "2.1": ("nb02.check_sim5_parameters", 28, ["n_params", "56"]),
    "3.1": ("nb03.check_sel_parameters", 6, ["shape(", "n_params", "18"]),
    "3.2": ("nb03.check_pre_network", HybridClassifier(n_qubits=4),
            ["pre_layers=(", "pre_layers=[", "pre_layers=8"]),
}


@pytest.mark.parametrize("exercise", sorted(GIVEAWAYS))
def test_hint_does_not_give_the_answer_away(exercise: str) -> None:
    from qnnlab.exercises import nb02

    modules = {"nb02": nb02, "nb03": nb03}
    path, wrong, forbidden = GIVEAWAYS[exercise]
    module_name, check_name = path.split(".")
    feedback = getattr(modules[module_name], check_name)(wrong)
    assert not feedback.passed and feedback.hint
    for text in forbidden:
        assert text not in feedback.hint, f"the hint of {exercise} contains {text!r}"


def test_parameter_shift_accepts_three_decimals_and_says_the_precision() -> None:
    from qnnlab.exercises import nb04

    exact = -math.sin(0.7)  # -0.644218
    assert nb04.check_parameter_shift(round(exact, 3)).passed  # -0.644
    assert nb04.check_parameter_shift(-0.6445).passed
    close = nb04.check_parameter_shift(-0.646)
    assert not close.passed and "three decimals" in close.message
    far = nb04.check_parameter_shift(0.1)
    assert not far.passed and "three decimals" not in far.message


def test_frequencies_hint_gives_the_eigenvalues_to_the_generator_not_the_gate() -> None:
    from qnnlab.exercises import nb06

    hint = nb06.check_frequencies([0, 1]).hint
    assert "generator Y/2" in hint and "eigenvalues ±1/2" in hint
    assert "RY(x) has eigenvalues" not in hint

"""Exercise checks of notebook 11: right answers pass, common mistakes are named, hints help.

The expected answers are computed independently of the checks: the spectrum of 11.1 by
PennyLane's ``qml.fourier.qnode_spectrum`` on the circuit written out gate by gate, the model
choice of 11.2 from the spectra of those models, and the best R² of 11.3 by a least-squares fit
of a degree-2 series on an even grid (numpy), not by Parseval's formula that the check uses.
"""

from __future__ import annotations

import numpy as np
import pennylane as qml
import pytest
import torch
from pennylane import numpy as pnp

from qnnlab.exercises import Feedback, nb11, reveal
from qnnlab.exercises._core import NO_ANSWER


def _spectrum_of_two_qubits_three_layers() -> list[int]:
    """qnode_spectrum of RX(x) on 2 qubits in each of 3 layers, with trainable gates between."""
    dev = qml.device("default.qubit", wires=2)
    weights = np.random.default_rng(0).uniform(0, 2 * np.pi, size=(3, 2, 3))

    @qml.qnode(dev)
    def circuit(x):
        for layer in range(3):
            for wire in range(2):
                qml.RX(x, wires=wire)
                qml.Rot(*weights[layer, wire], wires=wire)
            qml.CNOT(wires=[0, 1])
        return qml.expval(qml.PauliZ(0))

    spectrum = qml.fourier.qnode_spectrum(circuit)(pnp.array(0.3, requires_grad=True))
    return sorted(int(w) for w in spectrum["x"][()])


def _spectrum_of_choice(letter: str) -> set[float]:
    """The frequencies of the models of exercise 11.2, from PennyLane's qnode_spectrum."""
    n_qubits, uploads, scale, layers = {"a": (1, 2, 1, 10), "b": (1, 1, 3, 1),
                                        "c": (3, 1, 1, 1), "d": (2, 1, 1, 5)}[letter]
    dev = qml.device("default.qubit", wires=n_qubits)

    @qml.qnode(dev)
    def circuit(x):
        for _ in range(uploads):
            for wire in range(n_qubits):
                qml.RX(scale * x, wires=wire)
                qml.Rot(0.1, 0.2, 0.3, wires=wire)
        for _ in range(layers):
            for wire in range(n_qubits):
                qml.Rot(0.4, 0.5, 0.6, wires=wire)
            for wire in range(n_qubits - 1):
                qml.CNOT(wires=[wire, wire + 1])
        return qml.expval(qml.PauliZ(0))

    spectrum = qml.fourier.qnode_spectrum(circuit)(pnp.array(0.3, requires_grad=True))
    return {float(w) for w in spectrum["x"][()]}


def _best_degree_2_r2() -> float:
    """R² of the least-squares degree-2 series fit to TARGET_3 on an even grid of one period."""
    x = np.linspace(0, 2 * np.pi, 240, endpoint=False)
    y = nb11.fourier_series(x, nb11.TARGET_3)
    features = np.column_stack([np.ones_like(x), np.cos(x), np.sin(x), np.cos(2 * x),
                                np.sin(2 * x)])
    fit = features @ np.linalg.lstsq(features, y, rcond=None)[0]
    return float(1 - np.mean((y - fit) ** 2) / np.var(y))


def _right_choice() -> str:
    needed = {float(w) for w in range(-3, 4)}
    [letter] = [c for c in nb11.MODEL_CHOICES if needed <= _spectrum_of_choice(c)]
    return letter


BEST_R2 = _best_degree_2_r2()

# exercise id, check, right answers, wrong answers and a phrase their message must contain
CASES = [
    ("11.1", nb11.check_spectrum, [_spectrum_of_two_qubits_three_layers(), range(-6, 7),
                                   np.arange(-6, 7), {6, 5, 4, 3, 2, 1, 0, -1, -2, -3, -4, -5, -6}],
     [(list(range(0, 7)), "negative"), (list(range(-3, 4)), "layers only"),
      (list(range(-2, 3)), "qubits only"), (list(range(-12, 13)), "Too wide"),
      ([w for w in range(-6, 7) if w], "constant term"), ([-6, 0, 6], "missing"),
      (list(range(-7, 8)), "not the spectrum"), (6, "Expected a collection"),
      ("-6..6", "Expected a collection")]),
    ("11.2", nb11.check_model_choice, [_right_choice(), "C", " (c) "],
     [("a", "reshape the coefficients"), ("b", "{-3, 0, 3}"),
      ("d", "{-2, ..., 2}"), ("e", "one letter"), (3, "one letter")]),
    ("11.3", nb11.check_best_r2, [BEST_R2, round(BEST_R2, 2), round(BEST_R2, 3),
                                  np.float32(BEST_R2)],
     [(0.7037, "c_0"), (0.704, "c_0"), (0.6797, "|c_ω|²"), (2 / 3, "Counting terms"),
      (0.75, "Counting coefficients"), (0.0, "most of the variance"),
      (1 - BEST_R2, "share of the variance the model misses"), (0.70, "two decimals"),
      (0.68, "|c_ω|²"), (0.5, "two decimals"), (1.5, "Expected a number"),
      ("0.69", "Expected a number")]),
]
IDS = [case[0] for case in CASES]


def test_independent_references_agree_with_the_exercise_constants() -> None:
    assert _spectrum_of_two_qubits_three_layers() == list(range(-6, 7))
    assert _right_choice() == "c"
    assert BEST_R2 == pytest.approx(nb11.best_r2(nb11.TARGET_3, 2), abs=1e-12)
    assert round(BEST_R2, 4) == 0.6923


@pytest.mark.parametrize(("ex_id", "check", "rights", "wrongs"), CASES, ids=IDS)
def test_right_answers_pass(ex_id, check, rights, wrongs) -> None:
    for right in rights:
        feedback = check(right)
        assert isinstance(feedback, Feedback)
        assert feedback.passed, (right, feedback)
        assert feedback.message.startswith("Right")


@pytest.mark.parametrize(("ex_id", "check", "rights", "wrongs"), CASES, ids=IDS)
def test_wrong_answers_are_named_and_hinted(ex_id, check, rights, wrongs) -> None:
    for wrong, phrase in wrongs:
        feedback = check(wrong)
        assert not feedback.passed, (wrong, feedback)
        assert phrase in feedback.message, (wrong, feedback.message)
        assert NO_ANSWER not in feedback.message
        assert len(feedback.hint) > 40, wrong
        assert "Hint" in repr(feedback) and "Hint" in feedback._repr_html_()


@pytest.mark.parametrize(("ex_id", "check", "rights", "wrongs"), CASES, ids=IDS)
@pytest.mark.parametrize("placeholder", [None, ...])
def test_unanswered_says_no_answer_yet(ex_id, check, rights, wrongs, placeholder) -> None:
    feedback = check(placeholder)
    assert not feedback.passed
    assert feedback.message == NO_ANSWER
    assert feedback.hint


def test_hints_do_not_give_the_answer_away() -> None:
    hints = {ex_id: check(None).hint for ex_id, check, *_ in CASES}
    assert "-6" not in hints["11.1"] and "range(" not in hints["11.1"]
    assert '"c"' not in hints["11.2"] and "three qubits" not in hints["11.2"]
    assert "0.69" not in hints["11.3"] and "best_r2" not in hints["11.3"]


@pytest.mark.parametrize("ex_id", IDS)
def test_reveal_shows_a_solution_that_passes_its_check(ex_id: str) -> None:
    check = {case[0]: case[1] for case in CASES}[ex_id]
    text = reveal(ex_id).text
    namespace: dict = {}
    exec(text, namespace)  # noqa: S102 - our own solution text
    assert check(namespace["answer"]).passed


def test_fourier_series_matches_the_closed_form_of_the_target() -> None:
    # TARGET is 0.1 + 0.3 (cos x + sin x + cos 2x + sin 2x) (Schuld et al., PennyLane's demo);
    # TARGET_3 adds -0.4 sin 3x.
    x = np.linspace(-np.pi, 3 * np.pi, 37)
    closed = 0.1 + 0.3 * (np.cos(x) + np.sin(x) + np.cos(2 * x) + np.sin(2 * x))
    assert np.allclose(nb11.fourier_series(x, nb11.TARGET), closed)
    assert np.allclose(nb11.fourier_series(x, nb11.TARGET_3), closed - 0.4 * np.sin(3 * x))


# -- what notebook 11's text claims ----------------------------------------------------------------


def test_11_reuploading_classifier_uses_one_qubit_and_n_layers_plus_one_uploads() -> None:
    # "with 2 features it uses one qubit, uploads the data n_layers + 1 times"
    from qnnlab.datasets import load_dataset
    from qnnlab.families import DataReuploadingClassifier

    X_train, _, y_train, _ = load_dataset("circles", n_samples=40, noise=0.1, random_state=0)
    clf = DataReuploadingClassifier(n_layers=3, epochs=1, random_state=0).fit(X_train, y_train)
    ops = qml.tape.make_qscript(clf.model_.circuit)(
        clf.model_.scaled(torch.as_tensor(X_train[:1])), *clf.model_.weights())
    data_gates = [op for op in ops.operations if op.name == "Rot" and op.wires.tolist() == [0]]
    assert clf.model_.n_qubits == 1
    assert len(data_gates) == 2 * 3 + 1  # Rot(x w) and Rot(theta) per layer, one fused at the end


@pytest.mark.parametrize("layout", ["serial", "parallel"])
def test_11_frequencies_beyond_L_vanish_for_every_weight(layout: str) -> None:
    # "The models' bars at w >= 3 are zero, not merely small: ... for any weights" (L = 2),
    # for the notebook's two configurations, with random weights and PennyLane's coefficients.
    from qnnlab import HybridRegressor
    from qnnlab.circuits import build_qnode, init_weights

    if layout == "serial":
        model = HybridRegressor("reuploading", "strongly_entangling", n_qubits=1, n_layers=2,
                                encoding_options={"rotation": "X", "trainable_scaling": False})
    else:
        model = HybridRegressor("angle", "strongly_entangling", n_qubits=2, n_layers=1,
                                encoding_options={"rotation": "X"})
    config = model.circuit_config(n_features=1)
    qnode = build_qnode(config=config)
    for seed in range(3):
        weights = init_weights(config, seed)
        c = qml.fourier.coefficients(
            lambda x, w=weights: np.asarray(qnode(np.reshape(x, (-1, 1)), w)[0]), 1, 4,
            use_broadcasting=True)
        assert np.max(np.abs(c[3:6])) < 1e-10  # w = 3, 4 and -4 (numpy's FFT order)
        assert np.max(np.abs(c[1:3])) > 1e-3


def test_11_degree_2_least_squares_on_random_points_stays_below_the_bound() -> None:
    # Section 5: the least-squares degree-2 fit on the 60 random training points lands close to,
    # and never above, the bound of exercise 11.3 on the even grid; degree 3 fits exactly.
    rng = np.random.default_rng(0)
    x_fit = np.sort(rng.uniform(0, 2 * np.pi, 60))
    x_grid = np.linspace(0, 2 * np.pi, 100, endpoint=False)

    def features(x: np.ndarray, degree: int) -> np.ndarray:
        k = np.arange(1, degree + 1)
        return np.column_stack([np.ones_like(x), np.cos(np.outer(x, k)), np.sin(np.outer(x, k))])

    y_fit, y_grid = (nb11.fourier_series(x, nb11.TARGET_3) for x in (x_fit, x_grid))
    for degree, low, high in ((2, BEST_R2 - 0.02, BEST_R2), (3, 1 - 1e-12, 1.0)):
        beta = np.linalg.lstsq(features(x_fit, degree), y_fit, rcond=None)[0]
        r2 = 1 - np.mean((y_grid - features(x_grid, degree) @ beta) ** 2) / np.var(y_grid)
        assert low <= r2 <= high + 1e-12, (degree, r2)

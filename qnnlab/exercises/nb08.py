"""Exercise checks for notebook 08, the Playground.

- 8.1 an AnsatzPicker set to exactly 24 parameters on 3 qubits: :func:`check_ansatz_parameters`
- 8.2 more than 90% test accuracy on circles with at most 2 qubits: :func:`check_circles_challenge`
- 8.3 a noise strength that pushes the accuracy below 70%: :func:`check_noise_threshold`
- 8.4 a permalink that solves the ``circles-12-params`` challenge: :func:`check_challenge_link`
- 8.5 which of two circuits has the larger gradients at a random start:
  :func:`check_larger_gradients` (against :func:`qnnlab.analysis.quick.lookup_insight`)
- 8.6 the highest frequency of a serial re-uploading model with ``r`` repeats:
  :func:`check_highest_frequency` (against :func:`qnnlab.analysis.fourier.available_spectrum`)
- 8.7 the test R² of a trained sine regression: :func:`check_sine_r2` (against scikit-learn's
  ``r2_score`` on the Playground's own predictions)

The checks take the widgets themselves (an ``AnsatzPicker``, a trained ``Playground``) or their
plain values (``picker.value``, ``pg.state``), so they never need a browser.

Examples
--------
>>> check_ansatz_parameters({"ansatz": "hardware_efficient", "n_qubits": 3, "n_layers": 4}).passed
True
>>> check_circles_challenge(...)
❌ No answer yet: replace the ... / None with your answer.
💡 Hint: ...
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np

from qnnlab.exercises._core import (
    NO_ANSWER,
    Feedback,
    add_solution,
    as_letter,
    as_number,
    check_choice,
    check_number,
    is_unanswered,
    match_mistake,
)

__all__ = ["check_ansatz_parameters", "check_circles_challenge", "check_noise_threshold",
           "noisy_accuracy", "check_challenge_link", "GRADIENT_PAIR", "check_larger_gradients",
           "check_highest_frequency", "reuploading_reach", "check_sine_r2"]


# --- 8.1 ---------------------------------------------------------------------------------------

TARGET_PARAMS, TARGET_QUBITS = 24, 3


def check_ansatz_parameters(answer: Any) -> Feedback:
    """Exercise 8.1: an ansatz choice with exactly 24 trainable parameters on 3 qubits.

    ``answer`` is an ``AnsatzPicker`` or its ``value`` (a dict with ``ansatz``, ``n_qubits``,
    ``n_layers`` and optionally ``ansatz_options``); the count comes from
    :class:`qnnlab.circuits.CircuitConfig` with the angle encoding.

    Examples
    --------
    >>> check_ansatz_parameters({"ansatz": "strongly_entangling", "n_qubits": 4,
    ...                          "n_layers": 2}).passed
    False
    """
    from qnnlab import ansatze
    from qnnlab.circuits import CircuitConfig

    hint = (
        "The parameter count is (parameters per layer) × layers, plus an initial layer for some "
        "ansätze; AnsatzPicker shows it live under the sliders. On 3 qubits, "
        "strongly_entangling has 3 × 3 = 9 per layer, and 24 is no multiple of 9: try an "
        "ansatz with 2 rotations per qubit per layer."
    )
    if is_unanswered(answer):
        return Feedback(False, NO_ANSWER, hint)
    value = getattr(answer, "value", answer)
    if not isinstance(value, Mapping) or not {"ansatz", "n_qubits", "n_layers"} <= set(value):
        return Feedback(False, "Expected an AnsatzPicker or its .value (a dict with ansatz, "
                        f"n_qubits and n_layers); got {answer!r}.", hint)
    try:
        config = CircuitConfig("angle", value["ansatz"], n_qubits=value["n_qubits"],
                               n_layers=value["n_layers"],
                               ansatz_options=dict(value.get("ansatz_options") or {}))
    except (ValueError, TypeError) as error:
        return Feedback(False, f"This choice cannot be built: {error}", hint)
    n, layers, name = config.n_qubits, config.n_layers, config.ansatz
    count = config.n_params
    per_layer = math.prod(ansatze.get(name).layer_shape(n))
    if count == TARGET_PARAMS and n == TARGET_QUBITS:
        return Feedback(True, f"Right: {name} on {n} qubits with {layers} layers has {count} "
                        "parameters. Other answers exist; the ansatz decides how they are spent "
                        "(rotations, entanglers, topology).")
    if n != TARGET_QUBITS:
        return Feedback(False, f"Use exactly {TARGET_QUBITS} qubits; you have {n} (with "
                        f"{count} parameters).", hint)
    return Feedback(False, f"{name} on {n} qubits with {layers} layers has {count} parameters "
                    f"({per_layer} per layer), not {TARGET_PARAMS}.", hint)


add_solution(
    "8.1",
    """picker_81.value = {"ansatz": "hardware_efficient", "n_qubits": 3, "n_layers": 4}
answer = picker_81          # 2 rotations x 3 qubits x 4 layers = 24
# also right: sim_1, sim_2 (4 layers), sim_3, sim_4 (3 layers), basic_entangler (8 layers)""",
)


# --- 8.2 ---------------------------------------------------------------------------------------

TARGET_ACCURACY, MAX_QUBITS, MIN_TEST_POINTS = 0.9, 2, 20


def _state(answer: Any) -> Any:
    """A Playground's state snapshot (``pg.state``), or ``answer`` if it already is one."""
    return getattr(answer, "state", answer)


def check_circles_challenge(answer: Any) -> Feedback:
    """Exercise 8.2: a trained Playground with test accuracy > 0.9 on circles, <= 2 qubits.

    ``answer`` is the ``Playground`` (or its ``state``) after training.

    Examples
    --------
    >>> check_circles_challenge(42).passed
    False
    """
    hint = (
        "Circles needs a curved boundary. With 2 qubits, angle encoding of the two features "
        "and 2-3 layers, learning rate around 0.05-0.1 and 10-30 epochs usually do it; "
        "reuploading helps too. Train with the Train button or pg.train_epochs(n), then pass pg."
    )
    if is_unanswered(answer):
        return Feedback(False, NO_ANSWER, hint)
    state = _state(answer)
    settings = getattr(state, "settings", None)
    if not isinstance(settings, Mapping):
        return Feedback(False, f"Pass the Playground itself (pg) or pg.state; got {answer!r}.",
                        hint)
    dataset, qubits = settings["dataset"], settings["ansatz"]["n_qubits"]
    n_test = round(dataset["n_samples"] * dataset["test_size"])
    if dataset["name"] != "circles":
        return Feedback(False, f"The Playground is on {dataset['name']!r}; choose 'circles' in "
                        "the dataset picker.", hint)
    if qubits > MAX_QUBITS:
        return Feedback(False, f"{qubits} qubits is too many: use at most {MAX_QUBITS}.", hint)
    if n_test < MIN_TEST_POINTS:
        return Feedback(False, f"Only about {n_test} test points: an accuracy on so few is too "
                        f"coarse to trust. Use at least {MIN_TEST_POINTS}.", hint)
    accuracy = state.test_accuracy
    if accuracy is None or state.epoch == 0:
        return Feedback(False, "Not trained yet: press Train (or run pg.train_epochs(10)).", hint)
    if accuracy > TARGET_ACCURACY:
        return Feedback(True, f"Done: test accuracy {accuracy:.2f} after {state.epoch} epochs "
                        f"with {qubits} qubit(s). One seed and one split, though: notebook 07 "
                        "shows how to turn that into evidence.")
    return Feedback(False, f"Test accuracy {accuracy:.2f} after {state.epoch} epochs: not above "
                    f"{TARGET_ACCURACY}. Train longer or change the settings.", hint)


add_solution(
    "8.2",
    """pg = Playground(dataset={"name": "circles"},
                ansatz={"ansatz": "strongly_entangling", "n_qubits": 2, "n_layers": 2},
                training={"learning_rate": 0.05})
pg.train_epochs(10)          # or press Train
answer = pg                  # test accuracy about 0.94""",
)


# --- 8.3 ---------------------------------------------------------------------------------------

NOISE_TARGET, CLEAN_MINIMUM = 0.7, 0.8
#: Largest strength accepted: beyond it any model fails, and real gates err far less (~0.1-1%).
MAX_STRENGTH = 0.2


def noisy_accuracy(playground: Any, noise: str | None, strength: float) -> float:
    """Test accuracy of the Playground's trained weights under ``noise`` at ``strength``.

    The session's noise settings are restored afterwards.

    Raises
    ------
    ValueError
        If the Playground has no trained session.

    Examples
    --------
    >>> from qnnlab.widgets import Playground
    >>> pg = Playground(dataset={"n_samples": 80}, ansatz={"n_qubits": 2, "n_layers": 1},
    ...                 training={"learning_rate": 0.1})
    >>> pg.train_epochs(20).test_accuracy
    0.85
    >>> noisy_accuracy(pg, "depolarizing", 0.2)  # the same weights under noise
    0.5
    >>> noisy_accuracy(None, "depolarizing", 0.2)
    Traceback (most recent call last):
    ...
    ValueError: The Playground has no session: fix its settings first.
    """
    session = getattr(playground, "session", None)
    if session is None:
        raise ValueError("The Playground has no session: fix its settings first.")
    saved = session.noise_settings()
    try:
        session.set_noise(noise=noise, noise_strength=strength if noise else 0.0, shots=None)
        return session.test_accuracy()
    finally:
        session.set_noise(**saved)


def check_noise_threshold(answer: Any, playground: Any) -> Feedback:
    """Exercise 8.3: a noise strength ``p <= 0.2`` that drops the trained model below 70%.

    Parameters
    ----------
    answer : float
        The noise strength ``p``.
    playground : Playground
        Trained (noise-free accuracy at least 0.8); its noise picker's model is used
        (depolarizing if none is chosen).

    Returns
    -------
    Feedback
        Passed if the accuracy under noise of strength ``answer`` is below 0.7.

    Examples
    --------
    >>> from qnnlab.widgets import Playground
    >>> pg = Playground(dataset={"n_samples": 80}, ansatz={"n_qubits": 2, "n_layers": 1},
    ...                 training={"learning_rate": 0.1})
    >>> check_noise_threshold(0.05, pg).message  # not trained yet
    'Pass a trained Playground as the second argument.'
    >>> _ = pg.train_epochs(20)
    >>> check_noise_threshold(0.01, pg).message
    'At p = 0.01 (depolarizing) the accuracy is still 0.85 (noise-free 0.85). Try a larger p.'
    >>> check_noise_threshold(0.2, pg)
    ✅ Right: with depolarizing noise p = 0.2 the accuracy drops from 0.85 to 0.50. ...
    """
    hint = (
        "Train the Playground first, then move the noise strength slider (with a noise model "
        "chosen): the same trained weights are evaluated under noise, no retraining. Look for "
        "the smallest p where the reported accuracy falls below 0.70: for a small circuit, "
        "often between 0.05 and 0.2."
    )
    if is_unanswered(answer):
        return Feedback(False, NO_ANSWER, hint)
    p = as_number(answer)
    if p is None or not 0 <= p <= 1:
        return Feedback(False, f"Expected a noise strength p in [0, 1]; got {answer!r}.", hint)
    session = getattr(playground, "session", None)
    if session is None or session.epoch == 0:
        return Feedback(False, "Pass a trained Playground as the second argument.", hint)
    noise = playground.noise_picker.value.get("noise") or "depolarizing"
    clean = noisy_accuracy(playground, None, 0.0)
    if clean < CLEAN_MINIMUM:
        return Feedback(False, f"The model reaches only {clean:.2f} without noise; train it to "
                        f"at least {CLEAN_MINIMUM} first, so that a drop means something.", hint)
    if p > MAX_STRENGTH:
        return Feedback(False, f"p = {p:g} breaks any model, and real gates err far less (about "
                        f"0.1-1% each). Find a strength of at most {MAX_STRENGTH:g}.", hint)
    accuracy = noisy_accuracy(playground, noise, p)
    if accuracy < NOISE_TARGET:
        return Feedback(True, f"Right: with {noise} noise p = {p:g} the accuracy drops from "
                        f"{clean:.2f} to {accuracy:.2f}. Noise shrinks every ⟨Z⟩ towards 0, "
                        "and the classical head, trained on noise-free values, misreads them.")
    return Feedback(False, f"At p = {p:g} ({noise}) the accuracy is still {accuracy:.2f} "
                    f"(noise-free {clean:.2f}). Try a larger p.", hint)


add_solution(
    "8.3",
    """from qnnlab.exercises.nb08 import noisy_accuracy

for p in (0.005, 0.01, 0.02, 0.05, 0.1):
    print(p, noisy_accuracy(pg, "depolarizing", p))
answer = 0.05     # for the circles model of 8.2: 0.98 at p = 0.01, 0.50 at p = 0.05""",
)


# --- 8.4 ---------------------------------------------------------------------------------------

LINK_CHALLENGE = "circles-12-params"


def check_challenge_link(answer: Any) -> Feedback:
    """Exercise 8.4: a permalink that solves the ``circles-12-params`` challenge when replayed.

    ``answer`` is the link (``pg.permalink()``, or the whole address from "Copy link"). The
    check replays it in a fresh Playground (same settings, trained to the link's epoch) and
    asks the challenge for its verdict: the link must carry its own proof.

    Examples
    --------
    >>> check_challenge_link("qubits=2&epoch=3").message
    "The link has no challenge=circles-12-params: make it with Playground(challenge='circles-..."
    >>> check_challenge_link("challenge=circles-12-params&qubits=x").message
    "'qubits' = 'x' is not valid (an integer from 1 to 16): the default 4 is used."
    """
    from dataclasses import replace

    from qnnlab.widgets.permalink import LinkState
    from qnnlab.widgets.playground import Playground

    hint = (
        "Start with pg = Playground(challenge='circles-12-params'), make the circuit small "
        "enough (the banner says how many parameters you have), train until the banner says "
        "'Challenge met', then pass pg.permalink(). 2 qubits and 1 layer of "
        "strongly_entangling are 6 circuit parameters; the head adds 6 more."
    )
    if is_unanswered(answer):
        return Feedback(False, NO_ANSWER, hint)
    if not isinstance(answer, str):
        return Feedback(False, f"Pass the link as text (pg.permalink()); got {answer!r}.", hint)
    state = LinkState.parse_query(answer.split("?", 1)[-1])
    if state.problems:
        return Feedback(False, state.problems[0], hint)
    if state.challenge != LINK_CHALLENGE:
        return Feedback(False, f"The link has no challenge={LINK_CHALLENGE}: make it with "
                        f"Playground(challenge={LINK_CHALLENGE!r}).", hint)
    if state.epoch == 0:
        return Feedback(False, "The link is at epoch 0: train first, then copy the link.", hint)
    replay = Playground(challenge=LINK_CHALLENGE)
    replay.restore(replace(state, epoch=0))
    if not replay.valid:
        return Feedback(False, f"The link's settings cannot work: {replay.problem}", hint)
    replay.train_epochs(state.epoch)
    result = replay.instructor.result
    if result is None or not result.passed:
        return Feedback(False, f"Replayed: {result.message if result else 'no verdict'}", hint)
    return Feedback(True, f"Replayed from the link alone: {result.message} Anyone with the "
                    "link gets the same weights, because training is deterministic.")


add_solution(
    "8.4",
    """pg84 = Playground(challenge="circles-12-params",
                  ansatz={"n_qubits": 2, "n_layers": 1}, training={"learning_rate": 0.1})
pg84.train_epochs(30)        # the banner: Challenge met, test accuracy 1.00, 12 parameters
answer = pg84.permalink()""",
)


# --- 8.5 ---------------------------------------------------------------------------------------

#: Exercise 8.5: two circuits of the same width and depth, "a" near-Haar and entangling, "b"
#: without any two-qubit gate.
GRADIENT_PAIR: dict[str, dict[str, Any]] = {
    "a": {"ansatz": "strongly_entangling", "n_qubits": 6, "n_layers": 4},
    "b": {"ansatz": "sim_1", "n_qubits": 6, "n_layers": 4},
}


def _insight(setting: Mapping[str, Any]) -> Any:
    """The analysis card's numbers for ``setting`` (the shipped table, else computed now)."""
    from qnnlab.analysis.quick import compute_insight, lookup_insight

    args = (setting["ansatz"], setting["n_qubits"], setting["n_layers"])
    return lookup_insight(*args) or compute_insight(*args)


def _describe(letter: str, insight: Any) -> str:
    return (f"{letter.upper()} ({insight.ansatz}, {insight.n_qubits} qubits, {insight.n_layers} "
            f"layers): gradient variance {insight.gradient_variance_global:.1e}, "
            f"expressibility {insight.expressibility:.3f}, entangling capability "
            f"{insight.entangling_capability:.2f}")


def check_larger_gradients(answer: Any,
                           pair: Mapping[str, Mapping[str, Any]] | None = None) -> Feedback:
    """Exercise 8.5: which circuit of :data:`GRADIENT_PAIR` has the larger gradient variance?

    The reference is the analysis card's own number, the mean variance of ``dC/dθ`` at random
    parameters for the global cost (:class:`qnnlab.analysis.quick.AnsatzInsight`, from the
    shipped table or computed with :func:`qnnlab.analysis.quick.compute_insight`).

    Parameters
    ----------
    answer : str
        ``"a"`` or ``"b"`` (any case, ``"(B)"`` too).
    pair : mapping, optional
        ``{"a": setting, "b": setting}``, each with ``ansatz``, ``n_qubits`` and ``n_layers``
        (default :data:`GRADIENT_PAIR`).

    Examples
    --------
    >>> check_larger_gradients("c").message
    "Answer with 'a' or 'b'; got 'c'."
    """
    pair = GRADIENT_PAIR if pair is None else pair
    found = {letter: _insight(pair[letter]) for letter in ("a", "b")}
    variance = {letter: i.gradient_variance_global for letter, i in found.items()}
    right, other = ("a", "b") if variance["a"] > variance["b"] else ("b", "a")
    both = f"{_describe('a', found['a'])}; {_describe('b', found['b'])}."
    ratio = variance[right] / variance[other]
    hint = (
        "Tick through both settings in the ansatz picker (or InsightPanel(setting)) and read "
        "the line 'Gradient variance at random start'. Expect the surprise: the circuit whose "
        "random states look most like Haar-random ones is not the one with the larger "
        "gradients."
    )
    return check_choice(
        answer, right, read=as_letter, hint=hint,
        right=f"Right: {right.upper()}, {ratio:.1f} times larger. {both} The more expressive, "
        "more entangling circuit spreads its random states over the whole state space, and "
        "there every cost is nearly flat: its gradients vanish fastest with width (a barren "
        "plateau). Expressibility is no promise of trainability, nor of accuracy.",
        mistakes={other: f"No: {other.upper()} has the smaller gradients. {both} Near-Haar "
                  "expressibility and high entanglement are exactly what makes gradients "
                  "concentrate around 0."},
        invalid="Answer with 'a' or 'b'; got {answer!r}.",
    )


add_solution(
    "8.5",
    """from qnnlab.exercises.nb08 import GRADIENT_PAIR
from qnnlab.widgets.insight import InsightPanel

for letter, setting in GRADIENT_PAIR.items():
    print(letter, InsightPanel(setting).insight.gradient_variance_global)
answer = "b"   # sim_1 (no entanglement): about 3x the variance of strongly_entangling""",
)


# --- 8.6 ---------------------------------------------------------------------------------------

#: Exercise 8.6: encoding repetitions (re-uploading layers) on one qubit.
REPEATS = 3
#: Largest number of repeats the check accepts (each is one more gate in the reference).
MAX_REPEATS = 50


def reuploading_reach(repeats: int) -> float:
    """The largest frequency a serial re-uploading model (one qubit, ``repeats`` uploads) allows.

    The model is the Playground's 1-D regression circuit: ``reuploading`` encoding without
    trainable scaling on one qubit, ``repeats`` layers of ``strongly_entangling``; the
    frequencies are those :func:`qnnlab.analysis.fourier.available_spectrum` reads off its
    encoding gates (the Fourier panel's "frequency the encoding allows").

    Raises
    ------
    ValueError
        If ``repeats`` is not a whole number from 1 to :data:`MAX_REPEATS`.

    Examples
    --------
    >>> reuploading_reach(2)
    2.0
    >>> reuploading_reach(0)
    Traceback (most recent call last):
    ...
    ValueError: repeats must be a whole number from 1 to 50; got 0
    """
    from qnnlab.analysis.fourier import available_spectrum
    from qnnlab.circuits import CircuitConfig, init_weights

    if isinstance(repeats, bool) or not isinstance(repeats, int) or not (
            1 <= repeats <= MAX_REPEATS):
        raise ValueError(f"repeats must be a whole number from 1 to {MAX_REPEATS}; "
                         f"got {repeats!r}")
    config = CircuitConfig("reuploading", "strongly_entangling", n_qubits=1, n_layers=repeats,
                           n_features=1, encoding_options={"trainable_scaling": False})
    spectrum = available_spectrum(config, init_weights(config), np.zeros(1))
    return float(np.max(np.abs(spectrum)))


def check_highest_frequency(answer: Any, repeats: int = REPEATS) -> Feedback:
    """Exercise 8.6: the highest frequency ω with ``repeats`` uploads of ``x`` on one qubit.

    Checked against :func:`reuploading_reach` (the available spectrum of the circuit).

    Examples
    --------
    >>> check_highest_frequency(3).passed
    True
    >>> check_highest_frequency(7).message[:40]
    '7 counts the frequencies -3, ..., 3, not'
    """
    expected = reuploading_reach(repeats)
    r = repeats
    hint = (
        "Each upload is a rotation exp(-i x Y / 2): its eigenvalues ±1/2 differ by 1, so one "
        "upload gives ω in {-1, 0, 1}. Frequencies of several uploads add up, one term from "
        "each. Check in the Playground: the Fourier panel's orange triangles ('available')."
    )
    mistakes = [
        (1.0, "1 is the reach of a single upload; every repeat adds one more."),
        (2.0 * r + 1, f"{2 * r + 1} counts the frequencies -{r}, ..., {r}, not the highest one."),
        (2.0 * r, f"{2 * r} would need each upload to add 2; a Pauli rotation's eigenvalues "
         "±1/2 differ by 1."),
    ]
    return check_number(
        answer, expected, whole=True, hint=hint, what="a whole number (a frequency)",
        mistakes=[(value, text) for value, text in mistakes if value != expected],
        valid=lambda value: value >= 0,
        right=f"Right: {r} uploads reach ω = {expected:g} (the integers from -{r} to {r}). The "
        "trainable weights choose the coefficients; the encoding alone decides which "
        "frequencies exist. A target with higher frequencies (a step) cannot be fitted "
        "exactly by any weights.",
        wrong="{value:g} is not the highest frequency.",
    )


add_solution(
    "8.6",
    """from qnnlab.exercises.nb08 import reuploading_reach

answer = 3           # one upload: ω in {-1, 0, 1}; three add up to {-3, ..., 3}
reuploading_reach(3) # the available spectrum read off the circuit agrees""",
)


# --- 8.7 ---------------------------------------------------------------------------------------

#: Exercise 8.7: the test R² the sine regression must reach, and how close the reported one
#: must be to scikit-learn's (two decimals).
SINE_R2, R2_TOLERANCE = 0.9, 0.006


def _sine_session(playground: Any) -> tuple[Any, str]:
    """The trained sine session of ``playground``, or None and what is wrong."""
    session = getattr(playground, "session", None)
    if session is None:
        return None, "Pass your trained Playground as the second argument."
    if getattr(session, "dataset_name", None) != "sine":
        return None, (f"The Playground is on {session.dataset_name!r}: choose 'sine' in its "
                      "dataset picker.")
    if session.epoch == 0:
        return None, "Not trained yet: press Train (or run pg.train_epochs(20))."
    return session, ""


def check_sine_r2(answer: Any, playground: Any) -> Feedback:
    """Exercise 8.7: report the test R² of a Playground trained on ``sine`` (at least 0.9).

    The reference is scikit-learn's ``r2_score`` on the Playground's own predictions for its
    test points (``playground.session.predictions``); the answer must agree to two decimals.

    Parameters
    ----------
    answer : float
        The test R² as read from the Playground.
    playground : Playground
        Trained on ``sine``.

    Examples
    --------
    >>> check_sine_r2(0.95, None).message
    'Pass your trained Playground as the second argument.'
    """
    from sklearn.metrics import mean_squared_error, r2_score

    hint = (
        "Make a Playground on the 'sine' dataset (1 qubit is enough), train it, then read "
        "the test R²: the title of the loss/score panel ('Test R²: quantum ...') or "
        "pg.state.test_accuracy (for a regression the score is R²)."
    )
    if is_unanswered(answer):
        return Feedback(False, NO_ANSWER, hint)
    session, problem = _sine_session(playground)
    if session is None:
        return Feedback(False, problem, hint)
    value = as_number(answer, one_element=True)
    if value is None:
        return Feedback(False, f"Expected the R² as a number; got {answer!r}.", hint)
    test = r2_score(session.y_test, session.predictions(session.X_test))
    if abs(value - test) <= R2_TOLERANCE:
        if test < SINE_R2:
            return Feedback(False, f"That is the test R², {test:.2f}, but below {SINE_R2}: "
                            "train longer or raise the learning rate.", hint)
        return Feedback(True, f"Right: test R² {test:.2f} (scikit-learn's r2_score on the "
                        f"Playground's {len(session.y_test)} test predictions agrees). The "
                        "noise on y caps it below 1. It shows the model fits the curve, not "
                        "that it beats anything: put it beside the tuned classical reference.")
    train = r2_score(session.y_train, session.predictions(session.X_train))
    mse = mean_squared_error(session.y_test, session.predictions(session.X_test))
    mistakes = [
        (train, f"{value:.2f} is the R² on the training points ({train:.2f}); report the one "
         "on the test points."),
        (mse, f"{value:.3g} is the test mean squared error (the loss), not R² = 1 - "
         "MSE / variance of y."),
        (1 - test, f"{value:.2f} is 1 - R²: the share of the variance the model misses."),
    ]
    message = match_mistake(value, mistakes, tol=R2_TOLERANCE)
    return Feedback(False, message or f"{value:.3g} is not the test R² of this Playground.",
                    hint)


add_solution(
    "8.7",
    """pg_sine = Playground(dataset={"name": "sine"}, ansatz={"n_qubits": 1, "n_layers": 1},
                     training={"learning_rate": 0.1})
state = pg_sine.train_epochs(20)
answer = round(state.test_accuracy, 2)   # for a regression the Playground's score is R²
# check_sine_r2(answer, pg_sine) recomputes it with sklearn""",
)

"""Challenges: verdicts against hand-made cases, the shipped ones, and the check at every stop."""

from __future__ import annotations

import pytest

from qnnlab.widgets.challenges import (
    CHALLENGES,
    Challenge,
    count_parameters,
    get_challenge,
    register,
)
from qnnlab.widgets.playground import Playground

CIRCLES = {"dataset": {"name": "circles"}, "ansatz": {"n_qubits": 2}}


class TestVerdict:
    challenge = Challenge("test-goal", "goal", dataset="circles", min_test_accuracy=0.9,
                          max_parameters=12, max_qubits=3, max_epochs=40)

    @pytest.mark.parametrize("settings, accuracy, params, epoch, passed, reason", [
        (CIRCLES, 0.95, 12, 30, True, "Challenge met at epoch 30: test accuracy 0.95"),
        (CIRCLES, 0.89, 12, 30, False, "below the goal 0.90"),
        (CIRCLES, 0.95, 13, 30, False, "13 trainable parameters; the challenge allows at most 12"),
        ({**CIRCLES, "ansatz": {"n_qubits": 4}}, 0.95, 12, 30, False, "4 qubits"),
        (CIRCLES, 0.95, 12, 41, False, "41 epochs"),
        ({**CIRCLES, "dataset": {"name": "moons"}}, 0.95, 12, 30, False, "on 'circles', this"),
        (CIRCLES, None, 12, 0, False, "train first"),
    ])
    def test_verdicts(self, settings, accuracy, params, epoch, passed, reason):
        result = self.challenge.evaluate(settings, test_accuracy=accuracy, n_parameters=params,
                                         epoch=epoch)
        assert result.passed is passed
        assert reason in result.message

    def test_success_says_one_run_is_not_evidence(self):
        result = self.challenge.evaluate(CIRCLES, test_accuracy=0.95, n_parameters=10, epoch=5)
        assert "One run, one seed" in result.message

    def test_bad_definitions_are_refused(self):
        with pytest.raises(ValueError, match="letters, digits"):
            Challenge("no spaces", "goal")
        with pytest.raises(ValueError, match="min_test_accuracy"):
            Challenge("x", "goal", min_test_accuracy=1.5)
        with pytest.raises(ValueError, match="unknown control 'qubit'"):
            Challenge("x", "goal", lock=("qubit",))

    def test_unknown_name_lists_the_valid_ones(self):
        with pytest.raises(ValueError, match="valid: circles-12-params, moons-2-qubits"):
            get_challenge("nope")


def test_parameter_count_matches_the_circuit_and_head_by_hand():
    pg = Playground(dataset={"n_samples": 40}, ansatz={"n_qubits": 2, "n_layers": 1})
    # strongly entangling: 3 angles per qubit per layer = 6; head Linear(2 -> 2) = 6
    assert count_parameters(pg.session.model) == 12


def test_shipped_challenges_start_from_their_settings():
    assert len(CHALLENGES) >= 4
    for name, challenge in CHALLENGES.items():
        pg = Playground(challenge=name)
        assert pg.settings()["dataset"]["name"] == challenge.dataset
        assert pg.instructor.banner.layout.display is None
        assert name in pg.instructor.banner.value
        assert pg.dataset_picker.name_dropdown.disabled  # the data are locked
        assert f"challenge={name}" in pg.permalink()


def test_checked_when_training_stops_with_failure_then_success():
    pg = Playground(challenge="circles-12-params", dataset={"n_samples": 100},
                    training={"learning_rate": 0.1})
    pg.train_epochs(1)
    assert not pg.instructor.result.passed
    assert "trainable parameters; the challenge allows at most 12" in pg.instructor.result.message
    assert "qnnlab-challenge-failed" in pg.instructor.banner.value
    pg.ansatz_picker.value = {"n_qubits": 2, "n_layers": 1}  # 6 + 6 parameters
    pg.train_epochs(30)
    result = pg.instructor.result
    assert result.passed, result.message
    assert pg.state.test_accuracy >= 0.9
    assert "qnnlab-challenge-passed" in pg.instructor.banner.value


def test_a_new_challenge_in_a_few_lines_works_in_links():
    register(Challenge("tiny-moons", "At least 0.6 on moons.", dataset="moons",
                       min_test_accuracy=0.6, settings={"dataset": {"n_samples": 40}}))
    try:
        pg = Playground.from_query("challenge=tiny-moons&qubits=2&layers=1")
        assert pg.settings()["dataset"]["n_samples"] == 40
        assert pg.instructor.challenge.name == "tiny-moons"
    finally:
        del CHALLENGES["tiny-moons"]


def test_exercise_8_4_replays_the_link_and_asks_the_challenge():
    from qnnlab.exercises import nb08

    assert not nb08.check_challenge_link(...).passed  # no answer yet
    assert "not valid" in nb08.check_challenge_link(
        "challenge=circles-12-params&epoch=x").message
    # the link of a run that breaks the limit fails on replay, with the reason
    too_big = nb08.check_challenge_link("challenge=circles-12-params&epoch=1")
    assert not too_big.passed and "34 trainable parameters" in too_big.message
    pg = Playground(challenge="circles-12-params", ansatz={"n_qubits": 2, "n_layers": 1},
                    training={"learning_rate": 0.1})
    pg.train_epochs(30)
    assert pg.instructor.result.passed
    feedback = nb08.check_challenge_link("http://127.0.0.1:8866/?" + pg.permalink())
    assert feedback.passed, feedback.message

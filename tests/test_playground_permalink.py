"""Permalinks of the Playground: round trips, replay to the same weights, tampered links."""

from __future__ import annotations

import json
import random
import string

import numpy as np
import pytest

from qnnlab.widgets.permalink import (
    CONTROLS,
    FIELDS,
    MAX_QUERY_LENGTH,
    LinkState,
    check_controls,
    default_settings,
)
from qnnlab.widgets.playground import Playground

SMALL = {"dataset": {"name": "circles", "n_samples": 60},
         "ansatz": {"n_qubits": 2, "n_layers": 1}, "training": {"learning_rate": 0.1}}


def _weights(pg: Playground) -> list[np.ndarray]:
    return [p.detach().numpy().copy() for p in pg.session.model.parameters()]


@pytest.fixture(scope="module")
def trained() -> Playground:
    pg = Playground(**SMALL)
    pg.train_epochs(3)
    return pg


class TestQuery:
    def test_fresh_playground_has_an_empty_link(self):
        assert LinkState(default_settings()).to_query() == ""

    def test_only_changed_settings_are_written(self, trained):
        fields = dict(pair.split("=") for pair in trained.permalink().split("&"))
        assert fields == {"dataset": "circles", "samples": "60", "data_noise": "0.1",
                          "qubits": "2", "layers": "1", "learning_rate": "0.1", "epoch": "3"}

    def test_query_and_json_round_trip_every_setting(self, trained):
        state = trained.link_state()
        from_query = LinkState.parse_query(state.to_query())
        from_json = LinkState.parse_json(state.to_json())
        for other in (from_query, from_json):
            assert other.problems == []
            assert other.settings == state.settings
            assert other.epoch == 3

    def test_every_field_written_is_read_back(self):
        settings = default_settings(dataset="xor", ansatz="hardware_efficient")
        values = {"samples": 120, "data_noise": 0.2, "test_fraction": 0.3, "data_seed": 7,
                  "qubits": 3, "layers": 3, "topology": "all_to_all", "entangler": "CZ",
                  "noise": "bit_flip", "noise_strength": 0.05, "noise_placement": "layer",
                  "shots": 500, "learning_rate": 0.2, "batch_size": 8, "epochs": 12,
                  "optimizer": "sgd", "twin": True, "seed": 3, "rotation": "X"}
        for name, value in values.items():
            FIELDS[name].put(settings, value)
        read = LinkState.parse_query(LinkState(settings).to_query())
        assert read.problems == []
        for name, value in values.items():
            assert FIELDS[name].get(read.settings) == value, name


class TestProfile:
    def test_profile_round_trips_through_query_json_and_the_playground(self):
        from qnnlab.hardware import profiles

        name = profiles.available()[0]
        settings = default_settings()
        FIELDS["profile"].put(settings, name)
        state = LinkState(settings)
        assert state.to_query() == f"profile={name}"
        for read in (LinkState.parse_query(state.to_query()),
                     LinkState.parse_json(state.to_json())):
            assert read.problems == []
            assert read.settings["noise"]["profile"] == name
        pg = Playground.from_query(f"profile={name}&qubits=2")
        assert pg.noise_picker.profile_dropdown.value == name
        assert pg.settings()["noise"]["profile"] == name
        assert pg.permalink() == f"qubits=2&profile={name}"

    def test_unknown_profile_names_the_valid_ones_and_uses_none(self):
        from qnnlab.hardware import profiles

        state = LinkState.parse_query("profile=quantum_supremacy_9000&qubits=2")
        assert state.settings["noise"]["profile"] is None
        assert state.settings["ansatz"]["n_qubits"] == 2
        assert len(state.problems) == 1
        assert "'profile' = 'quantum_supremacy_9000' is not valid" in state.problems[0]
        assert ", ".join(profiles.available()) in state.problems[0]
        assert "the default none is used" in state.problems[0]

    def test_user_defined_profile_is_not_written_and_json_reports_it(self):
        settings = default_settings()
        FIELDS["profile"].put(settings, {"name": "mine", "coupling": [[0, 1]]})
        state = LinkState(settings)
        assert "profile" not in state.to_query()
        read = LinkState.parse_json(state.to_json())
        assert read.settings["noise"]["profile"] is None
        assert "user-defined profile cannot go in a link" in read.problems[0]


class TestReplay:
    def test_link_replays_to_the_same_weights(self, trained):
        replayed = Playground.from_query(trained.permalink())
        assert replayed.state.epoch == 3
        for a, b in zip(_weights(trained), _weights(replayed), strict=True):
            np.testing.assert_allclose(a, b, rtol=0, atol=1e-12)
        assert replayed.state.history["loss"] == pytest.approx(
            trained.state.history["loss"], abs=1e-12)

    def test_json_replays_to_the_same_weights(self, trained):
        replayed = Playground.from_json(trained.to_json())
        for a, b in zip(_weights(trained), _weights(replayed), strict=True):
            np.testing.assert_allclose(a, b, rtol=0, atol=1e-12)

    def test_another_seed_gives_other_weights(self, trained):
        # the replay check above can fail: a different seed changes the weights
        other = Playground.from_query(trained.permalink() + "&seed=1")
        assert not np.allclose(_weights(trained)[0], _weights(other)[0])


class TestTampered:
    def test_unknown_and_bad_fields_get_defaults_and_messages(self):
        pg = Playground(**SMALL)
        problems = pg.restore("qubits=abc&layers=2&evil=1&epoch=-3&learning_rate=nan")
        settings = pg.settings()
        assert settings["ansatz"]["n_qubits"] == 4  # the default, not the bad value
        assert settings["ansatz"]["n_layers"] == 2
        assert settings["training"]["learning_rate"] == 0.05
        assert any("'qubits' = 'abc' is not valid (an integer from 1 to 16)" in p
                   for p in problems)
        assert any("Unknown field 'evil'" in p for p in problems)
        assert any("'epoch' = '-3'" in p for p in problems)
        assert pg.state.epoch == 0
        assert "evil" in pg.report_html.value  # shown in the page

    def test_oversized_query_is_refused_whole(self):
        state = LinkState.parse_query("qubits=2&" + "x" * MAX_QUERY_LENGTH)
        assert state.settings == default_settings()
        assert "too long" in state.problems[0]

    def test_repeated_field_uses_the_first(self):
        state = LinkState.parse_query("qubits=2&qubits=3")
        assert state.settings["ansatz"]["n_qubits"] == 2
        assert "given twice" in state.problems[0]

    def test_server_fields_are_dropped_silently(self):
        state = LinkState.parse_query("token=secret&qubits=2")
        assert state.problems == [] and "secret" not in state.to_query()

    @pytest.mark.parametrize("text", ["[1, 2]", "not json", '{"settings": 3}',
                                      '{"settings": {"ansatz": {"n_qubits": [1]}}}',
                                      '{"version": 9, "hide": "all"}', "1e999999"])
    def test_bad_json_never_raises(self, text):
        state = LinkState.parse_json(text)
        assert state.problems
        assert state.settings["ansatz"]["n_qubits"] == 4

    def test_fuzzed_queries_never_raise(self):
        rng = random.Random(0)
        names = [*FIELDS, "epoch", "hide", "lock", "challenge", "zz"]
        alphabet = string.ascii_letters + string.digits + "-_.,%&=+ "
        for _ in range(300):
            pairs = [f"{rng.choice(names)}="
                     + "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 8)))
                     for _ in range(rng.randint(0, 6))]
            state = LinkState.parse_query("&".join(pairs))
            json.loads(state.to_json())
            assert 0 <= state.epoch <= 500
            assert set(state.hide) <= set(CONTROLS) and set(state.lock) <= set(CONTROLS)


class TestInstructorMode:
    def test_unknown_control_names_raise_before_building(self):
        with pytest.raises(ValueError, match=r"hide: unknown control 'qubit'; valid: dataset"):
            Playground(hide=["qubit"])
        with pytest.raises(ValueError, match="lock: unknown control 'x'"):
            check_controls(["x"], "lock")

    def test_hidden_control_is_absent_and_locked_one_disabled(self):
        from qnnlab.widgets.instructor import contains

        pg = Playground(**SMALL, hide=["noise_picker", "shots"], lock=["qubits", "twin"])
        assert not contains(pg, pg.noise_picker)
        assert not contains(pg, pg.noise_picker.shots_text)
        assert contains(pg, pg.ansatz_picker)
        assert pg.ansatz_picker.qubits_slider.disabled
        assert pg.classical_toggle.disabled
        pg.ansatz_picker.qubits_slider.value = 3  # e.g. a message from a tampered page
        pg.classical_toggle.value = True
        assert pg.settings()["ansatz"]["n_qubits"] == 2
        assert pg.settings()["classical_twin"] is False
        assert "Locked by the instructor" in pg.report_html.value  # says so...
        pg.train_epochs(1)
        assert "Locked by the instructor" not in pg.report_html.value  # ...until the next run

    def test_locked_dataset_changed_in_the_page_is_put_back_in_page_and_kernel(self):
        # A page's change arrives as set_state inside the kernel's event loop; the dataset
        # brings its default noise through linked traits. Putting the lock back in the middle
        # of that broke a traitlets link (TraitError) and left the page showing the change.
        import asyncio

        async def change_in_page() -> Playground:
            pg = Playground(challenge="xor-2-qubits")  # the challenge locks the data picker
            name = pg.dataset_picker.name_dropdown
            name.set_state({"index": list(name.options).index("moons")})
            await asyncio.sleep(0)
            return pg

        pg = asyncio.run(change_in_page())
        assert pg.dataset_picker.name_dropdown.value == "xor"
        assert pg.dataset_picker.noise_slider.value == 0.05  # xor's noise, not moons' 0.1
        assert pg.settings()["dataset"]["name"] == "xor"
        assert pg.state.settings["dataset"]["name"] == "xor"  # the run uses xor too

    def test_a_link_cannot_change_a_locked_control_but_adds_locks(self):
        pg = Playground(**SMALL, lock=["qubits"])
        problems = pg.restore("qubits=3&layers=2&lock=layers&hide=test_point")
        assert pg.settings()["ansatz"] == {**pg.settings()["ansatz"], "n_qubits": 2,
                                           "n_layers": 2}
        assert problems == ["'qubits' is locked by the instructor: kept at 2, not 3."]
        assert pg.instructor.locked == {"qubits", "layers"}
        assert pg.instructor.hidden == {"test_point"}
        assert "lock=layers,qubits" in pg.permalink()

    def test_hide_and_lock_in_the_link_round_trip(self):
        pg = Playground.from_query("hide=noise_picker&lock=data_picker&qubits=2")
        assert pg.instructor.hidden == {"noise_picker"}
        assert pg.dataset_picker.name_dropdown.disabled
        assert LinkState.parse_query(pg.permalink()).lock == ("data_picker",)

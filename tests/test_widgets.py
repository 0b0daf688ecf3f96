"""The pickers, driven programmatically: values, explanations, messages, resource counts.

Widgets are set as a learner would (through their controls) or through ``.value``; the produced
dicts are checked against what the core accepts and the counts against closed forms.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from qnnlab import ansatze, encodings
from qnnlab import noise as noise_models
from qnnlab.circuits import CircuitConfig
from qnnlab.datasets import describe, load_dataset
from qnnlab.models import HybridNet
from qnnlab.widgets import (
    AnsatzPicker,
    DatasetPicker,
    EncodingPicker,
    NoisePicker,
    TrainingControls,
)
from qnnlab.widgets import pickers as pickers_module
from qnnlab.widgets._base import freeze


def _message_visible(picker) -> bool:
    return picker.message_html.layout.display != "none" and bool(picker.message_html.value)


# -- encoding -----------------------------------------------------------------------------------


class TestEncodingPicker:
    def test_default_value_and_explanation(self):
        picker = EncodingPicker()
        assert picker.value == {"encoding": "angle", "encoding_options": {"rotation": "Y"}}
        assert picker.explanation == encodings.get("angle").description
        assert picker.valid and not _message_visible(picker)

    def test_dropdown_changes_value_and_shows_only_accepted_options(self):
        picker = EncodingPicker()
        picker.encoding_dropdown.value = "iqp"
        assert picker.value == {"encoding": "iqp", "encoding_options": {"n_repeats": 1}}
        assert picker.rotation_dropdown.layout.display == "none"
        assert picker.repeats_slider.layout.display is None
        picker.repeats_slider.value = 3
        assert picker.value["encoding_options"] == {"n_repeats": 3}
        assert picker.explanation == encodings.get("iqp").description

    def test_value_is_observable(self):
        picker = EncodingPicker()
        seen = []
        picker.observe(lambda change: seen.append(change["new"]["encoding"]), names="value")
        picker.encoding_dropdown.value = "dense_angle"
        assert seen == ["dense_angle"]

    def test_amplitude_on_too_few_qubits_is_explained_not_raised(self):
        # 4 features need ceil(log2 4) = 2 qubits for amplitude encoding.
        picker = EncodingPicker(n_qubits=1, n_features=4)
        picker.encoding_dropdown.value = "amplitude"
        assert not picker.valid
        assert _message_visible(picker) and "at most 2 features" in picker.error
        assert "need at least 2 qubits" in picker.model.details
        picker.model.n_qubits = 2
        assert picker.valid and not _message_visible(picker)

    def test_unknown_key_is_a_value_error(self):
        with pytest.raises(ValueError, match="unknown setting"):
            EncodingPicker().value = {"encodng": "angle"}


# -- ansatz -------------------------------------------------------------------------------------


class TestAnsatzPicker:
    def test_value_builds_the_circuit_the_counts_describe(self):
        picker = AnsatzPicker()
        config = CircuitConfig(**picker.value, encoding="angle", n_features=2)
        # StronglyEntanglingLayers: 3 angles per qubit per layer; a ring of n CNOTs per layer.
        assert config.n_params == 2 * 4 * 3
        assert picker.model.resources["quantum_params"] == 24
        assert picker.model.resources["two_qubit_gates"] == 2 * 4
        assert "24 trainable parameters" in picker.model.details
        assert "8 two-qubit gates" in picker.model.details

    def test_sliders_update_counts(self):
        picker = AnsatzPicker()
        picker.ansatz_dropdown.value = "basic_entangler"
        picker.qubits_slider.value = 3
        picker.layers_slider.value = 5
        # One RX per qubit per layer; a ring of 3 CNOTs per layer.
        assert picker.model.resources["quantum_params"] == 15
        assert picker.model.resources["two_qubit_gates"] == 15
        assert picker.value == {"ansatz": "basic_entangler", "n_qubits": 3, "n_layers": 5,
                                "ansatz_options": {"topology": "ring"}}

    def test_topology_shown_only_where_the_ansatz_has_one(self):
        picker = AnsatzPicker()
        assert picker.topology_dropdown.layout.display == "none"
        picker.ansatz_dropdown.value = "hardware_efficient"
        assert picker.topology_dropdown.layout.display is None
        assert picker.value["ansatz_options"] == {"topology": "linear", "entangler": "CNOT"}
        picker.topology_dropdown.value = "all_to_all"
        # all-to-all on 4 qubits: 6 pairs per layer, 2 layers.
        assert picker.model.resources["two_qubit_gates"] == 12

    def test_tree_tensor_network_on_three_qubits_is_invalid(self):
        picker = AnsatzPicker({"ansatz": "tree_tensor_network"})
        assert picker.valid
        picker.qubits_slider.value = 3
        assert not picker.valid and _message_visible(picker)
        assert "power-of-two" in picker.error and picker.model.resources == {}
        picker.qubits_slider.value = 4
        assert picker.valid and not _message_visible(picker)

    def test_too_many_qubits_for_memory_is_explained(self):
        picker = AnsatzPicker()
        picker.value = {"n_qubits": 60}  # 2**60 amplitudes: more than any machine has
        assert not picker.valid and "qubits need about" in picker.error
        assert picker.qubits_slider.value == 60  # the slider widened instead of clamping

    def test_resource_counts_are_cached(self, monkeypatch):
        calls = []
        real = pickers_module.resources
        monkeypatch.setattr(pickers_module, "resources",
                            lambda config: calls.append(config) or real(config))
        pickers_module.circuit_resources.cache_clear()
        picker = AnsatzPicker()
        for layers in (3, 2, 3, 2, 3):
            picker.layers_slider.value = layers
        assert len(calls) == 2  # one per distinct circuit


# -- noise --------------------------------------------------------------------------------------


class TestNoisePicker:
    def test_default_is_noise_free_and_controls_disabled(self):
        picker = NoisePicker()
        assert picker.value == {"noise": None, "noise_strength": 0.02,
                                "noise_placement": "gate", "shots": None, "profile": None}
        assert picker.strength_slider.disabled and picker.shots_text.disabled
        assert picker.explanation.startswith("No noise")

    def test_controls_produce_a_config_the_core_accepts(self):
        picker = NoisePicker()
        picker.noise_dropdown.value = "amplitude_damping"
        picker.strength_slider.value = 0.1
        picker.placement_dropdown.value = "layer"
        picker.shots_checkbox.value = True
        picker.shots_text.value = 400
        assert picker.value == {"noise": "amplitude_damping", "noise_strength": 0.1,
                                "noise_placement": "layer", "shots": 400, "profile": None}
        config = CircuitConfig(n_qubits=2, **picker.value)
        assert config.noisy and config.shots == 400
        assert picker.explanation.startswith(noise_models.get("amplitude_damping").description)
        assert "400 shots" in picker.explanation
        assert not picker.strength_slider.disabled and not picker.shots_text.disabled

    def test_a_device_profile_is_offered_and_checked(self):
        picker = NoisePicker(n_qubits=2)
        picker.profile_dropdown.value = "toy_line"
        assert picker.value["profile"] == "toy_line" and picker.valid
        assert CircuitConfig(n_qubits=2, **picker.value).profile == "toy_line"
        assert "device toy_line" in picker.explanation and "T1 = 50 us" in picker.explanation
        picker.model.n_qubits = 6  # toy_line has 5 qubits
        assert not picker.valid and "needs 6 qubits but profile 'toy_line' has 5" in picker.error

    def test_density_matrix_too_large_is_invalid(self):
        picker = NoisePicker(n_qubits=16)  # 4**16 amplitudes with gradients: ~0.5 TiB
        assert picker.valid  # no noise: a state vector
        picker.noise_dropdown.value = "depolarizing"
        assert not picker.valid and "density matrices" in picker.error
        assert _message_visible(picker)

    def test_value_drives_a_trained_layer(self):
        net = HybridNet(2, 2, CircuitConfig(n_qubits=2, n_layers=1))
        picker = NoisePicker({"noise": "bit_flip", "noise_strength": 0.05})
        net.quantum_layer.reconfigure(**picker.value)
        assert net.quantum_layer.config.noise == "bit_flip"


# -- dataset ------------------------------------------------------------------------------------


class TestDatasetPicker:
    def test_two_feature_playground_datasets(self):
        picker = DatasetPicker(n_features=2)
        assert list(picker.name_dropdown.options[:4]) == ["moons", "circles", "xor", "spirals"]
        for name in picker.name_dropdown.options:
            info = describe(name)
            if info.task == "regression":  # 1-D functions, asked for their one feature
                assert info.max_n_features == 1
                continue
            assert 2 <= info.n_classes <= 4 and info.min_n_features <= 2 <= info.max_n_features

    def test_value_loads_the_same_data_as_the_core(self):
        picker = DatasetPicker(n_features=2)
        picker.samples_slider.value = 120
        picker.test_slider.value = 0.5
        picker.seed_text.value = 7
        assert picker.value == {"name": "moons", "n_samples": 120, "noise": 0.1,
                                "test_size": 0.5, "random_state": 7, "n_features": 2}
        expected = load_dataset("moons", n_samples=120, noise=0.1, test_size=0.5,
                                random_state=7, n_features=2)
        for got, want in zip(picker.load(), expected):
            assert (got == want).all()
        assert "60 training and 60 test points" in picker.model.details

    def test_new_dataset_brings_its_default_noise_and_limits(self):
        picker = DatasetPicker(n_features=2)
        picker.name_dropdown.value = "xor"
        assert picker.value["noise"] == describe("xor").default_noise
        assert picker.noise_slider.max == describe("xor").max_noise
        assert picker.explanation == describe("xor").description
        picker.name_dropdown.value = "iris_binary"
        assert picker.samples_slider.max == describe("iris_binary").n_available == 100
        assert picker.value["n_samples"] == 100

    def test_impossible_split_is_explained(self):
        picker = DatasetPicker(n_features=2)
        picker.value = {"n_samples": 20, "test_size": 0.1}  # 2 test points for 2 classes: ok
        assert picker.valid
        picker.value = {"n_samples": 4}  # 1 test point, fewer than the 2 classes
        assert not picker.valid and _message_visible(picker) and "test" in picker.error


# -- training -----------------------------------------------------------------------------------


class TestTrainingControls:
    def test_controls_and_explanations(self):
        controls = TrainingControls(n_train=150)
        assert controls.explanation.startswith("Adam")
        assert "5 steps of up to 32 samples" in controls.model.details  # ceil(150 / 32)
        controls.optimizer_dropdown.value = "rmsprop"
        controls.batch_slider.value = 50
        assert controls.value == {"learning_rate": 0.05, "batch_size": 50, "epochs": 30,
                                  "optimizer": "rmsprop"}
        assert controls.explanation.startswith("RMSprop")
        assert "3 steps" in controls.model.details

    def test_bad_programmatic_values_are_invalid_not_raised(self):
        controls = TrainingControls()
        controls.value = {"learning_rate": 0.0}
        assert not controls.valid and "learning_rate" in controls.error
        controls.value = {"learning_rate": 0.1}
        assert controls.valid

    def test_unknown_choice_names_the_valid_ones(self):
        with pytest.raises(ValueError, match="Unknown optimizer 'lbfgs'. Valid choices: 'adam'"):
            TrainingControls().value = {"optimizer": "lbfgs"}


# -- cross-cutting ------------------------------------------------------------------------------


def test_pickers_compose_into_a_circuit_config():
    encoding = EncodingPicker({"encoding": "reuploading"})
    ansatz = AnsatzPicker({"ansatz": "sim_2", "n_qubits": 3, "n_layers": 2})
    noise = NoisePicker({"noise": "phase_damping", "noise_strength": 0.01})
    config = CircuitConfig(**encoding.value, **ansatz.value, **noise.value, n_features=2)
    layer_params = 2 * 2 * 3  # sim_2: 2n angles per layer; 2 layers
    scaling = 2 * 3  # reuploading: one trainable input scale per qubit per layer
    assert config.n_params == layer_params + scaling == ansatze.get("sim_2").n_params(3, 2) + 6


def test_nothing_is_displayed_on_construction(monkeypatch):
    import IPython.display

    shown = []
    monkeypatch.setattr(IPython.display, "display", lambda *a, **k: shown.append(a))
    EncodingPicker(), AnsatzPicker(), NoisePicker(), DatasetPicker(), TrainingControls()
    assert shown == []


def test_freeze_is_order_independent():
    assert freeze({"a": 1, "b": {"c": [1, 2]}}) == freeze({"b": {"c": (1, 2)}, "a": 1})


def test_core_never_imports_ipywidgets():
    code = ("import sys, qnnlab, qnnlab.training, qnnlab.estimators, qnnlab.surface; "
            "print('ipywidgets' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, timeout=120)
    assert out.stdout.strip() == "False"

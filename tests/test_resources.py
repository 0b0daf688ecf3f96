"""resources() and draw(): gate counts, depth and parameters against hand counts."""

from __future__ import annotations

import math

import pytest
import torch

from qnnlab import CircuitConfig, HybridClassifier, HybridNet, draw, resources
from qnnlab.datasets import load_dataset

HEA = CircuitConfig("angle", "hardware_efficient", n_qubits=3, n_layers=2)


class TestCircuitCounts:
    def test_hardware_efficient_by_hand(self):
        # Encoding: 3 RY. Each layer: 3 RY, 3 RZ, CNOT(0,1), CNOT(1,2).
        # Qubit 1's critical path: RY, RY, RZ, CNOT01, CNOT12, RY, RZ, CNOT01, CNOT12 = 9.
        r = resources(HEA)
        assert r["qubits"] == 3
        assert r["gate_counts"] == {"RY": 3 + 2 * 3, "RZ": 2 * 3, "CNOT": 2 * 2}
        assert r["gates"] == 19
        assert r["two_qubit_gates"] == 4
        assert r["depth"] == 9
        assert r["quantum_params"] == 12
        assert "classical_params" not in r

    def test_basic_entangler_ring_by_hand(self):
        r = resources(CircuitConfig("angle", "basic_entangler", n_qubits=4, n_layers=3))
        assert r["gate_counts"] == {"RY": 4, "RX": 12, "CNOT": 12}
        assert r["two_qubit_gates"] == 12 and r["quantum_params"] == 12

    def test_iqp_counts_its_zz_terms(self):
        # IQP on 3 qubits: H and RZ on each, a ZZ term (MultiRZ = CNOT, RZ, CNOT) per pair.
        r = resources(CircuitConfig("iqp", "basic_entangler", n_qubits=3, n_layers=1,
                                    ansatz_options={"topology": "linear"}))
        assert r["gate_counts"] == {"Hadamard": 3, "RZ": 3 + 3, "RX": 3, "CNOT": 2 * 3 + 2}
        assert r["two_qubit_gates"] == 2 * 3 + 2

    def test_amplitude_state_preparation_is_decomposed(self):
        # Preparing an arbitrary real 3-qubit state (Mottonen) takes 2^3 - 2 = 6 CNOTs.
        r = resources(CircuitConfig("amplitude", "basic_entangler", n_qubits=3, n_layers=1,
                                    ansatz_options={"topology": "linear"}))
        assert "AmplitudeEmbedding" not in r["gate_counts"]
        assert r["two_qubit_gates"] == (2**3 - 2) + 2

    def test_reuploading_repeats_the_encoding(self):
        r = resources(CircuitConfig("reuploading", "basic_entangler", n_qubits=2, n_layers=3))
        assert r["gate_counts"]["RY"] == 2 * 3
        assert r["quantum_params"] == 3 * 2 + 3 * 2  # rotations + input scaling

    def test_noise_shots_and_zne_do_not_change_the_gates(self):
        noisy = HEA.replace(noise="depolarizing", noise_strength=0.1, noise_placement="layer",
                            zne=True, shots=100)
        ideal, counted = resources(HEA), resources(noisy)
        assert counted == ideal


class TestModelCounts:
    def test_hybrid_net(self):
        net = HybridNet(5, 3, CircuitConfig(n_qubits=2, n_layers=1), pre_layers=(4,))
        r = resources(net)
        assert r["quantum_params"] == 6
        assert r["classical_params"] == (5 * 4 + 4) + (4 * 2 + 2) + (2 * 3 + 3)

    def test_classical_counterpart_counts_as_classical(self):
        net = HybridNet(2, 2, CircuitConfig(n_qubits=2, n_layers=1), quantum=False)
        r = resources(net)
        counterpart = net.n_parameters()["classical_counterpart"]
        assert r["quantum_params"] == 0
        assert r["classical_params"] == counterpart + 2 * 2 + 2

    def test_fitted_estimator(self):
        X_train, _, y_train, _ = load_dataset("moons", n_samples=40, random_state=0)
        clf = HybridClassifier(n_qubits=2, n_layers=1, epochs=1, random_state=0)
        with pytest.raises(ValueError, match="not fitted yet"):
            resources(clf)
        clf.fit(X_train, y_train)
        r = resources(clf)
        assert r["quantum_params"] == 6 and r["classical_params"] == 2 * 2 + 2

    def test_other_objects_are_refused(self):
        with pytest.raises(TypeError, match="Expected a CircuitConfig"):
            resources("angle")

    @pytest.mark.parametrize(("n_samples", "batch_size", "batches"),
                             [(100, 32, 4), (100, None, 1), (64, 32, 2)])
    def test_executions_per_epoch(self, n_samples, batch_size, batches):
        r = resources(HEA, n_samples=n_samples, batch_size=batch_size)
        assert r["simulator_executions_per_epoch"] == batches == math.ceil(
            n_samples / (batch_size or n_samples))
        # Parameter shift: one forward circuit plus two shifted circuits per parameter.
        assert r["hardware_circuits_per_epoch"] == n_samples * (1 + 2 * 12)


class TestDraw:
    def test_noise_free_drawing(self):
        text = draw(CircuitConfig("angle", "basic_entangler", n_qubits=2, n_layers=1), None)
        assert text == "0: ──RY──RX─╭●─┤  <Z>\n1: ──RY──RX─╰X─┤  <Z>"

    def test_gate_noise_after_every_gate(self):
        cfg = CircuitConfig("angle", "basic_entangler", n_qubits=2, n_layers=1,
                            noise="bit_flip", noise_strength=0.1)
        assert draw(cfg, None).count("BitFlip") == 2 * 3  # RY, RX and CNOT on each wire

    def test_layer_noise_after_every_layer(self):
        cfg = CircuitConfig("angle", "hardware_efficient", n_qubits=2, n_layers=2,
                            noise="depolarizing", noise_strength=0.1, noise_placement="layer")
        assert draw(cfg, None).count("DepolarizingChannel") == 2 * 3  # encoding + 2 layers

    def test_initial_layer_counts_as_a_layer(self):
        cfg = CircuitConfig("angle", "simplified_two_design", n_qubits=2, n_layers=1,
                            noise="depolarizing", noise_strength=0.1, noise_placement="layer",
                            encoding_options={"rotation": "X"})
        text = draw(cfg, None)
        assert text.count("DepolarizingChannel") == 2 * 3  # encoding, initial RY, one layer
        assert text.startswith("0: ──RX─╭I")  # the encoding comes before the initial RY layer

    def test_decimals(self):
        assert "RY(0.50)" in draw(HEA)

    def test_a_model_is_drawn_with_its_own_weights_and_a_given_input(self):
        net = HybridNet(2, 2, CircuitConfig("angle", "basic_entangler", n_qubits=2, n_layers=1))
        with torch.no_grad():
            net.quantum_layer.weights.copy_(torch.tensor([0.25, 1.75], dtype=torch.float64))
        text = draw(net, x=[0.1, 0.2])
        assert "RX(0.25)" in text and "RX(1.75)" in text
        assert "RY(0.10)" in text and "RY(0.20)" in text

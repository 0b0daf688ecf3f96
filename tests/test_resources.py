"""resources() and draw(): gate counts, depth and parameters against hand counts."""

from __future__ import annotations

import math

import numpy as np
import pennylane as qml
import pytest
import torch
from sklearn.exceptions import NotFittedError

from qnnlab import CircuitConfig, HybridClassifier, HybridNet, draw, resources
from qnnlab.datasets import load_dataset
from qnnlab.families import (
    DataReuploadingClassifier,
    DressedQuantumCircuitClassifier,
    IQPKernelClassifier,
    IQPVariationalClassifier,
    ProjectedQuantumKernel,
    QCNNClassifier,
    QuantumKitchenSinks,
)

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


def _specs_of(qfunc, *args) -> dict:
    """qml.specs of a hand-built QNode, decomposed into the gates resources() counts in."""
    from qnnlab.resource_count import HARDWARE_GATES

    n_wires = 1 + max(w for w in qml.tape.make_qscript(qfunc)(*args).wires)
    qnode = qml.QNode(qfunc, qml.device("default.qubit", wires=n_wires))
    specs = qml.specs(qml.transforms.decompose(qnode, gate_set=HARDWARE_GATES),
                      level="device")(*args)
    return specs.to_dict()["resources"]


def _assert_counts_match(r: dict, specs: dict) -> None:
    assert r["gate_counts"] == {k: v for k, v in specs["gate_types"].items()}
    assert r["gates"] == sum(specs["gate_types"].values())
    assert r["depth"] == specs["depth"]
    assert r["two_qubit_gates"] == specs["gate_sizes"].get(2, 0)


class TestFamilyCounts:
    """qnnlab.families models: counted from the circuit one sample runs, against hand-built
    circuits (qml.specs) and hand counts; not zeros."""

    X_TRAIN, _, Y_TRAIN, _ = load_dataset("two_curves", n_samples=40, n_features=3,
                                          random_state=0)

    def test_iqp_kernel_counts_the_overlap_circuit_of_one_gram_entry(self):
        clf = IQPKernelClassifier(repeats=1).fit(self.X_TRAIN, self.Y_TRAIN)
        r = resources(clf, n_samples=30)
        a, b = np.full(3, 0.3), np.array([0.1, 0.2, 0.4])

        def overlap(x1, x2):
            qml.IQPEmbedding(x1, wires=range(3))
            qml.adjoint(qml.IQPEmbedding(x2, wires=range(3)))
            return qml.probs()

        _assert_counts_match(r, _specs_of(overlap, a, b))
        # by hand: per embedding 3 H, 3 RZ and 3 ZZ terms of CNOT, RZ, CNOT; twice
        assert r["gate_counts"] == {"Hadamard": 6, "RZ": 12, "CNOT": 12}
        assert r["qubits"] == 3 and r["quantum_params"] == 0
        assert r["circuits_per_prediction"] == len(self.X_TRAIN)  # a Gram row
        assert r["hardware_circuits_per_epoch"] == 30 * 29 // 2  # distinct training pairs
        assert r["simulator_executions_per_epoch"] == 1

    def test_projected_kernel_against_the_hand_built_embedding(self):
        clf = ProjectedQuantumKernel(trotter_steps=2, random_state=0).fit(self.X_TRAIN,
                                                                           self.Y_TRAIN)
        angles, x = clf.rotation_angles_, np.array([0.1, 0.2, 0.3])

        def embedding(x):
            for i in range(4):
                qml.Rot(*angles[i], wires=i)
            for _ in range(2):
                for j in range(3):
                    qml.IsingXX(x[j], wires=[j, j + 1])
                    qml.IsingYY(x[j], wires=[j, j + 1])
                    qml.IsingZZ(x[j], wires=[j, j + 1])
            return [qml.expval(P(k)) for P in (qml.X, qml.Y, qml.Z) for k in range(4)]

        r = resources(clf, n_samples=10)
        _assert_counts_match(r, _specs_of(embedding, x))
        assert r["qubits"] == 4 and r["two_qubit_gates"] > 0
        assert r["circuits_per_prediction"] == 3 and r["hardware_circuits_per_epoch"] == 30

    def test_kitchen_sinks_by_hand(self):
        clf = QuantumKitchenSinks(n_episodes=7, random_state=0).fit(self.X_TRAIN, self.Y_TRAIN)
        r = resources(clf, n_samples=10)
        # RX on each of 3 qubits, CNOT(0, 1) and CNOT(0, 2): depth RX, CNOT01, CNOT02 = 3
        assert r["gate_counts"] == {"RX": 3, "CNOT": 2} and r["depth"] == 3
        assert r["circuits_per_prediction"] == 7 and r["hardware_circuits_per_epoch"] == 70

    def test_iqp_variational_against_the_hand_built_circuit(self):
        clf = IQPVariationalClassifier(repeats=2, n_layers=2, epochs=1, random_state=0)
        clf.fit(self.X_TRAIN, self.Y_TRAIN)
        weights = clf.model_.weights_.detach().numpy()

        def circuit(x):
            qml.IQPEmbedding(x, wires=range(3), n_repeats=2)
            qml.StronglyEntanglingLayers(weights, wires=range(3), imprimitive=qml.CZ)
            return qml.expval(qml.Z(0) @ qml.Z(1))

        r = resources(clf, n_samples=64, batch_size=32)
        _assert_counts_match(r, _specs_of(circuit, np.array([0.1, 0.2, 0.3])))
        assert r["quantum_params"] == 2 * 3 * 3 and r["classical_params"] == 0
        assert r["circuits_per_prediction"] == 1
        assert r["simulator_executions_per_epoch"] == 2
        assert r["hardware_circuits_per_epoch"] == 64 * (1 + 2 * 18)

    def test_dressed_and_its_ablations_by_hand(self):
        counted = {}
        for ablation in (None, "separable", "classical"):
            clf = DressedQuantumCircuitClassifier(n_layers=2, ablation=ablation, epochs=1,
                                                  random_state=0)
            counted[ablation] = resources(clf.fit(self.X_TRAIN, self.Y_TRAIN))
        # H and RY per qubit, then per layer an RY per qubit and a ring of 3 CNOTs
        assert counted[None]["gate_counts"] == {"Hadamard": 3, "RY": 3 + 2 * 3, "CNOT": 2 * 3}
        assert counted["separable"]["gate_counts"] == {"Hadamard": 3, "RY": 9}
        assert counted[None]["quantum_params"] == 6
        assert counted[None]["classical_params"] == 3 * 3 + 2 * 3  # input and output maps
        classical = counted["classical"]
        assert classical["qubits"] == classical["gates"] == classical["quantum_params"] == 0
        assert classical["classical_params"] == 3 * 3 * 2 + 2 * 3
        assert classical["circuits_per_prediction"] == 0

    def test_reuploading_by_hand(self):
        X = np.random.default_rng(0).uniform(size=(20, 4))
        y = np.arange(20) % 2
        clf = DataReuploadingClassifier(n_layers=1, epochs=1, random_state=0).fit(X, y)
        r = resources(clf)
        # 2 qubits; layer 0: two Rot per qubit and CZ(0, 1); final layer: one Rot per qubit
        assert r["qubits"] == 2 and r["gate_counts"] == {"Rot": 6, "CZ": 1}
        assert r["quantum_params"] == 2 * 2 * 3 + 2 * 6  # thetas and input scalings omega
        assert r["classical_params"] == 2  # the cost's class weights alpha

    def test_bench_metrics_count_the_families(self):
        from qnnlab.bench.metrics import circuit_resources

        clf = QCNNClassifier(epochs=2, random_state=0).fit(self.X_TRAIN, self.Y_TRAIN)
        row = circuit_resources(clf, n_train=len(self.X_TRAIN))
        counted = resources(clf, n_samples=len(self.X_TRAIN), batch_size=clf.batch_size)
        assert row["qubits"] == 3 and row["gates"] == counted["gates"] > 0
        assert len(self.X_TRAIN) == 30 and clf.n_iter_ == 2
        assert row["training_executions"] == 1 * 2  # one batch of 32 per epoch, 2 epochs
        kernel = IQPKernelClassifier(repeats=1).fit(self.X_TRAIN, self.Y_TRAIN)
        assert circuit_resources(kernel, n_train=40)["training_executions"] == 1

    def test_family_compiled_to_a_line(self):
        clf = IQPKernelClassifier(repeats=1).fit(self.X_TRAIN, self.Y_TRAIN)
        compiled = resources(clf, profile="toy_line")["compiled"]
        # the ZZ terms of qubits 0 and 2 are not neighbours on a line: SWAPs of 3 CNOTs each
        assert compiled["swaps"] >= 1
        assert compiled["two_qubit_gates"] == 12 + 3 * compiled["swaps"]

    def test_unfitted_family_is_refused(self):
        with pytest.raises(NotFittedError):
            resources(IQPKernelClassifier())

"""Ansätze equal PennyLane's own templates, layer by layer, and count gates and parameters right."""

from __future__ import annotations

import numpy as np
import pennylane as qml
import pytest

from qnnlab import ansatze
from qnnlab.circuits import CircuitConfig, build_qnode, init_weights, split_weights
from qnnlab.resource_count import circuit_specs

ATOL = 1e-10
X = np.array([0.3, 1.7, 2.4, 0.9])  # a non-trivial input state for every circuit


def our_state(ansatz: str, n_qubits: int, n_layers: int, weights: np.ndarray, **options):
    qnode = build_qnode("angle", ansatz, n_qubits=n_qubits, n_layers=n_layers,
                        measurement="state", ansatz_options=options,
                        encoding_options={"rotation": "X"})
    return np.asarray(qnode(np.resize(X, n_qubits), weights))


def reference_state(n_qubits: int, template) -> np.ndarray:
    """State of angle encoding (RX: does not commute with the ansätze's RY) then ``template``."""

    @qml.qnode(qml.device("default.qubit", wires=n_qubits))
    def circuit():
        qml.AngleEmbedding(np.resize(X, n_qubits), wires=range(n_qubits), rotation="X")
        template(list(range(n_qubits)))
        return qml.state()

    return np.asarray(circuit())


def random_weights(ansatz: str, n_qubits: int, n_layers: int, seed: int = 0) -> np.ndarray:
    return init_weights(CircuitConfig("angle", ansatz, n_qubits, n_layers), random_state=seed)


def two_qubit_gates(ansatz: str, n_qubits: int, n_layers: int, **options) -> int:
    specs = circuit_specs(CircuitConfig("angle", ansatz, n_qubits, n_layers,
                                        ansatz_options=options))
    return int(specs["gate_sizes"].get(2, 0))


class TestRegistry:
    def test_core_ansatze_are_registered(self):
        core = ["strongly_entangling", "basic_entangler", "hardware_efficient",
                "simplified_two_design", "tree_tensor_network"]
        assert ansatze.available()[:5] == core

    def test_unknown_name_lists_valid_ones(self):
        with pytest.raises(ValueError, match=r"'strong'.*'strongly_entangling'.*'basic_entangler'"):
            ansatze.get("strong")

    def test_describe_has_references(self):
        rows = {r["name"]: r for r in ansatze.describe()}
        assert "Schuld" in rows["strongly_entangling"]["reference"]

    @pytest.mark.parametrize(("n", "topology", "pairs"), [
        (4, "linear", [(0, 1), (1, 2), (2, 3)]),
        (4, "ring", [(0, 1), (1, 2), (2, 3), (3, 0)]),
        (4, "all_to_all", [(0, 1), (0, 2), (0, 3), (1, 2), (1, 3), (2, 3)]),
        (2, "ring", [(0, 1)]),
        (1, "all_to_all", []),
    ])
    def test_entangling_pairs(self, n, topology, pairs):
        assert ansatze.entangling_pairs(n, topology) == pairs

    def test_unknown_topology_lists_valid_ones(self):
        with pytest.raises(ValueError, match=r"'star'.*'linear', 'ring', 'all_to_all'"):
            ansatze.entangling_pairs(3, "star")

    def test_unknown_option_and_entangler(self):
        ans = ansatze.get("hardware_efficient")
        with pytest.raises(ValueError, match=r"'gate'.*'topology', 'entangler'"):
            ans.options({"gate": "CZ"})
        with pytest.raises(ValueError, match=r"'CY'.*'CNOT', 'CZ'"):
            ans.options({"entangler": "CY"})


class TestTemplates:
    @pytest.mark.parametrize(("n", "n_layers"), [(2, 1), (3, 3), (4, 2), (4, 5)])
    def test_strongly_entangling_equals_template(self, n, n_layers):
        w = random_weights("strongly_entangling", n, n_layers)
        expected = reference_state(n, lambda wires: qml.StronglyEntanglingLayers(
            w.reshape(n_layers, n, 3), wires=wires))
        np.testing.assert_allclose(our_state("strongly_entangling", n, n_layers, w), expected,
                                   atol=ATOL)

    def test_strongly_entangling_cz_entangler(self):
        w = random_weights("strongly_entangling", 3, 2)
        expected = reference_state(3, lambda wires: qml.StronglyEntanglingLayers(
            w.reshape(2, 3, 3), wires=wires, imprimitive=qml.CZ))
        np.testing.assert_allclose(our_state("strongly_entangling", 3, 2, w, entangler="CZ"),
                                   expected, atol=ATOL)

    @pytest.mark.parametrize(("n", "n_layers"), [(2, 2), (3, 2), (4, 3)])
    def test_basic_entangler_ring_equals_template(self, n, n_layers):
        w = random_weights("basic_entangler", n, n_layers)
        expected = reference_state(n, lambda wires: qml.BasicEntanglerLayers(
            w.reshape(n_layers, n), wires=wires))
        np.testing.assert_allclose(our_state("basic_entangler", n, n_layers, w), expected,
                                   atol=ATOL)

    @pytest.mark.parametrize(("n", "n_layers"), [(2, 1), (3, 2), (4, 2), (5, 3)])
    def test_simplified_two_design_equals_template(self, n, n_layers):
        w = random_weights("simplified_two_design", n, n_layers)
        blocks = split_weights(w, CircuitConfig("angle", "simplified_two_design", n, n_layers))
        expected = reference_state(n, lambda wires: qml.SimplifiedTwoDesign(
            initial_layer_weights=blocks["initial"], weights=blocks["layers"], wires=wires))
        np.testing.assert_allclose(our_state("simplified_two_design", n, n_layers, w),
                                   expected, atol=ATOL)

    def test_initial_layer_acts_after_the_encoding(self):
        # A state preparation (amplitude encoding) must come first; the RY layer follows it.
        x = np.array([[0.3, 1.1, 2.0], [1.0, 0.2, 0.5]])
        w = random_weights("simplified_two_design", 2, 1)
        blocks = split_weights(w, CircuitConfig("angle", "simplified_two_design", 2, 1))

        @qml.qnode(qml.device("default.qubit", wires=2))
        def reference(features):
            qml.AmplitudeEmbedding(features, wires=[0, 1], pad_with=0.0, normalize=True)
            qml.SimplifiedTwoDesign(blocks["initial"], blocks["layers"], wires=[0, 1])
            return qml.state()

        qnode = build_qnode("amplitude", "simplified_two_design", n_qubits=2, n_layers=1,
                            measurement="state")
        np.testing.assert_allclose(qnode(x, w), reference(x), atol=ATOL)

    @pytest.mark.parametrize(("n", "n_layers"), [(2, 1), (4, 1), (4, 2), (8, 1)])
    def test_tree_tensor_network_equals_ttn(self, n, n_layers):
        def block(weights, wires):
            qml.RY(weights[0], wires=wires[0])
            qml.RY(weights[1], wires=wires[1])
            qml.CNOT(wires=wires)

        x = np.resize(X, n)
        w = random_weights("tree_tensor_network", n, n_layers)
        layers = w.reshape(n_layers, n - 1, 2)

        @qml.qnode(qml.device("default.qubit", wires=n))
        def reference():
            qml.AngleEmbedding(x, wires=range(n), rotation="X")
            for layer in layers:
                qml.TTN(wires=range(n), n_block_wires=2, block=block, n_params_block=2,
                        template_weights=layer)
            return qml.state()

        qnode = build_qnode("angle", "tree_tensor_network", n_qubits=n, n_layers=n_layers,
                            measurement="state", encoding_options={"rotation": "X"})
        np.testing.assert_allclose(qnode(x, w), reference(), atol=ATOL)

    def test_hardware_efficient_by_hand(self):
        w = random_weights("hardware_efficient", 3, 1)

        def template(wires):
            for i in wires:
                qml.RY(w[2 * i], wires=i)
                qml.RZ(w[2 * i + 1], wires=i)
            for a, b in [(0, 1), (1, 2), (2, 0)]:
                qml.CZ(wires=[a, b])

        np.testing.assert_allclose(
            our_state("hardware_efficient", 3, 1, w, topology="ring", entangler="CZ"),
            reference_state(3, template), atol=ATOL)

    def test_apply_layer_broadcasts_over_a_batch_of_weights(self):
        ans = ansatze.get("strongly_entangling")
        w = np.random.default_rng(0).uniform(0, 2 * np.pi, (3, 2, 3))  # batch of 3

        @qml.qnode(qml.device("default.qubit", wires=2))
        def circuit(weights):
            ans.apply_layer(weights, [0, 1], 0)
            return qml.state()

        batch = circuit(w)
        for row, state in zip(w, batch):
            np.testing.assert_allclose(state, circuit(row), atol=ATOL)


class TestCounts:
    @pytest.mark.parametrize(("topology", "per_layer"),
                             [("linear", 4), ("ring", 5), ("all_to_all", 10)])
    @pytest.mark.parametrize("entangler", ["CNOT", "CZ"])
    def test_hardware_efficient_two_qubit_gates(self, topology, per_layer, entangler):
        n, n_layers = 5, 2
        count = two_qubit_gates("hardware_efficient", n, n_layers, topology=topology,
                                entangler=entangler)
        assert count == n_layers * per_layer
        specs = circuit_specs(CircuitConfig("angle", "hardware_efficient", n, n_layers,
                                            ansatz_options={"topology": topology,
                                                            "entangler": entangler}))
        assert specs["gate_types"][entangler] == n_layers * per_layer

    @pytest.mark.parametrize(("topology", "expected"), [("linear", 3), ("ring", 4),
                                                        ("all_to_all", 6)])
    def test_basic_entangler_topologies(self, topology, expected):
        assert two_qubit_gates("basic_entangler", 4, 1, topology=topology) == expected

    @pytest.mark.parametrize(("name", "n", "n_layers", "params", "two_qubit"), [
        ("strongly_entangling", 4, 2, 24, 8),
        ("basic_entangler", 4, 3, 12, 12),
        ("hardware_efficient", 4, 2, 16, 6),
        ("simplified_two_design", 4, 2, 4 + 12, 6),
        ("simplified_two_design", 5, 1, 5 + 8, 4),
        ("tree_tensor_network", 8, 2, 28, 14),
    ])
    def test_parameter_and_gate_counts(self, name, n, n_layers, params, two_qubit):
        assert ansatze.get(name).n_params(n, n_layers) == params
        assert CircuitConfig("angle", name, n, n_layers).n_params == params
        assert two_qubit_gates(name, n, n_layers) == two_qubit

    def test_zero_layers_keep_only_the_initial_layer(self):
        assert ansatze.get("simplified_two_design").n_params(3, 0) == 3
        assert ansatze.get("strongly_entangling").n_params(3, 0) == 0


class TestInputs:
    @pytest.mark.parametrize("n", [3, 5, 6])
    def test_tree_tensor_network_needs_power_of_two(self, n):
        with pytest.raises(ValueError, match=rf"'tree_tensor_network'.*power-of-two.*got {n}"):
            CircuitConfig("angle", "tree_tensor_network", n_qubits=n)

    @pytest.mark.parametrize("name", ["simplified_two_design", "tree_tensor_network"])
    def test_one_qubit_is_too_few(self, name):
        with pytest.raises(ValueError, match=r"at least 2 qubits; got 1"):
            CircuitConfig("angle", name, n_qubits=1)

    def test_unknown_ansatz_in_build_qnode(self):
        with pytest.raises(ValueError, match=r"Unknown ansatz 'ttn'.*'tree_tensor_network'"):
            build_qnode("angle", "ttn")

    def test_bad_topology_in_build_qnode(self):
        with pytest.raises(ValueError, match=r"Unknown topology 'mesh'.*'all_to_all'"):
            build_qnode("angle", "hardware_efficient", ansatz_options={"topology": "mesh"})

    def test_option_the_ansatz_does_not_have(self):
        with pytest.raises(ValueError, match=r"'topology'.*'entangler'"):
            build_qnode("angle", "strongly_entangling", ansatz_options={"topology": "ring"})

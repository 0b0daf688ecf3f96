"""qnnlab.diagram: columns against PennyLane's drawer, roles and angles against hand counts and
the weights given, controlled gates, models and bad input."""

from __future__ import annotations

import numpy as np
import pennylane as qml
import pytest
from pennylane.drawer.drawable_layers import drawable_layers

from qnnlab import HybridClassifier
from qnnlab.circuits import CircuitConfig, build_qnode, init_weights
from qnnlab.diagram import ROLES, circuit_diagram
from qnnlab.models import HybridNet


@pytest.mark.parametrize("encoding, ansatz", [("angle", "hardware_efficient"),
                                              ("iqp", "basic_entangler"),
                                              ("reuploading", "sim_13")])
def test_circuit_diagram_columns_match_pennylane_drawer(encoding, ansatz):
    config = CircuitConfig(encoding, ansatz, n_qubits=3, n_layers=1, n_features=2)
    diagram = circuit_diagram(config)
    qnode = build_qnode(config=config)
    x, w = np.array([0.4, 1.1]), init_weights(config, 0)
    tape = qml.workflow.construct_batch(qnode, level="device")(x, w)[0][0]
    ops = [op for op in tape.operations if op.name != "Identity"]
    # PennyLane's own drawer puts the same gates into the same number of layers.
    assert diagram.n_columns == len(drawable_layers(ops))
    assert [g.name for g in diagram.gates] == [op.name for op in ops]


def test_circuit_diagram_roles_hand_count():
    diagram = circuit_diagram(CircuitConfig("angle", "hardware_efficient", n_qubits=3,
                                            n_layers=1, n_features=2))
    # RY per qubit (data) | RY, RZ per qubit (trainable) | CNOT(0,1), CNOT(1,2) (fixed).
    roles = [g.role for g in diagram.gates]
    assert roles.count("data") == 3 and roles.count("trainable") == 6
    assert roles.count("fixed") == 2 and diagram.n_columns == 5
    assert set(roles) <= set(ROLES)


def test_angles_are_the_input_and_the_weights_given():
    config = CircuitConfig("angle", "basic_entangler", n_qubits=3, n_layers=2, n_features=3)
    weights = np.linspace(0.1, 0.6, config.n_params)
    diagram = circuit_diagram(config, weights=weights)
    # Angle encoding: RY(x_i) on qubit i; basic entangler: RX(w) per qubit and layer, in order.
    data = diagram.with_role("data")
    assert [g.parameters[0] for g in data] == pytest.approx(diagram.x)
    trainable = [g.parameters[0] for g in diagram.with_role("trainable")]
    assert trainable == pytest.approx(weights)
    assert diagram.with_role("trainable")[0].description == "RX(0.100) on wire 0"


def test_a_model_is_drawn_with_its_own_weights():
    config = CircuitConfig("angle", "basic_entangler", n_qubits=2, n_layers=1)
    net = HybridNet(2, 2, config, pre_layers=(), random_state=3)
    diagram = circuit_diagram(net)
    expected = net.quantum_layer.weights.detach().numpy()
    assert [g.parameters[0] for g in diagram.with_role("trainable")] == pytest.approx(expected)
    assert diagram.config.n_features == 2


@pytest.mark.parametrize("ansatz, name, label, role", [("sim_2", "CNOT", "X", "fixed"),
                                                       ("sim_6", "CRX", "RX", "trainable"),
                                                       ("sim_10", "CZ", "Z", "fixed")])
def test_controlled_gates_are_split_into_controls_and_target(ansatz, name, label, role):
    diagram = circuit_diagram(CircuitConfig("angle", ansatz, n_qubits=3, n_layers=1))
    gates = [g for g in diagram.gates if g.name == name]
    assert gates and all(g.label == label and g.role == role for g in gates)
    assert all(len(g.controls) == 1 and len(g.targets) == 1 for g in gates)


def test_noise_is_not_drawn_but_remembered():
    config = CircuitConfig("angle", "basic_entangler", n_qubits=2, n_layers=1)
    noisy = config.replace(noise="depolarizing", noise_strength=0.1, shots=100)
    clean, drawn = circuit_diagram(config), circuit_diagram(noisy)
    assert drawn.gates == clean.gates and drawn.config.noise == "depolarizing"


def test_same_seed_same_diagram():
    config = CircuitConfig("iqp", "strongly_entangling", n_qubits=2, n_layers=1, n_features=2)
    assert circuit_diagram(config, random_state=4) == circuit_diagram(config, random_state=4)
    assert circuit_diagram(config, random_state=4) != circuit_diagram(config, random_state=5)


def test_bad_input_is_refused():
    with pytest.raises(ValueError, match="is not fitted; call fit first"):
        circuit_diagram(HybridClassifier())
    config = CircuitConfig("angle", "basic_entangler", n_qubits=2, n_layers=1)
    with pytest.raises(ValueError, match="Expected 2 circuit weights"):
        circuit_diagram(config, weights=np.zeros(3))

"""State inspection: Bloch vectors, probabilities and reduced states against closed forms."""

from __future__ import annotations

import numpy as np
import pennylane as qml
import pytest
import torch

from qnnlab.analysis import StateInspection, bloch_vector, inspect_state
from qnnlab.circuits import CircuitConfig, build_qnode, init_weights
from qnnlab.models import HybridNet


@pytest.mark.parametrize("t", [0.0, 0.7, 2.1, np.pi])
def test_bloch_vector_of_ry(t):
    # RY(t)|0> = cos(t/2)|0> + sin(t/2)|1>: Bloch vector (sin t, 0, cos t).
    config = CircuitConfig("angle", "hardware_efficient", n_qubits=1, n_layers=0)
    view = inspect_state(config, [t])
    assert np.allclose(view.bloch_vectors[0], [np.sin(t), 0.0, np.cos(t)], atol=1e-12)
    assert not view.mixed
    assert view.purities[0] == pytest.approx(1.0)


def test_probabilities_and_reduced_states_match_pennylane():
    config = CircuitConfig("angle", "strongly_entangling", n_qubits=3, n_layers=2)
    x, w = np.array([0.3, 1.1, 2.0]), init_weights(config, 4)
    view = inspect_state(config, x, weights=w)
    probs = build_qnode(config=config.replace(measurement="probs"))(x, w)
    assert np.allclose(view.probabilities, probs, atol=1e-12)
    state = build_qnode(config=config.replace(measurement="state"))(x, w)
    for k in range(3):
        assert np.allclose(view.reduced_density_matrices[k],
                           qml.math.reduce_statevector(state, indices=[k]))
    expvals = build_qnode(config=config)(x, w)
    assert np.allclose(view.bloch_vectors[:, 2], expvals, atol=1e-12)


def test_noisy_circuit_gives_a_shrunk_bloch_vector():
    # One depolarizing channel of strength p after RY(0): <Z> = 1 - 4p/3.
    p = 0.15
    config = CircuitConfig("angle", "hardware_efficient", n_qubits=1, n_layers=0,
                           noise="depolarizing", noise_strength=p)
    view = inspect_state(config, [0.0])
    assert view.mixed and view.state.shape == (2, 2)
    assert np.allclose(view.bloch_vectors[0], [0.0, 0.0, 1 - 4 * p / 3], atol=1e-12)
    assert view.probabilities.sum() == pytest.approx(1.0)


def test_bell_state_entropy_and_frame():
    bell = np.array([1, 0, 0, 1]) / np.sqrt(2)
    view = StateInspection(bell, np.zeros(2), 2)
    assert view.entanglement_entropy(1) == pytest.approx(1.0)
    assert np.allclose(view.bloch_vectors, 0.0)
    frame = view.to_frame()
    assert frame["purity"].tolist() == pytest.approx([0.5, 0.5])
    assert frame["p0"].tolist() == pytest.approx([0.5, 0.5])


def test_bloch_vector_of_plus_y():
    plus_i = np.array([1, 1j]) / np.sqrt(2)
    assert np.allclose(bloch_vector(np.outer(plus_i, plus_i.conj())), [0, 1, 0])


def test_model_inputs_pass_the_pre_network():
    net = HybridNet(3, 2, CircuitConfig(n_qubits=2, n_layers=1), pre_layers=(4,), random_state=1)
    x = np.array([0.2, -1.0, 0.5])
    view = inspect_state(net, x)
    expected = net.features(torch.as_tensor(x[None, :])).detach().numpy()[0]
    assert np.allclose(view.input, expected)
    out = net.quantum_features(torch.as_tensor(x[None, :])).detach().numpy()[0]
    assert np.allclose(view.bloch_vectors[:, 2], out)


def test_bad_input():
    config = CircuitConfig(n_qubits=2, n_layers=1)
    with pytest.raises(ValueError, match="one sample"):
        inspect_state(config, np.zeros((2, 2)))
    with pytest.raises(ValueError, match="Expected 6 circuit weights"):
        inspect_state(config, [0.1, 0.2], weights=np.zeros(3))
    net = HybridNet(2, 2, config, quantum=False)
    with pytest.raises(ValueError, match="quantum=False"):
        inspect_state(net, [0.1, 0.2])

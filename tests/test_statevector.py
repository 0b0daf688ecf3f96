"""The hand-written simulator against hand computations and PennyLane's own results."""

from __future__ import annotations

import math

import numpy as np
import pennylane as qml
import pytest
import torch

from qnnlab.circuits import CircuitConfig, build_qnode
from qnnlab.statevector import (
    PAULI_X,
    apply_controlled,
    apply_gate,
    cnot,
    cz,
    expval_z,
    rot,
    rx,
    ry,
    rz,
    simulate,
    zero_state,
)

CONFIGS = [
    CircuitConfig(n_qubits=1, n_layers=2),
    CircuitConfig(n_qubits=2, n_layers=3),
    CircuitConfig(n_qubits=3, n_layers=2, ansatz_options={"entangler": "CZ"}),
    CircuitConfig(n_qubits=4, n_layers=2),
    CircuitConfig(n_qubits=5, n_layers=4),  # ranges 1, 2, 3, 4
    CircuitConfig("angle", "basic_entangler", n_qubits=3, n_layers=2,
                  encoding_options={"rotation": "X"}),
    CircuitConfig("angle", "basic_entangler", n_qubits=4, n_layers=1,
                  ansatz_options={"topology": "linear"}),
    CircuitConfig("angle", "hardware_efficient", n_qubits=4, n_layers=2,
                  encoding_options={"rotation": "Z"},
                  ansatz_options={"topology": "all_to_all", "entangler": "CZ"}),
    CircuitConfig("dense_angle", "hardware_efficient", n_qubits=3, n_layers=2,
                  ansatz_options={"topology": "ring"}),
    CircuitConfig("reuploading", "strongly_entangling", n_qubits=2, n_layers=3),
    CircuitConfig("angle", "strongly_entangling", n_qubits=3, n_layers=0),
]


def _ids(cfg: CircuitConfig) -> str:
    return f"{cfg.encoding}-{cfg.ansatz}-{cfg.n_qubits}q-{cfg.n_layers}L"


def _random_inputs(cfg: CircuitConfig, seed: int, batch: int = 6):
    rng = np.random.default_rng(seed)
    d = min(cfg.n_qubits, 2) if cfg.encoding != "dense_angle" else 3
    x = torch.tensor(rng.uniform(0, np.pi, (batch, d)), dtype=torch.float64)
    w = torch.tensor(rng.uniform(0, 2 * np.pi, cfg.n_params), dtype=torch.float64)
    if cfg.trainable_scaling:  # scaling weights away from one, to test them too
        w[-cfg.n_layers * cfg.n_qubits :] = torch.tensor(
            rng.uniform(0.5, 1.5, cfg.n_layers * cfg.n_qubits)
        )
    return x, w


def _qnode_expvals(cfg: CircuitConfig, x: torch.Tensor, w: torch.Tensor) -> torch.Tensor:
    out = build_qnode(config=cfg)(x, w)
    return torch.stack(list(out), dim=-1) if isinstance(out, (list, tuple)) else out


class TestHandComputations:
    @pytest.mark.parametrize("t", [0.0, 0.3, 1.2, math.pi / 2, 2.5, math.pi])
    def test_ry_on_one_qubit_gives_cos(self, t):
        state = apply_gate(zero_state(1), ry(t), wire=0)
        # RY(t)|0> = cos(t/2)|0> + sin(t/2)|1>  ->  <Z> = cos^2 - sin^2 = cos t
        assert expval_z(state).item() == pytest.approx(math.cos(t), abs=1e-14)

    def test_simulate_one_qubit_angle_encoding_gives_cos(self):
        cfg = CircuitConfig("angle", "basic_entangler", n_qubits=1, n_layers=0)
        t = torch.tensor([[0.1], [0.7], [2.0]], dtype=torch.float64)
        out = simulate(cfg, t, torch.zeros(0))
        np.testing.assert_allclose(out[:, 0], np.cos(t[:, 0].numpy()), atol=1e-14)

    def test_rot_on_zero_gives_cos_theta(self):
        # RZ phases do not change populations: <Z> after Rot(phi, theta, omega)|0> is cos(theta)
        state = apply_gate(zero_state(1), rot(0.4, 1.1, -2.3), wire=0)
        assert expval_z(state).item() == pytest.approx(math.cos(1.1), abs=1e-14)

    def test_rotations_are_unitary_and_compose(self):
        for gate in (rx, ry, rz):
            u = gate(0.9)
            np.testing.assert_allclose(u @ u.conj().T, np.eye(2), atol=1e-14)
            np.testing.assert_allclose(gate(0.4) @ gate(0.5), u, atol=1e-14)

    def test_bell_state(self):
        h_like = ry(math.pi / 2)  # |0> -> (|0> + |1>)/sqrt 2
        state = cnot(apply_gate(zero_state(2), h_like, 0), 0, 1)
        np.testing.assert_allclose(state.reshape(-1).abs() ** 2, [0.5, 0, 0, 0.5], atol=1e-14)

    def test_cnot_truth_table_and_wire_order(self):
        # |q0 q1 q2> = |1 0 1>: CNOT(0 -> 1) gives |1 1 1>; CNOT(2 -> 0) gives |0 0 1>.
        state = apply_gate(apply_gate(zero_state(3), PAULI_X, 0), PAULI_X, 2)
        assert state.reshape(-1).abs().argmax().item() == 0b101
        assert cnot(state, 0, 1).reshape(-1).abs().argmax().item() == 0b111
        assert cnot(state, 2, 0).reshape(-1).abs().argmax().item() == 0b001

    def test_cz_is_symmetric_and_phases_only_11(self):
        rng = np.random.default_rng(1)
        amps = rng.normal(size=4) + 1j * rng.normal(size=4)
        state = torch.tensor(amps / np.linalg.norm(amps)).reshape(1, 2, 2)
        np.testing.assert_allclose(cz(state, 0, 1), cz(state, 1, 0), atol=1e-15)
        np.testing.assert_allclose(cz(state, 0, 1).reshape(-1), amps / np.linalg.norm(amps)
                                   * np.array([1, 1, 1, -1]), atol=1e-15)

    def test_per_sample_matrices_act_per_sample(self):
        theta = torch.tensor([0.2, 1.3, 2.9], dtype=torch.float64)
        state = apply_gate(zero_state(2, batch_size=3), rx(theta), wire=1)
        expected = np.c_[np.ones(3), np.cos(theta.numpy())]
        np.testing.assert_allclose(expval_z(state), expected, atol=1e-14)

    def test_controlled_gate_needs_two_qubits(self):
        with pytest.raises(ValueError, match="two different qubits"):
            apply_controlled(zero_state(2), PAULI_X, 1, 1)


class TestAgainstPennyLane:
    @pytest.mark.parametrize("gate, reference", [(rx, qml.RX), (ry, qml.RY), (rz, qml.RZ)])
    def test_rotation_matrices(self, gate, reference):
        for t in (-1.3, 0.0, 0.7, 4.0):
            np.testing.assert_allclose(gate(t), qml.matrix(reference(t, wires=0)), atol=1e-15)

    def test_rot_convention(self):
        np.testing.assert_allclose(
            rot(0.3, -1.2, 2.2), qml.matrix(qml.Rot(0.3, -1.2, 2.2, wires=0)), atol=1e-15
        )

    @pytest.mark.parametrize("cfg", CONFIGS, ids=_ids)
    def test_expvals_equal_the_qnode(self, cfg):
        x, w = _random_inputs(cfg, seed=cfg.n_qubits + 10 * cfg.n_layers)
        np.testing.assert_allclose(simulate(cfg, x, w), _qnode_expvals(cfg, x, w), atol=1e-10)

    @pytest.mark.parametrize("measurement", ["probs", "state"])
    def test_probs_and_state_equal_the_qnode(self, measurement):
        cfg = CircuitConfig(n_qubits=3, n_layers=2, measurement=measurement)
        x, w = _random_inputs(cfg, seed=3)
        np.testing.assert_allclose(simulate(cfg, x, w), _qnode_expvals(cfg, x, w), atol=1e-10)

    def test_one_weight_vector_per_sample(self):
        cfg = CircuitConfig("angle", "hardware_efficient", n_qubits=3, n_layers=2)
        rng = np.random.default_rng(5)
        x = torch.tensor(rng.uniform(0, np.pi, (4, 3)))
        w = torch.tensor(rng.uniform(0, 2 * np.pi, (4, cfg.n_params)))
        np.testing.assert_allclose(simulate(cfg, x, w), _qnode_expvals(cfg, x, w), atol=1e-10)

    def test_unbatched_input_has_no_batch_axis(self):
        cfg = CircuitConfig(n_qubits=2, n_layers=1)
        x, w = _random_inputs(cfg, seed=4, batch=1)
        out = simulate(cfg, x[0], w)
        assert out.shape == (2,)
        np.testing.assert_allclose(out, _qnode_expvals(cfg, x[0], w), atol=1e-10)

    @pytest.mark.parametrize("cfg", [CONFIGS[1], CONFIGS[4], CONFIGS[7], CONFIGS[9]], ids=_ids)
    def test_gradients_equal_backprop(self, cfg):
        x, w = _random_inputs(cfg, seed=7)
        coeffs = torch.tensor(np.random.default_rng(8).normal(size=(len(x), cfg.n_qubits)))
        grads = []
        for run in (simulate, _qnode_expvals):
            xi, wi = x.clone().requires_grad_(), w.clone().requires_grad_()
            (run(cfg, xi, wi) * coeffs).sum().backward()
            grads.append((xi.grad, wi.grad))
        np.testing.assert_allclose(grads[0][0], grads[1][0], atol=1e-10)
        np.testing.assert_allclose(grads[0][1], grads[1][1], atol=1e-10)
        assert grads[0][1].abs().max() > 1e-3  # the comparison is not between zeros


class TestBadInput:
    def test_unsupported_encoding_lists_supported(self):
        expected = r"\['angle', 'dense_angle', 'reuploading'\]; got 'iqp'"
        with pytest.raises(ValueError, match=expected):
            simulate(CircuitConfig("iqp", n_qubits=2), torch.zeros(1, 2), torch.zeros(12))

    def test_unsupported_ansatz_lists_supported(self):
        cfg = CircuitConfig("angle", "tree_tensor_network", n_qubits=2)
        expected = "strongly_entangling.*basic_entangler.*got 'tree_tensor_network'"
        with pytest.raises(ValueError, match=expected):
            simulate(cfg, torch.zeros(1, 2), torch.zeros(cfg.n_params))

    def test_noise_is_refused(self):
        cfg = CircuitConfig(n_qubits=2, noise="depolarizing", noise_strength=0.1)
        with pytest.raises(ValueError, match="noise-free.*default.mixed"):
            simulate(cfg, torch.zeros(1, 2), torch.zeros(cfg.n_params))

    def test_shots_are_refused(self):
        cfg = CircuitConfig(n_qubits=2, shots=100)
        with pytest.raises(ValueError, match="shots=100"):
            simulate(cfg, torch.zeros(1, 2), torch.zeros(cfg.n_params))

    def test_mismatched_batches(self):
        cfg = CircuitConfig(n_qubits=2, n_layers=1)
        with pytest.raises(ValueError, match=r"batch sizes \[2, 3\]"):
            simulate(cfg, torch.zeros(2, 2), torch.zeros(3, cfg.n_params))

    def test_wrong_weight_length(self):
        cfg = CircuitConfig(n_qubits=2, n_layers=1)
        with pytest.raises(ValueError, match="length 6"):
            simulate(cfg, torch.zeros(2, 2), torch.zeros(5))

    def test_too_many_features(self):
        cfg = CircuitConfig(n_qubits=2, n_layers=1)
        with pytest.raises(ValueError, match="at most 2"):
            simulate(cfg, torch.zeros(2, 3), torch.zeros(cfg.n_params))

"""Noise channels shrink expectation values exactly as their closed forms say."""

from __future__ import annotations

import math

import numpy as np
import pennylane as qml
import pytest

from qnnlab import noise
from qnnlab.circuits import build_qnode

ATOL = 1e-10
PAULI_X = np.array([[0, 1], [1, 0]])


def one_qubit(noise_name, p, n_layers, ansatz="basic_entangler", placement="gate",
              measurement="expval"):
    return build_qnode("angle", ansatz, n_qubits=1, n_layers=n_layers, noise=noise_name,
                       noise_strength=p, noise_placement=placement, measurement=measurement)


def z(qnode, theta, weights) -> float:
    return float(np.asarray(qnode(np.array([theta]), np.asarray(weights, dtype=float)))[0])


class TestRegistry:
    def test_available(self):
        assert noise.available() == [
            "depolarizing", "amplitude_damping", "phase_damping", "bit_flip", "readout",
        ]

    def test_describe(self):
        assert [r["name"] for r in noise.describe()] == noise.available()

    def test_unknown_noise_lists_valid_ones(self):
        with pytest.raises(ValueError, match=r"'depolarising'.*'depolarizing'.*'readout'"):
            noise.noise_model("depolarising", 0.1)

    @pytest.mark.parametrize("p", [-0.1, 1.5, float("nan")])
    def test_strength_outside_unit_interval(self, p):
        with pytest.raises(ValueError, match=r"noise_strength must be in \[0.0, 1.0\]"):
            noise.noise_model("bit_flip", p)

    def test_unknown_placement_lists_valid_ones(self):
        with pytest.raises(ValueError, match=r"'everywhere'.*'gate', 'layer'"):
            noise.noise_model("bit_flip", 0.1, "everywhere")


class TestClosedForms:
    """One qubit: RY(theta) encoding, then layers of RX(w) (basic_entangler) or RY RZ (HEA)."""

    @pytest.mark.parametrize("placement", ["gate", "layer"])
    @pytest.mark.parametrize("n_layers", [0, 1, 3])
    def test_depolarizing_scales_z_per_application(self, placement, n_layers):
        p, theta = 0.12, 0.7
        w = np.linspace(0.3, 0.9, n_layers)
        ideal = math.cos(theta) * math.cos(w.sum())  # RX angles add up on one qubit
        applications = 1 + n_layers  # one gate per layer: both placements agree
        noisy = z(one_qubit("depolarizing", p, n_layers, placement=placement), theta, w)
        assert noisy == pytest.approx((1 - 4 * p / 3) ** applications * ideal, abs=ATOL)

    @pytest.mark.parametrize(("placement", "applications"), [("gate", 1 + 2 * 2), ("layer", 1 + 2)])
    def test_depolarizing_gate_versus_layer_placement(self, placement, applications):
        p, theta, w = 0.05, 0.4, np.array([0.3, 1.1, 0.5, 0.2])  # 2 layers of RY, RZ
        ideal = z(one_qubit(None, 0.0, 2, "hardware_efficient"), theta, w)
        noisy = z(one_qubit("depolarizing", p, 2, "hardware_efficient", placement), theta, w)
        assert abs(ideal) > 0.1
        assert noisy == pytest.approx((1 - 4 * p / 3) ** applications * ideal, abs=ATOL)

    def test_amplitude_damping_of_one(self):
        # |1> decays to |0> with probability p: <Z> = (1 - p) * (-1) + p * 1 = -1 + 2p.
        p = 0.2
        assert z(one_qubit("amplitude_damping", p, 0), math.pi, []) == pytest.approx(
            -1 + 2 * p, abs=ATOL)

    @pytest.mark.parametrize(("ansatz", "placement", "applications"), [
        ("basic_entangler", "gate", 3), ("hardware_efficient", "gate", 5),
        ("hardware_efficient", "layer", 3),
    ])
    def test_amplitude_damping_repeated(self, ansatz, placement, applications):
        # After k applications |1> survives with probability (1 - p)**k.
        p = 0.1
        qnode = one_qubit("amplitude_damping", p, 2, ansatz, placement)
        survive = (1 - p) ** applications
        assert z(qnode, math.pi, np.zeros(qnode.config.n_params)) == pytest.approx(
            (1 - survive) - survive, abs=ATOL)

    @pytest.mark.parametrize("n_layers", [0, 2])
    def test_readout_scales_z_once(self, n_layers):
        p, theta = 0.15, 0.9
        w = np.linspace(0.2, 0.6, n_layers)
        ideal = math.cos(theta) * math.cos(w.sum())
        assert z(one_qubit("readout", p, n_layers), theta, w) == pytest.approx(
            (1 - 2 * p) * ideal, abs=ATOL)

    def test_readout_on_every_qubit(self):
        p = 0.1
        qnode = build_qnode("angle", "basic_entangler", n_qubits=3, n_layers=0, noise="readout",
                            noise_strength=p)
        x = np.array([0.3, 1.0, 2.5])
        np.testing.assert_allclose(np.asarray(qnode(x, np.zeros(0))), (1 - 2 * p) * np.cos(x),
                                   atol=ATOL)

    @pytest.mark.parametrize(("theta", "n_layers"), [(0.0, 0), (math.pi, 2), (0.0, 3)])
    def test_bit_flip_on_basis_states(self, theta, n_layers):
        p = 0.1
        qnode = one_qubit("bit_flip", p, n_layers)
        expected = math.cos(theta) * (1 - 2 * p) ** (1 + n_layers)
        assert z(qnode, theta, np.zeros(n_layers)) == pytest.approx(expected, abs=ATOL)

    def test_bit_flip_after_a_rotation(self):
        p, theta = 0.1, 1.1
        assert z(one_qubit("bit_flip", p, 0), theta, []) == pytest.approx(
            (1 - 2 * p) * math.cos(theta), abs=ATOL)

    def test_phase_damping_keeps_z_of_basis_states(self):
        qnode = one_qubit("phase_damping", 0.3, 2)
        assert z(qnode, math.pi, np.zeros(2)) == pytest.approx(-1.0, abs=ATOL)
        assert z(qnode, 0.0, np.zeros(2)) == pytest.approx(1.0, abs=ATOL)

    @pytest.mark.parametrize("n_layers", [0, 2])
    def test_phase_damping_shrinks_x(self, n_layers):
        # PhaseDamping multiplies the coherence rho_01 by sqrt(1 - p) per application.
        p = 0.3
        qnode = one_qubit("phase_damping", p, n_layers, measurement="state")
        rho = np.asarray(qnode(np.array([math.pi / 2]), np.zeros(n_layers)))
        x_expval = float(np.real(np.trace(rho @ PAULI_X)))
        assert x_expval == pytest.approx((1 - p) ** ((1 + n_layers) / 2), abs=ATOL)
        assert np.real(rho[0, 0]) == pytest.approx(0.5, abs=ATOL)

    def test_zero_strength_is_noise_free(self):
        for name in noise.available():
            assert z(one_qubit(name, 0.0, 1), 0.8, [0.4]) == pytest.approx(
                math.cos(0.8) * math.cos(0.4), abs=ATOL)


class TestPlacementAgainstHandBuiltCircuits:
    """Two qubits: the channels sit exactly where a hand-built default.mixed circuit puts them."""

    X = np.array([0.4, 1.3])
    W = np.array([0.7, 2.1])
    P = 0.07

    def reference(self, placement: str) -> np.ndarray:
        def dep(wire):
            qml.DepolarizingChannel(self.P, wires=wire)

        @qml.qnode(qml.device("default.mixed", wires=2))
        def circuit():
            for wire in (0, 1):
                qml.RY(self.X[wire], wires=wire)
                if placement == "gate":
                    dep(wire)
            if placement == "layer":
                dep(0), dep(1)
            for wire in (0, 1):
                qml.RX(self.W[wire], wires=wire)
                if placement == "gate":
                    dep(wire)
            qml.CNOT(wires=[0, 1])
            dep(0), dep(1)  # after the CNOT (gate) or after the layer (layer): the same
            return qml.state()

        return np.asarray(circuit())

    @pytest.mark.parametrize("placement", ["gate", "layer"])
    def test_density_matrix_matches(self, placement):
        qnode = build_qnode("angle", "basic_entangler", n_qubits=2, n_layers=1,
                            noise="depolarizing", noise_strength=self.P,
                            noise_placement=placement, measurement="state")
        np.testing.assert_allclose(qnode(self.X, self.W), self.reference(placement), atol=ATOL)

    def test_gate_and_layer_placements_differ(self):
        assert not np.allclose(self.reference("gate"), self.reference("layer"))

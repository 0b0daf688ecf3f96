"""Noise from a device profile: closed forms of relaxation and readout; trainable QNodes."""

import numpy as np
import pennylane as qml
import pytest
import torch

from qnnlab.circuits import CircuitConfig, build_qnode, init_weights
from qnnlab.hardware import profiles
from qnnlab.hardware.device_noise import idle_relaxation, profile_noise_model

T1, T2, TG = 20e-6, 30e-6, 7e-6


def _profile(**changes):
    base = dict(name="slow", coupling=profiles.line(2), native_gates=("RZ", "SX", "PauliX", "CNOT"),
                gate_times={"PauliX": TG, "SX": TG}, gate_errors={}, t1=T1, t2=T2,
                readout_error=0.0)
    return profiles.DeviceProfile(**{**base, **changes})


def _noisy_run(profile, gates, observable):
    dev = qml.noise.add_noise(qml.device("default.mixed", wires=1), profile_noise_model(profile))

    @qml.qnode(dev)
    def circuit():
        for gate in gates:
            gate(wires=0)
        return qml.expval(observable)

    return float(circuit())


def test_relaxation_of_one_matches_exp_minus_t_over_t1():
    # |1> held for TG: P(1) = exp(-TG / T1), so <Z> = 1 - 2 exp(-TG / T1)
    z = _noisy_run(_profile(), [qml.PauliX], qml.Z(0))
    assert z == pytest.approx(1 - 2 * np.exp(-TG / T1), abs=1e-12)
    z2 = _noisy_run(_profile(), [qml.PauliX, qml.PauliX], qml.Z(0))  # X, decay, X, decay
    p1 = np.exp(-TG / T1)
    p1_after = (1 - p1) * np.exp(-TG / T1)  # the decayed part is flipped back up, then decays
    assert z2 == pytest.approx(1 - 2 * p1_after, abs=1e-12)


def test_dephasing_of_a_superposition_matches_exp_minus_t_over_t2():
    # SX|0> = (|0> - i|1>)/sqrt(2): <Y> = -1 ideally; coherence decays as exp(-TG / T2)
    y = _noisy_run(_profile(), [qml.SX], qml.Y(0))
    assert y == pytest.approx(-np.exp(-TG / T2), abs=1e-12)
    z = _noisy_run(_profile(), [qml.SX], qml.Z(0))  # P(1) = exp(-TG/T1) / 2
    assert z == pytest.approx(1 - np.exp(-TG / T1), abs=1e-12)


def test_gate_error_and_readout_error_closed_forms():
    p, p01, p10 = 0.03, 0.02, 0.07
    profile = _profile(gate_times={}, gate_errors={"PauliX": p}, readout_error=(p01, p10))
    z = _noisy_run(profile, [qml.PauliX], qml.Z(0))
    z_true = -(1 - 4 * p / 3)  # depolarizing shrinks <Z> by 1 - 4p/3
    p1 = (1 - z_true) / 2
    read1 = p1 * (1 - p10) + (1 - p1) * p01
    assert z == pytest.approx(1 - 2 * read1, abs=1e-12)


def test_profile_qnode_matches_compiled_circuit_with_noise_and_trains():
    config = CircuitConfig("angle", "hardware_efficient", n_qubits=3, n_layers=1,
                           ansatz_options={"topology": "ring"}, profile="toy_line")
    assert config.noisy
    qnode = build_qnode(config=config)
    ideal = build_qnode(config=config.replace(profile=None))
    x = torch.tensor([[0.1, 0.5, 0.9], [0.3, 0.2, 0.1]], dtype=torch.float64)
    w = torch.tensor(init_weights(config, 0), requires_grad=True)
    noisy_out = torch.stack(qnode(x, w))
    ideal_out = torch.stack(ideal(x, w))
    assert noisy_out.shape == ideal_out.shape == (3, 2)
    diff = (noisy_out - ideal_out).abs().max().item()
    assert 1e-3 < diff < 0.3  # noisy, yet close: a few percent of error per gate
    noisy_out.sum().backward()
    assert torch.isfinite(w.grad).all() and w.grad.abs().sum() > 0
    # one tape per measured wire (each with its own readout channel)
    tapes = qml.specs(qnode, level="device")(x[0].detach(), w.detach())["resources"]
    names = set().union(*(t.gate_types for t in tapes))
    assert {"ThermalRelaxationError", "DepolarizingChannel", "QubitChannel"} <= names
    assert names - {"ThermalRelaxationError", "DepolarizingChannel", "QubitChannel"} <= {
        "RZ", "SX", "PauliX", "CNOT"}  # only the native gates of toy_line


def test_bad_profile_fails_before_building():
    with pytest.raises(ValueError, match="needs 6 qubits but profile 'toy_line' has 5"):
        CircuitConfig(n_qubits=6, profile="toy_line")
    with pytest.raises(ValueError, match="measurement='state' is not available"):
        CircuitConfig(n_qubits=2, measurement="state", profile="toy_line")
    with pytest.raises(ValueError, match="Unknown device profile 'ibm'"):
        CircuitConfig(n_qubits=2, profile="ibm")
    with pytest.raises(ValueError, match="noise_placement='layer' cannot be combined"):
        CircuitConfig(n_qubits=2, noise="depolarizing", noise_placement="layer",
                      profile="toy_line")


def test_a_noise_free_profile_gives_the_ideal_outputs_and_gradients():
    # routing, fusion and native gates change nothing measurable, gradients included
    clean = profiles.DeviceProfile("clean", profiles.line(3), ("RX", "RY", "CZ"))
    config = CircuitConfig("reuploading", "strongly_entangling", n_qubits=3, n_layers=2,
                           profile=clean)
    x = torch.tensor([[0.1, 0.5, 0.9], [0.3, -0.2, 0.1]], dtype=torch.float64)
    grads = []
    for cfg in (config, config.replace(profile=None)):
        w = torch.tensor(init_weights(cfg, 2), requires_grad=True)
        out = torch.stack(build_qnode(config=cfg)(x, w))
        (out * torch.arange(1.0, 4.0, dtype=torch.float64)[:, None]).sum().backward()
        grads.append((out.detach(), w.grad))
    torch.testing.assert_close(grads[0][0], grads[1][0], atol=1e-10, rtol=0)
    torch.testing.assert_close(grads[0][1], grads[1][1], atol=1e-10, rtol=0)


def test_a_waiting_qubit_relaxes_for_the_whole_circuit():
    # qubit 1: X (3 us), then waits while qubit 0 runs two 5 us SX gates; readout at 10 us.
    # P1 of qubit 1 = exp(-3/T1) exp(-7/T1) = exp(-10 us / T1)
    profile = _profile(gate_times={"PauliX": 3e-6, "SX": 5e-6})
    dev = qml.noise.add_noise(qml.device("default.mixed", wires=2), profile_noise_model(profile))

    def circuit():
        qml.SX(0)
        qml.SX(0)
        qml.PauliX(1)
        return qml.expval(qml.Z(1))

    with_idle = float(qml.QNode(idle_relaxation(circuit, profile=profile), dev)())
    without = float(qml.QNode(circuit, dev)())
    assert with_idle == pytest.approx(1 - 2 * np.exp(-10e-6 / T1), abs=1e-12)
    assert without == pytest.approx(1 - 2 * np.exp(-3e-6 / T1), abs=1e-12)


def test_zne_mitigates_a_profiles_gate_and_relaxation_noise():
    # Readout error is not folded (ZNE cannot reduce it; hardware.mitigation does): without it,
    # Richardson extrapolation through folded compiled circuits brings <Z> closer to ideal.
    quiet_readout = profiles.get("toy_line").replace(readout_error=0.0)
    config = CircuitConfig("angle", "basic_entangler", n_qubits=2, n_layers=1,
                           profile=quiet_readout)
    x = np.array([[0.3, 0.5], [1.0, 2.0]])
    for seed in range(2):
        weights = init_weights(config, random_state=seed)
        ideal = np.array(build_qnode(config=config.replace(profile=None))(x, weights))
        raw = np.array(build_qnode(config=config)(x, weights))
        mitigated = np.array(build_qnode(config=config.replace(zne=True))(x, weights))
        reference = build_qnode(config=config.replace(zne=True, device="default.mixed"))
        np.testing.assert_allclose(mitigated, np.array(reference(x, weights)), atol=1e-10)
        assert np.abs(mitigated - ideal).max() < np.abs(raw - ideal).max() / 2

"""Readout-error mitigation: recovers the ideal values for a known confusion matrix."""

import numpy as np
import pennylane as qml
import pytest

from qnnlab.circuits import CircuitConfig, build_qnode, init_weights
from qnnlab.hardware import profiles
from qnnlab.hardware.device_noise import readout_kraus
from qnnlab.hardware.mitigation import (
    calibrate,
    compare_readout,
    confusion_matrix,
    mitigate_expvals,
    mitigate_probs,
)

READOUT = ((0.03, 0.11), (0.08, 0.02))


def _readout_only(n_qubits=2):
    """A device whose only error is readout, the same on every qubit."""
    return profiles.DeviceProfile("readout only", profiles.line(n_qubits),
                                  ("RZ", "SX", "PauliX", "CNOT"), readout_error=READOUT[0])


def test_calibration_measures_the_profile_confusion_matrix_exactly():
    cal = calibrate(_readout_only(), 2)
    for matrix in cal.matrices:
        np.testing.assert_allclose(matrix, confusion_matrix(*READOUT[0]), atol=1e-12)
    assert (cal.circuits, cal.shots) == (2, None)


def test_mitigated_probs_recover_the_ideal_ones_with_known_confusion():
    # an entangled 2-qubit state read through two different, asymmetric readout channels
    def state():
        qml.RY(0.7, 0)
        qml.CNOT([0, 1])
        qml.RX(0.4, 1)

    @qml.qnode(qml.device("default.mixed", wires=2))
    def noisy():
        state()
        for wire, (p01, p10) in enumerate(READOUT):
            qml.QubitChannel(readout_kraus(p01, p10), wires=wire)
        return qml.probs(wires=[0, 1])

    @qml.qnode(qml.device("default.qubit", wires=2))
    def ideal():
        state()
        return qml.probs(wires=[0, 1])

    raw = np.asarray(noisy())
    assert np.max(np.abs(raw - ideal())) > 0.02
    confusion = [confusion_matrix(*pair) for pair in READOUT]
    np.testing.assert_allclose(mitigate_probs(raw, confusion), ideal(), atol=1e-12)
    # per-qubit <Z> from the same probabilities, through mitigate_expvals
    z_raw = [raw[0] + raw[1] - raw[2] - raw[3], raw[0] - raw[1] + raw[2] - raw[3]]
    p = ideal()
    z_ideal = [p[0] + p[1] - p[2] - p[3], p[0] - p[1] + p[2] - p[3]]
    np.testing.assert_allclose(mitigate_expvals(z_raw, confusion), z_ideal, atol=1e-12)


def _qnodes(profile):
    config = CircuitConfig("angle", "hardware_efficient", n_qubits=2, n_layers=1,
                           profile=profile)
    x, w = np.array([0.3, 1.2]), init_weights(config, 3)
    return build_qnode(config=config), build_qnode(config=config.replace(profile=None)), x, w


def test_compare_readout_on_a_readout_only_device_recovers_the_ideal_values():
    profile = _readout_only()
    noisy, ideal, x, w = _qnodes(profile)
    rows = {r["method"]: r for r in compare_readout(noisy, ideal, calibrate(profile, 2), x, w)}
    assert rows["raw"]["max_error"] > 0.01
    assert rows["readout-mitigated"]["max_error"] < 1e-10
    assert (rows["raw"]["circuits"], rows["readout-mitigated"]["circuits"]) == (1, 3)


def test_on_a_full_noise_device_mitigation_helps_but_gate_noise_remains():
    profile = profiles.get("toy_line")
    noisy, ideal, x, w = _qnodes(profile)
    rows = {r["method"]: r for r in compare_readout(noisy, ideal, calibrate(profile, 2), x, w)}
    assert 1e-3 < rows["readout-mitigated"]["max_error"] < rows["raw"]["max_error"]


def test_finite_shot_calibration_costs_shots_and_is_close():
    cal = calibrate(_readout_only(), 2, shots=4000, seed=1)
    assert cal.shots == 4000
    # 4000 shots: standard error of p(1|0)=0.03 is about 0.003
    assert abs(cal.matrices[0][1, 0] - 0.03) < 0.015


def test_bad_inputs():
    with pytest.raises(ValueError, match="2\\*\\*2 = 4 entries"):
        mitigate_probs(np.ones(3) / 3, [np.eye(2)] * 2)
    with pytest.raises(ValueError, match="p01"):
        confusion_matrix(1.5, 0.0)

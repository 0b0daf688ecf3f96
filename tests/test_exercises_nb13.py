"""Exercise checks of notebook 13 (from simulator to hardware): right answers pass, wrong ones
explain.

The expected answers come from independent references: the compiled circuit of PennyLane's
router for 13.1, a density-matrix simulation of the readout channel (and the confusion matrix)
for 13.2, and qnnlab's ``training_cost`` of a circuit with 12 parameters for 13.3.
"""

from __future__ import annotations

import numpy as np
import pennylane as qml
import pytest
from exercise_contract import assert_right, assert_solution_passes, assert_unanswered, assert_wrong

from qnnlab.circuits import CircuitConfig
from qnnlab.exercises import nb13
from qnnlab.hardware import profiles
from qnnlab.hardware.compile import compiled_summary
from qnnlab.hardware.device_noise import readout_kraus
from qnnlab.hardware.estimate import training_cost
from qnnlab.hardware.mitigation import confusion_matrix


def _routed_cnots() -> int:
    tape = qml.tape.QuantumScript([qml.CNOT([0, 3])], [qml.expval(qml.Z(0))])
    return compiled_summary(tape, profiles.get("toy_line"), n_qubits=4)["gate_counts"]["CNOT"]


def _simulated_raw_z() -> float:
    dev = qml.device("default.mixed", wires=1)
    theta = np.arccos(nb13.TRUE_Z)  # <Z> of RY(theta)|0> is cos(theta)

    @qml.qnode(dev)
    def circuit():
        qml.RY(theta, wires=0)
        qml.QubitChannel(readout_kraus(nb13.READOUT_P01, nb13.READOUT_P10), wires=0)
        return qml.expval(qml.Z(0))

    return float(circuit())


def _shift_circuits() -> int:
    config = CircuitConfig(n_qubits=2, n_layers=2)  # strongly entangling: 2 x 2 x 3 parameters
    assert config.n_params == nb13.SHIFT_PARAMS
    cost = training_cost(config, "toy_line", n_samples=nb13.SHIFT_SAMPLES)
    return cost["circuits_per_epoch"]


CASES = [
    ("13.1", nb13.check_line_cnots, _routed_cnots, [1, 2, 3, 6, 10, 7.5, "7", -1]),
    ("13.2", nb13.check_raw_expval, _simulated_raw_z, [0.6, 0.528, 0.558, 0.794, 0.59, 1.5,
                                                       "0.588", [0.588]]),
    ("13.3", nb13.check_shift_circuits, _shift_circuits, [50, 24, 25, 650, 1200, 1250.5, "1250"]),
]


@pytest.mark.parametrize(("ex_id", "check", "reference", "wrongs"), CASES,
                         ids=[case[0] for case in CASES])
def test_check_keeps_the_exercise_contract(ex_id, check, reference, wrongs):
    assert_right(check, reference())
    assert_wrong(check, wrongs)
    for placeholder in (None, ...):
        assert_unanswered(check, placeholder)
    assert_solution_passes(ex_id, check, {name: getattr(nb13, name) for name in nb13.__all__})


def test_references_agree_with_hand_computation():
    assert _routed_cnots() == 7
    raw = confusion_matrix(nb13.READOUT_P01, nb13.READOUT_P10) @ np.array([0.8, 0.2])
    assert _simulated_raw_z() == pytest.approx(raw[0] - raw[1], abs=1e-12)
    assert _simulated_raw_z() == pytest.approx(0.588, abs=1e-12)
    assert _shift_circuits() == 1250


def test_common_mistakes_get_specific_messages():
    assert "number of SWAPs" in nb13.check_line_cnots(2).message
    assert "three CNOTs" in nb13.check_line_cnots(3).message
    assert "swaps the two error rates" in nb13.check_raw_expval(0.528).message
    assert "P(0)" in nb13.check_raw_expval(0.794).message
    assert "0.001" in nb13.check_raw_expval(0.59).message  # the precision needed is named
    assert nb13.check_raw_expval(0.5884).passed
    assert "forward" in nb13.check_shift_circuits(1200).message
    assert "two" in nb13.check_shift_circuits(650).message

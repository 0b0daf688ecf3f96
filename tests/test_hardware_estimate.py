"""Cost before running: circuits, shots and device time, checked by hand."""

import pytest

from qnnlab.circuits import CircuitConfig
from qnnlab.hardware import profiles
from qnnlab.hardware.estimate import training_cost

CONFIG = CircuitConfig("angle", "hardware_efficient", n_qubits=2, n_layers=1)


def test_cost_by_hand_on_the_toy_line():
    cost = training_cost(CONFIG, "toy_line", n_samples=50, epochs=3, shots=200, latency_s=0.01)
    # hardware_efficient, 1 layer on 2 qubits: 4 angles -> 50 * (1 + 2 * 4) = 450 per epoch
    assert (cost["circuits_per_epoch"], cost["circuits"], cost["shots"]) == (450, 1350, 270000)
    # compiled: per qubit the encoding and layer rotations fuse into one Rot = RZ SX RZ SX RZ
    # (RZ virtual, 2 x 50 ns SX), then one CNOT (500 ns), then readout (1 us)
    assert cost["compiled"]["gate_counts"] == {"RZ": 6, "SX": 4, "CNOT": 1}
    assert cost["circuit_duration_s"] == pytest.approx(100e-9 + 500e-9 + 1e-6)
    per_shot = 1.6e-6 + profiles.get("toy_line").shot_overhead
    assert cost["device_seconds"] == pytest.approx(1350 * (200 * per_shot + 0.01))
    assert cost["shot_noise"] == pytest.approx(200**-0.5)


def test_ions_need_no_swaps_but_take_longer_per_shot():
    config = CircuitConfig("angle", "hardware_efficient", n_qubits=4, n_layers=1,
                           ansatz_options={"topology": "all_to_all"})
    ions = training_cost(config, "trapped_ion", n_samples=10)
    chip = training_cost(config, "superconducting_heavy_hex", n_samples=10)
    assert ions["compiled"]["swaps"] == 0 < chip["compiled"]["swaps"]
    assert ions["circuit_duration_s"] > 100 * chip["circuit_duration_s"]
    assert ions["seconds_per_shot"] > 5 * chip["seconds_per_shot"]  # the reset delay counts too


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"shots": None}, "shots must be a positive number"),
    ({"n_samples": 0}, "n_samples"),
    ({"latency_s": -1.0}, "latency_s"),
])
def test_bad_inputs_fail_before_compiling(kwargs, message):
    args = {"n_samples": 10, **kwargs}
    with pytest.raises(ValueError, match=message):
        training_cost(CONFIG, "toy_line", **args)

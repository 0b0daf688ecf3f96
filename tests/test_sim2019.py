"""Tests for the Sim, Johnson & Aspuru-Guzik (2019) circuits in :mod:`qnnlab.sim2019`."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pennylane as qml
import pytest

import qnnlab.sim2019 as sim2019
from qnnlab import ansatze

N = 4
LAYERS = 2
CIRCUITS = list(range(1, 20))

#: Parameters per layer at 4 qubits, as counted in the paper.
PAPER_PARAMS = {
    1: 8, 2: 8, 3: 11, 4: 11, 5: 28, 6: 28, 7: 19, 8: 19, 9: 4, 10: 8,
    11: 12, 12: 12, 13: 16, 14: 16, 15: 8, 16: 11, 17: 11, 18: 12, 19: 12,
}  # fmt: skip

#: Parameters per layer at 6 qubits, counted by hand from the general-n rules in the docstring.
SIX_QUBIT_PARAMS = {
    1: 12, 2: 12, 3: 17, 4: 17, 5: 54, 6: 54, 7: 29, 8: 29, 9: 6, 10: 12,
    11: 20, 12: 20, 13: 24, 14: 24, 15: 12, 16: 17, 17: 17, 18: 18, 19: 18,
}  # fmt: skip

#: Gates of one layer at 4 qubits, counted from Figure 2 of the paper.
PAPER_GATES = {
    1: {"RX": 4, "RZ": 4},
    2: {"RX": 4, "RZ": 4, "CNOT": 3},
    3: {"RX": 4, "RZ": 4, "CRZ": 3},
    4: {"RX": 4, "RZ": 4, "CRX": 3},
    5: {"RX": 8, "RZ": 8, "CRZ": 12},
    6: {"RX": 8, "RZ": 8, "CRX": 12},
    7: {"RX": 8, "RZ": 8, "CRZ": 3},
    8: {"RX": 8, "RZ": 8, "CRX": 3},
    9: {"Hadamard": 4, "CZ": 3, "RX": 4},
    10: {"RY": 8, "CZ": 4},
    11: {"RY": 6, "RZ": 6, "CNOT": 3},
    12: {"RY": 6, "RZ": 6, "CZ": 3},
    13: {"RY": 8, "CRZ": 8},
    14: {"RY": 8, "CRX": 8},
    15: {"RY": 8, "CNOT": 8},
    16: {"RX": 4, "RZ": 4, "CRZ": 3},
    17: {"RX": 4, "RZ": 4, "CRX": 3},
    18: {"RX": 4, "RZ": 4, "CRZ": 4},
    19: {"RX": 4, "RZ": 4, "CRX": 4},
}


def _state_qnode(name: str, n: int = N, n_layers: int = LAYERS, wires: list | None = None):
    a = ansatze.get(name)
    wires = list(range(n)) if wires is None else wires
    dev = qml.device("default.qubit", wires=wires)

    @qml.qnode(dev)
    def state(w):  # w has shape (n_layers, [batch,] params_per_layer)
        for layer in range(n_layers):
            a.apply_layer(w[layer], wires, layer)
        return qml.state()

    return state


def _weights(k: int, n_layers: int = LAYERS, batch: int | None = None, seed: int = 0):
    shape = (n_layers,) + ((batch,) if batch else ()) + ansatze.get(f"sim_{k}").layer_shape(N)
    return np.random.default_rng(seed + k).uniform(0, 2 * np.pi, shape)


# --- registry and parameter counts -------------------------------------------------------------


def test_all_nineteen_are_registered():
    assert tuple(f"sim_{k}" for k in CIRCUITS) == sim2019.NAMES
    for k in CIRCUITS:
        a = ansatze.get(f"sim_{k}")
        assert a.min_qubits == 2
        assert f"circuit {k} " in a.reference and "1905.10876" in a.reference
        assert a.description and "\n" not in a.description
        assert a.entangling == (k != 1)


@pytest.mark.parametrize("k", CIRCUITS)
def test_params_per_layer_match_the_paper(k):
    a = ansatze.get(f"sim_{k}")
    assert a.layer_shape(N) == (PAPER_PARAMS[k],)
    assert sim2019.params_per_layer(k, N) == PAPER_PARAMS[k]
    assert a.n_params(N, 3) == 3 * PAPER_PARAMS[k]


@pytest.mark.parametrize("k", CIRCUITS)
def test_params_per_layer_on_six_qubits(k):
    assert ansatze.get(f"sim_{k}").layer_shape(6) == (SIX_QUBIT_PARAMS[k],)


def test_circuits_11_and_12_need_an_even_qubit_count():
    for k in CIRCUITS:
        a = ansatze.get(f"sim_{k}")
        a.check_qubits(4)
        with pytest.raises(ValueError, match="at least 2"):
            a.check_qubits(1)
        if k in (11, 12):
            with pytest.raises(ValueError, match="even number"):
                a.check_qubits(5)
        else:
            a.check_qubits(5)
    with pytest.raises(ValueError, match="even number"):
        qml.tape.make_qscript(ansatze.get("sim_11").apply_layer)(np.zeros(16), range(5), 0)


def test_wrong_number_of_weights_is_a_clear_error():
    with pytest.raises(ValueError, match="takes 12 angles"):
        qml.tape.make_qscript(ansatze.get("sim_19").apply_layer)(np.zeros(11), range(4), 0)


def test_unknown_circuit_number():
    with pytest.raises(ValueError, match="1 to 19"):
        sim2019.params_per_layer(20, 4)


# --- wiring ------------------------------------------------------------------------------------


@pytest.mark.parametrize("k", CIRCUITS)
def test_gate_counts_match_the_figure(k):
    specs = qml.specs(_state_qnode(f"sim_{k}", n_layers=1), level="device")(_weights(k, 1))
    assert dict(specs.resources.gate_types) == PAPER_GATES[k]


def test_circuit_1_has_no_two_qubit_gates():
    specs = qml.specs(_state_qnode("sim_1"), level="device")(_weights(1))
    assert dict(specs.resources.gate_sizes) == {1: 2 * 8}
    assert all(len(wires) == 1 for _, wires in sim2019.gate_sequence(1, 7))


def test_pair_helpers():
    assert sim2019.ladder_pairs(4) == [(3, 2), (2, 1), (1, 0)]
    assert sim2019.ring_pairs(4, 1) == [(3, 0), (2, 3), (1, 2), (0, 1)]
    assert sim2019.ring_pairs(4, -1) == [(3, 2), (0, 3), (1, 0), (2, 1)]
    assert sim2019.brick_pairs(4, 0) == [(1, 0), (3, 2)]
    assert sim2019.brick_pairs(4, 1) == [(2, 1)]
    assert len(sim2019.all_to_all_pairs(4)) == 12
    # On two qubits circuit 10's CZ ring is one CZ, the controlled rings keep both directions.
    assert sim2019.gate_sequence(10, 2).count(("CZ", (1, 0))) == 1
    assert [g for g in sim2019.gate_sequence(15, 2) if g[0] == "CNOT"] == [
        ("CNOT", (1, 0)),
        ("CNOT", (0, 1)),
    ] * 2


# Hand-written layers at 4 qubits, gate by gate from Figure 2, with the module's parameter order.


def _rx_rz(w):
    for q in range(4):
        qml.RX(w[q], wires=q)
    for q in range(4):
        qml.RZ(w[4 + q], wires=q)


def _layer_6(w):
    _rx_rz(w[:8])
    qml.CRX(w[8], wires=[3, 2])
    qml.CRX(w[9], wires=[3, 1])
    qml.CRX(w[10], wires=[3, 0])
    qml.CRX(w[11], wires=[2, 3])
    qml.CRX(w[12], wires=[2, 1])
    qml.CRX(w[13], wires=[2, 0])
    qml.CRX(w[14], wires=[1, 3])
    qml.CRX(w[15], wires=[1, 2])
    qml.CRX(w[16], wires=[1, 0])
    qml.CRX(w[17], wires=[0, 3])
    qml.CRX(w[18], wires=[0, 2])
    qml.CRX(w[19], wires=[0, 1])
    _rx_rz(w[20:])


def _layer_10(w):
    for q in range(4):
        qml.RY(w[q], wires=q)
    qml.CZ(wires=[3, 2])
    qml.CZ(wires=[2, 1])
    qml.CZ(wires=[1, 0])
    qml.CZ(wires=[3, 0])
    for q in range(4):
        qml.RY(w[4 + q], wires=q)


def _layer_11(w):
    for q in range(4):
        qml.RY(w[q], wires=q)
    for q in range(4):
        qml.RZ(w[4 + q], wires=q)
    qml.CNOT(wires=[1, 0])
    qml.CNOT(wires=[3, 2])
    qml.RY(w[8], wires=1)
    qml.RY(w[9], wires=2)
    qml.RZ(w[10], wires=1)
    qml.RZ(w[11], wires=2)
    qml.CNOT(wires=[2, 1])


def _layer_14(w):
    for q in range(4):
        qml.RY(w[q], wires=q)
    qml.CRX(w[4], wires=[3, 0])
    qml.CRX(w[5], wires=[2, 3])
    qml.CRX(w[6], wires=[1, 2])
    qml.CRX(w[7], wires=[0, 1])
    for q in range(4):
        qml.RY(w[8 + q], wires=q)
    qml.CRX(w[12], wires=[3, 2])
    qml.CRX(w[13], wires=[0, 3])
    qml.CRX(w[14], wires=[1, 0])
    qml.CRX(w[15], wires=[2, 1])


def _layer_19(w):
    _rx_rz(w[:8])
    qml.CRX(w[8], wires=[3, 0])
    qml.CRX(w[9], wires=[2, 3])
    qml.CRX(w[10], wires=[1, 2])
    qml.CRX(w[11], wires=[0, 1])


HAND_WRITTEN: dict[int, Callable] = {
    6: _layer_6,
    10: _layer_10,
    11: _layer_11,
    14: _layer_14,
    19: _layer_19,
}


@pytest.mark.parametrize("k", sorted(HAND_WRITTEN))
def test_state_matches_hand_written_circuit(k):
    w = _weights(k, seed=7)

    @qml.qnode(qml.device("default.qubit", wires=N))
    def reference(w):
        for layer in range(LAYERS):
            HAND_WRITTEN[k](w[layer])
        return qml.state()

    np.testing.assert_allclose(_state_qnode(f"sim_{k}")(w), reference(w), atol=1e-10)


def test_wire_labels_are_respected():
    w = _weights(14)
    labelled = _state_qnode("sim_14", wires=["a", "b", "c", "d"])(w)
    np.testing.assert_allclose(labelled, _state_qnode("sim_14")(w), atol=1e-12)


# --- states ------------------------------------------------------------------------------------


@pytest.mark.parametrize("k", CIRCUITS)
def test_batched_weights_broadcast(k):
    w = _weights(k, batch=5)  # (LAYERS, 5, params)
    circuit = _state_qnode(f"sim_{k}")
    batched = circuit(w)
    assert batched.shape == (5, 2**N)
    for b in range(5):
        np.testing.assert_allclose(batched[b], circuit(w[:, b]), atol=1e-10)


@pytest.mark.parametrize("k", CIRCUITS)
def test_states_are_normalised(k):
    state = _state_qnode(f"sim_{k}")(_weights(k, seed=3))
    assert np.linalg.norm(state) == pytest.approx(1.0, abs=1e-10)


def test_torch_gradients_flow():
    torch = pytest.importorskip("torch")
    w = torch.tensor(_weights(13), requires_grad=True)
    dev = qml.device("default.qubit", wires=N)
    a = ansatze.get("sim_13")

    @qml.qnode(dev, interface="torch")
    def expval(w):
        for layer in range(LAYERS):
            a.apply_layer(w[layer], range(N), layer)
        return qml.expval(qml.PauliZ(0))

    expval(w).backward()
    assert w.grad.shape == w.shape
    assert torch.all(torch.isfinite(w.grad)) and torch.any(w.grad != 0)

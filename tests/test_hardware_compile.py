"""Compilation to a device profile: same unitary up to qubit permutation and global phase."""

import itertools

import numpy as np
import pennylane as qml
import pytest

from qnnlab.circuits import CircuitConfig, circuit_function, init_weights
from qnnlab.hardware import profiles
from qnnlab.hardware.compile import compile_to_profile, compiled_summary, duration, layout


def _tape(config, seed=0):
    x = np.random.default_rng(seed).uniform(0.1, np.pi, config.n_qubits)
    return qml.tape.make_qscript(circuit_function(config))(x, init_weights(config, seed))


def _equal_up_to_permutation_and_phase(u, v, n):
    """True if v = P u e^{i phi} for some qubit permutation P (checked over all of them)."""
    for perm in itertools.permutations(range(n)):
        p = qml.matrix(qml.Permute(list(perm), wires=range(n)), wire_order=range(n))
        overlap = abs(np.trace(u.conj().T @ p @ v)) / 2**n
        if np.isclose(overlap, 1.0, atol=1e-9):
            return True
    return False


CIRCUITS = [
    CircuitConfig("angle", "strongly_entangling", n_qubits=4, n_layers=2),
    CircuitConfig("iqp", "hardware_efficient", n_qubits=3, n_layers=1,
                  ansatz_options={"topology": "all_to_all"}),
]


@pytest.mark.parametrize("profile_name", ["toy_line", "superconducting_grid", "trapped_ion"])
@pytest.mark.parametrize("config", CIRCUITS, ids=lambda c: c.ansatz)
def test_compiled_unitary_equals_original_up_to_permutation_and_phase(config, profile_name):
    profile = profiles.get(profile_name)
    tape = _tape(config)
    [compiled], _ = compile_to_profile(tape, profile=profile, n_qubits=config.n_qubits)
    wires = range(config.n_qubits)
    assert {op.name for op in compiled.operations} <= set(profile.native_gates)
    _, coupling = layout(profile, config.n_qubits)
    assert all(tuple(sorted(op.wires)) in coupling for op in compiled.operations
               if len(op.wires) == 2)
    u = qml.matrix(tape, wire_order=wires)
    v = qml.matrix(compiled, wire_order=wires)
    assert _equal_up_to_permutation_and_phase(u, v, config.n_qubits)


def test_compiled_qnode_returns_the_original_expectations():
    config = CIRCUITS[0]
    x = np.random.default_rng(1).uniform(0.1, np.pi, 4)
    w = init_weights(config, 1)
    dev = qml.device("default.qubit", wires=4)
    ideal = qml.QNode(circuit_function(config), dev)(x, w)
    compiled = compile_to_profile(circuit_function(config), profile=profiles.get("toy_line"))
    np.testing.assert_allclose(qml.QNode(compiled, dev)(x, w), ideal, atol=1e-10)


def test_routing_on_a_line_inserts_swaps_all_to_all_does_not():
    # CNOT(0, 2) on a line 0-1-2 needs one SWAP; ions are all coupled.
    tape = qml.tape.QuantumScript([qml.CNOT([0, 2]), qml.CNOT([1, 2])], [qml.expval(qml.Z(0))])
    line = compiled_summary(tape, profiles.get("toy_line"), n_qubits=3)
    ions = compiled_summary(tape, profiles.get("trapped_ion"), n_qubits=3)
    assert (line["swaps"], line["two_qubit_gates"]) == (1, 3 + 2)
    assert (ions["swaps"], ions["two_qubit_gates"]) == (0, 2)
    assert ions["gate_counts"]["CZ"] == 2  # CNOT = H CZ H in {RX, RY, CZ}


def test_duration_is_the_critical_path():
    p = profiles.get("toy_line")  # SX 50 ns, CNOT 500 ns, RZ virtual, readout 1 us
    tape = qml.tape.QuantumScript([qml.SX(0), qml.RZ(0.3, 1), qml.CNOT([0, 1]), qml.SX(2)])
    assert duration(tape, p) == pytest.approx(50e-9 + 500e-9 + 1e-6)


def test_layout_refuses_a_circuit_larger_than_the_device():
    with pytest.raises(ValueError, match="needs 6 qubits but profile 'toy_line' has 5"):
        layout(profiles.get("toy_line"), 6)


def test_resources_with_a_profile_counts_the_compiled_circuit():
    from qnnlab.resource_count import resources

    config = CircuitConfig("angle", "hardware_efficient", n_qubits=4, n_layers=2,
                           ansatz_options={"topology": "all_to_all"})
    r = resources(config, profile="toy_line")
    ions = resources(config, profile="trapped_ion")["compiled"]
    line = r["compiled"]
    # all-to-all CNOTs: 6 per layer, 12 in all; the ions run them as CZ with no routing
    assert r["two_qubit_gates"] == 12
    assert (ions["swaps"], ions["two_qubit_gates"]) == (0, 12)
    assert line["two_qubit_gates"] == 12 + 3 * line["swaps"] and line["swaps"] > 0
    assert line["depth"] > r["depth"]
    with pytest.raises(ValueError, match="Unknown device profile 'nope'"):
        resources(config, profile="nope")


def test_the_permutation_check_tells_a_wrong_compilation_apart():
    tape = _tape(CIRCUITS[1])
    [compiled], _ = compile_to_profile(tape, profile=profiles.get("toy_line"), n_qubits=3)
    u = qml.matrix(tape, wire_order=range(3))
    broken = compiled.copy(operations=compiled.operations[:-4] + compiled.operations[-3:])
    assert not _equal_up_to_permutation_and_phase(u, qml.matrix(broken, wire_order=range(3)), 3)
    swapped = qml.matrix(qml.SWAP([0, 2]), wire_order=range(3)) @ u  # a pure relabelling
    assert _equal_up_to_permutation_and_phase(u, swapped, 3)


BATCH_CASES = [("toy_line", CIRCUITS[0]), ("trapped_ion", CIRCUITS[0]),
               ("superconducting_grid", CIRCUITS[1])]


@pytest.mark.parametrize(("profile_name", "config"), BATCH_CASES,
                         ids=[f"{p}-{c.encoding}" for p, c in BATCH_CASES])
def test_a_batch_compiles_once_to_each_samples_own_gates(profile_name, config):
    # the reference: PennyLane's single_qubit_fusion, one sample at a time
    x = np.random.default_rng(2).uniform(-1, 1, (5, 2))
    tape = qml.tape.make_qscript(circuit_function(config))(x, init_weights(config, 2))
    profile = profiles.get(profile_name)
    [batch], _ = compile_to_profile(tape, profile=profile, n_qubits=config.n_qubits)
    alone, _ = compile_to_profile(tape, profile=profile, n_qubits=config.n_qubits,
                                  per_sample=True)
    assert batch.batch_size == 5 and len(alone) == 5
    for i, single in enumerate(alone):
        assert [op.name for op in batch.operations] == [op.name for op in single.operations]
        assert [op.wires for op in batch.operations] == [op.wires for op in single.operations]
        for op_b, op_s in zip(batch.operations, single.operations, strict=True):
            for value_b, value_s in zip(op_b.data, op_s.data, strict=True):
                row = value_b[i] if op_b.batch_size else value_b
                assert abs(float(row) - float(value_s)) <= 1e-12


@pytest.mark.parametrize("profile_name", ["toy_line", "trapped_ion"])
def test_noisy_profile_batch_equals_one_sample_at_a_time(profile_name):
    import torch

    from qnnlab.circuits import build_qnode

    qnode = build_qnode("angle", "strongly_entangling", n_qubits=3, n_layers=1,
                        profile=profile_name)
    x = torch.tensor(np.random.default_rng(3).uniform(-1, 1, (4, 2)))
    w = torch.tensor(np.asarray(init_weights(qnode.config, 3)), requires_grad=True)
    batch = torch.stack(list(qnode(x, w)), dim=-1)  # (4, n_outputs)
    (grad_batch,) = torch.autograd.grad(batch.sum(), w)
    rows = [torch.stack(list(qnode(x[i], w))) for i in range(4)]
    (grad_alone,) = torch.autograd.grad(sum(r.sum() for r in rows), w)
    np.testing.assert_allclose(batch.detach().numpy(),
                               torch.stack(rows).detach().numpy(), rtol=0, atol=1e-12)
    np.testing.assert_allclose(grad_batch.numpy(), grad_alone.numpy(), rtol=0, atol=1e-12)
    assert float(grad_batch.abs().max()) > 1e-3  # the gradients compared are not all zero


def test_a_batch_where_some_fused_rotations_vanish_is_compiled_sample_by_sample():
    # RX(x) RX(x) fuses to the identity for x = 0 only: that sample drops the gate
    x = np.array([0.0, 0.5])
    tape = qml.tape.QuantumScript([qml.RX(x, 0), qml.RX(x, 0), qml.CNOT([0, 1]),
                                   qml.RY(np.array([0.2, 0.4]), 1)], [qml.expval(qml.Z(1))])
    tapes, _ = compile_to_profile(tape, profile=profiles.get("toy_line"), n_qubits=2)
    alone, _ = compile_to_profile(tape, profile=profiles.get("toy_line"), n_qubits=2,
                                  per_sample=True)
    assert len(tapes) == 2
    for got, want in zip(tapes, alone, strict=True):
        assert [op.name for op in got.operations] == [op.name for op in want.operations]
    assert len(tapes[0].operations) < len(tapes[1].operations)  # the gate sample 0 dropped


def test_iqp_on_a_profile_runs_one_torch_sample_as_its_row_of_a_batch():
    # a Hadamard's numpy angles fused with torch ones: PennyLane's single_qubit_fusion raises
    # TypeError there; the compiler brings both to one interface (values unchanged)
    import torch

    from qnnlab.circuits import build_qnode

    qnode = build_qnode("iqp", "strongly_entangling", n_qubits=3, n_layers=1,
                        profile="toy_line")
    w = torch.tensor(np.asarray(init_weights(qnode.config, 0)), requires_grad=True)
    x = torch.tensor([[0.3, 0.5], [0.1, 0.2]], dtype=torch.float64)
    batch = torch.stack(list(qnode(x, w)), dim=-1)
    for i in range(2):
        alone = torch.stack(list(qnode(x[i], w)))
        np.testing.assert_allclose(alone.detach().numpy(), batch[i].detach().numpy(),
                                   rtol=0, atol=1e-12)

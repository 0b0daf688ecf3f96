"""The fast noisy simulator (qnnlab.densitymatrix) against default.mixed and closed forms.

References: PennyLane's ``default.mixed`` running the same circuit (values and backprop
gradients), closed forms of the channels' Pauli transfer matrices, and the unfused sequence of
operations for the fusion.

One caveat, found while writing these tests: PennyLane 0.45's ``RZ.compute_eigvals`` returns
complex64 for an unbatched torch float64 angle, and ``default.mixed`` applies diagonal gates by
their eigenvalues, so its results for circuits with a trainable RZ (``hardware_efficient``,
``sim_*``, profiles with RZ as a native gate) are only good to ~1e-7 under torch. For those the
reference runs with numpy inputs (exact on ``default.mixed``) and gradients are compared to 1e-6.
"""

import numpy as np
import pennylane as qml
import pytest
import torch

from qnnlab import noise
from qnnlab.circuits import CircuitConfig, build_qnode, init_weights, uses_fast_noisy_path
from qnnlab.densitymatrix import (
    PauliTransferDevice,
    apply_ptm,
    from_density_matrix,
    fuse,
    operation_ptm,
    pauli_transfer_matrix,
    to_density_matrix,
    zero_state,
)

EXACT = 1e-10


def _features(config, batch=3, seed=0):
    rng = np.random.default_rng(seed)
    return rng.uniform(0.0, 1.0, size=(batch, config.n_features or config.n_qubits))


def _run(qnode, x, weights):
    out = qnode(x, weights)
    if isinstance(out, (list, tuple)):
        out = torch.stack([torch.as_tensor(o) for o in out], dim=-1)
    return out


def _values_and_gradients(config, x):
    """Outputs and d(sum |out|^2)/d(weights, x) on the fast path and on default.mixed."""
    results = []
    for cfg in (config, config.replace(device="default.mixed")):
        qnode = build_qnode(config=cfg)
        weights = torch.tensor(init_weights(cfg, random_state=1), requires_grad=True)
        xt = torch.tensor(x, requires_grad=True)
        out = _run(qnode, xt, weights)
        grads = torch.autograd.grad((out.abs() ** 2).sum(), (weights, xt))
        results.append((out.detach(), *grads))
    return results


def _max_difference(results):
    return [float((a - b).abs().max()) for a, b in zip(*results)]


# --- the choice of simulator ---------------------------------------------------------------


def test_fast_path_is_chosen_only_where_it_gives_default_mixed_numbers():
    noisy = CircuitConfig(n_qubits=2, noise="depolarizing", noise_strength=0.1)
    assert uses_fast_noisy_path(noisy)
    assert uses_fast_noisy_path(CircuitConfig(n_qubits=2, profile="toy_line"))
    assert build_qnode(config=noisy).device.name == "qnnlab.pauli_transfer"
    for other in (noisy.replace(shots=100), noisy.replace(diff_method="parameter-shift"),
                  noisy.replace(device="default.mixed"), CircuitConfig(n_qubits=2)):
        assert not uses_fast_noisy_path(other)
    assert build_qnode(config=noisy.replace(shots=100)).device.name == "default.mixed"


# --- against default.mixed -----------------------------------------------------------------


@pytest.mark.parametrize("channel", noise.available())
@pytest.mark.parametrize("placement", noise.PLACEMENTS)
def test_every_noise_channel_matches_default_mixed(channel, placement):
    config = CircuitConfig("angle", "strongly_entangling", n_qubits=3, n_layers=2,
                           noise=channel, noise_strength=0.07, noise_placement=placement)
    diffs = _values_and_gradients(config, _features(config))
    assert max(_max_difference(diffs)) < EXACT


@pytest.mark.parametrize("encoding, ansatz, measurement", [
    ("reuploading", "basic_entangler", "expval"),   # trainable input scaling
    ("dense_angle", "simplified_two_design", "probs"),
    ("iqp", "strongly_entangling", "expval"),        # two-qubit MultiRZ in the encoding
    ("amplitude", "basic_entangler", "probs"),       # a state preparation first
])
def test_encodings_ansatze_and_measurements_match_default_mixed(encoding, ansatz, measurement):
    config = CircuitConfig(encoding, ansatz, n_qubits=3, n_layers=2, noise="amplitude_damping",
                           noise_strength=0.05, measurement=measurement)
    assert max(_max_difference(_values_and_gradients(config, _features(config)))) < EXACT


def test_density_matrix_output_matches_default_mixed():
    config = CircuitConfig("angle", "basic_entangler", n_qubits=2, n_layers=1,
                           noise="phase_damping", noise_strength=0.2, measurement="state")
    x, weights = _features(config), init_weights(config, random_state=0)
    fast = build_qnode(config=config)(x, weights)
    ref = build_qnode(config=config.replace(device="default.mixed"))(x, weights)
    assert isinstance(fast, np.ndarray) and fast.shape == (3, 4, 4)  # numpy in, numpy out
    np.testing.assert_allclose(fast, ref, atol=EXACT)


def test_zero_noise_extrapolation_matches_default_mixed():
    config = CircuitConfig("angle", "strongly_entangling", n_qubits=3, n_layers=1,
                           noise="depolarizing", noise_strength=0.05, zne=True)
    assert max(_max_difference(_values_and_gradients(config, _features(config)))) < EXACT


@pytest.mark.parametrize("name", ["trapped_ion", "superconducting_grid"])
def test_profile_noise_on_the_compiled_circuit_matches_default_mixed(name):
    config = CircuitConfig("angle", "strongly_entangling", n_qubits=3, n_layers=1, profile=name)
    assert max(_max_difference(_values_and_gradients(config, _features(config, batch=2)))) \
        < EXACT


@pytest.mark.parametrize("config", [
    CircuitConfig("angle", "hardware_efficient", n_qubits=3, n_layers=2, noise="bit_flip",
                  noise_strength=0.05),
    CircuitConfig("angle", "strongly_entangling", n_qubits=3, n_layers=1, profile="toy_line"),
], ids=["hardware_efficient", "toy_line"])
def test_circuits_with_rz_match_default_mixed_run_exactly_on_numpy(config):
    # default.mixed is exact for numpy angles (see the module docstring for torch).
    x, weights = _features(config, batch=2), init_weights(config, random_state=1)
    fast = np.stack(build_qnode(config=config)(x, weights), axis=-1)
    ref = np.stack(build_qnode(config=config.replace(device="default.mixed"))(x, weights), -1)
    np.testing.assert_allclose(fast, ref, atol=EXACT)
    assert max(_max_difference(_values_and_gradients(config, x))) < 1e-6


# --- Pauli transfer matrices against closed forms ------------------------------------------


def test_ptm_of_amplitude_damping_is_its_closed_form():
    gamma = 0.3
    expected = np.array([[1, 0, 0, 0], [0, np.sqrt(1 - gamma), 0, 0],
                         [0, 0, np.sqrt(1 - gamma), 0], [gamma, 0, 0, 1 - gamma]])
    ptm = pauli_transfer_matrix(qml.AmplitudeDamping(gamma, wires=0).kraus_matrices())
    np.testing.assert_allclose(ptm.numpy(), expected, atol=1e-13)


def test_ptm_of_a_rotation_rotates_the_bloch_vector():
    theta = 0.7  # RY(theta): Z -> cos Z + sin X, X -> cos X - sin Z
    c, s = np.cos(theta), np.sin(theta)
    expected = np.array([[1, 0, 0, 0], [0, c, 0, s], [0, 0, 1, 0], [0, -s, 0, c]])
    np.testing.assert_allclose(operation_ptm(qml.RY(theta, 0)).numpy(), expected, atol=1e-15)


def test_thermal_relaxation_matches_its_closed_form():
    t1, t2, t = 20e-6, 30e-6, 7e-6
    state = apply_ptm(zero_state(1), operation_ptm(qml.X(0)), [0])
    state = apply_ptm(state, operation_ptm(qml.ThermalRelaxationError(0.0, t1, t2, t, 0)), [0])
    assert float(state[0, 3]) == pytest.approx(1 - 2 * np.exp(-t / t1), abs=1e-14)


def test_density_matrix_round_trip():
    rng = np.random.default_rng(3)
    a = rng.normal(size=(2, 8, 8)) + 1j * rng.normal(size=(2, 8, 8))
    rho = a @ a.conj().transpose(0, 2, 1)
    rho = rho / np.trace(rho, axis1=1, axis2=2)[:, None, None]
    back = to_density_matrix(from_density_matrix(torch.tensor(rho), 3)).numpy()
    np.testing.assert_allclose(back, rho, atol=1e-14)


def test_fusion_acts_exactly_as_the_operations_in_order():
    rng = np.random.default_rng(5)
    n, ops = 4, []
    for _ in range(40):
        if rng.random() < 0.5:
            op = qml.RY(rng.uniform(0, 6), int(rng.integers(n)))
        elif rng.random() < 0.5:
            op = qml.DepolarizingChannel(0.1, int(rng.integers(n)))
        else:
            a, b = (int(w) for w in rng.choice(n, 2, replace=False))
            op = qml.CRX(rng.uniform(0, 6), [a, b])
        ops.append((operation_ptm(op), tuple(op.wires)))
    one_by_one = zero_state(n)
    for ptm, wires in ops:
        one_by_one = apply_ptm(one_by_one, ptm, wires)
    fused_ops = fuse(ops)
    fused = zero_state(n)
    for ptm, wires in fused_ops:
        fused = apply_ptm(fused, ptm, wires)
    assert len(fused_ops) < len(ops) / 2
    torch.testing.assert_close(fused, one_by_one, atol=1e-13, rtol=0)


# --- bad input -------------------------------------------------------------------------------


def test_device_refuses_shots_and_unsupported_measurements():
    with pytest.raises(qml.exceptions.DeviceError, match="exact values only; got shots=10"):
        PauliTransferDevice(wires=1, shots=10)

    @qml.qnode(PauliTransferDevice(wires=1))
    def sampled():
        return qml.sample(wires=0)

    with pytest.raises(qml.exceptions.DeviceError, match="not accepted for analytic"):
        sampled()

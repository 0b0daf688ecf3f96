"""build_qnode: configuration checks, weight layout, broadcasting, shots and ZNE."""

from __future__ import annotations

import json

import numpy as np
import pennylane as qml
import pytest
import torch

from qnnlab.circuits import (
    CircuitConfig,
    build_qnode,
    circuit_function,
    init_weights,
    make_device,
    resolve_diff_method,
    split_weights,
    weight_layout,
)

ATOL = 1e-10
RNG = np.random.default_rng(0)
X4 = RNG.uniform(0, np.pi, (4, 3))


def as_array(out) -> np.ndarray:
    """QNode output (list of per-qubit arrays or one array) as an array (qubits[, batch])."""
    if isinstance(out, (list, tuple)):
        return np.stack([qml.math.to_numpy(o) for o in out])
    return qml.math.to_numpy(out)


class TestConfig:
    def test_defaults(self):
        cfg = CircuitConfig()
        assert (cfg.encoding, cfg.ansatz, cfg.n_qubits, cfg.n_layers) == (
            "angle", "strongly_entangling", 4, 2)
        assert cfg.n_params == 24 and cfg.n_outputs == 4 and not cfg.noisy

    def test_outputs_per_measurement(self):
        assert CircuitConfig(n_qubits=3, measurement="probs").n_outputs == 8
        assert CircuitConfig(n_qubits=3, measurement="expval").n_outputs == 3

    def test_replace_validates_again(self):
        cfg = CircuitConfig(n_qubits=2)
        assert cfg.replace(n_layers=3).n_params == 18
        with pytest.raises(ValueError, match="noise_strength"):
            cfg.replace(noise_strength=2.0)

    def test_to_dict_is_json_friendly(self):
        cfg = CircuitConfig(ansatz_options={"entangler": "CZ"}, device=qml.device(
            "default.qubit", wires=4))
        data = json.loads(json.dumps(cfg.to_dict()))
        assert data["ansatz_options"] == {"entangler": "CZ"}
        assert data["device"] == "default.qubit"

    def test_dense_angle_at_full_capacity(self):
        qnode = build_qnode("dense_angle", "basic_entangler", n_qubits=2, n_layers=1,
                            n_features=4)
        assert qnode.config.n_features == 4
        np.testing.assert_allclose(as_array(qnode(np.zeros(4), np.zeros(2))), [1.0, 1.0],
                                   atol=ATOL)

    def test_frozen(self):
        with pytest.raises(AttributeError):
            CircuitConfig().n_qubits = 3  # type: ignore[misc]

    def test_resolve_diff_method(self):
        assert resolve_diff_method(CircuitConfig()) == "backprop"
        assert resolve_diff_method(CircuitConfig(noise="bit_flip")) == "backprop"
        assert resolve_diff_method(CircuitConfig(shots=10)) == "parameter-shift"
        assert resolve_diff_method(CircuitConfig(device="lightning.qubit")) == "best"
        assert resolve_diff_method(CircuitConfig(diff_method="adjoint")) == "adjoint"

    def test_noisy_device_is_mixed(self):
        # exact values: the fast density-matrix simulator (same numbers, tests/test_noisy_fast.py)
        assert make_device(CircuitConfig(noise="bit_flip")).name == "qnnlab.pauli_transfer"
        assert make_device(CircuitConfig(noise="bit_flip", shots=10)).name == "default.mixed"
        assert make_device(CircuitConfig()).name == "default.qubit"


class TestInputs:
    @pytest.mark.parametrize(("field", "value", "pattern"), [
        ("encoding", "angel", r"Unknown encoding 'angel'.*'angle'.*'dense_angle'"),
        ("ansatz", "sel", r"Unknown ansatz 'sel'.*'strongly_entangling'"),
        ("noise", "dephasing", r"Unknown noise model 'dephasing'.*'phase_damping'"),
        ("measurement", "sample", r"Unknown measurement 'sample'.*'expval', 'probs', 'state'"),
        ("noise_placement", "wire", r"Unknown noise placement 'wire'.*'gate', 'layer'"),
        ("diff_method", "magic", r"Unknown diff_method 'magic'.*'backprop'"),
    ])
    def test_unknown_names_list_valid_ones(self, field, value, pattern):
        with pytest.raises(ValueError, match=pattern):
            CircuitConfig(**{field: value})

    @pytest.mark.parametrize("p", [-0.01, 1.01, float("inf")])
    def test_noise_strength_outside_unit_interval(self, p):
        with pytest.raises(ValueError, match=rf"noise_strength must be in \[0.0, 1.0\]; got {p}"):
            build_qnode(noise="depolarizing", noise_strength=p)

    @pytest.mark.parametrize("shots", [0, -5, 2.5, True])
    def test_bad_shots(self, shots):
        with pytest.raises(ValueError, match=rf"shots must be an integer >= 1; got {shots}"):
            build_qnode(shots=shots)

    @pytest.mark.parametrize(("field", "value"), [("n_qubits", 0), ("n_layers", -1),
                                                  ("n_qubits", 2.0)])
    def test_bad_sizes(self, field, value):
        with pytest.raises(ValueError, match=rf"{field} must be an integer"):
            CircuitConfig(**{field: value})

    def test_too_many_qubits_reports_the_estimate(self):
        with pytest.raises(ValueError, match=r"40 qubits need about 960\.0 TiB.*state vectors"):
            build_qnode(n_qubits=40)

    def test_too_many_noisy_qubits(self):
        with pytest.raises(ValueError, match=r"20 qubits need about .*density matrices.*no noise"):
            build_qnode(n_qubits=20, noise="depolarizing", noise_strength=0.01)

    def test_zne_without_noise(self):
        with pytest.raises(ValueError, match=r"zne=True needs a noise model.*'depolarizing'"):
            build_qnode(zne=True)

    def test_zne_needs_expval(self):
        with pytest.raises(ValueError, match=r"zne=True needs measurement='expval'; got 'probs'"):
            build_qnode(noise="bit_flip", noise_strength=0.1, zne=True, measurement="probs")

    def test_amplitude_with_too_many_features(self):
        with pytest.raises(ValueError, match=r"'amplitude' encoding on 2 qubits.*at most 4.*got 5"):
            build_qnode("amplitude", n_qubits=2, n_features=5)

    def test_tree_tensor_network_on_three_qubits(self):
        with pytest.raises(ValueError, match=r"power-of-two.*got 3 qubits"):
            build_qnode("angle", "tree_tensor_network", n_qubits=3)

    def test_wrong_weight_length(self):
        qnode = build_qnode(n_qubits=2, n_layers=1)
        with pytest.raises(ValueError, match=r"length 6.*got shape \(5,\)"):
            qnode(np.zeros(2), np.zeros(5))

    def test_config_and_options_together(self):
        with pytest.raises(TypeError, match="no other options"):
            build_qnode(config=CircuitConfig(), zne=True)


class TestWeights:
    def test_layout_and_split(self):
        cfg = CircuitConfig("reuploading", "simplified_two_design", n_qubits=3, n_layers=2)
        assert weight_layout(cfg) == [("initial", (3,)), ("layers", (2, 2, 2)),
                                      ("input_scaling", (2, 3))]
        w = np.arange(cfg.n_params, dtype=float)
        blocks = split_weights(w, cfg)
        np.testing.assert_array_equal(blocks["initial"], [0, 1, 2])
        np.testing.assert_array_equal(blocks["layers"].ravel(), np.arange(3, 11))
        np.testing.assert_array_equal(blocks["input_scaling"], np.arange(11, 17).reshape(2, 3))

    def test_split_keeps_batch_axes(self):
        cfg = CircuitConfig(n_qubits=2, n_layers=1)
        assert split_weights(np.zeros((5, 6)), cfg)["layers"].shape == (5, 1, 2, 3)

    def test_init_weights_deterministic_and_in_range(self):
        cfg = CircuitConfig("reuploading", "basic_entangler", n_qubits=3, n_layers=2)
        a, b = init_weights(cfg, 7), init_weights(cfg, 7)
        np.testing.assert_array_equal(a, b)
        assert not np.allclose(init_weights(cfg, 8)[:6], a[:6])
        assert np.all((a[:6] >= 0) & (a[:6] < 2 * np.pi))
        np.testing.assert_array_equal(a[6:], np.ones(6))  # input scaling starts at one

    def test_no_parameters(self):
        cfg = CircuitConfig("angle", "basic_entangler", n_qubits=2, n_layers=0)
        assert cfg.n_params == 0 and init_weights(cfg).shape == (0,)


class TestBroadcasting:
    @pytest.mark.parametrize("noise", [None, "depolarizing"])
    @pytest.mark.parametrize("encoding", ["angle", "iqp", "reuploading"])
    def test_batch_of_inputs_equals_single_runs(self, noise, encoding):
        qnode = build_qnode(encoding, "strongly_entangling", n_qubits=3, n_layers=2, noise=noise,
                            noise_strength=0.05)
        w = init_weights(qnode.config, 1)
        batch = as_array(qnode(X4, w))
        assert batch.shape == (3, 4)
        single = np.stack([as_array(qnode(x, w)) for x in X4], axis=1)
        np.testing.assert_allclose(batch, single, atol=ATOL)

    @pytest.mark.parametrize("noise", [None, "amplitude_damping"])
    def test_batch_of_weights_equals_single_runs(self, noise):
        qnode = build_qnode("angle", "hardware_efficient", n_qubits=3, n_layers=2, noise=noise,
                            noise_strength=0.05)
        W = np.stack([init_weights(qnode.config, s) for s in range(5)])
        x = X4[0]
        batch = as_array(qnode(x, W))
        assert batch.shape == (3, 5)
        single = np.stack([as_array(qnode(x, w)) for w in W], axis=1)
        np.testing.assert_allclose(batch, single, atol=ATOL)

    def test_paired_batches_of_inputs_and_weights(self):
        qnode = build_qnode("reuploading", "basic_entangler", n_qubits=3, n_layers=2)
        W = np.stack([init_weights(qnode.config, s) + s for s in range(4)])
        batch = as_array(qnode(X4, W))
        single = np.stack([as_array(qnode(x, w)) for x, w in zip(X4, W)], axis=1)
        np.testing.assert_allclose(batch, single, atol=ATOL)

    def test_probs_are_the_squared_state(self):
        kw = dict(encoding="iqp", ansatz="strongly_entangling", n_qubits=3, n_layers=1)
        w = init_weights(CircuitConfig(**kw), 0)
        probs = as_array(build_qnode(**kw, measurement="probs")(X4, w))
        state = as_array(build_qnode(**kw, measurement="state")(X4, w))
        np.testing.assert_allclose(probs, np.abs(state) ** 2, atol=ATOL)
        np.testing.assert_allclose(probs.sum(axis=1), 1.0, atol=ATOL)

    def test_torch_gradients_flow_through_a_batch(self):
        qnode = build_qnode(n_qubits=2, n_layers=1)
        w = torch.tensor(init_weights(qnode.config, 0), requires_grad=True)
        x = torch.tensor(X4[:, :2])
        out = torch.stack(qnode(x, w))
        assert out.shape == (2, 4)
        out.sum().backward()
        # Compare one component with a central finite difference.
        eps, k = 1e-6, 3
        w0 = init_weights(qnode.config, 0)
        shift = np.zeros_like(w0)
        shift[k] = eps
        f = lambda v: as_array(qnode(X4[:, :2], v)).sum()  # noqa: E731
        assert float(w.grad[k]) == pytest.approx((f(w0 + shift) - f(w0 - shift)) / (2 * eps),
                                                 abs=1e-6)

    def test_circuit_function_on_another_device(self):
        cfg = CircuitConfig("angle", "basic_entangler", n_qubits=2, n_layers=1)
        qnode = qml.QNode(circuit_function(cfg), qml.device("lightning.qubit", wires=2))
        w = init_weights(cfg, 0)
        np.testing.assert_allclose(as_array(qnode(X4[0, :2], w)),
                                   as_array(build_qnode(config=cfg)(X4[0, :2], w)), atol=1e-8)


class TestShotsAndMitigation:
    def test_shots_within_four_sigma(self):
        kw = dict(encoding="angle", ansatz="strongly_entangling", n_qubits=3, n_layers=1)
        w = init_weights(CircuitConfig(**kw), 0)
        shots = 2000
        exact = as_array(build_qnode(**kw)(X4, w))
        device = qml.device("default.qubit", wires=3, seed=1234)  # seeded: no flaky failures
        sampled = as_array(build_qnode(**kw, shots=shots, device=device)(X4, w))
        sigma = np.sqrt((1 - exact**2) / shots)
        assert np.all(np.abs(sampled - exact) <= 4 * sigma + 1e-12)
        assert not np.allclose(sampled, exact, atol=1e-6)  # really sampled

    def test_shots_values_are_multiples_of_the_resolution(self):
        qnode = build_qnode("angle", "basic_entangler", n_qubits=1, n_layers=1, shots=50)
        out = as_array(qnode(np.array([1.0]), np.array([0.3])))
        np.testing.assert_allclose(out * 25, np.round(out * 25), atol=1e-9)

    def test_zne_is_closer_to_the_noise_free_value(self):
        kw = dict(encoding="angle", ansatz="strongly_entangling", n_qubits=2, n_layers=2)
        w = init_weights(CircuitConfig(**kw), 3)
        x = np.array([0.4, 1.2])
        ideal = as_array(build_qnode(**kw)(x, w))
        noisy = as_array(build_qnode(**kw, noise="depolarizing", noise_strength=0.01)(x, w))
        mitigated = as_array(build_qnode(**kw, noise="depolarizing", noise_strength=0.01,
                                         zne=True)(x, w))
        assert np.all(np.abs(ideal) > 0.05)
        error_noisy = np.abs(noisy - ideal)
        error_mitigated = np.abs(mitigated - ideal)
        assert np.all(error_mitigated < 0.2 * error_noisy)

    def test_zne_on_a_batch(self):
        qnode = build_qnode("angle", "basic_entangler", n_qubits=2, n_layers=1,
                            noise="bit_flip", noise_strength=0.02, zne=True)
        w = init_weights(qnode.config, 0)
        batch = as_array(qnode(X4[:, :2], w))
        single = np.stack([as_array(qnode(x, w)) for x in X4[:, :2]], axis=1)
        np.testing.assert_allclose(batch, single, atol=1e-9)

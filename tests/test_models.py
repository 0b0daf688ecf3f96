"""Torch modules: QuantumLayer equals its QNode, the classical counterpart matches its size."""

from __future__ import annotations

import pickle

import numpy as np
import pytest
import torch

from qnnlab.circuits import CircuitConfig, build_qnode
from qnnlab.models import (
    DTYPE,
    ClassicalCounterpart,
    HybridNet,
    QuantumLayer,
    matched_hidden_units,
    seeded,
)

CFG = CircuitConfig("angle", "strongly_entangling", n_qubits=3, n_layers=2)
X = torch.tensor(np.random.default_rng(0).uniform(0, np.pi, (5, 3)), dtype=DTYPE)


def n_trainable(module: torch.nn.Module) -> int:
    return sum(p.numel() for p in module.parameters() if p.requires_grad)


class TestQuantumLayer:
    def test_forward_equals_the_qnode(self):
        layer = QuantumLayer(CFG, random_state=0)
        qnode = build_qnode(config=CFG)
        w = layer.weights.detach().numpy()
        expected = np.stack([np.asarray(qnode(x, w)) for x in X.numpy()])
        np.testing.assert_allclose(layer(X).detach().numpy(), expected, atol=1e-10)

    def test_probs_layer(self):
        layer = QuantumLayer(CFG.replace(measurement="probs"), random_state=0)
        out = layer(X)
        assert out.shape == (5, 8)
        np.testing.assert_allclose(out.detach().sum(dim=1).numpy(), 1.0, atol=1e-10)

    def test_state_measurement_refused(self):
        with pytest.raises(ValueError, match="'expval' or 'probs'; got 'state'"):
            QuantumLayer(CFG.replace(measurement="state"))

    def test_gradients_reach_the_weights(self):
        layer = QuantumLayer(CFG, random_state=0)
        layer(X).sum().backward()
        assert layer.weights.grad is not None and layer.weights.grad.abs().sum() > 0

    def test_same_seed_same_weights(self):
        a, b, c = QuantumLayer(CFG, 3), QuantumLayer(CFG, 3), QuantumLayer(CFG, 4)
        assert torch.equal(a.weights, b.weights)
        assert not torch.equal(a.weights, c.weights)

    def test_reconfigure_keeps_weights_and_changes_outputs(self):
        layer = QuantumLayer(CFG, random_state=0)
        before_w, before = layer.weights.detach().clone(), layer(X).detach()
        layer.reconfigure(noise="depolarizing", noise_strength=0.1)
        assert torch.equal(layer.weights.detach(), before_w)
        assert layer.config.noise == "depolarizing"
        after = layer(X).detach()
        assert after.abs().sum() < before.abs().sum()  # depolarizing shrinks every <Z>
        layer.reconfigure(noise=None, noise_strength=0.0)
        torch.testing.assert_close(layer(X).detach(), before)

    def test_reconfigure_cannot_change_the_parameter_count(self):
        layer = QuantumLayer(CFG, random_state=0)
        with pytest.raises(ValueError, match="parameter count"):
            layer.reconfigure(n_layers=3)

    def test_pickle_rebuilds_the_qnode(self):
        layer = QuantumLayer(CFG.replace(noise="bit_flip", noise_strength=0.05), random_state=0)
        state = layer.__getstate__()
        assert "qnode" not in state
        clone = pickle.loads(pickle.dumps(layer))
        assert clone.qnode is not layer.qnode
        torch.testing.assert_close(clone(X), layer(X))


class TestClassicalCounterpart:
    @pytest.mark.parametrize(("n_in", "n_out", "n_params"),
                             [(2, 4, 24), (4, 4, 24), (3, 3, 5), (8, 2, 100), (1, 1, 0)])
    def test_hidden_units_are_the_widest_that_fit(self, n_in, n_out, n_params):
        def size(h):
            return h * (n_in + 1) + n_out * (h + 1)

        fitting = [h for h in range(1, 200) if size(h) <= n_params]
        assert matched_hidden_units(n_in, n_out, n_params) == max(fitting, default=1)

    def test_parameter_count_is_exact_wherever_two_hidden_units_fit(self):
        for n_in in range(1, 7):
            for n_out in range(1, 7):
                if n_in == n_out == 1:
                    continue  # partial units need at least 3 = n_in + 1 + n_out parameters
                full = n_in + 1 + n_out
                for n_params in range(3 * full + n_out, 120):
                    layer = ClassicalCounterpart(n_in, n_out, n_params)
                    counted = sum(p.numel() for p in layer.parameters() if p.requires_grad)
                    assert counted == layer.n_params == n_params, (n_in, n_out, n_params)

    def test_partial_units_are_wired_to_some_inputs_and_outputs(self):
        layer = ClassicalCounterpart(2, 4, 24).to(DTYPE)  # 2 full units (18) + one of 6
        assert layer.hidden == 2 and layer.partial_sizes == [6]
        x = torch.randn(7, 2, dtype=DTYPE, requires_grad=True)
        layer(x).sum().backward()
        assert all(p.grad is not None and p.grad.abs().sum() > 0 for p in layer.parameters())
        # The partial unit sees both inputs and feeds the first 3 outputs: 2 + 1 + 3 = 6.
        assert [len(p) for p in layer.partial_in] == [2]
        assert [len(p) for p in layer.partial_out] == [3]

    @pytest.mark.parametrize(("encoding", "ansatz", "n_qubits", "n_layers"), [
        ("angle", "strongly_entangling", 4, 2),
        ("dense_angle", "basic_entangler", 3, 1),
        ("reuploading", "hardware_efficient", 2, 3),
        ("amplitude", "simplified_two_design", 3, 2),
        ("angle", "tree_tensor_network", 8, 1),
    ])
    def test_hybrid_net_counterpart_has_the_same_parameter_count(self, encoding, ansatz, n_qubits,
                                                           n_layers):
        cfg = CircuitConfig(encoding, ansatz, n_qubits, n_layers)
        quantum = HybridNet(5, 2, cfg, pre_layers=(), quantum=True)
        classical = HybridNet(5, 2, cfg, pre_layers=(), quantum=False)
        assert isinstance(classical.quantum_layer, ClassicalCounterpart)
        q_params = quantum.n_parameters()["quantum"]
        c_params = classical.n_parameters()["classical_counterpart"]
        n_in, n_out = quantum.config.n_features, cfg.n_outputs
        assert q_params == cfg.n_params
        full_unit = n_in + 1 + n_out
        if q_params >= 3 * full_unit + n_out:
            assert c_params == q_params
        else:  # too few parameters for partial units: the nearest size the layout allows
            assert abs(c_params - q_params) <= full_unit
        # Everything else is identical, so the comparison is fair.
        assert quantum.n_parameters()["pre"] == classical.n_parameters()["pre"]
        assert quantum.n_parameters()["head"] == classical.n_parameters()["head"]

    def test_outputs_in_expectation_value_range(self):
        layer = ClassicalCounterpart(3, 4, 30).to(DTYPE)
        out = layer(torch.randn(10, 3, dtype=DTYPE) * 100)
        assert out.shape == (10, 4) and out.abs().max() <= 1


class TestHybridNet:
    def test_shapes_and_ranges(self):
        net = HybridNet(3, 2, CFG)
        assert net(X).shape == (5, 2)
        q = net.quantum_features(X)
        assert q.shape == (5, 3) and q.abs().max() <= 1 + 1e-12

    def test_pre_network_squashes_into_angles(self):
        net = HybridNet(7, 3, CFG, pre_layers=(5,))
        features = net.features(torch.randn(20, 7, dtype=DTYPE) * 50)
        assert features.shape == (20, 3)
        assert features.min() >= 0 and features.max() <= np.pi

    def test_pre_network_fills_the_encoding(self):
        cfg = CircuitConfig("dense_angle", "basic_entangler", n_qubits=2, n_layers=1)
        net = HybridNet(9, 2, cfg, pre_layers=())
        assert net.config.n_features == 4  # dense angle takes 2 per qubit
        assert net(torch.rand(3, 9, dtype=DTYPE)).shape == (3, 2)

    def test_too_many_features_without_pre_network(self):
        with pytest.raises(ValueError, match=r"'angle' encoding on 3 qubits.*at most 3.*got 5"):
            HybridNet(5, 2, CFG)

    def test_same_seed_same_network_and_global_rng_untouched(self):
        torch.manual_seed(123)
        expected_next = torch.rand(1)
        torch.manual_seed(123)
        a = HybridNet(3, 2, CFG, pre_layers=(4,), random_state=5)
        assert torch.equal(torch.rand(1), expected_next)  # the caller's RNG is unchanged
        b = HybridNet(3, 2, CFG, pre_layers=(4,), random_state=5)
        c = HybridNet(3, 2, CFG, pre_layers=(4,), random_state=6)
        for pa, pb in zip(a.parameters(), b.parameters()):
            assert torch.equal(pa, pb)
        assert not all(torch.equal(pa, pc) for pa, pc in zip(a.parameters(), c.parameters()))

    def test_seeded_restores_rng(self):
        torch.manual_seed(1)
        expected = torch.rand(2)
        torch.manual_seed(1)
        with seeded(99):
            torch.rand(10)
        assert torch.equal(torch.rand(2), expected)

    def test_parameter_counts(self):
        net = HybridNet(3, 2, CFG, pre_layers=(4,))
        counts = net.n_parameters()
        assert counts == {"pre": 3 * 4 + 4 + 4 * 3 + 3, "quantum": 18, "head": 3 * 2 + 2}
        assert sum(counts.values()) == n_trainable(net)

    def test_dtype_is_float64(self):
        assert all(p.dtype == torch.float64 for p in HybridNet(3, 2, CFG).parameters())

"""Encodings produce the states computed by hand (numpy) or by PennyLane's own templates."""

from __future__ import annotations

import math
from functools import reduce

import numpy as np
import pennylane as qml
import pytest

from qnnlab import encodings
from qnnlab.circuits import build_qnode, init_weights
from qnnlab.encodings import tile_features

ATOL = 1e-10


def encoded_state(encoding: str, n_qubits: int, x: np.ndarray, **options) -> np.ndarray:
    """The state after the encoding alone (no ansatz layers)."""
    qnode = build_qnode(
        encoding, "basic_entangler", n_qubits=n_qubits, n_layers=0, measurement="state",
        encoding_options=options,
    )
    weights = np.ones(qnode.config.n_params)  # only input scaling (ones) can be present
    return np.asarray(qnode(x, weights))


def product(*qubits: np.ndarray) -> np.ndarray:
    """Kronecker product of single-qubit states, wire 0 first (most significant)."""
    return reduce(np.kron, qubits)


def rx0(t: float) -> np.ndarray:
    return np.array([math.cos(t / 2), -1j * math.sin(t / 2)])


def ry0(t: float) -> np.ndarray:
    return np.array([math.cos(t / 2), math.sin(t / 2)])


def rz(t: float, qubit: np.ndarray) -> np.ndarray:
    return np.array([np.exp(-1j * t / 2), np.exp(1j * t / 2)]) * qubit


def rz0(t: float) -> np.ndarray:
    return rz(t, np.array([1.0, 0.0]))


def overlap(a: np.ndarray, b: np.ndarray) -> float:
    """|<a|b>|, 1 when the states are equal up to a global phase."""
    return float(abs(np.vdot(a, b)))


class TestRegistry:
    def test_available_names(self):
        assert encodings.available() == [
            "angle", "dense_angle", "amplitude", "basis", "iqp", "reuploading",
        ]

    def test_describe_has_a_row_per_encoding(self):
        rows = encodings.describe()
        assert [r["name"] for r in rows] == encodings.available()
        assert all(r["description"] for r in rows)

    def test_unknown_name_lists_valid_ones(self):
        with pytest.raises(ValueError, match=r"'angel'.*'angle'.*'iqp'.*Did you mean 'angle'"):
            encodings.get("angel")

    @pytest.mark.parametrize(
        ("name", "d", "qubits"),
        [("angle", 3, 3), ("dense_angle", 5, 3), ("amplitude", 5, 3), ("amplitude", 8, 3),
         ("amplitude", 1, 1), ("basis", 4, 4), ("iqp", 2, 2), ("reuploading", 6, 6)],
    )
    def test_qubits_for(self, name, d, qubits):
        enc = encodings.get(name)
        assert enc.qubits_for(d) == qubits
        assert enc.capacity(qubits) >= d

    def test_unknown_option_lists_valid_ones(self):
        with pytest.raises(ValueError, match=r"'axis'.*'rotation'"):
            encodings.get("angle").options({"axis": "X"})

    def test_bad_rotation_lists_axes(self):
        with pytest.raises(ValueError, match=r"'W'.*'X', 'Y', 'Z'"):
            encodings.get("angle").options({"rotation": "W"})

    def test_n_repeats_must_be_positive(self):
        with pytest.raises(ValueError, match="n_repeats"):
            encodings.get("iqp").options({"n_repeats": 0})

    def test_tile_features_cycles(self):
        x = np.array([[1.0, 2.0, 3.0]])
        np.testing.assert_array_equal(tile_features(x, 5), [[1, 2, 3, 1, 2]])
        np.testing.assert_array_equal(tile_features(x, 3), x)


class TestStates:
    def test_amplitude_is_normalised_and_padded(self):
        x = np.array([0.3, 1.2, 2.5])
        expected = np.append(x / np.linalg.norm(x), 0.0)
        np.testing.assert_allclose(encoded_state("amplitude", 2, x), expected, atol=ATOL)

    def test_amplitude_pads_to_every_qubit(self):
        x = np.array([1.0, 2.0])
        expected = np.zeros(8)
        expected[:2] = x / np.linalg.norm(x)
        np.testing.assert_allclose(encoded_state("amplitude", 3, x), expected, atol=ATOL)

    @pytest.mark.parametrize(("axis", "single"), [("X", rx0), ("Y", ry0), ("Z", rz0)])
    def test_angle_is_the_product_state(self, axis, single):
        x = np.array([0.4, 1.1, 2.9])
        expected = product(*(single(t) for t in x))
        np.testing.assert_allclose(encoded_state("angle", 3, x, rotation=axis), expected,
                                   atol=ATOL)

    def test_angle_tiles_features_over_qubits(self):
        x = np.array([0.4, 1.1])
        expected = product(ry0(0.4), ry0(1.1), ry0(0.4), ry0(1.1))
        np.testing.assert_allclose(encoded_state("angle", 4, x), expected, atol=ATOL)

    def test_dense_angle_is_ry_then_rz_per_qubit(self):
        x = np.array([0.4, 1.1, 2.9, 0.7])
        expected = product(rz(1.1, ry0(0.4)), rz(0.7, ry0(2.9)))
        np.testing.assert_allclose(encoded_state("dense_angle", 2, x), expected, atol=ATOL)

    def test_dense_angle_tiles_odd_feature_counts(self):
        x = np.array([0.4, 1.1, 2.9])  # slots: 0.4, 1.1 | 2.9, 0.4
        expected = product(rz(1.1, ry0(0.4)), rz(0.4, ry0(2.9)))
        np.testing.assert_allclose(encoded_state("dense_angle", 2, x), expected, atol=ATOL)

    @pytest.mark.parametrize(
        ("x", "threshold", "bits"),
        [([0.1, 2.0, 3.0], math.pi / 2, "011"), ([2.0, 2.0, 0.0], math.pi / 2, "110"),
         ([0.1, 2.0, 3.0], 2.5, "001"), ([0.0, 0.0, 0.0], math.pi / 2, "000")],
    )
    def test_basis_is_the_binarised_basis_state(self, x, threshold, bits):
        expected = np.zeros(8)
        expected[int(bits, 2)] = 1.0
        state = encoded_state("basis", 3, np.array(x), threshold=threshold)
        assert overlap(expected, state) == pytest.approx(1.0, abs=ATOL)

    @pytest.mark.parametrize(("n_qubits", "x", "n_repeats"),
                             [(3, [0.4, 1.1, 2.9], 1), (3, [0.4, 1.1, 2.9], 2), (4, [0.5, 2.0], 1)])
    def test_iqp_equals_pennylane_iqp_embedding(self, n_qubits, x, n_repeats):
        x = np.array(x)

        @qml.qnode(qml.device("default.qubit", wires=n_qubits))
        def reference():
            features = [x[i % len(x)] for i in range(n_qubits)]
            qml.IQPEmbedding(features, wires=range(n_qubits), n_repeats=n_repeats)
            return qml.state()

        state = encoded_state("iqp", n_qubits, x, n_repeats=n_repeats)
        np.testing.assert_allclose(state, reference(), atol=ATOL)

    def test_batch_of_states_equals_single_states(self):
        X = np.array([[0.3, 1.2, 2.5], [2.0, 0.1, 0.7]])
        for name in ("angle", "dense_angle", "amplitude", "basis", "iqp"):
            batch = encoded_state(name, 3, X)
            for row, state in zip(X, batch):
                np.testing.assert_allclose(state, encoded_state(name, 3, row), atol=ATOL)


class TestReuploading:
    def hand_built(self, x: np.ndarray, layers: np.ndarray, scaling: np.ndarray) -> np.ndarray:
        n = layers.shape[1]

        @qml.qnode(qml.device("default.qubit", wires=n))
        def circuit():
            for layer in range(len(layers)):
                qml.AngleEmbedding(x * scaling[layer], wires=range(n), rotation="Y")
                qml.BasicEntanglerLayers(layers[layer : layer + 1], wires=range(n))
            return qml.state()

        return np.asarray(circuit())

    def qnode(self, n_layers: int, trainable_scaling: bool = True):
        return build_qnode(
            "reuploading", "basic_entangler", n_qubits=3, n_layers=n_layers,
            measurement="state", encoding_options={"trainable_scaling": trainable_scaling},
        )

    def test_scaling_one_is_angle_encoding_before_every_layer(self):
        qnode = self.qnode(3)
        x = np.array([0.4, 1.1, 2.9])
        weights = init_weights(qnode.config, random_state=1)
        layers = weights[:9].reshape(3, 3)
        np.testing.assert_array_equal(weights[9:], np.ones(9))
        expected = self.hand_built(x, layers, np.ones((3, 3)))
        np.testing.assert_allclose(qnode(x, weights), expected, atol=ATOL)

    def test_scaling_multiplies_the_features(self):
        qnode = self.qnode(2)
        x = np.array([0.4, 1.1, 2.9])
        rng = np.random.default_rng(2)
        layers, scaling = rng.uniform(0, 2 * np.pi, (2, 3)), rng.uniform(0.5, 2, (2, 3))
        weights = np.concatenate([layers.ravel(), scaling.ravel()])
        np.testing.assert_allclose(qnode(x, weights), self.hand_built(x, layers, scaling),
                                   atol=ATOL)

    def test_without_trainable_scaling(self):
        qnode = self.qnode(2, trainable_scaling=False)
        assert qnode.config.n_params == 6
        x = np.array([0.4, 1.1, 2.9])
        layers = np.random.default_rng(3).uniform(0, 2 * np.pi, (2, 3))
        np.testing.assert_allclose(qnode(x, layers.ravel()),
                                   self.hand_built(x, layers, np.ones((2, 3))), atol=ATOL)

    def test_zero_layers_still_encodes_the_data(self):
        x = np.array([0.4, 1.1, 2.9])
        expected = product(*(ry0(t) for t in x))
        np.testing.assert_allclose(encoded_state("reuploading", 3, x), expected, atol=ATOL)


class TestInputs:
    @pytest.mark.parametrize(("name", "n_qubits", "d"),
                             [("angle", 2, 3), ("dense_angle", 2, 5), ("amplitude", 2, 5),
                              ("basis", 1, 2), ("iqp", 3, 4), ("reuploading", 2, 3)])
    def test_too_many_features_at_call_time(self, name, n_qubits, d):
        qnode = build_qnode(name, "basic_entangler", n_qubits=n_qubits, n_layers=1)
        weights = np.zeros(qnode.config.n_params)
        with pytest.raises(ValueError, match=rf"'{name}' encoding on {n_qubits} qubits.*got {d}"):
            qnode(np.full(d, 0.5), weights)

    def test_too_many_features_in_the_config(self):
        with pytest.raises(ValueError, match=r"at most 8 features; got 9.*at least 4 qubits"):
            build_qnode("amplitude", "basic_entangler", n_qubits=3, n_features=9)

    def test_amplitude_of_zero_vector(self):
        qnode = build_qnode("amplitude", "basic_entangler", n_qubits=2, n_layers=1)
        with pytest.raises(ValueError, match="all-zero"):
            qnode(np.zeros(3), np.zeros(qnode.config.n_params))
        batch = np.array([[1.0, 2.0, 0.0], [0.0, 0.0, 0.0]])
        with pytest.raises(ValueError, match=r"all-zero feature vector; got one in sample 1"):
            qnode(batch, np.zeros(qnode.config.n_params))

    def test_unknown_encoding_in_build_qnode(self):
        with pytest.raises(ValueError, match=r"Unknown encoding 'amplitdue'.*'amplitude'"):
            build_qnode("amplitdue", "basic_entangler")

"""Fourier spectra: the integer spectrum of repeated encodings and closed-form coefficients."""

from __future__ import annotations

import numpy as np
import pennylane as qml
import pytest
import torch
from pennylane import numpy as pnp

from qnnlab import HybridClassifier
from qnnlab.analysis import available_spectrum, fourier_spectrum
from qnnlab.circuits import CircuitConfig, circuit_function, init_weights, make_device
from qnnlab.models import HybridNet


@pytest.mark.parametrize("n_layers", [1, 2, 3])
@pytest.mark.parametrize("trainable_scaling", [True, False])
def test_reuploading_on_one_qubit_has_integer_spectrum_up_to_L(n_layers, trainable_scaling):
    config = CircuitConfig("reuploading", "hardware_efficient", n_qubits=1, n_layers=n_layers,
                           encoding_options={"trainable_scaling": trainable_scaling})
    spectrum = fourier_spectrum(config, random_state=n_layers)
    assert spectrum.available.tolist() == list(range(-n_layers, n_layers + 1))
    outside = np.abs(spectrum.frequencies) > n_layers
    assert np.max(spectrum.magnitudes[outside]) < 1e-10
    top = np.abs(spectrum.frequencies) == n_layers
    assert np.all(spectrum.magnitudes[top] > 1e-6)  # the highest frequency is really used
    assert np.allclose(spectrum.coefficients[::-1], spectrum.coefficients.conj())  # f is real


def test_cosine_has_closed_form_coefficients():
    # RY(x)|0> with no ansatz gates: <Z> = cos x = (e^{ix} + e^{-ix}) / 2.
    config = CircuitConfig("angle", "hardware_efficient", n_qubits=1, n_layers=0)
    df = fourier_spectrum(config, n_points=16).to_frame().set_index("frequency")
    expected = np.zeros(16)
    expected[[7, 9]] = 0.5  # frequencies -1 and +1 (the grid runs -8 ... 7)
    assert np.allclose(df["real"].to_numpy(), expected, atol=1e-12)
    assert np.allclose(df["imag"], 0, atol=1e-12)
    assert df.loc[1, "available"] and not df.loc[2, "available"]


def test_tiled_feature_widens_the_spectrum_and_scaling_scales_it():
    config = CircuitConfig("angle", "strongly_entangling", n_qubits=3, n_layers=1)
    assert fourier_spectrum(config).available.tolist() == [-3, -2, -1, 0, 1, 2, 3]
    scaled = CircuitConfig("reuploading", "hardware_efficient", n_qubits=1, n_layers=2)
    weights = init_weights(scaled)
    weights[-2:] = [0.5, 0.5]  # input scaling 1/2 in both layers
    spectrum = fourier_spectrum(scaled, weights=weights)
    assert spectrum.available.tolist() == [-1.0, -0.5, 0.0, 0.5, 1.0]
    assert "not integers" in spectrum.note


def test_model_output_is_the_head_applied_to_the_quantum_spectra():
    config = CircuitConfig("reuploading", "hardware_efficient", n_qubits=2, n_layers=2)
    net = HybridNet(2, 3, config, random_state=0)
    x0 = np.array([0.0, 0.4])
    model = fourier_spectrum(net, feature=0, x0=x0, output="model", output_index=1)
    quantum = [fourier_spectrum(net, feature=0, x0=x0, output_index=i).coefficients
               for i in range(2)]
    weight = net.head.weight.detach().numpy()[1]
    expected = weight[0] * quantum[0] + weight[1] * quantum[1]
    expected[model.frequencies == 0] += net.head.bias.detach().numpy()[1]
    assert np.allclose(model.coefficients, expected, atol=1e-12)
    assert model.available.tolist() == [-2, -1, 0, 1, 2]  # feature 0 sits on qubit 0 only


def test_pre_network_and_non_rotation_encodings_have_no_finite_spectrum():
    net = HybridNet(3, 2, CircuitConfig(n_qubits=2, n_layers=1), pre_layers=(), random_state=0)
    spectrum = fourier_spectrum(net, x0=torch.zeros(3).numpy())
    assert spectrum.available is None and "pre-network" in spectrum.note
    amplitude = CircuitConfig("amplitude", "strongly_entangling", n_qubits=2, n_layers=1,
                              n_features=4)
    spectrum = fourier_spectrum(amplitude, x0=np.ones(4))
    assert spectrum.available is None and "amplitude" in spectrum.note


def test_iqp_with_other_features_fixed_has_a_spectrum():
    config = CircuitConfig("iqp", "strongly_entangling", n_qubits=2, n_layers=1, n_features=2)
    spectrum = fourier_spectrum(config, x0=np.array([0.0, 1.0]))
    outside = ~np.isclose(spectrum.frequencies[:, None], spectrum.available[None, :]).any(axis=1)
    # The ZZ term contributes the frequency x1 = 1 (an integer here): no leakage.
    assert np.max(spectrum.magnitudes[outside]) < 1e-10


def test_bad_input():
    config = CircuitConfig("reuploading", "hardware_efficient", n_qubits=1, n_layers=1)
    with pytest.raises(ValueError, match="output='model' needs"):
        fourier_spectrum(config, output="model")
    with pytest.raises(ValueError, match="Unknown output"):
        fourier_spectrum(config, output="logits")
    with pytest.raises(ValueError, match="feature must be in 0 ... 0"):
        fourier_spectrum(config, feature=1)
    with pytest.raises(ValueError, match="is not fitted; call fit first"):
        fourier_spectrum(HybridClassifier())


@pytest.mark.parametrize(
    ("encoding", "n_qubits", "n_layers", "x0"),
    [("angle", 3, 2, [0.2, 0.5]), ("dense_angle", 2, 1, [0.1, 0.2, 0.3]),
     ("reuploading", 2, 3, [0.4, 0.1])],
)
def test_available_spectrum_agrees_with_pennylane_qnode_spectrum(encoding, n_qubits, n_layers,
                                                                 x0):
    config = CircuitConfig(encoding, "strongly_entangling", n_qubits=n_qubits,
                           n_layers=n_layers, n_features=len(x0))
    weights = init_weights(config, 1)
    if config.trainable_scaling:
        weights[-n_layers * n_qubits:] = np.linspace(0.5, 1.5, n_layers * n_qubits)
    circuit = circuit_function(config)
    qnode = qml.QNode(lambda x: circuit(x, weights)[0], make_device(config))
    reference = qml.fourier.qnode_spectrum(qnode, encoding_args={"x": [(0,)]})(
        pnp.array(x0, requires_grad=True))["x"][(0,)]
    ours = available_spectrum(config, weights, np.array(x0), feature=0)
    assert np.allclose(ours, sorted(float(w) for w in reference))


def test_iqp_note_names_the_product_of_features_as_the_cause_of_non_integer_frequencies():
    config = CircuitConfig("iqp", "strongly_entangling", n_qubits=2, n_layers=1, n_features=2)
    spectrum = fourier_spectrum(config, x0=[0.0, 0.7])
    assert 0.7 in np.round(spectrum.available, 6)  # the ZZ term: slope x_1 = 0.7 along x_0
    assert "products x_j x_k" in spectrum.note and "input scaling" not in spectrum.note

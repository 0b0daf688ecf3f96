"""Fisher information and effective dimension against PennyLane and closed forms."""

from __future__ import annotations

import numpy as np
import pennylane as qml
import pytest
from pennylane import numpy as pnp

from qnnlab.analysis import effective_dimension, fisher_information
from qnnlab.analysis.dimension import effective_dimension_from_fisher
from qnnlab.circuits import CircuitConfig, build_qnode


def test_fisher_matches_pennylane_classical_fisher():
    config = CircuitConfig("angle", "hardware_efficient", n_qubits=2, n_layers=2)
    rng = np.random.default_rng(1)
    theta, x = rng.uniform(0, 2 * np.pi, config.n_params), np.array([0.3, 0.9])
    ours = fisher_information(config, x[None, :], parameters=theta)[0]
    qnode = build_qnode(config=config.replace(measurement="probs"))
    reference = qml.gradients.classical_fisher(qnode)(pnp.array(x, requires_grad=False),
                                                      pnp.array(theta, requires_grad=True))
    assert np.allclose(ours, reference, atol=1e-10)


def test_one_qubit_closed_form():
    # RY then RZ on |0>: probabilities depend on the RY angle only, with Fisher information 1.
    config = CircuitConfig("angle", "hardware_efficient", n_qubits=1, n_layers=1)
    fisher = fisher_information(config, 4, 3, random_state=2)
    assert np.allclose(fisher, [[1, 0], [0, 0]], atol=1e-10)
    # F_hat = 2 F: d_eff = log(1 + 2 kappa) / log(kappa), normalised by d = 2.
    sizes = np.array([100, 10_000, 10**8])
    kappa = sizes / (2 * np.pi * np.log(sizes))
    expected = np.log(1 + 2 * kappa) / np.log(kappa) / 2
    values = effective_dimension(config, 4, 3, dataset_sizes=sizes, random_state=2)
    assert np.allclose(values, np.clip(expected, 0, 1))
    assert effective_dimension(config, 4, 3, dataset_sizes=10**8) == pytest.approx(expected[-1])


def test_log_det_formula_against_a_direct_determinant():
    rng = np.random.default_rng(0)
    a = rng.normal(size=(4, 3, 3))
    fisher = a @ a.transpose(0, 2, 1)
    n, d = 5000, 3
    f_hat = d * fisher / np.mean(np.trace(fisher, axis1=1, axis2=2))
    kappa = n / (2 * np.pi * np.log(n))
    dets = [np.sqrt(np.linalg.det(np.eye(d) + kappa * f)) for f in f_hat]
    expected = 2 * np.log(np.mean(dets)) / np.log(kappa) / d
    assert effective_dimension_from_fisher(fisher, [n])[0] == pytest.approx(expected)


def test_bad_input():
    config = CircuitConfig("angle", "hardware_efficient", n_qubits=1, n_layers=1)
    with pytest.raises(ValueError, match="dataset sizes must be > 1"):
        effective_dimension(config, 2, 2, dataset_sizes=[1])
    with pytest.raises(ValueError, match="gamma must be > 0"):
        effective_dimension(config, 2, 2, gamma=0)
    with pytest.raises(ValueError, match="n_param_samples must be an integer >= 1"):
        effective_dimension(config, 2, 0)
    with pytest.raises(ValueError, match="parameters must have 2 columns"):
        fisher_information(config, 2, parameters=np.zeros((1, 3)))

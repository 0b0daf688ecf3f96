"""Meyer-Wallach, entangling capability and entanglement entropy against closed forms."""

from __future__ import annotations

import numpy as np
import pennylane as qml
import pytest
from scipy.stats import unitary_group

from qnnlab.analysis import (
    entanglement_entropy,
    entangling_capability,
    haar_random_states,
    meyer_wallach,
    without_entanglement,
)
from qnnlab.analysis.entanglement import single_qubit_purities


def _ghz(n):
    state = np.zeros(2**n, dtype=complex)
    state[[0, -1]] = 2**-0.5
    return state


def _random_product_state(n, rng):
    state = np.ones(1, dtype=complex)
    for _ in range(n):
        q = rng.normal(size=2) + 1j * rng.normal(size=2)
        state = np.kron(state, q / np.linalg.norm(q))
    return state


@pytest.mark.parametrize("n", [2, 3, 5])
def test_product_states_have_zero_and_ghz_one(n):
    rng = np.random.default_rng(n)
    assert meyer_wallach(_random_product_state(n, rng)) == pytest.approx(0.0, abs=1e-12)
    assert meyer_wallach(_ghz(n)) == pytest.approx(1.0, abs=1e-12)


def test_batches_keep_their_shape():
    rng = np.random.default_rng(0)
    batch = np.stack([_ghz(3), _random_product_state(3, rng)])
    assert np.allclose(meyer_wallach(batch), [1.0, 0.0])
    assert meyer_wallach(batch.reshape(1, 2, 8)).shape == (1, 2)


def test_purities_match_pennylane():
    state = unitary_group.rvs(16, random_state=1)[:, 0]
    expected = [float(qml.math.purity(qml.math.dm_from_state_vector(state), [k]))
                for k in range(4)]
    assert np.allclose(single_qubit_purities(state), expected)


@pytest.mark.parametrize("n", [2, 3])
def test_haar_random_states_average_closed_form(n):
    dim = 2**n
    rng = np.random.default_rng(7)
    states = np.array([unitary_group.rvs(dim, random_state=rng)[:, 0] for _ in range(1500)])
    expected = (dim - 2) / (dim + 1)
    assert np.mean(meyer_wallach(states)) == pytest.approx(expected, abs=0.015)
    # Our own Haar sampler (complex Gaussian vectors) agrees with scipy's unitary group.
    assert np.mean(meyer_wallach(haar_random_states(n, 1500, 7))) == pytest.approx(
        expected, abs=0.015)


def test_entangling_capability_of_product_and_entangling_ansatze():
    assert entangling_capability(without_entanglement("hardware_efficient"), 3, 2,
                                 n_samples=50) == 0.0
    assert 0.2 < entangling_capability("hardware_efficient", 3, 3, n_samples=300) < 1.0
    pytest.importorskip("qnnlab.sim2019")
    assert entangling_capability("sim_1", 4, 2, n_samples=50) == 0.0
    # Circuit 9 (H, CZ ladder, RX) makes a cluster state: every qubit maximally mixed.
    assert entangling_capability("sim_9", 4, 1, n_samples=50) == pytest.approx(1.0)


def test_bell_and_ghz_entropies():
    bell = np.array([1, 0, 0, 1]) / np.sqrt(2)
    assert entanglement_entropy(bell, cut=1) == pytest.approx(1.0)
    assert entanglement_entropy(np.outer(bell, bell), cut=[1]) == pytest.approx(1.0)
    assert entanglement_entropy(_ghz(4), cut=2) == pytest.approx(1.0)
    product = np.kron([1, 0], [0.6, 0.8])
    assert entanglement_entropy(product, cut=1) == pytest.approx(0.0, abs=1e-9)
    # The maximally mixed two-qubit state: one bit on each side (classical mixing).
    assert entanglement_entropy(np.eye(4) / 4, cut=1) == pytest.approx(1.0)


@pytest.mark.parametrize("cut", [0, 2, [], [0, 1], [5]])
def test_bad_cuts_are_refused(cut):
    with pytest.raises(ValueError, match="cut"):
        entanglement_entropy(np.array([1, 0, 0, 0]), cut=cut)


def test_non_power_of_two_is_refused():
    with pytest.raises(ValueError, match="2\\*\\*n amplitudes"):
        meyer_wallach(np.ones(3))

"""Exercise checks of notebook 12 (quantum data): right answers pass, wrong ones explain.

The expected answers are computed here independently of the checks (a count of the products by
itertools, the size of a float64 from NumPy), and the notebook's claim behind exercise 12.1, that
the score of ``quantum_circuit_labels`` is linear in the products of (1, sin x_i, cos x_i), is
checked against the generator's own scores by least squares.
"""

from __future__ import annotations

import itertools

import numpy as np
import pennylane as qml
import pytest
from exercise_contract import assert_right, assert_solution_passes, assert_unanswered, assert_wrong

from qnnlab.datasets import _generate
from qnnlab.exercises import nb12

N_PRODUCTS = len(list(itertools.product(("1", "sin", "cos"), repeat=4)))
GIGABYTES = 2**30 * np.dtype(np.float64).itemsize / 1e9

# exercise id, check, a right answer (independent reference), wrong answers (common mistakes)
CASES = [
    ("12.1", nb12.check_trig_features, N_PRODUCTS, [12, 80, 16, 256, 64, 81.5, "81", -1]),
    ("12.2", nb12.check_state_memory, GIGABYTES,
     [2 * GIGABYTES, 8.0, GIGABYTES / 8, 30 * 8 / 1e9, 8.5, -1.0, "8.59", [8.59]]),
    ("12.3", nb12.check_data_access, "b", ["a", "c", "d", "e", 2]),
]
IDS = [case[0] for case in CASES]


@pytest.mark.parametrize(("ex_id", "check", "right", "wrongs"), CASES, ids=IDS)
def test_check_keeps_the_exercise_contract(ex_id, check, right, wrongs):
    # right passes, each wrong answer explains itself with a hint, the placeholder is no
    # answer, and the solution that reveal() shows passes the check
    assert_right(check, right)
    assert_wrong(check, wrongs)
    for placeholder in (None, ...):
        assert_unanswered(check, placeholder)
    assert_solution_passes(ex_id, check, {name: getattr(nb12, name) for name in nb12.__all__})


def test_common_mistakes_get_specific_messages():
    assert "multiply" in nb12.check_trig_features(12).message
    assert "constant" in nb12.check_trig_features(80).message
    assert "Pauli" in nb12.check_trig_features(256).message
    assert "complex" in nb12.check_state_memory(2 * GIGABYTES).message
    assert "GiB" in nb12.check_state_memory(8.0).message
    assert "0.01 GB" in nb12.check_state_memory(8.5).message  # the precision needed is named
    assert nb12.check_state_memory(round(GIGABYTES, 2)).passed


def _products(X: np.ndarray) -> np.ndarray:
    """Every product of one of (1, sin x_i, cos x_i) per column, written out with itertools."""
    factors = [np.ones(len(X)), np.sin, np.cos]
    columns = []
    for choice in itertools.product(range(3), repeat=X.shape[1]):
        column = np.ones(len(X))
        for i, k in enumerate(choice):
            column = column * (factors[k](X[:, i]) if k else factors[0])
        columns.append(column)
    return np.column_stack(columns)


@pytest.mark.parametrize("seed", [0, 1])
def test_circuit_label_scores_are_linear_in_the_trig_products(seed):
    # Notebook 12, section 1 (and exercise 12.1): <x|U^dag Z_0 U|x> for RY-encoded x is a
    # linear combination of the 3^d products, whatever the random U.
    X, _, params = _generate("quantum_circuit_labels", n_samples=200, n_features=4,
                             random_state=seed, return_params=True)
    design = _products(X)
    assert design.shape[1] == N_PRODUCTS
    coefficients, *_ = np.linalg.lstsq(design, params["expval_z0"], rcond=None)
    assert np.abs(design @ coefficients - params["expval_z0"]).max() < 1e-10
    # and not linear in the raw angles (the claim is about the products, not x itself)
    raw = np.column_stack([np.ones(len(X)), X])
    fit, *_ = np.linalg.lstsq(raw, params["expval_z0"], rcond=None)
    assert np.abs(raw @ fit - params["expval_z0"]).max() > 1e-3


def test_ising_hamiltonian_is_linear_in_the_field():
    # Notebook 12, section 2: H(h) = ALIGN + h FIELD, checked against PennyLane at two fields,
    # and the ground state at h -> 0 is the GHZ state (|0..0> + |1..1>)/sqrt(2) of 4 spins.
    def matrix(coupling: float, h: float) -> np.ndarray:
        return qml.matrix(qml.spin.transverse_ising("chain", [4], coupling=coupling, h=h,
                                                    boundary_condition=True), wire_order=range(4))

    align, field = matrix(1.0, 0.0), matrix(0.0, 1.0)
    for h in (0.3, 1.7):
        assert np.allclose(align + h * field, matrix(1.0, h))
    ground = np.linalg.eigh((align + 1e-3 * field).real)[1][:, 0]
    ghz = np.zeros(16)
    ghz[[0, 15]] = 1 / np.sqrt(2)
    assert abs(ground @ ghz) == pytest.approx(1.0, abs=1e-4)

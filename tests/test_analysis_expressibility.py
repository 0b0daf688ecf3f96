"""Expressibility (Sim et al. 2019) against closed forms, Haar states and the paper's relations."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.integrate import quad
from scipy.stats import unitary_group

from qnnlab.analysis import (
    compare_ansatze,
    expressibility,
    haar_bin_probabilities,
    haar_fidelity_density,
    idle_expressibility,
    kl_to_haar,
)
from qnnlab.analysis._common import ansatz_config, sample_ansatz_states
from qnnlab.analysis.expressibility import pair_fidelities
from qnnlab.circuits import build_qnode


def _sim2019():
    return pytest.importorskip("qnnlab.sim2019")


@pytest.mark.parametrize("n_qubits", [1, 2, 4])
def test_haar_bin_probabilities_integrate_the_density(n_qubits):
    bins = 10
    edges = np.linspace(0, 1, bins + 1)
    expected = [quad(lambda f: haar_fidelity_density(f, n_qubits), a, b)[0]
                for a, b in zip(edges[:-1], edges[1:])]
    assert np.allclose(haar_bin_probabilities(n_qubits, bins), expected, atol=1e-12)
    assert haar_bin_probabilities(n_qubits, bins).sum() == pytest.approx(1.0)


@pytest.mark.parametrize(("n_qubits", "bins"), [(1, 75), (3, 75), (2, 20)])
def test_idle_circuit_has_the_largest_value_in_closed_form(n_qubits, bins):
    # No gates: every fidelity is 1, all mass in the last bin: KL = log(1 / P_Haar(last bin)).
    p_last = (1 / bins) ** (2**n_qubits - 1)  # integral of P(F) over [1 - 1/bins, 1]
    value = expressibility("hardware_efficient", n_qubits, n_layers=0, n_samples=50, bins=bins)
    assert value == pytest.approx(np.log(1 / p_last), rel=1e-9)
    assert idle_expressibility(n_qubits, bins) == pytest.approx(np.log(1 / p_last), rel=1e-12)


def test_paper_idle_value_for_one_qubit():
    assert idle_expressibility(1, 75) == pytest.approx(4.317, abs=1e-3)  # Sim et al., Fig. 1


def test_haar_random_states_give_a_small_divergence():
    rng = np.random.default_rng(3)
    dim = 2**3
    states = np.array([unitary_group.rvs(dim, random_state=rng)[:, 0] for _ in range(2000)])
    assert kl_to_haar(pair_fidelities(states), n_qubits=3, bins=75) < 0.05


def test_batched_states_match_the_circuit_built_by_build_qnode():
    config = ansatz_config("strongly_entangling", 3, 2)
    states = sample_ansatz_states(config, 4, random_state=5)
    weights = np.random.default_rng(5).uniform(0, 2 * np.pi, size=(4, config.n_params))
    reference = build_qnode("angle", "strongly_entangling", 3, 2, measurement="state")
    for state, w in zip(states, weights):  # angle encoding of x = 0 is the identity
        assert np.allclose(state, reference(np.zeros(3), w), atol=1e-12)


def test_details_are_consistent():
    result = expressibility("hardware_efficient", 2, 2, n_samples=300, bins=20,
                            return_details=True)
    assert result.fidelities.shape == (300,)
    assert np.all((result.fidelities >= 0) & (result.fidelities <= 1 + 1e-12))
    assert result.probabilities.sum() == pytest.approx(1.0)
    assert np.allclose(result.haar_probabilities, haar_bin_probabilities(2, 20))
    assert result.expressibility == pytest.approx(kl_to_haar(result.fidelities, 2, 20))
    assert result.bin_centers.shape == (20,)


def test_same_seed_same_value_other_seed_other_value():
    a = expressibility("hardware_efficient", 2, 1, n_samples=200, random_state=1)
    b = expressibility("hardware_efficient", 2, 1, n_samples=200, random_state=1)
    c = expressibility("hardware_efficient", 2, 1, n_samples=200, random_state=2)
    assert a == b != c


def test_paper_relations_between_sim_circuits():
    _sim2019()
    kw = {"n_qubits": 4, "n_samples": 2000, "random_state": 0}
    sim1 = expressibility("sim_1", n_layers=1, **kw)
    # Fig. 3 of the paper: circuit 9 is the least expressive, circuits 6 and 14 among the most.
    assert expressibility("sim_9", n_layers=1, **kw) > sim1
    assert expressibility("sim_6", n_layers=1, **kw) < sim1 / 5
    assert expressibility("sim_14", n_layers=1, **kw) < sim1 / 5
    # A fixed unitary after the rotations (sim_2's CNOT ladder) leaves every fidelity unchanged.
    assert expressibility("sim_2", n_layers=1, **kw) == pytest.approx(sim1, abs=1e-9)
    # More layers: lower divergence.
    assert expressibility("sim_2", n_layers=3, **kw) < expressibility("sim_2", n_layers=1, **kw)


def test_compare_ansatze_table():
    df = compare_ansatze(["hardware_efficient", "basic_entangler"], n_qubits=2,
                         n_layers=[1, 2], n_samples=100)
    assert list(df.columns) == ["ansatz", "n_qubits", "n_layers", "n_params",
                                "expressibility", "entangling_capability", "entangling"]
    assert len(df) == 4
    row = df[(df.ansatz == "hardware_efficient") & (df.n_layers == 2)].iloc[0]
    assert row.expressibility == pytest.approx(
        expressibility("hardware_efficient", 2, 2, n_samples=100))


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"n_samples": 1}, "n_samples must be an integer >= 2"),
        ({"bins": 1}, "bins must be an integer >= 2"),
        ({"ansatz": "strongly_entangled"}, "Valid choices: .*'strongly_entangling'"),
        ({"n_qubits": 34}, "34 qubits need about"),
    ],
)
def test_bad_input_is_refused(kwargs, message):
    args = {"ansatz": "hardware_efficient", "n_qubits": 2, "n_layers": 1, "n_samples": 10}
    with pytest.raises(ValueError, match=message):
        expressibility(**{**args, **kwargs})


def test_compare_ansatze_checks_every_name_first():
    with pytest.raises(ValueError, match="Unknown ansatz 'nope'"):
        compare_ansatze(["hardware_efficient", "nope"], n_qubits=2, n_samples=10)

"""Barren-plateau scans: per-sample gradients, closed forms and the global/local contrast."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from qnnlab.analysis import global_cost, gradient_variance, local_cost
from qnnlab.analysis._common import ansatz_config, ansatz_state_qnode
from qnnlab.analysis.barren import _fit_exponential, per_sample_gradients


def test_costs_of_basis_states():
    # |00>, |01>, |11>: global 0, 1, 1; local 0, 1/2, 1.
    states = torch.eye(4, dtype=torch.complex128)[[0, 1, 3]]
    assert global_cost(states).tolist() == [0.0, 1.0, 1.0]
    assert local_cost(states).tolist() == [0.0, 0.5, 1.0]


def test_per_sample_gradients_match_finite_differences():
    config = ansatz_config("hardware_efficient", 3, 2)
    weights = np.random.default_rng(0).uniform(0, 2 * np.pi, size=(5, config.n_params))
    run = ansatz_state_qnode(config, interface="numpy")
    for cost_name, cost in (("global", global_cost), ("local", local_cost)):
        _, grads = per_sample_gradients(config, weights, cost_name)
        h = 1e-6
        for k in (0, 4, config.n_params - 1):
            shift = np.zeros(config.n_params)
            shift[k] = h
            up = cost(torch.as_tensor(run(weights + shift))).numpy()
            down = cost(torch.as_tensor(run(weights - shift))).numpy()
            assert np.allclose(grads[:, k], (up - down) / (2 * h), atol=1e-7)


def test_chunked_gradients_equal_one_batch():
    """Memory is bounded by chunks of rows; every chunk size gives the same numbers."""
    config = ansatz_config("hardware_efficient", 3, 2)
    weights = np.random.default_rng(1).uniform(0, 2 * np.pi, size=(7, config.n_params))
    whole = per_sample_gradients(config, weights, "local", max_batch=7)
    for chunk in (1, 3):
        part = per_sample_gradients(config, weights, "local", max_batch=chunk)
        np.testing.assert_allclose(part[0], whole[0], atol=1e-12)
        np.testing.assert_allclose(part[1], whole[1], atol=1e-12)


def test_one_qubit_variance_closed_form():
    # RY(t)|0>: C = sin^2(t/2), dC/dt = sin(t)/2, Var over uniform t = 1/8.
    df = gradient_variance("hardware_efficient", n_qubits=[1], n_layers=1, n_samples=4000)
    assert df["variance"].iloc[0] == pytest.approx(1 / 8, rel=0.06)
    assert df["mean"].iloc[0] == pytest.approx(0.0, abs=0.02)


def test_global_cost_decays_faster_than_local_cost_for_shallow_circuits():
    kw = {"n_qubits": (2, 4, 6), "n_layers": 2, "n_samples": 200, "random_state": 0}
    global_df = gradient_variance("hardware_efficient", cost="global", **kw)
    local_df = gradient_variance("hardware_efficient", cost="local", **kw)
    assert np.all(np.diff(global_df["variance"]) < 0)
    assert global_df.attrs["fit"]["decay_rate"] > 0.5  # at least ~ 2^-n
    assert local_df.attrs["fit"]["decay_rate"] < global_df.attrs["fit"]["decay_rate"] / 1.5
    assert global_df.attrs["cost"] == "global" and local_df.attrs["ansatz"] == "hardware_efficient"
    assert np.allclose(global_df["fit_variance"], np.exp(
        global_df.attrs["fit"]["intercept"]
        - global_df.attrs["fit"]["decay_rate"] * global_df["n_qubits"]))


def test_fit_recovers_an_exact_exponential():
    n = np.array([2, 4, 6, 8])
    fit = _fit_exponential(n, 3.0 * 2.0**-n)
    assert fit["decay_rate"] == pytest.approx(np.log(2))
    assert fit["intercept"] == pytest.approx(np.log(3.0))
    assert fit["r_squared"] == pytest.approx(1.0)


def test_a_parameter_that_cannot_move_the_cost_warns():
    # The first angle of strongly_entangling is a Z rotation applied straight to |0>.
    with pytest.warns(UserWarning, match="does not change"):
        df = gradient_variance("strongly_entangling", n_qubits=(2, 3), n_layers=1, n_samples=10)
    assert np.isnan(df.attrs["fit"]["decay_rate"])


def test_same_seed_same_table():
    a = gradient_variance("hardware_efficient", (2, 3), n_layers=1, n_samples=20)
    b = gradient_variance("hardware_efficient", (2, 3), n_layers=1, n_samples=20)
    assert a.equals(b)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"cost": "medium"}, "Unknown cost 'medium'. Valid choices: 'global', 'local'"),
        ({"n_samples": 1}, "n_samples must be an integer >= 2"),
        ({"param_index": 99}, "param_index=99 is out of range"),
        ({"ansatz": "nope"}, "Unknown ansatz 'nope'"),
        ({"n_qubits": (2, 40)}, "40 qubits need about"),
    ],
)
def test_bad_input_is_refused(kwargs, message):
    args = {"ansatz": "hardware_efficient", "n_qubits": (2, 3), "n_layers": 1, "n_samples": 10}
    with pytest.raises(ValueError, match=message):
        gradient_variance(**{**args, **kwargs})


def test_power_law_fit_recovers_an_exact_power_law():
    from qnnlab.analysis.barren import _fit_power_law, fitted_variance

    n = np.array([2, 3, 5, 8, 13])
    fit = _fit_power_law(n, 0.3 * n**-2.5)
    assert fit["exponent"] == pytest.approx(2.5)
    assert fit["intercept"] == pytest.approx(np.log(0.3))
    assert fit["r_squared"] == pytest.approx(1.0)
    assert np.allclose(fitted_variance(n, fit), 0.3 * n**-2.5)


def test_the_data_choose_exponential_for_the_global_and_power_law_for_the_local_cost():
    # The claim of notebook 04 (full mode): over 2-12 qubits, 2 layers of hardware_efficient,
    # log Var of the global cost is fitted better by a line in n, the local one by a line in
    # log n (Cerezo et al. 2021).
    widths = (2, 3, 4, 5, 6, 8, 10, 12)
    r2 = {cost: {form: fit["r_squared"] for form, fit in gradient_variance(
        "hardware_efficient", n_qubits=widths, n_layers=2, cost=cost, n_samples=200,
        random_state=0).attrs["fits"].items()} for cost in ("global", "local")}
    assert r2["global"]["exponential"] > r2["global"]["power_law"]
    assert r2["local"]["power_law"] > r2["local"]["exponential"]


def test_power_law_fit_fills_fit_variance_and_a_bad_fit_name_is_refused():
    df = gradient_variance("hardware_efficient", n_qubits=(2, 3, 4), n_layers=1,
                           n_samples=30, cost="local", fit="power_law")
    fit = df.attrs["fits"]["power_law"]
    assert df.attrs["fit"] == fit
    expected = np.exp(fit["intercept"]) * df["n_qubits"].to_numpy(float) ** -fit["exponent"]
    assert np.allclose(df["fit_variance"], expected)
    with pytest.raises(ValueError, match="power_law"):
        gradient_variance("hardware_efficient", n_qubits=(2,), n_layers=1, fit="cubic")

"""Every combination of choices either runs and gives valid outputs, or says no with ValueError."""

from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from qnnlab import ansatze, encodings, noise
from qnnlab.circuits import build_qnode, init_weights

BATCH = 3


@st.composite
def combinations(draw) -> dict:
    ansatz = draw(st.sampled_from(ansatze.available()))
    defaults = ansatze.get(ansatz).defaults
    ansatz_options = {}
    if "topology" in defaults:
        ansatz_options["topology"] = draw(st.sampled_from(ansatze.TOPOLOGIES))
    if "entangler" in defaults:
        ansatz_options["entangler"] = draw(st.sampled_from(["CNOT", "CZ"]))
    noise_name = draw(st.none() | st.sampled_from(noise.available()))
    return dict(
        encoding=draw(st.sampled_from(encodings.available())),
        ansatz=ansatz,
        n_qubits=draw(st.integers(1, 5)),
        n_layers=draw(st.integers(0, 2)),
        noise=noise_name,
        noise_strength=draw(st.floats(0.0, 0.3)),
        noise_placement=draw(st.sampled_from(noise.PLACEMENTS)),
        measurement=draw(st.sampled_from(["expval", "expval", "probs"])),
        zne=draw(st.booleans()) and draw(st.booleans()),  # rarely: it runs three circuits
        ansatz_options=ansatz_options,
    )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(combo=combinations(), n_features=st.integers(1, 6), seed=st.integers(0, 2**16))
def test_any_combination_runs_or_raises_value_error(combo, n_features, seed):
    try:
        qnode = build_qnode(**combo)
        x = np.random.default_rng(seed).uniform(0.05, np.pi, (BATCH, n_features))
        out = qnode(x, init_weights(qnode.config, seed))
    except ValueError as error:
        event(f"refused: {str(error).split(';')[0][:60]}")
        return  # refused clearly: fine (the messages are tested elsewhere)
    event("ran")
    n = combo["n_qubits"]
    if combo["measurement"] == "expval":
        values = np.asarray(out, dtype=float)
        if combo["zne"] and n == 1:
            # PennyLane's mitigate_with_zne unstacks a single broadcast expval into a tuple
            # over the batch; QuantumLayer reshapes it, so accept it here too.
            values = values.reshape(1, BATCH)
        assert values.shape == (n, BATCH)
        assert np.all(np.isfinite(values))
        tolerance = 1e-9 if not combo["zne"] else 0.5  # extrapolation may overshoot a little
        assert np.all(np.abs(values) <= 1 + tolerance)
    else:
        probs = np.asarray(out)
        assert probs.shape == (BATCH, 2**n)
        assert np.all(np.isfinite(probs)) and np.all(probs >= -1e-12)
        np.testing.assert_allclose(probs.sum(axis=1), 1.0, atol=1e-9)

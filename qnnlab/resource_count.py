"""Count what a circuit or a hybrid model costs: qubits, gates, depth, parameters, executions.

Gate counts come from PennyLane's ``qml.specs`` on the noise-free circuit decomposed into common
hardware gates (:data:`HARDWARE_GATES`): amplitude encoding's state preparation and IQP's ZZ
terms show their real cost in CNOTs.

Examples
--------
>>> r = resources(CircuitConfig("angle", "hardware_efficient", n_qubits=3, n_layers=2))
>>> r["qubits"], r["two_qubit_gates"], r["quantum_params"]
(3, 4, 12)
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pennylane as qml

from qnnlab._concurrency import circuit_lock
from qnnlab._validation import check_positive_int
from qnnlab.circuits import CircuitConfig, build_qnode, circuit_function, init_weights

__all__ = ["resources", "draw", "circuit_specs", "compiled_resources", "script_specs"]


def _as_config(obj: Any) -> tuple[CircuitConfig, Any]:
    """The circuit configuration of a config, a HybridNet, a QuantumLayer or a fitted estimator."""
    model = getattr(obj, "model_", obj)
    if isinstance(obj, CircuitConfig):
        return obj, None
    config = getattr(model, "config", None)
    if isinstance(config, CircuitConfig):
        return config, model
    if hasattr(obj, "circuit_config"):
        raise ValueError(
            f"{type(obj).__name__} is not fitted yet; fit it first or pass its circuit_config()."
        )
    raise TypeError(
        f"Expected a CircuitConfig, a HybridNet or a fitted qnnlab estimator; got {type(obj)!r}"
    )


def _noise_free(config: CircuitConfig) -> CircuitConfig:
    n_features = config.n_features or 1
    return config.replace(noise=None, zne=False, shots=None, device=None, measurement="expval",
                          diff_method="backprop", n_features=n_features, profile=None)


#: The gates counted: state preparation (amplitude encoding) and multi-qubit rotations (IQP) are
#: decomposed into these, as a compiler for hardware would, so their real cost shows.
HARDWARE_GATES = frozenset({
    "RX", "RY", "RZ", "Rot", "PhaseShift", "Hadamard", "PauliX", "PauliY", "PauliZ", "S", "T",
    "CNOT", "CZ", "CRX", "CRY", "CRZ", "SWAP", "Identity", "GlobalPhase",
})
_NOT_GATES = ("Identity", "GlobalPhase")


def circuit_specs(config: CircuitConfig) -> dict[str, Any]:
    """``qml.specs`` of the noise-free circuit of ``config`` in :data:`HARDWARE_GATES`.

    Examples
    --------
    Amplitude encoding of four features: its state preparation costs three CNOTs.

    >>> config = CircuitConfig("amplitude", "basic_entangler", n_qubits=2, n_layers=1,
    ...                        n_features=4)
    >>> specs = circuit_specs(config)
    >>> specs["gate_types"], specs["depth"]
    ({'RY': 3, 'CNOT': 3, 'RX': 2}, 6)
    """
    ideal = _noise_free(config)
    qnode = qml.transforms.decompose(build_qnode(config=ideal), gate_set=HARDWARE_GATES)
    # Generic features (not all equal) so that data-dependent decompositions, such as amplitude
    # encoding's state preparation, show the cost of typical inputs, not of a special case.
    x = np.random.default_rng(0).uniform(0.1, np.pi, ideal.n_features)
    with circuit_lock():  # PennyLane's queuing is process-global: see qnnlab._concurrency
        specs = qml.specs(qnode, level="device")(x, init_weights(ideal, 0))
    return specs.to_dict()["resources"]


def resources(obj: Any, n_samples: int | None = None, batch_size: int | None = None,
              profile: Any = None) -> dict:
    """Resources of a circuit configuration or a hybrid model.

    Parameters
    ----------
    obj : CircuitConfig, HybridNet, fitted HybridClassifier/HybridRegressor or fitted family
        What to count. A :mod:`qnnlab.families` model is counted from the circuit one sample
        runs on hardware (``circuit_script()``): for the IQP kernel the overlap circuit
        ``U(x')^dagger U(x)`` of one Gram entry, for the kitchen sinks one episode's circuit.
    n_samples : int, optional
        Training samples per epoch, to count circuit executions per epoch.
    batch_size : int, optional
        Samples per mini-batch (default: all in one batch).
    profile : str, DeviceProfile or dict, optional
        A device profile (:mod:`qnnlab.hardware.profiles`): adds ``compiled``, the circuit
        compiled to its native gates and coupling map (``swaps``, ``depth``,
        ``two_qubit_gates``, ``gates``, ``gate_counts``, ``duration_s``).

    Returns
    -------
    dict
        ``qubits``, ``depth``, ``gates`` (total), ``gate_counts`` (by type), ``two_qubit_gates``,
        ``quantum_params``, ``classical_params`` (models only); with ``n_samples``:
        ``simulator_executions_per_epoch`` (one broadcast execution per batch, forward pass) and
        ``hardware_circuits_per_epoch`` (one circuit per sample, plus two per parameter for
        parameter-shift gradients, as on real hardware). For a family also
        ``circuits_per_prediction`` (hardware circuits the prediction of one sample needs:
        a Gram row, ``n_train``, for the IQP kernel; 3 measurement bases for the projected
        kernel; ``n_episodes`` for the kitchen sinks; 1 for a trained circuit, 0 for the
        classical-only dressed ablation); for the fixed-feature families an "epoch" is one
        computation of the training features (the IQP kernel's ``n (n - 1) / 2`` distinct
        Gram entries on hardware).

    Raises
    ------
    TypeError
        If ``obj`` is neither a configuration nor a qnnlab model.
    ValueError
        If ``obj`` is an estimator that is not fitted yet, or ``n_samples`` or ``batch_size``
        is not a positive integer.

    Examples
    --------
    >>> from qnnlab.models import HybridNet
    >>> net = HybridNet(2, 2, CircuitConfig(n_qubits=2, n_layers=1))
    >>> r = resources(net, n_samples=100, batch_size=32)
    >>> r["quantum_params"], r["classical_params"], r["simulator_executions_per_epoch"]
    (6, 6, 4)
    >>> r["hardware_circuits_per_epoch"]  # 100 samples * (1 + 2 shifts * 6 parameters)
    1300
    >>> resources(net, profile="toy_line")["compiled"]["native_gates"]
    ('RZ', 'SX', 'PauliX', 'CNOT')

    A fitted family: the IQP kernel's overlap circuit on 2 qubits, a Gram row per prediction.

    >>> from qnnlab.families import IQPKernelClassifier
    >>> from qnnlab.datasets import load_dataset
    >>> X, _, y, _ = load_dataset("moons", n_samples=40, random_state=0)
    >>> r = resources(IQPKernelClassifier(repeats=1).fit(X, y))
    >>> r["qubits"], r["gate_counts"], r["circuits_per_prediction"]  # 30 training samples
    (2, {'Hadamard': 4, 'RZ': 6, 'CNOT': 4}, 30)
    """
    if n_samples is not None:
        check_positive_int("n_samples", n_samples)
    if batch_size is not None:
        check_positive_int("batch_size", batch_size)
    if callable(getattr(obj, "circuit_script", None)):  # a qnnlab.families model
        return _family_resources(obj, n_samples, batch_size, profile)
    config, model = _as_config(obj)
    if _is_classical(model):
        return _classical_resources(model, n_samples)
    compiled = None if profile is None else compiled_resources(config, profile)
    specs = circuit_specs(config)
    gate_counts = {k: int(v) for k, v in specs["gate_types"].items() if k not in _NOT_GATES}
    sizes = {int(k): int(v) for k, v in specs["gate_sizes"].items()}
    out: dict[str, Any] = {
        "qubits": config.n_qubits,
        "depth": int(specs["depth"]),
        "gates": int(sum(gate_counts.values())),
        "gate_counts": gate_counts,
        "two_qubit_gates": sizes.get(2, 0),
        "quantum_params": config.n_params,
    }
    if model is not None and hasattr(model, "n_parameters"):
        counts = model.n_parameters()
        out["quantum_params"] = counts.get("quantum", 0)
        out["classical_params"] = counts["pre"] + counts["head"] + counts.get(
            "classical_counterpart", 0)
    if n_samples is not None:
        batches = math.ceil(n_samples / (batch_size or n_samples))
        out["simulator_executions_per_epoch"] = batches
        out["hardware_circuits_per_epoch"] = n_samples * (1 + 2 * out["quantum_params"])
    if compiled is not None:
        out["compiled"] = compiled
    return out


def script_specs(script: qml.tape.QuantumScript) -> dict[str, Any]:
    """Gate types, gate sizes and depth of ``script`` decomposed into :data:`HARDWARE_GATES`.

    Examples
    --------
    IQP's ZZ term of two qubits is a CNOT, an RZ and a CNOT.

    >>> script = qml.tape.QuantumScript([qml.IQPEmbedding([0.1, 0.2], wires=[0, 1])])
    >>> specs = script_specs(script)
    >>> specs["gate_types"], specs["depth"]
    ({'Hadamard': 2, 'RZ': 3, 'CNOT': 2}, 5)
    """
    with circuit_lock():
        [decomposed], _ = qml.transforms.decompose(script, gate_set=HARDWARE_GATES)
    return decomposed.specs["resources"].to_dict()


def _family_resources(model: Any, n_samples: int | None, batch_size: int | None,
                      profile: Any) -> dict[str, Any]:
    """Resources of a fitted :mod:`qnnlab.families` model, from the circuit one sample runs."""
    script = model.circuit_script()  # NotFittedError first
    counts = model.model_.n_parameters() if hasattr(model.model_, "n_parameters") else {}
    quantum = model.quantum_parameters()
    out: dict[str, Any] = {"qubits": 0, "depth": 0, "gates": 0, "gate_counts": {},
                           "two_qubit_gates": 0, "quantum_params": quantum}
    if counts:  # gradient-trained: every torch parameter outside the circuit is classical
        out["classical_params"] = int(sum(counts.values())) - quantum
    if script is not None:
        specs = script_specs(script)
        gate_counts = {k: int(v) for k, v in specs["gate_types"].items() if k not in _NOT_GATES}
        out.update(qubits=len(script.wires), depth=int(specs["depth"]),
                   gates=int(sum(gate_counts.values())), gate_counts=gate_counts,
                   two_qubit_gates=int(specs["gate_sizes"].get(2, 0)))
    out["circuits_per_prediction"] = model.circuits_per_prediction()
    if n_samples is not None:
        out.update(_family_executions(model, n_samples, batch_size, quantum))
    if profile is not None and script is not None:
        out["compiled"] = _compiled_script(script, profile)
    return out


def _family_executions(model: Any, n_samples: int, batch_size: int | None,
                       quantum: int) -> dict[str, int]:
    """Executions of one pass over ``n_samples`` training samples (an epoch, or computing the
    fixed features once)."""
    if hasattr(model, "fit_circuits"):  # fixed quantum features
        simulator, hardware = model.fit_circuits(n_samples)
    elif model.circuits_per_prediction() == 0:  # no circuit
        simulator, hardware = 0, 0
    else:  # gradient-trained, as a hybrid model
        simulator = math.ceil(n_samples / (batch_size or n_samples))
        hardware = n_samples * (1 + 2 * quantum)
    return {"simulator_executions_per_epoch": int(simulator),
            "hardware_circuits_per_epoch": int(hardware)}


def _compiled_script(script: qml.tape.QuantumScript, profile: Any,
                     n_qubits: int | None = None) -> dict[str, Any]:
    """What ``script`` costs once compiled to the device profile ``profile``."""
    from qnnlab.hardware import compile as hardware_compile
    from qnnlab.hardware import profiles

    device = profiles.get(profile)
    n_qubits = len(script.wires) if n_qubits is None else n_qubits
    device.check_fits(n_qubits)
    with circuit_lock():
        summary = hardware_compile.compiled_summary(script, device, n_qubits=n_qubits)
    return {"profile": device.name, "native_gates": tuple(device.native_gates), **summary}


def compiled_resources(config: CircuitConfig, profile: Any) -> dict[str, Any]:
    """What the noise-free circuit of ``config`` costs once compiled to a device profile.

    Examples
    --------
    >>> c = compiled_resources(CircuitConfig("angle", "hardware_efficient", n_qubits=3,
    ...                        n_layers=1, ansatz_options={"topology": "ring"}), "toy_line")
    >>> c["swaps"], c["two_qubit_gates"]  # the ring's closing CNOT(2, 0) on a line
    (1, 6)
    """
    ideal = _noise_free(config)
    x = np.random.default_rng(0).uniform(0.1, np.pi, ideal.n_features)
    with circuit_lock():
        tape = qml.tape.make_qscript(circuit_function(ideal))(x, init_weights(ideal, 0))
    return _compiled_script(tape, profile, ideal.n_qubits)


def _is_classical(model: Any) -> bool:
    return model is not None and getattr(model, "quantum", True) is False


def _classical_resources(model: Any, n_samples: int | None) -> dict[str, Any]:
    """Resources of a matched classical counterpart: no circuit at all."""
    counts = model.n_parameters()
    out: dict[str, Any] = {
        "qubits": 0, "depth": 0, "gates": 0, "gate_counts": {}, "two_qubit_gates": 0,
        "quantum_params": 0, "classical_params": sum(counts.values()),
    }
    if n_samples is not None:
        out["simulator_executions_per_epoch"] = 0
        out["hardware_circuits_per_epoch"] = 0
    return out


def draw(obj: Any, decimals: int | None = 2, x: Any = None) -> str:
    """A text drawing of the decomposed circuit (noise channels included when configured).

    Parameters
    ----------
    obj : CircuitConfig, HybridNet or fitted estimator
        A model is drawn with its own (trained) weights; a configuration with the initial
        weights of seed 0.
    decimals : int or None
        Digits of the angles shown; None hides them.
    x : array-like, optional
        One input sample to encode (as it enters the circuit); default: every feature 0.5.

    Raises
    ------
    ValueError
        For a model that uses its classical counterpart (``quantum=False``): it has no circuit.

    Examples
    --------
    >>> print(draw(CircuitConfig("angle", "basic_entangler", n_qubits=2, n_layers=1), None))
    0: ──RY──RX─╭●─┤  <Z>
    1: ──RY──RX─╰X─┤  <Z>
    """
    config, model = _as_config(obj)
    if _is_classical(model):
        raise ValueError(
            "draw() needs a quantum layer, but this model uses its classical counterpart "
            "(quantum=False): there is no circuit to draw."
        )
    config = config.replace(zne=False, n_features=config.n_features or 1)
    qnode = build_qnode(config=config)
    x = np.full(config.n_features, 0.5) if x is None else np.asarray(x, dtype=float)
    layer = getattr(model, "quantum_layer", None)
    weights = getattr(layer, "weights", None)
    weights = init_weights(config, 0) if weights is None else weights.detach().numpy()
    with circuit_lock():
        return qml.draw(qnode, level="device", decimals=decimals)(x, weights)

"""Helpers shared by the analyses: ansatz-only circuits, random parameters, model resolution."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pennylane as qml
from sklearn.exceptions import NotFittedError

from qnnlab import ansatze
from qnnlab._concurrency import guard_qnode
from qnnlab._validation import check_fits_in_memory, check_positive_int
from qnnlab.circuits import CircuitConfig, init_weights, split_weights

__all__ = [
    "ansatz_config",
    "ansatz_state_qnode",
    "random_ansatz_weights",
    "sample_ansatz_states",
    "ResolvedCircuit",
    "resolve_circuit",
    "check_fitted",
]


def ansatz_config(
    ansatz: str,
    n_qubits: int,
    n_layers: int,
    ansatz_options: Mapping[str, Any] | None = None,
) -> CircuitConfig:
    """A validated configuration describing ``ansatz`` alone (its encoding is never applied).

    Unknown ansatz names, impossible qubit counts and bad options raise a ValueError here,
    before any work.

    Examples
    --------
    >>> ansatz_config("hardware_efficient", 3, 2).n_params
    12
    """
    return CircuitConfig(
        encoding="angle",
        ansatz=ansatz,
        n_qubits=check_positive_int("n_qubits", n_qubits),
        n_layers=check_positive_int("n_layers", n_layers, minimum=0),
        ansatz_options=dict(ansatz_options or {}),
    )


def _ansatz_circuit(config: CircuitConfig):
    ans = ansatze.get(config.ansatz)
    options = ans.options(config.ansatz_options)
    wires = list(range(config.n_qubits))

    def circuit(weights: Any) -> Any:
        # weights has shape (batch, n_params): every gate broadcasts over the batch.
        blocks = split_weights(weights, config)
        if "initial" in blocks:
            ans.apply_initial(blocks["initial"], wires)
        for layer in range(config.n_layers):
            ans.apply_layer(blocks["layers"][:, layer], wires, layer, **options)
        return qml.state()

    return circuit


def ansatz_state_qnode(config: CircuitConfig, interface: str = "auto") -> Callable[[Any], Any]:
    """A QNode ``f(weights)`` returning the states ``U(weights)|0...0>`` of the ansatz alone.

    ``weights`` must be a batch of flat weight vectors, shape ``(batch, n_params)``; the whole
    batch runs in one broadcast execution on ``default.qubit`` (differentiable by backprop).

    Examples
    --------
    >>> config = ansatz_config("hardware_efficient", 2, 1)
    >>> ansatz_state_qnode(config)(np.zeros((3, config.n_params))).shape
    (3, 4)
    """
    device = qml.device("default.qubit", wires=config.n_qubits)
    qnode = guard_qnode(qml.QNode(
        _ansatz_circuit(config), device, interface=interface, diff_method="backprop"
    ))

    def run(weights: Any) -> Any:
        states = qnode(weights)
        if qml.math.ndim(states) == 1:  # no parametrised gate: one state for the whole batch
            states = qml.math.stack([states] * int(weights.shape[0]))
        return states

    run.qnode = qnode  # type: ignore[attr-defined]
    return run


def random_ansatz_weights(
    config: CircuitConfig, n_samples: int, rng: np.random.Generator
) -> np.ndarray:
    """``n_samples`` weight vectors drawn uniformly from ``[0, 2 pi)``, shape ``(n, n_params)``.

    Examples
    --------
    >>> config = ansatz_config("hardware_efficient", 2, 1)
    >>> weights = random_ansatz_weights(config, 3, np.random.default_rng(0))
    >>> weights.shape, bool(np.all((weights >= 0) & (weights < 2 * np.pi)))
    ((3, 4), True)
    """
    return rng.uniform(0.0, 2 * np.pi, size=(n_samples, config.n_params))


def sample_ansatz_states(
    config: CircuitConfig, n_states: int, random_state: int | None = 0
) -> np.ndarray:
    """``n_states`` output states of the ansatz for uniformly random parameters.

    One broadcast execution; refuses (ValueError) a batch that would not fit in memory.

    Examples
    --------
    >>> states = sample_ansatz_states(ansatz_config("hardware_efficient", 2, 1), 5)
    >>> states.shape, bool(np.allclose(np.linalg.norm(states, axis=1), 1))
    ((5, 4), True)
    """
    check_fits_in_memory(config.n_qubits, mixed=False, batch_size=n_states)
    rng = np.random.default_rng(random_state)
    weights = random_ansatz_weights(config, n_states, rng)
    return np.asarray(ansatz_state_qnode(config, interface="numpy")(weights))


@dataclass(frozen=True)
class ResolvedCircuit:
    """The circuit behind a config, a HybridNet or a fitted estimator, with its weights.

    Attributes
    ----------
    config : CircuitConfig
        The circuit (its ``n_features`` is set for models).
    weights : numpy.ndarray
        Flat circuit weights: the model's trained ones, or random ones for a config.
    model : torch.nn.Module or None
        The HybridNet (None for a bare config).
    estimator : object or None
        The fitted estimator, if one was given.

    Examples
    --------
    >>> resolved = resolve_circuit(CircuitConfig(n_qubits=2, n_layers=1))  # random weights
    >>> resolved.config.n_qubits, resolved.weights.shape, resolved.model is None
    (2, (6,), True)
    """

    config: CircuitConfig
    weights: np.ndarray
    model: Any = None
    estimator: Any = None


def check_fitted(estimator: Any, needs: str = "this analysis") -> None:
    """Raise a NotFittedError (a ValueError) if ``estimator`` has not been fitted.

    Examples
    --------
    >>> from qnnlab import HybridClassifier
    >>> check_fitted(HybridClassifier(), "the saliency")
    Traceback (most recent call last):
    ...
    sklearn.exceptions.NotFittedError: HybridClassifier is not fitted; call fit first (the ...
    """
    if not hasattr(estimator, "model_"):
        raise NotFittedError(
            f"{type(estimator).__name__} is not fitted; call fit first ({needs} needs a "
            "trained model)."
        )


def resolve_circuit(
    obj: Any,
    weights: Any = None,
    random_state: int | None = 0,
    needs: str = "this analysis",
) -> ResolvedCircuit:
    """Find the circuit and its weights in a CircuitConfig, HybridNet or fitted estimator.

    A config gets ``weights`` if given, else :func:`qnnlab.circuits.init_weights`
    (``random_state``). A model uses its trained quantum weights unless ``weights`` is given.

    Examples
    --------
    >>> resolve_circuit(CircuitConfig(n_qubits=2, n_layers=1)).weights.shape
    (6,)
    """
    estimator = None
    if isinstance(obj, CircuitConfig):
        config, model = obj, None
        if weights is None:
            weights = init_weights(config, random_state)
    else:
        if hasattr(obj, "circuit_config") and hasattr(obj, "get_params"):
            check_fitted(obj, needs)
            estimator, obj = obj, obj.model_
        if getattr(obj, "quantum", True) is False:
            raise ValueError(
                f"{needs} needs a quantum layer, but this model uses its classical counterpart "
                "(quantum=False)."
            )
        layer = getattr(obj, "quantum_layer", obj)
        if not isinstance(getattr(layer, "config", None), CircuitConfig):
            raise TypeError(
                "Expected a CircuitConfig, a HybridNet or a fitted qnnlab estimator; got "
                f"{type(obj).__name__}."
            )
        model, config = obj, layer.config
        if weights is None:
            weights = layer.weights.detach().cpu().numpy()
    weights = np.asarray(weights, dtype=float)
    if weights.shape != (config.n_params,):
        raise ValueError(
            f"Expected {config.n_params} circuit weights for this circuit; got shape "
            f"{weights.shape}."
        )
    return ResolvedCircuit(config, weights, model, estimator)

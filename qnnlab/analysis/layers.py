"""Views inside a model, stage by stage: the qubits' Bloch vectors after every layer.

:func:`layer_bloch_vectors` runs the circuit once for one input with a ``qml.Snapshot`` after
every stage (:func:`qnnlab.circuits.circuit_function` with ``snapshots=True``: each encoding,
the ansatz's initial block, each ansatz layer) and returns the Bloch vector of every qubit at
every stage (shorter than 1 where the qubit is entangled with the others, or noisy).
:func:`qubit_expectations` gives each qubit's measured ``<Z>`` over many inputs (the quantum
layer's outputs), e.g. over the input plane for per-qubit heatmaps.

Examples
--------
>>> from qnnlab.circuits import CircuitConfig
>>> config = CircuitConfig("angle", "hardware_efficient", n_qubits=2, n_layers=1)
>>> view = layer_bloch_vectors(config, [np.pi / 2, 0.0], weights=np.zeros(4))
>>> view.stages
['encoding 1', 'layer 1']
>>> view.bloch[0].round(6).tolist()  # RY(pi/2)|0> = |+> on qubit 0; qubit 1 stays |0>
[[1.0, 0.0, 0.0], [0.0, 0.0, 1.0]]
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pennylane as qml
import torch

from qnnlab._concurrency import circuit_lock, guard_qnode
from qnnlab.analysis._common import resolve_circuit
from qnnlab.analysis.state import bloch_vectors
from qnnlab.circuits import CircuitConfig, circuit_function, make_device
from qnnlab.models import DTYPE

__all__ = ["LayerStates", "layer_bloch_vectors", "layer_state_qnode", "qubit_expectations"]


@dataclass(frozen=True)
class LayerStates:
    """Per-qubit Bloch vectors after every stage of the circuit, for one input.

    Attributes
    ----------
    stages : list of str
        ``"encoding k"``, ``"initial"``, ``"layer k"`` in circuit order (k from 1).
    bloch : numpy.ndarray
        Shape ``(n_stages, n_qubits, 3)``: ``(<X>, <Y>, <Z>)`` of each qubit after each stage.
    input : numpy.ndarray
        The values that entered the encoding (after any pre-network).

    Examples
    --------
    >>> from qnnlab.circuits import CircuitConfig
    >>> config = CircuitConfig("reuploading", "basic_entangler", n_qubits=1, n_layers=2)
    >>> layer_bloch_vectors(config, [0.3]).stages
    ['encoding 1', 'layer 1', 'encoding 2', 'layer 2']
    """

    stages: list[str]
    bloch: np.ndarray
    input: np.ndarray

    @property
    def lengths(self) -> np.ndarray:
        """Length of every Bloch vector ``(n_stages, n_qubits)``: 1 pure, less entangled/noisy."""
        return np.linalg.norm(self.bloch, axis=-1)


def layer_state_qnode(config: CircuitConfig) -> Any:
    """A QNode ``f(x, weights)`` whose :func:`pennylane.snapshots` hold the state after every stage.

    The circuit of ``config`` (noise included; a device profile's compilation is not supported)
    measured as a state, with snapshots tagged as in :attr:`LayerStates.stages`.

    Examples
    --------
    >>> from qnnlab.circuits import CircuitConfig
    >>> qnode = layer_state_qnode(CircuitConfig(n_qubits=2, n_layers=1, n_features=2))
    >>> sorted(qml.snapshots(qnode)(np.zeros(2), np.zeros(6)))
    ['encoding 1', 'execution_results', 'layer 1']
    """
    if config.profile is not None:
        raise ValueError("Views after every layer need the circuit as written; a device "
                         f"profile ({config.profile!r}) compiles it into other gates. Use "
                         "profile=None.")
    config = config.replace(measurement="state", shots=None, zne=False)
    if config.noisy and config.device is None:  # PennyLane's own simulator keeps snapshots
        config = config.replace(device="default.mixed")
    with circuit_lock():
        qnode = qml.QNode(circuit_function(config, snapshots=True), make_device(config),
                          interface="numpy", diff_method=None)
    qnode.config = config
    return guard_qnode(qnode)


def _snapshot_states(qnode: Any, encoded: np.ndarray, weights: np.ndarray
                     ) -> tuple[list[str], list[np.ndarray]]:
    with circuit_lock():
        snapshots = qml.snapshots(qnode)(encoded, weights)
    stages = [tag for tag in snapshots if tag != "execution_results"]
    return stages, [np.asarray(snapshots[tag]) for tag in stages]


def layer_bloch_vectors(
    config_or_model: Any,
    x: Any,
    weights: Any = None,
    random_state: int | None = 0,
    qnode: Any = None,
) -> LayerStates:
    """Bloch vectors of every qubit after every stage of the circuit, for one input ``x``.

    Parameters
    ----------
    config_or_model : CircuitConfig, HybridNet or fitted estimator
        A config runs with ``weights`` or random ones (seed ``random_state``); a model with its
        trained weights, and ``x`` first goes through its pre-network.
    x : array of shape (n_features,)
        One sample.
    weights : array, optional
        Flat circuit weights overriding the defaults.
    random_state : int or None
        Seed of a config's random weights.
    qnode : optional
        A :func:`layer_state_qnode` of the same circuit, to reuse (saves building it).

    Returns
    -------
    LayerStates
        The last stage's vectors equal :func:`qnnlab.analysis.inspect_state`'s.

    Examples
    --------
    >>> from qnnlab.circuits import CircuitConfig
    >>> from qnnlab.analysis import inspect_state
    >>> config = CircuitConfig(n_qubits=2, n_layers=2)
    >>> view = layer_bloch_vectors(config, [0.3, 0.4])
    >>> view.bloch.shape, bool(np.allclose(view.bloch[-1],
    ...                                    inspect_state(config, [0.3, 0.4]).bloch_vectors))
    ((3, 2, 3), True)
    """
    resolved = resolve_circuit(config_or_model, weights, random_state,
                               needs="the views after every layer")
    x = np.asarray(x, dtype=float)
    if x.ndim != 1:
        raise ValueError(f"layer_bloch_vectors takes one sample, shape (n_features,); got "
                         f"{x.shape}.")
    encoded = x
    if resolved.model is not None:
        with torch.no_grad():
            encoded = resolved.model.features(torch.as_tensor(x[None, :], dtype=DTYPE))[0]
        encoded = encoded.numpy()
    if qnode is None:
        qnode = layer_state_qnode(resolved.config.replace(n_features=len(encoded)))
    stages, states = _snapshot_states(qnode, encoded, resolved.weights)
    n = resolved.config.n_qubits
    bloch = np.stack([bloch_vectors(state, n) for state in states])
    return LayerStates(stages, bloch, encoded)


def qubit_expectations(model: Any, X: Any) -> np.ndarray:
    """Each qubit's measured ``<Z>`` for every row of ``X``, shape ``(len(X), n_qubits)``.

    The outputs of the model's quantum layer (after its pre-network), without the head.

    Examples
    --------
    >>> from qnnlab.models import HybridNet
    >>> from qnnlab.circuits import CircuitConfig
    >>> model = HybridNet(2, 2, CircuitConfig("angle", "hardware_efficient", n_qubits=2,
    ...                                       n_layers=0))
    >>> qubit_expectations(model, [[0.0, np.pi]]).round(6).tolist()  # RY(0)|0>, RY(pi)|0>
    [[1.0, -1.0]]
    """
    resolved = resolve_circuit(model, needs="the qubits' measured values")
    if resolved.model is None:
        raise ValueError("qubit_expectations needs a HybridNet or a fitted estimator; got a "
                         "CircuitConfig (use qnnlab.circuits.build_qnode for a bare circuit).")
    X = np.atleast_2d(np.asarray(X, dtype=float))
    with torch.no_grad():
        out = resolved.model.quantum_features(torch.as_tensor(X, dtype=DTYPE))
    return out.numpy().astype(float)

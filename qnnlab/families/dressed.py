"""The dressed quantum circuit (Mari et al. 2020) and its separable and classical-only ablations.

Follows ``DressedQuantumCircuitClassifier`` and its ``Separable`` and ``OnlyNN`` variants of the
reference study (Bowles, Ahmed & Schuld 2024, arXiv:2403.07059;
``src/qml_benchmarks/models/dressed_quantum_circuit.py`` of github.com/XanaduAI/qml-benchmarks),
all three from one switch, ``ablation``.

Examples
--------
>>> from qnnlab.datasets import load_dataset
>>> X_train, X_test, y_train, y_test = load_dataset("moons", n_samples=60, random_state=0)
>>> clf = DressedQuantumCircuitClassifier(n_layers=1, epochs=2, random_state=0)
>>> clf.fit(X_train, y_train).model_.n_parameters()
{'input_weights': 4, 'circuit_weights': 2, 'output_weights': 4}
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pennylane as qml
import torch
from sklearn.preprocessing import StandardScaler
from torch import nn

from qnnlab._validation import MAX_LAYERS, check_choice, check_positive_int
from qnnlab.families._base import check_family_qubits, check_positive_real
from qnnlab.families._trained import CircuitModule, TrainedCircuitClassifier
from qnnlab.models import DTYPE
from qnnlab.training import accuracy

__all__ = ["ABLATIONS", "DressedNet", "DressedQuantumCircuitClassifier"]

#: None: the dressed circuit; "separable": no CNOTs; "classical": the circuit replaced by a
#: ``tanh`` layer of the same width (the reference's ``OnlyNN``).
ABLATIONS = (None, "separable", "classical")


class DressedNet(CircuitModule):
    """Linear map + tanh, a circuit of ``n_features`` qubits, linear map to two logits.

    ``h = tanh(W_in x) * pi / 2`` (no bias); the circuit applies ``H`` and ``RY(h_i)`` on every
    qubit, then ``n_layers`` layers of ``RY(w_li)`` and a ring of CNOTs, and measures every
    ``<Z_i>``; ``logits = W_out <Z>`` (no bias). ``W_in`` and ``W_out`` start normal divided by
    the feature count, ``w`` uniform in ``[0, 2 pi)``. ``ablation="separable"`` drops the CNOTs;
    ``"classical"`` replaces the circuit by ``tanh(W_mid h) * pi / 2``.
    """

    def __init__(self, X: np.ndarray, n_layers: int, ablation: str | None, scaling: float,
                 seed: int) -> None:
        super().__init__(X, StandardScaler(), scaling)
        n = self.n_qubits = X.shape[1]
        self.n_layers, self.ablation = n_layers, ablation
        generator = torch.Generator().manual_seed(seed)

        def normal(*shape: int) -> nn.Parameter:
            return nn.Parameter(torch.randn(shape, generator=generator, dtype=DTYPE) / n)

        self.input_weights = normal(n, n)
        if ablation == "classical":
            self.mid_weights = normal(n, n)
        else:
            self.circuit_weights = nn.Parameter(
                2 * np.pi * torch.rand((n_layers, n), generator=generator, dtype=DTYPE))
        self.output_weights = normal(2, n)

    def weights(self) -> tuple[torch.Tensor, ...]:
        return (self.circuit_weights,)

    def circuit(self, h: torch.Tensor, weights: torch.Tensor) -> Any:
        n = self.n_qubits
        for i in range(n):
            qml.Hadamard(wires=i)
            qml.RY(h[..., i], wires=i)
        for layer in range(self.n_layers):
            for i in range(n):
                qml.RY(weights[layer, i], wires=i)
            if self.ablation is None and n > 1:
                for i in range(n if n > 2 else 1):  # PennyLane's "ring" pattern
                    qml.CNOT(wires=[i, (i + 1) % n])
        return [qml.expval(qml.PauliZ(i)) for i in range(n)]

    @property
    def has_circuit(self) -> bool:  # type: ignore[override]
        """False for the classical-only ablation."""
        return self.ablation != "classical"

    def circuit_input(self, x: torch.Tensor) -> torch.Tensor:
        """The angles ``tanh(W_in x) * pi / 2`` of the (standardised) batch ``x``."""
        return torch.tanh(self.scaled(x) @ self.input_weights.T) * (np.pi / 2)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Two logits per sample."""
        h = self.circuit_input(x)
        if self.ablation == "classical":
            middle = torch.tanh(h @ self.mid_weights.T) * (np.pi / 2)
        else:
            middle = self.forward_circuit(h)
        return middle @ self.output_weights.T


class DressedQuantumCircuitClassifier(TrainedCircuitClassifier):
    """Dressed quantum circuit (Mari et al. 2020): classical layers around a circuit.

    One qubit per feature. Inputs are standardised on the training data (times ``scaling``),
    mapped by a trainable linear layer and ``tanh * pi/2`` to the angles of the circuit
    (``H``, ``RY``; then ``n_layers`` of trainable ``RY`` and a CNOT ring); a trainable linear
    layer maps the ``<Z_i>`` to two logits, trained with cross-entropy (see :class:`DressedNet`).

    Parameters
    ----------
    n_layers : int, default=3
        Variational layers (reference grid 1, 5, 10, 15).
    ablation : {None, "separable", "classical"}, default=None
        None: the model; "separable": no CNOTs (the reference's ``...Separable``);
        "classical": the circuit replaced by a ``tanh`` layer of the same width (``...OnlyNN``).
    scaling : float, default=1.0
        Factor applied to the standardised inputs.
    epochs, learning_rate, batch_size, optimizer, early_stopping, validation_fraction, \
n_iter_no_change, callbacks, random_state, verbose
        Training, as for :class:`qnnlab.HybridClassifier` (reference: Adam, learning rate
        0.001, grid 0.001, 0.01, 0.1, batch size 32).

    Attributes
    ----------
    model_ : DressedNet
    classes_, history_, n_iter_, trainer_, n_features_in_ :
        As for :class:`qnnlab.HybridClassifier`.

    Notes
    -----
    Deviations from the reference: qnnlab's epoch loop (optionally with validation early
    stopping) instead of up to 100000 steps until the training loss stops changing;
    ``learning_rate`` defaults to 0.001 as in the reference, but ``epochs`` to 30;
    ``random_state`` defaults to None instead of 42; any two labels. Binary only.

    References
    ----------
    Mari et al., "Transfer learning in hybrid classical-quantum neural networks", Quantum 4, 340
    (2020), arXiv:1912.08278. Bowles, Ahmed & Schuld (2024), arXiv:2403.07059.

    Examples
    --------
    >>> from qnnlab.datasets import load_dataset
    >>> X_train, X_test, y_train, y_test = load_dataset("circles", n_samples=60, random_state=0)
    >>> clf = DressedQuantumCircuitClassifier(ablation="classical", epochs=2, random_state=0)
    >>> sorted(clf.fit(X_train, y_train).model_.n_parameters())
    ['input_weights', 'mid_weights', 'output_weights']
    """

    _logits = True
    _metric = staticmethod(accuracy)

    def __init__(
        self,
        n_layers: int = 3,
        ablation: str | None = None,
        *,
        scaling: float = 1.0,
        epochs: int = 30,
        learning_rate: float = 0.001,
        batch_size: int = 32,
        optimizer: str = "adam",
        early_stopping: bool = False,
        validation_fraction: float = 0.1,
        n_iter_no_change: int = 10,
        callbacks: Sequence[Callable[..., Any]] | None = None,
        random_state: int | None = None,
        verbose: bool = False,
    ) -> None:
        self._store_params(locals())

    def _check_training_params(self) -> None:
        check_positive_int("n_layers", self.n_layers, maximum=MAX_LAYERS)
        if self.ablation is not None:
            check_choice("ablation", self.ablation, ABLATIONS[1:])
        check_positive_real("scaling", self.scaling)
        super()._check_training_params()

    def _build_model(self, X: np.ndarray, n_outputs: int, seed: int) -> DressedNet:
        if self.ablation != "classical":
            check_family_qubits(type(self).__name__, X.shape[1], X.shape[1],
                                "one qubit per feature", batch_size=self.batch_size)
        return DressedNet(X, self.n_layers, self.ablation, float(self.scaling), seed)

"""The IQP variational classifier (Havlicek et al. 2019), the reference study's version.

Follows ``IQPVariationalClassifier`` of the reference study (Bowles, Ahmed & Schuld 2024,
arXiv:2403.07059; ``src/qml_benchmarks/models/iqp_variational.py`` of
github.com/XanaduAI/qml-benchmarks).

Examples
--------
>>> from qnnlab.datasets import load_dataset
>>> X_train, X_test, y_train, y_test = load_dataset("moons", n_samples=60, random_state=0)
>>> clf = IQPVariationalClassifier(n_layers=1, epochs=1, random_state=0).fit(X_train, y_train)
>>> clf.model_.n_parameters()
{'weights': 6}
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pennylane as qml
import torch
from sklearn.preprocessing import MinMaxScaler
from torch import nn

from qnnlab._validation import MAX_LAYERS, check_positive_int
from qnnlab.families._base import check_family_qubits, check_positive_real
from qnnlab.families._trained import (
    CircuitModule,
    TrainedCircuitClassifier,
    misclassification_probability,
)
from qnnlab.models import DTYPE

__all__ = ["IQPVariationalClassifier", "IQPVariationalNet"]


class IQPVariationalNet(CircuitModule):
    """``<Z_0 Z_1>`` after ``IQPEmbedding(x)`` and ``StronglyEntanglingLayers`` with CZs.

    One qubit per feature (at least two); weights start uniform in ``[0, 2 pi)``.
    """

    def __init__(self, X: np.ndarray, repeats: int, n_layers: int, scaling: float,
                 seed: int) -> None:
        super().__init__(X, MinMaxScaler(feature_range=(-np.pi / 2, np.pi / 2)), scaling)
        self.n_qubits, self.repeats = X.shape[1], repeats
        shape = qml.StronglyEntanglingLayers.shape(n_layers=n_layers, n_wires=self.n_qubits)
        generator = torch.Generator().manual_seed(seed)
        self.weights_ = nn.Parameter(2 * np.pi * torch.rand(shape, generator=generator,
                                                            dtype=DTYPE))

    def weights(self) -> tuple[torch.Tensor, ...]:
        return (self.weights_,)

    def n_parameters(self) -> dict[str, int]:
        """Trainable parameters by name."""
        return {"weights": self.weights_.numel()}

    def circuit(self, x: torch.Tensor, weights: torch.Tensor) -> Any:
        wires = range(self.n_qubits)
        qml.IQPEmbedding(x, wires=wires, n_repeats=self.repeats)
        qml.StronglyEntanglingLayers(weights, wires=wires, imprimitive=qml.CZ)
        return qml.expval(qml.PauliZ(0) @ qml.PauliZ(1))


class IQPVariationalClassifier(TrainedCircuitClassifier):
    """IQP-embedding variational classifier (Havlicek et al. 2019), as in the reference study.

    ``f(x) = <0| U(x)^dagger V(theta)^dagger Z_0 Z_1 V(theta) U(x) |0>`` with ``U`` PennyLane's
    :class:`~pennylane.IQPEmbedding` (``repeats`` times) on one qubit per feature and ``V``
    :class:`~pennylane.StronglyEntanglingLayers` with CZ entanglers; trained on the linear loss
    ``mean((1 - f y) / 2)`` (the probability of a wrong sign); ``f > 0`` predicts
    ``classes_[1]``. Inputs are min-max scaled to ``[-pi/2, pi/2]`` on the training data.

    Parameters
    ----------
    repeats : int, default=1
        IQP layer repetitions (reference grid 1, 5, 10).
    n_layers : int, default=10
        Variational layers (reference grid 1, 5, 10, 15).
    scaling : float, default=1.0
        Factor applied to the scaled inputs.
    epochs, learning_rate, batch_size, optimizer, early_stopping, validation_fraction, \
n_iter_no_change, callbacks, random_state, verbose
        Training, as for :class:`qnnlab.HybridClassifier` (reference: Adam, learning rate
        0.001, grid 0.001, 0.01, 0.1, batch size 32).

    Attributes
    ----------
    model_ : IQPVariationalNet
    classes_, history_, n_iter_, trainer_, n_features_in_ :
        As for :class:`qnnlab.HybridClassifier`.

    Notes
    -----
    Needs at least two features (the observable is ``Z_0 Z_1``). Deviations from the reference:
    qnnlab's epoch loop instead of up to 10000 steps until convergence; a whole batch runs in
    one broadcast execution of ``default.qubit`` (the reference loops over samples on
    ``lightning.qubit``: the same numbers); ``random_state`` seeds the initial weights (the
    reference draws them from NumPy's global generator); any two labels. Binary only.

    References
    ----------
    Havlicek et al., "Supervised learning with quantum-enhanced feature spaces", Nature 567,
    209 (2019), arXiv:1804.11326. Bowles, Ahmed & Schuld (2024), arXiv:2403.07059.
    """

    def __init__(
        self,
        repeats: int = 1,
        n_layers: int = 10,
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
        check_positive_int("repeats", self.repeats, maximum=MAX_LAYERS)
        check_positive_int("n_layers", self.n_layers, maximum=MAX_LAYERS)
        check_positive_real("scaling", self.scaling)
        super()._check_training_params()

    def _build_model(self, X: np.ndarray, n_outputs: int, seed: int) -> IQPVariationalNet:
        if X.shape[1] < 2:
            raise ValueError(f"{type(self).__name__} needs at least 2 features (its observable "
                             f"is Z_0 Z_1 on one qubit per feature); got {X.shape[1]} feature(s)")
        check_family_qubits(type(self).__name__, X.shape[1], X.shape[1],
                            "one qubit per feature", batch_size=self.batch_size)
        return IQPVariationalNet(X, self.repeats, self.n_layers, float(self.scaling), seed)

    def _loss(self) -> Callable[[torch.Tensor, torch.Tensor], torch.Tensor]:
        return misclassification_probability

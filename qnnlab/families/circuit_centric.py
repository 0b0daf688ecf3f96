"""The circuit-centric classifier (Schuld et al. 2020), the reference study's version.

Follows ``CircuitCentricClassifier`` of the reference study (Bowles, Ahmed & Schuld 2024,
arXiv:2403.07059; ``src/qml_benchmarks/models/circuit_centric.py`` of
github.com/XanaduAI/qml-benchmarks).

Examples
--------
>>> padded_copies(torch.tensor([[3.0, 4.0, 0.0]], dtype=torch.float64), 1)  # pad 1/4, normalise
tensor([[0.5993, 0.7990, 0.0000, 0.0499]], dtype=torch.float64)
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pennylane as qml
import torch
from torch import nn

from qnnlab._validation import MAX_LAYERS, check_positive_int
from qnnlab.families._base import check_family_qubits, check_positive_real
from qnnlab.families._trained import CircuitModule, TrainedCircuitClassifier
from qnnlab.models import DTYPE

__all__ = ["CircuitCentricClassifier", "CircuitCentricNet", "padded_copies"]

#: Most copies of the input state.
MAX_COPIES = 16


def padded_copies(x: torch.Tensor, n_copies: int) -> torch.Tensor:
    """Pad each row to the next power of two with ``1 / 2**n``, normalise, tensor ``n_copies``.

    Examples
    --------
    >>> padded_copies(torch.tensor([[1.0, 0.0]], dtype=torch.float64), 2)
    tensor([[1., 0., 0., 0.]], dtype=torch.float64)
    """
    width = 2 ** max(1, math.ceil(math.log2(x.shape[-1])))
    padded = torch.cat([x, torch.full((len(x), width - x.shape[-1]), 1.0 / width,
                                      dtype=x.dtype)], dim=-1)
    state = padded / torch.linalg.norm(padded, dim=-1, keepdim=True)
    copies = state
    for _ in range(n_copies - 1):
        copies = torch.einsum("bi,bj->bij", copies, state).reshape(len(x), -1)
    return copies


class CircuitCentricNet(CircuitModule):
    """``<Z_0> + b`` after amplitude encoding ``n_copies`` copies and StronglyEntanglingLayers.

    ``n_copies * ceil(log2 d)`` qubits; weights start uniform in ``[0, 2 pi)``, ``b`` at 0.01.
    """

    def __init__(self, X: np.ndarray, n_copies: int, n_layers: int, scaling: float,
                 seed: int) -> None:
        super().__init__(X, None, scaling)
        self.n_copies = n_copies
        self.n_qubits = n_copies * math.ceil(math.log2(X.shape[1]))
        shape = qml.StronglyEntanglingLayers.shape(n_layers=n_layers, n_wires=self.n_qubits)
        generator = torch.Generator().manual_seed(seed)
        self.weights_ = nn.Parameter(2 * np.pi * torch.rand(shape, generator=generator,
                                                            dtype=DTYPE))
        self.bias = nn.Parameter(torch.tensor(0.01, dtype=DTYPE))

    def weights(self) -> tuple[torch.Tensor, ...]:
        return (self.weights_,)

    def n_parameters(self) -> dict[str, int]:
        """Trainable parameters by name."""
        return {"weights": self.weights_.numel(), "bias": 1}

    def circuit(self, state: torch.Tensor, weights: torch.Tensor) -> Any:
        wires = range(self.n_qubits)
        qml.AmplitudeEmbedding(state, wires=wires)
        qml.StronglyEntanglingLayers(weights, wires=wires)
        return qml.expval(qml.PauliZ(0))

    def circuit_input(self, x: torch.Tensor) -> torch.Tensor:
        """The amplitudes: ``n_copies`` padded, normalised copies of the batch ``x``."""
        return padded_copies(self.scaled(x), self.n_copies)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """``<Z_0> + b`` per sample, shape ``(batch, 1)``."""
        return self.forward_circuit(self.circuit_input(x)) + self.bias


class CircuitCentricClassifier(TrainedCircuitClassifier):
    """Circuit-centric classifier (Schuld et al. 2020), as in the reference study.

    The inputs (times ``scaling``; *not* rescaled otherwise, as in the reference) are padded to
    the next power of two with ``1 / 2**n``, normalised, and ``n_input_copies`` copies are
    amplitude-encoded on ``n_input_copies * ceil(log2 d)`` qubits; then
    :class:`~pennylane.StronglyEntanglingLayers`; the output ``<Z_0> + b`` (trainable bias) is
    trained with the square loss against labels -1 and +1 (optax's ``l2_loss``, half the squared
    error); positive predicts ``classes_[1]``.

    Parameters
    ----------
    n_input_copies : int, default=2
        Copies of the encoded state (reference grid 1, 2, 3).
    n_layers : int, default=4
        Variational layers (reference grid 1, 5, 10).
    scaling : float, default=1.0
        Factor applied to the inputs.
    epochs, learning_rate, batch_size, optimizer, early_stopping, validation_fraction, \
n_iter_no_change, callbacks, random_state, verbose
        Training, as for :class:`qnnlab.HybridClassifier` (reference: Adam, learning rate
        0.001, grid 0.001, 0.01, 0.1, batch size 32).

    Attributes
    ----------
    model_ : CircuitCentricNet
    classes_, history_, n_iter_, trainer_, n_features_in_ :
        As for :class:`qnnlab.HybridClassifier`.

    Notes
    -----
    Needs at least two features (one feature would give zero qubits). The encoding keeps only
    the direction of the (padded) input, not its length. Deviations from the
    reference: qnnlab's epoch loop instead of up to 10000 steps until convergence;
    ``predict_proba`` clips the score to ``[-1, 1]`` (the bias can push it outside, which the
    reference returns as probabilities outside ``[0, 1]``); ``random_state`` defaults to None
    instead of 42; any two labels. Binary only.

    References
    ----------
    Schuld, Bocharov, Svore & Wiebe, "Circuit-centric quantum classifiers", Phys. Rev. A 101,
    032308 (2020), arXiv:1804.00633. Bowles, Ahmed & Schuld (2024), arXiv:2403.07059.

    Examples
    --------
    >>> from qnnlab.datasets import load_dataset
    >>> X_train, X_test, y_train, y_test = load_dataset("moons", n_samples=60, random_state=0)
    >>> clf = CircuitCentricClassifier(n_layers=1, epochs=1, random_state=0).fit(X_train, y_train)
    >>> clf.model_.n_qubits, clf.model_.n_parameters()
    (2, {'weights': 6, 'bias': 1})
    """

    def __init__(
        self,
        n_input_copies: int = 2,
        n_layers: int = 4,
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
        check_positive_int("n_input_copies", self.n_input_copies, maximum=MAX_COPIES)
        check_positive_int("n_layers", self.n_layers, maximum=MAX_LAYERS)
        check_positive_real("scaling", self.scaling)
        super()._check_training_params()

    def _build_model(self, X: np.ndarray, n_outputs: int, seed: int) -> CircuitCentricNet:
        d = X.shape[1]
        if d < 2:
            raise ValueError(f"{type(self).__name__} needs at least 2 features (amplitude "
                             f"encoding of one feature needs no qubit); got {d} feature(s)")
        check_family_qubits(type(self).__name__, self.n_input_copies * math.ceil(math.log2(d)),
                            d, f"n_input_copies x ceil(log2 d) qubits ({self.n_input_copies} "
                            "copies)", batch_size=self.batch_size)
        return CircuitCentricNet(X, self.n_input_copies, self.n_layers, float(self.scaling),
                                 seed)

    def __sklearn_tags__(self):  # noqa: D105
        tags = super().__sklearn_tags__()
        # Normalisation keeps only the direction of x (of the padded x): scikit-learn's check
        # data (two blobs, two features) are not all separable by direction.
        tags.classifier_tags.poor_score = True
        return tags

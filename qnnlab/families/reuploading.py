"""The data re-uploading classifier (Perez-Salinas et al. 2020) and its separable ablation.

Follows ``DataReuploadingClassifier`` and ``DataReuploadingClassifierSeparable`` of the reference
study (Bowles, Ahmed & Schuld 2024, arXiv:2403.07059; ``src/qml_benchmarks/models/
data_reuploading.py`` of github.com/XanaduAI/qml-benchmarks), both from one switch,
``separable``.

Examples
--------
>>> observed_qubits("half", 5)
2
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pennylane as qml
import torch
from sklearn.preprocessing import MinMaxScaler
from torch import nn

from qnnlab._validation import MAX_LAYERS, check_bool, check_choice, check_positive_int
from qnnlab.families._base import check_family_qubits, check_positive_real
from qnnlab.families._trained import CircuitModule, TrainedCircuitClassifier
from qnnlab.models import DTYPE

__all__ = ["DataReuploadingClassifier", "ReuploadingNet", "observed_qubits"]

OBSERVABLE_TYPES = ("single", "half", "full")


def observed_qubits(observable_type: str, n_qubits: int) -> int:
    """Qubits whose fidelities enter the cost and the prediction (the reference's rule).

    Examples
    --------
    >>> [observed_qubits(t, 4) for t in OBSERVABLE_TYPES], observed_qubits("half", 1)
    ([1, 2, 4], 1)
    """
    check_choice("observable_type", observable_type, OBSERVABLE_TYPES)
    return {"single": 1, "half": max(1, n_qubits // 2), "full": n_qubits}[observable_type]


def _cz_pairs(n_qubits: int, layer: int) -> list[tuple[int, int]]:
    """CZs on (0, 1), (2, 3), ... in even layers and (1, 2), (3, 4), ... in odd ones."""
    return [(i, i + 1) for i in range(layer % 2, n_qubits - 1, 2)]


class ReuploadingNet(CircuitModule):
    """The re-uploading circuit as a torch module: ``<Z_j>`` of the observed qubits.

    Three features per qubit (zero-padded), ``ceil(d / 3)`` qubits. Each of ``n_layers`` layers
    applies, on every qubit ``i``, ``Rot(x_i * omega_l)`` then ``Rot(theta_il)``, then CZs
    (alternating pairs); a final layer applies ``Rot(x_i * omega_L + theta_iL)``. The separable
    ablation applies ``Rot(x_i * omega_l + theta_il)`` in every layer and no CZ (as the
    reference's ``DataReuploadingClassifierSeparable``). ``theta`` and ``omega`` start uniform
    in ``[0, 1)``, the cost weights ``alpha`` at 1.
    """

    def __init__(self, X: np.ndarray, n_layers: int, observable_type: str, separable: bool,
                 scaling: float, seed: int) -> None:
        super().__init__(X, MinMaxScaler(feature_range=(-np.pi / 2, np.pi / 2)), scaling)
        n_features = X.shape[1]
        self.n_qubits = math.ceil(n_features / 3)
        self.n_layers, self.separable = n_layers, separable
        self.n_observed = observed_qubits(observable_type, self.n_qubits)
        self.n_padding = 3 * self.n_qubits - n_features
        generator = torch.Generator().manual_seed(seed)
        self.thetas = nn.Parameter(torch.rand((self.n_qubits, n_layers + 1, 3),
                                              generator=generator, dtype=DTYPE))
        self.omegas = nn.Parameter(torch.rand((n_layers + 1, 3 * self.n_qubits),
                                              generator=generator, dtype=DTYPE))
        self.alphas = nn.Parameter(torch.ones((2, self.n_observed), dtype=DTYPE))

    def scaled(self, x: torch.Tensor) -> torch.Tensor:
        """Scaled inputs, zero-padded to three features per qubit."""
        return nn.functional.pad(super().scaled(x), (0, self.n_padding))

    def weights(self) -> tuple[torch.Tensor, ...]:
        return (self.thetas, self.omegas)

    def circuit(self, x: torch.Tensor, thetas: torch.Tensor, omegas: torch.Tensor) -> Any:
        n = self.n_qubits
        for layer in range(self.n_layers + 1):
            final = layer == self.n_layers
            for i in range(n):
                angles = x[..., 3 * i:3 * i + 3] * omegas[layer, 3 * i:3 * i + 3]
                if self.separable or final:
                    qml.Rot(*(angles + thetas[i, layer]).unbind(-1), wires=i)
                else:
                    qml.Rot(*angles.unbind(-1), wires=i)
                    qml.Rot(*thetas[i, layer], wires=i)
            if not (self.separable or final):
                for a, b in _cz_pairs(n, layer):
                    qml.CZ(wires=[a, b])
        return [qml.expval(qml.PauliZ(j)) for j in range(self.n_observed)]


class FidelityCost(nn.Module):
    """Eq. (23) of Perez-Salinas et al. 2020, as the reference implements it.

    ``1/2 sum_j (alpha_0j F1_j - [y = 0])^2 + (alpha_1j F0_j - [y = 1])^2``, averaged over the
    batch, with ``F0_j = (1 + <Z_j>) / 2`` (fidelity with ``|0>``), ``F1_j = 1 - F0_j`` and the
    trainable class weights ``alpha`` of ``model``.

    Examples
    --------
    >>> net = ReuploadingNet(np.array([[0.0], [1.0]]), 1, "single", False, 1.0, seed=0)
    >>> cost = FidelityCost(net)
    >>> float(cost(torch.tensor([[1.0]], dtype=DTYPE), torch.tensor([1])).detach())  # perfect
    0.0
    >>> float(cost(torch.tensor([[1.0]], dtype=DTYPE), torch.tensor([0])).detach())  # 1/2 (1 + 1)
    1.0
    """

    def __init__(self, model: ReuploadingNet) -> None:
        super().__init__()
        self.alphas = model.alphas  # shared with the model, trained by its optimiser

    def forward(self, outputs: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
        """The mean cost of the batch."""
        f0 = (1 + outputs) / 2
        y1 = targets.to(DTYPE)[:, None]
        errors = (self.alphas[0] * (1 - f0) - (1 - y1)) ** 2 + (self.alphas[1] * f0 - y1) ** 2
        return errors.sum(dim=-1).mean() / 2


class DataReuploadingClassifier(TrainedCircuitClassifier):
    """Data re-uploading classifier (Perez-Salinas et al. 2020), the reference study's version.

    Three features per qubit (``ceil(d / 3)`` qubits), uploaded ``n_layers + 1`` times through
    ``Rot`` gates with trainable input scaling ``omega``, trainable ``Rot(theta)`` layers and CZ
    entanglers; trained on the weighted fidelity cost of the paper's eq. (23) (trainable class
    weights ``alpha``) over the first ``1``, ``n_qubits // 2`` or ``n_qubits`` qubits
    (``observable_type``). The score is the mean ``<Z>`` of those qubits: positive predicts
    ``classes_[1]``. Inputs are min-max scaled to ``[-pi/2, pi/2]`` on the training data.

    Parameters
    ----------
    n_layers : int, default=4
        Trainable layers (reference grid 1, 5, 10, 15); data are uploaded ``n_layers + 1`` times.
    observable_type : {"single", "half", "full"}, default="single"
        Qubits in the cost (reference grid: all three).
    separable : bool, default=False
        The reference's separable ablation: no entangling gates, one ``Rot(x omega + theta)``
        per qubit and layer.
    scaling : float, default=1.0
        Factor applied to the scaled inputs.
    epochs, learning_rate, batch_size, optimizer, early_stopping, validation_fraction, \
n_iter_no_change, callbacks, random_state, verbose
        Training, as for :class:`qnnlab.HybridClassifier` (reference: Adam, learning rate
        0.05, grid 0.001, 0.01, 0.1, batch size 32).

    Attributes
    ----------
    model_ : ReuploadingNet
        The trained circuit (``thetas``, ``omegas``, ``alphas``).
    classes_, history_, n_iter_, trainer_, n_features_in_ :
        As for :class:`qnnlab.HybridClassifier`.

    Notes
    -----
    Deviations from the reference: training is qnnlab's epoch loop (optionally with validation
    early stopping; ``qnnlab bench`` uses it) instead of up to 10000 steps until the training
    loss stops changing over 200 steps; ``random_state`` defaults to None instead of 42; labels
    may be any two values (not only -1 and 1). Binary only, as in the reference.

    References
    ----------
    Perez-Salinas et al., "Data re-uploading for a universal quantum classifier", Quantum 4, 226
    (2020), arXiv:1907.02085. Bowles, Ahmed & Schuld (2024), arXiv:2403.07059.

    Examples
    --------
    >>> from qnnlab.datasets import load_dataset
    >>> X_train, X_test, y_train, y_test = load_dataset("moons", n_samples=60, random_state=0)
    >>> clf = DataReuploadingClassifier(n_layers=2, epochs=2, random_state=0).fit(X_train, y_train)
    >>> clf.model_.n_qubits, clf.predict_proba(X_test[:2]).shape
    (1, (2, 2))
    """

    def __init__(
        self,
        n_layers: int = 4,
        observable_type: str = "single",
        *,
        separable: bool = False,
        scaling: float = 1.0,
        epochs: int = 30,
        learning_rate: float = 0.05,
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
        check_choice("observable_type", self.observable_type, OBSERVABLE_TYPES)
        check_bool("separable", self.separable)
        check_positive_real("scaling", self.scaling)
        super()._check_training_params()

    def _build_model(self, X: np.ndarray, n_outputs: int, seed: int) -> ReuploadingNet:
        n_qubits = math.ceil(X.shape[1] / 3)
        check_family_qubits(type(self).__name__, n_qubits, X.shape[1],
                            "a qubit per three features", batch_size=self.batch_size)
        return ReuploadingNet(X, self.n_layers, self.observable_type, bool(self.separable),
                              float(self.scaling), seed)

    def _loss(self) -> FidelityCost:
        return FidelityCost(self.model_)

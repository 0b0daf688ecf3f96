"""A quantum convolutional neural network (Cong, Choi & Lukin 2019) for classical data.

The reference study's repository has no QCNN; this follows the paper's structure as adapted to
classical data by Hur, Kim & Park (2022): alternating *convolution* layers (one two-qubit
block, its parameters shared by every neighbouring pair: translation invariance) and *pooling*
layers (a controlled rotation from each discarded qubit onto its kept neighbour), halving the
qubits until one remains, whose ``<Z>`` is the score.

Examples
--------
>>> qcnn_levels(8)
3
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

from qnnlab.families._base import check_family_qubits, check_positive_real
from qnnlab.families._trained import CircuitModule, TrainedCircuitClassifier
from qnnlab.models import DTYPE

__all__ = ["QCNNClassifier", "QCNNNet", "conv_block", "pool_block", "qcnn_layers",
           "qcnn_levels"]

#: Parameters of one convolution block (two general rotations, XX, YY, ZZ, two rotations).
CONV_PARAMS = 15
#: Parameters of one pooling block (a controlled RZ and a controlled RX).
POOL_PARAMS = 2


def qcnn_levels(n_qubits: int) -> int:
    """Convolution + pooling levels that take ``n_qubits`` down to one (each halves, rounding up).

    Examples
    --------
    >>> [qcnn_levels(n) for n in (2, 3, 4, 10, 16)]
    [1, 2, 2, 4, 4]
    """
    return math.ceil(math.log2(n_qubits))


def conv_block(weights: Any, wires: Sequence[int]) -> None:
    """The two-qubit convolution block (15 parameters, a general two-qubit unitary family).

    Examples
    --------
    >>> tape = qml.tape.make_qscript(conv_block)(np.zeros(15), [0, 1])
    >>> [op.name for op in tape.operations]
    ['Rot', 'Rot', 'IsingXX', 'IsingYY', 'IsingZZ', 'Rot', 'Rot']
    """
    a, b = wires
    qml.Rot(*weights[0:3], wires=a)
    qml.Rot(*weights[3:6], wires=b)
    qml.IsingXX(weights[6], wires=[a, b])
    qml.IsingYY(weights[7], wires=[a, b])
    qml.IsingZZ(weights[8], wires=[a, b])
    qml.Rot(*weights[9:12], wires=a)
    qml.Rot(*weights[12:15], wires=b)


def pool_block(weights: Any, discarded: int, kept: int) -> None:
    """Pooling: a controlled RZ and a controlled RX from the discarded qubit onto the kept one.

    Examples
    --------
    >>> tape = qml.tape.make_qscript(pool_block)(np.zeros(2), 1, 0)
    >>> [(op.name, list(op.wires)) for op in tape.operations]
    [('CRZ', [1, 0]), ('CRX', [1, 0])]
    """
    qml.CRZ(weights[0], wires=[discarded, kept])
    qml.CRX(weights[1], wires=[discarded, kept])


def qcnn_layers(conv: Any, pool: Any, wires: Sequence[int]) -> int:
    """Queue the convolution and pooling levels on ``wires``; return the one wire left.

    At each level the active wires ``q_0 < q_1 < ...`` get the convolution block (weights
    ``conv[level]``) on pairs ``(q_0, q_1), (q_2, q_3), ...`` then ``(q_1, q_2), ...`` (and
    ``(q_last, q_0)`` when more than two are active); pooling (weights ``pool[level]``) then
    maps each pair ``(q_2k, q_2k+1)`` onto ``q_2k`` (an unpaired last wire stays active). Use it
    after any state preparation, e.g. ``qml.StatePrep`` for quantum data.

    Examples
    --------
    >>> levels = qcnn_levels(4)
    >>> tape = qml.tape.make_qscript(qcnn_layers)(np.zeros((levels, 15)), np.zeros((levels, 2)),
    ...                                           range(4))
    >>> sum(op.name == "IsingZZ" for op in tape.operations), tape.operations[-1].wires.tolist()
    (5, [2, 0])
    """
    active = list(wires)
    for level in range(qcnn_levels(len(active))):
        pairs = list(zip(active[0::2], active[1::2]))
        shifted = list(zip(active[1::2], active[2::2]))
        if len(active) > 2:
            shifted.append((active[-1], active[0]))
        for pair in pairs + shifted:
            conv_block(conv[level], pair)
        for kept, discarded in pairs:
            pool_block(pool[level], discarded, kept)
        active = active[0::2]
    return active[0]


class QCNNNet(CircuitModule):
    """The QCNN as a torch module: ``RY(x_i)`` on qubit ``i``, then convolution and pooling.

    One qubit per feature. At each level the active qubits ``q_0 < q_1 < ...`` get the
    convolution block on pairs ``(q_0, q_1), (q_2, q_3), ...`` then ``(q_1, q_2), ...`` (and
    ``(q_last, q_0)`` when more than two are active), all with the level's shared weights;
    pooling then maps each pair ``(q_2k, q_2k+1)`` onto ``q_2k`` (an unpaired last qubit stays
    active).
    """

    def __init__(self, X: np.ndarray, scaling: float, seed: int) -> None:
        super().__init__(X, MinMaxScaler(feature_range=(0.0, np.pi)), scaling)
        self.n_qubits = X.shape[1]
        levels = qcnn_levels(self.n_qubits)
        generator = torch.Generator().manual_seed(seed)
        self.conv_weights = nn.Parameter(
            2 * np.pi * torch.rand((levels, CONV_PARAMS), generator=generator, dtype=DTYPE))
        self.pool_weights = nn.Parameter(
            2 * np.pi * torch.rand((levels, POOL_PARAMS), generator=generator, dtype=DTYPE))

    def weights(self) -> tuple[torch.Tensor, ...]:
        return (self.conv_weights, self.pool_weights)

    def circuit(self, x: torch.Tensor, conv: torch.Tensor, pool: torch.Tensor) -> Any:
        for i in range(self.n_qubits):
            qml.RY(x[..., i], wires=i)
        return qml.expval(qml.PauliZ(qcnn_layers(conv, pool, range(self.n_qubits))))


class QCNNClassifier(TrainedCircuitClassifier):
    """Quantum convolutional neural network classifier (Cong, Choi & Lukin 2019).

    One qubit per feature: ``RY`` angle encoding of the min-max scaled inputs (``[0, pi]``,
    times ``scaling``), then ``ceil(log2(n))`` levels of convolution (a
    15-parameter two-qubit block shared by all neighbouring pairs) and pooling (controlled
    rotations), ``<Z>`` of the last qubit as the score (positive: ``classes_[1]``), trained on
    the squared error against -1 and +1. Features should have spatial order (neighbouring
    features on neighbouring qubits), e.g. the pixels of a small image, row by row.

    Parameters
    ----------
    scaling : float, default=1.0
        Factor applied to the scaled inputs.
    epochs, learning_rate, batch_size, optimizer, early_stopping, validation_fraction, \
n_iter_no_change, callbacks, random_state, verbose
        Training, as for :class:`qnnlab.HybridClassifier`.

    Attributes
    ----------
    model_ : QCNNNet
        ``conv_weights`` (levels x 15), ``pool_weights`` (levels x 2).
    classes_, history_, n_iter_, trainer_, n_features_in_ :
        As for :class:`qnnlab.HybridClassifier`.

    Notes
    -----
    Not in the reference study's code: no reference implementation or grid to match. Pooling is
    coherent (controlled rotations, no mid-circuit measurement), as in Hur et al. (2022); the
    paper's pooling measures and conditions a rotation on the outcome, which the deferred
    measurement principle makes equivalent to a controlled rotation. Binary only.

    References
    ----------
    Cong, Choi & Lukin, "Quantum convolutional neural networks", Nature Physics 15, 1273 (2019),
    arXiv:1810.03787. Hur, Kim & Park, "Quantum convolutional neural network for classical data
    classification", Quantum Machine Intelligence 4, 3 (2022), arXiv:2108.00661.

    Examples
    --------
    >>> from qnnlab.datasets import load_dataset
    >>> X_train, X_test, y_train, y_test = load_dataset("moons", n_samples=60, random_state=0)
    >>> clf = QCNNClassifier(epochs=1, random_state=0).fit(X_train, y_train)
    >>> clf.model_.n_qubits, clf.model_.n_parameters()
    (2, {'conv_weights': 15, 'pool_weights': 2})
    """

    def __init__(
        self,
        *,
        scaling: float = 1.0,
        epochs: int = 30,
        learning_rate: float = 0.01,
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
        check_positive_real("scaling", self.scaling)
        super()._check_training_params()

    def _build_model(self, X: np.ndarray, n_outputs: int, seed: int) -> QCNNNet:
        d = X.shape[1]
        if d < 2:
            raise ValueError(f"{type(self).__name__} needs at least 2 features (one qubit each, "
                             f"pooled down to one); got {d} feature(s)")
        check_family_qubits(type(self).__name__, d, d, "one qubit per feature",
                            batch_size=self.batch_size)
        return QCNNNet(X, float(self.scaling), seed)

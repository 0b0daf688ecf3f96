"""What the gradient-trained families share: qnnlab's training loop, checks and prediction path.

:class:`TrainedCircuitClassifier` is a binary classifier on :class:`qnnlab.estimators.
_HybridEstimator`: the same parameter checks, :class:`~qnnlab.training.Trainer` (mini-batches,
optional validation early stopping, callbacks, history), seeds and non-finite-output guards as
:class:`~qnnlab.HybridClassifier`. A family only builds its torch module (``_build_model``),
whose outputs are expectation values in ``[-1, 1]``, and, if it is not the mean squared error of
the score, its loss (``_loss``). The score ``m`` of a sample is the mean of its outputs;
``m > 0`` predicts ``classes_[1]`` and ``predict_proba`` is ``[(1 - m) / 2, (1 + m) / 2]``, as
in the reference implementations.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pennylane as qml
import torch
from sklearn.base import ClassifierMixin
from sklearn.preprocessing import LabelEncoder, MinMaxScaler, StandardScaler
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import check_is_fitted
from torch import nn

from qnnlab._concurrency import circuit_lock, guard_qnode
from qnnlab.estimators import _check_one_label_type, _HybridEstimator
from qnnlab.families._base import generic_sample
from qnnlab.models import DTYPE

__all__ = ["CircuitModule", "TrainedCircuitClassifier", "misclassification_probability",
           "score_accuracy", "score_squared_error"]


def score_accuracy(outputs: torch.Tensor, targets: torch.Tensor) -> float:
    """Accuracy of ``mean(outputs) > 0`` predicting class 1.

    Examples
    --------
    >>> score_accuracy(torch.tensor([[0.5], [-0.2], [0.1]]), torch.tensor([1, 0, 0]))
    0.6666666666666666
    """
    return float(((outputs.mean(dim=-1) > 0).long() == targets).double().mean())


def score_squared_error(outputs: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
    """Half the mean squared error of the score ``mean(outputs)`` against the class as -1 or +1.

    (optax's ``l2_loss``, as the reference's circuit-centric classifier uses.)

    Examples
    --------
    >>> float(score_squared_error(torch.tensor([[0.5], [-1.0]]), torch.tensor([1, 0])))
    0.0625
    """
    return ((outputs.mean(dim=-1) - (2.0 * targets - 1.0)) ** 2).mean() / 2


def misclassification_probability(outputs: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
    """``mean((1 - f y) / 2)`` for the score ``f`` in ``[-1, 1]`` and ``y`` = -1 or +1.

    The linear loss of the reference's IQP variational classifier: the probability that a
    single measurement of the observable gives the wrong sign.

    Examples
    --------
    >>> float(misclassification_probability(torch.tensor([[0.5], [0.5]]), torch.tensor([1, 0])))
    0.5
    """
    return ((1 - outputs.mean(dim=-1) * (2.0 * targets - 1.0)) / 2).mean()


class CircuitModule(nn.Module):
    """A torch module around a PennyLane circuit, with the training data's min-max scaling.

    Subclasses call ``super().__init__(X, scaler, scaling)`` (an unfitted ``MinMaxScaler`` or
    ``StandardScaler``, fitted here on the training data), create their parameters,
    set ``n_qubits`` and implement ``circuit(x, *weights)`` (queue gates, return
    measurements) and ``weights()``. The QNode runs on ``default.qubit`` with backpropagation,
    a whole batch in one broadcast execution; it is rebuilt, not pickled.
    """

    n_qubits: int

    def __init__(self, X: np.ndarray, scaler: MinMaxScaler | StandardScaler | None,
                 scaling: float) -> None:
        super().__init__()
        if scaler is None:  # the inputs as they are, times scaling
            scale, offset = np.ones(X.shape[1]), np.zeros(X.shape[1])
        elif isinstance(scaler.fit(X), StandardScaler):  # (x - mean) / scale as x * a + b
            scale, offset = 1.0 / scaler.scale_, -scaler.mean_ / scaler.scale_
        else:
            scale, offset = scaler.scale_, scaler.min_
        self.register_buffer("scale", torch.tensor(scale * scaling, dtype=DTYPE))
        self.register_buffer("offset", torch.tensor(offset * scaling, dtype=DTYPE))

    def scaled(self, x: torch.Tensor) -> torch.Tensor:
        """Inputs min-max scaled as the training data were, times ``scaling``."""
        return x * self.scale + self.offset

    #: False for a module without a circuit (the dressed circuit's classical-only ablation).
    has_circuit = True

    def circuit_input(self, x: torch.Tensor) -> torch.Tensor:
        """What the circuit receives for the (unscaled) batch ``x``; by default ``scaled(x)``."""
        return self.scaled(x)

    def circuit_script(self, x: torch.Tensor) -> qml.tape.QuantumScript:
        """The gates and measurements that the single unscaled sample ``x`` runs."""
        with circuit_lock(), torch.no_grad():
            return qml.tape.make_qscript(self.circuit)(self.circuit_input(x[None])[0],
                                                       *self.weights())

    def circuit(self, x: torch.Tensor, *weights: torch.Tensor) -> Any:
        raise NotImplementedError

    def weights(self) -> tuple[torch.Tensor, ...]:
        raise NotImplementedError

    def _qnode(self) -> qml.QNode:
        qnode = self.__dict__.get("_qnode_cache")
        if qnode is None:
            with circuit_lock():
                device = qml.device("default.qubit", wires=self.n_qubits)
                qnode = guard_qnode(qml.QNode(self.circuit, device, interface="torch",
                                              diff_method="backprop"))
            self.__dict__["_qnode_cache"] = qnode
        return qnode

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Expectation values for the batch ``x``, shape ``(batch, n_outputs)``."""
        return self.forward_circuit(self.scaled(x))

    def forward_circuit(self, angles: torch.Tensor) -> torch.Tensor:
        """The circuit's measurements for a batch of circuit inputs, in one execution."""
        out = self._qnode()(angles, *self.weights())
        if isinstance(out, (list, tuple)):
            out = torch.stack([torch.as_tensor(o) for o in out], dim=-1)
        return torch.as_tensor(out).to(DTYPE).reshape(len(angles), -1)

    def n_parameters(self) -> dict[str, int]:
        """Trainable parameters by name."""
        return {name: p.numel() for name, p in self.named_parameters() if p.requires_grad}

    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        state.pop("_qnode_cache", None)
        return state


class TrainedCircuitClassifier(ClassifierMixin, _HybridEstimator):
    """Base of the gradient-trained family classifiers (binary, as in the reference study)."""

    # _HybridEstimator's checks read these; the families have no pre-network, are quantum and
    # are simulated exactly.
    pre_layers = None
    quantum = True
    shots = None
    _numeric_y = False
    _multi_output = False
    _metric = staticmethod(score_accuracy)

    def _store_params(self, params: dict[str, Any]) -> None:
        """Store ``__init__``'s arguments, unchanged (scikit-learn's contract): pass locals()."""
        for name, value in params.items():
            if name not in ("self", "__class__"):
                setattr(self, name, value)

    def _prepare_targets(self, y: np.ndarray) -> tuple[torch.Tensor, int]:
        _check_one_label_type(y)
        check_classification_targets(y)
        self._label_encoder = LabelEncoder().fit(y)
        self.classes_ = self._label_encoder.classes_
        if len(self.classes_) != 2:
            raise ValueError(
                f"Only binary classification is supported by {type(self).__name__} (as in the "
                f"reference study); got {len(self.classes_)} classes: {self.classes_[:10]}. "
                "For more classes wrap it in sklearn.multiclass.OneVsRestClassifier."
            )
        return torch.as_tensor(self._label_encoder.transform(y), dtype=torch.long), 2

    #: True: the module returns class logits (softmax, cross-entropy, as HybridClassifier; set
    #: ``_metric = staticmethod(accuracy)`` too); False: expectation values whose mean is the
    #: score.
    _logits = False

    def _loss(self) -> Any:
        return nn.CrossEntropyLoss() if self._logits else score_squared_error

    def _validate_params(self) -> None:
        """Check every parameter (scikit-learn's hook; ``qnnlab bench`` calls it on parsing)."""
        self._check_training_params()

    def _sync_evaluation_settings(self) -> None:
        """Nothing to sync: these models have no evaluation-only settings."""

    def circuit_script(self, x: Any = None) -> qml.tape.QuantumScript | None:
        """The circuit one prediction runs, for counting (None for a model without a circuit).

        ``x`` is one (unscaled) sample; by default :func:`~qnnlab.families._base.
        generic_sample`. :func:`qnnlab.resources` counts its gates.
        """
        check_is_fitted(self)
        if not self.model_.has_circuit:
            return None
        sample = generic_sample(self.n_features_in_) if x is None else x
        return self.model_.circuit_script(torch.as_tensor(np.ravel(sample), dtype=DTYPE))

    def circuits_per_prediction(self) -> int:
        """Circuits one prediction runs: one (its measurements commute), none without one."""
        check_is_fitted(self)
        return int(self.model_.has_circuit)

    def quantum_parameters(self) -> int:
        """Trainable numbers inside the circuit (the rest of ``model_`` is classical)."""
        check_is_fitted(self)
        if not self.model_.has_circuit:
            return 0
        return int(sum(w.numel() for w in self.model_.weights()))

    def decision_function(self, X: Any) -> np.ndarray:
        """The score: the mean of the outputs in ``[-1, 1]`` (or the logit difference);
        positive for ``classes_[1]``."""
        outputs = self._forward(X)
        if self._logits:
            return (outputs[:, 1] - outputs[:, 0]).numpy()
        return outputs.mean(dim=-1).numpy()

    def predict_proba(self, X: Any) -> np.ndarray:
        """``[(1 - m) / 2, (1 + m) / 2]`` for the score ``m`` (softmax of logits)."""
        if self._logits:
            return torch.softmax(self._forward(X), dim=-1).numpy()
        m = np.clip(self.decision_function(X), -1.0, 1.0)  # a trained bias may leave [-1, 1]
        return np.column_stack([(1 - m) / 2, (1 + m) / 2])

    def predict(self, X: Any) -> np.ndarray:
        """Predicted class labels: ``classes_[1]`` where the score is positive."""
        scores = self.decision_function(X)  # first: NotFittedError before fit
        return self.classes_[(scores > 0).astype(int)]

    def __sklearn_tags__(self):  # noqa: D105
        tags = super().__sklearn_tags__()
        tags.classifier_tags.multi_class = False
        return tags

"""scikit-learn estimators for hybrid quantum neural networks.

:class:`HybridClassifier` and :class:`HybridRegressor` wrap :class:`qnnlab.models.HybridNet` and
:class:`qnnlab.training.Trainer` in the scikit-learn estimator API, so that they work in
Pipelines, GridSearchCV and cross_val_score, and next to any scikit-learn baseline.

Evaluation settings (``noise``, ``noise_strength``, ``noise_placement``, ``shots``, ``zne``,
``device``, ``diff_method``, ``profile``) may be changed with ``set_params`` after fitting:
predictions then run the *same trained weights* under the new settings. That is how to ask "how
does my noise-free model fare on a noisy device?" without retraining.
"""

from __future__ import annotations

import numbers
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import torch
from sklearn.base import BaseEstimator, ClassifierMixin, RegressorMixin
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import LabelEncoder
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import check_is_fitted, validate_data

from qnnlab._validation import (
    MAX_EPOCHS,
    brief_repr,
    check_bool,
    check_choice,
    check_finite_features,
    check_fits_in_memory,
    check_fraction,
    check_options,
    check_positive_int,
    check_random_state,
)
from qnnlab.circuits import CircuitConfig
from qnnlab.models import DTYPE, HybridNet, check_pre_layers
from qnnlab.training import OPTIMIZERS, Trainer, accuracy, r2

__all__ = ["HybridClassifier", "HybridRegressor"]

#: Parameters that only affect how the trained circuit is executed, not what is trained.
EVALUATION_PARAMS = (
    "noise",
    "noise_strength",
    "noise_placement",
    "shots",
    "zne",
    "device",
    "diff_method",
    "profile",
)
#: Samples per forward pass at prediction time (bounds memory on large inputs).
_PREDICT_CHUNK = 2048


class _HybridEstimator(BaseEstimator):
    """Parameters, fitting and prediction shared by the classifier and the regressor."""

    _metric: Callable[[torch.Tensor, torch.Tensor], float]

    def __init__(
        self,
        encoding: str = "angle",
        ansatz: str = "strongly_entangling",
        n_qubits: int = 4,
        n_layers: int = 2,
        *,
        pre_layers: Sequence[int] | None = None,
        quantum: bool = True,
        encoding_options: dict[str, Any] | None = None,
        ansatz_options: dict[str, Any] | None = None,
        noise: str | None = None,
        noise_strength: float = 0.0,
        noise_placement: str = "gate",
        shots: int | None = None,
        zne: bool = False,
        device: Any = None,
        diff_method: str = "auto",
        profile: Any = None,
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
        self.encoding = encoding
        self.ansatz = ansatz
        self.n_qubits = n_qubits
        self.n_layers = n_layers
        self.pre_layers = pre_layers
        self.quantum = quantum
        self.encoding_options = encoding_options
        self.ansatz_options = ansatz_options
        self.noise = noise
        self.noise_strength = noise_strength
        self.noise_placement = noise_placement
        self.shots = shots
        self.zne = zne
        self.device = device
        self.diff_method = diff_method
        self.profile = profile
        self.epochs = epochs
        self.learning_rate = learning_rate
        self.batch_size = batch_size
        self.optimizer = optimizer
        self.early_stopping = early_stopping
        self.validation_fraction = validation_fraction
        self.n_iter_no_change = n_iter_no_change
        self.callbacks = callbacks
        self.random_state = random_state
        self.verbose = verbose

    # -- configuration -------------------------------------------------------------------------

    def circuit_config(self, n_features: int | None = None) -> CircuitConfig:
        """The :class:`~qnnlab.circuits.CircuitConfig` these parameters describe (validated)."""
        return CircuitConfig(
            encoding=self.encoding,
            ansatz=self.ansatz,
            n_qubits=self.n_qubits,
            n_layers=self.n_layers,
            noise=self.noise,
            noise_strength=self.noise_strength,
            noise_placement=self.noise_placement,
            shots=self.shots,
            device=self.device,
            diff_method=self.diff_method,
            encoding_options=check_options("encoding_options", self.encoding_options),
            ansatz_options=check_options("ansatz_options", self.ansatz_options),
            zne=self.zne,
            profile=self.profile,
            seed=self.random_state if isinstance(self.random_state, numbers.Integral) else None,
            n_features=n_features,
        )

    def _check_training_params(self) -> None:
        check_positive_int("epochs", self.epochs, minimum=0, maximum=MAX_EPOCHS)
        check_positive_int("batch_size", self.batch_size)
        check_positive_int("n_iter_no_change", self.n_iter_no_change)
        check_bool("quantum", self.quantum)
        check_random_state(self.random_state)
        _check_optimizer(self.optimizer)
        _check_callbacks(self.callbacks)
        check_bool("early_stopping", self.early_stopping)
        rate = self.learning_rate
        if isinstance(rate, (bool, np.bool_)) or not isinstance(rate, numbers.Real) \
                or not 0 < rate < float("inf"):
            hint = (" (YAML reads 1e-3 as text: write 1.0e-3 or 0.001)"
                    if isinstance(self.learning_rate, str) else "")
            raise ValueError(
                f"learning_rate must be a finite number > 0; got {brief_repr(rate)}"
                + hint
            )
        if self.early_stopping:
            check_fraction("validation_fraction", self.validation_fraction, low=0.0, high=0.9)
        check_pre_layers(self.pre_layers)

    def _check_outputs(self, outputs: torch.Tensor) -> torch.Tensor:
        """Raise a FloatingPointError rather than return NaN or infinite predictions."""
        bad = ~torch.isfinite(outputs)
        if bad.any():
            raise FloatingPointError(
                f"The model's outputs are not finite ({int(bad.any(dim=-1).sum())} of "
                f"{len(outputs)} samples give NaN or inf): its weights diverged. Fit again with "
                f"a smaller learning_rate (now {self.learning_rate!r})."
            )
        return outputs

    def _seed(self) -> int:
        if self.random_state is None:
            return int(np.random.default_rng().integers(2**31 - 1))
        if isinstance(self.random_state, np.random.RandomState):
            return int(self.random_state.randint(2**31 - 1))
        return int(self.random_state)

    # -- fitting -------------------------------------------------------------------------------

    def _prepare_targets(self, y: np.ndarray) -> tuple[torch.Tensor, int]:
        raise NotImplementedError

    def _loss(self) -> torch.nn.Module:
        raise NotImplementedError

    def fit(self, X: Any, y: Any) -> _HybridEstimator:
        """Train a fresh network on ``X``, ``y`` and return ``self``.

        Raises
        ------
        ValueError
            For NaN or infinite features, features the encoding cannot take, and every invalid
            parameter, before any training starts.
        TypeError
            For a parameter of the wrong type (``quantum="no"``, ``random_state=1.5``,
            ``callbacks=fn`` instead of ``[fn]``...), before any training starts.
        FloatingPointError
            If training diverges (a weight or an output becomes NaN or infinite); the message
            suggests a smaller ``learning_rate``. Predictions raise it too rather than return
            NaN.
        """
        X, y = validate_data(self, X, y, dtype=np.float64, y_numeric=self._numeric_y,
                             multi_output=self._multi_output, ensure_all_finite=False)
        check_finite_features(X)  # names the first bad value and where it is
        self._check_training_params()
        targets, n_outputs = self._prepare_targets(y)
        seed = self._seed()
        self.model_ = self._build_model(X, n_outputs, seed)
        self._check_training_memory(len(X))
        self.trainer_ = self._make_trainer(torch.tensor(X, dtype=DTYPE), targets, seed)
        self.trainer_.fit(
            self.epochs,
            early_stopping=self.early_stopping,
            n_iter_no_change=self.n_iter_no_change,
            progress=bool(self.verbose),
        )
        self.history_ = self.trainer_.history
        self.n_iter_ = self.trainer_.epoch
        return self

    def _build_model(self, X: np.ndarray, n_outputs: int, seed: int) -> torch.nn.Module:
        """The network to train on ``X`` (qnnlab.families' trained models build their own)."""
        return HybridNet(
            X.shape[1], n_outputs, self.circuit_config(), pre_layers=self.pre_layers,
            quantum=bool(self.quantum), random_state=seed,
        )

    def _check_training_memory(self, n_samples: int) -> None:
        """Refuse, before training, a mini-batch whose simulation would not fit in memory.

        Counts the real batch (``batch_size``, at most ``n_samples``) and the circuit's gates, so
        that the estimate covers autograd's stored states (issue 16: a batch of one with one
        operation per qubit under-estimated 16 qubits at batch 32 by 300x).
        """
        layer = getattr(self.model_, "quantum_layer", None)
        config = getattr(layer, "config", None)
        if not isinstance(config, CircuitConfig):
            return  # a classical model, or a family that checks its own circuits
        from qnnlab.resource_count import resources

        check_fits_in_memory(config.n_qubits, mixed=config.noisy,
                             batch_size=min(self.batch_size, n_samples),
                             n_ops=resources(config)["gates"])

    def _make_trainer(self, X: torch.Tensor, targets: torch.Tensor, seed: int) -> Trainer:
        X_val = y_val = None
        if self.early_stopping:
            stratify = targets.numpy() if self._numeric_y is False else None
            idx_train, idx_val = train_test_split(
                np.arange(len(X)), test_size=self.validation_fraction, random_state=seed,
                stratify=stratify,
            )
            X, X_val = X[idx_train], X[idx_val]
            targets, y_val = targets[idx_train], targets[idx_val]
        return Trainer(
            self.model_, self._loss(), X, targets, X_val=X_val, y_val=y_val,
            metric=self._metric, learning_rate=self.learning_rate, batch_size=self.batch_size,
            optimizer=self.optimizer, callbacks=list(self.callbacks or ()), random_state=seed,
        )

    # -- prediction ----------------------------------------------------------------------------

    def _sync_evaluation_settings(self) -> None:
        """Rebuild the circuit if evaluation settings were changed with set_params after fit."""
        layer = self.model_.quantum_layer
        if not self.model_.quantum:
            return
        wanted = {name: getattr(self, name) for name in EVALUATION_PARAMS}
        current = {name: getattr(layer.config, name) for name in EVALUATION_PARAMS}
        if wanted != current:
            layer.reconfigure(**wanted)

    @torch.no_grad()
    def _forward(self, X: Any) -> torch.Tensor:
        check_is_fitted(self)
        X = check_finite_features(
            validate_data(self, X, dtype=np.float64, reset=False, ensure_all_finite=False))
        self._sync_evaluation_settings()
        self.model_.eval()
        X_t = torch.tensor(X, dtype=DTYPE)  # a copy: X may be a read-only memmap
        chunks = [self.model_(X_t[i : i + _PREDICT_CHUNK]) for i in range(0, len(X_t),
                                                                           _PREDICT_CHUNK)]
        return self._check_outputs(torch.cat(chunks)) if chunks else torch.zeros(0)

    def __sklearn_tags__(self):  # noqa: D105
        tags = super().__sklearn_tags__()
        tags.non_deterministic = self.shots is not None
        return tags


def _check_optimizer(optimizer: object) -> None:
    if isinstance(optimizer, str):
        check_choice("optimizer", optimizer, OPTIMIZERS)
    elif not (isinstance(optimizer, type) and issubclass(optimizer, torch.optim.Optimizer)):
        raise TypeError(
            f"optimizer must be one of {', '.join(map(repr, OPTIMIZERS))} or a "
            f"torch.optim.Optimizer subclass; got {brief_repr(optimizer)}"
        )


def _check_callbacks(callbacks: object) -> None:
    if callbacks is None:
        return
    if callable(callbacks) or isinstance(callbacks, (str, bytes)) \
            or not isinstance(callbacks, Sequence):
        name = getattr(callbacks, "__name__", "fn")
        raise TypeError(
            "callbacks must be a list of callables, called as callback(trainer, row) after "
            f"every epoch; got {brief_repr(callbacks)}. For one callback write "
            f"callbacks=[{name}]."
        )
    for i, callback in enumerate(callbacks):
        if not callable(callback):
            raise TypeError(f"callbacks[{i}] must be callable; got {brief_repr(callback)}")


def _check_one_label_type(y: np.ndarray) -> None:
    """Refuse class labels that mix strings and numbers (they cannot be sorted)."""
    if y.dtype != object:
        return
    kinds = {"str" if isinstance(v, str) else type(v).__name__ for v in y}
    if "str" in kinds and len(kinds) > 1:
        raise ValueError(
            f"Class labels mix types that cannot be ordered: {', '.join(sorted(kinds))}. Use "
            "one type for every label, e.g. y.astype(str)."
        )


class HybridClassifier(ClassifierMixin, _HybridEstimator):
    """A hybrid quantum neural network classifier with the scikit-learn API.

    The network is ``[pre-network ->] encoding + ansatz circuit -> <Z_i> -> linear head ->
    softmax``, trained with cross-entropy by mini-batch gradient descent; every batch runs
    through the circuit in one broadcast execution.

    Parameters
    ----------
    encoding : str, default="angle"
        Data encoding, one of :func:`qnnlab.encodings.available`.
    ansatz : str, default="strongly_entangling"
        Trainable circuit, one of :func:`qnnlab.ansatze.available`.
    n_qubits, n_layers : int, default=4, 2
        Circuit width and number of ansatz layers (at most ``MAX_LAYERS`` = 1000; the width
        is bounded by the memory check).
    pre_layers : tuple of int or None, default=None
        None feeds the features straight into the encoding; a tuple of hidden sizes
        (``()`` for a single linear map) adds a classical pre-network.
    quantum : bool, default=True
        False trains the matched classical counterpart instead of the circuit.
    encoding_options, ansatz_options : dict, optional
        E.g. ``{"rotation": "X"}``, ``{"topology": "ring", "entangler": "CZ"}``.
    noise : str or None, default=None
        Noise model, one of :func:`qnnlab.noise.available`; runs on a density-matrix simulator.
    noise_strength : float, default=0.0
        Noise probability in ``[0, 1]``.
    noise_placement : {"gate", "layer"}, default="gate"
        Noise after every gate or after every layer.
    shots : int or None, default=None
        Finite shots, at most 10**7 (trained with parameter-shift gradients, one circuit per
        sample where the circuit's inputs are trainable: slow) or exact values.
    zne : bool, default=False
        Zero-noise extrapolation of the circuit outputs (evaluation only; slow to train).
    device : str or None, default=None
        Any PennyLane device name; None uses the embedded simulator.
    diff_method : str, default="auto"
        Backprop on the embedded simulators; see :class:`qnnlab.circuits.CircuitConfig`.
    profile : str, dict, DeviceProfile or None, default=None
        A device profile (:mod:`qnnlab.hardware.profiles`): the circuit is compiled to its
        native gates and coupling map and runs with its noise. An evaluation setting: after
        ``fit``, ``set_params(profile="toy_line")`` runs the trained weights on that device.
    epochs, learning_rate, batch_size, optimizer
        Training settings (optimizer: ``"adam"``, ``"sgd"``, ``"rmsprop"``, ``"adagrad"``).
    early_stopping : bool, default=False
        Hold out ``validation_fraction`` of the training data and stop when its loss stops
        improving for ``n_iter_no_change`` epochs (the best weights are kept).
    callbacks : list of callables, optional
        ``callback(trainer, row)`` after every epoch; returning True stops training.
    random_state : int, numpy.random.RandomState or None
        Seed of the initial weights, the batch order and the validation split: an integer in
        ``[0, 2**32 - 1]`` (floats are refused, not truncated).
    verbose : bool, default=False
        Show a progress bar.

    Attributes
    ----------
    classes_ : ndarray
        Class labels.
    model_ : qnnlab.models.HybridNet
        The trained torch network.
    trainer_ : qnnlab.training.Trainer
        The trainer (continue with ``trainer_.run_epoch()``).
    history_ : dict of lists
        Per-epoch ``loss``, ``train_score``, ``val_loss``/``val_score`` (with early stopping),
        and wall ``time`` in seconds.
    n_iter_ : int
        Epochs run.
    n_features_in_ : int
        Features seen in ``fit``.

    See Also
    --------
    HybridRegressor : the same network for regression.
    qnnlab.models.HybridNet : the torch module.

    Examples
    --------
    >>> from qnnlab.datasets import load_dataset
    >>> X_train, X_test, y_train, y_test = load_dataset("moons", n_samples=100, random_state=0)
    >>> clf = HybridClassifier(n_qubits=2, n_layers=1, epochs=2, random_state=0)
    >>> clf.fit(X_train, y_train).predict(X_test[:3]).shape
    (3,)
    """

    _numeric_y = False
    _multi_output = False
    _metric = staticmethod(accuracy)

    def _prepare_targets(self, y: np.ndarray) -> tuple[torch.Tensor, int]:
        _check_one_label_type(y)
        check_classification_targets(y)
        self._label_encoder = LabelEncoder().fit(y)
        self.classes_ = self._label_encoder.classes_
        if len(self.classes_) < 2:
            raise ValueError(
                f"HybridClassifier needs at least 2 classes in y; got 1 class: {self.classes_}"
            )
        targets = torch.as_tensor(self._label_encoder.transform(y), dtype=torch.long)
        return targets, len(self.classes_)

    def _loss(self) -> torch.nn.Module:
        return torch.nn.CrossEntropyLoss()

    def decision_function(self, X: Any) -> np.ndarray:
        """Class scores (logits) of the head, shape ``(n_samples, n_classes)``.

        For two classes, as everywhere in scikit-learn, one score per sample (shape
        ``(n_samples,)``): the logit difference, positive for ``classes_[1]``.
        """
        scores = self._forward(X).numpy()
        if scores.shape[1] == 2:
            return scores[:, 1] - scores[:, 0]
        return scores

    def predict_proba(self, X: Any) -> np.ndarray:
        """Class probabilities, shape ``(n_samples, n_classes)``; rows sum to one."""
        return torch.softmax(self._forward(X), dim=-1).numpy()

    def predict(self, X: Any) -> np.ndarray:
        """Predicted class labels."""
        scores = self._forward(X)  # first: raises NotFittedError before fit
        return self.classes_[scores.argmax(dim=-1).numpy()]


class HybridRegressor(RegressorMixin, _HybridEstimator):
    """A hybrid quantum neural network regressor with the scikit-learn API.

    The same network as :class:`HybridClassifier` with a linear head trained on the mean squared
    error. Targets are standardised internally (their mean and scale are stored), since the
    circuit's outputs lie in ``[-1, 1]``.

    Parameters
    ----------
    encoding, ansatz, n_qubits, n_layers, ... :
        As for :class:`HybridClassifier`.

    Attributes
    ----------
    model_, trainer_, history_, n_iter_, n_features_in_ :
        As for :class:`HybridClassifier` (``train_score`` is R²).
    y_mean_, y_scale_ : ndarray
        Target standardisation.

    Examples
    --------
    >>> from qnnlab.datasets import load_dataset
    >>> X_train, X_test, y_train, y_test = load_dataset("sine", n_samples=60, random_state=0)
    >>> reg = HybridRegressor(n_qubits=1, n_layers=1, ansatz="basic_entangler", epochs=2,
    ...                       random_state=0)
    >>> reg.fit(X_train, y_train).predict(X_test[:2]).shape
    (2,)
    """

    _numeric_y = True
    _multi_output = True
    _metric = staticmethod(r2)

    def _prepare_targets(self, y: np.ndarray) -> tuple[torch.Tensor, int]:
        y2 = y.reshape(len(y), -1).astype(np.float64)
        self._y_ndim = y.ndim
        self.y_mean_ = y2.mean(axis=0)
        scale = y2.std(axis=0)
        self.y_scale_ = np.where(scale > 0, scale, 1.0)
        return torch.as_tensor((y2 - self.y_mean_) / self.y_scale_, dtype=DTYPE), y2.shape[1]

    def _loss(self) -> torch.nn.Module:
        return torch.nn.MSELoss()

    def __sklearn_tags__(self):  # noqa: D105
        tags = super().__sklearn_tags__()
        tags.target_tags.multi_output = True
        return tags

    def predict(self, X: Any) -> np.ndarray:
        """Predicted targets, in the original units."""
        out = self._forward(X).numpy() * self.y_scale_ + self.y_mean_
        return out.ravel() if self._y_ndim == 1 else out

"""What the fixed-feature-map families share: validation, input scaling, seeds, the fitted model.

Quantum kernels and quantum kitchen sinks turn the (scaled) inputs into classical features with a
fixed circuit and fit a classical model on them (an SVC on a precomputed Gram matrix, a logistic
regression on measured bits). :class:`FeatureMapClassifier` is their one base: it validates the
data and the parameters before any circuit runs, min-max scales the inputs as the reference study
does, derives every random choice from ``random_state`` and forwards ``predict``,
``predict_proba`` and ``decision_function`` to the fitted classical model.
"""

from __future__ import annotations

import numbers
from typing import Any

import numpy as np
import pennylane as qml
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.preprocessing import MinMaxScaler
from sklearn.utils.metaestimators import available_if
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import check_is_fitted, validate_data

from qnnlab._concurrency import circuit_lock
from qnnlab._validation import (
    brief_repr,
    check_array_size,
    check_finite_features,
    check_fits_in_memory,
    check_random_state,
)

__all__ = ["FeatureMapClassifier", "check_family_qubits", "check_positive_real",
           "generic_sample", "seed_from"]

#: Samples simulated per broadcast execution (bounds the memory of one execution).
CHUNK = 256


def check_positive_real(name: str, value: object) -> float:
    """Return ``value`` as a float if it is a finite number > 0, else raise a ValueError.

    Examples
    --------
    >>> check_positive_real("C", 10)
    10.0
    >>> check_positive_real("C", "1e-3")
    Traceback (most recent call last):
    ...
    ValueError: C must be a finite number > 0; got '1e-3' (YAML reads 1e-3 as text: write 1.0e-3)
    """
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real) \
            or not np.isfinite(value) or not value > 0:
        hint = " (YAML reads 1e-3 as text: write 1.0e-3)" if isinstance(value, str) else ""
        raise ValueError(f"{name} must be a finite number > 0; got {brief_repr(value)}{hint}")
    return float(value)


def check_family_qubits(family: str, n_qubits: int, n_features: int, rule: str,
                        batch_size: int = CHUNK) -> int:
    """Refuse a qubit count whose state vectors would not fit in memory, naming the features.

    Examples
    --------
    >>> check_family_qubits("IQPKernelClassifier", 4, 4, "one qubit per feature")
    4
    >>> check_family_qubits("IQPKernelClassifier", 40, 40, "one qubit per feature")
    Traceback (most recent call last):
    ...
    ValueError: IQPKernelClassifier takes one qubit per feature: 40 features need 40 qubits, ...
    """
    try:
        check_fits_in_memory(n_qubits, mixed=False, batch_size=batch_size)
        check_array_size(f"{family} with {n_qubits} qubits", batch_size * 2**n_qubits,
                         "use fewer features (e.g. sklearn.decomposition.PCA first)")
    except ValueError as error:
        raise ValueError(f"{family} takes {rule}: {n_features} features need {n_qubits} "
                         f"qubits, too many to simulate here. {error}") from None
    return n_qubits


def generic_sample(n_features: int, seed: int = 0) -> np.ndarray:
    """A sample with distinct, non-zero features, for counting a circuit's gates.

    Data-dependent decompositions (amplitude encoding's state preparation) then show the cost
    of a typical input, not of a special case such as all zeros.

    Examples
    --------
    >>> x = generic_sample(3)
    >>> x.shape, bool(np.all((x > 0.1) & (x < np.pi))), len(set(x.tolist()))
    ((3,), True, 3)
    """
    return np.random.default_rng(seed).uniform(0.1, np.pi, n_features)


def seed_from(random_state: object) -> int:
    """An integer seed from ``random_state`` (None draws a fresh one).

    Examples
    --------
    >>> seed_from(3), seed_from(np.random.RandomState(0)) == seed_from(np.random.RandomState(0))
    (3, True)
    """
    check_random_state(random_state)
    if random_state is None:
        return int(np.random.default_rng().integers(2**31 - 1))
    if isinstance(random_state, np.random.RandomState):
        return int(random_state.randint(2**31 - 1))
    return int(random_state)  # type: ignore[call-overload]


class FeatureMapClassifier(ClassifierMixin, BaseEstimator):
    """Base of the classifiers that fit a classical model on fixed quantum features.

    Subclasses set ``_feature_range`` (the min-max range of the scaled inputs), implement
    ``_check_params()`` (validate, before anything runs), ``_setup(n_features, rng)``
    (qubit count and random circuit parameters; validate the feature count),
    ``_fit_features(Xs)`` and ``_features(Xs)`` (features of the scaled training and new
    inputs) and ``_make_model(seed)`` (the classical model), and have a ``scaling`` parameter.
    """

    _feature_range: tuple[float, float] = (-np.pi / 2, np.pi / 2)
    #: Whether the classical model has ``predict_proba`` (an SVC on a Gram matrix has not).
    _has_proba: bool = False
    scaling: float
    random_state: Any

    # -- to implement --------------------------------------------------------------------------

    def _check_params(self) -> None:
        raise NotImplementedError

    def _setup(self, n_features: int, rng: np.random.Generator) -> None:
        raise NotImplementedError

    def _fit_features(self, Xs: np.ndarray) -> np.ndarray:
        return self._features(Xs)

    def _features(self, Xs: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def _make_model(self, seed: int) -> BaseEstimator:
        raise NotImplementedError

    def _sample_circuit(self, xs: np.ndarray) -> Any:
        """Queue the gates and measurements one (scaled) sample runs on hardware."""
        raise NotImplementedError

    def circuits_per_prediction(self) -> int:
        """Circuits the features of one new sample need on hardware (shots not counted)."""
        raise NotImplementedError

    def fit_circuits(self, n_samples: int) -> tuple[int, int]:
        """Circuits to compute the features of ``n_samples`` training samples: broadcast
        simulator executions here, and circuits on hardware (shots not counted)."""
        raise NotImplementedError

    # -- shared --------------------------------------------------------------------------------

    def fit(self, X: Any, y: Any) -> FeatureMapClassifier:
        """Scale ``X``, compute its quantum features and fit the classical model; return self.

        Raises
        ------
        ValueError
            For NaN or infinite features, a feature count the family cannot take (too many
            qubits) and every invalid parameter, before any circuit runs.
        """
        X, y = validate_data(self, X, y, dtype=np.float64, ensure_all_finite=False)
        check_finite_features(X)
        check_classification_targets(y)
        self._validate_params()
        seed = seed_from(self.random_state)
        rng = np.random.default_rng(seed)
        self._setup(X.shape[1], rng)
        self.scaler_ = MinMaxScaler(feature_range=self._feature_range).fit(X)
        features = self._fit_features(self._scale(X))
        self.model_ = self._make_model(int(rng.integers(2**31 - 1))).fit(features, y)
        self.classes_ = self.model_.classes_
        return self

    def _validate_params(self) -> None:
        """Check every parameter (scikit-learn's hook; ``qnnlab bench`` calls it on parsing)."""
        check_positive_real("scaling", self.scaling)
        self._check_params()

    def _scale(self, X: np.ndarray) -> np.ndarray:
        return self.scaler_.transform(X) * float(self.scaling)

    def _new_features(self, X: Any) -> np.ndarray:
        check_is_fitted(self)
        X = check_finite_features(
            validate_data(self, X, dtype=np.float64, reset=False, ensure_all_finite=False))
        return self._features(self._scale(X))

    def circuit_script(self, x: Any = None) -> qml.tape.QuantumScript:
        """The circuit one sample runs on hardware, for counting (see :func:`qnnlab.resources`).

        ``x`` is one unscaled sample; by default :func:`generic_sample`.
        """
        check_is_fitted(self)
        sample = generic_sample(self.n_features_in_) if x is None else x
        xs = self._scale(np.asarray(sample, dtype=np.float64).reshape(1, -1))[0]
        with circuit_lock():
            return qml.tape.make_qscript(self._sample_circuit)(xs)

    def quantum_parameters(self) -> int:
        """Trainable numbers inside the circuits: none (the circuits are fixed)."""
        return 0

    def transform_features(self, X: Any) -> np.ndarray:
        """The features the classical model sees for ``X`` (Gram rows, or measured bits)."""
        return self._new_features(X)

    def predict(self, X: Any) -> np.ndarray:
        """Predicted class labels."""
        features = self._new_features(X)  # first: NotFittedError before fit
        return self.model_.predict(features)

    @available_if(lambda self: self._has_proba)
    def predict_proba(self, X: Any) -> np.ndarray:
        """Class probabilities of the classical model, shape ``(n_samples, n_classes)``."""
        features = self._new_features(X)  # first: NotFittedError before fit
        return self.model_.predict_proba(features)

    def decision_function(self, X: Any) -> np.ndarray:
        """Decision values of the classical model (one per sample for two classes)."""
        features = self._new_features(X)  # first: NotFittedError before fit
        return self.model_.decision_function(features)

"""What a benchmark job measures on a fitted model: scores, convergence, size and circuit cost.

Every function takes a *fitted* estimator (a qnnlab hybrid model or a scikit-learn baseline) and
returns plain numbers, ``NaN`` where a quantity does not apply (a random forest has no training
curve, a classical model no circuit). What each number counts is said next to it, because the
numbers of different model families are not always the same kind of thing.

Examples
--------
>>> convergence_epoch([0.5, 0.8, 0.9, 0.92])  # 95% of 0.92 is 0.874: reached at epoch 3
3
>>> loss_convergence_epoch([1.0, 0.5, 0.3, 0.29])  # 95% of the drop 0.71 done at epoch 3
3
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from typing import Any

import numpy as np
from sklearn.base import BaseEstimator
from sklearn.metrics import accuracy_score, f1_score, roc_auc_score

from qnnlab.estimators import HybridClassifier, _HybridEstimator
from qnnlab.resource_count import resources

__all__ = [
    "CONVERGENCE_FRACTION",
    "METRICS",
    "convergence_epoch",
    "count_parameters",
    "circuit_resources",
    "loss_convergence_epoch",
    "has_converged",
    "test_scores",
    "training_budget",
    "training_curves",
]

#: A curve has converged once it reaches this fraction of its final value (or of its total drop).
CONVERGENCE_FRACTION = 0.95

#: Metric names a configuration may list, and what each one records. Test accuracy is always
#: recorded: it is the score every comparison is made on.
METRICS: dict[str, str] = {
    "accuracy": "test accuracy (always recorded; the refit and comparison score)",
    "f1_macro": "macro-averaged F1 on the test set",
    "roc_auc": "ROC-AUC on the test set (binary problems only)",
    "convergence": "epochs to reach 95% of the final validation (else training) score; and, for "
                   "every iterative model, epochs to make 95% of the total training-loss drop "
                   "(whether the model converged, its epoch cap and early stopping are recorded "
                   "for every job)",
    "train_time": "wall seconds of the final refit on the whole training set",
    "inference_time": "wall seconds to predict the test set",
    "n_parameters": "trainable parameters (see parameter_basis for what is counted)",
    "resources": "circuit qubits, depth, gates, two-qubit gates and executions (quantum models)",
}


def test_scores(estimator: BaseEstimator, X: np.ndarray, y: np.ndarray,
                metrics: Sequence[str]) -> dict[str, float]:
    """Test accuracy, per-sample correctness, and macro F1 / ROC-AUC when listed in ``metrics``.

    ``n_test`` is the number of test samples and ``test_correct`` a string with one ``'1'``
    (correct) or ``'0'`` per test sample, in test order, so that statistics can resample test
    samples and pair two models on the same samples. ROC-AUC uses ``predict_proba[:, 1]`` where
    the model has it, else ``decision_function``; it is NaN for more than two classes.

    Examples
    --------
    >>> from sklearn.linear_model import LogisticRegression
    >>> X, y = [[0.0, 0.0], [0.1, 0.2], [1.0, 1.0], [0.9, 1.1]], [0, 0, 1, 1]
    >>> model = LogisticRegression().fit(X, y)
    >>> test_scores(model, X, y, ["f1_macro", "roc_auc"])
    {'accuracy': 1.0, 'n_test': 4, 'test_correct': '1111', 'f1_macro': 1.0, 'roc_auc': 1.0}
    >>> test_scores(model, X, [0, 1, 1, 1], [])  # the second sample is wrong
    {'accuracy': 0.75, 'n_test': 4, 'test_correct': '1011'}
    """
    start = time.perf_counter()
    predictions = estimator.predict(X)
    correct = np.asarray(predictions) == np.asarray(y)
    out = {"inference_time_s": time.perf_counter() - start,
           "accuracy": float(accuracy_score(y, predictions)),
           "n_test": int(correct.size),
           "test_correct": "".join("1" if c else "0" for c in correct)}
    if "f1_macro" in metrics:
        out["f1_macro"] = float(f1_score(y, predictions, average="macro"))
    if "roc_auc" in metrics:
        out["roc_auc"] = _binary_roc_auc(estimator, X, y)
    if "inference_time" not in metrics:
        del out["inference_time_s"]
    return out


def _binary_roc_auc(estimator: BaseEstimator, X: np.ndarray, y: np.ndarray) -> float:
    if len(np.unique(y)) != 2 or len(getattr(estimator, "classes_", ())) != 2:
        return math.nan
    if hasattr(estimator, "predict_proba") and not _is_plain_svc(estimator):
        scores = estimator.predict_proba(X)[:, 1]
    else:
        scores = estimator.decision_function(X)
    return float(roc_auc_score(y, scores))


def _is_plain_svc(estimator: BaseEstimator) -> bool:
    # SVC exposes predict_proba only with probability=True (an extra internal CV); use the margin.
    return type(estimator).__name__ == "SVC" and not getattr(estimator, "probability", False)


def convergence_epoch(scores: Sequence[float],
                      fraction: float = CONVERGENCE_FRACTION) -> float:
    """First epoch (1-based) whose score reaches ``fraction`` of the final score.

    NaN for an empty curve. A curve that starts at its plateau converges at epoch 1.

    Examples
    --------
    >>> convergence_epoch([0.68, 0.7, 0.7])
    1
    """
    values = np.asarray(scores, dtype=float)
    if values.size == 0 or not np.isfinite(values[-1]):
        return math.nan
    reached = np.flatnonzero(values >= fraction * values[-1])
    return int(reached[0]) + 1


def loss_convergence_epoch(losses: Sequence[float],
                           fraction: float = CONVERGENCE_FRACTION) -> float:
    """First epoch (1-based) by which the loss made ``fraction`` of its total drop.

    The drop is measured from the first recorded epoch to the last; NaN when the loss did not
    fall at all (there is no convergence to time) or the curve is empty.

    Examples
    --------
    >>> import math
    >>> math.isnan(loss_convergence_epoch([0.7, 0.7, 0.8]))
    True
    """
    values = np.asarray(losses, dtype=float)
    if values.size == 0 or not np.isfinite(values).all():
        return math.nan
    drop = values[0] - values[-1]
    if drop <= 0:
        return math.nan
    reached = np.flatnonzero(values <= values[-1] + (1 - fraction) * drop)
    return int(reached[0]) + 1


def training_curves(estimator: BaseEstimator) -> dict[str, list[float]]:
    """Per-epoch training curves: ``loss`` and ``score`` (validation score if recorded).

    Hybrid models: ``history_``. ``MLPClassifier``: ``loss_curve_`` (log-loss *including* the
    L2 penalty, as scikit-learn records it) and, with early stopping, ``validation_scores_``.
    Other models are not iterative and have no curves (empty dict).

    Examples
    --------
    >>> from qnnlab.datasets import load_dataset
    >>> X_train, X_test, y_train, y_test = load_dataset("moons", n_samples=40)
    >>> clf = HybridClassifier(n_qubits=2, n_layers=1, epochs=3).fit(X_train, y_train)
    >>> curves = training_curves(clf)
    >>> len(curves["loss"]), len(curves["score"]), curves["score_basis"]
    (3, 3, 'train_score')
    >>> from sklearn.svm import SVC
    >>> training_curves(SVC().fit(X_train, y_train))  # not iterative: no curves
    {}
    """
    if isinstance(estimator, _HybridEstimator):  # qnnlab.families too
        history = estimator.history_
        scores = history.get("val_score") or history.get("train_score") or []
        return {"loss": [float(v) for v in history.get("loss", [])],
                "score": [float(v) for v in scores],
                "score_basis": "val_score" if history.get("val_score") else "train_score"}
    if hasattr(estimator, "loss_curve_"):
        curves: dict[str, Any] = {"loss": [float(v) for v in estimator.loss_curve_]}
        if getattr(estimator, "validation_scores_", None) is not None:
            curves["score"] = [float(v) for v in estimator.validation_scores_]
            curves["score_basis"] = "val_score"
        return curves
    return {}


def convergence(estimator: BaseEstimator) -> dict[str, Any]:
    """Convergence epochs of a fitted model (NaN for non-iterative models).

    ``convergence_epoch`` times the score curve (hybrid models; an MLP only with early
    stopping), ``loss_convergence_epoch`` the training-loss curve of every iterative model, so
    that hybrid models and the MLP are compared on the same kind of curve.

    Examples
    --------
    >>> from sklearn.neural_network import MLPClassifier
    >>> X, y = [[0.0, 0.0], [0.1, 0.2], [1.0, 1.0], [0.9, 1.1]], [0, 0, 1, 1]
    >>> mlp = MLPClassifier(hidden_layer_sizes=(4,), learning_rate_init=0.1, random_state=0)
    >>> convergence(mlp.fit(X, y))  # no early stopping: no score curve, only the loss
    {'convergence_epoch': nan, 'convergence_basis': '', 'loss_convergence_epoch': 21,
     'epochs_run': 60}
    """
    curves = training_curves(estimator)
    return {
        "convergence_epoch": convergence_epoch(curves.get("score", [])),
        "convergence_basis": curves.get("score_basis", ""),
        "loss_convergence_epoch": loss_convergence_epoch(curves.get("loss", [])),
        "epochs_run": len(curves["loss"]) if "loss" in curves else math.nan,
    }


def _plateaued(curve: Sequence[float], patience: int, tol: float) -> bool:
    """True if the last ``patience`` values did not improve on the best before them by ``tol``.

    This is the stopping rule of :meth:`qnnlab.training.Trainer.fit` (validation loss) and of
    scikit-learn's MLP (training loss), applied to a recorded curve.
    """
    values = np.asarray(curve, dtype=float)
    if values.size <= patience or not np.isfinite(values).all():
        return False
    return bool(values[-patience:].min() > values[:-patience].min() - tol)


def has_converged(estimator: BaseEstimator) -> bool:
    """Whether a fitted model stopped by its own convergence rule, not by its iteration cap.

    * hybrid models: the validation loss (with early stopping; else the training loss) did not
      improve by ``1e-4`` over the last ``n_iter_no_change`` epochs, the rule early stopping
      uses; a model stopped by ``epochs`` before that is not converged;
    * models with ``n_iter_`` and ``max_iter`` (MLP, logistic regression): fewer iterations
      run than the cap (scikit-learn stops earlier only when its tolerance is met);
    * SVC: libsvm's ``fit_status_`` is 0;
    * models that are not trained iteratively (a random forest): True.

    Examples
    --------
    >>> from qnnlab.datasets import load_dataset
    >>> X_train, X_test, y_train, y_test = load_dataset("moons", n_samples=40)
    >>> has_converged(HybridClassifier(n_qubits=2, n_layers=1, epochs=1).fit(X_train, y_train))
    False
    >>> from sklearn.linear_model import LogisticRegression
    >>> has_converged(LogisticRegression().fit(X_train, y_train))
    True
    """
    if isinstance(estimator, _HybridEstimator):
        history = estimator.history_
        curve = history.get("val_loss") if estimator.early_stopping else None
        return _plateaued(curve or history.get("loss", []), estimator.n_iter_no_change, 1e-4)
    if hasattr(estimator, "fit_status_"):
        return int(estimator.fit_status_) == 0
    if hasattr(estimator, "n_iter_") and getattr(estimator, "max_iter", None) is not None:
        return bool(np.max(estimator.n_iter_) < estimator.max_iter)
    return True


def training_budget(estimator: BaseEstimator) -> dict[str, Any]:
    """What a fitted model was allowed to train for, and whether it converged.

    ``epoch_cap`` is ``epochs`` (hybrid models) or ``max_iter`` (scikit-learn's iterative
    models), NaN for models without a cap; ``early_stopping`` says whether training stopped on
    held-out validation data; ``converged`` is :func:`has_converged`.

    Examples
    --------
    >>> from sklearn.neural_network import MLPClassifier
    >>> X, y = [[0.0, 0.0], [0.1, 0.2], [1.0, 1.0], [0.9, 1.1]], [0, 0, 1, 1]
    >>> import warnings
    >>> with warnings.catch_warnings():  # scikit-learn warns that it hit max_iter
    ...     warnings.simplefilter("ignore")
    ...     mlp = MLPClassifier(max_iter=3, random_state=0).fit(X, y)
    >>> training_budget(mlp)
    {'converged': False, 'epoch_cap': 3, 'early_stopping': False}
    """
    if isinstance(estimator, _HybridEstimator):
        cap = estimator.epochs
    else:
        cap = getattr(estimator, "max_iter", None)
        cap = math.nan if cap is None or cap < 0 else cap
    return {"converged": has_converged(estimator), "epoch_cap": cap,
            "early_stopping": bool(getattr(estimator, "early_stopping", False))}


def count_parameters(estimator: BaseEstimator) -> tuple[int, str]:
    """Trainable (or, for kernel and tree models, stored) numbers of a fitted model.

    Returns the count and what was counted:

    * hybrid / classical counterpart: every trainable torch parameter of ``model_``;
    * logistic regression: ``coef_`` and ``intercept_`` entries;
    * MLP: every weight in ``coefs_`` and bias in ``intercepts_``;
    * SVC: support vectors x features + dual coefficients + intercepts (what the fitted
      decision function stores; the kernel has no trained weights);
    * random forest: tree nodes summed over all trees (each stores a split or a leaf value).

    Examples
    --------
    >>> from sklearn.linear_model import LogisticRegression
    >>> count_parameters(LogisticRegression().fit([[0.0, 1.0], [1.0, 0.0]], [0, 1]))
    (3, 'coef_ + intercept_')
    """
    if isinstance(estimator, HybridClassifier) or hasattr(getattr(estimator, "model_", None),
                                                          "n_parameters"):
        counts = estimator.model_.n_parameters()
        return int(sum(counts.values())), "torch parameters: " + " + ".join(counts)
    model = getattr(estimator, "model_", None)
    if isinstance(model, BaseEstimator):  # qnnlab.families: fixed quantum features + model_
        count, basis = count_parameters(model)
        return count, f"{basis} of model_ (the classical model on the quantum features)"
    if hasattr(estimator, "coefs_"):
        total = sum(w.size for w in estimator.coefs_) + sum(b.size for b in estimator.intercepts_)
        return int(total), "coefs_ + intercepts_"
    if hasattr(estimator, "support_vectors_"):
        total = (estimator.support_vectors_.size + estimator.dual_coef_.size
                 + estimator.intercept_.size)
        return int(total), "support vectors x features + dual_coef_ + intercept_"
    if hasattr(estimator, "estimators_") and hasattr(estimator.estimators_[0], "tree_"):
        return int(sum(tree.tree_.node_count for tree in estimator.estimators_)), "tree nodes"
    if hasattr(estimator, "coef_"):
        return int(estimator.coef_.size + np.size(estimator.intercept_)), "coef_ + intercept_"
    raise TypeError(f"Do not know how to count the parameters of {type(estimator).__name__}")


_NO_CIRCUIT = {"qubits": 0, "depth": 0, "gates": 0, "two_qubit_gates": 0,
               "training_executions": 0, "hardware_circuits_per_epoch": 0}


def circuit_resources(estimator: BaseEstimator, n_train: int) -> dict[str, int]:
    """Circuit cost of a fitted model, from :func:`qnnlab.resources` (zeros without a circuit).

    Hybrid models and :mod:`qnnlab.families` models are counted (a fixed-feature family's
    training executions are those of computing its training features once).

    ``training_executions`` counts broadcast simulator executions in the final refit (one per
    mini-batch forward pass, times the epochs run); ``hardware_circuits_per_epoch`` the circuits
    one epoch would need on hardware with parameter-shift gradients.

    Examples
    --------
    >>> from qnnlab.datasets import load_dataset
    >>> X_train, X_test, y_train, y_test = load_dataset("moons", n_samples=40)
    >>> clf = HybridClassifier(n_qubits=2, n_layers=1, epochs=2).fit(X_train, y_train)
    >>> circuit_resources(clf, n_train=len(X_train))  # one mini-batch per epoch, 2 epochs
    {'qubits': 2, 'depth': 4, 'gates': 6, 'two_qubit_gates': 2, 'training_executions': 2,
     'hardware_circuits_per_epoch': 390}
    """
    family = callable(getattr(estimator, "circuit_script", None))  # qnnlab.families
    if not family and (not isinstance(estimator, HybridClassifier)
                       or not estimator.model_.quantum):
        return dict(_NO_CIRCUIT)
    counted = resources(estimator, n_samples=n_train,
                        batch_size=getattr(estimator, "batch_size", None))
    # Gradient-trained models run their epochs; fixed-feature families one pass.
    passes = estimator.n_iter_ if isinstance(estimator, _HybridEstimator) else 1
    return {
        "qubits": int(counted["qubits"]),
        "depth": int(counted["depth"]),
        "gates": int(counted["gates"]),
        "two_qubit_gates": int(counted["two_qubit_gates"]),
        "training_executions": int(counted["simulator_executions_per_epoch"] * passes),
        "hardware_circuits_per_epoch": int(counted["hardware_circuits_per_epoch"]),
    }

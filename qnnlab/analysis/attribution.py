"""Which inputs and which parts of a fitted hybrid model matter: saliency, importance, ablation.

* :func:`saliency`: ``|d output / d x|`` for every sample and feature, by torch autograd through
  the whole network (circuit included).
* :func:`permutation_importance`: how much the test score drops when one feature's values are
  shuffled (scikit-learn's :func:`sklearn.inspection.permutation_importance`).
* :func:`ablation`: refit the same estimator (same seed, same data) with one part taken away -
  the quantum layer swapped for its matched classical counterpart, the ansatz's entangling gates
  removed (:func:`without_entanglement`), or the quantum weights frozen at their random
  initial values - and report every variant's test score next to the full model's.

Examples
--------
>>> from qnnlab import HybridClassifier
>>> saliency(HybridClassifier(), [[0.0, 0.0]])
Traceback (most recent call last):
...
sklearn.exceptions.NotFittedError: HybridClassifier is not fitted; call fit first (saliency ...
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
import pennylane as qml
import torch
from sklearn.base import clone
from sklearn.inspection import permutation_importance as sk_permutation_importance
from sklearn.utils.validation import validate_data

from qnnlab import ansatze
from qnnlab._concurrency import circuit_lock
from qnnlab._validation import brief_repr, check_choice, check_positive_int
from qnnlab.analysis._common import check_fitted
from qnnlab.ansatze import Ansatz
from qnnlab.models import DTYPE

__all__ = [
    "saliency",
    "permutation_importance",
    "ablation",
    "without_entanglement",
    "VARIANTS",
    "NO_ENTANGLEMENT_SUFFIX",
]

#: Name suffix of the entanglement-free copy of an ansatz.
NO_ENTANGLEMENT_SUFFIX = "_no_entanglement"

#: Ablation variants and what each one takes away.
VARIANTS = {
    "full": "the fitted model as it is",
    "classical": "quantum layer replaced by its matched classical counterpart (quantum=False)",
    "no_entanglement": "the same circuit with the ansatz's two-qubit gates removed",
    "frozen_quantum": "quantum weights frozen at their random initial values; only the "
                      "classical parts are trained",
}


# --- entanglement-free ansätze -----------------------------------------------------------------


def _is_template(op: qml.operation.Operator) -> bool:
    return type(op).__module__.startswith("pennylane.templates")


def _requeue_single_qubit_gates(op: qml.operation.Operator) -> None:
    # Templates (StronglyEntanglingLayers...) are opened up; every other gate on two or more
    # wires is an entangling gate and is dropped; one-qubit gates are queued again.
    if len(op.wires) < 2:
        qml.apply(op)
    elif _is_template(op) and op.has_decomposition:
        with qml.QueuingManager.stop_recording():
            inner_ops = op.decomposition()
        for inner in inner_ops:
            _requeue_single_qubit_gates(inner)


def _without_two_qubit_gates(apply: Any) -> Any:
    def apply_without_entanglement(*args: Any, **kwargs: Any) -> None:
        with qml.queuing.AnnotatedQueue() as recorded:
            apply(*args, **kwargs)
        for op in recorded.queue:
            _requeue_single_qubit_gates(op)

    return apply_without_entanglement


def without_entanglement(ansatz: str) -> str:
    """Register (once) a copy of ``ansatz`` without its two-qubit gates; return its name.

    The copy has the same layers, weight shapes and options; every gate acting on two or more
    qubits (after opening PennyLane templates) is left out, so its states are product states.
    The copy is called ``ansatz + "_no_entanglement"`` and is usable everywhere an ansatz name
    is (estimators, analyses, figures) once this function has run in the session.

    Examples
    --------
    >>> name = without_entanglement("strongly_entangling")
    >>> name
    'strongly_entangling_no_entanglement'
    >>> from qnnlab.analysis import entangling_capability
    >>> entangling_capability(name, n_qubits=3, n_layers=2, n_samples=20)
    0.0
    """
    base = ansatze.get(ansatz)
    if base.name.endswith(NO_ENTANGLEMENT_SUFFIX):
        return base.name
    name = base.name + NO_ENTANGLEMENT_SUFFIX
    with circuit_lock():  # look and register in one step: another thread may ask at once
        if name not in ansatze.available():
            ansatze.register(_no_entanglement_copy(base, name))
    return name


def _no_entanglement_copy(base: Ansatz, name: str) -> Ansatz:
    initial = base.apply_initial
    return Ansatz(
        name,
        f"{base.name} without its two-qubit gates (only product states): the "
        "'no entanglement' ablation.",
        base.layer_shape,
        _without_two_qubit_gates(base.apply_layer),
        defaults=base.defaults,
        initial_shape=base.initial_shape,
        apply_initial=None if initial is None else _without_two_qubit_gates(initial),
        entangling=False,
        min_qubits=base.min_qubits,
        qubit_rule=base.qubit_rule,
        reference=f"{base.reference}; entangling gates removed by qnnlab.analysis",
    )


# --- saliency ----------------------------------------------------------------------------------


def _sync(estimator: Any) -> None:
    # Predictions honour evaluation settings changed after fit; so does the saliency.
    sync = getattr(estimator, "_sync_evaluation_settings", None)
    if callable(sync):
        sync()


def _selected_output(estimator: Any, out: torch.Tensor, target: Any) -> torch.Tensor:
    rows = torch.arange(len(out))
    if hasattr(estimator, "classes_"):
        probabilities = torch.softmax(out, dim=-1)
        if target is None:
            index = probabilities.argmax(dim=-1)
        else:
            classes = list(estimator.classes_)
            if target not in classes:
                raise ValueError(
                    f"target must be one of the classes {classes}; got {brief_repr(target)}."
                )
            index = torch.full((len(out),), classes.index(target))
        return probabilities[rows, index]
    column = 0 if target is None else int(target)
    if not 0 <= column < out.shape[1]:
        raise ValueError(f"target must be an output index 0 ... {out.shape[1] - 1}; got {target}.")
    scale = float(np.atleast_1d(estimator.y_scale_)[column])
    return out[:, column] * scale


def saliency(estimator: Any, X: Any, target: Any = None, absolute: bool = True) -> np.ndarray:
    """Input gradients ``d output / d x`` of a fitted estimator, one row per sample.

    Parameters
    ----------
    estimator : HybridClassifier or HybridRegressor
        A fitted estimator.
    X : array of shape (n_samples, n_features)
        The inputs.
    target : optional
        Classifier: the class whose predicted probability is differentiated (default: each
        sample's predicted class). Regressor: the output index (default 0), in target units.
    absolute : bool
        Return ``|gradient|`` (the saliency) rather than the signed gradient.

    Returns
    -------
    numpy.ndarray of shape (n_samples, n_features)

    Examples
    --------
    >>> from qnnlab import HybridRegressor
    >>> X = np.linspace(0, 3, 12)[:, None]
    >>> reg = HybridRegressor(n_qubits=1, n_layers=1, ansatz="basic_entangler", epochs=1,
    ...                       random_state=0).fit(X, np.sin(X).ravel())
    >>> saliency(reg, X[:2]).shape
    (2, 1)
    """
    check_fitted(estimator, "saliency")
    X = validate_data(estimator, X, dtype=np.float64, reset=False)
    _sync(estimator)
    model = estimator.model_
    model.eval()
    x = torch.tensor(X, dtype=DTYPE, requires_grad=True)
    with torch.enable_grad(), circuit_lock():  # non-backprop gradients run PennyLane again
        selected = _selected_output(estimator, model(x), target)
        # Rows are independent, so the gradient of the sum holds every row's own gradient.
        (grad,) = torch.autograd.grad(selected.sum(), x)
    grad = grad.detach().numpy()
    return np.abs(grad) if absolute else grad


# --- permutation importance --------------------------------------------------------------------


def permutation_importance(
    estimator: Any,
    X: Any,
    y: Any,
    n_repeats: int = 10,
    random_state: int | None = 0,
    scoring: Any = None,
    feature_names: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Drop in score when each feature is shuffled (wraps scikit-learn's function).

    Returns
    -------
    pandas.DataFrame
        One row per feature, most important first: ``feature``, ``importance_mean``,
        ``importance_std``; ``df.attrs["importances"]`` holds every repeat
        ``(n_features, n_repeats)``.

    Examples
    --------
    >>> from qnnlab import HybridClassifier
    >>> permutation_importance(HybridClassifier(), [[0.0]], [0])
    Traceback (most recent call last):
    ...
    sklearn.exceptions.NotFittedError: HybridClassifier is not fitted; call fit first ...
    """
    check_fitted(estimator, "permutation importance")
    check_positive_int("n_repeats", n_repeats)
    result = sk_permutation_importance(
        estimator, X, y, n_repeats=n_repeats, random_state=random_state, scoring=scoring
    )
    n_features = result.importances.shape[0]
    names = list(feature_names) if feature_names is not None else [
        f"x{i}" for i in range(n_features)]
    if len(names) != n_features:
        raise ValueError(f"feature_names must have {n_features} entries; got {len(names)}.")
    df = pd.DataFrame({
        "feature": names,
        "importance_mean": result.importances_mean,
        "importance_std": result.importances_std,
    }).sort_values("importance_mean", ascending=False, ignore_index=True)
    df.attrs["importances"] = result.importances
    return df


# --- ablation ----------------------------------------------------------------------------------


def _trainable_parameters(estimator: Any) -> int:
    return sum(p.numel() for p in estimator.model_.parameters() if p.requires_grad)


def _fit_frozen(estimator: Any, X: Any, y: Any) -> Any:
    # fit(epochs=0) builds the network, data and trainer exactly as fit does, without training;
    # then the quantum weights are frozen (their gradient stays None, so the optimiser skips
    # them) and the same trainer runs the requested epochs.
    epochs = estimator.epochs
    try:
        estimator.set_params(epochs=0).fit(X, y)
    finally:
        estimator.set_params(epochs=epochs)
    estimator.model_.quantum_layer.weights.requires_grad_(False)
    trainer = estimator.trainer_
    trainer.fit(epochs, early_stopping=estimator.early_stopping,
                n_iter_no_change=estimator.n_iter_no_change, progress=False)
    estimator.history_ = trainer.history
    estimator.n_iter_ = trainer.epoch
    return estimator


def _variant_estimator(estimator: Any, variant: str, seed: Any) -> tuple[Any, str]:
    est = clone(estimator).set_params(random_state=seed)
    notes = []
    if variant == "classical":
        est.set_params(quantum=False)
    elif variant == "no_entanglement":
        if not ansatze.get(estimator.ansatz).entangling:
            notes.append("the ansatz has no entangling gates: this variant equals the full "
                         "model")
        if estimator.encoding == "iqp":
            notes.append("the IQP encoding's own ZZ couplings remain")
        est.set_params(ansatz=without_entanglement(estimator.ansatz))
    return est, "; ".join(notes)


def ablation(
    estimator: Any,
    X_train: Any,
    y_train: Any,
    X_test: Any,
    y_test: Any,
    variants: Sequence[str] = tuple(VARIANTS),
    random_state: int | None = None,
    refit_full: bool = False,
    progress: bool = False,
) -> pd.DataFrame:
    """Test scores of a fitted estimator and of variants with one part taken away.

    Every variant is a clone of ``estimator`` (same hyper-parameters, same seed) fitted on
    ``X_train, y_train`` and scored on ``X_test, y_test`` (accuracy or R²):

    * ``"classical"``: ``quantum=False``, the matched classical counterpart;
    * ``"no_entanglement"``: the ansatz without its two-qubit gates (:func:`without_entanglement`,
      a registered copy of the ansatz; an entangling encoding such as IQP keeps its couplings);
    * ``"frozen_quantum"``: the quantum weights keep their random initial values and only the
      classical pre-network and head are trained (the "random features" baseline).

    Parameters
    ----------
    estimator : HybridClassifier or HybridRegressor
        Fitted on ``X_train, y_train`` (else set ``refit_full=True``).
    X_train, y_train, X_test, y_test : arrays
        The data.
    variants : sequence of str
        Any of :data:`VARIANTS` (all by default).
    random_state : int or None
        Seed of the variants; None uses the estimator's (0 if it has none). The comparison is
        like for like when the full model was fitted with this seed on ``X_train, y_train``.
    refit_full : bool
        Refit the full model too, with the same seed (default: score it as fitted).
    progress : bool
        Show a progress bar; interrupting keeps the finished rows.

    Returns
    -------
    pandas.DataFrame
        Columns ``variant``, ``description``, ``test_score``, ``full_score``, ``difference``
        (variant minus full), ``trainable_params``, ``fit_seconds``, ``note``.

    Examples
    --------
    >>> from qnnlab import HybridClassifier
    >>> from qnnlab.datasets import load_dataset
    >>> X_train, X_test, y_train, y_test = load_dataset("moons", n_samples=40)
    >>> clf = HybridClassifier(n_qubits=2, n_layers=1, epochs=2).fit(X_train, y_train)
    >>> df = ablation(clf, X_train, y_train, X_test, y_test)
    >>> df[["variant", "trainable_params"]].values.tolist()  # frozen: only classical ones train
    [['full', 12], ['classical', 13], ['no_entanglement', 12], ['frozen_quantum', 6]]
    """
    from tqdm.auto import tqdm

    check_fitted(estimator, "ablation")
    for variant in variants:
        check_choice("ablation variant", variant, VARIANTS)
    if not estimator.quantum and set(variants) & {"no_entanglement", "frozen_quantum"}:
        raise ValueError("This estimator has no quantum layer (quantum=False); ablation of "
                         "entanglement or quantum weights needs quantum=True.")
    seed = random_state if random_state is not None else estimator.random_state
    seed = 0 if seed is None else seed
    full = _full_model(estimator, X_train, y_train, seed, refit_full)
    full_score = float(full.score(X_test, y_test))
    rows = []
    try:
        for variant in tqdm(list(variants), desc="ablation", disable=not progress, leave=False):
            rows.append(_run_variant(full, variant, full_score, seed, X_train, y_train, X_test,
                                     y_test))
    except KeyboardInterrupt:
        pass
    df = pd.DataFrame(rows)
    df.attrs["full_score"] = full_score
    df.attrs["random_state"] = seed
    return df


def _full_model(estimator: Any, X: Any, y: Any, seed: Any, refit: bool) -> Any:
    if not refit:
        return estimator
    return clone(estimator).set_params(random_state=seed).fit(X, y)


def _run_variant(
    full: Any, variant: str, full_score: float, seed: Any,
    X_train: Any, y_train: Any, X_test: Any, y_test: Any,
) -> dict[str, Any]:
    start = time.perf_counter()
    note = ""
    if variant == "full":
        est = full
    else:
        est, note = _variant_estimator(full, variant, seed)
        if variant == "frozen_quantum":
            _fit_frozen(est, X_train, y_train)
        else:
            est.fit(X_train, y_train)
    score = float(est.score(X_test, y_test))
    return {
        "variant": variant,
        "description": VARIANTS[variant],
        "test_score": score,
        "full_score": full_score,
        "difference": score - full_score,
        "trainable_params": _trainable_parameters(est),
        "fit_seconds": 0.0 if variant == "full" else time.perf_counter() - start,
        "note": note,
    }

"""Small, seeded datasets for hybrid quantum neural networks, already split and scaled.

Every dataset comes back as ``X_train, X_test, y_train, y_test`` with features scaled to
``feature_range`` (by default ``(0, pi)``, the range angle encodings expect: ``RY(x)|0>`` then
sweeps the whole Bloch meridian from ``|0>`` to ``|1>``). The scaler (and, for the larger real
datasets, the standardisation and PCA) is fit on the training part only, so no information
leaks from the test part; test features may therefore fall slightly outside ``feature_range``.
A benchmark that cross-validates on the training part should pass ``scale=False`` and fit its
scaler inside each fold instead.

The names are listed by :func:`available`, explained by :func:`describe` and loaded by
:func:`load_dataset`. Only scikit-learn generators and the datasets scikit-learn ships are
used: nothing is ever downloaded.

The generators of Bowles, Ahmed & Schuld (2024) take their difficulty parameters as keywords
of :func:`load_dataset` (``manifold_dimension``, ``n_hyperplanes``, ``dim_hyperplanes``,
``degree``, ``offset``, ``margin``), with the paper's values as defaults;
``describe(name).parameters`` lists them with their ranges.

Examples
--------
>>> from qnnlab.datasets import load_dataset
>>> X_train, X_test, y_train, y_test = load_dataset("moons", n_samples=100)
>>> X_train.shape, X_test.shape
((75, 2), (25, 2))
"""

from __future__ import annotations

import difflib
import inspect
import math
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Any, Literal, NamedTuple

import numpy as np
from scipy.stats import unitary_group
from sklearn import datasets as _skd
from sklearn.decomposition import PCA
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import MinMaxScaler, StandardScaler

__all__ = [
    "DatasetInfo", "GeneratorParameter", "available", "describe", "load_dataset",
    "regression_target",
]

#: Number of samples used when ``n_samples`` is None (capped at the size of a real dataset).
DEFAULT_N_SAMPLES = 200
#: Largest ``n_samples`` accepted by :func:`load_dataset`.
MAX_N_SAMPLES = 1_000_000
#: Largest ``n_samples`` times the widest array a generator builds per sample (the features, the
#: hidden manifold, the hyperplanes, the Fourier terms, or the ``2**n_features`` amplitudes of
#: ``quantum_circuit_labels``): 5 million float64 values are 40 MB per array; with the pools of
#: ``4 * n_samples`` points that the rejection samplers draw, requests at the limit peaked below
#: 0.4 GB (measured), so they fit in a 2 GB Binder pod.
MAX_ARRAY_VALUES = 5_000_000
#: Largest ``noise`` of any dataset: a Gaussian noise std of 100 already drowns every dataset
#: here (features and targets are of order 1), and a bound keeps the scaling finite.
MAX_NOISE = 100.0
#: Largest absolute value accepted in ``feature_range`` (beyond it min-max scaling overflows).
MAX_FEATURE_RANGE = 1e6
#: Largest qubit count accepted by ``quantum_circuit_labels`` (a 2**10 x 2**10 unitary).
MAX_QUANTUM_QUBITS = 10
#: Largest integer accepted as ``random_state`` (scikit-learn's limit).
_MAX_SEED = 2**32 - 1

_BOWLES = (
    "Bowles, Ahmed & Schuld, 'Better than classical? The subtle art of benchmarking quantum "
    "machine learning models', arXiv:2403.07059 (2024); reference code "
    "github.com/XanaduAI/qml-benchmarks. Reimplemented here in NumPy."
)


@dataclass(frozen=True)
class GeneratorParameter:
    """A difficulty parameter of a dataset generator, a keyword of :func:`load_dataset`.

    Attributes
    ----------
    name : str
        The keyword, e.g. ``"manifold_dimension"``.
    kind : {"int", "float"}
        Integers only, or any finite number.
    low, high : float
        Inclusive range. Some parameters also have a bound that depends on ``n_features``
        (see :meth:`upper` and ``description``).
    description : str
        What the parameter changes, its range and the paper's values, in plain words.
    default : object
        The value used when the keyword is left out or None, read from the generator's
        signature. None means "derived from the other arguments" (the description says how).
    widens_arrays : bool
        True if the generator builds arrays of ``n_samples`` times this value (counts towards
        :data:`MAX_ARRAY_VALUES`).
    limit : callable or None
        ``n_features -> bound``: an upper bound that depends on the feature count (used by
        :meth:`upper`), or None.

    Examples
    --------
    >>> (param,) = describe("hidden_manifold").parameters
    >>> param.name, param.kind, param.default, param.low
    ('manifold_dimension', 'int', 6, 1)
    """

    name: str
    kind: Literal["int", "float"]
    low: float
    high: float
    description: str
    default: Any = None
    widens_arrays: bool = False
    limit: Callable[[int], float] | None = field(default=None, repr=False, compare=False)

    def upper(self, n_features: int) -> float:
        """Largest accepted value when the data has ``n_features`` features.

        Examples
        --------
        >>> dim = describe("hyperplanes_parity").parameter("dim_hyperplanes")
        >>> dim.upper(10), dim.upper(2)
        (10, 2)
        """
        return self.high if self.limit is None else min(self.high, self.limit(n_features))


@dataclass(frozen=True)
class DatasetInfo:
    """What a dataset is, in plain words, and which arguments it accepts.

    Attributes
    ----------
    name : str
        The name passed to :func:`load_dataset`.
    description : str
        One plain-words line for learners.
    task : {"classification", "regression"}
        What the labels are: class indices (int64) or real numbers (float64).
    n_classes : int or None
        Number of classes, None for regression.
    default_n_features : int
        Number of features when ``n_features`` is None.
    source : str
        Where the data or the generator comes from (citation).
    noise_description : str
        What ``noise`` means for this dataset.
    default_noise : float
        The ``noise`` used when ``noise`` is None.
    max_noise : float
        Largest ``noise`` the dataset's noise allows (``inf`` where it has no natural bound);
        the smallest is always 0. Every ``noise`` is also capped at :data:`MAX_NOISE`.
    min_n_features, max_n_features : int
        Inclusive range of accepted ``n_features``.
    n_available : int or None
        Number of samples of a real dataset, None for generated data.
    parameters : tuple of GeneratorParameter
        The generator's own keywords (difficulty parameters), empty for most datasets.

    Examples
    --------
    >>> info = describe("iris")
    >>> info.task, info.n_classes, info.default_n_features, info.n_available
    ('classification', 3, 4, 150)
    >>> [p.name for p in describe("two_curves").parameters]
    ['degree', 'offset']
    """

    name: str
    description: str
    task: Literal["classification", "regression"]
    n_classes: int | None
    default_n_features: int
    source: str
    noise_description: str = "standard deviation of Gaussian noise added to the features"
    default_noise: float = 0.0
    max_noise: float = math.inf
    min_n_features: int = 1
    max_n_features: int = 1000
    n_available: int | None = None
    parameters: tuple[GeneratorParameter, ...] = ()

    @property
    def is_real(self) -> bool:
        """True for measured (shipped) data, False for generated data."""
        return self.n_available is not None

    def parameter(self, name: str) -> GeneratorParameter:
        """The generator parameter called ``name``.

        Raises
        ------
        ValueError
            If the dataset has no such parameter; the message lists the valid ones.

        Examples
        --------
        >>> describe("two_curves").parameter("degree").default
        5
        """
        for param in self.parameters:
            if param.name == name:
                return param
        raise ValueError(_unknown_parameter_message(self, name))


class _Raw(NamedTuple):
    """Unscaled output of a generator: features, labels and the hidden parameters used."""

    X: np.ndarray
    y: np.ndarray
    params: dict[str, Any]


#: Signature of every generator: ``(n_samples, n_features, noise, rng, **parameters) -> _Raw``,
#: where the keyword-only ``parameters`` (with their defaults) are the :class:`GeneratorParameter`
#: of the dataset.
_GeneratorFn = Callable[..., _Raw]


# --------------------------------------------------------------------------- helpers


def _seed_for_sklearn(rng: np.random.Generator) -> int:
    """Draw an integer seed from ``rng`` for scikit-learn functions that take one."""
    return int(rng.integers(0, 2**31 - 1))


def _class_sizes(n_samples: int) -> tuple[int, int]:
    """Sizes of classes 0 and 1 of a balanced binary dataset (class 0 takes the odd one)."""
    return n_samples - n_samples // 2, n_samples // 2


def _balanced_labels(n_samples: int) -> np.ndarray:
    """Labels 0...0 1...1 with the sizes of :func:`_class_sizes`."""
    n0, n1 = _class_sizes(n_samples)
    return np.repeat(np.array([0, 1], dtype=np.int64), [n0, n1])


def _shuffled(rng: np.random.Generator, *arrays: np.ndarray) -> tuple[np.ndarray, ...]:
    """Return ``arrays`` (all of the same length) in one random order drawn from ``rng``."""
    order = rng.permutation(len(arrays[0]))
    return tuple(array[order] for array in arrays)


def _swap_labels(y: np.ndarray, fraction: float, rng: np.random.Generator) -> np.ndarray:
    """Flip the same number, ``round(fraction * n // 2)``, of labels in each binary class.

    Flipping equally many 0s and 1s keeps the class sizes (and so the balance) unchanged.
    """
    y = y.copy()
    n_flip = round(fraction * (len(y) // 2))
    if n_flip == 0:
        return y
    zeros = rng.choice(np.flatnonzero(y == 0), size=n_flip, replace=False)
    ones = rng.choice(np.flatnonzero(y == 1), size=n_flip, replace=False)
    y[zeros], y[ones] = 1, 0
    return y


def _add_gaussian(X: np.ndarray, std: float, rng: np.random.Generator) -> np.ndarray:
    """Return ``X`` plus independent Gaussian noise of standard deviation ``std``."""
    if std == 0:
        return X
    return X + rng.normal(0.0, std, size=X.shape)


class _UnbalancedDrawError(ValueError):
    """The hidden rule of a generator put (almost) every point in one class."""


def _sample_balanced(
    sampler: Callable[[int], tuple[np.ndarray, np.ndarray]],
    n_samples: int,
    rng: np.random.Generator,
    max_rounds: int = 50,
) -> tuple[np.ndarray, np.ndarray]:
    """Draw pools from ``sampler`` until both classes have enough points, then balance.

    ``sampler(m)`` returns up to ``m`` i.i.d. points with labels in {0, 1}. The first points of
    each class are kept (a random sample, since the pool is i.i.d.) and shuffled together. Only
    the points still needed are kept between rounds, so memory stays at one pool of
    ``4 * n_samples`` points.

    Raises
    ------
    _UnbalancedDrawError
        If ``max_rounds`` pools do not hold enough points of both classes.
    """
    needed = dict(zip((0, 1), _class_sizes(n_samples)))
    kept: dict[int, list[np.ndarray]] = {0: [], 1: []}
    for _ in range(max_rounds):
        X_pool, y_pool = sampler(4 * n_samples)
        for label in (0, 1):
            taken = X_pool[np.flatnonzero(y_pool == label)[: needed[label]]]
            kept[label].append(taken)
            needed[label] -= len(taken)
        if needed[0] == 0 and needed[1] == 0:
            X = np.concatenate(kept[0] + kept[1])
            return _shuffled(rng, X, _balanced_labels(n_samples))
    raise _UnbalancedDrawError(
        f"the hidden rule drawn with this random_state puts too few points in class "
        f"{0 if needed[0] else 1} ({max_rounds} pools of {4 * n_samples} points did not give "
        f"{_class_sizes(n_samples)[0 if needed[0] else 1]}); choose another random_state"
    )


def _median_split(scores: np.ndarray) -> np.ndarray:
    """Label 1 where ``scores`` is strictly above its median, else 0 (balanced classes)."""
    return (scores > np.median(scores)).astype(np.int64)


# ------------------------------------------------------------------ toy 2-D datasets


def _make_moons(n_samples: int, n_features: int, noise: float, rng: np.random.Generator) -> _Raw:
    """Two interleaving half circles (scikit-learn ``make_moons``)."""
    X, y = _skd.make_moons(n_samples, noise=noise, random_state=_seed_for_sklearn(rng))
    return _Raw(X, y, {})


def _make_circles(n_samples: int, n_features: int, noise: float, rng: np.random.Generator) -> _Raw:
    """A small circle inside a large one (scikit-learn ``make_circles``, ``factor=0.5``)."""
    X, y = _skd.make_circles(
        n_samples, noise=noise, factor=0.5, random_state=_seed_for_sklearn(rng)
    )
    return _Raw(X, y, {"factor": 0.5})


def _make_xor(n_samples: int, n_features: int, noise: float, rng: np.random.Generator) -> _Raw:
    """Uniform points in ``[-1, 1]^2`` labelled 1 where ``x1 * x2 > 0`` (same-sign quadrants).

    Each class fills its two quadrants uniformly; then ``noise`` is the fraction of labels of
    each class that are flipped (equally many 0s and 1s, so the classes stay balanced).
    """
    y = _balanced_labels(n_samples)
    magnitudes = rng.uniform(0.0, 1.0, size=(n_samples, 2))
    first_sign = rng.choice([-1.0, 1.0], size=n_samples)
    second_sign = np.where(y == 1, first_sign, -first_sign)
    X = magnitudes * np.column_stack([first_sign, second_sign])
    X, y = _shuffled(rng, X, y)
    return _Raw(X, _swap_labels(y, noise, rng), {"clean_labels": y})


def _make_spirals(n_samples: int, n_features: int, noise: float, rng: np.random.Generator) -> _Raw:
    """Two interleaved spirals of 1.5 turns; class 1 is class 0 rotated by 180 degrees.

    A point at parameter ``t`` in ``[0.1, 1]`` (drawn so the density along the arm is roughly
    uniform) sits at radius ``t`` and angle ``3 pi t``; neighbouring arms are 1/3 apart.
    """
    y = _balanced_labels(n_samples)
    t = np.sqrt(rng.uniform(0.01, 1.0, size=n_samples))
    angle = 3.0 * np.pi * t + np.pi * y
    X = np.column_stack([t * np.cos(angle), t * np.sin(angle)])
    X = _add_gaussian(X, noise, rng)
    X, y = _shuffled(rng, X, y)
    return _Raw(X, y, {"turns": 1.5})


# ------------------------------------------------------------------------- real data


@cache
def _load_real(name: str) -> tuple[np.ndarray, np.ndarray]:
    """Features and labels of a dataset shipped with scikit-learn (read-only, cached)."""
    loaders = {
        "iris": _skd.load_iris,
        "wine": _skd.load_wine,
        "breast_cancer": _skd.load_breast_cancer,
        "digits": _skd.load_digits,
    }
    binary_pairs = {"iris_binary": ("iris", 1, 2), "digits_binary": ("digits", 3, 8)}
    if name in binary_pairs:
        parent, negative, positive = binary_pairs[name]
        X, y = _load_real(parent)
        keep = (y == negative) | (y == positive)
        X, y = X[keep], (y[keep] == positive).astype(np.int64)
    else:
        bunch = loaders[name]()
        X, y = bunch.data.astype(np.float64), bunch.target.astype(np.int64)
    X.flags.writeable = False
    y.flags.writeable = False
    return X, y


def _stratified_counts(labels: np.ndarray, n_samples: int) -> np.ndarray:
    """Per-class counts of a stratified subsample of size ``n_samples`` (largest remainder)."""
    totals = np.bincount(labels)
    exact = n_samples * totals / totals.sum()
    counts = np.floor(exact).astype(int)
    remainder = n_samples - counts.sum()
    # Stable sort: ties go to the lower class index, so the counts never depend on chance.
    order = np.argsort(-(exact - counts), kind="stable")
    counts[order[:remainder]] += 1
    return counts


def _real_generator(name: str) -> _GeneratorFn:
    """Build the generator that draws a stratified subsample of the real dataset ``name``."""

    def generate(n_samples: int, n_features: int, noise: float, rng: np.random.Generator) -> _Raw:
        X, y = _load_real(name)
        if n_samples == len(y):
            chosen = rng.permutation(len(y))
        else:
            counts = _stratified_counts(y, n_samples)
            chosen = np.concatenate(
                [
                    rng.choice(np.flatnonzero(y == label), size=count, replace=False)
                    for label, count in enumerate(counts)
                ]
            )
            chosen = rng.permutation(chosen)
        return _Raw(X[chosen], y[chosen], {"indices": chosen})

    generate.__name__ = f"_make_{name}"
    generate.__doc__ = f"Stratified subsample of the real dataset {name!r} (raw features)."
    return generate


def _standardise_and_reduce(
    X_train: np.ndarray,
    X_test: np.ndarray,
    n_features: int,
    noise: float,
    rng: np.random.Generator,
) -> tuple[np.ndarray, np.ndarray]:
    """Standardise, add noise and (if fewer features are asked for) apply PCA; fit on train.

    ``noise`` is the standard deviation of Gaussian noise added to the standardised features.
    """
    scaler = StandardScaler().fit(X_train)
    X_train, X_test = scaler.transform(X_train), scaler.transform(X_test)
    X_train, X_test = _add_gaussian(X_train, noise, rng), _add_gaussian(X_test, noise, rng)
    if n_features < X_train.shape[1]:
        pca = PCA(n_components=n_features, svd_solver="full").fit(X_train)
        X_train, X_test = pca.transform(X_train), pca.transform(X_test)
    return X_train, X_test


# ------------------------------------- Bowles, Ahmed & Schuld (2024) benchmark generators
#
# Each generator below follows a data generator of the reference code,
# github.com/XanaduAI/qml-benchmarks, src/qml_benchmarks/data/<file>.py, with the settings of
# the paper's generation scripts, paper/benchmarks/generate_<family>.py (arXiv:2403.07059,
# section on the data sets). Common deviations, kept on purpose: the reference labels are -1/+1
# (here 0/1); its generators draw from the global ``np.random`` (here one seeded Generator);
# where it standardises the features over the whole sample before the train/test split, here
# :func:`load_dataset` scales them after the split, fit on the training part only.


def _default_margin(n_features: int) -> float:
    """The margin of the paper's LINEARLY SEPARABLE family for ``n_features`` dimensions."""
    return 0.02 * n_features


def _max_margin(n_features: int) -> float:
    """Largest accepted margin: ``min(d / 2, 2 sqrt(d / 3))``.

    ``x . (1, ..., 1)`` for ``x`` uniform in ``[-1, 1]^d`` has standard deviation
    ``sqrt(d / 3)``; below this bound at least about 4% of the cube lies outside the margin,
    so rejection sampling stays quick.
    """
    return min(n_features / 2, 2 * math.sqrt(n_features / 3))


def _make_linearly_separable(
    n_samples: int,
    n_features: int,
    noise: float,
    rng: np.random.Generator,
    *,
    margin: float | None = None,
) -> _Raw:
    """Points in ``[-1, 1]^d`` on either side of the plane ``x . (1, ..., 1) = 0``, off a margin.

    As Bowles et al. (2024), family LINEARLY SEPARABLE (reference code
    ``qml_benchmarks/data/linearly_separable.py``, settings from
    ``paper/benchmarks/generate_linearly_separable.py``): points are uniform in the cube, those
    with ``|x . w| <= margin`` for ``w = (1, ..., 1)`` are dropped, and the label is the side,
    ``1`` where ``x . w > 0`` (the reference's -1). ``margin`` defaults to the paper's
    ``0.02 d``; as in the paper it bounds ``|x . w|``, so the Euclidean gap between the classes
    is ``2 margin / sqrt(d)``.
    Deviations: the classes are exactly balanced (the paper keeps the first ``n_samples``
    points), and Gaussian noise of std ``noise`` (default 0: separable, as in the paper) is
    added to the points last, which can push them across the margin.
    """
    margin = _default_margin(n_features) if margin is None else float(margin)
    weights = np.ones(n_features)

    def sampler(m: int) -> tuple[np.ndarray, np.ndarray]:
        X = rng.uniform(-1.0, 1.0, size=(m, n_features))
        projection = X @ weights
        keep = np.abs(projection) > margin
        return X[keep], (projection[keep] > 0).astype(np.int64)

    X, y = _sample_balanced(sampler, n_samples, rng)
    params = {"weights": weights, "margin": margin, "clean_X": X}
    return _Raw(_add_gaussian(X, noise, rng), y, params)


def _at_most_n_features(n_features: int) -> int:
    """Bound of ``dim_hyperplanes``: the hidden space may not be larger than the data's."""
    return n_features


def _draw_parity_sample(
    n_samples: int, n_hyperplanes: int, dim: int, rng: np.random.Generator, max_draws: int = 20
) -> tuple[np.ndarray, ...]:
    """Hyperplanes ``(weights, biases)`` and a balanced sample ``(Z, y)`` of hidden points.

    Hyperplanes whose parity classes cannot be balanced from 5 pools of ``4 n_samples`` points
    (one class below 1 in 40 points) are redrawn, at most ``max_draws`` times.
    """
    failure = _UnbalancedDrawError("no hyperplanes drawn")
    for _ in range(max_draws):
        weights = rng.uniform(size=(n_hyperplanes, dim))
        biases = rng.uniform(size=n_hyperplanes)

        def sampler(m: int) -> tuple[np.ndarray, np.ndarray]:
            Z = rng.normal(size=(m, dim))
            above = (Z @ weights.T + biases) > 0  # noqa: B023 - used before the next draw
            return Z, (above.sum(axis=1) % 2).astype(np.int64)

        try:
            return (weights, biases, *_sample_balanced(sampler, n_samples, rng, max_rounds=5))
        except _UnbalancedDrawError as error:
            failure = error
    raise failure


def _make_hyperplanes_parity(
    n_samples: int,
    n_features: int,
    noise: float,
    rng: np.random.Generator,
    *,
    n_hyperplanes: int = 3,
    dim_hyperplanes: int | None = None,
) -> _Raw:
    """Label = parity of the number of random hyperplanes a hidden point lies above.

    As Bowles et al. (2024), family HYPERPLANES DIFF (reference code
    ``qml_benchmarks/data/hyperplanes.py``, settings from
    ``paper/benchmarks/generate_hyperplanes.py``): ``k = n_hyperplanes`` hyperplanes
    ``w_j . z + b_j = 0``, with ``w_j, b_j`` uniform in ``[0, 1]``, live in an
    ``m = dim_hyperplanes`` dimensional space; hidden points ``z`` are standard normal, the
    label is ``1`` if an odd number of ``w_j . z + b_j`` are positive (the reference's +1: its
    ``predict`` helper returns -1 for odd, and the generator swaps the signs), the
    classes are balanced by keeping the first points of each class, and the points are embedded
    linearly, ``x = z E``, with ``E`` uniform in ``[0, 1]^(m x d)``. The paper varies ``k`` from
    2 to 20 at ``m = 3``, ``d = 10``. Deviations: the default ``k = 3`` (the paper has no single
    value), ``m`` defaults to ``min(3, d)`` and may not exceed ``d`` (else the labels would not
    be a function of ``x``), and Gaussian noise of std ``noise`` (default 0, as in the paper) is
    added to ``x`` last; and hyperplanes that put fewer than about 1 in 40 hidden points in
    one class (which happens for 1 or 2 hyperplanes in few dimensions) are redrawn, where the
    reference code stops with an assertion.
    """
    dim = min(3, n_features) if dim_hyperplanes is None else int(dim_hyperplanes)
    weights, biases, Z, y = _draw_parity_sample(n_samples, n_hyperplanes, dim, rng)
    embedding = rng.uniform(size=(dim, n_features))
    X = _add_gaussian(Z @ embedding, noise, rng)
    params = {"weights": weights, "biases": biases, "embedding": embedding, "hidden": Z}
    return _Raw(X, y, params)


def _make_hidden_manifold(
    n_samples: int,
    n_features: int,
    noise: float,
    rng: np.random.Generator,
    *,
    manifold_dimension: int = 6,
) -> _Raw:
    """Points on a curved ``m``-dimensional sheet in ``d`` dimensions, labelled by a random MLP.

    As Bowles et al. (2024), families HIDDEN MANIFOLD (``m = 6``, ``d`` from 2 to 20) and
    HIDDEN MANIFOLD DIFF (``d = 10``, ``m`` from 2 to 20), after Goldt et al., Phys. Rev. X 10,
    041044 (2020) (reference code ``qml_benchmarks/data/hidden_manifold.py``, settings from
    ``paper/benchmarks/generate_hidden_manifold.py``): hidden coordinates ``c`` are standard
    normal in ``m = manifold_dimension`` dimensions (default 6, the paper's), embedded as
    ``x = tanh(c F / sqrt(m) - b)`` with ``F`` standard normal ``(m x d)`` and ``b`` uniform in
    ``[-1, 1]``. The label comes from a random one-hidden-layer network on the hidden
    coordinates, ``s = v . tanh(W c) / sqrt(m)`` (``W``, ``v`` standard normal): 1 where ``s``
    is above its median over the sample. Deviations: with an odd ``n_samples`` class 0 has the
    extra point (the paper needs an even number), and Gaussian noise of std ``noise`` (default
    0, as in the paper) is added to ``x`` last.
    """
    dim = manifold_dimension
    embedding = rng.normal(size=(dim, n_features))
    hidden = rng.normal(size=(n_samples, dim))
    biases = rng.uniform(-1.0, 1.0, size=n_features)
    X = np.tanh(hidden @ embedding / np.sqrt(dim) - biases)
    W = rng.normal(size=(dim, dim))
    v = rng.normal(size=dim)
    scores = np.tanh(hidden @ W.T) @ v / np.sqrt(dim)
    y = _median_split(scores)
    params = {"embedding": embedding, "hidden": hidden, "biases": biases, "W": W, "v": v}
    return _Raw(_add_gaussian(X, noise, rng), y, params)


def _default_offset(degree: int) -> float:
    """The offset of the paper's TWO CURVES DIFF family: ``1 / (2 degree)`` (0.1 at degree 5)."""
    return 1.0 / (2 * degree)


def _make_two_curves(
    n_samples: int,
    n_features: int,
    noise: float,
    rng: np.random.Generator,
    *,
    degree: int = 5,
    offset: float | None = None,
) -> _Raw:
    """Two parallel 1-D curves in ``d`` dimensions, each coordinate a Fourier series.

    As Bowles et al. (2024), families TWO CURVES (``D = 5``, offset 0.1, ``d`` from 2 to 20) and
    TWO CURVES DIFF (``d = 10``, ``D`` from 2 to 20, offset ``1 / (2 D)``) (reference code
    ``qml_benchmarks/data/two_curves.py``, settings from
    ``paper/benchmarks/generate_two_curves.py``): coordinate ``i`` of the curve at ``t``
    (uniform in ``[0, 1]``) is ``a_i0 + b_i0 + sum_{k=1}^{D} a_ik cos(k pi t) + b_ik sin(k pi
    t)`` with ``D = degree``, all ``a, b`` uniform in ``[0, 1]`` and then divided by their joint
    norm. Class 1 is the same curve shifted by ``offset`` along every axis; ``offset`` defaults
    to ``1 / (2 D)``, which is both families' value (0.1 at the default ``D = 5``). Gaussian
    noise of std ``noise`` (default 0.01, as in the paper) is added to every coordinate.
    """
    offset = _default_offset(degree) if offset is None else float(offset)
    coeffs = rng.uniform(size=(n_features, degree + 1, 2))
    coeffs /= np.linalg.norm(coeffs)
    y = _balanced_labels(n_samples)
    t = rng.uniform(size=n_samples)
    phases = np.pi * np.outer(t, np.arange(1, degree + 1))
    X = (
        coeffs[:, 0, 0]
        + coeffs[:, 0, 1]
        + np.cos(phases) @ coeffs[:, 1:, 0].T
        + np.sin(phases) @ coeffs[:, 1:, 1].T
    )
    clean = X + offset * y[:, None]
    X = _add_gaussian(clean, noise, rng)
    X, y, t, clean = _shuffled(rng, X, y, t, clean)
    params = {"coefficients": coeffs, "degree": degree, "offset": offset, "t": t, "clean_X": clean}
    return _Raw(X, y, params)


def _make_bars_and_stripes(
    n_samples: int, n_features: int, noise: float, rng: np.random.Generator
) -> _Raw:
    """Square black-and-white images of vertical bars (label 0) or horizontal stripes (label 1).

    As Bowles et al. (2024), family BARS & STRIPES (reference code
    ``qml_benchmarks/data/bars_and_stripes.py``, settings from
    ``paper/benchmarks/generate_bars_and_stripes.py``: 4 x 4 to 32 x 32 images, that is
    ``n_features`` 16 to 1024): pixels are -1, and each column (bars) or row (stripes) is set
    to +1 with probability 1/2; then Gaussian pixel noise of std ``noise`` (default 0.5, as in
    the paper) is added. Deviations: all-dark and all-bright images (which are both a bar and a
    stripe pattern) are redrawn, so every clean image has exactly one label; the classes are
    exactly balanced (the paper flips a coin per image); and only square images are offered.
    Images are flattened row by row (pixel ``(r, c)`` is feature ``r * side + c``).
    """
    side = math.isqrt(n_features)
    y = _balanced_labels(n_samples)
    lit = rng.random((n_samples, side)) < 0.5
    ambiguous = lit.all(axis=1) | ~lit.any(axis=1)
    while ambiguous.any():
        lit[ambiguous] = rng.random((int(ambiguous.sum()), side)) < 0.5
        ambiguous = lit.all(axis=1) | ~lit.any(axis=1)
    bars = np.broadcast_to(lit[:, None, :], (n_samples, side, side))
    stripes = np.broadcast_to(lit[:, :, None], (n_samples, side, side))
    images = np.where((y == 1)[:, None, None], stripes, bars)
    X = np.where(images, 1.0, -1.0).reshape(n_samples, n_features)
    X, y = _shuffled(rng, X, y)
    return _Raw(_add_gaussian(X, noise, rng), y, {"side": side, "clean_X": X})


# ------------------------------------------------------------- quantum-engineered labels


def _product_states(angles: np.ndarray) -> np.ndarray:
    """State vectors of ``RY(x_0) ... RY(x_{d-1}) |0...0>``; qubit 0 is the leftmost bit.

    That is PennyLane's convention: wire 0 is the most significant bit of the basis index.
    """
    n_samples, n_qubits = angles.shape
    states = np.ones((n_samples, 1))
    for qubit in range(n_qubits):
        single = np.column_stack([np.cos(angles[:, qubit] / 2), np.sin(angles[:, qubit] / 2)])
        states = (states[:, :, None] * single[:, None, :]).reshape(n_samples, -1)
    return states


def _expval_z0(states: np.ndarray) -> np.ndarray:
    """Expectation of Pauli Z on qubit 0 (the leftmost bit) for each state vector row."""
    probabilities = np.abs(states) ** 2
    half = states.shape[1] // 2
    return probabilities[:, :half].sum(axis=1) - probabilities[:, half:].sum(axis=1)


def _make_quantum_circuit_labels(
    n_samples: int, n_features: int, noise: float, rng: np.random.Generator
) -> _Raw:
    """Labels computed by a random quantum circuit acting on angle-encoded features.

    In the spirit of Huang et al., Nat. Commun. 12, 2631 (2021): features ``x`` are uniform
    in ``[0, pi]^d`` and angle-encoded on ``d`` qubits, ``|x> = RY(x_0) ... RY(x_{d-1})|0>``;
    a Haar-random unitary ``U`` (``scipy.stats.unitary_group``) is applied and the label is 1
    where ``<x| U^dag Z_0 U |x>`` is above its median over the sample (balanced classes).
    ``noise`` is the fraction of labels flipped in each class. Computed exactly in NumPy.
    Note that the score is a trigonometric polynomial of ``x`` with frequencies at most 1 per
    feature, so classical models with the right features can learn it too; the task is
    natural, not provably hard, for classical learners. :func:`load_dataset` min-max scales
    the angles like any other features, which with the default ``feature_range=(0, pi)``
    changes them only slightly; ``_generate`` returns the exact angles.
    """
    angles = rng.uniform(0.0, np.pi, size=(n_samples, n_features))
    unitary = np.atleast_2d(unitary_group.rvs(2**n_features, random_state=rng))
    scores = _expval_z0(_product_states(angles) @ unitary.T)
    clean = _median_split(scores)
    params = {
        "unitary": unitary,
        "expval_z0": scores,
        "median": np.median(scores),
        "clean_labels": clean,
    }
    return _Raw(angles, _swap_labels(clean, noise, rng), params)


# ------------------------------------------------------------------------ regression


def _fourier_target(x: np.ndarray) -> np.ndarray:
    """``0.1 + 0.3 (cos x + sin x + cos 2x + sin 2x)``: coefficients c0=0.1, c1=c2=0.15-0.15i."""
    return 0.1 + 0.3 * (np.cos(x) + np.sin(x) + np.cos(2 * x) + np.sin(2 * x))


def _step_target(x: np.ndarray) -> np.ndarray:
    """``-1`` for ``x < 0``, ``+1`` from 0 on: a jump no finite Fourier series reproduces."""
    return np.where(x < 0.0, -1.0, 1.0)


def _polynomial_target(x: np.ndarray) -> np.ndarray:
    """The cubic ``(3 sqrt(3) / 2) (u**3 - u)``, ``u = x / pi``: zero at the ends, range [-1, 1]."""
    u = x / np.pi
    return 1.5 * np.sqrt(3.0) * (u**3 - u)


#: The noise-free target of each 1-D regression dataset, a function of the raw ``x`` in
#: ``[-pi, pi]`` (see :func:`regression_target`).
_REGRESSION_TARGETS: dict[str, Callable[[np.ndarray], np.ndarray]] = {
    "sine": np.sin,
    "fourier": _fourier_target,
    "step": _step_target,
    "polynomial": _polynomial_target,
}


def _function_generator(name: str) -> _GeneratorFn:
    """``y = target(x) + noise`` for ``x`` uniform in ``[-pi, pi]`` (one feature)."""
    target = _REGRESSION_TARGETS[name]

    def generate(n_samples: int, n_features: int, noise: float, rng: np.random.Generator) -> _Raw:
        x = rng.uniform(-np.pi, np.pi, size=(n_samples, 1))
        y = target(x[:, 0]) + rng.normal(0.0, noise, size=n_samples)
        return _Raw(x, y, {})

    generate.__doc__ = f"``y = {name}(x) + noise`` for ``x`` uniform in ``[-pi, pi]``."
    return generate


# --------------------------------------------------------------------- multi-class 2-D


def _class_counts_of(n_samples: int, n_classes: int) -> np.ndarray:
    """Balanced class sizes (the first classes take the remainder, as ``make_blobs`` does)."""
    counts = np.full(n_classes, n_samples // n_classes)
    counts[: n_samples % n_classes] += 1
    return counts


def _make_blobs(n_samples: int, n_features: int, noise: float, rng: np.random.Generator) -> _Raw:
    """Three Gaussian blobs (scikit-learn ``make_blobs``) centred on a circle of radius 2.

    The centres sit 120 degrees apart; ``noise`` is the standard deviation of each blob.
    """
    angles = np.pi / 2 + 2 * np.pi * np.arange(3) / 3
    centers = 2.0 * np.column_stack([np.cos(angles), np.sin(angles)])
    X, y = _skd.make_blobs(
        n_samples, centers=centers, cluster_std=noise, random_state=_seed_for_sklearn(rng)
    )
    return _Raw(X, y, {"centers": centers})


def _make_spirals_3(
    n_samples: int, n_features: int, noise: float, rng: np.random.Generator
) -> _Raw:
    """Three interleaved spiral arms of one turn, 120 degrees apart (class = arm)."""
    y = np.repeat(np.arange(3), _class_counts_of(n_samples, 3))
    t = np.sqrt(rng.uniform(0.01, 1.0, size=n_samples))
    angle = 2.0 * np.pi * t + 2.0 * np.pi * y / 3.0
    X = np.column_stack([t * np.cos(angle), t * np.sin(angle)])
    X = _add_gaussian(X, noise, rng)
    X, y = _shuffled(rng, X, y)
    return _Raw(X, y, {"turns": 1.0})


# -------------------------------------------------------------------------- registry

_GAUSS_2D = "standard deviation of Gaussian noise added to each coordinate"
_FLIP = "fraction of labels flipped in each class (equally many 0s and 1s)"
_REAL_NOISE = "standard deviation of Gaussian noise added to the standardised features"
_REAL_SOURCE = " Shipped with scikit-learn (sklearn.datasets)."


def _info(**fields: Any) -> DatasetInfo:
    """Build a DatasetInfo (keeps the registry below short)."""
    return DatasetInfo(**fields)


def _real_info(
    name: str, description: str, source: str, n_classes: int, default_n_features: int
) -> DatasetInfo:
    """DatasetInfo of a real dataset; sizes are read from the data itself."""
    X, _ = _load_real(name)
    return _info(
        name=name,
        description=description,
        task="classification",
        n_classes=n_classes,
        default_n_features=default_n_features,
        source=source + _REAL_SOURCE,
        noise_description=_REAL_NOISE,
        max_n_features=X.shape[1],
        n_available=X.shape[0],
    )


def _with_signature_defaults(info: DatasetInfo, generator: _GeneratorFn) -> DatasetInfo:
    """Fill each parameter's default from the generator's signature (their one home).

    The declared parameters must be exactly the generator's keyword-only arguments.
    """
    keywords = {
        name: param.default
        for name, param in inspect.signature(generator).parameters.items()
        if param.kind is inspect.Parameter.KEYWORD_ONLY
    }
    declared = [param.name for param in info.parameters]
    if sorted(declared) != sorted(keywords):  # pragma: no cover - a programming error
        raise TypeError(f"{info.name}: parameters {declared} but generator takes {keywords}")
    return replace(
        info, parameters=tuple(replace(p, default=keywords[p.name]) for p in info.parameters)
    )


def _build_registry() -> dict[str, tuple[DatasetInfo, _GeneratorFn]]:
    """The name -> (DatasetInfo, generator) table behind every public function."""
    entries = [
        (
            _info(
                name="moons",
                task="classification",
                n_classes=2,
                default_n_features=2,
                description="Two interleaving half circles: a gently curved boundary in 2-D.",
                source="sklearn.datasets.make_moons (scikit-learn, Pedregosa et al., JMLR 2011).",
                noise_description=_GAUSS_2D,
                default_noise=0.1,
                min_n_features=2,
                max_n_features=2,
            ),
            _make_moons,
        ),
        (
            _info(
                name="circles",
                task="classification",
                n_classes=2,
                default_n_features=2,
                description="A small circle inside a larger one: no straight line separates them.",
                source="sklearn.datasets.make_circles (scikit-learn, Pedregosa et al., JMLR 2011).",
                noise_description=_GAUSS_2D,
                default_noise=0.05,
                min_n_features=2,
                max_n_features=2,
            ),
            _make_circles,
        ),
        (
            _info(
                name="xor",
                task="classification",
                n_classes=2,
                default_n_features=2,
                description="Points in four quadrants; the class is whether x1 and x2 share a sign",
                source="The XOR problem (Minsky & Papert, Perceptrons, 1969).",
                noise_description=_FLIP,
                default_noise=0.05,
                max_noise=0.5,
                min_n_features=2,
                max_n_features=2,
            ),
            _make_xor,
        ),
        (
            _info(
                name="spirals",
                task="classification",
                n_classes=2,
                default_n_features=2,
                description="Two spirals wound into each other: a hard, very curved boundary.",
                source="Two-spirals benchmark (Lang & Witbrock, 1988).",
                noise_description=_GAUSS_2D,
                default_noise=0.05,
                min_n_features=2,
                max_n_features=2,
            ),
            _make_spirals,
        ),
        (
            _real_info(
                "iris",
                "Flower measurements of three iris species (150 flowers).",
                "Fisher, Annals of Eugenics 7, 179 (1936).",
                n_classes=3,
                default_n_features=4,
            ),
            _real_generator("iris"),
        ),
        (
            _real_info(
                "iris_binary",
                "Iris versicolor vs virginica: the two species that overlap.",
                "Fisher, Annals of Eugenics 7, 179 (1936); classes 1 and 2 only.",
                n_classes=2,
                default_n_features=4,
            ),
            _real_generator("iris_binary"),
        ),
        (
            _real_info(
                "wine",
                "Chemical analysis of wines from three cultivars, reduced by PCA.",
                "Forina et al., UCI Wine dataset (1991).",
                n_classes=3,
                default_n_features=4,
            ),
            _real_generator("wine"),
        ),
        (
            _real_info(
                "breast_cancer",
                "Tumour cell measurements, malignant (0) vs benign (1), reduced by PCA.",
                "Wolberg, Street & Mangasarian, UCI Breast Cancer Wisconsin (Diagnostic) (1995).",
                n_classes=2,
                default_n_features=4,
            ),
            _real_generator("breast_cancer"),
        ),
        (
            _real_info(
                "digits",
                "8x8 images of handwritten digits 0-9, reduced by PCA.",
                "Alpaydin & Kaynak, UCI Optical Recognition of Handwritten Digits (1998).",
                n_classes=10,
                default_n_features=4,
            ),
            _real_generator("digits"),
        ),
        (
            _real_info(
                "digits_binary",
                "Handwritten 3s (0) vs 8s (1), reduced by PCA.",
                "Alpaydin & Kaynak, UCI Optical Recognition of Handwritten Digits (1998); "
                "digits 3 and 8 only.",
                n_classes=2,
                default_n_features=4,
            ),
            _real_generator("digits_binary"),
        ),
        (
            _info(
                name="linearly_separable",
                task="classification",
                n_classes=2,
                default_n_features=4,
                description="Two groups split by a flat plane with an empty gap between them.",
                source=_BOWLES,
                noise_description="standard deviation of Gaussian noise added "
                "to the points (0 keeps them separable)",
                parameters=(
                    GeneratorParameter(
                        "margin", "float", 0.0, 500.0,
                        "points have |x . (1, ..., 1)| > margin; None means the paper's "
                        "0.02 * n_features; at most min(n_features / 2, "
                        "2 sqrt(n_features / 3))",
                        limit=_max_margin,
                    ),
                ),
            ),
            _make_linearly_separable,
        ),
        (
            _info(
                name="hyperplanes_parity",
                task="classification",
                n_classes=2,
                default_n_features=4,
                description="Class = whether a point lies above an odd number of random "
                "planes (three by default).",
                source=_BOWLES,
                parameters=(
                    GeneratorParameter(
                        "n_hyperplanes", "int", 1, 100,
                        "number of hidden hyperplanes whose parity is the label "
                        "(the paper: 2 to 20)",
                        widens_arrays=True,
                    ),
                    GeneratorParameter(
                        "dim_hyperplanes", "int", 1, 1000,
                        "dimension of the hidden space of the hyperplanes, at most n_features; "
                        "None means min(3, n_features) (the paper: 3)",
                        widens_arrays=True,
                        limit=_at_most_n_features,
                    ),
                ),
            ),
            _make_hyperplanes_parity,
        ),
        (
            _info(
                name="hidden_manifold",
                task="classification",
                n_classes=2,
                default_n_features=4,
                description="Points on a curved low-dimensional sheet, labelled by a small "
                "random neural network.",
                source=_BOWLES + " Model of Goldt et al., Phys. Rev. X 10, 041044 (2020).",
                parameters=(
                    GeneratorParameter(
                        "manifold_dimension", "int", 1, 1000,
                        "dimension of the hidden manifold the labels live on (the paper: 6, "
                        "and 2 to 20 at n_features=10)",
                        widens_arrays=True,
                    ),
                ),
            ),
            _make_hidden_manifold,
        ),
        (
            _info(
                name="two_curves",
                task="classification",
                n_classes=2,
                default_n_features=4,
                description="Two parallel wiggly curves, one per class, close to each other.",
                source=_BOWLES,
                default_noise=0.01,
                parameters=(
                    GeneratorParameter(
                        "degree", "int", 1, 1000,
                        "degree of the Fourier series of the curves: higher means more "
                        "wiggly (the paper: 5, and 2 to 20 at n_features=10)",
                        widens_arrays=True,
                    ),
                    GeneratorParameter(
                        "offset", "float", 0.0, 10.0,
                        "shift of class 1 along every axis; None means the paper's "
                        "1 / (2 * degree)",
                    ),
                ),
            ),
            _make_two_curves,
        ),
        (
            _info(
                name="bars_and_stripes",
                task="classification",
                n_classes=2,
                default_n_features=16,
                description="Noisy square images of vertical bars (0) or horizontal stripes (1).",
                source=_BOWLES,
                noise_description="standard deviation of Gaussian noise added "
                "to each pixel (clean pixels are -1 or +1)",
                default_noise=0.5,
                min_n_features=4,
                max_n_features=1024,
            ),
            _make_bars_and_stripes,
        ),
        (
            _info(
                name="quantum_circuit_labels",
                task="classification",
                n_classes=2,
                default_n_features=4,
                description="Labels made by a random quantum circuit on angle-encoded features.",
                source="In the spirit of Huang et al., 'Power of data in quantum machine "
                "learning', Nat. Commun. 12, 2631 (2021).",
                noise_description=_FLIP,
                max_noise=0.5,
                max_n_features=MAX_QUANTUM_QUBITS,
            ),
            _make_quantum_circuit_labels,
        ),
        (
            _info(
                name="sine",
                task="regression",
                n_classes=None,
                default_n_features=1,
                description="Regression: y = sin(x) plus a little noise, for x in [-pi, pi].",
                source="Synthetic.",
                noise_description="standard deviation of Gaussian noise added to y",
                default_noise=0.1,
                max_n_features=1,
            ),
            _function_generator("sine"),
        ),
        (
            _info(
                name="fourier",
                task="regression",
                n_classes=None,
                default_n_features=1,
                description="Regression: y = 0.1 + 0.3(cos x + sin x + cos 2x + sin 2x) "
                "plus noise.",
                source="Target of Schuld, Sweke & Meyer, Phys. Rev. A 103, "
                "032430 (2021), as in the PennyLane demo 'Quantum models as Fourier series'.",
                noise_description="standard deviation of Gaussian noise added to y",
                default_noise=0.05,
                max_n_features=1,
            ),
            _function_generator("fourier"),
        ),
        (
            _info(
                name="step",
                task="regression",
                n_classes=None,
                default_n_features=1,
                description="Regression: y = -1 for x < 0 and +1 from 0 on, plus noise, for x "
                "in [-pi, pi].",
                source="Synthetic.",
                noise_description="standard deviation of Gaussian noise added to y",
                default_noise=0.1,
                max_n_features=1,
            ),
            _function_generator("step"),
        ),
        (
            _info(
                name="polynomial",
                task="regression",
                n_classes=None,
                default_n_features=1,
                description="Regression: the cubic y = 2.598 (u^3 - u), u = x / pi (range -1 "
                "to 1), plus noise, for x in [-pi, pi].",
                source="Synthetic.",
                noise_description="standard deviation of Gaussian noise added to y",
                default_noise=0.1,
                max_n_features=1,
            ),
            _function_generator("polynomial"),
        ),
        (
            _info(
                name="blobs",
                task="classification",
                n_classes=3,
                default_n_features=2,
                description="Three round clouds of points, one per class, around a circle.",
                source="sklearn.datasets.make_blobs (scikit-learn, Pedregosa et al., JMLR 2011).",
                noise_description="standard deviation of each blob (its centres are 2 apart "
                "from the origin)",
                default_noise=0.7,
                min_n_features=2,
                max_n_features=2,
            ),
            _make_blobs,
        ),
        (
            _info(
                name="spirals_3",
                task="classification",
                n_classes=3,
                default_n_features=2,
                description="Three spiral arms wound into each other, one class per arm.",
                source="A three-class variant of the two-spirals benchmark (Lang & Witbrock, "
                "1988).",
                noise_description=_GAUSS_2D,
                default_noise=0.05,
                min_n_features=2,
                max_n_features=2,
            ),
            _make_spirals_3,
        ),
    ]
    return {info.name: (_with_signature_defaults(info, generator), generator)
            for info, generator in entries}


_REGISTRY: dict[str, tuple[DatasetInfo, _GeneratorFn]] = _build_registry()


# ------------------------------------------------------------------------ validation


def _check_name(name: object) -> DatasetInfo:
    """Return the DatasetInfo of ``name`` or raise a ValueError listing the valid names."""
    if isinstance(name, str) and name in _REGISTRY:
        return _REGISTRY[name][0]
    choices = available()
    message = f"Unknown dataset {name!r}. Valid choices: {', '.join(map(repr, choices))}."
    close = difflib.get_close_matches(str(name).lower(), choices, n=1)
    if close:
        message += f" Did you mean {close[0]!r}?"
    raise ValueError(message)


def _is_int(value: object) -> bool:
    """True for Python or NumPy integers, but not for booleans."""
    return isinstance(value, (int, np.integer)) and not isinstance(value, bool)


def _as_real(value: object) -> float:
    """``value`` as a float if it is a real number (not a bool, not a string), else NaN."""
    if isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool):
        return float(value)
    return math.nan


def _check_n_samples(info: DatasetInfo, n_samples: object) -> int:
    """Resolve ``n_samples`` (None -> default) and check it is an integer the data allows."""
    if n_samples is None:
        return min(DEFAULT_N_SAMPLES, info.n_available or DEFAULT_N_SAMPLES)
    if not _is_int(n_samples) or not 4 <= n_samples <= MAX_N_SAMPLES:
        raise ValueError(
            f"n_samples must be an integer >= 4 and <= {MAX_N_SAMPLES} (MAX_N_SAMPLES, a "
            f"memory limit); got {n_samples!r}"
        )
    if info.n_available is not None and n_samples > info.n_available:
        raise ValueError(
            f"n_samples={n_samples!r} is more than the {info.n_available} samples dataset "
            f"{info.name!r} has; choose n_samples between 4 and {info.n_available}."
        )
    return int(n_samples)


def _check_n_features(info: DatasetInfo, n_features: object) -> int:
    """Resolve ``n_features`` (None -> default) and check the dataset can produce it."""
    if n_features is None:
        return info.default_n_features
    low, high = info.min_n_features, info.max_n_features
    valid = f"exactly {low}" if low == high else f"an integer from {low} to {high}"
    if info.name == "bars_and_stripes":
        valid = f"a square number from 4 to {high} (4, 9, 16, ...): the pixels of a square image"
    if info.name == "quantum_circuit_labels":
        valid += " (the labels are simulated exactly on 2**n_features amplitudes)"
    if not _is_int(n_features) or not low <= n_features <= high:
        raise ValueError(
            f"n_features={n_features!r} is not possible for dataset {info.name!r}; "
            f"it must be {valid}."
        )
    if info.name == "bars_and_stripes" and math.isqrt(n_features) ** 2 != n_features:
        raise ValueError(
            f"n_features={n_features!r} is not possible for dataset 'bars_and_stripes'; "
            f"it must be {valid}."
        )
    return int(n_features)


def _check_noise(info: DatasetInfo, noise: object) -> float:
    """Resolve ``noise`` (None -> default) and check ``0 <= noise <= max_noise``.

    ``max_noise`` is the dataset's own bound or, where it has none, :data:`MAX_NOISE`.
    """
    if noise is None:
        return info.default_noise
    high = min(info.max_noise, MAX_NOISE)
    valid = f"[0, {high:g}]"
    value = _as_real(noise)
    if not (math.isfinite(value) and 0.0 <= value <= high):
        raise ValueError(
            f"noise={noise!r} is out of range for dataset {info.name!r}; it must be a number "
            f"in {valid}. Here noise is the {info.noise_description}."
        )
    return value


def _unknown_parameter_message(info: DatasetInfo, name: object) -> str:
    """Error text for a keyword the generator of ``info`` does not take."""
    known = [param.name for param in info.parameters]
    core = "n_samples, n_features, noise, test_size, random_state, feature_range, scale"
    if not known:
        return (
            f"Unknown parameter {name!r} for dataset {info.name!r}: its generator takes no "
            f"parameters of its own (valid keywords: {core})."
        )
    message = (
        f"Unknown parameter {name!r} for dataset {info.name!r}; its generator takes "
        f"{', '.join(map(repr, known))} (besides {core})."
    )
    close = difflib.get_close_matches(str(name), known, n=1)
    return message + (f" Did you mean {close[0]!r}?" if close else "")


def _check_parameter_value(
    info: DatasetInfo, param: GeneratorParameter, value: object, n_features: int
) -> int | float:
    """Check one generator parameter's value against its kind and range."""
    high = param.upper(n_features)
    if param.kind == "int":
        right_kind = _is_int(value)
        valid = f"an integer from {param.low} to {high}"
    else:
        right_kind = not math.isnan(_as_real(value))
        valid = f"a number in [{param.low}, {high:.6g}]"
    if not (right_kind and param.low <= value <= high):  # type: ignore[operator]
        at = f" at n_features={n_features}" if param.limit is not None else ""
        raise ValueError(
            f"{param.name}={value!r} is out of range for dataset {info.name!r}; it must be "
            f"{valid}{at} ({param.name}: {param.description})."
        )
    return int(value) if param.kind == "int" else float(value)  # type: ignore[arg-type]


def _check_parameters(
    info: DatasetInfo, n_features: int, parameters: dict[str, object]
) -> dict[str, Any]:
    """Check the generator keywords: known names, right kinds, in range (None -> default)."""
    known = {param.name: param for param in info.parameters}
    for name in parameters:
        if name not in known:
            raise ValueError(_unknown_parameter_message(info, name))
    resolved: dict[str, Any] = {}
    for name, param in known.items():
        value = parameters.get(name)
        if value is None:
            resolved[name] = param.default
        else:
            resolved[name] = _check_parameter_value(info, param, value, n_features)
    return resolved


def _array_width(info: DatasetInfo, n_features: int, parameters: dict[str, Any]) -> int:
    """Widest per-sample array the generator builds (see :data:`MAX_ARRAY_VALUES`)."""
    if info.name == "quantum_circuit_labels":
        return 2 * 2**n_features  # complex amplitudes: two float64 values each
    widths = [n_features] + [
        parameters[p.name] for p in info.parameters
        if p.widens_arrays and parameters[p.name] is not None
    ]  # fmt: skip
    return max(widths)


def _check_size(info: DatasetInfo, n_samples: int, width: int) -> None:
    """Refuse requests whose arrays would exceed :data:`MAX_ARRAY_VALUES` values."""
    if n_samples * width > MAX_ARRAY_VALUES:
        raise ValueError(
            f"n_samples={n_samples} is too large for dataset {info.name!r} with these settings: "
            f"the generator builds arrays of n_samples x {width} values, more than the limit of "
            f"{MAX_ARRAY_VALUES} (MAX_ARRAY_VALUES, a memory limit). Use n_samples <= "
            f"{MAX_ARRAY_VALUES // width}, or fewer features or a smaller parameter."
        )


def _check_random_state(random_state: object) -> int | None:
    """Check ``random_state`` is None or an integer in ``[0, 2**32 - 1]``."""
    if random_state is None:
        return None
    if not _is_int(random_state) or not 0 <= random_state <= _MAX_SEED:
        raise ValueError(
            f"random_state must be None or an integer in [0, {_MAX_SEED}]; got {random_state!r}"
        )
    return int(random_state)


def _check_feature_range(feature_range: object) -> tuple[float, float]:
    """Check ``feature_range`` is a pair of finite numbers ``(low, high)`` with low < high."""
    try:
        low, high = (_as_real(v) for v in feature_range)  # type: ignore[union-attr]
    except (TypeError, ValueError):
        low, high = math.nan, math.nan
    bound = MAX_FEATURE_RANGE
    if not (-bound <= low < high <= bound):
        raise ValueError(
            "feature_range must be a pair (low, high) of numbers with low < high, both within "
            f"[-{bound:g}, {bound:g}]; got {feature_range!r}"
        )
    return low, high


def _check_test_size(test_size: object) -> float:
    """Check ``0 < test_size < 1``."""
    value = _as_real(test_size)
    if not 0.0 < value < 1.0:
        raise ValueError(
            f"test_size={test_size!r} is invalid; it must be a fraction strictly between "
            "0 and 1 (for example 0.25)."
        )
    return value


def _check_scale(scale: object) -> bool:
    """Check ``scale`` is True or False (NumPy booleans too)."""
    if not isinstance(scale, (bool, np.bool_)):
        raise ValueError(f"scale must be True or False; got {scale!r}")
    return bool(scale)


def _class_counts(info: DatasetInfo, n_samples: int) -> np.ndarray:
    """Exact class sizes the generator will produce for ``n_samples`` samples."""
    if info.is_real:
        return _stratified_counts(_load_real(info.name)[1], n_samples)
    if info.name == "moons" or info.name == "circles":
        return np.array([n_samples // 2, n_samples - n_samples // 2])
    if info.n_classes is not None and info.n_classes > 2:
        return _class_counts_of(n_samples, info.n_classes)
    return np.array(_class_sizes(n_samples))


def _check_split(info: DatasetInfo, n_samples: int, n_features: int, test_size: float) -> None:
    """Check the (stratified) split and the train-fitted PCA are possible."""
    n_test = math.ceil(test_size * n_samples)
    n_train = n_samples - n_test
    advice = "increase n_samples or choose a test_size nearer 0.5"
    if info.task == "classification":
        counts = _class_counts(info, n_samples)
        if counts.min() < 2:
            raise ValueError(
                f"n_samples={n_samples} gives only {counts.min()} sample(s) of the rarest "
                f"class of {info.name!r}; a stratified split needs at least 2 per class. "
                "Increase n_samples."
            )
        for part, size in (("test", n_test), ("train", n_train)):
            if size < len(counts):
                raise ValueError(
                    f"test_size={test_size} with n_samples={n_samples} leaves {size} {part} "
                    f"sample(s), fewer than the {len(counts)} classes of {info.name!r}; "
                    f"{advice}."
                )
    if n_train < 2 or n_test < 1:
        raise ValueError(
            f"test_size={test_size} with n_samples={n_samples} leaves {n_train} train and "
            f"{n_test} test sample(s); at least 2 and 1 are needed: {advice}."
        )
    n_raw = info.max_n_features
    if info.is_real and n_features < n_raw and n_features > n_train:
        raise ValueError(
            f"n_features={n_features} for dataset {info.name!r} means {n_features} PCA "
            f"components, fit on at least as many training samples, but n_samples={n_samples} "
            f"with test_size={test_size} leaves {n_train}. Use n_features between 1 and "
            f"{n_train}, or more samples."
        )


class _Request(NamedTuple):
    """Validated, fully resolved arguments of a dataset request."""

    info: DatasetInfo
    n_samples: int
    n_features: int
    noise: float
    random_state: int | None
    parameters: dict[str, Any]


def _resolve(
    name: object,
    n_samples: object,
    n_features: object,
    noise: object,
    random_state: object,
    parameters: dict[str, object],
) -> _Request:
    """Validate and resolve the generation arguments (no random numbers are drawn)."""
    info = _check_name(name)
    n_samples = _check_n_samples(info, n_samples)
    n_features = _check_n_features(info, n_features)
    resolved = _check_parameters(info, n_features, parameters)
    _check_size(info, n_samples, _array_width(info, n_features, resolved))
    return _Request(
        info,
        n_samples,
        n_features,
        _check_noise(info, noise),
        _check_random_state(random_state),
        resolved,
    )


def _run_generator(request: _Request, rng: np.random.Generator) -> _Raw:
    """Call the registered generator of a validated request."""
    generator = _REGISTRY[request.info.name][1]
    try:
        X, y, params = generator(
            request.n_samples, request.n_features, request.noise, rng, **request.parameters
        )
    except _UnbalancedDrawError as error:
        settings = {**request.parameters, "random_state": request.random_state}
        described = ", ".join(f"{key}={value!r}" for key, value in settings.items())
        raise ValueError(
            f"Dataset {request.info.name!r} ({described}): {error}, or other parameters."
        ) from None
    label_dtype = np.int64 if request.info.task == "classification" else np.float64
    return _Raw(np.asarray(X, dtype=np.float64), np.asarray(y, dtype=label_dtype), params)


def _generate(
    name: str,
    n_samples: int | None = None,
    n_features: int | None = None,
    noise: float | None = None,
    random_state: int | None = 0,
    *,
    return_params: bool = False,
    **parameters: Any,
) -> tuple[np.ndarray, np.ndarray] | _Raw:
    """Unsplit, unscaled ``X, y`` exactly as :func:`load_dataset` draws them (for tests).

    For real datasets ``X`` holds the raw features of the subsample: standardisation, noise and
    PCA happen after the split. With ``return_params=True`` the hidden parameters of the
    generator (hyperplanes, unitary, ...) come back too, as ``(X, y, params)``.
    ``parameters`` are the generator's keywords, as for :func:`load_dataset`.
    """
    request = _resolve(name, n_samples, n_features, noise, random_state, parameters)
    raw = _run_generator(request, np.random.default_rng(request.random_state))
    return raw if return_params else (raw.X, raw.y)


# ------------------------------------------------------------------------ public API


def available() -> list[str]:
    """Names of all datasets, sorted.

    Returns
    -------
    list of str
        The valid ``name`` arguments of :func:`load_dataset` and :func:`describe`.

    Examples
    --------
    >>> names = available()
    >>> "moons" in names and names == sorted(names)
    True
    """
    return sorted(_REGISTRY)


def describe(name: str) -> DatasetInfo:
    """Plain-words description, task, sizes and citation of a dataset.

    Parameters
    ----------
    name : str
        One of :func:`available`.

    Returns
    -------
    DatasetInfo
        Frozen record with ``name``, ``description``, ``task``, ``n_classes``,
        ``default_n_features``, ``source`` and the accepted argument ranges.

    Raises
    ------
    ValueError
        If ``name`` is unknown; the message lists the valid names.

    Examples
    --------
    >>> info = describe("bars_and_stripes")
    >>> info.task, info.n_classes, info.default_n_features
    ('classification', 2, 16)
    """
    return _check_name(name)


def regression_target(name: str, x: Any) -> np.ndarray:
    """The noise-free target ``f(x)`` of a 1-D regression dataset, at the raw ``x``.

    The datasets draw ``x`` uniformly in ``[-pi, pi]`` and add Gaussian noise to ``f(x)``;
    ``f`` is defined for every real ``x`` (outside ``[-pi, pi]`` it is the same formula, not a
    periodic repetition).

    Parameters
    ----------
    name : str
        A regression dataset: ``"sine"``, ``"fourier"``, ``"step"`` or ``"polynomial"``.
    x : array_like
        Raw inputs (before any scaling by :func:`load_dataset`).

    Returns
    -------
    numpy.ndarray of float64, the shape of ``x``

    Raises
    ------
    ValueError
        If ``name`` is not one of them; the message lists the valid names.

    Examples
    --------
    >>> regression_target("step", [-1.0, 0.0, 2.0]).tolist()
    [-1.0, 1.0, 1.0]
    >>> regression_target("polynomial", [-np.pi, np.pi]).tolist()  # zero at both ends
    [0.0, 0.0]
    >>> regression_target("cosine", [0.0])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: Unknown regression function 'cosine'. Valid choices: 'fourier', ... 'step'.
    """
    if not isinstance(name, str) or name not in _REGRESSION_TARGETS:
        choices = ", ".join(map(repr, sorted(_REGRESSION_TARGETS)))
        raise ValueError(f"Unknown regression function {name!r}. Valid choices: {choices}.")
    return np.asarray(_REGRESSION_TARGETS[name](np.asarray(x, dtype=np.float64)),
                      dtype=np.float64)


def load_dataset(
    name: str,
    n_samples: int | None = None,
    n_features: int | None = None,
    noise: float | None = None,
    test_size: float = 0.25,
    random_state: int | None = 0,
    feature_range: tuple[float, float] = (0.0, np.pi),
    *,
    scale: bool = True,
    **parameters: Any,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Generate or load a dataset, split it and scale its features for angle encoding.

    The steps are: draw ``n_samples`` points (real datasets: a stratified subsample), split
    them with ``train_test_split`` (stratified for classification), for real datasets
    standardise, add ``noise`` and reduce by PCA to ``n_features`` (all fit on the training
    part), and finally min-max scale every feature to ``feature_range`` with a scaler fit on
    the training part only. Training features then span ``feature_range`` exactly (a feature
    that is constant on the training part maps to its lower end); test features may fall
    slightly outside it, because the test part was not used to fit the scaler.

    The scaler sees the whole training part. Cross-validation on the training part should
    therefore ask for ``scale=False`` and scale inside each fold (a scikit-learn Pipeline), so
    that no validation fold shapes the scaler it is scored through.

    Parameters
    ----------
    name : str
        One of :func:`available`; :func:`describe` tells what each one is.
    n_samples : int, optional
        Number of samples before the split, an integer from 4 to ``MAX_N_SAMPLES``
        (1,000,000), and with ``n_samples`` times the widest per-sample array of the generator
        at most ``MAX_ARRAY_VALUES`` (5 million; e.g. 500,000 samples of 10 features). None
        means 200 (or, for real datasets smaller than that, all of them). For real datasets a
        smaller number draws a stratified subsample and a larger one than the dataset has is
        an error.
    n_features : int, optional
        Number of features (qubits, for an angle encoding). None means
        ``describe(name).default_n_features``. The 2-D toy sets take only 2, the regression
        sets only 1, ``bars_and_stripes`` a square number, ``quantum_circuit_labels`` at most
        10; real datasets are reduced by PCA to at most their raw number of features.
    noise : float, optional
        Amount of noise, ``>= 0``; ``describe(name).noise_description`` says what it means
        for each dataset. None means ``describe(name).default_noise``.
    test_size : float, default 0.25
        Fraction of samples in the test part, strictly between 0 and 1.
    random_state : int or None, default 0
        Seed of every random choice (generation, subsampling, split). The same seed gives
        identical arrays; None gives fresh randomness on every call.
    feature_range : tuple of float, default (0, pi)
        ``(low, high)`` the training features are scaled to, both within
        ``[-MAX_FEATURE_RANGE, MAX_FEATURE_RANGE]`` (1e6).
    scale : bool, default True
        False skips the final min-max scaling (``feature_range`` is then unused): synthetic
        features come back as the generator drew them. Real datasets are still standardised
        and reduced by PCA, fit on the training part, since ``n_features`` needs the PCA.
    **parameters
        The generator's own (difficulty) parameters, listed with their ranges and defaults by
        ``describe(name).parameters``: ``margin`` (``linearly_separable``), ``n_hyperplanes``
        and ``dim_hyperplanes`` (``hyperplanes_parity``), ``manifold_dimension``
        (``hidden_manifold``), ``degree`` and ``offset`` (``two_curves``). Left out or None:
        the reference study's value.

    Returns
    -------
    X_train, X_test : ndarray of float64, shapes (n_train, n_features) and (n_test, n_features)
    y_train, y_test : ndarray
        int64 class labels 0, 1, ... for classification; float64 targets for regression.

    Raises
    ------
    ValueError
        For an unknown name or an argument the dataset cannot take; the message names the bad
        value and the valid range. All checks run before any data is generated.

    Examples
    --------
    >>> X_train, X_test, y_train, y_test = load_dataset("iris_binary", n_samples=80)
    >>> X_train.shape, X_test.shape, y_train.dtype.name
    ((60, 4), (20, 4), 'int64')
    >>> bool(X_train.min() == 0.0), bool(np.isclose(X_train.max(), np.pi))
    (True, True)
    >>> X_train, X_test, y_train, y_test = load_dataset("sine", n_samples=40, test_size=0.5)
    >>> y_train.dtype.name, X_train.shape
    ('float64', (20, 1))

    The hidden-manifold task of Bowles et al. on a 10-dimensional manifold, unscaled:

    >>> X_train, X_test, y_train, y_test = load_dataset(
    ...     "hidden_manifold", n_features=3, manifold_dimension=10, scale=False)
    >>> X_train.shape, bool(np.abs(X_train).max() < 1)
    ((150, 3), True)
    """
    request = _resolve(name, n_samples, n_features, noise, random_state, parameters)
    test_size = _check_test_size(test_size)
    low, high = _check_feature_range(feature_range)
    scale = _check_scale(scale)
    _check_split(request.info, request.n_samples, request.n_features, test_size)

    rng = np.random.default_rng(request.random_state)
    X, y, _ = _run_generator(request, rng)
    stratify = y if request.info.task == "classification" else None
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=test_size, stratify=stratify, random_state=request.random_state
    )
    if request.info.is_real:
        X_train, X_test = _standardise_and_reduce(
            X_train, X_test, request.n_features, request.noise, rng
        )
    if not scale:
        return X_train.astype(np.float64), X_test.astype(np.float64), y_train, y_test
    scaler = MinMaxScaler(feature_range=(low, high)).fit(X_train)
    return (
        scaler.transform(X_train).astype(np.float64),
        scaler.transform(X_test).astype(np.float64),
        y_train,
        y_test,
    )

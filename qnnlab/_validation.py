"""Input checks shared by the whole package: each raises a ValueError that names the bad value.

Limits
------
Sizes that would hang the machine or exhaust its memory are refused before any work starts,
with a ValueError naming the value and the limit (besides the memory check, which compares the
estimated peak with the memory available):

=================================  ==========================================================
limit                              what it bounds
=================================  ==========================================================
:data:`MAX_QUBITS` (64)            qubits of any circuit or state (simulators refuse far fewer)
:data:`MAX_LAYERS` (1,000)         ansatz layers; also IQP's ``n_repeats``
:data:`MAX_SHOTS` (10**7)          measurement shots per execution
:data:`MAX_EPOCHS` (100,000)       training epochs of one fit
:data:`MAX_SAMPLES` (10**6)        random samples (circuit executions) of one analysis
:data:`MAX_AMPLITUDES` (2**24)     amplitudes of generated states (``haar_random_states``)
:data:`MAX_LABELLED_QUBITS` (20)   qubits whose basis is listed label by label
:data:`MAX_YAML_NODES` (100,000)   a YAML document with its aliases expanded
:data:`MAX_MESSAGE_LENGTH` (2,000) characters of an error message (long values abbreviated)
=================================  ==========================================================

Elsewhere: ``qnnlab.plots.MAX_RESOLUTION`` (500 points per side of a decision surface),
``qnnlab.analysis.expressibility.MAX_BINS`` (100,000 histogram bins),
``qnnlab.bench.config.MAX_SEEDS`` and ``MAX_SWEEP_POINTS`` (1,000 each) and
``qnnlab.datasets.MAX_N_SAMPLES``.
"""

from __future__ import annotations

import math
import numbers
import reprlib
from collections.abc import Iterable, Mapping
from typing import IO, Any

import numpy as np
import yaml

from qnnlab._registry import unknown_choice_error

#: Bytes per complex128 amplitude.
_BYTES_PER_AMPLITUDE = 16

# -- documented limits ----------------------------------------------------------------------------
# Sizes beyond these are refused with a ValueError before anything is allocated: each is far
# above what a course, the Playground or a benchmark uses, and far below what hangs a laptop.

#: Most qubits of any circuit or state (the memory check refuses far fewer on a simulator;
#: beyond this even counting amplitudes, 2**n, takes too long).
MAX_QUBITS = 64
#: Most ansatz layers a circuit may have.
MAX_LAYERS = 1_000
#: Most measurement shots per circuit execution.
MAX_SHOTS = 10_000_000
#: Most random samples (circuit executions) of one analysis: expressibility, entangling
#: capability, gradient variance, Fisher information.
MAX_SAMPLES = 1_000_000
#: Most training epochs of one fit.
MAX_EPOCHS = 100_000
#: Most complex amplitudes a generated array of states may hold (2**24: 256 MiB).
MAX_AMPLITUDES = 2**24
#: Most qubits whose computational basis is listed label by label (2**20 labels).
MAX_LABELLED_QUBITS = 20
#: Most characters of any error message (a long value is shown abbreviated).
MAX_MESSAGE_LENGTH = 2_000
#: Most nodes (with aliases expanded) and characters of a YAML document.
MAX_YAML_NODES = 100_000
MAX_YAML_CHARACTERS = 1_000_000

_REPR = reprlib.Repr()
_REPR.maxstring = _REPR.maxother = 120
_REPR.maxlist = _REPR.maxtuple = _REPR.maxdict = _REPR.maxset = 10


def brief_repr(value: object) -> str:
    """``repr(value)`` cut to a readable length (long strings and containers abbreviated).

    Examples
    --------
    >>> brief_repr(list(range(100)))
    '[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, ...]'
    >>> len(brief_repr("x" * 10**6)) <= 130
    True
    """
    return _REPR.repr(value)


def shorten_message(message: str, limit: int = MAX_MESSAGE_LENGTH) -> str:
    """``message`` itself if it has at most ``limit`` characters, else its start and end.

    Examples
    --------
    >>> shorten_message("short")
    'short'
    >>> text = shorten_message("a" * 5000 + "END", limit=100)
    >>> len(text) <= 100, text.endswith("END")
    (True, True)
    """
    if len(message) <= limit:
        return message
    marker = f" ... [{len(message) - limit} characters left out] ... "
    keep = max(limit - len(marker), 2)
    return message[: keep - keep // 4] + marker + message[len(message) - keep // 4 :]


def check_choice(kind: str, value: object, choices: Iterable[str]) -> str:
    """Return ``value`` if it is one of ``choices``, else raise a ValueError listing them.

    Examples
    --------
    >>> check_choice("measurement", "probs", ["expval", "probs", "state"])
    'probs'
    >>> check_choice("measurement", "prob", ["expval", "probs", "state"])
    Traceback (most recent call last):
    ...
    ValueError: Unknown measurement 'prob'. Valid choices: ... Did you mean 'probs'?
    """
    choices = list(choices)
    if value not in choices:
        raise unknown_choice_error(kind, value, choices)
    return value  # type: ignore[return-value]


def check_fraction(name: str, value: float, *, low: float = 0.0, high: float = 1.0) -> float:
    """Return ``value`` as a float if ``low <= value <= high``, else raise a ValueError.

    Examples
    --------
    >>> check_fraction("noise_strength", "0.25")
    0.25
    >>> check_fraction("noise_strength", 1.5)
    Traceback (most recent call last):
    ...
    ValueError: noise_strength must be in [0.0, 1.0]; got 1.5
    """
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValueError(
            f"{name} must be a number in [{low}, {high}]; got {brief_repr(value)}"
        ) from None
    if not (low <= number <= high) or math.isnan(number):
        raise ValueError(f"{name} must be in [{low}, {high}]; got {brief_repr(value)}")
    return number


def check_positive_int(
    name: str, value: object, *, minimum: int = 1, maximum: int | None = None
) -> int:
    """Return ``value`` if it is an integer in ``[minimum, maximum]``, else raise a ValueError.

    ``maximum`` None means no upper limit.

    Examples
    --------
    >>> check_positive_int("n_layers", 0, minimum=0)
    0
    >>> check_positive_int("n_qubits", 2.0)
    Traceback (most recent call last):
    ...
    ValueError: n_qubits must be an integer >= 1; got 2.0
    >>> check_positive_int("n_layers", 10**9, maximum=MAX_LAYERS)
    Traceback (most recent call last):
    ...
    ValueError: n_layers must be an integer <= 1000; got 1000000000
    """
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)) \
            or value < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}; got {brief_repr(value)}")
    if maximum is not None and value > maximum:
        raise ValueError(f"{name} must be an integer <= {maximum}; got {value}")
    return int(value)


def check_bool(name: str, value: object) -> bool:
    """Return ``value`` if it is True or False, else raise a TypeError (no truthy strings).

    Examples
    --------
    >>> check_bool("quantum", False)
    False
    >>> check_bool("quantum", "no")
    Traceback (most recent call last):
    ...
    TypeError: quantum must be True or False; got 'no' (str)
    """
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    raise TypeError(f"{name} must be True or False; got {brief_repr(value)} "
                    f"({type(value).__name__})")


def check_options(name: str, options: object) -> dict[str, Any]:
    """Return ``options`` as a dict if it is None or a mapping, else raise a TypeError.

    Examples
    --------
    >>> check_options("encoding_options", None), check_options("ansatz_options", {"a": 1})
    ({}, {'a': 1})
    >>> check_options("encoding_options", ["rotation"])
    Traceback (most recent call last):
    ...
    TypeError: encoding_options must be a dict of options (or None); got ['rotation'] (list)
    """
    if options is None:
        return {}
    if not isinstance(options, Mapping):
        raise TypeError(f"{name} must be a dict of options (or None); got "
                        f"{brief_repr(options)} ({type(options).__name__})")
    return dict(options)


def check_random_state(value: object) -> object:
    """Return ``value`` if it is None, an integer seed in ``[0, 2**32 - 1]`` or a RandomState.

    Floats are refused rather than truncated (``1.5`` would silently become seed 1).

    Examples
    --------
    >>> check_random_state(7), check_random_state(None)
    (7, None)
    >>> check_random_state(1.5)
    Traceback (most recent call last):
    ...
    TypeError: random_state must be None, an integer seed in [0, 4294967295] or a \
numpy.random.RandomState; got 1.5 (float)
    >>> check_random_state(-1)
    Traceback (most recent call last):
    ...
    ValueError: random_state must be an integer seed in [0, 4294967295]; got -1
    """
    if value is None or isinstance(value, np.random.RandomState):
        return value
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise TypeError(
            "random_state must be None, an integer seed in [0, 4294967295] or a "
            f"numpy.random.RandomState; got {brief_repr(value)} ({type(value).__name__})"
        )
    if not 0 <= value <= 2**32 - 1:
        raise ValueError(f"random_state must be an integer seed in [0, 4294967295]; got {value}")
    return int(value)


def check_array_size(what: str, n_amplitudes: int, hint: str) -> None:
    """Refuse to make an array of more than :data:`MAX_AMPLITUDES` complex amplitudes.

    Examples
    --------
    >>> check_array_size("haar_random_states(4, 10)", 160, "use fewer states")
    >>> check_array_size("haar_random_states(28, 4)", 4 * 2**28, "use fewer qubits")
    Traceback (most recent call last):
    ...
    ValueError: haar_random_states(28, 4) would hold 1073741824 amplitudes (16.0 GiB); at most \
16777216 (256.0 MiB) are allowed: use fewer qubits.
    """
    if n_amplitudes > MAX_AMPLITUDES:
        raise ValueError(
            f"{what} would hold {n_amplitudes} amplitudes "
            f"({_format_bytes(n_amplitudes * _BYTES_PER_AMPLITUDE)}); at most {MAX_AMPLITUDES} "
            f"({_format_bytes(MAX_AMPLITUDES * _BYTES_PER_AMPLITUDE)}) are allowed: {hint}."
        )


def check_shots(shots: object) -> int | None:
    """Return ``shots`` (None for exact expectation values) or raise for shots <= 0.

    Examples
    --------
    >>> check_shots(1000), check_shots(None)
    (1000, None)
    >>> check_shots(0)
    Traceback (most recent call last):
    ...
    ValueError: shots must be an integer >= 1; got 0
    """
    if shots is None:
        return None
    return check_positive_int("shots", shots, maximum=MAX_SHOTS)


def check_finite_features(X: np.ndarray) -> np.ndarray:
    """Raise a ValueError naming the first NaN or infinite feature, else return ``X``.

    Examples
    --------
    >>> check_finite_features([[0.5, 1.0], [2.0, 3.0]]).shape
    (2, 2)
    >>> check_finite_features([[0.5, 1.0], [np.nan, 3.0]])
    Traceback (most recent call last):
    ...
    ValueError: Features must be finite numbers (no NaN or inf); found nan at row 1, column 0 ...
    """
    X = np.asarray(X, dtype=float)
    bad = ~np.isfinite(X)
    if bad.any():
        row, *col = np.argwhere(bad)[0]
        where = f"row {row}, column {col[0]}" if col else f"index {row}"
        raise ValueError(
            "Features must be finite numbers (no NaN or inf); found "
            f"{X[tuple(np.argwhere(bad)[0])]} at {where} "
            f"({int(bad.sum())} bad value(s) in all). Remove or impute them first, for example "
            "with sklearn.impute.SimpleImputer."
        )
    return X


def total_memory_bytes() -> int:
    """Memory this process may use: the container's cgroup limit, else the physical memory.

    See :func:`qnnlab.cost.memory_limit_bytes` (cgroup v2 ``memory.max`` or v1
    ``memory.limit_in_bytes``, else physical RAM).

    Examples
    --------
    >>> total_memory_bytes() >= 2**20  # at least 1 MiB on any machine that runs qnnlab
    True
    """
    from qnnlab.cost import memory_limit_bytes

    return memory_limit_bytes()


def simulation_bytes(
    n_qubits: int, *, mixed: bool, batch_size: int = 1, n_ops: int | None = None
) -> int:
    """Estimated peak bytes to simulate and differentiate ``batch_size`` circuits of ``n_qubits``.

    The calibrated estimate of :func:`qnnlab.cost.execution_cost`: autograd keeps one state
    (``2**n`` amplitudes) or density matrix (``4**n``) per operation and sample. ``n_ops``
    defaults to ``n_qubits`` (at least one operation per qubit), a lower bound.

    Examples
    --------
    >>> simulation_bytes(10, mixed=False)  # 10 operations * 1024 amplitudes * 16 bytes * 1.5
    245760
    >>> simulation_bytes(10, mixed=False, batch_size=32, n_ops=50) / 2**20  # MiB
    37.5
    """
    from qnnlab.cost import execution_cost

    ops = n_qubits if n_ops is None else n_ops
    return execution_cost(n_qubits, max(ops, 1), max(batch_size, 1), noisy=mixed,
                          grad=True).peak_bytes


def _format_bytes(n_bytes: float) -> str:
    for unit in ("B", "KiB", "MiB", "GiB", "TiB", "PiB"):
        if n_bytes < 1024 or unit == "PiB":
            return f"{n_bytes:.1f} {unit}"
        n_bytes /= 1024
    raise AssertionError("unreachable")


def check_fits_in_memory(
    n_qubits: int, *, mixed: bool, batch_size: int = 1, fraction: float = 0.5,
    n_ops: int | None = None,
) -> None:
    """Refuse a simulation that would need more than ``fraction`` of this machine's memory.

    Runs before anything is allocated, so that a too-large request never kills the kernel.

    Examples
    --------
    >>> check_fits_in_memory(4, mixed=False)
    >>> check_fits_in_memory(40, mixed=False)
    Traceback (most recent call last):
    ...
    ValueError: 40 qubits need about ...
    """
    needed = simulation_bytes(n_qubits, mixed=mixed, batch_size=batch_size, n_ops=n_ops)
    budget = total_memory_bytes() * fraction
    if needed > budget:
        kind = "density matrices" if mixed else "state vectors"
        raise ValueError(
            f"{n_qubits} qubits need about {_format_bytes(needed)} to simulate {kind} "
            f"(batch of {batch_size}, with gradients), but only {_format_bytes(budget)} "
            f"({fraction:.0%} of the memory this process may use) may be used. Use fewer qubits"
            + (", no noise (a state vector instead of a density matrix)" if mixed else "")
            + " or a smaller batch."
        )


# -- YAML -----------------------------------------------------------------------------------------


def _expanded_size(node: yaml.Node, sizes: dict[int, int], active: set[int]) -> int:
    """Nodes plus scalar characters of ``node`` with every alias expanded (memoised per node)."""
    key = id(node)
    if key in sizes:
        return sizes[key]
    if key in active:
        raise ValueError("YAML refused: a recursive alias (an anchor that contains itself)")
    active.add(key)
    if isinstance(node, yaml.ScalarNode):
        size = 1 + len(node.value)
    elif isinstance(node, yaml.SequenceNode):
        size = 1 + sum(_expanded_size(child, sizes, active) for child in node.value)
    else:
        size = 1 + sum(_expanded_size(k, sizes, active) + _expanded_size(v, sizes, active)
                       for k, v in node.value)
    active.discard(key)
    sizes[key] = size
    return size


def safe_load_bounded(stream: str | IO[str], *, max_nodes: int = MAX_YAML_NODES) -> Any:
    """``yaml.safe_load`` that refuses "billion laughs": documents too large once expanded.

    The document is composed into a node graph first (aliases are shared, nothing expands);
    its size with every alias expanded, in nodes plus scalar characters, is computed on that
    graph, and only a document within ``max_nodes`` is constructed. Texts longer than
    :data:`MAX_YAML_CHARACTERS` are refused unread.

    Raises
    ------
    ValueError
        For a too-large or recursive document; :class:`yaml.YAMLError` for invalid YAML.

    Examples
    --------
    >>> safe_load_bounded("seeds: [0, 1]")
    {'seeds': [0, 1]}
    >>> lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    >>> for p, c in zip("abcdefg", "bcdefgh"):  # each level: ten aliases of the one before
    ...     lines.append(f"{c}: &{c} [{', '.join(['*' + p] * 10)}]")
    >>> bomb = chr(10).join(lines)  # 10**8 strings once expanded, a few hundred bytes as text
    >>> safe_load_bounded(bomb)
    Traceback (most recent call last):
    ...
    ValueError: YAML refused: with its aliases expanded the document has more than 100000 ...
    """
    text = stream if isinstance(stream, str) else stream.read(MAX_YAML_CHARACTERS + 1)
    if len(text) > MAX_YAML_CHARACTERS:
        raise ValueError(f"YAML refused: more than {MAX_YAML_CHARACTERS} characters")
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        size = _expanded_size(node, {}, set())
        if size > max_nodes:
            raise ValueError(
                f"YAML refused: with its aliases expanded the document has more than {max_nodes} "
                f"nodes and characters ({size}); write the values out instead of nesting aliases"
            )
        return loader.construct_document(node)
    finally:
        loader.dispose()

"""Input checks shared by the whole package: each raises a ValueError that names the bad value."""

from __future__ import annotations

import math
import os
from collections.abc import Iterable

import numpy as np

from qnnlab._registry import unknown_choice_error

#: Bytes per complex128 amplitude.
_BYTES_PER_AMPLITUDE = 16
#: Autograd keeps several copies of the state alive; a generous factor keeps the estimate honest.
_BACKPROP_OVERHEAD = 8


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
        raise ValueError(f"{name} must be a number in [{low}, {high}]; got {value!r}") from None
    if not (low <= number <= high) or math.isnan(number):
        raise ValueError(f"{name} must be in [{low}, {high}]; got {value!r}")
    return number


def check_positive_int(name: str, value: object, *, minimum: int = 1) -> int:
    """Return ``value`` if it is an integer >= ``minimum``, else raise a ValueError.

    Examples
    --------
    >>> check_positive_int("n_layers", 0, minimum=0)
    0
    >>> check_positive_int("n_qubits", 2.0)
    Traceback (most recent call last):
    ...
    ValueError: n_qubits must be an integer >= 1; got 2.0
    """
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}; got {value!r}")
    return int(value)


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
    return check_positive_int("shots", shots)


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
    """Physical memory of this machine in bytes (a conservative 2 GiB if it cannot be read).

    Examples
    --------
    >>> total_memory_bytes() >= 2**20  # at least 1 MiB on any machine that runs qnnlab
    True
    """
    try:
        return int(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES"))
    except (ValueError, OSError, AttributeError):
        return 2 * 1024**3


def simulation_bytes(n_qubits: int, *, mixed: bool, batch_size: int = 1) -> int:
    """Estimated bytes to simulate and differentiate ``batch_size`` circuits of ``n_qubits``.

    A state vector holds ``2**n`` complex amplitudes, a density matrix ``4**n``.

    Examples
    --------
    >>> simulation_bytes(10, mixed=False)  # 1024 amplitudes * 16 bytes * overhead 8
    131072
    """
    amplitudes = 4**n_qubits if mixed else 2**n_qubits
    return amplitudes * _BYTES_PER_AMPLITUDE * _BACKPROP_OVERHEAD * max(batch_size, 1)


def _format_bytes(n_bytes: float) -> str:
    for unit in ("B", "KiB", "MiB", "GiB", "TiB", "PiB"):
        if n_bytes < 1024 or unit == "PiB":
            return f"{n_bytes:.1f} {unit}"
        n_bytes /= 1024
    raise AssertionError("unreachable")


def check_fits_in_memory(
    n_qubits: int, *, mixed: bool, batch_size: int = 1, fraction: float = 0.5
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
    needed = simulation_bytes(n_qubits, mixed=mixed, batch_size=batch_size)
    budget = total_memory_bytes() * fraction
    if needed > budget:
        kind = "density matrices" if mixed else "state vectors"
        raise ValueError(
            f"{n_qubits} qubits need about {_format_bytes(needed)} to simulate {kind} "
            f"(batch of {batch_size}, with gradients), but only {_format_bytes(budget)} "
            f"({fraction:.0%} of this machine's memory) may be used. Use fewer qubits"
            + (", no noise (a state vector instead of a density matrix)" if mixed else "")
            + " or a smaller batch."
        )

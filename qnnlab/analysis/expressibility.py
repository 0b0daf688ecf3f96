"""Expressibility of an ansatz: how close its random states come to Haar-random states.

Sim, Johnson & Aspuru-Guzik (2019) draw pairs of parameter vectors uniformly from ``[0, 2 pi)``,
compute the fidelity ``F = |<psi(a)|psi(b)>|^2`` of the two output states, and compare the
histogram of ``F`` with the fidelity distribution of Haar-random states of dimension
``N = 2**n``,

.. math:: P_\\text{Haar}(F) = (N - 1)(1 - F)^{N - 2},

by the Kullback-Leibler divergence ``KL(P_PQC || P_Haar)`` (natural logarithm). Small values mean
an expressive circuit. A circuit that always makes the same state has all fidelities equal to 1,
the largest value for the chosen bins: ``(N - 1) log(bins)`` (``log 75 = 4.317`` for one qubit,
the "idle circuit" of the paper).

Examples
--------
>>> round(idle_expressibility(n_qubits=1, bins=75), 3)
4.317
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy.special import rel_entr

from qnnlab._validation import MAX_QUBITS, MAX_SAMPLES, check_fits_in_memory, check_positive_int
from qnnlab.analysis._common import ansatz_config, sample_ansatz_states
from qnnlab.analysis.entanglement import meyer_wallach

#: Most histogram bins (the fidelity histogram of Sim et al. uses 75).
MAX_BINS = 100_000

__all__ = [
    "ExpressibilityResult",
    "expressibility",
    "haar_bin_probabilities",
    "haar_fidelity_density",
    "kl_to_haar",
    "idle_expressibility",
    "pair_fidelities",
    "compare_ansatze",
]


def haar_fidelity_density(fidelity: Any, n_qubits: int) -> np.ndarray:
    """Density ``P(F) = (N - 1)(1 - F)^(N - 2)`` of fidelities between Haar-random states.

    Examples
    --------
    >>> haar_fidelity_density([0.0, 0.5], n_qubits=1).tolist()  # N = 2: uniform on [0, 1]
    [1.0, 1.0]
    """
    check_positive_int("n_qubits", n_qubits, maximum=MAX_QUBITS)
    dim = 2**n_qubits
    f = np.asarray(fidelity, dtype=float)
    return (dim - 1) * (1 - f) ** (dim - 2)


def haar_bin_probabilities(n_qubits: int, bins: int) -> np.ndarray:
    """Probability of each of ``bins`` equal bins on ``[0, 1]`` under the Haar distribution.

    The integral of ``P(F)`` over ``[a, b]`` is ``(1 - a)^(N - 1) - (1 - b)^(N - 1)``.

    Examples
    --------
    >>> haar_bin_probabilities(2, 2).tolist()  # N = 4: 1 - 0.5**3, 0.5**3
    [0.875, 0.125]
    """
    check_positive_int("n_qubits", n_qubits, maximum=MAX_QUBITS)
    check_positive_int("bins", bins, minimum=2, maximum=MAX_BINS)
    edges = np.linspace(0.0, 1.0, bins + 1)
    survival = (1 - edges) ** (2**n_qubits - 1)
    return survival[:-1] - survival[1:]


def kl_to_haar(fidelities: Any, n_qubits: int, bins: int = 75) -> float:
    """``KL(P_PQC || P_Haar)`` of a sample of fidelities, with ``bins`` bins on ``[0, 1]``.

    Empty bins of the sample contribute nothing (``scipy.special.rel_entr(0, q) = 0``).

    Examples
    --------
    >>> round(kl_to_haar(np.ones(10), n_qubits=1, bins=75), 3)  # all in the last bin
    4.317
    """
    fidelities = np.asarray(fidelities, dtype=float).ravel()
    check_positive_int("n_qubits", n_qubits, maximum=MAX_QUBITS)
    check_positive_int("bins", bins, minimum=2, maximum=MAX_BINS)
    if fidelities.size == 0:
        raise ValueError("kl_to_haar needs at least one fidelity; got an empty sample.")
    if not np.isfinite(fidelities).all():
        raise ValueError("Fidelities must be finite numbers; got NaN or inf.")
    # Rounding can push a fidelity a hair outside [0, 1]; anything more is not a fidelity.
    if fidelities.min() < -1e-9 or fidelities.max() > 1 + 1e-9:
        raise ValueError(f"Fidelities lie in [0, 1]; got values from {fidelities.min():.6g} to "
                         f"{fidelities.max():.6g}.")
    probabilities, _ = _histogram(fidelities, bins)
    return float(np.sum(rel_entr(probabilities, haar_bin_probabilities(n_qubits, bins))))


def idle_expressibility(n_qubits: int, bins: int = 75) -> float:
    """The divergence of a circuit that makes one state only: ``log(1 / P_Haar(last bin))``.

    Equal to ``(N - 1) log(bins)``, the largest value ``bins`` bins allow.

    Examples
    --------
    >>> round(idle_expressibility(n_qubits=2), 3)  # N = 4, 75 bins: 3 log(75)
    12.952
    >>> round(idle_expressibility(n_qubits=10), 1)  # the bin probability underflows; this does not
    4416.8
    """
    check_positive_int("n_qubits", n_qubits, maximum=MAX_QUBITS)
    check_positive_int("bins", bins, minimum=2, maximum=MAX_BINS)
    # P_Haar(last bin) = (1/bins)**(N - 1) underflows to 0 from about 8 qubits: use its log.
    return float((2**n_qubits - 1) * np.log(bins))


def _histogram(fidelities: np.ndarray, bins: int) -> tuple[np.ndarray, np.ndarray]:
    # Rounding can push a fidelity a hair above 1; it belongs in the last bin.
    counts, edges = np.histogram(np.clip(fidelities, 0.0, 1.0), bins=bins, range=(0.0, 1.0))
    return counts / max(len(fidelities), 1), edges


def pair_fidelities(states: np.ndarray) -> np.ndarray:
    """Fidelities ``|<a|b>|^2`` of consecutive halves: state ``i`` with state ``i + n/2``.

    Examples
    --------
    >>> s = np.array([[1, 0], [1, 0], [1, 0], [0, 1]], dtype=complex)
    >>> pair_fidelities(s).tolist()
    [1.0, 0.0]
    """
    half = len(states) // 2
    overlaps = np.einsum("bi,bi->b", states[:half].conj(), states[half : 2 * half])
    return np.abs(overlaps) ** 2


@dataclass(frozen=True)
class ExpressibilityResult:
    """Everything behind one expressibility value (for :func:`qnnlab.plots.fidelity_histogram`).

    Attributes
    ----------
    expressibility : float
        ``KL(P_PQC || P_Haar)``; smaller is more expressive.
    fidelities : numpy.ndarray
        The ``n_samples`` pair fidelities.
    bin_edges, probabilities, haar_probabilities : numpy.ndarray
        The histogram of the fidelities and the Haar probability of every bin.
    ansatz : str
    n_qubits, n_layers, n_samples, bins : int
    idle_value : float
        The largest possible value (all fidelities 1), for scale.

    Examples
    --------
    >>> result = expressibility("hardware_efficient", 1, 1, n_samples=100, return_details=True)
    >>> result.fidelities.shape, result.probabilities.shape, round(result.expressibility, 3)
    ((100,), (75,), 0.533)
    """

    expressibility: float
    fidelities: np.ndarray
    bin_edges: np.ndarray
    probabilities: np.ndarray
    haar_probabilities: np.ndarray
    ansatz: str
    n_qubits: int
    n_layers: int
    n_samples: int
    bins: int
    idle_value: float

    @property
    def bin_centers(self) -> np.ndarray:
        """Midpoints of the bins."""
        return (self.bin_edges[:-1] + self.bin_edges[1:]) / 2


def _check_sampling(n_samples: int, bins: int) -> None:
    check_positive_int("n_samples", n_samples, minimum=2, maximum=MAX_SAMPLES)
    check_positive_int("bins", bins, minimum=2, maximum=MAX_BINS)


def expressibility(
    ansatz: str,
    n_qubits: int,
    n_layers: int,
    n_samples: int = 5000,
    bins: int = 75,
    random_state: int | None = 0,
    return_details: bool = False,
    ansatz_options: Mapping[str, Any] | None = None,
) -> float | ExpressibilityResult:
    """Expressibility of an ansatz (Sim, Johnson & Aspuru-Guzik 2019).

    Draws ``2 * n_samples`` parameter vectors uniformly from ``[0, 2 pi)``, runs the ansatz alone
    on ``|0...0>`` for all of them in one broadcast execution, pairs the states, and returns
    the KL divergence between the histogram of pair fidelities and the Haar distribution.

    Parameters
    ----------
    ansatz : str
        Name from :func:`qnnlab.ansatze.available` (``sim_1`` ... ``sim_19`` included).
    n_qubits, n_layers : int
        Width and depth (``n_layers=0`` is the idle circuit).
    n_samples : int, default=5000
        Pairs of states (at least 2); the paper uses 5000.
    bins : int, default=75
        Histogram bins on ``[0, 1]`` (at least 2); the paper uses 75.
    random_state : int or None
        Seed of the parameter draws.
    return_details : bool
        Return an :class:`ExpressibilityResult` (fidelities, histogram, Haar curve) instead of
        the value alone.
    ansatz_options : dict, optional
        Options of the ansatz (``topology``, ``entangler``...).

    Returns
    -------
    float or ExpressibilityResult
        The divergence (natural log): 0 for a Haar-like circuit, ``idle_expressibility``
        for a circuit that makes one state only.

    References
    ----------
    Sim, Johnson & Aspuru-Guzik, Adv. Quantum Technol. 2, 1900070 (2019), arXiv:1905.10876.

    Examples
    --------
    >>> value = expressibility("hardware_efficient", n_qubits=2, n_layers=3, n_samples=500)
    >>> 0 < value < idle_expressibility(2)
    True
    """
    _check_sampling(n_samples, bins)
    config = ansatz_config(ansatz, n_qubits, n_layers, ansatz_options)
    check_fits_in_memory(n_qubits, mixed=False, batch_size=2 * n_samples)
    states = sample_ansatz_states(config, 2 * n_samples, random_state)
    return _result_from_states(states, config.ansatz, n_qubits, n_layers, bins, return_details)


def _result_from_states(
    states: np.ndarray, ansatz: str, n_qubits: int, n_layers: int, bins: int, details: bool
) -> float | ExpressibilityResult:
    fidelities = pair_fidelities(states)
    probabilities, edges = _histogram(fidelities, bins)
    haar = haar_bin_probabilities(n_qubits, bins)
    value = float(np.sum(rel_entr(probabilities, haar)))
    if not details:
        return value
    return ExpressibilityResult(
        value, fidelities, edges, probabilities, haar, ansatz, n_qubits, n_layers,
        len(fidelities), bins, idle_expressibility(n_qubits, bins),
    )


def compare_ansatze(
    names: Sequence[str],
    n_qubits: int = 4,
    n_layers: int | Sequence[int] = 1,
    n_samples: int = 2000,
    bins: int = 75,
    random_state: int | None = 0,
    progress: bool = False,
) -> pd.DataFrame:
    """Expressibility and entangling capability of several ansätze, one row per (name, depth).

    Both come from the same random states: ``2 * n_samples`` per row for expressibility, all
    of them for the mean Meyer-Wallach entanglement. All names are checked before any work.

    Returns
    -------
    pandas.DataFrame
        Columns ``ansatz``, ``n_qubits``, ``n_layers``, ``n_params``, ``expressibility``,
        ``entangling_capability``, ``entangling`` (whether the ansatz has two-qubit gates).
        Interrupting (Ctrl-C) returns the rows finished so far.

    Examples
    --------
    >>> df = compare_ansatze(["hardware_efficient", "basic_entangler"], n_qubits=2,
    ...                      n_samples=200)
    >>> df[["ansatz", "n_layers"]].values.tolist()
    [['hardware_efficient', 1], ['basic_entangler', 1]]
    """
    from tqdm.auto import tqdm

    from qnnlab import ansatze

    _check_sampling(n_samples, bins)
    depths = [n_layers] if isinstance(n_layers, (int, np.integer)) else list(n_layers)
    configs = [ansatz_config(name, n_qubits, depth) for name in names for depth in depths]
    check_fits_in_memory(n_qubits, mixed=False, batch_size=2 * n_samples)
    rows: list[dict[str, Any]] = []
    try:
        for config in tqdm(configs, desc="ansätze", disable=not progress, leave=False):
            states = sample_ansatz_states(config, 2 * n_samples, random_state)
            rows.append({
                "ansatz": config.ansatz,
                "n_qubits": n_qubits,
                "n_layers": config.n_layers,
                "n_params": config.n_params,
                "expressibility": _result_from_states(
                    states, config.ansatz, n_qubits, config.n_layers, bins, False
                ),
                "entangling_capability": float(np.mean(meyer_wallach(states))),
                "entangling": ansatze.get(config.ansatz).entangling,
            })
    except KeyboardInterrupt:
        pass
    return pd.DataFrame(rows)

"""Barren plateaus: how the variance of cost gradients shrinks as circuits get wider.

McClean et al. (2018) showed that for random, deep circuits the gradient of a cost with respect
to any one parameter concentrates around zero, with a variance that decays exponentially in the
number of qubits. Cerezo et al. (2021) showed that the cost matters: a **global** cost
(``C = 1 - p(|0...0>)``) has a barren plateau even for shallow circuits, while a **local** cost
(``C = 1 - (1/n) sum_i p_i(0)``, qubit by qubit) keeps polynomially large gradients when the
circuit is shallow.

:func:`gradient_variance` measures this: for every qubit count it draws ``n_samples`` random
parameter vectors, computes ``dC/d theta_k`` for all of them in one broadcast execution (torch
backpropagation through the batch: the samples are independent, so the gradient of the summed
costs holds every sample's own gradient), and fits both an exponential decay
``log Var = a - b n`` and a power law ``log Var = a - p log n`` (:data:`FITS`), so that the data
can say which form they follow (compare the two ``r_squared``, both on ``log Var``).

Examples
--------
>>> df = gradient_variance("hardware_efficient", n_qubits=(2, 3), n_layers=2, n_samples=50)
>>> df[["n_qubits", "cost"]].values.tolist()
[[2, 'global'], [3, 'global']]
>>> sorted(df.attrs["fit"])
['decay_rate', 'intercept', 'r_squared']
>>> sorted(df.attrs["fits"]["power_law"])
['exponent', 'intercept', 'r_squared']
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
import torch

from qnnlab._validation import (
    MAX_SAMPLES,
    check_choice,
    check_fits_in_memory,
    check_positive_int,
)
from qnnlab.analysis._common import ansatz_config, ansatz_state_qnode, random_ansatz_weights
from qnnlab.models import DTYPE

__all__ = ["COSTS", "FITS", "fitted_variance", "gradient_variance", "global_cost", "local_cost",
           "per_sample_gradients"]

COSTS = ("global", "local")
#: Forms fitted to the variances: ``Var = exp(a - b n)`` and ``Var = exp(a) n^(-p)``.
FITS = ("exponential", "power_law")
#: Gradient variances below this are rounding noise: the parameter does not move the cost.
_ZERO_VARIANCE = 1e-20


def global_cost(states: torch.Tensor) -> torch.Tensor:
    """``1 - p(|0...0>)`` for each state of a batch ``(batch, 2**n)``.

    Examples
    --------
    >>> global_cost(torch.tensor([[1.0, 0.0], [0.0, 1.0]])).tolist()
    [0.0, 1.0]
    """
    return 1 - torch.abs(states[..., 0]) ** 2


def local_cost(states: torch.Tensor) -> torch.Tensor:
    """``1 - (1/n) sum_i p_i(0)``: one minus the mean probability of reading 0 on each qubit.

    Examples
    --------
    >>> plus_zero = torch.tensor([[1.0, 0.0, 1.0, 0.0]]) / 2**0.5  # |+>|0>
    >>> local_cost(plus_zero).tolist()
    [0.25]
    """
    n = int(round(np.log2(states.shape[-1])))
    probs = (torch.abs(states) ** 2).reshape(-1, *([2] * n))
    p_zero = torch.stack(
        [probs.select(1 + k, 0).reshape(len(probs), -1).sum(dim=1) for k in range(n)], dim=1
    )
    return (1 - p_zero.mean(dim=1)).reshape(states.shape[:-1])


_COST_FUNCTIONS = {"global": global_cost, "local": local_cost}


#: Amplitudes (batch x 2**n) of one broadcast execution in :func:`per_sample_gradients`. The
#: backward pass keeps every gate's output state, so memory grows with this times the gate
#: count: 2**17 keeps a 12-qubit scan near 0.3 GB (it reached 3 GB as one batch of 200).
MAX_BATCH_AMPLITUDES = 2**17


def per_sample_gradients(
    config: Any, weights: np.ndarray, cost: str = "global", max_batch: int | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Costs ``(batch,)`` and their gradients ``(batch, n_params)`` for a batch of weights.

    One broadcast execution and one backward pass per chunk of at most ``max_batch`` rows
    (default: as many as keep ``rows x 2**n_qubits`` within :data:`MAX_BATCH_AMPLITUDES`):
    since sample ``i``'s cost depends only on row ``i`` of the weights, the gradient of the
    summed cost is every sample's own gradient.

    Examples
    --------
    One qubit, RY(a) then RZ(b): the global cost is ``sin(a/2)**2``, its gradient ``sin(a)/2``.

    >>> config = ansatz_config("hardware_efficient", n_qubits=1, n_layers=1)
    >>> costs, grads = per_sample_gradients(config, np.array([[np.pi / 2, 0.0], [np.pi, 0.0]]))
    >>> costs.round(6).tolist(), grads.round(6).tolist()
    ([0.5, 1.0], [[0.5, 0.0], [0.0, 0.0]])
    """
    check_choice("cost", cost, COSTS)
    run = ansatz_state_qnode(config, interface="torch")
    weights = np.asarray(weights, dtype=float)
    if max_batch is None:
        max_batch = max(1, MAX_BATCH_AMPLITUDES >> config.n_qubits)
    parts = [_costs_and_gradients(run, cost, weights[start:start + max_batch])
             for start in range(0, len(weights), max_batch)]
    return (np.concatenate([costs for costs, _ in parts]),
            np.concatenate([grads for _, grads in parts]))


def _costs_and_gradients(run: Any, cost: str, weights: np.ndarray
                         ) -> tuple[np.ndarray, np.ndarray]:
    w = torch.tensor(weights, dtype=DTYPE, requires_grad=True)
    costs = _COST_FUNCTIONS[cost](run(w))
    (grad,) = torch.autograd.grad(costs.sum(), w, allow_unused=True)
    if grad is None:  # the cost does not depend on any weight
        grad = torch.zeros_like(w)
    return costs.detach().numpy().reshape(len(weights)), grad.numpy()


def _fit_log_variance(x: np.ndarray, variance: np.ndarray) -> tuple[float, float, float]:
    """Least-squares line ``log Var = intercept + slope x`` over the positive variances:
    ``(intercept, slope, r_squared)``, all NaN with fewer than two usable points."""
    ok = variance > _ZERO_VARIANCE
    if ok.sum() < 2:
        return np.nan, np.nan, np.nan
    x, y = x[ok].astype(float), np.log(variance[ok])
    slope, intercept = np.polyfit(x, y, 1)
    residual = y - (intercept + slope * x)
    total = np.sum((y - y.mean()) ** 2)
    r_squared = 1 - np.sum(residual**2) / total if total > 0 else 1.0
    return float(intercept), float(slope), float(r_squared)


def _fit_exponential(n: np.ndarray, variance: np.ndarray) -> dict[str, float]:
    # log Var = a - b n: a straight line on a semi-log plot.
    intercept, slope, r_squared = _fit_log_variance(n, variance)
    return {"intercept": intercept, "decay_rate": -slope, "r_squared": r_squared}


def _fit_power_law(n: np.ndarray, variance: np.ndarray) -> dict[str, float]:
    # log Var = a - p log n: a straight line on a log-log plot.
    intercept, slope, r_squared = _fit_log_variance(np.log(n.astype(float)), variance)
    return {"intercept": intercept, "exponent": -slope, "r_squared": r_squared}


def fitted_variance(n: Any, fit: Mapping[str, float]) -> np.ndarray:
    """The variance a fit from :func:`gradient_variance` predicts at ``n`` qubits.

    ``fit`` is ``df.attrs["fits"]["exponential"]`` (``exp(a - b n)``) or
    ``df.attrs["fits"]["power_law"]`` (``exp(a) n^(-p)``).

    Examples
    --------
    >>> fitted_variance([1, 2], {"intercept": 0.0, "exponent": 2.0}).tolist()
    [1.0, 0.25]
    >>> fitted_variance([0, 1], {"intercept": 0.0, "decay_rate": np.log(2)}).tolist()
    [1.0, 0.5]
    """
    n = np.asarray(n, dtype=float)
    if "exponent" in fit:
        return np.exp(fit["intercept"]) * n ** -fit["exponent"]
    return np.exp(fit["intercept"] - fit["decay_rate"] * n)


def gradient_variance(
    ansatz: str = "hardware_efficient",
    n_qubits: Sequence[int] = (2, 4, 6, 8),
    n_layers: int = 5,
    cost: str = "global",
    n_samples: int = 200,
    random_state: int | None = 0,
    param_index: int = 0,
    ansatz_options: Mapping[str, Any] | None = None,
    progress: bool = False,
    fit: str = "exponential",
) -> pd.DataFrame:
    """Variance of ``dC/d theta_k`` over random initialisations, for each qubit count.

    Parameters
    ----------
    ansatz : str
        Name from :func:`qnnlab.ansatze.available`; runs alone on ``|0...0>``.
    n_qubits : sequence of int
        Qubit counts to scan (each checked against the ansatz and the memory first).
    n_layers : int
        Ansatz layers (the same for every width).
    cost : {"global", "local"}
        ``1 - p(|0...0>)`` or ``1 - (1/n) sum_i p_i(0)`` (Cerezo et al. 2021).
    n_samples : int
        Random parameter vectors per width (uniform in ``[0, 2 pi)``), at least 2.
    random_state : int or None
        Seed; each width gets its own stream derived from it.
    param_index : int
        Which parameter ``theta_k`` to differentiate (0: the first of the flat weight vector).
        A parameter that cannot change the cost (a Z rotation straight on ``|0>``, like the
        first angle of ``strongly_entangling``) has zero gradient: a warning says so.
    ansatz_options : dict, optional
        Options of the ansatz.
    progress : bool
        Show a progress bar over the widths.
    fit : {"exponential", "power_law"}
        The form whose curve fills ``fit_variance`` and ``df.attrs["fit"]`` (and that
        :func:`qnnlab.plots.gradient_variance_figure` draws). Both forms are always fitted
        and kept in ``df.attrs["fits"]``.

    Returns
    -------
    pandas.DataFrame
        One row per width: ``n_qubits``, ``variance`` (unbiased), ``mean`` (of the gradient),
        ``mean_cost``, ``cost``, ``n_params``, ``n_layers``, ``n_samples``, ``fit_variance``
        (the chosen ``fit``). ``df.attrs["fits"]`` holds both fits of ``log Var``:
        ``"exponential"`` (``intercept`` ``a``, ``decay_rate`` ``b``; natural log, ``log 2 =
        0.69`` means halving per qubit) and ``"power_law"`` (``intercept`` ``a``, ``exponent``
        ``p``), each with its ``r_squared``; ``df.attrs["fit"]`` is the chosen one. A power law
        is a straight line on a log-log plot, an exponential on a semi-log plot; to tell them
        apart, scan a range of widths where ``log n`` and ``n`` are not nearly proportional
        (e.g. 2 to 12 rather than 6 to 8). ``df.attrs`` also records ``ansatz``, ``cost``,
        ``n_layers``, ``param_index``.
        Interrupting (Ctrl-C) keeps the widths finished so far.

    References
    ----------
    McClean et al., Nat. Commun. 9, 4812 (2018); Cerezo et al., Nat. Commun. 12, 1791 (2021).

    Examples
    --------
    >>> df = gradient_variance("hardware_efficient", n_qubits=(1, 2), n_layers=1, n_samples=50)
    >>> df[["n_qubits", "n_params"]].values.tolist()
    [[1, 2], [2, 4]]
    >>> round(df.attrs["fit"]["decay_rate"], 2)  # Var ∝ exp(-1.03 n) over these two widths
    1.03
    """
    check_choice("cost", cost, COSTS)
    check_choice("fit", fit, FITS)
    check_positive_int("n_samples", n_samples, minimum=2, maximum=MAX_SAMPLES)
    check_positive_int("param_index", param_index, minimum=0)
    widths = [check_positive_int("n_qubits", n) for n in np.atleast_1d(n_qubits).tolist()]
    configs = [ansatz_config(ansatz, n, n_layers, ansatz_options) for n in widths]
    for config in configs:
        check_fits_in_memory(config.n_qubits, mixed=False, batch_size=n_samples)
        if param_index >= config.n_params:
            raise ValueError(
                f"param_index={param_index} is out of range: the {config.ansatz!r} ansatz on "
                f"{config.n_qubits} qubits with {n_layers} layers has {config.n_params} "
                "parameters."
            )
    return _scan(configs, cost, n_samples, random_state, param_index, progress, fit)


def _scan(
    configs: list[Any], cost: str, n_samples: int, random_state: int | None,
    param_index: int, progress: bool, fit: str = "exponential",
) -> pd.DataFrame:
    from tqdm.auto import tqdm

    seeds = np.random.SeedSequence(random_state).spawn(len(configs))
    rows = []
    try:
        for config, seed in tqdm(list(zip(configs, seeds)), desc="widths", disable=not progress,
                                 leave=False):
            weights = random_ansatz_weights(config, n_samples, np.random.default_rng(seed))
            costs, grads = per_sample_gradients(config, weights, cost)
            g = grads[:, param_index]
            rows.append({
                "n_qubits": config.n_qubits, "variance": float(np.var(g, ddof=1)),
                "mean": float(np.mean(g)), "mean_cost": float(np.mean(costs)), "cost": cost,
                "n_params": config.n_params, "n_layers": config.n_layers,
                "n_samples": n_samples,
            })
    except KeyboardInterrupt:
        pass
    df = pd.DataFrame(rows)
    if rows and (df["variance"] <= _ZERO_VARIANCE).all():
        warnings.warn(
            f"Parameter {param_index} does not change the {cost} cost at any width (its gradient "
            "is always 0; e.g. a Z rotation acting on |0>). Choose another param_index.",
            stacklevel=3,
        )
    fits: dict[str, dict[str, float]] = {}
    if rows:
        n, variance = df["n_qubits"].to_numpy(), df["variance"].to_numpy()
        fits = {"exponential": _fit_exponential(n, variance),
                "power_law": _fit_power_law(n, variance)}
        df["fit_variance"] = fitted_variance(n, fits[fit])
    df.attrs.update({"fit": fits.get(fit, {}), "fits": fits, "ansatz": configs[0].ansatz,
                     "cost": cost,
                     "n_layers": configs[0].n_layers, "param_index": param_index})
    return df

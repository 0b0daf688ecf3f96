"""Effective dimension of a quantum model (Abbas et al. 2021, "The power of quantum neural
networks").

The model is the circuit's distribution over measurement outcomes, ``p(y | x; theta)``
(basis-state probabilities). Its Fisher information at ``theta``,

.. math:: F(\\theta) = \\mathbb{E}_x \\sum_y \\frac{\\nabla_\\theta p(y|x;\\theta)\\,
          \\nabla_\\theta p(y|x;\\theta)^T}{p(y|x;\\theta)},

is averaged over ``n_samples_data`` inputs and computed for ``n_param_samples`` random
parameter vectors (uniform in ``[0, 2 pi)``). With the normalised Fisher
``F_hat = d F / E_theta[Tr F]`` (``d`` parameters) and ``kappa = gamma n / (2 pi log n)`` for a
dataset of ``n`` samples, the effective dimension is

.. math:: d_{\\gamma, n} = 2 \\frac{\\log \\bigl( \\mathbb{E}_\\theta
          \\sqrt{\\det(1 + \\kappa \\hat F(\\theta))} \\bigr)}{\\log \\kappa},

and :func:`effective_dimension` returns ``d_{gamma, n} / d``, in ``[0, 1]``: how much of its
parameter space the model really uses at that amount of data.

Examples
--------
>>> from qnnlab.circuits import CircuitConfig
>>> config = CircuitConfig("angle", "hardware_efficient", n_qubits=2, n_layers=1)
>>> effective_dimension(config, n_samples_data=10, n_param_samples=5,
...                     dataset_sizes=[1_000, 1_000_000]).round(2).tolist()
[0.61, 0.54]

The RZ gates that follow the RY gates do not change the measured probabilities, so only half
of the four parameters count: with more data the value approaches 1/2.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import torch
from scipy.special import logsumexp

from qnnlab._concurrency import circuit_lock
from qnnlab._validation import MAX_SAMPLES, check_fits_in_memory, check_positive_int
from qnnlab.analysis._common import resolve_circuit
from qnnlab.circuits import CircuitConfig, build_qnode
from qnnlab.models import DTYPE

__all__ = ["fisher_information", "effective_dimension", "normalised_fisher",
           "effective_dimension_from_fisher"]

#: Outcomes less likely than this are left out of the Fisher sum (0/0 there).
_MIN_PROBABILITY = 1e-12


def _probability_model(resolved: Any) -> tuple[CircuitConfig, Any]:
    config = resolved.config.replace(measurement="probs", shots=None, zne=False,
                                     diff_method="backprop", device=None)
    return config, build_qnode(config=config)


def _inputs(resolved: Any, n_samples_data: Any, rng: np.random.Generator) -> np.ndarray:
    if np.ndim(n_samples_data) == 0:
        n = check_positive_int("n_samples_data", n_samples_data, maximum=MAX_SAMPLES)
        d = resolved.config.n_features or 1
        return rng.uniform(0.0, np.pi, size=(n, d))
    X = np.asarray(n_samples_data, dtype=float)
    if resolved.model is not None:  # raw features go through the pre-network first
        with torch.no_grad():
            X = resolved.model.features(torch.as_tensor(X, dtype=DTYPE)).numpy()
    return X


def fisher_information(
    model_or_config: Any,
    n_samples_data: int | Any = 100,
    n_param_samples: int = 10,
    random_state: int | None = 0,
    parameters: Any = None,
) -> np.ndarray:
    """Fisher information matrices of the circuit for random parameters.

    Parameters
    ----------
    model_or_config : CircuitConfig, HybridNet or fitted estimator
        The circuit (a model's quantum layer); its outcome probabilities are the model.
    n_samples_data : int or array
        Number of random inputs (uniform in ``[0, pi)``, the range of qnnlab's features), or
        the inputs themselves ``(n, n_features)`` (a model's raw features pass its pre-network).
    n_param_samples : int
        Random parameter vectors (uniform in ``[0, 2 pi)``).
    random_state : int or None
        Seed of the inputs and parameters.
    parameters : array of shape (n_param_samples, n_params), optional
        Explicit parameter vectors instead of random ones.

    Returns
    -------
    numpy.ndarray of shape (n_param_samples, n_params, n_params)
        ``F(theta)`` averaged over the inputs.

    Examples
    --------
    >>> from qnnlab.circuits import CircuitConfig
    >>> config = CircuitConfig("angle", "hardware_efficient", n_qubits=1, n_layers=1)
    >>> fisher_information(config, 5, 2)[0].round(6).tolist()  # RY then RZ: only RY counts
    [[1.0, 0.0], [0.0, 0.0]]
    """
    resolved = resolve_circuit(model_or_config, needs="the effective dimension")
    rng = np.random.default_rng(random_state)
    X = _inputs(resolved, n_samples_data, rng)
    config, qnode = _probability_model(resolved)
    if parameters is None:
        check_positive_int("n_param_samples", n_param_samples, maximum=MAX_SAMPLES)
        thetas = rng.uniform(0.0, 2 * np.pi, size=(n_param_samples, config.n_params))
    else:
        thetas = np.atleast_2d(np.asarray(parameters, dtype=float))
        if thetas.shape[1] != config.n_params:
            raise ValueError(f"parameters must have {config.n_params} columns; got shape "
                             f"{thetas.shape}.")
        n_param_samples = len(thetas)
    if len(X) * n_param_samples > MAX_SAMPLES:
        raise ValueError(
            f"{len(X)} inputs x {n_param_samples} parameter samples = "
            f"{len(X) * n_param_samples} circuit executions; at most {MAX_SAMPLES} "
            "(MAX_SAMPLES). Use fewer inputs or parameter samples."
        )
    check_fits_in_memory(config.n_qubits, mixed=config.noisy,
                         batch_size=len(X) * n_param_samples)
    # One broadcast execution over every (theta, x) pair: row i*n + j is (theta_i, x_j).
    weights = torch.tensor(np.repeat(thetas, len(X), axis=0), dtype=DTYPE, requires_grad=True)
    inputs = torch.as_tensor(np.tile(X, (n_param_samples, 1)), dtype=DTYPE)
    probs = torch.as_tensor(qnode(inputs, weights)).reshape(len(weights), -1)
    fisher = torch.zeros(n_param_samples, config.n_params, config.n_params, dtype=DTYPE)
    for outcome in range(probs.shape[1]):
        # Each row depends on its own weights only: the gradient of the column sum is per row.
        with circuit_lock():  # a non-backprop gradient runs PennyLane code again
            (grad,) = torch.autograd.grad(probs[:, outcome].sum(), weights, retain_graph=True)
        p = probs[:, outcome].detach()
        keep = (p > _MIN_PROBABILITY).to(DTYPE) / p.clamp_min(_MIN_PROBABILITY)
        term = torch.einsum("bi,bj,b->bij", grad, grad, keep)
        fisher += term.reshape(n_param_samples, len(X), *term.shape[1:]).mean(dim=1)
    return fisher.numpy()


def normalised_fisher(fisher: np.ndarray) -> np.ndarray:
    """``d F / E_theta[Tr F]``: the Fisher matrices rescaled so that their mean trace is ``d``.

    Examples
    --------
    >>> f_hat = normalised_fisher(np.stack([np.eye(2), 3 * np.eye(2)]))  # mean trace 4, d = 2
    >>> np.trace(f_hat, axis1=1, axis2=2).tolist()
    [1.0, 3.0]
    """
    d = fisher.shape[-1]
    mean_trace = np.mean(np.trace(fisher, axis1=1, axis2=2))
    if mean_trace <= 0:
        raise ValueError("The Fisher information is zero for every sampled parameter: the "
                         "outputs do not depend on the parameters.")
    return d * fisher / mean_trace


def effective_dimension_from_fisher(
    fisher: np.ndarray, dataset_sizes: Any, gamma: float = 1.0
) -> np.ndarray:
    """Normalised effective dimension ``d_{gamma, n} / d`` for every dataset size ``n``.

    Uses log-determinants and log-sum-exp, so large ``kappa`` does not overflow.

    Examples
    --------
    >>> n = 1000; kappa = n / (2 * np.pi * np.log(n))   # F_hat = 1 for one parameter:
    >>> bool(np.isclose(effective_dimension_from_fisher(np.ones((3, 1, 1)), [n])[0],
    ...                 np.log(1 + kappa) / np.log(kappa)))
    True
    """
    sizes = np.atleast_1d(np.asarray(dataset_sizes, dtype=float))
    if np.any(sizes <= 1):
        raise ValueError(f"dataset sizes must be > 1; got {sizes.tolist()}.")
    if not gamma > 0:
        raise ValueError(f"gamma must be > 0 (the paper uses gamma in (0, 1]); got {gamma}.")
    f_hat = normalised_fisher(np.asarray(fisher, dtype=float))
    n_theta, d = f_hat.shape[0], f_hat.shape[-1]
    out = []
    for n in sizes:
        kappa = gamma * n / (2 * np.pi * np.log(n))
        _, logdet = np.linalg.slogdet(np.eye(d) + kappa * f_hat)
        log_mean = logsumexp(0.5 * logdet) - np.log(n_theta)
        out.append(2 * log_mean / np.log(kappa) / d)
    return np.array(out)


def effective_dimension(
    model_or_config: Any,
    n_samples_data: int | Any = 100,
    n_param_samples: int = 10,
    dataset_sizes: Any = (1000, 10_000, 100_000, 1_000_000),
    gamma: float = 1.0,
    random_state: int | None = 0,
) -> np.ndarray | float:
    """Normalised effective dimension (Abbas et al. 2021) for one or more dataset sizes.

    Parameters
    ----------
    model_or_config : CircuitConfig, HybridNet or fitted estimator
        The circuit (a model's quantum layer, at random parameters).
    n_samples_data : int or array
        Random inputs (uniform in ``[0, pi)``) or the inputs themselves.
    n_param_samples : int
        Random parameter vectors for the Monte-Carlo integral over parameter space.
    dataset_sizes : int or sequence of int
        The ``n`` of the formula (each > 1).
    gamma : float
        The paper's constant in ``(0, 1]``; 1 by default.
    random_state : int or None
        Seed.

    Returns
    -------
    float or numpy.ndarray
        ``d_{gamma, n} / d`` in ``[0, 1]`` (one value per dataset size; a float for one size).

    References
    ----------
    Abbas, Sutter, Zoufal, Lucchi, Figalli & Woerner, Nat. Comput. Sci. 1, 403 (2021),
    arXiv:2011.00027.

    Examples
    --------
    >>> from qnnlab.circuits import CircuitConfig
    >>> config = CircuitConfig("angle", "hardware_efficient", n_qubits=1, n_layers=1)
    >>> effective_dimension(config, n_samples_data=5, n_param_samples=3,
    ...                     dataset_sizes=[100, 1_000_000]).round(2).tolist()
    [0.83, 0.54]

    Only the RY angle changes the probabilities (the RZ after it does not): with more data the
    value approaches 1/2.
    """
    fisher = fisher_information(model_or_config, n_samples_data, n_param_samples, random_state)
    values = np.clip(effective_dimension_from_fisher(fisher, dataset_sizes, gamma), 0.0, 1.0)
    return float(values[0]) if np.ndim(dataset_sizes) == 0 else values

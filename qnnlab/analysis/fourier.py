"""Fourier spectrum of a quantum model as a function of one input feature.

Schuld, Sweke & Meyer (2021) showed that a circuit whose input ``x`` enters through Pauli
rotations ``exp(-i x G / 2)`` computes a truncated Fourier series
``f(x) = sum_w c_w exp(i w x)``. The **available spectrum** (which ``w`` may appear) is set by
the encoding alone: the sums of eigenvalue differences of its generators. One single-qubit
angle encoding gives ``{-1, 0, 1}``; repeating it ``L`` times (data re-uploading, or ``L``
qubits sharing one feature) gives the integers ``{-L, ..., L}``; a trainable input scaling
``s`` multiplies the frequencies by ``s``. The **coefficients** ``c_w`` are what the trainable
weights choose.

:func:`fourier_spectrum` gets both: the available spectrum from the encoding gates of the
decomposed circuit (:func:`available_spectrum`; PennyLane's
:func:`pennylane.fourier.qnode_spectrum` gives the same sets, which the tests check), and the
coefficients by sampling ``f`` on a uniform grid over ``[0, 2 pi)`` and taking numpy's FFT.

Examples
--------
>>> from qnnlab.circuits import CircuitConfig
>>> config = CircuitConfig("reuploading", "hardware_efficient", n_qubits=1, n_layers=2)
>>> spectrum = fourier_spectrum(config)
>>> spectrum.available.tolist()
[-2.0, -1.0, 0.0, 1.0, 2.0]
>>> bool(np.all(np.abs(spectrum.coefficients[np.abs(spectrum.frequencies) > 2]) < 1e-10))
True
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import pennylane as qml
import torch

from qnnlab._concurrency import circuit_lock
from qnnlab._validation import check_choice, check_positive_int
from qnnlab.analysis._common import ResolvedCircuit, resolve_circuit
from qnnlab.circuits import CircuitConfig, build_qnode
from qnnlab.models import DTYPE

#: Most grid points along the feature (each is one circuit execution).
MAX_POINTS = 100_000

__all__ = ["FourierSpectrum", "fourier_spectrum", "fourier_coefficients", "available_spectrum",
           "OUTPUTS"]

OUTPUTS = ("quantum", "model")
#: Encodings that are not Pauli rotations of the features: no finite spectrum to predict.
_NON_ROTATION_ENCODINGS = {
    "amplitude": "amplitude encoding normalises the feature vector (not a Pauli rotation)",
    "basis": "basis encoding thresholds the feature into a bit (a step, not a rotation)",
}


@dataclass(frozen=True)
class FourierSpectrum:
    """Fourier coefficients of ``f(x)`` along one feature, and the spectrum the encoding allows.

    Attributes
    ----------
    frequencies : numpy.ndarray
        Integer frequencies of the FFT grid, sorted (``-K ... K``).
    coefficients : numpy.ndarray
        Complex ``c_w`` with ``f(x) = sum_w c_w exp(i w x)`` (``c_{-w} = conj(c_w)``).
    available : numpy.ndarray or None
        Frequencies the encoding makes available (None where no finite spectrum applies).
    x, values : numpy.ndarray
        The sampled grid over ``[0, 2 pi)`` and ``f`` on it.
    feature : int
        Which feature was varied (the others stay at ``x0``).
    output : str
        ``"quantum"`` (``<Z_i>`` of the circuit) or ``"model"`` (the network's output).
    output_index : int
        Which qubit / output.
    note : str
        Caveats in plain words (non-integer frequencies, pre-networks...).

    Examples
    --------
    >>> config = CircuitConfig("angle", "hardware_efficient", n_qubits=1, n_layers=1)
    >>> spectrum = fourier_spectrum(config)  # <Z> = cos(x + a): frequencies -1 and 1 only
    >>> spectrum.available.tolist(), spectrum.max_available
    ([-1.0, 0.0, 1.0], 1.0)
    >>> spectrum.to_frame().query("magnitude > 1e-10")["frequency"].tolist()
    [-1, 1]
    """

    frequencies: np.ndarray
    coefficients: np.ndarray
    available: np.ndarray | None
    x: np.ndarray
    values: np.ndarray
    feature: int
    output: str
    output_index: int
    note: str = ""

    @property
    def magnitudes(self) -> np.ndarray:
        """``|c_w|`` for every frequency."""
        return np.abs(self.coefficients)

    @property
    def max_available(self) -> float | None:
        """The largest available frequency (None if unknown)."""
        return None if self.available is None else float(np.max(np.abs(self.available)))

    def to_frame(self) -> pd.DataFrame:
        """One row per frequency: coefficient (real, imaginary, magnitude) and availability."""
        df = pd.DataFrame({
            "frequency": self.frequencies,
            "real": self.coefficients.real,
            "imag": self.coefficients.imag,
            "magnitude": self.magnitudes,
        })
        if self.available is not None:
            df["available"] = np.isclose(
                self.frequencies[:, None], self.available[None, :]
            ).any(axis=1)
        return df


def _device_operations(config: CircuitConfig, x: np.ndarray, weights: np.ndarray) -> list[Any]:
    qnode = build_qnode(config=config)
    with circuit_lock():
        return list(qml.workflow.construct_tape(qnode, level="device")(x, weights).operations)


def _gate_frequencies(op: Any, slope: float) -> np.ndarray:
    """Frequencies ``slope * (lambda_i - lambda_j)`` of a gate ``exp(-i slope t G)``."""
    if len(op.parameters) != 1 or not op.has_generator:
        raise ValueError(
            f"No finite Fourier spectrum: the input enters {op.name}, which is not a "
            "one-parameter rotation exp(-i x G)."
        )
    with circuit_lock():  # creates operators, which PennyLane queues process-wide
        eigenvalues = np.real(qml.eigvals(qml.generator(op, format="observable")))
    return slope * np.unique(np.round(np.subtract.outer(eigenvalues, eigenvalues), 10))


def available_spectrum(
    config: CircuitConfig, weights: Any, x0: Any, feature: int = 0
) -> np.ndarray:
    """Frequencies of ``f`` along ``feature`` that the encoding makes available.

    The decomposed circuit is built at ``x = x0 + t e_feature`` for ``t = 0, 1, 2``: the gates
    whose angle changes with ``t`` encode the feature. Each must be a one-parameter rotation
    ``exp(-i theta G)`` with ``theta`` linear in ``t`` (slope ``s``: an input scaling, or the
    other feature of an IQP product); it contributes ``s`` times the differences of the
    eigenvalues of ``G``, and the spectrum is the set of all sums of one contribution per gate
    (Schuld, Sweke & Meyer 2021).

    Raises
    ------
    ValueError
        If the feature enters non-linearly or through something other than a rotation
        (amplitude and basis encodings).

    Examples
    --------
    >>> config = CircuitConfig("angle", "hardware_efficient", n_qubits=3, n_layers=1)
    >>> from qnnlab.circuits import init_weights
    >>> available_spectrum(config, init_weights(config), np.zeros(1)).tolist()  # tiled 3 times
    [-3.0, -2.0, -1.0, 0.0, 1.0, 2.0, 3.0]
    """
    if config.encoding in _NON_ROTATION_ENCODINGS:
        raise ValueError(
            f"No finite Fourier spectrum: {_NON_ROTATION_ENCODINGS[config.encoding]}."
        )
    base = np.asarray(x0, dtype=float)
    ideal = config.replace(noise=None, zne=False, shots=None, device=None,
                           measurement="expval", n_features=len(base))
    weights = np.asarray(weights, dtype=float)
    tapes = []
    for t in (0.0, 1.0, 2.0):
        x = base.copy()
        x[feature] += t
        tapes.append(_device_operations(ideal, x, weights))
    spectrum = np.zeros(1)
    for op0, op1, op2 in zip(*tapes):
        p0, p1, p2 = (np.array([float(np.real(p)) for p in op.parameters])
                      for op in (op0, op1, op2))
        if np.allclose(p0, p1) and np.allclose(p1, p2):
            continue
        if not np.allclose(p1 - p0, p2 - p1):
            raise ValueError(f"No finite Fourier spectrum: the input enters {op0.name} "
                             "non-linearly.")
        slope = float((p1 - p0)[0]) if len(p0) == 1 else np.nan
        spectrum = np.add.outer(spectrum, _gate_frequencies(op0, slope)).ravel()
        spectrum = np.unique(np.round(spectrum, 8))
    return np.sort(spectrum) + 0.0


def _sample_function(
    resolved: ResolvedCircuit, grid_inputs: np.ndarray, output: str, output_index: int
) -> np.ndarray:
    if resolved.model is None:
        config = resolved.config.replace(measurement="expval", shots=None, zne=False,
                                         n_features=grid_inputs.shape[1])
        values = build_qnode(config=config)(grid_inputs, resolved.weights)[output_index]
        return np.asarray(values, dtype=float)
    model = resolved.model
    with torch.no_grad():
        x = torch.as_tensor(grid_inputs, dtype=DTYPE)
        out = model.quantum_features(x) if output == "quantum" else model(x)
    return out[:, output_index].numpy().astype(float)


def _n_features(resolved: ResolvedCircuit) -> int:
    if resolved.model is not None:
        pre = getattr(resolved.model, "pre", None)
        first = next(iter(pre.parameters()), None) if pre is not None else None
        return first.shape[1] if first is not None else resolved.config.n_features
    return resolved.config.n_features or 1


def _has_pre_network(resolved: ResolvedCircuit) -> bool:
    pre = getattr(resolved.model, "pre", None)
    return pre is not None and not isinstance(pre, torch.nn.Identity)


def fourier_spectrum(
    model_or_config: Any,
    feature: int = 0,
    x0: Any = None,
    n_points: int | None = None,
    output: str = "quantum",
    output_index: int = 0,
    weights: Any = None,
    random_state: int | None = 0,
) -> FourierSpectrum:
    """Fourier coefficients of a model along one input feature, and the available spectrum.

    Parameters
    ----------
    model_or_config : CircuitConfig, HybridNet or fitted estimator
        A config runs with random weights (:func:`qnnlab.circuits.init_weights`, seed
        ``random_state``) unless ``weights`` is given; a model uses its (trained) weights.
        A config without ``n_features`` gets one feature (tiled over all qubits).
    feature : int
        The feature to vary over ``[0, 2 pi)``; the others stay at ``x0``.
    x0 : array, optional
        The fixed input (default: zeros).
    n_points : int, optional
        Grid points (default: enough for the available spectrum, at least 65).
    output : {"quantum", "model"}
        ``<Z_{output_index}>`` of the circuit, or output ``output_index`` of the network
        (a linear head: the same frequencies, other coefficients).
    output_index : int
        Which qubit or output.
    weights : array, optional
        Flat circuit weights overriding the config's random ones or the model's.
    random_state : int or None
        Seed of a config's random weights.

    Returns
    -------
    FourierSpectrum

    References
    ----------
    Schuld, Sweke & Meyer, Phys. Rev. A 103, 032430 (2021), arXiv:2008.08605.

    Examples
    --------
    >>> config = CircuitConfig("angle", "hardware_efficient", n_qubits=2, n_layers=1)
    >>> spectrum = fourier_spectrum(config)  # the one feature is tiled over both qubits
    >>> spectrum.available.tolist(), spectrum.frequencies.shape  # 65 grid points by default
    ([-2.0, -1.0, 0.0, 1.0, 2.0], (65,))
    """
    check_choice("output", output, OUTPUTS)
    resolved = resolve_circuit(model_or_config, weights, random_state,
                               needs="the Fourier spectrum")
    if resolved.model is None and output == "model":
        raise ValueError("output='model' needs a HybridNet or a fitted estimator; a "
                         "CircuitConfig only has the quantum output ('quantum').")
    n_features = _n_features(resolved)
    base = np.zeros(n_features) if x0 is None else np.asarray(x0, dtype=float).ravel()
    if base.shape != (n_features,):
        raise ValueError(f"x0 must hold {n_features} feature values; got shape {base.shape}.")
    check_positive_int("feature", feature, minimum=0)
    check_positive_int("output_index", output_index, minimum=0)
    if not 0 <= feature < n_features:
        raise ValueError(f"feature must be in 0 ... {n_features - 1}; got {feature}.")
    n_out = resolved.config.n_qubits if output == "quantum" else _model_outputs(resolved)
    if not 0 <= output_index < n_out:
        raise ValueError(f"output_index must be in 0 ... {n_out - 1}; got {output_index}.")
    available, note = _available_and_note(resolved, base, feature)
    n_points = _grid_size(available) if n_points is None else check_positive_int(
        "n_points", n_points, minimum=3, maximum=MAX_POINTS)
    x = 2 * np.pi * np.arange(n_points) / n_points
    inputs = np.tile(base, (n_points, 1))
    inputs[:, feature] = x
    values = _sample_function(resolved, inputs, output, output_index)
    frequencies, coefficients = fourier_coefficients(values)
    return FourierSpectrum(frequencies, coefficients, available, x, values, feature, output,
                           output_index, note)


def fourier_coefficients(values: Any) -> tuple[np.ndarray, np.ndarray]:
    """Fourier coefficients of a function sampled at ``x_k = 2 pi k / n`` (``k = 0 ... n - 1``).

    ``f(x) = sum_w c_w exp(i w x)``: numpy's FFT divided by ``n``, frequencies sorted
    (``-n // 2 ... (n - 1) // 2``). Used by :func:`fourier_spectrum` for a model, and for any
    other function (a regression target) on the same frequency axis.

    Examples
    --------
    >>> x = 2 * np.pi * np.arange(8) / 8
    >>> frequencies, c = fourier_coefficients(1 + np.cos(2 * x))  # c_0 = 1, c_2 = c_-2 = 1/2
    >>> {int(w): round(float(v.real), 6) for w, v in zip(frequencies, c) if abs(v) > 1e-12}
    {-2: 0.5, 0: 1.0, 2: 0.5}
    """
    values = np.asarray(values)
    n_points = len(values)
    coefficients = np.fft.fftshift(np.fft.fft(values) / n_points)
    frequencies = np.fft.fftshift(np.fft.fftfreq(n_points, d=1.0 / n_points)).round().astype(int)
    return frequencies, coefficients


def _model_outputs(resolved: ResolvedCircuit) -> int:
    return int(resolved.model.head.out_features)


def _available_and_note(
    resolved: ResolvedCircuit, base: np.ndarray, feature: int
) -> tuple[np.ndarray | None, str]:
    if _has_pre_network(resolved):
        return None, ("The feature passes through a classical pre-network before the encoding, "
                      "so f(x) is not a finite Fourier series in x; the spectrum applies to the "
                      "encoding's inputs, not to the raw features.")
    try:
        available = available_spectrum(resolved.config, resolved.weights, base, feature)
    except ValueError as error:
        return None, str(error)
    notes = []
    if not np.allclose(available, np.round(available)):
        notes.append(f"Some available frequencies are not integers ({_non_integer_cause(resolved)})"
                     ": on the [0, 2 pi) grid they leak into neighbouring integer frequencies.")
    if resolved.config.noisy:
        notes.append("Noise damps the coefficients but adds no frequencies.")
    return available, " ".join(notes)


def _non_integer_cause(resolved: ResolvedCircuit) -> str:
    """Why the feature enters with a slope other than 1 (for the note of non-integer spectra)."""
    if resolved.config.encoding == "iqp":
        return ("IQP encodes the products x_j x_k of pairs of features, so along one feature "
                "the frequencies scale with the values of the others")
    return "a trainable input scaling differs from 1"


def _grid_size(available: np.ndarray | None) -> int:
    top = 16 if available is None else math.ceil(float(np.max(np.abs(available))))
    return 2 * max(32, 2 * top) + 1

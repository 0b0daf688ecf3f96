"""Data encodings: how classical features become a quantum state.

Every encoding is an :class:`Encoding` in a registry: ``available()`` lists the names and
``get(name)`` returns the entry, with a one-line description for learners, the qubits it needs for
``d`` features, and its PennyLane implementation (PennyLane's templates wherever they exist).

Features are expected as angles, roughly in ``[0, pi]`` (what :func:`qnnlab.datasets.load_dataset`
returns). Encodings that put one feature on one qubit *tile* the features when there are more
qubits than features: qubit ``i`` receives feature ``i % d``, so two features fill four qubits.

Examples
--------
>>> from qnnlab import encodings
>>> encodings.available()
['angle', 'dense_angle', 'amplitude', 'basis', 'iqp', 'reuploading']
>>> encodings.get("amplitude").qubits_for(5)
3
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pennylane as qml

from qnnlab._registry import Registry
from qnnlab._validation import (
    MAX_LAYERS,
    check_bool,
    check_choice,
    check_options,
    check_positive_int,
)

__all__ = ["Encoding", "available", "get", "describe"]

_ROTATIONS = ("X", "Y", "Z")


@dataclass(frozen=True)
class Encoding:
    """A data encoding.

    Attributes
    ----------
    name : str
        Registry name.
    description : str
        One line in plain words for learners.
    qubits_for : callable
        ``qubits_for(d)``: the fewest qubits that can take ``d`` features.
    capacity : callable
        ``capacity(n_qubits)``: the most features ``n_qubits`` can take.
    embed : callable
        ``embed(x, wires, **options)`` queues the PennyLane operations; ``x`` has shape
        ``(d,)`` or ``(batch, d)``.
    defaults : dict
        The options this encoding accepts, with their default values.
    reuploads : bool
        True if the encoding is repeated before every ansatz layer.

    Examples
    --------
    >>> enc = get("dense_angle")
    >>> enc.qubits_for(5), enc.capacity(3), enc.reuploads
    (3, 6, False)
    >>> get("iqp").options({"n_repeats": 2})
    {'n_repeats': 2}
    """

    name: str
    description: str
    qubits_for: Callable[[int], int]
    capacity: Callable[[int], int]
    embed: Callable[..., None]
    defaults: Mapping[str, Any] = field(default_factory=dict)
    reuploads: bool = False

    def options(self, options: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """Return the defaults updated with ``options``, after checking every key and value."""
        merged = dict(self.defaults)
        for key, value in check_options("encoding_options", options).items():
            check_choice(f"option of the {self.name!r} encoding", key, self.defaults)
            merged[key] = value
        if "rotation" in merged:
            check_choice("rotation axis", merged["rotation"], _ROTATIONS)
        if "n_repeats" in merged:
            check_positive_int("n_repeats", merged["n_repeats"], maximum=MAX_LAYERS)
        if "trainable_scaling" in merged:
            check_bool("trainable_scaling", merged["trainable_scaling"])
        return merged

    def check_features(self, n_features: int, n_qubits: int) -> None:
        """Raise a ValueError if ``n_features`` cannot be encoded on ``n_qubits`` qubits."""
        check_positive_int("number of features", n_features)
        limit = self.capacity(n_qubits)
        if n_features > limit:
            raise ValueError(
                f"The {self.name!r} encoding on {n_qubits} qubits takes at most {limit} "
                f"features; got {n_features}. Use at least {self.qubits_for(n_features)} qubits, "
                "a classical pre-network (pre_layers=()) or PCA to reduce the features."
            )


_registry: Registry[Encoding] = Registry("encoding")


def available() -> list[str]:
    """Names of all encodings.

    Examples
    --------
    >>> available()[:3]
    ['angle', 'dense_angle', 'amplitude']
    """
    return _registry.available()


def get(name: str | Encoding) -> Encoding:
    """Return the encoding called ``name`` (unknown names: a ValueError listing valid ones).

    Examples
    --------
    >>> get("angle").defaults
    {'rotation': 'Y'}
    >>> get("angel")
    Traceback (most recent call last):
    ...
    ValueError: Unknown encoding 'angel'. Valid choices: ... Did you mean 'angle'?
    """
    return _registry.get(name)


def describe() -> list[dict[str, str]]:
    """One row per encoding: name and description (handy for tables and widgets).

    Examples
    --------
    >>> describe()[0]
    {'name': 'angle', 'description': 'One feature per qubit as a rotation angle ...'}
    """
    return [{"name": e.name, "description": e.description} for e in _registry]


def tile_features(x: Any, n_slots: int) -> Any:
    """Repeat the last axis of ``x`` cyclically to length ``n_slots`` (slot ``i`` gets ``i % d``).

    Examples
    --------
    >>> tile_features(np.array([1.0, 2.0]), 5)
    array([1., 2., 1., 2., 1.])
    """
    d = x.shape[-1]
    if d == n_slots:
        return x
    return x[..., [i % d for i in range(n_slots)]]


def _angle(x: Any, wires: Sequence[int], rotation: str = "Y") -> None:
    qml.AngleEmbedding(tile_features(x, len(wires)), wires=wires, rotation=rotation)


def _dense_angle(x: Any, wires: Sequence[int]) -> None:
    x = tile_features(x, 2 * len(wires))
    qml.AngleEmbedding(x[..., 0::2], wires=wires, rotation="Y")
    qml.AngleEmbedding(x[..., 1::2], wires=wires, rotation="Z")


def _amplitude(x: Any, wires: Sequence[int]) -> None:
    norms = np.atleast_1d(qml.math.to_numpy(qml.math.sum(qml.math.abs(x) ** 2, axis=-1)))
    zero_rows = np.flatnonzero(norms == 0)
    if zero_rows.size:
        raise ValueError(
            "The 'amplitude' encoding cannot normalise an all-zero feature vector; got one in "
            f"sample {zero_rows[0]} ({zero_rows.size} in all). Shift the features away from zero."
        )
    qml.AmplitudeEmbedding(x, wires=wires, pad_with=0.0, normalize=True)


def _basis(x: Any, wires: Sequence[int], threshold: float = math.pi / 2) -> None:
    # BasisEmbedding cannot broadcast over a batch, so each bit b becomes RX(pi * b):
    # RX(pi)|0> = -i|1>, the same basis state up to a global phase.
    bits = tile_features(x, len(wires)) > threshold
    qml.AngleEmbedding(math.pi * (bits * 1.0), wires=wires, rotation="X")


def _iqp(x: Any, wires: Sequence[int], n_repeats: int = 1) -> None:
    qml.IQPEmbedding(tile_features(x, len(wires)), wires=wires, n_repeats=n_repeats)


def _one_per_qubit(n: int) -> int:
    return n


def _half_up(d: int) -> int:
    return math.ceil(d / 2)


def _double(n: int) -> int:
    return 2 * n


def _log2_up(d: int) -> int:
    return max(1, math.ceil(math.log2(d))) if d > 1 else 1


def _power_of_two(n: int) -> int:
    return 2**n


_registry.register(
    Encoding(
        "angle",
        "One feature per qubit as a rotation angle (axis X, Y or Z): cheap and easy to read.",
        _one_per_qubit,
        _one_per_qubit,
        _angle,
        {"rotation": "Y"},
    )
)
_registry.register(
    Encoding(
        "dense_angle",
        "Two features per qubit: one as an RY angle, the next as an RZ angle (half the qubits).",
        _half_up,
        _double,
        _dense_angle,
    )
)
_registry.register(
    Encoding(
        "amplitude",
        "Features become the amplitudes of the state (padded, normalised): d features on "
        "ceil(log2 d) qubits, but deep to prepare on hardware.",
        _log2_up,
        _power_of_two,
        _amplitude,
    )
)
_registry.register(
    Encoding(
        "basis",
        "Each feature is binarised (above the threshold -> 1) and sets one qubit to |0> or |1>.",
        _one_per_qubit,
        _one_per_qubit,
        _basis,
        {"threshold": math.pi / 2},
    )
)
_registry.register(
    Encoding(
        "iqp",
        "IQP embedding: Hadamards, Z rotations and ZZ products of feature pairs, hard to "
        "simulate classically in general (Havlicek et al. 2019).",
        _one_per_qubit,
        _one_per_qubit,
        _iqp,
        {"n_repeats": 1},
    )
)
_registry.register(
    Encoding(
        "reuploading",
        "Angle encoding repeated before every ansatz layer (data re-uploading), with optional "
        "trainable input scaling: each repetition widens the functions the model can express.",
        _one_per_qubit,
        _one_per_qubit,
        _angle,
        {"rotation": "Y", "trainable_scaling": True},
        reuploads=True,
    )
)


def embed(encoding: Encoding, x: Any, wires: Sequence[int], options: Mapping[str, Any]) -> None:
    """Queue ``encoding`` on ``wires`` with its options (those the circuit handles are dropped).

    Examples
    --------
    Two features tiled over three qubits, recorded on a tape:

    >>> record = qml.tape.make_qscript(embed)
    >>> tape = record(get("angle"), np.array([0.1, 0.2]), [0, 1, 2], {"rotation": "X"})
    >>> tape.operations
    [AngleEmbedding([0.1 0.2 0.1], wires=[0, 1, 2], rotation=X)]
    """
    kwargs = {k: v for k, v in options.items() if k != "trainable_scaling"}
    encoding.embed(x, wires, **kwargs)


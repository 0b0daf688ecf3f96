"""Noise models: what goes wrong on real hardware, one strength parameter each.

Each entry is a :class:`NoiseChannel` with a strength ``p`` in ``[0, 1]``. Noise is data, kept
apart from circuits: :func:`noise_model` turns a choice into a PennyLane ``qml.NoiseModel`` that
:func:`qnnlab.circuits.build_qnode` attaches to the *device* (``qml.noise.add_noise``), so that
zero-noise extrapolation can fold the gates and the noise grows with them.

Placement ``"gate"`` adds the channel on the wires of every gate after it acts; placement
``"layer"`` adds it on every qubit after each encoding and ansatz layer. The ``readout`` model
flips each measured bit with probability ``p`` instead.

Examples
--------
>>> from qnnlab import noise
>>> noise.available()
['depolarizing', 'amplitude_damping', 'phase_damping', 'bit_flip', 'readout']
>>> noise.get("depolarizing").channel.__name__
'DepolarizingChannel'
"""

from __future__ import annotations

from dataclasses import dataclass

import pennylane as qml

from qnnlab._registry import Registry
from qnnlab._validation import check_choice, check_fraction

__all__ = ["NoiseChannel", "available", "get", "describe", "noise_model", "PLACEMENTS"]

PLACEMENTS = ("gate", "layer")


@dataclass(frozen=True)
class NoiseChannel:
    """A single-qubit noise channel with one strength parameter.

    Attributes
    ----------
    name, description : str
        Registry name and one line in plain words for learners.
    channel : type
        The PennyLane channel, called as ``channel(p, wires=w)``.
    readout : bool
        True if the noise acts on measurements rather than after gates.

    Examples
    --------
    >>> flip = get("bit_flip")
    >>> flip.channel.__name__, flip.readout
    ('BitFlip', False)
    >>> flip.channel(0.1, wires=0)
    BitFlip(0.1, wires=[0])
    """

    name: str
    description: str
    channel: type
    readout: bool = False


_registry: Registry[NoiseChannel] = Registry("noise model")


def available() -> list[str]:
    """Names of all noise models.

    Examples
    --------
    >>> "depolarizing" in available()
    True
    """
    return _registry.available()


def get(name: str | NoiseChannel) -> NoiseChannel:
    """Return the noise model called ``name``; unknown names list the valid ones.

    Examples
    --------
    >>> get("readout").readout
    True
    >>> get("depolarising")
    Traceback (most recent call last):
    ...
    ValueError: Unknown noise model 'depolarising'. Valid choices: ... Did you mean 'depolarizing'?
    """
    return _registry.get(name)


def describe() -> list[dict[str, str]]:
    """One row per noise model: name and description.

    Examples
    --------
    >>> describe()[0]
    {'name': 'depolarizing', 'description': 'With probability p the qubit is hit by ...'}
    """
    return [{"name": n.name, "description": n.description} for n in _registry]


for _entry in (
    NoiseChannel(
        "depolarizing",
        "With probability p the qubit is hit by a random X, Y or Z error: the state shrinks "
        "towards the maximally mixed state (<Z> scales by 1 - 4p/3).",
        qml.DepolarizingChannel,
    ),
    NoiseChannel(
        "amplitude_damping",
        "Energy loss (T1): |1> decays to |0> with probability p.",
        qml.AmplitudeDamping,
    ),
    NoiseChannel(
        "phase_damping",
        "Dephasing (T2): superpositions lose their phase, populations stay.",
        qml.PhaseDamping,
    ),
    NoiseChannel(
        "bit_flip",
        "With probability p an X error flips the qubit after each gate.",
        qml.BitFlip,
    ),
    NoiseChannel(
        "readout",
        "Measurement error: each measured bit is reported flipped with probability p.",
        qml.BitFlip,
        readout=True,
    ),
):
    _registry.register(_entry)


def _is_gate(op: qml.operation.Operator) -> bool:
    # Identity marks the end of a layer (see qnnlab.circuits) and is not a gate; nor is a
    # Snapshot (it records the state for the views after every layer).
    return not isinstance(op, (qml.Identity, qml.Snapshot))


def noise_model(name: str, strength: float, placement: str = "gate") -> qml.NoiseModel:
    """Build the PennyLane noise model for ``name`` at ``strength`` and ``placement``.

    Parameters
    ----------
    name : str
        One of :func:`available`.
    strength : float
        The channel's probability ``p`` in ``[0, 1]``.
    placement : {"gate", "layer"}
        After every gate, or on every qubit after every layer. Ignored by ``readout``.

    Returns
    -------
    qml.NoiseModel
        Attach it to a device with ``qml.noise.add_noise(device, model)``.

    Examples
    --------
    >>> model = noise_model("bit_flip", 0.1)
    >>> type(model).__name__
    'NoiseModel'
    """
    entry = get(name)
    p = check_fraction("noise_strength", strength)
    check_choice("noise placement", placement, PLACEMENTS)
    channel = qml.noise.partial_wires(entry.channel, p)

    def on_every_wire(op: qml.operation.Operator, **_: object) -> None:
        for wire in op.wires:
            channel(wires=wire)

    if entry.readout:
        return qml.NoiseModel({}, meas_map={qml.BooleanFn(lambda mp: True, "AnyMeasurement"):
                                             on_every_wire})
    if placement == "gate":
        return qml.NoiseModel({qml.BooleanFn(_is_gate, "AnyGate"): on_every_wire})
    return qml.NoiseModel({qml.noise.op_eq(qml.Identity): on_every_wire})

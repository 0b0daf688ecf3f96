"""The noise of a device profile as a PennyLane ``qml.NoiseModel``, for compiled circuits.

After every native gate, on each wire it acts on:

* ``DepolarizingChannel(p)`` with the gate's error rate ``p = gate_errors[gate]``;
* ``ThermalRelaxationError(0, T1, T2, t_gate)``: relaxation (``|1>`` decays to ``|0>``,
  ``P(1)`` falls as ``exp(-t/T1)``) and dephasing (coherences fall as ``exp(-t/T2)``) during the
  gate's duration ``t_gate = gate_times[gate]``, at zero temperature.

Before every measurement, an asymmetric readout channel flips ``0 -> 1`` with ``p(1|0)`` and
``1 -> 0`` with ``p(0|1)`` (:func:`readout_channel`).

Qubits that wait while others work relax and dephase too: :func:`idle_relaxation` schedules
the compiled circuit (every gate as early as possible) and adds ``ThermalRelaxationError`` for
each wait, up to the common readout at the end.

What is *not* modelled (said so that nobody reads more into the numbers): crosstalk, leakage,
coherent (over-rotation) errors, drift, and qubit-to-qubit differences (one value per gate type
for the whole chip).

Examples
--------
>>> import pennylane as qml
>>> from qnnlab.hardware import profiles
>>> model = profile_noise_model(profiles.get("toy_line"))
>>> dev = qml.noise.add_noise(qml.device("default.mixed", wires=1), model)
>>> @qml.qnode(dev)
... def circuit():
...     qml.PauliX(0)
...     return qml.expval(qml.Z(0))
>>> float(circuit()) > -1.0  # not quite |1>: gate error, relaxation and readout error
True
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pennylane as qml

from qnnlab.hardware.compile import asap_schedule
from qnnlab.hardware.profiles import DeviceProfile

__all__ = ["profile_noise_model", "readout_channel", "readout_kraus", "idle_relaxation"]


def readout_kraus(p01: float, p10: float) -> list[np.ndarray]:
    """Kraus matrices of a readout error: ``0 -> 1`` with ``p01``, ``1 -> 0`` with ``p10``.

    The channel acts on populations exactly as the confusion matrix
    ``[[1 - p01, p10], [p01, 1 - p10]]`` (see :mod:`qnnlab.hardware.mitigation`).

    Examples
    --------
    >>> ks = readout_kraus(0.1, 0.2)
    >>> np.allclose(sum(k.conj().T @ k for k in ks), np.eye(2))
    True
    """
    return [
        np.diag([np.sqrt(1 - p01), np.sqrt(1 - p10)]),
        np.array([[0.0, np.sqrt(p10)], [0.0, 0.0]]),
        np.array([[0.0, 0.0], [np.sqrt(p01), 0.0]]),
    ]


def readout_channel(profile: DeviceProfile, wire: Any) -> qml.QubitChannel:
    """The readout error of ``profile`` on ``wire``, as a channel applied before measuring.

    Examples
    --------
    >>> from qnnlab.hardware import profiles
    >>> readout_channel(profiles.get("toy_line"), 0).name
    'QubitChannel'
    """
    return qml.QubitChannel(readout_kraus(*profile.readout_error), wires=wire)


def _is_gate(op: qml.operation.Operator, **_: Any) -> bool:
    return not isinstance(op, (qml.Identity, qml.GlobalPhase, qml.operation.Channel))


def profile_noise_model(profile: DeviceProfile) -> qml.NoiseModel:
    """Gate, relaxation and readout noise of ``profile``; attach with ``qml.noise.add_noise``.

    Parameters
    ----------
    profile : DeviceProfile
        The device; its gate names should be the compiled circuit's (a gate without a time or
        error rate in the profile adds no noise).

    Returns
    -------
    qml.NoiseModel

    Examples
    --------
    >>> from qnnlab.hardware import profiles
    >>> type(profile_noise_model(profiles.get("trapped_ion"))).__name__
    'NoiseModel'
    """

    def after_gate(op: qml.operation.Operator, **_: Any) -> None:
        error = profile.gate_errors.get(op.name, 0.0)
        seconds = profile.gate_times.get(op.name, 0.0)
        for wire in op.wires:
            if error > 0:
                qml.DepolarizingChannel(error, wires=wire)
            if seconds > 0:
                qml.ThermalRelaxationError(0.0, profile.t1, profile.t2, seconds, wires=wire)

    def before_readout(mp: Any, **_: Any) -> None:
        for wire in mp.wires:
            readout_channel(profile, wire)

    model = {qml.BooleanFn(_is_gate, "AnyGate"): after_gate}
    if any(profile.readout_error):
        return qml.NoiseModel(model, meas_map={
            qml.BooleanFn(lambda mp: True, "AnyMeasurement"): before_readout})
    return qml.NoiseModel(model)


@qml.transform
def idle_relaxation(tape: qml.tape.QuantumScript, profile: DeviceProfile):
    """Add relaxation for the time each qubit waits, gates scheduled as early as possible.

    Parameters
    ----------
    tape : QNode, quantum function or tape
        A circuit compiled to ``profile`` (gate durations come from ``profile.gate_times``).
    profile : DeviceProfile

    Examples
    --------
    >>> from qnnlab.hardware import profiles
    >>> p = profiles.get("toy_line")  # SX 50 ns
    >>> tape = qml.tape.QuantumScript([qml.SX(0), qml.SX(0), qml.SX(1)],
    ...                               [qml.expval(qml.Z(1))])
    >>> [new], _ = idle_relaxation(tape, p)
    >>> [(op.name, op.wires.tolist()) for op in new.operations]
    [('SX', [0]), ('SX', [0]), ('SX', [1]), ('ThermalRelaxationError', [1])]
    >>> float(new.operations[-1].parameters[-1])  # qubit 1 waits 50 ns for qubit 0
    5e-08
    """
    steps, ends = asap_schedule(tape, profile)
    operations: list = []
    for op, waits in steps:
        for wire, seconds in waits.items():
            _wait(operations, profile, wire, seconds)
        operations.append(op)
    end = max(ends.values(), default=0.0)
    for wire in tape.wires:
        _wait(operations, profile, wire, end - ends[wire])
    return [tape.copy(operations=operations)], lambda results: results[0]


def _wait(operations: list, profile: DeviceProfile, wire: Any, seconds: float) -> None:
    if seconds > 0:
        operations.append(qml.ThermalRelaxationError(0.0, profile.t1, profile.t2, seconds,
                                                     wires=wire))

"""What training on a device would cost, known before running: circuits, shots, device time.

On hardware, gradients come from the parameter-shift rule: every trainable gate angle is
shifted by ``+pi/2`` and ``-pi/2``, two circuits per parameter and sample, besides the forward
circuit. So one epoch over ``n`` samples runs ``n * (1 + 2 * P)`` circuits for ``P`` trainable
circuit parameters, each repeated ``shots`` times. One shot takes the compiled circuit's
critical path (gates and readout, :func:`qnnlab.hardware.compile.duration`) plus the profile's
``shot_overhead`` (reset and repetition delay).

Not included, and often larger on a cloud device: queueing, job submission and network
latency (pass ``latency_s`` per circuit if you know it), compilation on the vendor's side,
recalibration. Assumed: the circuit's inputs are data, not trained; with a classical layer
before the circuit, its inputs need their own shifts (two circuits per encoded angle).

Examples
--------
>>> from qnnlab.circuits import CircuitConfig
>>> cost = training_cost(CircuitConfig("angle", "hardware_efficient", n_qubits=2, n_layers=1),
...                      "toy_line", n_samples=100, epochs=10, shots=1000)
>>> cost["circuits"]  # 10 epochs x 100 samples x (1 + 2 x 4 parameters)
9000
>>> round(cost["device_hours"], 2)  # 9e6 shots of about 250 us each
0.63
"""

from __future__ import annotations

from typing import Any

from qnnlab._validation import check_positive_int, check_shots
from qnnlab.hardware import profiles as hardware_profiles
from qnnlab.resource_count import resources

__all__ = ["training_cost", "cost_line"]


def training_cost(obj: Any, profile: Any, n_samples: int, epochs: int = 1, shots: int = 1000,
                  latency_s: float = 0.0) -> dict[str, Any]:
    """Circuits, shots and device time of training ``obj`` with parameter-shift on ``profile``.

    Parameters
    ----------
    obj : CircuitConfig, HybridNet or fitted qnnlab estimator
        The model (its trainable circuit parameters and its circuit).
    profile : str, DeviceProfile or dict
        The device.
    n_samples, epochs, shots : int
        Training samples per epoch, epochs, shots per circuit.
    latency_s : float
        Extra seconds per circuit (queue, submission), if known.

    Returns
    -------
    dict
        ``circuits_per_epoch``, ``circuits``, ``shots`` (total), ``circuit_duration_s``,
        ``seconds_per_shot``, ``device_seconds``, ``device_hours``, ``shot_noise`` (the standard
        error of one ``<Z>`` estimate at most, ``1 / sqrt(shots)``), ``compiled`` (as
        :func:`qnnlab.resources` reports it) and ``profile``.

    Raises
    ------
    ValueError
        For a non-positive count, a negative latency or a profile the circuit does not fit.

    Examples
    --------
    >>> from qnnlab.circuits import CircuitConfig
    >>> c = training_cost(CircuitConfig(n_qubits=2, n_layers=1), "trapped_ion", 10, shots=100)
    >>> c["circuits"], c["shots"]  # 10 samples x (1 + 2 x 6 parameters), 100 shots each
    (130, 13000)
    """
    check_positive_int("n_samples", n_samples)
    check_positive_int("epochs", epochs)
    if check_shots(shots) is None:
        raise ValueError("shots must be a positive number of shots on hardware; got None")
    if not latency_s >= 0:
        raise ValueError(f"latency_s must be a non-negative number of seconds; got {latency_s!r}")
    device = hardware_profiles.get(profile)
    counts = resources(obj, n_samples=n_samples, profile=device)
    per_epoch = counts["hardware_circuits_per_epoch"]
    duration = counts["compiled"]["duration_s"]
    per_shot = duration + device.shot_overhead
    circuits = per_epoch * epochs
    seconds = circuits * (shots * per_shot + latency_s)
    return {
        "profile": device.name,
        "circuits_per_epoch": per_epoch,
        "circuits": circuits,
        "shots": circuits * shots,
        "circuit_duration_s": duration,
        "seconds_per_shot": per_shot,
        "device_seconds": seconds,
        "device_hours": seconds / 3600,
        "shot_noise": shots**-0.5,
        "compiled": counts["compiled"],
    }


def cost_line(obj: Any, profile: Any, n_samples: int, epochs: int = 1, shots: int = 1000) -> str:
    """One line for learners: what :func:`training_cost` says, per epoch and in total.

    Examples
    --------
    >>> from qnnlab.circuits import CircuitConfig
    >>> cost_line(CircuitConfig("angle", "hardware_efficient", n_qubits=2, n_layers=1),
    ...           "toy_line", n_samples=100, epochs=10)
    'On toy_line (parameter-shift, 1,000 shots per circuit): 900 circuits, 900,000 shots, \
about 4 min of device time per epoch; 38 min for 10 epochs (queueing not included).'
    """
    from qnnlab.cost import format_seconds

    cost = training_cost(obj, profile, n_samples=n_samples, epochs=epochs, shots=shots)
    per_epoch = cost["device_seconds"] / epochs
    return (
        f"On {cost['profile']} (parameter-shift, {shots:,} shots per circuit): "
        f"{cost['circuits_per_epoch']:,} circuits, {cost['circuits_per_epoch'] * shots:,} shots, "
        f"about {format_seconds(per_epoch)} of device time per epoch; "
        f"{format_seconds(cost['device_seconds'])} for {epochs} epochs (queueing not included)."
    )

"""From simulator to hardware: device profiles, compilation, realistic noise, mitigation, cost.

* :mod:`~qnnlab.hardware.profiles`: coupling maps, native gates, times and error rates;
* :mod:`~qnnlab.hardware.compile`: compilation to a profile with PennyLane's transforms;
* :mod:`~qnnlab.hardware.device_noise`: the profile's noise as a ``qml.NoiseModel``;
* :mod:`~qnnlab.hardware.mitigation`: readout-error mitigation by confusion-matrix inversion;
* :mod:`~qnnlab.hardware.estimate`: executions, shots and device time before running.

Examples
--------
>>> from qnnlab import hardware
>>> hardware.profiles.get("toy_line").n_qubits
5
"""

from qnnlab.hardware import profiles

__all__ = ["profiles"]

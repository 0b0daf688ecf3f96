"""Compose an encoding, an ansatz, noise and a measurement into one PennyLane QNode.

:func:`build_qnode` is the single place where circuits are made; models, analyses, widgets and
benchmarks all go through it. The QNode takes ``(x, weights)``: ``x`` has shape ``(d,)`` or
``(batch, d)`` and ``weights`` is one flat vector (shape ``(n_params,)``, or ``(batch, n_params)``
to run many parameter settings in one broadcast execution). :func:`weight_layout` says which
slice of the vector is which.

Examples
--------
>>> import numpy as np
>>> qnode = build_qnode("angle", "basic_entangler", n_qubits=2, n_layers=1)
>>> out = qnode(np.array([0.0, 0.0]), np.zeros(qnode.config.n_params))
>>> np.round(np.array(out), 6).tolist()
[1.0, 1.0]
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pennylane as qml

from qnnlab import ansatze, encodings, noise
from qnnlab._concurrency import circuit_lock, guard_qnode
from qnnlab._validation import (
    MAX_LAYERS,
    MAX_QUBITS,
    brief_repr,
    check_bool,
    check_choice,
    check_fits_in_memory,
    check_fraction,
    check_positive_int,
    check_shots,
)
from qnnlab.hardware import device_noise
from qnnlab.hardware import profiles as hardware_profiles
from qnnlab.hardware.compile import compile_to_profile

__all__ = [
    "CircuitConfig",
    "build_qnode",
    "weight_layout",
    "init_weights",
    "MEASUREMENTS",
    "DIFF_METHODS",
    "differentiates_broadcast_inputs",
    "uses_fast_noisy_path",
]

MEASUREMENTS = ("expval", "probs", "state")
DIFF_METHODS = ("auto", "backprop", "parameter-shift", "adjoint", "finite-diff", "best")
#: Devices that simulate in Python and can be differentiated by backpropagation.
_BACKPROP_DEVICES = ("default.qubit", "default.mixed")
#: Richardson extrapolation through three noise scale factors (unitary folding).
ZNE_SCALE_FACTORS = (1.0, 3.0, 5.0)


def _check_device(device: Any) -> None:
    """A device is None, the name of an installed PennyLane device, or a device object."""
    if isinstance(device, str):
        check_choice("device", device, qml.plugin_devices)
    elif device is not None and not isinstance(device, (qml.devices.Device,
                                                         qml.devices.LegacyDevice)):
        raise TypeError(
            "device must be None, a PennyLane device name such as 'lightning.qubit', or a "
            f"PennyLane device; got {brief_repr(device)} ({type(device).__name__})"
        )


def _check_adjoint(config: CircuitConfig) -> None:
    """Adjoint differentiation needs exact state vectors: no noise, no shots."""
    if config.diff_method != "adjoint":
        return
    if config.noisy:
        raise ValueError(
            "diff_method='adjoint' needs a state-vector simulator, but noise runs on density "
            f"matrices (noise={config.noise!r}); use 'backprop' or 'parameter-shift'."
        )
    if config.shots is not None:
        raise ValueError(
            f"diff_method='adjoint' needs exact expectation values; got shots={config.shots}. "
            "Use 'parameter-shift' with shots."
        )


@dataclass(frozen=True)
class CircuitConfig:
    """Everything that defines a quantum circuit of qnnlab, validated on construction.

    Parameters
    ----------
    encoding : str
        Name from :func:`qnnlab.encodings.available`.
    ansatz : str
        Name from :func:`qnnlab.ansatze.available`.
    n_qubits, n_layers : int
        Width and number of ansatz layers.
    noise : str or None
        Name from :func:`qnnlab.noise.available`, or None for a noise-free circuit.
    noise_strength : float
        Probability ``p`` of the noise channel, in ``[0, 1]``.
    noise_placement : {"gate", "layer"}
        Noise after every gate or after every layer.
    shots : int or None
        Finite measurement shots, or None for exact expectation values.
    measurement : {"expval", "probs", "state"}
        PauliZ expectation of every qubit, basis-state probabilities, or the state itself
        (a density matrix when noisy).
    device : str, pennylane device or None
        Any PennyLane device name (``"lightning.qubit"``, a hardware plugin...). None picks the
        embedded simulator: ``default.qubit``; with noise, the fast density-matrix simulator
        :class:`qnnlab.densitymatrix.PauliTransferDevice` for exact values with backprop
        (the same numbers as ``default.mixed``, see :func:`uses_fast_noisy_path`), otherwise
        ``default.mixed``. ``device="default.mixed"`` forces PennyLane's.
    diff_method : str
        ``"auto"`` (backprop on the embedded simulators, parameter-shift with shots, PennyLane's
        ``"best"`` elsewhere), or any PennyLane method: ``"backprop"``, ``"parameter-shift"``,
        ``"adjoint"``, ``"finite-diff"``, ``"best"``.
    encoding_options, ansatz_options : dict
        Options of the encoding (``rotation``, ``n_repeats``...) and of the ansatz
        (``topology``, ``entangler``).
    zne : bool
        Zero-noise extrapolation of the outputs (needs a noise model or a device profile, and
        ``expval``). With a profile, the compiled circuit is folded and then scheduled, so that
        the idle relaxation grows with the folded circuit's length as on a device.
    seed : int or None
        Seed of the shot sampling on the embedded simulators (finite ``shots`` only), so that
        the same seed gives the same sampled values.
    n_features : int or None
        Features per sample, checked against the encoding when given.
    profile : str, DeviceProfile, dict or None
        A device profile (:mod:`qnnlab.hardware.profiles`): the circuit is compiled to its
        native gates and coupling map and runs with its gate, relaxation and readout noise
        (:mod:`qnnlab.hardware.device_noise`) on a density-matrix simulator.

    Raises
    ------
    ValueError
        For an unknown name, an out-of-range value or an impossible combination.

    Examples
    --------
    >>> config = CircuitConfig("angle", "strongly_entangling", n_qubits=2, n_layers=1)
    >>> config.n_params, config.n_outputs, config.noisy
    (6, 2, False)
    >>> config.replace(noise="depolarizing", noise_strength=0.1).noisy
    True
    >>> CircuitConfig(zne=True)
    Traceback (most recent call last):
    ...
    ValueError: zne=True needs a noise model to mitigate; got noise=None. ...
    """

    encoding: str = "angle"
    ansatz: str = "strongly_entangling"
    n_qubits: int = 4
    n_layers: int = 2
    noise: str | None = None
    noise_strength: float = 0.0
    noise_placement: str = "gate"
    shots: int | None = None
    measurement: str = "expval"
    device: Any = None
    diff_method: str = "auto"
    encoding_options: Mapping[str, Any] = field(default_factory=dict)
    ansatz_options: Mapping[str, Any] = field(default_factory=dict)
    zne: bool = False
    seed: int | None = None
    n_features: int | None = None
    profile: Any = None

    def __post_init__(self) -> None:
        check_positive_int("n_qubits", self.n_qubits, maximum=MAX_QUBITS)
        check_positive_int("n_layers", self.n_layers, minimum=0, maximum=MAX_LAYERS)
        enc = encodings.get(self.encoding)
        ans = ansatze.get(self.ansatz)
        enc.options(self.encoding_options)
        ans.options(self.ansatz_options)
        ans.check_qubits(self.n_qubits)
        if self.n_features is not None:
            enc.check_features(self.n_features, self.n_qubits)
        if self.noise is not None:
            noise.get(self.noise)
        check_choice("noise placement", self.noise_placement, noise.PLACEMENTS)
        check_fraction("noise_strength", self.noise_strength)
        check_shots(self.shots)
        check_choice("measurement", self.measurement, MEASUREMENTS)
        check_choice("diff_method", self.diff_method, DIFF_METHODS)
        check_bool("zne", self.zne)
        _check_device(self.device)
        _check_adjoint(self)
        if self.zne and not self.noisy:
            raise ValueError(
                "zne=True needs a noise model to mitigate; got noise=None. Choose one of "
                f"{noise.available()}, a device profile, or set zne=False."
            )
        if self.zne and self.measurement != "expval":
            raise ValueError(f"zne=True needs measurement='expval'; got {self.measurement!r}.")
        if self.profile is not None:
            _check_profile(self)
        check_fits_in_memory(self.n_qubits, mixed=self.noisy)

    @property
    def noisy(self) -> bool:
        """True if the circuit runs with a noise model (on a density-matrix simulator)."""
        return self.noise is not None or self.profile is not None

    @property
    def trainable_scaling(self) -> bool:
        """True if the encoding has trainable input scaling weights."""
        enc = encodings.get(self.encoding)
        return bool(enc.reuploads and enc.options(self.encoding_options)["trainable_scaling"])

    @property
    def n_params(self) -> int:
        """Number of trainable circuit parameters (the length of the weight vector)."""
        return sum(int(np.prod(shape)) for _, shape in weight_layout(self))

    @property
    def n_outputs(self) -> int:
        """Length of the circuit's output for one sample."""
        if self.measurement == "expval":
            return self.n_qubits
        return 2**self.n_qubits

    def replace(self, **changes: Any) -> CircuitConfig:
        """A copy with some fields changed (validated again)."""
        return dataclasses.replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        """Plain, JSON-friendly dictionary of the configuration."""
        out = dataclasses.asdict(self)
        out["encoding_options"] = dict(self.encoding_options)
        out["ansatz_options"] = dict(self.ansatz_options)
        if not isinstance(self.device, (str, type(None))):
            out["device"] = getattr(self.device, "name", str(self.device))
        if self.profile is not None and not isinstance(self.profile, str):
            out["profile"] = hardware_profiles.get(self.profile).to_dict()
        return out


def _check_profile(config: CircuitConfig) -> None:
    """A device profile: known or valid, large enough, and a measurement that survives routing."""
    profile = hardware_profiles.get(config.profile)
    profile.check_fits(config.n_qubits)
    if config.measurement == "state":
        raise ValueError(
            "measurement='state' is not available with a device profile (a device measures; "
            "routing permutes the qubits); use 'expval' or 'probs'."
        )
    if config.noise is not None and config.noise_placement == "layer":
        raise ValueError(
            "noise_placement='layer' cannot be combined with a device profile: compilation "
            "does not keep layer boundaries; use noise_placement='gate' (the profile's own "
            "noise acts after every native gate)."
        )


def weight_layout(config: CircuitConfig) -> list[tuple[str, tuple[int, ...]]]:
    """The named blocks of the flat weight vector, in order, with their shapes.

    Examples
    --------
    >>> weight_layout(CircuitConfig("reuploading", "basic_entangler", n_qubits=2, n_layers=3))
    [('layers', (3, 2)), ('input_scaling', (3, 2))]
    """
    ans = ansatze.get(config.ansatz)
    layout: list[tuple[str, tuple[int, ...]]] = []
    if ans.initial_shape is not None:
        layout.append(("initial", tuple(ans.initial_shape(config.n_qubits))))
    layout.append(("layers", (config.n_layers, *ans.layer_shape(config.n_qubits))))
    if config.trainable_scaling:
        layout.append(("input_scaling", (max(config.n_layers, 1), config.n_qubits)))
    return layout


def split_weights(weights: Any, config: CircuitConfig) -> dict[str, Any]:
    """Cut a flat weight vector (or a batch of them) into the blocks of :func:`weight_layout`.

    Examples
    --------
    >>> config = CircuitConfig("reuploading", "basic_entangler", n_qubits=2, n_layers=3)
    >>> blocks = split_weights(np.arange(12.0), config)
    >>> {name: block.shape for name, block in blocks.items()}
    {'layers': (3, 2), 'input_scaling': (3, 2)}
    >>> blocks["input_scaling"][0]
    array([6., 7.])
    >>> split_weights(np.zeros(5), config)
    Traceback (most recent call last):
    ...
    ValueError: Expected a weight vector of length 12 for this circuit; got shape (5,).
    """
    blocks, start = {}, 0
    batch = tuple(weights.shape[:-1])
    if weights.shape[-1] != config.n_params:
        raise ValueError(
            f"Expected a weight vector of length {config.n_params} for this circuit; "
            f"got shape {tuple(weights.shape)}."
        )
    for name, shape in weight_layout(config):
        size = int(np.prod(shape))
        blocks[name] = weights[..., start : start + size].reshape(*batch, *shape)
        start += size
    return blocks


def init_weights(config: CircuitConfig, random_state: int | None = 0) -> np.ndarray:
    """Random initial weights: angles uniform in ``[0, 2 pi)``, input scaling ones.

    Examples
    --------
    >>> w = init_weights(CircuitConfig(n_qubits=2, n_layers=1), random_state=0)
    >>> w.shape
    (6,)
    """
    rng = np.random.default_rng(random_state)
    parts = []
    for name, shape in weight_layout(config):
        if name == "input_scaling":
            parts.append(np.ones(shape).ravel())
        else:
            parts.append(rng.uniform(0.0, 2 * np.pi, size=shape).ravel())
    return np.concatenate(parts) if parts else np.zeros(0)


def _layer_mark(config: CircuitConfig, wires: list[int], snapshot: str | None = None) -> None:
    # A no-op marking the end of a layer; layer-placed noise attaches to it. ``snapshot`` also
    # records the state there (qml.snapshots), for views after every layer.
    if config.noise is not None and config.noise_placement == "layer":
        qml.Identity(wires=wires)
    if snapshot is not None:
        qml.Snapshot(snapshot)


def circuit_function(config: CircuitConfig, snapshots: bool = False):
    """The quantum function ``f(x, weights)`` of ``config`` (queues gates, returns measurements).

    ``snapshots=True`` adds a ``qml.Snapshot`` after every stage, tagged ``"encoding k"``,
    ``"initial"`` and ``"layer k"`` (k from 1), for :func:`pennylane.snapshots`.

    Examples
    --------
    >>> f = circuit_function(CircuitConfig("angle", "basic_entangler", n_qubits=2, n_layers=1))
    >>> print(qml.draw(f, show_matrices=False)(np.array([0.1, 0.2]), np.zeros(2)))
    0: ─╭AngleEmbedding(M0)──RX(0.00)─╭●─┤  <Z>
    1: ─╰AngleEmbedding(M0)──RX(0.00)─╰X─┤  <Z>
    """
    enc = encodings.get(config.encoding)
    ans = ansatze.get(config.ansatz)
    enc_options = enc.options(config.encoding_options)
    ans_options = ans.options(config.ansatz_options)
    wires = list(range(config.n_qubits))
    n_layer_axes = len(ans.layer_shape(config.n_qubits))

    def tag(name: str) -> str | None:
        return name if snapshots else None

    def circuit(x: Any, weights: Any) -> Any:
        enc.check_features(x.shape[-1], config.n_qubits)
        blocks = split_weights(weights, config)
        scaling = blocks.get("input_scaling")
        # Re-uploading encodes before every layer, and once when there are no layers.
        n_uploads = max(config.n_layers, 1) if enc.reuploads else 1
        for layer in range(max(config.n_layers, 1)):
            if layer < n_uploads:
                xs = x if scaling is None else x_times_scaling(x, scaling[..., layer, :], wires)
                encodings.embed(enc, xs, wires, enc_options)
                _layer_mark(config, wires, tag(f"encoding {layer + 1}"))
            if layer == 0 and "initial" in blocks:
                # The ansatz starts after the data are encoded (a state preparation must come
                # first, and the initial layer must act on the encoded state).
                ans.apply_initial(blocks["initial"], wires)
                _layer_mark(config, wires, tag("initial"))
            if layer < config.n_layers:
                layer_weights = _select_layer(blocks["layers"], layer, n_layer_axes)
                ans.apply_layer(layer_weights, wires, layer, **ans_options)
                _layer_mark(config, wires, tag(f"layer {layer + 1}"))
        return _measure(config.measurement, wires)

    return circuit


def _select_layer(layers: Any, layer: int, n_layer_axes: int) -> Any:
    # layers has shape (*batch, n_layers, *layer_shape); pick one layer, keeping the batch axes.
    axis = layers.ndim - n_layer_axes - 1
    return layers[(slice(None),) * axis + (layer,)]


def x_times_scaling(x: Any, scaling: Any, wires: list[int]) -> Any:
    """Tile ``x`` over the qubits and multiply by the trainable input scaling.

    Examples
    --------
    >>> x_times_scaling(np.array([1.0, 2.0]), np.array([0.5, 0.5, 2.0]), wires=[0, 1, 2])
    array([0.5, 1. , 2. ])
    """
    return encodings.tile_features(x, len(wires)) * scaling


def _measure(measurement: str, wires: list[int]) -> Any:
    if measurement == "expval":
        return [qml.expval(qml.PauliZ(w)) for w in wires]
    if measurement == "probs":
        return qml.probs(wires=wires)
    return qml.state()


def _device_name(device: Any) -> str:
    return device if isinstance(device, str) else getattr(device, "name", "")


#: Differentiation methods with which the fast noisy simulator gives default.mixed's numbers.
_FAST_NOISY_DIFF_METHODS = ("auto", "backprop", "best")


def uses_fast_noisy_path(config: CircuitConfig) -> bool:
    """Whether ``config`` runs on the fast noisy simulator instead of ``default.mixed``.

    :class:`qnnlab.densitymatrix.PauliTransferDevice` simulates the same PennyLane tapes (the
    same gates and noise channels, compiled to a profile or not, folded for zero-noise
    extrapolation or not) and returns ``default.mixed``'s exact values and gradients to about
    1e-12, several times faster (``benchmarks/bench_noisy.py``). It is chosen only where that
    holds: a noisy circuit on the embedded simulator (``device=None``), exact expectation
    values (``shots=None``: sampling stays on ``default.mixed`` and its seeded generator) and
    backpropagation. Everything else runs where it ran before.

    Examples
    --------
    >>> noisy = CircuitConfig(n_qubits=2, noise="depolarizing", noise_strength=0.1)
    >>> uses_fast_noisy_path(noisy), uses_fast_noisy_path(noisy.replace(shots=100))
    (True, False)
    >>> uses_fast_noisy_path(CircuitConfig(n_qubits=2))  # noise-free: default.qubit
    False
    """
    return (config.noisy and config.device is None and config.shots is None
            and config.diff_method in _FAST_NOISY_DIFF_METHODS)


def make_device(config: CircuitConfig) -> Any:
    """The PennyLane device for ``config``, with its noise model attached.

    Examples
    --------
    >>> make_device(CircuitConfig(n_qubits=2)).name
    'default.qubit'
    >>> make_device(CircuitConfig(n_qubits=2, noise="depolarizing", noise_strength=0.1)).name
    'qnnlab.pauli_transfer'
    >>> make_device(CircuitConfig(n_qubits=2, noise="depolarizing", noise_strength=0.1,
    ...                           shots=100)).name
    'default.mixed'
    """
    device = config.device
    if uses_fast_noisy_path(config):
        from qnnlab.densitymatrix import PauliTransferDevice  # imports torch: only when used

        device = PauliTransferDevice(wires=config.n_qubits)
    elif device is None:
        device = "default.mixed" if config.noisy else "default.qubit"
    if isinstance(device, str):
        kwargs = {"seed": config.seed} if device in _BACKPROP_DEVICES else {}
        device = qml.device(device, wires=config.n_qubits, **kwargs)
    if config.noise is not None:
        model = noise.noise_model(config.noise, config.noise_strength, config.noise_placement)
        device = qml.noise.add_noise(device, model)
    if config.profile is not None:
        device = qml.noise.add_noise(device, device_noise.profile_noise_model(
            hardware_profiles.get(config.profile)))
    return device


def resolve_diff_method(config: CircuitConfig) -> str:
    """The differentiation method ``"auto"`` stands for, for this configuration's device.

    Examples
    --------
    >>> resolve_diff_method(CircuitConfig())
    'backprop'
    >>> resolve_diff_method(CircuitConfig(shots=100))
    'parameter-shift'
    """
    if config.diff_method != "auto":
        return config.diff_method
    if config.shots is not None:
        return "parameter-shift"
    name = _device_name(config.device) if config.device is not None else "default.qubit"
    return "backprop" if name in _BACKPROP_DEVICES else "best"


#: build_qnode's named defaults: with ``config=``, an argument that differs is refused.
_BUILD_QNODE_DEFAULTS: dict[str, Any] = dict(
    encoding="angle", ansatz="strongly_entangling", n_qubits=4, n_layers=2, noise=None,
    noise_strength=0.0, shots=None, measurement="expval", device=None,
)


#: Gradient methods that differentiate one broadcast execution with respect to broadcast
#: (per-sample) gate angles; parameter-shift and finite differences cannot (PennyLane #4462).
BROADCAST_GRADIENT_METHODS = ("backprop", "adjoint")


def differentiates_broadcast_inputs(qnode: Any) -> bool:
    """Whether ``qnode`` can differentiate a batch run with respect to per-sample angles.

    When the circuit's inputs are trainable (a pre-network before it, or re-uploading's input
    scaling), the gradient flows through per-sample angles. Backprop and adjoint handle that in
    one broadcast execution; parameter-shift and finite differences (the methods used with
    shots) need one circuit per sample: wrap the QNode in ``qml.transforms.broadcast_expand``.

    Examples
    --------
    >>> differentiates_broadcast_inputs(build_qnode(n_qubits=2))
    True
    >>> differentiates_broadcast_inputs(build_qnode(n_qubits=2, shots=100))
    False
    """
    method = resolve_diff_method(qnode.config)
    if method == "best":
        method = qml.workflow.get_best_diff_method(qnode)()
    return method in BROADCAST_GRADIENT_METHODS


def build_qnode(
    encoding: str = "angle",
    ansatz: str = "strongly_entangling",
    n_qubits: int = 4,
    n_layers: int = 2,
    noise: str | None = None,
    noise_strength: float = 0.0,
    shots: int | None = None,
    measurement: str = "expval",
    device: Any = None,
    **options: Any,
) -> qml.QNode:
    """Build the QNode ``f(x, weights)`` of an encoding, an ansatz, noise and a measurement.

    Parameters
    ----------
    encoding, ansatz, n_qubits, n_layers, noise, noise_strength, shots, measurement, device
        See :class:`CircuitConfig`.
    **options
        The other fields of :class:`CircuitConfig`: ``noise_placement``, ``diff_method``,
        ``encoding_options``, ``ansatz_options``, ``zne``, ``n_features``. A
        ``config=CircuitConfig(...)`` keyword replaces all arguments.

    Returns
    -------
    pennylane.QNode
        Called as ``qnode(x, weights)``; its ``config`` attribute holds the
        :class:`CircuitConfig`. With ``measurement="expval"`` it returns a list of
        ``n_qubits`` expectation values (each of shape ``(batch,)`` for a batch). Every
        call holds :func:`qnnlab.circuit_lock`, so it may be called from several threads.

    Raises
    ------
    ValueError
        For unknown names, impossible combinations, out-of-range values or a qubit count
        whose simulation would not fit in memory (checked before anything is allocated).

    Examples
    --------
    >>> import numpy as np
    >>> qnode = build_qnode("angle", "hardware_efficient", n_qubits=3, n_layers=1)
    >>> qnode.config.n_params
    6
    >>> x = np.array([[0.1, 0.2, 0.3], [0.4, 0.5, 0.6]])
    >>> [v.shape for v in qnode(x, np.zeros(6))]
    [(2,), (2,), (2,)]
    """
    config = options.pop("config", None)
    if config is not None:
        given = dict(encoding=encoding, ansatz=ansatz, n_qubits=n_qubits, n_layers=n_layers,
                     noise=noise, noise_strength=noise_strength, shots=shots,
                     measurement=measurement, device=device)
        options.update({k: v for k, v in given.items() if v != _BUILD_QNODE_DEFAULTS[k]})
    if config is None:
        config = CircuitConfig(
            encoding=encoding, ansatz=ansatz, n_qubits=n_qubits, n_layers=n_layers,
            noise=noise, noise_strength=noise_strength, shots=shots,
            measurement=measurement, device=device, **options,
        )
    elif options:
        raise TypeError(f"build_qnode(config=...) takes no other options; got {sorted(options)}")
    with circuit_lock():  # PennyLane's queuing is process-global: see qnnlab._concurrency
        qnode = _transformed_qnode(config)
    qnode.config = config
    return guard_qnode(qnode)  # every call holds the lock too


def _transformed_qnode(config: CircuitConfig) -> qml.QNode:
    qnode = qml.QNode(
        circuit_function(config),
        make_device(config),
        interface="auto",
        diff_method=resolve_diff_method(config),
    )
    profile = None if config.profile is None else hardware_profiles.get(config.profile)
    if profile is not None:
        qnode = compile_to_profile(qnode, profile=profile, n_qubits=config.n_qubits)
    if config.shots is not None:
        qnode = qml.set_shots(qnode, shots=config.shots)
    if config.zne:
        qnode = qml.noise.mitigate_with_zne(
            qnode,
            scale_factors=list(ZNE_SCALE_FACTORS),
            folding=qml.noise.fold_global,
            extrapolate=qml.noise.richardson_extrapolate,
        )
    if profile is not None:
        # After folding: a folded circuit runs longer, so its idle qubits relax longer too.
        qnode = device_noise.idle_relaxation(qnode, profile=profile)
    return qnode

"""Pickers: small widgets for choosing data, an encoding, an ansatz, noise and training settings.

Each picker is a ``VBox`` with a ``.value`` (a plain dict the core accepts), ``.valid``, a
one-line explanation for learners from the registries' descriptions, and, where it applies, live
resource counts from :func:`qnnlab.resources` (cached, so slider moves stay fast). A choice that
cannot work (amplitude encoding on too few qubits, a tree tensor network on 3 qubits, too many
qubits for this machine's memory...) shows a message in the widget and makes ``.valid`` False; it
never raises into the notebook. Nothing is displayed on construction.

Every picker keeps its state in a ``traitlets`` model (``picker.model``) apart from the view.

Examples
--------
>>> picker = AnsatzPicker()
>>> picker.value["ansatz"], picker.value["n_qubits"], picker.valid
('strongly_entangling', 4, True)
>>> picker.value = {"ansatz": "tree_tensor_network", "n_qubits": 3}
>>> picker.valid, "power-of-two" in picker.error
(False, True)
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import ipywidgets as widgets
import numpy as np
from traitlets import Bool, Dict, Enum, Float, Int, List, Unicode, observe

from qnnlab import ansatze, encodings
from qnnlab import noise as noise_models
from qnnlab._validation import check_choice, check_positive_int
from qnnlab.circuits import CircuitConfig
from qnnlab.hardware import profiles as hardware_profiles
from qnnlab.resource_count import resources
from qnnlab.training import OPTIMIZERS
from qnnlab.widgets._base import Picker, PickerModel, linked, memoize, plural, show_if

__all__ = [
    "EncodingPicker",
    "AnsatzPicker",
    "NoisePicker",
    "DatasetPicker",
    "TrainingControls",
    "EncodingModel",
    "AnsatzModel",
    "NoiseModel",
    "DatasetModel",
    "TrainingModel",
    "circuit_problem",
    "circuit_resources",
    "playground_datasets",
]

#: Largest qubit count the sliders offer (larger counts go through ``value``).
MAX_QUBITS = 16
#: Largest number of ansatz layers the slider offers.
MAX_LAYERS = 10
#: Datasets shown first in the Playground, as in TensorFlow Playground.
_FIRST_DATASETS = ("moons", "circles", "xor", "spirals")
#: Most classes a Playground dataset may have (one colour each in the figure).
MAX_PLAYGROUND_CLASSES = 4
_NO_NOISE = "none"
_STYLE = {"description_width": "92px"}
_WIDTH = "300px"

_OPTIMIZER_TEXT = {
    "adam": "Adam adapts the step of every parameter from running averages of its gradients: "
    "a robust default.",
    "sgd": "Plain stochastic gradient descent: every parameter moves by learning rate x gradient.",
    "rmsprop": "RMSprop divides each step by a running average of the squared gradient.",
    "adagrad": "Adagrad shrinks the steps of parameters that have already moved a lot.",
}


def _control_layout() -> widgets.Layout:
    return widgets.Layout(width=_WIDTH)


# ---------------------------------------------------------------------------- cached core calls


@memoize(maxsize=1024)
def circuit_problem(**config: Any) -> str:
    """Why ``CircuitConfig(**config)`` cannot be built, or ``""`` (cached).

    Examples
    --------
    >>> circuit_problem(ansatz="tree_tensor_network", n_qubits=3)[:40]
    "The 'tree_tensor_network' ansatz needs a"
    >>> circuit_problem(n_qubits=2)
    ''
    """
    try:
        CircuitConfig(**config)
    except (ValueError, TypeError) as error:
        return str(error)
    return ""


@memoize(maxsize=512)
def circuit_resources(**config: Any) -> dict[str, Any]:
    """:func:`qnnlab.resources` of ``CircuitConfig(**config)``, cached on the settings.

    Examples
    --------
    >>> r = circuit_resources(encoding="angle", ansatz="basic_entangler", n_qubits=2, n_layers=1)
    >>> r["quantum_params"], r["two_qubit_gates"]
    (2, 1)
    """
    return resources(CircuitConfig(**config))


def resources_line(counts: Mapping[str, Any]) -> str:
    """One line of resource counts for learners.

    Examples
    --------
    >>> resources_line({"qubits": 2, "quantum_params": 6, "depth": 4, "two_qubit_gates": 1,
    ...                 "gates": 7})
    '2 qubits · 6 trainable parameters · depth 4 · 1 two-qubit gate (7 gates)'
    """
    two = counts["two_qubit_gates"]
    return (
        f"{counts['qubits']} qubits · {counts['quantum_params']} trainable parameters · "
        f"depth {counts['depth']} · {two} two-qubit gate{'s' if two != 1 else ''} "
        f"({counts['gates']} gates)"
    )


# ---------------------------------------------------------------------------- encoding


class EncodingModel(PickerModel):
    """State of an :class:`EncodingPicker`; ``n_qubits`` and ``n_features`` come from outside.

    Examples
    --------
    >>> model = EncodingModel(n_qubits=2, n_features=3)  # angle: one feature per qubit
    >>> model.valid, model.error
    (False, "The 'angle' encoding on 2 qubits takes at most 2 features; the data have 3. ...")
    >>> model.encoding = "dense_angle"
    >>> model.valid, model.details
    (True, '3 features need at least 2 qubits; 2 qubits take up to 4 features.')
    """

    encoding = Enum(encodings.available(), default_value="angle")
    rotation = Enum(["X", "Y", "Z"], default_value="Y")
    n_repeats = Int(1, min=1)
    trainable_scaling = Bool(True)
    extra_options = Dict(help="Options of the encoding that have no control (passed through).")
    n_qubits = Int(4)
    n_features = Int(2, allow_none=True)

    choice_traits = ("encoding", "rotation", "n_repeats", "trainable_scaling", "extra_options")
    context_traits = ("n_qubits", "n_features")
    _CONTROLLED = ("rotation", "n_repeats", "trainable_scaling")

    def make_value(self) -> dict[str, Any]:
        accepted = encodings.get(self.encoding).defaults
        options = {k: getattr(self, k) for k in self._CONTROLLED if k in accepted}
        options.update({k: v for k, v in self.extra_options.items() if k in accepted})
        return {"encoding": self.encoding, "encoding_options": options}

    def traits_from_value(self, value: Mapping[str, Any]) -> dict[str, Any]:
        updates = {k: v for k, v in value.items() if k != "encoding_options"}
        options = dict(value.get("encoding_options") or {})
        for key in self._CONTROLLED:
            if key in options:
                updates[key] = options.pop(key)
        if "encoding_options" in value:
            updates["extra_options"] = options
        return updates

    def find_problem(self, value: dict[str, Any]) -> str:
        enc = encodings.get(value["encoding"])
        enc.options(value["encoding_options"])
        if self.n_features is not None and enc.capacity(self.n_qubits) < self.n_features:
            return self._too_few_qubits(enc)
        return ""

    def _too_few_qubits(self, enc: Any) -> str:
        # In words of the widgets' own controls (the qubits slider, the encoding menu).
        capacity, needed = enc.capacity(self.n_qubits), enc.qubits_for(self.n_features)
        others = [name for name in encodings.available()
                  if encodings.get(name).capacity(self.n_qubits) >= self.n_features]
        text = (f"The {enc.name!r} encoding on {plural(self.n_qubits, 'qubit')} takes at most "
                f"{plural(capacity, 'feature')}; the data have {self.n_features}. Move the "
                f"qubits slider to at least {needed}")
        if others:
            text += " or choose an encoding that fits, e.g. " + ", ".join(others[:2])
        return text + "."

    def explain(self, value: dict[str, Any]) -> str:
        return encodings.get(value["encoding"]).description

    def compute_details(self, value: dict[str, Any], problem: str) -> str:
        enc = encodings.get(value["encoding"])
        verb = "takes" if self.n_qubits == 1 else "take"
        text = (f"{plural(self.n_qubits, 'qubit')} {verb} up to "
                f"{plural(enc.capacity(self.n_qubits), 'feature')}")
        if self.n_features is not None:
            needed = enc.qubits_for(self.n_features)
            verb = "needs" if self.n_features == 1 else "need"
            text = (f"{plural(self.n_features, 'feature')} {verb} at least "
                    f"{plural(needed, 'qubit')}; {text}")
        return text + "."


class EncodingPicker(Picker):
    """Choose a data encoding (and its options).

    Parameters
    ----------
    value : dict, optional
        Initial ``{"encoding": ..., "encoding_options": {...}}``.
    n_qubits, n_features : int
        The circuit width and the number of features, to check that the encoding fits.

    Examples
    --------
    >>> picker = EncodingPicker(n_qubits=1, n_features=4)
    >>> picker.value = {"encoding": "amplitude"}
    >>> picker.valid, picker.value
    (False, {'encoding': 'amplitude', 'encoding_options': {}})
    >>> picker.model.n_qubits = 2
    >>> picker.valid
    True
    """

    def __init__(self, value: Mapping[str, Any] | None = None, *, n_qubits: int = 4,
                 n_features: int | None = 2) -> None:
        model = EncodingModel(n_qubits=n_qubits, n_features=n_features, value=value)
        self.encoding_dropdown = linked(widgets.Dropdown(
            options=encodings.available(), description="encoding", style=_STYLE,
            layout=_control_layout()), model, "encoding")
        self.rotation_dropdown = linked(widgets.Dropdown(
            options=["X", "Y", "Z"], description="rotation axis", style=_STYLE,
            layout=_control_layout()), model, "rotation")
        self.repeats_slider = linked(widgets.IntSlider(
            min=1, max=4, description="repeats", style=_STYLE, continuous_update=False,
            layout=_control_layout()), model, "n_repeats")
        self.scaling_checkbox = linked(widgets.Checkbox(
            description="trainable input scaling", indent=False), model, "trainable_scaling")
        super().__init__(model, "Encoding", [self.encoding_dropdown, self.rotation_dropdown,
                                             self.repeats_slider, self.scaling_checkbox])
        model.observe(self._show_options, names="encoding")
        self._show_options()

    def _show_options(self, _change: Any = None) -> None:
        accepted = encodings.get(self.model.encoding).defaults
        show_if(self.rotation_dropdown, "rotation" in accepted)
        show_if(self.repeats_slider, "n_repeats" in accepted)
        show_if(self.scaling_checkbox, "trainable_scaling" in accepted)


# ---------------------------------------------------------------------------- ansatz


class AnsatzModel(PickerModel):
    """State of an :class:`AnsatzPicker`; the encoding comes from outside (for the counts).

    Examples
    --------
    >>> model = AnsatzModel(value={"ansatz": "basic_entangler", "n_qubits": 3, "n_layers": 2})
    >>> model.value["ansatz_options"]
    {'topology': 'ring'}
    >>> model.details
    '3 qubits · 6 trainable parameters · depth 9 · 6 two-qubit gates (15 gates)'
    """

    ansatz = Enum(ansatze.available(), default_value="strongly_entangling")
    n_qubits = Int(4)
    n_layers = Int(2)
    topology = Enum(list(ansatze.TOPOLOGIES), default_value="ring")
    entangler = Enum(["CNOT", "CZ"], default_value="CNOT")
    encoding = Unicode("angle")
    encoding_options = Dict()
    n_features = Int(2, allow_none=True)
    resources = Dict(help="Resource counts of the whole circuit ({} when it cannot be built).")

    choice_traits = ("ansatz", "n_qubits", "n_layers", "topology", "entangler")
    context_traits = ("encoding", "encoding_options", "n_features")
    _CONTROLLED = ("topology", "entangler")

    @observe("ansatz")
    def _use_ansatz_defaults(self, change: dict[str, Any]) -> None:
        # A new ansatz starts from its own default topology/entangler.
        defaults = ansatze.get(change["new"]).defaults
        for key in self._CONTROLLED:
            if key in defaults:
                setattr(self, key, defaults[key])

    def make_value(self) -> dict[str, Any]:
        accepted = ansatze.get(self.ansatz).defaults
        return {
            "ansatz": self.ansatz,
            "n_qubits": self.n_qubits,
            "n_layers": self.n_layers,
            "ansatz_options": {k: getattr(self, k) for k in self._CONTROLLED if k in accepted},
        }

    def traits_from_value(self, value: Mapping[str, Any]) -> dict[str, Any]:
        updates = {k: v for k, v in value.items() if k != "ansatz_options"}
        options = dict(value.get("ansatz_options") or {})
        unknown = sorted(set(options) - set(self._CONTROLLED))
        if unknown:
            raise ValueError(f"Unknown ansatz option(s) {unknown}; valid: {list(self._CONTROLLED)}")
        updates.update(options)
        return updates

    def find_problem(self, value: dict[str, Any]) -> str:
        return circuit_problem(**value)

    def explain(self, value: dict[str, Any]) -> str:
        return ansatze.get(value["ansatz"]).description

    def full_config(self, value: dict[str, Any]) -> dict[str, Any]:
        """The circuit settings of ``value`` with the encoding from the context."""
        return {**value, "encoding": self.encoding, "encoding_options": dict(self.encoding_options),
                "n_features": self.n_features}

    def compute_details(self, value: dict[str, Any], problem: str) -> str:
        config = self.full_config(value)
        if problem or circuit_problem(**config):
            self.resources = {}
            return "" if problem else "Resource counts appear once the encoding fits."
        self.resources = circuit_resources(**config)
        return resources_line(self.resources)


class AnsatzPicker(Picker):
    """Choose an ansatz, its qubits and layers, and its topology where it has one.

    Shows live resource counts of the whole circuit (with the encoding in ``model.encoding``).

    Parameters
    ----------
    value : dict, optional
        Initial ``{"ansatz", "n_qubits", "n_layers", "ansatz_options"}``.
    encoding, encoding_options, n_features
        The encoding the counts assume.

    Examples
    --------
    >>> picker = AnsatzPicker({"ansatz": "hardware_efficient", "n_qubits": 3, "n_layers": 2})
    >>> picker.model.resources["quantum_params"], picker.value["ansatz_options"]
    (12, {'topology': 'linear', 'entangler': 'CNOT'})
    """

    def __init__(self, value: Mapping[str, Any] | None = None, *, encoding: str = "angle",
                 encoding_options: Mapping[str, Any] | None = None,
                 n_features: int | None = 2) -> None:
        model = AnsatzModel(encoding=encoding, encoding_options=dict(encoding_options or {}),
                            n_features=n_features, value=value)
        self.ansatz_dropdown = linked(widgets.Dropdown(
            options=ansatze.available(), description="ansatz", style=_STYLE,
            layout=_control_layout()), model, "ansatz")
        self.qubits_slider = linked(widgets.IntSlider(
            min=1, max=MAX_QUBITS, description="qubits", style=_STYLE, continuous_update=False,
            layout=_control_layout()), model, "n_qubits")
        self.layers_slider = linked(widgets.IntSlider(
            min=1, max=MAX_LAYERS, description="layers", style=_STYLE, continuous_update=False,
            layout=_control_layout()), model, "n_layers")
        self.topology_dropdown = linked(widgets.Dropdown(
            options=list(ansatze.TOPOLOGIES), description="topology", style=_STYLE,
            layout=_control_layout()), model, "topology")
        self.entangler_dropdown = linked(widgets.Dropdown(
            options=["CNOT", "CZ"], description="entangler", style=_STYLE,
            layout=_control_layout()), model, "entangler")
        super().__init__(model, "Circuit (ansatz)", [
            self.ansatz_dropdown, self.qubits_slider, self.layers_slider, self.topology_dropdown,
            self.entangler_dropdown])
        model.observe(self._show_options, names="ansatz")
        self._show_options()

    def _show_options(self, _change: Any = None) -> None:
        accepted = ansatze.get(self.model.ansatz).defaults
        show_if(self.topology_dropdown, "topology" in accepted)
        show_if(self.entangler_dropdown, "entangler" in accepted)


# ---------------------------------------------------------------------------- noise


class NoiseModel(PickerModel):
    """State of a :class:`NoisePicker`; ``n_qubits`` comes from outside (memory check).

    Examples
    --------
    >>> model = NoiseModel(n_qubits=2, value={"noise": "bit_flip", "noise_strength": 0.01})
    >>> model.value
    {'noise': 'bit_flip', 'noise_strength': 0.01, 'noise_placement': 'gate', 'shots': None, \
'profile': None}
    >>> model.explanation
    'With probability p an X error flips the qubit after each gate. Here p = 0.01, after ...'
    >>> model.details
    'Simulated as a density matrix (16 numbers per sample instead of 4): slower than ...'
    """

    noise = Enum([_NO_NOISE, *noise_models.available()], default_value=_NO_NOISE)
    noise_strength = Float(0.02)
    noise_placement = Enum(list(noise_models.PLACEMENTS), default_value="gate")
    shots_enabled = Bool(False)
    shots = Int(1000)
    profile = Enum([_NO_NOISE, *hardware_profiles.available()], default_value=_NO_NOISE)
    n_qubits = Int(4)

    choice_traits = ("noise", "noise_strength", "noise_placement", "shots_enabled", "shots",
                     "profile")
    context_traits = ("n_qubits",)

    def make_value(self) -> dict[str, Any]:
        return {
            "noise": None if self.noise == _NO_NOISE else self.noise,
            "noise_strength": float(self.noise_strength),
            "noise_placement": self.noise_placement,
            "shots": int(self.shots) if self.shots_enabled else None,
            "profile": None if self.profile == _NO_NOISE else self.profile,
        }

    def traits_from_value(self, value: Mapping[str, Any]) -> dict[str, Any]:
        updates = dict(value)
        for key in ("noise", "profile"):
            if key in updates and updates[key] is None:
                updates[key] = _NO_NOISE
        if "shots" in updates:
            shots = updates.pop("shots")
            updates["shots_enabled"] = shots is not None
            if shots is not None:
                updates["shots"] = shots
        return updates

    def find_problem(self, value: dict[str, Any]) -> str:
        return circuit_problem(n_qubits=self.n_qubits, **value)

    def explain(self, value: dict[str, Any]) -> str:
        if value["noise"] is None and value["profile"] is not None:
            text = "No noise model;"
        elif value["noise"] is None:
            text = "No noise: an ideal, exact simulation."
        else:
            where = "after every gate" if value["noise_placement"] == "gate" else (
                "on every qubit after each layer")
            if noise_models.get(value["noise"]).readout:
                where = "on every measured bit"
            text = f"{noise_models.get(value['noise']).description} Here p = " \
                   f"{value['noise_strength']:g}, {where}."
        if value["profile"] is not None:
            device = hardware_profiles.get(value["profile"])
            text += (f" {'device' if value['noise'] is None else 'Device'} {device.name}: "
                     f"compiled to {', '.join(device.native_gates)} on its coupling map "
                     "(SWAPs where qubits are not neighbours), with its gate "
                     f"errors, T1 = {device.t1 * 1e6:g} us, T2 = {device.t2 * 1e6:g} us and "
                     "readout errors.")
        if value["shots"] is not None:
            error = 1 / math.sqrt(value["shots"])
            text += (f" {value['shots']} shots: outputs are averages of samples "
                     f"(error ~ {error:.2g}); gradients by parameter shift.")
        return text

    def compute_details(self, value: dict[str, Any], problem: str) -> str:
        if (value["noise"] is None and value["profile"] is None) or problem:
            return ""
        return (f"Simulated as a density matrix ({4 ** self.n_qubits:,} numbers per sample "
                f"instead of {2 ** self.n_qubits:,}): slower than the noise-free circuit.")


class NoisePicker(Picker):
    """Choose a noise model (or none), its strength and placement, and finite shots.

    Examples
    --------
    >>> picker = NoisePicker()
    >>> picker.value
    {'noise': None, 'noise_strength': 0.02, 'noise_placement': 'gate', 'shots': None, \
'profile': None}
    >>> picker.value = {"noise": "depolarizing", "noise_strength": 0.05, "shots": 500}
    >>> picker.value["noise"], picker.value["shots"], picker.valid
    ('depolarizing', 500, True)
    >>> picker.value = {"noise": None, "shots": None, "profile": "toy_line"}  # a device
    >>> picker.valid, picker.model.explanation.startswith("No noise model; device toy_line")
    (True, True)
    """

    def __init__(self, value: Mapping[str, Any] | None = None, *, n_qubits: int = 4) -> None:
        model = NoiseModel(n_qubits=n_qubits, value=value)
        self.noise_dropdown = linked(widgets.Dropdown(
            options=[_NO_NOISE, *noise_models.available()], description="noise", style=_STYLE,
            layout=_control_layout()), model, "noise")
        self.strength_slider = linked(widgets.FloatSlider(
            min=0.0, max=0.3, step=0.005, readout_format=".3f", description="strength p",
            style=_STYLE, continuous_update=False, layout=_control_layout()),
            model, "noise_strength")
        self.placement_dropdown = linked(widgets.Dropdown(
            options=[("after every gate", "gate"), ("after every layer", "layer")],
            description="placement", style=_STYLE, layout=_control_layout()),
            model, "noise_placement")
        self.shots_checkbox = linked(widgets.Checkbox(
            description="finite shots", indent=False, layout=widgets.Layout(width="110px")),
            model, "shots_enabled")
        self.shots_text = linked(widgets.BoundedIntText(
            min=1, max=10**6, step=100, layout=widgets.Layout(width="100px")), model, "shots")
        self.profile_dropdown = linked(widgets.Dropdown(
            options=[(f"{_NO_NOISE} (ideal, all-to-all)", _NO_NOISE),
                     *((name, name) for name in hardware_profiles.available())],
            description="device", style=_STYLE, layout=_control_layout()), model, "profile")
        super().__init__(model, "Noise", [self.noise_dropdown, self.strength_slider,
                                          self.placement_dropdown,
                                          widgets.HBox([self.shots_checkbox, self.shots_text]),
                                          self.profile_dropdown])
        model.observe(self._enable_controls, names=["noise", "shots_enabled"])
        self._enable_controls()

    def _enable_controls(self, _change: Any = None) -> None:
        noiseless = self.model.noise == _NO_NOISE
        self.strength_slider.disabled = noiseless
        self.placement_dropdown.disabled = noiseless
        self.shots_text.disabled = not self.model.shots_enabled


# ---------------------------------------------------------------------------- dataset


def playground_datasets() -> list[str]:
    """The Playground's datasets: 2-feature classification, then 1-D regression.

    Two classes first (moons, circles...), then up to :data:`MAX_PLAYGROUND_CLASSES` classes
    (blobs, iris reduced to 2 features...), then the 1-D regression functions (sine, step...).

    Examples
    --------
    >>> names = playground_datasets()
    >>> names[:4], "blobs" in names, names[-1] in ("fourier", "polynomial", "sine", "step")
    (['moons', 'circles', 'xor', 'spirals'], True, True)
    """
    from qnnlab import datasets

    def group(name: str) -> int | None:
        info = datasets.describe(name)
        if info.task == "regression":
            return 2 if info.min_n_features == 1 else None
        if not info.min_n_features <= 2 <= info.max_n_features:
            return None
        if info.n_classes == 2:
            return 0
        return 1 if (info.n_classes or 0) <= MAX_PLAYGROUND_CLASSES else None

    groups = {name: group(name) for name in datasets.available()}
    first = [name for name in _FIRST_DATASETS if groups.get(name) == 0]
    rest = [name for name in datasets.available()
            if groups[name] is not None and name not in first]
    return first + sorted(rest, key=lambda name: groups[name])  # stable: by name in a group


@memoize(maxsize=16)
def _load(**request: Any) -> tuple[np.ndarray, ...]:
    from qnnlab.datasets import load_dataset

    return tuple(load_dataset(**request))


class DatasetModel(PickerModel):
    """State of a :class:`DatasetPicker`.

    Examples
    --------
    >>> model = DatasetModel(n_features=2, value={"name": "circles", "n_samples": 100})
    >>> model.value["noise"], model.value["test_size"]  # circles' default noise
    (0.05, 0.25)
    >>> model.details
    '75 training and 25 test points; noise = 0.05: ...'
    """

    names = List(Unicode(), help="The datasets offered.")
    name = Unicode("moons")
    n_samples = Int(200)
    noise = Float(0.1)
    test_size = Float(0.25)
    random_state = Int(0)
    n_features = Int(None, allow_none=True)

    choice_traits = ("name", "n_samples", "noise", "test_size", "random_state")

    @observe("name")
    def _use_dataset_defaults(self, change: dict[str, Any]) -> None:
        from qnnlab import datasets

        if change["new"] not in datasets.available():
            return
        info = datasets.describe(change["new"])
        self.noise = info.default_noise
        if info.n_available is not None:
            self.n_samples = min(self.n_samples, info.n_available)

    def make_value(self) -> dict[str, Any]:
        value = {"name": self.name, "n_samples": self.n_samples, "noise": float(self.noise),
                 "test_size": float(self.test_size), "random_state": self.random_state}
        if self.n_features is not None:
            value["n_features"] = self.features_of(self.name)
        return value

    def features_of(self, name: str) -> int | None:
        """Features asked of dataset ``name``: ``n_features``, or fewer where the dataset has
        only fewer (a 1-D regression function in the 2-feature Playground)."""
        from qnnlab import datasets

        if self.n_features is None or name not in datasets.available():
            return self.n_features
        return min(self.n_features, datasets.describe(name).max_n_features)

    def traits_from_value(self, value: Mapping[str, Any]) -> dict[str, Any]:
        updates = dict(value)
        expected = self.features_of(updates.get("name", self.name))
        if "n_features" in updates and updates["n_features"] != expected:
            raise ValueError(f"This picker makes {expected} features; "
                             f"got n_features={updates['n_features']!r}")
        updates.pop("n_features", None)
        if self.names and "name" in updates:
            check_choice("dataset", updates["name"], self.names)
        return updates

    def find_problem(self, value: dict[str, Any]) -> str:
        self.load(value)
        return ""

    def load(self, value: Mapping[str, Any] | None = None) -> tuple[np.ndarray, ...]:
        """``X_train, X_test, y_train, y_test`` of ``value`` (default: the current one)."""
        return _load(**(value or self.value))

    def explain(self, value: dict[str, Any]) -> str:
        from qnnlab import datasets

        return datasets.describe(value["name"]).description

    def compute_details(self, value: dict[str, Any], problem: str) -> str:
        from qnnlab import datasets

        info = datasets.describe(value["name"])
        text = f"noise = {value['noise']:g}: {info.noise_description}."
        if not problem:
            X_train, X_test = self.load(value)[:2]
            text = f"{len(X_train)} training and {len(X_test)} test points; " + text
        return text


class DatasetPicker(Picker):
    """Choose a dataset, its size, noise, test fraction and seed.

    ``value`` holds the keyword arguments of :func:`qnnlab.datasets.load_dataset`;
    :meth:`load` returns the split data.

    Parameters
    ----------
    value : dict, optional
        Initial settings.
    names : sequence of str, optional
        The datasets offered (default: all classification datasets, or
        :func:`playground_datasets` when ``n_features=2``).
    n_features : int, optional
        Features to ask every dataset for (2 in the Playground).

    Examples
    --------
    >>> picker = DatasetPicker(n_features=2)
    >>> picker.value["name"], picker.value["n_features"]
    ('moons', 2)
    >>> [a.shape for a in picker.load()]
    [(150, 2), (50, 2), (150,), (50,)]
    """

    def __init__(self, value: Mapping[str, Any] | None = None, *,
                 names: Sequence[str] | None = None, n_features: int | None = None) -> None:
        from qnnlab import datasets

        if names is None:
            names = playground_datasets() if n_features == 2 else [
                n for n in datasets.available()
                if datasets.describe(n).task == "classification"]
        model = DatasetModel(names=list(names), n_features=n_features, value=value)
        self.name_dropdown = linked(widgets.Dropdown(
            options=list(names), description="dataset", style=_STYLE, layout=_control_layout()),
            model, "name")
        self.samples_slider = linked(widgets.IntSlider(
            min=20, max=1000, step=10, description="samples", style=_STYLE,
            continuous_update=False, layout=_control_layout()), model, "n_samples")
        self.noise_slider = linked(widgets.FloatSlider(
            min=0.0, max=0.5, step=0.01, description="data noise", style=_STYLE,
            continuous_update=False, layout=_control_layout()), model, "noise")
        self.test_slider = linked(widgets.FloatSlider(
            min=0.1, max=0.9, step=0.05, description="test fraction", style=_STYLE,
            continuous_update=False, layout=_control_layout()), model, "test_size")
        self.seed_text = linked(widgets.BoundedIntText(
            min=0, max=2**32 - 1, description="seed", style=_STYLE,
            layout=widgets.Layout(width="200px")), model, "random_state")
        super().__init__(model, "Data", [self.name_dropdown, self.samples_slider,
                                         self.noise_slider, self.test_slider, self.seed_text])
        self._adapt_ranges()
        model.observe(self._adapt_ranges, names="name")

    def _adapt_ranges(self, _change: Any = None) -> None:
        from qnnlab import datasets

        if self.model.name not in datasets.available():
            return
        info = datasets.describe(self.model.name)
        self.noise_slider.max = info.max_noise if math.isfinite(info.max_noise) else 0.5
        self.samples_slider.max = min(1000, info.n_available or 1000)

    def load(self) -> tuple[np.ndarray, ...]:
        """``X_train, X_test, y_train, y_test`` of the current choice (cached)."""
        return self.model.load()


# ---------------------------------------------------------------------------- training


class TrainingModel(PickerModel):
    """State of :class:`TrainingControls`; ``n_train`` (training points) comes from outside.

    Examples
    --------
    >>> model = TrainingModel(n_train=150)
    >>> model.details
    'learning rate 0.05 · 5 steps of up to 32 samples per epoch'
    >>> model.value = {"learning_rate": -1.0}
    >>> model.valid, model.error
    (False, 'learning_rate must be a positive number; got -1.0')
    """

    learning_rate = Float(0.05)
    batch_size = Int(32)
    epochs = Int(30)
    optimizer = Enum(list(OPTIMIZERS), default_value="adam")
    n_train = Int(None, allow_none=True)

    choice_traits = ("learning_rate", "batch_size", "epochs", "optimizer")
    context_traits = ("n_train",)

    def make_value(self) -> dict[str, Any]:
        return {"learning_rate": float(self.learning_rate), "batch_size": self.batch_size,
                "epochs": self.epochs, "optimizer": self.optimizer}

    def find_problem(self, value: dict[str, Any]) -> str:
        if not (value["learning_rate"] > 0 and math.isfinite(value["learning_rate"])):
            return f"learning_rate must be a positive number; got {value['learning_rate']!r}"
        check_positive_int("batch_size", value["batch_size"])
        check_positive_int("epochs", value["epochs"], minimum=0)
        check_choice("optimizer", value["optimizer"], OPTIMIZERS)
        return ""

    def explain(self, value: dict[str, Any]) -> str:
        return _OPTIMIZER_TEXT.get(value["optimizer"], "")

    def compute_details(self, value: dict[str, Any], problem: str) -> str:
        text = f"learning rate {value['learning_rate']:.3g}"
        if self.n_train and not problem:
            steps = -(-self.n_train // value["batch_size"])
            text += (f" · {steps} step{'s' if steps != 1 else ''} of up to "
                     f"{value['batch_size']} samples per epoch")
        return text


class TrainingControls(Picker):
    """Choose the learning rate, batch size, epochs and optimiser.

    Examples
    --------
    >>> controls = TrainingControls()
    >>> controls.value
    {'learning_rate': 0.05, 'batch_size': 32, 'epochs': 30, 'optimizer': 'adam'}
    >>> controls.value = {"optimizer": "sgd"}
    >>> controls.explanation.startswith("Plain stochastic gradient descent")
    True
    """

    def __init__(self, value: Mapping[str, Any] | None = None, *,
                 n_train: int | None = None) -> None:
        model = TrainingModel(n_train=n_train, value=value)
        self.lr_slider = linked(widgets.FloatLogSlider(
            min=-4, max=0, base=10, step=0.1, readout_format=".3g", description="learning rate",
            style=_STYLE, continuous_update=False, layout=_control_layout()),
            model, "learning_rate")
        self.batch_slider = linked(widgets.IntSlider(
            min=1, max=128, description="batch size", style=_STYLE, continuous_update=False,
            layout=_control_layout()), model, "batch_size")
        self.epochs_slider = linked(widgets.IntSlider(
            min=1, max=200, description="epochs", style=_STYLE, continuous_update=False,
            layout=_control_layout()), model, "epochs")
        self.optimizer_dropdown = linked(widgets.Dropdown(
            options=list(OPTIMIZERS), description="optimizer", style=_STYLE,
            layout=_control_layout()), model, "optimizer")
        super().__init__(model, "Training", [self.lr_slider, self.batch_slider,
                                             self.epochs_slider, self.optimizer_dropdown])

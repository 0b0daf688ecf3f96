"""Permalinks of the Playground: its whole state as a short URL query, or as JSON.

A link holds every setting a learner can change (data, encoding, ansatz, noise, training, the
classical twin, the seed), the epoch reached, and the instructor's choices (hidden and locked
controls, a challenge). Only what differs from a fresh Playground is written, so links stay
short: ``?dataset=circles&qubits=2&epoch=30``. Training is deterministic, so replaying a link
(the same settings, trained to the same epoch) gives the same weights.

Reading is forgiving and safe: a link is parsed as text (JSON for :func:`parse_json`), never
unpickled or evaluated; its size is bounded; an unknown field, a value out of range or a field
given twice is reported in plain words and the default is used for that field (never a
traceback). Every name in a link is also the name of a control (see :data:`CONTROLS`), for
``Playground(hide=[...], lock=[...])``.

Note: a device profile goes in a link by its name (``profile=toy_line``; one of
:func:`qnnlab.hardware.profiles.available`). A user-defined profile (a dict or a
:class:`~qnnlab.hardware.profiles.DeviceProfile` of your own) cannot go in a link: it is not
written, and a link or JSON naming an unknown profile gets no profile (with a message).

Examples
--------
>>> state = LinkState.parse_query("dataset=circles&qubits=2&epoch=3&colour=red&layers=99")
>>> state.settings["dataset"]["name"], state.settings["ansatz"]["n_qubits"], state.epoch
('circles', 2, 3)
>>> state.settings["ansatz"]["n_layers"]  # out of range: the default
2
>>> for problem in state.problems:
...     print(problem)
Unknown field 'colour' ignored; valid: dataset, samples, ...
'layers' = '99' is not valid (an integer from 1 to 10): the default 2 is used.
>>> state.to_query()
'dataset=circles&qubits=2&epoch=3'
"""

from __future__ import annotations

import json
import math
import os
import urllib.parse
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Field", "FIELDS", "CONTROLS", "SECTIONS", "LinkState", "check_controls",
           "default_settings", "base_settings", "request_query", "page_url",
           "MAX_QUERY_LENGTH", "MAX_JSON_LENGTH", "MAX_REPLAY_EPOCHS"]

#: Longest query string read (longer ones are refused whole, with a message).
MAX_QUERY_LENGTH = 2000
#: Longest JSON text read.
MAX_JSON_LENGTH = 20_000
#: Most epochs a link may ask to replay (a link must not keep a kernel busy for hours).
MAX_REPLAY_EPOCHS = 500
#: Query fields that belong to the server, not to the Playground (read and dropped silently).
SERVER_FIELDS = ("token", "template", "theme")
#: The format of :meth:`LinkState.to_json`.
JSON_VERSION = 1
#: Settings of the Playground's first screen (also the defaults of ``Playground(dataset=...)``).
DEFAULT_DATASET = {"name": "moons", "n_samples": 200, "noise": 0.1, "test_size": 0.25,
                   "random_state": 0}


# ---------------------------------------------------------------------------- value parsers


def _integer(low: int, high: int) -> tuple[Callable[[str], int], str]:
    def parse(text: str) -> int:
        value = int(text)
        if not low <= value <= high:
            raise ValueError(text)
        return value

    return parse, f"an integer from {low} to {high}"


def _number(low: float, high: float, *, open_low: bool = False) -> tuple[Callable[[str], float],
                                                                         str]:
    def parse(text: str) -> float:
        value = float(text)
        if not math.isfinite(value) or value > high or value < low or (open_low and value == low):
            raise ValueError(text)
        return value

    if open_low:
        return parse, f"a number above {low:g}, at most {high:g}"
    return parse, f"a number from {low:g} to {high:g}"


def _choice(options: Callable[[], Sequence[str]]) -> tuple[Callable[[str], str], str]:
    def parse(text: str) -> str:
        if text not in options():
            raise ValueError(text)
        return text

    return parse, "one of {choices}"


def _boolean() -> tuple[Callable[[str], bool], str]:
    def parse(text: str) -> bool:
        if text not in ("0", "1", "true", "false"):
            raise ValueError(text)
        return text in ("1", "true")

    return parse, "0 or 1"


def _optional(inner: tuple[Callable[[str], Any], str]) -> tuple[Callable[[str], Any], str]:
    parse, expected = inner

    def parse_optional(text: str) -> Any:
        return None if text == "none" else parse(text)

    return parse_optional, f"none or {expected}"


def _datasets() -> list[str]:
    from qnnlab.widgets.pickers import playground_datasets

    return playground_datasets()


def _encodings() -> list[str]:
    from qnnlab import encodings

    return encodings.available()


def _ansatze() -> list[str]:
    from qnnlab import ansatze

    return ansatze.available()


def _noises() -> list[str]:
    from qnnlab import noise

    return noise.available()


def _profiles() -> list[str]:
    from qnnlab.hardware import profiles

    return profiles.available()


def _placements() -> list[str]:
    from qnnlab import noise

    return list(noise.PLACEMENTS)


def _topologies() -> list[str]:
    from qnnlab import ansatze

    return list(ansatze.TOPOLOGIES)


def _optimizers() -> list[str]:
    from qnnlab.training import OPTIMIZERS

    return list(OPTIMIZERS)


# ---------------------------------------------------------------------------- the fields


@dataclass(frozen=True)
class Field:
    """One setting of the Playground: its name (in links and for hide/lock) and where it lives.

    Attributes
    ----------
    name : str
        The name in a link and in ``hide=``/``lock=``.
    path : tuple of str
        Where the value is in :meth:`Playground.settings` (e.g. ``("ansatz", "n_qubits")``).
    control : str
        The Playground attribute of its control (``"ansatz_picker.qubits_slider"``).
    parse : callable
        Text to value; raises ValueError for text that is not a valid value.
    expected : str
        The valid values in words (for messages).

    Examples
    --------
    >>> qubits = FIELDS["qubits"]
    >>> qubits.path, qubits.parse("3"), qubits.expected
    (('ansatz', 'n_qubits'), 3, 'an integer from 1 to 16')
    >>> qubits.format(3), FIELDS["shots"].format(None), FIELDS["twin"].format(True)
    ('3', 'none', '1')
    """

    name: str
    path: tuple[str, ...]
    control: str
    parse: Callable[[str], Any]
    expected: str
    choices: Callable[[], Sequence[str]] | None = None

    def describe_expected(self) -> str:
        """The valid values in words, with the choices listed."""
        if self.choices is None:
            return self.expected
        return self.expected.format(choices=", ".join(self.choices()))

    @staticmethod
    def format(value: Any) -> str:
        """The text of ``value`` in a link."""
        if value is None:
            return "none"
        if isinstance(value, bool):
            return "1" if value else "0"
        if isinstance(value, float):
            return repr(value)
        return str(value)

    def get(self, settings: Mapping[str, Any]) -> Any:
        """This field's value in nested ``settings`` (KeyError when absent)."""
        value: Any = settings
        for key in self.path:
            value = value[key]
        return value

    def put(self, settings: dict[str, Any], value: Any) -> None:
        """Set this field's value in nested ``settings`` (making sub-dicts as needed)."""
        target = settings
        for key in self.path[:-1]:
            target = target.setdefault(key, {})
        target[self.path[-1]] = value


def _field(name: str, path: str, control: str,
           kind: tuple[Callable[[str], Any], str],
           choices: Callable[[], Sequence[str]] | None = None) -> Field:
    return Field(name, tuple(path.split(".")), control, kind[0], kind[1], choices)


def _choice_field(name: str, path: str, control: str,
                  options: Callable[[], Sequence[str]]) -> Field:
    return _field(name, path, control, _choice(options), options)


_SETTING_FIELDS = [
    _choice_field("dataset", "dataset.name", "dataset_picker.name_dropdown", _datasets),
    _field("samples", "dataset.n_samples", "dataset_picker.samples_slider", _integer(20, 1000)),
    _field("data_noise", "dataset.noise", "dataset_picker.noise_slider", _number(0.0, 1.0)),
    _field("test_fraction", "dataset.test_size", "dataset_picker.test_slider",
           _number(0.05, 0.95)),
    _field("data_seed", "dataset.random_state", "dataset_picker.seed_text",
           _integer(0, 2**32 - 1)),
    _choice_field("encoding", "encoding.encoding", "encoding_picker.encoding_dropdown",
                  _encodings),
    _choice_field("rotation", "encoding.encoding_options.rotation",
                  "encoding_picker.rotation_dropdown", lambda: ["X", "Y", "Z"]),
    _field("repeats", "encoding.encoding_options.n_repeats", "encoding_picker.repeats_slider",
           _integer(1, 4)),
    _field("input_scaling", "encoding.encoding_options.trainable_scaling",
           "encoding_picker.scaling_checkbox", _boolean()),
    _choice_field("ansatz", "ansatz.ansatz", "ansatz_picker.ansatz_dropdown", _ansatze),
    _field("qubits", "ansatz.n_qubits", "ansatz_picker.qubits_slider", _integer(1, 16)),
    _field("layers", "ansatz.n_layers", "ansatz_picker.layers_slider", _integer(1, 10)),
    _choice_field("topology", "ansatz.ansatz_options.topology",
                  "ansatz_picker.topology_dropdown", _topologies),
    _choice_field("entangler", "ansatz.ansatz_options.entangler",
                  "ansatz_picker.entangler_dropdown", lambda: ["CNOT", "CZ"]),
    _field("noise", "noise.noise", "noise_picker.noise_dropdown",
           _optional(_choice(_noises)), _noises),
    _field("noise_strength", "noise.noise_strength", "noise_picker.strength_slider",
           _number(0.0, 1.0)),
    _choice_field("noise_placement", "noise.noise_placement",
                  "noise_picker.placement_dropdown", _placements),
    _field("shots", "noise.shots", "noise_picker.shots_text", _optional(_integer(1, 10**6))),
    _field("profile", "noise.profile", "noise_picker.profile_dropdown",
           (_optional(_choice(_profiles))[0],
            "none or a named device profile: one of {choices} (a user-defined profile "
            "cannot go in a link)"), _profiles),
    _field("learning_rate", "training.learning_rate", "training_controls.lr_slider",
           _number(0.0, 10.0, open_low=True)),
    _field("batch_size", "training.batch_size", "training_controls.batch_slider",
           _integer(1, 1024)),
    _field("epochs", "training.epochs", "training_controls.epochs_slider", _integer(1, 1000)),
    _choice_field("optimizer", "training.optimizer", "training_controls.optimizer_dropdown",
                  _optimizers),
    _field("twin", "classical_twin", "classical_toggle", _boolean()),
    _field("seed", "random_state", "", _integer(0, 2**32 - 1)),
]
#: Every setting in a link, by name (in the order links write them).
FIELDS: dict[str, Field] = {f.name: f for f in _SETTING_FIELDS}
#: Fields of the run and of instructor mode (not settings).
RUN_FIELDS = ("epoch", "hide", "lock", "challenge")
#: Whole pickers that can be hidden or locked, by name: the Playground attribute.
SECTIONS = {"data_picker": "dataset_picker", "encoding_picker": "encoding_picker",
            "ansatz_picker": "ansatz_picker", "noise_picker": "noise_picker",
            "training_picker": "training_controls"}
#: Every control that can be hidden or locked: name -> Playground attribute (dotted).
CONTROLS: dict[str, str] = {
    **{f.name: f.control for f in _SETTING_FIELDS if f.control},
    "test_point": "point_slider", "step": "step_button", "reset": "reset_button",
    "link": "link_box", **SECTIONS,
}
_EPOCH = _integer(0, MAX_REPLAY_EPOCHS)
#: What :func:`_parse` returns for text that is no valid value.
_INVALID = object()


def check_controls(names: Iterable[str] | None, what: str) -> tuple[str, ...]:
    """``names`` as a tuple, or a ValueError naming an unknown one and listing the valid ones.

    Examples
    --------
    >>> check_controls(["qubits", "noise_picker"], "hide")
    ('qubits', 'noise_picker')
    >>> check_controls(["qbits"], "lock")
    Traceback (most recent call last):
    ...
    ValueError: lock: unknown control 'qbits'; valid: dataset, samples, data_noise, ...
    """
    if names is None:
        return ()
    if isinstance(names, str):
        names = [names]
    names = tuple(names)
    for name in names:
        if name not in CONTROLS:
            raise ValueError(f"{what}: unknown control {name!r}; valid: {', '.join(CONTROLS)}")
    return names


def default_settings(dataset: str | None = None, ansatz: str | None = None) -> dict[str, Any]:
    """The settings of a fresh Playground (with ``dataset`` and ``ansatz`` chosen, if given).

    A dataset brings its own default noise, an ansatz its own topology; the rest are the
    pickers' defaults.

    Examples
    --------
    >>> default_settings()["ansatz"]
    {'ansatz': 'strongly_entangling', 'n_qubits': 4, 'n_layers': 2, 'ansatz_options': {...}}
    >>> default_settings(dataset="circles")["dataset"]["noise"]
    0.05
    """
    from qnnlab.widgets.pickers import (
        AnsatzModel,
        DatasetModel,
        EncodingModel,
        NoiseModel,
        TrainingModel,
    )

    data = {key: value for key, value in DEFAULT_DATASET.items()
            if dataset is None or key != "noise"}
    if dataset is not None:
        data["name"] = dataset
    return {
        "dataset": DatasetModel(n_features=2, value=data).value,
        "encoding": EncodingModel(n_qubits=4, n_features=2).value,
        "ansatz": AnsatzModel(value={"ansatz": ansatz} if ansatz else None).value,
        "noise": NoiseModel().value,
        "training": TrainingModel().value,
        "classical_twin": False,
        "random_state": 0,
    }


def base_settings(dataset: str | None = None, ansatz: str | None = None,
                  challenge: str | None = None) -> dict[str, Any]:
    """The settings a link starts from: :func:`default_settings`, then a challenge's.

    ``dataset`` and ``ansatz`` (when given) win over the challenge's choice of them.

    Examples
    --------
    >>> settings = base_settings(challenge="moons-2-qubits")
    >>> settings["dataset"]["name"], settings["ansatz"]["n_qubits"]
    ('moons', 2)
    """
    from qnnlab.widgets.challenges import get_challenge

    start = get_challenge(challenge).settings if challenge else {}
    dataset = dataset or start.get("dataset", {}).get("name")
    ansatz = ansatz or start.get("ansatz", {}).get("ansatz")
    settings = default_settings(dataset=dataset, ansatz=ansatz)
    for section, values in start.items():
        if isinstance(values, Mapping):
            chosen = {"dataset": "name", "ansatz": "ansatz"}.get(section)
            settings[section] = {**settings[section],
                                 **{k: v for k, v in values.items() if k != chosen}}
        else:
            settings[section] = values
    return settings


def _baseline(settings: Mapping[str, Any], challenge: str | None) -> dict[str, Any]:
    """What a fresh Playground (with ``challenge``) has for the dataset and ansatz chosen."""
    return base_settings(settings["dataset"]["name"], settings["ansatz"]["ansatz"], challenge)


def _linkable(value: Any) -> bool:
    """True for a value a link can hold as text (not a dict or object, e.g. a profile)."""
    return value is None or isinstance(value, (str, int, float, bool))


def _present(field_: Field, settings: Mapping[str, Any]) -> bool:
    try:
        field_.get(settings)
    except (KeyError, TypeError):
        return False
    return True


# ---------------------------------------------------------------------------- the state


@dataclass
class LinkState:
    """Everything a permalink holds, read or about to be written.

    Attributes
    ----------
    settings : dict
        The Playground's settings (as :meth:`Playground.settings`), complete.
    epoch : int
        Epochs to replay (completed epochs: a run paused inside an epoch replays to the end
        of its last full epoch).
    hide, lock : tuple of str
        Instructor mode: hidden and locked controls.
    challenge : str or None
        The name of a challenge (see :mod:`qnnlab.widgets.challenges`).
    problems : list of str
        What was wrong with the text read, in plain words (the defaults were used instead).
    given : tuple of str
        The settings the text named (the others are defaults).

    Examples
    --------
    >>> state = LinkState(default_settings(), epoch=5, lock=("qubits",))
    >>> state.to_query()
    'epoch=5&lock=qubits'
    >>> LinkState.parse_json(state.to_json()).to_query()
    'epoch=5&lock=qubits'
    """

    settings: dict[str, Any] = field(default_factory=default_settings)
    epoch: int = 0
    hide: tuple[str, ...] = ()
    lock: tuple[str, ...] = ()
    challenge: str | None = None
    problems: list[str] = field(default_factory=list)
    given: tuple[str, ...] = ()

    @property
    def is_empty(self) -> bool:
        """True for a link that asks for nothing (a plain page address)."""
        return not (self.given or self.epoch or self.hide or self.lock or self.challenge
                    or self.problems)

    # -- writing --------------------------------------------------------------------------------

    def fields(self) -> dict[str, str]:
        """The link's fields as text: settings that differ from a fresh Playground, the run."""
        fresh = base_settings(challenge=self.challenge)
        baseline = _baseline(self.settings, self.challenge)
        out = {}
        for name, field_ in FIELDS.items():
            if not _present(field_, self.settings):
                continue
            value = field_.get(self.settings)
            if not _linkable(value):  # e.g. a user-defined profile dict (see the module note)
                continue
            if name in ("dataset", "ansatz"):
                if value != field_.get(fresh):
                    out[name] = field_.format(value)
                continue
            if not _present(field_, baseline) or field_.get(baseline) != value:
                out[name] = field_.format(value)
        if self.epoch:
            out["epoch"] = str(self.epoch)
        for name in ("hide", "lock"):
            if getattr(self, name):
                out[name] = ",".join(getattr(self, name))
        if self.challenge:
            out["challenge"] = self.challenge
        return out

    def to_query(self) -> str:
        """The URL query (without ``?``): only what differs from a fresh Playground."""
        return urllib.parse.urlencode(self.fields(), safe=",")

    def to_json(self) -> str:
        """The whole state as JSON text (every setting, not only the changed ones)."""
        return json.dumps({"version": JSON_VERSION, "settings": self.settings,
                           "epoch": self.epoch,
                           "hide": list(self.hide), "lock": list(self.lock),
                           "challenge": self.challenge}, sort_keys=True)

    # -- reading --------------------------------------------------------------------------------

    @classmethod
    def parse_query(cls, query: str | None) -> LinkState:
        """Read a URL query (with or without ``?``); never raises for bad text."""
        query = (query or "").lstrip("?")
        if len(query) > MAX_QUERY_LENGTH:
            return cls(problems=[f"The link is too long ({len(query)} characters; at most "
                                 f"{MAX_QUERY_LENGTH}): it was ignored, the defaults are used."])
        pairs = urllib.parse.parse_qsl(query, keep_blank_values=True,
                                       max_num_fields=len(FIELDS) + len(RUN_FIELDS) + 10)
        fields: dict[str, str] = {}
        problems: list[str] = []
        for key, value in pairs:
            if key in SERVER_FIELDS:
                continue
            if key in fields:
                problems.append(f"{key!r} is given twice: the first value is used.")
                continue
            fields[key] = value
        return cls.from_fields(fields, problems)

    @classmethod
    def parse_json(cls, text: str) -> LinkState:
        """Read :meth:`to_json` text (JSON only, never pickle); never raises for bad text."""
        if len(text) > MAX_JSON_LENGTH:
            return cls(problems=[f"The JSON is too long ({len(text)} characters; at most "
                                 f"{MAX_JSON_LENGTH}): it was ignored, the defaults are used."])
        try:
            data = json.loads(text)
        except (ValueError, RecursionError) as error:
            return cls(problems=[f"This is not valid JSON ({error}): the defaults are used."])
        if not isinstance(data, dict):
            return cls(problems=["The JSON must be an object with 'settings': the defaults "
                                 "are used."])
        problems = []
        if data.get("version", JSON_VERSION) != JSON_VERSION:
            problems.append(f"Unknown format version {data.get('version')!r} (this qnnlab "
                            f"writes {JSON_VERSION}); read as far as possible.")
        fields = _flatten_json(data, problems)
        return cls.from_fields(fields, problems)

    @classmethod
    def from_fields(cls, fields: Mapping[str, str], problems: list[str] | None = None
                    ) -> LinkState:
        """Build a state from text fields; bad ones are reported and get their default."""
        problems = list(problems or [])
        valid_names = [*FIELDS, *RUN_FIELDS]
        for key in fields:
            if key not in valid_names:
                problems.append(f"Unknown field {_shorten(key)!r} ignored; valid: "
                                f"{', '.join(valid_names)}.")
        challenge = _parse_challenge(fields.get("challenge"), problems)
        primary = {}
        for name in ("dataset", "ansatz"):
            if name in fields:
                value = _parse(FIELDS[name], fields[name], None, problems)
                if value is not _INVALID:
                    primary[name] = value
        settings = base_settings(primary.get("dataset"), primary.get("ansatz"), challenge)
        for name, field_ in FIELDS.items():
            if name in fields and name not in primary:
                default = field_.get(settings) if _present(field_, settings) else None
                value = _parse(field_, fields[name], default, problems)
                if value is not _INVALID:
                    field_.put(settings, value)
        epoch = _parse_run("epoch", _EPOCH, fields, problems)
        hide = _parse_controls("hide", fields, problems)
        lock = _parse_controls("lock", fields, problems)
        given = tuple(name for name in FIELDS if name in fields)
        return cls(settings, epoch, hide, lock, challenge, problems, given)


def _shorten(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def _parse(field_: Field, text: str, default: Any, problems: list[str]) -> Any:
    """The value of ``text``, or ``_INVALID`` (and a message naming ``default``)."""
    try:
        return field_.parse(text)
    except (ValueError, TypeError, OverflowError):
        problems.append(f"{field_.name!r} = {_shorten(text)!r} is not valid "
                        f"({field_.describe_expected()}): the default "
                        f"{Field.format(default)} is used.")
        return _INVALID


def _parse_run(name: str, kind: tuple[Callable[[str], int], str], fields: Mapping[str, str],
               problems: list[str]) -> int:
    if name not in fields:
        return 0
    try:
        return kind[0](fields[name])
    except (ValueError, TypeError, OverflowError):
        problems.append(f"{name!r} = {_shorten(fields[name])!r} is not valid ({kind[1]}): "
                        "0 is used.")
        return 0


def _parse_controls(name: str, fields: Mapping[str, str], problems: list[str]
                    ) -> tuple[str, ...]:
    names = [n for n in fields.get(name, "").split(",") if n]
    known = tuple(n for n in names if n in CONTROLS)
    for unknown in sorted(set(names) - set(known)):
        problems.append(f"{name}: unknown control {_shorten(unknown)!r} ignored; valid: "
                        f"{', '.join(CONTROLS)}.")
    return known


def _parse_challenge(name: str | None, problems: list[str]) -> str | None:
    if not name:
        return None
    from qnnlab.widgets.challenges import CHALLENGES

    if name not in CHALLENGES:
        problems.append(f"Unknown challenge {_shorten(name)!r} ignored; valid: "
                        f"{', '.join(CHALLENGES)}.")
        return None
    return name


def _flatten_json(data: Mapping[str, Any], problems: list[str]) -> dict[str, str]:
    """The text fields of :meth:`LinkState.to_json` data (values checked as link text)."""
    fields: dict[str, str] = {}
    settings = data.get("settings", {})
    if not isinstance(settings, Mapping):
        problems.append("'settings' must be an object: the defaults are used.")
        settings = {}
    for name, field_ in FIELDS.items():
        if _present(field_, settings):
            value = field_.get(settings)
            if _linkable(value):
                fields[name] = Field.format(value)
            else:
                fields[name] = _shorten(repr(value))
    for name in ("epoch", "challenge"):
        if data.get(name) is not None:
            fields[name] = str(data[name])
    for name in ("hide", "lock"):
        value = data.get(name) or []
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            fields[name] = ",".join(value)
        else:
            problems.append(f"{name!r} must be a list of control names: ignored.")
    return fields


def _in_voila() -> bool:
    # Voila sets VOILA_PREHEAT ("True" or "False") in the environment of every kernel it starts.
    return "VOILA_PREHEAT" in os.environ


def request_query() -> str:
    """The query string of the page that opened this kernel (Voilà), or ``""`` elsewhere.

    Voilà passes it in the kernel's ``QUERY_STRING`` environment variable; with preheated
    kernels the notebook runs before any page asks for it, so this waits for the request
    (``voila.utils.wait_for_request``) first. Outside Voilà it returns at once.

    Examples
    --------
    >>> request_query()  # not in Voila
    ''
    """
    if not _in_voila():
        return ""
    try:
        from voila.utils import wait_for_request

        wait_for_request()
    except Exception:  # no request info (another Voila): a page without a link still works
        pass
    return os.environ.get("QUERY_STRING", "")


def page_url(query: str) -> str:
    """A link to the Voilà page with ``query`` (never the access token), or ``?query``.

    Examples
    --------
    >>> page_url("qubits=2")  # outside Voila: the query alone
    '?qubits=2'
    """
    host, port = os.environ.get("SERVER_NAME"), os.environ.get("SERVER_PORT")
    path = os.environ.get("SCRIPT_NAME", "/")
    if not host or not _in_voila():
        return f"?{query}"
    address = f"{host}:{port}" if port else host
    return f"http://{address}{path}?{query}"

"""Challenges for the Playground: a goal, settings to start from, and a check when training stops.

A :class:`Challenge` says what to reach (a test accuracy) under which limits (trainable
parameters, qubits, epochs) on which data. ``Playground(challenge="circles-12-params")`` (or
``?challenge=circles-12-params`` in the app's URL) starts from the challenge's settings, locks
the controls it lists (the data, usually), shows the goal, and checks the run each time training
stops, with a one-line verdict and its reason.

Each challenge is one run with one seed: it builds intuition, not evidence (notebook 07 and
``qnnlab bench`` are for evidence).

Examples
--------
A new challenge in a few lines, registered so that links and ``Playground(challenge=...)`` know it:

>>> mine = register(Challenge(
...     "xor-3-qubits", "At least 0.85 test accuracy on xor with at most 3 qubits.",
...     settings={"dataset": {"name": "xor"}}, dataset="xor", min_test_accuracy=0.85,
...     max_qubits=3))
>>> mine.evaluate({"dataset": {"name": "xor"}, "ansatz": {"n_qubits": 4}},
...               test_accuracy=0.9, n_parameters=30, epoch=30).message
'Not allowed: 4 qubits; the challenge allows at most 3.'
>>> print(mine.evaluate({"dataset": {"name": "xor"}, "ansatz": {"n_qubits": 2}},
...                     test_accuracy=0.9, n_parameters=30, epoch=30).message)
Challenge met at epoch 30: test accuracy 0.90 (goal ≥ 0.85) with 2 qubits (limit 3). ...
>>> del CHALLENGES["xor-3-qubits"]
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Challenge", "ChallengeResult", "CHALLENGES", "register", "get_challenge",
           "count_parameters"]

#: Said with every success: a single run is not a result.
ONE_RUN = "One run, one seed: try other seeds before drawing conclusions."


@dataclass(frozen=True)
class ChallengeResult:
    """The verdict of a :class:`Challenge` on one run.

    Examples
    --------
    >>> ChallengeResult(False, "Not yet: test accuracy 0.70 (goal ≥ 0.90).").passed
    False
    """

    passed: bool
    message: str


@dataclass(frozen=True)
class Challenge:
    """A goal for the Playground, its starting settings and its limits.

    Parameters
    ----------
    name : str
        Its name in links and in ``Playground(challenge=...)`` (letters, digits, ``-``).
    goal : str
        The goal in one sentence, shown above the controls.
    settings : dict
        Settings to start from, partial, as :meth:`Playground.settings` (e.g.
        ``{"dataset": {"name": "circles"}}``).
    dataset : str, optional
        The dataset the goal must be reached on.
    min_test_accuracy : float
        The test accuracy to reach (after the last epoch).
    max_parameters : int, optional
        Most trainable parameters of the whole network (circuit, input scaling and head).
    max_qubits, max_epochs : int, optional
        Most qubits, most epochs.
    lock : tuple of str
        Controls locked while the challenge is on (see :data:`qnnlab.widgets.permalink.CONTROLS`).

    Examples
    --------
    >>> challenge = CHALLENGES["circles-12-params"]
    >>> result = challenge.evaluate({"dataset": {"name": "circles"}}, test_accuracy=0.96,
    ...                             n_parameters=18, epoch=30)
    >>> result.passed, result.message
    (False, 'Not allowed: 18 trainable parameters; the challenge allows at most 12.')
    """

    name: str
    goal: str
    settings: Mapping[str, Any] = field(default_factory=dict)
    dataset: str | None = None
    min_test_accuracy: float = 0.9
    max_parameters: int | None = None
    max_qubits: int | None = None
    max_epochs: int | None = None
    lock: tuple[str, ...] = ("data_picker",)

    def __post_init__(self) -> None:
        if not self.name or not all(c.isalnum() or c == "-" for c in self.name):
            raise ValueError(f"A challenge name takes letters, digits and '-'; got {self.name!r}")
        if not 0.0 < self.min_test_accuracy <= 1.0:
            raise ValueError("min_test_accuracy must be in (0, 1]; got "
                             f"{self.min_test_accuracy!r}")
        from qnnlab.widgets.permalink import check_controls

        check_controls(self.lock, f"Challenge {self.name!r} lock")

    def evaluate(self, settings: Mapping[str, Any], *, test_accuracy: float | None,
                 n_parameters: int, epoch: int) -> ChallengeResult:
        """The verdict for a run with these settings and results (limits first, then the goal)."""
        for problem in self._broken_limits(settings, n_parameters, epoch):
            return ChallengeResult(False, f"Not allowed: {problem}.")
        if test_accuracy is None or epoch == 0:
            return ChallengeResult(False, "Not yet: train first (press Train).")
        if test_accuracy < self.min_test_accuracy:
            return ChallengeResult(False, f"Not yet at epoch {epoch}: test accuracy "
                                   f"{test_accuracy:.2f} is below the goal "
                                   f"{self.min_test_accuracy:.2f}.")
        limits = self._limits_met(settings, n_parameters, epoch)
        return ChallengeResult(True, f"Challenge met at epoch {epoch}: test accuracy "
                               f"{test_accuracy:.2f} (goal ≥ {self.min_test_accuracy:.2f})"
                               + (f" with {limits}" if limits else "") + f". {ONE_RUN}")

    def check(self, playground: Any) -> ChallengeResult:
        """The verdict for a Playground's current run."""
        session = playground.session
        if session is None:
            return ChallengeResult(False, "Not yet: the settings cannot work (see the message).")
        state = playground.state
        return self.evaluate(state.settings, test_accuracy=state.test_accuracy,
                             n_parameters=count_parameters(session.model), epoch=state.epoch)

    def _broken_limits(self, settings: Mapping[str, Any], n_parameters: int,
                       epoch: int) -> list[str]:
        problems = []
        dataset = settings.get("dataset", {}).get("name")
        if self.dataset is not None and dataset != self.dataset:
            problems.append(f"the challenge is on {self.dataset!r}, this run on {dataset!r}")
        if self.max_parameters is not None and n_parameters > self.max_parameters:
            problems.append(f"{n_parameters} trainable parameters; the challenge allows at most "
                            f"{self.max_parameters}")
        qubits = settings.get("ansatz", {}).get("n_qubits")
        if self.max_qubits is not None and qubits is not None and qubits > self.max_qubits:
            problems.append(f"{qubits} qubits; the challenge allows at most {self.max_qubits}")
        if self.max_epochs is not None and epoch > self.max_epochs:
            problems.append(f"{epoch} epochs; the challenge allows at most {self.max_epochs}")
        return problems

    def _limits_met(self, settings: Mapping[str, Any], n_parameters: int, epoch: int) -> str:
        parts = []
        if self.max_parameters is not None:
            parts.append(f"{n_parameters} trainable parameters (limit {self.max_parameters})")
        if self.max_qubits is not None:
            parts.append(f"{settings['ansatz']['n_qubits']} qubits (limit {self.max_qubits})")
        if self.max_epochs is not None:
            parts.append(f"{epoch} epochs (limit {self.max_epochs})")
        return ", ".join(parts)


def count_parameters(model: Any) -> int:
    """Trainable parameters of a PyTorch model (circuit weights, input scaling, head).

    Examples
    --------
    >>> from torch import nn
    >>> count_parameters(nn.Linear(2, 2))  # 2 x 2 weights + 2 biases
    6
    """
    return int(sum(p.numel() for p in model.parameters() if p.requires_grad))


#: The shipped challenges, by name.
CHALLENGES: dict[str, Challenge] = {}


def register(challenge: Challenge) -> Challenge:
    """Add ``challenge`` to :data:`CHALLENGES` (replacing one of the same name); return it."""
    CHALLENGES[challenge.name] = challenge
    return challenge


def get_challenge(name: str | Challenge) -> Challenge:
    """The challenge called ``name`` (a Challenge passes through); ValueError listing the valid.

    Examples
    --------
    >>> get_challenge("circles-12-params").dataset
    'circles'
    >>> get_challenge("circles-1-param")
    Traceback (most recent call last):
    ...
    ValueError: Unknown challenge 'circles-1-param'; valid: circles-12-params, ...
    """
    if isinstance(name, Challenge):
        return name
    if name not in CHALLENGES:
        raise ValueError(f"Unknown challenge {name!r}; valid: {', '.join(CHALLENGES)}")
    return CHALLENGES[name]


register(Challenge(
    "circles-12-params",
    "Reach at least 0.90 test accuracy on circles with at most 12 trainable parameters "
    "(circuit and classical head together). The default circuit has far more: make it smaller.",
    settings={"dataset": {"name": "circles"}}, dataset="circles", min_test_accuracy=0.9,
    max_parameters=12))
register(Challenge(
    "moons-2-qubits",
    "Reach at least 0.90 test accuracy on moons with at most 2 qubits. Layers, encoding and "
    "training settings are yours.",
    settings={"dataset": {"name": "moons"}, "ansatz": {"n_qubits": 2, "n_layers": 1}},
    dataset="moons", min_test_accuracy=0.9, max_qubits=2))
register(Challenge(
    "xor-2-qubits",
    "Reach at least 0.85 test accuracy on xor with at most 2 qubits. The label is the sign of "
    "x1 times x2: which encoding and depth let the circuit form that product?",
    settings={"dataset": {"name": "xor"}, "ansatz": {"n_qubits": 2, "n_layers": 1}},
    dataset="xor", min_test_accuracy=0.85, max_qubits=2))
register(Challenge(
    "spirals-40-epochs",
    "Reach at least 0.75 test accuracy on spirals in at most 40 epochs. Hint: feed the data in "
    "more than once (the reuploading encoding) and give the circuit depth.",
    settings={"dataset": {"name": "spirals"}, "training": {"epochs": 40}},
    dataset="spirals", min_test_accuracy=0.75, max_epochs=40))

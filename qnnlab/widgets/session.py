"""The Playground's training session: data, models and trainers, without any widget.

A :class:`PlaygroundSession` holds one run: the split data, a :class:`qnnlab.models.HybridNet`
(and optionally its matched classical twin, ``quantum=False``) with a
:class:`qnnlab.training.Trainer` each, and the grid over the input plane. It advances one
mini-batch at a time (:meth:`PlaygroundSession.step`) and answers the questions the figures ask:
the decision surface, the per-qubit Bloch vectors of a point, the test accuracy under noise.

Every evaluation is *chunked work*: a generator that evaluates ``eval_chunk`` samples, yields,
and continues, so a caller on an event loop can handle clicks (Pause, Reset) between chunks;
:func:`drain` runs such work to the end at once. Scores of an epoch are computed this way after
the epoch's last mini-batch (:meth:`PlaygroundSession.pending_work`), not by the trainer.

Examples
--------
>>> session = PlaygroundSession({"name": "moons", "n_samples": 60, "n_features": 2},
...                             {"n_qubits": 2, "n_layers": 1}, {"batch_size": 15})
>>> session.trainer.steps_per_epoch
3
>>> _ = [session.step() for _ in range(3)]
>>> session.finish()  # the epoch's scores, in chunks, all at once
>>> session.epoch, len(session.history["loss"]), len(session.curves()["val_score"])
(1, 1, 2)
"""

from __future__ import annotations

from collections import deque
from collections.abc import Generator, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

import numpy as np
import torch
from torch import nn

from qnnlab.analysis.fourier import available_spectrum, fourier_coefficients
from qnnlab.analysis.quick import drain
from qnnlab.analysis.state import bloch_vectors
from qnnlab.circuits import CircuitConfig, build_qnode
from qnnlab.cost import CURVE_POINTS_PER_RESOLUTION, FOURIER_POINTS
from qnnlab.models import DTYPE, HybridNet
from qnnlab.surface import Grid, input_grid
from qnnlab.training import Trainer, accuracy, make_optimizer, r2

__all__ = ["PlaygroundSession", "Spectra", "NOISE_KEYS", "TRAINING_KEYS", "drain"]

#: Circuit settings that can change after training without retraining (evaluation settings).
NOISE_KEYS = ("noise", "noise_strength", "noise_placement", "shots", "profile")
#: Training settings that change live, keeping the weights.
TRAINING_KEYS = ("learning_rate", "batch_size", "optimizer")
#: Margin around the data of the decision-surface grid (fraction of the data's extent).
GRID_MARGIN = 0.1

T = TypeVar("T")
Work = Generator[None, None, T]


def _tensor(a: np.ndarray) -> torch.Tensor:
    return torch.as_tensor(np.asarray(a))


@dataclass(frozen=True)
class Spectra:
    """The fitted function's Fourier spectrum beside the target's (regression), ``|c_w|``.

    ``frequencies`` are ``0, 1, 2, ...`` (the functions are real: ``c_{-w}`` is the conjugate
    of ``c_w``); ``available`` is the largest frequency the encoding makes available (None
    where no finite spectrum applies); ``epoch`` the weights' epoch.
    """

    frequencies: np.ndarray
    model: np.ndarray
    target: np.ndarray
    available: float | None
    epoch: int


@dataclass
class Run:
    """One model with its trainer and its scores per epoch (epoch 0: untrained).

    ``offset`` is the quantum model's epoch when this run started (a twin switched on
    mid-run), so its curves line up with the quantum ones.
    """

    model: HybridNet
    trainer: Trainer
    offset: int = 0
    rows: list[dict[str, float]] = field(default_factory=list)

    def curves(self) -> dict[str, list[float]]:
        """Scored epochs only: ``epoch, loss, train_score, val_loss, val_score``."""
        keys = ("epoch", "loss", "train_score", "val_loss", "val_score")
        return {key: [row[key] for row in self.rows] for key in keys}


class PlaygroundSession:
    """One training run of the Playground, advanced step by step.

    Parameters
    ----------
    dataset : dict
        Keyword arguments of :func:`qnnlab.datasets.load_dataset`: a classification dataset
        with 2 features (2 or more classes), or a 1-D regression dataset (``"sine"``,
        ``"step"``, ...; its ``x`` is kept as drawn, in ``[-pi, pi]``: see :attr:`task`).
    circuit : dict
        Keyword arguments of :class:`qnnlab.circuits.CircuitConfig` (noise included).
    training : dict
        ``learning_rate``, ``batch_size``, ``optimizer`` (other keys are ignored).
    classical_twin : bool
        Also train the matched classical counterpart (``HybridNet(quantum=False)``) on the
        same mini-batches.
    resolution, noisy_resolution : int
        Decision-surface grid size, exact and with noise or shots (slower to simulate).
    random_state : int
        Seed of the initial weights and of the batch order.
    eval_chunk : int
        Samples per evaluation chunk (see :func:`qnnlab.cost.plan_playground`).

    Examples
    --------
    >>> session = PlaygroundSession({"name": "moons", "n_samples": 60, "n_features": 2},
    ...                             {"n_qubits": 2, "n_layers": 1}, {"batch_size": 15},
    ...                             classical_twin=True, resolution=10)
    >>> session.surface().shape, session.bloch(0).shape  # (ny, nx) grid; qubits x (X, Y, Z)
    ((10, 10), (2, 3))
    >>> session.set_noise(noise="depolarizing", noise_strength=0.1)  # no retraining
    >>> session.describe_noise()
    'depolarizing noise p = 0.1 (gate-level)'
    """

    def __init__(
        self,
        dataset: Mapping[str, Any],
        circuit: Mapping[str, Any],
        training: Mapping[str, Any],
        *,
        classical_twin: bool = False,
        resolution: int = 30,
        noisy_resolution: int = 15,
        random_state: int = 0,
        eval_chunk: int = 256,
    ) -> None:
        self._load(dataset)
        self.random_state = random_state
        self.training = {"learning_rate": 0.05, "batch_size": 32, "optimizer": "adam",
                         **{k: v for k, v in training.items() if k in TRAINING_KEYS}}
        self.eval_chunk = max(1, int(eval_chunk))
        config = CircuitConfig(**circuit, n_features=self.n_features)
        model = HybridNet(self.n_features, self.n_outputs, config, random_state=random_state)
        self.run = Run(model, self._trainer(model))
        self.twin_run: Run | None = None
        #: Events to mark on the curves: (epoch, text).
        self.marks: list[tuple[int, str]] = []
        self._queue: deque[Iterator[None]] = deque([self._score_work(self.run)])
        if classical_twin:
            self.set_twin(True)
        self.fine_grid = self._make_grid(resolution)
        self.coarse_grid = self._make_grid(noisy_resolution)
        self._state_qnode: Any = None
        self._state_config: CircuitConfig | None = None
        self._spectra: Spectra | None = None
        self._spectra_key: Any = None

    def _load(self, dataset: Mapping[str, Any]) -> None:
        from qnnlab.datasets import describe, load_dataset

        request = dict(dataset)
        #: ``"classification"`` or ``"regression"``. A 1-D regression keeps its raw ``x`` in
        #: ``[-pi, pi]`` (``scale=False``): the model is then a Fourier series in the very
        #: variable the target is periodic in, so their spectra share one frequency axis.
        self.task = describe(request["name"]).task if "name" in request else "classification"
        if self.regression:
            request.setdefault("n_features", 1)
            request["scale"] = False
        self.X_train, self.X_test, self.y_train, self.y_test = load_dataset(**request)
        self.dataset_name = str(request.get("name", ""))
        self.n_features = int(self.X_train.shape[1])
        needed = 1 if self.regression else 2
        if self.n_features != needed:
            raise ValueError(f"The Playground needs {needed} feature(s) for {self.task}; got "
                             f"{self.n_features}")
        self.n_classes = (0 if self.regression
                          else int(max(self.y_train.max(), self.y_test.max())) + 1)
        self.n_outputs = 1 if self.regression else self.n_classes

    @property
    def regression(self) -> bool:
        """True for a 1-D regression task (MSE loss, R² score, a fitted curve)."""
        return self.task == "regression"

    @property
    def score_name(self) -> str:
        """What the score is: ``"accuracy"`` (classification) or ``"R²"`` (regression)."""
        return "R²" if self.regression else "accuracy"

    def _make_grid(self, resolution: int) -> Grid:
        X_all = np.vstack([self.X_train, self.X_test])
        if not self.regression:
            return input_grid(X_all, resolution, GRID_MARGIN)
        # A regression "grid" is the fitted curve's x values (``ys`` unused).
        lo, hi = float(X_all.min()), float(X_all.max())
        pad = (hi - lo) * GRID_MARGIN / 2
        xs = np.linspace(lo - pad, hi + pad, CURVE_POINTS_PER_RESOLUTION * resolution)
        return Grid(xs, np.zeros(0))

    def _targets(self, y: np.ndarray) -> torch.Tensor:
        return _tensor(y).reshape(-1, 1) if self.regression else _tensor(y)

    def _trainer(self, model: nn.Module) -> Trainer:
        # No metric and no validation data: the scores are computed here, in chunks.
        loss = nn.MSELoss() if self.regression else nn.CrossEntropyLoss()
        return Trainer(
            model, loss, _tensor(self.X_train), self._targets(self.y_train),
            learning_rate=self.training["learning_rate"],
            batch_size=self.training["batch_size"], optimizer=self.training["optimizer"],
            random_state=self.random_state,
        )

    # -- the models -----------------------------------------------------------------------------

    @property
    def model(self) -> HybridNet:
        """The hybrid model."""
        return self.run.model

    @property
    def trainer(self) -> Trainer:
        """The hybrid model's trainer."""
        return self.run.trainer

    @property
    def twin(self) -> HybridNet | None:
        """The classical twin, or None."""
        return self.twin_run.model if self.twin_run else None

    @property
    def twin_trainer(self) -> Trainer | None:
        """The classical twin's trainer, or None."""
        return self.twin_run.trainer if self.twin_run else None

    def set_twin(self, on: bool) -> None:
        """Add (starting now, at the current epoch) or drop the classical twin.

        The quantum run is kept either way.
        """
        if not on:
            self.twin_run = None
            return
        if self.twin_run is not None:
            return
        config = self.config.replace(noise=None, shots=None)
        twin = HybridNet(self.n_features, self.n_outputs, config, quantum=False,
                         random_state=self.random_state)
        self.twin_run = Run(twin, self._trainer(twin), offset=self.epoch)
        self._queue.append(self._score_work(self.twin_run))

    @property
    def config(self) -> CircuitConfig:
        """The quantum layer's current circuit (noise settings included)."""
        return self.model.quantum_layer.config

    @property
    def epoch(self) -> int:
        """Completed epochs."""
        return self.trainer.epoch

    @property
    def history(self) -> dict[str, list[float]]:
        """The quantum model's per-epoch history (scored epochs)."""
        return self._history(self.run)

    @property
    def twin_history(self) -> dict[str, list[float]] | None:
        """The classical twin's history, or None."""
        return self._history(self.twin_run) if self.twin_run else None

    @staticmethod
    def _history(run: Run) -> dict[str, list[float]]:
        rows = run.rows[1:]  # epoch 0 is the untrained model
        history = {key: [row[key] for row in rows]
                   for key in ("epoch", "loss", "train_score", "val_loss", "val_score")}
        history["epoch"] = [e - run.offset for e in history["epoch"]]
        history["time"] = list(run.trainer.history["time"][: len(rows)])
        return history

    def curves(self, twin: bool = False) -> dict[str, list[float]] | None:
        """Scored epochs with the untrained model's scores first (epoch 0), for the figure."""
        run = self.twin_run if twin else self.run
        return run.curves() if run is not None else None

    # -- training -------------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        """True while scores are still to be computed (see :meth:`pending_work`)."""
        return bool(self._queue)

    def pending_work(self) -> Iterator[None]:
        """Chunked work still to do (scores of the untrained model or of the last epoch).

        Stopping between chunks loses nothing: the next call continues where this one stopped.
        """
        while self._queue:
            work = self._queue[0]
            for _ in work:  # not ``yield from``: closing this generator keeps ``work`` alive
                yield
            self._queue.popleft()

    def finish(self) -> None:
        """Do all pending work now."""
        for _ in self.pending_work():
            pass

    def step(self) -> bool:
        """One mini-batch for the quantum model (and its twin); True if an epoch ended.

        Pending scores are computed first (at once); an ended epoch queues its own.
        """
        self.finish()
        ended = self.trainer.step() is not None
        if self.twin_run is not None:
            if self.twin_run.trainer.step() is not None:
                self._queue.append(self._score_work(self.twin_run))
        if ended:
            self._queue.appendleft(self._score_work(self.run))
        return ended

    def set_training(self, **settings: Any) -> list[str]:
        """Change ``learning_rate``, ``batch_size`` or ``optimizer`` now, keeping the weights.

        Returns what changed in words (also marked on the curves at the current epoch). A new
        optimizer starts with fresh running averages.

        Examples
        --------
        >>> session = PlaygroundSession({"name": "moons", "n_samples": 40, "n_features": 2},
        ...                             {"n_qubits": 2, "n_layers": 1}, {})
        >>> session.set_training(learning_rate=0.2, batch_size=32)
        ['learning rate 0.05 → 0.2']
        >>> session.trainer.optimizer.param_groups[0]["lr"]
        0.2
        """
        changes = []
        for key in TRAINING_KEYS:
            if key in settings and settings[key] != self.training[key]:
                label = key.replace("_", " ")
                changes.append(f"{label} {self.training[key]:g} → {settings[key]:g}"
                               if key != "optimizer"
                               else f"optimizer {self.training[key]} → {settings[key]}")
                self.training[key] = settings[key]
        for run in (self.run, self.twin_run):
            if run is not None and changes:
                self._apply_training(run.trainer)
        if changes:
            self.marks.append((self.epoch, ", ".join(changes)))
        return changes

    def _apply_training(self, trainer: Trainer) -> None:
        trainer.batch_size = int(self.training["batch_size"])
        lr = float(self.training["learning_rate"])
        current = type(trainer.optimizer).__name__.lower()
        if current != str(self.training["optimizer"]).lower():
            trainer.optimizer = make_optimizer(self.training["optimizer"],
                                               trainer.model.parameters(), lr)
        for group in trainer.optimizer.param_groups:
            group["lr"] = lr

    # -- chunked evaluation ---------------------------------------------------------------------

    @torch.no_grad()
    def _outputs_work(self, model: nn.Module, X: np.ndarray) -> Work[torch.Tensor]:
        model.eval()
        chunk = self.eval_chunk if model is self.model else max(len(X), 1)
        parts = []
        for start in range(0, len(X), chunk):
            parts.append(model(_tensor(X[start : start + chunk]).to(DTYPE)))
            yield
        return torch.cat(parts) if parts else torch.zeros(0, self.n_outputs, dtype=DTYPE)

    def _score(self, outputs: torch.Tensor, targets: torch.Tensor) -> float:
        return r2(outputs, targets) if self.regression else accuracy(outputs, targets)

    def _score_work(self, run: Run) -> Work[None]:
        epoch = run.trainer.epoch
        loss_fn = run.trainer.loss_fn
        train_out = yield from self._outputs_work(run.model, self.X_train)
        test_out = yield from self._outputs_work(run.model, self.X_test)
        y_train, y_test = self._targets(self.y_train), self._targets(self.y_test)
        row = {
            "epoch": run.offset + epoch,
            "loss": (run.trainer.history["loss"][epoch - 1] if epoch
                     else float(loss_fn(train_out, y_train))),
            "train_score": self._score(train_out, y_train),
            "val_loss": float(loss_fn(test_out, y_test)),
            "val_score": self._score(test_out, y_test),
        }
        run.rows.append(row)

    def _model(self, twin: bool) -> nn.Module:
        model = self.twin if twin else self.model
        if model is None:
            raise ValueError("This session has no classical twin (classical_twin=False).")
        return model

    def class_probabilities_work(self, X: np.ndarray, twin: bool = False) -> Work[np.ndarray]:
        """Chunked :meth:`class_probabilities`."""
        if self.regression:
            raise ValueError("A regression task has no class probabilities; use predictions().")
        out = yield from self._outputs_work(self._model(twin), X)
        return torch.softmax(out, dim=-1).numpy()

    def class_probabilities(self, X: np.ndarray, twin: bool = False) -> np.ndarray:
        """Probability of every class for each row of ``X``, shape ``(len(X), n_classes)``."""
        return drain(self.class_probabilities_work(X, twin))

    def probabilities_work(self, X: np.ndarray, twin: bool = False) -> Work[np.ndarray]:
        """Chunked :meth:`probabilities`."""
        probabilities = yield from self.class_probabilities_work(X, twin)
        return probabilities[:, 1]

    def probabilities(self, X: np.ndarray, twin: bool = False) -> np.ndarray:
        """Probability of class 1 for each row of ``X``."""
        return drain(self.probabilities_work(X, twin))

    def predictions_work(self, X: np.ndarray, twin: bool = False) -> Work[np.ndarray]:
        """Chunked :meth:`predictions`."""
        out = yield from self._outputs_work(self._model(twin), X)
        if self.regression:
            return out[:, 0].numpy()
        return out.argmax(dim=-1).numpy()

    def predictions(self, X: np.ndarray, twin: bool = False) -> np.ndarray:
        """Predicted targets (regression) or classes (classification) for each row of ``X``.

        Examples
        --------
        >>> session = PlaygroundSession({"name": "sine", "n_samples": 40},
        ...                             {"n_qubits": 2, "n_layers": 1}, {})
        >>> session.task, session.X_train.shape, session.predictions(session.X_test[:3]).shape
        ('regression', (30, 1), (3,))
        """
        return drain(self.predictions_work(X, twin))

    # -- questions the figures ask --------------------------------------------------------------

    @property
    def slow_circuit(self) -> bool:
        """True when the circuit has noise or shots (density matrices or sampling)."""
        return self.config.noisy or self.config.shots is not None

    @property
    def grid(self) -> Grid:
        """The decision-surface grid for the current circuit (coarser when it is slow)."""
        return self.coarse_grid if self.slow_circuit else self.fine_grid

    def set_resolution(self, resolution: int) -> None:
        """Use a ``resolution`` x ``resolution`` grid for the current circuit (fast or slow)."""
        X_all = np.vstack([self.X_train, self.X_test])
        grid = input_grid(X_all, resolution, GRID_MARGIN)
        if self.slow_circuit:
            self.coarse_grid = grid
        else:
            self.fine_grid = grid

    def surface_work(self, twin: bool = False, grid: Grid | None = None) -> Work[np.ndarray]:
        """Chunked :meth:`surface`."""
        grid = grid or self.grid
        if self.regression:
            curve = yield from self.predictions_work(grid.xs[:, None], twin)
            return curve
        values = yield from self.class_probabilities_work(grid.points, twin)
        if self.n_classes == 2:
            return values[:, 1].reshape(len(grid.ys), len(grid.xs))
        return values.reshape(len(grid.ys), len(grid.xs), self.n_classes)

    def surface(self, twin: bool = False, grid: Grid | None = None) -> np.ndarray:
        """The model over ``grid`` (default :attr:`grid`).

        Two classes: the probability of class 1, shape ``(ny, nx)``; more classes: every
        class's probability, ``(ny, nx, n_classes)``; regression: the fitted curve at
        ``grid.xs``, ``(nx,)``.

        Examples
        --------
        >>> session = PlaygroundSession({"name": "blobs", "n_samples": 60},
        ...                             {"n_qubits": 2, "n_layers": 1}, {}, resolution=5)
        >>> surface = session.surface()
        >>> surface.shape, bool(np.allclose(surface.sum(axis=-1), 1.0))
        ((5, 5, 3), True)
        """
        return drain(self.surface_work(twin, grid))

    def test_accuracy_work(self, twin: bool = False) -> Work[float]:
        """Chunked :meth:`test_accuracy`."""
        out = yield from self._outputs_work(self._model(twin), self.X_test)
        return self._score(out, self._targets(self.y_test))

    def test_accuracy(self, twin: bool = False) -> float:
        """The test score of the current weights (and circuit settings): :attr:`score_name`,
        accuracy for classification, R² for regression."""
        return drain(self.test_accuracy_work(twin))

    def spectra_work(self) -> Work[Spectra]:
        """Chunked :meth:`spectra` (cached per epoch and circuit: one redraw per epoch)."""
        from qnnlab.datasets import regression_target

        key = (self.epoch, self.config)
        if self._spectra is not None and self._spectra_key == key:
            return self._spectra
        model = self.model
        try:
            weights = model.quantum_layer.weights.detach().numpy()
            top: float | None = float(np.max(np.abs(available_spectrum(
                self.config, weights, np.zeros(1)))))
        except ValueError:  # amplitude or basis encoding: no finite spectrum
            top = None
        n_points = max(FOURIER_POINTS, 4 * int(np.ceil(top or 0)) + 1)
        x = 2 * np.pi * np.arange(n_points) / n_points
        values = yield from self.predictions_work(x[:, None])
        wrapped = (x + np.pi) % (2 * np.pi) - np.pi  # the target's own [-pi, pi) window
        target = regression_target(self.dataset_name, wrapped)
        frequencies, model_c = fourier_coefficients(values)
        _, target_c = fourier_coefficients(target)
        keep = frequencies >= 0
        self._spectra = Spectra(frequencies[keep], np.abs(model_c[keep]),
                                np.abs(target_c[keep]), top, self.epoch)
        self._spectra_key = key
        return self._spectra

    def spectra(self) -> Spectra:
        """The model's Fourier spectrum along ``x`` beside the target's (regression only).

        Both are sampled on the same grid over one period, ``x_k = 2 pi k / n``: the model
        (quantum network, head included) is a Fourier series in ``x`` whose frequencies the
        encoding sets (:func:`qnnlab.analysis.fourier.available_spectrum`); the target is the
        noise-free function of the dataset, repeated with period ``2 pi`` (its data range).

        Examples
        --------
        >>> session = PlaygroundSession({"name": "sine", "n_samples": 40},
        ...                             {"n_qubits": 1, "n_layers": 1}, {})
        >>> spectra = session.spectra()
        >>> spectra.available, [round(float(c), 3) for c in spectra.target[:3]]  # sin: w = 1
        (1.0, [0.0, 0.5, 0.0])
        >>> bool(np.all(spectra.model[2:] < 1e-10))  # one angle-encoded qubit: w <= 1 only
        True
        """
        if not self.regression:
            raise ValueError("spectra() is for regression tasks; this one is a classification.")
        return drain(self.spectra_work())

    @torch.no_grad()
    def bloch(self, index: int) -> np.ndarray:
        """Per-qubit Bloch vectors of test point ``index`` (exact, noise included).

        With a device profile the state is that of the circuit before compilation, with the
        noise model but without the device's noise: a compiled, routed circuit has no state
        to read on the logical qubits (routing permutes them).
        """
        config = self.config.replace(measurement="state", shots=None, zne=False, profile=None)
        if config != self._state_config:
            self._state_qnode, self._state_config = build_qnode(config=config), config
        x = self.model.features(_tensor(self.X_test[index : index + 1]).to(DTYPE))[0]
        state = self._state_qnode(x.numpy(), self.model.quantum_layer.weights.detach().numpy())
        return bloch_vectors(np.asarray(state), config.n_qubits)

    # -- evaluation settings --------------------------------------------------------------------

    def noise_settings(self) -> dict[str, Any]:
        """The current evaluation settings (noise model, strength, placement, shots)."""
        return {key: getattr(self.config, key) for key in NOISE_KEYS}

    def set_noise(self, **settings: Any) -> None:
        """Run the same weights under other noise/shot settings (``QuantumLayer.reconfigure``).

        Training continues under the new settings; a change after epoch 0 is marked on the
        curves.

        Raises
        ------
        ValueError
            For an unknown setting or a value :class:`CircuitConfig` rejects.
        """
        unknown = sorted(set(settings) - set(NOISE_KEYS))
        if unknown:
            raise ValueError(f"set_noise() takes {list(NOISE_KEYS)}; got {unknown}")
        self.model.quantum_layer.reconfigure(**settings)
        if self.epoch > 0:
            self.marks.append((self.epoch, self.describe_noise(short=True)))

    def describe_noise(self, short: bool = False) -> str:
        """The current evaluation settings in words (``short``: for a plot title).

        Examples
        --------
        >>> session = PlaygroundSession({"name": "moons", "n_samples": 20, "n_features": 2},
        ...                             {"n_qubits": 2, "n_layers": 1}, {})
        >>> session.set_noise(noise="bit_flip", noise_strength=0.05, shots=100)
        >>> session.describe_noise(), session.describe_noise(short=True)
        ('bit_flip noise p = 0.05 (gate-level), 100 shots', 'bit_flip p=0.05, 100 shots')
        """
        config = self.config
        parts = []
        if config.noise is None:
            parts += [] if config.profile is not None else ["no noise"]  # a device is noise
        elif short:
            parts.append(f"{config.noise} p={config.noise_strength:g}")
        else:
            parts.append(f"{config.noise} noise p = {config.noise_strength:g} "
                         f"({config.noise_placement}-level)")
        if config.profile is not None:
            parts.append(f"device {_profile_name(config.profile)}")
        if config.shots is not None:
            parts.append(f"{config.shots} shots")
        return ", ".join(parts)


def _profile_name(profile: Any) -> str:
    from qnnlab.hardware import profiles

    return profiles.get(profile).name

"""The Playground's training session: data, models and trainers, without any widget.

A :class:`PlaygroundSession` holds one run: the split data, a :class:`qnnlab.models.HybridNet`
(and optionally its matched classical twin, ``quantum=False``) with a
:class:`qnnlab.training.Trainer` each, and the grid over the input plane. It advances one
mini-batch at a time (:meth:`PlaygroundSession.step`) and answers the questions the figures ask:
the decision surface, the per-qubit Bloch vectors of a point, the test accuracy under noise.

Examples
--------
>>> session = PlaygroundSession({"name": "moons", "n_samples": 60, "n_features": 2},
...                             {"n_qubits": 2, "n_layers": 1}, {"batch_size": 15})
>>> session.trainer.steps_per_epoch
3
>>> _ = [session.step() for _ in range(3)]
>>> session.epoch, len(session.history["loss"])
(1, 1)
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import torch
from torch import nn

from qnnlab.analysis.state import bloch_vectors
from qnnlab.circuits import CircuitConfig, build_qnode
from qnnlab.models import DTYPE, HybridNet
from qnnlab.surface import Grid, decision_surface, input_grid
from qnnlab.training import Trainer, accuracy

__all__ = ["PlaygroundSession", "NOISE_KEYS"]

#: Circuit settings that can change after training without retraining (evaluation settings).
NOISE_KEYS = ("noise", "noise_strength", "noise_placement", "shots")
#: Margin around the data of the decision-surface grid (fraction of the data's extent).
GRID_MARGIN = 0.1


def _tensor(a: np.ndarray) -> torch.Tensor:
    return torch.as_tensor(np.asarray(a))


class PlaygroundSession:
    """One training run of the Playground, advanced step by step.

    Parameters
    ----------
    dataset : dict
        Keyword arguments of :func:`qnnlab.datasets.load_dataset` (2 features).
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
    ) -> None:
        from qnnlab.datasets import load_dataset

        self.X_train, self.X_test, self.y_train, self.y_test = load_dataset(**dataset)
        if self.X_train.shape[1] != 2:
            raise ValueError(f"The Playground needs 2 features; got {self.X_train.shape[1]}")
        n_classes = int(max(self.y_train.max(), self.y_test.max())) + 1
        config = CircuitConfig(**circuit, n_features=2)
        self.model = HybridNet(2, n_classes, config, random_state=random_state)
        self.trainer = self._trainer(self.model, training, random_state)
        self.twin: HybridNet | None = None
        self.twin_trainer: Trainer | None = None
        if classical_twin:
            self.twin = HybridNet(2, n_classes, config.replace(noise=None, shots=None),
                                  quantum=False, random_state=random_state)
            self.twin_trainer = self._trainer(self.twin, training, random_state)
        self.start_row = self._start_row(self.trainer)
        self.twin_start_row = self._start_row(self.twin_trainer) if self.twin_trainer else None
        X_all = np.vstack([self.X_train, self.X_test])
        self.fine_grid = input_grid(X_all, resolution, GRID_MARGIN)
        self.coarse_grid = input_grid(X_all, noisy_resolution, GRID_MARGIN)
        self._state_qnode: Any = None
        self._state_config: CircuitConfig | None = None

    def _trainer(self, model: nn.Module, training: Mapping[str, Any], seed: int) -> Trainer:
        return Trainer(
            model, nn.CrossEntropyLoss(), _tensor(self.X_train), _tensor(self.y_train),
            X_val=_tensor(self.X_test), y_val=_tensor(self.y_test), metric=accuracy,
            learning_rate=training.get("learning_rate", 0.05),
            batch_size=training.get("batch_size", 32),
            optimizer=training.get("optimizer", "adam"), random_state=seed,
        )

    @staticmethod
    @torch.no_grad()
    def _start_row(trainer: Trainer) -> dict[str, float]:
        # The untrained model's scores: the curves start at epoch 0.
        trainer.model.eval()
        loss = float(trainer.loss_fn(trainer.model(trainer.X), trainer.y))
        return {"epoch": 0, "loss": loss, **trainer.evaluate()}

    def curves(self, twin: bool = False) -> dict[str, list[float]] | None:
        """The history with the untrained model's scores prepended as epoch 0."""
        trainer, start = ((self.twin_trainer, self.twin_start_row) if twin
                          else (self.trainer, self.start_row))
        if trainer is None or start is None:
            return None
        return {key: [start[key], *trainer.history.get(key, [])] for key in start}

    # -- training -------------------------------------------------------------------------------

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
        """The quantum model's per-epoch history."""
        return self.trainer.history

    @property
    def twin_history(self) -> dict[str, list[float]] | None:
        """The classical twin's history, or None."""
        return self.twin_trainer.history if self.twin_trainer else None

    def step(self) -> bool:
        """One mini-batch for the quantum model (and its twin); True if an epoch ended."""
        row = self.trainer.step()
        if self.twin_trainer is not None:
            self.twin_trainer.step()
        return row is not None

    # -- questions the figures ask --------------------------------------------------------------

    @property
    def slow_circuit(self) -> bool:
        """True when the circuit has noise or shots (density matrices or sampling)."""
        return self.config.noisy or self.config.shots is not None

    @property
    def grid(self) -> Grid:
        """The decision-surface grid for the current circuit (coarser when it is slow)."""
        return self.coarse_grid if self.slow_circuit else self.fine_grid

    @torch.no_grad()
    def probabilities(self, X: np.ndarray, twin: bool = False) -> np.ndarray:
        """Probability of class 1 for each row of ``X`` (one batched execution)."""
        model = self.twin if twin else self.model
        if model is None:
            raise ValueError("This session has no classical twin (classical_twin=False).")
        model.eval()
        return torch.softmax(model(_tensor(X).to(DTYPE)), dim=-1)[:, 1].numpy()

    def surface(self, twin: bool = False, grid: Grid | None = None) -> np.ndarray:
        """Probability of class 1 over ``grid`` (default :attr:`grid`), shape ``(ny, nx)``."""
        return decision_surface(lambda p: self.probabilities(p, twin), grid or self.grid)

    def test_accuracy(self, twin: bool = False) -> float:
        """Accuracy on the test points of the current weights (and circuit settings)."""
        predicted = self.probabilities(self.X_test, twin) > 0.5
        return float(np.mean(predicted == (self.y_test == 1)))

    @torch.no_grad()
    def bloch(self, index: int) -> np.ndarray:
        """Per-qubit Bloch vectors of test point ``index`` (exact, noise included)."""
        config = self.config.replace(measurement="state", shots=None, zne=False)
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

        Raises
        ------
        ValueError
            For an unknown setting or a value :class:`CircuitConfig` rejects.
        """
        unknown = sorted(set(settings) - set(NOISE_KEYS))
        if unknown:
            raise ValueError(f"set_noise() takes {list(NOISE_KEYS)}; got {unknown}")
        self.model.quantum_layer.reconfigure(**settings)

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
            parts.append("no noise")
        elif short:
            parts.append(f"{config.noise} p={config.noise_strength:g}")
        else:
            parts.append(f"{config.noise} noise p = {config.noise_strength:g} "
                         f"({config.noise_placement}-level)")
        if config.shots is not None:
            parts.append(f"{config.shots} shots")
        return ", ".join(parts)

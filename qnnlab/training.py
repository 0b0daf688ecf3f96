"""Training loop shared by the estimators, the Playground and the benchmarks.

A :class:`Trainer` owns a model, its optimiser and the data, and advances in small steps: one
mini-batch (:meth:`Trainer.step`), one epoch (:meth:`Trainer.run_epoch`) or many
(:meth:`Trainer.fit`). After each epoch it appends one row to :attr:`Trainer.history`
(loss, metrics, wall time) and calls the callbacks; live plots attach there, from outside.

Interrupting :meth:`Trainer.fit` (Ctrl-C, or the notebook's stop button) keeps everything up to
the last completed epoch: weights and history stay consistent.

Examples
--------
>>> import torch
>>> from torch import nn
>>> model = nn.Linear(2, 2).double()
>>> X = torch.rand(20, 2, dtype=torch.float64); y = (X[:, 0] > 0.5).long()
>>> trainer = Trainer(model, nn.CrossEntropyLoss(), X, y, random_state=0)
>>> history = trainer.fit(epochs=3)
>>> len(history["loss"])
3
"""

from __future__ import annotations

import copy
import time
import warnings
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import torch
from torch import nn

from qnnlab._concurrency import circuit_lock
from qnnlab._validation import MAX_EPOCHS, check_choice, check_positive_int

__all__ = ["Trainer", "OPTIMIZERS", "accuracy", "r2"]

OPTIMIZERS: dict[str, type[torch.optim.Optimizer]] = {
    "adam": torch.optim.Adam,
    "sgd": torch.optim.SGD,
    "rmsprop": torch.optim.RMSprop,
    "adagrad": torch.optim.Adagrad,
}

Metric = Callable[[torch.Tensor, torch.Tensor], float]
Callback = Callable[["Trainer", dict[str, float]], Any]


def accuracy(outputs: torch.Tensor, targets: torch.Tensor) -> float:
    """Fraction of rows whose largest output is the target class.

    Examples
    --------
    >>> outputs = torch.tensor([[0.9, 0.1], [0.2, 0.8], [0.6, 0.4]])
    >>> round(accuracy(outputs, torch.tensor([0, 1, 1])), 3)  # the last row is wrong
    0.667
    """
    return float((outputs.argmax(dim=-1) == targets).double().mean())


def r2(outputs: torch.Tensor, targets: torch.Tensor) -> float:
    """Coefficient of determination, as scikit-learn's ``r2_score`` (uniform average).

    Examples
    --------
    >>> outputs = torch.tensor([2.5, 0.0, 2.0, 8.0])
    >>> round(r2(outputs, torch.tensor([3.0, -0.5, 2.0, 7.0])), 4)  # r2_score gives the same
    0.9486
    """
    targets = targets.reshape(outputs.shape)
    ss_res = ((targets - outputs) ** 2).sum(dim=0)
    ss_tot = ((targets - targets.mean(dim=0)) ** 2).sum(dim=0)
    return float((1 - ss_res / ss_tot.clamp_min(1e-300)).mean())


def make_optimizer(
    name: str | type[torch.optim.Optimizer], params: Any, learning_rate: float
) -> torch.optim.Optimizer:
    """The optimiser called ``name`` (or a torch optimiser class) at ``learning_rate``.

    Examples
    --------
    >>> params = list(nn.Linear(2, 1).parameters())
    >>> optimizer = make_optimizer("sgd", params, learning_rate=0.1)
    >>> type(optimizer).__name__, optimizer.param_groups[0]["lr"]
    ('SGD', 0.1)
    >>> make_optimizer("adamw", params, learning_rate=0.1)
    Traceback (most recent call last):
    ...
    ValueError: Unknown optimizer 'adamw'. Valid choices: ... Did you mean 'adam'?
    """
    if isinstance(name, str):
        cls = OPTIMIZERS[check_choice("optimizer", name, OPTIMIZERS)]
    else:
        cls = name
    if not (learning_rate > 0):
        raise ValueError(f"learning_rate must be > 0; got {learning_rate!r}")
    return cls(params, lr=learning_rate)


class Trainer:
    """Mini-batch training of a torch model, step by step, with a per-epoch history.

    Parameters
    ----------
    model : torch.nn.Module
        The model to train (in place).
    loss_fn : callable
        ``loss_fn(outputs, targets)``, e.g. ``nn.CrossEntropyLoss()``.
    X, y : torch.Tensor
        Training data.
    X_val, y_val : torch.Tensor, optional
        Validation data, scored after every epoch.
    metric : callable, optional
        ``metric(outputs, targets) -> float`` recorded as ``train_score``/``val_score``.
    learning_rate : float
        Step size of the optimiser.
    batch_size : int
        Samples per step (the whole batch goes through the circuit at once).
    optimizer : str or torch optimiser class
        ``"adam"``, ``"sgd"``, ``"rmsprop"`` or ``"adagrad"``.
    callbacks : sequence of callables
        ``callback(trainer, row)`` after each epoch; returning True stops training.
    random_state : int or None
        Seed of the batch order.

    Attributes
    ----------
    history : dict of lists
        Per epoch: ``epoch``, ``loss`` (mean training loss), ``train_score``, ``val_loss``,
        ``val_score`` (when there is validation data) and ``time`` (seconds since start).
    epoch : int
        Completed epochs.
    steps : int
        Mini-batch steps taken so far, over all epochs.

    Examples
    --------
    Four points whose class is their first feature, and a linear model that starts at zero:

    >>> X = torch.tensor([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=torch.float64)
    >>> y = torch.tensor([0, 0, 1, 1])
    >>> model = nn.Linear(2, 2, dtype=torch.float64)
    >>> _ = nn.init.zeros_(model.weight), nn.init.zeros_(model.bias)
    >>> trainer = Trainer(model, nn.CrossEntropyLoss(), X, y, X_val=X, y_val=y,
    ...                   metric=accuracy, learning_rate=0.5, batch_size=2)
    >>> trainer.steps_per_epoch
    2
    >>> history = trainer.fit(epochs=20)
    >>> sorted(history)
    ['epoch', 'loss', 'time', 'train_score', 'val_loss', 'val_score']
    >>> trainer.epoch, history["train_score"][-1]
    (20, 1.0)
    """

    def __init__(
        self,
        model: nn.Module,
        loss_fn: Callable[[torch.Tensor, torch.Tensor], torch.Tensor],
        X: torch.Tensor,
        y: torch.Tensor,
        *,
        X_val: torch.Tensor | None = None,
        y_val: torch.Tensor | None = None,
        metric: Metric | None = None,
        learning_rate: float = 0.05,
        batch_size: int = 32,
        optimizer: str | type[torch.optim.Optimizer] = "adam",
        callbacks: Sequence[Callback] = (),
        random_state: int | None = 0,
    ) -> None:
        self.model = model
        self.loss_fn = loss_fn
        self.X, self.y = X, y
        self.X_val, self.y_val = X_val, y_val
        self.metric = metric
        self.batch_size = check_positive_int("batch_size", batch_size)
        self.optimizer = make_optimizer(optimizer, model.parameters(), learning_rate)
        self.callbacks = list(callbacks)
        self.rng = np.random.default_rng(random_state)
        self.history: dict[str, list[float]] = {"epoch": [], "loss": [], "time": []}
        self.epoch = 0
        self.steps = 0
        self.elapsed = 0.0
        self._order: np.ndarray = np.zeros(0, dtype=int)
        self._position = 0
        self._epoch_losses: list[tuple[float, int]] = []
        self._snapshot = self._take_snapshot()

    # -- stepping ------------------------------------------------------------------------------

    @property
    def steps_per_epoch(self) -> int:
        """Mini-batches in one epoch."""
        return max(1, -(-len(self.X) // self.batch_size))

    def step(self) -> dict[str, float] | None:
        """Train on one mini-batch; return the epoch's history row if this step ended an epoch."""
        start = time.perf_counter()
        if self._position >= len(self._order):
            self._order = self.rng.permutation(len(self.X))
            self._position = 0
            self._epoch_losses = []
        idx = torch.as_tensor(self._order[self._position : self._position + self.batch_size])
        self._position += len(idx)
        self.model.train()
        self.optimizer.zero_grad()
        loss = self.loss_fn(self.model(self.X[idx]), self.y[idx])
        loss_value = float(loss.detach())
        if not np.isfinite(loss_value):
            raise FloatingPointError(
                f"The training loss became {loss_value} in epoch {self.epoch + 1}; try a smaller "
                "learning_rate."
            )
        with circuit_lock():  # a non-backprop gradient runs PennyLane code again
            loss.backward()
        self.optimizer.step()
        self._check_finite_weights()
        self._epoch_losses.append((loss_value, len(idx)))
        self.steps += 1
        self.elapsed += time.perf_counter() - start
        if self._position >= len(self._order):
            return self._end_epoch()
        return None

    def _check_finite_weights(self) -> None:
        """Stop at the first step that makes a weight NaN or infinite (it would stay so)."""
        for name, parameter in self.model.named_parameters():
            if not bool(torch.isfinite(parameter).all()):
                learning_rate = self.optimizer.param_groups[0]["lr"]
                raise FloatingPointError(
                    f"The weights ({name}) became NaN or infinite in epoch {self.epoch + 1}; "
                    f"try a smaller learning_rate (now {learning_rate!r})."
                )

    def _finite_outputs(self, X: torch.Tensor) -> torch.Tensor:
        outputs = self.model(X)
        if not bool(torch.isfinite(outputs).all()):
            learning_rate = self.optimizer.param_groups[0]["lr"]
            raise FloatingPointError(
                f"The model's outputs became NaN or infinite in epoch {self.epoch}: its weights "
                f"diverged; try a smaller learning_rate (now {learning_rate!r})."
            )
        return outputs

    def run_epoch(self) -> dict[str, float]:
        """Train until the current epoch ends; return its history row."""
        while True:
            row = self.step()
            if row is not None:
                return row

    def _end_epoch(self) -> dict[str, float]:
        start = time.perf_counter()
        self.epoch += 1
        losses = np.array(self._epoch_losses)
        row: dict[str, float] = {
            "epoch": self.epoch,
            "loss": float(np.average(losses[:, 0], weights=losses[:, 1])),
        }
        row.update(self.evaluate())
        self.elapsed += time.perf_counter() - start
        row["time"] = self.elapsed
        for key, value in row.items():
            self.history.setdefault(key, []).append(value)
        self._snapshot = self._take_snapshot()
        return row

    @torch.no_grad()
    def evaluate(self) -> dict[str, float]:
        """Scores of the current model: train metric, validation loss and metric."""
        self.model.eval()
        out: dict[str, float] = {}
        if self.metric is not None:
            out["train_score"] = self.metric(self._finite_outputs(self.X), self.y)
        if self.X_val is not None and len(self.X_val):
            val_out = self._finite_outputs(self.X_val)
            out["val_loss"] = float(self.loss_fn(val_out, self.y_val))
            if self.metric is not None:
                out["val_score"] = self.metric(val_out, self.y_val)
        return out

    # -- whole runs ----------------------------------------------------------------------------

    def fit(
        self,
        epochs: int,
        *,
        early_stopping: bool = False,
        n_iter_no_change: int = 10,
        tol: float = 1e-4,
        progress: bool = False,
    ) -> dict[str, list[float]]:
        """Train for up to ``epochs`` epochs and return the history.

        Parameters
        ----------
        epochs : int
            Epochs to run (0 is allowed and trains nothing).
        early_stopping : bool
            Stop when the validation loss has not improved by ``tol`` for ``n_iter_no_change``
            epochs, and restore the best weights. Needs validation data.
        progress : bool
            Show a ``tqdm.auto`` progress bar.
        """
        check_positive_int("epochs", epochs, minimum=0, maximum=MAX_EPOCHS)
        if early_stopping and self.X_val is None:
            raise ValueError("early_stopping=True needs validation data (X_val, y_val)")
        best_loss, best_state, stale = np.inf, None, 0
        bar = _progress_bar(epochs, progress)
        try:
            for _ in range(epochs):
                row = self.run_epoch()
                bar.update(1)
                bar.set_postfix(loss=f"{row['loss']:.4f}")
                stop = any(bool(cb(self, row)) for cb in self.callbacks)
                if early_stopping:
                    if row["val_loss"] < best_loss - tol:
                        best_loss, best_state, stale = row["val_loss"], self._take_snapshot(), 0
                    else:
                        stale += 1
                    stop = stop or stale >= n_iter_no_change
                if stop:
                    break
        except KeyboardInterrupt:
            self.restore_last_epoch()
            warnings.warn(
                f"Training interrupted; the model keeps the weights of epoch {self.epoch} "
                "(the last completed one) and its history.",
                stacklevel=2,
            )
        finally:
            bar.close()
        if early_stopping and best_state is not None:
            self.model.load_state_dict(best_state)
        return self.history

    def restore_last_epoch(self) -> None:
        """Undo the steps of an unfinished epoch (weights back to the last completed epoch)."""
        self.model.load_state_dict(self._snapshot)
        self._position = len(self._order)

    def _take_snapshot(self) -> dict[str, torch.Tensor]:
        return copy.deepcopy(self.model.state_dict())


def _progress_bar(total: int, enabled: bool) -> Any:
    from tqdm.auto import tqdm

    return tqdm(total=total, disable=not enabled, desc="training", unit="epoch", leave=False)

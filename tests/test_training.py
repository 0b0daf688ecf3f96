"""Trainer: history, callbacks, early stopping, interruption, metrics and determinism."""

from __future__ import annotations

import copy

import numpy as np
import pytest
import torch
from sklearn.metrics import accuracy_score, r2_score
from torch import nn

from qnnlab.circuits import CircuitConfig
from qnnlab.models import DTYPE, HybridNet
from qnnlab.training import OPTIMIZERS, Trainer, accuracy, r2

GEN = torch.Generator().manual_seed(0)
X = torch.rand(40, 2, generator=GEN, dtype=DTYPE)
Y_CLASS = (X[:, 0] + X[:, 1] > 1).long()
Y_REG = (2 * X[:, :1] - X[:, 1:]) + 0.05 * torch.randn(40, 1, generator=GEN, dtype=DTYPE)


def linear_classifier(seed: int = 0) -> nn.Module:
    torch.manual_seed(seed)
    return nn.Linear(2, 2).to(DTYPE)


def trainer(model=None, **kw) -> Trainer:
    kw.setdefault("batch_size", 16)
    return Trainer(model or linear_classifier(), nn.CrossEntropyLoss(), X, Y_CLASS,
                   metric=accuracy, **kw)


def weights_of(model: nn.Module) -> dict[str, torch.Tensor]:
    return copy.deepcopy(model.state_dict())


def same_weights(a: dict, b: dict) -> bool:
    return all(torch.equal(a[k], b[k]) for k in a)


class TestMetrics:
    def test_accuracy_matches_sklearn(self):
        out = torch.randn(30, 3, generator=GEN, dtype=DTYPE)
        y = torch.randint(0, 3, (30,), generator=GEN)
        assert accuracy(out, y) == pytest.approx(accuracy_score(y, out.argmax(1)))

    @pytest.mark.parametrize("n_targets", [1, 3])
    def test_r2_matches_sklearn(self, n_targets):
        y = torch.randn(30, n_targets, generator=GEN, dtype=DTYPE)
        out = y + 0.5 * torch.randn(30, n_targets, generator=GEN, dtype=DTYPE)
        assert r2(out, y) == pytest.approx(r2_score(y.numpy(), out.numpy()))


class TestHistory:
    def test_one_row_per_epoch(self):
        t = trainer()
        history = t.fit(epochs=4)
        assert history["epoch"] == [1, 2, 3, 4] and t.epoch == 4
        for key in ("loss", "train_score", "time"):
            assert len(history[key]) == 4
        assert np.all(np.diff(history["time"]) >= 0)
        assert all(0 <= s <= 1 for s in history["train_score"])
        assert "val_loss" not in history

    def test_epoch_loss_is_the_sample_weighted_mean_of_step_losses(self):
        losses = []
        loss_fn = nn.CrossEntropyLoss()

        def recording_loss(out, y):
            value = loss_fn(out, y)
            losses.append((float(value.detach()), len(y)))
            return value

        t = Trainer(linear_classifier(), recording_loss, X, Y_CLASS, batch_size=16)
        row = t.run_epoch()
        assert t.steps_per_epoch == 3 and [n for _, n in losses] == [16, 16, 8]
        expected = sum(v * n for v, n in losses) / 40
        assert row["loss"] == pytest.approx(expected)

    def test_step_returns_a_row_only_at_the_end_of_an_epoch(self):
        t = trainer(batch_size=16)
        assert t.step() is None and t.step() is None
        row = t.step()
        assert row is not None and row["epoch"] == 1

    def test_validation_scores(self):
        t = trainer(X_val=X[:10], y_val=Y_CLASS[:10])
        row = t.run_epoch()
        assert {"val_loss", "val_score"} <= set(row)
        with torch.no_grad():
            expected = float(nn.CrossEntropyLoss()(t.model(X[:10]), Y_CLASS[:10]))
        assert row["val_loss"] == pytest.approx(expected)

    def test_training_reduces_the_loss(self):
        t = Trainer(nn.Linear(2, 1).to(DTYPE), nn.MSELoss(), X, Y_REG, metric=r2,
                    learning_rate=0.1, batch_size=8)
        history = t.fit(epochs=30)
        assert history["loss"][-1] < 0.2 * history["loss"][0]
        assert history["train_score"][-1] > 0.9

    def test_zero_epochs_trains_nothing(self):
        t = trainer()
        before = weights_of(t.model)
        assert t.fit(epochs=0)["loss"] == []
        assert same_weights(before, weights_of(t.model))

    def test_same_seed_same_history(self):
        a = trainer(random_state=3).fit(epochs=3)
        b = trainer(random_state=3).fit(epochs=3)
        c = trainer(random_state=4).fit(epochs=3)
        assert a["loss"] == b["loss"]
        assert a["loss"] != c["loss"]  # another batch order

    def test_hybrid_net_trains(self):
        net = HybridNet(2, 2, CircuitConfig(n_qubits=2, n_layers=1), random_state=0)
        t = Trainer(net, nn.CrossEntropyLoss(), X * np.pi, Y_CLASS, metric=accuracy,
                    learning_rate=0.1, batch_size=20)
        history = t.fit(epochs=8)
        assert history["loss"][-1] < history["loss"][0]


class TestSteps:
    def test_steps_count_mini_batches_across_epochs(self):
        t = trainer(batch_size=16)  # 40 samples: batches of 16, 16, 8
        assert t.steps_per_epoch == 3
        assert t.step() is None and t.steps == 1
        t.run_epoch()
        assert t.steps == 3 and t.epoch == 1
        t.fit(epochs=2)
        assert t.steps == 9 and t.epoch == 3


class TestCallbacks:
    def test_called_after_every_epoch_with_its_row(self):
        seen = []
        t = trainer(callbacks=[lambda tr, row: seen.append((tr.epoch, row["epoch"]))])
        t.fit(epochs=3)
        assert seen == [(1, 1), (2, 2), (3, 3)]

    def test_returning_true_stops_training(self):
        t = trainer(callbacks=[lambda tr, row: row["epoch"] >= 2])
        t.fit(epochs=10)
        assert t.epoch == 2 and len(t.history["loss"]) == 2

    def test_every_callback_runs(self):
        calls = []
        t = trainer(callbacks=[lambda tr, row: calls.append("a"), lambda tr, row: calls.append(
            "b")])
        t.fit(epochs=2)
        assert calls == ["a", "b", "a", "b"]


class TestEarlyStopping:
    def test_stops_and_restores_the_best_weights(self):
        snapshots = {}
        t = Trainer(nn.Linear(2, 2).to(DTYPE), nn.CrossEntropyLoss(), X[:30], Y_CLASS[:30],
                    X_val=X[30:], y_val=1 - Y_CLASS[30:],  # flipped labels: val loss rises
                    learning_rate=0.2, batch_size=10,
                    callbacks=[lambda tr, row: snapshots.update({tr.epoch: weights_of(tr.model)})])
        history = t.fit(epochs=50, early_stopping=True, n_iter_no_change=3)
        val = np.array(history["val_loss"])
        assert t.epoch < 50
        # Best epoch by the trainer's rule (improvement by more than tol), computed here.
        best, best_epoch = np.inf, None
        for epoch, loss in enumerate(val, start=1):
            if loss < best - 1e-4:
                best, best_epoch = loss, epoch
        assert t.epoch - best_epoch == 3  # stopped after 3 epochs without improvement
        assert same_weights(weights_of(t.model), snapshots[best_epoch])
        assert not same_weights(weights_of(t.model), snapshots[t.epoch])

    def test_needs_validation_data(self):
        with pytest.raises(ValueError, match="early_stopping=True needs validation data"):
            trainer().fit(epochs=2, early_stopping=True)


class TestInterruption:
    def test_keyboard_interrupt_in_callback_keeps_last_epoch(self):
        snapshots = {}

        def callback(tr, row):
            snapshots[tr.epoch] = weights_of(tr.model)
            if tr.epoch == 3:
                raise KeyboardInterrupt

        t = trainer(callbacks=[callback])
        with pytest.warns(UserWarning, match="weights of epoch 3"):
            history = t.fit(epochs=10)
        assert t.epoch == 3 and len(history["loss"]) == 3
        assert same_weights(weights_of(t.model), snapshots[3])

    def test_keyboard_interrupt_mid_epoch_undoes_the_partial_epoch(self):
        snapshots, steps = {}, []
        loss_fn = nn.CrossEntropyLoss()

        def interrupting_loss(out, y):
            steps.append(1)
            if len(steps) == 2 * 3 + 2:  # second step of the third epoch
                raise KeyboardInterrupt
            return loss_fn(out, y)

        t = Trainer(linear_classifier(), interrupting_loss, X, Y_CLASS, batch_size=16,
                    callbacks=[lambda tr, row: snapshots.update({tr.epoch: weights_of(tr.model)})])
        with pytest.warns(UserWarning, match="weights of epoch 2"):
            t.fit(epochs=5)
        assert t.epoch == 2 and len(t.history["loss"]) == 2
        assert same_weights(weights_of(t.model), snapshots[2])
        # Training can go on afterwards with a fresh epoch.
        row = t.run_epoch()
        assert row["epoch"] == 3


class TestInputs:
    def test_unknown_optimizer_lists_valid_ones(self):
        with pytest.raises(ValueError, match=r"Unknown optimizer 'adamw'.*'adam', 'sgd'"):
            trainer(optimizer="adamw")

    @pytest.mark.parametrize("lr", [0.0, -1.0])
    def test_learning_rate_must_be_positive(self, lr):
        with pytest.raises(ValueError, match=rf"learning_rate must be > 0; got {lr}"):
            trainer(learning_rate=lr)

    def test_batch_size_must_be_positive(self):
        with pytest.raises(ValueError, match="batch_size must be an integer >= 1; got 0"):
            trainer(batch_size=0)

    def test_negative_epochs(self):
        with pytest.raises(ValueError, match="epochs must be an integer >= 0; got -1"):
            trainer().fit(epochs=-1)

    def test_every_optimizer_trains(self):
        for name in OPTIMIZERS:
            t = trainer(optimizer=name)
            before = weights_of(t.model)
            t.run_epoch()
            assert not same_weights(before, weights_of(t.model))

    def test_torch_optimizer_class(self):
        t = trainer(optimizer=torch.optim.AdamW)
        assert isinstance(t.optimizer, torch.optim.AdamW)

    def test_diverging_loss_raises(self):
        t = Trainer(nn.Linear(2, 1).to(DTYPE), lambda out, y: (out * np.inf).sum(), X, Y_REG)
        with pytest.raises(FloatingPointError, match="smaller learning_rate"):
            t.step()

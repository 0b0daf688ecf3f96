"""PyTorch modules: the quantum layer, its matched classical counterpart, and the hybrid network.

A :class:`HybridNet` is ``pre-network -> quantum layer -> head``:

* the optional classical **pre-network** maps the input features to what the encoding takes,
  squashed into ``[0, pi]`` so that they are good rotation angles;
* the **quantum layer** (:class:`QuantumLayer`) runs the whole batch through the circuit in one
  broadcast execution and returns one value per qubit (``<Z_i>``);
* the classical **head** maps those to the outputs (class scores or regression targets).

``quantum=False`` swaps the quantum layer for :class:`ClassicalCounterpart`, a small MLP with
(as nearly as possible) the same number of trainable parameters and the same input and output
sizes, so that "does the quantum part help?" can be asked fairly.

Examples
--------
>>> import torch
>>> net = HybridNet(n_features=2, n_outputs=2, config=CircuitConfig(n_qubits=2, n_layers=1))
>>> net(torch.zeros(5, 2, dtype=torch.float64)).shape
torch.Size([5, 2])
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import torch
from torch import nn

from qnnlab import encodings
from qnnlab.circuits import CircuitConfig, build_qnode, init_weights

__all__ = ["QuantumLayer", "ClassicalCounterpart", "HybridNet", "seeded", "encoding_width"]

DTYPE = torch.float64
#: Bytes of density matrices per noisy circuit execution (see QuantumLayer.chunk_size).
_NOISY_CHUNK_BYTES = 8 * 1024**2


@contextmanager
def seeded(random_state: int | None) -> Iterator[None]:
    """Run a block with torch's global RNG seeded, restoring the caller's RNG state afterwards."""
    with torch.random.fork_rng(devices=[]):
        if random_state is not None:
            torch.manual_seed(int(random_state))
        yield


def encoding_width(config: CircuitConfig) -> int:
    """How many values the encoding of ``config`` takes per sample on its qubits."""
    return encodings.get(config.encoding).capacity(config.n_qubits)


class QuantumLayer(nn.Module):
    """The circuit of ``config`` as a torch layer with trainable weights.

    Parameters
    ----------
    config : CircuitConfig
        The circuit; ``measurement`` must be ``"expval"`` or ``"probs"``.
    random_state : int or None
        Seed of the initial weights.

    Examples
    --------
    >>> layer = QuantumLayer(CircuitConfig("angle", "basic_entangler", n_qubits=2, n_layers=1))
    >>> layer(torch.zeros(3, 2, dtype=torch.float64)).shape
    torch.Size([3, 2])
    """

    def __init__(self, config: CircuitConfig, random_state: int | None = 0) -> None:
        super().__init__()
        if config.measurement == "state":
            raise ValueError("A QuantumLayer needs measurement 'expval' or 'probs'; got 'state'.")
        self.config = config
        self.weights = nn.Parameter(torch.tensor(init_weights(config, random_state), dtype=DTYPE))
        self.qnode = build_qnode(config=config)

    @property
    def n_outputs(self) -> int:
        """Values per sample: one per qubit (expval) or per basis state (probs)."""
        return self.config.n_outputs

    def reconfigure(self, **changes: Any) -> None:
        """Rebuild the circuit with some settings changed, keeping the trained weights.

        Used to evaluate a trained model under noise, with shots or with zero-noise
        extrapolation: ``layer.reconfigure(noise="depolarizing", noise_strength=0.05)``.
        """
        config = self.config.replace(**changes)
        if config.n_params != self.config.n_params:
            raise ValueError("reconfigure() cannot change the circuit's parameter count")
        self.config = config
        self.qnode = build_qnode(config=config)

    @property
    def chunk_size(self) -> int | None:
        """Samples per circuit execution: the whole batch, except for large density matrices.

        A batch of noisy (density-matrix) circuits is split so that one execution holds about
        8 MiB of density matrices: beyond the CPU cache, a broadcast execution gets slower per
        sample than a smaller one (measured in ``benchmarks/bench_training.py``).
        """
        if not self.config.noisy:
            return None
        return max(1, _NOISY_CHUNK_BYTES // (16 * 4**self.config.n_qubits))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Run the batch ``x`` (shape ``(batch, d)``) through the circuit, broadcast."""
        size = self.chunk_size or len(x)
        if len(x) <= size:
            return self._execute(x)
        return torch.cat([self._execute(x[i : i + size]) for i in range(0, len(x), size)])

    def _execute(self, x: torch.Tensor) -> torch.Tensor:
        out = self.qnode(x, self.weights)
        if isinstance(out, (list, tuple)):
            out = torch.stack([torch.as_tensor(o) for o in out], dim=-1)
        out = torch.as_tensor(out).to(DTYPE)
        return out.reshape(x.shape[0], self.n_outputs)

    def __getstate__(self) -> dict[str, Any]:
        # QNodes are rebuilt from the config rather than pickled.
        state = self.__dict__.copy()
        state.pop("qnode", None)
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self.qnode = build_qnode(config=self.config)


def matched_hidden_units(n_in: int, n_out: int, n_params: int) -> int:
    """Hidden width ``h`` of an ``n_in -> h -> n_out`` MLP whose size is closest to ``n_params``.

    The MLP has ``h * (n_in + 1) + n_out * (h + 1)`` parameters; ties go to the smaller ``h``.

    Examples
    --------
    >>> matched_hidden_units(2, 4, 24)  # 7h + 4: h = 3 gives 25, the closest to 24
    3
    """
    per_unit = n_in + 1 + n_out
    exact = (n_params - n_out) / per_unit
    candidates = {max(1, math.floor(exact)), max(1, math.ceil(exact))}
    return min(sorted(candidates), key=lambda h: abs(h * per_unit + n_out - n_params))


class ClassicalCounterpart(nn.Sequential):
    """An MLP standing in for a quantum layer: same inputs, outputs and (nearly) parameter count.

    ``n_in -> h -> n_out`` with tanh activations (outputs in ``[-1, 1]`` like ``<Z>``), with ``h``
    from :func:`matched_hidden_units`. The parameter counts of both are reported side by side
    (:func:`qnnlab.resources`); they differ by less than one hidden unit's worth.

    Examples
    --------
    >>> layer = ClassicalCounterpart(2, 4, n_params=24)
    >>> sum(p.numel() for p in layer.parameters())
    25
    """

    def __init__(self, n_in: int, n_out: int, n_params: int) -> None:
        hidden = matched_hidden_units(n_in, n_out, n_params)
        super().__init__(nn.Linear(n_in, hidden), nn.Tanh(), nn.Linear(hidden, n_out), nn.Tanh())
        self.target_params = n_params


class AngleSquash(nn.Module):
    """Map any real number into ``(0, pi)``: ``pi * sigmoid(z)``, a good rotation angle."""

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        return math.pi * torch.sigmoid(z)


def mlp(sizes: Sequence[int], activation: type[nn.Module] = nn.Tanh) -> list[nn.Module]:
    """Linear layers between consecutive ``sizes`` with ``activation`` between them."""
    layers: list[nn.Module] = []
    for i, (a, b) in enumerate(zip(sizes[:-1], sizes[1:])):
        layers.append(nn.Linear(a, b))
        if i < len(sizes) - 2:
            layers.append(activation())
    return layers


class HybridNet(nn.Module):
    """A hybrid quantum-classical network: pre-network, quantum layer, classical head.

    Parameters
    ----------
    n_features : int
        Input features per sample.
    n_outputs : int
        Outputs per sample (classes for a classifier, targets for a regressor).
    config : CircuitConfig
        The circuit (its ``n_features`` is set from the pre-network's output).
    pre_layers : sequence of int or None
        None: the features go straight into the encoding (it must be able to take them).
        A tuple of hidden sizes, ``()`` included: a classical pre-network
        ``n_features -> *pre_layers -> encoding width``, squashed into ``(0, pi)``.
    quantum : bool
        False swaps the quantum layer for its :class:`ClassicalCounterpart`.
    random_state : int or None
        Seed of every initial weight, classical and quantum.

    Attributes
    ----------
    pre : torch.nn.Module
        The pre-network (``nn.Identity`` when there is none).
    quantum_layer : QuantumLayer or ClassicalCounterpart
        The middle stage.
    head : torch.nn.Linear
        The classical head.

    Examples
    --------
    >>> net = HybridNet(4, 3, CircuitConfig(n_qubits=2, n_layers=1), pre_layers=())
    >>> net(torch.rand(8, 4, dtype=torch.float64)).shape
    torch.Size([8, 3])
    """

    def __init__(
        self,
        n_features: int,
        n_outputs: int,
        config: CircuitConfig,
        pre_layers: Sequence[int] | None = None,
        quantum: bool = True,
        random_state: int | None = 0,
    ) -> None:
        super().__init__()
        width = n_features if pre_layers is None else encoding_width(config)
        self.config = config.replace(n_features=width)
        self.quantum = quantum
        with seeded(random_state):
            if pre_layers is None:
                self.pre: nn.Module = nn.Identity()
            else:
                sizes = [n_features, *pre_layers, width]
                self.pre = nn.Sequential(*mlp(sizes), AngleSquash())
            if quantum:
                self.quantum_layer: nn.Module = QuantumLayer(self.config, random_state)
            else:
                self.quantum_layer = ClassicalCounterpart(
                    width, self.config.n_outputs, self.config.n_params
                )
            self.head = nn.Linear(self.config.n_outputs, n_outputs)
        self.to(DTYPE)

    def features(self, x: torch.Tensor) -> torch.Tensor:
        """The values that enter the encoding (after the pre-network)."""
        return self.pre(x)

    def quantum_features(self, x: torch.Tensor) -> torch.Tensor:
        """The quantum layer's outputs (``<Z_i>`` per qubit) for ``x``."""
        return self.quantum_layer(self.pre(x))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Outputs for the batch ``x`` of shape ``(batch, n_features)``."""
        return self.head(self.quantum_features(x))

    def n_parameters(self) -> dict[str, int]:
        """Trainable parameters per stage: pre-network, quantum (or counterpart), head."""
        count = _count_parameters
        return {
            "pre": count(self.pre),
            "quantum" if self.quantum else "classical_counterpart": count(self.quantum_layer),
            "head": count(self.head),
        }


def _count_parameters(module: nn.Module) -> int:
    return sum(p.numel() for p in module.parameters() if p.requires_grad)

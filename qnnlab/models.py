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

import pennylane as qml
import torch
from torch import nn

from qnnlab import encodings
from qnnlab._concurrency import circuit_lock
from qnnlab._validation import brief_repr, check_bool, check_positive_int
from qnnlab.circuits import (
    CircuitConfig,
    build_qnode,
    differentiates_broadcast_inputs,
    init_weights,
)

__all__ = [
    "QuantumLayer", "ClassicalCounterpart", "HybridNet", "seeded", "torch_threads",
    "encoding_width",
]

DTYPE = torch.float64
#: Bytes of density matrices per noisy circuit execution (see QuantumLayer.chunk_size).
_NOISY_CHUNK_BYTES = 8 * 1024**2


@contextmanager
def seeded(random_state: int | None) -> Iterator[None]:
    """Run a block with torch's global RNG seeded, restoring the caller's RNG state afterwards.

    The block holds :func:`qnnlab.circuit_lock`: the generator is process-global, so another
    thread must not draw from it (or seed it) in between.

    Examples
    --------
    >>> with seeded(0):
    ...     first = nn.Linear(2, 1).weight
    >>> with seeded(0):
    ...     second = nn.Linear(2, 1).weight
    >>> bool(torch.equal(first, second))  # same seed, same initial weights
    True
    """
    with circuit_lock(), torch.random.fork_rng(devices=[]):
        if random_state is not None:
            torch.manual_seed(int(random_state))
        yield


@contextmanager
def torch_threads(n_threads: int | None) -> Iterator[None]:
    """Run a block with ``n_threads`` torch intra-op threads (None: leave torch alone).

    Small circuits gain nothing from extra threads: they only add synchronisation, which on a
    busy machine makes a training step many times slower (the Playground and benchmark jobs use
    one thread). The caller's setting is restored afterwards.

    Examples
    --------
    >>> before = torch.get_num_threads()
    >>> with torch_threads(1):
    ...     torch.get_num_threads()
    1
    >>> torch.get_num_threads() == before
    True
    """
    previous = torch.get_num_threads()
    change = n_threads is not None and n_threads != previous
    if change:
        torch.set_num_threads(n_threads)
    try:
        yield
    finally:
        if change:
            torch.set_num_threads(previous)


def encoding_width(config: CircuitConfig) -> int:
    """How many values the encoding of ``config`` takes per sample on its qubits.

    Examples
    --------
    >>> encoding_width(CircuitConfig("dense_angle", n_qubits=3))  # two angles per qubit
    6
    >>> encoding_width(CircuitConfig("amplitude", n_qubits=3))  # 2**3 amplitudes
    8
    """
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
        qnode = self.qnode
        trainable_inputs = x.requires_grad or self.config.trainable_scaling
        if torch.is_grad_enabled() and trainable_inputs \
                and not differentiates_broadcast_inputs(qnode):
            qnode = qml.transforms.broadcast_expand(qnode)  # one circuit per sample
        out = qnode(x, self.weights)
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
    """Widest hidden layer ``h`` of an ``n_in -> h -> n_out`` MLP with at most ``n_params``.

    The MLP has ``h * (n_in + 1) + n_out * (h + 1)`` parameters; at least one hidden unit.

    Examples
    --------
    >>> matched_hidden_units(2, 4, 24)  # 7h + 4 <= 24: h = 2 (18 parameters)
    2
    """
    per_unit = n_in + 1 + n_out
    return max(1, (n_params - n_out) // per_unit)


def partial_unit_sizes(n_in: int, n_out: int, gap: int, max_trade: int) -> tuple[int, list[int]]:
    """How to fill ``gap`` parameters exactly with partial hidden units.

    A partial unit sees ``a`` of the inputs, has a bias and feeds ``b`` of the outputs:
    ``a + 1 + b`` parameters with ``1 <= a <= n_in`` and ``1 <= b <= n_out``, so a size from 3
    to a full unit's ``n_in + 1 + n_out``. Where the gap alone cannot be split so, up to
    ``max_trade`` full units are traded for partial ones.

    Returns
    -------
    traded : int
        Full hidden units to remove.
    sizes : list of int
        Sizes of the partial units (empty, with ``traded = 0``, if the gap cannot be filled).

    Examples
    --------
    >>> partial_unit_sizes(2, 4, 6, max_trade=1), partial_unit_sizes(2, 4, 1, max_trade=1)
    ((0, [6]), (1, [4, 4]))
    """
    full = n_in + 1 + n_out
    if gap == 0:
        return 0, []
    for traded in range(max_trade + 1):
        total = gap + traded * full
        n_units = -(-total // full)
        if total >= 3 * n_units:
            base, extra = divmod(total, n_units)
            return traded, [base + 1] * extra + [base] * (n_units - extra)
    return 0, []


class ClassicalCounterpart(nn.Module):
    """An MLP standing in for a quantum layer: same inputs, outputs and parameter count.

    ``n_in -> h -> n_out`` with tanh activations (outputs in ``[-1, 1]`` like ``<Z>``). The
    widest hidden layer that fits (:func:`matched_hidden_units`) is completed by one or two
    *partial* hidden units (:func:`partial_unit_sizes`): a unit connected to only some inputs
    and outputs, whose weights fill the remaining parameters exactly. So the counterpart has
    exactly as many trainable parameters as the circuit, and none of them is redundant. Only
    where no such split exists (counts below about two hidden units' worth, or one input and
    one output) is the size only the nearest one this layout allows; :attr:`n_params` tells.

    Examples
    --------
    >>> layer = ClassicalCounterpart(2, 4, n_params=24)
    >>> layer.hidden, layer.partial_sizes, layer.n_params
    (2, [6], 24)
    """

    def __init__(self, n_in: int, n_out: int, n_params: int) -> None:
        super().__init__()
        per_unit = n_in + 1 + n_out
        self.hidden = matched_hidden_units(n_in, n_out, n_params)
        gap = n_params - (self.hidden * per_unit + n_out)
        traded, self.partial_sizes = partial_unit_sizes(
            n_in, n_out, gap, max_trade=max(self.hidden - 1, 0) if gap > 0 else 0
        )
        self.hidden -= traded
        self.first = nn.Linear(n_in, self.hidden)
        self.second = nn.Linear(self.hidden, n_out)
        self.partial_in = nn.ParameterList()
        self.partial_bias = nn.ParameterList()
        self.partial_out = nn.ParameterList()
        for size in self.partial_sizes:
            n_inputs = min(n_in, size - 2)
            n_outputs = size - 1 - n_inputs
            bound = 1 / math.sqrt(n_inputs)  # nn.Linear's default initialisation range
            self.partial_in.append(nn.Parameter(torch.empty(n_inputs).uniform_(-bound, bound)))
            self.partial_bias.append(nn.Parameter(torch.empty(1).uniform_(-bound, bound)))
            self.partial_out.append(nn.Parameter(torch.empty(n_outputs).uniform_(-0.5, 0.5)))
        self.n_out = n_out
        self.target_params = n_params

    @property
    def n_params(self) -> int:
        """Trainable parameters of this counterpart."""
        return _count_parameters(self)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Map ``x`` (``(batch, n_in)``) to ``(batch, n_out)`` values in ``[-1, 1]``."""
        out = self.second(torch.tanh(self.first(x)))
        for w_in, bias, w_out in zip(self.partial_in, self.partial_bias, self.partial_out):
            unit = torch.tanh(x[..., : len(w_in)] @ w_in + bias)
            contribution = unit[..., None] * w_out
            out = out + nn.functional.pad(contribution, (0, self.n_out - len(w_out)))
        return torch.tanh(out)


class AngleSquash(nn.Module):
    """Map any real number into ``(0, pi)``: ``pi * sigmoid(z)``, a good rotation angle.

    Examples
    --------
    >>> AngleSquash()(torch.tensor([-100.0, 0.0, 100.0]))
    tensor([0.0000, 1.5708, 3.1416])
    """

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        return math.pi * torch.sigmoid(z)


def mlp(sizes: Sequence[int], activation: type[nn.Module] = nn.Tanh) -> list[nn.Module]:
    """Linear layers between consecutive ``sizes`` with ``activation`` between them.

    Examples
    --------
    >>> nn.Sequential(*mlp([4, 8, 2]))
    Sequential(
      (0): Linear(in_features=4, out_features=8, bias=True)
      (1): Tanh()
      (2): Linear(in_features=8, out_features=2, bias=True)
    )
    """
    layers: list[nn.Module] = []
    for i, (a, b) in enumerate(zip(sizes[:-1], sizes[1:])):
        layers.append(nn.Linear(a, b))
        if i < len(sizes) - 2:
            layers.append(activation())
    return layers


#: Most trainable classical parameters of a network's pre-network and head (10**7: 80 MB,
#: about 320 MB with an optimiser's state); a larger request is refused before allocating.
MAX_CLASSICAL_PARAMS = 10_000_000


def check_pre_layers(pre_layers: Any) -> tuple[int, ...] | None:
    """Return ``pre_layers`` as a tuple of hidden sizes (or None), else raise a clear error.

    Examples
    --------
    >>> check_pre_layers([8, 4]), check_pre_layers(None)
    ((8, 4), None)
    >>> check_pre_layers(5)
    Traceback (most recent call last):
    ...
    TypeError: pre_layers must be None or a sequence of hidden sizes, e.g. () for one linear \
map or (8,) for one hidden layer; got 5
    """
    if pre_layers is None:
        return None
    if isinstance(pre_layers, (str, bytes)) or not isinstance(pre_layers, Sequence):
        raise TypeError(
            "pre_layers must be None or a sequence of hidden sizes, e.g. () for one linear map "
            f"or (8,) for one hidden layer; got {brief_repr(pre_layers)}"
        )
    return tuple(check_positive_int("pre_layers entry", size) for size in pre_layers)


def mlp_parameter_count(sizes: Sequence[int]) -> int:
    """Weights and biases of the linear layers between consecutive ``sizes``.

    Examples
    --------
    >>> mlp_parameter_count([4, 8, 2])  # (4 + 1) * 8 + (8 + 1) * 2
    58
    """
    return sum((a + 1) * b for a, b in zip(sizes[:-1], sizes[1:]))


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
        if not isinstance(config, CircuitConfig):
            raise TypeError(f"config must be a CircuitConfig; got {brief_repr(config)}")
        check_positive_int("n_features", n_features)
        check_positive_int("n_outputs", n_outputs)
        pre_layers = check_pre_layers(pre_layers)
        width = n_features if pre_layers is None else encoding_width(config)
        classical = mlp_parameter_count([config.n_outputs, n_outputs])
        if pre_layers is not None:
            classical += mlp_parameter_count([n_features, *pre_layers, width])
        if classical > MAX_CLASSICAL_PARAMS:
            raise ValueError(
                f"The pre-network and head would have {classical} parameters; at most "
                f"{MAX_CLASSICAL_PARAMS} (MAX_CLASSICAL_PARAMS). Use smaller pre_layers or "
                "fewer features."
            )
        self.config = config.replace(n_features=width)
        self.quantum = check_bool("quantum", quantum)
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

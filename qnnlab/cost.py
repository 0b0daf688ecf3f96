"""What a simulation will cost, known before it starts: seconds and peak memory.

One home for the cost model of qnnlab's simulations. A batched circuit execution with
PennyLane's ``default.qubit`` (state vectors, ``2**n`` complex amplitudes per sample) or
``default.mixed`` (density matrices, ``4**n``) costs time and memory in proportion to

    operations x samples x amplitudes

Training (autograd) keeps one state per operation for the backward pass; evaluation without
gradients keeps only a few. The constants below were measured (peak RSS and wall time of one
execution with :func:`measure_execution`; ``benchmarks/calibrate_cost.py`` prints the table)
with one torch thread at sizes from 2 to 16 qubits, and rounded up: the estimates are meant to
be safe, within a factor of about 3 of the measured peaks (``tests/test_cost.py`` checks this
against fresh measurements).

The memory the estimate is compared with is the container's limit (cgroup v2
``memory.max`` or v1 ``memory.limit_in_bytes``), or the machine's physical memory when there is
none; a :class:`Budget` (default: a 1-CPU, 2 GB Binder pod) adds time limits so an interactive
tool stays responsive.

Examples
--------
>>> cost = execution_cost(n_qubits=10, n_ops=50, batch=32, noisy=False, grad=True)
>>> round(cost.peak_bytes / 2**20)  # 50 states of 32 x 1024 amplitudes x 16 B, x 1.5
38
>>> plan = plan_playground(n_qubits=4, n_ops=20, noisy=False, n_train=150, n_test=50,
...                        batch_size=32, resolution=30)
>>> plan.problem, plan.resolution
('', 30)
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
import textwrap
from dataclasses import dataclass, field, replace
from pathlib import Path

__all__ = [
    "Budget",
    "Cost",
    "PlaygroundPlan",
    "compile_seconds",
    "execution_cost",
    "format_bytes",
    "format_seconds",
    "measure_execution",
    "memory_limit_bytes",
    "plan_playground",
    "view_points",
]

#: Bytes of one complex128 amplitude.
BYTES_PER_AMPLITUDE = 16
#: Peak bytes per (operation x sample x amplitude x 16 B) with autograd: pure, noisy.
#: Measured 1.0-1.5 (state vectors) and 0.3-0.75 (noisy circuits on qnnlab.pauli_transfer:
#: real Pauli coefficients, fused transfer matrices; default.mixed needed 3.3-4.2).
_GRAD_MEMORY = {False: 1.5, True: 0.8}
#: Peak bytes per (sample x amplitude x 16 B) without gradients: pure (measured 6.5-8), noisy
#: (per execution of a noisy chunk; measured 0.5-2.2 on qnnlab.pauli_transfer).
_EVAL_MEMORY = {False: 8.0, True: 2.5}
#: Seconds per (operation x sample x amplitude): (noisy, grad). Measured on one core of a
#: quiet machine: 25-70 ns (pure, grad), 18 ns (pure, no grad); noisy on qnnlab.pauli_transfer
#: 10 ns (grad) and 6 ns (no grad) on a busy machine (default.mixed took 130-170 and 90 ns).
#: Set at about 1.5-2 times those.
_SECONDS_PER_AMP_OP = {(False, True): 90e-9, (False, False): 40e-9,
                       (True, True): 20e-9, (True, False): 12e-9}
#: Python overhead per operation and execution (measured 0.7 ms pure, at most 1.6 ms noisy).
_SECONDS_PER_OP = {False: 0.8e-3, True: 1.5e-3}
#: The device-profile path below was calibrated with these terms for the states (seconds per
#: operation x sample x amplitude, by grad) and this memory factor; kept as calibrated.
_DEVICE_STATE_SECONDS = {True: 250e-9, False: 150e-9}
_DEVICE_GRAD_MEMORY = 4.5
_DEVICE_EVAL_MEMORY = 8.0
#: With a device profile, every execution first compiles its batch (qnnlab.hardware.compile):
#: seconds per operation of the circuit before compilation, per execution (measured 0.6-1.0
#: ms with gradients) and, without gradients (its fusion then goes sample by sample), per
#: operation and sample (measured 0.13 ms); set at about 1.5 times those.
_COMPILE_SECONDS_PER_OP = 1.5e-3
_COMPILE_SECONDS_PER_OP_SAMPLE = {True: 0.0, False: 0.2e-3}
#: The compiled circuit's simulation, beyond the work on the states: seconds per compiled
#: operation and execution (by grad; measured about 1.6 and 0.7 ms) and per compiled operation
#: and sample (transfer matrices for every sample, kept for the backward pass; measured 73 us
#: with gradients, little without).
_DEVICE_SECONDS_PER_OP = {True: 2e-3, False: 1e-3}
_DEVICE_SECONDS_PER_OP_SAMPLE = {True: 75e-6, False: 10e-6}
#: Density-matrix bytes per noisy execution (qnnlab.models splits larger batches).
_NOISY_CHUNK_BYTES = 8 * 2**20
#: Cgroup files holding the container's memory limit (v2, then v1).
_CGROUP_FILES = ("memory.max", "memory/memory.limit_in_bytes")
#: A cgroup v1 "no limit" is a huge number (about 2**63); anything above this means none.
_NO_LIMIT = 2**60


def physical_memory_bytes() -> int:
    """Physical memory of this machine in bytes (2 GiB if it cannot be read).

    Examples
    --------
    >>> physical_memory_bytes() >= 2**20
    True
    """
    try:
        return int(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES"))
    except (ValueError, OSError, AttributeError):
        return 2 * 1024**3


def _cgroup_limit(root: Path) -> int | None:
    for name in _CGROUP_FILES:
        try:
            text = (root / name).read_text().strip()
        except OSError:
            continue
        if text.isdigit() and int(text) < _NO_LIMIT:
            return int(text)
    return None


def memory_limit_bytes(cgroup_root: str | os.PathLike[str] = "/sys/fs/cgroup") -> int:
    """Memory this process may use: the container's limit, else the physical memory.

    Reads cgroup v2 (``<root>/memory.max``) or v1 (``<root>/memory/memory.limit_in_bytes``);
    ``max`` or a v1 "unlimited" value count as no limit. The smaller of the limit and the
    physical memory is returned.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> root = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (root / "memory.max").write_text("2147483648\\n")  # a 2 GiB Binder pod
    >>> memory_limit_bytes(root) == min(2 * 1024**3, physical_memory_bytes())
    True
    >>> _ = (root / "memory.max").write_text("max\\n")  # no limit: the machine's memory
    >>> memory_limit_bytes(root) == physical_memory_bytes()
    True
    """
    limit = _cgroup_limit(Path(cgroup_root))
    physical = physical_memory_bytes()
    return physical if limit is None else min(limit, physical)


def format_bytes(n_bytes: float) -> str:
    """``n_bytes`` in the largest binary unit below 1024 of it.

    Examples
    --------
    >>> format_bytes(1536), format_bytes(3 * 2**30)
    ('1.5 KiB', '3.0 GiB')
    """
    for unit in ("B", "KiB", "MiB", "GiB", "TiB", "PiB"):
        if abs(n_bytes) < 1024 or unit == "PiB":
            return f"{n_bytes:.1f} {unit}"
        n_bytes /= 1024
    raise AssertionError("unreachable")


def format_seconds(seconds: float) -> str:
    """A duration for people: ``0.05 s``, ``12 s``, ``3 min``, ``2.5 h``.

    Examples
    --------
    >>> format_seconds(0.0512), format_seconds(12.3), format_seconds(200), format_seconds(9000)
    ('0.05 s', '12 s', '3 min', '2.5 h')
    """
    if seconds < 1:
        return f"{seconds:.2f} s"
    if seconds < 100:
        return f"{seconds:.0f} s"
    if seconds < 5400:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"


@dataclass(frozen=True)
class Cost:
    """Estimated wall time (one core) and peak memory of some work.

    Examples
    --------
    >>> Cost(0.5, 2**20) + Cost(1.0, 2**21)  # one after the other: times add, peaks do not
    Cost(seconds=1.5, peak_bytes=2097152)
    """

    seconds: float
    peak_bytes: int

    def __add__(self, other: Cost) -> Cost:
        return Cost(self.seconds + other.seconds, max(self.peak_bytes, other.peak_bytes))

    def times(self, n: float) -> Cost:
        """``n`` repetitions one after the other (same peak).

        Examples
        --------
        >>> Cost(0.1, 100).times(5)
        Cost(seconds=0.5, peak_bytes=100)
        """
        return Cost(self.seconds * n, self.peak_bytes)


def amplitudes(n_qubits: int, noisy: bool) -> int:
    """Numbers per sample: ``2**n`` (state vector) or ``4**n`` (density matrix).

    Examples
    --------
    >>> amplitudes(3, noisy=False), amplitudes(3, noisy=True)
    (8, 64)
    """
    return 4**n_qubits if noisy else 2**n_qubits


def noisy_chunk(n_qubits: int) -> int:
    """Samples per noisy execution (as :attr:`qnnlab.models.QuantumLayer.chunk_size`).

    Examples
    --------
    >>> noisy_chunk(2), noisy_chunk(8)
    (32768, 8)
    """
    return max(1, _NOISY_CHUNK_BYTES // (BYTES_PER_AMPLITUDE * 4**n_qubits))


def compile_seconds(n_ops: int, batch: int, *, grad: bool) -> float:
    """Seconds to compile one batched execution to a device profile.

    Parameters
    ----------
    n_ops : int
        Operations of the circuit before compilation (``resources(config)["gates"]``).
    batch : int
        Samples in the execution.
    grad : bool
        With gradients the batch is compiled once; without, the fusion of one-qubit gates
        (whose shortcuts PennyLane decides per sample) runs sample by sample.

    Examples
    --------
    >>> round(compile_seconds(20, 32, grad=True), 3), round(compile_seconds(20, 32, grad=False), 3)
    (0.03, 0.158)
    """
    per_sample = _COMPILE_SECONDS_PER_OP_SAMPLE[grad] * batch
    return n_ops * (_COMPILE_SECONDS_PER_OP + per_sample)


def execution_cost(n_qubits: int, n_ops: int, batch: int, *, noisy: bool, grad: bool,
                   compiled_ops: int | None = None) -> Cost:
    """Estimated cost of one batched execution of a circuit (forward, plus backward if ``grad``).

    Parameters
    ----------
    n_qubits : int
        Qubits of the circuit.
    n_ops : int
        Operations in it (``qnnlab.resources(config)["gates"]``).
    batch : int
        Samples in the batch.
    noisy : bool
        Density matrices (noise) instead of state vectors.
    grad : bool
        With autograd (training: forward and backward) or without (evaluation).
    compiled_ops : int, optional
        With a device profile: operations of the compiled circuit
        (``resources(config, profile=...)["compiled"]["gates"]``, SWAPs included). The
        simulation, always noisy, runs these, and each execution is compiled first
        (:func:`compile_seconds`).

    Examples
    --------
    >>> pure = execution_cost(12, 60, 32, noisy=False, grad=True)
    >>> noisy = execution_cost(6, 30, 16, noisy=True, grad=True)
    >>> format_bytes(pure.peak_bytes), format_bytes(noisy.peak_bytes)  # measured 173, 22 MiB
    ('180.0 MiB', '24.0 MiB')
    >>> device = execution_cost(4, 20, 32, noisy=True, grad=True, compiled_ops=60)  # toy_line
    >>> round(device.seconds, 2)  # measured 0.25 s; the same noise without a profile: 0.12 s
    0.33
    """
    if compiled_ops is not None:
        return _device_execution_cost(n_qubits, n_ops, compiled_ops, batch, grad=grad)
    n_amplitudes = amplitudes(n_qubits, noisy)
    work = n_ops * batch * n_amplitudes
    seconds = _SECONDS_PER_AMP_OP[(noisy, grad)] * work
    executions = math.ceil(batch / noisy_chunk(n_qubits)) if noisy else 1
    seconds += _SECONDS_PER_OP[noisy] * n_ops * executions
    if grad:
        peak = _GRAD_MEMORY[noisy] * n_ops * batch * n_amplitudes * BYTES_PER_AMPLITUDE
    else:
        per_execution = min(batch, noisy_chunk(n_qubits)) if noisy else batch
        peak = _EVAL_MEMORY[noisy] * per_execution * n_amplitudes * BYTES_PER_AMPLITUDE
    return Cost(seconds, int(peak))


def _device_execution_cost(n_qubits: int, n_ops: int, compiled_ops: int, batch: int, *,
                           grad: bool) -> Cost:
    """One execution compiled to a device profile (see :func:`execution_cost`).

    Measured (``benchmarks/calibrate_cost.py``): the fast density-matrix simulator fuses the
    compiled one-qubit gates and their channels back, so the work on the states tracks the
    circuit before compilation (``n_ops``), while the overhead per operation and the transfer
    matrices made for every sample (kept for the backward pass) grow with ``compiled_ops``;
    plus the compilation of each execution.
    """
    chunk, n_amplitudes = noisy_chunk(n_qubits), amplitudes(n_qubits, True)
    executions, per_execution = math.ceil(batch / chunk), min(batch, chunk)
    states = _DEVICE_STATE_SECONDS[grad] * n_ops * batch * n_amplitudes
    per_op = (_DEVICE_SECONDS_PER_OP[grad] * executions
              + _DEVICE_SECONDS_PER_OP_SAMPLE[grad] * batch)
    compiling = executions * compile_seconds(n_ops, per_execution, grad=grad)
    if grad:
        memory = _DEVICE_GRAD_MEMORY * n_ops * batch * n_amplitudes * BYTES_PER_AMPLITUDE
    else:
        memory = _DEVICE_EVAL_MEMORY * per_execution * n_amplitudes * BYTES_PER_AMPLITUDE
    matrices = _DEVICE_GRAD_MEMORY * compiled_ops * batch * 16**2 * 8 if grad else 0
    return Cost(states + per_op * compiled_ops + compiling, int(memory + matrices))


@dataclass(frozen=True)
class Budget:
    """Limits for interactive work, sized by default for a 1-CPU, 2 GB Binder pod.

    Attributes
    ----------
    memory_bytes : int
        Memory the computation may use on top of the running kernel (default 1 GiB); never
        more than ``memory_fraction`` of :func:`memory_limit_bytes`.
    memory_fraction : float
        Share of the container's (or machine's) memory the computation may use.
    seconds_per_chunk : float
        Longest piece of work that cannot be interrupted (one training mini-batch, one chunk
        of an evaluation): Pause and Reset wait at most this long.
    seconds_per_epoch : float
        Longest epoch (training, evaluation and the decision surface).
    seconds_per_view : float
        Longest decision-surface evaluation; a slower one is drawn on fewer points.

    Examples
    --------
    >>> Budget().usable_memory(limit=2 * 1024**3) == 1024**3
    True
    >>> Budget(memory_bytes=8 * 1024**3).usable_memory(limit=4 * 1024**3) == 2 * 1024**3
    True
    """

    memory_bytes: int = 1024**3
    memory_fraction: float = 0.5
    seconds_per_chunk: float = 0.4
    seconds_per_epoch: float = 60.0
    seconds_per_view: float = 3.0

    def usable_memory(self, limit: int | None = None) -> int:
        """Bytes the computation may use (``limit``: default :func:`memory_limit_bytes`)."""
        limit = memory_limit_bytes() if limit is None else limit
        return int(min(self.memory_bytes, self.memory_fraction * limit))


#: The smallest decision-surface grid the Playground draws.
MIN_RESOLUTION = 8
#: The Playground's tasks (what :func:`view_points` and :func:`plan_playground` accept).
TASKS = ("classification", "regression")
#: A regression picture draws the fitted curve on this many points per unit of resolution...
CURVE_POINTS_PER_RESOLUTION = 4
#: ... and samples the model over one period for its Fourier spectrum (frequencies up to 32).
FOURIER_POINTS = 65


def view_points(resolution: int, task: str = "classification") -> int:
    """Model evaluations of one Playground picture at ``resolution``.

    Classification: the decision surface, ``resolution**2`` points (any number of classes:
    the classes only widen the classical head). Regression: the fitted curve,
    ``CURVE_POINTS_PER_RESOLUTION * resolution`` points, and the Fourier spectrum's
    ``FOURIER_POINTS`` samples.

    Examples
    --------
    >>> view_points(30), view_points(30, "regression")
    (900, 185)
    """
    if task not in TASKS:
        raise ValueError(f"task must be one of {list(TASKS)}; got {task!r}")
    if task == "regression":
        return CURVE_POINTS_PER_RESOLUTION * resolution + FOURIER_POINTS
    return resolution**2


@dataclass(frozen=True)
class PlaygroundPlan:
    """What the current Playground settings will cost, and whether they are allowed.

    Attributes
    ----------
    step, epoch, first_view : Cost
        One training mini-batch; one epoch (steps, scores, decision surface); the first
        picture (scores of the untrained model and its surface).
    eval_chunk : int
        Samples per evaluation chunk (each within ``budget.seconds_per_chunk``).
    resolution : int
        Decision-surface grid size (smaller than asked when the surface would be too slow).
    problem : str
        Why the settings are refused, in plain words (empty when allowed).
    notes : list of str
        What was downsized, visibly.
    memory_budget : int
        The bytes the computation may use.
    """

    step: Cost
    epoch: Cost
    first_view: Cost
    eval_chunk: int
    resolution: int
    problem: str = ""
    notes: list[str] = field(default_factory=list)
    memory_budget: int = 0

    @property
    def allowed(self) -> bool:
        """True when the settings fit the budget."""
        return not self.problem

    def summary(self) -> str:
        """One line for learners: time per epoch and peak memory.

        Examples
        --------
        >>> plan = plan_playground(n_qubits=4, n_ops=20, noisy=False, n_train=150, n_test=50,
        ...                        batch_size=32, resolution=30, memory_limit=2 * 1024**3)
        >>> plan.summary()
        'Cost: about 0.1 s per epoch, peak 1.8 MiB of 1.0 GiB allowed'
        """
        seconds = self.epoch.seconds
        time = f"{seconds:.1f} s" if seconds < 1 else format_seconds(seconds)
        return (f"Cost: about {time} per epoch, peak {format_bytes(self.epoch.peak_bytes)} "
                f"of {format_bytes(self.memory_budget)} allowed")


def _largest(fits: callable, high: int) -> int:  # type: ignore[valid-type]
    """The largest n in [0, high] with fits(n) (fits is monotone decreasing); 0 if none."""
    low = 0
    while low < high:
        mid = (low + high + 1) // 2
        if fits(mid):
            low = mid
        else:
            high = mid - 1
    return low


def plan_playground(
    *,
    n_qubits: int,
    n_ops: int,
    noisy: bool,
    n_train: int,
    n_test: int,
    batch_size: int,
    resolution: int,
    twin: bool = False,
    budget: Budget | None = None,
    memory_limit: int | None = None,
    task: str = "classification",
    compiled_ops: int | None = None,
) -> PlaygroundPlan:
    """Cost of the Playground's settings; refuse or downsize what exceeds ``budget``.

    Refused (``problem`` set, before anything is allocated): a mini-batch that needs more
    memory than allowed or takes longer than ``budget.seconds_per_chunk`` (Pause could not
    answer in time), or an epoch longer than ``budget.seconds_per_epoch``. Downsized (said in
    ``notes``): a decision surface slower than ``budget.seconds_per_view`` is drawn on fewer
    points. Evaluations run in chunks of ``eval_chunk`` samples.

    Parameters
    ----------
    n_qubits, n_ops : int
        Qubits and operations of the circuit.
    noisy : bool
        Density matrices (noise) instead of state vectors.
    n_train, n_test : int
        Training and test points.
    batch_size : int
        Mini-batch size.
    resolution : int
        Asked decision-surface grid size.
    twin : bool
        A classical twin trains too (small: a few milliseconds per step).
    budget : Budget, optional
        Limits (default: :class:`Budget`).
    memory_limit : int, optional
        Bytes of the container (default: :func:`memory_limit_bytes`).
    task : {"classification", "regression"}
        What one picture evaluates (:func:`view_points`): a decision surface, or a fitted
        curve and its Fourier spectrum.
    compiled_ops : int, optional
        With a device profile: operations of the compiled circuit; every execution is then
        compiled and simulated with noise (see :func:`execution_cost`).

    Examples
    --------
    >>> plan = plan_playground(n_qubits=16, n_ops=96, noisy=False, n_train=150, n_test=50,
    ...                        batch_size=32, resolution=30, memory_limit=2 * 1024**3)
    >>> print(plan.problem)  # doctest: +NORMALIZE_WHITESPACE
    One training mini-batch of 32 samples on 16 qubits needs about 4.5 GiB of memory; 1.0 GiB
    may be used here. Choose fewer qubits.
    """
    budget = budget or Budget()
    view_points(resolution, task)  # checks the task before any work
    memory_budget = budget.usable_memory(memory_limit)
    batch = max(1, min(batch_size, n_train))

    def step_cost(b: int) -> Cost:
        return execution_cost(n_qubits, n_ops, b, noisy=noisy, grad=True,
                              compiled_ops=compiled_ops) + Cost(0.002 * twin, 0)

    def eval_cost(b: int) -> Cost:
        return execution_cost(n_qubits, n_ops, b, noisy=noisy, grad=False,
                              compiled_ops=compiled_ops)

    def eval_fits(b: int) -> bool:
        cost = eval_cost(b)
        return cost.seconds <= budget.seconds_per_chunk / 2 and cost.peak_bytes <= memory_budget

    eval_chunk = max(1, _largest(eval_fits, 4096))
    step = step_cost(batch)

    def chunked_eval_cost(points: int) -> Cost:
        return eval_cost(min(eval_chunk, points)).times(points / min(eval_chunk, points))

    scores = chunked_eval_cost(n_train + n_test)

    chosen = resolution
    view_limit = budget.seconds_per_view
    while (chosen > MIN_RESOLUTION
           and chunked_eval_cost(view_points(chosen, task)).seconds > view_limit):
        chosen -= 1
    surface = chunked_eval_cost(view_points(chosen, task))
    steps = math.ceil(n_train / batch)
    epoch = step.times(steps) + scores + surface
    first_view = scores + surface
    plan = PlaygroundPlan(step, epoch, first_view, eval_chunk, chosen, memory_budget=memory_budget)
    problem = _refusal(plan, budget, n_qubits=n_qubits, batch=batch, noisy=noisy,
                       fits_batch=_largest(lambda b: _step_fits(step_cost(b), budget,
                                                                memory_budget), batch))
    notes = []
    if chosen < resolution and task == "regression":
        notes.append(f"The fitted curve is drawn on {CURVE_POINTS_PER_RESOLUTION * chosen} "
                     f"points instead of {CURVE_POINTS_PER_RESOLUTION * resolution}, so that it "
                     f"takes about {format_seconds(surface.seconds)}.")
    elif chosen < resolution:
        notes.append(f"The decision surface is drawn on {chosen} x {chosen} points instead of "
                     f"{resolution} x {resolution}, so that it takes about "
                     f"{format_seconds(surface.seconds)}.")
    return replace(plan, problem=problem, notes=notes)


def _step_fits(cost: Cost, budget: Budget, memory_budget: int) -> bool:
    return cost.peak_bytes <= memory_budget and cost.seconds <= budget.seconds_per_chunk


def _advice(n_qubits: int, batch: int, fits_batch: int, noisy: bool) -> str:
    options = []
    if 0 < fits_batch < batch:
        options.append(f"a batch size of at most {fits_batch}")
    options.append("fewer qubits")
    if noisy:
        options.append("no noise (a state vector of 2^n numbers instead of a 4^n density matrix)")
    return "Choose " + ", or ".join(options) + "."


def _refusal(plan: PlaygroundPlan, budget: Budget, *, n_qubits: int, batch: int, noisy: bool,
             fits_batch: int) -> str:
    qubits = f"{n_qubits} qubit{'s' if n_qubits != 1 else ''}"
    samples = f"{batch} sample{'s' if batch != 1 else ''}"
    kind = " with noise (density matrices)" if noisy else ""
    advice = _advice(n_qubits, batch, fits_batch, noisy)
    if plan.step.peak_bytes > plan.memory_budget:
        return (f"One training mini-batch of {samples} on {qubits}{kind} needs about "
                f"{format_bytes(plan.step.peak_bytes)} of memory; "
                f"{format_bytes(plan.memory_budget)} may be used here. {advice}")
    if plan.step.seconds > budget.seconds_per_chunk:
        return (f"One training mini-batch of {samples} on {qubits}{kind} takes about "
                f"{format_seconds(plan.step.seconds)}; the Playground must be able to pause "
                f"within {budget.seconds_per_chunk:g} s. {advice}")
    if plan.epoch.seconds > budget.seconds_per_epoch:
        return (f"One epoch on {qubits}{kind} would take about "
                f"{format_seconds(plan.epoch.seconds)} (limit "
                f"{format_seconds(budget.seconds_per_epoch)}). Choose fewer samples or "
                "fewer qubits.")
    return ""


#: Runs in a fresh interpreter: peak RSS growth and wall time of ONE batched execution, after a
#: one-sample warm-up (imports, QNode construction), so only the batch itself is measured.
_MEASURE = textwrap.dedent("""
    import json, resource, sys, time
    import torch
    from qnnlab.circuits import CircuitConfig
    from qnnlab.models import DTYPE, HybridNet
    from qnnlab.resource_count import resources
    torch.set_num_threads(1)
    n, layers, noise, batch, grad, profile = json.loads(sys.argv[1])
    config = CircuitConfig(n_qubits=n, n_layers=layers, noise=noise, noise_strength=0.01,
                           n_features=2, profile=profile)
    net = HybridNet(2, 2, config, random_state=0)
    x = torch.rand(batch, 2, dtype=DTYPE, generator=torch.Generator().manual_seed(0))
    def run(inputs):
        if grad:
            net(inputs).sum().backward()
        else:
            with torch.no_grad():
                net(inputs)
    def status(field):  # kB lines of /proc/self/status: VmRSS (now), VmHWM (peak)
        with open("/proc/self/status") as f:
            return next(int(l.split()[1]) * 1024 for l in f if l.startswith(field))
    run(x[:1])
    try:
        # Reset the peak to the current RSS (ru_maxrss would include the parent's at fork).
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        before = status("VmRSS:")
        measure_after = lambda: status("VmHWM:")
    except OSError:
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
        measure_after = lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    start = time.perf_counter()
    run(x)
    seconds = time.perf_counter() - start
    after = measure_after()
    compiled = resources(config, profile=profile)["compiled"]["gates"] if profile else None
    print(json.dumps({"peak_bytes": after - before, "seconds": seconds,
                      "n_ops": resources(config)["gates"], "compiled_ops": compiled}))
""")


def measure_execution(n_qubits: int, n_layers: int, batch: int, *, noise: str | None = None,
                      grad: bool = True, profile: str | None = None,
                      timeout: float = 600) -> dict[str, float]:
    """Measure one batched execution in a fresh Python process (for calibration and tests).

    The default ansatz with ``n_qubits`` and ``n_layers`` (noise: ``noise`` at p = 0.01) runs
    once on one sample (warm-up), then on ``batch`` samples, with one torch thread. With a
    device ``profile`` (a name) the circuit is compiled to it, as the Playground runs it.

    Returns
    -------
    dict
        ``peak_bytes`` (growth of the peak resident memory during the batch), ``seconds``
        (its wall time), ``n_ops`` (operations, as :func:`execution_cost` takes them) and
        ``compiled_ops`` (operations once compiled to ``profile``; None without one).

    Examples
    --------
    >>> measured = measure_execution(2, 1, 4)  # a few seconds: a fresh interpreter
    >>> sorted(measured), measured["n_ops"] > 0
    (['compiled_ops', 'n_ops', 'peak_bytes', 'seconds'], True)
    """
    arguments = json.dumps([n_qubits, n_layers, noise, batch, grad, profile])
    out = subprocess.run([sys.executable, "-c", _MEASURE, arguments], capture_output=True,
                         text=True, timeout=timeout, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])

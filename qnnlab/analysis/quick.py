"""Quick circuit insight for a live picker: expressibility, entangling capability, gradients.

One :class:`AnsatzInsight` answers, for one ansatz at one width and depth, the three questions
of the analysis notebooks at a glance: how close its random states come to Haar-random ones
(:func:`qnnlab.analysis.expressibility`, KL to Haar), how entangled they are on average
(:func:`qnnlab.analysis.entangling_capability`, Meyer-Wallach, beside the Haar average
``(N - 2) / (N + 1)``), and how large the cost gradients are at random initialisation
(the variance of :func:`qnnlab.analysis.gradient_variance`, averaged over all parameters, for the
global and the local cost): a barren-plateau warning for that width and depth.

The numbers are exactly those of the analysis functions with the same seeds and sample counts
(:data:`SETTINGS`): :func:`insight_work` draws the same parameters and only evaluates them in
small chunks, yielding between chunks, so that a widget can compute a new entry without blocking
its kernel. A table of the registered ansätze at small sizes (default options) ships as package
data (``insight_table.json``, written by ``benchmarks/make_insight_table.py`` with
:func:`build_table`); :func:`lookup_insight` reads it at once.

Examples
--------
>>> from qnnlab.analysis import expressibility
>>> insight = compute_insight("hardware_efficient", n_qubits=2, n_layers=1, n_samples=200,
...                           n_gradient_samples=50)
>>> round(insight.expressibility, 3) == round(expressibility("hardware_efficient", 2, 1,
...                                                          n_samples=200), 3)
True
>>> insight.haar_entangling_capability  # (4 - 2) / (4 + 1)
0.4
"""

from __future__ import annotations

import datetime as _dt
import json
import time
from collections.abc import Generator, Iterable, Mapping
from dataclasses import asdict, dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

import numpy as np

from qnnlab import ansatze
from qnnlab._validation import check_positive_int
from qnnlab.analysis._common import ansatz_config, ansatz_state_qnode, random_ansatz_weights
from qnnlab.analysis.barren import per_sample_gradients
from qnnlab.analysis.entanglement import meyer_wallach
from qnnlab.analysis.expressibility import kl_to_haar, pair_fidelities

__all__ = [
    "AnsatzInsight",
    "BARREN_LEVELS",
    "MAX_LIVE_QUBITS",
    "SETTINGS",
    "TABLE_NAME",
    "build_table",
    "compute_insight",
    "drain",
    "haar_entangling_capability",
    "insight_key",
    "insight_work",
    "load_table",
    "lookup_insight",
]

T = TypeVar("T")

#: Sample counts and seed of the table and of live computations (Sim et al. use 5000 pairs).
SETTINGS: dict[str, int] = {"n_samples": 2000, "n_gradient_samples": 200, "bins": 75,
                            "random_state": 0}
#: Widest circuit computed live (beyond it, a live estimate would take too long on one core).
MAX_LIVE_QUBITS = 10
#: Gradient variance (global cost, mean over parameters) below which gradients count as small,
#: and as a barren plateau: resolving a gradient of typical size takes about ``1 / Var`` shots.
BARREN_LEVELS: dict[str, float] = {"small": 1e-3, "plateau": 1e-4}
#: File name of the precomputed table (package data of ``qnnlab.analysis``).
TABLE_NAME = "insight_table.json"
#: State-vector amplitudes evaluated per chunk of live work (about 10 ms on one core).
_CHUNK_AMPLITUDES = 2**13


def drain(work: Generator[None, None, T]) -> T:
    """Run chunked work (a generator that yields between chunks) to the end; its result.

    Examples
    --------
    >>> def count(n):
    ...     for _ in range(n):
    ...         yield
    ...     return n
    >>> drain(count(3))
    3
    """
    while True:
        try:
            next(work)
        except StopIteration as stop:
            return stop.value


def cpu_timed(work: Generator[None, None, T], spent: list[float]) -> Generator[None, None, T]:
    """Chunked ``work``, adding the CPU time this thread spends inside it to ``spent[0]``.

    Pauses between chunks (other tasks on the event loop, other processes on the machine) do
    not count: what is measured is the work's own cost.

    Examples
    --------
    >>> def work():
    ...     yield  # a pause: the event loop may run other tasks here
    ...     return sum(range(10**5))
    >>> spent = [0.0]
    >>> drain(cpu_timed(work(), spent)), 0.0 < spent[0] < 1.0
    (4999950000, True)
    """
    while True:
        start = time.thread_time()
        try:
            next(work)
        except StopIteration as stop:
            return stop.value
        finally:
            spent[0] += time.thread_time() - start
        yield


def haar_entangling_capability(n_qubits: int) -> float:
    """Mean Meyer-Wallach entanglement of Haar-random states, ``(N - 2) / (N + 1)``.

    Examples
    --------
    >>> haar_entangling_capability(1), haar_entangling_capability(2)
    (0.0, 0.4)
    """
    dim = 2 ** check_positive_int("n_qubits", n_qubits)
    return (dim - 2) / (dim + 1)


def _options(ansatz: str, options: Mapping[str, Any] | None) -> dict[str, Any]:
    return dict(ansatze.get(ansatz).options(dict(options or {})))


def insight_key(ansatz: str, n_qubits: int, n_layers: int,
                ansatz_options: Mapping[str, Any] | None = None) -> str:
    """The table key of an ansatz at a width and depth (options filled with their defaults).

    Raises a ValueError, naming the problem, for a configuration that cannot be built.

    Examples
    --------
    >>> insight_key("basic_entangler", 3, 2)
    'basic_entangler|3|2|{"topology": "ring"}'
    """
    ansatz_config(ansatz, n_qubits, n_layers, ansatz_options)  # a clear error if impossible
    options = json.dumps(_options(ansatz, ansatz_options), sort_keys=True)
    return f"{ansatz}|{int(n_qubits)}|{int(n_layers)}|{options}"


@dataclass(frozen=True)
class AnsatzInsight:
    """Expressibility, entangling capability and gradient size of one ansatz configuration.

    Attributes
    ----------
    ansatz : str
    n_qubits, n_layers : int
    ansatz_options : dict
        Every option of the ansatz (defaults filled in).
    expressibility : float
        ``KL(P_PQC || P_Haar)`` of ``n_samples`` pair fidelities (0: Haar-like).
    idle_expressibility : float
        The largest value (a circuit that makes one state), for scale.
    entangling_capability, entangling_capability_se : float
        Mean Meyer-Wallach ``Q`` of the first ``n_samples`` states, and its standard error.
    gradient_variance_global, gradient_variance_local : float
        Variance of ``dC/d theta_k`` over ``n_gradient_samples`` random parameter vectors,
        averaged over all parameters ``k``, for the global and the local cost.
    n_samples, n_gradient_samples, bins, random_state : int
        How the values were sampled (see :data:`SETTINGS`).
    source : str
        ``"table"`` (precomputed) or ``"computed"``.

    Examples
    --------
    >>> insight = lookup_insight("strongly_entangling", 4, 2)
    >>> insight.source, insight.n_samples, insight.barren_level
    ('table', 2000, 'ok')
    """

    ansatz: str
    n_qubits: int
    n_layers: int
    ansatz_options: dict[str, Any]
    expressibility: float
    idle_expressibility: float
    entangling_capability: float
    entangling_capability_se: float
    gradient_variance_global: float
    gradient_variance_local: float
    n_samples: int
    n_gradient_samples: int
    bins: int
    random_state: int
    source: str = "computed"
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def haar_entangling_capability(self) -> float:
        """The Haar-random average of the Meyer-Wallach measure at this width."""
        return haar_entangling_capability(self.n_qubits)

    @property
    def barren_level(self) -> str:
        """``"ok"``, ``"small"`` or ``"plateau"`` by :data:`BARREN_LEVELS` (global cost)."""
        variance = self.gradient_variance_global
        if variance < BARREN_LEVELS["plateau"]:
            return "plateau"
        return "small" if variance < BARREN_LEVELS["small"] else "ok"

    @property
    def shots_per_gradient(self) -> float:
        """About ``1 / Var`` shots resolve a gradient of typical size (global cost)."""
        return 1.0 / max(self.gradient_variance_global, 1e-300)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-friendly dict (the table's row)."""
        return asdict(self)


def _chunk_rows(n_qubits: int) -> int:
    return max(8, _CHUNK_AMPLITUDES // 2**n_qubits)


def _state_statistics(config: Any, weights: np.ndarray, n_pairs: int
                      ) -> Generator[None, None, tuple[np.ndarray, np.ndarray]]:
    """Pair fidelities (row i with row i + n_pairs) and Meyer-Wallach Q of the first half."""
    run = ansatz_state_qnode(config, interface="numpy")
    step = _chunk_rows(config.n_qubits)
    fidelities, entanglement = [], []
    for start in range(0, n_pairs, step):
        stop = min(start + step, n_pairs)
        first = np.asarray(run(weights[start:stop]))
        second = np.asarray(run(weights[n_pairs + start : n_pairs + stop]))
        fidelities.append(pair_fidelities(np.concatenate([first, second])))
        entanglement.append(np.atleast_1d(meyer_wallach(first)))
        yield
    return np.concatenate(fidelities), np.concatenate(entanglement)


def _gradient_variances(config: Any, n_samples: int, random_state: int
                        ) -> Generator[None, None, dict[str, float]]:
    # The same draw as gradient_variance(..., n_qubits=(n,), random_state=random_state).
    seed = np.random.SeedSequence(random_state).spawn(1)[0]
    weights = random_ansatz_weights(config, n_samples, np.random.default_rng(seed))
    step = _chunk_rows(config.n_qubits)
    out = {}
    for cost in ("global", "local"):
        grads = []
        for start in range(0, n_samples, step):
            grads.append(per_sample_gradients(config, weights[start : start + step], cost)[1])
            yield
        out[cost] = float(np.mean(np.var(np.concatenate(grads), axis=0, ddof=1)))
    return out


def insight_work(
    ansatz: str,
    n_qubits: int,
    n_layers: int,
    ansatz_options: Mapping[str, Any] | None = None,
    *,
    n_samples: int = SETTINGS["n_samples"],
    n_gradient_samples: int = SETTINGS["n_gradient_samples"],
    bins: int = SETTINGS["bins"],
    random_state: int = SETTINGS["random_state"],
) -> Generator[None, None, AnsatzInsight]:
    """Chunked :func:`compute_insight`: yields after every chunk of a few thousand amplitudes.

    Bad arguments raise at the first ``next()``, before any circuit runs.

    Examples
    --------
    >>> work = insight_work("sim_1", 2, 1, n_samples=20, n_gradient_samples=10)
    >>> drain(work).entangling_capability  # no two-qubit gates
    0.0
    """
    check_positive_int("n_samples", n_samples, minimum=2)
    check_positive_int("n_gradient_samples", n_gradient_samples, minimum=2)
    check_positive_int("n_qubits", n_qubits, maximum=MAX_LIVE_QUBITS)
    config = ansatz_config(ansatz, n_qubits, n_layers, ansatz_options)
    # The same draw as expressibility(...) (2 n pairs) and entangling_capability(...) (its
    # first n rows: a generator fills the rows in order).
    weights = random_ansatz_weights(config, 2 * n_samples, np.random.default_rng(random_state))
    fidelities, entanglement = yield from _state_statistics(config, weights, n_samples)
    variances = yield from _gradient_variances(config, n_gradient_samples, random_state)
    return AnsatzInsight(
        ansatz=config.ansatz, n_qubits=n_qubits, n_layers=n_layers,
        ansatz_options=_options(ansatz, ansatz_options),
        expressibility=kl_to_haar(fidelities, n_qubits, bins),
        # (N - 1) log(bins): idle_expressibility's closed form, which does not underflow
        idle_expressibility=float((2**n_qubits - 1) * np.log(bins)),
        entangling_capability=float(np.round(np.mean(entanglement), 12)),
        entangling_capability_se=float(np.std(entanglement, ddof=1) / np.sqrt(n_samples)),
        gradient_variance_global=variances["global"],
        gradient_variance_local=variances["local"],
        n_samples=n_samples, n_gradient_samples=n_gradient_samples, bins=bins,
        random_state=random_state, source="computed",
    )


def compute_insight(ansatz: str, n_qubits: int, n_layers: int,
                    ansatz_options: Mapping[str, Any] | None = None,
                    **settings: int) -> AnsatzInsight:
    """Expressibility, entangling capability and gradient variances, computed now.

    ``settings`` override :data:`SETTINGS` (``n_samples``, ``n_gradient_samples``, ``bins``,
    ``random_state``). Equal to :func:`qnnlab.analysis.expressibility`,
    :func:`qnnlab.analysis.entangling_capability` and the mean over ``param_index`` of
    :func:`qnnlab.analysis.gradient_variance` with the same seeds and sample counts.

    Examples
    --------
    >>> insight = compute_insight("sim_2", 3, 1, n_samples=100, n_gradient_samples=20)
    >>> 0 < insight.entangling_capability <= 1, insight.source
    (True, 'computed')
    """
    return drain(insight_work(ansatz, n_qubits, n_layers, ansatz_options, **settings))


def _table_path() -> Path:
    return Path(str(resources.files("qnnlab.analysis") / TABLE_NAME))


@cache
def load_table() -> dict[str, Any]:
    """The precomputed table: ``{"settings": ..., "entries": {key: row}}`` (empty if absent).

    Examples
    --------
    >>> table = load_table()
    >>> table["settings"]["n_samples"], len(table["entries"]) > 100
    (2000, True)
    """
    path = _table_path()
    if not path.is_file():
        return {"settings": dict(SETTINGS), "entries": {}}
    return json.loads(path.read_text(encoding="utf-8"))


def lookup_insight(ansatz: str, n_qubits: int, n_layers: int,
                   ansatz_options: Mapping[str, Any] | None = None) -> AnsatzInsight | None:
    """The precomputed :class:`AnsatzInsight`, or None when the table has no such entry.

    Examples
    --------
    >>> lookup_insight("hardware_efficient", 3, 2).expressibility > 0
    True
    >>> lookup_insight("hardware_efficient", 3, 2, {"entangler": "CZ"}) is None  # not default
    True
    """
    try:
        key = insight_key(ansatz, n_qubits, n_layers, ansatz_options)
    except ValueError:
        return None
    row = load_table()["entries"].get(key)
    return None if row is None else AnsatzInsight(**{**row, "source": "table"})


def build_table(
    names: Iterable[str] | None = None,
    qubits: Iterable[int] = range(1, 7),
    layers: Iterable[int] = range(1, 6),
    path: str | Path | None = None,
    progress: bool = False,
) -> dict[str, Any]:
    """Compute the table for ``names`` (default: every registered ansatz) and write it as JSON.

    Impossible sizes (``tree_tensor_network`` on 3 qubits...) are skipped. The file records
    the settings, the seeds and the date.

    Examples
    --------
    >>> import tempfile, os
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     table = build_table(["sim_1"], qubits=[1, 2], layers=[1],
    ...                         path=os.path.join(folder, "t.json"))
    >>> list(table["entries"])  # sim_1 needs two qubits
    ['sim_1|2|1|{}']
    """
    from tqdm.auto import tqdm

    names = list(names or ansatze.available())
    grid = [(name, n, depth) for name in names for n in qubits for depth in layers]
    entries: dict[str, Any] = {}
    for name, n, depth in tqdm(grid, disable=not progress, desc="insight table"):
        try:
            insight = compute_insight(name, n, depth)
        except ValueError:
            continue
        row = insight.to_dict()
        row.pop("source")
        entries[insight_key(name, n, depth)] = row
    table = {
        "settings": {**SETTINGS, "gradient_seed": "SeedSequence(random_state).spawn(1)[0]",
                     "ansatz_options": "defaults",
                     "created": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
                     "script": "benchmarks/make_insight_table.py"},
        "entries": entries,
    }
    if path is not None:
        Path(path).write_text(json.dumps(table, indent=0, sort_keys=True) + "\n",
                              encoding="utf-8")
    return table

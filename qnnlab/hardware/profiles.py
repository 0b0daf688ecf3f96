"""Device profiles: what a quantum computer offers, as data that qnnlab can compile to.

A :class:`DeviceProfile` holds a coupling map (which qubit pairs a two-qubit gate may join), a
native gate set, gate times and error rates, the relaxation times T1 and T2 and the readout
errors. The named profiles of :func:`available` carry *typical published values* of device
families (orders of magnitude from papers and vendors' public spec sheets of recent years); they
are examples for learning, **not** any vendor's current calibration. A profile of your own comes
from a dict or YAML text (:func:`from_dict`, :func:`from_yaml`), validated field by field.

Times are in seconds, error rates are probabilities in ``[0, 1]``:

* ``gate_errors[g]``: probability ``p`` of PennyLane's ``DepolarizingChannel(p)`` on every wire
  that gate ``g`` acts on;
* ``readout_error``: ``(p(read 1 | 0), p(read 0 | 1))``.

Examples
--------
>>> from qnnlab.hardware import profiles
>>> profiles.available()
['superconducting_heavy_hex', 'superconducting_grid', 'trapped_ion', 'toy_line']
>>> p = profiles.get("toy_line")
>>> p.n_qubits, p.native_gates, p.t1 > 0
(5, ('RZ', 'SX', 'PauliX', 'CNOT'), True)
>>> line(3)
[(0, 1), (1, 2)]
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from qnnlab._registry import Registry
from qnnlab._validation import brief_repr, check_fraction, check_positive_int, safe_load_bounded

__all__ = [
    "DeviceProfile", "NATIVE_GATE_SETS", "available", "get", "from_dict", "from_yaml",
    "line", "ring", "grid", "heavy_hex", "all_to_all", "coupling_map",
]

#: The native gate sets qnnlab compiles to (PennyLane operator names), by name.
NATIVE_GATE_SETS: dict[str, tuple[str, ...]] = {
    "rz_sx_x_cnot": ("RZ", "SX", "PauliX", "CNOT"),
    "rx_ry_cz": ("RX", "RY", "CZ"),
}
#: Short names accepted for PennyLane's gate names.
_ALIASES = {"X": "PauliX", "CX": "CNOT"}
_KNOWN_GATES = sorted({g for gates in NATIVE_GATE_SETS.values() for g in gates})
_TWO_QUBIT_GATES = ("CNOT", "CZ")


# --- coupling maps -------------------------------------------------------------------------

def line(n_qubits: int) -> list[tuple[int, int]]:
    """Qubits in a chain: ``0-1-2-...``.

    Examples
    --------
    >>> line(4)
    [(0, 1), (1, 2), (2, 3)]
    """
    check_positive_int("n_qubits", n_qubits)
    return [(i, i + 1) for i in range(n_qubits - 1)]


def ring(n_qubits: int) -> list[tuple[int, int]]:
    """A closed chain: the line plus the edge from the last qubit back to the first.

    Examples
    --------
    >>> ring(4)
    [(0, 1), (1, 2), (2, 3), (0, 3)]
    """
    check_positive_int("n_qubits", n_qubits, minimum=3)
    return [*line(n_qubits), (0, n_qubits - 1)]


def grid(rows: int, cols: int) -> list[tuple[int, int]]:
    """A square lattice, qubit ``r * cols + c`` at row ``r``, column ``c``.

    Examples
    --------
    >>> grid(2, 2)
    [(0, 1), (0, 2), (1, 3), (2, 3)]
    """
    check_positive_int("rows", rows)
    check_positive_int("cols", cols)
    return _relabelled_edges(nx.grid_2d_graph(rows, cols))


def heavy_hex(rows: int, cols: int) -> list[tuple[int, int]]:
    """A heavy-hexagon lattice: a hexagonal lattice with one more qubit on every edge.

    Qubits at the hexagons' corners have at most three neighbours, those on the edges two (the
    layout of IBM's superconducting processors since 2021).

    Examples
    --------
    >>> edges = heavy_hex(1, 1)  # one heavy hexagon: a ring of 12 qubits
    >>> len(edges), max(max(e) for e in edges) + 1
    (12, 12)
    """
    check_positive_int("rows", rows)
    check_positive_int("cols", cols)
    hexagonal = nx.hexagonal_lattice_graph(rows, cols)
    heavy = nx.Graph()
    for u, v in hexagonal.edges:
        middle = ("edge", u, v)
        heavy.add_edge(u, middle)
        heavy.add_edge(middle, v)
    return _relabelled_edges(heavy)


def all_to_all(n_qubits: int) -> list[tuple[int, int]]:
    """Every pair coupled (trapped ions in one trap).

    Examples
    --------
    >>> all_to_all(3)
    [(0, 1), (0, 2), (1, 2)]
    """
    check_positive_int("n_qubits", n_qubits)
    return [(i, j) for i in range(n_qubits) for j in range(i + 1, n_qubits)]


_TOPOLOGIES = {"line": line, "ring": ring, "grid": grid, "heavy_hex": heavy_hex,
               "all_to_all": all_to_all}


def coupling_map(kind: str, *size: int) -> list[tuple[int, int]]:
    """A coupling map by name: ``line``, ``ring``, ``all_to_all`` (one size) or ``grid``,
    ``heavy_hex`` (rows and columns).

    Examples
    --------
    >>> coupling_map("ring", 3)
    [(0, 1), (1, 2), (0, 2)]
    >>> coupling_map("star", 3)
    Traceback (most recent call last):
    ...
    ValueError: Unknown coupling map 'star'. Valid choices: ...
    """
    if kind not in _TOPOLOGIES:
        from qnnlab._registry import unknown_choice_error

        raise unknown_choice_error("coupling map", kind, _TOPOLOGIES)
    return _TOPOLOGIES[kind](*size)


def _relabelled_edges(graph: nx.Graph) -> list[tuple[int, int]]:
    index = {node: i for i, node in enumerate(sorted(graph.nodes, key=str))}
    if all(isinstance(n, tuple) and len(n) == 2 for n in graph.nodes):  # lattice coordinates
        index = {node: i for i, node in enumerate(sorted(graph.nodes))}
    return sorted(tuple(sorted((index[u], index[v]))) for u, v in graph.edges)


# --- the profile ---------------------------------------------------------------------------

@dataclass(frozen=True)
class DeviceProfile:
    """A quantum device as data: topology, native gates, timings and error rates.

    Parameters
    ----------
    name : str
        A label.
    coupling : sequence of (int, int)
        Qubit pairs a two-qubit gate may act on; the qubits are ``0 .. n_qubits - 1`` and the
        map must be connected.
    native_gates : sequence of str
        One of :data:`NATIVE_GATE_SETS` (PennyLane names; ``"X"`` and ``"CX"`` are accepted).
    gate_times, gate_errors : dict
        Seconds and depolarizing probability per native gate (a gate left out takes no time and
        makes no error, as a virtual ``RZ`` does).
    t1, t2 : float
        Relaxation and dephasing times in seconds, ``0 < t2 <= 2 * t1``.
    readout_error : float or (float, float)
        ``p(read 1 | 0)`` and ``p(read 0 | 1)``; one number for both.
    readout_time : float
        Seconds to measure.
    shot_overhead : float
        Seconds between two shots (reset and repetition delay), for cost estimates.
    description : str
        Where the numbers come from, in plain words.

    Raises
    ------
    ValueError
        Naming the field: a disconnected or malformed coupling map, an unknown gate name, a
        rate outside ``[0, 1]``, a non-positive time, ``t2 > 2 * t1``.

    Examples
    --------
    >>> p = DeviceProfile("mine", line(3), ("RX", "RY", "CZ"), gate_times={"CZ": 200e-9},
    ...                   gate_errors={"CZ": 0.01}, t1=100e-6, t2=80e-6, readout_error=0.02)
    >>> p.n_qubits, p.readout_error
    (3, (0.02, 0.02))
    >>> p.replace(t2=300e-6)
    Traceback (most recent call last):
    ...
    ValueError: t2 = 0.0003 s exceeds 2 * t1 = 0.0002 s: a qubit cannot dephase slower than ...
    """

    name: str
    coupling: Sequence[tuple[int, int]]
    native_gates: Sequence[str]
    gate_times: Mapping[str, float] = field(default_factory=dict)
    gate_errors: Mapping[str, float] = field(default_factory=dict)
    t1: float = 100e-6
    t2: float = 100e-6
    readout_error: float | Sequence[float] = 0.0
    readout_time: float = 1e-6
    shot_overhead: float = 250e-6
    description: str = ""

    def __post_init__(self) -> None:
        set_ = object.__setattr__  # normalise the fields once (the dataclass is frozen)
        set_(self, "coupling", _check_coupling(self.coupling))
        set_(self, "native_gates", _check_native_gates(self.native_gates))
        set_(self, "gate_times", _check_per_gate("gate_times", self.gate_times,
                                                 self.native_gates, _check_time))
        set_(self, "gate_errors", _check_per_gate("gate_errors", self.gate_errors,
                                                  self.native_gates, check_fraction))
        for name in ("t1", "t2", "readout_time"):
            _check_time(name, getattr(self, name), positive=name != "readout_time")
        _check_time("shot_overhead", self.shot_overhead, positive=False)
        if self.t2 > 2 * self.t1:
            raise ValueError(
                f"t2 = {self.t2:g} s exceeds 2 * t1 = {2 * self.t1:g} s: a qubit cannot dephase "
                "slower than twice its relaxation time; check the field t2."
            )
        set_(self, "readout_error", _check_readout(self.readout_error))

    @property
    def n_qubits(self) -> int:
        """Number of physical qubits."""
        return 1 + max(max(edge) for edge in self.coupling) if self.coupling else 1

    @property
    def graph(self) -> nx.Graph:
        """The coupling map as a networkx graph."""
        graph = nx.Graph(list(self.coupling))
        graph.add_nodes_from(range(self.n_qubits))
        return graph

    def check_fits(self, n_qubits: int) -> None:
        """Raise a ValueError if a circuit of ``n_qubits`` does not fit on this device.

        Examples
        --------
        >>> get("toy_line").check_fits(6)
        Traceback (most recent call last):
        ...
        ValueError: The circuit needs 6 qubits but profile 'toy_line' has 5 (field n_qubits ...
        """
        if n_qubits > self.n_qubits:
            raise ValueError(
                f"The circuit needs {n_qubits} qubits but profile {self.name!r} has "
                f"{self.n_qubits} (field n_qubits of its coupling map); use fewer qubits or a "
                "larger profile."
            )

    def replace(self, **changes: Any) -> DeviceProfile:
        """A copy with some fields changed (validated again)."""
        return dataclasses.replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        """A plain dict (YAML/JSON friendly) that :func:`from_dict` reads back.

        Examples
        --------
        >>> p = get("toy_line")
        >>> from_dict(p.to_dict()) == p
        True
        """
        out = dataclasses.asdict(self)
        out["coupling"] = [list(edge) for edge in self.coupling]
        out["native_gates"] = list(self.native_gates)
        out["readout_error"] = list(self.readout_error)
        return out


def _check_coupling(coupling: Any) -> tuple[tuple[int, int], ...]:
    try:
        edges = [tuple(int(q) for q in edge) for edge in coupling]
    except (TypeError, ValueError):
        raise ValueError(
            f"coupling must be a list of qubit pairs such as [[0, 1], [1, 2]]; got "
            f"{brief_repr(coupling)}"
        ) from None
    bad = [e for e in edges if len(e) != 2 or e[0] == e[1] or min(e) < 0]
    if bad or not edges:
        raise ValueError(
            "coupling must be a non-empty list of pairs of two different qubits numbered from "
            f"0; got {brief_repr(bad or coupling)}"
        )
    graph = nx.Graph(edges)
    graph.add_nodes_from(range(max(max(e) for e in edges) + 1))
    if not nx.is_connected(graph):
        parts = sorted(sorted(c) for c in nx.connected_components(graph))
        raise ValueError(
            f"coupling map is disconnected: qubit groups {brief_repr(parts)} cannot interact; "
            "every qubit 0 .. n-1 must be reachable through the coupling map."
        )
    return tuple(sorted({tuple(sorted(e)) for e in edges}))


def _check_native_gates(gates: Any) -> tuple[str, ...]:
    if isinstance(gates, str) or not isinstance(gates, Sequence | set | frozenset):
        raise ValueError(f"native_gates must be a list of gate names; got {brief_repr(gates)}")
    names = [_ALIASES.get(g, g) if isinstance(g, str) else g for g in gates]
    unknown = [g for g in names if g not in _KNOWN_GATES]
    if unknown:
        raise ValueError(
            f"native_gates: unknown gate name(s) {brief_repr(unknown)}; valid gates: "
            f"{_KNOWN_GATES} (PennyLane names; 'X' and 'CX' are accepted)."
        )
    for known in NATIVE_GATE_SETS.values():
        if set(names) == set(known):
            return known
    raise ValueError(
        f"native_gates {sorted(set(names))} is not a gate set qnnlab compiles to; choose one "
        f"of {list(NATIVE_GATE_SETS.values())}."
    )


def _check_time(name: str, value: Any, positive: bool = False) -> float:
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a time in seconds; got {brief_repr(value)}") from None
    if not seconds == seconds or seconds < 0 or (positive and seconds == 0) or seconds > 1e6:
        kind = "positive" if positive else "non-negative"
        raise ValueError(f"{name} must be a {kind} time in seconds; got {brief_repr(value)}")
    return seconds


def _check_per_gate(field_name: str, values: Any, gates: tuple[str, ...],
                    check: Any) -> dict[str, float]:
    if not isinstance(values, Mapping):
        raise ValueError(f"{field_name} must map gate names to numbers; got {brief_repr(values)}")
    out = {}
    for gate, value in values.items():
        canonical = _ALIASES.get(gate, gate) if isinstance(gate, str) else gate
        if canonical not in gates:
            raise ValueError(
                f"{field_name}: gate {brief_repr(gate)} is not a native gate of this profile; "
                f"native_gates: {list(gates)}."
            )
        out[canonical] = check(f"{field_name}[{canonical!r}]", value)
    return out


def _check_readout(value: Any) -> tuple[float, float]:
    pair = (value, value) if not isinstance(value, Sequence) or isinstance(value, str) else value
    if len(pair) != 2:
        raise ValueError(
            "readout_error must be one probability or two (p(read 1 | 0), p(read 0 | 1)); "
            f"got {brief_repr(value)}"
        )
    p01, p10 = (check_fraction("readout_error", p) for p in pair)
    if p01 + p10 >= 1:
        raise ValueError(
            f"readout_error {brief_repr(value)}: p(1|0) + p(0|1) must be below 1, otherwise the "
            "readout carries no information about the state."
        )
    return p01, p10


# --- named examples, dicts and YAML ---------------------------------------------------------

_registry: Registry[DeviceProfile] = Registry("device profile")

_FIELDS = tuple(f.name for f in dataclasses.fields(DeviceProfile))


def from_dict(spec: Mapping[str, Any]) -> DeviceProfile:
    """A profile from a plain dict (as YAML gives it), every field validated.

    ``coupling`` is either a list of pairs or ``{"kind": "grid", "size": [2, 3]}``.

    Examples
    --------
    >>> p = from_dict({"name": "mine", "coupling": {"kind": "ring", "size": [4]},
    ...                "native_gates": ["RZ", "SX", "X", "CX"], "t1": 1e-4, "t2": 5e-5})
    >>> p.coupling, p.native_gates
    (((0, 1), (0, 3), (1, 2), (2, 3)), ('RZ', 'SX', 'PauliX', 'CNOT'))
    >>> from_dict({"name": "x", "coupling": [[0, 1]], "native_gates": ["RX", "RY", "CZ"],
    ...            "t3": 1.0})
    Traceback (most recent call last):
    ...
    ValueError: Unknown device profile field(s) ['t3']; valid fields: ...
    """
    if not isinstance(spec, Mapping):
        raise ValueError(f"A device profile must be a mapping of fields; got {brief_repr(spec)}")
    unknown = sorted(str(k) for k in spec if k not in _FIELDS)
    if unknown:
        raise ValueError(f"Unknown device profile field(s) {unknown}; valid fields: {_FIELDS}")
    missing = [k for k in ("name", "coupling", "native_gates") if k not in spec]
    if missing:
        raise ValueError(f"A device profile needs the field(s) {missing}")
    fields = dict(spec)
    coupling = fields["coupling"]
    if isinstance(coupling, Mapping):
        extra = sorted(set(coupling) - {"kind", "size"})
        if extra or "kind" not in coupling:
            raise ValueError(
                "coupling as a mapping needs 'kind' (one of "
                f"{sorted(_TOPOLOGIES)}) and 'size' (a list of ints); got {brief_repr(coupling)}"
            )
        size = coupling.get("size", [])
        fields["coupling"] = coupling_map(coupling["kind"], *([size] if isinstance(size, int)
                                                               else size))
    return DeviceProfile(**fields)


def from_yaml(text: str) -> DeviceProfile:
    """A profile from YAML text (read with a safe, bounded loader; nothing is executed).

    Examples
    --------
    >>> p = from_yaml('''
    ... name: lab chip
    ... coupling: {kind: grid, size: [2, 2]}
    ... native_gates: [RX, RY, CZ]
    ... gate_errors: {CZ: 0.01}
    ... t1: 50.0e-6
    ... t2: 40.0e-6
    ... readout_error: [0.01, 0.03]
    ... ''')
    >>> p.n_qubits, p.readout_error
    (4, (0.01, 0.03))
    """
    return from_dict(safe_load_bounded(text))


def available() -> list[str]:
    """Names of the example profiles.

    Examples
    --------
    >>> "trapped_ion" in available()
    True
    """
    return _registry.available()


def get(profile: str | DeviceProfile | Mapping[str, Any]) -> DeviceProfile:
    """A profile by name, a profile itself, or one built from a dict.

    Examples
    --------
    >>> get("trapped_ion").native_gates
    ('RX', 'RY', 'CZ')
    >>> get("heavy_hex")
    Traceback (most recent call last):
    ...
    ValueError: Unknown device profile 'heavy_hex'. Valid choices: ...
    """
    if isinstance(profile, DeviceProfile):
        return profile
    if isinstance(profile, Mapping):
        return from_dict(profile)
    return _registry.get(profile)


for _profile in (
    DeviceProfile(
        "superconducting_heavy_hex", heavy_hex(1, 2), NATIVE_GATE_SETS["rz_sx_x_cnot"],
        gate_times={"SX": 35e-9, "PauliX": 35e-9, "CNOT": 400e-9},
        gate_errors={"SX": 3e-4, "PauliX": 3e-4, "CNOT": 1e-2},
        t1=150e-6, t2=100e-6, readout_error=(0.01, 0.03), readout_time=1e-6,
        shot_overhead=250e-6,
        description="Example: a 21-qubit heavy-hexagon superconducting chip with typical "
                    "published values of such devices around 2022-2024 (virtual RZ, "
                    "~35 ns SX, ~400 ns CNOT at ~1% error, T1 ~150 us). Not a calibration.",
    ),
    DeviceProfile(
        "superconducting_grid", grid(3, 3), NATIVE_GATE_SETS["rx_ry_cz"],
        gate_times={"RX": 25e-9, "RY": 25e-9, "CZ": 40e-9},
        gate_errors={"RX": 1e-3, "RY": 1e-3, "CZ": 6e-3},
        t1=20e-6, t2=15e-6, readout_error=(0.02, 0.05), readout_time=1e-6,
        shot_overhead=100e-6,
        description="Example: a 3x3 grid of superconducting qubits with fast CZ gates and "
                    "shorter coherence (T1 ~20 us), typical of published grid devices. "
                    "Not a calibration.",
    ),
    DeviceProfile(
        "trapped_ion", all_to_all(8), NATIVE_GATE_SETS["rx_ry_cz"],
        gate_times={"RX": 10e-6, "RY": 10e-6, "CZ": 200e-6},
        gate_errors={"RX": 5e-4, "RY": 5e-4, "CZ": 5e-3},
        t1=10.0, t2=1.0, readout_error=(0.003, 0.005), readout_time=100e-6,
        shot_overhead=1e-3,
        description="Example: 8 trapped ions, all pairs coupled (no routing), slow gates "
                    "(~200 us two-qubit) and very long coherence, as published for ion traps. "
                    "Not a calibration.",
    ),
    DeviceProfile(
        "toy_line", line(5), NATIVE_GATE_SETS["rz_sx_x_cnot"],
        gate_times={"SX": 50e-9, "PauliX": 50e-9, "CNOT": 500e-9},
        gate_errors={"SX": 1e-3, "PauliX": 1e-3, "CNOT": 2e-2},
        t1=50e-6, t2=40e-6, readout_error=(0.02, 0.04), readout_time=1e-6,
        description="A small, noisy five-qubit chain for teaching: every effect is visible.",
    ),
):
    _registry.register(_profile)

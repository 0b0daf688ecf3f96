"""Device profiles: coupling maps, named examples, dict/YAML input and its validation."""

import networkx as nx
import pytest

from qnnlab.hardware import profiles
from qnnlab.hardware.profiles import DeviceProfile, from_dict, from_yaml

BASE = {"name": "mine", "coupling": [[0, 1], [1, 2]], "native_gates": ["RX", "RY", "CZ"]}


def test_heavy_hex_has_the_heavy_hexagon_degrees():
    graph = nx.Graph(profiles.heavy_hex(2, 2))
    degrees = sorted({d for _, d in graph.degree})
    assert degrees == [2, 3] and nx.is_connected(graph)
    # every edge joins a corner qubit (degree 3 or a boundary 2) to an edge qubit (degree 2)
    assert all(min(graph.degree[u], graph.degree[v]) == 2 for u, v in graph.edges)
    # hexagonal_lattice_graph(2, 2) has 16 corners and 19 edges: 16 + 19 qubits, 38 couplings
    assert graph.number_of_nodes() == 35 and graph.number_of_edges() == 38


def test_grid_and_ring_by_hand():
    assert nx.is_isomorphic(nx.Graph(profiles.grid(2, 3)), nx.grid_2d_graph(2, 3))
    assert nx.is_isomorphic(nx.Graph(profiles.ring(5)), nx.cycle_graph(5))


@pytest.mark.parametrize("name", profiles.available())
def test_named_profiles_are_valid_and_round_trip(name):
    profile = profiles.get(name)
    assert profile.description and "calibration" in profile.description or name == "toy_line"
    assert from_dict(profile.to_dict()) == profile
    assert profile.t2 <= 2 * profile.t1


@pytest.mark.parametrize(("change", "message"), [
    ({"coupling": [[0, 1], [2, 3]]}, "coupling map is disconnected"),
    ({"coupling": [[0, 0]]}, "coupling must be"),
    ({"native_gates": ["RX", "RY", "U3"]}, "native_gates: unknown gate name.*U3"),
    ({"native_gates": ["RX", "CNOT"]}, "native_gates .* is not a gate set"),
    ({"gate_errors": {"CZ": 1.5}}, r"gate_errors\['CZ'\]"),
    ({"gate_errors": {"CNOT": 0.1}}, "gate_errors: gate 'CNOT' is not a native gate"),
    ({"gate_times": {"CZ": -1e-9}}, r"gate_times\['CZ'\] must be a non-negative time"),
    ({"readout_error": [0.1, -0.2]}, "readout_error"),
    ({"readout_error": [0.6, 0.5]}, "carries no information"),
    ({"t1": 1e-5, "t2": 3e-5}, "t2 = 3e-05 s exceeds 2 \\* t1"),
    ({"t1": 0}, "t1 must be a positive time"),
    ({"colour": "blue"}, r"Unknown device profile field\(s\) \['colour'\]"),
    ({"coupling": {"kind": "star", "size": [3]}}, "Unknown coupling map 'star'"),
])
def test_bad_profiles_name_the_field(change, message):
    with pytest.raises(ValueError, match=message):
        from_dict({**BASE, **change})


def test_yaml_is_read_safely():
    with pytest.raises(Exception, match="python/object|constructor"):
        from_yaml("name: !!python/object/apply:os.system ['true']\ncoupling: [[0, 1]]\n"
                  "native_gates: [RX, RY, CZ]")
    profile = from_yaml("name: y\ncoupling: {kind: line, size: 3}\nnative_gates: [RZ, SX, X, CX]"
                        "\nreadout_error: 0.05")
    assert profile.coupling == ((0, 1), (1, 2)) and profile.readout_error == (0.05, 0.05)


def test_fits():
    profiles.get("toy_line").check_fits(5)
    with pytest.raises(ValueError, match="needs 9 qubits"):
        profiles.get("trapped_ion").check_fits(9)


def test_profile_object_and_dict_accepted_by_get():
    p = DeviceProfile(**BASE)
    assert profiles.get(p) is p and profiles.get(BASE) == p


@pytest.mark.parametrize(("change", "message"), [
    ({"coupling": [[0, 1], [2, 3]]}, "coupling map is disconnected"),
    ({"gate_errors": {"CZ": 1.5}}, r"gate_errors\['CZ'\]"),
    ({"readout_error": -0.1}, "readout_error"),
    ({"t1": 1e-5, "t2": 3e-5}, "exceeds 2 \\* t1"),
    ({"native_gates": ["RX", "RY", "CZZ"]}, "native_gates: unknown gate name"),
])
def test_a_bad_profile_fails_in_circuit_config_before_any_simulation(change, message):
    from qnnlab.circuits import CircuitConfig

    with pytest.raises(ValueError, match=message):
        CircuitConfig(n_qubits=2, n_layers=1, profile={**BASE, **change})

"""The notebook sequence: stored clean, generated from its builder scripts, well structured,
linked, and executable top to bottom.

The structural tests are quick and run with the unit tests. Executing the notebooks is marked
``notebooks`` (deselect with ``-m "not notebooks"``); each notebook runs in a fresh kernel of
*this* Python (the one running pytest), with ``QNNLAB_FAST=1`` so that each finishes in well
under a minute. New notebooks in ``notebooks/`` are picked up automatically.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS_DIR = ROOT / "notebooks"
NOTEBOOKS = sorted(NOTEBOOKS_DIR.glob("*.ipynb"))
CELL_TIMEOUT_S = 120
KERNEL_NAME = "python3"


def _load_sequence() -> tuple[tuple[str, str], ...]:
    spec = importlib.util.spec_from_file_location("_nb_common", NOTEBOOKS_DIR / "_build" /
                                                  "common.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.SEQUENCE


SEQUENCE = _load_sequence()
STEMS = [stem for stem, _ in SEQUENCE]


def _ids(paths: list[Path]) -> list[str]:
    return [p.stem for p in paths]


def _number(path: Path) -> int:
    match = re.match(r"(\d\d)-", path.name)
    assert match, f"{path.name}: notebook names start with a two-digit number, e.g. 01-encodings"
    return int(match.group(1))


def _cells(path: Path, cell_type: str) -> list[str]:
    nb = nbformat.read(path, as_version=4)
    return [cell.source for cell in nb.cells if cell.cell_type == cell_type]


# -- stored without outputs ---------------------------------------------------------------------


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_notebook_is_stored_without_outputs(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    dirty = [
        i for i, cell in enumerate(nb.cells)
        if cell.cell_type == "code" and (cell.outputs or cell.execution_count is not None)
    ]
    assert not dirty, (
        f"{path.name} is stored with outputs or execution counts in cells {dirty}. "
        "Rebuild it (python notebooks/_build/build_all.py) or clear all outputs before saving."
    )
    assert nb.metadata.get("kernelspec", {}).get("name") == KERNEL_NAME, (
        f"{path.name}: the kernelspec must be {KERNEL_NAME!r}"
    )


def test_notebooks_are_named_after_the_sequence() -> None:
    unknown = [p.name for p in NOTEBOOKS if p.stem not in STEMS]
    assert not unknown, f"Notebooks not in notebooks/_build/common.py SEQUENCE: {unknown}"


# -- generated from the builder scripts -----------------------------------------------------------

BUILDERS = sorted((NOTEBOOKS_DIR / "_build").glob("build_[0-9][0-9].py"))


@pytest.mark.parametrize("builder", BUILDERS, ids=[p.stem for p in BUILDERS])
def test_notebook_matches_its_builder_script(builder: Path, tmp_path: Path) -> None:
    number = int(builder.stem.removeprefix("build_"))
    stored = NOTEBOOKS_DIR / f"{STEMS[number]}.ipynb"
    env = {**os.environ, "QNNLAB_NOTEBOOKS_OUT": str(tmp_path)}
    done = subprocess.run([sys.executable, str(builder)], cwd=builder.parent, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, f"{builder.name} failed:\n{done.stderr}"
    rebuilt = tmp_path / stored.name
    assert rebuilt.exists(), f"{builder.name} did not write {stored.name}"
    assert stored.exists(), f"{stored.name} is missing: run python {builder.relative_to(ROOT)}"
    assert rebuilt.read_text() == stored.read_text(), (
        f"{stored.name} differs from what {builder.name} generates: edit the builder script, "
        "not the notebook, and rebuild (python notebooks/_build/build_all.py)"
    )


# -- structure ------------------------------------------------------------------------------------

_HEADING = r"^\s*#{{1,6}}\s*{}\b"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_notebook_has_learning_goals_and_summary(path: Path) -> None:
    markdown = _cells(path, "markdown")
    for section in ("Learning goals", "Summary"):
        pattern = re.compile(_HEADING.format(section), re.IGNORECASE | re.MULTILINE)
        assert any(pattern.search(text) for text in markdown), (
            f"{path.name} has no markdown cell with a '## {section}' heading"
        )


_CHECK_CALL = re.compile(r"\bcheck_\w+\(")


@pytest.mark.parametrize("path", [p for p in NOTEBOOKS if _number(p) >= 1],
                         ids=_ids([p for p in NOTEBOOKS if _number(p) >= 1]))
def test_notebook_has_at_least_two_checked_exercises(path: Path) -> None:
    number = _number(path)
    sources = _cells(path, "code")
    module = f"qnnlab.exercises.nb{number:02d}"
    assert any(module in text for text in sources), f"{path.name} never imports {module}"
    checks = [text for text in sources if _CHECK_CALL.search(text)]
    assert len(checks) >= 2, (
        f"{path.name} has {len(checks)} exercise check cell(s) (check_...(answer) from {module}); "
        "it needs at least two"
    )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_notebook_links_to_the_next_one(path: Path) -> None:
    position = STEMS.index(path.stem) if path.stem in STEMS else None
    if position is None:
        pytest.skip(f"{path.name} is not part of the sequence")
    target = STEMS[position + 1] if position + 1 < len(STEMS) else STEMS[0]
    text = "\n".join(_cells(path, "markdown"))
    assert f"({target}.ipynb" in text or f'href="{target}.ipynb' in text, (
        f"{path.name} does not link to {target}.ipynb (add navigation({position}) at the end)"
    )


# -- execution ------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def kernel_dirs(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """A kernelspec named ``python3`` that runs *this* interpreter (the project's venv)."""
    root = tmp_path_factory.mktemp("kernels")
    spec_dir = root / KERNEL_NAME
    spec_dir.mkdir()
    spec = {
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python 3 (qnnlab tests)",
        "language": "python",
    }
    (spec_dir / "kernel.json").write_text(json.dumps(spec))
    return [str(root)]


def _describe_failure(path: Path, nb: nbformat.NotebookNode, index: int | None,
                      error: BaseException) -> str:
    if index is None:
        return f"{path.name} failed before any cell ran: {error}"
    cell = nb.cells[index]
    tracebacks = [
        "\n".join(out.get("traceback", [])) or f"{out.get('ename')}: {out.get('evalue')}"
        for out in cell.get("outputs", []) if out.get("output_type") == "error"
    ]
    detail = "\n".join(tracebacks) or f"{type(error).__name__}: {error}"
    ansi = re.compile(r"\x1b\[[0-9;]*m")
    return (f"{path.name}: cell {index} failed\n--- cell source ---\n{cell.source}\n"
            f"--- error ---\n{ansi.sub('', detail)}")


@pytest.mark.notebooks
@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_notebook_executes_in_fast_mode(path: Path, kernel_dirs: list[str],
                                        tmp_path: Path) -> None:
    from jupyter_client import KernelManager
    from jupyter_client.kernelspec import KernelSpecManager
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    # IPC transport: TCP ports are chosen before the kernel binds them, and parallel test workers
    # (Voila, other kernels) can take one in between ("Address already in use", a CI failure).
    # The socket path is absolute: the kernel runs in notebooks/, the client here.
    km = KernelManager(kernel_name=KERNEL_NAME, transport="ipc", ip=str(tmp_path / "kernel"),
                       kernel_spec_manager=KernelSpecManager(kernel_dirs=kernel_dirs))
    client = NotebookClient(nb, km=km, kernel_name=KERNEL_NAME, timeout=CELL_TIMEOUT_S,
                            resources={"metadata": {"path": str(NOTEBOOKS_DIR)}})
    current: dict[str, int | None] = {"index": None}
    client.on_cell_start = lambda cell, cell_index: current.update(index=cell_index)
    env = {**os.environ, "QNNLAB_FAST": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
           "PYDEVD_DISABLE_FILE_VALIDATION": "1"}
    start = time.perf_counter()
    try:
        client.execute(env=env, cleanup_kc=True)  # shut the kernel down (we own km)
    except Exception as error:  # CellExecutionError, CellTimeoutError, DeadKernelError...
        pytest.fail(_describe_failure(path, nb, current["index"], error), pytrace=False)
    elapsed = time.perf_counter() - start
    print(f"{path.name}: {elapsed:.1f} s in fast mode")
    for check in FIGURE_CHECKS.get(path.stem, ()):
        check(_figures(nb))


def _figures(nb: nbformat.NotebookNode) -> list[dict]:
    """The plotly figures (as JSON dicts) an executed notebook displayed, in order."""
    return [out["data"]["application/vnd.plotly.v1+json"]
            for cell in nb.cells if cell.cell_type == "code"
            for out in cell.get("outputs", [])
            if "application/vnd.plotly.v1+json" in out.get("data", {})]


def _with_traces(figures: list[dict], *names: str) -> dict:
    found = [f for f in figures if set(names) <= {t.get("name") for t in f["data"]}]
    assert found, f"no figure has traces named {names}"
    return found[0]


def _bit_flip_visible_beside_readout(figures: list[dict]) -> None:
    # Notebook 05: the two curves coincide; dashes and markers keep both visible.
    fig = _with_traces(figures, "bit_flip", "readout")
    styles = {t["name"]: (t.get("line", {}).get("dash"), t.get("marker", {}).get("symbol"))
              for t in fig["data"]}
    assert styles["bit_flip"] != styles["readout"], styles


def _bloch_sphere_with_static_rz(figures: list[dict]) -> None:
    # Notebook 01: a sphere is drawn, and the RZ path (which does not move) is visible.
    fig = _with_traces(figures, "RX", "RY", "RZ (does not move)")
    assert any(t.get("type") == "surface" for t in fig["data"])


def _both_fits_on_their_own_axes(figures: list[dict]) -> None:
    # Notebook 04: exponential fits on the semi-log panel, power-law fits on the log-log one.
    [fig] = [f for f in figures if any("n^-" in str(t.get("name")) for t in f["data"])]
    names = [str(t.get("name")) for t in fig["data"]]
    assert any("exp(-" in n for n in names) and fig["layout"]["xaxis2"]["type"] == "log"


def _expressibility_labels_unclipped(figures: list[dict]) -> None:
    # Notebook 02: the map's labels may extend past the axes and are not cut off.
    fig = next(f for f in figures
               if "Expressibility vs entangling" in str(f["layout"].get("title", {})))
    assert all(t.get("cliponaxis") is False for t in fig["data"])


def _concentration_lines_distinct_on_log_axis(figures: list[dict]) -> None:
    # Notebook 10: four kernels' lines cross and overlap; each keeps its own dash, marker and
    # colour (the same in both panels), and the variance panel is logarithmic.
    names = ("IQP, s = 1", "IQP, s = 1/sqrt(n)", "IQP, s = 0.1", "projected, default gamma")
    fig = _with_traces(figures, *names)
    styles = {}
    for trace in fig["data"]:
        style = (trace["line"].get("dash"), trace["marker"].get("symbol"),
                 trace["line"].get("color"))
        assert styles.setdefault(trace["name"], style) == style, trace["name"]
    assert len(set(styles.values())) == len(names), styles
    assert fig["layout"]["yaxis"]["type"] == "log"


#: Checks of the figures each notebook shows (fast mode), for defects seen in full-mode runs.
FIGURE_CHECKS = {
    "01-encodings": [_bloch_sphere_with_static_rz],
    "02-variational-circuits": [_expressibility_labels_unclipped],
    "04-training": [_both_fits_on_their_own_axes],
    "05-noise": [_bit_flip_visible_beside_readout],
    "10-quantum-kernels": [_concentration_lines_distinct_on_log_axis],
}


# -- what the notebooks' text claims ---------------------------------------------------------------
# Claims that a cell does not print are checked here against independent references, so that the
# text and the results cannot drift apart.


def test_06_c0_vanishes_for_every_weight_with_one_upload() -> None:
    # Notebook 06: "c_0 for L = 1 is zero for every weight". Independent reference: <Z> of
    # W RY(x)|0> for a random SU(2) W (scipy), averaged over x (the constant Fourier term).
    from scipy.stats import unitary_group

    xs = np.linspace(0, 2 * np.pi, 64, endpoint=False)
    z = np.diag([1.0, -1.0])
    for seed in range(5):
        w = unitary_group.rvs(2, random_state=seed)
        states = np.stack([w @ np.array([np.cos(x / 2), np.sin(x / 2)]) for x in xs])
        expvals = np.real(np.einsum("bi,ij,bj->b", states.conj(), z, states))
        assert abs(expvals.mean()) < 1e-12
    from qnnlab import CircuitConfig
    from qnnlab.analysis import fourier_spectrum

    config = CircuitConfig("reuploading", "strongly_entangling", n_qubits=1, n_layers=1,
                           encoding_options={"trainable_scaling": False})
    for seed in range(5):
        frame = fourier_spectrum(config, random_state=seed).to_frame().set_index("frequency")
        assert abs(frame.loc[0, "magnitude"]) < 1e-10


def test_01_quoted_gate_counts_of_iqp_and_amplitude_encoding() -> None:
    # "2 CNOTs for each of the 6 pairs of 4 qubits, 12 in all"; "amplitude needs 14 CNOTs on 4
    # qubits" (2^n - 2, Mottonen et al.), as qnnlab.resources counts them for a typical input.
    import qnnlab
    from qnnlab import CircuitConfig, encodings

    def cnots(name: str) -> int:
        config = CircuitConfig(name, n_qubits=4, n_layers=0,
                               n_features=encodings.get(name).capacity(4))
        return qnnlab.resources(config)["gate_counts"].get("CNOT", 0)

    assert cnots("iqp") == 2 * (4 * 3 // 2) == 12
    assert cnots("amplitude") == 2**4 - 2 == 14


def test_05_quoted_channel_counts_and_zne_shot_cost() -> None:
    # "Gate placement puts 28 channels into this circuit, layer placement 12"; ZNE at scale
    # factors 1, 3, 5 "~2.3x the shot noise", "about 5x more shots".
    import pennylane as qml

    from qnnlab import CircuitConfig, build_qnode
    from qnnlab.circuits import init_weights

    config = CircuitConfig(n_qubits=4, n_layers=2, noise="depolarizing", noise_strength=0.05,
                           n_features=2)
    counts = {}
    for placement in ("gate", "layer"):
        qnode = build_qnode(config=config.replace(noise_placement=placement))
        specs = qml.specs(qnode, level="device")(np.array([0.3, 0.5]), init_weights(config))
        counts[placement] = specs.to_dict()["resources"]["gate_types"]["DepolarizingChannel"]
    assert counts == {"gate": 28, "layer": 12}
    # Richardson extrapolation to 0 through (1, 3, 5): the Lagrange weights at 0, by hand
    scales = np.array([1.0, 3.0, 5.0])
    weights = [np.prod([-s / (t - s) for s in scales if s != t]) for t in scales]
    assert weights == pytest.approx([15 / 8, -10 / 8, 3 / 8])
    noise_factor = float(np.sqrt(np.sum(np.square(weights))))
    assert round(noise_factor, 1) == 2.3 and round(noise_factor**2) == 5


def test_02_claims_sim_2_adds_entanglement_but_not_expressibility_and_sim_9_is_a_cluster() -> None:
    # "sim_1 and sim_2 have exactly the same expressibility" (a fixed CNOT ladder does not
    # change fidelities) while sim_2 entangles; "sim_9 ... entangling capability 1".
    from qnnlab.analysis import entangling_capability, expressibility

    same = [expressibility(name, n_qubits=4, n_layers=1, n_samples=300, random_state=0)
            for name in ("sim_1", "sim_2")]
    assert same[0] == pytest.approx(same[1], abs=1e-9)
    assert entangling_capability("sim_1", n_qubits=4, n_layers=1, n_samples=50) < 1e-9
    assert entangling_capability("sim_2", n_qubits=4, n_layers=1, n_samples=50) > 0.3
    assert entangling_capability("sim_9", n_qubits=4, n_layers=1,
                                 n_samples=50) == pytest.approx(1.0)

"""Dependencies flow one way: the core never imports the widgets (or ipywidgets)."""

from __future__ import annotations

import subprocess
import sys

CORE_MODULES = [
    "qnnlab", "qnnlab.datasets", "qnnlab.encodings", "qnnlab.ansatze", "qnnlab.noise",
    "qnnlab.circuits", "qnnlab.models", "qnnlab.training", "qnnlab.estimators",
    "qnnlab.resource_count", "qnnlab.statevector", "qnnlab.analysis", "qnnlab.diagram",
    "qnnlab.plots", "qnnlab.bench", "qnnlab.exercises", "qnnlab.surface", "qnnlab.settings",
]


def test_core_never_imports_widgets():
    code = (
        "import importlib, sys\n"
        f"for name in {CORE_MODULES!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m.startswith(('ipywidgets', 'qnnlab.widgets')))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"the core imported {out.stdout.strip()}"


def test_importing_qnnlab_changes_no_global_torch_settings():
    code = (
        "import torch\n"
        "before = (torch.get_num_threads(), torch.get_default_dtype())\n"
        "import qnnlab\n"
        "assert (torch.get_num_threads(), torch.get_default_dtype()) == before\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)

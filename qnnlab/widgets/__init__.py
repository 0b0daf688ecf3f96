"""Widgets for Jupyter: pickers for every choice, and the live Playground.

Nothing here is displayed on construction: build a widget, then show it by making it the last
expression of a cell (or with ``display``). The names are imported on first use, so that
``qnnlab playground`` (which only launches a server) starts without loading ipywidgets,
PyTorch or PennyLane.

Examples
--------
>>> from qnnlab.widgets import AnsatzPicker
>>> AnsatzPicker().value["n_layers"]
2
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from qnnlab._lazy import lazy_names

if TYPE_CHECKING:
    from qnnlab.widgets.pickers import (
        AnsatzPicker,
        DatasetPicker,
        EncodingPicker,
        NoisePicker,
        TrainingControls,
    )
    from qnnlab.widgets.playground import Playground, PlaygroundState

#: Public name -> the module that defines it.
_LAZY = {
    "AnsatzPicker": "qnnlab.widgets.pickers",
    "DatasetPicker": "qnnlab.widgets.pickers",
    "EncodingPicker": "qnnlab.widgets.pickers",
    "NoisePicker": "qnnlab.widgets.pickers",
    "TrainingControls": "qnnlab.widgets.pickers",
    "Playground": "qnnlab.widgets.playground",
    "PlaygroundState": "qnnlab.widgets.playground",
}

__getattr__, __dir__ = lazy_names(__name__, _LAZY, globals())

__all__ = [
    "AnsatzPicker",
    "DatasetPicker",
    "EncodingPicker",
    "NoisePicker",
    "Playground",
    "PlaygroundState",
    "TrainingControls",
]

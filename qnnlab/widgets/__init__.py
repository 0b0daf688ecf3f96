"""Widgets for Jupyter: pickers for every choice, and the live Playground.

Nothing here is displayed on construction: build a widget, then show it by making it the last
expression of a cell (or with ``display``).

Examples
--------
>>> from qnnlab.widgets import AnsatzPicker
>>> AnsatzPicker().value["n_layers"]
2
"""

from qnnlab.widgets.pickers import (
    AnsatzPicker,
    DatasetPicker,
    EncodingPicker,
    NoisePicker,
    TrainingControls,
)
from qnnlab.widgets.playground import Playground, PlaygroundState

__all__ = [
    "AnsatzPicker",
    "DatasetPicker",
    "EncodingPicker",
    "NoisePicker",
    "Playground",
    "PlaygroundState",
    "TrainingControls",
]

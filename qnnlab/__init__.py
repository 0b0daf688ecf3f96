"""qnnlab: learn, explore and honestly benchmark hybrid quantum neural networks.

The public names are imported on first use, so ``import qnnlab`` (and the ``qnnlab`` command)
does not load PyTorch, PennyLane or scikit-learn until a model is needed.

Examples
--------
>>> from qnnlab import HybridClassifier
>>> from qnnlab.datasets import load_dataset
>>> X_train, X_test, y_train, y_test = load_dataset("moons", n_samples=200, random_state=0)
>>> clf = HybridClassifier(random_state=0).fit(X_train, y_train)  # doctest: +SKIP
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from qnnlab._lazy import lazy_names

if TYPE_CHECKING:
    from qnnlab import ansatze, encodings, hardware, noise
    from qnnlab._concurrency import circuit_lock
    from qnnlab.circuits import CircuitConfig, build_qnode
    from qnnlab.estimators import HybridClassifier, HybridRegressor
    from qnnlab.families import (
        CircuitCentricClassifier,
        DataReuploadingClassifier,
        DressedQuantumCircuitClassifier,
        IQPKernelClassifier,
        IQPVariationalClassifier,
        ProjectedQuantumKernel,
        QCNNClassifier,
        QuantumKitchenSinks,
    )
    from qnnlab.models import HybridNet
    from qnnlab.resource_count import draw, resources

__version__ = "0.1.0"

__getattr__, __dir__ = lazy_names(__name__, {
    "CircuitConfig": "qnnlab.circuits",
    "HybridClassifier": "qnnlab.estimators",
    "HybridNet": "qnnlab.models",
    "HybridRegressor": "qnnlab.estimators",
    "CircuitCentricClassifier": "qnnlab.families",
    "DataReuploadingClassifier": "qnnlab.families",
    "IQPVariationalClassifier": "qnnlab.families",
    "DressedQuantumCircuitClassifier": "qnnlab.families",
    "IQPKernelClassifier": "qnnlab.families",
    "ProjectedQuantumKernel": "qnnlab.families",
    "QCNNClassifier": "qnnlab.families",
    "QuantumKitchenSinks": "qnnlab.families",
    "ansatze": "qnnlab.ansatze",
    "build_qnode": "qnnlab.circuits",
    "circuit_lock": "qnnlab._concurrency",
    "encodings": "qnnlab.encodings",
    "hardware": "qnnlab.hardware",
    "noise": "qnnlab.noise",
    "draw": "qnnlab.resource_count",
    "resources": "qnnlab.resource_count",
}, globals())

__all__ = [
    "CircuitCentricClassifier",
    "CircuitConfig",
    "DataReuploadingClassifier",
    "DressedQuantumCircuitClassifier",
    "HybridClassifier",
    "HybridNet",
    "HybridRegressor",
    "IQPKernelClassifier",
    "IQPVariationalClassifier",
    "ProjectedQuantumKernel",
    "QCNNClassifier",
    "QuantumKitchenSinks",
    "ansatze",
    "build_qnode",
    "circuit_lock",
    "encodings",
    "hardware",
    "noise",
    "draw",
    "resources",
    "__version__",
]

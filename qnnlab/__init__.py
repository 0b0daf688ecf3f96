"""qnnlab: learn, explore and honestly benchmark hybrid quantum neural networks.

Examples
--------
>>> from qnnlab import HybridClassifier
>>> from qnnlab.datasets import load_dataset
>>> X_train, X_test, y_train, y_test = load_dataset("moons", n_samples=200, random_state=0)
>>> clf = HybridClassifier(random_state=0).fit(X_train, y_train)  # doctest: +SKIP
"""

from qnnlab import ansatze, encodings, noise
from qnnlab.circuits import CircuitConfig, build_qnode
from qnnlab.estimators import HybridClassifier, HybridRegressor
from qnnlab.models import HybridNet
from qnnlab.resource_count import draw, resources

__version__ = "0.1.0"

__all__ = [
    "CircuitConfig",
    "HybridClassifier",
    "HybridNet",
    "HybridRegressor",
    "ansatze",
    "build_qnode",
    "encodings",
    "noise",
    "draw",
    "resources",
    "__version__",
]

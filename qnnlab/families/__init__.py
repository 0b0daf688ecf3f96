"""The model families of the reference benchmark (Bowles, Ahmed & Schuld 2024) as estimators.

One module per family, each a scikit-learn classifier that follows the published model and the
qml-benchmarks implementation (github.com/XanaduAI/qml-benchmarks), with every deviation
documented in its docstring:

* :mod:`~qnnlab.families.kernels`: :class:`IQPKernelClassifier` (fidelity kernel) and
  :class:`ProjectedQuantumKernel` (Huang et al. 2021), Gram matrices from one broadcast
  simulation per chunk of samples;
* :mod:`~qnnlab.families.kitchen_sinks`: :class:`QuantumKitchenSinks` (Wilson et al. 2018);
* :mod:`~qnnlab.families.reuploading`: :class:`DataReuploadingClassifier` (Perez-Salinas et al.
  2020) and its separable ablation (``separable=True``), trained with qnnlab's training loop;
* :mod:`~qnnlab.families.dressed`: :class:`DressedQuantumCircuitClassifier` (Mari et al. 2020)
  and its separable and classical-only ablations (``ablation=``);
* :mod:`~qnnlab.families.iqp_variational`: :class:`IQPVariationalClassifier` (Havlicek et al.
  2019) and :mod:`~qnnlab.families.circuit_centric`: :class:`CircuitCentricClassifier`
  (Schuld et al. 2020);
* :mod:`~qnnlab.families.qcnn`: :class:`QCNNClassifier` (Cong et al. 2019; not in the
  reference study's code).

:data:`DEFAULT_GRIDS` holds each family's hyperparameter grid from the reference study's
``hyperparameter_settings.py``; ``qnnlab bench`` searches it when a configuration gives none.

Examples
--------
>>> sorted(DEFAULT_GRIDS["iqp_kernel"])
['C', 'repeats']
"""

from __future__ import annotations

from typing import Any

from qnnlab.families.circuit_centric import CircuitCentricClassifier
from qnnlab.families.dressed import DressedQuantumCircuitClassifier
from qnnlab.families.iqp_variational import IQPVariationalClassifier
from qnnlab.families.kernels import IQPKernelClassifier, ProjectedQuantumKernel
from qnnlab.families.kitchen_sinks import QuantumKitchenSinks
from qnnlab.families.qcnn import QCNNClassifier
from qnnlab.families.reuploading import DataReuploadingClassifier

__all__ = ["DEFAULT_GRIDS", "CircuitCentricClassifier", "DataReuploadingClassifier",
           "DressedQuantumCircuitClassifier", "IQPKernelClassifier", "IQPVariationalClassifier",
           "ProjectedQuantumKernel", "QCNNClassifier", "QuantumKitchenSinks"]

#: Hyperparameter grids of the reference study (``src/qml_benchmarks/hyperparameter_settings.py``
#: of XanaduAI/qml-benchmarks; Bowles, Ahmed & Schuld 2024, appendix), by registry name. The
#: reference's ``max_vmap`` (a memory setting of its JAX code) has no counterpart here.
DEFAULT_GRIDS: dict[str, dict[str, list[Any]]] = {
    "iqp_kernel": {"repeats": [1, 5, 10], "C": [0.1, 1.0, 10.0, 100.0]},
    "projected_kernel": {"gamma_factor": [0.1, 1.0, 10.0], "C": [0.1, 1.0, 10.0, 100.0],
                         "trotter_steps": [1, 3, 5], "t": [0.01, 0.1, 1.0]},
    "quantum_kitchen_sinks": {"n_qfeatures": ["full", "half"],
                              "n_episodes": [10, 100, 500, 2000]},
    "data_reuploading": {"learning_rate": [0.001, 0.01, 0.1], "n_layers": [1, 5, 10, 15],
                         "observable_type": ["single", "half", "full"]},
}
DEFAULT_GRIDS["data_reuploading_separable"] = DEFAULT_GRIDS["data_reuploading"]
DEFAULT_GRIDS["dressed"] = {"learning_rate": [0.001, 0.01, 0.1], "n_layers": [1, 5, 10, 15]}
DEFAULT_GRIDS["dressed_separable"] = DEFAULT_GRIDS["dressed"]
#: The reference has no grid for its classical-only ablation; it searches the learning rate
#: (n_layers does not change it).
DEFAULT_GRIDS["dressed_classical"] = {"learning_rate": [0.001, 0.01, 0.1]}
DEFAULT_GRIDS["iqp_variational"] = {"learning_rate": [0.001, 0.01, 0.1], "repeats": [1, 5, 10],
                                    "n_layers": [1, 5, 10, 15]}
DEFAULT_GRIDS["circuit_centric"] = {"learning_rate": [0.001, 0.01, 0.1],
                                    "n_input_copies": [1, 2, 3], "n_layers": [1, 5, 10]}
#: Not in the reference study: the learning rates its other gradient-trained models search.
DEFAULT_GRIDS["qcnn"] = {"learning_rate": [0.001, 0.01, 0.1]}

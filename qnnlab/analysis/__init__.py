"""Analysis and interpretability of quantum circuits and hybrid models.

Circuit properties, before any training:

* :func:`expressibility` and :func:`entangling_capability` of an ansatz (Sim et al. 2019),
  :func:`compare_ansatze` for a table of both, :func:`meyer_wallach` for any states;
* :func:`gradient_variance`: barren plateaus, global vs local cost (McClean et al. 2018,
  Cerezo et al. 2021);
* :func:`effective_dimension` (Abbas et al. 2021).

A circuit or a (trained) model:

* :func:`fourier_spectrum`: the frequencies an encoding allows and the coefficients the model
  uses (Schuld, Sweke & Meyer 2021);
* :func:`inspect_state`: Bloch vectors, probabilities, reduced states and
  :func:`entanglement_entropy` for one input (noisy circuits too).

A fitted estimator: :func:`saliency`, :func:`permutation_importance` and :func:`ablation`
(classical counterpart, no entanglement, frozen quantum weights).

Figures for all of them are in :mod:`qnnlab.plots`.

Examples
--------
>>> from qnnlab import analysis
>>> round(analysis.idle_expressibility(n_qubits=1), 3)   # the paper's idle circuit
4.317
"""

from qnnlab.analysis.attribution import (
    VARIANTS,
    ablation,
    permutation_importance,
    saliency,
    without_entanglement,
)
from qnnlab.analysis.barren import COSTS, global_cost, gradient_variance, local_cost
from qnnlab.analysis.dimension import effective_dimension, fisher_information
from qnnlab.analysis.entanglement import (
    entanglement_entropy,
    entangling_capability,
    haar_random_states,
    meyer_wallach,
)
from qnnlab.analysis.expressibility import (
    ExpressibilityResult,
    compare_ansatze,
    expressibility,
    haar_bin_probabilities,
    haar_fidelity_density,
    idle_expressibility,
    kl_to_haar,
)
from qnnlab.analysis.fourier import FourierSpectrum, available_spectrum, fourier_spectrum
from qnnlab.analysis.state import (
    StateInspection,
    basis_labels,
    bloch_vector,
    bloch_vectors,
    inspect_state,
    reduced_density_matrices,
)

__all__ = [
    "COSTS",
    "VARIANTS",
    "ExpressibilityResult",
    "FourierSpectrum",
    "StateInspection",
    "ablation",
    "available_spectrum",
    "basis_labels",
    "bloch_vector",
    "bloch_vectors",
    "reduced_density_matrices",
    "compare_ansatze",
    "effective_dimension",
    "entanglement_entropy",
    "entangling_capability",
    "expressibility",
    "fisher_information",
    "fourier_spectrum",
    "global_cost",
    "gradient_variance",
    "haar_bin_probabilities",
    "haar_fidelity_density",
    "haar_random_states",
    "idle_expressibility",
    "inspect_state",
    "kl_to_haar",
    "local_cost",
    "meyer_wallach",
    "permutation_importance",
    "saliency",
    "without_entanglement",
]

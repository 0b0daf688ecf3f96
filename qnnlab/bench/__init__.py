"""Honest benchmarks of hybrid quantum models against tuned classical baselines.

Describe an experiment in YAML (datasets, models with hyperparameter grids, seeds, noise and size
sweeps), run it with :func:`run` (locally, on several processes or on a Dask cluster), read the
self-contained HTML :func:`report`, and check a finished run with :func:`reproduce`. The protocol
follows Bowles, Ahmed & Schuld, "Better than classical? The subtle art of benchmarking quantum
machine learning models" (arXiv:2403.07059, 2024): the same splits for every model, a grid search
with cross-validation on the training part, refitting, and test scores over several seeds.

The command line offers the same: ``qnnlab bench run CONFIG --out DIR [--jobs N | --dask
ADDRESS]``, ``qnnlab bench report DIR`` and ``qnnlab bench reproduce DIR``.

Examples
--------
>>> from qnnlab import bench
>>> config = {"datasets": [{"name": "moons", "n_samples": 40}], "seeds": [0, 1], "cv": 3,
...           "models": [{"model": "logistic_regression"}, {"model": "svc_rbf"}]}
>>> results = bench.run(config, progress=False)
>>> results[["model", "seed", "status"]].values.tolist()  # doctest: +NORMALIZE_WHITESPACE
[['logistic_regression', 0, 'ok'], ['logistic_regression', 1, 'ok'], ['svc_rbf', 0, 'ok'],
 ['svc_rbf', 1, 'ok']]
"""

from qnnlab.bench.config import MODELS, ConfigError, Experiment, load_config
from qnnlab.bench.execution import ReproduceResult, reproduce, run
from qnnlab.bench.report import report
from qnnlab.bench.stats import summarize

__all__ = [
    "MODELS",
    "ConfigError",
    "Experiment",
    "ReproduceResult",
    "load_config",
    "report",
    "reproduce",
    "run",
    "summarize",
]

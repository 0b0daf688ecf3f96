"""Shared test settings."""

from __future__ import annotations

import torch

# The circuits in the tests are tiny: torch's intra-op threads only add synchronisation cost,
# which on a loaded machine makes each backward pass several times slower.
torch.set_num_threads(1)

"""Evaluate a model over a grid of the input plane (for decision-boundary plots).

Examples
--------
>>> import numpy as np
>>> grid = input_grid(np.array([[0.0, 0.0], [1.0, 2.0]]), resolution=3, margin=0.0)
>>> grid.xs.tolist(), grid.points.shape
([0.0, 0.5, 1.0], (9, 2))
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

__all__ = ["Grid", "input_grid", "decision_surface"]


@dataclass(frozen=True)
class Grid:
    """A rectangular grid over two features: axis values and the flattened points (row-major).

    Examples
    --------
    >>> Grid(xs=np.array([0.0, 1.0]), ys=np.array([5.0, 6.0, 7.0])).points[:3]
    array([[0., 5.],
           [1., 5.],
           [0., 6.]])
    """

    xs: np.ndarray
    ys: np.ndarray

    @property
    def points(self) -> np.ndarray:
        """All grid points, shape ``(len(ys) * len(xs), 2)``, x varying fastest."""
        xx, yy = np.meshgrid(self.xs, self.ys)
        return np.column_stack([xx.ravel(), yy.ravel()])


def input_grid(X: np.ndarray, resolution: int = 40, margin: float = 0.1) -> Grid:
    """A ``resolution`` x ``resolution`` grid covering the first two features of ``X``.

    The box is widened by ``margin`` times its size on every side.

    Examples
    --------
    >>> X = np.array([[0.0, 1.0], [2.0, 3.0]])
    >>> grid = input_grid(X, resolution=5, margin=0.5)  # each side widened by half the range
    >>> grid.xs.tolist(), grid.ys.tolist()
    ([-1.0, 0.0, 1.0, 2.0, 3.0], [0.0, 1.0, 2.0, 3.0, 4.0])
    >>> input_grid(np.zeros((4, 3)))
    Traceback (most recent call last):
    ...
    ValueError: A decision surface needs exactly 2 features; got shape (4, 3)
    """
    X = np.asarray(X, dtype=float)
    if X.ndim != 2 or X.shape[1] != 2:
        raise ValueError(f"A decision surface needs exactly 2 features; got shape {X.shape}")
    lo, hi = X.min(axis=0), X.max(axis=0)
    pad = (hi - lo) * margin
    xs = np.linspace(lo[0] - pad[0], hi[0] + pad[0], resolution)
    ys = np.linspace(lo[1] - pad[1], hi[1] + pad[1], resolution)
    return Grid(xs, ys)


def decision_surface(
    score: Callable[[np.ndarray], np.ndarray], grid: Grid
) -> np.ndarray:
    """``score`` (e.g. the probability of class 1) at every grid point, shape ``(ny, nx)``.

    The whole grid goes through ``score`` in one call (one broadcast circuit execution).

    Examples
    --------
    >>> grid = input_grid(np.array([[0.0, 0.0], [1.0, 1.0]]), resolution=3, margin=0.0)
    >>> decision_surface(lambda points: points[:, 0] + 10 * points[:, 1], grid)
    array([[ 0. ,  0.5,  1. ],
           [ 5. ,  5.5,  6. ],
           [10. , 10.5, 11. ]])
    """
    values = np.asarray(score(grid.points), dtype=float)
    return values.reshape(len(grid.ys), len(grid.xs))

"""Run-time settings read from the environment.

``QNNLAB_FAST=1`` switches the notebooks (and anything else that asks) to a fast mode: smaller
data and fewer epochs, so that CI can execute every notebook in well under a minute. Learners
get the full mode by default.

Examples
--------
>>> sized(full=200, fast=60) in (200, 60)
True
"""

from __future__ import annotations

import os
from typing import TypeVar

__all__ = ["fast_mode", "sized"]

T = TypeVar("T")


def fast_mode() -> bool:
    """True when the environment variable ``QNNLAB_FAST`` is set to ``1``/``true``/``yes``.

    Examples
    --------
    >>> import os
    >>> from unittest import mock
    >>> with mock.patch.dict(os.environ, {"QNNLAB_FAST": "yes"}):
    ...     fast_mode()
    True
    >>> with mock.patch.dict(os.environ, {"QNNLAB_FAST": "0"}):
    ...     fast_mode()
    False
    """
    return os.environ.get("QNNLAB_FAST", "").strip().lower() in {"1", "true", "yes"}


def sized(full: T, fast: T) -> T:
    """``fast`` in fast mode, else ``full``: ``epochs = sized(full=40, fast=5)``.

    Examples
    --------
    >>> import os
    >>> from unittest import mock
    >>> with mock.patch.dict(os.environ, {"QNNLAB_FAST": "1"}):
    ...     sized(full=40, fast=5)
    5
    >>> with mock.patch.dict(os.environ, {"QNNLAB_FAST": ""}):
    ...     sized(full=40, fast=5)
    40
    """
    return fast if fast_mode() else full

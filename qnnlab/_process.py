"""Worker processes that never outlive their parent.

A worker started by qnnlab (the local processes of ``qnnlab bench run --jobs N``) must end when
the process that started it ends, however it ends: SIGKILL gives the parent no chance to clean
up. On Linux the kernel does it: ``prctl(PR_SET_PDEATHSIG, SIGKILL)`` asks for SIGKILL when the
parent dies. Elsewhere a daemon thread watches the parent's process id and exits the worker when
it changes (the worker was re-parented).

This module imports nothing heavy, so that a freshly spawned worker protects itself within
moments of starting, not after importing PyTorch and PennyLane (seconds on a loaded machine,
time in which a killed parent would otherwise leave it running).

Examples
--------
>>> import subprocess, sys
>>> code = ("import os; from qnnlab._process import die_with_parent; "
...         "die_with_parent(os.getppid()); print('protected')")
>>> subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout
'protected\\n'
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time

__all__ = ["die_with_parent", "init_pool_worker"]

#: prctl option: the signal the calling process receives when its parent dies (Linux).
_PR_SET_PDEATHSIG = 1


def _exit_when_orphaned(parent_pid: int, interval: float = 1.0) -> None:
    while os.getppid() == parent_pid:
        time.sleep(interval)
    os._exit(1)


def _set_parent_death_signal() -> bool:
    """Ask Linux for SIGKILL when the parent dies; False where that is not available."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def die_with_parent(parent_pid: int) -> None:
    """Make this process end when its parent ``parent_pid`` ends, even by SIGKILL.

    Parameters
    ----------
    parent_pid : int
        The process id of the parent, as the parent saw it (``os.getpid()`` there): if the
        parent is already gone when this runs, the process exits at once.

    Examples
    --------
    >>> import subprocess, sys
    >>> code = ("import os; from qnnlab._process import die_with_parent; "
    ...         "die_with_parent(os.getppid() + 10**7); print('not reached')")  # a gone parent
    >>> done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    >>> done.returncode, done.stdout
    (1, '')
    """
    if _set_parent_death_signal():
        if os.getppid() != parent_pid:  # the parent died before the request took effect
            os._exit(1)
        return
    if os.getppid() != parent_pid:
        os._exit(1)
    threading.Thread(target=_exit_when_orphaned, args=(parent_pid,), daemon=True,
                     name="qnnlab-watch-parent").start()


def init_pool_worker(parent_pid: int, torch_threads: int = 1) -> None:
    """Initializer of a local worker process: dies with its parent, no own Ctrl-C, few threads.

    A Ctrl-C in a terminal reaches the whole process group. The workers ignore it and leave
    the decision to the parent, which stops them: a worker's own KeyboardInterrupt could be
    caught by model code (``Trainer.fit`` keeps its weights on Ctrl-C) and let a job that was
    cut short return as if it had finished.

    Parameters
    ----------
    parent_pid : int
        ``os.getpid()`` of the process that creates the pool.
    torch_threads : int, default 1
        PyTorch intra-op threads of the worker (workers side by side would oversubscribe the
        cores otherwise).

    Examples
    --------
    >>> from concurrent.futures import ProcessPoolExecutor
    >>> from multiprocessing import get_context
    >>> with ProcessPoolExecutor(1, mp_context=get_context("spawn"), initializer=init_pool_worker,
    ...                          initargs=(os.getpid(),)) as pool:
    ...     pool.submit(os.getppid).result() == os.getpid()
    True
    """
    die_with_parent(parent_pid)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    import torch

    torch.set_num_threads(torch_threads)

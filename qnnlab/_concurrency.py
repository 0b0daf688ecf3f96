"""One process-wide guard that makes qnnlab safe to use from several threads.

Why a guard is needed
---------------------
PennyLane records the gates of a circuit in a *process-global* stack of queuing contexts
(``pennylane.QueuingManager``): every operator created anywhere in the process is appended to
the innermost active context, whichever thread created it. Two threads that build or run
circuits at the same time therefore put gates into each other's tapes (wrong numbers), pop
each other's contexts (``IndexError: pop from empty list`` in ``pennylane/queuing.py``) and,
once an exception skips the release of PennyLane's own queuing lock, wait for it forever.
torch's global random generator, which :func:`qnnlab.models.seeded` seeds to initialise a
network, is process-global as well.

The choice: one re-entrant lock
-------------------------------
qnnlab holds one process-wide :class:`threading.RLock` (:func:`circuit_lock`) wherever it

* builds a circuit (:func:`qnnlab.circuits.build_qnode`, PennyLane's drawing and resource
  counting),
* runs one: the QNodes that :func:`~qnnlab.circuits.build_qnode` returns take the lock on
  every call (tape construction, transforms and device execution happen inside the call),
* differentiates one: ``backward`` (or ``torch.autograd.grad``) through a QNode runs
  PennyLane code again when the gradient method is not backpropagation (parameter-shift,
  adjoint, finite differences), so qnnlab's training step and analyses hold the lock there,
* seeds torch's global random generator (:func:`qnnlab.models.seeded`).

The alternative, a per-thread queuing stack, would mean replacing PennyLane internals at import
time and would still leave the other process-global state (torch's generator, registries)
unprotected. The lock costs next to nothing in speed: the circuits qnnlab simulates are small,
so their time goes to Python code that holds the GIL; two threads could not run it side by
side anyway. Threads are still useful around it (data loading, scikit-learn baselines, widgets
answering clicks): only circuit work is taken in turns. For parallel *speed*, use processes:
local ``qnnlab bench run --jobs N`` and Dask workers run every benchmark job in a process of its
own (see :func:`run_in_thread_process`).

Why it cannot deadlock
----------------------
* It is re-entrant: code that holds it may call code that takes it again (a model built inside
  :func:`qnnlab.models.seeded` builds its QNode).
* It is held only around a bounded piece of circuit work (one build, one forward pass of one
  batch, one backward pass), never while waiting for another thread, for user callbacks or for
  I/O: training callbacks and the Playground's ``await`` run outside it.
* torch's intra-op threads run C++ only and never take it, and on the CPU torch runs a
  ``backward`` on the thread that called it, which already holds the lock.
* A process forked while another thread holds it gets a fresh, unlocked one.

Parallel speed comes from processes. :func:`run_in_thread_process` runs a call in a helper
process that belongs to the calling thread (started on first use, reused, gone when idle): a Dask
worker with ``N`` threads thus runs ``N`` benchmark jobs side by side, each at single-threaded
speed, with the numbers of a local process.

The rule for your own code: qnnlab's functions, estimators and models may be used from any
number of threads (each fitting its own estimator) and give the same numbers as run one after
another. PennyLane code of your own that runs while qnnlab works in another thread must take
the same lock: ``with qnnlab.circuit_lock(): ...``.

Examples
--------
>>> with circuit_lock():
...     with circuit_lock():  # re-entrant: the same thread may take it again
...         holds_circuit_lock()
True
>>> holds_circuit_lock()
False
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from multiprocessing import Pipe
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import pennylane as qml

__all__ = [
    "GuardedQNode", "circuit_lock", "guard_qnode", "holds_circuit_lock", "run_in_thread_process",
]

#: Seconds a helper process of :func:`run_in_thread_process` waits for work before it exits.
HELPER_IDLE_S = 60.0

_LOCK = threading.RLock()


def _fresh_lock_after_fork() -> None:
    # A child forked while another thread held the lock would otherwise wait for it forever.
    global _LOCK
    _LOCK = threading.RLock()


os.register_at_fork(after_in_child=_fresh_lock_after_fork)


@contextmanager
def circuit_lock() -> Iterator[None]:
    """Hold the process-wide lock around building, running or differentiating circuits.

    Re-entrant: a thread that holds it may take it again. Hold it only around bounded work,
    never while waiting for another thread.

    Examples
    --------
    >>> import pennylane as qml
    >>> dev = qml.device("default.qubit", wires=1)
    >>> circuit = qml.QNode(lambda: qml.expval(qml.PauliZ(0)), dev)
    >>> with circuit_lock():  # your own PennyLane code, next to qnnlab in other threads
    ...     float(circuit())
    1.0
    """
    lock = _LOCK
    with lock:
        yield


def holds_circuit_lock() -> bool:
    """True if the calling thread holds :func:`circuit_lock`.

    Examples
    --------
    >>> holds_circuit_lock()
    False
    """
    return _LOCK._is_owned()  # type: ignore[attr-defined]  # RLock's own ownership test


class GuardedQNode(qml.QNode):
    """A PennyLane QNode whose every call holds :func:`circuit_lock`.

    Building the tape, transforming it and executing it all happen inside the call. Made by
    :func:`guard_qnode`; PennyLane transforms applied afterwards return plain QNodes.

    Examples
    --------
    >>> dev = qml.device("default.qubit", wires=1)
    >>> circuit = guard_qnode(qml.QNode(lambda: qml.expval(qml.PauliZ(0)), dev))
    >>> type(circuit).__name__, float(circuit())
    ('GuardedQNode', 1.0)
    """

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        with circuit_lock():
            return super().__call__(*args, **kwargs)


def guard_qnode(qnode: qml.QNode) -> GuardedQNode:
    """Make ``qnode`` (in place, and return it) a :class:`GuardedQNode`.

    Done last, after PennyLane's transforms (``set_shots``, ``mitigate_with_zne``), which
    return plain QNodes.

    Examples
    --------
    >>> dev = qml.device("default.qubit", wires=1)
    >>> circuit = qml.QNode(lambda: qml.expval(qml.PauliZ(0)), dev)
    >>> guard_qnode(circuit) is circuit, isinstance(circuit, GuardedQNode)
    (True, True)
    >>> guard_qnode(lambda: 0)
    Traceback (most recent call last):
    ...
    TypeError: guard_qnode needs a pennylane.QNode; got function
    """
    if not isinstance(qnode, qml.QNode):
        raise TypeError(f"guard_qnode needs a pennylane.QNode; got {type(qnode).__name__}")
    if not isinstance(qnode, GuardedQNode):
        qnode.__class__ = GuardedQNode
    return qnode


# ----------------------------------------------------------------------------- helper processes


class HelperProcessDied(RuntimeError):
    """The helper process of :func:`run_in_thread_process` ended before it answered."""


class _HelperProcess:
    """A Python process that runs the calls it is sent, one at a time, and sends back results.

    It talks over a private socket pair (pickles only ever come from its own parent), is set up
    as a local benchmark worker is (:func:`qnnlab._process.init_pool_worker`: it dies with its
    parent, leaves Ctrl-C to it, and runs one torch thread), and exits when it has had no work
    for ``idle_s`` seconds.
    """

    def __init__(self, idle_s: float) -> None:
        self.connection, child_end = Pipe(duplex=True)
        package_root = str(Path(__file__).resolve().parent.parent)
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [package_root,
                                                          env.get("PYTHONPATH")]))
        # Protected (dies with this process) before the heavy imports of qnnlab._concurrency.
        code = (f"from qnnlab._process import init_pool_worker; init_pool_worker({os.getpid()}); "
                f"from qnnlab._concurrency import _serve; "
                f"_serve({child_end.fileno()}, {float(idle_s)!r})")
        self.process = subprocess.Popen([sys.executable, "-c", code], env=env,
                                        stdin=subprocess.DEVNULL, pass_fds=[child_end.fileno()])
        child_end.close()

    def call(self, func: Callable[..., Any], args: tuple, kwargs: dict[str, Any]) -> Any:
        try:
            self.connection.send((func, args, kwargs))
            status, value = self.connection.recv()
        except (EOFError, OSError):
            self.close()
            raise HelperProcessDied(self.process.wait()) from None
        if status == "error":
            raise value
        return value

    def close(self) -> None:
        self.connection.close()

    def __del__(self) -> None:  # the owning thread ended: let the process go
        self.connection.close()


_THREAD_HELPERS = threading.local()


def run_in_thread_process(func: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """``func(*args, **kwargs)``, run in a helper process that belongs to the calling thread.

    Each thread gets its own helper process (started on first use, then reused; it exits after
    :data:`HELPER_IDLE_S` seconds without work, or when this process ends), so calls from
    ``N`` threads run in ``N`` processes side by side, each free of the others' process-wide
    state (the circuit lock, torch's thread count, warnings filters). ``func``, its arguments
    and its result must be picklable; ``func`` must be importable (a module-level function).
    Works inside daemonic processes such as Dask workers, where ``multiprocessing`` may not
    start children.

    Raises
    ------
    HelperProcessDied
        If the helper process ended while running the call (killed for memory, a crash); its
        exit code is the message.
    Exception
        Whatever ``func`` raised, re-raised here.

    Examples
    --------
    >>> import math
    >>> run_in_thread_process(math.factorial, 5)
    120
    """
    for attempt in range(2):
        helper = getattr(_THREAD_HELPERS, "helper", None)
        if helper is None or helper.process.poll() is not None:
            helper = _THREAD_HELPERS.helper = _HelperProcess(HELPER_IDLE_S)
        try:
            return helper.call(func, args, kwargs)
        except HelperProcessDied as died:
            _THREAD_HELPERS.helper = None
            # Exit code 0 means it left idle just as the call was sent: it never ran it.
            if died.args[0] != 0 or attempt == 1:
                raise HelperProcessDied(
                    f"The helper process running {getattr(func, '__qualname__', func)!s} ended "
                    f"with exit code {died.args[0]} before answering (killed for memory? a "
                    "crash?); the call did not finish."
                ) from None
    raise AssertionError("unreachable")


def _serve(fd: int, idle_s: float) -> None:
    """The helper process's loop: receive a call, run it, send back its result or error."""
    connection = Connection(fd)
    while connection.poll(idle_s):
        try:
            func, args, kwargs = connection.recv()
        except EOFError:  # the parent closed its end
            return
        try:
            reply: tuple[str, Any] = ("ok", func(*args, **kwargs))
        except Exception as error:  # noqa: BLE001 - sent back and raised in the caller
            reply = ("error", error)
        try:
            connection.send(reply)
        except Exception as error:  # noqa: BLE001 - an unpicklable result or error
            connection.send(("error", RuntimeError(f"{type(error).__name__}: {error}")))

"""``qnnlab playground``: the Playground as a standalone workshop app, served by Voila.

Voila runs the shipped notebook ``qnnlab/apps/playground.ipynb`` and shows only its widgets.

What the app exposes, and to whom: the server listens on 127.0.0.1 only (nobody on the network
can reach it) and asks for a random token that is printed in the URL, so other users of a shared
machine cannot open it either; the token travels to the server in its environment, never on a
command line that ``ps`` shows. A page can only send widget messages to its kernel (Voila
refuses code execution); the only files served are Voila's and the Playground notebook folder's
images.

Limits, for a workshop: every open tab runs its own kernel (about 600 MB with the default
settings). Closing or reloading a tab shuts its kernel down; a kernel whose tab vanished without
saying so (a crashed browser, a laptop put to sleep) is culled after ``--idle-timeout`` seconds
without a connection. One kernel is kept preheated (``--pool-size``, default 1) so that a page
opens in seconds; it costs the memory of one more tab. Stopping ``qnnlab playground`` in any way,
SIGKILL included, stops Voila and every kernel.

Examples
--------
>>> import argparse
>>> parser = argparse.ArgumentParser(prog="qnnlab")
>>> add_parser(parser.add_subparsers())
>>> args = parser.parse_args(["playground", "--port", "9000", "--no-browser"])
>>> args.port, args.no_browser, args.func is run
(9000, True, True)
>>> voila_command(notebook_path(), 9000)[1:3]
['-m', 'qnnlab.widgets.app']
"""

from __future__ import annotations

import argparse
import ctypes
import errno
import html
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import webbrowser
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

__all__ = ["add_parser", "run", "voila_command", "notebook_path", "serve", "serve_voila",
           "server_environment", "check_server_settings", "voila_app_class"]

DEFAULT_PORT = 8866
HOST = "127.0.0.1"
#: Seconds to wait for Voila to answer before giving up.
STARTUP_TIMEOUT_S = 120.0
#: Seconds Voila gets to stop after SIGTERM before it is killed.
STOP_TIMEOUT_S = 10.0
#: The environment variable that carries the access token to the server (Jupyter's own).
TOKEN_ENV = "JUPYTER_TOKEN"
#: Preheated kernels kept ready (each holds a built Playground, about 600 MB).
DEFAULT_POOL_SIZE = 1
MAX_POOL_SIZE = 4
#: A kernel without a connected page is shut down after this many seconds idle. The minimum
#: leaves a page time to connect to the preheated kernel it was given (idle since it was built).
DEFAULT_IDLE_TIMEOUT_S = 600
MIN_IDLE_TIMEOUT_S = 60
MAX_IDLE_TIMEOUT_S = 7 * 24 * 3600
#: How often the kernel manager looks for kernels to cull: a quarter of the timeout, at most
#: this many seconds.
CULL_INTERVAL_S = 60
#: linux/prctl.h
PR_SET_PDEATHSIG = 1
#: The only JupyterLab extensions the page loads: the widget managers and anywidget (plotly's
#: FigureWidget). Without this list Voila also loads jupyterlab-plotly's 4.8 MB renderer, which
#: no FigureWidget needs, before any widget appears.
PAGE_EXTENSIONS = ("@jupyter-widgets/jupyterlab-manager", "@voila-dashboards/widgets-manager8",
                   "anywidget")


def notebook_path() -> Path:
    """Where the shipped Playground notebook is (package data).

    Examples
    --------
    >>> path = notebook_path()
    >>> path.name, path.is_file()
    ('playground.ipynb', True)
    """
    return Path(str(resources.files("qnnlab") / "apps" / "playground.ipynb"))


def port_is_free(port: int, host: str = HOST) -> bool:
    """True if nothing listens on ``host:port``.

    Examples
    --------
    >>> with socket.socket() as busy:
    ...     busy.bind((HOST, 0))  # the system picks a free port
    ...     busy.listen()
    ...     port_is_free(busy.getsockname()[1])
    False
    """
    with socket.socket() as sock:
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def free_port(host: str = HOST) -> int:
    """A port the operating system says is free now.

    Examples
    --------
    >>> port = free_port()
    >>> 0 < port < 65536
    True
    """
    with socket.socket() as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def choose_port(requested: int | None) -> int:
    """``requested`` if free (else a ValueError); without one, 8866 or any free port.

    Examples
    --------
    >>> choose_port(None) > 0
    True
    >>> choose_port(70000)
    Traceback (most recent call last):
    ...
    ValueError: --port must be between 1 and 65535; got 70000
    """
    if requested is not None:
        if not 0 < requested < 65536:
            raise ValueError(f"--port must be between 1 and 65535; got {requested}")
        if not port_is_free(requested):
            raise ValueError(f"Port {requested} on {HOST} is already in use; choose another "
                             "with --port, or leave --port out to pick a free one.")
        return requested
    return DEFAULT_PORT if port_is_free(DEFAULT_PORT) else free_port()


def check_server_settings(pool_size: int, idle_timeout: int) -> None:
    """Raise a ValueError naming the bad value unless both settings are in range.

    Examples
    --------
    >>> check_server_settings(1, 600)
    >>> check_server_settings(9, 600)
    Traceback (most recent call last):
    ...
    ValueError: --pool-size must be between 0 and 4 (0: no preheated kernel); got 9
    """
    if not 0 <= pool_size <= MAX_POOL_SIZE:
        raise ValueError(f"--pool-size must be between 0 and {MAX_POOL_SIZE} "
                         f"(0: no preheated kernel); got {pool_size}")
    if not MIN_IDLE_TIMEOUT_S <= idle_timeout <= MAX_IDLE_TIMEOUT_S:
        raise ValueError(f"--idle-timeout must be between {MIN_IDLE_TIMEOUT_S} and "
                         f"{MAX_IDLE_TIMEOUT_S} seconds; got {idle_timeout}")


def voila_command(notebook: Path, port: int, pool_size: int = DEFAULT_POOL_SIZE,
                  idle_timeout: int = DEFAULT_IDLE_TIMEOUT_S) -> list[str]:
    """The command line that serves ``notebook`` with Voila on 127.0.0.1 (no token in it).

    The server is this module run as a script (:func:`serve_voila`): Voila with the page fix
    described there. Kernels are preheated (``pool_size``) and culled by the kernel manager's
    own settings: after ``idle_timeout`` seconds idle without a connected page, busy or not.

    Examples
    --------
    >>> voila_command(Path("playground.ipynb"), 8866)[1:]
    ['-m', 'qnnlab.widgets.app', 'playground.ipynb', '--no-browser', '--port=8866',
     '--Voila.ip=127.0.0.1', '--Voila.port_retries=0', '--Voila.root_dir=.', '--theme=light',
     '--preheat_kernel=True', '--pool_size=1',
     '--VoilaConfiguration.extension_allowlist=@jupyter-widgets/jupyterlab-manager',
     '--VoilaConfiguration.extension_allowlist=@voila-dashboards/widgets-manager8',
     '--VoilaConfiguration.extension_allowlist=anywidget',
     '--MappingKernelManager.cull_idle_timeout=600', '--MappingKernelManager.cull_interval=60',
     '--MappingKernelManager.cull_connected=False', '--MappingKernelManager.cull_busy=True']
    """
    preheat = ["--preheat_kernel=True", f"--pool_size={pool_size}"] if pool_size else []
    manager = "--MappingKernelManager."
    return [
        sys.executable, "-m", "qnnlab.widgets.app", str(notebook), "--no-browser",
        f"--port={port}", f"--Voila.ip={HOST}", "--Voila.port_retries=0",
        f"--Voila.root_dir={notebook.parent}", "--theme=light", *preheat,
        *(f"--VoilaConfiguration.extension_allowlist={name}" for name in PAGE_EXTENSIONS),
        f"{manager}cull_idle_timeout={idle_timeout}",
        f"{manager}cull_interval={min(CULL_INTERVAL_S, idle_timeout // 4)}",
        f"{manager}cull_connected=False", f"{manager}cull_busy=True",
    ]


def server_environment(token: str) -> dict[str, str]:
    """The server's environment: this process's, with the access token in ``JUPYTER_TOKEN``.

    A process's environment is readable only by its user (``/proc/PID/environ``), unlike its
    command line. The server removes the token from its own environment before it starts any
    kernel.

    Examples
    --------
    >>> server_environment("t0k")[TOKEN_ENV]
    't0k'
    """
    return {**os.environ, TOKEN_ENV: token}


def _die_with_parent() -> Callable[[], None]:
    """A ``preexec_fn`` that makes the child receive SIGTERM when this process dies (Linux).

    SIGKILL of ``qnnlab playground`` cannot be caught, so the kernel delivers the signal
    (``prctl(PR_SET_PDEATHSIG)``); Voila stops its kernels on SIGTERM, and each kernel also
    exits when its parent (Voila) is gone. Elsewhere this does nothing.
    """
    parent = os.getpid()

    def preexec() -> None:
        if not sys.platform.startswith("linux"):
            return
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0) != 0:
            return
        if os.getppid() != parent:  # the parent died before prctl took effect
            os._exit(1)

    return preexec


def wait_until_ready(url: str, process: subprocess.Popen, timeout: float) -> None:
    """Poll ``url`` until it answers; raise if the server exits or ``timeout`` passes.

    Examples
    --------
    A "server" that exits at once is reported without waiting for the timeout:

    >>> process = subprocess.Popen([sys.executable, "-c", "pass"])
    >>> wait_until_ready(f"http://{HOST}:{free_port()}/", process, timeout=30)
    Traceback (most recent call last):
    ...
    RuntimeError: Voila exited with code 0 before it was ready
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"Voila exited with code {process.returncode} before it was ready")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.25)
    raise RuntimeError(f"Voila did not answer on {url} within {timeout:.0f} s")


def stop(process: subprocess.Popen) -> None:
    """Stop the server and everything it started (its process group).

    Examples
    --------
    >>> sleeper = [sys.executable, "-c", "import time; time.sleep(60)"]
    >>> process = subprocess.Popen(sleeper, start_new_session=True)
    >>> stop(process)
    >>> process.returncode  # ended by SIGTERM
    -15
    """
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=STOP_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    except OSError as error:  # already gone
        if error.errno != errno.ESRCH:
            raise


class _Stop(Exception):
    """Raised by the SIGTERM/SIGHUP handler so that the server is stopped on the way out."""


def _raise_stop(signum: int, _frame: Any) -> None:
    raise _Stop(signal.Signals(signum).name)


def _open_in_browser(url: str, folder: Path) -> None:
    """Open ``url`` through a redirect file in ``folder``, so the token is on no command line."""
    page = folder / "playground.html"
    target = html.escape(url, quote=True)
    page.write_text(f'<!DOCTYPE html><meta http-equiv="refresh" content="0;url={target}">'
                    f'<a href="{target}">qnnlab Playground</a>\n', encoding="utf-8")
    page.chmod(0o600)
    webbrowser.open(page.as_uri())


def serve(port: int | None = None, open_browser: bool = True, token: str | None = None,
          quiet: bool = False, pool_size: int = DEFAULT_POOL_SIZE,
          idle_timeout: int = DEFAULT_IDLE_TIMEOUT_S) -> int:
    """Serve the Playground with Voila until Ctrl-C; return the exit code.

    Parameters
    ----------
    port : int, optional
        Port on 127.0.0.1 (default 8866, or a free one if that is taken).
    open_browser : bool
        Open the URL in the default web browser once the server is ready (through a private
        redirect file, so the token never appears on a command line).
    token : str, optional
        Access token (default: a random one, part of the printed URL). It reaches the server
        through its environment, never its command line.
    quiet : bool
        Send Voila's log to a null device instead of the terminal.
    pool_size : int
        Preheated kernels kept ready (0 to 4; 0 starts a kernel per page, slower to open).
    idle_timeout : int
        Seconds after which a kernel with no connected page is shut down (60 to 604800).

    Returns
    -------
    int
        Voila's exit code, or 0 after Ctrl-C, SIGTERM or SIGHUP.

    Raises
    ------
    ValueError
        For a port out of range or already in use, a setting out of range or an empty token,
        before anything is started.
    FileNotFoundError
        If the shipped Playground notebook is missing.

    Examples
    --------
    ``serve()`` prints the URL and blocks until Ctrl-C. A bad port fails before Voila starts:

    >>> serve(port=70000)
    Traceback (most recent call last):
    ...
    ValueError: --port must be between 1 and 65535; got 70000
    """
    notebook = notebook_path()
    if not notebook.is_file():
        raise FileNotFoundError(f"The Playground notebook is missing: {notebook}")
    check_server_settings(pool_size, idle_timeout)
    if token == "":
        raise ValueError("token must not be empty: the Playground always asks for one")
    port = choose_port(port)
    token = secrets.token_urlsafe(16) if token is None else token
    url = f"http://{HOST}:{port}/?token={token}"
    output: Any = subprocess.DEVNULL if quiet else None
    # Voila runs in its own session (Ctrl-C reaches only us, and we stop it in order); so
    # SIGTERM and SIGHUP must stop it too, and SIGKILL through PR_SET_PDEATHSIG.
    previous = {sig: signal.signal(sig, _raise_stop) for sig in (signal.SIGTERM, signal.SIGHUP)}
    folder = Path(tempfile.mkdtemp(prefix="qnnlab-playground-"))  # mode 0700
    process = subprocess.Popen(voila_command(notebook, port, pool_size, idle_timeout),
                               env=server_environment(token), stdout=output, stderr=output,
                               start_new_session=True, preexec_fn=_die_with_parent())
    try:
        # A static file answers without starting a kernel (GET / would start one).
        wait_until_ready(f"http://{HOST}:{port}/voila/static/voila.js", process,
                         STARTUP_TIMEOUT_S)
        print(f"qnnlab Playground: {url}\n(Ctrl-C stops the server)", flush=True)
        if open_browser:
            _open_in_browser(url, folder)
        return process.wait()
    except (KeyboardInterrupt, _Stop):
        print("\nStopping the Playground server…", flush=True)
        return 0
    finally:
        stop(process)
        shutil.rmtree(folder, ignore_errors=True)
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def run(args: argparse.Namespace) -> int:
    """Entry point of ``qnnlab playground``.

    Examples
    --------
    >>> run(argparse.Namespace(port=70000, no_browser=True))
    Traceback (most recent call last):
    ...
    ValueError: --port must be between 1 and 65535; got 70000
    """
    return serve(port=args.port, open_browser=not args.no_browser,
                 pool_size=getattr(args, "pool_size", DEFAULT_POOL_SIZE),
                 idle_timeout=getattr(args, "idle_timeout", DEFAULT_IDLE_TIMEOUT_S))


def add_parser(subparsers: Any) -> None:
    """Register the ``playground`` sub-command.

    Examples
    --------
    >>> parser = argparse.ArgumentParser(prog="qnnlab")
    >>> add_parser(parser.add_subparsers(dest="command"))
    >>> parser.parse_args(["playground", "--no-browser"])
    Namespace(command='playground', port=None, no_browser=True, pool_size=1, idle_timeout=600,
              func=<function run at 0x...>)
    """
    parser = subparsers.add_parser(
        "playground", help="serve the live Playground as a web app (Voila)",
        description="Serve the qnnlab Playground (TensorFlow Playground for hybrid quantum "
        "networks) with Voila on 127.0.0.1, behind a random token. Every open tab runs its own "
        "kernel (about 600 MB). Ctrl-C stops it.")
    parser.add_argument("--port", type=int, default=None,
                        help=f"port on {HOST} (default {DEFAULT_PORT}, or a free one)")
    parser.add_argument("--no-browser", action="store_true",
                        help="do not open a web browser; just print the URL")
    parser.add_argument("--pool-size", type=int, default=DEFAULT_POOL_SIZE,
                        help="preheated kernels kept ready so that a page opens in seconds "
                        f"(0-{MAX_POOL_SIZE}; each costs the memory of one tab; "
                        f"default {DEFAULT_POOL_SIZE})")
    parser.add_argument("--idle-timeout", type=int, default=DEFAULT_IDLE_TIMEOUT_S,
                        help="seconds after which a kernel whose page is gone is shut down "
                        f"(default {DEFAULT_IDLE_TIMEOUT_S})")
    parser.set_defaults(func=run)


# --- The server process: ``python -m qnnlab.widgets.app NOTEBOOK [Voila options]`` ----------


def voila_app_class() -> type:
    """Voila's application, with a page handler that lets a closing tab free its kernel.

    On ``beforeunload`` Voila's page posts ``/voila/api/shutdown/<kernel>`` with the value of
    the ``_xsrf`` cookie, but Voila 0.5 never sets that cookie, so the request is refused
    (``403 '_xsrf' argument missing``) and every closed or reloaded tab leaks its kernel.
    Tornado sets the cookie when a handler reads ``xsrf_token`` (as JupyterLab's pages do);
    this page handler reads it for authenticated visitors, so XSRF protection stays on.

    Examples
    --------
    >>> voila_class = voila_app_class()
    >>> voila_class.__name__, voila_class.page_handler_class.__name__
    ('PlaygroundVoila', 'PlaygroundPageHandler')
    """
    from voila.app import Voila
    from voila.tornado.handler import TornadoVoilaHandler

    class PlaygroundPageHandler(TornadoVoilaHandler):
        async def prepare(self) -> None:  # type: ignore[override]
            await super().prepare()
            if self.current_user:
                self.xsrf_token  # noqa: B018 (reading it sets the _xsrf cookie)

    class PlaygroundVoila(Voila):
        page_handler_class = PlaygroundPageHandler

        def init_handlers(self) -> list:
            return [(rule[0], self.page_handler_class, *rule[2:])
                    if rule[1] is TornadoVoilaHandler else rule
                    for rule in super().init_handlers()]

    return PlaygroundVoila


def serve_voila(argv: list[str], token: str | None = None) -> int:
    """Run the Voila server with ``argv``; the access token comes from ``JUPYTER_TOKEN``.

    The token is removed from the environment before any kernel starts, so kernels (and
    anything they run) never see it.

    Parameters
    ----------
    argv : list of str
        Voila's arguments (see :func:`voila_command`).
    token : str, optional
        The access token; by default taken out of the environment variable ``JUPYTER_TOKEN``.

    Examples
    --------
    Without a token the server refuses to start:

    >>> serve_voila(["playground.ipynb"], token="")
    Traceback (most recent call last):
    ...
    ValueError: the Playground server needs its access token in JUPYTER_TOKEN
    """
    token = os.environ.pop(TOKEN_ENV, "") if token is None else token
    if not token:
        raise ValueError(f"the Playground server needs its access token in {TOKEN_ENV}")
    app = voila_app_class().instance()
    app.initialize(argv)
    app.token = token
    app.start()
    return 0


if __name__ == "__main__":
    sys.exit(serve_voila(sys.argv[1:]))

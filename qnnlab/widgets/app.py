"""``qnnlab playground``: the Playground as a standalone workshop app, served by Voila.

Voila runs the shipped notebook ``qnnlab/apps/playground.ipynb`` and shows only its widgets. The
server listens on 127.0.0.1 only, with a random token in the printed URL; Ctrl-C stops it.

Examples
--------
>>> import argparse
>>> parser = argparse.ArgumentParser(prog="qnnlab")
>>> add_parser(parser.add_subparsers())
>>> args = parser.parse_args(["playground", "--port", "9000", "--no-browser"])
>>> args.port, args.no_browser, args.func is run
(9000, True, True)
>>> voila_command(notebook_path(), 9000, "t0k")[1:3]
['-m', 'voila']
"""

from __future__ import annotations

import argparse
import errno
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import webbrowser
from importlib import resources
from pathlib import Path
from typing import Any

__all__ = ["add_parser", "run", "voila_command", "notebook_path", "serve"]

DEFAULT_PORT = 8866
HOST = "127.0.0.1"
#: Seconds to wait for Voila to answer before giving up.
STARTUP_TIMEOUT_S = 120.0
#: Seconds Voila gets to stop after SIGTERM before it is killed.
STOP_TIMEOUT_S = 10.0


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


def voila_command(notebook: Path, port: int, token: str) -> list[str]:
    """The command line that serves ``notebook`` with Voila on 127.0.0.1.

    Examples
    --------
    >>> voila_command(Path("playground.ipynb"), 8866, "t0k")[1:]
    ['-m', 'voila', 'playground.ipynb', '--no-browser', '--port=8866',
     '--Voila.ip=127.0.0.1', '--Voila.token=t0k', '--theme=light']
    """
    return [
        sys.executable, "-m", "voila", str(notebook), "--no-browser", f"--port={port}",
        f"--Voila.ip={HOST}", f"--Voila.token={token}", "--theme=light",
    ]


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


def serve(port: int | None = None, open_browser: bool = True, token: str | None = None,
          quiet: bool = False) -> int:
    """Serve the Playground with Voila until Ctrl-C; return the exit code.

    Parameters
    ----------
    port : int, optional
        Port on 127.0.0.1 (default 8866, or a free one if that is taken).
    open_browser : bool
        Open the URL in the default web browser once the server is ready.
    token : str, optional
        Access token (default: a random one, part of the printed URL).
    quiet : bool
        Send Voila's log to a null device instead of the terminal.

    Returns
    -------
    int
        Voila's exit code, or 0 after Ctrl-C, SIGTERM or SIGHUP.

    Raises
    ------
    ValueError
        For a port out of range or already in use, before anything is started.
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
    port = choose_port(port)
    token = secrets.token_urlsafe(16) if token is None else token
    url = f"http://{HOST}:{port}/" + (f"?token={token}" if token else "")
    output: Any = subprocess.DEVNULL if quiet else None
    # Voila runs in its own session (Ctrl-C reaches only us, and we stop it in order); so
    # SIGTERM and SIGHUP must stop it too, not just end this process and orphan it.
    previous = {sig: signal.signal(sig, _raise_stop) for sig in (signal.SIGTERM, signal.SIGHUP)}
    process = subprocess.Popen(voila_command(notebook, port, token), stdout=output,
                               stderr=output, start_new_session=True)
    try:
        # A static file answers without starting a kernel (GET / would start one).
        wait_until_ready(f"http://{HOST}:{port}/voila/static/voila.js", process,
                         STARTUP_TIMEOUT_S)
        print(f"qnnlab Playground: {url}\n(Ctrl-C stops the server)", flush=True)
        if open_browser:
            webbrowser.open(url)
        return process.wait()
    except (KeyboardInterrupt, _Stop):
        print("\nStopping the Playground server…", flush=True)
        return 0
    finally:
        stop(process)
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
    return serve(port=args.port, open_browser=not args.no_browser)


def add_parser(subparsers: Any) -> None:
    """Register the ``playground`` sub-command.

    Examples
    --------
    >>> parser = argparse.ArgumentParser(prog="qnnlab")
    >>> add_parser(parser.add_subparsers(dest="command"))
    >>> parser.parse_args(["playground", "--no-browser"])
    Namespace(command='playground', port=None, no_browser=True, func=<function run at 0x...>)
    """
    parser = subparsers.add_parser(
        "playground", help="serve the live Playground as a web app (Voila)",
        description="Serve the qnnlab Playground (TensorFlow Playground for hybrid quantum "
        "networks) with Voila on 127.0.0.1. Ctrl-C stops it.")
    parser.add_argument("--port", type=int, default=None,
                        help=f"port on {HOST} (default {DEFAULT_PORT}, or a free one)")
    parser.add_argument("--no-browser", action="store_true",
                        help="do not open a web browser; just print the URL")
    parser.set_defaults(func=run)

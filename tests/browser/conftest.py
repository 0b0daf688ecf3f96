"""Servers and a headless Chromium for the browser tests (JupyterLab, and the Voila app).

Each server runs in its own process group on 127.0.0.1 with a free port and is killed at
teardown. The tests skip (with the reason) when Chromium or Playwright is missing, unless
``QNNLAB_REQUIRE_BROWSER`` is set (CI): then a missing browser is a failure. Playwright drives
the system Chromium (``/usr/bin/chromium``, or ``$CHROMIUM``); never ``playwright install``.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from .playground_page import ARTIFACTS, BrowserPage, Server

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK = ROOT / "qnnlab" / "apps" / "playground.ipynb"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--disable-dev-shm-usage"]
SERVER_START_S = 120
STEP_TIMEOUT_MS = 120_000
def _browser_problem() -> str:
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        return f"Chromium not found at {CHROMIUM} (apt-get install -y chromium, or set CHROMIUM)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the Python package playwright is not installed (pip install playwright)"
    return ""


@pytest.fixture(scope="session")
def chromium_path() -> str:
    """The Chromium executable; skip (or fail under QNNLAB_REQUIRE_BROWSER) without one."""
    problem = _browser_problem()
    if problem:
        if os.environ.get("QNNLAB_REQUIRE_BROWSER"):
            pytest.fail(f"QNNLAB_REQUIRE_BROWSER is set but {problem}")
        pytest.skip(f"browser test skipped: {problem}; set QNNLAB_REQUIRE_BROWSER=1 to fail")
    return CHROMIUM


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_for_url(url: str, process: subprocess.Popen, log: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited ({process.returncode}):\n{_tail(log)}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.3)
    raise RuntimeError(f"server did not answer {url} in {timeout} s:\n{_tail(log)}")


def _tail(log: Path, n: int = 3000) -> str:
    return log.read_text(errors="replace")[-n:] if log.exists() else "(no log)"


@contextmanager
def _server(cmd: list[str], env: dict[str, str], log: Path) -> Iterator[subprocess.Popen]:
    with open(log, "w") as out:
        process = subprocess.Popen(cmd, env=env, stdout=out, stderr=subprocess.STDOUT,
                                   start_new_session=True, cwd=log.parent)
    try:
        yield process
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def _isolated_env(tmp: Path) -> dict[str, str]:
    settings = tmp / "settings" / "@jupyterlab" / "apputils-extension"
    settings.mkdir(parents=True)
    (settings / "notification.jupyterlab-settings").write_text(
        json.dumps({"fetchNews": "false", "checkForUpdates": False}))
    # Start the notebook's own kernel (python3) without the "Select Kernel" dialog, which can
    # otherwise come late and swallow clicks and key presses.
    tracker = settings.parent / "notebook-extension"
    tracker.mkdir()
    (tracker / "tracker.jupyterlab-settings").write_text(
        json.dumps({"autoStartDefaultKernel": True}))
    # No debugger: the tests never use it, and its state restore raced kernel starts
    # ("Could not restore the debugger state: Canceled future...", a console error).
    labconfig = tmp / "cfg" / "labconfig"
    labconfig.mkdir(parents=True, exist_ok=True)
    (labconfig / "page_config.json").write_text(
        json.dumps({"disabledExtensions": {"@jupyterlab/debugger-extension": True}}))
    return {**os.environ, "JUPYTER_CONFIG_DIR": str(tmp / "cfg"),
            "JUPYTER_RUNTIME_DIR": str(tmp / "rt"), "PYTHONUNBUFFERED": "1"}


@pytest.fixture()
def lab_server(chromium_path: str, tmp_path: Path) -> Iterator[Server]:
    """JupyterLab on 127.0.0.1 with a token, serving a copy of the shipped notebook."""
    notebooks = tmp_path / "nb"
    notebooks.mkdir()
    shutil.copy(NOTEBOOK, notebooks / "playground.ipynb")  # the server may autosave the copy
    env = _isolated_env(tmp_path)
    port, token = free_port(), "qnnlab-test-token"
    bin_dir = Path(sys.executable).parent
    cmd = [str(bin_dir / "jupyter"), "lab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
           "--allow-root", f"--IdentityProvider.token={token}",
           f"--ServerApp.root_dir={notebooks}",
           f"--LabApp.user_settings_dir={tmp_path / 'settings'}",
           f"--LabApp.workspaces_dir={tmp_path / 'ws'}", "--LabApp.news_url=None",
           "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"]
    base = f"http://127.0.0.1:{port}"
    log = tmp_path / "lab.log"
    with _server(cmd, env, log) as process:
        _wait_for_url(f"{base}/api/status?token={token}", process, log, SERVER_START_S)
        yield Server(f"{base}/lab/tree/playground.ipynb?reset&token={token}", log,
                     {"base": base, "token": token, "root": notebooks})


def write_notebook(path: Path, cells: list[str]) -> None:
    """A notebook of code ``cells`` for the python3 kernel (not run)."""
    import nbformat

    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)",
                                       "language": "python"}
    nbformat.write(notebook, path)


def _start_kernel_session(server: Server, name: str) -> None:
    """A python3 kernel for notebook ``name``, started by the server's REST API before the page
    opens it (JupyterLab then connects to it: no kernel to choose)."""
    body = json.dumps({"path": name, "name": name, "type": "notebook",
                       "kernel": {"name": "python3"}}).encode()
    request = urllib.request.Request(f"{server.extra['base']}/api/sessions", data=body,
                                     method="POST", headers={
                                         "Authorization": f"token {server.extra['token']}",
                                         "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as answer:
        session = json.load(answer)
    assert session["kernel"]["name"] == "python3", session


@pytest.fixture()
def lab_notebook(lab_server: Server):
    """Write a notebook into the JupyterLab server's folder, start its kernel; its page URL.

    ``url = lab_notebook("name.ipynb", ["code of cell 1", ...])``; the cells are not run.
    """
    def make(name: str, cells: list[str]) -> str:
        write_notebook(lab_server.extra["root"] / name, cells)
        _start_kernel_session(lab_server, name)
        return f"{lab_server.extra['base']}/lab/tree/{name}?reset&token={lab_server.extra['token']}"

    return make


def _processes_with(text: str) -> list[int]:
    """Ids of this machine's processes whose command line contains ``text``."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            except OSError:
                continue
            if text in cmdline:
                found.append(int(entry.name))
    return found


def _check_voila_stopped(port: int) -> None:
    # SIGTERM to ``qnnlab playground`` must stop the Voila server it started (its own
    # process group); kill a leftover by its id and report it.
    marker = f"--port={port} --Voila.ip=127.0.0.1"
    deadline = time.monotonic() + 20
    while _processes_with(marker) and time.monotonic() < deadline:
        time.sleep(0.3)
    leftovers = _processes_with(marker)
    for pid in leftovers:
        os.killpg(pid, signal.SIGKILL)
    assert not leftovers, f"qnnlab playground left Voila running after SIGTERM: {leftovers}"


@contextmanager
def _playground(tmp_path: Path, *options: str) -> Iterator[Server]:
    """``qnnlab playground --no-browser --port P [options]`` and the URL it prints.

    ``Server.extra`` holds the launcher ``process``, its ``port`` and the ``token``.
    """
    folder = tmp_path / f"app{len(list(tmp_path.glob('app*')))}"
    folder.mkdir()
    env = _isolated_env(folder)
    port = free_port()
    script = Path(sys.executable).parent / "qnnlab"
    launcher = [str(script)] if script.exists() else [sys.executable, "-m", "qnnlab.cli"]
    log = folder / "app.log"
    with _server([*launcher, "playground", "--no-browser", "--port", str(port), *options], env,
                 log) as process:
        deadline = time.monotonic() + SERVER_START_S
        url = None
        while url is None and time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"qnnlab playground exited ({process.returncode}):\n"
                                   f"{_tail(log)}")
            match = re.search(r"qnnlab Playground: (http://\S+)", _tail(log, 100_000))
            url = match.group(1) if match else None
            time.sleep(0.3)
        if url is None:
            raise RuntimeError(f"qnnlab playground printed no URL:\n{_tail(log)}")
        assert url.startswith(f"http://127.0.0.1:{port}/"), url
        token = url.split("token=", 1)[1]
        yield Server(url, log, {"process": process, "port": port, "token": token})
    _check_voila_stopped(port)


@pytest.fixture()
def playground_launcher(tmp_path: Path):
    """Start ``qnnlab playground`` with extra options: ``with playground_launcher(*opts) as s``.

    Needs no browser; each server is stopped (and checked stopped) when its block ends.
    """
    return lambda *options: _playground(tmp_path, *options)


@pytest.fixture()
def voila_app(chromium_path: str, tmp_path: Path) -> Iterator[Server]:
    """``qnnlab playground --no-browser --port P`` (Voila), and the URL it prints."""
    with _playground(tmp_path) as server:
        yield server


@pytest.fixture()
def browser_page(chromium_path: str, tmp_path: Path) -> Iterator[BrowserPage]:
    """A fresh headless Chromium page (1600 x 1400) that records errors."""
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(tmp_path / "chromium-profile"), executable_path=chromium_path,
            args=CHROMIUM_ARGS, headless=True, viewport={"width": 1600, "height": 1400})
        context.set_default_timeout(STEP_TIMEOUT_MS)
        page = context.new_page()
        result = BrowserPage(page, [], [])
        page.on("pageerror", lambda error: result.page_errors.append(str(error)))
        page.on("console", lambda msg: result.console_errors.append(msg.text)
                if msg.type == "error" else None)
        try:
            yield result
        finally:
            context.close()

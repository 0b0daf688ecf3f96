"""``qnnlab playground`` without a browser: the server's command line, environment and limits.

The browser tests (tests/browser/test_playground_server.py) check the same promises against a
running server: freed kernels, culling, SIGKILL, the token.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from qnnlab.widgets import app


def _value(cmd: list[str], option: str) -> str:
    (found,) = [arg.split("=", 1)[1] for arg in cmd if arg.startswith(option + "=")]
    return found


def test_server_command_carries_no_token_and_culls_with_the_managers_own_settings():
    cmd = app.voila_command(Path("/apps/playground.ipynb"), 9123, pool_size=2, idle_timeout=90)
    assert cmd[:3] == [sys.executable, "-m", "qnnlab.widgets.app"]
    assert not any("token" in arg.lower() for arg in cmd)
    assert _value(cmd, "--port") == "9123" and _value(cmd, "--Voila.ip") == "127.0.0.1"
    assert _value(cmd, "--Voila.port_retries") == "0"  # never a silent other port
    assert _value(cmd, "--Voila.root_dir") == "/apps"  # nothing of the user's folder is served
    assert _value(cmd, "--pool_size") == "2" and _value(cmd, "--preheat_kernel") == "True"
    manager = "--MappingKernelManager."
    assert _value(cmd, manager + "cull_idle_timeout") == "90"
    assert _value(cmd, manager + "cull_interval") == "22"  # a quarter of the timeout
    assert _value(cmd, manager + "cull_connected") == "False"  # an open tab keeps its kernel
    assert _value(cmd, manager + "cull_busy") == "True"  # a frozen, abandoned one does not
    allowed = [arg.split("=", 1)[1] for arg in cmd if "extension_allowlist" in arg]
    assert allowed == list(app.PAGE_EXTENSIONS)


def test_short_idle_timeout_checks_at_least_as_often():
    cmd = app.voila_command(Path("nb.ipynb"), 9123, idle_timeout=60)
    assert _value(cmd, "--MappingKernelManager.cull_interval") == "15"


def test_pool_size_zero_starts_a_kernel_per_page():
    cmd = app.voila_command(Path("nb.ipynb"), 9123, pool_size=0)
    assert not any("preheat" in arg or "pool_size" in arg for arg in cmd)


def test_token_travels_in_the_environment():
    env = app.server_environment("s3cret")
    assert env["JUPYTER_TOKEN"] == "s3cret"
    assert {k: v for k, v in env.items() if k != "JUPYTER_TOKEN"}.items() <= dict(
        __import__("os").environ).items()


@pytest.mark.parametrize(("pool_size", "idle_timeout", "message"), [
    (-1, 600, "--pool-size must be between 0 and 4 .*; got -1"),
    (5, 600, "--pool-size must be between 0 and 4 .*; got 5"),
    (1, 59, "--idle-timeout must be between 60 and 604800 seconds; got 59"),
    (1, 10**9, "--idle-timeout must be between 60 and 604800 seconds; got 1000000000"),
])
def test_bad_server_settings_are_refused_before_anything_starts(pool_size, idle_timeout,
                                                                  message, monkeypatch):
    started = []
    monkeypatch.setattr(app.subprocess, "Popen", lambda *a, **k: started.append(a))
    with pytest.raises(ValueError, match=message):
        app.serve(pool_size=pool_size, idle_timeout=idle_timeout, open_browser=False)
    assert started == []


def test_empty_token_is_refused(monkeypatch):
    monkeypatch.setattr(app.subprocess, "Popen", lambda *a, **k: pytest.fail("started"))
    with pytest.raises(ValueError, match="token must not be empty"):
        app.serve(token="", open_browser=False)


def test_server_takes_the_token_out_of_its_environment(monkeypatch):
    monkeypatch.setenv("JUPYTER_TOKEN", "s3cret")
    seen = {}

    class FakeVoila:
        @classmethod
        def instance(cls):
            return cls()

        def initialize(self, argv):
            seen["argv"] = argv

        def start(self):
            seen["token"] = self.token
            seen["env"] = __import__("os").environ.get("JUPYTER_TOKEN")

    monkeypatch.setattr(app, "voila_app_class", lambda: FakeVoila)
    assert app.serve_voila(["nb.ipynb"]) == 0
    assert seen == {"argv": ["nb.ipynb"], "token": "s3cret", "env": None}


TINY_NOTEBOOK = {
    "cells": [{"cell_type": "code", "execution_count": None, "id": "c1", "metadata": {},
               "outputs": [], "source": "print('hello')"}],
    "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python",
                                "name": "python3"}},
    "nbformat": 4, "nbformat_minor": 5,
}


@pytest.fixture()
def tiny_server(tmp_path):
    """The Playground's Voila server (this module's own) on a one-cell notebook, no pool."""
    notebook = tmp_path / "tiny.ipynb"
    notebook.write_text(json.dumps(TINY_NOTEBOOK))
    port, token = app.free_port(), "test-token-123"
    env = {**app.server_environment(token), "JUPYTER_CONFIG_DIR": str(tmp_path / "cfg"),
           "JUPYTER_RUNTIME_DIR": str(tmp_path / "rt"), "JUPYTER_DATA_DIR": str(tmp_path / "data")}
    log = open(tmp_path / "voila.log", "w")
    process = subprocess.Popen(app.voila_command(notebook, port, pool_size=0), env=env,
                               stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        app.wait_until_ready(f"http://127.0.0.1:{port}/voila/static/voila.js", process, 120)
        yield f"http://127.0.0.1:{port}", token, tmp_path / "voila.log"
    finally:
        app.stop(process)
        log.close()


def _shutdown(opener, base: str, kernel_id: str, xsrf: str | None) -> int:
    import urllib.error
    import urllib.parse
    import urllib.request

    data = urllib.parse.urlencode({"_xsrf": xsrf} if xsrf is not None else {}).encode()
    request = urllib.request.Request(f"{base}/voila/api/shutdown/{kernel_id}", data=data,
                                     headers={"Origin": base})
    try:
        with opener.open(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.mark.slow
def test_closing_page_can_shut_its_kernel_down_with_the_xsrf_cookie(tiny_server):
    """What Voila's page does on beforeunload: post the ``_xsrf`` cookie's value (issue 10)."""
    import http.cookiejar
    import re
    import urllib.request

    base, token, log = tiny_server
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    with opener.open(f"{base}/?token={token}", timeout=120) as response:
        page = response.read().decode()
    kernel_id = re.search(r'"kernelId": "([0-9a-f-]{36})"', page).group(1)
    cookies = {cookie.name: cookie.value for cookie in jar}
    assert "_xsrf" in cookies, cookies  # Voila 0.5 alone never sets it
    assert _shutdown(opener, base, kernel_id, xsrf=None) == 403  # XSRF protection stays on
    assert _shutdown(opener, base, kernel_id, xsrf="forged") == 403
    assert _shutdown(opener, base, kernel_id, xsrf=cookies["_xsrf"]) == 204
    assert f"Kernel shutdown: {kernel_id}" in log.read_text()


def test_browser_opens_a_private_redirect_file_not_a_token_url(tmp_path, monkeypatch):
    opened = []
    monkeypatch.setattr(app.webbrowser, "open", opened.append)
    app._open_in_browser("http://127.0.0.1:1/?token=s3cret&x=<y>", tmp_path)
    (uri,) = opened
    assert "s3cret" not in uri and uri.startswith("file://")
    page = tmp_path / "playground.html"
    assert page.stat().st_mode & 0o777 == 0o600
    assert "token=s3cret&amp;x=&lt;y&gt;" in page.read_text()


def _modules_after(code: str) -> set[str]:
    out = subprocess.run([sys.executable, "-c", code + "\nimport sys, json\n"
                          "print(json.dumps(sorted(m.split('.')[0] for m in sys.modules)))"],
                         capture_output=True, text=True, check=True, timeout=120)
    return set(json.loads(out.stdout.splitlines()[-1]))


HEAVY = {"torch", "pennylane", "sklearn", "ipywidgets", "plotly", "voila"}


def test_launching_the_app_imports_nothing_heavy():
    loaded = _modules_after("from qnnlab.cli import build_parser\n"
                            "build_parser('playground').parse_args(['playground'])")
    assert not loaded & HEAVY, loaded & HEAVY
    assert not _modules_after("import qnnlab, qnnlab.widgets") & HEAVY


def test_lazy_names_still_resolve():
    import qnnlab
    import qnnlab.widgets

    assert qnnlab.HybridClassifier.__module__ == "qnnlab.estimators"
    assert qnnlab.noise.__name__ == "qnnlab.noise"
    assert qnnlab.widgets.Playground.__module__ == "qnnlab.widgets.playground"
    assert set(qnnlab.__all__) <= set(dir(qnnlab))
    with pytest.raises(AttributeError, match="has no attribute 'Nope'"):
        qnnlab.widgets.Nope  # noqa: B018

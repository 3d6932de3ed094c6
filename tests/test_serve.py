"""`ducha serve`: the command it runs per browser, its address rules, and (e2e) a real
headless browser that finds 山西省 in the served app."""

from __future__ import annotations

import importlib.util
import os
import shlex
import subprocess
import sys

import pytest
from cli_helpers import (
    free_port,
    isolate,
    kill_group,
    page_terminal_text,
    run,
    start_chromium,
    strip_ansi,
    wait_port,
)

from ducha.serve import app_command, is_loopback, public_url_for


@pytest.fixture(autouse=True)
def _isolated(monkeypatch, tmp_path):
    isolate(monkeypatch, tmp_path)


def test_loopback():
    for host in ("127.0.0.1", "localhost", "::1", "127.0.0.2", "[::1]"):
        assert is_loopback(host)
    for host in ("0.0.0.0", "192.168.1.5", "::", "example.org"):
        assert not is_loopback(host)


def test_app_command_uses_this_interpreter_and_dataset(tmp_path):
    cmd = app_command(tmp_path / "my data", theme="textual-light", grouping="place")
    argv = shlex.split(cmd)
    assert argv[:3] == [sys.executable, "-m", "ducha"]
    assert argv[3:5] == ["--data", str(tmp_path / "my data")]
    assert argv[5:] == ["--theme", "textual-light", "--grouping", "place"]


def test_public_url():
    assert public_url_for("127.0.0.1", 8000, None) is None
    assert public_url_for("0.0.0.0", 8000, "https://x.example/") == "https://x.example"
    url = public_url_for("0.0.0.0", 8123, None)
    assert url.startswith("http://") and url.endswith(":8123") and "0.0.0.0" not in url


class FakeServer:
    def __init__(self, command, host, port, public_url):
        self.args = (command, host, port, public_url)
        self.served = False

    def serve(self):
        self.served = True


@pytest.fixture
def fake_server(monkeypatch):
    pytest.importorskip("textual_serve")
    made = []

    def make(command, host, port, public_url, max_sessions=None):
        made.append(FakeServer(command, host, port, public_url))
        return made[-1]

    monkeypatch.setattr("ducha.serve.make_server", make)
    return made


def test_serve_defaults_to_loopback(capsys, tmp_path, fake_server):
    rc, _, err = run(capsys, "--data", str(tmp_path / "ds"), "serve")
    assert rc == 0
    server = fake_server[0]
    command, host, port, public_url = server.args
    assert (host, port, public_url) == ("127.0.0.1", 8000, None) and server.served
    assert f"--data {shlex.quote(str(tmp_path / 'ds'))}" in command
    assert (tmp_path / "ds" / "facts.parquet").exists()  # built before any browser connects
    assert "warning" not in err


def test_serve_warns_beyond_loopback(capsys, tmp_path, fake_server):
    rc, _, err = run(
        capsys, "--data", str(tmp_path / "ds"), "serve", "--host", "0.0.0.0", "--port", "8080",
        "--public-url", "http://laptop.local:8080",
    )  # fmt: skip
    assert rc == 0
    assert "warning" in err and "no login" in err.replace("\n", " ")
    assert fake_server[0].args[1:] == ("0.0.0.0", 8080, "http://laptop.local:8080")


def test_serve_bad_port(capsys, tmp_path, fake_server):
    rc, _, _err = run(capsys, "--data", str(tmp_path / "ds"), "serve", "--port", "70000")
    assert rc == 2 and not fake_server


@pytest.mark.e2e
def test_browser_finds_shanxi(tmp_path):
    """Start `ducha serve`, open it in headless chromium, find 山西省 in the terminal."""
    pytest.importorskip("textual_serve", reason="textual-serve is not installed")
    pytest.importorskip("aiohttp", reason="aiohttp (a textual-serve dependency) is missing")
    if importlib.util.find_spec("ducha.tui.app") is None:
        pytest.skip("the app (ducha.tui.app) is not available")
    from cli_helpers import find_chromium

    binary, why = find_chromium()
    if binary is None:
        pytest.skip(f"no headless browser: {why}")
    port = free_port()
    env = {**os.environ, "DUCHA_CONFIG": str(tmp_path / "none.toml"), "TEXTUAL_ANIMATIONS": "none"}
    for var in ("DUCHA_DATA", "NO_COLOR", "TEXTUAL_THEME"):
        env.pop(var, None)
    log = open(tmp_path / "serve.log", "wb")
    server = subprocess.Popen(
        [sys.executable, "-m", "ducha", "--data", str(tmp_path / "ds"), "serve", "--port", str(port)],
        stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True,
    )  # fmt: skip
    log.close()
    chromium = None
    try:
        if not wait_port(port, 60, server):
            pytest.fail(
                "ducha serve did not listen: " + (tmp_path / "serve.log").read_text()[-2000:]
            )
        profile = tmp_path / "profile"
        profile.mkdir()
        chromium, ws_url = start_chromium(binary, profile)
        result = page_terminal_text(ws_url, f"http://127.0.0.1:{port}/", "山西省", timeout=60)
        screen = strip_ansi(result["screen"])
        assert result["found"], (
            f"山西省 not on the page; body={result['body']!r}; {screen[-1500:]!r}"
        )
        assert "-first-byte" in result["body"]  # the page drew the terminal output
    finally:
        if chromium is not None:
            kill_group(chromium)
        kill_group(server)

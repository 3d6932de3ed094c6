"""Helpers for the command-line tests: isolated settings, a built dataset, and a headless
browser driven through the Chrome DevTools protocol (for `ducha serve`)."""

from __future__ import annotations

import asyncio
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def isolate(monkeypatch, tmp_path: Path) -> Path:
    """No user config, no DUCHA_DATA, no colour forcing: the tests see defaults only."""
    cfg = tmp_path / "no-config.toml"
    monkeypatch.setenv("DUCHA_CONFIG", str(cfg))
    for var in ("DUCHA_DATA", "NO_COLOR", "FORCE_COLOR", "COLUMNS", "TTY_COMPATIBLE"):
        monkeypatch.delenv(var, raising=False)
    return cfg


def built_dataset(root: Path) -> Path:
    """The bundled reports built into `root` (once per test module)."""
    from ducha.build import build

    build(root, workers=1)
    return root


def copy_dataset(src: Path, dest: Path) -> Path:
    shutil.copytree(src, dest)
    return dest


def run(capsys, *argv: str) -> tuple[int, str, str]:
    """Run `ducha ARGV` in this process; (exit status, stdout, stderr)."""
    from ducha.cli import main

    try:
        rc = main(list(argv))
    except SystemExit as exc:  # argparse: --help, --version, usage errors
        rc = exc.code if isinstance(exc.code, int) else 1
    out, err = capsys.readouterr()
    return rc, out, err


# Collects every binary websocket message the page receives: textual-serve sends the app's
# terminal output that way, and xterm.js draws it on a canvas (no text in the DOM).
WS_HOOK = r"""
(() => {
  const chunks = [];
  const decoder = new TextDecoder("utf-8");
  window.__duchaScreen = () => chunks.join("");
  const Original = window.WebSocket;
  class Recording extends Original {
    constructor(...args) {
      super(...args);
      this.addEventListener("message", (event) => {
        if (event.data instanceof ArrayBuffer) {
          chunks.push(decoder.decode(new Uint8Array(event.data), { stream: true }));
        }
      });
    }
  }
  window.WebSocket = Recording;
})();
"""
_ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]")


def strip_ansi(text: str) -> str:
    return _ANSI.sub("", text)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port: int, timeout: float, proc: subprocess.Popen | None = None) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            return False
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return True
        except OSError:
            time.sleep(0.2)
    return False


def kill_group(proc: subprocess.Popen, timeout: float = 5) -> None:
    """Stop a process started with start_new_session=True, and its children."""
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait(timeout=timeout)


def find_chromium() -> tuple[str | None, str]:
    """The chromium binary, installing Debian's package when possible; else (None, why)."""
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        path = shutil.which(name)
        if path:
            return path, ""
    if sys.platform != "linux" or not shutil.which("apt-get"):
        return None, "no chromium, and no apt-get to install Debian's chromium package"
    if os.geteuid() != 0:
        return None, "no chromium, and not root to `apt-get install chromium`"
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    try:
        for cmd in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", "chromium"]):
            done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=900)
            if done.returncode != 0:
                tail = (done.stderr or done.stdout).strip().splitlines()[-1:]
                return None, f"`{' '.join(cmd)}` failed: {' '.join(tail)}"
    except (OSError, subprocess.TimeoutExpired) as exc:
        return None, f"installing chromium failed: {exc}"
    path = shutil.which("chromium")
    return (path, "") if path else (None, "chromium not found after apt-get install")


def start_chromium(binary: str, profile: Path) -> tuple[subprocess.Popen, str]:
    """Headless chromium with a DevTools endpoint; returns (process, browser websocket URL)."""
    import urllib.request

    port = free_port()
    args = [
        binary, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--disable-dev-shm-usage", "--disable-breakpad",
        "--disable-crash-reporter", f"--remote-debugging-port={port}",
        f"--user-data-dir={profile}", "--window-size=1280,800", "about:blank",
    ]  # fmt: skip
    log = open(profile / "chromium.log", "wb")
    proc = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    log.close()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/version", timeout=2) as r:
                return proc, json.loads(r.read())["webSocketDebuggerUrl"]
        except (OSError, ValueError, KeyError):
            time.sleep(0.2)
    kill_group(proc)
    tail = (profile / "chromium.log").read_text(errors="replace")[-500:]
    raise RuntimeError(f"chromium did not start: {tail}")


async def _page_text(ws_url: str, url: str, needle: str, timeout: float) -> dict:
    """Open `url`, wait (at most `timeout` s) until the terminal output holds `needle`."""
    import aiohttp

    ids = iter(range(1, 10**6))
    async with aiohttp.ClientSession() as http, http.ws_connect(ws_url, max_msg_size=0) as ws:

        async def call(method: str, params: dict | None = None, session: str | None = None):
            msg_id = next(ids)
            msg: dict = {"id": msg_id, "method": method, "params": params or {}}
            if session:
                msg["sessionId"] = session
            await ws.send_str(json.dumps(msg))
            while True:
                reply = await asyncio.wait_for(ws.receive_json(), timeout=15)
                if reply.get("id") == msg_id:
                    if "error" in reply:
                        raise RuntimeError(f"{method}: {reply['error']}")
                    return reply.get("result", {})

        target = await call("Target.createTarget", {"url": "about:blank"})
        attached = await call(
            "Target.attachToTarget", {"targetId": target["targetId"], "flatten": True}
        )
        sid = attached["sessionId"]
        await call("Page.enable", session=sid)
        await call("Page.addScriptToEvaluateOnNewDocument", {"source": WS_HOOK}, session=sid)
        await call("Page.navigate", {"url": url}, session=sid)
        deadline = time.monotonic() + timeout
        screen, body_class = "", ""
        while time.monotonic() < deadline:
            await asyncio.sleep(0.5)
            res = await call(
                "Runtime.evaluate",
                {
                    "expression": "JSON.stringify({screen: window.__duchaScreen ? "
                    "window.__duchaScreen() : '', body: document.body ? "
                    "document.body.className : '', xterm: !!document.querySelector('.xterm')})",
                    "returnByValue": True,
                },
                session=sid,
            )
            value = json.loads(res.get("result", {}).get("value") or "{}")
            screen, body_class = value.get("screen", ""), value.get("body", "")
            if needle in strip_ansi(screen):
                return {"found": True, "screen": screen, "body": body_class, **value}
        return {"found": False, "screen": screen, "body": body_class}


def page_terminal_text(ws_url: str, url: str, needle: str, timeout: float = 60) -> dict:
    return asyncio.run(asyncio.wait_for(_page_text(ws_url, url, needle, timeout), timeout + 30))

"""`ducha serve` against real websockets on 127.0.0.1: a page from another origin opens
no app, the number of apps is limited, and an app whose browser left is ended, also while
it starts (the case that left orphans burning a core), checked by pid in /proc."""

from __future__ import annotations

import asyncio
import os
import shlex
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from cli_helpers import free_port, isolate
from procs import group

from ducha import serve
from ducha.serve import allowed_origins, app_command, make_server, origin_of

aiohttp = pytest.importorskip("aiohttp")
pytest.importorskip("textual_serve")

# An app that reads no input, ignores SIGTERM, starts a child of its own and keeps a core
# busy: the worst an app can do when its browser leaves.
STUBBORN = """
import signal, subprocess, sys, time
signal.signal(signal.SIGTERM, signal.SIG_IGN)
child = subprocess.Popen([sys.executable, "-c", "import time\\nwhile True: time.sleep(0.1)"])
sys.stdout.write("__GANGLION__\\n"); sys.stdout.flush()
end = time.monotonic() + 120
while time.monotonic() < end:
    pass
"""

# A well-behaved stand-in that starts at once and quits on the "quit" meta packet.
IDLE = """
import sys, time
sys.stdout.write("__GANGLION__\\n"); sys.stdout.flush()
data = sys.stdin.buffer.read(1)
"""


@pytest.fixture(autouse=True)
def _isolated(monkeypatch, tmp_path):
    isolate(monkeypatch, tmp_path)
    monkeypatch.setattr(serve, "QUIT_GRACE", 1.0)
    monkeypatch.setattr(serve, "TERM_GRACE", 1.5)


def script(tmp_path: Path, name: str, body: str) -> str:
    path = tmp_path / f"{name}.py"
    path.write_text(body, encoding="utf-8")
    return shlex.join([sys.executable, str(path)])


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


async def wait_gone(pids: list[int], timeout: float) -> list[int]:
    """The processes (and their groups) still alive after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        left = sorted({p for pid in pids for p in group(pid)} | {p for p in pids if alive(p)})
        if not left or time.monotonic() > deadline:
            return left
        await asyncio.sleep(0.1)


class Running:
    """A DuchaServer on 127.0.0.1 in this event loop."""

    def __init__(self, command: str, *, max_sessions: int = 8, public_url: str | None = None):
        self.port = free_port()
        self.server = make_server(command, "127.0.0.1", self.port, public_url, max_sessions)
        self.url = f"http://127.0.0.1:{self.port}"

    async def __aenter__(self) -> Running:
        from aiohttp import web

        app = await self.server._make_app()
        app.on_startup.clear()  # no logo on the test output
        self.runner = web.AppRunner(app)
        await self.runner.setup()
        await web.TCPSite(self.runner, "127.0.0.1", self.port).start()
        self.client = aiohttp.ClientSession()
        return self

    async def __aexit__(self, *exc) -> None:
        await self.client.close()
        await self.runner.cleanup()
        for pid in self.server.spawned:
            for p in group(pid):
                os.kill(p, signal.SIGKILL)

    async def connect(self, origin: str | None = "own"):
        headers = {} if origin is None else {"Origin": self.url if origin == "own" else origin}
        return await self.client.ws_connect(f"{self.url}/ws?width=80&height=24", headers=headers)


def run(coro) -> None:
    asyncio.run(asyncio.wait_for(coro, 60))


# --- origins ---------------------------------------------------------------------------


def test_origin_forms():
    assert origin_of("http://Laptop.local:8080/ducha/") == "http://laptop.local:8080"
    assert origin_of("https://x.example:443") == "https://x.example"
    assert origin_of("http://[::1]:8000") == "http://[::1]:8000"
    assert origin_of("null") is None and origin_of("") is None
    assert origin_of("file:///etc/passwd") is None


def test_allowed_origins():
    local = allowed_origins("127.0.0.1", 8000, None)
    assert {"http://127.0.0.1:8000", "http://localhost:8000", "http://[::1]:8000"} <= local
    assert "http://127.0.0.1:8001" not in local
    assert allowed_origins("0.0.0.0", 8000, "https://x.example/ducha") == {"https://x.example"}
    wildcard = allowed_origins("0.0.0.0", 8123, None)
    assert wildcard and not any("0.0.0.0" in o for o in wildcard)


@pytest.mark.parametrize(
    "origin", ["http://evil.example", "http://127.0.0.1:1", "https://127.0.0.1", "null", None]
)
def test_foreign_origin_is_refused_before_any_app_starts(tmp_path, origin):
    async def main():
        async with Running(script(tmp_path, "idle", IDLE)) as srv:
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                await srv.connect(origin)
            assert refused.value.status == 403
            await asyncio.sleep(0.3)
            assert srv.server.spawned == [] and not srv.server.sessions

    run(main())


def test_own_origin_starts_an_app_and_leaving_ends_it(tmp_path):
    async def main():
        async with Running(script(tmp_path, "idle", IDLE)) as srv:
            ws = await srv.connect("own")
            for _ in range(50):
                if srv.server.spawned:
                    break
                await asyncio.sleep(0.05)
            (pid,) = srv.server.spawned
            assert alive(pid)
            await ws.close()
            assert await wait_gone([pid], 5) == []

    run(main())


def test_the_page_points_at_the_public_url(tmp_path):
    async def page(public_url: str | None, host: str) -> str:
        srv = Running("true", public_url=public_url)
        srv.server = make_server("true", host, srv.port, public_url)
        async with srv:
            async with srv.client.get(srv.url + "/") as response:
                return await response.text()

    html = asyncio.run(page("http://laptop.local:8080", "0.0.0.0"))
    assert "ws://laptop.local:8080/ws" in html and "0.0.0.0" not in html
    html = asyncio.run(page("https://x.example/ducha", "0.0.0.0"))
    assert "wss://x.example/ducha/ws" in html and "0.0.0.0" not in html
    html = asyncio.run(page(None, "0.0.0.0"))
    assert "/ws" in html and "0.0.0.0" not in html


# --- the session limit -----------------------------------------------------------------


def test_sessions_beyond_the_limit_are_refused_clearly(tmp_path):
    async def main():
        async with Running(script(tmp_path, "idle", IDLE), max_sessions=2) as srv:
            first, second = await srv.connect(), await srv.connect()
            third = await srv.connect()
            msg = await third.receive(timeout=5)
            assert msg.type == aiohttp.WSMsgType.BINARY and b"2 sessions are open" in msg.data
            msg = await third.receive(timeout=5)
            assert msg.type == aiohttp.WSMsgType.CLOSE and third.close_code == serve.TRY_AGAIN_LATER
            await asyncio.sleep(0.3)
            assert len(srv.server.spawned) == 2
            await first.close()
            assert await wait_gone(srv.server.spawned[:1], 5) == []
            for _ in range(50):  # the slot is free once the first app has ended
                if len(srv.server.sessions) < 2:
                    break
                await asyncio.sleep(0.05)
            fourth = await srv.connect()
            for _ in range(50):
                if len(srv.server.spawned) == 3:
                    break
                await asyncio.sleep(0.05)
            assert len(srv.server.spawned) == 3
            await second.close()
            await fourth.close()
            assert await wait_gone(srv.server.spawned, 5) == []

    run(main())


def test_max_sessions_from_the_environment(monkeypatch):
    monkeypatch.setenv("DUCHA_MAX_SESSIONS", "3")
    assert serve.max_sessions_default() == 3
    monkeypatch.setenv("DUCHA_MAX_SESSIONS", "zero")
    assert serve.max_sessions_default() == serve.DEFAULT_MAX_SESSIONS


# --- apps whose browser left -----------------------------------------------------------


def test_an_app_that_ignores_quit_and_sigterm_is_killed_with_its_children(tmp_path):
    async def main():
        async with Running(script(tmp_path, "stubborn", STUBBORN)) as srv:
            ws = await srv.connect()
            for _ in range(100):
                if srv.server.spawned and len(group(srv.server.spawned[0])) == 2:
                    break
                await asyncio.sleep(0.05)
            (pid,) = srv.server.spawned
            assert len(group(pid)) == 2  # the app and its child
            await ws.close()
            # quit (1 s), SIGTERM (ignored, 1.5 s), then SIGKILL to the whole group
            assert await wait_gone([pid], 6) == []

    run(main())


@pytest.mark.parametrize("leave_after", [0, 1, 5])
def test_leaving_during_start_up_ends_the_real_app(tmp_path, leave_after):
    """A dataset that is missing: the app starts, checks and builds while the browser
    leaves after `leave_after` messages (0: at once)."""

    async def main():
        async with Running(app_command(tmp_path / "ds")) as srv:
            ws = await srv.connect()
            for _ in range(leave_after):
                await ws.receive(timeout=20)
            await ws.close()
            for _ in range(50):
                if srv.server.spawned:
                    break
                await asyncio.sleep(0.05)
            assert len(srv.server.spawned) == 1
            assert await wait_gone(srv.server.spawned, 8) == []

    run(main())


def test_an_abrupt_disconnect_ends_the_app(tmp_path):
    """The browser's connection drops without a closing handshake (a killed tab)."""

    async def main():
        async with Running(app_command(tmp_path / "ds")) as srv:
            ws = await srv.connect()
            await ws.receive(timeout=20)
            transport = ws._response.connection.transport
            transport.abort()
            for _ in range(50):
                if srv.server.spawned:
                    break
                await asyncio.sleep(0.05)
            assert await wait_gone(srv.server.spawned, 8) == []

    run(main())


# --- the app itself --------------------------------------------------------------------


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP])
def test_the_app_ends_on_a_signal_while_it_loads(tmp_path, sig):
    """The web driver's app, building a missing dataset, its output no longer read."""
    env = {
        **os.environ,
        "TEXTUAL_DRIVER": "textual.drivers.web_driver:WebDriver",
        "COLUMNS": "80",
        "ROWS": "24",
    }
    proc = subprocess.Popen(
        shlex.split(app_command(tmp_path / "ds")),
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
        env=env, start_new_session=True,
    )  # fmt: skip
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline() == b"__GANGLION__\n"  # the driver runs
        time.sleep(0.5)
        proc.send_signal(sig)
        proc.wait(timeout=8)
    finally:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait()

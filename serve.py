"""`ducha serve`: the app in a web browser through textual-serve.

Every browser tab gets its own app process, started as ``python -m ducha --data DIR`` with
this interpreter, so it reads the dataset this command prepared. There is no login: the
server listens on 127.0.0.1 unless told otherwise; to show it to a room, open it on the
presenting machine, or reach it through an SSH tunnel (``ssh -L 8000:127.0.0.1:8000 host``).

Because any page a browser has open may try a websocket to a local port, an app starts
only for a websocket whose ``Origin`` is the server's own address; the number of app
processes is limited; and an app whose browser has left is ended, whatever it was doing.
"""

from __future__ import annotations

import functools
import ipaddress
import os
import shlex
import signal
import socket
import sys
from pathlib import Path
from urllib.parse import urlsplit

LOOPBACK_NAMES = {"localhost", "ip6-localhost"}


def is_loopback(host: str) -> bool:
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def app_command(
    data_dir: Path,
    theme: str | None = None,
    grouping: str | None = None,
    config: str | None = None,
) -> str:
    """The shell command textual-serve runs for each browser connection."""
    argv = [sys.executable, "-m", "ducha", "--data", str(data_dir)]
    if config:
        argv += ["--config", config]
    if theme:
        argv += ["--theme", theme]
    if grouping:
        argv += ["--grouping", grouping]
    return shlex.join(argv)


def public_url_for(host: str, port: int, public_url: str | None) -> str | None:
    """The URL browsers use; for a wildcard bind, this machine's name (not 0.0.0.0)."""
    if public_url:
        return public_url.rstrip("/")
    if host in ("0.0.0.0", "::", ""):
        name = socket.getfqdn() or socket.gethostname()
        return f"http://{name}:{port}"
    if ":" in host and not host.startswith("["):
        return f"http://[{host}]:{port}"
    return None


# --- the server ------------------------------------------------------------------------

DEFAULT_MAX_SESSIONS = 8
# After the browser leaves, the app gets QUIT_GRACE seconds to quit on the "quit" message
# (its input thread reads it only once the app is running), then SIGTERM, then, after
# TERM_GRACE more seconds, SIGKILL: a disconnect at any moment ends the app.
QUIT_GRACE = 2.0
TERM_GRACE = 3.0
# The close code of a websocket refused for lack of room (RFC 6455: "try again later").
TRY_AGAIN_LATER = 1013


def origin_of(url: str) -> str | None:
    """``scheme://host[:port]`` of `url`, lower-cased, the scheme's default port dropped:
    the form browsers send in an ``Origin`` header."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        return None
    host = parts.hostname.lower()
    if ":" in host:
        host = f"[{host}]"
    try:
        port = parts.port
    except ValueError:
        return None
    if port is None or port == {"http": 80, "https": 443}[scheme]:
        return f"{scheme}://{host}"
    return f"{scheme}://{host}:{port}"


def allowed_origins(host: str, port: int, public_url: str | None) -> frozenset[str]:
    """The origins whose pages may open an app: the address the server is served at.

    A page on any other site that a browser on this machine (or the room's network) has
    open could otherwise open a websocket to the server and drive an app, which runs with
    the rights of the user who started `ducha serve`. With ``--public-url`` that URL is
    the only origin; on a loopback bind, each loopback name for the port; on a wildcard
    bind, this machine's names for the port.
    """
    if public_url:
        origin = origin_of(public_url)
        return frozenset([origin] if origin else [])
    names = {host.strip("[]").lower()}
    if is_loopback(host):
        names |= {"localhost", "127.0.0.1", "::1"}
    if host in ("0.0.0.0", "::", ""):
        names |= {socket.gethostname().lower(), socket.getfqdn().lower()}
        names -= {"0.0.0.0", "::", ""}
    out = set()
    for name in names:
        netloc = f"[{name}]" if ":" in name else name
        origin = origin_of(f"http://{netloc}:{port}")
        if origin:
            out.add(origin)
    return frozenset(out)


def max_sessions_default() -> int:
    """The session limit: $DUCHA_MAX_SESSIONS when it is a positive number, else 8."""
    try:
        value = int(os.environ.get("DUCHA_MAX_SESSIONS", ""))
    except ValueError:
        return DEFAULT_MAX_SESSIONS
    return value if value > 0 else DEFAULT_MAX_SESSIONS


def end_group(pgid: int, sig: int) -> None:
    """Send `sig` to a session's process group (the app, a build it started, the build's
    workers); a group that is gone already is fine."""
    try:
        os.killpg(pgid, sig)
    except (ProcessLookupError, PermissionError):
        pass


def make_server(
    command: str,
    host: str,
    port: int,
    public_url: str | None,
    max_sessions: int | None = None,
):
    """The textual-serve server for `command`, with the rules above (origin, session
    limit, every app ended when its browser leaves)."""
    server_class = _server_class()
    public = public_url_for(host, port, public_url)
    return server_class(
        command,
        host=host,
        port=port,
        title="ducha",
        public_url=public,
        origins=allowed_origins(host, port, public),
        max_sessions=max_sessions or max_sessions_default(),
    )


@functools.cache
def _server_class():
    """The server classes, made on first use: textual-serve (and aiohttp) load only for
    `ducha serve`, and only when installed.

    They lean on textual-serve 1.1's ``Server.handle_websocket`` and ``AppService``
    (``_open_app_process``, ``_build_environment``, ``_process``, ``_stdin``, ``_task``);
    tests/test_serve_sessions.py runs them against the installed version.
    """
    import asyncio
    import logging

    from aiohttp import web
    from textual_serve.app_service import AppService
    from textual_serve.server import Server, to_int

    log = logging.getLogger("textual-serve")

    class AppSession(AppService):
        """One browser's app, started in a process group of its own and always ended.

        textual-serve starts the app through ``/bin/sh -c`` in the server's own process
        group and, when the browser leaves, only sends it a "quit" message and waits for
        it to close its output. An app still starting (importing, checking or building the
        dataset) reads no input yet, and a build it started is a process of its own that
        the message never reaches; a handler cancelled while waiting stopped reading the
        app's output altogether. Such an app lived on with nobody to see it. Here the app
        is started directly (no shell between) as the leader of a new session, and
        `stop` ends the whole group: "quit" first, then SIGTERM, then SIGKILL.
        """

        async def _open_app_process(self, width: int = 80, height: int = 24):
            environment = self._build_environment(width=width, height=height)
            self._process = process = await asyncio.create_subprocess_exec(
                *shlex.split(self.command),
                stdin=asyncio.subprocess.PIPE,
                stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.PIPE,
                env=environment,
                start_new_session=True,
            )
            self._stdin = process.stdin
            return process

        @property
        def pid(self) -> int | None:
            return self._process.pid if self._process is not None else None

        async def stop(self) -> None:
            process = self._process
            task, self._task = self._task, None
            if process is None:
                return
            try:
                if task is not None and process.returncode is None:
                    await self._download_manager.cancel_app_downloads(
                        app_service_id=self.app_service_id
                    )
                    await self.send_meta({"type": "quit"})
                    await self._wait(process, QUIT_GRACE)
                end_group(process.pid, signal.SIGTERM)  # also a build the app left
                if not await self._wait(process, TERM_GRACE):
                    log.warning("app process %s ignored SIGTERM: killed", process.pid)
            finally:
                # Also when cancelled (the server shutting down): nothing may outlive it.
                end_group(process.pid, signal.SIGKILL)
                if process.returncode is None:
                    try:
                        await self._wait(process, TERM_GRACE)
                    except asyncio.CancelledError:
                        pass
                if task is not None:
                    task.cancel()
                    try:
                        await task
                    except asyncio.CancelledError:
                        pass

        @staticmethod
        async def _wait(process, timeout: float) -> bool:
            """Whether `process` ended within `timeout` seconds."""
            try:
                await asyncio.wait_for(asyncio.shield(process.wait()), timeout)
            except TimeoutError:
                return False
            return True

    class DuchaServer(Server):
        """textual-serve's server that checks each websocket's origin, limits the number
        of app processes, and ends every app whose browser has left."""

        def __init__(
            self,
            command: str,
            *,
            origins: frozenset[str],
            max_sessions: int = DEFAULT_MAX_SESSIONS,
            **kw,
        ) -> None:
            super().__init__(command, **kw)
            self.origins = origins
            self.max_sessions = max_sessions
            self.sessions: set[AppSession] = set()
            self.spawned: list[int] = []  # every app's pid, in order (for tests and logs)
            self.reserved = 0  # sessions counted before their process exists

        async def on_startup(self, app: web.Application) -> None:
            await super().on_startup(app)
            self.console.print(
                f"Accepting pages from {', '.join(sorted(self.origins)) or 'nowhere'}; "
                f"at most {self.max_sessions} sessions"
            )

        async def on_shutdown(self, app: web.Application) -> None:
            """End every app left when the server stops, whatever state it is in."""
            for session in list(self.sessions):
                if session.pid is not None:
                    end_group(session.pid, signal.SIGTERM)
            await asyncio.sleep(0)
            for session in list(self.sessions):
                try:
                    await asyncio.wait_for(session.stop(), TERM_GRACE + 1)
                except Exception:
                    if session.pid is not None:
                        end_group(session.pid, signal.SIGKILL)
            await super().on_shutdown(app)

        async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
            origin = request.headers.get("Origin")
            if origin_of(origin or "") not in self.origins:
                log.warning("refused a websocket from origin %r", origin)
                raise web.HTTPForbidden(
                    text=f"ducha serve: pages from {origin or 'no origin'} may not open the app\n"
                )
            websocket = web.WebSocketResponse(heartbeat=15)
            if len(self.sessions) + self.reserved >= self.max_sessions:
                log.warning("refused a session: %d are open", self.max_sessions)
                await websocket.prepare(request)
                await websocket.send_bytes(
                    f"\r\nducha serve: {self.max_sessions} sessions are open already, the "
                    "most this server runs.\r\nClose another tab, then reload this page.\r\n".encode()
                )
                await websocket.close(code=TRY_AGAIN_LATER, message=b"too many sessions")
                return websocket
            self.reserved += 1  # no await between the check and this: no race
            width = to_int(request.query.get("width", "80"), 80)
            height = to_int(request.query.get("height", "24"), 24)
            session: AppSession | None = None
            try:
                await websocket.prepare(request)
                session = AppSession(
                    self.command,
                    write_bytes=websocket.send_bytes,
                    write_str=websocket.send_str,
                    close=websocket.close,
                    download_manager=self.download_manager,
                    debug=self.debug,
                )
                self.sessions.add(session)
                self.reserved -= 1
                await session.start(width, height)
                if session.pid is not None:
                    self.spawned.append(session.pid)
                await self._process_messages(websocket, session)
            except asyncio.CancelledError:
                await websocket.close()
                raise
            except Exception as error:
                log.exception(error)
            finally:
                if session is None:
                    self.reserved -= 1
                else:
                    try:
                        await session.stop()
                    finally:
                        self.sessions.discard(session)
                if not websocket.closed:
                    await websocket.close()
            return websocket

    return DuchaServer

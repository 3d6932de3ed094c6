"""`ducha serve`: the app in a web browser through textual-serve.

Every browser tab gets its own app process, started as ``python -m ducha --data DIR`` with
this interpreter, so it reads the dataset this command prepared. There is no login: the
server listens on 127.0.0.1 unless told otherwise; to show it to a room, open it on the
presenting machine, or reach it through an SSH tunnel (``ssh -L 8000:127.0.0.1:8000 host``).
"""

from __future__ import annotations

import ipaddress
import shlex
import socket
import sys
from pathlib import Path

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


def make_server(command: str, host: str, port: int, public_url: str | None):
    from textual_serve.server import Server

    return Server(
        command,
        host=host,
        port=port,
        title="ducha",
        public_url=public_url_for(host, port, public_url),
    )

"""A real terminal for the end-to-end tests: the installed `ducha` in tmux, each test with
its own tmux server (-L) so nothing is shared with a user's sessions."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

TMUX = shutil.which("tmux")
DUCHA = Path(sys.executable).with_name("ducha")


def right_pane_text(screen: str) -> str:
    """The panes right of the tree (after its border), each screen line's part joined."""
    return "".join(line.rsplit("▕", 1)[-1].rstrip() for line in screen.splitlines() if "▕" in line)


class Term:
    def __init__(self, width: int, height: int, command: list[str], env: dict[str, str]) -> None:
        self.socket = f"ducha-e2e-{uuid.uuid4().hex[:8]}"
        self.rc_file = Path(f"/tmp/{self.socket}.rc")
        shell = " ".join(_quote(c) for c in command) + f"; echo $? > {self.rc_file}"
        self.tmux(
            "new-session",
            "-d",
            "-s",
            "t",
            "-x",
            str(width),
            "-y",
            str(height),
            "sh",
            "-c",
            shell,
            env=env,
        )
        self.tmux("set-option", "-t", "t", "remain-on-exit", "on")
        self.tmux("set-option", "-s", "escape-time", "10")

    def tmux(self, *args: str, env: dict[str, str] | None = None) -> str:
        out = subprocess.run(
            [TMUX, "-L", self.socket, *args], capture_output=True, text=True, env=env, check=False
        )
        return out.stdout

    def keys(self, *keys: str) -> None:
        for k in keys:
            self.tmux("send-keys", "-t", "t", k)
            time.sleep(0.15)

    def literal(self, s: str) -> None:
        self.tmux("send-keys", "-t", "t", "-l", s)
        time.sleep(0.2)

    def screen(self, escapes: bool = False) -> str:
        """The screen's text; with `escapes`, its colours and weights as SGR sequences."""
        return self.tmux("capture-pane", "-p", *(["-e"] if escapes else []), "-t", "t")

    def wait_for(self, *needles: str, timeout: float = 20.0, right_pane: bool = False) -> str:
        """Poll the screen until every needle shows. With `right_pane`, the text right of the
        tree is searched with the app's own line wraps joined (a long string may wrap)."""
        deadline = time.monotonic() + timeout
        text = ""
        while time.monotonic() < deadline:
            text = self.screen()
            hay = right_pane_text(text) if right_pane else text
            if all(n in hay for n in needles):
                return text
            time.sleep(0.1)
        raise AssertionError(f"{needles!r} not on screen after {timeout}s:\n{text}")

    def exit_status(self, timeout: float = 10.0) -> int:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.rc_file.exists() and self.rc_file.read_text().strip():
                return int(self.rc_file.read_text())
            time.sleep(0.1)
        raise AssertionError(f"the app did not exit:\n{self.screen()}")

    def title(self) -> str:
        return self.tmux("display-message", "-p", "-t", "t", "#{pane_title}").strip()

    def close(self) -> None:
        self.tmux("kill-server")
        self.rc_file.unlink(missing_ok=True)


def _quote(s: str) -> str:
    return "'" + s.replace("'", "'\\''") + "'"


def _env(**extra: str) -> dict[str, str]:
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("TEXTUAL_", "NO_COLOR", "TMUX"))
    }
    env.update({"TERM": "xterm-256color", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", **extra})
    return env


def terminals() -> Iterator[Callable[..., Term]]:
    """The body of a test module's `term_factory` fixture: `make(width, height, data,
    **env)` starts the app in a new terminal; every terminal is closed afterwards."""
    if TMUX is None:
        pytest.skip("tmux is not installed: the end-to-end terminal test needs it")
    if not DUCHA.exists():
        pytest.skip(f"the installed command {DUCHA} is missing (pip install -e .)")
    made: list[Term] = []

    def make(width: int, height: int, data: Path, **env: str) -> Term:
        t = Term(width, height, [str(DUCHA), "--data", str(data)], _env(**env))
        made.append(t)
        return t

    yield make
    for t in made:
        t.close()

"""The installed `ducha` in a real terminal (tmux): what a user sees, key by key.

Skipped when tmux is missing. Each test starts its own tmux server (-L) so nothing is
shared with a user's sessions.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

TMUX = shutil.which("tmux")
DUCHA = Path(sys.executable).with_name("ducha")
HOSTILE_DOC = Path(__file__).parent.parent / "fixtures" / "hostile" / "hostile_report.txt"


@pytest.fixture(scope="module")
def e2e_dataset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from ducha.build import build

    ddir = tmp_path_factory.mktemp("e2e-ds")
    (ddir / "library").mkdir()
    shutil.copy(HOSTILE_DOC, ddir / "library" / HOSTILE_DOC.name)
    build(ddir)
    return ddir


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

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", "t")

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
    env.update(TERM="xterm-256color", LANG="C.UTF-8", LC_ALL="C.UTF-8", **extra)
    return env


@pytest.fixture()
def term_factory():
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


@pytest.mark.parametrize(("width", "height"), [(120, 40), (80, 24)])
def test_shanxi_counts_and_sentence(term_factory, e2e_dataset, width, height):
    term = term_factory(width, height, e2e_dataset)
    term.wait_for("山西省", "59/82", "documents")  # the tree, once the data is in
    term.keys("/")
    term.wait_for("jump to a place")
    term.literal("shanxi")
    term.wait_for("山西省 · 第二轮")  # one entry per round, the latest first
    term.keys("Enter")
    term.wait_for("山西省 ·")  # the task table's title
    term.keys("Tab")  # into the task table: its first row is selected
    screen = term.wait_for("整改任务")
    task_line = next(line for line in screen.splitlines() if "整改任务" in line)
    assert "82" in task_line and "59" in task_line
    # the source pane shows the row's sentence
    screen = term.wait_for("82项整改任务已完成整改59项")
    assert "in progress" in screen
    term.keys("q")
    assert term.exit_status() == 0


def test_hostile_text_never_reaches_the_terminal(term_factory, e2e_dataset):
    term = term_factory(120, 40, e2e_dataset)
    term.wait_for("documents")
    before = term.title()
    term.keys("/")
    term.wait_for("jump to a place")
    term.literal("xizang")
    term.wait_for("西藏自治区")
    term.keys("Enter")
    term.wait_for("西藏自治区 ·")
    term.keys("Tab")
    screen = term.wait_for("[@click=app.quit]", "[red]bold[/red]", "[/]", right_pane=True)
    assert "documents" in screen  # no "clear screen" happened
    assert "owned" not in term.title() and term.title() == before
    term.keys("q")
    assert term.exit_status() == 0


@pytest.mark.parametrize(
    "env",
    [{"NO_COLOR": "1"}, {"TEXTUAL_COLOR_SYSTEM": "standard"}, {"TEXTUAL_COLOR_SYSTEM": "256"}],
)
def test_usable_without_colour_and_with_16_colours(term_factory, e2e_dataset, env):
    term = term_factory(80, 24, e2e_dataset, **env)
    term.wait_for("山西省", "59/82")
    term.keys("/")
    term.wait_for("jump to a place")
    term.literal("hunan")
    term.wait_for("湖南省  hunan")
    term.keys("Enter")
    term.wait_for("湖南省 ·")
    screen = term.wait_for("BEHIND")
    assert "25/53" in screen
    term.keys("q")
    assert term.exit_status() == 0

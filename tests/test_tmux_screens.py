"""The app as a user sees it over SSH: run in tmux at 80×24 and 120×40, under TERM=xterm
(16 colours), TERM=screen-256color and NO_COLOR=1. No number or date is ever cut on the
main screen, the overview, the ledger or all facts, and `ducha show` at 80 columns cuts
none either. Skipped where tmux is not installed."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from rich.cells import cell_len

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux")

# a number cut short (12…, 2~), or a date that lost its end (2022-12, 2022-12-3)
CUT = re.compile(r"\d[,.%]?[…~]|(?<![\d-])\d{4}-\d{2}(?:-\d)?(?![\d-])(?!年)")


def cut_numbers(screen: str) -> list[str]:
    """The cut figures of a screen, the source pane aside (its text wraps, figures too)."""
    found = []
    in_source = False
    for line in screen.splitlines():
        if "source ·" in line:
            in_source = True
        part = line.split("▕")[0] if in_source else line
        found += [m.group(0) + f"  in: {line.strip()}" for m in CUT.finditer(part)]
    return found


STATUS_WORDS = ("BEHIND", "in progress", "on schedule", "done")
SGR = re.compile(r"\x1b\[([\d;]*)m")


def style_of(screen: str, word: str) -> str | None:
    """The foreground colour and boldness in force where `word` last shows on the screen
    (the cursor's row is the first: the last is a plain row's status cell), as
    "fg=…;bold=…"; None when the word is not on screen."""
    i = screen.rfind(word)
    if i < 0:
        return None
    fg, bold = "default", False
    for m in SGR.finditer(screen, 0, i):
        params = [p for p in m.group(1).split(";") if p] or ["0"]
        k = 0
        while k < len(params):
            p = params[k]
            if p == "0":
                fg, bold = "default", False
            elif p == "1":
                bold = True
            elif p == "22":
                bold = False
            elif p == "39":
                fg = "default"
            elif p in ("38", "48") and k + 1 < len(params):
                n = 3 if params[k + 1] == "5" else 5
                if p == "38":
                    fg = ":".join(params[k : k + n])
                k += n - 1
            elif len(p) == 2 and p[0] in "39" and p[1] != "9":
                fg = p
            k += 1
    return f"fg={fg};bold={bold}"


class Tmux:
    """One app in a private tmux server."""

    def __init__(self, data: Path, size: tuple[int, int], env: dict[str, str]) -> None:
        self.socket = f"ducha-test-{uuid.uuid4().hex[:8]}"
        ducha = [sys.executable, "-m", "ducha", "--data", str(data)]
        settings = " ".join(f"{k}={v}" for k, v in env.items())
        command = f"env {settings} {' '.join(ducha)}"
        self.run("new-session", "-d", "-x", str(size[0]), "-y", str(size[1]), command)

    def run(self, *args: str) -> str:
        out = subprocess.run(
            ["tmux", "-L", self.socket, *args], capture_output=True, text=True, timeout=30
        )
        return out.stdout

    def keys(self, *keys: str, wait: float = 1.0) -> None:
        for k in keys:
            self.run("send-keys", k)
            time.sleep(0.15)
        time.sleep(wait)

    def screen(self, escapes: bool = False) -> str:
        return self.run("capture-pane", "-p", *(["-e"] if escapes else []))

    def wait_for(self, text: str, timeout: float = 20) -> str:
        end = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < end:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.2)
        raise AssertionError(f"{text!r} never showed:\n{screen}")

    def close(self) -> None:
        self.run("kill-server")


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from ledger_fixtures import build_ledger_dataset

    return build_ledger_dataset(tmp_path_factory.mktemp("tmux"))


def _env(**extra: str) -> dict[str, str]:
    keep = {k: os.environ[k] for k in ("PATH", "HOME", "LANG") if k in os.environ}
    return {**keep, "DUCHA_CONFIG": "/nonexistent/ducha.toml", "LANG": "C.UTF-8", **extra}


@pytest.mark.parametrize(
    ("size", "env"),
    [
        ((80, 24), {"TERM": "xterm"}),
        ((80, 24), {"TERM": "screen-256color"}),
        ((80, 24), {"TERM": "xterm-256color", "NO_COLOR": "1"}),
        ((120, 40), {"TERM": "xterm"}),
    ],
    ids=["80x24-xterm", "80x24-256", "80x24-nocolor", "120x40-xterm"],
)
def test_no_number_or_date_is_cut(data: Path, size: tuple[int, int], env: dict) -> None:
    tmux = Tmux(data, size, _env(**env))
    try:
        screens = {"main": tmux.wait_for("全国")}
        tmux.keys("/", wait=0.8)
        tmux.keys("山西", wait=0.8)
        tmux.keys("Enter", wait=1.5)
        screens["山西"] = tmux.screen()
        tmux.keys("Tab", "l", wait=1.5)  # the task pane, then its ledger
        screens["ledger"] = tmux.wait_for("ledger")
        tmux.keys("Escape", "v", wait=1.5)
        screens["overview"] = tmux.wait_for("overview")
        tmux.keys("j", "j", wait=0.8)  # the cursor off the rows whose statuses are read
        styles = {word: style_of(tmux.screen(escapes=True), word) for word in STATUS_WORDS}
        if "NO_COLOR" in env:  # the words alone tell them apart
            assert all(v is not None for v in styles.values()), styles
        else:  # and in colour, each its own; behind bold
            assert len(set(styles.values())) == len(styles), styles
            assert str(styles["BEHIND"]).endswith("bold=True"), styles
        tmux.keys("Escape", "a", wait=2)
        screens["all facts"] = tmux.wait_for("all facts")
        for name, screen in screens.items():
            assert cut_numbers(screen) == [], f"{name}:\n{screen}"
    finally:
        tmux.close()


def test_show_at_80_columns_cuts_nothing(data: Path) -> None:
    env = {**_env(), "COLUMNS": "80"}
    queries = ["", "全国", "山西", "河南", "湖南", "云南", "广西", "江西", "洛阳"]
    for q in queries:
        argv = [sys.executable, "-m", "ducha", "--data", str(data), "show", *([q] if q else [])]
        out = subprocess.run(argv, capture_output=True, text=True, env=env, timeout=120).stdout
        assert out.strip(), q
        assert cut_numbers(out) == [], (q, out)
        assert max(cell_len(line) for line in out.splitlines()) <= 80, (q, out)
    argv = [sys.executable, "-m", "ducha", "--data", str(data), "show", "山西", "--tasks"]
    out = subprocess.run(argv, capture_output=True, text=True, env=env, timeout=120).stdout
    assert "HN" in out or "2021-12-31" in out
    assert cut_numbers(out) == [] and max(cell_len(line) for line in out.splitlines()) <= 80

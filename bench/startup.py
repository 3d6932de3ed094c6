"""Start-up as a user feels it: from launching `ducha` to the first frame that shows data.

The installed `ducha` command and, as the reference, a minimal Textual app (a Static and a
Footer, run by the same venv's python) are each started in a real terminal: a detached
tmux session of the given size on a private tmux server, TERM=xterm-256color. The screen is
polled with `tmux capture-pane` every few milliseconds until a marker shows (for ducha
`山西`, a province of the tree once the dataset is loaded; for the minimal app its text);
the wall time from launch to that capture counts. While ducha's title still says it is
loading, the marker does not count (a file name in the progress line may hold it). The
runs go in pairs, the order within a pair alternating from one pair to the next.

    .venv/bin/python bench/startup.py [--runs 7] [--data DIR] [--size 80x24]

Before timing, the project is compiled (`python -m compileall -q`: this machine sets
PYTHONDONTWRITEBYTECODE, so nothing else writes the .pyc files; `--no-compile` skips it),
the dataset is built (`ducha [--data DIR] build`) and each app runs once untimed. Prints
each pair, the medians and the median of the per-pair ratios ducha / minimal. A pair whose
ducha run showed "building the dataset" (the dataset went stale during the benchmark) is
marked and left out of the medians. The timer's resolution is the polling interval plus
one capture (a few milliseconds).
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"

MINIMAL = """\
from textual.app import App, ComposeResult
from textual.widgets import Footer, Static


class Minimal(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("hello ready")
        yield Footer()


Minimal().run()
"""

# ducha's title while the dataset is read, and when it could not be; the progress line
# during a build.
DUCHA_LOADING = "ducha · loading dataset"
DUCHA_ERROR = "ducha · dataset error"
DUCHA_BUILDING = "building the dataset"


@dataclass(frozen=True)
class App:
    name: str
    command: list[str]
    marker: str  # on screen: data is shown
    loading: str | None = None  # on screen: still loading, the marker does not count
    error: str | None = None  # on screen: the app failed
    building: str | None = None  # on screen: the run includes a build


@dataclass
class Run:
    seconds: float  # launch to the capture that shows the marker
    first_frame: float  # launch to the first capture that is not blank
    first_screen: str
    screen: str  # the capture that shows the marker
    built: bool  # the app showed it was building the dataset


class Failed(Exception):
    """The marker did not show: the message says why, `screen` is the last capture."""

    def __init__(self, message: str, screen: str) -> None:
        super().__init__(message)
        self.screen = screen


class Terminal:
    """A private tmux server (its own socket, no config file) for detached sessions."""

    def __init__(self, width: int, height: int) -> None:
        self.width, self.height = width, height
        self.socket = f"ducha-bench-{os.getpid()}-{uuid.uuid4().hex[:6]}"
        self.socket_path: Path | None = None
        self.count = 0
        env = {k: v for k, v in os.environ.items() if k != "TMUX"}
        if not any("utf-8" in env.get(k, "").lower() for k in ("LC_ALL", "LC_CTYPE", "LANG")):
            env["LANG"] = "C.UTF-8"
        self.env = env

    def tmux(self, *args: str, check: bool = False) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["tmux", "-L", self.socket, "-u", "-f", "/dev/null", *args],
            capture_output=True,
            text=True,
            env=self.env,
            check=check,
        )

    def start(self) -> None:
        # A session that keeps the server and its options alive between runs.
        self.new_session("keep", "cat")
        self.socket_path = Path(self.tmux("display-message", "-p", "#{socket_path}").stdout.strip())
        for option, value in (
            ("default-terminal", "xterm-256color"),
            ("status", "off"),  # the whole WxH is the app's
            ("remain-on-exit", "on"),  # an app that dies early leaves its screen
        ):
            self.tmux("set-option", "-g", option, value, check=True)

    def new_session(self, name: str, command: str) -> None:
        size = ("-x", str(self.width), "-y", str(self.height))
        self.tmux("new-session", "-d", "-s", name, *size, command, check=True)

    def close(self) -> None:
        self.tmux("kill-server")
        if self.socket_path is not None and self.socket_path.name == self.socket:
            self.socket_path.unlink(missing_ok=True)  # tmux leaves it behind

    def capture(self, name: str) -> str:
        return self.tmux("capture-pane", "-p", "-t", name).stdout

    def run(self, app: App, timeout: float, poll: float) -> Run:
        """Launch the app in a new session and poll its screen until its marker shows."""
        self.count += 1
        name = f"run{self.count}"
        first: tuple[float, str] | None = None
        built = False
        start = time.perf_counter()
        self.new_session(name, shlex.join(app.command))
        try:
            next_check = start + 0.25
            while True:
                screen = self.capture(name)
                now = time.perf_counter()
                if first is None and screen.strip():
                    first = (now - start, screen)
                built = built or (app.building is not None and app.building in screen)
                if app.error is not None and app.error in screen:
                    raise Failed("the app shows an error", screen)
                if app.marker in screen and not (app.loading and app.loading in screen):
                    assert first is not None
                    return Run(now - start, first[0], first[1], screen, built)
                if now - start > timeout:
                    hint = "; if data shows, pick a --marker on screen at this size"
                    raise Failed(f"{app.marker!r} not on screen after {timeout:g} s{hint}", screen)
                if now >= next_check:  # has the app exited?
                    next_check = now + 0.25
                    dead = self.pane_format(name, "#{pane_dead} #{pane_dead_status}").split()
                    if dead[:1] == ["1"]:
                        status = dead[1] if len(dead) > 1 else "?"
                        message = f"exited (status {status}) before {app.marker!r} showed"
                        raise Failed(message, self.capture(name))
                time.sleep(poll)
        finally:
            self.kill(name)

    def pane_format(self, name: str, fmt: str) -> str:
        return self.tmux("display-message", "-p", "-t", name, fmt).stdout.strip()

    def kill(self, name: str) -> None:
        """Kill the session and wait for its process to be gone, so runs do not overlap."""
        pid_text = self.pane_format(name, "#{pane_dead} #{pane_pid}").split()
        self.tmux("kill-session", "-t", name)
        if len(pid_text) != 2 or pid_text[0] == "1" or not pid_text[1].isdigit():
            return
        pid = int(pid_text[1])
        deadline = time.monotonic() + 5
        while _alive(pid):
            if time.monotonic() > deadline:
                os.kill(pid, signal.SIGKILL)
                break
            time.sleep(0.01)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a zombie not yet reaped by the tmux server counts as gone
        return Path(f"/proc/{pid}/stat").read_text().rsplit(") ", 1)[1][:1] != "Z"
    except (OSError, IndexError):
        return True


def _size(text: str) -> tuple[int, int]:
    m = re.fullmatch(r"(\d+)[xX](\d+)", text)
    if not m:
        raise argparse.ArgumentTypeError(f"expected WxH such as 120x40, not {text!r}")
    width, height = int(m[1]), int(m[2])
    if width < 20 or height < 5:
        raise argparse.ArgumentTypeError(f"{text} is too small a terminal")
    return width, height


def _on_sigterm(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def _marker_line(screen: str, marker: str) -> str:
    for row, line in enumerate(screen.splitlines(), 1):
        if marker in line:
            return f"row {row}: {line.strip()!r}"
    return "not found"


def _gist(screen: str, lines: int = 4) -> str:
    """The screen's text lines without box drawing, joined on one line."""
    shown = []
    for line in screen.splitlines():
        text = " ".join("".join(c for c in line if not "\u2500" <= c <= "\u259f").split())
        if text:
            shown.append(text)
    more = f" … (+{len(shown) - lines} lines)" if len(shown) > lines else ""
    return " | ".join(shown[:lines]) + more


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def _prepare(ducha: list[str], python: Path, compile_: bool) -> None:
    if compile_:
        print(f"compiling {ROOT} (python -m compileall -q; PYTHONDONTWRITEBYTECODE is set here)")
        done = subprocess.run([str(python), "-m", "compileall", "-q", str(ROOT)], check=False)
        if done.returncode:
            print(f"  compileall exited with {done.returncode}; going on")
    else:
        print("not compiling: run `python -m compileall -q .` first, or .pyc files may be stale")
    build = [*ducha, "build"]
    start = time.perf_counter()
    built = subprocess.run(build, capture_output=True, text=True, check=False)
    if built.returncode not in (0, 1):  # 1: some input had problems, the rest was built
        sys.stderr.write(built.stdout + built.stderr)
        raise SystemExit(f"`{shlex.join(build)}` exited with {built.returncode}")
    print(f"dataset built or checked: {shlex.join(build)} ({_ms(time.perf_counter() - start)})")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=7, help="timed pairs (default 7)")
    ap.add_argument("--data", metavar="DIR", help="dataset (default: the bundled data)")
    ap.add_argument("--size", type=_size, default=(120, 40), help="terminal WxH (default 120x40)")
    ap.add_argument("--marker", default="山西", help="text that means data is shown (山西)")
    ap.add_argument("--timeout", type=float, default=30.0, help="seconds per run (default 30)")
    ap.add_argument("--poll", type=float, default=0.005, help="seconds between captures")
    ap.add_argument("--no-compile", action="store_true", help="do not run compileall first")
    ap.add_argument("--show", action="store_true", help="print ducha's first and data screens")
    args = ap.parse_args()
    if args.runs < 1:
        ap.error("--runs must be at least 1")
    if shutil.which("tmux") is None:
        ap.error("tmux is not installed")
    bin_dir = VENV_BIN if (VENV_BIN / "ducha").exists() else Path(sys.executable).parent
    python, ducha_bin = bin_dir / "python", bin_dir / "ducha"
    if not ducha_bin.exists():
        ap.error(f"the installed command {ducha_bin} is missing (pip install -e .)")
    if args.data and not Path(args.data).is_dir():
        ap.error(f"--data {args.data}: no such directory (`ducha --data DIR build` makes one)")
    ducha = [str(ducha_bin), *(["--data", args.data] if args.data else [])]

    _prepare(ducha, python, not args.no_compile)
    signal.signal(signal.SIGTERM, _on_sigterm)
    term = Terminal(*args.size)
    with tempfile.TemporaryDirectory(prefix="ducha-bench-") as tmp:
        script = Path(tmp) / "minimal_app.py"
        script.write_text(MINIMAL, encoding="utf-8")
        minimal = App("minimal", [str(python), str(script)], "hello ready")
        app = App("ducha", ducha, args.marker, DUCHA_LOADING, DUCHA_ERROR, DUCHA_BUILDING)
        try:
            term.start()
            return _bench(term, minimal, app, args)
        except Failed as e:
            print(f"\n{e}; last screen:\n{e.screen}", file=sys.stderr)
            return 1
        except KeyboardInterrupt:
            print("\ninterrupted", file=sys.stderr)
            return 130
        finally:
            term.close()


def _bench(term: Terminal, minimal: App, ducha: App, args: argparse.Namespace) -> int:
    def run(app: App) -> Run:
        try:
            return term.run(app, args.timeout, args.poll)
        except Failed as e:
            raise Failed(f"{app.name} ({shlex.join(app.command)}): {e}", e.screen) from None
        finally:
            time.sleep(0.1)  # let the killed app's exit settle

    print(f"terminal {term.width}x{term.height} (tmux, TERM=xterm-256color); ", end="")
    print(shlex.join(ducha.command))
    print(f"markers: ducha {ducha.marker!r}, minimal {minimal.marker!r}")
    warm_m, warm_d = run(minimal), run(ducha)
    note = " (built the dataset)" if warm_d.built else ""
    print(
        f"warm-up (not counted): minimal {_ms(warm_m.seconds)}, ducha {_ms(warm_d.seconds)}{note}"
    )

    print(f"\n{'pair':>4} {'minimal':>9} {'ducha':>9} {'ducha 1st frame':>16} {'ratio':>6}")
    pairs: list[tuple[Run, Run]] = []
    for i in range(args.runs):
        if i % 2 == 0:
            m, d = run(minimal), run(ducha)
        else:
            d, m = run(ducha), run(minimal)
        note = "  built the dataset: not counted" if d.built else ""
        print(
            f"{i + 1:>4} {m.seconds * 1000:>6.0f} ms {d.seconds * 1000:>6.0f} ms "
            f"{d.first_frame * 1000:>13.0f} ms {d.seconds / m.seconds:>6.2f}{note}",
            flush=True,
        )
        if not d.built:
            pairs.append((m, d))
    if not pairs:
        print("\nevery ducha run built the dataset: no figures", file=sys.stderr)
        return 1

    med_m = statistics.median(m.seconds for m, _ in pairs)
    med_d = statistics.median(d.seconds for _, d in pairs)
    med_f = statistics.median(d.first_frame for _, d in pairs)
    ratio = statistics.median(d.seconds / m.seconds for m, d in pairs)
    print(f"\nmedian of {len(pairs)} pairs, launch to marker on screen:")
    print(f"  minimal Textual app        {med_m * 1000:7.0f} ms")
    print(f"  ducha, data shown          {med_d * 1000:7.0f} ms")
    print(f"  ducha, first frame         {med_f * 1000:7.0f} ms")
    print(f"  ratio ducha / minimal (median of the pairs' ratios): {ratio:.2f}")

    last = pairs[-1][1]
    print(f"\nducha's marker first showed at {_marker_line(last.screen, ducha.marker)}")
    print(f"ducha's first frame: {_gist(last.first_screen)}")
    if args.show:
        print(f"\nducha's first frame ({_ms(last.first_frame)}):\n{last.first_screen}")
        print(f"ducha's screen with the marker ({_ms(last.seconds)}):\n{last.screen}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

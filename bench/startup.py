"""Start-up time of the app against a minimal Textual app.

Each run is a fresh interpreter that starts the app headless and exits as soon as the
first frame is ready (``on_ready``); the wall time of the whole process is measured.
A third figure is the time until the dataset has been read and the panes filled.

    .venv/bin/python bench/startup.py [--runs 7] [--data DIR]

Prints the median of each and the ratio ducha / minimal (aim: under 1.5).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time

MINIMAL = """
from textual.app import App
from textual.widgets import Footer, Static

class Minimal(App):
    def compose(self):
        yield Static("hello")
        yield Footer()

    def on_ready(self):
        self.exit()

Minimal().run(headless=True)
"""

DUCHA = """
import sys
from ducha.tui.app import DuchaApp

class FirstFrame(DuchaApp):
    def on_ready(self):
        super().on_ready()  # starts reading the dataset, as in normal use
        self.exit()

FirstFrame(sys.argv[1]).run(headless=True)
"""

DUCHA_DATA = """
import sys
from ducha.tui.app import DuchaApp

class DataShown(DuchaApp):
    def _loaded(self, model):
        super()._loaded(model)
        self.call_after_refresh(self.exit)

DataShown(sys.argv[1]).run(headless=True)
"""


def timed(code: str, *args: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code, *args], check=True)
    return time.perf_counter() - start


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--data", help="dataset directory (default: a fresh build in a temp dir)")
    args = ap.parse_args()
    data = args.data
    if data is None:
        from ducha.parsers.dataset import build

        data = tempfile.mkdtemp(prefix="ducha-bench-")
        build(data)
    timed(MINIMAL)  # warm the file cache
    timed(DUCHA, data)
    minimal, first, shown = [], [], []
    for _ in range(max(5, args.runs)):
        minimal.append(timed(MINIMAL))
        first.append(timed(DUCHA, data))
        shown.append(timed(DUCHA_DATA, data))
    m, f, s = (statistics.median(x) for x in (minimal, first, shown))
    print(f"runs: {len(minimal)} each (median)")
    print(f"minimal Textual app, launch to first frame and exit: {m * 1000:7.0f} ms")
    print(f"ducha, launch to first frame and exit:               {f * 1000:7.0f} ms")
    print(f"ducha, launch to data shown and exit:                {s * 1000:7.0f} ms")
    print(f"ratio first frame ducha / minimal: {f / m:.2f}  (aim < 1.5)")
    print(f"ratio data shown  ducha / minimal: {s / m:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
